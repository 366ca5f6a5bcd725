"""Run the trained neural tagger in plain numpy: char-CNN, BiLSTM and CRF Viterbi over a batch.

All sentences of a document go through in one padded batch, so the per-token cost is a few
matrix products; torch is never needed at run time.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from marsad.extract.ner.encode import Batch

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
        f, d, k = w["conv_w"].shape
        w["conv_mat"] = w["conv_w"].transpose(2, 1, 0).reshape(k * d, f)
        w["w_ih"] = np.concatenate([w["w_ih_f"].T, w["w_ih_b"].T], axis=1)
        w["b_ih"] = np.concatenate([w["b_f"], w["b_b"]])
        w["w_hh"] = np.stack([w["w_hh_f"].T, w["w_hh_b"].T])
        w["trans_masked"] = w["trans"] + allowed_transitions()
        w["start_masked"] = w["start"] + allowed_starts()
        return cls(np.asarray(vectors, dtype=np.float32), w)

    def char_features(self, chars: np.ndarray) -> np.ndarray:
        """Max-pooled char-CNN features of words given as padded character ids (N, C) -> (N, F)."""
        w = self.w
        n, c = chars.shape
        emb = w["char"][chars]  # (N, C, d)
        padded = np.pad(emb, ((0, 0), (1, 1), (0, 0)))
        windows = np.concatenate([padded[:, i : i + c] for i in range(3)], axis=2)  # (N, C, 3d)
        conv = windows @ w["conv_mat"] + w["conv_b"]
        conv[chars == 0] = -np.inf
        pooled: np.ndarray = conv.max(axis=1) if c else np.zeros((n, w["conv_b"].size), np.float32)
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
        """Per-token tag scores (B, T, tags); ``pooled`` holds precomputed char-CNN features."""
        x = self._inputs(batch, pooled)
        b, t, _ = x.shape
        lengths = batch.lengths
        hidden = self.w["w_hh"].shape[1]
        real = np.arange(t)[None, :] < lengths[:, None]
        # Gates of both directions (forward then backward), projected for real tokens only.
        proj = np.zeros((b, t, 8 * hidden), dtype=np.float32)
        proj[real] = x[real] @ self.w["w_ih"] + self.w["b_ih"]
        steps = np.arange(t)
        # The backward direction reads each sentence from its own last token: index per sentence.
        rev = np.clip(lengths[:, None] - 1 - steps[None, :], 0, None)
        rows = np.arange(b)[:, None]
        gates_f = proj[:, :, : 4 * hidden]
        gates_b = proj[rows, rev, 4 * hidden :]
        # Step-major and contiguous, so each step reads one block: (T, 2, B, 4H).
        gates = np.ascontiguousarray(np.stack([gates_f, gates_b]).transpose(2, 0, 1, 3))
        h = np.zeros((2, b, hidden), dtype=np.float32)
        c = np.zeros((2, b, hidden), dtype=np.float32)
        steps_out = np.empty((t, 2, b, hidden), dtype=np.float32)
        w_hh = self.w["w_hh"]
        for i in range(t):
            g = gates[i] + np.matmul(h, w_hh)
            ifo = _sigmoid(g[..., : 2 * hidden]), _sigmoid(g[..., 3 * hidden :])
            c = ifo[0][..., hidden:] * c + ifo[0][..., :hidden] * np.tanh(g[..., 2 * hidden : 3 * hidden])
            h = ifo[1] * np.tanh(c)
            steps_out[i] = h
        out = steps_out.transpose(1, 2, 0, 3)  # (2, B, T, H)
        backward = out[1][rows, rev]
        feats = np.concatenate([out[0], backward], axis=2)
        result: np.ndarray = feats @ self.w["out_w"].T + self.w["out_b"]
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
            nxt = np.take_along_axis(cand, best[:, None, :], axis=1)[:, 0] + emissions[:, i]
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
