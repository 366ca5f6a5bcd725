"""Near-duplicate detection (the same wire story on two sites) with MinHash LSH over word shingles."""

from __future__ import annotations

import hashlib
import re
import zlib
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from datasketch import LeanMinHash, MinHashLSH

from marsad.arabic.normalise import normalise

NUM_PERM = 128
SHINGLE = 4
# Jaccard similarity of word 4-gram sets above which two articles count as the same story text.
THRESHOLD = 0.6
SCHEME = "affine64"  # a label datasketch requires; the values come from signature() below
SEED = 1


@dataclass(frozen=True, slots=True)
class Match:
    """An earlier article whose text is nearly the same, with the estimated Jaccard similarity."""

    article: str
    similarity: float


_WORD = re.compile(r"\w+")
_MASK = (1 << 64) - 1


def _constants(label: str, count: int) -> np.ndarray:
    """Derive fixed odd 64-bit multipliers from a label, identical on every machine and version."""
    values = [
        int.from_bytes(hashlib.sha256(f"marsad-{label}-{i}".encode()).digest()[:8], "little") | 1
        for i in range(count)
    ]
    return np.array(values, dtype=np.uint64)


_A = _constants("minhash-a", NUM_PERM)[:, None]
_B = _constants("minhash-b", NUM_PERM)[:, None]
_MIX = _constants("shingle", SHINGLE)


class _WordHashes(dict[str, int]):
    """A bounded memo of word hashes: news vocabulary repeats, so most look-ups stay in C."""

    LIMIT = 500_000

    def __missing__(self, word: str) -> int:
        value = zlib.crc32(word.encode("utf-8"))
        if len(self) < self.LIMIT:
            self[word] = value
        return value


_WORD_HASHES = _WordHashes()


def shingle_hashes(text: str) -> np.ndarray:
    """Hash every word 4-gram of the normalised text to 64 bits, vectorised over positions."""
    words = _WORD.findall(normalise(text)) or [""]
    hashes = np.fromiter(map(_WORD_HASHES.__getitem__, words), dtype=np.uint64, count=len(words))
    if len(hashes) < SHINGLE:
        hashes = np.concatenate([hashes, np.zeros(SHINGLE - len(hashes), dtype=np.uint64)])
    span = len(hashes) - SHINGLE + 1
    mixed = np.zeros(span, dtype=np.uint64)
    for offset in range(SHINGLE):
        mixed = mixed * _MIX[offset] + hashes[offset : offset + span]
    return np.unique(mixed)


def signature(text: str) -> LeanMinHash:
    """Compute a MinHash signature with multiply-shift hashing (numpy, no per-shingle Python)."""
    permuted = (_A * shingle_hashes(text)[None, :] + _B) >> np.uint64(32)
    return LeanMinHash(seed=SEED, hashvalues=permuted.min(axis=1), scheme=SCHEME)


def signatures(texts: Iterable[str]) -> list[LeanMinHash]:
    """Compute MinHash signatures for many texts."""
    return [signature(text) for text in texts]


def to_bytes(signature: LeanMinHash) -> bytes:
    """Serialise a signature's hash values for the store."""
    return np.asarray(signature.hashvalues, dtype=np.uint64).tobytes()


def from_bytes(blob: bytes) -> LeanMinHash:
    """Rebuild a signature stored by ``to_bytes``."""
    values = np.frombuffer(blob, dtype=np.uint64)
    return LeanMinHash(seed=SEED, hashvalues=values, scheme=SCHEME)


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
