"""The corpus stages over growing slices of SaudiNewsNet: seconds per stage and how they grow.

The per-article analysis of all 31k articles is computed once and kept in a SQLite store (default
``out/corpus-bench.db``, findings saved under the label ``corpus-bench`` whatever the code version,
so reruns only pay for the corpus stages). For each size N the first N analysed articles (stored
order) are read back, then resolve, stories, timeline, compare, framing and summary run on them;
each stage's wall and CPU seconds are printed, then the growth exponent of each stage's CPU time
(least-squares slope of log time on log N: 1.0 is linear), then one JSON line.

    .venv/bin/python benchmarks/corpus.py [--sizes 4000,8000,16000,0] [--cache out/corpus-bench.db]
    .venv/bin/python benchmarks/corpus.py --build-only --workers 2     # fill the cache, print stage ms
    .venv/bin/python benchmarks/corpus.py --sizes 31030 --profile out/corpus.prof
    .venv/bin/python benchmarks/corpus.py --sizes 4000 --dump out/findings   # out/findings.4000.txt

``--dump`` writes every finding of the corpus stages (entities, stories with their events, timelines,
claim groups, framing and summaries, and the stages' ``extra``) as text, one per line, so two code
versions can be diffed: a speed-up must leave that file byte for byte unchanged. Run both sides with
the same ``PYTHONHASHSEED`` (e.g. 0): two unseeded runs of the same code once differed in one
agreement group of 4,000 articles (it took another outlet's copy of the same sentence); the likely
cause is that claim alignment sums IDF weights over stem sets in set order, which follows the string
hash, so exact ties can fall either way (seeds 0 and 1 gave identical files).
"""

from __future__ import annotations

import argparse
import cProfile
import json
import math
import os
import sys
import time
from collections import defaultdict
from itertools import islice
from pathlib import Path
from typing import Any

from marsad.corpus.model import Corpus
from marsad.corpus.stories import INDEX_KEY
from marsad.document import Article
from marsad.pipeline import Pipeline
from marsad.run import ingest
from marsad.scale.compact import TokenCache
from marsad.scale.local import analyse_parallel
from marsad.scale.memory import bulk_build
from marsad.stages import default_pipeline
from marsad.store.findings import decode, encode
from marsad.store.sqlite import Store

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "saudinewsnet"
LABEL = "corpus-bench"  # findings kept under this label, not the code version: reruns reuse them
SAVE_EVERY = 500

sys.path.insert(0, str(Path(__file__).resolve().parent))
from pipeline import TIMES, timed_article_stage, usable_pipeline  # noqa: E402


def cpu_seconds() -> float:
    """Return the CPU seconds of this process plus its finished children (the workers)."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def build_cache(store: Store, data: Path, workers: int) -> dict[str, Any]:
    """Ingest SaudiNewsNet if the store is empty, analyse what has no cached findings, keep them."""
    figures: dict[str, Any] = {}
    if store.count() == 0:
        wall, cpu = time.perf_counter(), cpu_seconds()
        ingest(store, sorted(str(p) for p in data.glob("*.zip")))
        figures["ingest"] = {
            "wall": round(time.perf_counter() - wall, 1),
            "cpu": round(cpu_seconds() - cpu, 1),
        }
    base, skipped = usable_pipeline(default_pipeline())
    stages = tuple(timed_article_stage(s) for s in base.article_stages)
    stage_cpu: dict[str, float] = defaultdict(float)
    pending: list[tuple[str, bytes]] = []
    count = 0
    wall, cpu = time.perf_counter(), cpu_seconds()
    for article in analyse_parallel(stages, store.unanalysed(LABEL), workers=workers):
        for name, seconds in article.extra.pop(TIMES, {}).items():
            stage_cpu[name] += seconds
        pending.append((article.doc.id, encode(article)))
        count += 1
        if len(pending) >= SAVE_EVERY:
            store.save_analyses(LABEL, pending)
            pending.clear()
            print(f"  {count} analysed, {time.perf_counter() - wall:.0f} s", flush=True)
    if pending:
        store.save_analyses(LABEL, pending)
    if count:
        figures["analysed"] = count
        figures["articles_phase"] = {
            "wall": round(time.perf_counter() - wall, 1),
            "cpu": round(cpu_seconds() - cpu, 1),
        }
        figures["stage_cpu_ms_per_article"] = {k: round(1000 * v / count, 2) for k, v in stage_cpu.items()}
        figures["skipped_stages"] = skipped
        print(json.dumps(figures), flush=True)
    return figures


def read_back(store: Store, size: int) -> list[Article]:
    """Decode the first ``size`` cached analyses (0: all) sharing token strings."""
    cache = TokenCache()
    rows = store.analysed(LABEL)
    with bulk_build():
        return [decode(blob, doc, cache) for doc, blob in (islice(rows, size) if size else rows)]


def dump_findings(corpus: Corpus, path: Path) -> None:
    """Write every corpus-stage finding as text, so two code versions can be diffed for equality."""
    with path.open("w", encoding="utf-8") as out:
        for entity in corpus.entities:
            out.write(f"{entity!r}\n")
        for story in corpus.stories:
            out.write(f"{story!r}\n")
        for dup in corpus.duplicates:
            out.write(f"{dup!r}\n")
        for key in sorted(corpus.extra):
            if key != INDEX_KEY:
                out.write(f"{key}: {corpus.extra[key]!r}\n")


def run_corpus(
    pipeline: Pipeline, articles: list[Article], dump: Path | None = None
) -> dict[str, dict[str, float]]:
    """Run each corpus stage in order and return its wall and CPU seconds."""
    times: dict[str, dict[str, float]] = {}
    corpus = Corpus(articles=tuple(articles))
    for stage in pipeline.corpus_stages:
        wall, cpu = time.perf_counter(), time.process_time()
        corpus = stage(corpus)
        times[stage.name] = {
            "wall": round(time.perf_counter() - wall, 2),
            "cpu": round(time.process_time() - cpu, 2),
        }
        print(f"    {stage.name}: {times[stage.name]}", flush=True)
    times["_stories"] = {"count": len(corpus.stories), "entities": len(corpus.entities)}
    if dump is not None:
        dump_findings(corpus, dump)
    return times


def growth(sizes: list[int], seconds: list[float]) -> float | None:
    """Return the least-squares slope of log(seconds) on log(size): 1 is linear, 2 quadratic."""
    points = [(math.log(n), math.log(s)) for n, s in zip(sizes, seconds, strict=True) if n > 0 and s > 0]
    if len(points) < 2:
        return None
    mx = sum(x for x, _ in points) / len(points)
    my = sum(y for _, y in points) / len(points)
    var = sum((x - mx) ** 2 for x, _ in points)
    return round(sum((x - mx) * (y - my) for x, y in points) / var, 2) if var else None


def measure(store: Store, sizes: list[int], dump: Path | None = None) -> dict[str, Any]:
    """Time read-back and every corpus stage at each size; fit each stage's growth exponent."""
    pipeline, _ = usable_pipeline(default_pipeline())
    available = store.analysed_count(LABEL)
    runs: dict[int, dict[str, Any]] = {}
    for size in sizes:
        n = min(size, available) if size else available
        print(f"{n} articles", flush=True)
        wall, cpu = time.perf_counter(), time.process_time()
        articles = read_back(store, n)
        stage_times: dict[str, Any] = {
            "read_back": {
                "wall": round(time.perf_counter() - wall, 2),
                "cpu": round(time.process_time() - cpu, 2),
            }
        }
        print(f"    read_back: {stage_times['read_back']}", flush=True)
        stage_times.update(run_corpus(pipeline, articles, dump.with_suffix(f".{n}.txt") if dump else None))
        corpus_cpu = sum(
            v["cpu"] for k, v in stage_times.items() if not k.startswith("_") and k != "read_back"
        )
        corpus_wall = sum(
            v["wall"] for k, v in stage_times.items() if not k.startswith("_") and k != "read_back"
        )
        stage_times["corpus_stages_total"] = {"wall": round(corpus_wall, 2), "cpu": round(corpus_cpu, 2)}
        print(f"    corpus stages total: {stage_times['corpus_stages_total']}", flush=True)
        runs[n] = stage_times
        del articles
    ns = sorted(runs)
    names = [k for k in runs[ns[-1]] if not k.startswith("_")]
    exponents = {name: growth(ns, [runs[n][name]["cpu"] for n in ns]) for name in names}
    print("growth exponents (CPU):", exponents, flush=True)
    return {"sizes": ns, "runs": {str(n): runs[n] for n in ns}, "growth_exponent_cpu": exponents}


def main() -> None:
    """Fill the cache if needed, time the corpus stages at each size, print the JSON line last."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--cache", type=Path, default=ROOT / "out" / "corpus-bench.db")
    parser.add_argument("--sizes", default="4000,8000,16000,0", help="article counts (0: all cached)")
    parser.add_argument("--workers", type=int, default=2, help="processes for filling the cache")
    parser.add_argument("--build-only", action="store_true", help="fill the cache and stop")
    parser.add_argument("--no-build", action="store_true", help="use only what the cache holds")
    parser.add_argument("--profile", type=Path, help="write cProfile stats of the measurements here")
    parser.add_argument("--dump", type=Path, help="write every finding to DUMP.<size>.txt (for diffing)")
    args = parser.parse_args()
    if not args.data.exists() and not args.cache.exists():
        sys.exit(f"no data in {args.data} and no cache at {args.cache}")
    args.cache.parent.mkdir(parents=True, exist_ok=True)
    load_before = os.getloadavg()
    with Store(args.cache) as store:
        built = {} if args.no_build else build_cache(store, args.data, args.workers)
        if args.build_only:
            return
        sizes = [int(s) for s in args.sizes.split(",")]
        if args.profile:
            profiler = cProfile.Profile()
            figures = profiler.runcall(measure, store, sizes, args.dump)
            profiler.dump_stats(args.profile)
        else:
            figures = measure(store, sizes, args.dump)
    figures["cache_built_now"] = built
    figures["load_average_before"] = [round(x, 2) for x in load_before]
    figures["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    print(json.dumps(figures, ensure_ascii=False))


if __name__ == "__main__":
    main()
