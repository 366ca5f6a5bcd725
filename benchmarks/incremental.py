"""Adding articles to an analysed store: what a second run costs next to analysing everything again.

Stores the first BASE SaudiNewsNet articles and analyses them (``analyse_incremental``: per-article
findings and the story index are kept in the store), then stores ADDED more and analyses again, then
(with --full) analyses all BASE+ADDED afresh in a new store. Prints each run's phases (wall and CPU
seconds: per-article stages on new articles, reading stored findings back, each corpus stage), then
one JSON line.

    .venv/bin/python benchmarks/incremental.py [--base 30000] [--added 1000] [--workers 2] [--full]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections.abc import Iterator
from itertools import islice
from pathlib import Path
from typing import Any

from marsad.corpus.model import Corpus
from marsad.document import Document
from marsad.ingest import IngestError, iter_documents
from marsad.pipeline import Pipeline
from marsad.scale.incremental import INDEX_KEY, analyse_new, corpus_version, load_articles
from marsad.stages import default_pipeline
from marsad.store.sqlite import Store

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "saudinewsnet"


def cpu_seconds() -> float:
    """Return the CPU seconds of this process plus its finished children (the workers)."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def documents(folder: Path) -> Iterator[Document]:
    """Yield the SaudiNewsNet articles in file order."""
    for item in iter_documents(sorted(str(p) for p in folder.glob("*.zip"))):
        if not isinstance(item, IngestError):
            yield item


def store_all(store: Store, docs: list[Document]) -> None:
    """Add documents in batches of 500."""
    for start in range(0, len(docs), 500):
        store.add_batch(docs[start : start + 500])


def timed_run(store: Store, pipeline: Pipeline, workers: int) -> dict[str, Any]:
    """Run ``analyse_incremental`` step by step, timing each step."""
    import pickle

    from marsad.scale.incremental import _story_index

    figures: dict[str, Any] = {}

    def clock(name: str, wall: float, cpu: float) -> None:
        figures[name] = {"wall": round(time.perf_counter() - wall, 2), "cpu": round(cpu_seconds() - cpu, 2)}

    wall, cpu = time.perf_counter(), cpu_seconds()
    figures["analysed"] = analyse_new(store, pipeline, workers=workers)
    clock("article_stages", wall, cpu)
    wall, cpu = time.perf_counter(), cpu_seconds()
    articles, _ = load_articles(store, pipeline)
    clock("load_findings", wall, cpu)
    version = corpus_version(pipeline)
    index = _story_index(store, version, articles)
    figures["story_index_reused"] = index is not None
    corpus = Corpus(articles=tuple(articles), extra={INDEX_KEY: index} if index is not None else {})
    for stage in pipeline.corpus_stages:
        wall, cpu = time.perf_counter(), cpu_seconds()
        corpus = stage(corpus)
        clock(stage.name, wall, cpu)
    wall, cpu = time.perf_counter(), cpu_seconds()
    store.save_state(INDEX_KEY, version, pickle.dumps(corpus.extra[INDEX_KEY], protocol=5))
    clock("save_story_index", wall, cpu)
    figures["total"] = {
        "wall": round(sum(v["wall"] for v in figures.values() if isinstance(v, dict)), 2),
        "cpu": round(sum(v["cpu"] for v in figures.values() if isinstance(v, dict)), 2),
    }
    print(json.dumps(figures), flush=True)
    return figures


def main() -> None:
    """Run the three analyses and print the JSON line last."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--base", type=int, default=30000)
    parser.add_argument("--added", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--full", action="store_true", help="also analyse BASE+ADDED from scratch")
    args = parser.parse_args()
    if not args.data.exists():
        sys.exit(f"no data in {args.data}")
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from pipeline import usable_pipeline  # the stand-ins for stages whose model is missing here

    pipeline, skipped = usable_pipeline(default_pipeline())
    docs = list(islice(documents(args.data), args.base + args.added))
    load_before = os.getloadavg()
    result: dict[str, Any] = {"base": args.base, "added": args.added, "skipped_stages": skipped}
    with tempfile.TemporaryDirectory() as folder:
        with Store(Path(folder) / "grown.db") as store:
            store_all(store, docs[: args.base])
            result["first_run"] = timed_run(store, pipeline, args.workers)
            store_all(store, docs[args.base :])
            result["second_run"] = timed_run(store, pipeline, args.workers)
        if args.full:
            with Store(Path(folder) / "full.db") as store:
                store_all(store, docs)
                result["full_run"] = timed_run(store, pipeline, args.workers)
    result["load_average_before"] = [round(x, 2) for x in load_before]
    result["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    first, second = result["first_run"]["total"], result["second_run"]["total"]
    result["second_over_first_cpu"] = round(second["cpu"] / max(first["cpu"], 1e-9), 3)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
