"""Per-article stages on every core: the stages travel to each worker once, documents in chunks."""

from __future__ import annotations

import gc
import multiprocessing
import sys
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from itertools import chain

from marsad.document import Article, Document
from marsad.pipeline import ArticleStage, chunks, run_stages_over
from marsad.scale.compact import Packed, TokenCache, pack_tokens

CHUNK = 16  # documents per task: amortises the round trip and batches the tagger (16 was its best size)
AHEAD = 2  # batches queued on the workers while the parent reads the next one in

_stages: tuple[ArticleStage, ...] = ()


def run_stages(stages: Sequence[ArticleStage], doc: Document) -> Article:
    """Run per-article stages on one document, in order."""
    article = Article(doc=doc)
    for stage in stages:
        article = stage(article)
    return article


def _install(stages: tuple[ArticleStage, ...]) -> None:
    """Keep the stages in the worker process (sent once, not with every chunk of documents)."""
    global _stages
    _stages = stages


def _analyse(docs: Sequence[Document]) -> list[tuple[Article, Packed | None]]:
    """Worker body: analyse a chunk; send tokens as columns, to be rebuilt sharing strings."""
    return [(a.with_(tokens=()), pack_tokens(a.tokens)) for a in run_stages_over(_stages, docs)]


def _analyse_encoded(docs: Sequence[Document]) -> list[tuple[Article, Packed | None, bytes]]:
    """Worker body: analyse a chunk and also serialise its findings for the store (in parallel)."""
    from marsad.store.findings import encode  # findings imports this package: import when first used

    return [(a.with_(tokens=()), pack_tokens(a.tokens), encode(a)) for a in run_stages_over(_stages, docs)]


def _analyse_in_worker(docs: Sequence[Document]) -> list[tuple[Article, Packed | None, bytes]]:
    """Pool body: ``_analyse_encoded`` with the collector run once per chunk instead of every 700 objects.

    A chunk's stages allocate hundreds of thousands of short-lived acyclic objects, and automatic
    collections rescanned the worker's lexicons, models and caches each time. What survives a chunk
    (lexicons loaded on first use, cache entries) is frozen out of the collector's sight.
    """
    gc.disable()
    try:
        return _analyse_encoded(docs)
    finally:
        gc.collect()
        gc.freeze()


def analyse_batches(
    stages: Sequence[ArticleStage],
    batches: Iterable[Sequence[Document]],
    workers: int = 2,
    chunk: int = CHUNK,
) -> Iterator[tuple[Article, Packed | None, bytes]]:
    """Analyse batches of documents in order, each article with its packed tokens and stored findings.

    The next batch is drawn from ``batches`` (e.g. read and stored by the ingest) while the workers
    still have ``AHEAD`` batches queued, so reading the input overlaps with the analysis.
    """
    if workers <= 1:
        _install(tuple(stages))
        for batch in batches:
            for docs in chunks(batch, chunk):
                yield from _analyse_encoded(docs)
        return
    context = multiprocessing.get_context("fork" if sys.platform != "win32" else "spawn")
    with context.Pool(workers, initializer=_install, initargs=(tuple(stages),)) as pool:
        queued: deque[Iterator[tuple[Article, Packed | None, bytes]]] = deque()
        for batch in batches:
            queued.append(chain.from_iterable(pool.imap(_analyse_in_worker, chunks(batch, chunk))))
            while len(queued) >= AHEAD:
                yield from queued.popleft()
        while queued:
            yield from queued.popleft()


def analyse_parallel(
    stages: Sequence[ArticleStage],
    docs: Iterable[Document],
    workers: int = 2,
    chunk: int = CHUNK,
    cache: TokenCache | None = None,
) -> Iterator[Article]:
    """Analyse documents lazily and in order on ``workers`` processes (one process: no pool at all).

    With a ``cache``, tokens share their strings across articles (for runs that keep every article).
    """
    if workers <= 1:
        for chunk_docs in chunks(docs, chunk):
            for article in run_stages_over(stages, chunk_docs):
                yield cache.compact(article) if cache else article
        return
    tokens = cache or TokenCache()
    context = multiprocessing.get_context("fork" if sys.platform != "win32" else "spawn")
    with context.Pool(workers, initializer=_install, initargs=(tuple(stages),)) as pool:
        for article, packed in chain.from_iterable(pool.imap(_analyse, chunks(docs, chunk))):
            yield article.with_(tokens=tokens.unpack(packed))
            if cache is None:
                tokens.strings.clear()  # nothing keeps the articles: do not keep their strings either
