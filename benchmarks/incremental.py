"""Adding articles to an analysed store: what a second run costs next to analysing everything again.

Stores the first BASE SaudiNewsNet articles and analyses them (``analyse_incremental``: per-article
findings and the story index are kept in the store), then stores ADDED more and analyses again, then
(with --full) analyses all BASE+ADDED afresh in a new store. Prints each run's steps (CPU seconds of
this process per step: per-article stages on new articles, reading findings back, each corpus stage,
saving state; the per-article stages' CPU on the workers is in the run's total), the report written
into the store after each run (``report``: streamed, ``marsad.run.save_report_streamed``), then
one JSON line.
The second run recomputes only the stories the new articles joined (``--exact``: every story), and
its report reuses the items of the articles whose evidence did not change (``report.pieces``: the
first run keeps them); ``--no-reuse`` reads every article back and builds the whole report instead.

    .venv/bin/python benchmarks/incremental.py [--base 30000] [--added 1000] [--workers 2] [--full]
    .venv/bin/python benchmarks/incremental.py --cache out/pipeline-31k.db   # BASE findings reused
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import tempfile
import time
from collections.abc import Iterator
from itertools import islice
from pathlib import Path
from typing import Any

from marsad.document import Document
from marsad.ingest import IngestError, iter_documents
from marsad.pipeline import Pipeline
from marsad.run import save_report_streamed
from marsad.scale.incremental import analyse_incremental
from marsad.stages import default_pipeline
from marsad.store.findings import pipeline_version
from marsad.store.sqlite import Store

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "saudinewsnet"
LABEL = "corpus-bench"  # the label benchmarks/pipeline.py --store keeps findings under


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


def timed_run(
    store: Store, pipeline: Pipeline, workers: int, exact: bool = False, reuse: bool = True
) -> dict[str, Any]:
    """Run ``analyse_incremental`` once; return its CPU seconds per step and what it redid."""
    wall, cpu = time.perf_counter(), cpu_seconds()
    corpus, run = analyse_incremental(store, pipeline, workers=workers, exact=exact, read_all=not reuse)
    analysis = {"wall": round(time.perf_counter() - wall, 2), "cpu": round(cpu_seconds() - cpu, 2)}
    report_wall, report_cpu = time.perf_counter(), cpu_seconds()
    # what `marsad analyze --db` then does: the report, kept (reusing unchanged articles' items)
    written = save_report_streamed(store, corpus, reuse=pipeline if reuse else None)
    report = {
        "wall": round(time.perf_counter() - report_wall, 2),
        "cpu": round(cpu_seconds() - report_cpu, 2),
        "articles_rebuilt": written.rebuilt if reuse else written.articles,
    }
    digest = hashlib.sha256()
    with store.latest_report_body() as body:  # the A/B runs must write the same report
        assert body is not None
        while chunk := body[1].read(1 << 20):
            digest.update(chunk)
    figures: dict[str, Any] = {
        "analysed": run.analysed,
        "reused": run.reused,
        "story_index_reused": run.story_index_reused,
        "stories_redone": run.stories_redone,
        "stories_reused": run.stories_reused,
        "read_back": run.read_back,
        "cpu_seconds_per_step": run.seconds,  # this process; per-article stages on workers not included
        "analysis": analysis,
        "report": report,
        "total": {"wall": round(time.perf_counter() - wall, 2), "cpu": round(cpu_seconds() - cpu, 2)},
        "articles": written.articles,
        "report_sha256": digest.hexdigest()[:16],
        "stories": len(corpus.stories),
    }
    print(json.dumps(figures), flush=True)
    return figures


def seed_from_cache(store: Store, cache: Path, docs: list[Document], version: str) -> None:
    """Store documents with findings a earlier run kept (``benchmarks/pipeline.py --store``)."""
    store_all(store, docs)
    with Store(cache) as source:
        rows = [(doc.id, blob) for doc, blob in source.analysed(LABEL, [d.id for d in docs])]
    for start in range(0, len(rows), 500):
        store.save_analyses(version, rows[start : start + 500])


def main() -> None:
    """Run the three analyses and print the JSON line last."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--base", type=int, default=30000)
    parser.add_argument("--added", type=int, default=1000)
    parser.add_argument(
        "--offset",
        type=int,
        default=0,
        help="skip this many articles first: with --base B --offset K the same ADDED articles follow a "
        "smaller base (e.g. --base 4000 --offset 24900 adds the articles --base 28900 adds)",
    )
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--full", action="store_true", help="also analyse BASE+ADDED from scratch")
    parser.add_argument("--exact", action="store_true", help="second run recomputes every corpus stage")
    parser.add_argument(
        "--no-reuse", action="store_true", help="read every article back and build the whole report"
    )
    parser.add_argument(
        "--ab",
        action="store_true",
        help="also run the second run without reuse, on a copy of the store after the first (A/B)",
    )
    parser.add_argument(
        "--cache",
        type=Path,
        help="a store kept by benchmarks/pipeline.py --store: the BASE articles' findings come from it "
        "(their per-article stages are not rerun); the ADDED articles are analysed for real",
    )
    args = parser.parse_args()
    if not args.data.exists() and not args.cache:
        sys.exit(f"no data in {args.data}")
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from pipeline import usable_pipeline  # the stand-ins for stages whose model is missing here

    pipeline, skipped = usable_pipeline(default_pipeline())
    if args.cache:
        with Store(args.cache) as source:
            docs = list(islice(source.documents(), args.offset, args.offset + args.base + args.added))
    else:
        docs = list(islice(documents(args.data), args.offset, args.offset + args.base + args.added))
    load_before = os.getloadavg()
    result: dict[str, Any] = {
        "base": args.base,
        "added": args.added,
        "offset": args.offset,
        "reuse": not args.no_reuse,
        "skipped_stages": skipped,
    }
    with tempfile.TemporaryDirectory() as folder:
        with Store(Path(folder) / "grown.db") as store:
            if args.cache:
                seed_from_cache(
                    store, args.cache, docs[: args.base], pipeline_version(pipeline.article_stages)
                )
            else:
                store_all(store, docs[: args.base])
            reuse = not args.no_reuse
            result["first_run"] = timed_run(store, pipeline, args.workers, reuse=reuse)
            if args.ab:
                store.backup(Path(folder) / "copy.db")
            store_all(store, docs[args.base :])
            result["second_run"] = timed_run(store, pipeline, args.workers, exact=args.exact, reuse=reuse)
        if args.ab:
            with Store(Path(folder) / "copy.db") as store:
                store_all(store, docs[args.base :])
                result["second_run_without_reuse"] = timed_run(
                    store, pipeline, args.workers, exact=args.exact, reuse=False
                )
        if args.full:
            with Store(Path(folder) / "full.db") as store:
                store_all(store, docs)
                result["full_run"] = timed_run(store, pipeline, args.workers)
    result["load_average_before"] = [round(x, 2) for x in load_before]
    result["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    first, second = result["first_run"]["total"], result["second_run"]["total"]
    if args.ab:
        same = result["second_run"]["report_sha256"] == result["second_run_without_reuse"]["report_sha256"]
        result["ab_same_report"] = same
    result["second_over_first_cpu"] = round(second["cpu"] / max(first["cpu"], 1e-9), 3)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
