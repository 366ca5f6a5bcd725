"""The default pipeline: every stage marsad ships, in the order their inputs require."""

from __future__ import annotations

from marsad.arabic.layer import TEXT_STAGE
from marsad.pipeline import ArticleStage, CorpusStage, Pipeline


def article_stages() -> tuple[ArticleStage, ...]:
    """Return the per-article stages, text layer first."""
    return (TEXT_STAGE,)


def corpus_stages() -> tuple[CorpusStage, ...]:
    """Return the corpus stages, entity resolution first."""
    return ()


def default_pipeline() -> Pipeline:
    """Build the full pipeline (validated: every stage's inputs come from an earlier one)."""
    return Pipeline(article_stages(), corpus_stages())
