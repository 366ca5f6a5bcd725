"""The tagger's recurrence and Viterbi over a whole document in packed step-major order.

Sentences are ordered longest first, so at step i the sentences still that long are a prefix:
each step touches one contiguous block, the state of the sentences that ended is simply not read
again, and no padded position is ever computed. The per-step work is a handful of numpy calls,
which is what the stage costs on news (the products themselves are tiny).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Layout:
    """Where every token of a document sits in the packed order (step-major, longest sentence first)."""

    lengths: np.ndarray  # (S,) tokens per sentence, all > 0, in the caller's order
    order: np.ndarray  # (S,) sentence indices, longest first (stable)
    active: np.ndarray  # (T,) sentences still running at step i
    starts: np.ndarray  # (T + 1,) packed offset of step i
    forward: np.ndarray  # (P,) flat token index read at each packed position, left to right
    backward: np.ndarray  # (P,) the same, right to left

    @classmethod
    def build(cls, lengths: np.ndarray, offsets: np.ndarray) -> Layout:
        """Lay out sentences of ``lengths`` tokens whose first token is at flat index ``offsets``."""
        lengths = np.asarray(lengths, dtype=np.int64)
        offsets = np.asarray(offsets, dtype=np.int64)
        order = np.argsort(-lengths, kind="stable")
        longest = int(lengths.max()) if lengths.size else 0
        active = np.bincount(lengths, minlength=longest + 1)[::-1].cumsum()[::-1][1:]
        starts = np.concatenate([[0], np.cumsum(active)]).astype(np.int64)
        step = np.repeat(np.arange(longest), active)
        slot = np.arange(step.size) - np.repeat(starts[:-1], active)
        sentence = order[slot]
        forward = offsets[sentence] + step
        backward = offsets[sentence] + lengths[sentence] - 1 - step
        return cls(lengths, order, active, starts, forward, backward)


def lstm_states(gates: np.ndarray, w_hh: np.ndarray, layout: Layout) -> np.ndarray:
    """Hidden states (2, P, H) of both directions from their input gates (2, P, 4H), in packed order.

    Gates come in the order i, f, o, g with the i, f and o columns (weights and bias) already
    halved, so one tanh call per step gives all four: sigmoid(x) = (tanh(x / 2) + 1) / 2.
    ``gates`` is overwritten.
    """
    hidden = w_hh.shape[1]
    three = 3 * hidden
    # tanh -> sigmoid on the first three gates, identity on the cell input, as one affine map.
    scale = np.full(4 * hidden, 0.5, dtype=np.float32)
    scale[three:] = 1.0
    shift = np.full(4 * hidden, 0.5, dtype=np.float32)
    shift[three:] = 0.0
    states = np.empty((2, gates.shape[1], hidden), dtype=np.float32)
    h = c = states
    starts = layout.starts.tolist()
    for i, n in enumerate(layout.active.tolist()):
        lo = starts[i]
        g = gates[:, lo : lo + n]
        if i:
            g += np.matmul(h[:, :n], w_hh)
        np.tanh(g, out=g)
        g *= scale
        g += shift
        if i:
            c = g[..., hidden : 2 * hidden] * c[:, :n]
            c += g[..., :hidden] * g[..., three:]
        else:
            c = g[..., :hidden] * g[..., three:]
        h = states[:, lo : lo + n]
        np.tanh(c, out=h)
        h *= g[..., 2 * hidden : three]
    return states


def viterbi_packed(
    emissions: np.ndarray, layout: Layout, trans_t: np.ndarray, start: np.ndarray, end: np.ndarray
) -> list[list[int]]:
    """Best tag path of every sentence (in the caller's order) from packed emissions (P, tags).

    ``trans_t[j, i]`` scores the transition from tag i to tag j (transposed, so each step reduces
    along the contiguous axis).
    """
    active = layout.active.tolist()
    starts = layout.starts.tolist()
    n_tags = emissions.shape[1]
    # score[p]: best score of a path ending at packed position p in each tag.
    score = emissions.astype(np.float32, copy=True)
    back = np.empty((emissions.shape[0], n_tags), dtype=np.intp)
    if active:
        score[: active[0]] += start
    cand = np.empty((active[0] if active else 0, n_tags, n_tags), dtype=np.float32)
    best = np.empty((cand.shape[0], n_tags), dtype=np.float32)
    for i in range(1, len(active)):
        n, lo, prev = active[i], starts[i], starts[i - 1]
        step = cand[:n]
        np.add(score[prev : prev + n, None, :], trans_t, out=step)
        step.argmax(axis=2, out=back[lo : lo + n])
        np.maximum.reduce(step, axis=2, out=best[:n])  # the ufunc itself: np.max's wrapper costs more here
        score[lo : lo + n] += best[:n]
    ends = layout.lengths[layout.order] - 1
    final = score[layout.starts[ends] + np.arange(ends.size)] + end
    last = final.argmax(axis=1).tolist()
    back_rows = back.tolist()
    paths: list[list[int]] = [[] for _ in layout.order]
    for slot, (sentence, length) in enumerate(
        zip(layout.order.tolist(), layout.lengths[layout.order].tolist(), strict=True)
    ):
        tag = last[slot]
        path = [tag]
        for i in range(length - 1, 0, -1):
            tag = back_rows[starts[i] + slot][tag]
            path.append(tag)
        path.reverse()
        paths[sentence] = path
    return paths
