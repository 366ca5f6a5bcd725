"""The model file: int8 vectors stay close, and a saved model tags exactly like the loaded one."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from marsad.extract.ner.encode import make_batch
from marsad.extract.ner.store import dequantise, load_model, quantise, save_model
from tests.extract.ner.test_neural import _encoder, _random_model


@given(arrays(np.float32, (5, 8), elements=st.floats(-1, 1, width=32)))
def test_quantised_vectors_stay_within_half_a_step(vectors: np.ndarray) -> None:
    q, scale = quantise(vectors)
    assert q.dtype == np.int8
    assert np.all(np.abs(dequantise(q, scale) - vectors) <= scale[:, None] / 2 + 1e-7)


def test_saved_model_round_trips(tmp_path: Path) -> None:
    model = _random_model(4)
    weights = {k: v for k, v in model.w.items() if k in _EXPORTED}
    words = [f"w{i}" for i in range(len(model.vectors) - 2)]
    path = tmp_path / "ner.npz"
    save_model(path, weights, model.vectors, words, list("ابت"))
    loaded, rows, chars = load_model(path)
    assert rows["w0"] == 2 and chars["ا"] == 2
    batch = make_batch(_encoder(), [["سامر", "زار", "القاهرة"], ["في"]])
    # float16 weights and int8 vectors: emissions move a little, never far.
    assert np.allclose(loaded.emissions(batch), model.emissions(batch), atol=0.05)


_EXPORTED = {
    "char", "conv_w", "conv_b", "proc", "shape", "how", "w_ih_f", "w_hh_f", "b_f",
    "w_ih_b", "w_hh_b", "b_b", "out_w", "out_b", "trans", "start", "end",
}  # fmt: skip
