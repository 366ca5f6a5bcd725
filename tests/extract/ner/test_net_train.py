"""The ablation mask: a removed input family reads zeros in torch and in the exported numpy model."""

from __future__ import annotations

import numpy as np
import pytest

torch = pytest.importorskip("torch")

from marsad.extract.ner.encode import WordEncoder, make_batch  # noqa: E402
from marsad.extract.ner.lexicon import load_lexicon  # noqa: E402
from marsad.extract.ner.net_train import (  # noqa: E402
    FAMILIES,
    Net,
    export_weights,
    import_weights,
    input_mask,
    to_tensors,
)
from marsad.extract.ner.neural import NeuralModel  # noqa: E402

SENTENCES = [["قال", "الوزير", "محمود", "في", "القاهرة", "."], ["وصل", "الوفد", "إلى", "بيروت"]]


def _setup(without: frozenset[str]) -> tuple[Net, np.ndarray, WordEncoder]:
    """A small untrained network with random (non-zero) weights and vectors."""
    torch.manual_seed(3)
    rng = np.random.default_rng(3)
    words = ["قال", "الوزير", "في", "القاهرة", "بيروت"]
    vectors = rng.normal(size=(len(words) + 2, 10)).astype(np.float32)
    vectors[:2] = 0.0
    chars = sorted({c for s in SENTENCES for w in s for c in w})
    lexicon = load_lexicon()
    encoder = WordEncoder(
        {w: i + 2 for i, w in enumerate(words)}, {c: i + 2 for i, c in enumerate(chars)}, lexicon
    )
    net = Net(vectors, len(chars) + 2, hidden=8, without=without)
    net.eval()
    return net, vectors, encoder


@pytest.mark.parametrize("family", FAMILIES)
def test_a_removed_family_does_not_change_the_emissions(family: str) -> None:
    net, _, encoder = _setup(frozenset({family}))
    batch = make_batch(encoder, SENTENCES)
    with torch.no_grad():
        before = net.emissions(to_tensors(batch)).numpy()
        for name in {"vectors": ["word.weight", "how.weight"], "chars": ["char.weight"]}.get(family, []):
            getattr(net, name.split(".")[0]).weight.normal_()
        if family == "affixes":
            net.proc.weight.normal_()
            net.shape.weight.normal_()
        after = net.emissions(to_tensors(batch)).numpy()
    if family == "cues":
        cue_free = make_batch(encoder, SENTENCES)
        object.__setattr__(cue_free, "cues", np.zeros_like(cue_free.cues))
        with torch.no_grad():
            after = net.emissions(to_tensors(cue_free)).numpy()
    np.testing.assert_allclose(before, after, atol=1e-5)


@pytest.mark.parametrize("without", [frozenset(), frozenset({"chars", "cues"}), frozenset({"vectors"})])
def test_exported_numpy_model_matches_torch(without: frozenset[str]) -> None:
    net, vectors, encoder = _setup(without)
    batch = make_batch(encoder, SENTENCES)
    with torch.no_grad():
        expected = net.emissions(to_tensors(batch)).numpy()
    got = NeuralModel.from_arrays(vectors, export_weights(net)).emissions(batch)
    for k, n in enumerate(batch.lengths):
        np.testing.assert_allclose(got[k, :n], expected[k, :n], atol=1e-4)


def test_mask_covers_the_input_and_rejects_unknown_families() -> None:
    mask = input_mask(100, 96)
    assert mask.shape == (100 + 96 + 8 + 4 + 4 + 6,) and mask.all()
    assert input_mask(100, 96, frozenset({"chars"})).sum() == mask.size - 96
    with pytest.raises(ValueError):
        input_mask(100, 96, frozenset({"gazetteer"}))


def test_imported_weights_export_unchanged() -> None:
    net, _, _ = _setup(frozenset())
    weights = {k: v + 0.25 for k, v in export_weights(net).items()}
    fresh, _, _ = _setup(frozenset())
    import_weights(fresh, weights)
    again = export_weights(fresh)
    for key, value in weights.items():
        np.testing.assert_allclose(again[key], value, atol=1e-6, err_msg=key)
