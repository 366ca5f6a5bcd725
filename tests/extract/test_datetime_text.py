"""Folded text maps offsets back exactly as the reference normaliser does."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from marsad.arabic.normalise import normalise_mapped
from marsad.extract.datetime_text import fold

_ALPHABET = st.sampled_from(list("أإآاىيةهـًٌٍَُِّْ٠١٢٣٤٥٦٧٨٩0123 ﻻﷲabcAB\u200f\u200bمن"))


@given(st.lists(_ALPHABET, max_size=40).map("".join))
def test_fold_matches_normalise_mapped(text: str) -> None:
    folded, reference = fold(text), normalise_mapped(text)
    assert folded.text == reference.text
    for index in range(len(folded.text)):
        assert folded.to_original(index) == reference.to_original(index)


@given(st.lists(_ALPHABET, max_size=40).map("".join), st.data())
def test_spans_map_to_a_slice_that_folds_back(text: str, data: st.DataObject) -> None:
    folded = fold(text)
    if not folded.text:
        return
    start = data.draw(st.integers(0, len(folded.text) - 1))
    end = data.draw(st.integers(start + 1, len(folded.text)))
    original_start, original_end = folded.span_to_original(start, end)
    assert folded.text[start:end] in fold(text[original_start:original_end]).text
