"""Name resources for the tagger: titles, name heads, first names, and CLDR place names from babel.

Arabic names carry no capital letter, so the words around and inside them (a title before a
person, "وزارة" opening a ministry, a country name from CLDR) are the strongest cues left.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from marsad.arabic.normalise import normalise
from marsad.arabic.tokens import split_clitics

_MAX_PHRASE = 5


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Normalised word sets and a phrase gazetteer (normalised word tuple -> entity types)."""

    person_titles: frozenset[str]
    org_heads: frozenset[str]
    loc_heads: frozenset[str]
    first_names: frozenset[str]
    name_particles: frozenset[str]
    phrases: dict[tuple[str, ...], frozenset[str]]


def phrase_key(text: str) -> tuple[str, ...]:
    """Turn a name into the word tuple it is matched by (normalised, article-free)."""
    return tuple(split_clitics(w)[1] for w in normalise(text).split())


def _words(items: list[str]) -> frozenset[str]:
    """Normalise a composed word list."""
    return frozenset(normalise(w) for w in items)


def cldr_places() -> set[str]:
    """Arabic names of countries, regions and cities from the CLDR data babel ships."""
    from babel import Locale

    names: set[str] = set()
    for code in ("ar", "ar_EG", "ar_SA", "ar_MA"):
        locale = Locale.parse(code)
        names.update(v for k, v in locale.territories.items() if k not in {"001", "ZZ"})
        for zone in locale.time_zones.values():
            city = zone.get("city")
            if city:
                names.add(city)
    return {n for n in names if "(" not in n and "-" not in n and "،" not in n}


@cache
def load_lexicon() -> Lexicon:
    """Load the composed word lists and the CLDR place gazetteer once per process."""
    data = json.loads(
        resources.files("marsad.extract.ner").joinpath("data/lexicon.json").read_text(encoding="utf-8")
    )
    phrases: dict[tuple[str, ...], set[str]] = {}
    for name in cldr_places():
        key = phrase_key(name)
        if 0 < len(key) <= _MAX_PHRASE:
            phrases.setdefault(key, set()).add("LOCATION")
    return Lexicon(
        person_titles=_words(data["person_titles"]),
        org_heads=_words(data["org_heads"]),
        loc_heads=_words(data["loc_heads"]),
        first_names=_words(data["first_names"]),
        name_particles=_words(data["name_particles"]),
        phrases={k: frozenset(v) for k, v in phrases.items()},
    )


def match_phrases(
    stems: list[str], firsts: list[tuple[str, ...]], phrases: dict[tuple[str, ...], frozenset[str]]
) -> list[list[str]]:
    """Mark each token with "TYPE-B"/"TYPE-I" for the longest gazetteer phrases covering it.

    ``firsts`` holds each token's clitic readings, tried when a phrase starts at that token.
    """
    marks: list[list[str]] = [[] for _ in stems]
    i = 0
    n = len(stems)
    while i < n:
        found = 0
        for length in range(min(_MAX_PHRASE, n - i), 0, -1):
            rest = tuple(stems[i + 1 : i + length])
            types = next((hit for f in firsts[i] if (hit := phrases.get((f, *rest)))), None)
            if types:
                for typ in sorted(types):
                    marks[i].append(f"{typ}-B")
                    for j in range(i + 1, i + length):
                        marks[j].append(f"{typ}-I")
                found = length
                break
        i += max(found, 1)
    return marks


def known_names(
    names: Iterable[tuple[str, str]], min_share: float = 0.5
) -> dict[tuple[str, ...], frozenset[str]]:
    """Build a gazetteer from (name, type) pairs seen in labelled text, keeping a name's main types.

    A type is kept when at least ``min_share`` of the name's occurrences carry it.
    """
    counts: dict[tuple[str, ...], Counter[str]] = {}
    for text, type_ in names:
        key = phrase_key(text)
        if 0 < len(key) <= _MAX_PHRASE and any(len(w) > 1 for w in key):
            counts.setdefault(key, Counter())[type_] += 1
    out = {}
    for key, types in counts.items():
        total = sum(types.values())
        kept = frozenset(t for t, n in types.items() if n / total >= min_share)
        if kept:
            out[key] = kept
    return out


def save_known(known: dict[tuple[str, ...], frozenset[str]], path: Path) -> None:
    """Write a gazetteer as TSV lines: types (comma-separated), then the words of the name."""
    lines = [",".join(sorted(t)) + "\t" + " ".join(k) for k, t in sorted(known.items())]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def parse_known(text: str) -> dict[tuple[str, ...], frozenset[str]]:
    """Read the TSV written by ``save_known``."""
    out = {}
    for line in text.splitlines():
        if line:
            types, words = line.split("\t")
            out[tuple(words.split(" "))] = frozenset(types.split(","))
    return out
