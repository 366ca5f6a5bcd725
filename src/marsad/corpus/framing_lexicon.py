"""Titles, force labels, hedges and loaded terms from ``data/framing.json``, matched over tokens.

A phrase is matched by the clitic-free stems of its words, so "والمرتزقة" matches "مرتزقة" and
"بقيادة المشير" finds "المشير"; every match reports the lexicon's display label, so two outlets'
spellings of one label compare equal in the framing table.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from marsad.arabic.normalise import normalise
from marsad.arabic.tokens import split_clitics
from marsad.document import Token

LOADED_CLASSES = ("delegitimising", "legitimising", "neutral")


@cache
def word_key(norm: str) -> str:
    """The matching key of one normalised word: its stem once the article chain is off."""
    return split_clitics(norm)[1]


@cache
def word_keys(norm: str) -> tuple[str, ...]:
    """The keys a word may match as the first word of a phrase (a glued و/ف/ب/ل/ك also off)."""
    keys = [word_key(norm)]
    if len(norm) > 3 and norm[0] in "وفبلك":
        bare = word_key(norm[1:])
        if bare not in keys:
            keys.append(bare)
        if len(norm) > 4 and norm[0] in "وف" and norm[1] in "بلك":
            keys.append(word_key(norm[2:]))
    return tuple(keys)


@dataclass(frozen=True, slots=True)
class Match:
    """A lexicon phrase found over tokens ``[start, end)`` (token indices) with its display label."""

    start: int
    end: int
    label: str
    kind: str


class PhraseMatcher:
    """Find lexicon phrases in a token sequence, longest first, by their stems."""

    def __init__(self, entries: Sequence[tuple[Sequence[str], str, str]]) -> None:
        self._phrases: dict[tuple[str, ...], tuple[str, str]] = {}
        for forms, label, kind in entries:
            for form in forms:
                key = tuple(word_key(w) for w in normalise(form).split())
                self._phrases.setdefault(key, (label, kind))
        self._firsts = {key[0] for key in self._phrases}
        sizes: dict[str, set[int]] = {}
        for key in self._phrases:
            sizes.setdefault(key[0], set()).add(len(key))
        # Phrase lengths per first stem, longest first: a head is tried only at the lengths it has.
        self._sizes = {head: tuple(sorted(lengths, reverse=True)) for head, lengths in sizes.items()}
        self.heads = frozenset(self._sizes)

    def phrases(self) -> dict[tuple[str, ...], tuple[str, str]]:
        """Every matched key (word stems) with its display label and kind."""
        return dict(self._phrases)

    def firsts(self) -> frozenset[str]:
        """The keys a phrase may start with."""
        return frozenset(self._firsts)

    def match_at(self, tokens: Sequence[Token], i: int) -> Match | None:
        """Return the longest phrase that starts at token ``i``, if any."""
        sizes = self._sizes
        first = [k for k in word_keys(tokens[i].norm) if k in sizes]
        if not first:
            return None
        room = len(tokens) - i
        if len(first) == 1:
            lengths = [n for n in sizes[first[0]] if n <= room]
        else:
            lengths = sorted({n for head in first for n in sizes[head] if n <= room}, reverse=True)
        for size in lengths:
            rest = tuple(word_key(t.norm) for t in tokens[i + 1 : i + size])
            for head in first:
                found = self._phrases.get((head, *rest))
                if found is not None:
                    return Match(i, i + size, found[0], found[1])
        return None

    def find_all(self, tokens: Sequence[Token]) -> list[Match]:
        """Return every non-overlapping phrase in the tokens, scanning left to right."""
        out: list[Match] = []
        i = 0
        while i < len(tokens):
            found = self.match_at(tokens, i)
            if found is None:
                i += 1
            else:
                out.append(found)
                i = found.end
        return out


@dataclass(frozen=True)
class FramingLexicon:
    """The matchers framing reads with, plus the words that tie forces to a leader."""

    titles: PhraseMatcher
    forces: PhraseMatcher
    hedges_before: PhraseMatcher
    hedges_after: PhraseMatcher
    loaded: PhraseMatcher
    links: frozenset[str]

    opening: frozenset[str] = frozenset()
    # Per normalised word, the matchers it may open a phrase of (most words: none).
    _opens: dict[str, tuple[tuple[str, PhraseMatcher], ...]] = field(
        default_factory=dict, compare=False, repr=False
    )

    def __post_init__(self) -> None:
        opening = frozenset().union(*(m.firsts() for _, m in self.matchers()))
        object.__setattr__(self, "opening", opening)

    def matchers(self) -> tuple[tuple[str, PhraseMatcher], ...]:
        """Every matcher with the name its matches are filed under."""
        return (
            ("title", self.titles),
            ("force", self.forces),
            ("hedge_before", self.hedges_before),
            ("hedge_after", self.hedges_after),
            ("loaded", self.loaded),
        )

    def _openers(
        self, norm: str, matchers: tuple[tuple[str, PhraseMatcher], ...]
    ) -> tuple[tuple[str, PhraseMatcher], ...]:
        """The matchers a word may open a phrase of, worked out once per word and cached."""
        known = self._opens.get(norm)
        if known is None:
            keys = word_keys(norm)
            known = ()
            if any(k in self.opening for k in keys):
                known = tuple((n, m) for n, m in matchers if any(k in m.heads for k in keys))
            self._opens[norm] = known
        return known

    def scan(self, tokens: Sequence[Token], lo: int, hi: int) -> dict[str, list[Match]]:
        """Every matcher's phrases in ``tokens[lo:hi]`` in one pass (token indices absolute).

        Each matcher reads left to right without overlapping itself; a word is tried only by the
        matchers it opens a phrase of (a cached lookup; most words open none).
        """
        opens = self._opens
        matchers = self.matchers()
        out: dict[str, list[Match]] = {name: [] for name, _ in matchers}
        free = dict.fromkeys(out, 0)
        window = tokens[lo:hi]
        norms = [token.norm for token in window]
        found_opens = list(map(opens.get, norms))
        for i in [i for i, known in enumerate(found_opens) if known is None]:
            found_opens[i] = self._openers(norms[i], matchers)
        # Most words open no phrase: only the positions of those that do are tried, in order.
        for i in [i for i, known in enumerate(found_opens) if known]:
            known = found_opens[i]
            assert known is not None
            for name, matcher in known:
                if i < free[name]:
                    continue
                found = matcher.match_at(window, i)
                if found is not None:
                    out[name].append(Match(found.start + lo, found.end + lo, found.label, found.kind))
                    free[name] = found.end
        return out


def _entries(groups: list[list[str]], kind: str) -> list[tuple[Sequence[str], str, str]]:
    """Turn lists of [label, variant, ...] into matcher entries."""
    return [(group, group[0], kind) for group in groups]


@cache
def load_framing_lexicon() -> FramingLexicon:
    """Read ``data/framing.json`` once per process."""
    raw: dict[str, Any] = json.loads(
        resources.files("marsad.corpus").joinpath("data/framing.json").read_text("utf-8")
    )
    loaded = [e for cls in LOADED_CLASSES for e in _entries(raw["loaded"][cls], cls)]
    return FramingLexicon(
        titles=PhraseMatcher(_entries(raw["titles"], "title")),
        forces=PhraseMatcher(_entries(raw["forces"], "force")),
        hedges_before=PhraseMatcher(_entries(raw["hedges"]["before"], "hedge")),
        hedges_after=PhraseMatcher(_entries(raw["hedges"]["after"], "hedge")),
        loaded=PhraseMatcher(loaded),
        links=frozenset(word_key(normalise(w)) for w in raw["links"]),
    )
