"""What each page shows, as plain data: the HTML templates render it and the API returns it as JSON."""

from __future__ import annotations

from collections import Counter, defaultdict
from functools import cached_property
from itertools import pairwise
from typing import Any

from marsad.report.page import SIDE_NAMES
from marsad.web.index import ReportIndex

Json = dict[str, Any]

# Event actions drawn as edges of a story's "who does what to whom" graph, grouped by colour.
EDGE_KINDS = {
    **dict.fromkeys(("support", "aid", "agree", "ceasefire", "cooperate", "meet", "negotiate"), "support"),
    **dict.fromkeys(("oppose", "criticise", "sanction", "attack", "fight", "kill", "threaten"), "oppose"),
    **dict.fromkeys(("accuse", "arrest", "abduct", "investigate"), "accuse"),
}


KIND_NAMES = {"support": "دعم", "oppose": "معارضة", "accuse": "اتهام"}
RELATION_ORDER = {"contradict": 0, "agree": 1, "unique": 2}


class NotFound(LookupError):
    """A page was asked for something the report does not hold."""


class Observatory:
    """A saved report as the pages read it: rows fetched by id, article or link from its index."""

    def __init__(self, index: ReportIndex) -> None:
        self.index = index

    @cached_property
    def _story_titles(self) -> dict[str, str]:
        """Map story ids to titles (the front page rows hold them)."""
        return {row["id"]: row["title"] for row in self.index.story_rows}

    def article(self, article_id: str) -> Json:
        """Return one article or raise NotFound."""
        article = self.index.item("articles", article_id) if self.index.has_article(article_id) else None
        if article is None:
            raise NotFound(f"no article {article_id!r}")
        return article

    def found(self, article_id: str, section: str) -> list[Json]:
        """Return an article's quotes, events, claims or dates, in report order."""
        return self.index.of_article(section, article_id)

    def story_title(self, story_id: str) -> str:
        """Return a story's title."""
        return self._story_titles[story_id]

    def entity(self, entity_id: str) -> Json | None:
        """Return one entity, or None for an id the report does not hold (no query for those)."""
        return self.index.item("entities", entity_id) if self.index.has_entity(entity_id) else None

    def entity_articles(self, entity_id: str) -> set[str]:
        """Return the articles an entity is mentioned in (none for an unknown id)."""
        entity = self.entity(entity_id)
        return {m["article"] for m in entity["mentions"]} if entity else set()

    def outlet_of(self, article_id: str) -> str:
        """Name the outlet of an article, or its file name when the outlet is unknown."""
        return self.index.label(article_id)

    def name_of(self, entity_id: str | None) -> str | None:
        """Return an entity's canonical name."""
        return self.index.name(entity_id)


def _date_range(articles: list[Json]) -> tuple[str | None, str | None]:
    """Return the earliest and latest publication dates of some articles."""
    dates = sorted(a["published"] for a in articles if a.get("published"))
    return (dates[0], dates[-1]) if dates else (None, None)


def story_list(obs: Observatory) -> list[Json]:
    """Summarise every story for the front page, newest first."""
    return [dict(row) for row in obs.index.story_rows]


def _quote_view(obs: Observatory, quote: Json) -> Json:
    """Describe a quote with its speaker's name and its outlet."""
    return {
        **quote,
        "speaker_name": obs.name_of(quote["speaker"]) or quote["speaker_text"],
        "outlet": obs.outlet_of(quote["article"]),
    }


def _event_view(obs: Observatory, event: Json) -> Json:
    """Describe an event with the names of its actor and target and its outlet."""
    return {
        **event,
        "actor_name": obs.name_of(event["actor"]),
        "target_name": obs.name_of(event["target"]),
        "outlet": obs.outlet_of(event["article"]),
    }


def graph(obs: Observatory, events: list[Json]) -> Json:
    """Build the who-supports/opposes/accuses-whom graph of some events (nodes and edges)."""
    edges: Counter[tuple[str, str, str, bool]] = Counter()
    for event in events:
        kind = EDGE_KINDS.get(event["action"])
        if kind and event["actor"] and event["target"] and event["actor"] != event["target"]:
            edges[(event["actor"], event["target"], kind, bool(event["negated"]))] += 1
    nodes = {n for a, b, _, _ in edges for n in (a, b)}
    return {
        "nodes": [
            {"id": n, "label": obs.name_of(n) or n, "type": obs.index.entity_type(n)} for n in sorted(nodes)
        ],
        "edges": [
            {
                "source": a,
                "target": b,
                "kind": kind,
                "label": KIND_NAMES[kind],
                "negated": negated,
                "count": count,
            }
            for (a, b, kind, negated), count in sorted(edges.items())
        ],
    }


def story_detail(obs: Observatory, story_id: str) -> Json:
    """Gather everything the story page shows: summary, timeline, quotes, claims, framing, graph."""
    story = obs.index.item("stories", story_id)
    if story is None:
        raise NotFound(f"no story {story_id!r}")
    article_ids = [a for a in story["articles"] if obs.index.has_article(a)]
    outlets = sorted({obs.outlet_of(a) for a in article_ids})
    quotes = [_quote_view(obs, q) for a in article_ids for q in obs.found(a, "quotes")]
    by_speaker: dict[str, list[Json]] = defaultdict(list)
    for quote in quotes:
        by_speaker[quote["speaker_name"] or "—"].append(quote)
    reported_by = {g["id"]: g["articles"] for g in story.get("timeline_groups", [])}
    known_events = {e["id"]: e for e in obs.index.items("events", story["timeline"])}
    events = [
        {**known_events[e], "reported_by": sorted({obs.outlet_of(a) for a in reported_by.get(e, [])})}
        for e in story["timeline"]
        if e in known_events
    ]
    claims = {
        c["id"]: c for c in obs.index.items("claims", [c for g in story["claim_groups"] for c in g["claims"]])
    }
    matrix = []
    for group in story["claim_groups"]:
        cells: dict[str, list[Json]] = defaultdict(list)
        side_of = {c: SIDE_NAMES[i] for i, side in enumerate(group.get("sides", [])[:2]) for c in side}
        for claim_id in group["claims"]:
            if claim_id in claims:
                claim = {**claims[claim_id], "side": side_of.get(claim_id)}
                cells[obs.outlet_of(claim["article"])].append(claim)
        matrix.append({**group, "cells": cells})
    matrix.sort(key=lambda g: (RELATION_ORDER.get(g["relation"], 9), -g["score"]))
    framing: dict[str, dict[str, Json]] = defaultdict(dict)
    for row in story["framing"]:
        name = obs.name_of(row["entity"]) or "—"
        cell = framing[name].setdefault(
            obs.outlet_of(row["article"]), {"labels": [], "hedges": [], "verbs": [], "loaded": []}
        )
        for key in ("labels", "hedges", "verbs", "loaded"):
            cell[key] = sorted(set(cell[key]) | set(row.get(key, [])))
    all_events = [e for a in article_ids for e in obs.found(a, "events")]
    meta = obs.index.article_meta(article_ids)
    return {
        "id": story_id,
        "title": story["title"],
        "outlets": outlets,
        "articles": [meta[a] for a in article_ids],
        "summary": [
            {
                "text": s["text"],
                "sources": [{**r, "outlet": obs.outlet_of(r["article"])} for r in s["sources"]],
            }
            for s in story["summary"]
        ],
        "timeline": [_event_view(obs, e) for e in events],
        "quotes_by_speaker": sorted(by_speaker.items(), key=lambda item: -len(item[1])),
        "claims": matrix,
        "framing": framing,
        "graph": graph(obs, all_events),
    }


def article_segments(obs: Observatory, article_id: str) -> list[Json]:
    """Cut an article's text into runs, each with the kinds of finding that cover it."""
    article = obs.article(article_id)
    text = article["text"]
    marks: list[tuple[int, int, str, str]] = [
        (start, end, f"entity {kind.lower()}", entity)
        for start, end, kind, entity, _ in obs.index.mentions(article_id)
    ]
    for q in obs.found(article_id, "quotes"):
        marks.append((q["start"], q["end"], f"quote {q['kind']}", q["id"]))
    for d in obs.found(article_id, "dates"):
        marks.append((d["start"], d["end"], "date", d.get("value") or ""))
    for c in obs.found(article_id, "claims"):
        marks.append((c["start"], c["end"], "claim", c["id"]))
    bounds = sorted({0, len(text), *(m[0] for m in marks), *(m[1] for m in marks)})
    segments = []
    for start, end in pairwise(bounds):
        active = [m for m in marks if m[0] <= start and end <= m[1]]
        entity = next((m[3] for m in active if m[2].startswith("entity")), None)
        segments.append(
            {
                "start": start,
                "end": end,
                "text": text[start:end],
                "classes": sorted({cls for m in active for cls in m[2].split()}),
                "entity": entity,
            }
        )
    return segments


def article_detail(obs: Observatory, article_id: str) -> Json:
    """Gather an article with its findings and the highlighted runs of its text."""
    article = obs.article(article_id)
    stories = obs.index.linked("story", article_id)
    return {
        "article": article,
        "stories": [{"id": s, "title": obs.story_title(s)} for s in stories],
        "segments": article_segments(obs, article_id),
        "quotes": [_quote_view(obs, q) for q in obs.found(article_id, "quotes")],
        "events": [_event_view(obs, e) for e in obs.found(article_id, "events")],
        "dates": obs.found(article_id, "dates"),
        "claims": obs.found(article_id, "claims"),
        "entities": sorted(
            {(entity, name, kind) for _, _, kind, entity, name in obs.index.mentions(article_id)},
            key=lambda x: x[1],
        ),
    }


def entity_detail(obs: Observatory, entity_id: str) -> Json:
    """Gather what an entity said, how each outlet labels it, and its timeline."""
    entity = obs.entity(entity_id)
    if entity is None:
        raise NotFound(f"no entity {entity_id!r}")
    quotes = [_quote_view(obs, q) for q in obs.index.items("quotes", obs.index.linked("speaker", entity_id))]
    labels: dict[str, Counter[str]] = defaultdict(Counter)
    hedges: dict[str, Counter[str]] = defaultdict(Counter)
    for row in obs.index.framing_of(entity_id):
        labels[obs.outlet_of(row["article"])].update(row["labels"])
        hedges[obs.outlet_of(row["article"])].update(row["hedges"])
    events = sorted(
        (_event_view(obs, e) for e in obs.index.items("events", obs.index.linked("party", entity_id))),
        key=lambda e: (e["date"] is None, e["date"] or ""),
    )
    return {
        "entity": {k: entity[k] for k in ("id", "name", "type", "aliases")},
        "mentions": len(entity["mentions"]),
        "articles": sorted({m["article"] for m in entity["mentions"]}),
        "quotes": quotes,
        "labels_by_outlet": {o: dict(c.most_common()) for o, c in sorted(labels.items())},
        "hedges_by_outlet": {o: dict(c.most_common()) for o, c in sorted(hedges.items())},
        "timeline": events,
    }


def outlet_detail(obs: Observatory, outlet: str) -> Json:
    """Gather an outlet's framing profile across stories: labels per actor, verbs, loaded terms."""
    articles = obs.index.articles_of_outlet(outlet)
    if not articles:
        raise NotFound(f"no outlet {outlet!r}")
    ids = [a["id"] for a in articles]
    labels: dict[str, Counter[str]] = defaultdict(Counter)
    hedges: Counter[str] = Counter()
    verbs: Counter[str] = Counter()
    for row in obs.index.framing_in(ids):
        labels[obs.name_of(row["entity"]) or "—"].update(row["labels"])
        hedges.update(row["hedges"])
        verbs.update(row.get("verbs", []))
    verbs.update(q["verb"] for q in obs.index.of_articles("quotes", ids) if q["verb"])
    first, last = _date_range(articles)
    return {
        "outlet": outlet,
        "articles": [{k: a[k] for k in ("id", "title", "published")} for a in articles],
        "first": first,
        "last": last,
        "labels_by_actor": {n: dict(c.most_common()) for n, c in sorted(labels.items())},
        "hedges": dict(hedges.most_common()),
        "verbs": dict(verbs.most_common()),
        "stories": sorted({s for a in ids for s in obs.index.linked("story", a)}),
    }
