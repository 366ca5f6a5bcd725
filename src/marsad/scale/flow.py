"""Ingest and analyse in one stream: documents go to the workers batch by batch as they are stored.

Ingesting everything before analysing anything left one core idle for the whole ingest (44 s of the
31k run). Here each committed batch's new documents are handed to the worker processes at once,
while the parent reads and stores the next batch. The workers also serialise each article's findings
for the store (``store.findings.encode``), so the parent only writes them; it keeps each article with
its tokens sharing their strings (``TokenCache``) for the corpus stages, whose state is then kept as
``analyse_incremental`` keeps it: a later run over a grown store places only the new articles.
"""

from __future__ import annotations

import itertools
import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from marsad.corpus.model import Corpus
from marsad.document import Article, Document
from marsad.ingest import IngestError, iter_documents
from marsad.pipeline import Pipeline
from marsad.scale.compact import TokenCache
from marsad.scale.fresh import Observer, analyse_and_keep, chunked
from marsad.scale.incremental import corpus_version, keep_state, read_back
from marsad.stages import default_pipeline
from marsad.store.findings import pipeline_version
from marsad.store.open import AnyStore

BATCH_SIZE = 500  # documents per ingest transaction, and per hand-over to the workers
PARALLEL_FROM = 400  # new articles; below this one process is faster than starting a pool


@dataclass
class FlowRun:
    """What a run did: documents read, stored, known already, near-duplicates, refusals, analysed.

    ``seconds``: CPU seconds of this process per step (``stream``: everything this process did while
    the workers analysed, its threads included, of which ``ingest``: reading and storing documents;
    ``save_findings``: writing the workers' findings; the workers' own CPU is not included).
    """

    read: int = 0
    added: int = 0
    existing: int = 0
    duplicates: int = 0
    problems: list[IngestError] = field(default_factory=list)
    analysed: int = 0
    reused: int = 0
    workers: int = 1
    seconds: dict[str, float] = field(default_factory=dict)

    def charge(self, step: str, since: float) -> float:
        """Add the CPU seconds since ``since`` to ``step``; return now."""
        now = time.process_time()
        self.seconds[step] = round(self.seconds.get(step, 0.0) + now - since, 3)
        return now


def _batches(
    store: AnyStore, inputs: Iterable[str], run: FlowRun, batch_size: int, limit: int
) -> Iterator[list[Document]]:
    """Store the inputs a batch at a time; yield each batch's newly stored documents, in stored order."""
    docs: list[Document] = []
    problems: list[IngestError] = []
    fresh_total = 0

    def commit() -> list[Document]:
        nonlocal fresh_total
        result = store.add_batch(docs, problems)
        run.added += len(result.added)
        run.existing += len(result.existing)
        run.duplicates += len(result.duplicates)
        first: dict[str, Document] = {}
        for doc in docs:
            first.setdefault(doc.id, doc)  # the store keeps the first copy of a document read twice
        fresh = [first[aid] for aid in result.added]
        if limit:
            fresh = fresh[: max(0, limit - fresh_total)]
        fresh_total += len(fresh)
        docs.clear()
        problems.clear()
        return fresh

    started = time.process_time()
    for item in iter_documents(inputs):
        if isinstance(item, IngestError):
            run.problems.append(item)
            problems.append(item)
        else:
            run.read += 1
            docs.append(item)
        if len(docs) >= batch_size:
            fresh = commit()
            started = run.charge("ingest", started)
            yield fresh
            started = time.process_time()
            if limit and fresh_total >= limit:
                return
    if docs or problems:
        fresh = commit()
        run.charge("ingest", started)
        yield fresh


def _choose_workers(
    batches: Iterator[list[Document]], requested: int
) -> tuple[int, Iterator[list[Document]]]:
    """Use every core once enough new documents arrive; one process for a handful (read ahead to know)."""
    if requested > 0:
        return requested, batches
    first: list[list[Document]] = []
    count = 0
    for batch in batches:
        first.append(batch)
        count += len(batch)
        if count >= PARALLEL_FROM:
            return max(1, os.cpu_count() or 1), itertools.chain(first, batches)
    return 1, iter(first)


def stream_articles(
    store: AnyStore,
    inputs: Iterable[str],
    pipeline: Pipeline | None = None,
    *,
    workers: int = 0,
    batch_size: int = BATCH_SIZE,
    limit: int = 0,
    observe: Observer | None = None,
    lazy: bool = False,
) -> tuple[list[Article], FlowRun]:
    """Store the inputs and analyse what is new as it is stored; return every analysed stored article.

    Articles stored before (with findings of this pipeline version) are read back, and ones stored
    but never analysed are analysed first. ``limit``: analyse at most that many new articles.
    ``observe`` sees each new article as it comes back from a worker. Tokens share their strings;
    ``lazy`` keeps them packed until read (half the memory, but every corpus stage rebuilds them).
    """
    pipeline = pipeline or default_pipeline()
    version = pipeline_version(pipeline.article_stages)
    run = FlowRun()
    cache = TokenCache(lazy=lazy)
    workers, batches = _choose_workers(_batches(store, inputs, run, batch_size, limit), workers)
    run.workers = workers
    whole = time.process_time()
    backlog = chunked(store.unanalysed(version), batch_size)  # stored earlier, never analysed
    fresh = analyse_and_keep(
        store,
        pipeline,
        itertools.chain(backlog, batches),
        workers=workers,
        cache=cache,
        observe=observe,
        seconds=run.seconds,
    )
    run.charge("stream", whole)
    run.analysed = len(fresh)
    ids = store.analysed_ids(version)
    started = time.process_time()
    kept, redone = read_back(store, pipeline, [aid for aid in ids if aid not in fresh], cache)
    run.reused = len(kept) - redone
    run.charge("read_back", started)
    fresh.update((a.doc.id, a) for a in kept)
    del kept
    return [fresh.pop(aid) for aid in ids], run


def run_corpus_stages(
    store: AnyStore,
    pipeline: Pipeline,
    articles: list[Article],
    run: FlowRun | None = None,
    *,
    keep: bool = True,
    starting: Callable[[str], None] | None = None,
) -> Corpus:
    """Run the corpus stages over analysed articles (emptying the list) and keep their state if asked.

    ``starting`` hears each stage's name as it starts (for a progress display).
    """
    corpus = Corpus(articles=tuple(articles))
    articles.clear()
    run = run or FlowRun()
    for stage in pipeline.corpus_stages:
        if starting:
            starting(stage.name)
        started = time.process_time()
        corpus = stage(corpus)
        run.charge(stage.name, started)
    if keep:
        started = time.process_time()
        corpus = keep_state(store, corpus_version(pipeline), corpus)
        run.charge("save_state", started)
    return corpus.with_(duplicates=store.duplicates())


def analyse_inputs(
    store: AnyStore,
    inputs: Iterable[str],
    pipeline: Pipeline | None = None,
    *,
    workers: int = 0,
    limit: int = 0,
    observe: Observer | None = None,
    keep: bool = True,
    starting: Callable[[str], None] | None = None,
) -> tuple[Corpus, FlowRun]:
    """Store the inputs, analyse what is new as it is stored, then run the corpus stages over the store.

    ``keep``: save the corpus stages' state, so a later ``analyse_incremental`` only places new articles;
    ``starting`` hears each corpus stage's name as it starts.
    """
    pipeline = pipeline or default_pipeline()
    articles, run = stream_articles(store, inputs, pipeline, workers=workers, limit=limit, observe=observe)
    return run_corpus_stages(store, pipeline, articles, run, keep=keep, starting=starting), run
