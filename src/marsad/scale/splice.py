"""A grown story's results spliced from what was kept for its old events and what was redone for the new.

When articles join a story, only the events (``StoryEvent``: one happening) that gained an article
are analysed again; each later corpus stage then rebuilds the story's result from kept parts:

- timeline: every article's dated reports (``extra["timeline_reports"]``), laid out again;
- compare: claim groups of the unchanged events as kept, those of the changed events redone
  (claims are compared inside one event, so the groups of one event do not depend on another);
- framing: every article's frame of every actor it mentions (``extra["framing_parts"]``);
- summary: the per-event shortlists of candidate sentences (``extra["summary_shortlists"]``),
  the story's selection made again over the kept and the new ones.

So a story that grows by one article costs that article's event, whatever the story's size.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from marsad.corpus.framing import FRAMING_PARTS, framing_of, loaded_records
from marsad.corpus.model import Story, claim_place
from marsad.corpus.summary import SHORTLISTS_KEY as SHORTLISTS
from marsad.corpus.summary import summarise_from_shortlists
from marsad.corpus.timeline import TIMELINE_REPORTS, timeline_of

CLAIM_ROWS = ("claim_group_reasons", "claim_group_evidence", "claim_group_events")  # aligned with groups
PER_STORY = frozenset({TIMELINE_REPORTS, FRAMING_PARTS, "framing_loaded", SHORTLISTS, *CLAIM_ROWS})


@dataclass(frozen=True, slots=True)
class StoryResult:
    """One story's results and its rows of the per-story extras (extra key -> this story's value)."""

    story: Story
    rows: dict[str, Any]


def rows_of(extra: Mapping[str, Any], story: str) -> dict[str, Any]:
    """One story's rows of the per-story extras."""
    return {
        key: extra[key][story]
        for key in PER_STORY
        if isinstance(extra.get(key), dict) and story in extra[key]
    }


def _by_article(old: Mapping[str, Any] | None, new: Mapping[str, Any] | None) -> dict[str, Any]:
    """Per-article parts: the kept ones, replaced by those redone."""
    return {**(old or {}), **(new or {})}


def _timeline(
    story: Story, old: StoryResult | None, new: StoryResult, changed: frozenset[str]
) -> StoryResult:
    """Lay the story's timeline out again from its articles' kept and new reports."""
    parts = _by_article(old.rows.get(TIMELINE_REPORTS) if old else None, new.rows.get(TIMELINE_REPORTS))
    entries = timeline_of(parts[aid] for aid in story.articles if aid in parts)
    grown = replace(story, timeline=tuple(e.id for e in entries), timeline_groups=entries)
    return StoryResult(grown, {TIMELINE_REPORTS: parts})


def _framing(story: Story, old: StoryResult | None, new: StoryResult, changed: frozenset[str]) -> StoryResult:
    """Frame the story again from its articles' kept and new frames."""
    parts = _by_article(old.rows.get(FRAMING_PARTS) if old else None, new.rows.get(FRAMING_PARTS))
    rows, loaded = framing_of(parts[aid] for aid in story.articles if aid in parts)
    out: dict[str, Any] = {FRAMING_PARTS: parts}
    if loaded:
        out["framing_loaded"] = loaded_records(loaded)
    return StoryResult(replace(story, framing=rows), out)


def _compare(story: Story, old: StoryResult | None, new: StoryResult, changed: frozenset[str]) -> StoryResult:
    """Keep the unchanged events' claim groups, take the changed events' from the redone ones."""
    event_of = {aid: event.id for event in story.events for aid in event.articles}
    picked: dict[str, list[tuple[StoryResult, int]]] = {event.id: [] for event in story.events}
    for source, wanted in ((old, False), (new, True)):
        if source is None:
            continue
        for n, group in enumerate(source.story.claim_groups):
            event = event_of.get(claim_place(group.claims[0])[0]) if group.claims else None
            if event is not None and (event in changed) == wanted:
                picked[event].append((source, n))
    chosen = [pair for event in story.events for pair in picked[event.id]]
    sources = {id(source): source for source, _ in chosen}.values()
    rows = {
        key: tuple(source.rows[key][n] for source, n in chosen)
        for key in CLAIM_ROWS
        if all(key in source.rows for source in sources)
    }
    groups = tuple(source.story.claim_groups[n] for source, n in chosen)
    return StoryResult(replace(story, claim_groups=groups), rows)


def _summary(story: Story, old: StoryResult | None, new: StoryResult, changed: frozenset[str]) -> StoryResult:
    """Select the story's summary again over its events' kept and new shortlists."""
    kept = {k: v for k, v in (old.rows.get(SHORTLISTS, {}) if old else {}).items() if k not in changed}
    shortlists = {**kept, **new.rows.get(SHORTLISTS, {})}
    ordered = [shortlists[event.id] for event in story.events if event.id in shortlists]
    return StoryResult(
        replace(story, summary=summarise_from_shortlists(story, ordered)), {SHORTLISTS: shortlists}
    )


Splicer = Callable[[Story, StoryResult | None, StoryResult, frozenset[str]], StoryResult]
SPLICERS: dict[str, Splicer] = {
    "timeline": _timeline,
    "compare": _compare,
    "framing": _framing,
    "summary": _summary,
}


def can_splice(stages: Iterable[str]) -> bool:
    """Tell whether every given corpus stage knows how to splice a grown story."""
    return all(name in SPLICERS for name in stages)


def splice_story(
    story: Story, old: StoryResult | None, new: StoryResult, changed: frozenset[str], stages: Iterable[str]
) -> StoryResult:
    """A grown story's results: each stage, in order, splices kept and redone parts."""
    grown, rows = story, dict(new.rows)
    for name in stages:
        done = SPLICERS[name](grown, old, StoryResult(new.story, new.rows), changed)
        grown = done.story
        rows.update(done.rows)
    return StoryResult(grown, rows)
