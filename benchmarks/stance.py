"""Accuracy and speed of the shipped stance models on ANS test; last line: macro-F1 and pairs/s.

    .venv/bin/python benchmarks/stance.py [PATH] [--fast]

Model loading and encoder start-up are timed apart; pairs/s counts cold sentences (each distinct
sentence embedded once, nothing cached from an earlier run).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from marsad.corpus.stance import classify_pairs
from marsad.corpus.stance_embed import embed_texts
from marsad.corpus.stance_model import load_model
from marsad.evaluate.stance import read_pairs, score_labels

DEFAULT = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "ans" / "stance" / "test.csv"


def main() -> None:
    """Classify the split once and report macro-F1 and throughput."""
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    fast = "--fast" in sys.argv
    rows = read_pairs(Path(args[0]) if args else DEFAULT)
    started = time.perf_counter()
    model = load_model("fast" if fast else "model")
    for encoder in model.encoders:
        embed_texts(["تحميل النموذج"], encoder)
    loaded = time.perf_counter()
    predictions = classify_pairs([(a, b) for a, b, _ in rows], fast=fast)
    done = time.perf_counter()
    result = score_labels([g for _, _, g in rows], [p.label for p in predictions])
    distinct = len({s for a, b, _ in rows for s in (a, b)})
    print(f"model: {'fast' if fast else 'model'} ({'+'.join(model.encoders)}), load {loaded - started:.2f} s")
    for label, row in result["classes"].items():
        scores = f"P {row['precision']:.3f}  R {row['recall']:.3f}  F1 {row['f1']:.3f}"
        print(f"{label:<9} {scores}  n {row['support']}")
    print(f"{len(rows)} pairs, {distinct} distinct sentences in {done - loaded:.2f} s")
    print(f"macro-F1 {result['macro_f1']:.3f}  {len(rows) / (done - loaded):.1f} pairs/s")


if __name__ == "__main__":
    main()
