"""Schema versions of the SQLite store, applied in order and recorded in ``PRAGMA user_version``."""

from __future__ import annotations

import sqlite3

MIGRATIONS: tuple[str, ...] = (
    """
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
        batch INTEGER NOT NULL REFERENCES batches(id),
        seq INTEGER NOT NULL
    );
    CREATE INDEX articles_published ON articles(published);
    CREATE INDEX articles_outlet ON articles(outlet);
    CREATE TABLE sources (
        article TEXT NOT NULL REFERENCES articles(id),
        source TEXT NOT NULL,
        PRIMARY KEY (article, source)
    );
    CREATE TABLE signatures (
        article TEXT PRIMARY KEY REFERENCES articles(id),
        minhash BLOB NOT NULL
    );
    CREATE TABLE duplicates (
        article TEXT NOT NULL REFERENCES articles(id),
        duplicate_of TEXT NOT NULL REFERENCES articles(id),
        similarity REAL NOT NULL,
        PRIMARY KEY (article, duplicate_of)
    );
    CREATE TABLE batches (
        id INTEGER PRIMARY KEY,
        started TEXT NOT NULL,
        added INTEGER NOT NULL DEFAULT 0,
        existing INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE problems (
        batch INTEGER NOT NULL REFERENCES batches(id),
        source TEXT NOT NULL,
        problem TEXT NOT NULL
    );
    """,
    """
    CREATE TABLE reports (
        id INTEGER PRIMARY KEY,
        created TEXT NOT NULL,
        schema TEXT NOT NULL,
        articles INTEGER NOT NULL,
        body TEXT NOT NULL
    );
    """,
    """
    CREATE VIRTUAL TABLE search USING fts5(keys, tokenize = 'unicode61 remove_diacritics 0');
    """,
    """
    CREATE TABLE analyses (
        article TEXT PRIMARY KEY REFERENCES articles(id),
        version TEXT NOT NULL,
        findings BLOB NOT NULL
    );
    CREATE INDEX analyses_version ON analyses(version);
    CREATE TABLE corpus_state (
        name TEXT PRIMARY KEY,
        version TEXT NOT NULL,
        body BLOB NOT NULL
    );
    """,
    """
    CREATE TABLE report_pieces (
        article TEXT PRIMARY KEY REFERENCES articles(id),
        key TEXT NOT NULL,
        refs TEXT NOT NULL,
        articles TEXT NOT NULL,
        quotes TEXT NOT NULL,
        events TEXT NOT NULL,
        claims TEXT NOT NULL,
        dates TEXT NOT NULL
    );
    """,
    """
    CREATE TABLE state_pieces (
        kind TEXT NOT NULL,
        key TEXT NOT NULL,
        version TEXT NOT NULL,
        body BLOB NOT NULL,
        PRIMARY KEY (kind, key)
    );
    """,
)


class StoreVersionError(RuntimeError):
    """The store was written by a newer marsad than this one."""


def migrate(connection: sqlite3.Connection) -> int:
    """Bring the schema up to date, each step in its own transaction; return the version reached."""
    version = int(connection.execute("PRAGMA user_version").fetchone()[0])
    if version > len(MIGRATIONS):
        raise StoreVersionError(
            f"store schema version {version} is newer than this marsad supports ({len(MIGRATIONS)})"
        )
    for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
        connection.executescript(f"BEGIN;\n{script}\nPRAGMA user_version = {number};\nCOMMIT;")
    return len(MIGRATIONS)
