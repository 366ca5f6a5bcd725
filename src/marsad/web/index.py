"""A saved report cut into indexed rows, so the web pages read only what they show.

Loading a 30k-article report into Python dicts takes over 2 GiB and many seconds before the first page.
Here the report is read once, section by section, into a small SQLite file beside the store (or a
temporary one): every item as a JSON row keyed by id and article, plus the links the pages follow
(speaker to quotes, actor or target to events, article to its stories, framing rows by entity and
by article, entity mentions by article). Pages then query a handful of rows; only article outlets,
entity names and the front page's story rows stay in memory.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, Protocol

import ijson  # type: ignore[import-untyped]

from marsad.store.sqlite import Store

Json = dict[str, Any]
SECTIONS = ("articles", "entities", "quotes", "events", "claims", "dates", "stories")
FORMAT = "marsad.web.index/2"  # rebuilt when this changes
BATCH = 2000  # rows per executemany

_SCHEMA = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE items(section TEXT NOT NULL, seq INTEGER NOT NULL, id TEXT, article TEXT, body TEXT NOT NULL,
                   PRIMARY KEY(section, seq));
CREATE TABLE links(kind TEXT NOT NULL, key TEXT NOT NULL, seq INTEGER NOT NULL, item TEXT NOT NULL);
CREATE TABLE mentions(article TEXT NOT NULL, seq INTEGER NOT NULL, start INTEGER, end INTEGER,
                      type TEXT, entity TEXT, name TEXT);
CREATE TABLE articles(id TEXT PRIMARY KEY, seq INTEGER, title TEXT, outlet TEXT, published TEXT,
                      source TEXT, label TEXT);
CREATE TABLE entities(id TEXT PRIMARY KEY, name TEXT, type TEXT);
CREATE TABLE framing(entity TEXT, article TEXT NOT NULL, seq INTEGER NOT NULL, body TEXT NOT NULL);
"""
_INDEXES = """
CREATE INDEX items_id ON items(section, id);
CREATE INDEX items_article ON items(section, article, seq);
CREATE INDEX links_key ON links(kind, key, seq);
CREATE INDEX mentions_article ON mentions(article, seq);
CREATE INDEX articles_label ON articles(label, seq);
CREATE INDEX framing_entity ON framing(entity, seq);
CREATE INDEX framing_article ON framing(article, seq);
"""  # created once the rows are in: faster than keeping them up to date row by row


class Readable(Protocol):
    """A binary stream that can be read and repositioned (a file, an SQLite blob)."""

    def read(self, length: int = -1, /) -> bytes: ...

    def seek(self, offset: int, origin: int = 0, /) -> object: ...


def outlet_label(article: Json) -> str:
    """Name the outlet of an article, or its file name when the outlet is unknown."""
    if article.get("outlet"):
        return str(article["outlet"])
    return str(article.get("source") or article.get("id", "")).rstrip("/").rsplit("/", 1)[-1]


def section_spans(body: Readable, size: int) -> dict[str, tuple[int, int]]:
    """Find where each top-level list of a report's JSON text starts and ends, in one read.

    The first ``"<section>": [`` in the text is the top-level one: items never use these keys before
    their section (stories come last), and a JSON string cannot hold an unescaped quote.
    """
    starts: dict[str, int] = {}
    wanted = list(SECTIONS)
    tail = b""
    offset = 0
    body.seek(0)
    while wanted and (chunk := body.read(1 << 22)):
        window = tail + chunk
        base = offset - len(tail)
        found_at = 0
        while wanted:
            pattern = b'"' + wanted[0].encode() + b'": ['
            at = window.find(pattern, found_at)
            if at < 0:
                break
            found_at = at + len(pattern)
            starts[wanted.pop(0)] = base + found_at - 1  # the list's opening bracket
        tail = window[-64:]
        offset += len(chunk)
    ordered = sorted(starts.items(), key=lambda kv: kv[1])
    spans: dict[str, tuple[int, int]] = {}
    for n, (key, start) in enumerate(ordered):
        end = ordered[n + 1][1] if n + 1 < len(ordered) else size
        spans[key] = (start, end)
    return spans


class _Slice:
    """A read-only window of a binary stream, ending at the list's closing bracket."""

    def __init__(self, body: Readable, start: int, end: int) -> None:
        body.seek(max(start, end - 4096))
        last = body.read(end - max(start, end - 4096))
        self._end = max(start, end - 4096) + last.rindex(b"]") + 1
        self._body = body
        self._pos = start
        body.seek(start)

    def read(self, n: int = -1) -> bytes:
        """Read up to ``n`` bytes of the window."""
        left = self._end - self._pos
        n = left if n < 0 else min(n, left)
        if n <= 0:
            return b""
        self._body.seek(self._pos)
        data = self._body.read(n)
        self._pos += len(data)
        return data


def stream_sections(body: Readable, size: int) -> Iterator[tuple[str, Iterator[Json]]]:
    """Yield each section of a report's JSON text with a lazy iterator of its items."""
    spans = section_spans(body, size)
    for key in SECTIONS:
        if key in spans:
            yield key, ijson.items(_Slice(body, *spans[key]), "item", use_float=True)
        else:
            yield key, iter(())


def dict_sections(report: Json) -> Iterator[tuple[str, Iterator[Json]]]:
    """Yield each section of a report held as Python objects."""
    for key in SECTIONS:
        yield key, iter(report.get(key, []))


def build_index(path: Path, sections: Iterable[tuple[str, Iterator[Json]]], report_key: str) -> None:
    """Write a report's rows and links into a new index file at ``path``."""
    path.unlink(missing_ok=True)
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode=OFF")
    db.execute("PRAGMA synchronous=OFF")
    db.executescript(_SCHEMA)
    db.execute("BEGIN")
    rows: list[tuple[Any, ...]] = []
    links: list[tuple[str, str, int, str]] = []
    mentions: list[tuple[Any, ...]] = []
    framing: list[tuple[Any, ...]] = []  # every story's framing rows, by entity and article

    buffers = (
        ("INSERT INTO items VALUES (?, ?, ?, ?, ?)", rows),
        ("INSERT INTO links VALUES (?, ?, ?, ?)", links),
        ("INSERT INTO framing VALUES (?, ?, ?, ?)", framing),
        ("INSERT INTO mentions VALUES (?, ?, ?, ?, ?, ?, ?)", mentions),
    )

    def flush(force: bool = False) -> None:
        for insert, buffer in buffers:
            if force or len(buffer) >= BATCH:
                db.executemany(insert, buffer)
                buffer.clear()

    meta: dict[str, tuple[str | None, str | None, str]] = {}  # article -> title, published, label
    story_rows: list[Json] = []
    seq = 0
    for key, items in sections:
        for item in items:
            seq += 1
            if key == "articles":
                label = outlet_label(item)
                meta[item["id"]] = (item.get("title"), item.get("published"), label)
                db.execute(
                    "INSERT OR IGNORE INTO articles VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (
                        item["id"],
                        seq,
                        item.get("title"),
                        item.get("outlet"),
                        item.get("published"),
                        item.get("source"),
                        label,
                    ),
                )
            elif key == "entities":
                db.execute(
                    "INSERT OR IGNORE INTO entities VALUES (?, ?, ?)",
                    (item["id"], item["name"], item["type"]),
                )
                for m in item["mentions"]:
                    mentions.append(
                        (m["article"], seq, m["start"], m["end"], item["type"], item["id"], item["name"])
                    )
            elif key == "quotes" and item.get("speaker"):
                links.append(("speaker", item["speaker"], seq, item["id"]))
            elif key == "events":
                for role in {item.get("actor"), item.get("target")} - {None}:
                    links.append(("party", str(role), seq, item["id"]))
            elif key == "stories":
                for aid in dict.fromkeys(item["articles"]):
                    links.append(("story", aid, seq, item["id"]))
                framing.extend((row["entity"], row["article"], seq, _dumps(row)) for row in item["framing"])
                story_rows.append(_story_row(item, meta))
            ident = item.get("id")
            article = item.get("article") if key != "articles" else item["id"]
            rows.append((key, seq, None if ident is None else str(ident), article, _dumps(item)))
            flush()
    flush(force=True)
    story_rows.sort(key=lambda r: (r["last"] or "", r["articles"]), reverse=True)
    db.executemany(
        "INSERT INTO meta VALUES (?, ?)",
        [("format", FORMAT), ("report", report_key), ("story_rows", _dumps(story_rows))],
    )
    db.execute("COMMIT")
    db.executescript(_INDEXES)
    db.close()


def _dumps(value: Any) -> str:
    """Serialise a row's JSON."""
    return json.dumps(value, ensure_ascii=False)


def _story_row(story: Json, meta: dict[str, tuple[str | None, str | None, str]]) -> Json:
    """Summarise a story for the front page (articles, outlets, dates, counts of relations)."""
    known = [meta[a] for a in story["articles"] if a in meta]
    dates = sorted(published for _, published, _ in known if published)
    relations = Counter(g["relation"] for g in story["claim_groups"])
    return {
        "id": story["id"],
        "title": story["title"],
        "articles": len(known),
        "outlets": sorted({label for _, _, label in known}),
        "first": dates[0] if dates else None,
        "last": dates[-1] if dates else None,
        "contradictions": relations.get("contradict", 0),
        "agreements": relations.get("agree", 0),
        "unique": relations.get("unique", 0),
    }


def index_key(path: Path) -> str | None:
    """Return the report key an index file was built for, or None when absent, stale or unreadable."""
    if not path.is_file():
        return None
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            found = dict(db.execute("SELECT key, value FROM meta WHERE key IN ('format', 'report')"))
        finally:
            db.close()
    except sqlite3.Error:
        return None
    return found.get("report") if found.get("format") == FORMAT else None


def index_path(db: str) -> Path:
    """Where the web index of an SQLite store's latest report is kept: beside the store."""
    return Path(db + ".index")


def index_latest_report(store: Store, path: Path) -> bool:
    """Index the store's latest report at ``path`` unless that index is already of it; say if it built."""
    with store.latest_report_body() as body:
        key = "empty" if body is None else body[0]
        if index_key(path) == key:
            return False
        building = path.with_name(path.name + ".part")
        sections = dict_sections({}) if body is None else stream_sections(body[1], body[2])
        build_index(building, sections, key)
        building.replace(path)
    return True


class ReportIndex:
    """Read one report's rows from its index file: by id, by article, by link; a few maps in memory."""

    def __init__(self, path: Path) -> None:
        self._db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        self.path = path
        self._labels: dict[str, str] = dict(self._db.execute("SELECT id, label FROM articles"))
        self._names: dict[str, str] = {}
        self._types: dict[str, str] = {}
        for eid, name, kind in self._db.execute("SELECT id, name, type FROM entities"):
            self._names[eid] = name
            self._types[eid] = kind
        self.story_rows: list[Json] = json.loads(self._value("story_rows") or "[]")

    def close(self) -> None:
        """Close the index file."""
        self._db.close()

    def _value(self, key: str) -> str | None:
        """Read one meta value."""
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def _rows(self, query: str, params: Iterable[Any]) -> list[Json]:
        """Decode the JSON bodies a query selects."""
        return [json.loads(body) for (body,) in self._db.execute(query, tuple(params))]

    def item(self, section: str, ident: str) -> Json | None:
        """Return the first item of a section with this id, or None."""
        rows = self._rows(
            "SELECT body FROM items WHERE section = ? AND id = ? ORDER BY seq LIMIT 1", (section, ident)
        )
        return rows[0] if rows else None

    def of_article(self, section: str, article: str) -> list[Json]:
        """Return an article's items of one section (quotes, events, claims, dates), in report order."""
        return self._rows(
            "SELECT body FROM items WHERE section = ? AND article = ? ORDER BY seq", (section, article)
        )

    def linked(self, kind: str, key: str) -> list[str]:
        """Return the ids a link kind attaches to a key, in report order."""
        rows = self._db.execute("SELECT item FROM links WHERE kind = ? AND key = ? ORDER BY seq", (kind, key))
        return [str(item) for (item,) in rows]

    def items(self, section: str, ids: Iterable[str]) -> list[Json]:
        """Return a section's items with these ids, in report order (each once)."""
        query = "SELECT seq, body FROM items WHERE section = ? AND id IN ({marks})"
        return [json.loads(row[-1]) for row in self._select_in(query, (section,), ids)]

    def framing_of(self, entity: str) -> list[Json]:
        """Return every story's framing rows about an entity, in report order."""
        query = "SELECT body FROM framing WHERE entity = ? ORDER BY seq, rowid"
        return [json.loads(body) for (body,) in self._db.execute(query, (entity,))]

    def framing_in(self, articles: Iterable[str]) -> list[Json]:
        """Return every story's framing rows about some articles, in report order."""
        query = "SELECT seq, rowid, body FROM framing WHERE article IN ({marks})"
        return [json.loads(row[-1]) for row in self._select_in(query, (), articles)]

    def of_articles(self, section: str, articles: Iterable[str]) -> list[Json]:
        """Return the items of several articles of one section, in report order."""
        query = "SELECT seq, body FROM items WHERE section = ? AND article IN ({marks})"
        return [json.loads(row[-1]) for row in self._select_in(query, (section,), articles)]

    def _select_in(self, query: str, head: tuple[str, ...], keys: Iterable[str]) -> list[tuple[Any, ...]]:
        """Run an ``IN ({marks})`` query over keys 500 at a time (SQLite's variable limit), rows sorted."""
        wanted = list(dict.fromkeys(keys))
        found: list[tuple[Any, ...]] = []
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            found.extend(self._db.execute(query.format(marks=", ".join("?" * len(chunk))), (*head, *chunk)))
        return sorted(found)

    def article_meta(self, articles: Iterable[str]) -> dict[str, Json]:
        """Return the id, title, outlet, publication date and source of some articles, by id."""
        wanted = list(dict.fromkeys(articles))
        meta: dict[str, Json] = {}
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            rows = self._db.execute(
                "SELECT id, title, outlet, published, source FROM articles "
                f"WHERE id IN ({', '.join('?' * len(chunk))})",
                chunk,
            )
            for i, title, outlet, published, source in rows:
                meta[i] = {
                    "id": i,
                    "title": title,
                    "outlet": outlet,
                    "published": published,
                    "source": source,
                }
        return meta

    def section(self, section: str) -> Iterator[Json]:
        """Yield every item of a section, in report order (for the rare page that needs them all)."""
        for (body,) in self._db.execute("SELECT body FROM items WHERE section = ? ORDER BY seq", (section,)):
            yield json.loads(body)

    def mentions(self, article: str) -> list[tuple[int, int, str, str, str]]:
        """Return an article's entity mentions: start, end, type, entity id, name, in report order."""
        query = "SELECT start, end, type, entity, name FROM mentions WHERE article = ? ORDER BY seq, rowid"
        return [
            (int(s), int(e), str(t), str(i), str(n)) for s, e, t, i, n in self._db.execute(query, (article,))
        ]

    def articles_of_outlet(self, label: str) -> list[Json]:
        """Return the id, title and publication date of an outlet's articles, in report order."""
        rows = self._db.execute(
            "SELECT id, title, published FROM articles WHERE label = ? ORDER BY seq", (label,)
        )
        return [{"id": i, "title": t, "published": p} for i, t, p in rows]

    def has_article(self, article: str) -> bool:
        """Tell whether the report holds an article."""
        return article in self._labels

    def label(self, article: str) -> str:
        """Name an article's outlet (or file name)."""
        return self._labels.get(article) or article.rstrip("/").rsplit("/", 1)[-1]

    def name(self, entity: str | None) -> str | None:
        """Return an entity's canonical name."""
        return self._names.get(entity) if entity is not None else None

    def entity_type(self, entity: str) -> str:
        """Return an entity's type."""
        return self._types[entity]

    def has_entity(self, entity: str) -> bool:
        """Tell whether the report holds an entity."""
        return entity in self._names
