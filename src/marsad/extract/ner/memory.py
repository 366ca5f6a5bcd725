"""Document memory: a name found once in an article is a cue wherever else the article uses it.

News names a person in full once, with a title, and by a bare surname later; the bare surname
has no title or first name around it. A first tagging pass over the whole
article lists the words inside the names it found; the second pass sees, for each word, which
entity types the first pass gave that word elsewhere in the same article.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from marsad.arabic.normalise import normalise
from marsad.arabic.tokens import clitic_variants, split_clitics
from marsad.extract.ner.bio import TokenSpan

_MIN_LEN = 3
# Corpora without article breaks (ANERcorp): this many sentences either side make the document.
WINDOW = 10


def _readings(word: str) -> tuple[str, ...]:
    """The clitic-free readings a word is remembered and looked up by."""
    norm = normalise(word)
    _, stem = split_clitics(norm)
    return (stem, *clitic_variants(norm))


def document_hints(
    sentences: Sequence[Sequence[str]], first_pass: Sequence[Sequence[TokenSpan]], window: int | None = None
) -> list[list[list[str]]]:
    """Per sentence and token, the memory features from first-pass names in the same document.

    ``window`` limits the document to that many sentences either side (for corpora without
    article breaks); None uses every sentence given.
    """
    readings = [[_readings(w) for w in words] for words in sentences]
    found: list[Counter[tuple[str, str]]] = []
    for spans, reads in zip(first_pass, readings, strict=True):
        counts: Counter[tuple[str, str]] = Counter()
        for span in spans:
            for i in range(span.start, span.end):
                stem = reads[i][0]
                if len(stem) >= _MIN_LEN and any(ch.isalpha() for ch in stem):
                    pos = "B" if i == span.start else "I"
                    counts[(stem, span.type)] += 1
                    counts[(stem, f"{span.type}-{pos}")] += 1
        found.append(counts)
    out: list[list[list[str]]] = []
    total: Counter[tuple[str, str]] = Counter()
    if window is None:
        for counts in found:
            total.update(counts)
    for k, reads in enumerate(readings):
        if window is not None:
            total = Counter()
            for counts in found[max(0, k - window) : k + window + 1]:
                total.update(counts)
        by_stem: dict[str, list[str]] = {}
        for (stem, label), n in total.items():
            by_stem.setdefault(stem, []).append(f"dm={label}")
            if "-" not in label and n >= 2:
                by_stem[stem].append(f"dm2={label}")
        hints: list[list[str]] = []
        for token_reads in reads:
            feats: set[str] = set()
            for r in token_reads:
                feats.update(by_stem.get(r, ()))
            hints.append(sorted(feats))
        out.append(hints)
    return out
