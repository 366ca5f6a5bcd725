"""The whole default pipeline over SaudiNewsNet: ingest, every per-article and corpus stage, the report.

Prints one line per phase, then one JSON line: articles, articles/s (wall clock and per CPU-second
of this process and its workers), peak resident memory of this process plus its workers (sampled),
the load average before and after (the machine is shared), and wall / CPU seconds per stage (per-article
stages: CPU seconds summed over the workers).

    .venv/bin/python benchmarks/pipeline.py [--limit N] [--workers 2] [--data ../shared/data/saudinewsnet]
    .venv/bin/python benchmarks/pipeline.py --limit 2000 --profile out/pipeline.prof   # cProfile, 1 process
    .venv/bin/python benchmarks/pipeline.py --store out/pipeline-31k.db   # keep the store and findings

Ingest and the per-article stages run as one phase (``marsad.scale.flow.stream_articles``): each
batch of 500 stored documents goes to the workers while the next is read; the workers also encode
each article's findings, which the parent saves in the store (``parent_cpu_seconds``: the parent's
own CPU per step). Then the corpus stages, saving their state for incremental runs, and the report,
streamed into the store (``marsad.run.save_report_streamed``). Peak memory is sampled every 0.25 s
over the process tree as summed RSS (pages shared by forked workers counted once per process), and
every 2 s as summed PSS (shared pages split between their sharers), overall and per phase.

Session 4 (issue 7), ``--limit 4000 --workers 2`` on the shared 2-core machine (load 4-6), the code
before (commit 1b14d7f~1, run from a ``git archive`` copy) and after this session's per-article
changes: ingest+articles 117.7 CPU-s / 226.6 s wall before; after 64.8 CPU-s / 112.3 s, and 74.7 CPU-s
/ 138.6 s in a second run (parent ``stream`` 14.9 CPU-s of it). The per-article findings are the same
(first 2,000 articles, encoded, byte-identical; quotes, dates and events benchmarks unchanged).

With ``--store`` the store is kept, every article's findings in it (relabelled ``corpus-bench`` at
the end, for ``benchmarks/corpus.py --cache``).
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import json
import os
import sqlite3
import sys
import tempfile
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psutil

from marsad.corpus.model import Corpus
from marsad.document import Article, Document
from marsad.pipeline import ArticleStage, CorpusStage, Pipeline
from marsad.run import save_report_streamed
from marsad.scale.flow import run_corpus_stages, stream_articles
from marsad.scale.incremental import corpus_version, keep_state
from marsad.stages import default_pipeline
from marsad.store.sqlite import Store

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "saudinewsnet"
TIMES = "_stage_seconds"
LABEL = "corpus-bench"  # findings saved under this label by --store (benchmarks/corpus.py reads them)


class PeakMemory:
    """Sample the memory of this process and all its children until stopped, overall and per phase.

    RSS summed over the processes counts pages the forked workers share with the parent (and each
    other) once per process, so it overstates what the tree holds; PSS (proportional set size) splits
    each shared page among its sharers, so its sum is the tree's real footprint. Both are kept.
    RSS is read every ``every`` seconds (cheap: /proc/PID/statm); PSS and the list of child processes
    every ``pss_every`` seconds, since reading PSS walks every page of a process (~30 CPU-ms per GiB,
    which at 4 samples a second took a quarter of a core from the run it measured).
    """

    def __init__(self, every: float = 0.25, pss_every: float = 2.0) -> None:
        self.every = every
        self.pss_every = pss_every
        self.peak = 0
        self.peak_pss = 0
        self.phases: dict[str, dict[str, int]] = {}
        self._phase = "start"
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self._me = psutil.Process()
        self._processes: list[psutil.Process] = [self._me]
        self._pss = 0
        self._pss_at = 0.0

    def enter(self, name: str) -> None:
        """Charge the samples from now on to phase ``name`` (the next sample reads PSS afresh)."""
        self._pss_at = 0.0
        self._phase = name

    def _sample(self) -> tuple[int, int, int]:
        """Return RSS of the tree, PSS of the tree (last read) and RSS of this process alone."""
        now = time.monotonic()
        full = now - self._pss_at >= self.pss_every
        if full:
            with contextlib.suppress(psutil.Error):
                self._processes = [self._me, *self._me.children(recursive=True)]
        rss = pss = mine = 0
        for process in self._processes:
            try:
                if full:
                    info = process.memory_full_info()
                    pss += info.pss
                else:
                    info = process.memory_info()
            except psutil.Error:
                continue
            rss += info.rss
            if process.pid == self._me.pid:
                mine = info.rss
        if full:
            self._pss, self._pss_at = pss, now
            return rss, pss, mine
        return rss, min(self._pss, rss), mine

    def _watch(self) -> None:
        """Keep the largest sums, overall and for the current phase."""
        while not self._stop.is_set():
            rss, pss, mine = self._sample()
            self.peak, self.peak_pss = max(self.peak, rss), max(self.peak_pss, pss)
            figures = self.phases.setdefault(self._phase, {"rss": 0, "pss": 0, "parent_rss": 0})
            for key, value in (("rss", rss), ("pss", pss), ("parent_rss", mine)):
                figures[key] = max(figures[key], value)
            self._stop.wait(self.every)

    def mib(self) -> dict[str, dict[str, int]]:
        """Per-phase peaks in MiB."""
        return {name: {k: round(v / 2**20) for k, v in f.items()} for name, f in self.phases.items()}

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


def charge(article: Article, stage: str, seconds: float) -> None:
    """Add CPU seconds a stage spent on an article to what the article carries."""
    spent = article.extra.setdefault(TIMES, {})
    spent[stage] = spent.get(stage, 0.0) + seconds


@dataclass(frozen=True)
class TimedRun:
    """A stage body that records on each article the CPU seconds the stage spent on it (picklable)."""

    stage: ArticleStage

    def __call__(self, article: Article) -> Article:
        start = time.process_time()
        result = self.stage.run(article)
        charge(result, self.stage.name, time.process_time() - start)
        return result


@dataclass(frozen=True)
class TimedRunMany:
    """A batched stage body that charges each article an equal share of the chunk's CPU seconds."""

    stage: ArticleStage

    def __call__(self, articles: Sequence[Article]) -> list[Article]:
        start = time.process_time()
        results = self.stage.over(articles)
        share = (time.process_time() - start) / max(1, len(results))
        for result in results:
            charge(result, self.stage.name, share)
        return results


def timed_article_stage(stage: ArticleStage) -> ArticleStage:
    """Wrap a stage so each article carries the CPU seconds each stage spent on it (batched stays batched)."""
    many = TimedRunMany(stage) if stage.run_many is not None else None
    return ArticleStage(stage.name, TimedRun(stage), stage.requires, stage.assigns, many)


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


def phase(name: str, figures: dict[str, Any], memory: PeakMemory) -> Callable[[], None]:
    """Start timing a phase; the returned function records its wall and CPU seconds."""
    memory.enter(name)
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
    article_cpu: dict[str, float] = defaultdict(float)
    seen = [0]

    def observe(article: Article) -> None:
        """Add up the CPU seconds each per-article stage spent on this article (in its worker)."""
        for name, seconds in article.extra.pop(TIMES, {}).items():
            article_cpu[name] += seconds
        seen[0] += 1
        if seen[0] % 5000 == 0:
            print(f"  {seen[0]} articles", flush=True)

    with (
        tempfile.TemporaryDirectory() as tmp,
        PeakMemory() as memory,
        Store(args.store or Path(tmp) / "b.db") as store,
    ):
        # Ingest and per-article stages overlap: each stored batch goes to the workers at once.
        done = phase("ingest+articles", phases, memory)
        articles, flow = stream_articles(
            store, zips, pipeline, workers=args.workers, limit=args.limit, observe=observe, lazy=args.lazy
        )
        done()
        done = phase("corpus", phases, memory)
        corpus = run_corpus_stages(store, pipeline, articles, flow, keep=False)
        done()
        done = phase("save_state", phases, memory)
        corpus = keep_state(store, corpus_version(pipeline), corpus)
        done()
        done = phase("report", phases, memory)
        save_report_streamed(store, corpus)
        done()
    if args.store:  # benchmarks/corpus.py --cache reads the findings under its fixed label
        with sqlite3.connect(args.store) as db:
            db.execute("UPDATE analyses SET version = ?", (LABEL,))
    wall, cpu = time.perf_counter() - started_wall, cpu_seconds() - started_cpu
    return {
        "articles": len(corpus.articles),
        "read": flow.read,
        "workers": flow.workers,
        "articles_per_second": round(len(corpus.articles) / wall, 1),
        "articles_per_cpu_second": round(len(corpus.articles) / cpu, 1),
        "wall_seconds": round(wall, 1),
        "cpu_seconds": round(cpu, 1),
        "peak_rss_mib": round(memory.peak / 2**20),
        "peak_pss_mib": round(memory.peak_pss / 2**20),
        "peak_mib_per_phase": memory.mib(),
        "load_average_before": [round(x, 2) for x in load_before],
        "load_average_after": [round(x, 2) for x in os.getloadavg()],
        "phases": phases,
        "parent_cpu_seconds": flow.seconds,
        "article_stage_cpu_seconds": {k: round(v, 2) for k, v in article_cpu.items()},
        "corpus_stages": corpus_times,
        "skipped_stages": skipped,
        "lazy_tokens": args.lazy,
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
    parser.add_argument(
        "--store",
        type=Path,
        help="keep the store here, with every article's findings (relabelled corpus-bench at the end)",
    )
    parser.add_argument(
        "--lazy", action="store_true", help="keep tokens packed in the parent (less memory, more CPU)"
    )
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
