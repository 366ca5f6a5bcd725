"""Per-article stages on every core: the stages travel to each worker once, documents in chunks."""

from __future__ import annotations

import multiprocessing
import sys
from collections import deque
from collections.abc import Iterable, Iterator, Sequence

from marsad.document import Article, Document
from marsad.pipeline import ArticleStage
from marsad.scale.compact import Packed, TokenCache, pack_tokens

CHUNK = 32  # documents per task: amortises the round trip without starving the other worker at the end
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


def _analyse(doc: Document) -> tuple[Article, Packed | None]:
    """Worker body: analyse one document; send its tokens as columns, to be rebuilt sharing strings."""
    article = run_stages(_stages, doc)
    return article.with_(tokens=()), pack_tokens(article.tokens)


def _analyse_encoded(doc: Document) -> tuple[Article, Packed | None, bytes]:
    """Worker body: analyse one document and also serialise its findings for the store (in parallel)."""
    from marsad.store.findings import encode  # findings imports this package: import when first used

    article = run_stages(_stages, doc)
    return article.with_(tokens=()), pack_tokens(article.tokens), encode(article)


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
            yield from map(_analyse_encoded, batch)
        return
    context = multiprocessing.get_context("fork" if sys.platform != "win32" else "spawn")
    with context.Pool(workers, initializer=_install, initargs=(tuple(stages),)) as pool:
        queued: deque[Iterator[tuple[Article, Packed | None, bytes]]] = deque()
        for batch in batches:
            queued.append(pool.imap(_analyse_encoded, batch, chunksize=chunk))
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
        for doc in docs:
            article = run_stages(stages, doc)
            yield cache.compact(article) if cache else article
        return
    tokens = cache or TokenCache()
    context = multiprocessing.get_context("fork" if sys.platform != "win32" else "spawn")
    with context.Pool(workers, initializer=_install, initargs=(tuple(stages),)) as pool:
        for article, packed in pool.imap(_analyse, docs, chunksize=chunk):
            yield article.with_(tokens=tokens.unpack(packed))
            if cache is None:
                tokens.strings.clear()  # nothing keeps the articles: do not keep their strings either
