"""Stance scoring: the metric on hand-computed cases, the file reader, the command, the ANS floor."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from marsad.evaluate.stance import evaluate_file, read_pairs, score_labels, stance_command
from tests.conftest import shared_path

# Measured when the shipped model was trained (see src/marsad/models/stance/MODEL_CARD.md); a floor
# a little under it so a regression fails while run-to-run float noise does not.
ANS_TEST_FLOOR = 0.85


def test_score_labels_on_a_hand_computed_case() -> None:
    gold = ["agree", "agree", "disagree", "disagree", "other"]
    pred = ["agree", "disagree", "disagree", "disagree", "agree"]
    result = score_labels(gold, pred)
    agree = result["classes"]["agree"]
    assert agree["precision"] == 0.5 and agree["recall"] == 0.5
    disagree = result["classes"]["disagree"]
    assert disagree["precision"] == pytest.approx(2 / 3) and disagree["recall"] == 1.0
    assert result["classes"]["other"]["f1"] == 0.0
    assert result["macro_f1"] == pytest.approx((0.5 + 0.8 + 0.0) / 3)
    assert result["accuracy"] == pytest.approx(3 / 5)


def test_macro_average_skips_a_class_absent_from_gold_and_predictions() -> None:
    result = score_labels(["agree", "disagree"], ["agree", "agree"])
    assert result["macro_f1"] == pytest.approx((2 / 3 + 0.0) / 2)


labels = st.sampled_from(["agree", "disagree", "other"])


@given(st.lists(labels, min_size=1, max_size=30))
def test_perfect_predictions_score_one_on_present_classes(gold: list[str]) -> None:
    result = score_labels(gold, gold)
    assert result["accuracy"] == 1.0
    assert result["macro_f1"] == 1.0
    for label, row in result["classes"].items():
        assert row["f1"] == (1.0 if label in gold else 0.0)


def write_csv(tmp_path: Path, rows: list[tuple[str, str, str]]) -> Path:
    """Write a small ANS-format file."""
    path = tmp_path / "pairs.csv"
    lines = ["s1,s2,stance"] + [f"{a},{b},{c}" for a, b, c in rows]
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path


def test_read_pairs_refuses_unknown_labels(tmp_path: Path) -> None:
    path = write_csv(tmp_path, [("الوفد وصل", "الوفد لم يصل", "contradict")])
    with pytest.raises(ValueError, match="unknown stance labels"):
        read_pairs(path)


def test_command_prints_json_on_its_last_line(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path,
        [
            ("ارتفاع أسعار القمح في الأسواق العالمية", "انخفاض أسعار القمح في الأسواق العالمية", "disagree"),
            ("الحكومة توافق على ميزانية العام المقبل", "موافقة الحكومة على ميزانية العام القادم", "agree"),
        ],
    )
    result = CliRunner().invoke(stance_command, [str(path), "--fast"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output.strip().splitlines()[-1])
    assert data["pairs"] == 2 and data["model"] == "fast"
    assert set(data["classes"]) == {"agree", "disagree", "other"}


@pytest.mark.slow
def test_ans_test_macro_f1_stays_above_the_floor() -> None:
    result = evaluate_file(shared_path("data", "ans", "stance", "test.csv"))
    assert result["macro_f1"] >= ANS_TEST_FLOOR
