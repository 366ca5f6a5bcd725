"""The shipped CRF entity tagger: loaded once per process, tags a sentence of words."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import pycrfsuite

from marsad.extract.ner.bio import TokenSpan, spans_from_bio
from marsad.extract.ner.clusters import parse_clusters
from marsad.extract.ner.features import FeatureConfig, sentence_features
from marsad.extract.ner.lexicon import load_lexicon

MODEL_PACKAGE = "marsad.models.ner"
MODEL_FILE = "ner.crfsuite"
CLUSTERS_FILE = "clusters.tsv"
CONFIG_FILE = "config.json"


@dataclass(frozen=True)
class Tagger:
    """A CRF model plus the feature configuration it was trained with."""

    crf: Any
    config: FeatureConfig
    meta: dict[str, Any]

    def tag(self, words: Sequence[str]) -> list[str]:
        """Return one BIO label per word (types PERSON, ORGANIZATION, LOCATION, MISC)."""
        if not words:
            return []
        labels: list[str] = self.crf.tag(sentence_features(words, self.config))
        return labels

    def tag_spans(self, words: Sequence[str]) -> list[TokenSpan]:
        """Return the entity spans over ``words``."""
        return spans_from_bio(self.tag(words))


def load_config(meta: dict[str, Any], clusters_text: str | None) -> FeatureConfig:
    """Rebuild the feature configuration a model was trained with."""
    families = frozenset(meta["families"])
    clusters = parse_clusters(clusters_text) if clusters_text and "clusters" in families else {}
    return FeatureConfig(families=families, clusters=clusters, lexicon=load_lexicon())


def open_tagger(model: Path, meta: dict[str, Any], clusters_text: str | None) -> Tagger:
    """Open a CRF model file with its feature configuration."""
    crf = pycrfsuite.Tagger()
    crf.open(str(model))
    return Tagger(crf, load_config(meta, clusters_text), meta)


@cache
def load_tagger() -> Tagger:
    """Load the model shipped in the package once per process (no download, ever)."""
    root = resources.files(MODEL_PACKAGE)
    meta = json.loads(root.joinpath(CONFIG_FILE).read_text(encoding="utf-8"))
    clusters_res = root.joinpath(CLUSTERS_FILE)
    clusters_text = clusters_res.read_text(encoding="utf-8") if clusters_res.is_file() else None
    with resources.as_file(root.joinpath(MODEL_FILE)) as path:
        return open_tagger(path, meta, clusters_text)
