"""The claim-alignment rules alone (no stance model) as a stance classifier on ANS pairs.

``marsad.corpus.compare.relate`` (words-only same-claim model, no embeddings) decides, for two
claims of different outlets, "agree", "contradict" or nothing. Read as agree / disagree / other it
can be scored on the ANS stance corpus, which the project did not write: this shows what the
fallback is worth when the trained stance model is not installed. ANS pairs are headlines, not body
sentences, and its "disagree" pairs mostly differ by one substituted word, name or number, which the
rules only catch when it is a negation, a number or an antonym; so expect a low "disagree" recall.

Run from the repository root: ``.venv/bin/python benchmarks/compare_rules.py [CSV]``
(default ``../shared/data/ans/stance/test.csv``). The last line is JSON.
"""

from __future__ import annotations

import csv
import json
import sys
from collections import Counter
from pathlib import Path

from marsad.arabic.layer import add_text_layer
from marsad.corpus.compare import claim_idf, relate, view_claim, weighted_overlap
from marsad.corpus.terms import is_negated
from marsad.document import Article, ClaimMention, Document

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "data" / "ans" / "stance" / "test.csv"
LABELS = ("agree", "disagree", "other")


def _view(text: str, outlet: str, n: int):  # type: ignore[no-untyped-def]
    """One sentence as a claim of its own one-sentence article."""
    article = add_text_layer(Article(Document.create(text, f"{outlet}{n}", outlet=outlet)))
    claim = ClaimMention(0, len(text), text, is_negated([t.norm for t in article.tokens if t.is_word]))
    return view_claim(article, 0, claim)


def main(argv: list[str]) -> int:
    """Score the rules on a CSV of s1,s2,stance and print per-label F1 and macro-F1."""
    path = Path(argv[0]) if argv else DEFAULT
    if not path.exists():
        print(f"data not found: {path}", file=sys.stderr)
        return 2
    with path.open(encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle) if r.get("stance") in LABELS]
    pairs = [(_view(r["s1"], "a", n), _view(r["s2"], "b", n)) for n, r in enumerate(rows)]
    idf = claim_idf([v for pair in pairs for v in pair])
    confusion: Counter[tuple[str, str]] = Counter()
    for (a, b), row in zip(pairs, rows, strict=True):
        found = relate(a, b, weighted_overlap(a.stems, b.stems, idf))
        predicted = "other" if found is None else ("agree" if found[0] == "agree" else "disagree")
        confusion[(row["stance"], predicted)] += 1
    f1 = {}
    for label in LABELS:
        tp = confusion[(label, label)]
        fp = sum(confusion[(g, label)] for g in LABELS if g != label)
        fn = sum(confusion[(label, p)] for p in LABELS if p != label)
        f1[label] = round(2 * tp / (2 * tp + fp + fn), 4) if tp else 0.0
    figures = {
        "file": str(path.name),
        "pairs": len(rows),
        "f1": f1,
        "macro_f1": round(sum(f1.values()) / len(f1), 4),
        "confusion": {f"{g}->{p}": n for (g, p), n in sorted(confusion.items())},
    }
    print(json.dumps(figures, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
