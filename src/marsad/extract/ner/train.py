"""Training and scoring helpers for the two-pass CRF tagger (used by scripts/train_ner.py only)."""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import pycrfsuite

from marsad.evaluate.ner import Sentence, score_spans
from marsad.extract.ner.bio import bio_from_spans, spans_from_bio
from marsad.extract.ner.features import FeatureConfig, sentence_features
from marsad.extract.ner.memory import WINDOW, document_hints
from marsad.extract.ner.tagger import Tagger, first_pass_config, open_crf

DEFAULT_PARAMS: dict[str, Any] = {
    "c1": 0.05,
    "c2": 0.01,
    "max_iterations": 200,
    "feature.possible_transitions": True,
}


def split_dev(sentences: Sequence[Sentence], share: float = 0.1) -> tuple[list[Sentence], list[Sentence]]:
    """Hold out the last ``share`` of the corpus as dev (contiguous, so its articles are unseen)."""
    cut = int(len(sentences) * (1 - share))
    return list(sentences[:cut]), list(sentences[cut:])


def _gold(sent: Sentence) -> list[str]:
    """The gold BIO labels of a sentence."""
    return bio_from_spans(sent.spans, len(sent.tokens))


def train_crf(
    sentences: Sequence[Sentence],
    config: FeatureConfig,
    path: Path,
    params: dict[str, Any] | None = None,
    hints: Sequence[Sequence[Sequence[str]]] | None = None,
    first_labels: Sequence[Sequence[str]] | None = None,
) -> None:
    """Fit a linear-chain CRF with L-BFGS (deterministic) and write it to ``path``."""
    trainer = pycrfsuite.Trainer(verbose=False)
    for k, sent in enumerate(sentences):
        if sent.tokens:
            h = hints[k] if hints is not None else None
            lab = first_labels[k] if first_labels is not None else None
            trainer.append(sentence_features(sent.tokens, config, h, lab), _gold(sent))
    trainer.set_params({**DEFAULT_PARAMS, **(params or {})})
    trainer.train(str(path))


def _fold_labels(
    args: tuple[list[Sentence], list[Sentence], FeatureConfig, Path, dict[str, Any]],
) -> list[list[str]]:
    """Train pass one without one fold and label that fold (run in a worker process)."""
    train, held, config, path, params = args
    train_crf(train, config, path, params)
    crf = open_crf(path)
    return [list(crf.tag(sentence_features(s.tokens, config))) if s.tokens else [] for s in held]


def jackknife_labels(
    sentences: Sequence[Sentence],
    config: FeatureConfig,
    workdir: Path,
    params: dict[str, Any],
    folds: int,
    jobs: int,
) -> list[list[str]]:
    """Pass-one labels for the training set, each fold tagged by a model that never saw it."""
    bounds = [len(sentences) * k // folds for k in range(folds + 1)]
    tasks = []
    for k in range(folds):
        held = list(sentences[bounds[k] : bounds[k + 1]])
        train = list(sentences[: bounds[k]]) + list(sentences[bounds[k + 1] :])
        tasks.append((train, held, first_pass_config(config), workdir / f"fold{k}.crfsuite", params))
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        parts = list(pool.map(_fold_labels, tasks))
    return [labels for part in parts for labels in part]


def train_two_pass(
    sentences: Sequence[Sentence],
    config: FeatureConfig,
    first_path: Path,
    second_path: Path,
    params: dict[str, Any] | None = None,
    folds: int = 4,
    jobs: int = 2,
) -> None:
    """Train pass one on everything, and pass two on jackknifed pass-one output plus memory."""
    merged = {**DEFAULT_PARAMS, **(params or {})}
    if "memory" not in config.families:
        train_crf(sentences, first_pass_config(config), first_path, merged)
        return
    labels = jackknife_labels(sentences, config, first_path.parent, merged, folds, jobs)
    hints = document_hints([s.tokens for s in sentences], [spans_from_bio(lab) for lab in labels], WINDOW)
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        first = pool.submit(train_crf, sentences, first_pass_config(config), first_path, merged)
        second = pool.submit(train_crf, sentences, config, second_path, merged, hints, labels)
        first.result()
        second.result()


def score_tagger(tagger: Tagger, sentences: Sequence[Sentence], window: int = WINDOW) -> dict[str, Any]:
    """Tag ``sentences`` as one running text (memory within ``window``) and score the spans."""
    predicted = tagger.document_spans([s.tokens for s in sentences], window)
    return score_spans([s.spans for s in sentences], predicted)
