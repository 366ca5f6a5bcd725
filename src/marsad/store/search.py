"""Arabic full-text search: words folded and clitics stripped on both sides, so "المرتزقة" finds
"والمرتزقة" and "أمريكا" finds "امريكا"; FTS5 ranks, snippets come from the original text."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from marsad.arabic.normalise import normalise_in_place
from marsad.arabic.tokens import clitic_variants, tokenize
from marsad.document import Token

MAX_QUERY = 300  # characters; longer input is cut, never an error
SNIPPET_CHARS = 110  # either side of the first match


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
    """Find the spans of the original text whose words match the query.

    Looks for each key in the folded text first (a regular expression, fast), then checks only the
    words that contain one: tokenising every hit's whole text made search ten times slower.
    """
    folded = normalise_in_place(text)
    if folded is None or not keys:
        return tuple((t.start, t.end) for t in tokenize(text) if t.is_word and search_key(t.norm) in keys)
    pattern = "|".join("\x00*".join(map(re.escape, key)) for key in sorted(keys, key=len, reverse=True))
    found: dict[int, int] = {}
    seen: set[int] = set()
    for match in re.finditer(pattern, folded):
        start, end = _word_around(folded, match.start())
        if start in seen:
            continue
        seen.add(start)
        for token in tokenize(text[start:end]):
            if token.is_word and search_key(token.norm) in keys:
                found[start + token.start] = start + token.end
    return tuple(sorted(found.items()))


def _word_around(folded: str, position: int) -> tuple[int, int]:
    """Return the bounds of the word (letters, digits, deleted marks) around a position."""
    start = position
    while start > 0 and (folded[start - 1].isalnum() or folded[start - 1] == "\x00"):
        start -= 1
    end = position
    while end < len(folded) and (folded[end].isalnum() or folded[end] == "\x00"):
        end += 1
    return start, end


def snippet(text: str, spans: Sequence[tuple[int, int]], width: int = SNIPPET_CHARS) -> tuple[int, int]:
    """Choose the stretch of text around the first match, about ``width`` characters either side."""
    first = spans[0][0] if spans else 0
    last = spans[0][1] if spans else 0
    start = max(0, first - width)
    end = min(len(text), last + width)
    if start > 0:
        space = text.find(" ", start, first)
        start = space + 1 if space != -1 else start
    if end < len(text):
        space = text.rfind(" ", last, end)
        end = space if space != -1 else end
    return start, end
