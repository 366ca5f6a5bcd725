"""A story's timeline: its dated events, oldest first, one entry per real-world event.

Several outlets report one happening in their own words; their event mentions are merged when they
have the same action and polarity, compatible dates (equal, or one a coarser form of the other:
"2020-05" and "2020-05-07") and agreeing participants: actor and target resolve to the same entity
(through ``Corpus.entities``) or, lacking one, to the same normalised words; at least one of them
must be known and equal on both sides. ``Story.timeline`` keeps the representative id of each entry
(the report with the most precise date); the whole group, with every event id and every article that
reports it, goes to ``Story.timeline_groups``. Dates of mixed precision (a day, a month, an ISO
week) are sorted and compared by the days they cover.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from itertools import chain

from marsad.arabic.normalise import normalise
from marsad.corpus.collector import without_collector
from marsad.corpus.model import Corpus, Entity, Story, TimelineEntry, event_id
from marsad.document import Article, EventMention
from marsad.extract.datetime_resolve import iso_bounds
from marsad.extract.event_lexicon import load_lexicon
from marsad.pipeline import CorpusStage

# Actions that are deeds done to someone or something: reports naming the same target on the same
# day may be merged even when one of them does not name the doer.
DEEDS = frozenset(
    "attack fight kill abduct arrest release send visit sanction ceasefire withdraw aid agree meet".split()
)
# Nouns that name a deed rather than a doer when they stand as a subject ("الجريمة التي استهدفت").
TIMELINE_REPORTS = "timeline_reports"  # extra: story id -> article id -> its dated reports
_ACT_WORDS = frozenset(normalise(w) for w in "جريمه عمل عمليه حادث حادثه انفجار".split())


@dataclass(frozen=True, slots=True)
class Report:
    """One dated event mention with the keys it is merged on."""

    id: str
    article: str
    order: int
    event: EventMention
    actor: str | None
    target: str | None


class EntityIndex:
    """Find the entity an article span refers to, from the resolved entities' mentions."""

    def __init__(self, entities: Sequence[Entity]) -> None:
        self._by_article: dict[str, list[tuple[int, int, str]]] = {}
        for entity in entities:
            for ref in entity.mentions:
                self._by_article.setdefault(ref.article, []).append((ref.start, ref.end, entity.id))

    def lookup(self, article: str, start: int, end: int) -> str | None:
        """Return the id of the entity whose mention overlaps the span most, if any."""
        best, best_overlap = None, 0
        for a, b, entity in self._by_article.get(article, ()):
            overlap = min(b, end) - max(a, start)
            if overlap > best_overlap:
                best, best_overlap = entity, overlap
        return best


def _words(text: str) -> str:
    """Normalise a span's words for comparison: folded spelling, article, conjunction and tanween removed."""
    out = []
    for word in normalise(text).split():
        if word.startswith(("وال", "فال", "بال")):
            word = word[3:]
        elif word.startswith("ال") and len(word) > 3:
            word = word[2:]
        elif word[:1] in "بل" and len(word) > 4:
            word = word[1:]
        if word.endswith("ا") and len(word) > 3:
            word = word[:-1]
        out.append(word)
    return " ".join(out)


def _names_an_act(words: str) -> bool:
    """Tell whether a participant is the act itself ("التفجير الذي استهدف"): it says nothing of who."""
    nouns = load_lexicon().nouns
    return any(word in nouns or word + "ه" in nouns or word in _ACT_WORDS for word in words.split())


def _key(
    index: EntityIndex, article: Article, start: int | None, end: int | None, actor: bool = False
) -> str | None:
    """Key a participant by its entity id, or by its normalised words when no entity covers it."""
    if start is None or end is None:
        return None
    entity = index.lookup(article.doc.id, start, end)
    if entity is not None:
        return "entity:" + entity
    words = _words(article.text[start:end])
    if not words or (actor and _names_an_act(words)):
        return None
    return "words:" + words


def dates_compatible(a: str, b: str) -> bool:
    """Tell whether two ISO dates can name the same day (one may be coarser: "2020-05" vs "2020-05-07")."""
    if a.startswith(b) or b.startswith(a):
        return True
    first, second = iso_bounds(a), iso_bounds(b)
    if first is None or second is None:
        return False
    (a0, a1), (b0, b1) = first, second
    return (a0 <= b0 and b1 <= a1) or (b0 <= a0 and a1 <= b1)  # one lies inside the other (weeks)


def _keys_compatible(a: str | None, b: str | None) -> bool:
    """Tell whether two participant keys may be the same participant (unknown matches anything)."""
    if a is None or b is None or a == b:
        return True
    if a.startswith("words:") and b.startswith("words:"):
        wa, wb = set(a[6:].split()), set(b[6:].split())
        return wa <= wb or wb <= wa
    return False


def _same_event(a: Report, b: Report) -> bool:
    """Tell whether two reports describe one real-world event."""
    ea, eb = a.event, b.event
    if ea.action != eb.action or ea.negated != eb.negated:
        return False
    if ea.date is None or eb.date is None or not dates_compatible(ea.date, eb.date):
        return False
    if not (_keys_compatible(a.actor, b.actor) and _keys_compatible(a.target, b.target)):
        return False
    if a.actor is not None and b.actor is not None:
        return True
    # Without both actors, only a deed done to the same target may be the same event: who condemned
    # or supported something is the whole point of a statement, so statements need their speaker.
    return ea.action in DEEDS and a.target is not None and b.target is not None


def dated_reports(article: Article, index: EntityIndex) -> tuple[Report, ...]:
    """The article's dated event mentions with their merge keys: its part of any story's timeline.

    Kept per article, so a story that gains an article lays out its timeline again without reading
    its other articles back.
    """
    return tuple(
        Report(
            event_id(article.doc.id, i),
            article.doc.id,
            0,
            event,
            _key(index, article, event.actor_start, event.actor_end, actor=True),
            _key(index, article, event.target_start, event.target_end),
        )
        for i, event in enumerate(article.events)
        if event.date is not None
    )


def _group(reports: Iterable[Report]) -> list[list[Report]]:
    """Cluster greedily: a report joins the first group whose lead it matches and no member contradicts.

    Only groups of the same action and polarity can match, so each report scans those alone.
    """
    groups: list[list[Report]] = []
    by_kind: dict[tuple[str, bool], list[list[Report]]] = defaultdict(list)
    for report in reports:
        kind = by_kind[(report.event.action, report.event.negated)]
        for group in kind:
            if _same_event(report, group[0]) and all(_no_conflict(report, member) for member in group):
                group.append(report)
                break
        else:
            groups.append([report])
            kind.append(groups[-1])
    return groups


def _no_conflict(a: Report, b: Report) -> bool:
    """Tell whether two reports can sit in one group: same action, polarity, dates and participants."""
    ea, eb = a.event, b.event
    if ea.action != eb.action or ea.negated != eb.negated or ea.date is None or eb.date is None:
        return False
    return (
        dates_compatible(ea.date, eb.date)
        and _keys_compatible(a.actor, b.actor)
        and _keys_compatible(a.target, b.target)
    )


def _entry(group: list[Report]) -> TimelineEntry:
    """Turn a group into a timeline entry led by the report with the most precise date."""
    lead = max(group, key=lambda r: (len(r.event.date or ""), -r.order))
    members = [lead] + [r for r in group if r is not lead]
    articles = tuple(dict.fromkeys(r.article for r in members))
    actor = next((r.actor for r in members if r.actor is not None), None)
    target = next((r.target for r in members if r.target is not None), None)
    return TimelineEntry(
        id=lead.id,
        date=lead.event.date or "",
        action=lead.event.action,
        negated=lead.event.negated,
        events=tuple(r.id for r in members),
        articles=articles,
        actor=actor.split(":", 1)[1] if actor and actor.startswith("entity:") else None,
        target=target.split(":", 1)[1] if target and target.startswith("entity:") else None,
    )


def build_timeline(
    corpus: Corpus,
    story: Story,
    index: EntityIndex | None = None,
    by_id: Mapping[str, Article] | None = None,
) -> tuple[TimelineEntry, ...]:
    """Lay a story's dated events on one timeline, oldest first, merging reports of the same event.

    ``by_id`` (the corpus's articles by id) is built once by callers that lay out many stories.
    """
    if by_id is None:
        by_id = {article.doc.id: article for article in corpus.articles}
    index = index or EntityIndex(corpus.entities)
    return timeline_of(dated_reports(by_id[aid], index) for aid in story.articles if aid in by_id)


def timeline_of(parts: Iterable[Sequence[Report]]) -> tuple[TimelineEntry, ...]:
    """The timeline of a story from its articles' reports, given in the story's article order."""
    reports = [replace(r, order=n) for n, r in enumerate(chain.from_iterable(parts))]
    groups = _group(sorted(reports, key=lambda r: (-len(r.event.date or ""), r.order)))
    entries = [_entry(group) for group in groups]
    first_seen = {entry.id: min(r.order for r in group) for entry, group in zip(entries, groups, strict=True)}
    return tuple(sorted(entries, key=lambda e: (_first_day(e.date), e.date, first_seen[e.id])))


def _first_day(value: str) -> dt.date:
    """Sort key of an ISO value of any precision, weeks included: the first day it covers."""
    bounds = iso_bounds(value)
    return bounds[0] if bounds else dt.date.max


def add_timelines(corpus: Corpus) -> Corpus:
    """Fill every story's timeline and its entries' report groups; keep each article's reports in ``extra``.

    ``extra["timeline_reports"][story id][article id]`` is what ``timeline_of`` needs to lay the
    story out again when it grows.
    """
    index = EntityIndex(corpus.entities)
    by_id = {article.doc.id: article for article in corpus.articles}
    stories = []
    kept: dict[str, dict[str, tuple[Report, ...]]] = {}
    for story in corpus.stories:
        parts = {aid: dated_reports(by_id[aid], index) for aid in story.articles if aid in by_id}
        entries = timeline_of(parts.values())
        stories.append(replace(story, timeline=tuple(e.id for e in entries), timeline_groups=entries))
        kept[story.id] = parts
    return corpus.with_(stories=tuple(stories), extra={**corpus.extra, TIMELINE_REPORTS: kept})


TIMELINE_STAGE = CorpusStage(
    name="timeline",
    run=without_collector(add_timelines),
    requires=frozenset({"articles", "events", "stories"}),
    assigns=frozenset({"timeline"}),
)
