"""Features of a sentence pair that say what differs between them: words, numbers, negation, poles."""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz

from marsad.arabic.normalise import normalise
from marsad.arabic.tokens import tokenize
from marsad.corpus.stance_lexicon import count_negations, count_opposed_poles, lookup_forms

_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_FUZZY_SAME = 80.0
# Number words, so "ثلاثة" and "3" compare equal.
_NUMBER_WORDS = {
    "واحد": "1",
    "اثنان": "2",
    "اثنين": "2",
    "ثلاث": "3",
    "ثلاثه": "3",
    "اربع": "4",
    "اربعه": "4",
    "خمس": "5",
    "خمسه": "5",
    "ست": "6",
    "سته": "6",
    "سبع": "7",
    "سبعه": "7",
    "ثماني": "8",
    "ثمانيه": "8",
    "تسع": "9",
    "تسعه": "9",
    "عشر": "10",
    "عشره": "10",
    "مئه": "100",
    "مائه": "100",
    "الف": "1000",
    "مليون": "1000000",
    "مليار": "1000000000",
    "نصف": "0.5",
    "ربع": "0.25",
}
# Frequent function words that carry no claim on their own.
STOPWORDS = frozenset(
    normalise(w)
    for w in (
        "في فى من الى إلى على عن مع ان أن إن بأن بان بعد قبل حول بين ضد عند منذ خلال هذا هذه ذلك تلك التي "
        "الذي الذين او أو ثم قد لقد كل بعض هل ما كيف لماذا اين أين متى حتى لكن كما ايضا أيضا وقد وكان كان "
        "كانت يكون تكون به بها له لها لهم فيه فيها عليه عليها منه منها هو هي هم نحو لدى وفق حيث إذا اذا"
    ).split()
)

FAMILIES: dict[str, tuple[str, ...]] = {
    "overlap": (
        "len_a",
        "len_b",
        "len_ratio",
        "jaccard",
        "cover_a",
        "cover_b",
        "only_a",
        "only_b",
        "fuzzy_only_a",
        "fuzzy_only_b",
        "content_jaccard",
        "char3_jaccard",
        "char4_jaccard",
        "token_sort_ratio",
        "token_set_ratio",
        "same_first",
        "same_last",
        "order",
    ),
    "numbers": ("num_a", "num_b", "num_shared", "num_conflict", "num_one_side"),
    "negation": ("neg_a", "neg_b", "neg_diff", "neg_xor"),
    "antonyms": ("opposed_all", "opposed_diff"),
}
FEATURE_NAMES: tuple[str, ...] = tuple(n for names in FAMILIES.values() for n in names)


@dataclass(frozen=True, slots=True)
class SentenceView:
    """One sentence seen as normalised words, clitic-free stems and numbers, computed once."""

    text: str
    words: tuple[str, ...]
    stems: tuple[str, ...]
    forms: tuple[frozenset[str], ...]
    numbers: frozenset[str]
    negations: int


def view_sentence(text: str) -> SentenceView:
    """Tokenise and normalise a sentence once so every pair it joins reuses the work."""
    words = tuple(t.norm for t in tokenize(text) if t.is_word)
    forms = tuple(lookup_forms(w) | {w} for w in words)
    stems = tuple(min(f, key=lambda x: (len(x), x)) for f in forms)
    numbers = {m.group().replace(",", "") for m in _NUMBER.finditer(normalise(text))}
    numbers |= {_NUMBER_WORDS[w] for f in forms for w in f if w in _NUMBER_WORDS}
    return SentenceView(text, words, stems, forms, frozenset(numbers), count_negations(words))


def _matched(a: SentenceView, b: SentenceView) -> tuple[int, ...]:
    """For each word of ``a``, the index of the first word of ``b`` sharing a form with it, or -1."""
    index: dict[str, int] = {}
    for j, forms in enumerate(b.forms):
        for f in forms:
            index.setdefault(f, j)
    out = []
    for forms in a.forms:
        hits = [index[f] for f in forms if f in index]
        out.append(min(hits) if hits else -1)
    return tuple(out)


def share_content(a: SentenceView, b: SentenceView) -> bool:
    """Tell whether two sentences share a content word or a number, as a contradiction needs a referent."""
    content = {w for w, j in zip(a.words, _matched(a, b), strict=True) if j >= 0 and w not in STOPWORDS}
    return bool(content - {"و", "ف"}) or bool(a.numbers & b.numbers)


def differing_words(a: SentenceView, b: SentenceView) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Return the words of each sentence that match no inflected form of the other, in order."""
    only_a = tuple(w for w, j in zip(a.words, _matched(a, b), strict=True) if j < 0)
    only_b = tuple(w for w, j in zip(b.words, _matched(b, a), strict=True) if j < 0)
    return only_a, only_b


def _order_agreement(a: SentenceView, b: SentenceView) -> float:
    """Share of matched word pairs kept in the same order, low when roles are swapped."""
    seq = [j for j in _matched(a, b) if j >= 0]
    pairs = [(x, y) for i, x in enumerate(seq) for y in seq[i + 1 :] if x != y]
    return sum(1 for x, y in pairs if x < y) / len(pairs) if pairs else 1.0


def pair_features(a: SentenceView, b: SentenceView) -> list[float]:
    """Compute the named lexical features of a pair, in ``FEATURE_NAMES`` order."""
    diff_a, diff_b = differing_words(a, b)
    only_a, only_b = set(diff_a), set(diff_b)
    matched_a, matched_b = len(a.words) - len(diff_a), len(b.words) - len(diff_b)
    union = len(a.words) + len(b.words) - (matched_a + matched_b) / 2
    sa, sb = set(a.stems), set(b.stems)
    fuzzy_a = sum(1 for w in only_a if not any(fuzz.ratio(w, v) >= _FUZZY_SAME for v in only_b))
    fuzzy_b = sum(1 for w in only_b if not any(fuzz.ratio(w, v) >= _FUZZY_SAME for v in only_a))
    ca, cb = sa - STOPWORDS, sb - STOPWORDS
    content_union = ca | cb or {""}
    na, nb = " ".join(a.words), " ".join(b.words)
    shared_nums = a.numbers & b.numbers
    overlap = [
        len(a.words),
        len(b.words),
        min(len(a.words), len(b.words)) / max(len(a.words), len(b.words), 1),
        (matched_a + matched_b) / 2 / max(union, 1),
        matched_a / max(len(a.words), 1),
        matched_b / max(len(b.words), 1),
        len(diff_a),
        len(diff_b),
        fuzzy_a,
        fuzzy_b,
        len(ca & cb) / len(content_union),
        _ngram_jaccard(na, nb, 3),
        _ngram_jaccard(na, nb, 4),
        fuzz.token_sort_ratio(na, nb) / 100,
        fuzz.token_set_ratio(na, nb) / 100,
        float(bool(a.stems and b.stems and a.stems[0] == b.stems[0])),
        float(bool(a.stems and b.stems and a.stems[-1] == b.stems[-1])),
        _order_agreement(a, b),
    ]
    numbers = [
        len(a.numbers),
        len(b.numbers),
        len(shared_nums),
        float(bool(a.numbers and b.numbers and a.numbers != b.numbers)),
        float(bool(a.numbers) != bool(b.numbers)),
    ]
    negation = [
        a.negations,
        b.negations,
        abs(a.negations - b.negations),
        float((a.negations > 0) != (b.negations > 0)),
    ]
    antonyms = [count_opposed_poles(a.words, b.words), count_opposed_poles(diff_a, diff_b)]
    return [float(x) for x in overlap + numbers + negation + antonyms]


def _ngram_jaccard(x: str, y: str, n: int) -> float:
    """Jaccard overlap of character n-grams, robust to spelling and clitic differences."""
    gx = {x[i : i + n] for i in range(len(x) - n + 1)}
    gy = {y[i : i + n] for i in range(len(y) - n + 1)}
    return len(gx & gy) / max(len(gx | gy), 1)
