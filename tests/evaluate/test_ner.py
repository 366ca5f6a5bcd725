"""The CoNLL reader, the Wojood mapping and the entity-level scorer."""

from __future__ import annotations

import io
import json

from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from marsad.evaluate.ner import (
    detect_scheme,
    evaluate_file,
    ner_command,
    read_conll,
    read_rows,
    score_spans,
    to_sentences,
)
from marsad.extract.ner.bio import TokenSpan
from tests.conftest import shared_path

ANER = """وصل O
سامر B-PERS
الخطيب I-PERS
إلى O
عمّان B-LOC
 O
. O

أعلنت O
وزارة B-ORG
الزراعة I-ORG
"""

WOJOOD = """قال O
رئيس B-OCC
جامعة I-OCC B-ORG
دمشق I-OCC I-ORG B-GPE
أمس B-DATE
إن O
الطلاب B-NORP
عادوا O
"""


def test_reader_keeps_whitespace_tokens_and_sentence_breaks() -> None:
    rows = read_rows(io.StringIO(ANER))
    assert [len(r) for r in rows] == [7, 3]
    assert rows[0][5] == ("", ("O",))


def test_anercorp_types_are_mapped() -> None:
    rows = read_rows(io.StringIO(ANER))
    assert detect_scheme(rows) == "anercorp"
    sents = to_sentences(rows, "anercorp")
    assert sents[0].spans == (TokenSpan(1, 3, "PERSON"), TokenSpan(4, 5, "LOCATION"))
    assert sents[1].spans == (TokenSpan(1, 3, "ORGANIZATION"),)


def test_wojood_nested_spans_flatten_to_the_outermost_kept_type() -> None:
    rows = read_rows(io.StringIO(WOJOOD))
    assert detect_scheme(rows) == "wojood"
    (sent,) = to_sentences(rows, "wojood")
    # OCC is not scored, so the ORG inside it is the outermost kept span; the GPE inside the ORG goes.
    assert sent.spans == (TokenSpan(2, 4, "ORGANIZATION"),)


def test_scores_count_exact_spans_only() -> None:
    gold = [[TokenSpan(0, 2, "PERSON"), TokenSpan(3, 4, "LOCATION")]]
    pred = [[TokenSpan(0, 1, "PERSON"), TokenSpan(3, 4, "LOCATION"), TokenSpan(5, 6, "MISC")]]
    result = score_spans(gold, pred)
    assert result["micro"] == {"precision": 0.3333, "recall": 0.5, "f1": 0.4, "tp": 1, "fp": 2, "fn": 1}
    assert result["per_type"]["PERSON"]["f1"] == 0.0
    assert result["per_type"]["LOCATION"]["f1"] == 1.0


spans_st = st.lists(
    st.builds(
        lambda a, n, t: TokenSpan(a, a + n, t),
        st.integers(0, 30),
        st.integers(1, 4),
        st.sampled_from(["PERSON", "LOCATION", "ORGANIZATION"]),
    ),
    max_size=6,
)


@given(st.lists(spans_st, min_size=1, max_size=4), st.lists(spans_st, min_size=1, max_size=4))
def test_scores_are_bounded_and_perfect_on_gold(
    gold: list[list[TokenSpan]], pred: list[list[TokenSpan]]
) -> None:
    pred = (pred * len(gold))[: len(gold)]
    result = score_spans(gold, pred)
    assert 0.0 <= result["micro"]["f1"] <= 1.0
    if any(gold):
        assert score_spans(gold, gold)["micro"]["f1"] == 1.0


def test_anercorp_test_split_scores_as_published_shape() -> None:
    path = shared_path("data", "anercorp", "test.txt")
    sents, scheme = read_conll(path)
    assert scheme == "anercorp"
    assert len(sents) == 925
    assert sum(len(s.tokens) for s in sents) == 25008


def test_command_prints_json_on_its_last_line(tmp_path: object) -> None:
    path = shared_path("data", "wojood-sample", "val.txt")
    result = CliRunner().invoke(ner_command, [str(path)])
    assert result.exit_code == 0, result.output
    last = json.loads(result.output.strip().splitlines()[-1])
    assert last["scheme"] == "wojood"
    assert "MISC" not in last["per_type"]
    assert 0.0 < last["micro"]["f1"] <= 1.0


def test_evaluate_file_on_composed_file(tmp_path: object) -> None:
    from pathlib import Path

    path = Path(str(tmp_path)) / "tiny.txt"
    path.write_text(ANER, encoding="utf-8")
    result = evaluate_file(path)
    assert result["sentences"] == 2
    assert result["tokens"] == 10
    assert set(result["micro"]) >= {"precision", "recall", "f1"}
