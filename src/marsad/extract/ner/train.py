"""Training and scoring helpers for the two-pass CRF tagger (used by scripts/train_ner.py only).

Two things a model learns from its own training data would be too reliable there: pass one's
labels (near perfect on sentences it was fit to) and the gazetteer of names seen in training
(every training name is in it). Both are produced by cross-fitting over contiguous folds: the
sentences of fold k get pass-one labels from a model that never saw fold k, and a "known names"
gazetteer built from the other folds only.
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from pathlib import Path
from typing import Any

import pycrfsuite

from marsad.evaluate.ner import Sentence, score_spans
from marsad.extract.ner.bio import bio_from_spans, spans_from_bio
from marsad.extract.ner.features import FeatureConfig, sentence_features
from marsad.extract.ner.lexicon import known_names
from marsad.extract.ner.memory import WINDOW, document_hints
from marsad.extract.ner.tagger import Tagger, first_pass_config, open_crf

DEFAULT_PARAMS: dict[str, Any] = {
    "c1": 0.05,
    "c2": 0.01,
    "max_iterations": 200,
    "feature.possible_transitions": True,
}
FOLDS = 4


def split_dev(sentences: Sequence[Sentence], share: float = 0.1) -> tuple[list[Sentence], list[Sentence]]:
    """Hold out the last ``share`` of the corpus as dev (contiguous, so its articles are unseen)."""
    cut = int(len(sentences) * (1 - share))
    return list(sentences[:cut]), list(sentences[cut:])


def fold_bounds(n: int, folds: int = FOLDS) -> list[int]:
    """Start offsets of ``folds`` contiguous folds over ``n`` sentences, plus ``n``."""
    return [n * k // folds for k in range(folds + 1)]


def names_of(sentences: Sequence[Sentence]) -> list[tuple[str, str]]:
    """Every gold (name, type) pair of the sentences."""
    return [(" ".join(s.tokens[x.start : x.end]), x.type) for s in sentences for x in s.spans]


def with_known(config: FeatureConfig, sentences: Sequence[Sentence]) -> FeatureConfig:
    """The configuration whose "known names" gazetteer holds the names of ``sentences``."""
    return replace(config, known=known_names(names_of(sentences)))


def cross_fit_configs(sentences: Sequence[Sentence], config: FeatureConfig) -> list[FeatureConfig]:
    """One configuration per sentence, its known-names gazetteer built without the sentence's fold."""
    bounds = fold_bounds(len(sentences))
    out: list[FeatureConfig] = []
    for k in range(FOLDS):
        others = list(sentences[: bounds[k]]) + list(sentences[bounds[k + 1] :])
        fold_config = with_known(config, others)
        out += [fold_config] * (bounds[k + 1] - bounds[k])
    return out


def _first_pass_all(configs: Sequence[FeatureConfig]) -> list[FeatureConfig]:
    """Pass-one configurations, one object per distinct configuration (cheap to pickle)."""
    made: dict[int, FeatureConfig] = {}
    return [made.setdefault(id(c), first_pass_config(c)) for c in configs]


def _gold(sent: Sentence) -> list[str]:
    """The gold BIO labels of a sentence."""
    return bio_from_spans(sent.spans, len(sent.tokens))


def train_crf(
    sentences: Sequence[Sentence],
    configs: Sequence[FeatureConfig],
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
            trainer.append(sentence_features(sent.tokens, configs[k], h, lab), _gold(sent))
    trainer.set_params({**DEFAULT_PARAMS, **(params or {})})
    trainer.train(str(path))


_FoldTask = tuple[
    list[Sentence], list[FeatureConfig], list[Sentence], list[FeatureConfig], Path, dict[str, Any]
]


def _fold_labels(task: _FoldTask) -> list[list[str]]:
    """Train pass one without one fold and label that fold (run in a worker process)."""
    train, train_configs, held, held_configs, path, params = task
    train_crf(train, train_configs, path, params)
    crf = open_crf(path)
    return [
        list(crf.tag(sentence_features(s.tokens, c))) if s.tokens else []
        for s, c in zip(held, held_configs, strict=True)
    ]


def jackknife_labels(
    sentences: Sequence[Sentence],
    configs: Sequence[FeatureConfig],
    workdir: Path,
    params: dict[str, Any],
    jobs: int,
) -> list[list[str]]:
    """Pass-one labels for the training set, each fold tagged by a model that never saw it."""
    bounds = fold_bounds(len(sentences))
    first = _first_pass_all(configs)
    tasks: list[_FoldTask] = []
    for k in range(FOLDS):
        a, b = bounds[k], bounds[k + 1]
        train = list(sentences[:a]) + list(sentences[b:])
        train_configs = first[:a] + first[b:]
        tasks.append(
            (train, train_configs, list(sentences[a:b]), first[a:b], workdir / f"fold{k}.crfsuite", params)
        )
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        parts = list(pool.map(_fold_labels, tasks))
    return [labels for part in parts for labels in part]


def train_two_pass(
    sentences: Sequence[Sentence],
    config: FeatureConfig,
    first_path: Path,
    second_path: Path,
    params: dict[str, Any] | None = None,
    jobs: int = 2,
) -> FeatureConfig:
    """Train pass one on everything and pass two on cross-fitted pass-one output plus memory.

    Returns the configuration to tag new text with (its known names: all of ``sentences``).
    """
    merged = {**DEFAULT_PARAMS, **(params or {})}
    configs = cross_fit_configs(sentences, config)
    final = with_known(config, sentences)
    if "memory" not in config.families:
        train_crf(sentences, _first_pass_all(configs), first_path, merged)
        return final
    labels = jackknife_labels(sentences, configs, first_path.parent, merged, jobs)
    hints = document_hints([s.tokens for s in sentences], [spans_from_bio(lab) for lab in labels], WINDOW)
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        first = pool.submit(train_crf, sentences, _first_pass_all(configs), first_path, merged)
        second = pool.submit(train_crf, sentences, configs, second_path, merged, hints, labels)
        first.result()
        second.result()
    return final


def score_tagger(tagger: Tagger, sentences: Sequence[Sentence], window: int = WINDOW) -> dict[str, Any]:
    """Tag ``sentences`` as one running text (memory within ``window``) and score the spans."""
    predicted = tagger.document_spans([s.tokens for s in sentences], window)
    return score_spans([s.spans for s in sentences], predicted)
