"""The JSON report (schema ``marsad.report/1``): the contract other programs build on."""

from __future__ import annotations

import bisect
import json
from collections.abc import Iterator, Mapping
from functools import cache
from importlib import resources
from typing import Any

from marsad.corpus.model import Corpus, Entity, Story, claim_id, event_id, quote_id
from marsad.document import Article, ClaimMention, DateMention, EventMention, QuoteMention, stored_tokens
from marsad.scale.compact import LazyTokens, WordsOnly

SCHEMA = "marsad.report/1"
Report = dict[str, Any]


class SpanIndex:
    """Find which entity a span of an article refers to, by overlap with the entity's mentions."""

    def __init__(self, entities: tuple[Entity, ...]) -> None:
        self._by_article: dict[str, list[tuple[int, int, str]]] = {}
        for entity in entities:
            for mention in entity.mentions:
                self._by_article.setdefault(mention.article, []).append(
                    (mention.start, mention.end, entity.id)
                )
        for spans in self._by_article.values():
            spans.sort()
        self._starts = {article: [s[0] for s in spans] for article, spans in self._by_article.items()}
        self._reach = {
            article: max(e - s for s, e, _ in spans) for article, spans in self._by_article.items()
        }

    def entity_at(self, article: str, start: int | None, end: int | None) -> str | None:
        """Return the id of the entity whose mention overlaps ``[start, end)`` most, or None."""
        if start is None or end is None or article not in self._by_article:
            return None
        spans, starts = self._by_article[article], self._starts[article]
        best: tuple[int, str] | None = None
        # Only mentions starting in [start - longest mention, end) can overlap the span.
        lo = bisect.bisect_right(starts, start - self._reach[article])
        for s, e, entity in spans[lo : bisect.bisect_left(starts, end)]:
            overlap = min(e, end) - max(s, start)
            if overlap > 0 and (best is None or overlap > best[0]):
                best = (overlap, entity)
        return best[1] if best else None


def _words(article: Article) -> int:
    """Count an article's words, without building its tokens when they are kept packed."""
    stored = stored_tokens(article)
    if isinstance(stored, LazyTokens | WordsOnly):
        return stored.words()
    return sum(1 for t in stored if t.is_word)


def _article(article: Article, extra: Mapping[str, Any]) -> dict[str, Any]:
    """Describe one article: metadata and the original text every offset indexes."""
    doc = article.doc
    return {
        "id": doc.id,
        "source": doc.source,
        "outlet": doc.outlet,
        "title": doc.title,
        "published": doc.published,
        "published_inferred": article.published_inferred,
        "url": doc.url,
        "author": doc.author,
        "sentences": len(article.sentences),
        "words": _words(article),
        **extra,
        "text": doc.text,
    }


def entity_item(entity: Entity) -> dict[str, Any]:
    """Describe one resolved entity with every mention's evidence."""
    return {
        "id": entity.id,
        "name": entity.name,
        "type": entity.type,
        "aliases": list(entity.aliases),
        "mentions": [
            {"article": m.article, "start": m.start, "end": m.end, "text": m.text} for m in entity.mentions
        ],
    }


def story_item(story: Story) -> dict[str, Any]:
    """Describe one storyline with its events, summary, timeline, claim groups and framing."""
    return {
        "id": story.id,
        "title": story.title,
        "articles": list(story.articles),
        "events": [{"id": e.id, "articles": list(e.articles)} for e in story.events],
        "summary": [
            {
                "text": s.text,
                "sources": [{"article": r.article, "start": r.start, "end": r.end} for r in s.sources],
            }
            for s in story.summary
        ],
        "timeline": list(story.timeline),
        "timeline_groups": [
            {
                "id": t.id,
                "date": t.date,
                "action": t.action,
                "negated": t.negated,
                "events": list(t.events),
                "articles": list(t.articles),
                "actor": t.actor,
                "target": t.target,
            }
            for t in story.timeline_groups
        ],
        "claim_groups": [
            {
                "claims": list(g.claims),
                "relation": g.relation,
                "score": g.score,
                "reason": g.reason,
                **({"sides": [list(side) for side in g.sides]} if g.sides else {}),
            }
            for g in story.claim_groups
        ],
        "framing": [
            {
                "entity": f.entity,
                "article": f.article,
                "labels": list(f.labels),
                "hedges": list(f.hedges),
                "verbs": list(f.verbs),
                "loaded": list(f.loaded),
            }
            for f in story.framing
        ],
    }


def _quote(aid: str, index: int, quote: QuoteMention, spans: SpanIndex) -> dict[str, Any]:
    """Describe one quote, its speaker resolved to an entity."""
    return {
        "id": quote_id(aid, index),
        "article": aid,
        "speaker": spans.entity_at(aid, quote.speaker_start, quote.speaker_end),
        "speaker_text": quote.speaker_text,
        "speaker_start": quote.speaker_start,
        "speaker_end": quote.speaker_end,
        "text": quote.text,
        "kind": quote.kind,
        "verb": quote.verb,
        "start": quote.start,
        "end": quote.end,
    }


def _event(aid: str, index: int, event: EventMention, spans: SpanIndex) -> dict[str, Any]:
    """Describe one event, its actor and target resolved to entities."""
    return {
        "id": event_id(aid, index),
        "article": aid,
        "date": event.date,
        "date_text": event.date_text,
        "actor": spans.entity_at(aid, event.actor_start, event.actor_end),
        "action": event.action,
        "target": spans.entity_at(aid, event.target_start, event.target_end),
        "negated": event.negated,
        "text": event.text,
        "start": event.start,
        "end": event.end,
    }


def _claim(aid: str, index: int, claim: ClaimMention, spans: SpanIndex) -> dict[str, Any]:
    """Describe one claim, its source resolved to an entity."""
    return {
        "id": claim_id(aid, index),
        "article": aid,
        "source": spans.entity_at(aid, claim.source_start, claim.source_end),
        "text": claim.text,
        "negated": claim.negated,
        "start": claim.start,
        "end": claim.end,
    }


def _date(aid: str, date: DateMention) -> dict[str, Any]:
    """Describe one date expression with its resolved value."""
    return {
        "article": aid,
        "text": date.text,
        "value": date.value,
        "relative": date.relative,
        "start": date.start,
        "end": date.end,
    }


ARTICLE_SECTIONS = ("articles", "quotes", "events", "claims", "dates")  # items that come from one article


def near_duplicates(corpus: Corpus) -> dict[str, list[dict[str, Any]]]:
    """Map each article to the earlier articles it nearly duplicates (report form)."""
    duplicate_of: dict[str, list[dict[str, Any]]] = {}
    for dup in corpus.duplicates:
        duplicate_of.setdefault(dup.article, []).append(
            {"article": dup.duplicate_of, "similarity": dup.similarity}
        )
    return duplicate_of


def article_items(
    article: Article, sources: list[str], duplicates: list[dict[str, Any]], spans: SpanIndex
) -> dict[str, list[dict[str, Any]]]:
    """Describe one article's own items of each section (``ARTICLE_SECTIONS``), in report order."""
    aid = article.doc.id
    return {
        "articles": [_article(article, {"sources": sources, "near_duplicates": duplicates})],
        "quotes": [_quote(aid, i, q, spans) for i, q in enumerate(article.quotes)],
        "events": [_event(aid, i, v, spans) for i, v in enumerate(article.events)],
        "claims": [_claim(aid, i, c, spans) for i, c in enumerate(article.claims)],
        "dates": [_date(aid, d) for d in article.dates],
    }


def entity_spans(article: Article) -> list[tuple[int | None, int | None]]:
    """List the spans of an article's items that the report resolves to entities, in a fixed order."""
    return [
        *((q.speaker_start, q.speaker_end) for q in article.quotes),
        *(
            span
            for v in article.events
            for span in ((v.actor_start, v.actor_end), (v.target_start, v.target_end))
        ),
        *((c.source_start, c.source_end) for c in article.claims),
    ]


def report_sections(
    corpus: Corpus, sources: Mapping[str, tuple[str, ...]] | None = None
) -> Iterator[tuple[str, Any]]:
    """Yield the report's keys in order, each list as a lazy iterator of its items (for streaming)."""
    spans = SpanIndex(corpus.entities)
    duplicate_of = near_duplicates(corpus)
    articles = corpus.articles
    yield "schema", SCHEMA
    yield (
        "articles",
        (
            _article(
                a,
                {
                    "sources": list((sources or {}).get(a.doc.id, (a.doc.source,))),
                    "near_duplicates": duplicate_of.get(a.doc.id, []),
                },
            )
            for a in articles
        ),
    )
    yield "entities", (entity_item(e) for e in corpus.entities)
    yield "quotes", (_quote(a.doc.id, i, q, spans) for a in articles for i, q in enumerate(a.quotes))
    yield "events", (_event(a.doc.id, i, v, spans) for a in articles for i, v in enumerate(a.events))
    yield "claims", (_claim(a.doc.id, i, c, spans) for a in articles for i, c in enumerate(a.claims))
    yield "dates", (_date(a.doc.id, d) for a in articles for d in a.dates)
    yield "stories", (story_item(s) for s in corpus.stories)


def build_report(corpus: Corpus, sources: Mapping[str, tuple[str, ...]] | None = None) -> Report:
    """Turn an analysed corpus into the report contract, every finding pointing at its evidence."""
    return {
        key: value if isinstance(value, str) else list(value)
        for key, value in report_sections(corpus, sources)
    }


def span_error(
    texts: Mapping[str, str], where: str, article: str, start: int, end: int, text: str | None
) -> str | None:
    """Say why a span does not slice exactly its text out of its article (None when it does)."""
    if article not in texts:
        return f"{where}: unknown article {article!r}"
    if text is not None and texts[article][start:end] != text:
        return f"{where}: text[{start}:{end}] is {texts[article][start:end]!r}, not {text!r}"
    return None


def item_spans(key: str, item: Mapping[str, Any]) -> Iterator[tuple[str, str, int, int, str | None]]:
    """Yield every evidence span of one report item of section ``key`` (where, article, start, end, text)."""
    if key == "entities":
        for m in item["mentions"]:
            yield f"entity {item['id']}", m["article"], m["start"], m["end"], m["text"]
    elif key in ("quotes", "events", "claims", "dates"):
        yield f"{key} {item.get('id', '')}".strip(), item["article"], item["start"], item["end"], item["text"]
        if key == "quotes" and item["speaker_start"] is not None:
            yield (
                f"quote {item['id']} speaker",
                item["article"],
                item["speaker_start"],
                item["speaker_end"],
                item["speaker_text"],
            )
    elif key == "stories":
        for sentence in item["summary"]:
            for ref in sentence["sources"]:
                yield f"story {item['id']} summary", ref["article"], ref["start"], ref["end"], None


def span_errors(report: Report) -> list[str]:
    """List every span whose offsets do not slice exactly its text out of its article."""
    texts = {a["id"]: a["text"] for a in report["articles"]}
    errors: list[str] = []
    for key in ("entities", "quotes", "events", "claims", "dates"):
        for item in report[key]:
            for span in item_spans(key, item):
                error = span_error(texts, *span)
                if error:
                    errors.append(error)
    for story in report["stories"]:
        for span in item_spans("stories", story):
            error = span_error(texts, *span)
            if error:
                errors.append(error)
    return errors


@cache
def schema() -> dict[str, Any]:
    """Load the JSON Schema of the report shipped with the package."""
    text = resources.files("marsad.report").joinpath("schema.json").read_text("utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def validate(report: Report) -> None:
    """Raise ``jsonschema.ValidationError`` if the report breaks the contract."""
    import jsonschema

    jsonschema.validate(report, schema())


def dumps(report: Report) -> str:
    """Serialise the report as readable UTF-8 JSON (Arabic kept as is, not escaped)."""
    return json.dumps(report, ensure_ascii=False, indent=1)
