"""Frozen values the corpus stages produce from many analysed articles."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from marsad.document import Article


@dataclass(frozen=True, slots=True)
class MentionRef:
    """Where an entity is mentioned: article id and offsets into that article's text."""

    article: str
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Entity:
    """One real-world actor or place, with every name it goes by across the corpus."""

    id: str
    name: str
    type: str
    aliases: tuple[str, ...]
    mentions: tuple[MentionRef, ...]


@dataclass(frozen=True, slots=True)
class SourceRef:
    """Evidence for a summary sentence or claim: a span of one article."""

    article: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class SummarySentence:
    """An extracted sentence with every article span that supports it."""

    text: str
    sources: tuple[SourceRef, ...]


@dataclass(frozen=True, slots=True)
class ClaimGroup:
    """Claims from several articles aligned as "agree", "contradict" or "unique"."""

    claims: tuple[str, ...]
    relation: str
    score: float
    reason: str = ""  # what the alignment rested on: negation, numbers, opposite verbs, quote drift ...
    sides: tuple[tuple[str, ...], ...] = ()  # a contradiction's two accounts (claim ids)


@dataclass(frozen=True, slots=True)
class Framing:
    """How one article presents one entity: the labels it gives it and the verbs it hedges with."""

    entity: str
    article: str
    labels: tuple[str, ...] = ()
    hedges: tuple[str, ...] = ()
    verbs: tuple[str, ...] = ()
    loaded: tuple[str, ...] = ()  # loaded terms near the actor (عدوان، ميليشيات ...), most frequent first


@dataclass(frozen=True, slots=True)
class StoryEvent:
    """A real-world happening inside a storyline, reported by one or more articles."""

    id: str
    articles: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    """One real-world event on a timeline: its representative report and every report of it."""

    id: str
    date: str
    action: str
    negated: bool
    events: tuple[str, ...]
    articles: tuple[str, ...]
    actor: str | None = None
    target: str | None = None


@dataclass(frozen=True, slots=True)
class Story:
    """A storyline: the articles about one ongoing topic and what the corpus stages found in them."""

    id: str
    title: str
    articles: tuple[str, ...]
    events: tuple[StoryEvent, ...] = ()
    summary: tuple[SummarySentence, ...] = ()
    timeline: tuple[str, ...] = ()
    timeline_groups: tuple[TimelineEntry, ...] = ()
    claim_groups: tuple[ClaimGroup, ...] = ()
    framing: tuple[Framing, ...] = ()


@dataclass(frozen=True, slots=True)
class Duplicate:
    """A near-duplicate pair (the same wire story on two sites), linked rather than dropped."""

    article: str
    duplicate_of: str
    similarity: float


@dataclass(frozen=True, slots=True)
class Corpus:
    """Every analysed article plus the cross-article findings built from them."""

    articles: tuple[Article, ...]
    entities: tuple[Entity, ...] = ()
    stories: tuple[Story, ...] = ()
    duplicates: tuple[Duplicate, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def with_(self, **changes: Any) -> Corpus:
        """Return a copy with the given fields replaced (stages never mutate)."""
        return replace(self, **changes)


def quote_id(article: str, index: int) -> str:
    """Name the ``index``-th quote of an article, as the report and corpus stages cite it."""
    return f"q-{article}-{index}"


def event_id(article: str, index: int) -> str:
    """Name the ``index``-th event of an article, as timelines cite it."""
    return f"v-{article}-{index}"


def claim_id(article: str, index: int) -> str:
    """Name the ``index``-th claim of an article, as claim groups cite it."""
    return f"c-{article}-{index}"


def claim_place(claim: str) -> tuple[str, int]:
    """The article id and index a claim id names (what ``claim_id`` was given)."""
    article, _, index = claim[2:].rpartition("-")
    return article, int(index)
