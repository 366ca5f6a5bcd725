"""Stance between two sentences (agree / disagree / other), the core of comparing claims across outlets.

The model was trained on ANS headline pairs (see ``marsad/models/stance/MODEL_CARD.md``): boosted
trees over what differs between the two sentences (unmatched words, numbers, negation, antonym poles,
embeddings of the differing words) plus sentence-embedding similarity.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from marsad.corpus.stance_features import share_content, view_sentence
from marsad.corpus.stance_model import LABELS, build_inputs, load_model

# Leading attribution ("قال الوزير إن", "وأكد المتحدث أن") that headlines rarely carry.
_ATTRIBUTION = re.compile(
    r"^\s*و?(?:قال|قالت|اكد|أكد|أكدت|اكدت|أضاف|اضاف|أضافت|اضافت|أوضح|اوضح|أوضحت|اوضحت|ذكر|ذكرت|أعلن|اعلن|"
    r"أعلنت|اعلنت|صرح|صرحت)\s+(?:[^\s،,:]+\s+){0,6}?(?:إن|ان|أن|بأن|بان)\s+"
)
_MAX_WORDS = 40

EmbeddingCache = dict[str, dict[str, NDArray[np.float32]]]


@dataclass(frozen=True, slots=True)
class StancePrediction:
    """A stance label with the probability of every label (they sum to one)."""

    label: str
    scores: dict[str, float] = field(hash=False)

    @property
    def score(self) -> float:
        """Probability of the predicted label, the confidence to show beside it."""
        return self.scores[self.label]


def classify_pairs(
    pairs: Sequence[tuple[str, str]], fast: bool = False, cache: EmbeddingCache | None = None
) -> list[StancePrediction]:
    """Classify many pairs, embedding each distinct sentence once; ``fast`` skips the e5 encoder.

    Pass the same ``cache`` dict to several calls to embed a sentence only once across them.
    """
    if not pairs:
        return []
    model = load_model("fast" if fast else "model")
    proba = model.predict_proba(build_inputs(list(pairs), model.encoders, cache))
    return [_prediction(row) for row in proba]


def classify_pair(s1: str, s2: str, fast: bool = False) -> StancePrediction:
    """Say whether ``s2`` agrees with, contradicts or is unrelated to ``s1``."""
    return classify_pairs([(s1, s2)], fast=fast)[0]


def compare_claims(a: str, b: str, fast: bool = False) -> StancePrediction:
    """Compare two claims from news bodies, trimmed to the headline-like core the model knows."""
    return compare_claim_pairs([(a, b)], fast=fast)[0]


def compare_claim_pairs(
    pairs: Sequence[tuple[str, str]], fast: bool = False, cache: EmbeddingCache | None = None
) -> list[StancePrediction]:
    """Batch ``compare_claims``: strip attribution, cap the length, classify; no shared referent is "other".

    Two claims of one story that share no content word and no number state different facts, so
    they are "other" whatever the model says (on ANS headlines such pairs are often "disagree").
    """
    cores = [(claim_core(a), claim_core(b)) for a, b in pairs]
    out = []
    for (a, b), prediction in zip(cores, classify_pairs(cores, fast=fast, cache=cache), strict=True):
        if prediction.label != "other" and not share_content(view_sentence(a), view_sentence(b)):
            prediction = StancePrediction("other", {"agree": 0.0, "disagree": 0.0, "other": 1.0})
        out.append(prediction)
    return out


def claim_core(sentence: str) -> str:
    """Drop a leading "قال فلان إن" and cap the length, since the model learnt on short headlines."""
    stripped = _ATTRIBUTION.sub("", sentence, count=1).strip()
    words = (stripped or sentence).split()
    return " ".join(words[:_MAX_WORDS])


def _prediction(row: NDArray[np.float64]) -> StancePrediction:
    """Wrap one row of probabilities."""
    scores = {label: float(p) for label, p in zip(LABELS, row, strict=True)}
    return StancePrediction(LABELS[int(np.argmax(row))], scores)
