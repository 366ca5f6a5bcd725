"""Negation particles and antonym poles, the hand-written knowledge behind contradiction features."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources

from marsad.arabic.normalise import normalise
from marsad.arabic.tokens import clitic_variants

# Suffixes stripped (longest first) when looking a word up: pronouns, plurals, feminine, dual.
_SUFFIXES = ("هما", "تها", "تهم", "ها", "هم", "ات", "ون", "ين", "ان", "وا", "ه", "ت", "ي", "ا")
_MIN_STEM = 2


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Stems that negate, and antonym pairs as (pole A stems, pole B stems)."""

    negation: frozenset[str]
    negation_phrases: tuple[tuple[str, ...], ...]
    antonyms: tuple[tuple[frozenset[str], frozenset[str]], ...]


@cache
def load_lexicon() -> Lexicon:
    """Read the shipped lexicon once, normalised, dropping words listed on both poles of a pair."""
    raw = json.loads(
        resources.files("marsad.models.stance").joinpath("lexicon.json").read_text("utf-8"),
    )
    single = frozenset(normalise(w) for w in raw["negation"] if " " not in w)
    phrases = tuple(tuple(normalise(w).split()) for w in raw["negation"] if " " in w)
    pairs = []
    for pole_a, pole_b in raw["antonyms"]:
        a = {normalise(w) for w in pole_a if " " not in w}
        b = {normalise(w) for w in pole_b if " " not in w}
        both = a & b
        pairs.append((frozenset(a - both), frozenset(b - both)))
    return Lexicon(single, phrases, tuple(pairs))


@cache
def lookup_forms(norm: str) -> frozenset[str]:
    """List the forms under which a normalised word may appear in the lexicon (clitics, suffixes off)."""
    forms: set[str] = set()
    for variant in clitic_variants(norm):
        forms.add(variant)
        for suffix in _SUFFIXES:
            if variant.endswith(suffix) and len(variant) - len(suffix) >= _MIN_STEM + 1:
                forms.add(variant[: -len(suffix)])
    return frozenset(forms)


def count_negations(words: tuple[str, ...]) -> int:
    """Count negating words in a sentence given as normalised words."""
    lex = load_lexicon()
    count = sum(1 for w in words if w in lex.negation or (len(w) > 3 and lookup_forms(w) & lex.negation))
    for phrase in lex.negation_phrases:
        n = len(phrase)
        count += sum(1 for i in range(len(words) - n + 1) if words[i : i + n] == phrase)
    return count


def pole_signature(words: tuple[str, ...]) -> tuple[tuple[bool, bool], ...]:
    """Tell, for each antonym pair, whether the words touch pole A and pole B."""
    forms: set[str] = set()
    for w in words:
        forms |= lookup_forms(w)
    return tuple((bool(forms & a), bool(forms & b)) for a, b in load_lexicon().antonyms)


def count_opposed_poles(words_a: tuple[str, ...], words_b: tuple[str, ...]) -> int:
    """Count antonym pairs where one sentence holds one pole and the other only the opposite pole."""
    opposed = 0
    for (a1, b1), (a2, b2) in zip(pole_signature(words_a), pole_signature(words_b), strict=True):
        if (a1 and not b1 and b2 and not a2) or (b1 and not a1 and a2 and not b2):
            opposed += 1
    return opposed
