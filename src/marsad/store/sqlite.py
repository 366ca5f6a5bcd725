"""The embedded store: articles, their sources and near-duplicate links in one SQLite file."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any

from marsad.corpus.model import Duplicate
from marsad.dedup import NearDuplicateIndex, from_bytes, signatures, to_bytes
from marsad.document import Document
from marsad.ingest.errors import IngestError
from marsad.store.search import Hit, highlights, index_articles, parse_query

_COLUMNS = ("id", "source", "outlet", "title", "published", "url", "author", "language", "text")
_PIECE_SECTIONS = ("articles", "quotes", "events", "claims", "dates")
_INSERT_ARTICLE = (
    f"INSERT INTO articles({', '.join(_COLUMNS)}, batch, seq) VALUES ({', '.join('?' * (len(_COLUMNS) + 2))})"
)


@dataclass(frozen=True, slots=True)
class BatchResult:
    """What one committed batch changed: new articles, ones already stored, near-duplicates found."""

    batch: int
    added: tuple[str, ...]
    existing: tuple[str, ...]
    duplicates: tuple[Duplicate, ...]


def _now() -> str:
    """Timestamp rows in UTC, to the second."""
    return datetime.now(UTC).isoformat(timespec="seconds")


class Store:
    """A SQLite file (or ``:memory:``) created and migrated on open; one transaction per batch."""

    def __init__(self, path: str | Path = ":memory:") -> None:
        from marsad.store.migrations import migrate

        self.path = str(path)
        self._db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute("PRAGMA foreign_keys=ON")
        migrate(self._db)
        self._index: NearDuplicateIndex | None = None

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection; everything committed stays."""
        self._db.close()

    def _near_duplicates(self) -> NearDuplicateIndex:
        """Load the LSH index from stored signatures the first time it is needed."""
        if self._index is None:
            self._index = NearDuplicateIndex()
            for article, blob in self._db.execute("SELECT article, minhash FROM signatures ORDER BY rowid"):
                self._index.add(article, from_bytes(blob))
        return self._index

    def add_batch(self, docs: Sequence[Document], problems: Sequence[IngestError] = ()) -> BatchResult:
        """Store documents and problems atomically: all of the batch is committed, or none of it."""
        index = self._near_duplicates()
        known = self._known_ids([doc.id for doc in docs])
        fresh: dict[str, Document] = {}
        for doc in docs:
            if doc.id not in known and doc.id not in fresh:
                fresh[doc.id] = doc
        sigs = signatures(doc.text for doc in fresh.values())
        duplicates: list[Duplicate] = []
        db = self._db
        try:
            with self._transaction():
                batch = db.execute("INSERT INTO batches(started) VALUES (?)", (_now(),)).lastrowid
                assert batch is not None
                seq = int(db.execute("SELECT COALESCE(MAX(seq), 0) FROM articles").fetchone()[0])
                for offset, (doc, sig) in enumerate(zip(fresh.values(), sigs, strict=True), start=1):
                    db.execute(
                        _INSERT_ARTICLE,
                        (*(getattr(doc, column) for column in _COLUMNS), batch, seq + offset),
                    )
                    db.execute(
                        "INSERT INTO signatures(article, minhash) VALUES (?, ?)", (doc.id, to_bytes(sig))
                    )
                db.executemany(
                    "INSERT OR IGNORE INTO sources(article, source) VALUES (?, ?)",
                    [(doc.id, doc.source) for doc in docs],
                )
                db.executemany(
                    "INSERT INTO problems(batch, source, problem) VALUES (?, ?, ?)",
                    [(batch, p.source, p.problem) for p in problems],
                )
                for doc, sig in zip(fresh.values(), sigs, strict=True):
                    for match in index.add(doc.id, sig):
                        duplicates.append(Duplicate(doc.id, match.article, match.similarity))
                db.executemany(
                    "INSERT OR IGNORE INTO duplicates(article, duplicate_of, similarity) VALUES (?, ?, ?)",
                    [(d.article, d.duplicate_of, d.similarity) for d in duplicates],
                )
                existing = tuple(doc.id for doc in docs if doc.id not in fresh)
                db.execute(
                    "UPDATE batches SET added = ?, existing = ? WHERE id = ?",
                    (len(fresh), len(existing), batch),
                )
        except BaseException:
            self._index = None  # it may hold articles that were rolled back: rebuild it
            raise
        return BatchResult(batch, tuple(fresh), existing, tuple(duplicates))

    def _known_ids(self, ids: Sequence[str]) -> set[str]:
        """Return which of ``ids`` are already stored."""
        known: set[str] = set()
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            rows = self._db.execute(
                f"SELECT id FROM articles WHERE id IN ({', '.join('?' * len(chunk))})", chunk
            )
            known.update(row[0] for row in rows)
        return known

    def documents(self, ids: Iterable[str] | None = None) -> Iterator[Document]:
        """Yield stored documents in the order they were first stored."""
        query = f"SELECT {', '.join(_COLUMNS)} FROM articles"
        if ids is None:
            rows: Iterable[tuple[str, ...]] = self._db.execute(query + " ORDER BY seq")
        else:
            wanted = list(ids)
            rows = (
                row
                for start in range(0, len(wanted), 500)
                for row in self._db.execute(
                    query
                    + f" WHERE id IN ({', '.join('?' * len(wanted[start : start + 500]))}) ORDER BY seq",
                    wanted[start : start + 500],
                )
            )
        for row in rows:
            yield Document(**dict(zip(_COLUMNS, row, strict=True)))

    def sources(self, article: str) -> tuple[str, ...]:
        """Return every path or URL an article was ingested from."""
        rows = self._db.execute("SELECT source FROM sources WHERE article = ? ORDER BY rowid", (article,))
        return tuple(row[0] for row in rows)

    def all_sources(self) -> dict[str, tuple[str, ...]]:
        """Return every article's paths or URLs at once (one query instead of one per article)."""
        found: dict[str, list[str]] = {}
        for article, source in self._db.execute("SELECT article, source FROM sources ORDER BY rowid"):
            found.setdefault(article, []).append(source)
        return {article: tuple(sources) for article, sources in found.items()}

    def duplicates(self) -> tuple[Duplicate, ...]:
        """Return every near-duplicate link, newest article first in each pair."""
        rows = self._db.execute("SELECT article, duplicate_of, similarity FROM duplicates ORDER BY rowid")
        return tuple(Duplicate(a, b, s) for a, b, s in rows)

    def problems(self) -> tuple[IngestError, ...]:
        """Return every input that was refused, in the order it was met."""
        rows = self._db.execute("SELECT source, problem FROM problems ORDER BY rowid")
        return tuple(IngestError(s, p) for s, p in rows)

    def save_report(self, report: Mapping[str, Any]) -> int:
        """Keep an analysis so the web UI and API can serve it without recomputing; return its id."""
        body = json.dumps(report, ensure_ascii=False).encode("utf-8")
        return self.save_report_json(body, len(report["articles"]), report["schema"])

    def save_report_json(self, body: bytes | memoryview, articles: int, schema: str) -> int:
        """Keep a report already serialised as UTF-8 JSON (streamed: never held as Python objects)."""
        with self._transaction():
            row = self._db.execute(
                "INSERT INTO reports(created, schema, articles, body) VALUES (?, ?, ?, CAST(? AS TEXT))",
                (_now(), schema, articles, body),
            ).lastrowid
        assert row is not None
        return row

    def save_report_file(self, path: Path, articles: int, schema: str) -> int:
        """Keep a report written to a UTF-8 JSON file, copied into the store a megabyte at a time.

        The body is stored as a BLOB of UTF-8 (``latest_report`` reads either), so a 400 MiB report
        never sits whole in this process's memory, nor in SQLite's.
        """
        size = path.stat().st_size
        with self._transaction():
            row = self._db.execute(
                "INSERT INTO reports(created, schema, articles, body) VALUES (?, ?, ?, zeroblob(?))",
                (_now(), schema, articles, size),
            ).lastrowid
            assert row is not None
            with path.open("rb") as source, self._db.blobopen("reports", "body", row) as blob:
                while chunk := source.read(1 << 20):
                    blob.write(chunk)
        return row

    def latest_report(self) -> dict[str, Any] | None:
        """Return the most recent saved analysis, or None if the store was never analysed."""
        row = self._db.execute("SELECT body FROM reports ORDER BY id DESC LIMIT 1").fetchone()
        return None if row is None else dict(json.loads(row[0]))

    @contextmanager
    def latest_report_body(self) -> Iterator[tuple[str, sqlite3.Blob, int] | None]:
        """Open the most recent saved analysis as a read-only stream of UTF-8 JSON, never loaded whole.

        Yields a key naming that report (id, date and size: it changes whenever another is saved or
        the store is replaced), the stream and its size in bytes; None if the store was never analysed.
        """
        row = self._db.execute("SELECT id, created FROM reports ORDER BY id DESC LIMIT 1").fetchone()
        if row is None:
            yield None
            return
        with self._db.blobopen("reports", "body", row[0], readonly=True) as blob:
            yield f"{row[0]}:{row[1]}:{len(blob)}", blob, len(blob)

    def report_count(self) -> int:
        """Return how many analyses were saved (a cheap way to notice a newer one)."""
        return int(self._db.execute("SELECT COUNT(*) FROM reports").fetchone()[0])

    def unanalysed(self, version: str) -> Iterator[Document]:
        """Yield, in stored order, the documents with no analysis by this pipeline version."""
        query = (
            f"SELECT {', '.join('a.' + c for c in _COLUMNS)} FROM articles a "
            "LEFT JOIN analyses n ON n.article = a.id AND n.version = ? "
            "WHERE n.article IS NULL ORDER BY a.seq"
        )
        for row in self._db.execute(query, (version,)).fetchall():
            yield Document(**dict(zip(_COLUMNS, row, strict=True)))

    def analysed(self, version: str, ids: Iterable[str] | None = None) -> Iterator[tuple[Document, bytes]]:
        """Yield, in stored order, each document analysed by this pipeline version with its findings.

        With ``ids``, only those articles (an incremental run reads back what changed stories need).
        """
        query = (
            f"SELECT {', '.join('a.' + c for c in _COLUMNS)}, n.findings, a.seq FROM articles a "
            "JOIN analyses n ON n.article = a.id WHERE n.version = ?"
        )
        if ids is None:
            rows: Iterable[tuple[Any, ...]] = self._db.execute(query + " ORDER BY a.seq", (version,))
        else:
            wanted = list(dict.fromkeys(ids))
            found: list[tuple[Any, ...]] = []
            for start in range(0, len(wanted), 500):
                chunk = wanted[start : start + 500]
                found.extend(
                    self._db.execute(
                        query + f" AND a.id IN ({', '.join('?' * len(chunk))})", [version, *chunk]
                    )
                )
            rows = sorted(found, key=lambda row: int(row[-1]))
        for row in rows:
            yield Document(**dict(zip(_COLUMNS, row[:-2], strict=True))), bytes(row[-2])

    def analysed_ids(self, version: str) -> list[str]:
        """Return the ids of the articles analysed by this pipeline version, in stored order."""
        query = (
            "SELECT a.id FROM articles a JOIN analyses n ON n.article = a.id "
            "WHERE n.version = ? ORDER BY a.seq"
        )
        return [row[0] for row in self._db.execute(query, (version,))]

    def analysed_count(self, version: str) -> int:
        """Return how many articles have an analysis by this pipeline version."""
        query = "SELECT COUNT(*) FROM analyses WHERE version = ?"
        return int(self._db.execute(query, (version,)).fetchone()[0])

    def save_analyses(self, version: str, findings: Iterable[tuple[str, bytes]]) -> int:
        """Keep per-article findings (replacing older versions) in one transaction; return how many."""
        rows = [(article, version, blob) for article, blob in findings]
        with self._transaction():
            self._db.executemany(
                "INSERT OR REPLACE INTO analyses(article, version, findings) VALUES (?, ?, ?)", rows
            )
        return len(rows)

    def save_state(self, name: str, version: str, body: bytes) -> None:
        """Keep a corpus stage's incremental state (e.g. the story index) for the next run."""
        with self._transaction():
            self._db.execute(
                "INSERT OR REPLACE INTO corpus_state(name, version, body) VALUES (?, ?, ?)",
                (name, version, body),
            )

    def save_state_file(self, name: str, version: str, path: Path) -> None:
        """Keep a corpus stage's state written to a file, copied in a megabyte at a time."""
        size = path.stat().st_size
        with self._transaction():
            row = self._db.execute(
                "INSERT OR REPLACE INTO corpus_state(name, version, body) VALUES (?, ?, zeroblob(?))",
                (name, version, size),
            ).lastrowid
            assert row is not None
            with path.open("rb") as source, self._db.blobopen("corpus_state", "body", row) as blob:
                while chunk := source.read(1 << 20):
                    blob.write(chunk)

    def load_state(self, name: str, version: str) -> bytes | None:
        """Return a corpus stage's saved state, or None when absent or saved by another version."""
        row = self._db.execute(
            "SELECT body FROM corpus_state WHERE name = ? AND version = ?", (name, version)
        ).fetchone()
        return None if row is None else bytes(row[0])

    def save_pieces(
        self, version: str, pieces: Iterable[tuple[str, str, bytes | None]], *, clear: Iterable[str] = ()
    ) -> int:
        """Keep keyed state pieces (kind, key, body; None deletes) in one transaction; return how many.

        Kinds in ``clear`` are emptied first (a full save); an updated key keeps its place in the
        stored order, a new one goes last.
        """
        count = 0
        with self._transaction():
            for kind in clear:
                self._db.execute("DELETE FROM state_pieces WHERE kind = ?", (kind,))
            for kind, key, body in pieces:
                if body is None:
                    self._db.execute("DELETE FROM state_pieces WHERE kind = ? AND key = ?", (kind, key))
                else:
                    self._db.execute(
                        "INSERT INTO state_pieces(kind, key, version, body) VALUES (?, ?, ?, ?) "
                        "ON CONFLICT (kind, key) DO UPDATE "
                        "SET version = excluded.version, body = excluded.body",
                        (kind, key, version, body),
                    )
                count += 1
        return count

    def load_pieces(
        self, kind: str, version: str, keys: Iterable[str] | None = None
    ) -> Iterator[tuple[str, bytes]]:
        """Yield the pieces of one kind saved by this version (all, or those keys), in stored order."""
        query = "SELECT key, body, rowid FROM state_pieces WHERE kind = ? AND version = ?"
        if keys is None:
            for key, body, _ in self._db.execute(query + " ORDER BY rowid", (kind, version)):
                yield key, bytes(body)
            return
        wanted = list(dict.fromkeys(keys))
        found: list[tuple[str, bytes, int]] = []
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            found.extend(
                self._db.execute(
                    query + f" AND key IN ({', '.join('?' * len(chunk))})", [kind, version, *chunk]
                )
            )
        found.sort(key=lambda row: row[2])
        for key, body, _ in found:
            yield key, bytes(body)

    def piece_keys(self, kind: str, version: str) -> list[str]:
        """Return the keys of one kind's pieces saved by this version, in stored order."""
        rows = self._db.execute(
            "SELECT key FROM state_pieces WHERE kind = ? AND version = ? ORDER BY rowid", (kind, version)
        )
        return [row[0] for row in rows]

    def report_piece_keys(self) -> dict[str, tuple[str, str]]:
        """Return, per article, what its kept report pieces were written from and their entity refs."""
        return {a: (k, r) for a, k, r in self._db.execute("SELECT article, key, refs FROM report_pieces")}

    def report_pieces(self, section: str) -> Iterator[tuple[str, str]]:
        """Yield each article's kept items of one report section (a JSON list of texts), in stored order."""
        if section not in _PIECE_SECTIONS:
            raise ValueError(f"no report section {section!r} is kept per article")
        query = (
            f"SELECT p.article, p.{section} FROM report_pieces p JOIN articles a ON a.id = p.article "
            "ORDER BY a.seq"
        )
        yield from self._db.execute(query)

    def save_report_pieces(self, rows: Iterable[tuple[str, str, str, str, str, str, str, str]]) -> None:
        """Keep articles' report pieces (article, key, refs, then one JSON list per section) in one go."""
        with self._transaction():
            self._db.executemany("INSERT OR REPLACE INTO report_pieces VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        """Run a block as one transaction: committed whole or rolled back whole."""
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    def ensure_search_index(self) -> int:
        """Index for search every article not yet indexed (done lazily: ingest stays fast)."""
        rows = self._db.execute(
            "SELECT rowid, text, title FROM articles WHERE rowid NOT IN (SELECT rowid FROM search)"
        ).fetchall()
        if not rows:
            return 0
        with self._transaction():
            return index_articles(self._db, rows)

    def search(
        self,
        query: str,
        *,
        outlet: str | None = None,
        since: str | None = None,
        until: str | None = None,
        articles: Iterable[str] | None = None,
        limit: int = 20,
        offset: int = 0,
    ) -> tuple[int, list[tuple[Document, Hit]]]:
        """Rank stored articles for a query with optional filters; return the total and one page."""
        self.ensure_search_index()
        parsed = parse_query(query)
        if not parsed.keys:
            return 0, []
        where, params = ["search MATCH ?"], [parsed.fts()]
        for clause, value in (
            ("a.outlet = ?", outlet),
            ("a.published >= ?", since),
            ("a.published <= ?", until),
        ):
            if value:
                where.append(clause)
                params.append(value)
        if articles is not None:
            wanted = sorted(set(articles))[:5000]
            where.append(f"a.id IN ({', '.join('?' * len(wanted))})" if wanted else "0")
            params.extend(wanted)
        condition = " AND ".join(where)
        base = f"FROM search JOIN articles a ON a.rowid = search.rowid WHERE {condition}"
        total = int(self._db.execute(f"SELECT COUNT(*) {base}", params).fetchone()[0])
        rows = self._db.execute(
            f"SELECT {', '.join('a.' + c for c in _COLUMNS)}, bm25(search) {base} "
            "ORDER BY bm25(search), a.published DESC LIMIT ? OFFSET ?",
            [*params, max(1, min(limit, 100)), max(0, offset)],
        ).fetchall()
        page = []
        for row in rows:
            doc = Document(**dict(zip(_COLUMNS, row[:-1], strict=True)))
            page.append((doc, Hit(doc.id, float(row[-1]), highlights(doc.text, parsed.keys))))
        return total, page

    def outlets(self) -> list[tuple[str, int]]:
        """Return every outlet with its number of stored articles, largest first."""
        rows = self._db.execute(
            "SELECT outlet, COUNT(*) FROM articles WHERE outlet IS NOT NULL "
            "GROUP BY outlet ORDER BY 2 DESC, 1"
        )
        return [(str(o), int(n)) for o, n in rows]

    def count(self) -> int:
        """Return how many distinct articles are stored."""
        return int(self._db.execute("SELECT COUNT(*) FROM articles").fetchone()[0])

    def backup(self, path: str | Path) -> None:
        """Copy the whole store, consistent as of now, into a new SQLite file (for A/B runs and backups)."""
        target = sqlite3.connect(str(path))
        try:
            self._db.backup(target)
        finally:
            target.close()

    def check(self) -> str:
        """Run SQLite's integrity check and return its verdict ("ok" when sound)."""
        return str(self._db.execute("PRAGMA integrity_check").fetchone()[0])
