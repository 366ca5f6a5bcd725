"""The per-word gate cache: bounded, and what it returns is what the network computes afresh."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.extract.ner.gate_cache import GateCache
from tests.extract.ner.test_neural import WORDS, _encoder, _random_model

DOCS = st.lists(st.lists(WORDS, min_size=0, max_size=12), min_size=1, max_size=6)


def _check(cache: GateCache, tokens: list[str]) -> None:
    found = cache.lookup(tokens)
    encoded = [cache.encoder.encode(w) for w in tokens]
    fresh = cache.model.word_gates(encoded)
    width = fresh.shape[1] // 2
    if tokens:
        assert np.allclose(found.table[0][found.slots], fresh[:, :width], atol=1e-5)
        assert np.allclose(found.table[1][found.slots], fresh[:, width:], atol=1e-5)
    assert found.forms == [e.forms for e in encoded]


@settings(max_examples=30, deadline=None)
@given(DOCS, st.integers(1, 6))
def test_lookups_match_fresh_gates_and_stay_bounded(docs: list[list[str]], capacity: int) -> None:
    cache = GateCache(_random_model(5), _encoder(), capacity)
    for tokens in docs:
        _check(cache, tokens)
        assert len(cache) <= capacity


def test_a_document_larger_than_the_cache_is_computed_alone() -> None:
    cache = GateCache(_random_model(6), _encoder(), capacity=2)
    _check(cache, ["سامر", "زار", "القاهرة", "في", "شركة", "سامر"])
    assert len(cache) == 0


def test_least_recently_used_word_is_dropped_first() -> None:
    cache = GateCache(_random_model(7), _encoder(), capacity=2)
    cache.lookup(["سامر"])
    cache.lookup(["زار"])
    cache.lookup(["سامر"])
    cache.lookup(["في"])
    assert set(cache._slots) == {"سامر", "في"}


def test_threads_sharing_a_small_cache_get_their_own_rows() -> None:
    model, encoder = _random_model(11), _encoder()
    docs = [["سامر", "زار", "القاهرة"], ["في", "شركة", "وزير"], ["والقاهرة", "2015", "مجهول", "،"]] * 20
    expected = [GateCache(model, encoder).lookup(d) for d in docs]
    shared = GateCache(model, encoder, capacity=4)
    with ThreadPoolExecutor(4) as pool:
        found = list(pool.map(shared.lookup, docs))
    for got, want in zip(found, expected, strict=True):
        assert np.allclose(got.table[:, got.slots], want.table[:, want.slots], atol=1e-6)
