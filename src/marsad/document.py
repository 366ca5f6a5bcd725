"""Frozen values that flow through the pipeline: a document, and what each stage finds in it.

Every finding carries character offsets into ``Document.text`` so that
``text[start:end]`` is exactly the evidence it points at.
"""

from __future__ import annotations

import hashlib
import unicodedata
from array import array
from collections.abc import Sequence
from dataclasses import dataclass, field, fields, replace
from typing import Any, NamedTuple, Protocol, cast


def content_id(text: str) -> str:
    """Identify a document by its content so the same article ingested twice is stored once."""
    canonical = " ".join(unicodedata.normalize("NFC", text).split())
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]


class _PickledByValue:
    """Pickle a frozen dataclass as its constructor's arguments: values cross between worker processes.

    The default pickling of a slots dataclass rebuilds it through ``dataclasses.fields()`` field by
    field, which took half the time the parent spent reading a worker's findings.
    """

    __slots__ = ()
    __match_args__: tuple[str, ...] = ()

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        return (type(self), tuple([getattr(self, name) for name in self.__match_args__]))


@dataclass(frozen=True, slots=True)
class Document(_PickledByValue):
    """One article as ingested: original text plus what its source told us about it."""

    id: str
    text: str
    source: str
    outlet: str | None = None
    title: str | None = None
    published: str | None = None
    url: str | None = None
    author: str | None = None
    language: str | None = None

    @classmethod
    def create(cls, text: str, source: str, **meta: Any) -> Document:
        """Build a document whose id is derived from its text."""
        return cls(id=content_id(text), text=text, source=source, **meta)


@dataclass(frozen=True, slots=True)
class Span(_PickledByValue):
    """A half-open character range ``[start, end)`` of a document's text."""

    start: int
    end: int

    def text_of(self, text: str) -> str:
        """Return the slice of ``text`` this span covers."""
        return text[self.start : self.end]


class Token(NamedTuple):
    """A word or punctuation mark, with its clitics split off for matching.

    A NamedTuple rather than a frozen dataclass: an article has hundreds of tokens and
    building them three times faster keeps the text layer above 500 articles a second.
    """

    start: int
    end: int
    text: str
    norm: str
    proclitics: str = ""
    stem: str = ""
    is_word: bool = True


@dataclass(frozen=True, slots=True)
class Mention(_PickledByValue):
    """A named-entity mention: ``type`` is PERSON, ORGANIZATION, LOCATION or MISC."""

    start: int
    end: int
    text: str
    type: str
    score: float = 1.0


@dataclass(frozen=True, slots=True)
class DateMention(_PickledByValue):
    """A date expression and its ISO 8601 value (reduced precision allowed, e.g. "2020-05")."""

    start: int
    end: int
    text: str
    value: str | None
    relative: bool = False


@dataclass(frozen=True, slots=True)
class QuoteMention(_PickledByValue):
    """Reported speech: ``kind`` is "direct" or "indirect"; the speaker is a span of the text."""

    start: int
    end: int
    text: str
    kind: str
    verb: str | None = None
    speaker_start: int | None = None
    speaker_end: int | None = None
    speaker_text: str | None = None


@dataclass(frozen=True, slots=True)
class EventMention(_PickledByValue):
    """Who did what to whom: actor and target are spans; ``action`` is a taxonomy code."""

    start: int
    end: int
    text: str
    action: str
    negated: bool = False
    actor_start: int | None = None
    actor_end: int | None = None
    target_start: int | None = None
    target_end: int | None = None
    date: str | None = None
    date_text: str | None = None


@dataclass(frozen=True, slots=True)
class ClaimMention(_PickledByValue):
    """A checkable statement, optionally attributed to a source span."""

    start: int
    end: int
    text: str
    negated: bool = False
    source_start: int | None = None
    source_end: int | None = None


@dataclass(frozen=True, slots=True)
class Article:
    """A document with everything the per-article stages found in it."""

    doc: Document
    sentences: tuple[Span, ...] = ()
    tokens: tuple[Token, ...] = ()
    mentions: tuple[Mention, ...] = ()
    dates: tuple[DateMention, ...] = ()
    quotes: tuple[QuoteMention, ...] = ()
    events: tuple[EventMention, ...] = ()
    claims: tuple[ClaimMention, ...] = ()
    published_inferred: bool = False
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def text(self) -> str:
        """Return the original text every offset indexes."""
        return self.doc.text

    def with_(self, **changes: Any) -> Article:
        """Return a copy with the given fields replaced (stages never mutate); packed tokens stay packed."""
        if "tokens" not in changes:
            changes["tokens"] = _TOKEN_SLOT.__get__(self, Article)
        return replace(self, **changes)

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        """Pickle tokens as a few packed columns: many times faster between worker processes."""
        values = {f.name: getattr(self, f.name) for f in fields(self) if f.name != "tokens"}
        return (_unpickle_article, (values, pack_tokens(self.tokens)))


class BuildsTokens(Protocol):
    """Tokens kept packed (``scale.compact.LazyTokens``), built as a tuple when an article is read."""

    def built(self) -> tuple[Token, ...]: ...


_TOKEN_SLOT = Article.__dict__["tokens"]


def _read_tokens(article: Article) -> tuple[Token, ...]:
    """Return an article's tokens as a tuple, building them if they are kept packed."""
    value = _TOKEN_SLOT.__get__(article, Article)
    return value if type(value) is tuple else cast(BuildsTokens, value).built()


# ``Article.tokens`` always reads as a tuple; a large corpus may store packed tokens in its place
# (``Article(tokens=cast(tuple[Token, ...], packed))``) so 30k articles fit in memory.
setattr(Article, "tokens", property(_read_tokens, _TOKEN_SLOT.__set__))  # noqa: B010 (mypy refuses the plain form)


def stored_tokens(article: Article) -> Sequence[Token]:
    """Return what an article keeps as its tokens (a tuple, or packed tokens) without building any."""
    return cast(Sequence[Token], _TOKEN_SLOT.__get__(article, Article))


_SEPARATOR = "\x1f"  # white space to Python, so it never occurs inside a token


PackedTokens = tuple[bytes, bytes, bytes, str, str, str, str]


def pack_tokens(tokens: Sequence[Token]) -> PackedTokens:
    """Turn tokens into three integer arrays and four joined string columns."""
    starts, ends, texts, norms, proclitics, stems, words = zip(*tokens, strict=True) if tokens else ((),) * 7
    return (
        array("i", starts).tobytes(),
        array("i", ends).tobytes(),
        bytes(words),
        _SEPARATOR.join(texts),
        _SEPARATOR.join(norms),
        _SEPARATOR.join(proclitics),
        _SEPARATOR.join(stems),
    )


def unpack_columns(packed: PackedTokens) -> tuple[Any, ...]:
    """Split packed tokens back into ``Token``'s columns, in its field order."""
    starts, ends, words, texts, norms, proclitics, stems = packed
    return (
        array("i", starts),
        array("i", ends),
        texts.split(_SEPARATOR),
        norms.split(_SEPARATOR),
        proclitics.split(_SEPARATOR),
        stems.split(_SEPARATOR),
        map(bool, words),
    )


def _unpickle_article(values: dict[str, Any], packed: PackedTokens) -> Article:
    """Rebuild an article pickled by ``Article.__reduce__``."""
    if not packed[2]:
        return Article(tokens=(), **values)
    make = tuple.__new__
    rows = zip(*unpack_columns(packed), strict=True)
    return Article(tokens=tuple(make(Token, row) for row in rows), **values)
