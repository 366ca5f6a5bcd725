"""Near-duplicate detection (the same wire story on two sites) with MinHash LSH over word shingles."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from datasketch import LeanMinHash, MinHash, MinHashLSH

from marsad.arabic.normalise import normalise

NUM_PERM = 128
SHINGLE = 4
# Jaccard similarity of word 4-gram sets above which two articles count as the same story text.
THRESHOLD = 0.6
SCHEME = "affine64"


@dataclass(frozen=True, slots=True)
class Match:
    """An earlier article whose text is nearly the same, with the estimated Jaccard similarity."""

    article: str
    similarity: float


def shingles(text: str) -> list[bytes]:
    """Cut normalised text into overlapping word n-grams, the unit of similarity."""
    words = [word for word in normalise(text).split() if any(ch.isalnum() for ch in word)]
    if len(words) < SHINGLE:
        return [" ".join(words).encode("utf-8")]
    return [" ".join(words[i : i + SHINGLE]).encode("utf-8") for i in range(len(words) - SHINGLE + 1)]


def signatures(texts: Iterable[str]) -> list[LeanMinHash]:
    """Compute MinHash signatures for many texts at once (vectorised)."""
    return [
        LeanMinHash(m) for m in MinHash.bulk([shingles(t) for t in texts], num_perm=NUM_PERM, scheme=SCHEME)
    ]


def to_bytes(signature: LeanMinHash) -> bytes:
    """Serialise a signature's hash values for the store."""
    return np.asarray(signature.hashvalues, dtype=np.uint64).tobytes()


def from_bytes(blob: bytes) -> LeanMinHash:
    """Rebuild a signature stored by ``to_bytes``."""
    values = np.frombuffer(blob, dtype=np.uint64)
    return LeanMinHash(seed=1, hashvalues=values, scheme=SCHEME)


class NearDuplicateIndex:
    """An incremental LSH index: each new article is compared with every earlier one in O(1)."""

    def __init__(self, threshold: float = THRESHOLD) -> None:
        self._lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        self._signatures: dict[str, LeanMinHash] = {}
        self.threshold = threshold

    def __contains__(self, article: str) -> bool:
        return article in self._signatures

    def __len__(self) -> int:
        return len(self._signatures)

    def add(self, article: str, signature: LeanMinHash) -> list[Match]:
        """Index an article and return the earlier ones it nearly duplicates, most similar first."""
        matches = []
        for other in self._lsh.query(signature):
            similarity = float(signature.jaccard(self._signatures[other]))
            if similarity >= self.threshold:
                matches.append(Match(other, round(similarity, 3)))
        if article not in self._signatures:
            self._lsh.insert(article, signature)
            self._signatures[article] = signature
        return sorted(matches, key=lambda m: (-m.similarity, m.article))
