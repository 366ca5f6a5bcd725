"""Analyse new documents on the workers, keep their findings in the store, keep the articles in memory.

The workers run the per-article stages and serialise each article's findings (``store.findings``);
the parent only writes those to the store, a transaction per ``SAVE_EVERY``, and keeps each article
(tokens sharing their strings through a ``TokenCache``) so the corpus stages need not read it back.
"""

from __future__ import annotations

import gc
import itertools
import time
from collections.abc import Callable, Iterable, Iterator, Sequence

from marsad.document import Article, Document
from marsad.pipeline import Pipeline
from marsad.scale.compact import TokenCache
from marsad.scale.local import analyse_batches
from marsad.scale.memory import bulk_build
from marsad.store.findings import pipeline_version
from marsad.store.open import AnyStore

SAVE_EVERY = 500  # findings per transaction
Observer = Callable[[Article], None]


def chunked(docs: Iterable[Document], size: int) -> Iterator[list[Document]]:
    """Cut documents into lists of ``size``."""
    docs = iter(docs)
    while chunk := list(itertools.islice(docs, size)):
        yield chunk


def analyse_and_keep(
    store: AnyStore,
    pipeline: Pipeline,
    batches: Iterable[Sequence[Document]],
    *,
    workers: int,
    cache: TokenCache,
    observe: Observer | None = None,
    seconds: dict[str, float] | None = None,
) -> dict[str, Article]:
    """Analyse every batch's documents, save their findings as they come back, return the articles by id.

    ``seconds`` gets the parent's CPU seconds spent saving (``save_findings``).
    """
    version = pipeline_version(pipeline.article_stages)
    fresh: dict[str, Article] = {}
    pending: list[tuple[str, bytes]] = []
    spent = 0.0

    def save() -> None:
        nonlocal spent
        started = time.process_time()
        store.save_analyses(version, pending)
        pending.clear()
        spent += time.process_time() - started

    # Automatic collections rescanned the piling-up token tuples (rebuilding tokens: 5.2 ms an article
    # with them, 2.0 without), so the collector runs once per saved batch below instead.
    with bulk_build(freeze=False):
        for article, packed, blob in analyse_batches(pipeline.article_stages, batches, workers):
            if observe:
                observe(article)
            fresh[article.doc.id] = article.with_(tokens=cache.unpack(packed))
            pending.append((article.doc.id, blob))
            if len(pending) >= SAVE_EVERY:
                save()
                gc.collect()  # the batch's cyclic garbage, if any, before its survivors are frozen
                gc.freeze()  # the kept articles are acyclic: the collector need not rescan them
    if pending:
        save()
    if seconds is not None:
        seconds["save_findings"] = round(seconds.get("save_findings", 0.0) + spent, 3)
    return fresh
