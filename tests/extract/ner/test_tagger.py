"""The shipped model: loads offline once, and keeps its measured score (a floor that only rises)."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from marsad.evaluate.ner import evaluate_file
from marsad.extract.ner.neural_tagger import NeuralTagger
from marsad.extract.ner.tagger import load_tagger
from tests.conftest import shared_path

# Measured test micro-F1 of the shipped model (version 3, averaged 2 x 64 LSTM: 0.6994), rounded down;
# raise it when it improves.
FLOOR = 0.695


def test_model_is_shipped_with_its_card_and_config() -> None:
    root = resources.files("marsad.models.ner")
    meta = json.loads(root.joinpath("config.json").read_text(encoding="utf-8"))
    assert {"families", "seed", "test", "command"} <= set(meta)
    assert root.joinpath("MODEL_CARD.md").is_file()


def test_shipped_tagger_is_the_neural_one_with_a_dev_tuned_memory() -> None:
    tagger = load_tagger()
    assert isinstance(tagger, NeuralTagger)
    assert tagger.meta["memory_boost"] in {float(b) for b in tagger.meta["memory_dev"]}


def test_tagger_is_cached_and_handles_empty_input() -> None:
    assert load_tagger() is load_tagger()
    assert load_tagger().tag_spans([]) == []
    assert load_tagger().document_spans([[], ["بغداد"]])[0] == []


@pytest.mark.slow
def test_anercorp_test_score_does_not_fall() -> None:
    result = evaluate_file(shared_path("data", "anercorp", "test.txt"))
    assert result["micro"]["f1"] >= FLOOR
