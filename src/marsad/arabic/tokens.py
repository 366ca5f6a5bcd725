"""Tokens that know their clitics (و ف ب ل ك ال), so "والمرتزقة" matches "مرتزقة"."""

from __future__ import annotations

import re
import unicodedata

from marsad.arabic.normalise import normalise
from marsad.document import Token

# A word: letters, digits and combining marks, with inner dots/commas between digits (3.5, 1,000).
_TOKEN = re.compile(r"\d+(?:[.,٫٬]\d+)+|[^\W_]+(?:[\u064B-\u065F\u0670\u0640][^\W_]*)*|\S")
_CONJUNCTIONS = "وف"
_PREPOSITIONS = "بلك"
_MIN_STEM = 3
# Proclitic chains that end in the definite article, so the split is certain without a lexicon:
# optional conjunction (و ف), optional preposition (ب ك), then ال; or ل + ال written "لل".
_ARTICLE_CHAINS = frozenset(
    conj + prep + "ال" for conj in ("", "و", "ف") for prep in ("", "ب", "ك")
) | frozenset(conj + "لل" for conj in ("", "و", "ف"))
_CHAINS_BY_SIZE = tuple((size, frozenset(c for c in _ARTICLE_CHAINS if len(c) == size)) for size in (4, 3, 2))


def split_clitics(norm: str) -> tuple[str, str]:
    """Split a normalised word into proclitics and stem, only where the article makes it certain.

    "والمرتزقه" -> ("وال", "مرتزقه"); "للعاصمه" -> ("لل", "عاصمه"); "وزير" stays whole because
    without a lexicon a leading و may be a root letter. ``clitic_variants`` offers the other readings.
    """
    if len(norm) - 2 >= _MIN_STEM and norm[1] in "لابك":  # the second letter of every chain
        for size, chains in _CHAINS_BY_SIZE:
            if len(norm) - size >= _MIN_STEM and norm[:size] in chains:
                return norm[:size], norm[size:]
    return "", norm


def clitic_variants(norm: str) -> tuple[str, ...]:
    """List the stems a word may have once any proclitic chain is removed, longest first."""
    variants = [norm]
    rest = norm
    if rest[:1] in _CONJUNCTIONS and len(rest) - 1 >= _MIN_STEM:
        rest = rest[1:]
        variants.append(rest)
    if rest[:1] in _PREPOSITIONS and len(rest) - 1 >= _MIN_STEM:
        variants.append(rest[1:])
    _, stem = split_clitics(norm)
    if stem not in variants:
        variants.append(stem)
    return tuple(variants)


def skip_letters(text: str, start: int, count: int) -> int:
    """Advance ``count`` letters from ``start``, stepping over diacritics and tatweel."""
    i = start
    while count > 0 and i < len(text):
        i += 1
        count -= 1
        while i < len(text) and (unicodedata.category(text[i]) == "Mn" or text[i] == "\u0640"):
            i += 1
    return i


class _WordForms(dict[str, tuple[str, str, str, bool]]):
    """A bounded memo of each word's normal form, proclitics, stem and word flag (pure functions of it).

    News vocabulary repeats: most tokens of an article were seen in earlier ones, so the memo turns
    normalising and clitic splitting into one dictionary look-up. Emptied when full, so it stays small.
    """

    LIMIT = 100_000

    def __missing__(self, word: str) -> tuple[str, str, str, bool]:
        norm = normalise(word)
        if not word[0].isalnum():
            forms = (norm, "", norm, False)
        elif "\u0600" <= word[0] <= "\u06ff":
            proclitics, stem = split_clitics(norm)
            forms = (norm, proclitics, stem, True)
        else:
            forms = (norm, "", norm, True)
        if len(self) >= self.LIMIT:
            self.clear()
        self[word] = forms
        return forms


_FORMS = _WordForms()


def tokenize(text: str) -> tuple[Token, ...]:
    """Split text into word and punctuation tokens with offsets into ``text``."""
    forms = _FORMS
    make = tuple.__new__  # skips NamedTuple's Python-level __new__: a third of the cost per token
    find = text.find
    tokens: list[Token] = []
    append = tokens.append
    end = 0
    # Only white space lies between two matches, so each word is found where its match starts.
    for word in _TOKEN.findall(text):
        start = find(word, end)
        end = start + len(word)
        norm, proclitics, stem, is_word = forms[word]
        append(make(Token, (start, end, word, norm, proclitics, stem, is_word)))
    return tuple(tokens)
