"""Score the stance model on a CSV of ``s1,s2,stance`` pairs (the ANS format)."""

from __future__ import annotations

import csv
import json
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from marsad.corpus.stance import classify_pairs
from marsad.corpus.stance_model import LABELS


def read_pairs(path: str | Path) -> list[tuple[str, str, str]]:
    """Read ``s1,s2,stance`` rows, refusing unknown labels so a typo cannot pass as a class."""
    with open(path, encoding="utf-8", newline="") as handle:
        rows = [(r["s1"], r["s2"], r["stance"].strip()) for r in csv.DictReader(handle)]
    unknown = {label for _, _, label in rows} - set(LABELS)
    if unknown:
        raise ValueError(f"unknown stance labels {sorted(unknown)} in {path}; expected {list(LABELS)}")
    return rows


def score_labels(gold: Sequence[str], predicted: Sequence[str]) -> dict[str, Any]:
    """Per-class precision, recall and F1, their macro average, and accuracy.

    The macro average runs over the labels that occur in the gold or the predictions, as
    scikit-learn's does, so a file without "other" pairs is not penalised for that class.
    """
    if len(gold) != len(predicted):
        raise ValueError("gold and predicted labels differ in length")
    per_class: dict[str, dict[str, float | int]] = {}
    for label in LABELS:
        tp = sum(1 for g, p in zip(gold, predicted, strict=True) if g == p == label)
        fp = sum(1 for g, p in zip(gold, predicted, strict=True) if p == label != g)
        fn = sum(1 for g, p in zip(gold, predicted, strict=True) if g == label != p)
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_class[label] = {"precision": precision, "recall": recall, "f1": f1, "support": tp + fn}
    present = [label for label in LABELS if label in gold or label in predicted]
    correct = sum(1 for g, p in zip(gold, predicted, strict=True) if g == p)
    return {
        "macro_f1": sum(float(per_class[c]["f1"]) for c in present) / len(present) if present else 0.0,
        "accuracy": correct / len(gold) if gold else 0.0,
        "pairs": len(gold),
        "classes": per_class,
    }


def evaluate_file(path: str | Path, fast: bool = False) -> dict[str, Any]:
    """Classify every pair of the file with the shipped model and score it against the gold labels."""
    rows = read_pairs(path)
    start = time.perf_counter()
    predictions = classify_pairs([(s1, s2) for s1, s2, _ in rows], fast=fast)
    seconds = time.perf_counter() - start
    result = score_labels([g for _, _, g in rows], [p.label for p in predictions])
    result["model"] = "fast" if fast else "model"
    result["pairs_per_second"] = len(rows) / seconds if seconds > 0 else 0.0
    return result


@click.command("stance")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--fast", is_flag=True, help="Use the USE-only model (faster, less accurate).")
def stance_command(file: str, fast: bool) -> None:
    """Score the stance model on a CSV FILE of s1,s2,stance; the last line is the JSON result."""
    result = evaluate_file(file, fast=fast)
    for label, row in result["classes"].items():
        scores = f"P {row['precision']:.3f}  R {row['recall']:.3f}  F1 {row['f1']:.3f}"
        click.echo(f"{label:<9} {scores}  n {row['support']}")
    click.echo(
        f"macro-F1 {result['macro_f1']:.3f}  accuracy {result['accuracy']:.3f}  pairs {result['pairs']}"
    )
    click.echo(json.dumps(result, ensure_ascii=False))
