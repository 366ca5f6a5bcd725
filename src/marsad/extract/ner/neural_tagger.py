"""The shipped neural entity tagger: a whole document runs through numpy in one packed pass."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from threadpoolctl import ThreadpoolController  # type: ignore[import-untyped]

from marsad.extract.ner.bio import SpanTagger, TokenSpan
from marsad.extract.ner.encode import WordEncoder
from marsad.extract.ner.gate_cache import GateCache
from marsad.extract.ner.neural import TAGS, NeuralModel, spans_from_ids
from marsad.extract.ner.neural_memory import memory_bonus
from marsad.extract.ner.packed import Layout, lstm_states, viterbi_packed

# One BLAS thread: the products are small, and OpenBLAS threads spinning on a busy 2-core machine
# cost thirty times the CPU (measured: 978 ms per article with 2 threads, 32 ms with one).
_BLAS = ThreadpoolController()


@dataclass(frozen=True)
class NeuralTagger(SpanTagger):
    """The numpy network plus the word encoder it was trained with."""

    model: NeuralModel
    encoder: WordEncoder
    meta: dict[str, Any]
    gates: GateCache = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        """Give the tagger its own cache of per-word input gates."""
        object.__setattr__(self, "gates", GateCache(self.model, self.encoder))

    def tag_document(self, sentences: Sequence[Sequence[str]], window: int | None = None) -> list[list[str]]:
        """Return BIO labels for every sentence of one document.

        With a ``memory_boost`` in the model's meta, Viterbi runs a second time with the document
        memory's bonus (``window``: sentences either side that count as the document; None: all),
        on the sentences the bonus touches (the others cannot change).
        """
        with _BLAS.limit(limits=1, user_api="blas"):
            return [[TAGS[t] for t in path] for path in self._tag_ids([sentences], window)[0]]

    def document_spans(
        self, sentences: Sequence[Sequence[str]], window: int | None = None
    ) -> list[list[TokenSpan]]:
        """Return the entity spans of every sentence of one document (no label strings in between)."""
        return self.documents_spans([sentences], window)[0]

    def documents_spans(
        self, documents: Sequence[Sequence[Sequence[str]]], window: int | None = None
    ) -> list[list[list[TokenSpan]]]:
        """Entity spans of several documents tagged together, each its own document memory.

        The answer is the one each document gets alone; tagging many at once spreads the fixed
        cost of every recurrence step over more sentences.
        """
        with _BLAS.limit(limits=1, user_api="blas"):
            return [[spans_from_ids(path) for path in doc] for doc in self._tag_ids(documents, window)]

    def _tag_ids(
        self, documents: Sequence[Sequence[Sequence[str]]], window: int | None
    ) -> list[list[list[int]]]:
        """Tag indices of every sentence of every document, run with one BLAS thread."""
        sentences = [s for doc in documents for s in doc]
        out = self._tag_sentences(sentences, [len(doc) for doc in documents], window)
        bounds = np.cumsum([0] + [len(doc) for doc in documents]).tolist()
        return [out[a:b] for a, b in itertools.pairwise(bounds)]

    def _tag_sentences(
        self, sentences: Sequence[Sequence[str]], sizes: Sequence[int], window: int | None
    ) -> list[list[int]]:
        """Tag indices of sentences that form documents of ``sizes`` sentences, in order."""
        out: list[list[int]] = [[] for _ in sentences]
        kept = [i for i, s in enumerate(sentences) if s]
        if not kept:
            return out
        w = self.model.w
        flat = [word for s in sentences for word in s]
        found = self.gates.lookup(flat)
        lengths = np.array([len(s) for s in sentences], dtype=np.int64)
        offsets = np.cumsum(lengths) - lengths
        layout = Layout.build(lengths[kept], offsets[kept])
        gates = np.empty((2, layout.forward.size, found.table.shape[2]), dtype=np.float32)
        np.take(found.table[0], found.slots[layout.forward], axis=0, out=gates[0])
        np.take(found.table[1], found.slots[layout.backward], axis=0, out=gates[1])
        states = lstm_states(gates, w["hh_packed"], layout)
        hidden = states.shape[2]
        where = np.empty(len(flat), dtype=np.int64)
        where[layout.forward] = np.arange(layout.forward.size)
        feats = np.empty((layout.forward.size, 2 * hidden), dtype=np.float32)
        feats[:, :hidden] = states[0]
        feats[where[layout.backward], hidden:] = states[1]
        packed_em = feats @ w["out_w"].T + w["out_b"]
        decode = (w["trans_t"], w["start_masked"], w["end"])
        for i, path in zip(kept, viterbi_packed(packed_em, layout, *decode), strict=True):
            out[i] = path
        boost = float(self.meta.get("memory_boost", 0.0))
        if not boost:
            return out
        forms = [found.forms[o : o + len(s)] for o, s in zip(offsets.tolist(), sentences, strict=True)]
        spans = [spans_from_ids(path) for path in out]
        bonus: list[np.ndarray] = []
        first = 0
        for size in sizes:
            bonus += memory_bonus(forms[first : first + size], spans[first : first + size], window)
            first += size
        again = [i for i in kept if _may_change(bonus[i], out[i])]
        if again:
            em = np.empty((len(flat), len(TAGS)), dtype=np.float32)
            em[layout.forward] = packed_em
            extra = np.zeros_like(em)
            for i in again:
                extra[offsets[i] : offsets[i] + lengths[i]] = bonus[i]
            sub = Layout.build(lengths[again], offsets[again])
            sub_em = em[sub.forward] + boost * extra[sub.forward]
            for i, path in zip(again, viterbi_packed(sub_em, sub, *decode), strict=True):
                out[i] = path
        return out


def _may_change(bonus: np.ndarray, path: list[int]) -> bool:
    """Whether the memory bonus can move a sentence's best path.

    Every path gains ``boost`` per bonus cell it crosses; when all the cells lie on the first
    pass's path, no other path can gain more, so that path stays the best one.
    """
    total = float(bonus.sum())
    return total > 0 and float(bonus[np.arange(len(path)), path].sum()) < total
