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

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from marsad.arabic.tokens import split_clitics
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
    """A normalised word: the texts using it and the words whose key may become it."""

    texts: tuple[str, ...]
    waiting: tuple[str, ...]


Piece = TextPiece | KeyPiece | GroupPiece | WordPiece | tuple[Key, ...]
_TABLES = {"v": "variants", "f": "firsts", "l": "lasts", "s": "singles"}


def piece_names(state: ResolveState) -> list[str]:
    """The name of every piece of a state."""
    names = ["t:" + text for text in state.words]
    names += ["k:" + " ".join(key) for key in state.readings]
    names += ["g:" + " ".join(group) for group in state.members]
    for mark, table in _TABLES.items():
        names += ["i:" + mark + entry for entry in getattr(state, table)]
    names += ["w:" + word for word in state.texts.keys() | state.waiting.keys()]
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
        texts, waiting = state.texts.get(rest, set()), state.waiting.get(rest, set())
        return WordPiece(tuple(sorted(texts)), tuple(sorted(waiting))) if texts or waiting else None
    raise ValueError(f"not a resolver piece: {name!r}")


def from_pieces(values: Mapping[str, Piece]) -> ResolveState:
    """Rebuild a state from every one of its pieces."""
    state = ResolveState()
    for name, value in values.items():
        kind, rest = name[:2], name[2:]
        if isinstance(value, TextPiece):
            state.words[rest] = value.words
            for type_, found, places in value.readings:
                state.kinds.setdefault(rest, set()).add(type_)
                state.reduced[(rest, type_)] = found
                if places:
                    state.places[(rest, type_)] = list(places)
        elif isinstance(value, KeyPiece):
            key = tuple(rest.split(" "))
            state.readings[key] = set(value.readings)
            state.counts[key] = value.count
            state.types[key] = value.type
            state.group_of[key] = value.group
            if value.joined:
                state.joined.add(key)
        elif isinstance(value, GroupPiece):
            group = tuple(rest.split(" "))
            state.members[group] = value.members
            state.entities[group] = value.entity
        elif isinstance(value, WordPiece):
            if value.texts:
                state.texts[rest] = set(value.texts)
            if value.waiting:
                state.waiting[rest] = set(value.waiting)
        elif kind == "i:":
            getattr(state, _TABLES[rest[:1]])[rest[1:]] = set(value)
        else:
            raise ValueError(f"not a resolver piece: {name!r}")
    state.known = {split_clitics(word)[1] for word in state.texts}
    return state
