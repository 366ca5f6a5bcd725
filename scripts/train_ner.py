"""Train the shipped Arabic NER model (make train-ner): the neural tagger, or the CRF baseline.

    python scripts/train_ner.py                  # neural: vectors, network, ner.npz, score test.txt
    python scripts/train_ner.py --score-only     # rescore the shipped neural model
    python scripts/train_ner.py --without cues --out DIR --record FILE   # neural ablation run
    python scripts/train_ner.py --crf --out DIR  # the two-pass CRF baseline (below) into DIR
    python scripts/train_ner.py --crf --ablation --out DIR   # CRF ablation of feature families

Neural: word vectors (PPMI + SVD) are learnt from the SaudiNewsNet zips, the network (needs torch,
a training-only extra) is trained on the first 90 % of ANERcorp train.txt and the epoch that
scores best on the last 10 % (dev) is exported to numpy. Only ``train.txt`` is learnt from;
``test.txt`` is read to report the score after training. Seeds are fixed and torch runs on one
thread, so a rerun on this machine gives the same model.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from pathlib import Path
from typing import Any

from marsad.evaluate.ner import read_conll
from marsad.extract.ner.clusters import learn_clusters, parse_clusters, read_saudinewsnet, save_clusters
from marsad.extract.ner.encode import FAMILIES
from marsad.extract.ner.features import ALL_FAMILIES, FeatureConfig
from marsad.extract.ner.lexicon import load_lexicon, parse_known, save_known
from marsad.extract.ner.tagger import (
    CLUSTERS_FILE,
    CONFIG_FILE,
    FIRST_FILE,
    KNOWN_FILE,
    SECOND_FILE,
    Tagger,
    first_pass_config,
    open_crf,
)
from marsad.extract.ner.train import DEFAULT_PARAMS, score_tagger, split_dev, train_two_pass

ROOT = Path(__file__).resolve().parents[1]
SEED = 13
VERSION = "1"


def _log(message: str) -> None:
    """Print progress to stderr so stdout stays for results."""
    print(f"[train_ner {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def _fit_and_score(
    train: list[Any], evals: dict[str, list[Any]], config: FeatureConfig, workdir: Path, jobs: int
) -> tuple[dict[str, Any], Path, Path]:
    """Train both passes into ``workdir`` and score them on each named evaluation set."""
    first, second = workdir / FIRST_FILE, workdir / SECOND_FILE
    started = time.perf_counter()
    final = train_two_pass(train, config, first, second, DEFAULT_PARAMS, jobs=jobs)
    seconds = time.perf_counter() - started
    (workdir / KNOWN_FILE).parent.mkdir(parents=True, exist_ok=True)
    save_known(final.known, workdir / KNOWN_FILE)
    crf2 = open_crf(second) if "memory" in config.families else None
    tagger = Tagger(open_crf(first), crf2, final, {})
    scores: dict[str, Any] = {"train_seconds": round(seconds, 1)}
    for name, sents in evals.items():
        scores[name] = score_tagger(tagger, sents)
        _log(f"{name}: micro {scores[name]['micro']}")
    return scores, first, second


def neural_main(args: argparse.Namespace) -> None:
    """Train, export and score the neural tagger."""
    from marsad.extract.ner.train_neural import train_shipped

    meta = train_shipped(
        args.data,
        args.out,
        SEED,
        args.score_only,
        _log,
        epochs=args.epochs,
        vectors_cache=args.vectors_cache,
        hidden=args.hidden,
        without=frozenset(args.without),
        init=args.init,
        lr=args.lr,
        average_init=args.average_init,
    )
    if args.record is not None:
        record_run(args.record, meta)
    print(json.dumps({"test": meta["test"]["micro"], "dev": meta.get("dev_f1")}))


def run_summary(meta: dict[str, Any]) -> dict[str, Any]:
    """The dev and test figures of one neural run, per type, as the ablation table reads them."""

    def figures(scores: dict[str, Any]) -> dict[str, Any]:
        """Micro and per-type F1 (with P/R for micro) of one score dict."""
        micro = {k: scores["micro"][k] for k in ("precision", "recall", "f1")}
        return {"micro": micro, "per_type_f1": {t: v["f1"] for t, v in scores["per_type"].items()}}

    return {
        "without": meta.get("without", []),
        "best_epoch": meta.get("best_epoch"),
        "max_epochs": meta.get("max_epochs"),
        "memory_boost": meta["memory_boost"],
        "dev": figures(meta["dev"]),
        "dev_without_memory": figures(meta["dev_without_memory"]),
        "test": figures(meta["test"]),
        "test_without_memory_f1": meta["test_without_memory"]["f1"],
        "train_cpu_seconds": meta.get("train_cpu_seconds"),
    }


def record_run(path: Path, meta: dict[str, Any]) -> None:
    """Merge this run's figures into the ablation JSON under a name saying what was removed."""
    removed = meta.get("without", [])
    name = "without " + " + ".join(removed) if removed else "all families"
    rows = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    rows[name] = run_summary(meta)
    path.write_text(json.dumps(rows, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def main() -> None:
    """Parse arguments and run the training."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--out", type=Path, default=ROOT / "src" / "marsad" / "models" / "ner")
    parser.add_argument(
        "--dev", action="store_true", help="CRF: also score a model trained on 90 %% of train"
    )
    parser.add_argument("--score-only", action="store_true", help="rescore the shipped model, no training")
    parser.add_argument(
        "--ablation", action="store_true", help="only run the ablation (writes ablation.json)"
    )
    parser.add_argument(
        "--ablation-iterations", type=int, default=100, help="L-BFGS iterations per ablation run"
    )
    parser.add_argument("--rebuild-clusters", action="store_true", help="relearn the word clusters")
    parser.add_argument("--jobs", type=int, default=2, help="CRF trainings run in parallel")
    parser.add_argument("--epochs", type=int, default=30, help="neural: most epochs (best on dev kept)")
    parser.add_argument("--vectors-cache", type=Path, help="neural: .npz to reuse (or save) the word vectors")
    parser.add_argument("--hidden", type=int, default=64, help="neural: LSTM hidden size per direction")
    parser.add_argument(
        "--without",
        action="append",
        default=[],
        choices=FAMILIES,
        help="neural: remove an input family (repeatable; ablation, write with --out elsewhere)",
    )
    parser.add_argument(
        "--init", type=Path, help="neural: continue training from this ner.npz (warm restart)"
    )
    parser.add_argument(
        "--average-init",
        action="store_true",
        help="neural: ship the average of --init's weights and the new ones",
    )
    parser.add_argument("--lr", type=float, default=2e-3, help="neural: Adam learning rate")
    parser.add_argument("--record", type=Path, help="neural: merge the run's dev/test figures into this JSON")
    parser.add_argument("--crf", action="store_true", help="train the two-pass CRF baseline instead")
    args = parser.parse_args()
    if not args.crf:
        neural_main(args)
        return

    out: Path = args.out
    (out / "data").mkdir(parents=True, exist_ok=True)
    clusters_path = out / CLUSTERS_FILE
    if args.rebuild_clusters or not clusters_path.exists():
        _log("learning word clusters from SaudiNewsNet")
        table, sizes = learn_clusters(read_saudinewsnet(args.data / "saudinewsnet"), seed=SEED)
        save_clusters(table, sizes, clusters_path)
    clusters = parse_clusters(clusters_path.read_text(encoding="utf-8"))
    config = FeatureConfig(families=ALL_FAMILIES, clusters=clusters, lexicon=load_lexicon())

    train, _ = read_conll(args.data / "anercorp" / "train.txt", "anercorp")
    test, _ = read_conll(args.data / "anercorp" / "test.txt", "anercorp")
    if args.ablation:
        with tempfile.TemporaryDirectory() as tmp:
            params = {**DEFAULT_PARAMS, "max_iterations": args.ablation_iterations}
            rows = _ablation(train, test, config, Path(tmp), args.jobs, params)
        (out / "ablation.json").write_text(json.dumps(rows, indent=1) + "\n", encoding="utf-8")
        print(json.dumps(rows))
        return
    meta: dict[str, Any] = {
        "version": VERSION,
        "trained": dt.date.today().isoformat(),
        "seed": SEED,
        "families": sorted(config.families),
        "params": DEFAULT_PARAMS,
        "data": "ANERcorp train.txt (CAMeL Lab split), 4,285 sentences",
        "command": "python scripts/train_ner.py",
    }
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        if args.dev:
            part, dev = split_dev(train)
            _log(f"dev run: {len(part)} train / {len(dev)} dev sentences")
            (work / "dev").mkdir()
            dev_scores, _, _ = _fit_and_score(part, {"dev": dev}, config, work / "dev", args.jobs)
            meta["dev"] = dev_scores["dev"]
        if not args.score_only:
            _log("training the shipped model on all of train.txt")
            (work / "full").mkdir()
            scores, first, second = _fit_and_score(train, {"test": test}, config, work / "full", args.jobs)
            shutil.copyfile(first, out / FIRST_FILE)
            shutil.copyfile(second, out / SECOND_FILE)
            shutil.copyfile(work / "full" / KNOWN_FILE, out / KNOWN_FILE)
            meta["train_seconds"] = scores["train_seconds"]
    final = replace(config, known=parse_known((out / KNOWN_FILE).read_text(encoding="utf-8")))
    tagger = Tagger(open_crf(out / FIRST_FILE), open_crf(out / SECOND_FILE), final, {})
    meta["test"] = score_tagger(tagger, test)
    meta["test_pass_one_only"] = score_tagger(replace(tagger, second=None), test)["micro"]
    (out / CONFIG_FILE).write_text(json.dumps(meta, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(json.dumps({"test": meta["test"]["micro"], "dev": meta.get("dev", {}).get("micro")}))


def _ablation_one(args: tuple[list[Any], list[Any], FeatureConfig, Path, dict[str, Any]]) -> float:
    """Train pass one alone with the given families and return its test micro-F1 (worker)."""
    train, test, config, path, params = args
    final = train_two_pass(train, config, path, path.with_suffix(".unused"), params, jobs=1)
    return float(score_tagger(Tagger(open_crf(path), None, final, {}), test)["micro"]["f1"])


def _ablation(
    train: list[Any], test: list[Any], config: FeatureConfig, work: Path, jobs: int, params: dict[str, Any]
) -> dict[str, Any]:
    """Test micro-F1 of pass one with every family, and without each family in turn.

    Families are removed from pass one only (retraining both passes per family takes too long
    on this machine); the shipped config.json holds what pass two adds on top of pass one.
    """
    base = first_pass_config(config)
    tasks = [(train, test, base, work / "pass1.crfsuite", params)]
    names = ["pass one (all families)"]
    for family in sorted(base.families):
        reduced = replace(base, families=base.families - {family})
        tasks.append((train, test, reduced, work / f"no-{family}.crfsuite", params))
        names.append(f"pass one without {family}")
    _log(f"ablation: {len(tasks)} single-pass trainings")
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        scores = list(pool.map(_ablation_one, tasks))
    return {"max_iterations": params["max_iterations"], **dict(zip(names, scores, strict=True))}


if __name__ == "__main__":
    main()
