"""The HTML page of a large corpus: its most contested and largest stories, in bounded memory.

One page of every article, quote and entity of 30k articles is hundreds of megabytes no browser opens.
Above ``FULL_PAGE`` articles the page shows the stories a journalist looks at first (most
contradictions, then most articles) up to an article budget, with the whole corpus's figures, and
says where to browse the rest (``marsad serve``). The full findings stay in report.json.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from marsad.corpus.model import Corpus, Story
from marsad.document import Document

FULL_PAGE = 2000  # articles shown whole in one HTML page
STORIES = 30  # stories shown at most above that
ARTICLES = 500  # articles those stories may hold together


@dataclass(frozen=True, slots=True)
class Excerpt:
    """A corpus cut down to the stories shown, with what the whole corpus holds."""

    corpus: Corpus
    stories: int
    articles: int
    overview: dict[str, Any]


def contradictions(story: Story) -> int:
    """Count the claim groups of a story that found outlets contradicting each other."""
    return sum(1 for group in story.claim_groups if group.relation == "contradict")


def pick_stories(stories: tuple[Story, ...], limit: int = STORIES, budget: int = ARTICLES) -> list[Story]:
    """Choose the most contested, then largest stories whose articles fit the budget together."""
    ranked = sorted(stories, key=lambda s: (-contradictions(s), -len(s.articles), s.id))
    chosen: list[Story] = []
    used: set[str] = set()
    for story in ranked:
        if len(chosen) >= limit:
            break
        added = set(story.articles) - used
        if len(used) + len(added) <= budget:
            chosen.append(story)
            used |= added
    return chosen


def whole_overview(docs: Iterable[Document], stories: int, counts: Mapping[str, int]) -> dict[str, Any]:
    """The figures ``page.overview`` gives, for a whole corpus (``counts``: items per report section)."""
    return overview_figures(((doc.published, doc.outlet) for doc in docs), stories, counts)


def overview_figures(
    articles: Iterable[tuple[str | None, str | None]], stories: int, counts: Mapping[str, int]
) -> dict[str, Any]:
    """Summarise articles (published, outlet) and item counts in the figures a reader wants first."""
    dates: list[str] = []
    outlets: set[str] = set()
    total = 0
    for published, outlet in articles:
        total += 1
        if published:
            dates.append(published)
        if outlet:
            outlets.add(outlet)
    dates.sort()
    return {
        "articles": total,
        "outlets": sorted(outlets),
        "date_range": f"{dates[0]} – {dates[-1]}" if dates else "بلا تواريخ نشر",
        "counts": [
            ("مقالات", total),
            ("منافذ", len(outlets)),
            ("كيانات", counts.get("entities", 0)),
            ("أقوال", counts.get("quotes", 0)),
            ("أحداث", counts.get("events", 0)),
            ("ادعاءات", counts.get("claims", 0)),
            ("تواريخ", counts.get("dates", 0)),
            ("قصص", stories),
        ],
    }


def excerpt(
    corpus: Corpus, counts: Mapping[str, int], limit: int = STORIES, docs: Iterable[Document] | None = None
) -> Excerpt:
    """Keep the picked stories, their articles and the entities' mentions in those articles.

    ``docs``: every document of the corpus, when ``corpus.articles`` holds only some (the figures).
    """
    stories = pick_stories(corpus.stories, limit)
    wanted = {aid for story in stories for aid in story.articles}
    entities = []
    for entity in corpus.entities:
        mentions = tuple(m for m in entity.mentions if m.article in wanted)
        if mentions:
            entities.append(replace(entity, mentions=mentions))
    part = Corpus(
        articles=tuple(a for a in corpus.articles if a.doc.id in wanted),
        entities=tuple(entities),
        stories=tuple(stories),
        duplicates=tuple(d for d in corpus.duplicates if d.article in wanted and d.duplicate_of in wanted),
    )
    facts = whole_overview(
        (a.doc for a in corpus.articles) if docs is None else docs, len(corpus.stories), counts
    )
    return Excerpt(part, len(corpus.stories), facts["articles"], facts)
