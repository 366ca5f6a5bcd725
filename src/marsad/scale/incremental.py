"""Analyse a growing store: per-article stages run once per article, the story index grows.

Each article's findings are kept in the store under the pipeline version, so a later run analyses
only articles added since (or everything, once the code, data or stages change). The story index
is kept too and only places the new articles. The other corpus stages (entity resolution,
timeline, claim comparison, framing, summary) are recomputed over the whole corpus on every run.
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Callable
from dataclasses import dataclass

from marsad.corpus.model import Corpus
from marsad.document import Article
from marsad.pipeline import Pipeline
from marsad.scale.compact import TokenCache
from marsad.scale.local import analyse_parallel, run_stages
from marsad.stages import default_pipeline
from marsad.store.findings import FindingsError, decode, encode, pipeline_version
from marsad.store.open import AnyStore

SAVE_EVERY = 500  # analyses per transaction
Progress = Callable[[int], None]

try:  # the stories engineer's incremental index; without it the stories stage starts afresh each run
    from marsad.corpus.stories import INDEX_KEY
    from marsad.corpus.story_index import StoryIndex
except ImportError:  # pragma: no cover - the module ships with marsad
    INDEX_KEY, StoryIndex = "", None  # type: ignore[assignment,misc]


@dataclass(frozen=True, slots=True)
class IncrementalRun:
    """What one run did: articles analysed now, reused from the store, and whether stories grew."""

    analysed: int
    reused: int
    story_index_reused: bool


def corpus_version(pipeline: Pipeline) -> str:
    """Name the corpus-stage state: the per-article version plus the corpus stages run."""
    names = ",".join(stage.name for stage in pipeline.corpus_stages)
    return pipeline_version(pipeline.article_stages) + ":" + hashlib.sha256(names.encode()).hexdigest()[:8]


def analyse_new(
    store: AnyStore, pipeline: Pipeline, *, workers: int = 1, progress: Progress | None = None
) -> int:
    """Run the per-article stages on every stored article not yet analysed by this pipeline version."""
    version = pipeline_version(pipeline.article_stages)
    pending: list[tuple[str, bytes]] = []
    count = 0
    for article in analyse_parallel(pipeline.article_stages, store.unanalysed(version), workers=workers):
        pending.append((article.doc.id, encode(article)))
        count += 1
        if progress:
            progress(1)
        if len(pending) >= SAVE_EVERY:
            store.save_analyses(version, pending)
            pending.clear()
    if pending:
        store.save_analyses(version, pending)
    return count


def load_articles(store: AnyStore, pipeline: Pipeline) -> tuple[list[Article], int]:
    """Read every stored analysis of this pipeline version back, in stored order; redo damaged ones."""
    version = pipeline_version(pipeline.article_stages)
    articles, redone = [], []
    cache = TokenCache()
    for doc, blob in store.analysed(version):
        try:
            articles.append(decode(blob, doc, cache))
        except FindingsError:
            article = cache.compact(run_stages(pipeline.article_stages, doc))
            redone.append((doc.id, encode(article)))
            articles.append(article)
    if redone:
        store.save_analyses(version, redone)
    return articles, len(redone)


def _story_index(store: AnyStore, version: str, articles: list[Article]) -> object | None:
    """Load the saved story index when every article it placed is still in the corpus."""
    if StoryIndex is None:
        return None
    body = store.load_state(INDEX_KEY, version)
    if body is None:
        return None
    index = pickle.loads(body)
    if not isinstance(index, StoryIndex):
        return None
    ids = {a.doc.id for a in articles}
    return index if all(aid in ids for aid in index.placement) else None


def analyse_incremental(
    store: AnyStore,
    pipeline: Pipeline | None = None,
    *,
    workers: int = 1,
    progress: Progress | None = None,
) -> tuple[Corpus, IncrementalRun]:
    """Analyse what is new, reuse what is stored, run the corpus stages and keep their state."""
    pipeline = pipeline or default_pipeline()
    analysed = analyse_new(store, pipeline, workers=workers, progress=progress)
    articles, redone = load_articles(store, pipeline)
    analysed += redone
    version = corpus_version(pipeline)
    index = _story_index(store, version, articles)
    corpus = _run_corpus(
        pipeline, Corpus(articles=tuple(articles), extra={INDEX_KEY: index} if index is not None else {})
    )
    grown = corpus.extra.get(INDEX_KEY)
    if StoryIndex is not None and isinstance(grown, StoryIndex):
        store.save_state(INDEX_KEY, version, pickle.dumps(grown, protocol=pickle.HIGHEST_PROTOCOL))
    run = IncrementalRun(analysed, len(articles) - analysed, index is not None)
    return corpus.with_(duplicates=store.duplicates()), run


def _run_corpus(pipeline: Pipeline, corpus: Corpus) -> Corpus:
    """Run the corpus stages on a corpus that already carries state in ``extra``."""
    for stage in pipeline.corpus_stages:
        corpus = stage(corpus)
    return corpus
