"""The whole default pipeline over SaudiNewsNet: ingest, every per-article and corpus stage, the report.

Prints one line per phase, then one JSON line: articles, articles/s (wall clock and per CPU-second
of this process and its workers), peak resident memory of this process plus its workers (sampled),
the load average before and after (the machine is shared), and wall / CPU seconds per stage (per-article
stages: CPU seconds summed over the workers).

    .venv/bin/python benchmarks/pipeline.py [--limit N] [--workers 2] [--data ../shared/data/saudinewsnet]
    .venv/bin/python benchmarks/pipeline.py --limit 2000 --profile out/pipeline.prof   # cProfile, 1 process
    .venv/bin/python benchmarks/pipeline.py --store out/pipeline-31k.db   # keep the store and findings

With ``--store`` the store is kept and every article's findings are saved in it as they arrive
(label ``corpus-bench``, read by ``benchmarks/corpus.py --cache``); the encoding and saving are
timed apart (``saving_findings``) and are included in the articles phase.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import sys
import tempfile
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psutil

from marsad.corpus.model import Corpus
from marsad.document import Article, Document
from marsad.pipeline import ArticleStage, CorpusStage, Pipeline
from marsad.report.contract import dumps
from marsad.run import choose_workers, ingest, report_for
from marsad.scale.compact import TokenCache
from marsad.scale.local import analyse_parallel
from marsad.stages import default_pipeline
from marsad.store.findings import encode
from marsad.store.sqlite import Store

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "saudinewsnet"
TIMES = "_stage_seconds"
LABEL = "corpus-bench"  # findings saved under this label by --store (benchmarks/corpus.py reads them)


class PeakMemory:
    """Sample the resident memory of this process and all its children until stopped."""

    def __init__(self, every: float = 0.2) -> None:
        self.every = every
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def _watch(self) -> None:
        """Add up RSS over the process tree at each tick and keep the largest sum."""
        me = psutil.Process()
        while not self._stop.is_set():
            total = 0
            for process in [me, *me.children(recursive=True)]:
                try:
                    total += process.memory_info().rss
                except psutil.Error:
                    continue
            self.peak = max(self.peak, total)
            self._stop.wait(self.every)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def cpu_seconds() -> float:
    """Return the CPU seconds of this process plus its finished (reaped) children."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


@dataclass(frozen=True)
class TimedRun:
    """A stage body that records on each article the CPU seconds the stage spent on it (picklable)."""

    stage: ArticleStage

    def __call__(self, article: Article) -> Article:
        start = time.process_time()
        result = self.stage.run(article)
        spent = result.extra.setdefault(TIMES, {})
        spent[self.stage.name] = spent.get(self.stage.name, 0.0) + time.process_time() - start
        return result


def timed_article_stage(stage: ArticleStage) -> ArticleStage:
    """Wrap a stage so each article carries the CPU seconds each stage spent on it."""
    return ArticleStage(stage.name, TimedRun(stage), stage.requires, stage.assigns)


def timed_corpus_stage(stage: CorpusStage, into: dict[str, dict[str, float]]) -> CorpusStage:
    """Wrap a corpus stage so its wall and CPU seconds are recorded."""

    def run(corpus: Corpus) -> Corpus:
        wall, cpu = time.perf_counter(), time.process_time()
        result = stage.run(corpus)
        into[stage.name] = {
            "wall": round(time.perf_counter() - wall, 2),
            "cpu": round(time.process_time() - cpu, 2),
        }
        print(f"  corpus stage {stage.name}: {into[stage.name]}", flush=True)
        return result

    return CorpusStage(stage.name, run, stage.requires, stage.assigns)


def _skipped(article: Article) -> Article:
    """Stand-in for a stage whose model is not on this machine: it finds nothing."""
    return article


PROBE = Document.create("قال وزير الخارجية محمد العلي في الرياض أمس إن الاجتماع انتهى.", "probe.txt")


def usable_pipeline(base: Pipeline) -> tuple[Pipeline, list[str]]:
    """Replace per-article stages whose model file is missing by stand-ins, and say which."""
    stages, skipped = [], []
    article = Article(doc=PROBE)
    for stage in base.article_stages:
        try:
            article = stage(article)
            stages.append(stage)
        except FileNotFoundError as error:
            print(f"stage {stage.name} cannot run here ({error}): it finds nothing in this run", flush=True)
            stages.append(ArticleStage(stage.name, _skipped, stage.requires, stage.assigns))
            skipped.append(stage.name)
    return Pipeline(tuple(stages), base.corpus_stages), skipped


def limited(docs: Iterator[Document], limit: int) -> Iterator[Document]:
    """Stop after ``limit`` documents (0: all)."""
    for count, doc in enumerate(docs, start=1):
        yield doc
        if limit and count >= limit:
            return


def phase(name: str, figures: dict[str, Any]) -> Callable[[], None]:
    """Start timing a phase; the returned function records its wall and CPU seconds."""
    wall, cpu = time.perf_counter(), cpu_seconds()

    def done() -> None:
        figures[name] = {"wall": round(time.perf_counter() - wall, 2), "cpu": round(cpu_seconds() - cpu, 2)}
        print(f"{name}: {figures[name]}", flush=True)

    return done


def run(args: argparse.Namespace) -> dict[str, Any]:
    """Run every phase on a temporary store and return the figures."""
    zips = sorted(str(p) for p in args.data.glob("*.zip"))
    if not zips:
        sys.exit(f"no zip archives in {args.data}")
    base, skipped = usable_pipeline(default_pipeline())
    corpus_times: dict[str, dict[str, float]] = {}
    pipeline = Pipeline(
        tuple(timed_article_stage(s) for s in base.article_stages),
        tuple(timed_corpus_stage(s, corpus_times) for s in base.corpus_stages),
    )
    phases: dict[str, Any] = {}
    load_before = os.getloadavg()
    started_wall, started_cpu = time.perf_counter(), cpu_seconds()
    if args.store:
        args.store.parent.mkdir(parents=True, exist_ok=True)
        if args.store.exists():
            sys.exit(f"{args.store} exists: the benchmark ingests into a new store")
    saving = {"wall": 0.0, "cpu": 0.0}
    pending: list[tuple[str, bytes]] = []

    def keep(article: Article | None) -> None:
        """Encode an article's findings into the kept store (None: flush), timing it."""
        wall, cpu = time.perf_counter(), time.process_time()
        if article is not None:
            pending.append((article.doc.id, encode(article)))
        if pending and (article is None or len(pending) >= 500):
            store.save_analyses(LABEL, pending)
            pending.clear()
        saving["wall"] += time.perf_counter() - wall
        saving["cpu"] += time.process_time() - cpu

    with (
        tempfile.TemporaryDirectory() as tmp,
        PeakMemory() as memory,
        Store(args.store or Path(tmp) / "b.db") as store,
    ):
        done = phase("ingest", phases)
        for path in zips:  # whole zips, stopping once there are enough articles
            ingest(store, [path])
            if args.limit and store.count() >= args.limit:
                break
        done()
        total = min(store.count(), args.limit) if args.limit else store.count()
        workers = choose_workers(total, args.workers)
        done = phase("articles", phases)
        article_cpu: dict[str, float] = defaultdict(float)
        articles = []
        for article in analyse_parallel(
            pipeline.article_stages,
            limited(store.documents(), args.limit),
            workers=workers,
            cache=TokenCache(),
        ):
            for name, seconds in article.extra.pop(TIMES, {}).items():
                article_cpu[name] += seconds
            articles.append(article)
            if args.store:
                keep(article)
            if len(articles) % 5000 == 0:
                print(f"  {len(articles)} articles", flush=True)
        if args.store:
            keep(None)
        done()
        done = phase("corpus", phases)
        corpus = pipeline.analyse_corpus(articles).with_(duplicates=store.duplicates())
        done()
        done = phase("report", phases)
        report = report_for(store, corpus)
        store.save_report(json.loads(dumps(report)))
        done()
    wall, cpu = time.perf_counter() - started_wall, cpu_seconds() - started_cpu
    return {
        "articles": len(articles),
        "workers": workers,
        "articles_per_second": round(len(articles) / wall, 1),
        "articles_per_cpu_second": round(len(articles) / cpu, 1),
        "wall_seconds": round(wall, 1),
        "cpu_seconds": round(cpu, 1),
        "peak_rss_mib": round(memory.peak / 2**20),
        "load_average_before": [round(x, 2) for x in load_before],
        "load_average_after": [round(x, 2) for x in os.getloadavg()],
        "phases": phases,
        "article_stage_cpu_seconds": {k: round(v, 2) for k, v in article_cpu.items()},
        "corpus_stages": corpus_times,
        "skipped_stages": skipped,
        "saving_findings": {k: round(v, 2) for k, v in saving.items()} if args.store else None,
        "stories": len(corpus.stories),
        "entities": len(corpus.entities),
    }


def main() -> None:
    """Parse options, run the benchmark (optionally under cProfile) and print the JSON line last."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--limit", type=int, default=0, help="analyse only the first N articles (0: all)")
    parser.add_argument("--workers", type=int, default=0, help="processes (0: all cores from 400 articles)")
    parser.add_argument("--profile", type=Path, help="write cProfile stats here (forces one process)")
    parser.add_argument("--store", type=Path, help="keep the store here, with every article's findings")
    args = parser.parse_args()
    if args.profile:
        args.workers = 1
        profiler = cProfile.Profile()
        figures = profiler.runcall(run, args)
        args.profile.parent.mkdir(parents=True, exist_ok=True)
        profiler.dump_stats(args.profile)
    else:
        figures = run(args)
    print(json.dumps(figures, ensure_ascii=False))


if __name__ == "__main__":
    main()
