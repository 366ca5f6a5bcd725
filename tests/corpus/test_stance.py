"""The shipped stance model on pairs composed for the tests (not taken from ANS or the seeds)."""

from __future__ import annotations

import io

import numpy as np
import pytest

from marsad.corpus.stance import StancePrediction, claim_core, classify_pair, classify_pairs, compare_claims
from marsad.corpus.stance_model import LABELS, build_inputs, load_model, read_model, save_model

AGREE = [
    ("البنك المركزي يرفع سعر الفائدة نصف نقطة", "رفع سعر الفائدة نصف نقطة من البنك المركزي"),
    ("الحكومة توافق على ميزانية العام المقبل", "موافقة الحكومة على ميزانية العام القادم"),
]
DISAGREE = [
    ("ارتفاع أسعار القمح في الأسواق العالمية", "انخفاض أسعار القمح في الأسواق العالمية"),
    ("الرئيس يزور باريس الأسبوع المقبل", "الرئيس لن يزور باريس الأسبوع المقبل"),
    ("مقتل 12 شخصا في انفجار بالعاصمة", "مقتل 40 شخصا في انفجار بالعاصمة"),
]
OTHER = [("البنك المركزي يرفع سعر الفائدة نصف نقطة", "منتخب الناشئين يفوز ببطولة كرة اليد")]


@pytest.mark.parametrize(("s1", "s2"), AGREE)
def test_paraphrases_agree(s1: str, s2: str) -> None:
    assert classify_pair(s1, s2).label == "agree"


@pytest.mark.parametrize(("s1", "s2"), DISAGREE)
def test_opposites_negations_and_other_numbers_disagree(s1: str, s2: str) -> None:
    assert classify_pair(s1, s2).label == "disagree"


@pytest.mark.parametrize(("s1", "s2"), OTHER)
def test_unrelated_sentences_are_other(s1: str, s2: str) -> None:
    assert classify_pair(s1, s2).label == "other"


def test_batch_matches_single_pairs_and_scores_are_probabilities() -> None:
    pairs = AGREE + DISAGREE + OTHER
    batch = classify_pairs(pairs)
    for (s1, s2), prediction in zip(pairs, batch, strict=True):
        single = classify_pair(s1, s2)
        assert single.label == prediction.label
        assert all(abs(single.scores[k] - prediction.scores[k]) < 1e-5 for k in LABELS)
        assert abs(sum(prediction.scores.values()) - 1.0) < 1e-9
        assert prediction.score == max(prediction.scores.values())


def test_a_shared_cache_gives_the_same_answers() -> None:
    cache: dict[str, dict[str, np.ndarray]] = {}
    first = classify_pairs(DISAGREE, cache=cache)
    assert "e5" in cache and DISAGREE[0][0] in cache["use"]
    again = classify_pairs(DISAGREE, cache=cache)
    assert [p.scores for p in first] == [p.scores for p in again]


def test_fast_model_runs_on_use_alone() -> None:
    assert load_model("fast").encoders == ("use",)
    assert classify_pair(*DISAGREE[0], fast=True).label == "disagree"


def test_empty_batch() -> None:
    assert classify_pairs([]) == []


def test_model_survives_a_round_trip_and_refuses_other_formats() -> None:
    model = load_model("fast")
    buffer = io.BytesIO()
    save_model(model, buffer, {"seed": 0})
    buffer.seek(0)
    again = read_model(buffer)
    inputs = build_inputs(DISAGREE, again.encoders)
    assert np.allclose(again.predict_proba(inputs), model.predict_proba(inputs))
    bad = io.BytesIO()
    np.savez(bad, format=np.array("other/9"))
    bad.seek(0)
    with pytest.raises(ValueError, match="format"):
        read_model(bad)


def test_claim_core_drops_leading_attribution() -> None:
    assert claim_core("وقال المتحدث باسم الوزارة إن الوفد وصل إلى المطار") == "الوفد وصل إلى المطار"
    assert claim_core("الوفد وصل إلى المطار") == "الوفد وصل إلى المطار"


def test_compare_claims_on_news_sentences() -> None:
    a = "وقال المتحدث باسم الجيش إن القوات انسحبت من المدينة صباح الأحد بعد اشتباكات استمرت يومين"
    b = "وأكد مصدر عسكري أن القوات لم تنسحب من المدينة صباح الأحد رغم اشتباكات استمرت يومين"
    prediction = compare_claims(a, b)
    assert isinstance(prediction, StancePrediction)
    assert prediction.label == "disagree"
