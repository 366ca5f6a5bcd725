"""Ingest and analyse: the jobs the CLI, the API and the benchmarks all run the same way."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from marsad.corpus.model import Corpus
from marsad.document import Document
from marsad.ingest import IngestError, iter_documents
from marsad.pipeline import Pipeline
from marsad.report.contract import Report, build_report, span_errors
from marsad.stages import default_pipeline
from marsad.store.sqlite import Store

BATCH_SIZE = 500
PARALLEL_FROM = 400  # articles; below this one process is faster than starting a pool
Progress = Callable[[int], None]


@dataclass(frozen=True, slots=True)
class IngestSummary:
    """What an ingest run did: documents read, stored, already known, near-duplicates, refusals."""

    read: int = 0
    added: int = 0
    existing: int = 0
    duplicates: int = 0
    problems: tuple[IngestError, ...] = field(default=())


class InconsistentReport(RuntimeError):
    """A finding's offsets do not point at its text: a bug, never shown to users as a result."""


def ingest(
    store: Store, inputs: Iterable[str], *, batch_size: int = BATCH_SIZE, progress: Progress | None = None
) -> IngestSummary:
    """Read every input into the store, one transaction per batch, going on past bad inputs."""
    read = added = existing = duplicates = 0
    problems: list[IngestError] = []
    docs: list[Document] = []
    pending: list[IngestError] = []

    def flush() -> None:
        nonlocal added, existing, duplicates
        result = store.add_batch(docs, pending)
        added += len(result.added)
        existing += len(result.existing)
        duplicates += len(result.duplicates)
        docs.clear()
        pending.clear()

    for item in iter_documents(inputs):
        if isinstance(item, IngestError):
            problems.append(item)
            pending.append(item)
        else:
            read += 1
            docs.append(item)
            if progress:
                progress(1)
        if len(docs) >= batch_size:
            flush()
    if docs or pending:
        flush()
    return IngestSummary(read, added, existing, duplicates, tuple(problems))


def choose_workers(articles: int, requested: int = 0) -> int:
    """Use every core for large corpora, one process where starting workers would cost more."""
    if requested > 0:
        return requested
    return 1 if articles < PARALLEL_FROM else max(1, os.cpu_count() or 1)


def analyse_store(
    store: Store, pipeline: Pipeline | None = None, *, progress: Progress | None = None, workers: int = 0
) -> Corpus:
    """Run the pipeline over every stored article and attach the stored near-duplicate links."""
    pipeline = pipeline or default_pipeline()
    articles = []
    processes = choose_workers(store.count(), workers)
    for article in pipeline.analyse_articles(store.documents(), workers=processes):
        articles.append(article)
        if progress:
            progress(1)
    corpus = pipeline.analyse_corpus(articles)
    return corpus.with_(duplicates=store.duplicates())


def report_for(store: Store, corpus: Corpus) -> Report:
    """Build the report and refuse to return one whose evidence offsets are wrong."""
    report = build_report(corpus, {a.doc.id: store.sources(a.doc.id) for a in corpus.articles})
    errors = span_errors(report)
    if errors:
        raise InconsistentReport(f"{len(errors)} spans do not match their text, first: {errors[0]}")
    return report


def analyse(inputs: Iterable[str], *, db: str = ":memory:") -> Report:
    """Ingest inputs and return the report: the one-call entry point of the library."""
    with Store(db) as store:
        ingest(store, inputs)
        return report_for(store, analyse_store(store))
