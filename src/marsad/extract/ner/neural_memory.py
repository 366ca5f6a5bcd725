"""Document memory for the neural tagger: a name found once is a cue wherever the document repeats it.

News names a person in full once, with a title, and by a bare surname later. After a first
Viterbi pass, each word whose clitic-free form was inside a name elsewhere in the document gets
a bonus on that name's B-/I- tag, and Viterbi runs again on the boosted scores. The network
itself runs once; only the cheap decoder runs twice.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from marsad.extract.ner.bio import TokenSpan
from marsad.extract.ner.neural import TAGS

_MIN_LEN = 3
_INDEX = {t: i for i, t in enumerate(TAGS)}


def _remembered(forms: Sequence[tuple[str, ...]], spans: Sequence[TokenSpan]) -> dict[str, set[int]]:
    """The tags one sentence's names give their words, keyed by each word's first clitic-free form."""
    out: dict[str, set[int]] = {}
    for span in spans:
        for i in range(span.start, span.end):
            key = forms[i][0] if forms[i] else ""
            if len(key) >= _MIN_LEN and any(ch.isalpha() for ch in key):
                tag = ("B-" if i == span.start else "I-") + span.type
                out.setdefault(key, set()).add(_INDEX[tag])
    return out


def memory_bonus(
    forms: Sequence[Sequence[tuple[str, ...]]],
    spans: Sequence[Sequence[TokenSpan]],
    window: int | None = None,
) -> list[np.ndarray]:
    """Per sentence, a (words, tags) 0/1 array: the tags the document's names gave each word's forms.

    ``window`` limits the document to that many sentences either side (CoNLL files have no
    article breaks); None uses every sentence.
    """
    found = [_remembered(f, s) if s else {} for f, s in zip(forms, spans, strict=True)]
    total: dict[str, set[int]] = {}
    if window is None:
        for part in found:
            for key, tags in part.items():
                total.setdefault(key, set()).update(tags)
    out: list[np.ndarray] = []
    for k, sentence in enumerate(forms):
        if window is not None:
            total = {}
            for part in found[max(0, k - window) : k + window + 1]:
                for key, tags in part.items():
                    total.setdefault(key, set()).update(tags)
        bonus = np.zeros((len(sentence), len(TAGS)), dtype=np.float32)
        if not total:
            out.append(bonus)
            continue
        for i, word_forms in enumerate(sentence):
            for form in word_forms:
                for tag in total.get(form, ()):
                    bonus[i, tag] = 1.0
        out.append(bonus)
    return out
