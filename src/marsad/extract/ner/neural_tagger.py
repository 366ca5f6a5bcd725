"""The shipped neural entity tagger: a document's sentences go through numpy in a few padded batches."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from threadpoolctl import ThreadpoolController  # type: ignore[import-untyped]

from marsad.extract.ner.bio import SpanTagger
from marsad.extract.ner.encode import WordEncoder, make_batch
from marsad.extract.ner.neural import NeuralModel
from marsad.extract.ner.neural_memory import memory_bonus

# Sentences are sorted by length and batched this many at a time, so padding stays small.
BATCH = 48
# Char-CNN features are a function of the word alone: this many recent words keep theirs.
CHAR_CACHE = 50_000
# One BLAS thread: the products are small, and OpenBLAS threads spinning on a busy 2-core machine
# cost thirty times the CPU (measured: 978 ms per article with 2 threads, 32 ms with one).
_BLAS = ThreadpoolController()


@dataclass(frozen=True)
class NeuralTagger(SpanTagger):
    """The numpy network plus the word encoder it was trained with."""

    model: NeuralModel
    encoder: WordEncoder
    meta: dict[str, Any]
    _chars: OrderedDict[str, np.ndarray] = field(default_factory=OrderedDict, repr=False, compare=False)

    def _pooled(self, sentences: Sequence[Sequence[str]]) -> np.ndarray:
        """Char-CNN features (B, T, F) of a batch, computing only words not seen recently."""
        cache = self._chars
        local = {w: cache.get(w) for s in sentences for w in s}
        missing = [w for w, v in local.items() if v is None]
        if missing:
            ids = [self.encoder.encode(w).chars for w in missing]
            chars = np.zeros((len(ids), max(len(c) for c in ids)), dtype=np.int64)
            for i, c in enumerate(ids):
                chars[i, : len(c)] = c
            for w, feats in zip(missing, self.model.char_features(chars), strict=True):
                local[w] = cache[w] = feats
            while len(cache) > CHAR_CACHE:
                cache.popitem(last=False)
        width = self.model.w["conv_b"].size
        out = np.zeros((len(sentences), max(len(s) for s in sentences), width), dtype=np.float32)
        for i, s in enumerate(sentences):
            if s:
                out[i, : len(s)] = [local[w] for w in s]
        return out

    def tag_document(self, sentences: Sequence[Sequence[str]], window: int | None = None) -> list[list[str]]:
        """Return BIO labels for every sentence of one document.

        With a ``memory_boost`` in the model's meta, Viterbi runs a second time with the document
        memory's bonus (``window``: sentences either side that count as the document; None: all).
        """
        with _BLAS.limit(limits=1, user_api="blas"):
            return self._tag_document(sentences, window)

    def _tag_document(self, sentences: Sequence[Sequence[str]], window: int | None) -> list[list[str]]:
        """Body of ``tag_document``, run with one BLAS thread."""
        out: list[list[str]] = [[] for _ in sentences]
        order = sorted((i for i, s in enumerate(sentences) if s), key=lambda i: len(sentences[i]))
        groups: list[tuple[list[int], np.ndarray, np.ndarray]] = []
        for k in range(0, len(order), BATCH):
            ids = order[k : k + BATCH]
            group = [sentences[i] for i in ids]
            batch = make_batch(self.encoder, group)
            em = self.model.emissions(batch, self._pooled(group))
            for i, lab in zip(ids, self.model.viterbi(em, batch.lengths), strict=True):
                out[i] = lab
            groups.append((ids, em, batch.lengths))
        boost = float(self.meta.get("memory_boost", 0.0))
        if boost and groups:
            forms = [[self.encoder.encode(w).forms for w in s] for s in sentences]
            bonus = memory_bonus(forms, out, window)
            for ids, em, lengths in groups:
                extra = np.zeros_like(em)
                for r, i in enumerate(ids):
                    extra[r, : len(sentences[i])] = bonus[i]
                for i, lab in zip(ids, self.model.viterbi(em + boost * extra, lengths), strict=True):
                    out[i] = lab
        return out
