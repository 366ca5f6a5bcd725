"""A shared store on PostgreSQL (several users, one server): the same interface as the SQLite ``Store``.

Search uses PostgreSQL's own text search: a ``tsvector`` under the ``simple`` configuration over
the same light-stemmed keys the SQLite index holds (clitics stripped, hamza, alef and ta marbuta
folded), with a GIN index, so both stores find the same articles. Batches from several writers are
serialised by an advisory lock so the near-duplicate index each writer keeps sees every article.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import unquote, urlsplit

import pg8000.dbapi  # type: ignore[import-untyped]

from marsad.arabic.tokens import tokenize
from marsad.corpus.model import Duplicate
from marsad.dedup import NearDuplicateIndex, from_bytes, signatures, to_bytes
from marsad.document import Document
from marsad.ingest.errors import IngestError
from marsad.store.migrations import StoreVersionError
from marsad.store.search import Hit, highlights, keys_of, parse_query
from marsad.store.sqlite import BatchResult, _now

_COLUMNS = ("id", "source", "outlet", "title", "published", "url", "author", "language", "text")
_BATCH_LOCK = 7_041_987  # advisory lock key: one writer at a time adds a batch
TEXT_SEARCH_CONFIG = "simple"
_PIECES_PER_STATEMENT = 500  # state pieces upserted per statement

MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE batches (
        id BIGSERIAL PRIMARY KEY,
        started TEXT NOT NULL,
        added INTEGER NOT NULL DEFAULT 0,
        existing INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE articles (
        id TEXT PRIMARY KEY,
        source TEXT NOT NULL,
        outlet TEXT,
        title TEXT,
        published TEXT,
        url TEXT,
        author TEXT,
        language TEXT,
        text TEXT NOT NULL,
        batch BIGINT NOT NULL REFERENCES batches(id),
        seq BIGSERIAL UNIQUE,
        search_keys TSVECTOR
    );
    CREATE INDEX articles_published ON articles(published);
    CREATE INDEX articles_outlet ON articles(outlet);
    CREATE INDEX articles_search ON articles USING GIN (search_keys);
    CREATE TABLE sources (
        n BIGSERIAL PRIMARY KEY,
        article TEXT NOT NULL REFERENCES articles(id),
        source TEXT NOT NULL,
        UNIQUE (article, source)
    );
    CREATE TABLE signatures (
        n BIGSERIAL PRIMARY KEY,
        article TEXT UNIQUE NOT NULL REFERENCES articles(id),
        minhash BYTEA NOT NULL
    );
    CREATE TABLE duplicates (
        n BIGSERIAL PRIMARY KEY,
        article TEXT NOT NULL REFERENCES articles(id),
        duplicate_of TEXT NOT NULL REFERENCES articles(id),
        similarity DOUBLE PRECISION NOT NULL,
        UNIQUE (article, duplicate_of)
    );
    CREATE TABLE problems (
        n BIGSERIAL PRIMARY KEY,
        batch BIGINT NOT NULL REFERENCES batches(id),
        source TEXT NOT NULL,
        problem TEXT NOT NULL
    );
    CREATE TABLE reports (
        id BIGSERIAL PRIMARY KEY,
        created TEXT NOT NULL,
        schema TEXT NOT NULL,
        articles INTEGER NOT NULL,
        body TEXT NOT NULL
    );
    CREATE TABLE analyses (
        article TEXT PRIMARY KEY REFERENCES articles(id),
        version TEXT NOT NULL,
        findings BYTEA NOT NULL
    );
    CREATE TABLE corpus_state (
        name TEXT PRIMARY KEY,
        version TEXT NOT NULL,
        body BYTEA NOT NULL
    );
    """,
    """
    CREATE TABLE state_pieces (
        n BIGSERIAL PRIMARY KEY,
        kind TEXT NOT NULL,
        key TEXT NOT NULL,
        version TEXT NOT NULL,
        body BYTEA NOT NULL,
        UNIQUE (kind, key)
    );
    """,
)


def connection_settings(url: str) -> dict[str, Any]:
    """Read ``postgresql://user:password@host:port/database`` into pg8000's connection arguments."""
    parts = urlsplit(url)
    if parts.scheme not in {"postgresql", "postgres"}:
        raise ValueError(f"not a PostgreSQL URL: {url!r}")
    settings: dict[str, Any] = {
        "user": unquote(parts.username or "postgres"),
        "host": parts.hostname or "localhost",
        "port": parts.port or 5432,
        "database": unquote(parts.path.lstrip("/")) or None,
    }
    if parts.password is not None:
        settings["password"] = unquote(parts.password)
    return settings


def migrate(db: pg8000.dbapi.Connection) -> int:
    """Bring the schema up to date, one transaction per step; return the version reached."""
    cursor = db.cursor()
    cursor.execute("CREATE TABLE IF NOT EXISTS marsad_schema (version INTEGER NOT NULL)")
    cursor.execute("LOCK TABLE marsad_schema IN EXCLUSIVE MODE")  # two first opens do not race
    cursor.execute("SELECT version FROM marsad_schema")
    row = cursor.fetchone()
    version = 0 if row is None else int(row[0])
    if row is None:
        cursor.execute("INSERT INTO marsad_schema(version) VALUES (0)")
    if version > len(MIGRATIONS):
        db.rollback()
        raise StoreVersionError(
            f"store schema version {version} is newer than this marsad ({len(MIGRATIONS)})"
        )
    for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
        for statement in script.split(";"):
            if statement.strip():
                cursor.execute(statement)
        cursor.execute("UPDATE marsad_schema SET version = %s", (number,))
    db.commit()
    return len(MIGRATIONS)


def _keys(text: str, title: str | None) -> str:
    """Return the search keys of an article, as the SQLite index holds them."""
    return " ".join(keys_of(tokenize((title or "") + "\n" + text)))


class PostgresStore:
    """Articles, sources, near-duplicates, reports and analyses on a PostgreSQL server."""

    def __init__(self, url: str) -> None:
        self.path = url
        self._db = pg8000.dbapi.connect(**connection_settings(url))
        migrate(self._db)
        self._index: NearDuplicateIndex | None = None
        self._seen = 0  # signatures loaded into the near-duplicate index so far

    def __enter__(self) -> PostgresStore:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection; everything committed stays."""
        self._db.close()

    def _rows(self, query: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """Run a read and return its rows (reads end their transaction so they see later writes)."""
        cursor = self._db.cursor()
        cursor.execute(query, tuple(params))
        rows = [tuple(row) for row in cursor.fetchall()]
        self._db.commit()
        return rows

    @contextmanager
    def _transaction(self) -> Iterator[Any]:
        """Run a block as one transaction: committed whole or rolled back whole."""
        cursor = self._db.cursor()
        try:
            yield cursor
        except BaseException:
            self._db.rollback()
            raise
        self._db.commit()

    def _catch_up(self, cursor: Any) -> NearDuplicateIndex:
        """Add to the LSH index the signatures other writers stored since it was last read."""
        if self._index is None:
            self._index, self._seen = NearDuplicateIndex(), 0
        cursor.execute("SELECT n, article, minhash FROM signatures WHERE n > %s ORDER BY n", (self._seen,))
        for n, article, blob in cursor.fetchall():
            self._index.add(article, from_bytes(bytes(blob)))
            self._seen = n
        return self._index

    def add_batch(self, docs: Sequence[Document], problems: Sequence[IngestError] = ()) -> BatchResult:
        """Store documents and problems atomically: all of the batch is committed, or none of it."""
        duplicates: list[Duplicate] = []
        try:
            with self._transaction() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", (_BATCH_LOCK,))
                index = self._catch_up(cursor)
                known = self._known_ids(cursor, [doc.id for doc in docs])
                fresh: dict[str, Document] = {}
                for doc in docs:
                    if doc.id not in known and doc.id not in fresh:
                        fresh[doc.id] = doc
                sigs = signatures(doc.text for doc in fresh.values())
                cursor.execute("INSERT INTO batches(started) VALUES (%s) RETURNING id", (_now(),))
                batch = int(cursor.fetchone()[0])
                for doc, sig in zip(fresh.values(), sigs, strict=True):
                    cursor.execute(
                        f"INSERT INTO articles({', '.join(_COLUMNS)}, batch, search_keys) VALUES "
                        f"({', '.join(['%s'] * len(_COLUMNS))}, %s, to_tsvector('{TEXT_SEARCH_CONFIG}', %s))",
                        (*(getattr(doc, c) for c in _COLUMNS), batch, _keys(doc.text, doc.title)),
                    )
                    cursor.execute(
                        "INSERT INTO signatures(article, minhash) VALUES (%s, %s) RETURNING n",
                        (doc.id, to_bytes(sig)),
                    )
                    signature_row = int(cursor.fetchone()[0])
                    duplicates.extend(
                        Duplicate(doc.id, m.article, m.similarity) for m in index.add(doc.id, sig)
                    )
                    self._seen = signature_row
                for doc in docs:
                    cursor.execute(
                        "INSERT INTO sources(article, source) VALUES (%s, %s) ON CONFLICT DO NOTHING",
                        (doc.id, doc.source),
                    )
                for problem in problems:
                    cursor.execute(
                        "INSERT INTO problems(batch, source, problem) VALUES (%s, %s, %s)",
                        (batch, problem.source, problem.problem),
                    )
                for d in duplicates:
                    cursor.execute(
                        "INSERT INTO duplicates(article, duplicate_of, similarity) VALUES (%s, %s, %s) "
                        "ON CONFLICT DO NOTHING",
                        (d.article, d.duplicate_of, d.similarity),
                    )
                existing = tuple(doc.id for doc in docs if doc.id not in fresh)
                cursor.execute(
                    "UPDATE batches SET added = %s, existing = %s WHERE id = %s",
                    (len(fresh), len(existing), batch),
                )
        except BaseException:
            self._index = None  # it may hold articles that were rolled back: rebuild it
            raise
        return BatchResult(batch, tuple(fresh), existing, tuple(duplicates))

    @staticmethod
    def _known_ids(cursor: Any, ids: Sequence[str]) -> set[str]:
        """Return which of ``ids`` are already stored."""
        if not ids:
            return set()
        cursor.execute("SELECT id FROM articles WHERE id = ANY(%s)", (list(ids),))
        return {row[0] for row in cursor.fetchall()}

    def documents(self, ids: Iterable[str] | None = None) -> Iterator[Document]:
        """Yield stored documents in the order they were first stored."""
        query = f"SELECT {', '.join(_COLUMNS)} FROM articles"
        if ids is None:
            rows = self._rows(query + " ORDER BY seq")
        else:
            rows = self._rows(query + " WHERE id = ANY(%s) ORDER BY seq", (list(ids),))
        for row in rows:
            yield Document(**dict(zip(_COLUMNS, row, strict=True)))

    def sources(self, article: str) -> tuple[str, ...]:
        """Return every path or URL an article was ingested from."""
        return tuple(
            r[0] for r in self._rows("SELECT source FROM sources WHERE article = %s ORDER BY n", (article,))
        )

    def duplicates(self) -> tuple[Duplicate, ...]:
        """Return every near-duplicate link, newest article first in each pair."""
        rows = self._rows("SELECT article, duplicate_of, similarity FROM duplicates ORDER BY n")
        return tuple(Duplicate(a, b, float(s)) for a, b, s in rows)

    def problems(self) -> tuple[IngestError, ...]:
        """Return every input that was refused, in the order it was met."""
        return tuple(
            IngestError(s, p) for s, p in self._rows("SELECT source, problem FROM problems ORDER BY n")
        )

    def save_report(self, report: Mapping[str, Any]) -> int:
        """Keep an analysis so the web UI and API can serve it without recomputing; return its id."""
        body = json.dumps(report, ensure_ascii=False).encode("utf-8")
        return self.save_report_json(body, len(report["articles"]), report["schema"])

    def save_report_json(self, body: bytes | memoryview, articles: int, schema: str) -> int:
        """Keep a report already serialised as UTF-8 JSON."""
        with self._transaction() as cursor:
            cursor.execute(
                "INSERT INTO reports(created, schema, articles, body) VALUES (%s, %s, %s, %s) RETURNING id",
                (_now(), schema, articles, str(body, "utf-8")),
            )
            return int(cursor.fetchone()[0])

    def save_report_file(self, path: Path, articles: int, schema: str) -> int:
        """Keep a report written to a UTF-8 JSON file (the driver sends it as one text value)."""
        return self.save_report_json(path.read_bytes(), articles, schema)

    def latest_report(self) -> dict[str, Any] | None:
        """Return the most recent saved analysis, or None if the store was never analysed."""
        rows = self._rows("SELECT body FROM reports ORDER BY id DESC LIMIT 1")
        return None if not rows else dict(json.loads(rows[0][0]))

    def report_count(self) -> int:
        """Return how many analyses were saved (a cheap way to notice a newer one)."""
        return int(self._rows("SELECT COUNT(*) FROM reports")[0][0])

    def ensure_search_index(self) -> int:
        """Articles are indexed as they are stored: nothing is ever pending (kept for the interface)."""
        return 0

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
        parsed = parse_query(query)
        if not parsed.keys:
            return 0, []
        config = TEXT_SEARCH_CONFIG
        parts = [f"plainto_tsquery('{config}', %s)"] * len(parsed.words)
        parts += [f"phraseto_tsquery('{config}', %s)"] * len(parsed.phrases)
        params: list[Any] = [*parsed.words, *(" ".join(p) for p in parsed.phrases)]
        where = [f"search_keys @@ ({' && '.join(parts)})"]
        for clause, value in (
            ("outlet = %s", outlet),
            ("published >= %s", since),
            ("published <= %s", until),
        ):
            if value:
                where.append(clause)
                params.append(value)
        if articles is not None:
            where.append("id = ANY(%s)")
            params.append(sorted(set(articles))[:5000])
        condition = " AND ".join(where)
        total = int(self._rows(f"SELECT COUNT(*) FROM articles WHERE {condition}", params)[0][0])
        rank = f"ts_rank(search_keys, ({' && '.join(parts)}))"
        rank_params = params[: len(parsed.words) + len(parsed.phrases)]
        rows = self._rows(
            f"SELECT {', '.join(_COLUMNS)}, {rank} AS rank FROM articles WHERE {condition} "
            "ORDER BY rank DESC, published DESC NULLS LAST, seq LIMIT %s OFFSET %s",
            [*rank_params, *params, max(1, min(limit, 100)), max(0, offset)],
        )
        page = []
        for row in rows:
            doc = Document(**dict(zip(_COLUMNS, row[:-1], strict=True)))
            page.append((doc, Hit(doc.id, float(row[-1]), highlights(doc.text, parsed.keys))))
        return total, page

    def outlets(self) -> list[tuple[str, int]]:
        """Return every outlet with its number of stored articles, largest first."""
        rows = self._rows(
            "SELECT outlet, COUNT(*) FROM articles WHERE outlet IS NOT NULL "
            "GROUP BY outlet ORDER BY 2 DESC, 1"
        )
        return [(str(o), int(n)) for o, n in rows]

    def count(self) -> int:
        """Return how many distinct articles are stored."""
        return int(self._rows("SELECT COUNT(*) FROM articles")[0][0])

    def check(self) -> str:
        """Check that every article has its signature and search keys ("ok" when sound)."""
        rows = self._rows(
            "SELECT COUNT(*) FROM articles a LEFT JOIN signatures s ON s.article = a.id "
            "WHERE s.article IS NULL OR a.search_keys IS NULL"
        )
        broken = int(rows[0][0])
        return "ok" if broken == 0 else f"{broken} articles lack a signature or search keys"

    def unanalysed(self, version: str) -> Iterator[Document]:
        """Yield, in stored order, the documents with no analysis by this pipeline version."""
        rows = self._rows(
            f"SELECT {', '.join('a.' + c for c in _COLUMNS)} FROM articles a LEFT JOIN analyses n "
            "ON n.article = a.id AND n.version = %s WHERE n.article IS NULL ORDER BY a.seq",
            (version,),
        )
        for row in rows:
            yield Document(**dict(zip(_COLUMNS, row, strict=True)))

    def analysed(self, version: str, ids: Iterable[str] | None = None) -> Iterator[tuple[Document, bytes]]:
        """Yield, in stored order, each document analysed by this pipeline version with its findings.

        With ``ids``, only those articles (an incremental run reads back what changed stories need).
        """
        query = (
            f"SELECT {', '.join('a.' + c for c in _COLUMNS)}, n.findings, a.seq FROM articles a "
            "JOIN analyses n ON n.article = a.id WHERE n.version = %s"
        )
        if ids is None:
            rows = self._rows(query + " ORDER BY a.seq", (version,))
        else:
            wanted = list(dict.fromkeys(ids))
            rows = []
            for start in range(0, len(wanted), 500):
                rows.extend(self._rows(query + " AND a.id = ANY(%s)", (version, wanted[start : start + 500])))
            rows.sort(key=lambda row: int(row[-1]))
        for row in rows:
            yield Document(**dict(zip(_COLUMNS, row[:-2], strict=True))), bytes(row[-2])

    def analysed_ids(self, version: str) -> list[str]:
        """Return the ids of the articles analysed by this pipeline version, in stored order."""
        rows = self._rows(
            "SELECT a.id FROM articles a JOIN analyses n ON n.article = a.id "
            "WHERE n.version = %s ORDER BY a.seq",
            (version,),
        )
        return [row[0] for row in rows]

    def analysed_count(self, version: str) -> int:
        """Return how many articles have an analysis by this pipeline version."""
        return int(self._rows("SELECT COUNT(*) FROM analyses WHERE version = %s", (version,))[0][0])

    def save_analyses(self, version: str, findings: Iterable[tuple[str, bytes]]) -> int:
        """Keep per-article findings (replacing older versions) in one transaction; return how many."""
        count = 0
        with self._transaction() as cursor:
            for article, blob in findings:
                cursor.execute(
                    "INSERT INTO analyses(article, version, findings) VALUES (%s, %s, %s) "
                    "ON CONFLICT (article) DO UPDATE "
                    "SET version = EXCLUDED.version, findings = EXCLUDED.findings",
                    (article, version, blob),
                )
                count += 1
        return count

    def save_state(self, name: str, version: str, body: bytes) -> None:
        """Keep a corpus stage's incremental state (e.g. the story index) for the next run."""
        with self._transaction() as cursor:
            cursor.execute(
                "INSERT INTO corpus_state(name, version, body) VALUES (%s, %s, %s) ON CONFLICT (name) "
                "DO UPDATE SET version = EXCLUDED.version, body = EXCLUDED.body",
                (name, version, body),
            )

    def save_state_file(self, name: str, version: str, path: Path) -> None:
        """Keep a corpus stage's state written to a file (sent as one value)."""
        self.save_state(name, version, path.read_bytes())

    def load_state(self, name: str, version: str) -> bytes | None:
        """Return a corpus stage's saved state, or None when absent or saved by another version."""
        rows = self._rows("SELECT body FROM corpus_state WHERE name = %s AND version = %s", (name, version))
        return None if not rows else bytes(rows[0][0])

    def save_pieces(
        self, version: str, pieces: Iterable[tuple[str, str, bytes | None]], *, clear: Iterable[str] = ()
    ) -> int:
        """Keep keyed state pieces (kind, key, body; None deletes) in one transaction; return how many.

        Kinds in ``clear`` are emptied first (a full save); an updated key keeps its place in the
        stored order, a new one goes last.
        """
        count = 0
        batch: dict[tuple[str, str], bytes] = {}
        with self._transaction() as cursor:
            for kind in clear:
                cursor.execute("DELETE FROM state_pieces WHERE kind = %s", (kind,))
            for kind, key, body in pieces:
                if body is None:
                    self._upsert_pieces(cursor, version, batch)
                    cursor.execute("DELETE FROM state_pieces WHERE kind = %s AND key = %s", (kind, key))
                else:
                    batch[kind, key] = body  # a key given twice: its first place, its last body
                    if len(batch) >= _PIECES_PER_STATEMENT:
                        self._upsert_pieces(cursor, version, batch)
                count += 1
            self._upsert_pieces(cursor, version, batch)
        return count

    @staticmethod
    def _upsert_pieces(cursor: Any, version: str, batch: dict[tuple[str, str], bytes]) -> None:
        """Write buffered pieces in one multi-row statement (a round trip per few hundred); empty it."""
        if not batch:
            return
        values = ", ".join(["(%s, %s, %s, %s)"] * len(batch))
        params = [value for (kind, key), body in batch.items() for value in (kind, key, version, body)]
        cursor.execute(
            f"INSERT INTO state_pieces(kind, key, version, body) VALUES {values} "
            "ON CONFLICT (kind, key) DO UPDATE SET version = EXCLUDED.version, body = EXCLUDED.body",
            params,
        )
        batch.clear()

    def load_pieces(
        self, kind: str, version: str, keys: Iterable[str] | None = None
    ) -> Iterator[tuple[str, bytes]]:
        """Yield the pieces of one kind saved by this version (all, or those keys), in stored order."""
        query = "SELECT key, body, n FROM state_pieces WHERE kind = %s AND version = %s"
        if keys is None:
            rows = self._rows(query + " ORDER BY n", (kind, version))
        else:
            wanted = list(dict.fromkeys(keys))
            rows = []
            for start in range(0, len(wanted), 500):
                rows.extend(
                    self._rows(query + " AND key = ANY(%s)", (kind, version, wanted[start : start + 500]))
                )
            rows.sort(key=lambda row: int(row[2]))
        for key, body, _ in rows:
            yield key, bytes(body)

    def piece_keys(self, kind: str, version: str) -> list[str]:
        """Return the keys of one kind's pieces saved by this version, in stored order."""
        rows = self._rows(
            "SELECT key FROM state_pieces WHERE kind = %s AND version = %s ORDER BY n", (kind, version)
        )
        return [row[0] for row in rows]
