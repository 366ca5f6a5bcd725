"""Write the report reusing each unchanged article's items from the last run: cost follows what changed.

An article's own items (its description, quotes, events, claims, dates) depend only on its findings,
its sources and near-duplicates, and on which entity each speaker, actor, target or claim source
resolves to. Each article's items are kept in the store as JSON text, per section the items' texts
already joined as the layout joins them, with what they were written from (``key``), the entity ids
their spans resolved to and the items per section (``refs``). A later report rebuilds only the
articles whose key or resolved ids changed (new articles, articles of a grown entity ...), keeps
their pieces, and streams every article's pieces back from the store in stored order; entities and
stories come from their own kept pieces (``report.items``) where the store keeps keyed pieces, else
are written from the corpus. The text is the one ``report_chunks`` writes for the same corpus.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any, BinaryIO, Protocol

from marsad.corpus.model import Corpus
from marsad.document import Article
from marsad.report.contract import (
    ARTICLE_SECTIONS,
    SCHEMA,
    SpanIndex,
    article_items,
    entity_item,
    entity_spans,
    item_spans,
    near_duplicates,
    span_error,
    story_item,
)
from marsad.report.items import item_texts, keeps_items, report_code
from marsad.report.stream import Progress, StreamedReport, dumps_at, object_chunks, write_chunks

SAVE_EVERY = 500  # articles' pieces per transaction
Fetch = Callable[[Sequence[str]], Iterable[Article]]


class PieceStore(Protocol):
    """Where pieces are kept (``store.sqlite.Store``)."""

    def report_piece_keys(self) -> dict[str, tuple[str, str]]: ...

    def report_pieces(self, section: str) -> Iterator[tuple[str, str]]: ...

    def save_report_pieces(self, rows: Iterable[tuple[str, str, str, str, str, str, str, str]]) -> None: ...


def piece_key(version: str, indent: int | None, sources: list[str], duplicates: list[dict[str, Any]]) -> str:
    """Name what an article's pieces were written from: findings, report code, layout, sources, duplicates."""
    text = json.dumps([version, report_code(), indent, sources, duplicates], ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def _refs(article: Article, spans: SpanIndex) -> tuple[list[tuple[int | None, int | None]], list[str | None]]:
    """Return an article's entity spans and the entity each resolves to now."""
    found = entity_spans(article)
    return found, [spans.entity_at(article.doc.id, s, e) for s, e in found]


def _kept_counts(aid: str, refs: str, spans: SpanIndex) -> list[int] | None:
    """Return a kept piece's item counts per section, or None when its spans now resolve elsewhere."""
    kept = json.loads(refs)
    if [spans.entity_at(aid, s, e) for s, e in kept["spans"]] != kept["ids"]:
        return None
    counts: list[int] = kept["counts"]
    return counts


def _joiner(indent: int | None) -> str:
    """Return what separates two items of a list in the report's layout."""
    return ", " if indent is None else ",\n" + " " * (2 * indent)


def write_reusing(
    store: PieceStore,
    corpus: Corpus,
    ids: Sequence[str],
    fetch: Fetch,
    out: BinaryIO,
    sources: Mapping[str, tuple[str, ...]],
    *,
    version: str,
    indent: int | None = None,
    progress: Progress | None = None,
) -> StreamedReport:
    """Write the report of the articles ``ids`` (in that order), rebuilding only stale pieces.

    ``corpus`` holds every entity and story and the articles at hand; ``fetch`` reads back others
    whose pieces must be rebuilt. Returns what was written and every span that misses its text.
    """
    summary = StreamedReport(articles=len(ids))
    spans = SpanIndex(corpus.entities)
    duplicate_of = near_duplicates(corpus)
    kept = store.report_piece_keys()
    keys: dict[str, str] = {}
    stale: list[str] = []
    totals = [0] * len(ARTICLE_SECTIONS)
    for aid in ids:
        keys[aid] = piece_key(version, indent, list(sources.get(aid, ())), duplicate_of.get(aid, []))
        piece = kept.get(aid)
        counts = None if piece is None or piece[0] != keys[aid] else _kept_counts(aid, piece[1], spans)
        if counts is None:
            stale.append(aid)
        else:
            totals = [t + c for t, c in zip(totals, counts, strict=True)]
    del kept
    summary.rebuilt = len(stale)
    if progress:
        progress(f"{len(stale)} articles' pieces")
    totals = _rebuild(
        store, corpus, stale, fetch, sources, duplicate_of, spans, keys, indent, summary, totals
    )
    write_chunks(_report_texts(store, corpus, set(ids), indent, summary, progress, totals), out)
    return summary


def _report_texts(
    store: PieceStore,
    corpus: Corpus,
    wanted: set[str],
    indent: int | None,
    summary: StreamedReport,
    progress: Progress | None,
    totals: list[int],
) -> Iterator[str]:
    """Yield the report's text section by section, kept pieces and rebuilt ones alike."""
    order = ("articles", "entities", *ARTICLE_SECTIONS[1:], "stories")
    counts = dict(zip(ARTICLE_SECTIONS, totals, strict=True))
    sections: list[tuple[str, str | Iterable[str]]] = [("schema", json.dumps(SCHEMA, ensure_ascii=False))]
    sections += [(key, _section_texts(store, key, wanted, corpus, indent, summary, counts)) for key in order]
    return object_chunks(sections, indent, progress)


def _section_texts(
    store: PieceStore,
    key: str,
    wanted: set[str],
    corpus: Corpus,
    indent: int | None,
    summary: StreamedReport,
    counts: Mapping[str, int],
) -> Iterator[str]:
    """Yield one section's item texts: kept pieces for article sections, built ones for the others.

    An article's kept piece of a section is its items' texts already joined as the layout joins them.
    """
    count = 0
    if key in ARTICLE_SECTIONS:
        for aid, body in store.report_pieces(key):
            if body and aid in wanted:
                yield body
        summary.counts[key] = counts[key]
        return
    # Mentions in articles not at hand come from their kept findings, checked when first reported;
    # every span must still name an article of the report.
    texts_by = {a.doc.id: a.doc.text for a in corpus.articles}
    if keeps_items(store):
        values = corpus.entities if key == "entities" else corpus.stories
        yield from item_texts(store, key, values, texts_by, wanted, indent, summary)
        return
    items = (
        (entity_item(e) for e in corpus.entities)
        if key == "entities"
        else (story_item(s) for s in corpus.stories)
    )
    for item in items:
        for span in item_spans(key, item):
            if span[1] in texts_by:
                error = span_error(texts_by, *span)
            else:
                error = None if span[1] in wanted else f"{span[0]}: unknown article {span[1]!r}"
            if error:
                summary.errors.append(error)
        count += 1
        yield dumps_at(item, indent, 2)
    summary.counts[key] = count


def _rebuild(
    store: PieceStore,
    corpus: Corpus,
    stale: list[str],
    fetch: Fetch,
    sources: Mapping[str, tuple[str, ...]],
    duplicate_of: Mapping[str, list[dict[str, Any]]],
    spans: SpanIndex,
    keys: Mapping[str, str],
    indent: int | None,
    summary: StreamedReport,
    totals: list[int],
) -> list[int]:
    """Build and keep the pieces of stale articles, a transaction per ``SAVE_EVERY``; add up their items."""
    at_hand = {a.doc.id: a for a in corpus.articles}
    missing = [aid for aid in stale if aid not in at_hand]
    fetched = iter(fetch(missing)) if missing else iter(())
    rows: list[tuple[str, str, str, str, str, str, str, str]] = []
    for aid in stale:
        article = at_hand.get(aid) or next(fetched)
        if article.doc.id != aid:
            raise RuntimeError(f"read back {article.doc.id!r} where {aid!r} was expected")
        text = {aid: article.doc.text}
        items = article_items(article, list(sources.get(aid, ())), list(duplicate_of.get(aid, [])), spans)
        for section in ARTICLE_SECTIONS:
            for item in items[section]:
                for span in item_spans(section, item):
                    error = span_error(text, *span)
                    if error:
                        summary.errors.append(error)
        found, resolved = _refs(article, spans)
        counts = [len(items[s]) for s in ARTICLE_SECTIONS]
        totals = [t + c for t, c in zip(totals, counts, strict=True)]
        refs = json.dumps({"spans": found, "ids": resolved, "counts": counts}, ensure_ascii=False)
        lists = [_joiner(indent).join(dumps_at(i, indent, 2) for i in items[s]) for s in ARTICLE_SECTIONS]
        rows.append((aid, keys[aid], refs, *lists))  # type: ignore[arg-type]
        if len(rows) >= SAVE_EVERY:
            store.save_report_pieces(rows)
            rows.clear()
    if rows:
        store.save_report_pieces(rows)
    return totals
