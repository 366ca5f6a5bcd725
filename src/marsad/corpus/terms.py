"""Bags of light stems, numbers and negators: what claim alignment and the summary compare by.

"أرسلت" and "ترسل" must meet, "300 ألف" and "300000" must be one number, and "لا يزال" is no
negation. A light stemmer (clitics, pronoun and plural suffixes, imperfect prefixes off) is enough
to align sentences of one story; it is computed once per distinct word.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import cache

from marsad.arabic.normalise import normalise
from marsad.arabic.tokens import split_clitics
from marsad.document import Token

_SUFFIXES = (
    "هما",
    "كما",
    "تها",
    "تهم",
    "ها",
    "هم",
    "كم",
    "نا",
    "ون",
    "ين",
    "ات",
    "ان",
    "وا",
    "ه",
    "ت",
    "ي",
    "ا",
)
_PREFIXES = "يتنا"
_MIN_STEM = 3
_DIGITS = re.compile(r"^\d+(?:[.,]\d+)*$")

STOPWORDS = frozenset(
    normalise(w)
    for w in (
        "في فى من إلى الى على علي عن مع أن إن ان بأن وأن لأن أنه أنها إنه إنها بأنه بأنها هذا هذه "
        "ذلك تلك هؤلاء التي الذي الذين اللذين اللتين أو او ثم قد كل بعض هل ما كيف لماذا أين اين "
        "كما حيث بين حول ضد عند "
        "منذ خلال بعد قبل لدى لكن لكنه غير أي أيضا كذلك وقد وكان كان كانت يكون تكون هو هي هم هن نحن "
        "له لها لهم به بها فيه فيها منه منها عليه عليها إليه اليه التى الى وفي وفى ومن وعلى وعن ومع وإن "
        "وأن فإن فقد لقد إذا اذا إذ حتى عبر نحو وفق وفقا بحسب حسب حسبما ذلك لذلك وذلك يذكر يشار"
    ).split()
)

# Words that turn a statement into its negation (normalised, clitic forms checked too).
_NEGATORS = frozenset(
    normalise(w)
    for w in (
        "لم لن لا ليس ليست ليسا ليسوا لسن لست لسنا عدم بعدم وعدم نفى نفت نفوا ينفي تنفي ينف "
        "تنف ينفون نافيا نافية نافين أنكر أنكرت ينكر تنكر"
    ).split()
)
# Every spelling of a negator, a glued و/ف included, for a set-level test before the word loop.
_NEGATOR_SPELLINGS = _NEGATORS | frozenset(c + w for w in _NEGATORS for c in "وف")
# "لا يزال" (still), "لا سيما" (especially) and "لا بد" (must) do not negate.
_NOT_NEGATING_AFTER_LA = frozenset(
    normalise(w) for w in "يزال تزال يزالون تزالان نزال أزال سيما بد شك ريب".split()
)
# "ليس ... فحسب/فقط" (not only), "ليس ... بل" (not ... but) and "لم ... إلا" (only) restrict or
# extend a statement rather than deny it; these words soon after a negator cancel it.
_NOT_ONLY = frozenset(normalise(w) for w in "فحسب فقط بل وإنما إنما إلا الا".split())
_NOT_ONLY_SPAN = 6
_SMALL_NUMBERS = {
    normalise(w): v
    for w, v in (
        ("واحد", 1),
        ("واحدة", 1),
        ("اثنان", 2),
        ("اثنين", 2),
        ("اثنتين", 2),
        ("ثلاث", 3),
        ("ثلاثة", 3),
        ("أربع", 4),
        ("أربعة", 4),
        ("خمس", 5),
        ("خمسة", 5),
        ("ست", 6),
        ("ستة", 6),
        ("سبع", 7),
        ("سبعة", 7),
        ("ثماني", 8),
        ("ثمانية", 8),
        ("تسع", 9),
        ("تسعة", 9),
        ("عشر", 10),
        ("عشرة", 10),
        ("عشرين", 20),
        ("عشرون", 20),
        ("مئة", 100),
        ("مئتي", 200),
        ("مئتين", 200),
        ("مائتي", 200),
        ("مائتين", 200),
        ("مائة", 100),
        ("مئات", 100),
        ("ألف", 1000),
        ("آلاف", 1000),
        ("مليون", 1000000),
        ("ملايين", 1000000),
        ("مليار", 1000000000),
    )
}
_SCALES = {
    normalise(w): v
    for w, v in (
        ("ألف", 1000),
        ("آلاف", 1000),
        ("الف", 1000),
        ("مليون", 1000000),
        ("ملايين", 1000000),
        ("مليار", 1000000000),
        ("مليارات", 1000000000),
    )
}


# Number words are compared as numbers, not as words.
_NUMBER_WORDS = frozenset(_SMALL_NUMBERS) | frozenset(_SCALES)
_NUMBER_SPELLINGS = _NUMBER_WORDS | frozenset(c + w for w in _SMALL_NUMBERS for c in "وبل")


@cache
def light_stem(norm: str) -> str:
    """Reduce a normalised word to a matching stem: clitics, suffixes and verb prefixes off."""
    clitics, word = split_clitics(norm)
    if not clitics and len(word) > 4 and word[0] in "وف":
        word = word[1:]
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= _MIN_STEM:
            word = word[: -len(suffix)]
            break
    if len(word) > _MIN_STEM and word[0] in _PREFIXES:
        word = word[1:]
    return word


@cache
def content_stem(w: str) -> str:
    """The matching stem of a content word, or "" for function words, negators and numbers."""
    if len(w) < 2 or w in STOPWORDS or w in _NEGATORS or _DIGITS.match(w) or w in _NUMBER_WORDS:
        return ""
    return light_stem(w)


def content_stems(words: Iterable[str]) -> list[str]:
    """Stem the content words among normalised words (function words, negators and numbers out)."""
    return list(filter(None, map(content_stem, words)))


@cache
def _negator_form(w: str) -> str:
    """The negator a word spells, a leading و/ف allowed, or ""."""
    if w in _NEGATORS:
        return w
    if len(w) > 2 and w[0] in "وف" and w[1:] in _NEGATORS:
        return w[1:]
    return ""


def is_negator(words: Sequence[str], i: int) -> bool:
    """Tell whether the ``i``-th normalised word negates what follows ("لا يزال" does not)."""
    w = _negator_form(words[i])
    if not w:
        return False
    if w == "لا" and i + 1 < len(words) and words[i + 1] in _NOT_NEGATING_AFTER_LA:
        return False
    return _NOT_ONLY.isdisjoint(words[i + 1 : i + 1 + _NOT_ONLY_SPAN])


def is_negated(words: Sequence[str]) -> bool:
    """Tell whether a statement is negated: an odd number of negators ("لم ينف" is affirmative)."""
    if _NEGATOR_SPELLINGS.isdisjoint(words):
        return False
    return sum(1 for i, w in enumerate(words) if _negator_form(w) and is_negator(words, i)) % 2 == 1


def _as_number(text: str) -> float | None:
    """Read a numeral written in digits: "1,500" and "1.500" are thousands, "8,5" and "8.5" decimals."""
    if not _DIGITS.match(text):
        return None
    parts = re.split(r"[.,]", text)
    if len(parts) > 1 and all(len(p) == 3 for p in parts[1:]) and len(parts[0]) <= 3 and text.count(",") >= 1:
        return float("".join(parts))
    if len(parts) == 2:
        return float(f"{parts[0]}.{parts[1]}")
    return float("".join(parts))


@cache
def _number_word(w: str) -> float | None:
    """Read a numeral written in digits or as a number word ("ثلاثة", "مائة")."""
    value = _as_number(w)
    if value is None:
        found = _SMALL_NUMBERS.get(w[1:] if len(w) > 3 and w[0] in "وبل" else w) or _SMALL_NUMBERS.get(w)
        value = float(found) if found is not None else None
    return value


_TEENS = frozenset(normalise(w) for w in ("عشر", "عشرة"))
_TEEN_UNITS = {normalise(w): v for w, v in (("أحد", 1), ("إحدى", 1), ("اثنا", 2), ("اثني", 2), ("اثنتا", 2))}


def _read_number(words: Sequence[str], i: int) -> tuple[float, int] | None:
    """The number starting at word ``i`` and the index after it: "ثلاثة عشر" is 13, "100 ألف" 100000."""
    value = _number_word(words[i])
    j = i + 1
    if j < len(words) and words[j] in _TEENS:
        unit = value if value is not None and value < 10 else _TEEN_UNITS.get(words[i])
        if unit is not None:
            value, j = float(unit) + 10.0, j + 1
    if value is None:
        return None
    if j < len(words) and words[j] in _SCALES and words[i] not in _SCALES:
        value *= _SCALES[words[j]]
        j += 1
    return value, j


@cache
def _opens_number(w: str) -> bool:
    """Tell whether a number may start at this word (a numeral, a number word or a teen's unit)."""
    return _number_word(w) is not None or w in _TEEN_UNITS


# Every word that may open a number without a digit in it: a number word (a glued و/ب/ل allowed) or
# a teen's unit. A run of words holding none of these and no digit opens no number.
_NUMBER_OPENERS = (
    frozenset(_SMALL_NUMBERS)
    | frozenset(c + w for w in _SMALL_NUMBERS for c in "وبل")
    | frozenset(_TEEN_UNITS)
)
_ANY_DIGIT = re.compile(r"\d")


def number_starts(words: Sequence[str]) -> list[int]:
    """The positions a number may start at (most sentences: none), one cached test per word.

    A set test and one scan for a digit over the joined words rule out most sentences at once.
    """
    if _NUMBER_OPENERS.isdisjoint(words) and not _ANY_DIGIT.search("".join(words)):
        return []
    return [i for i, opens in enumerate(map(_opens_number, words)) if opens]


def numbers_in(words: Sequence[str], starts: Sequence[int] | None = None) -> frozenset[float]:
    """Collect the quantities a statement gives: "100 ألف", "مائة ألف" and "100000" are one number.

    ``starts`` (from ``number_starts``) saves finding the number words again for the same words.
    """
    starts = number_starts(words) if starts is None else starts
    if not starts:
        return frozenset()
    found: set[float] = set()
    after = 0
    for i in starts:
        if i < after:
            continue
        read = _read_number(words, i)
        if read is not None:
            found.add(read[0])
            after = read[1]
    return frozenset(found)


# Words skipped between a number and the noun it counts ("عشرة من منسوبي" counts منسوبي).
_COUNT_LINKS = frozenset(normalise(w) for w in "من نحو حوالي قرابة ما يقارب أكثر أقل".split())
# Integers in this range are read as years, not as quantities ("عام 2014").
_YEARS = (1900.0, 2100.0)


def quantities(words: Sequence[str], starts: Sequence[int] | None = None) -> frozenset[tuple[str, float]]:
    """Pair each number with the stem of the noun it counts (the next content word).

    "استشهاد عشرة من منسوبي القوات" gives ("منسوب", 10), so two claims that give different figures
    for the same thing can be told from claims that give figures for different things. Years and
    numbers followed by no content word are left out.
    """
    starts = number_starts(words) if starts is None else starts
    if not starts:
        return frozenset()
    found: set[tuple[str, float]] = set()
    i = 0
    for start in starts:
        if start < i:
            continue
        read = _read_number(words, start)
        if read is None:
            continue
        value, i = read
        if _YEARS[0] <= value <= _YEARS[1] and value.is_integer():
            continue
        j = i
        while j < len(words) and words[j] in _COUNT_LINKS:
            j += 1
        key = content_stem(words[j]) if j < len(words) and _number_word(words[j]) is None else ""
        if key and key not in STOPWORDS:  # "3 بينهم" counts nothing
            found.add((key, value))
    return frozenset(found)


def numbers_conflict(
    a: frozenset[tuple[str, float]], b: frozenset[tuple[str, float]]
) -> tuple[float, float] | None:
    """Two different figures for one counted thing, one from each side, or None.

    A thing counts as conflicting only when neither side gives the other's figure for it, so
    "11 of the 29 accused" against "11 accused" is no conflict.
    """
    if not a or not b:
        return None
    by_a: dict[str, set[float]] = {}
    for key, value in a:
        by_a.setdefault(key, set()).add(value)
    by_b: dict[str, set[float]] = {}
    for key, value in b:
        by_b.setdefault(key, set()).add(value)
    conflicts = sorted(
        (len(by_a[key]) + len(by_b[key]), key)
        for key in by_a.keys() & by_b.keys()
        if by_a[key].isdisjoint(by_b[key])
    )
    if not conflicts:
        return None
    key = conflicts[0][1]
    return min(by_a[key]), min(by_b[key])


def negated_heads(words: Sequence[str]) -> frozenset[str]:
    """Stems of the first content word after each negator: what a negation is about ("لم يرسل" -> رسل)."""
    heads: set[str] = set()
    if _NEGATOR_SPELLINGS.isdisjoint(words):
        return frozenset()
    for i in range(len(words)):
        if is_negator(words, i):
            for w in words[i + 1 : i + 4]:
                if len(w) > 1 and w not in STOPWORDS and w not in _NEGATORS and not _DIGITS.match(w):
                    heads.add(light_stem(w))
                    break
    return frozenset(heads)


def word_norms(tokens: Sequence[Token]) -> list[str]:
    """Return the normalised words of a run of tokens, punctuation left out."""
    return [t.norm for t in tokens if t.is_word]
