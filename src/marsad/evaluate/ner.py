"""Score the entity recogniser on any CoNLL-style BIO file: exact-span P/R/F1 per type and micro.

Two schemes are read:

* ANERcorp (``token TAG``, tags PERS/ORG/LOC/MISC): PERS -> PERSON, ORG -> ORGANIZATION,
  LOC -> LOCATION, MISC -> MISC.
* Wojood (``token TAG [TAG ...]``, nested IOB, 21 types): PERS -> PERSON, ORG -> ORGANIZATION,
  GPE / LOC / FAC -> LOCATION; every other type (DATE, TIME, NORP, OCC, EVENT, CARDINAL, ...) is
  not scored. Nested spans are flattened by keeping the outermost kept span, and the tagger's
  MISC output is dropped, since Wojood has no such class.

The scheme is detected from the tag set unless given.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from marsad.extract.ner.bio import TokenSpan, spans_from_tags

ANERCORP_TYPES = {"PERS": "PERSON", "ORG": "ORGANIZATION", "LOC": "LOCATION", "MISC": "MISC"}
WOJOOD_TYPES = {
    "PERS": "PERSON",
    "ORG": "ORGANIZATION",
    "GPE": "LOCATION",
    "LOC": "LOCATION",
    "FAC": "LOCATION",
}
SCHEMES = {"anercorp": ANERCORP_TYPES, "wojood": WOJOOD_TYPES}


@dataclass(frozen=True, slots=True)
class Sentence:
    """Gold tokens of one sentence and their entity spans (in marsad's types)."""

    tokens: tuple[str, ...]
    spans: tuple[TokenSpan, ...]


def read_rows(lines: Iterable[str]) -> list[list[tuple[str, tuple[str, ...]]]]:
    """Read ``token TAG [TAG ...]`` lines into sentences; a blank line ends a sentence."""
    sentences: list[list[tuple[str, tuple[str, ...]]]] = []
    current: list[tuple[str, tuple[str, ...]]] = []
    for raw in lines:
        line = raw.rstrip("\r\n")
        if not line.strip():
            if current:
                sentences.append(current)
                current = []
            continue
        parts = line.split()
        if line[0].isspace():  # a whitespace token: the line holds tags only
            current.append(("", tuple(parts)))
        else:
            current.append((parts[0], tuple(parts[1:])))
    if current:
        sentences.append(current)
    return sentences


def detect_scheme(rows: Sequence[Sequence[tuple[str, tuple[str, ...]]]]) -> str:
    """Tell ANERcorp from Wojood by the tag types used."""
    types = {tag[2:] for sent in rows for _, tags in sent for tag in tags if len(tag) > 2}
    return "anercorp" if types <= set(ANERCORP_TYPES) else "wojood"


def _outermost(spans: list[TokenSpan]) -> list[TokenSpan]:
    """Drop spans inside a longer kept span, so nested annotation scores as flat."""
    kept: list[TokenSpan] = []
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        if any(k.start <= span.start and span.end <= k.end for k in kept):
            continue
        kept.append(span)
    return sorted(kept)


def to_sentences(rows: Sequence[Sequence[tuple[str, tuple[str, ...]]]], scheme: str) -> list[Sentence]:
    """Map each sentence's tags into marsad's entity types under ``scheme``."""
    mapping = SCHEMES[scheme]
    out = []
    for sent in rows:
        spans = [
            TokenSpan(s.start, s.end, mapping[s.type])
            for s in spans_from_tags([tags for _, tags in sent])
            if s.type in mapping
        ]
        out.append(Sentence(tuple(tok for tok, _ in sent), tuple(_outermost(spans))))
    return out


def read_conll(path: str | Path, scheme: str = "auto") -> tuple[list[Sentence], str]:
    """Read a CoNLL-style file into sentences with gold spans; return the scheme used too."""
    with open(path, encoding="utf-8") as handle:
        rows = read_rows(handle)
    if scheme == "auto":
        scheme = detect_scheme(rows)
    return to_sentences(rows, scheme), scheme


def _prf(tp: int, fp: int, fn: int) -> dict[str, float | int]:
    """Precision, recall and F1 from counts (0 when undefined)."""
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4), "tp": tp, "fp": fp, "fn": fn}


def score_spans(
    gold: Sequence[Iterable[TokenSpan]], predicted: Sequence[Iterable[TokenSpan]]
) -> dict[str, Any]:
    """Exact-span, exact-type entity scores per type and micro-averaged over all types."""
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    for g_spans, p_spans in zip(gold, predicted, strict=True):
        g, p = set(g_spans), set(p_spans)
        for s in g & p:
            tp[s.type] += 1
        for s in p - g:
            fp[s.type] += 1
        for s in g - p:
            fn[s.type] += 1
    types = sorted(set(tp) | set(fp) | set(fn))
    per_type = {t: _prf(tp[t], fp[t], fn[t]) for t in types}
    micro = _prf(sum(tp.values()), sum(fp.values()), sum(fn.values()))
    return {"micro": micro, "per_type": per_type}


def evaluate_sentences(sentences: Sequence[Sentence], allowed: Iterable[str] | None = None) -> dict[str, Any]:
    """Tag the sentences as running text with the shipped model and score it against the gold spans.

    CoNLL files carry no article breaks, so the document memory looks at the nearest sentences.
    """
    from marsad.extract.ner.memory import WINDOW
    from marsad.extract.ner.tagger import load_tagger

    tagger = load_tagger()
    keep = set(allowed) if allowed is not None else None
    started = time.perf_counter()
    predicted = [
        [s for s in spans if keep is None or s.type in keep]
        for spans in tagger.document_spans([s.tokens for s in sentences], WINDOW)
    ]
    seconds = time.perf_counter() - started
    scores = score_spans([s.spans for s in sentences], predicted)
    tokens = sum(len(s.tokens) for s in sentences)
    return {"sentences": len(sentences), "tokens": tokens, "seconds": round(seconds, 3), **scores}


def evaluate_file(path: str | Path, scheme: str = "auto") -> dict[str, Any]:
    """Score the shipped recogniser on a CoNLL-style BIO file (ANERcorp or Wojood scheme)."""
    sentences, used = read_conll(path, scheme)
    result = evaluate_sentences(sentences, allowed=set(SCHEMES[used].values()))
    return {"file": str(path), "scheme": used, **result}


@click.command("ner")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--scheme",
    type=click.Choice(["auto", "anercorp", "wojood"]),
    default="auto",
    show_default=True,
    help="Tag scheme of FILE (detected from its tags by default).",
)
def ner_command(file: str, scheme: str) -> None:
    """Score the entity recogniser on a CoNLL BIO FILE; the last line is the JSON result."""
    result = evaluate_file(file, scheme)
    for name, row in result["per_type"].items():
        click.echo(f"{name:<14} P {row['precision']:.3f}  R {row['recall']:.3f}  F1 {row['f1']:.3f}")
    micro = result["micro"]
    click.echo(f"{'micro':<14} P {micro['precision']:.3f}  R {micro['recall']:.3f}  F1 {micro['f1']:.3f}")
    click.echo(json.dumps(result, ensure_ascii=False))
