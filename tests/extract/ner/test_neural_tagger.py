"""The document tagger: cached char features, length-sorted batches and sentence order change nothing."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.extract.ner import neural_tagger
from marsad.extract.ner.encode import make_batch
from marsad.extract.ner.neural_tagger import NeuralTagger
from tests.extract.ner.test_neural import WORDS, _encoder, _random_model

SENTENCES = st.lists(st.lists(WORDS, min_size=0, max_size=8), min_size=1, max_size=6)


@settings(max_examples=30, deadline=None)
@given(SENTENCES)
def test_document_tags_equal_each_sentence_alone(sentences: list[list[str]]) -> None:
    model = _random_model(1)
    tagger = NeuralTagger(model, _encoder(), {})
    together = tagger.tag_document(sentences)
    for words, labels in zip(sentences, together, strict=True):
        assert len(labels) == len(words)
        if words:
            assert labels == model.tag(make_batch(_encoder(), [words]))[0]


def test_char_cache_is_bounded_and_gives_the_same_features(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(neural_tagger, "CHAR_CACHE", 3)
    model = _random_model(2)
    tagger = NeuralTagger(model, _encoder(), {})
    words = ["سامر", "القاهرة", "وزير", "زار", "في", "شركة"]
    first = tagger._pooled([words])
    assert len(tagger._chars) == 3
    again = tagger._pooled([words])
    batch = make_batch(_encoder(), [words])
    direct = model.char_features(batch.chars[0])
    assert np.allclose(first[0], direct, atol=1e-6)
    assert np.allclose(again, first)
