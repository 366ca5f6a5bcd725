"""Pair features on composed sentences: what differs, numbers, negation, and their invariants."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from marsad.corpus.stance_features import FEATURE_NAMES, differing_words, pair_features, view_sentence


def feature(a: str, b: str, name: str) -> float:
    """One named feature of a composed pair."""
    return pair_features(view_sentence(a), view_sentence(b))[FEATURE_NAMES.index(name)]


def test_one_substituted_word_is_the_only_difference() -> None:
    a = view_sentence("وزير المالية يزور القاهرة غدا")
    b = view_sentence("وزير المالية يزور الرياض غدا")
    assert differing_words(a, b) == (("القاهره",), ("الرياض",))


def test_inflected_and_clitic_variants_are_not_differences() -> None:
    a = view_sentence("الأسعار الأميركية ترتفع")
    b = view_sentence("وأسعار أميركي ترتفع")
    only_a, only_b = differing_words(a, b)
    assert not only_a and not only_b


def test_different_numbers_conflict_and_digit_scripts_agree() -> None:
    assert feature("مقتل 12 شخصا في الحادث", "مقتل 15 شخصا في الحادث", "num_conflict") == 1.0
    assert feature("مقتل ١٢ شخصا في الحادث", "مقتل 12 شخصا في الحادث", "num_conflict") == 0.0
    assert feature("مقتل ١٢ شخصا في الحادث", "مقتل 12 شخصا في الحادث", "num_shared") == 1.0


def test_negation_on_one_side_only_sets_the_xor() -> None:
    assert feature("الوفد وصل إلى المطار", "الوفد لم يصل إلى المطار", "neg_xor") == 1.0
    assert feature("الوفد لم يصل", "الوفد لم يصل بعد", "neg_xor") == 0.0


def test_swapped_roles_lower_the_order_agreement() -> None:
    assert feature("الأهلي يهزم الزمالك في النهائي", "الزمالك يهزم الأهلي في النهائي", "order") == 0.7
    assert feature("الأهلي يهزم الزمالك في النهائي", "الأهلي يهزم الزمالك في النهائي", "order") == 1.0


arabic_text = st.text(alphabet="ابتثجحخدذرزسشصضطظعغفقكلمنهويءأة0123456789 ", min_size=1, max_size=60)


@given(arabic_text)
def test_a_sentence_against_itself_has_full_overlap(text: str) -> None:
    v = view_sentence(text)
    values = dict(zip(FEATURE_NAMES, pair_features(v, v), strict=True))
    assert values["only_a"] == values["only_b"] == 0.0
    assert values["num_conflict"] == values["neg_xor"] == values["opposed_all"] == 0.0
    if v.words:
        assert values["jaccard"] == 1.0


@given(arabic_text, arabic_text)
def test_features_are_finite_and_complete(a: str, b: str) -> None:
    values = pair_features(view_sentence(a), view_sentence(b))
    assert len(values) == len(FEATURE_NAMES)
    assert all(v == v and abs(v) < 1e6 for v in values)
