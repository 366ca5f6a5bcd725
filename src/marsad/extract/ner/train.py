"""Training and scoring helpers for the CRF tagger (used by scripts/train_ner.py, not at run time)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pycrfsuite

from marsad.evaluate.ner import Sentence, score_spans
from marsad.extract.ner.bio import bio_from_spans, spans_from_bio
from marsad.extract.ner.features import FeatureConfig, sentence_features

DEFAULT_PARAMS: dict[str, Any] = {
    "c1": 0.05,
    "c2": 0.01,
    "max_iterations": 200,
    "feature.possible_transitions": True,
}


def split_dev(sentences: Sequence[Sentence], every: int = 10) -> tuple[list[Sentence], list[Sentence]]:
    """Hold out every ``every``-th sentence as a dev set (deterministic, spread over the corpus)."""
    train = [s for i, s in enumerate(sentences) if i % every != every - 1]
    dev = [s for i, s in enumerate(sentences) if i % every == every - 1]
    return train, dev


def train_crf(
    sentences: Sequence[Sentence], config: FeatureConfig, path: Path, params: dict[str, Any] | None = None
) -> None:
    """Fit a linear-chain CRF with L-BFGS (deterministic: no sampling) and write it to ``path``."""
    trainer = pycrfsuite.Trainer(verbose=False)
    for sent in sentences:
        if sent.tokens:
            trainer.append(
                sentence_features(sent.tokens, config), bio_from_spans(sent.spans, len(sent.tokens))
            )
    trainer.set_params({**DEFAULT_PARAMS, **(params or {})})
    trainer.train(str(path))


def score_model(path: Path, config: FeatureConfig, sentences: Sequence[Sentence]) -> dict[str, Any]:
    """Tag ``sentences`` with the model at ``path`` and score it against their gold spans."""
    tagger = pycrfsuite.Tagger()
    tagger.open(str(path))
    predicted = [
        spans_from_bio(tagger.tag(sentence_features(s.tokens, config))) if s.tokens else [] for s in sentences
    ]
    return score_spans([s.spans for s in sentences], predicted)
