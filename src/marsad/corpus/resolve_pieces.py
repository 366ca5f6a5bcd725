"""A resolver state as string-keyed records, so a store writes only the records a grow changed.

Piece names and values (every value is plain picklable data):

- ``"t:" + text``: ``TextPiece`` — a mention text's words and, per type it was read with, its key,
  display and places (article, start, end, position in the article);
- ``"k:" + " ".join(key)``: ``KeyPiece`` — a key's readings, mention count, type, group and whether
  it joined a longer name as a short form;
- ``"g:" + " ".join(group)``: ``GroupPiece`` — a group's keys and its entity;
- ``"i:" + mark + entry``: a spelling index entry's keys (mark ``v`` variants, ``f`` first words,
  ``l`` last words, ``s`` one-word person names);
- ``"w:" + word``: ``WordPiece`` — texts using a normalised word, words whose key waits on it.

``Growth.pieces`` (from ``resolve_state.grow``) names the pieces a grow wrote or removed;
``pieces(state, names)`` gives their new values, None for a removed one. ``from_pieces`` rebuilds
the state from every piece (the set of known stems is derived, not stored).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from marsad.corpus.model import Entity
from marsad.corpus.resolve_state import Key, Place, ResolveState


@dataclass(frozen=True, slots=True)
class TextPiece:
    """A mention text: its words, and per type its key and display (None: only a title) and places."""

    words: tuple[tuple[str, str], ...]
    readings: tuple[tuple[str, tuple[Key, str] | None, tuple[Place, ...]], ...]


@dataclass(frozen=True, slots=True)
class KeyPiece:
    """A matching key: its readings, mentions, majority type, group and short-form join."""

    readings: tuple[tuple[str, str], ...]
    count: int
    type: str
    group: Key
    joined: bool


@dataclass(frozen=True, slots=True)
class GroupPiece:
    """A group of keys that is one entity."""

    members: tuple[Key, ...]
    entity: Entity


@dataclass(frozen=True, slots=True)
class WordPiece:
    """A normalised word: texts using it, words whose key may become it, whether some word has it as stem."""

    texts: tuple[str, ...]
    waiting: tuple[str, ...]
    known: bool


Piece = TextPiece | KeyPiece | GroupPiece | WordPiece | tuple[Key, ...]
_TABLES = {"v": "variants", "f": "firsts", "l": "lasts", "s": "singles"}


def piece_names(state: ResolveState) -> list[str]:
    """The name of every piece of a state."""
    names = ["t:" + text for text in state.words]
    names += ["k:" + " ".join(key) for key in state.readings]
    names += ["g:" + " ".join(group) for group in state.members]
    for mark, table in _TABLES.items():
        names += ["i:" + mark + entry for entry in getattr(state, table)]
    names += ["w:" + word for word in state.texts.keys() | state.waiting.keys() | state.known]
    return names


def pieces(state: ResolveState, names: Iterable[str] | None = None) -> dict[str, Piece | None]:
    """The named pieces' values (every piece when ``names`` is None); None for a piece that is gone."""
    return {name: _piece(state, name) for name in (piece_names(state) if names is None else names)}


def _piece(state: ResolveState, name: str) -> Piece | None:
    """One piece's value, or None when the state no longer has it."""
    kind, rest = name[:2], name[2:]
    if kind == "t:":
        words = state.words.get(rest)
        if words is None:
            return None
        types = sorted(state.kinds.get(rest, ()))
        return TextPiece(
            words,
            tuple((t, state.reduced[(rest, t)], tuple(state.places.get((rest, t), ()))) for t in types),
        )
    if kind == "k:":
        key = tuple(rest.split(" "))
        if key not in state.readings or key not in state.group_of:
            return None
        return KeyPiece(
            tuple(sorted(state.readings[key])),
            state.counts[key],
            state.types[key],
            state.group_of[key],
            key in state.joined,
        )
    if kind == "g:":
        group = tuple(rest.split(" "))
        if group not in state.members:
            return None
        return GroupPiece(state.members[group], state.entities[group])
    if kind == "i:":
        hit: set[Key] | None = getattr(state, _TABLES[rest[:1]]).get(rest[1:])
        return tuple(sorted(hit)) if hit else None
    if kind == "w:":
        texts, waiting, known = (
            state.texts.get(rest, set()),
            state.waiting.get(rest, set()),
            rest in state.known,
        )
        if not (texts or waiting or known):
            return None
        return WordPiece(tuple(sorted(texts)), tuple(sorted(waiting)), known)
    raise ValueError(f"not a resolver piece: {name!r}")


def from_pieces(values: Mapping[str, Piece]) -> ResolveState:
    """Rebuild a state from every one of its pieces."""
    state = ResolveState(grown=True)
    for name, value in values.items():
        _apply(state, name, value)
    return state


def _apply(state: ResolveState, name: str, value: Piece) -> None:
    """Put one piece's records into the state's tables (bypassing lazy loading)."""
    kind, rest = name[:2], name[2:]
    if isinstance(value, TextPiece):
        dict.__setitem__(state.words, rest, value.words)
        dict.__setitem__(state.kinds, rest, {type_ for type_, _, _ in value.readings})
        for type_, found, places in value.readings:
            dict.__setitem__(state.reduced, (rest, type_), found)
            if places:
                dict.__setitem__(state.places, (rest, type_), list(places))
    elif isinstance(value, KeyPiece):
        key = tuple(rest.split(" "))
        dict.__setitem__(state.readings, key, set(value.readings))
        dict.__setitem__(state.counts, key, value.count)
        dict.__setitem__(state.types, key, value.type)
        dict.__setitem__(state.group_of, key, value.group)
        if value.joined:
            set.add(state.joined, key)
    elif isinstance(value, GroupPiece):
        group = tuple(rest.split(" "))
        dict.__setitem__(state.members, group, value.members)
        dict.__setitem__(state.entities, group, value.entity)
    elif isinstance(value, WordPiece):
        if value.texts:
            dict.__setitem__(state.texts, rest, set(value.texts))
        if value.waiting:
            dict.__setitem__(state.waiting, rest, set(value.waiting))
        if value.known:
            set.add(state.known, rest)
    elif kind == "i:":
        dict.__setitem__(getattr(state, _TABLES[rest[:1]]), rest[1:], set(value))
    else:
        raise ValueError(f"not a resolver piece: {name!r}")


Fetch = Callable[[Sequence[str]], Mapping[str, Piece | None]]


class _Loader:
    """Fetch each piece of a lazy state once, the first time any of its records is touched."""

    def __init__(self, fetch: Fetch) -> None:
        self.fetch = fetch
        self.state = ResolveState(grown=True)
        self.loaded: set[str] = set()

    def need(self, name: str) -> None:
        """Load a piece unless it was loaded (or found absent) before."""
        if name not in self.loaded:
            self.prefetch([name])

    def prefetch(self, names: Iterable[str]) -> None:
        """Load several pieces in one fetch."""
        wanted = [n for n in dict.fromkeys(names) if n not in self.loaded]
        if not wanted:
            return
        self.loaded.update(wanted)
        for name, value in self.fetch(wanted).items():
            if value is not None:
                _apply(self.state, name, value)


class _Loads:
    """What the lazy tables share: the piece holding a record is loaded before the record is touched."""

    def __init__(self, loader: _Loader, name_of: Callable[[Any], str]) -> None:
        super().__init__()
        self._loader = loader
        self._name_of = name_of

    def __contains__(self, key: object) -> bool:
        self._loader.need(self._name_of(key))
        return bool(super().__contains__(key))  # type: ignore[misc]


class _LazyDict(_Loads, dict[Any, Any]):
    """A state table that loads the piece holding a record before the record is read or written."""

    def __getitem__(self, key: Any) -> Any:
        self._loader.need(self._name_of(key))
        return super().__getitem__(key)

    def __setitem__(self, key: Any, value: Any) -> None:
        self._loader.need(self._name_of(key))
        super().__setitem__(key, value)

    def __delitem__(self, key: Any) -> None:
        self._loader.need(self._name_of(key))
        super().__delitem__(key)

    def get(self, key: Any, default: Any = None) -> Any:
        """Load, then look up."""
        self._loader.need(self._name_of(key))
        return super().get(key, default)

    def setdefault(self, key: Any, default: Any = None) -> Any:
        """Load, then look up or insert."""
        self._loader.need(self._name_of(key))
        return super().setdefault(key, default)

    def pop(self, key: Any, *default: Any) -> Any:
        """Load, then remove."""
        self._loader.need(self._name_of(key))
        return super().pop(key, *default)


class _LazySet(_Loads, set[Any]):
    """A state set that loads the piece holding a member before membership is read or changed."""

    def add(self, key: Any) -> None:
        """Load, then add."""
        self._loader.need(self._name_of(key))
        super().add(key)

    def discard(self, key: Any) -> None:
        """Load, then discard."""
        self._loader.need(self._name_of(key))
        super().discard(key)

    def update(self, *others: Iterable[Any]) -> None:
        """Load, then add every member."""
        for other in others:
            for key in other:
                self.add(key)


def _text_name(reading: Any) -> str:
    """The piece of a text, from the text or a (text, type) reading."""
    return "t:" + (reading if isinstance(reading, str) else reading[0])


def _key_name(key: Any) -> str:
    """The piece of a key."""
    return "k:" + " ".join(key)


def _group_name(key: Any) -> str:
    """The piece of a group."""
    return "g:" + " ".join(key)


def _word_name(word: Any) -> str:
    """The piece of a word."""
    return "w:" + str(word)


def _index_name(mark: str) -> Callable[[Any], str]:
    """The piece naming of one spelling index."""
    return lambda entry: "i:" + mark + str(entry)


def lazy_state(fetch: Fetch) -> tuple[ResolveState, Callable[[Iterable[str]], None]]:
    """A state that reads its pieces from a store only when a grow touches them, and a prefetcher.

    ``fetch(names)`` returns the stored value of each named piece (a missing or None value: no such
    piece). Grow it with ``resolve_state.grow``; ``pieces(state, growth.pieces)`` is what to write
    back. ``entities_of`` on it sees only the entities it loaded: the changed ones are
    ``state.entities`` of the groups in ``growth.pieces``.
    """
    loader = _Loader(fetch)
    state = loader.state
    state.words = _LazyDict(loader, _text_name)
    state.reduced = _LazyDict(loader, _text_name)
    state.kinds = _LazyDict(loader, _text_name)
    state.places = _LazyDict(loader, _text_name)
    state.known = _LazySet(loader, _word_name)
    state.waiting = _LazyDict(loader, _word_name)
    state.texts = _LazyDict(loader, _word_name)
    for table in ("readings", "counts", "types", "group_of"):
        setattr(state, table, _LazyDict(loader, _key_name))
    state.joined = _LazySet(loader, _key_name)
    state.members = _LazyDict(loader, _group_name)
    state.entities = _LazyDict(loader, _group_name)
    for mark, table in _TABLES.items():
        setattr(state, table, _LazyDict(loader, _index_name(mark)))
    state.prefetch = loader.prefetch
    return state, loader.prefetch
