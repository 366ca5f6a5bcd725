"""Load the shipped entity tagger once per process: the neural model, or the two-pass CRF.

The neural tagger (``neural_tagger``, weights in ``ner.npz``) is the default. The CRF is kept as
the baseline it replaced: pass one tags each sentence from its own words; pass two adds what
pass one found elsewhere in the same document (see ``memory``) and pass one's own labels.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import pycrfsuite

from marsad.extract.ner.bio import SpanTagger, spans_from_bio
from marsad.extract.ner.clusters import parse_clusters
from marsad.extract.ner.features import FeatureConfig, second_pass_features, sentence_features
from marsad.extract.ner.lexicon import load_lexicon, parse_known
from marsad.extract.ner.memory import document_hints
from marsad.extract.ner.neural_tagger import NeuralTagger

MODEL_PACKAGE = "marsad.models.ner"
FIRST_FILE = "ner-pass1.crfsuite"
SECOND_FILE = "ner-pass2.crfsuite"
CLUSTERS_FILE = "data/clusters.tsv"
CONFIG_FILE = "config.json"
KNOWN_FILE = "data/known.tsv"
NEURAL_FILE = "ner.npz"


def first_pass_config(config: FeatureConfig) -> FeatureConfig:
    """The configuration of pass one: everything but the document memory."""
    return replace(config, families=config.families - {"memory"})


@dataclass(frozen=True)
class Tagger(SpanTagger):
    """Pass-one and (optional) pass-two CRF models plus the feature configuration they share."""

    first: Any
    second: Any | None
    config: FeatureConfig
    meta: dict[str, Any]

    def tag_document(self, sentences: Sequence[Sequence[str]], window: int | None = None) -> list[list[str]]:
        """Return BIO labels for every sentence of one document (types PERSON, ORGANIZATION, ...)."""
        config = first_pass_config(self.config)
        base = [sentence_features(w, config) for w in sentences]
        labels = [list(self.first.tag(f)) if f else [] for f in base]
        if self.second is None:
            return labels
        spans = [spans_from_bio(lab) for lab in labels]
        hints = document_hints(sentences, spans, window)
        return [
            list(self.second.tag(second_pass_features(f, h, lab))) if f else []
            for f, h, lab in zip(base, hints, labels, strict=True)
        ]


def open_crf(path: Path) -> Any:
    """Open one CRF model file."""
    crf = pycrfsuite.Tagger()
    crf.open(str(path))
    return crf


def load_config(
    meta: dict[str, Any], clusters_text: str | None, known_text: str | None = None
) -> FeatureConfig:
    """Rebuild the feature configuration a model was trained with."""
    families = frozenset(meta["families"])
    clusters = parse_clusters(clusters_text) if clusters_text and "clusters" in families else {}
    known = parse_known(known_text) if known_text and "known" in families else {}
    return FeatureConfig(families=families, clusters=clusters, lexicon=load_lexicon(), known=known)


def _read_optional(root: Any, name: str) -> str | None:
    """Read a model resource that older or reduced models may lack."""
    res = root.joinpath(name)
    return str(res.read_text(encoding="utf-8")) if res.is_file() else None


@cache
def load_tagger() -> Tagger | NeuralTagger:
    """Load the model shipped in the package once per process (no download, ever)."""
    root = resources.files(MODEL_PACKAGE)
    if root.joinpath(NEURAL_FILE).is_file():
        return load_neural_tagger()
    return load_crf_tagger()


def load_neural_tagger(folder: Path | None = None) -> NeuralTagger:
    """Load the neural tagger and its word encoder from ``folder`` (default: the shipped one)."""
    from marsad.extract.ner.encode import WordEncoder, place_words
    from marsad.extract.ner.store import load_model

    root: Any = folder if folder is not None else resources.files(MODEL_PACKAGE)
    meta = json.loads(root.joinpath(CONFIG_FILE).read_text(encoding="utf-8"))
    with root.joinpath(NEURAL_FILE).open("rb") as handle:
        model, rows, chars = load_model(handle)
    lexicon = load_lexicon()
    return NeuralTagger(model, WordEncoder(rows, chars, lexicon, place_words(lexicon)), meta)


def load_crf_tagger(folder: Path | None = None) -> Tagger:
    """Load the two-pass CRF baseline from ``folder`` (default: the package, when shipped there)."""
    root: Any = folder if folder is not None else resources.files(MODEL_PACKAGE)
    meta = json.loads(root.joinpath(CONFIG_FILE).read_text(encoding="utf-8"))
    config = load_config(meta, _read_optional(root, CLUSTERS_FILE), _read_optional(root, KNOWN_FILE))
    with resources.as_file(root.joinpath(FIRST_FILE)) as first:
        crf1 = open_crf(first)
    second_res = root.joinpath(SECOND_FILE)
    crf2 = None
    if "memory" in config.families and second_res.is_file():
        with resources.as_file(second_res) as second:
            crf2 = open_crf(second)
    return Tagger(crf1, crf2, config, meta)
