"""Train the shipped stance models on ANS (train, tuned on dev), ablate on dev, score once on test.

    python scripts/train_stance.py   # writes src/marsad/models/stance/{model,fast}.npz, metrics.json

The final models are refit on train + dev with the hyper-parameters chosen on dev; test.csv is read
only to print the final figure. Fixed seed; about 5 minutes on one core (mostly the e5 encoder).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

from marsad.corpus.stance_features import FAMILIES
from marsad.corpus.stance_model import (
    DIFF_FEATURES,
    LABELS,
    PairInputs,
    StanceModel,
    build_inputs,
    dense_names,
    save_model,
)
from marsad.corpus.stance_train import TrainParams, fit_model
from marsad.evaluate.stance import read_pairs, score_labels

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "ans" / "stance"
OUT = ROOT / "src" / "marsad" / "models" / "stance"
VARIANTS = {"model": ("use", "e5"), "fast": ("use",)}


def main() -> None:
    """Parse arguments, train both variants, write the models and the metrics."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--no-ablation", action="store_true")
    parser.add_argument("--cache", type=Path, help="npz file to keep sentence embeddings between runs")
    args = parser.parse_args()
    if not (args.data / "train.csv").exists():
        sys.exit(f"ANS stance data not found under {args.data}")
    started = time.time()
    splits = {name: read_pairs(args.data / f"{name}.csv") for name in ("train", "dev", "test")}
    cache = _load_cache(args.cache)
    params = TrainParams(seed=args.seed)
    metrics: dict[str, Any] = {"params": _fields(params)}
    for variant, encoders in VARIANTS.items():
        inputs = {
            n: build_inputs([(a, b) for a, b, _ in rows], encoders, cache) for n, rows in splits.items()
        }
        gold = {n: np.array([LABELS.index(g) for _, _, g in rows]) for n, rows in splits.items()}
        dev_model = fit_model(inputs["train"], gold["train"], encoders, params)
        result: dict[str, Any] = {"encoders": list(encoders)}
        result["dev"] = _score(dev_model, inputs["dev"], splits["dev"])
        if not args.no_ablation:
            result["ablation_dev"] = _ablate(inputs, gold, encoders, params, splits["dev"])
        merged = _concat(inputs["train"], inputs["dev"])
        final = fit_model(merged, np.concatenate([gold["train"], gold["dev"]]), encoders, params)
        result["test"] = _score(final, inputs["test"], splits["test"])
        result["test_train_only"] = _score(dev_model, inputs["test"], splits["test"])
        path = args.out / f"{variant}.npz"
        save_model(
            final,
            str(path),
            {"seed": args.seed, "trained_on": "ans train+dev", "date": time.strftime("%Y-%m-%d")},
        )
        result["bytes"] = path.stat().st_size
        metrics[variant] = result
        print(
            f"{variant}: dev {result['dev']['macro_f1']:.3f} test {result['test']['macro_f1']:.3f}",
            flush=True,
        )
    if args.cache:
        _save_cache(args.cache, cache)
    metrics["seconds"] = round(time.time() - started, 1)
    (args.out / "metrics.json").write_text(json.dumps(metrics, ensure_ascii=False, indent=1) + "\n", "utf-8")
    print(json.dumps({v: metrics[v]["test"]["macro_f1"] for v in VARIANTS} | {"seconds": metrics["seconds"]}))


def _load_cache(path: Path | None) -> dict[str, dict[str, Any]]:
    """Read embeddings saved by an earlier run (texts and vectors per encoder)."""
    cache: dict[str, dict[str, Any]] = {}
    if path is None or not path.exists():
        return cache
    with np.load(path, allow_pickle=False) as data:
        for key in data.files:
            if key.endswith("__texts"):
                name = key[: -len("__texts")]
                cache[name] = dict(zip(data[key].tolist(), data[f"{name}__vectors"], strict=True))
    return cache


def _save_cache(path: Path, cache: dict[str, dict[str, Any]]) -> None:
    """Keep the embeddings for the next run."""
    arrays: dict[str, Any] = {}
    for name, table in cache.items():
        arrays[f"{name}__texts"] = np.array(list(table))
        arrays[f"{name}__vectors"] = np.stack(list(table.values()))
    np.savez(path, **arrays)


def _fields(params: TrainParams) -> dict[str, Any]:
    """List a slotted dataclass's fields for the metrics file."""
    return {name: getattr(params, name) for name in params.__slots__}


def _score(model: StanceModel, inputs: PairInputs, rows: list[tuple[str, str, str]]) -> dict[str, Any]:
    """Score a model on prepared inputs."""
    predicted = [LABELS[i] for i in model.predict_proba(inputs).argmax(axis=1)]
    return score_labels([g for _, _, g in rows], predicted)


def _concat(a: PairInputs, b: PairInputs) -> PairInputs:
    """Stack two batches of inputs."""
    return PairInputs(np.vstack([a.dense, b.dense]), np.vstack([a.vectors, b.vectors]))


def _ablate(
    inputs: dict[str, PairInputs],
    gold: dict[str, Any],
    encoders: tuple[str, ...],
    params: TrainParams,
    dev_rows: list[tuple[str, str, str]],
) -> dict[str, float]:
    """Refit without each feature family and report dev macro-F1, to show what each one adds."""
    names = dense_names(encoders)
    groups = {f"-{family}": set(cols) for family, cols in FAMILIES.items()}
    groups["-sentence_cosines"] = {n for n in names if n.startswith("cos_sentence_")}
    groups["-diff_embeddings"] = set(DIFF_FEATURES)
    out: dict[str, float] = {}
    for label, cols in groups.items():
        keep = np.array([n not in cols for n in names])
        masked = {
            k: PairInputs(v.dense * keep, v.vectors) for k, v in inputs.items() if k in ("train", "dev")
        }
        model = fit_model(masked["train"], gold["train"], encoders, params)
        out[label] = round(_score(model, masked["dev"], dev_rows)["macro_f1"], 4)
    blank = {
        k: PairInputs(v.dense, np.zeros_like(v.vectors)) for k, v in inputs.items() if k in ("train", "dev")
    }
    model = fit_model(blank["train"], gold["train"], encoders, params)
    out["-linear_layer"] = round(_score(model, blank["dev"], dev_rows)["macro_f1"], 4)
    return out


if __name__ == "__main__":
    main()
