"""Tokens that share their strings and offsets: a corpus of 31k articles fits in a third of the memory.

Every token of every article is a tuple of seven fields; built independently, each holds its own copy
of its word, normalised form and stem and its own integer offsets. Rebuilt through a ``TokenCache``,
equal strings are one object for the whole corpus and offsets below 65,536 are shared integers,
which cuts the resident memory of analysed tokens about fivefold at ~0.6 µs a token.

A ``TokenCache(lazy=True)`` goes further for runs that keep every article while the corpus stages
run: an article's tokens stay packed (``LazyTokens``: offsets and word flags in typed arrays, each
string an index into one table shared by the corpus, 17-25 bytes a token instead of ~100) and are
built as tuples only when a stage reads them; the last ``LazyTokens.RECENT`` built are kept, so a
stage working through one story's articles builds each once.
"""

from __future__ import annotations

import gc
from array import array
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, cast, overload

from marsad import document
from marsad.document import Article, Token

_SHARED_INTS = tuple(range(1 << 16))

Packed = document.PackedTokens


def pack_tokens(tokens: Sequence[Token]) -> Packed | None:
    """Turn tokens into two offset arrays, word flags and four joined string columns."""
    return document.pack_tokens(tokens) if tokens else None


class LazyTokens(Sequence[Token]):
    """An article's tokens kept packed, built as a tuple of ``Token`` when read (a few kept built)."""

    __slots__ = ("_built", "_columns", "_table", "_words")
    RECENT = 2048  # articles whose tokens stay built: more than the largest story a stage walks at once
    _ring: list[LazyTokens | None] = [None] * RECENT
    _next = 0

    def __init__(self, columns: tuple[array[int], ...], words: bytes, table: list[str]) -> None:
        self._columns = columns
        self._words = words
        self._table = table
        self._built: tuple[Token, ...] | None = None

    def built(self) -> tuple[Token, ...]:
        """Return the tokens as a tuple, building it if it was let go."""
        tokens = self._built
        if tokens is None:
            starts, ends, texts, norms, proclitics, stems = self._columns
            get = self._table.__getitem__
            make = tuple.__new__
            rows = zip(
                map(_SHARED_INTS.__getitem__, starts) if starts.typecode == "H" else starts,
                map(_SHARED_INTS.__getitem__, ends) if ends.typecode == "H" else ends,
                map(get, texts),
                map(get, norms),
                map(get, proclitics),
                map(get, stems),
                map(bool, self._words),
                strict=True,
            )
            collecting = gc.isenabled()
            gc.disable()  # hundreds of acyclic tuples: a collection in the middle only costs time
            try:
                tokens = self._built = tuple([make(Token, row) for row in rows])
            finally:
                if collecting:
                    gc.enable()
            ring = LazyTokens._ring
            old = ring[LazyTokens._next]
            if old is not None and old is not self:
                old._built = None
            ring[LazyTokens._next] = self
            LazyTokens._next = (LazyTokens._next + 1) % len(ring)
        return tokens

    def words(self) -> int:
        """Count the word tokens without building any."""
        return self._words.count(1)

    def __len__(self) -> int:
        return len(self._words)

    def __bool__(self) -> bool:
        return bool(self._words)

    @overload
    def __getitem__(self, index: int) -> Token: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[Token, ...]: ...
    def __getitem__(self, index: int | slice) -> Token | tuple[Token, ...]:
        return self.built()[index]

    def __iter__(self) -> Iterator[Token]:
        return iter(self.built())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, LazyTokens | tuple):
            return self.built() == tuple(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.built())

    def __repr__(self) -> str:
        return f"LazyTokens({len(self._words)} tokens)"

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        """Pickle as the plain tuple (the shared table does not travel)."""
        return (tuple, (self.built(),))


class WordsOnly:
    """Stands in for the tokens of an article read back for the report alone: how many words it has.

    Reading ``Article.tokens`` of such an article is a bug (a stage was given an article that was
    not read back for it), so it fails loudly rather than answering with no tokens.
    """

    __slots__ = ("_count", "_length")

    def __init__(self, count: int, length: int) -> None:
        self._count = count
        self._length = length

    def built(self) -> tuple[Token, ...]:
        """Refuse: these tokens were never read back."""
        raise LookupError("this article was read back without its tokens (for the report only)")

    def words(self) -> int:
        """Return the number of word tokens."""
        return self._count

    def __len__(self) -> int:
        return self._length


class TokenCache:
    """One copy of each distinct token string across everything rebuilt through the same cache.

    ``lazy=True``: tokens are returned packed (``LazyTokens``) rather than as a tuple.
    """

    def __init__(self, lazy: bool = False) -> None:
        self.strings: dict[str, str] = {}
        self.lazy = lazy
        self._ids: dict[str, int] = {}
        self._table: list[str] = []

    def _ids_of(self, values: Iterable[str]) -> array[int]:
        """Replace each string by its index in the shared table, adding new ones."""
        ids, table = self._ids, self._table
        values = list(values)
        for value in set(values).difference(ids):
            ids[value] = len(table)
            table.append(value)
        return array("i", map(ids.__getitem__, values))

    def _packed(
        self,
        starts: Sequence[int],
        ends: Sequence[int],
        texts: Iterable[str],
        norms: Iterable[str],
        proclitics: Iterable[str],
        stems: Iterable[str],
        words: Iterable[bool],
    ) -> LazyTokens:
        """Pack columns into a ``LazyTokens`` over this cache's table."""
        code = "H" if not ends or max(ends) < len(_SHARED_INTS) else "i"
        columns = (
            array(code, starts),
            array(code, ends),
            self._ids_of(texts),
            self._ids_of(norms),
            self._ids_of(proclitics),
            self._ids_of(stems),
        )
        return LazyTokens(columns, bytes(map(bool, words)), self._table)

    def _column(self, values: Iterable[str]) -> Iterable[str]:
        """Replace each string by the cache's copy, adding new ones."""
        values = list(values)
        return map(self.strings.setdefault, values, values)

    def _offsets(self, values: Sequence[int]) -> Iterable[int]:
        """Share small integers across articles."""
        return map(_SHARED_INTS.__getitem__, values) if values and max(values) < len(_SHARED_INTS) else values

    def build(
        self,
        starts: Sequence[int],
        ends: Sequence[int],
        texts: Iterable[str],
        norms: Iterable[str],
        proclitics: Iterable[str],
        stems: Iterable[str],
        words: Iterable[bool],
    ) -> tuple[Token, ...]:
        """Build tokens from columns with shared strings and offsets (packed when the cache is lazy).

        Packed tokens stand in for the tuple inside an ``Article``, whose ``tokens`` builds them when read.
        """
        if self.lazy:
            return cast(tuple[Token, ...], self._packed(starts, ends, texts, norms, proclitics, stems, words))
        make = tuple.__new__
        rows = zip(
            self._offsets(starts),
            self._offsets(ends),
            self._column(texts),
            self._column(norms),
            self._column(proclitics),
            self._column(stems),
            words,
            strict=True,
        )
        return tuple([make(Token, row) for row in rows])

    def unpack(self, packed: Packed | None) -> tuple[Token, ...]:
        """Rebuild tokens packed by ``pack_tokens``."""
        if packed is None:
            return ()
        return self.build(*document.unpack_columns(packed))

    def compact(self, article: Article) -> Article:
        """Return the article with its tokens rebuilt through the cache."""
        return article.with_(tokens=self.unpack(pack_tokens(article.tokens)))
