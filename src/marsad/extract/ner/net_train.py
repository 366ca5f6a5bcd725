"""Train the neural tagger with PyTorch (training only: inference runs in numpy, see ``neural``).

char-CNN + frozen pretrained word vectors + clitic/shape/cue embeddings -> BiLSTM -> CRF.
torch is imported here only, so it is a training-time extra and never a runtime dependency.
"""

from __future__ import annotations

import random
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import torch
from torch import nn

from marsad.arabic.normalise import normalise
from marsad.extract.ner.bio import TokenSpan, spans_from_bio
from marsad.extract.ner.encode import CUES, FAMILIES, HOW, PROCLITICS, SHAPES, Batch, WordEncoder, make_batch
from marsad.extract.ner.neural import TAGS, WEIGHTS, NeuralModel

# Torch parameter -> model-file array (``neural.WEIGHTS``); each LSTM direction's two biases are summed.
EXPORT_NAMES = dict(
    zip(
        (
            "char.weight", "conv.weight", "conv.bias", "proc.weight", "shape.weight", "how.weight",
            "lstm.weight_ih_l0", "lstm.weight_hh_l0", "lstm.bias_ih_l0",
            "lstm.weight_ih_l0_reverse", "lstm.weight_hh_l0_reverse", "lstm.bias_ih_l0_reverse",
            "out.weight", "out.bias", "trans", "start", "end",
        ),
        WEIGHTS,
        strict=True,
    )
)  # fmt: skip


def input_mask(dims: int, filters: int, without: frozenset[str] = frozenset()) -> np.ndarray:
    """0/1 per BiLSTM input column: 0 for the columns of the removed families (ablation)."""
    unknown = without - set(FAMILIES)
    if unknown:
        raise ValueError(f"unknown input families {sorted(unknown)}; known: {FAMILIES}")
    # word vector, char-CNN, proclitic (8), shape (4), lookup route (4), cue bits
    parts = [
        ("vectors", dims),
        ("chars", filters),
        ("affixes", 8),
        ("affixes", 4),
        ("vectors", len(HOW)),
        ("cues", len(CUES)),
    ]
    return np.concatenate([np.full(n, 0.0 if name in without else 1.0, np.float32) for name, n in parts])


class Net(nn.Module):
    """The tagger network; its parameter names are what ``neural.NeuralModel`` reads."""

    mask: torch.Tensor

    def __init__(
        self,
        vectors: np.ndarray,
        n_chars: int,
        char_dim: int = 32,
        filters: int = 96,
        hidden: int = 128,
        without: frozenset[str] = frozenset(),
    ) -> None:
        super().__init__()
        dims = vectors.shape[1]
        self.register_buffer("mask", torch.from_numpy(input_mask(dims, filters, without)), persistent=False)
        self.word = nn.Embedding.from_pretrained(  # type: ignore[no-untyped-call]
            torch.from_numpy(vectors.astype(np.float32)), freeze=True
        )
        self.char = nn.Embedding(n_chars, char_dim, padding_idx=0)
        self.conv = nn.Conv1d(char_dim, filters, 3, padding=1)
        self.proc = nn.Embedding(len(PROCLITICS), 8)
        self.shape = nn.Embedding(len(SHAPES), 4)
        self.how = nn.Embedding(len(HOW), 4)
        self.drop = nn.Dropout(0.5)
        self.lstm = nn.LSTM(dims + filters + 16 + len(CUES), hidden, batch_first=True, bidirectional=True)
        self.out = nn.Linear(2 * hidden, len(TAGS))
        self.trans = nn.Parameter(torch.zeros(len(TAGS), len(TAGS)))
        self.start = nn.Parameter(torch.zeros(len(TAGS)))
        self.end = nn.Parameter(torch.zeros(len(TAGS)))

    def emissions(self, batch: dict[str, torch.Tensor]) -> torch.Tensor:
        """Per-token tag scores (B, T, tags)."""
        chars = batch["chars"]
        b, t, c = chars.shape
        e = self.char(chars.view(b * t, c)).transpose(1, 2)
        conv = self.conv(e).masked_fill((chars.view(b * t, 1, c) == 0), -1e4)
        pooled = conv.max(dim=2).values.clamp(min=-1e3).view(b, t, -1)
        pooled = torch.where(pooled < -1e3 + 1, torch.zeros_like(pooled), pooled)
        x = torch.cat(
            [
                self.word(batch["rows"]),
                pooled,
                self.proc(batch["proclitic"]),
                self.shape(batch["shape"]),
                self.how(batch["how"]),
                batch["cues"],
            ],
            dim=2,
        )
        x = self.drop(x * self.mask)
        packed = nn.utils.rnn.pack_padded_sequence(
            x, batch["lengths"], batch_first=True, enforce_sorted=False
        )
        out, _ = self.lstm(packed)
        h, _ = nn.utils.rnn.pad_packed_sequence(out, batch_first=True, total_length=t)
        result: torch.Tensor = self.out(self.drop(h))
        return result

    def nll(self, emissions: torch.Tensor, tags: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        """Mean negative log-likelihood of the gold tag paths under the linear-chain CRF."""
        b, t, _ = emissions.shape
        idx = torch.arange(b)
        score = self.start[tags[:, 0]] + emissions[idx, 0, tags[:, 0]]
        alpha = self.start + emissions[:, 0]
        for i in range(1, t):
            m = mask[:, i]
            step = self.trans[tags[:, i - 1], tags[:, i]] + emissions[idx, i, tags[:, i]]
            score = score + step * m
            nxt = torch.logsumexp(alpha.unsqueeze(2) + self.trans + emissions[:, i].unsqueeze(1), dim=1)
            alpha = torch.where(m.unsqueeze(1) > 0, nxt, alpha)
        last = tags[idx, mask.sum(1).long() - 1]
        score = score + self.end[last]
        log_z = torch.logsumexp(alpha + self.end, dim=1)
        return (log_z - score).mean()


def to_tensors(
    batch: Batch, drop_words: float = 0.0, rng: np.random.Generator | None = None
) -> dict[str, torch.Tensor]:
    """Convert a numpy batch; ``drop_words`` hides some pretrained vectors so unseen words are learnt."""
    rows = batch.rows.copy()
    how = batch.how.copy()
    if drop_words and rng is not None:
        hide = (rng.random(rows.shape) < drop_words) & (rows > 0)
        rows[hide] = 1
        how[hide] = HOW.index("none")
    return {
        "rows": torch.from_numpy(rows),
        "chars": torch.from_numpy(batch.chars),
        "proclitic": torch.from_numpy(batch.proclitic),
        "shape": torch.from_numpy(batch.shape),
        "how": torch.from_numpy(how),
        "cues": torch.from_numpy(batch.cues),
        "lengths": torch.from_numpy(batch.lengths),
    }


def _buckets(order: list[int], lengths: Sequence[int], size: int) -> list[list[int]]:
    """Shuffled batches of sentences of similar length, so little of each batch is padding."""
    random.shuffle(order)
    pool = size * 20
    batches = []
    for k in range(0, len(order), pool):
        ranked = sorted(order[k : k + pool], key=lambda i: lengths[i])
        batches += [ranked[j : j + size] for j in range(0, len(ranked), size)]
    random.shuffle(batches)
    return batches


def train_net(
    encoder: WordEncoder,
    vectors: np.ndarray,
    train: Sequence[tuple[Sequence[str], Sequence[str]]],
    score_dev: Callable[[Net], float] | None,
    epochs: int = 20,
    seed: int = 13,
    batch_size: int = 32,
    patience: int = 6,
    drop_words: float = 0.1,
    hidden: int = 128,
    without: frozenset[str] = frozenset(),
    log: Callable[[str], None] = lambda m: print(m, file=sys.stderr, flush=True),
    init: dict[str, np.ndarray] | None = None,
    lr: float = 2e-3,
) -> tuple[Net, dict[str, Any]]:
    """Train on (words, BIO labels) pairs; keep the epoch that scores best on dev when dev is given.

    ``init`` (exported weights, see ``export_weights``) continues from a trained model instead of a
    random start: a warm restart of Adam, at ``lr``.
    """
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    net = Net(vectors, len(encoder.chars) + 2, hidden=hidden, without=without)
    if init is not None:
        import_weights(net, init)
    params = [p for p in net.parameters() if p.requires_grad]
    opt = torch.optim.Adam(params, lr=lr)
    tag_index = {t: i for i, t in enumerate(TAGS)}
    order = list(range(len(train)))
    best, best_state, best_epoch, history = -1.0, None, 0, []
    for epoch in range(1, epochs + 1):
        started = time.process_time()
        net.train()
        total = 0.0
        for ids in _buckets(order, [len(w) for w, _ in train], batch_size):
            chunk = [train[i] for i in ids]
            batch = make_batch(encoder, [w for w, _ in chunk])
            tensors = to_tensors(batch, drop_words, rng)
            t = batch.rows.shape[1]
            tags = torch.zeros((len(chunk), t), dtype=torch.long)
            for i, (_, labels) in enumerate(chunk):
                tags[i, : len(labels)] = torch.tensor([tag_index[x] for x in labels])
            mask = (torch.arange(t)[None, :] < tensors["lengths"][:, None]).float()
            loss = net.nll(net.emissions(tensors), tags, mask)
            opt.zero_grad()
            loss.backward()  # type: ignore[no-untyped-call]
            nn.utils.clip_grad_norm_(params, 5.0)
            opt.step()
            total += float(loss.detach()) * len(chunk)
        net.eval()
        dev = score_dev(net) if score_dev else 0.0
        history.append({"epoch": epoch, "loss": round(total / len(train), 3), "dev_f1": dev})
        cpu = time.process_time() - started
        log(f"epoch {epoch}: loss {total / len(train):.3f} dev F1 {dev:.4f} ({cpu:.0f} s CPU)")
        if score_dev is None or dev > best:
            best, best_epoch = dev, epoch
            best_state = {k: v.detach().clone() for k, v in net.state_dict().items()}
        elif epoch - best_epoch >= patience:
            break
    assert best_state is not None
    net.load_state_dict(best_state)
    net.eval()
    return net, {"best_epoch": best_epoch, "best_dev_f1": best, "history": history}


def export_weights(net: Net) -> dict[str, np.ndarray]:
    """The trained parameters as numpy arrays under the names ``neural.NeuralModel`` reads."""
    sd = {k: v.detach().cpu().numpy().astype(np.float32) for k, v in net.state_dict().items()}
    mask = net.mask.detach().cpu().numpy().astype(np.float32)
    for key in ("lstm.weight_ih_l0", "lstm.weight_ih_l0_reverse"):
        sd[key] = sd[key] * mask  # a removed family's columns read zeros, in numpy as in torch
    for suffix in ("l0", "l0_reverse"):
        sd[f"lstm.bias_ih_{suffix}"] = sd[f"lstm.bias_ih_{suffix}"] + sd[f"lstm.bias_hh_{suffix}"]
    return {name: sd[key] for key, name in EXPORT_NAMES.items()}


def import_weights(net: Net, weights: dict[str, np.ndarray]) -> None:
    """Load exported weights back into a network (both LSTM biases go into ``bias_ih``)."""
    state = net.state_dict()
    for key, name in EXPORT_NAMES.items():
        value = torch.from_numpy(np.asarray(weights[name], dtype=np.float32))
        if tuple(value.shape) != tuple(state[key].shape):
            raise ValueError(f"{name}: shape {tuple(value.shape)}, the network has {tuple(state[key].shape)}")
        state[key] = value
    for key in ("lstm.bias_hh_l0", "lstm.bias_hh_l0_reverse"):
        state[key] = torch.zeros_like(state[key])
    net.load_state_dict(state)


def char_table(sentences: Sequence[Sequence[str]], min_count: int = 2) -> list[str]:
    """Characters of the normalised training words seen at least ``min_count`` times, most frequent first."""
    counts = Counter(c for words in sentences for w in words for c in normalise(w))
    return [c for c, n in counts.most_common() if n >= min_count]


def net_spans(
    net: Net, vectors: np.ndarray, encoder: WordEncoder, sentences: Sequence[Sequence[str]]
) -> list[list[TokenSpan]]:
    """Tag sentences with the torch network (emissions) and the numpy Viterbi decoder."""
    model = NeuralModel.from_arrays(vectors, export_weights(net))
    out: list[list[TokenSpan]] = []
    for k in range(0, len(sentences), 64):
        batch = make_batch(encoder, sentences[k : k + 64])
        with torch.no_grad():
            em = net.emissions(to_tensors(batch)).numpy()
        out += [spans_from_bio(p) for p in model.viterbi(em, batch.lengths)]
    return out
