"""The default pipeline: every stage marsad ships, in the order their inputs require."""

from __future__ import annotations

from marsad.arabic.layer import TEXT_STAGE
from marsad.corpus.compare import COMPARE_STAGE
from marsad.corpus.framing import FRAMING_STAGE
from marsad.corpus.resolve import RESOLVE_STAGE
from marsad.corpus.stories import STORY_STAGE
from marsad.corpus.summary import SUMMARY_STAGE
from marsad.corpus.timeline import TIMELINE_STAGE
from marsad.extract.claims import CLAIM_STAGE
from marsad.extract.dates import DATE_STAGE
from marsad.extract.entities import ENTITY_STAGE
from marsad.extract.events import EVENT_STAGE
from marsad.extract.quotes import QUOTE_STAGE
from marsad.pipeline import ArticleStage, CorpusStage, Pipeline

ARTICLE_STAGES: tuple[ArticleStage, ...] = (
    TEXT_STAGE,
    ENTITY_STAGE,
    DATE_STAGE,
    QUOTE_STAGE,
    EVENT_STAGE,
    CLAIM_STAGE,
)
CORPUS_STAGES: tuple[CorpusStage, ...] = (
    RESOLVE_STAGE,
    STORY_STAGE,
    TIMELINE_STAGE,
    COMPARE_STAGE,
    FRAMING_STAGE,
    SUMMARY_STAGE,
)


def default_pipeline() -> Pipeline:
    """Build the full pipeline (validated: every stage's inputs come from an earlier one)."""
    return Pipeline(ARTICLE_STAGES, CORPUS_STAGES)
