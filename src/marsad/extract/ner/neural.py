"""Run the trained neural tagger in plain numpy: char-CNN, BiLSTM and CRF Viterbi over a batch.

All sentences of a document go through in one padded batch, so the per-token cost is a few
matrix products; torch is never needed at run time.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from marsad.extract.ner.bio import TokenSpan
from marsad.extract.ner.encode import CUES, Batch, EncodedWord

# The arrays of a model file, as ``net_train.export_weights`` names them.
WEIGHTS = (
    "char", "conv_w", "conv_b", "proc", "shape", "how",
    "w_ih_f", "w_hh_f", "b_f", "w_ih_b", "w_hh_b", "b_b",
    "out_w", "out_b", "trans", "start", "end",
)  # fmt: skip
TAGS = (
    "O",
    "B-PERSON",
    "I-PERSON",
    "B-ORGANIZATION",
    "I-ORGANIZATION",
    "B-LOCATION",
    "I-LOCATION",
    "B-MISC",
    "I-MISC",
)


# Entity type of each tag index (None for "O") and whether the tag continues a name.
_TYPE_OF = tuple(t[2:] if t != "O" else None for t in TAGS)
_INSIDE = tuple(t.startswith("I-") for t in TAGS)


def spans_from_ids(path: Sequence[int]) -> list[TokenSpan]:
    """Entity spans of one sentence from tag indices (``bio.spans_from_bio`` without the strings)."""
    spans: list[TokenSpan] = []
    open_type: str | None = None
    start = 0
    for i, tag in enumerate(path):
        typ = _TYPE_OF[tag]
        if open_type is not None and (typ != open_type or not _INSIDE[tag]):
            spans.append(TokenSpan(start, i, open_type))
            open_type = None
        if typ is not None and open_type is None:
            open_type, start = typ, i
    if open_type is not None:
        spans.append(TokenSpan(start, len(path), open_type))
    return spans


def allowed_transitions() -> np.ndarray:
    """Mask of BIO-valid transitions (I-X only after B-X or I-X), added to the learnt scores."""
    n = len(TAGS)
    mask = np.zeros((n, n), dtype=np.float32)
    for j, tag in enumerate(TAGS):
        if tag.startswith("I-"):
            for i, prev in enumerate(TAGS):
                if prev[2:] != tag[2:]:
                    mask[i, j] = -1e4
    return mask


def allowed_starts() -> np.ndarray:
    """Mask that forbids a sentence opening with an I- tag."""
    return np.array([-1e4 if t.startswith("I-") else 0.0 for t in TAGS], dtype=np.float32)


def _sigmoid(x: np.ndarray) -> np.ndarray:
    """Logistic function, computed through tanh so large inputs do not overflow."""
    out: np.ndarray = 0.5 * (np.tanh(0.5 * x) + 1.0)
    return out


@dataclass(frozen=True)
class NeuralModel:
    """The exported weights (float32) and the word vectors they were trained with."""

    vectors: np.ndarray  # (rows, dims): row 0 padding, row 1 unknown
    w: dict[str, np.ndarray]

    @classmethod
    def from_arrays(cls, vectors: np.ndarray, weights: dict[str, np.ndarray]) -> NeuralModel:
        """Prepare the weights for inference (transposed, stacked per direction)."""
        w = {k: np.asarray(v, dtype=np.float32) for k, v in weights.items()}
        k = w["conv_w"].shape[2]
        w["char_taps"] = np.stack([w["char"] @ w["conv_w"][:, :, i].T for i in range(k)])
        w["w_ih_fwd"] = np.ascontiguousarray(w["w_ih_f"].T)
        w["w_ih_bwd"] = np.ascontiguousarray(w["w_ih_b"].T)
        w["w_hh"] = np.stack([w["w_hh_f"].T, w["w_hh_b"].T])
        w["trans_masked"] = w["trans"] + allowed_transitions()
        w["start_masked"] = w["start"] + allowed_starts()
        w["trans_t"] = np.ascontiguousarray(w["trans_masked"].T)
        # Packed inference (``packed.lstm_states``): gates reordered to i, f, o, g and the three
        # sigmoid gates halved (exact in floating point), both directions' input weights side by side.
        hidden = w["w_hh_f"].shape[1]
        perm = np.r_[0 : 2 * hidden, 3 * hidden : 4 * hidden, 2 * hidden : 3 * hidden]
        half = np.full(4 * hidden, 0.5, dtype=np.float32)
        half[3 * hidden :] = 1.0
        w["ih_packed"] = np.concatenate(
            [w["w_ih_fwd"][:, perm] * half, w["w_ih_bwd"][:, perm] * half], axis=1
        )
        w["b_packed"] = np.concatenate([w["b_f"][perm] * half, w["b_b"][perm] * half])
        w["hh_packed"] = np.ascontiguousarray(w["w_hh"][:, :, perm] * half)
        return cls(np.asarray(vectors, dtype=np.float32), w)

    def word_inputs(self, words: Sequence[EncodedWord]) -> np.ndarray:
        """The BiLSTM input vectors (N, D) of encoded words: each depends on its word alone."""
        w = self.w
        longest = max((len(e.chars) for e in words), default=1)
        chars = np.zeros((len(words), longest), dtype=np.int64)
        for i, e in enumerate(words):
            chars[i, : len(e.chars)] = e.chars
        ids = np.array([(e.row, e.proclitic, e.shape, e.how, e.cues) for e in words], dtype=np.int64)
        ids = ids.reshape(len(words), 5)
        bits = ((ids[:, 4:5] >> np.arange(len(CUES))) & 1).astype(np.float32)
        return np.concatenate(
            [
                self.vectors[ids[:, 0]],
                self.char_features(chars),
                w["proc"][ids[:, 1]],
                w["shape"][ids[:, 2]],
                w["how"][ids[:, 3]],
                bits,
            ],
            axis=1,
        ).astype(np.float32, copy=False)

    def word_gates(self, words: Sequence[EncodedWord]) -> np.ndarray:
        """Input-gate preactivations (N, 8H) of both directions, as ``packed.lstm_states`` reads them."""
        out: np.ndarray = self.word_inputs(words) @ self.w["ih_packed"] + self.w["b_packed"]
        return out

    def char_features(self, chars: np.ndarray) -> np.ndarray:
        """Max-pooled char-CNN features of words given as padded character ids (N, C) -> (N, F).

        A width-3 convolution over embeddings is the sum of three per-character tables (each
        character's embedding times one tap), so no window matrix is built.
        """
        w = self.w
        n, c = chars.shape
        if not c:
            return np.zeros((n, w["conv_b"].size), np.float32)
        ids = np.zeros((n, c + 2), dtype=np.int64)
        ids[:, 1:-1] = chars
        taps = w["char_taps"]
        conv = taps[0][ids[:, :-2]]
        conv += taps[1][ids[:, 1:-1]]
        conv += taps[2][ids[:, 2:]]
        conv += w["conv_b"]
        pooled: np.ndarray = conv.max(axis=1, where=(chars != 0)[..., None], initial=-np.inf)
        pooled[~np.isfinite(pooled)] = 0.0
        return pooled

    def _inputs(self, batch: Batch, pooled: np.ndarray | None = None) -> np.ndarray:
        """The token vectors fed to the BiLSTM (B, T, D); ``pooled`` (B, T, F) skips the char-CNN."""
        w = self.w
        b, t, c = batch.chars.shape
        if pooled is None:
            pooled = self.char_features(batch.chars.reshape(b * t, c)).reshape(b, t, -1)
        return np.concatenate(
            [
                self.vectors[batch.rows],
                pooled,
                w["proc"][batch.proclitic],
                w["shape"][batch.shape],
                w["how"][batch.how],
                batch.cues,
            ],
            axis=2,
        ).astype(np.float32, copy=False)

    def emissions(self, batch: Batch, pooled: np.ndarray | None = None) -> np.ndarray:
        """Per-token tag scores (B, T, tags); ``pooled`` holds precomputed char-CNN features.

        Padded positions score ``out_b`` (the decoder never reads them). The LSTM runs on packed
        steps: sentences ordered longest first, so step i only computes the sentences still that
        long, and both directions read one contiguous block per step.
        """
        x = self._inputs(batch, pooled)
        b, t, d = x.shape
        w = self.w
        hidden = w["w_hh"].shape[1]
        lengths = batch.lengths.astype(np.int64)
        order = np.argsort(-lengths, kind="stable")
        longest = lengths[order]
        active = (longest[None, :] > np.arange(t)[:, None]).sum(axis=1)  # sentences alive at step i
        starts = np.concatenate([[0], np.cumsum(active)])
        # Packed (step-major) flat positions of each direction's input at every step.
        step = np.repeat(np.arange(t), active)
        row = np.concatenate([order[:n] for n in active]) if t else np.zeros(0, np.int64)
        at_f = row * t + step
        at_b = row * t + lengths[row] - 1 - step
        flat = x.reshape(b * t, d)
        gates = np.empty((2, at_f.size, 4 * hidden), dtype=np.float32)
        np.matmul(flat[at_f], w["w_ih_fwd"], out=gates[0])
        np.matmul(flat[at_b], w["w_ih_bwd"], out=gates[1])
        gates[0] += w["b_f"]
        gates[1] += w["b_b"]
        # tanh(x / 2) for the i, f, o gates (sigmoid = (tanh(x / 2) + 1) / 2), tanh(x) for the cell.
        scale = np.full(4 * hidden, 0.5, dtype=np.float32)
        scale[2 * hidden : 3 * hidden] = 1.0
        h = np.zeros((2, b, hidden), dtype=np.float32)
        c = np.zeros((2, b, hidden), dtype=np.float32)
        packed = np.empty((2, at_f.size, hidden), dtype=np.float32)
        w_hh = w["w_hh"]
        for i in range(t):
            n, lo = int(active[i]), int(starts[i])
            g = gates[:, lo : lo + n] + np.matmul(h[:, :n], w_hh)
            g *= scale
            np.tanh(g, out=g)
            sig = 0.5 * (g[..., : 2 * hidden] + 1.0)
            out_gate = 0.5 * (g[..., 3 * hidden :] + 1.0)
            c_n = sig[..., hidden:] * c[:, :n] + sig[..., :hidden] * g[..., 2 * hidden : 3 * hidden]
            c[:, :n] = c_n
            h_n = out_gate * np.tanh(c_n)
            h[:, :n] = h_n
            packed[:, lo : lo + n] = h_n
        feats = np.zeros((b * t, 2 * hidden), dtype=np.float32)
        feats[at_f, :hidden] = packed[0]
        feats[at_b, hidden:] = packed[1]
        result: np.ndarray = (feats @ w["out_w"].T + w["out_b"]).reshape(b, t, -1)
        return result

    def viterbi(self, emissions: np.ndarray, lengths: np.ndarray) -> list[list[str]]:
        """Best BIO-valid tag path of every sentence in the batch."""
        b, t, n = emissions.shape
        trans = self.w["trans_masked"]
        score = self.w["start_masked"] + emissions[:, 0]
        back = np.zeros((b, t, n), dtype=np.int64)
        for i in range(1, t):
            cand = score[:, :, None] + trans[None]
            best = cand.argmax(axis=1)
            nxt = cand.max(axis=1) + emissions[:, i]
            live = (i < lengths)[:, None]
            score = np.where(live, nxt, score)
            back[:, i] = best
        score = score + self.w["end"]
        paths: list[list[str]] = []
        for k in range(b):
            n_k = int(lengths[k])
            if n_k == 0:
                paths.append([])
                continue
            tag = int(score[k].argmax())
            path = [tag]
            for i in range(n_k - 1, 0, -1):
                tag = int(back[k, i, tag])
                path.append(tag)
            paths.append([TAGS[p] for p in reversed(path)])
        return paths

    def tag(self, batch: Batch, pooled: np.ndarray | None = None) -> list[list[str]]:
        """BIO labels for every sentence of a batch."""
        if batch.lengths.size == 0 or int(batch.lengths.max()) == 0:
            return [[] for _ in batch.lengths]
        return self.viterbi(self.emissions(batch, pooled), batch.lengths)


def check_tags(tags: Sequence[str]) -> None:
    """Fail loudly if the exported tag order ever drifts from the trainer's."""
    if tuple(tags) != TAGS:
        raise ValueError(f"tag order mismatch: {tags}")
