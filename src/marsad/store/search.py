"""Arabic full-text search: words folded and clitics stripped on both sides, so "المرتزقة" finds
"والمرتزقة" and "أمريكا" finds "امريكا"; FTS5 ranks, snippets come from the original text."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from marsad.arabic.tokens import clitic_variants, tokenize
from marsad.document import Token

MAX_QUERY = 300  # characters; longer input is cut, never an error
SNIPPET_WORDS = 14


def search_key(token_norm: str) -> str:
    """Light-stem a normalised word for matching: the shortest reading once proclitics are removed."""
    return min(clitic_variants(token_norm), key=len)


def keys_of(tokens: Sequence[Token]) -> list[str]:
    """Return the search key of every word token, in order."""
    return [search_key(t.norm) for t in tokens if t.is_word]


@dataclass(frozen=True, slots=True)
class Query:
    """A parsed query: words that must all appear and phrases that must appear as written."""

    words: tuple[str, ...]
    phrases: tuple[tuple[str, ...], ...]

    @property
    def keys(self) -> frozenset[str]:
        """Return every key the query looks for (to highlight)."""
        return frozenset(self.words) | frozenset(k for phrase in self.phrases for k in phrase)

    def fts(self) -> str:
        """Write the FTS5 expression; every key is quoted so no input can act as an operator."""
        parts = [f'"{word}"' for word in self.words]
        parts += ['"' + " ".join(phrase) + '"' for phrase in self.phrases]
        return " AND ".join(parts)


def parse_query(text: str) -> Query:
    """Split user input into words and "quoted phrases", each folded like the index."""
    text = text[:MAX_QUERY]
    phrases = []
    for quoted in re.findall(r'["«“]([^"»”]+)["»”]', text):
        keys = tuple(keys_of(tokenize(quoted)))
        if keys:
            phrases.append(keys)
    rest = re.sub(r'["«“][^"»”]+["»”]', " ", text)
    words = tuple(dict.fromkeys(keys_of(tokenize(rest))))
    return Query(words, tuple(phrases))


@dataclass(frozen=True, slots=True)
class Hit:
    """One matching article: its id, rank and the matched word spans of its text."""

    article: str
    rank: float
    highlights: tuple[tuple[int, int], ...]


def index_articles(db: sqlite3.Connection, rows: Iterable[tuple[int, str, str | None]]) -> int:
    """Add (rowid, text, title) rows to the index; return how many were added."""
    count = 0
    for rowid, text, title in rows:
        keys = keys_of(tokenize((title or "") + "\n" + text))
        db.execute("INSERT INTO search(rowid, keys) VALUES (?, ?)", (rowid, " ".join(keys)))
        count += 1
    return count


def highlights(text: str, keys: frozenset[str]) -> tuple[tuple[int, int], ...]:
    """Find the spans of the original text whose words match the query."""
    return tuple((t.start, t.end) for t in tokenize(text) if t.is_word and search_key(t.norm) in keys)


def snippet(text: str, spans: Sequence[tuple[int, int]], words: int = SNIPPET_WORDS) -> tuple[int, int]:
    """Choose the stretch of text around the first match, about ``words`` words either side."""
    tokens = [t for t in tokenize(text) if t.is_word]
    if not tokens:
        return 0, 0
    first = spans[0][0] if spans else tokens[0].start
    at = next((i for i, t in enumerate(tokens) if t.start >= first), 0)
    return tokens[max(0, at - words)].start, tokens[min(len(tokens) - 1, at + words)].end
