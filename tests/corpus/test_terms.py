"""Content stems read through the word cache equal the per-word stemmer, whatever the input kind."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.arabic.normalise import normalise
from marsad.corpus.terms import (
    _TEEN_UNITS,
    _number_word,
    _read_number,
    content_stem,
    content_stems,
    number_starts,
    numbers_in,
    quantities,
)

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


def _reference_numbers(words: list[str]) -> frozenset[float]:
    """A number read at every position, as before number words were looked up first."""
    found, i = set(), 0
    while i < len(words):
        read = _read_number(words, i)
        if read is None:
            i += 1
            continue
        found.add(read[0])
        i = read[1]
    return frozenset(found)


number_word = st.sampled_from(
    [
        normalise(w)
        for w in "ثلاثة عشر أحد اثنا ألف مليون وثلاثة بخمسة مائة 15 1,500 8.5 2014 جنديا قتيلا من".split()
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(number_word, arabic_word.map(normalise)), max_size=15))
def test_numbers_read_at_number_words_only_equal_a_read_at_every_word(words: list[str]) -> None:
    starts = number_starts(words)
    assert starts == [i for i, w in enumerate(words) if _number_word(w) is not None or w in _TEEN_UNITS]
    assert numbers_in(words) == numbers_in(words, starts) == _reference_numbers(words)
    assert quantities(words) == quantities(words, starts)


def test_figures_and_counted_things_are_read() -> None:
    words = [normalise(w) for w in "قتل ثلاثة عشر جنديا و 1,500 مدني عام 2014".split()]
    assert numbers_in(words) == {13.0, 1500.0, 2014.0}
    assert quantities(words) == {
        (content_stem(normalise("جنديا")), 13.0),
        (content_stem(normalise("مدني")), 1500.0),
    }
