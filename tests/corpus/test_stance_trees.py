"""Exported boosted trees must predict exactly what scikit-learn predicts."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.ensemble import HistGradientBoostingClassifier

from marsad.corpus.stance_trees import TreeEnsemble, export_sklearn


@pytest.mark.parametrize("classes", [2, 3])
def test_exported_trees_match_sklearn(classes: int) -> None:
    rng = np.random.default_rng(7)
    x = rng.random((300, 5))
    y = (x[:, 0] * classes).astype(int) % classes
    x[rng.random(x.shape) < 0.05] = np.nan
    model = HistGradientBoostingClassifier(max_iter=15, random_state=0).fit(x, y)
    probe = rng.random((80, 5))
    probe[rng.random(probe.shape) < 0.1] = np.nan
    trees = export_sklearn(model)
    assert np.allclose(trees.predict_proba(probe), model.predict_proba(probe), atol=1e-9)


def test_arrays_round_trip() -> None:
    rng = np.random.default_rng(1)
    x = rng.random((120, 3))
    y = (x[:, 1] > 0.5).astype(int) + (x[:, 2] > 0.7).astype(int)
    trees = export_sklearn(HistGradientBoostingClassifier(max_iter=5).fit(x, y))
    again = TreeEnsemble.from_arrays(trees.to_arrays("t_"), "t_")
    assert np.array_equal(again.predict_proba(x), trees.predict_proba(x))
