"""The numpy network: batching, padding and the backward pass agree with a plain one-sentence loop."""

from __future__ import annotations

import itertools

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.extract.ner.bio import spans_from_bio
from marsad.extract.ner.encode import CUES, HOW, PROCLITICS, SHAPES, WordEncoder, make_batch
from marsad.extract.ner.lexicon import load_lexicon
from marsad.extract.ner.neural import TAGS, NeuralModel, allowed_transitions, spans_from_ids

HIDDEN = 5
CHAR_DIM = 4
FILTERS = 6
DIMS = 7


def _random_model(seed: int = 0) -> NeuralModel:
    """A model with random weights of the real layout (small sizes)."""
    rng = np.random.default_rng(seed)
    n_in = DIMS + FILTERS + 16 + len(CUES)

    def r(*shape: int) -> np.ndarray:
        return rng.normal(scale=0.5, size=shape).astype(np.float32)

    weights = {
        "char": r(30, CHAR_DIM),
        "conv_w": r(FILTERS, CHAR_DIM, 3),
        "conv_b": r(FILTERS),
        "proc": r(len(PROCLITICS), 8),
        "shape": r(len(SHAPES), 4),
        "how": r(len(HOW), 4),
        "w_ih_f": r(4 * HIDDEN, n_in),
        "w_hh_f": r(4 * HIDDEN, HIDDEN),
        "b_f": r(4 * HIDDEN),
        "w_ih_b": r(4 * HIDDEN, n_in),
        "w_hh_b": r(4 * HIDDEN, HIDDEN),
        "b_b": r(4 * HIDDEN),
        "out_w": r(len(TAGS), 2 * HIDDEN),
        "out_b": r(len(TAGS)),
        "trans": r(len(TAGS), len(TAGS)),
        "start": r(len(TAGS)),
        "end": r(len(TAGS)),
    }
    weights["char"][0] = 0.0  # the padding character, zero as torch's padding_idx keeps it
    return NeuralModel.from_arrays(r(20, DIMS), weights)


def _encoder() -> WordEncoder:
    """An encoder over a tiny vocabulary of composed words."""
    words = ["سامر", "القاهرة", "وزير", "زار", "في", "شركة"]
    chars = sorted({c for w in words for c in w})
    return WordEncoder(
        {w: i + 2 for i, w in enumerate(words)}, {c: i + 2 for i, c in enumerate(chars)}, load_lexicon()
    )


def _lstm_one(w: dict[str, np.ndarray], x: np.ndarray, suffix: str) -> np.ndarray:
    """Reference LSTM over one sentence, one direction, written as the textbook recurrence."""
    hidden = w["w_hh_" + suffix].shape[1]
    h = np.zeros(hidden)
    c = np.zeros(hidden)
    out = []
    for t in range(len(x)):
        g = w["w_ih_" + suffix] @ x[t] + w["w_hh_" + suffix] @ h + w["b_" + suffix]
        i, f, gg, o = np.split(g, 4)
        c = 1 / (1 + np.exp(-f)) * c + 1 / (1 + np.exp(-i)) * np.tanh(gg)
        h = 1 / (1 + np.exp(-o)) * np.tanh(c)
        out.append(h)
    return np.array(out)


WORDS = st.sampled_from(["سامر", "القاهرة", "وزير", "زار", "في", "شركة", "والقاهرة", "مجهول", "2015", "،"])


@settings(max_examples=30, deadline=None)
@given(st.lists(st.lists(WORDS, min_size=1, max_size=7), min_size=1, max_size=4))
def test_batched_emissions_equal_one_sentence_reference(sentences: list[list[str]]) -> None:
    model = _random_model()
    encoder = _encoder()
    batch = make_batch(encoder, sentences)
    em = model.emissions(batch)
    for k, words in enumerate(sentences):
        alone = make_batch(encoder, [words])
        x = model._inputs(alone)[0]
        fwd = _lstm_one(model.w, x, "f")
        bwd = _lstm_one(model.w, x[::-1], "b")[::-1]
        ref = np.concatenate([fwd, bwd], axis=1) @ model.w["out_w"].T + model.w["out_b"]
        assert np.allclose(em[k, : len(words)], ref, atol=1e-4)


def _path_score(model: NeuralModel, em: np.ndarray, path: tuple[int, ...]) -> float:
    """Score of one tag path under the masked CRF."""
    trans = model.w["trans_masked"]
    s = model.w["start_masked"][path[0]] + em[0, path[0]]
    for i in range(1, len(path)):
        s += trans[path[i - 1], path[i]] + em[i, path[i]]
    return float(s + model.w["end"][path[-1]])


@settings(max_examples=25, deadline=None)
@given(st.integers(1, 3), st.integers(0, 10_000))
def test_viterbi_finds_the_best_path(length: int, seed: int) -> None:
    model = _random_model(seed % 7)
    em = np.random.default_rng(seed).normal(size=(1, length, len(TAGS))).astype(np.float32)
    (path,) = model.viterbi(em, np.array([length]))
    best = max(itertools.product(range(len(TAGS)), repeat=length), key=lambda p: _path_score(model, em[0], p))
    assert path == [TAGS[i] for i in best]


def test_viterbi_never_opens_with_inside_or_switches_type_inside() -> None:
    model = _random_model(3)
    em = np.random.default_rng(1).normal(scale=5, size=(6, 9, len(TAGS))).astype(np.float32)
    mask = allowed_transitions()
    for path in model.viterbi(em, np.full(6, 9)):
        assert not path[0].startswith("I-")
        ids = [TAGS.index(t) for t in path]
        assert all(mask[a, b] == 0 for a, b in itertools.pairwise(ids))


def test_empty_sentences_get_no_labels() -> None:
    model = _random_model()
    batch = make_batch(_encoder(), [[], ["زار"]])
    assert model.tag(batch)[0] == []
    assert len(model.tag(batch)[1]) == 1


def test_an_empty_sentence_in_a_batch_leaves_the_others_unchanged() -> None:
    model = _random_model()
    encoder = _encoder()
    words = [["سامر", "زار", "القاهرة"], [], ["في", "شركة"]]
    em = model.emissions(make_batch(encoder, words))
    for k in (0, 2):
        alone = model.emissions(make_batch(encoder, [words[k]]))[0]
        assert np.allclose(em[k, : len(words[k])], alone, atol=1e-5)
    assert model.tag(make_batch(encoder, words))[1] == []


@given(st.lists(st.integers(0, len(TAGS) - 1), max_size=12))
def test_spans_from_ids_equal_spans_from_bio(path: list[int]) -> None:
    assert spans_from_ids(path) == spans_from_bio([TAGS[t] for t in path])


@settings(max_examples=30, deadline=None)
@given(st.lists(WORDS, min_size=1, max_size=6))
def test_char_taps_equal_the_window_convolution(words: list[str]) -> None:
    model = _random_model(9)
    w = model.w
    chars = make_batch(_encoder(), [words]).chars[0]
    emb = np.pad(w["char"][chars], ((0, 0), (1, 1), (0, 0)))
    c = chars.shape[1]
    windows = np.concatenate([emb[:, i : i + c] for i in range(3)], axis=2)
    f, d, k = w["conv_w"].shape
    conv = windows @ w["conv_w"].transpose(2, 1, 0).reshape(k * d, f) + w["conv_b"]
    conv[chars == 0] = -np.inf
    assert np.allclose(model.char_features(chars), conv.max(axis=1), atol=1e-5)
