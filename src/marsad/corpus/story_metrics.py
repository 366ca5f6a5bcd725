"""B-cubed precision, recall and F1: how well predicted clusters match labelled ones, item by item."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class BCubed:
    """Mean per-item precision and recall of a clustering against gold labels, and their F1."""

    precision: float
    recall: float
    f1: float


def b_cubed(predicted: Mapping[str, str], gold: Mapping[str, str]) -> BCubed:
    """Score ``predicted`` (item -> cluster) against ``gold`` on the items both label.

    An item's precision is the share of its predicted cluster that shares its gold cluster; its
    recall, the share of its gold cluster found in its predicted cluster (Bagga & Baldwin 1998).
    """
    items = [item for item in gold if item in predicted]
    if not items:
        return BCubed(0.0, 0.0, 0.0)
    pairs = Counter((predicted[i], gold[i]) for i in items)
    sizes_pred = Counter(predicted[i] for i in items)
    sizes_gold = Counter(gold[i] for i in items)
    precision = sum(pairs[predicted[i], gold[i]] / sizes_pred[predicted[i]] for i in items) / len(items)
    recall = sum(pairs[predicted[i], gold[i]] / sizes_gold[gold[i]] for i in items) / len(items)
    f1 = 0.0 if precision + recall == 0 else 2 * precision * recall / (precision + recall)
    return BCubed(precision, recall, f1)
