"""Name matching for entity resolution: a mention reduced to a key, and when two keys name one actor.

A key is a mention's normalised words with clitics and leading titles stripped; two keys are one
name when every word is a spelling of the other's (``same_key``), and a short form names the
person of a longer key when it is one of its ends or its ends alone (``contained``). The spelling
index (``spelling_keys``) finds every pair ``same_word`` may accept without comparing all pairs.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Container, Sequence

from rapidfuzz.distance import Levenshtein

from marsad.arabic.normalise import normalise
from marsad.arabic.tokens import clitic_variants, split_clitics
from marsad.extract.ner.lexicon import load_lexicon

# Words that qualify a title rather than name anyone ("اللواء المتقاعد", "الرئيس السابق").
_TITLE_MODIFIERS = frozenset(
    normalise(w)
    for w in (
        "المتقاعد",
        "السابق",
        "الأسبق",
        "الحالي",
        "الراحل",
        "المخلوع",
        "المنشق",
        "الركن",
        "أول",
        "الأول",
        "العام",
        "المكلف",
        "المنتخب",
        "الجديد",
        "عام",
    )
)
TYPE_ORDER = {"PERSON": 0, "LOCATION": 1, "ORGANIZATION": 2, "MISC": 3}
_WORD = re.compile(r"[^\W_]+(?:[\u064B-\u065F\u0670\u0640][^\W_]*)*|\d+")
LONG_VOWELS = str.maketrans("", "", "اويى")


def title_words() -> frozenset[str]:
    """Normalised titles and title modifiers that are stripped from the front of person names."""
    lexicon = load_lexicon()
    return lexicon.person_titles | _TITLE_MODIFIERS


def _strip_letters(word: str, count: int) -> str:
    """Drop ``count`` leading letters of an original word, with any diacritics on them."""
    i = 0
    while count > 0 and i < len(word):
        i += 1
        count -= 1
        while i < len(word) and (unicodedata.category(word[i]) == "Mn" or word[i] == "\u0640"):
            i += 1
    return word[i:]


def _display_word(orig: str, norm: str, stem: str) -> str:
    """Show a word without its conjunction or preposition but with its article ("وللأمم" -> "الأمم")."""
    if stem == norm or not norm.endswith(stem):
        return orig
    prefix = norm[: len(norm) - len(stem)]
    if prefix.endswith("ال"):
        return _strip_letters(orig, len(prefix) - 2)
    if prefix.endswith("لل"):
        return "ال" + _strip_letters(orig, len(prefix))
    return _strip_letters(orig, len(prefix))


def stem_choice(norm: str, known: Container[str]) -> str:
    """Pick the reading of a word to match by: a clitic-free reading the corpus uses elsewhere."""
    _, stem = split_clitics(norm)
    if stem != norm:
        return stem
    for variant in clitic_variants(norm)[1:]:
        if variant in known:
            return variant
    return norm


def words_of(text: str) -> list[tuple[str, str]]:
    """Split a mention into (original word, normalised word) pairs."""
    return [(m.group(), normalise(m.group())) for m in _WORD.finditer(text)]


def reduce_words(
    words: Sequence[tuple[str, str]], type_: str, known: Container[str], titles: frozenset[str]
) -> tuple[tuple[str, ...], str] | None:
    """Reduce a mention's words to its matching key and display name; None when only a title is left."""
    if type_ == "PERSON":
        while words and (words[0][1] in titles or split_clitics(words[0][1])[1] in titles):
            words = words[1:]
    if not words:
        return None
    key = tuple(stem_choice(norm, known) for _, norm in words)
    display = " ".join([_display_word(*words[0], key[0])] + [orig for orig, _ in words[1:]])
    return key, display


def same_word(a: str, b: str, first_names: frozenset[str]) -> bool:
    """Tell whether two name words are spellings of one name ("ريتشارد"/"رتشارد"), never two names."""
    if a == b:
        return True
    if a in first_names or b in first_names or min(len(a), len(b)) < 4:
        return False
    if a.translate(LONG_VOWELS) == b.translate(LONG_VOWELS) and len(a.translate(LONG_VOWELS)) >= 3:
        return True
    return min(len(a), len(b)) >= 6 and Levenshtein.distance(a, b) <= 1


def same_key(a: tuple[str, ...], b: tuple[str, ...], first_names: frozenset[str]) -> bool:
    """Two keys name the same thing when every word is the same or a transliteration variant."""
    return len(a) == len(b) and all(same_word(x, y, first_names) for x, y in zip(a, b, strict=True))


def contained(short: tuple[str, ...], long: tuple[str, ...], first_names: frozenset[str]) -> bool:
    """A short form names the same person as a longer name: one of its ends, or its ends alone."""
    if len(short) >= len(long):
        return False
    if len(short) == 1:
        return same_word(short[0], long[-1], first_names) or same_word(short[0], long[0], first_names)
    if not (same_word(short[0], long[0], first_names) and same_word(short[-1], long[-1], first_names)):
        return False
    j = 1
    for word in short[1:-1]:
        while j < len(long) - 1 and not same_word(word, long[j], first_names):
            j += 1
        if j >= len(long) - 1:
            return False
        j += 1
    return True


def entity_id(type_: str, key: tuple[str, ...]) -> str:
    """A stable id from the type and the canonical key, so re-runs give the same ids."""
    digest = hashlib.sha1(f"{type_}|{' '.join(key)}".encode()).hexdigest()[:10]
    return f"{type_.lower()}-{digest}"


def spelling_keys(word: str) -> set[str]:
    """Index keys shared by any two words ``same_word`` may accept: equal, same skeleton, one edit apart."""
    keys = {"=" + word}
    if len(word) >= 4:
        skeleton = word.translate(LONG_VOWELS)
        if len(skeleton) >= 3:
            keys.add("s" + skeleton)
    if len(word) >= 6:  # Levenshtein <= 1: one word, less one letter, equals the other less one letter
        keys.add("d" + word)
        keys.update("d" + word[:i] + word[i + 1 :] for i in range(len(word)))
    return keys
