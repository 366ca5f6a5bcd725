"""CRF features for one sentence of words: form, clitics, affixes, clusters, name cues, context."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from marsad.arabic.normalise import normalise
from marsad.arabic.tokens import clitic_variants, split_clitics
from marsad.extract.ner.lexicon import Lexicon, match_phrases

_ARABIC = re.compile(r"[\u0600-\u06FF]")
_LATIN = re.compile(r"[a-z]")
ALL_FAMILIES = frozenset({"affix", "clusters", "lexicon", "gazetteer", "known", "context", "wide", "memory"})


@dataclass(frozen=True)
class FeatureConfig:
    """Which feature families are on (for the ablation) and the resources they read."""

    families: frozenset[str] = ALL_FAMILIES
    clusters: dict[str, tuple[int, ...]] = field(default_factory=dict)
    lexicon: Lexicon | None = None
    known: dict[tuple[str, ...], frozenset[str]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class _Word:
    """What the features of one word are built from."""

    norm: str
    stem: str
    proclitics: str
    variants: tuple[str, ...]
    shape: str


def _shape(word: str) -> str:
    """Coarse class of a word: Arabic, Latin, digits, punctuation or mixed."""
    if word.isdigit():
        return "digit"
    if _ARABIC.search(word):
        return "ar"
    if _LATIN.search(word):
        return "lat"
    if not any(ch.isalnum() for ch in word):
        return "punct"
    return "other"


def _analyse(word: str) -> _Word:
    """Normalise a word and split its clitics once for every feature that needs them."""
    norm = normalise(word)
    shape = _shape(norm)
    if shape == "ar":
        proclitics, stem = split_clitics(norm)
        variants = clitic_variants(norm)
    else:
        proclitics, stem, variants = "", norm, (norm,)
    return _Word(norm, stem, proclitics, variants, shape)


def _cluster(word: _Word, clusters: dict[str, tuple[int, ...]]) -> tuple[int, ...] | None:
    """Find the clusters of a word, trying its clitic-stripped readings when the form is unseen."""
    for form in (word.norm, word.stem, *word.variants):
        ids = clusters.get(form)
        if ids is not None:
            return ids
    return None


def _cues(word: _Word, lexicon: Lexicon) -> list[str]:
    """Name-cue flags: title, organisation or place head, first name, name particle."""
    out = []
    forms = {word.norm, word.stem, *word.variants}
    if forms & lexicon.person_titles:
        out.append("title")
    if forms & lexicon.org_heads:
        out.append("orgh")
    if forms & lexicon.loc_heads:
        out.append("loch")
    if forms & lexicon.first_names:
        out.append("fname")
    if word.norm in lexicon.name_particles:
        out.append("part")
    return out


def second_pass_features(
    base: Sequence[Sequence[str]], hints: Sequence[Sequence[str]], first_labels: Sequence[str]
) -> list[list[str]]:
    """Add the document memory and pass one's labels (own and +-1) to pass-one features."""
    n = len(base)
    out = []
    for i, feats in enumerate(base):
        f = [*feats, *hints[i], "p1=" + first_labels[i]]
        for d in (-1, 1):
            j = i + d
            if 0 <= j < n:
                f.append(f"{d}:p1={first_labels[j]}")
                f += [f"{d}:{h}" for h in hints[j] if "-" not in h]
        out.append(f)
    return out


def sentence_features(
    words: Sequence[str],
    config: FeatureConfig,
    hints: Sequence[Sequence[str]] | None = None,
    first_labels: Sequence[str] | None = None,
) -> list[list[str]]:
    """Build the feature strings of every word of one sentence.

    ``hints`` (document memory) and ``first_labels`` (the first pass's labels) feed the second
    pass of the two-pass tagger; the first pass leaves them out.
    """
    base = _base_features(words, config)
    if hints is None or first_labels is None:
        return base
    return second_pass_features(base, hints, first_labels)


def _base_features(words: Sequence[str], config: FeatureConfig) -> list[list[str]]:
    """Pass-one features of every word of a sentence."""
    fam = config.families
    info = [_analyse(w) for w in words]
    n = len(info)
    clus = [_cluster(w, config.clusters) for w in info] if "clusters" in fam else [None] * n
    lex = config.lexicon
    cues = [_cues(w, lex) for w in info] if lex is not None and "lexicon" in fam else [[] for _ in info]
    gaz: list[list[str]] = [[] for _ in info]
    if lex is not None and "gazetteer" in fam:
        gaz = match_phrases([w.stem for w in info], [(w.stem, *w.variants) for w in info], lex.phrases)
    if config.known and "known" in fam:
        seen = match_phrases([w.stem for w in info], [(w.stem, *w.variants) for w in info], config.known)
        gaz = [g + ["k" + k for k in s] for g, s in zip(gaz, seen, strict=True)]
    own: list[list[str]] = []
    for i, w in enumerate(info):
        f = ["b", "w=" + w.norm, "s=" + w.stem, "p=" + w.proclitics, "sh=" + w.shape]
        if "affix" in fam:
            stem = w.stem
            f += [f"pre{k}={stem[:k]}" for k in (1, 2, 3) if len(stem) > k]
            f += [f"suf{k}={stem[-k:]}" for k in (1, 2, 3, 4) if len(stem) > k]
            f.append(f"len={min(len(stem), 8)}")
        ids = clus[i]
        if ids is not None:
            f += [f"c{j}={c}" for j, c in enumerate(ids)]
        elif "clusters" in fam:
            f.append("c=none")
        f += ["q=" + c for c in cues[i]]
        f += ["g=" + g for g in gaz[i]]
        own.append(f)
    feats: list[list[str]] = []
    span = 3 if "wide" in fam else 2
    for i in range(n):
        f = list(own[i])
        if "context" in fam:
            for d in range(-span, span + 1):
                if d == 0:
                    continue
                j = i + d
                if j < 0 or j >= n:
                    f.append(f"{d}:pad")
                    continue
                w = info[j]
                f += [f"{d}:w={w.norm}", f"{d}:s={w.stem}"]
                if abs(d) <= 2:
                    ids = clus[j]
                    if ids is not None:
                        f += [f"{d}:c{k}={c}" for k, c in enumerate(ids[:-1])]
                    f += [f"{d}:q={c}" for c in cues[j]]
                    f += [f"{d}:g={g}" for g in gaz[j]]
                    if abs(d) == 1:
                        f.append(f"{d}:suf2={w.stem[-2:]}")
            if i > 0:
                f.append(f"bi-={info[i - 1].stem}|{info[i].stem}")
            if i + 1 < n:
                f.append(f"bi+={info[i].stem}|{info[i + 1].stem}")
        feats.append(f)
    return feats
