"""What every store must do with keyed state pieces (run against SQLite and PostgreSQL)."""

from collections.abc import Iterator

import pytest

from marsad.store.open import AnyStore


def check_pieces(store: AnyStore) -> None:
    """Upsert keeps order, None deletes, versions hide stale pieces, clear empties a kind."""
    store.save_pieces("v1", [("a", "k1", b"one"), ("a", "k2", b"two"), ("b", "k1", b"\x00\xff")])
    assert list(store.load_pieces("a", "v1")) == [("k1", b"one"), ("k2", b"two")]
    assert list(store.load_pieces("b", "v1")) == [("k1", b"\x00\xff")]
    store.save_pieces("v1", [("a", "k3", b"three"), ("a", "k1", b"ONE"), ("a", "k2", None)])
    assert list(store.load_pieces("a", "v1")) == [("k1", b"ONE"), ("k3", b"three")]
    assert list(store.load_pieces("a", "v1", ["k3", "nope", "k1", "k3"])) == [
        ("k1", b"ONE"),
        ("k3", b"three"),
    ]
    assert store.piece_keys("a", "v1") == ["k1", "k3"]
    store.save_pieces("v2", [("a", "k3", b"new")])
    assert list(store.load_pieces("a", "v1")) == [("k1", b"ONE")]
    assert list(store.load_pieces("a", "v2")) == [("k3", b"new")]
    assert store.save_pieces("v2", [("a", "k9", b"nine")], clear=["a"]) == 1
    assert store.piece_keys("a", "v1") == [] and store.piece_keys("a", "v2") == ["k9"]
    assert store.piece_keys("b", "v1") == ["k1"]
    many = [("c", f"key{n}", str(n).encode()) for n in range(1200)]
    store.save_pieces("v1", many)
    wanted = [f"key{n}" for n in range(1199, -1, -3)]
    assert [k for k, _ in store.load_pieces("c", "v1", wanted)] == sorted(wanted, key=lambda k: int(k[3:]))
    with pytest.raises(RuntimeError):
        store.save_pieces("v1", _failing([("b", "k1", b"lost")]), clear=["c"])
    assert list(store.load_pieces("b", "v1")) == [("k1", b"\x00\xff")]
    assert len(store.piece_keys("c", "v1")) == 1200


def _failing(pieces: list[tuple[str, str, bytes | None]]) -> Iterator[tuple[str, str, bytes | None]]:
    """Yield the pieces, then fail: a save interrupted mid-way."""
    yield from pieces
    raise RuntimeError("interrupted")


def check_repeated_keys(store: AnyStore) -> None:
    """A key given twice in one save keeps its first place and its last body; a delete between counts."""
    store.save_pieces("v", [("d", "x", b"1"), ("d", "y", b"2"), ("d", "x", b"3")])
    assert list(store.load_pieces("d", "v")) == [("x", b"3"), ("y", b"2")]
    store.save_pieces("v", [("d", "z", b"4"), ("d", "z", None), ("d", "w", b"5")])
    assert list(store.load_pieces("d", "v")) == [("x", b"3"), ("y", b"2"), ("w", b"5")]
