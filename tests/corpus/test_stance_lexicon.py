"""Negation and antonym poles on sentences composed for the tests."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from marsad.arabic.normalise import normalise
from marsad.corpus.stance_lexicon import count_negations, count_opposed_poles, load_lexicon, lookup_forms


def words(text: str) -> tuple[str, ...]:
    """Normalised words of a composed sentence."""
    return tuple(normalise(text).split())


def test_negation_particles_and_denial_verbs_are_counted() -> None:
    assert count_negations(words("الوزير لم يحضر الاجتماع")) == 1
    assert count_negations(words("الشركة تنفي بيع المصنع")) == 1
    assert count_negations(words("الوزير حضر الاجتماع")) == 0


def test_rise_against_fall_is_opposed_even_with_clitics() -> None:
    assert count_opposed_poles(words("ارتفاع أسعار القمح"), words("وانخفضت أسعار القمح")) == 1
    assert count_opposed_poles(words("الحكومة تدعم الخطة"), words("الحكومة تعارض الخطة")) == 1


def test_same_pole_on_both_sides_is_not_opposed() -> None:
    assert count_opposed_poles(words("ارتفاع أسعار القمح"), words("أسعار القمح ترتفع")) == 0


def test_sentence_holding_both_poles_opposes_nothing() -> None:
    assert count_opposed_poles(words("القمح يرتفع والذرة تنخفض"), words("الذرة تنخفض")) == 0


def test_no_word_sits_on_both_poles_of_a_pair() -> None:
    for pole_a, pole_b in load_lexicon().antonyms:
        assert not pole_a & pole_b


def test_lookup_forms_strip_clitics_and_suffixes() -> None:
    forms = lookup_forms(normalise("وارتفاعها"))
    assert "ارتفاع" in forms


@given(st.text(alphabet="ابتثجحخدذرزسشصضطظعغفقكلمنهوي ", max_size=40))
def test_opposition_is_symmetric(text: str) -> None:
    a = words(text)
    b = words("انخفاض " + text[::-1])
    assert count_opposed_poles(a, b) == count_opposed_poles(b, a)
