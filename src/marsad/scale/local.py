"""Per-article stages on every core: the stages travel to each worker once, documents in chunks."""

from __future__ import annotations

import multiprocessing
import sys
from collections.abc import Iterable, Iterator, Sequence

from marsad.document import Article, Document
from marsad.pipeline import ArticleStage
from marsad.scale.compact import Packed, TokenCache, pack_tokens

CHUNK = 32  # documents per task: amortises the round trip without starving the other worker at the end

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
