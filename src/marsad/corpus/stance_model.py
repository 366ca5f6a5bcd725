"""The stance model's inputs and weights: pair matrices built once per distinct sentence, and the npz."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, BinaryIO

import numpy as np
from numpy.typing import NDArray

from marsad.corpus.stance_embed import ENCODERS, embed_texts
from marsad.corpus.stance_features import (
    FEATURE_NAMES,
    SentenceView,
    differing_words,
    pair_features,
    view_sentence,
)
from marsad.corpus.stance_trees import TreeEnsemble

LABELS: tuple[str, ...] = ("agree", "disagree", "other")
FORMAT = "marsad.stance/1"
DIFF_FEATURES: tuple[str, ...] = ("cos_diff", "cos_diff_a_sentence_b", "cos_diff_b_sentence_a")
LINEAR_FEATURES: tuple[str, ...] = tuple(f"linear_{label}" for label in LABELS)

Floats = NDArray[np.float64]


def dense_names(encoders: tuple[str, ...]) -> tuple[str, ...]:
    """Name the dense features a model over these encoders reads, in column order."""
    return FEATURE_NAMES + tuple(f"cos_sentence_{e}" for e in encoders) + DIFF_FEATURES


@dataclass(frozen=True, slots=True)
class PairInputs:
    """Everything the model reads about a batch of pairs: named dense features and embedding vectors."""

    dense: Floats
    vectors: Floats


@dataclass(frozen=True, slots=True)
class StanceModel:
    """A linear model over embedding interactions stacked under boosted trees over named features."""

    linear_coef: Floats
    linear_intercept: Floats
    trees: TreeEnsemble
    feature_names: tuple[str, ...]
    labels: tuple[str, ...]
    encoders: tuple[str, ...]

    def predict_proba(self, inputs: PairInputs) -> Floats:
        """Score each pair: the linear model's probabilities join the dense features of the trees."""
        logits = inputs.vectors @ self.linear_coef.T + self.linear_intercept
        logits -= logits.max(axis=1, keepdims=True)
        linear = np.exp(logits)
        linear /= linear.sum(axis=1, keepdims=True)
        return self.trees.predict_proba(np.hstack([inputs.dense, linear]))


def build_inputs(
    pairs: Sequence[tuple[str, str]],
    encoders: tuple[str, ...] = ("use",),
    cache: dict[str, dict[str, NDArray[np.float32]]] | None = None,
) -> PairInputs:
    """Build the model inputs of many pairs, viewing and embedding each distinct sentence once.

    ``cache`` (encoder name -> text -> vector) lets a caller keep embeddings across calls.
    """
    views: dict[str, SentenceView] = {}
    for pair in pairs:
        for s in pair:
            if s not in views:
                views[s] = view_sentence(s)
    phrases = [tuple(" ".join(d) for d in differing_words(views[a], views[b])) for a, b in pairs]
    store = cache if cache is not None else {}
    sentences = [s for pair in pairs for s in pair]
    for name in dict.fromkeys(("use", *encoders)):
        texts = sentences + [p for pair in phrases for p in pair] if name == "use" else sentences
        known = store.setdefault(name, {})
        known.update(embed_texts([t for t in texts if t not in known], name))
        known.setdefault("", np.zeros(ENCODERS[name], dtype=np.float32))
    width = sum(2 * ENCODERS[e] for e in encoders)
    dense = np.zeros((len(pairs), len(dense_names(encoders))), dtype=np.float64)
    inter = np.zeros((len(pairs), width), dtype=np.float64)
    use = store["use"]
    for i, ((s1, s2), (p1, p2)) in enumerate(zip(pairs, phrases, strict=True)):
        cosines, parts = [], []
        for name in encoders:
            u, v = store[name][s1], store[name][s2]
            cosines.append(float(u @ v))
            parts += [u * v, np.abs(u - v)]
        pu, pv = use[p1], use[p2]
        diff = [float(pu @ pv), float(pu @ use[s2]), float(pv @ use[s1])]
        dense[i] = pair_features(views[s1], views[s2]) + cosines + diff
        inter[i] = np.concatenate(parts)
    return PairInputs(dense, inter)


def save_model(model: StanceModel, path: str | BinaryIO, meta: Mapping[str, Any]) -> None:
    """Write the model as one compressed npz of arrays and strings (no pickle)."""
    arrays: dict[str, Any] = {
        "format": np.array(FORMAT),
        "linear_coef": model.linear_coef,
        "linear_intercept": model.linear_intercept,
        "feature_names": np.array(model.feature_names),
        "labels": np.array(model.labels),
        "encoders": np.array(model.encoders),
        "meta": np.array([f"{k}={v}" for k, v in meta.items()]),
    }
    arrays.update(model.trees.to_arrays("trees_"))
    np.savez_compressed(path, **arrays)


def read_model(source: Any) -> StanceModel:
    """Read a model written by ``save_model``, refusing files of another format or feature set."""
    with np.load(source, allow_pickle=False) as data:
        if str(data["format"]) != FORMAT:
            raise ValueError(f"stance model format {data['format']!s} is not {FORMAT}")
        names = tuple(str(n) for n in data["feature_names"])
        encoders = tuple(str(e) for e in data["encoders"])
        if names != dense_names(encoders) + LINEAR_FEATURES:
            raise ValueError("stance model was trained on other features; retrain it")
        return StanceModel(
            linear_coef=np.asarray(data["linear_coef"], dtype=np.float64),
            linear_intercept=np.asarray(data["linear_intercept"], dtype=np.float64),
            trees=TreeEnsemble.from_arrays(data, "trees_"),
            feature_names=names,
            labels=tuple(str(n) for n in data["labels"]),
            encoders=encoders,
        )


@cache
def load_model(name: str = "model") -> StanceModel:
    """Load a shipped model once per process: "model" (USE and e5) or "fast" (USE only)."""
    with resources.files("marsad.models.stance").joinpath(f"{name}.npz").open("rb") as handle:
        return read_model(handle)
