"""Fit the stance model: a linear layer over embeddings, stacked out-of-fold under boosted trees."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from marsad.corpus.stance_model import LABELS, LINEAR_FEATURES, PairInputs, StanceModel, dense_names
from marsad.corpus.stance_trees import export_sklearn


@dataclass(frozen=True, slots=True)
class TrainParams:
    """Hyper-parameters, chosen on the ANS dev split (see the model card)."""

    linear_c: float = 1.0
    folds: int = 5
    learning_rate: float = 0.05
    max_iter: int = 300
    max_leaf_nodes: int = 31
    min_samples_leaf: int = 20
    l2: float = 0.0
    balanced: bool = True
    seed: int = 0


def fit_model(
    inputs: PairInputs,
    labels: NDArray[np.int64],
    encoders: tuple[str, ...],
    params: TrainParams = TrainParams(),
) -> StanceModel:
    """Fit on labelled pairs of known stance."""
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    weight = "balanced" if params.balanced else None

    def linear() -> LogisticRegression:
        """Make a fresh linear layer."""
        return LogisticRegression(C=params.linear_c, max_iter=3000, class_weight=weight)

    folds = StratifiedKFold(params.folds, shuffle=True, random_state=params.seed)
    out_of_fold = cross_val_predict(linear(), inputs.vectors, labels, cv=folds, method="predict_proba")
    layer = linear().fit(inputs.vectors, labels)
    dense = inputs.dense
    trees = HistGradientBoostingClassifier(
        learning_rate=params.learning_rate,
        max_iter=params.max_iter,
        max_leaf_nodes=params.max_leaf_nodes,
        min_samples_leaf=params.min_samples_leaf,
        l2_regularization=params.l2,
        class_weight=weight,
        early_stopping=False,
        random_state=params.seed,
    ).fit(np.hstack([dense, out_of_fold]), labels)
    return StanceModel(
        linear_coef=np.asarray(layer.coef_, dtype=np.float64),
        linear_intercept=np.asarray(layer.intercept_, dtype=np.float64),
        trees=export_sklearn(trees),
        feature_names=dense_names(encoders) + LINEAR_FEATURES,
        labels=LABELS,
        encoders=encoders,
    )
