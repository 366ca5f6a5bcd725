"""Averaging two exported weight sets (the shipped model is a network averaged with its warm restart)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from marsad.extract.ner.train_neural import average_weights


@given(st.lists(st.floats(-100, 100, width=32), min_size=1, max_size=8), st.floats(-5, 5, width=32))
def test_average_lies_halfway(values: list[float], shift: float) -> None:
    a = {"w": np.array(values, np.float32)}
    b = {"w": a["w"] + np.float32(shift)}
    out = average_weights(a, b)["w"]
    np.testing.assert_allclose(out, a["w"] + np.float32(shift) / 2, atol=1e-4)
    np.testing.assert_array_equal(average_weights(a, a)["w"], a["w"])


def test_mismatched_names_are_refused() -> None:
    with pytest.raises(ValueError):
        average_weights({"w": np.zeros(2)}, {"v": np.zeros(2)})
