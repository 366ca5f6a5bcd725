"""Gradient-boosted trees as plain arrays, so the shipped model needs numpy and no pickle."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

Floats = NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class TreeEnsemble:
    """A multiclass boosted forest: node arrays for all trees, concatenated, plus tree offsets.

    Tree ``t`` adds its leaf value to the raw score of class ``tree_class[t]``; a node goes left
    when its feature is at most ``threshold`` (or is missing and ``missing_left`` is set).
    """

    baseline: Floats
    tree_start: NDArray[np.int64]
    tree_class: NDArray[np.int64]
    feature: NDArray[np.int64]
    threshold: Floats
    missing_left: NDArray[np.bool_]
    left: NDArray[np.int64]
    right: NDArray[np.int64]
    is_leaf: NDArray[np.bool_]
    value: Floats

    def raw_scores(self, x: Floats) -> Floats:
        """Sum the leaf values reached by each row, per class, on top of the baseline."""
        n = x.shape[0]
        scores = np.tile(self.baseline, (n, 1))
        rows = np.arange(n)
        for start, cls in zip(self.tree_start.tolist(), self.tree_class.tolist(), strict=True):
            node = np.full(n, start, dtype=np.int64)
            while True:
                leaf = self.is_leaf[node]
                if leaf.all():
                    break
                feat = self.feature[node]
                vals = x[rows, np.where(leaf, 0, feat)]
                go_left = np.where(np.isnan(vals), self.missing_left[node], vals <= self.threshold[node])
                nxt = np.where(go_left, self.left[node], self.right[node]) + start
                node = np.where(leaf, node, nxt)
            scores[:, cls] += self.value[node]
        return scores

    def predict_proba(self, x: Floats) -> Floats:
        """Turn raw scores into class probabilities with a softmax."""
        raw = self.raw_scores(x)
        raw -= raw.max(axis=1, keepdims=True)
        exp = np.exp(raw)
        out: Floats = exp / exp.sum(axis=1, keepdims=True)
        return out

    def to_arrays(self, prefix: str) -> dict[str, NDArray[Any]]:
        """Name every array under ``prefix`` for saving in an npz file."""
        return {f"{prefix}{name}": getattr(self, name) for name in self.__slots__}

    @classmethod
    def from_arrays(cls, arrays: Any, prefix: str) -> TreeEnsemble:
        """Rebuild an ensemble saved with ``to_arrays``."""
        return cls(**{name: np.asarray(arrays[f"{prefix}{name}"]) for name in cls.__slots__})


def export_sklearn(model: Any) -> TreeEnsemble:
    """Copy a fitted ``HistGradientBoostingClassifier`` (numeric features only) into arrays."""
    starts, classes, parts = [], [], []
    offset = 0
    for iteration in model._predictors:
        for cls, predictor in enumerate(iteration):
            nodes = predictor.nodes
            if nodes["is_categorical"].any():
                raise ValueError("categorical splits are not supported")
            starts.append(offset)
            classes.append(cls if len(iteration) > 1 else 1)
            parts.append(nodes)
            offset += len(nodes)
    nodes = np.concatenate(parts)
    baseline = np.asarray(model._baseline_prediction, dtype=np.float64).ravel()
    if baseline.size == 1:  # binary: one score for class 1, class 0 fixed at zero
        baseline = np.array([0.0, baseline[0]])
    return TreeEnsemble(
        baseline=baseline,
        tree_start=np.asarray(starts, dtype=np.int64),
        tree_class=np.asarray(classes, dtype=np.int64),
        feature=nodes["feature_idx"].astype(np.int64),
        threshold=nodes["num_threshold"].astype(np.float64),
        missing_left=nodes["missing_go_to_left"].astype(bool),
        left=nodes["left"].astype(np.int64),
        right=nodes["right"].astype(np.int64),
        is_leaf=nodes["is_leaf"].astype(bool),
        value=nodes["value"].astype(np.float64),
    )
