"""Read article records from JSON (one object, an array, or an object wrapping an array) and JSONL.

Field names are matched case-insensitively, first hit wins:
text ``text content body article article_text full_text fulltext maintext summary description``;
title ``title headline heading``; url ``url link href canonical_url uri``;
outlet ``outlet source site site_name sitename publisher source_name newspaper domain``
(a ``{"name": ...}`` object is read for its name); published ``published date date_published
datepublished pubdate published_at publishedat publish_date date_publish date_extracted created_at
timestamp time``; author ``author authors byline creator writer`` (lists are joined with ``، ``).
A record's text is kept verbatim unless it carries HTML markup, which is then stripped to text.
Arrays and JSONL are streamed record by record, so memory stays flat however long the file is.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from typing import TextIO

from marsad.ingest.build import Meta
from marsad.ingest.dates import parse_published
from marsad.ingest.errors import Rejected
from marsad.ingest.markup import html_to_text, looks_like_html
from marsad.ingest.outlets import clean_name, outlet_from_url

TEXT_KEYS = (
    "text", "content", "body", "article", "article_text", "full_text", "fulltext", "maintext",
    "summary", "description",
)  # fmt: skip
TITLE_KEYS = ("title", "headline", "heading")
URL_KEYS = ("url", "link", "href", "canonical_url", "uri")
OUTLET_KEYS = (
    "outlet", "source", "site", "site_name", "sitename", "publisher", "source_name", "newspaper", "domain",
)  # fmt: skip
PUBLISHED_KEYS = (
    "published", "date", "date_published", "datepublished", "pubdate", "published_at", "publishedat",
    "publish_date", "date_publish", "date_extracted", "created_at", "timestamp", "time",
)  # fmt: skip
AUTHOR_KEYS = ("author", "authors", "byline", "creator", "writer")
WRAPPER_KEYS = (
    "articles", "items", "data", "records", "entries", "results", "docs", "documents", "news", "posts",
)  # fmt: skip

_DECODER = json.JSONDecoder()
_SPACE = re.compile(r"[ \t\r\n]*")
_CHUNK = 1 << 16
_NUMBER_CHARS = frozenset("0123456789.eE+-")


def record_parts(record: object) -> tuple[str, Meta]:
    """Return the text and metadata of one article record; raise ``Rejected`` when it has no text."""
    if not isinstance(record, Mapping):
        raise Rejected(f"JSON record is a {type(record).__name__}, not an object")
    fields = {str(key).lower(): value for key, value in record.items()}
    text = _first_text(fields)
    if text is None:
        raise Rejected(f"JSON record has no text field (expected one of: {', '.join(TEXT_KEYS[:4])})")
    if looks_like_html(text):
        text = html_to_text(text)
    meta = Meta(
        title=_first(fields, TITLE_KEYS),
        outlet=_outlet(_first(fields, OUTLET_KEYS)),
        published=_first_date(fields),
        url=_first(fields, URL_KEYS),
        author=_author(fields),
    )
    return text, meta


def _first_text(fields: Mapping[str, object]) -> str | None:
    """Return the first non-blank text field (verbatim)."""
    for key in TEXT_KEYS:
        value = fields.get(key)
        if isinstance(value, str) and value.strip():
            return value
    return None


def _first(fields: Mapping[str, object], keys: tuple[str, ...]) -> str | None:
    """Return the first usable string among ``keys`` (a ``{"name": ...}`` object counts)."""
    for key in keys:
        value = fields.get(key)
        if isinstance(value, Mapping):
            value = value.get("name") or value.get("title")
        name = clean_name(value)
        if name:
            return name
    return None


def _outlet(name: str | None) -> str | None:
    """Return an outlet name; a URL or ``www.`` host given as the name becomes its domain."""
    if name and ("://" in name or name.lower().startswith("www.")):
        return outlet_from_url(name if "://" in name else f"http://{name}") or name
    return name


def _first_date(fields: Mapping[str, object]) -> str | None:
    """Return the first field that parses as a date."""
    for key in PUBLISHED_KEYS:
        published = parse_published(fields.get(key))
        if published:
            return published
    return None


def _author(fields: Mapping[str, object]) -> str | None:
    """Return the author(s), lists joined with an Arabic comma."""
    for key in AUTHOR_KEYS:
        value = fields.get(key)
        if isinstance(value, list):
            names = [_first({"name": item}, ("name",)) for item in value]
            joined = "، ".join(name for name in names if name)
            if joined:
                return joined
        else:
            name = _first({key: value}, (key,))
            if name:
                return name
    return None


def unwrap(value: object) -> list[object]:
    """Return the records a parsed JSON document holds: itself, its items, or a wrapped list."""
    if isinstance(value, list):
        return value
    if isinstance(value, Mapping):
        fields = {str(key).lower(): item for key, item in value.items()}
        if _first_text(fields) is None:
            for key in WRAPPER_KEYS:
                if isinstance(fields.get(key), list):
                    return list(fields[key])
    return [value]


def iter_json_array(stream: TextIO, max_chars: int) -> Iterator[object | Rejected]:
    """Yield the items of a JSON array one at a time, reading ``stream`` in chunks (flat memory)."""
    reader = _ArrayReader(stream, max_chars)
    yield from reader.items()


class _ArrayReader:
    """A small incremental parser for ``[value, value, ...]`` built on ``JSONDecoder.raw_decode``."""

    def __init__(self, stream: TextIO, max_chars: int) -> None:
        self.stream = stream
        self.max_chars = max_chars
        self.buffer = ""
        self.pos = 0
        self.eof = False

    def _fill(self) -> bool:
        """Read one more chunk; return False at the end of the stream."""
        chunk = self.stream.read(_CHUNK)
        if not chunk:
            self.eof = True
            return False
        self.buffer = self.buffer[self.pos :] + chunk
        self.pos = 0
        return True

    def _next_char(self) -> str:
        """Skip whitespace and return the next character ('' at the end)."""
        while True:
            self.pos = _SPACE.match(self.buffer, self.pos).end()  # type: ignore[union-attr]
            if self.pos < len(self.buffer):
                return self.buffer[self.pos]
            if not self._fill():
                return ""

    def _value(self, index: int) -> object:
        """Decode the value at the cursor, reading more until it is complete."""
        while True:
            try:
                value, end = _DECODER.raw_decode(self.buffer, self.pos)
            except json.JSONDecodeError as error:
                if self.eof or not self._fill():
                    raise Rejected(f"invalid or truncated JSON in record #{index}: {error.msg}") from None
                if len(self.buffer) - self.pos > self.max_chars:
                    raise Rejected(f"record #{index} is larger than {self.max_chars} characters") from None
                continue
            if self._may_go_on(value, end) and self._fill():
                continue
            self.pos = end
            return value

    def _may_go_on(self, value: object, end: int) -> bool:
        """Tell whether a number ends at the buffer's edge or in a way more digits could follow."""
        if isinstance(value, bool) or not isinstance(value, int | float):
            return False
        return end == len(self.buffer) or self.buffer[end] in _NUMBER_CHARS

    def items(self) -> Iterator[object | Rejected]:
        """Yield each item; a syntax error ends the array with one ``Rejected``."""
        if self._next_char() != "[":
            yield Rejected("not a JSON array")
            return
        self.pos += 1
        index = 0
        try:
            if self._next_char() == "]":
                return
            while True:
                index += 1
                yield self._value(index)
                char = self._next_char()
                if char == "]":
                    return
                if char != ",":
                    found = repr(char) if char else "end of file"
                    raise Rejected(f"invalid or truncated JSON after record #{index}: found {found}")
                self.pos += 1
                self._next_char()
        except Rejected as error:
            yield error


def iter_json_lines(stream: TextIO, max_chars: int) -> Iterator[tuple[int, object | Rejected]]:
    """Yield ``(line number, value)`` for each non-blank line of a JSONL stream."""
    number = 0
    while True:
        line = stream.readline(max_chars + 1)
        if not line:
            return
        number += 1
        if len(line) > max_chars and not line.endswith("\n"):
            while line and not line.endswith("\n"):
                line = stream.readline(_CHUNK)
            yield number, Rejected(f"line is longer than {max_chars} characters")
            continue
        if not line.strip():
            continue
        try:
            yield number, json.loads(line)
        except json.JSONDecodeError as error:
            yield number, Rejected(f"invalid JSON: {error.msg}")
