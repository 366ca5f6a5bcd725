"""Content stems read through the word cache equal the per-word stemmer, whatever the input kind."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.arabic.normalise import normalise
from marsad.corpus.terms import content_stem, content_stems

arabic_word = st.text(alphabet="ابتثجحخدذرزسشصضطظعغفقكلمنهويءةى0123456789", min_size=1, max_size=9)


@settings(max_examples=200, deadline=None)
@given(st.lists(arabic_word.map(normalise), max_size=20))
def test_content_stems_equal_the_word_stemmer_for_lists_tuples_and_generators(words: list[str]) -> None:
    expected = [s for s in (content_stem(w) for w in words) if s]
    assert content_stems(iter(words)) == expected
    assert content_stems(words) == expected
    assert content_stems(tuple(words)) == expected


def test_function_words_and_numbers_have_no_content_stem() -> None:
    words = [normalise(w) for w in "قال الوزير إن 15 جنديا لم يصابوا في الهجوم".split()]
    stems = content_stems(words)
    assert "15" not in stems and normalise("في") not in stems and normalise("لم") not in stems
    assert len(stems) >= 4
