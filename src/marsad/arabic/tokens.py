"""Tokens that know their clitics (و ف ب ل ك ال), so "والمرتزقة" matches "مرتزقة"."""

from __future__ import annotations

import re

from marsad.arabic.normalise import normalise
from marsad.document import Token

# A word: letters, digits and combining marks, with inner dots/commas between digits (3.5, 1,000).
_TOKEN = re.compile(r"\d+(?:[.,٫٬]\d+)+|[^\W_]+(?:[\u064B-\u065F\u0670\u0640][^\W_]*)*|\S")
_ARABIC = re.compile(r"[\u0600-\u06FF]")
_CONJUNCTIONS = "وف"
_PREPOSITIONS = "بلك"
_MIN_STEM = 3


def split_clitics(norm: str) -> tuple[str, str]:
    """Split a normalised word into proclitics and stem, only where the article makes it certain.

    "والمرتزقه" -> ("وال", "مرتزقه"); "للعاصمه" -> ("لل", "عاصمه"); "وزير" stays whole because
    without a lexicon a leading و may be a root letter. ``clitic_variants`` offers the other readings.
    """
    for prefix_len in (4, 3, 2):
        prefix = norm[:prefix_len]
        if len(norm) - prefix_len < _MIN_STEM:
            continue
        if _is_article_prefix(prefix):
            return prefix, norm[prefix_len:]
    return "", norm


def _is_article_prefix(prefix: str) -> bool:
    """Tell whether ``prefix`` is a valid chain of conjunction, preposition and the article."""
    if prefix.endswith("لل") and len(prefix) <= 4:  # ل + ال written "لل"
        head = prefix[:-2]
        return head == "" or head in _CONJUNCTIONS
    if not prefix.endswith("ال"):
        return False
    head = prefix[:-2]
    if head == "":
        return True
    if len(head) == 1:
        return head in _CONJUNCTIONS or head in "بك"
    return len(head) == 2 and head[0] in _CONJUNCTIONS and head[1] in "بك"


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


def tokenize(text: str) -> tuple[Token, ...]:
    """Split text into word and punctuation tokens with offsets into ``text``."""
    tokens: list[Token] = []
    for match in _TOKEN.finditer(text):
        word = match.group()
        norm = normalise(word)
        is_word = word[0].isalnum()
        proclitics, stem = split_clitics(norm) if is_word and _ARABIC.match(word) else ("", norm)
        tokens.append(Token(match.start(), match.end(), word, norm, proclitics, stem, is_word))
    return tuple(tokens)
