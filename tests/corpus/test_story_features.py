"""Topic terms counted through the per-stem cache equal the plain word-by-word count."""

from __future__ import annotations

from collections import Counter
from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.arabic.tokens import tokenize
from marsad.corpus.story_features import Vocabulary, count_terms, light_stem, stopwords
from marsad.document import Token

words = st.sampled_from(
    "في من الوزير والوزير وزارة الخارجية قال أمس 2020 15 5 ، . ليبيا والليبية الهجوم الإرهابيين و ف".split()
)


def _reference_count(tokens: tuple[Token, ...], limit: int | None) -> Counter[str]:
    """The count as a loop over every word: stopwords, short words and symbols out."""
    stop, counts, seen = stopwords(), Counter[str](), 0
    for token in tokens:
        if not token.is_word:
            continue
        seen += 1
        if limit is not None and seen > limit:
            break
        stem = token.stem
        if len(stem) < 2 or stem in stop or (stem[0] in "وف" and stem[1:] in stop):
            continue
        if stem.isalpha():
            counts[light_stem(stem)] += 1
        elif stem.isdigit() and len(stem) >= 2:
            counts[stem] += 1
    return counts


@settings(max_examples=200, deadline=None)
@given(st.lists(words, max_size=30), st.one_of(st.none(), st.integers(0, 20)))
def test_count_terms_equals_the_word_by_word_count(text: list[str], limit: int | None) -> None:
    tokens = tokenize(" ".join(text))
    counted = count_terms(tokens, limit)
    assert counted == _reference_count(tokens, limit)
    assert list(counted) == list(_reference_count(tokens, limit))  # first-seen order too


@settings(max_examples=100, deadline=None)
@given(st.dictionaries(st.sampled_from("ا ب ت ث ج ح خ د".split()), st.integers(1, 4), min_size=1))
def test_weigh_ranks_heaviest_first_ties_by_term(counts: dict[str, int]) -> None:
    vocabulary = Vocabulary()
    vocabulary.count(counts)
    (vector,) = vocabulary.weigh(counts, (len(counts),))
    weights = list(vector.items())
    assert all((-a[1], a[0]) <= (-b[1], b[0]) for a, b in pairwise(weights))
    assert set(vector) == set(counts)
