"""Stages and the run loop: each stage declares what it reads and writes, checked when built."""

from __future__ import annotations

import multiprocessing
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice

from marsad.corpus.model import Corpus
from marsad.document import Article, Document

ARTICLE_FIELDS = frozenset({"text", "sentences", "tokens", "mentions", "dates", "quotes", "events", "claims"})
CORPUS_FIELDS = frozenset(
    {"articles", "entities", "duplicates", "stories", "timeline", "claim_groups", "framing", "summary"}
)


CHUNK = 16  # articles sent to a worker at a time: large enough to amortise pickling


_installed: tuple[ArticleStage, ...] = ()


def _install(stages: tuple[ArticleStage, ...]) -> None:
    """Keep the per-article stages in a worker process."""
    global _installed
    _installed = stages


def _analyse_installed(docs: Sequence[Document]) -> list[Article]:
    """Worker body: run the installed per-article stages on a chunk of documents."""
    return run_stages_over(_installed, docs)


class PipelineError(ValueError):
    """A pipeline was assembled with a stage whose inputs nothing provides."""


@dataclass(frozen=True)
class ArticleStage:
    """A pure function of one article, so stages can run in parallel or on a cluster."""

    name: str
    run: Callable[[Article], Article]
    requires: frozenset[str] = frozenset({"text"})
    assigns: frozenset[str] = frozenset()
    run_many: Callable[[Sequence[Article]], list[Article]] | None = None  # same result, cheaper per chunk

    def __call__(self, article: Article) -> Article:
        """Apply the stage to one article."""
        return self.run(article)

    def over(self, articles: Sequence[Article]) -> list[Article]:
        """Apply the stage to a chunk of articles, at once when the stage knows how."""
        if self.run_many is not None:
            return self.run_many(articles)
        return [self.run(a) for a in articles]


def chunks(docs: Iterable[Document], size: int) -> Iterator[list[Document]]:
    """Consecutive chunks of at most ``size`` documents (batched stages and worker tasks)."""
    it = iter(docs)
    while chunk := list(islice(it, size)):
        yield chunk


def run_stages_over(stages: Sequence[ArticleStage], docs: Sequence[Document]) -> list[Article]:
    """Run per-article stages on a chunk of documents, stage by stage, so batched stages share work."""
    articles = [Article(doc=doc) for doc in docs]
    for stage in stages:
        articles = stage.over(articles)
    return articles


@dataclass(frozen=True)
class CorpusStage:
    """A function of all articles at once (resolution, stories, comparison, summary)."""

    name: str
    run: Callable[[Corpus], Corpus]
    requires: frozenset[str] = frozenset({"articles"})
    assigns: frozenset[str] = frozenset()

    def __call__(self, corpus: Corpus) -> Corpus:
        """Apply the stage to the corpus."""
        return self.run(corpus)


def _check_order(
    stages: Sequence[ArticleStage] | Sequence[CorpusStage], start: frozenset[str], known: frozenset[str]
) -> frozenset[str]:
    """Fail early if a stage reads something no earlier stage writes."""
    have = set(start)
    for stage in stages:
        unknown = (stage.requires | stage.assigns) - known
        if unknown:
            raise PipelineError(f"stage {stage.name!r} names unknown fields: {sorted(unknown)}")
        missing = stage.requires - have
        if missing:
            raise PipelineError(
                f"stage {stage.name!r} requires {sorted(missing)}, which no earlier stage assigns"
            )
        have |= stage.assigns
    return frozenset(have)


@dataclass(frozen=True)
class Pipeline:
    """Per-article stages then corpus stages, validated once when the pipeline is built."""

    article_stages: tuple[ArticleStage, ...] = ()
    corpus_stages: tuple[CorpusStage, ...] = ()
    provides: frozenset[str] = field(default=frozenset(), init=False)

    def __post_init__(self) -> None:
        have = _check_order(self.article_stages, frozenset({"text"}), ARTICLE_FIELDS)
        corpus_have = _check_order(
            self.corpus_stages, frozenset({"articles"}) | have, CORPUS_FIELDS | ARTICLE_FIELDS
        )
        object.__setattr__(self, "provides", corpus_have)

    def analyse_article(self, doc: Document) -> Article:
        """Run every per-article stage on one document."""
        article = Article(doc=doc)
        for stage in self.article_stages:
            article = stage(article)
        return article

    def analyse_articles(self, docs: Iterable[Document], workers: int = 1) -> Iterator[Article]:
        """Run the per-article stages over many documents, lazily, in order, on ``workers`` processes."""
        if workers <= 1:
            for doc in docs:
                yield self.analyse_article(doc)
            return
        context = multiprocessing.get_context("fork" if sys.platform != "win32" else "spawn")
        # Only the per-article stages go to the workers, once each: corpus stages need not pickle.
        with context.Pool(workers, initializer=_install, initargs=(self.article_stages,)) as pool:
            for articles in pool.imap(_analyse_installed, chunks(docs, CHUNK)):
                yield from articles

    def analyse_corpus(self, articles: Iterable[Article]) -> Corpus:
        """Run every corpus stage over analysed articles."""
        corpus = Corpus(articles=tuple(articles))
        for stage in self.corpus_stages:
            corpus = stage(corpus)
        return corpus

    def run(self, docs: Iterable[Document]) -> Corpus:
        """Analyse documents end to end."""
        return self.analyse_corpus(self.analyse_articles(docs))
