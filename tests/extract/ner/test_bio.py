"""BIO labels and entity spans convert both ways, including nested multi-column tags."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from marsad.extract.ner.bio import TokenSpan, bio_from_spans, spans_from_bio, spans_from_tags


@st.composite
def flat_spans(draw: st.DrawFn) -> tuple[list[TokenSpan], int]:
    """Non-overlapping spans over a sentence of random length."""
    length = draw(st.integers(0, 25))
    spans = []
    i = 0
    while i < length:
        if draw(st.booleans()):
            n = draw(st.integers(1, min(4, length - i)))
            spans.append(TokenSpan(i, i + n, draw(st.sampled_from(["PERSON", "LOCATION", "MISC"]))))
            i += n
        else:
            i += 1
    return spans, length


@given(flat_spans())
def test_round_trip(case: tuple[list[TokenSpan], int]) -> None:
    spans, length = case
    assert spans_from_bio(bio_from_spans(spans, length)) == spans


def test_stray_inside_tag_opens_a_span() -> None:
    assert spans_from_bio(["O", "I-ORG", "I-ORG", "B-ORG"]) == [
        TokenSpan(1, 3, "ORG"),
        TokenSpan(3, 4, "ORG"),
    ]


def test_type_change_closes_the_span() -> None:
    assert spans_from_bio(["B-PERS", "I-LOC"]) == [TokenSpan(0, 1, "PERS"), TokenSpan(1, 2, "LOC")]


def test_nested_layers_decode_per_type() -> None:
    tags = [("B-ORG",), ("I-ORG",), ("I-ORG", "B-PERS"), ("O",)]
    assert spans_from_tags(tags) == [TokenSpan(0, 3, "ORG"), TokenSpan(2, 3, "PERS")]


@given(
    st.lists(
        st.sampled_from(
            ["O", "B-PERSON", "I-PERSON", "B-LOCATION", "I-LOCATION", "I-MISC", "E-MISC", "S-ORG", "x"]
        ),
        max_size=20,
    )
)
def test_flat_fast_path_decodes_like_the_general_decoder(labels: list[str]) -> None:
    assert spans_from_bio(labels) == spans_from_tags([(label,) for label in labels])
