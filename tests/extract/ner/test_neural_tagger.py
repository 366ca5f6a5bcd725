"""The document tagger: the gate cache, packed order and the memory pass change no label."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.extract.ner import gate_cache
from marsad.extract.ner.bio import spans_from_bio
from marsad.extract.ner.encode import make_batch
from marsad.extract.ner.neural_memory import memory_bonus
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


def test_a_small_gate_cache_changes_no_label(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(gate_cache, "CAPACITY", 3)
    model = _random_model(2)
    small = NeuralTagger(model, _encoder(), {"memory_boost": 3.0})
    assert small.gates.capacity == 3
    docs = [["سامر", "القاهرة", "وزير"], ["زار", "في", "شركة", "سامر"], ["والقاهرة", "2015", "،", "مجهول"]]
    for doc in (docs, docs[::-1], docs):
        fresh = NeuralTagger(model, _encoder(), {"memory_boost": 3.0})
        assert small.tag_document(doc) == fresh.tag_document(doc)
        assert len(small.gates) <= 3


@settings(max_examples=30, deadline=None)
@given(SENTENCES, st.sampled_from([0.0, 3.0, 50.0]), st.sampled_from([None, 1]))
def test_spans_are_the_labels_decoded(sentences: list[list[str]], boost: float, window: int | None) -> None:
    tagger = NeuralTagger(_random_model(3), _encoder(), {"memory_boost": boost})
    labels = tagger.tag_document(sentences, window)
    assert tagger.document_spans(sentences, window) == [spans_from_bio(lab) for lab in labels]


def test_memory_pass_matches_boosted_reference() -> None:
    model = _random_model(8)
    encoder = _encoder()
    sentences = [["سامر", "زار", "القاهرة"], ["في", "شركة", "سامر"], ["زار", "سامر"]]
    for boost in (2.0, 40.0):
        tagger = NeuralTagger(model, encoder, {"memory_boost": boost})
        first = NeuralTagger(model, encoder, {}).tag_document(sentences)
        forms = [[encoder.encode(w).forms for w in s] for s in sentences]
        bonus = memory_bonus(forms, [spans_from_bio(lab) for lab in first])
        for k, words in enumerate(sentences):
            batch = make_batch(encoder, [words])
            em = model.emissions(batch) + boost * bonus[k][None]
            assert tagger.tag_document(sentences)[k] == model.viterbi(em, batch.lengths)[0]


@settings(max_examples=30, deadline=None)
@given(st.lists(SENTENCES, min_size=1, max_size=4), st.sampled_from([None, 1]))
def test_documents_tagged_together_equal_each_alone(
    documents: list[list[list[str]]], window: int | None
) -> None:
    model = _random_model(10)
    together = NeuralTagger(model, _encoder(), {"memory_boost": 3.0}).documents_spans(documents, window)
    alone = NeuralTagger(model, _encoder(), {"memory_boost": 3.0})
    assert together == [alone.document_spans(doc, window) for doc in documents]
