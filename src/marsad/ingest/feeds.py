"""Read RSS and Atom feeds with feedparser: one article per entry, its HTML stripped to text.

An entry's text is the longest of its ``content`` values and its ``summary``; its outlet is the
feed's title (else the domain of its link); its date is the entry's published (else updated) date as
written, in the feed's own time zone. Data that is not an XML feed is refused as a whole; an entry
without text is refused on its own and the others go on.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator, Mapping
from typing import Any

import feedparser

from marsad.ingest.build import Meta
from marsad.ingest.dates import parse_published
from marsad.ingest.errors import Rejected
from marsad.ingest.markup import drop_boilerplate_lines, html_to_text, looks_like_html
from marsad.ingest.outlets import clean_name

_FEED_ROOT = re.compile(rb"<(?:rss|feed|rdf:RDF)[\s>]", re.IGNORECASE)


def looks_like_feed(head: bytes) -> bool:
    """Tell from the first bytes whether the data is an RSS/Atom document."""
    sample = head[:4096].replace(b"\x00", b"")
    return _FEED_ROOT.search(sample) is not None


def read_feed(data: bytes) -> Iterator[tuple[int, tuple[str, Meta] | Rejected]]:
    """Yield ``(number, (text, meta) or Rejected)`` per entry; raise ``Rejected`` for a non-feed."""
    parsed = feedparser.parse(io.BytesIO(data), sanitize_html=True, resolve_relative_uris=False)
    entries = parsed.get("entries") or []
    version = parsed.get("version") or ""
    if not entries:
        if parsed.get("bozo") and not version:
            problem = parsed.get("bozo_exception")
            raise Rejected(f"not a valid RSS/Atom feed (not well-formed XML: {problem})")
        if not version:
            raise Rejected("not an RSS/Atom feed")
        raise Rejected("feed has no entries")
    channel = parsed.get("feed") or {}
    outlet = clean_name(_plain(channel.get("title")))
    results = [_entry(entry, outlet) for entry in entries]
    if parsed.get("bozo") and all(isinstance(result, Rejected) for result in results):
        raise Rejected(f"not a valid RSS/Atom feed (not well-formed XML: {parsed.get('bozo_exception')})")
    yield from enumerate(results, start=1)


def _entry(entry: Mapping[str, Any], outlet: str | None) -> tuple[str, Meta] | Rejected:
    """Return one entry's text and metadata, or why it has none."""
    bodies = [_content_text(content) for content in entry.get("content") or []]
    summary = entry.get("summary_detail") or {"value": entry.get("summary"), "type": "text/html"}
    bodies.append(_content_text(summary))
    text = max(bodies, key=len, default="")
    if not text.strip():
        return Rejected("feed entry has no text")
    published = parse_published(entry.get("published")) or parse_published(entry.get("updated"))
    meta = Meta(
        title=clean_name(_plain(entry.get("title"))),
        outlet=outlet,
        published=published,
        url=clean_name(entry.get("link")),
        author=clean_name(_plain((entry.get("author_detail") or {}).get("name") or entry.get("author"))),
    )
    return text, meta


def _content_text(content: Mapping[str, Any]) -> str:
    """Return a feed content block as plain text."""
    value = content.get("value")
    if not isinstance(value, str):
        return ""
    kind = str(content.get("type") or "")
    if "html" in kind or looks_like_html(value):
        return drop_boilerplate_lines(html_to_text(value))
    return value.strip()


def _plain(value: object) -> str | None:
    """Return a feed field with any markup removed."""
    if not isinstance(value, str):
        return None
    return html_to_text(value) if looks_like_html(value) else value
