"""Packed inference: every token visited once per direction, and the same answers as the padded batch."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.extract.ner.encode import make_batch
from marsad.extract.ner.neural import TAGS
from marsad.extract.ner.packed import Layout, lstm_states, viterbi_packed
from tests.extract.ner.test_neural import WORDS, _encoder, _lstm_one, _random_model

LENGTHS = st.lists(st.integers(1, 9), min_size=1, max_size=7)


def _layout(lengths: list[int]) -> Layout:
    arr = np.array(lengths)
    return Layout.build(arr, np.cumsum(arr) - arr)


@given(LENGTHS)
def test_layout_visits_every_token_once_in_reading_order(lengths: list[int]) -> None:
    layout = _layout(lengths)
    total = sum(lengths)
    assert sorted(layout.forward.tolist()) == list(range(total))
    assert sorted(layout.backward.tolist()) == list(range(total))
    offsets = np.cumsum(lengths) - np.array(lengths)
    for step, n in enumerate(layout.active.tolist()):
        block = slice(layout.starts[step], layout.starts[step] + n)
        alive = layout.order[:n]
        assert all(lengths[s] > step for s in alive)
        assert layout.forward[block].tolist() == [offsets[s] + step for s in alive]
        assert layout.backward[block].tolist() == [offsets[s] + lengths[s] - 1 - step for s in alive]
    assert layout.starts[-1] == total


@settings(max_examples=30, deadline=None)
@given(st.lists(st.lists(WORDS, min_size=1, max_size=7), min_size=1, max_size=5))
def test_packed_lstm_equals_the_textbook_recurrence(sentences: list[list[str]]) -> None:
    model = _random_model(4)
    encoder = _encoder()
    flat = [w for s in sentences for w in s]
    gates = model.word_gates([encoder.encode(w) for w in flat])
    width = gates.shape[1] // 2
    layout = _layout([len(s) for s in sentences])
    packed = np.stack([gates[layout.forward, :width], gates[layout.backward, width:]])
    states = lstm_states(packed, model.w["hh_packed"], layout)
    fwd = np.empty((len(flat), states.shape[2]), np.float32)
    bwd = np.empty_like(fwd)
    fwd[layout.forward] = states[0]
    bwd[layout.backward] = states[1]
    start = 0
    for words in sentences:
        x = model._inputs(make_batch(encoder, [words]))[0]
        end = start + len(words)
        assert np.allclose(fwd[start:end], _lstm_one(model.w, x, "f"), atol=1e-5)
        assert np.allclose(bwd[start:end], _lstm_one(model.w, x[::-1], "b")[::-1], atol=1e-5)
        start = end


@settings(max_examples=40, deadline=None)
@given(LENGTHS, st.integers(0, 10_000))
def test_packed_viterbi_equals_the_padded_batch(lengths: list[int], seed: int) -> None:
    model = _random_model(seed % 5)
    rng = np.random.default_rng(seed)
    em = rng.normal(scale=3, size=(len(lengths), max(lengths), len(TAGS))).astype(np.float32)
    layout = _layout(lengths)
    flat = np.concatenate([em[k, :n] for k, n in enumerate(lengths)])
    w = model.w
    paths = viterbi_packed(flat[layout.forward], layout, w["trans_t"], w["start_masked"], w["end"])
    expected = model.viterbi(em, np.array(lengths))
    assert [[TAGS[t] for t in p] for p in paths] == expected
