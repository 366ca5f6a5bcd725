"""Ingest and analyse: the jobs the CLI, the API and the benchmarks all run the same way."""

from __future__ import annotations

import functools
import os
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from marsad.corpus.model import Corpus
from marsad.document import Article, Document
from marsad.ingest import IngestError, iter_documents
from marsad.pipeline import Pipeline
from marsad.report.contract import SCHEMA, Report, build_report, span_errors
from marsad.report.pieces import write_reusing
from marsad.report.stream import StreamedReport, write_report
from marsad.scale.compact import TokenCache
from marsad.scale.incremental import analyse_incremental, read_back
from marsad.store.findings import pipeline_version
from marsad.store.open import AnyStore, open_store
from marsad.store.sqlite import Store

BATCH_SIZE = 500
PARALLEL_FROM = 400  # articles; below this one process is faster than starting a pool
Progress = Callable[[int], None]
StageObserver = Callable[[str], None]


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
    store: AnyStore, inputs: Iterable[str], *, batch_size: int = BATCH_SIZE, progress: Progress | None = None
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
    store: AnyStore,
    pipeline: Pipeline | None = None,
    *,
    progress: Progress | None = None,
    workers: int = 0,
    read_all: bool = True,
    exact: bool = False,
) -> Corpus:
    """Analyse what is new in the store, reuse the findings it keeps, then run the corpus stages.

    ``read_all=False``: the corpus holds every entity and story but only the articles this run
    needed (for ``save_report_streamed(..., reuse=pipeline)``, which reads back what else it needs).
    ``exact``: every corpus stage over every stored article, as on a new store.
    """
    corpus, _ = analyse_incremental(
        store,
        pipeline,
        workers=choose_workers(store.count(), workers),
        progress=progress,
        read_all=read_all,
        exact=exact,
    )
    return corpus


def keeps_pieces(store: AnyStore) -> bool:
    """Tell whether a store keeps report pieces (SQLite), so a report can reuse unchanged articles'."""
    return isinstance(store, Store)


def read_articles(store: AnyStore, pipeline: Pipeline, ids: Sequence[str]) -> list[Article]:
    """Read stored analyses back for a report (word counts, not tokens), in stored order."""
    return read_back(store, pipeline, ids, TokenCache(), tokens=False)[0]


def analyse_streamed(
    store: AnyStore,
    inputs: Iterable[str],
    pipeline: Pipeline | None = None,
    *,
    workers: int = 0,
    progress: Progress | None = None,
    stage: StageObserver | None = None,
    keep: bool = True,
) -> tuple[Corpus, IngestSummary]:
    """Store the inputs and analyse each batch as it is stored, then run the corpus stages over the store.

    What ``ingest`` then ``analyse_store`` give on a store that held nothing, without leaving one core
    idle through the ingest. ``progress`` counts analysed articles, ``stage`` hears each corpus stage's
    name as it starts, ``keep`` saves the corpus state for the next incremental run (not worth it for a
    store in memory).
    """
    from marsad.scale.flow import analyse_inputs

    observe = (lambda _: progress(1)) if progress else None
    corpus, run = analyse_inputs(
        store, inputs, pipeline, workers=workers, observe=observe, keep=keep, starting=stage
    )
    return corpus, IngestSummary(run.read, run.added, run.existing, run.duplicates, tuple(run.problems))


def report_for(store: AnyStore, corpus: Corpus) -> Report:
    """Build the report and refuse to return one whose evidence offsets are wrong."""
    report = build_report(corpus, {a.doc.id: store.sources(a.doc.id) for a in corpus.articles})
    errors = span_errors(report)
    if errors:
        raise InconsistentReport(f"{len(errors)} spans do not match their text, first: {errors[0]}")
    return report


def with_articles(store: AnyStore, pipeline: Pipeline, corpus: Corpus, wanted: Iterable[str]) -> Corpus:
    """Add the wanted articles the corpus lacks (read back for a report), keeping stored order."""
    have = {a.doc.id for a in corpus.articles}
    wanted = set(wanted)
    ids = store.analysed_ids(pipeline_version(pipeline.article_stages))
    fetched = read_articles(store, pipeline, [aid for aid in ids if aid in wanted and aid not in have])
    order = {aid: n for n, aid in enumerate(ids)}
    articles = sorted((*corpus.articles, *fetched), key=lambda a: order.get(a.doc.id, len(order)))
    return corpus.with_(articles=tuple(articles))


def save_report_streamed(
    store: AnyStore,
    corpus: Corpus,
    out: Path | None = None,
    *,
    indent: int | None = None,
    keep: bool = True,
    progress: StageObserver | None = None,
    check: Callable[[Path], None] | None = None,
    reuse: Pipeline | None = None,
) -> StreamedReport:
    """Write the report to ``out`` (or a temporary file) piece by piece, then keep it in the store.

    The same text as ``json.dumps(report_for(store, corpus))``, never held as Python objects nor as
    one string: for 30k articles that is ~0.4 GiB of JSON instead of several GiB of dicts and copies.
    A report with wrong offsets is refused (``InconsistentReport``) and not kept. ``indent``: as
    ``json.dumps`` (``report.contract.dumps`` writes ``indent=1``); the store keeps the same text.
    ``out`` is written beside itself and renamed into place only once the report is sound.
    ``keep=False`` writes ``out`` alone; ``progress`` hears each section's name as it starts;
    ``check`` may refuse the written file (by raising) before it is kept or renamed.
    ``reuse``: the pipeline whose findings the store keeps; with it (and an SQLite store) the report
    covers every analysed article, unchanged articles' items are reused from the last report and
    only the others are rebuilt (``report.pieces``): ``corpus`` need not hold every article.
    """
    if reuse is not None and isinstance(store, Store):
        version = pipeline_version(reuse.article_stages)
        ids = store.analysed_ids(version)
        every = store.all_sources()
        sources = {aid: every.get(aid, ()) for aid in ids}
        del every

        def write(file: BinaryIO) -> StreamedReport:
            assert isinstance(store, Store) and reuse is not None
            fetch = functools.partial(read_articles, store, reuse)
            return write_reusing(
                store, corpus, ids, fetch, file, sources, version=version, indent=indent, progress=progress
            )
    else:
        sources = {a.doc.id: store.sources(a.doc.id) for a in corpus.articles}

        def write(file: BinaryIO) -> StreamedReport:
            return write_report(corpus, file, sources, indent=indent, progress=progress)

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "report.json" if out is None else out.with_name(out.name + ".part")
        try:
            with path.open("wb") as file:
                written = write(file)
            if written.errors:
                raise InconsistentReport(
                    f"{len(written.errors)} spans do not match their text, first: {written.errors[0]}"
                )
            if check:
                check(path)
            if keep:
                written.report_id = store.save_report_file(path, written.articles, SCHEMA)
            if out is not None:
                path.replace(out)
        finally:
            path.unlink(missing_ok=True)
        return written


def analyse(inputs: Iterable[str], *, db: str = ":memory:") -> Report:
    """Ingest inputs and return the report: the one-call entry point (db: a path or postgresql:// URL)."""
    with open_store(db) as store:
        ingest(store, inputs)
        return report_for(store, analyse_store(store))
