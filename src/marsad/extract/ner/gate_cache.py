"""Per-word input gates of the tagger's BiLSTM, kept for recently seen words across documents.

Everything the network reads before its recurrence (word vector, char-CNN, clitics, shape, cues)
depends on the word alone, and so does its product with the input weights. News repeats its
words, so most of a document's tokens find their gates here and the encoder, the char-CNN and
the largest matrix product run only for the words the cache has not seen recently.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from marsad.extract.ner.encode import WordEncoder
from marsad.extract.ner.neural import NeuralModel

# Words kept (least recently used dropped first): 2 KB each with the shipped 2 x 64 BiLSTM.
CAPACITY = 32_768


@dataclass(frozen=True)
class Lookup:
    """A document's tokens resolved against the cache."""

    table: np.ndarray  # (2, distinct words, 4H): input gates per direction, this document's own copy
    slots: np.ndarray  # (N,) row of each token in ``table``
    forms: list[tuple[str, ...]]  # clitic-free readings of each token (for the document memory)


@dataclass
class GateCache:
    """A bounded LRU map from word to its row of precomputed input gates."""

    model: NeuralModel
    encoder: WordEncoder
    capacity: int = field(default_factory=lambda: CAPACITY)
    _slots: OrderedDict[str, tuple[int, tuple[str, ...]]] = field(default_factory=OrderedDict, repr=False)
    _table: np.ndarray | None = field(default=None, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def __len__(self) -> int:
        """Number of words whose gates are held."""
        return len(self._slots)

    def _compute(self, words: Sequence[str]) -> tuple[np.ndarray, list[tuple[str, ...]]]:
        """Gates (2, N, 4H) and forms of words, computed afresh."""
        encoded = [self.encoder.encode(w) for w in words]
        gates = self.model.word_gates(encoded)
        width = gates.shape[1] // 2
        return np.stack([gates[:, :width], gates[:, width:]]), [e.forms for e in encoded]

    def lookup(self, tokens: Sequence[str]) -> Lookup:
        """Resolve a document's tokens, computing (and remembering) the words not held.

        The answer holds its own copy of the document's rows, taken under a lock, so threads
        that share the tagger (the web app) never read a row another document is replacing.
        """
        unique = dict.fromkeys(tokens)
        if not unique:
            return Lookup(np.zeros((2, 0, 0), dtype=np.float32), np.zeros(0, dtype=np.int64), [])
        words = list(unique)
        with self._lock:
            table, forms = self._rows(words)
        index = {w: i for i, w in enumerate(words)}
        pos = [index[t] for t in tokens]
        return Lookup(table, np.array(pos, dtype=np.int64), [forms[i] for i in pos])

    def _rows(self, words: list[str]) -> tuple[np.ndarray, list[tuple[str, ...]]]:
        """Gates (2, N, 4H) and forms of distinct words, from the cache or computed and kept."""
        if len(words) > self.capacity:  # a document larger than the cache: computed alone
            return self._compute(words)
        slots = self._slots
        missing = []
        for word in words:
            if word in slots:
                slots.move_to_end(word)
            else:
                missing.append(word)
        if missing:
            table, forms = self._compute(missing)
            if self._table is None:
                self._table = np.empty((2, self.capacity, table.shape[2]), dtype=np.float32)
            free = list(range(len(slots), min(self.capacity, len(slots) + len(missing))))
            while len(free) < len(missing):
                free.append(slots.popitem(last=False)[1][0])
            self._table[:, free] = table
            for word, slot, word_forms in zip(missing, free, forms, strict=True):
                slots[word] = (slot, word_forms)
        assert self._table is not None
        held = [slots[w] for w in words]
        rows = np.fromiter((h[0] for h in held), dtype=np.int64, count=len(held))
        return self._table[:, rows], [h[1] for h in held]
