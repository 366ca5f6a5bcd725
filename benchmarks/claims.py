"""Claim alignment across outlets, scored on hand-labelled SaudiNewsNet claim pairs and on ANS.

``tests/gold/claim_pairs.jsonl`` holds pairs of claims from two outlets' articles about the same event
(the events of ``tests/gold/stories.jsonl``), labelled agree / contradict / unrelated by hand
(guidelines in ``tests/gold/claim_pairs_GUIDELINES.md``). Its "calibration" half fitted the
same-claim models of ``marsad.corpus.compare`` (``--fit`` prints them); the "heldout" half was not
looked at while fitting or writing rules. Each pair is decided exactly as the compare stage decides
it: the claims are extracted by the pipeline, the IDF is computed over every claim of the labelled
multi-outlet events, and ``relate`` says agree, contradict or nothing (= unrelated).

The same path is scored on ANS (``../shared/data/ans/stance/test.csv``, headline pairs; relation
"contradict" read as "disagree", nothing as "other"): what the compare stage makes of data the
project did not write.

The whole stage is scored three ways: ``stage``, each gold event a story of its own;
``stage_storylines``, each gold storyline a story holding its gold events (as the stories stage
builds them: claims compared event by event); ``stage_storylines_whole``, the same storylines
without events (compared as one unit, as the stage did before session 5). Session 5, ``--no-stance``:
held-out macro-F1 0.766 / 0.766 / 0.492 (calibration 0.678 / 0.678 / 0.676); contradiction groups
22 / 22 / 23, of which 0 / 0 / 14 join claims of two gold events. Pairwise (``relate`` alone)
held-out macro-F1 0.775; ANS test 0.331 (rules only).

``--store PATH`` compares per story (events dropped: exactly the old stage) and per event on the
first ``--limit`` analyses of a store filled by ``benchmarks/pipeline.py --store`` (label
``corpus-bench``; opened through ``Store``, which migrates and sets WAL: pass a copy of a store that
must not change), taking the last ``--added`` of them as a batch that joins the rest, and prints
``--sample`` contradictions the per-story way found and the per-event way does not. Session 5, the
29,900-article store, ``--limit 6000 --added 500`` (load 5): per story 8.0 CPU-s, agree 3,716 /
contradict 1,015 / unique 15,559; per event 3.4 CPU-s, 3,261 / 491 / 3,569; 544 contradictions
lost (539 spanning events); the batch's grown stories whole (2,714 articles) 4.0 CPU-s, its grown
events alone (987 articles, 421 events) 0.9 CPU-s. Of the 20 lost contradictions printed, 1 was
real (one loss given as 3.3 vs 4.4 billion dollars, the two articles put in two events), 4 a
storyline's evolution, 5 the same happening without a real conflict, 10 different happenings (see
``marsad.corpus.compare`` for the whole-store figures).

Run from the repository root: ``.venv/bin/python benchmarks/claims.py [--embed] [--fit]``, or
``.venv/bin/python benchmarks/claims.py --store COPY.db --limit 6000 --added 500``. ``--embed``
lets USE cosines decide the undecided pairs, as ``compare_corpus(embed=use_vectors)`` does. The
last line is JSON.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from marsad.arabic.layer import add_text_layer
from marsad.corpus.collector import without_collector
from marsad.corpus.compare import (
    LEX_COSINE_MODEL,
    LEX_MODEL,
    Alignment,
    ClaimView,
    apply_stance,
    claim_idf,
    compare_corpus,
    explain,
    relate,
    stance_model,
    use_vectors,
    view_claim,
    weighted_overlap,
)
from marsad.corpus.model import ClaimGroup, Corpus, Story, StoryEvent, claim_id
from marsad.corpus.story_gold import read_zip, record_article
from marsad.document import Article, ClaimMention, Document

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
DATA = ROOT.parent / "shared" / "data"
GOLD = ROOT / "tests" / "gold" / "claim_pairs.jsonl"
STORIES = ROOT / "tests" / "gold" / "stories.jsonl"
LABELS = ("agree", "contradict", "unrelated")
ANS_LABELS = {"agree": "agree", "contradict": "disagree", "unrelated": "other"}


Decision = tuple[str, float, str] | None


def decide_pairs(
    pairs: Sequence[tuple[ClaimView, ClaimView]], idf: Mapping[str, float], embed: bool, stance: bool
) -> list[tuple[Decision, float, float | None]]:
    """Decide each pair as ``compare_corpus`` does: words (and cosines), rules, then the stance model."""
    vectors = use_vectors([v.text for pair in pairs for v in pair]) if embed else {}
    out: list[tuple[Decision, float, float | None]] = []
    for a, b in pairs:
        similarity = weighted_overlap(a.stems, b.stems, idf)
        cosine = None
        if embed:
            u, v = vectors[a.text], vectors[b.text]
            cosine = float(u @ v) / float(math.sqrt(float(u @ u) * float(v @ v)))
        out.append((relate(a, b, similarity, cosine=cosine), similarity, cosine))
    model = stance_model() if stance else None
    if model is not None:
        pending = [
            ([a, b], [Alignment(0, 1, d[0], d[1], d[2], "", sim)] if d is not None else [])
            for (a, b), (d, sim, _) in zip(pairs, out, strict=True)
        ]
        for n, links in enumerate(apply_stance(pending, model)):
            if links and links[0].reason == "stance":
                out[n] = (("contradict", links[0].score, "stance"), out[n][1], out[n][2])
    return out


def scores(pairs: Sequence[tuple[str, str]], labels: Sequence[str]) -> dict[str, Any]:
    """Per-class precision, recall and F1, macro-F1 and the confusion counts of (gold, predicted)."""
    confusion = Counter(pairs)
    out: dict[str, Any] = {}
    for label in labels:
        tp = confusion[(label, label)]
        fp = sum(n for (g, p), n in confusion.items() if p == label and g != label)
        fn = sum(n for (g, p), n in confusion.items() if g == label and p != label)
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        out[label] = {"p": round(precision, 3), "r": round(recall, 3), "f1": round(f1, 3), "n": tp + fn}
    out["macro_f1"] = round(sum(out[label]["f1"] for label in labels) / len(labels), 4)
    out["confusion"] = {f"{g}->{p}": n for (g, p), n in sorted(confusion.items())}
    return out


def event_articles(stages: Sequence[Any]) -> dict[str, Article]:
    """Every article of the labelled events told by two outlets or more, through the claim stages."""
    import summary  # benchmarks/summary.py: the same per-article stages as its comparison

    rows = [json.loads(line) for line in STORIES.read_text("utf-8").splitlines() if line.strip()]
    outlets: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        outlets[row["event"]].add(row["outlet"])
    wanted = [r for r in rows if len(outlets[r["event"]]) > 1]
    days: dict[str, list[dict[str, Any]]] = {}
    docs: list[Document] = []
    for row in wanted:
        if row["zip"] not in days:
            days[row["zip"]] = read_zip(DATA / "saudinewsnet" / row["zip"])
        doc = record_article(days[row["zip"]][row["index"]], f"{row['zip']}#{row['index']}").doc
        if doc.id != row["id"]:
            raise SystemExit(f"content id mismatch for {row['zip']}#{row['index']}")
        docs.append(doc)
    return {a.doc.id: a for a in summary.analyse(docs, stages)}


def gold_view(article: Article, side: Mapping[str, Any]) -> tuple[ClaimView, bool]:
    """The pipeline's claim at the gold span (True), or a claim built on the span when it has none."""
    for i, claim in enumerate(article.claims):
        if (claim.start, claim.end) == (side["start"], side["end"]):
            return view_claim(article, i, claim), True
    if article.text[side["start"] : side["end"]] != side["text"]:
        raise SystemExit(f"gold span does not match article {article.doc.id}")
    from marsad.corpus.terms import is_negated

    words = [t.norm for t in article.tokens if side["start"] <= t.start < side["end"] and t.is_word]
    claim = ClaimMention(side["start"], side["end"], side["text"], is_negated(words))
    return view_claim(article, len(article.claims), claim), False


def score_gold(embed: bool, fit: bool, stance: bool) -> dict[str, Any]:
    """Decide every gold pair as the compare stage would and score each half."""
    import summary

    articles = event_articles(summary._optional_stages())
    rows = [json.loads(line) for line in GOLD.read_text("utf-8").splitlines() if line.strip()]
    idf = claim_idf([view_claim(a, i, c) for a in articles.values() for i, c in enumerate(a.claims)])
    views, found = [], 0
    for row in rows:
        a, found_a = gold_view(articles[row["a"]["article"]], row["a"])
        b, found_b = gold_view(articles[row["b"]["article"]], row["b"])
        views.append((a, b))
        found += found_a + found_b
    by_split: dict[str, list[tuple[str, str]]] = defaultdict(list)
    features: dict[str, list[tuple[float, float, bool]]] = defaultdict(list)
    examples = []
    for row, (a, b), (decided, similarity, cosine) in zip(
        rows, views, decide_pairs(views, idf, embed, stance), strict=True
    ):
        predicted = "unrelated" if decided is None else decided[0]
        by_split[row["split"]].append((row["label"], predicted))
        features[row["split"]].append((similarity, cosine or 0.0, row["label"] != "unrelated"))
        contradiction = (decided is not None and decided[0] == "contradict") or row["label"] == "contradict"
        if contradiction and row["split"] == "calibration":  # the held-out half stays unread
            why = explain(a, b, decided[2], decided[1], similarity, cosine) if decided else "-"
            examples.append(f"{row['id']} {row['split']} gold={row['label']} predicted={predicted}: {why}")
    out: dict[str, Any] = {
        "pairs": len(rows),
        "claims_found_by_pipeline": f"{found}/{2 * len(rows)}",
        "embeddings": "USE" if embed else "none (words only)",
        "stance_model": "headline-like pairs" if stance else "not used",
    }
    for split, decided in sorted(by_split.items()):
        out[split] = scores(decided, LABELS)
        related = [
            ("related" if g != "unrelated" else "no", "related" if p != "unrelated" else "no")
            for g, p in decided
        ]
        out[split]["related_f1"] = scores(related, ("related",))["related"]["f1"]
    out["stage"] = score_stage(articles, rows, embed, stance)
    out["stage_storylines"] = score_stage(articles, rows, embed, stance, "storyline")
    out["stage_storylines_whole"] = score_stage(articles, rows, embed, stance, "storyline-whole")
    for line in examples:
        print(line)
    if fit:
        out["fit"] = fit_models(features["calibration"])
    return out


def gold_stories(articles: Mapping[str, Article], unit: str) -> tuple[Story, ...]:
    """Stories of the labelled articles: one per gold event, or per storyline with or without its events.

    ``unit``: "event" (each gold event a story of its own), "storyline" (each gold storyline a story
    holding its gold events, as the stories stage builds them: claims are compared event by event)
    or "storyline-whole" (the same storylines without events: compared as one, as before session 5).
    """
    members: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for line in STORIES.read_text("utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            if row["id"] in articles:
                key = row["event"] if unit == "event" else row["storyline"]
                members[key][row["event"]].append(row["id"])
    stories = []
    for key, events in sorted(members.items()):
        ids = tuple(aid for _, aids in sorted(events.items()) for aid in aids)
        held = (
            () if unit != "storyline" else tuple(StoryEvent(e, tuple(a)) for e, a in sorted(events.items()))
        )
        stories.append(Story(key, key, ids, events=held))
    return tuple(stories)


def score_stage(
    articles: Mapping[str, Article],
    rows: Sequence[Mapping[str, Any]],
    embed: bool,
    stance: bool,
    unit: str = "event",
) -> dict[str, Any]:
    """The whole stage on the labelled events: is each gold pair put in one group of the right relation?

    Unlike the pairwise figures this includes candidate finding: a pair the inverted index never
    proposes (nor joins through a third claim) counts as "unrelated". ``unit``: see ``gold_stories``;
    ``contradict_across_events`` counts contradiction groups whose claims come from two gold events.
    """
    corpus = Corpus(tuple(articles.values()), stories=gold_stories(articles, unit))
    start = time.process_time()
    corpus = compare_corpus(
        corpus, stance=stance_model() if stance else None, embed=use_vectors if embed else None
    )
    cpu = time.process_time() - start
    where: dict[tuple[str, int], str] = {}
    event_of: dict[str, str] = {}
    for story in gold_stories(articles, "event"):
        event_of.update((aid, story.id) for aid in story.articles)
    for article in corpus.articles:
        for i, claim in enumerate(article.claims):
            where[(article.doc.id, claim.start)] = claim_id(article.doc.id, i)
    relation: dict[frozenset[str], str] = {}
    for story in corpus.stories:  # contradict groups hold two agreeing sides: agree is written last
        for group in sorted(story.claim_groups, key=lambda g: g.relation != "contradict"):
            if group.relation != "unique":
                for x in group.claims:
                    for y in group.claims:
                        relation[frozenset((x, y))] = group.relation
    by_split: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for row in rows:
        a = where.get((row["a"]["article"], row["a"]["start"]))
        b = where.get((row["b"]["article"], row["b"]["start"]))
        found = relation.get(frozenset((a, b)), "unrelated") if a and b else "unrelated"
        by_split[row["split"]].append((row["label"], found))
    out: dict[str, Any] = {split: scores(d, LABELS) for split, d in sorted(by_split.items())}
    out["cpu_s"] = round(cpu, 2)
    out["groups"] = dict(Counter(g.relation for s in corpus.stories for g in s.claim_groups))
    out["contradict_across_events"] = sum(
        len({event_of[c[2:].rsplit("-", 1)[0]] for c in g.claims}) > 1
        for s in corpus.stories
        for g in s.claim_groups
        if g.relation == "contradict"
    )
    return out


def fit_models(rows: Sequence[tuple[float, float, bool]]) -> dict[str, Any]:
    """Fit the same-claim models on the calibration half and choose the threshold of best F1."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import f1_score

    y = np.array([r[2] for r in rows])
    fitted: dict[str, Any] = {}
    for name, columns in (("words", [0]), ("words+cosine", [0, 1])):
        x = np.array([[r[c] for c in columns] for r in rows])
        model = LogisticRegression(C=10.0).fit(x, y)
        p = model.predict_proba(x)[:, 1]
        best = max((f1_score(y, p >= t), round(float(t), 2)) for t in np.arange(0.2, 0.8, 0.02))
        fitted[name] = {
            "coef": [round(float(c), 2) for c in model.coef_[0]],
            "bias": round(float(model.intercept_[0]), 2),
            "threshold": best[1],
            "f1": round(float(best[0]), 3),
        }
    fitted["shipped"] = {"words": LEX_MODEL, "words+cosine": LEX_COSINE_MODEL}
    return fitted


def _headline(text: str, outlet: str, n: int) -> ClaimView:
    """One headline as the only claim of its own article."""
    article = add_text_layer(Article(Document.create(text, f"{outlet}{n}", outlet=outlet)))
    from marsad.corpus.terms import is_negated

    claim = ClaimMention(0, len(text), text, is_negated([t.norm for t in article.tokens if t.is_word]))
    return view_claim(article, 0, claim)


def score_ans(path: Path, embed: bool, stance: bool) -> dict[str, Any]:
    """The compare path on ANS headline pairs: agree / disagree / other, macro-F1."""
    with path.open(encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle) if r.get("stance") in ANS_LABELS.values()]
    pairs = [(_headline(r["s1"], "a", n), _headline(r["s2"], "b", n)) for n, r in enumerate(rows)]
    idf = claim_idf([v for pair in pairs for v in pair])
    decided = [
        (row["stance"], ANS_LABELS["unrelated" if found is None else found[0]])
        for row, (found, _, _) in zip(rows, decide_pairs(pairs, idf, embed, stance), strict=True)
    ]
    return {"file": path.name, "pairs": len(rows), **scores(decided, ("agree", "disagree", "other"))}


def _stored_corpus(path: Path, limit: int) -> Corpus:
    """The first ``limit`` analyses of a store (label ``corpus-bench``) through resolve and stories."""
    import corpus as corpus_bench  # benchmarks/corpus.py: its read-back of the kept analyses
    from marsad.corpus.stories import INDEX_KEY
    from marsad.stages import default_pipeline
    from marsad.store.sqlite import Store

    with Store(path) as store:
        built = Corpus(articles=tuple(corpus_bench.read_back(store, limit)))
    for stage in default_pipeline().corpus_stages:
        if stage.name in ("resolve", "stories"):
            built = stage(built)
    return built.with_(extra={k: v for k, v in built.extra.items() if k != INDEX_KEY})


def _whole(stories: Sequence[Story]) -> tuple[Story, ...]:
    """The stories without their events: each compared as one unit, as the stage did before session 5."""
    return tuple(replace(s, events=()) for s in stories)


def _timed_compare(corpus: Corpus) -> tuple[Corpus, float]:
    """Run ``compare_corpus`` with the collector paused, as the stage runs it; return its CPU seconds."""
    start = time.process_time()
    out = without_collector(compare_corpus)(corpus)
    return out, round(time.process_time() - start, 2)


def _lost_contradictions(before: Corpus, after: Corpus) -> list[tuple[Story, ClaimGroup]]:
    """Contradiction groups of ``before`` whose two sides no contradiction group of ``after`` holds."""
    held = [set(g.claims) for s in after.stories for g in s.claim_groups if g.relation == "contradict"]
    return [
        (s, g)
        for s in before.stories
        for g in s.claim_groups
        if g.relation == "contradict" and not any(set(g.sides[0]) & h and set(g.sides[1]) & h for h in held)
    ]


def _show_pair(corpus: Corpus, group: ClaimGroup, event_of: Mapping[str, str]) -> list[str]:
    """The two claims of a contradiction group's sides that overlap most (different outlets), as lines."""
    by_id = {a.doc.id: a for a in corpus.articles}

    def view(cid: str) -> ClaimView:
        aid, index = cid[2:].rsplit("-", 1)
        return view_claim(by_id[aid], int(index), by_id[aid].claims[int(index)])

    sides = [[view(c) for c in side] for side in group.sides]
    idf = claim_idf([v for side in sides for v in side])
    pairs = [(a, b) for a in sides[0] for b in sides[1] if a.outlet != b.outlet] or [
        (sides[0][0], sides[1][0])
    ]
    a, b = max(pairs, key=lambda p: weighted_overlap(p[0].stems, p[1].stems, idf))
    return [
        f"  [{v.outlet} {by_id[v.article].doc.published} {event_of.get(v.article)}] {v.text[:300]}"
        for v in (a, b)
    ]


def score_store(path: Path, limit: int, added: int, sample: int) -> dict[str, Any]:
    """Claims compared per story (events dropped) and per event on a store's analyses; an added batch's cost.

    The per-story figures are exactly what the stage gave before session 5 (a story without events
    is one unit of all its articles). ``added``: the last articles of the slice taken as a batch
    joining the others; each way is timed on what it must redo, the grown stories whole (per story)
    or only their grown events (per event, as ``scale.incremental`` hands them over).
    """
    import random

    built = _stored_corpus(path, limit)
    _timed_compare(built.with_(stories=built.stories[:20]))  # lexicons loaded before either is timed
    whole, whole_cpu = _timed_compare(built.with_(stories=_whole(built.stories)))
    events, events_cpu = _timed_compare(built)
    event_of = {aid: e.id for s in built.stories for e in s.events for aid in e.articles}
    lost = _lost_contradictions(whole, events)
    out: dict[str, Any] = {
        "articles": len(built.articles),
        "stories": len(built.stories),
        "events": sum(len(s.events) for s in built.stories),
        "per_story": {
            "cpu_s": whole_cpu,
            "groups": dict(Counter(g.relation for s in whole.stories for g in s.claim_groups)),
        },
        "per_event": {
            "cpu_s": events_cpu,
            "groups": dict(Counter(g.relation for s in events.stories for g in s.claim_groups)),
        },
        "contradictions_lost": len(lost),
        "lost_spanning_events": sum(
            len({event_of.get(c[2:].rsplit("-", 1)[0]) for c in g.claims}) > 1 for _, g in lost
        ),
    }
    if added:
        fresh = {a.doc.id for a in built.articles[-added:]}
        grown = [s for s in built.stories if any(a in fresh for a in s.articles)]
        parts = [
            replace(s, events=tuple(e for e in s.events if fresh.intersection(e.articles))) for s in grown
        ]
        parts = [replace(s, articles=tuple(a for e in s.events for a in e.articles)) for s in parts]
        for name, stories in (
            ("grown_stories_per_story", _whole(grown)),
            ("grown_events_per_event", tuple(parts)),
        ):
            ids = {a for s in stories for a in s.articles}
            sub = Corpus(tuple(a for a in built.articles if a.doc.id in ids), built.entities, stories)
            out[name] = {
                "articles": len(ids),
                "units": sum(max(len(s.events), 1) for s in stories),
                "cpu_s": _timed_compare(sub)[1],
            }
    random.seed(7)
    events_in = {s.id: len(s.events) for s in built.stories}
    for n, (story, group) in enumerate(random.sample(lost, min(sample, len(lost))), start=1):
        print(
            f"lost {n} ({story.id}, {len(story.articles)} articles, {events_in[story.id]} events):",
            group.reason,
        )
        print("\n".join(_show_pair(built, group, event_of)))
    return out


def main(argv: Sequence[str] | None = None) -> int:
    """Score the gold pairs and ANS through the compare path; print the figures, JSON last."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--embed", action="store_true", help="let USE cosines decide undecided pairs")
    parser.add_argument("--no-stance", action="store_true", help="rules only (no stance model)")
    parser.add_argument(
        "--fit", action="store_true", help="fit the same-claim models on the calibration half"
    )
    parser.add_argument("--store", type=Path, help="compare per story and per event on this store's analyses")
    parser.add_argument("--limit", type=int, default=6000, help="with --store: first N analyses (0: all)")
    parser.add_argument("--added", type=int, default=500, help="with --store: the last N as an added batch")
    parser.add_argument("--sample", type=int, default=20, help="with --store: lost contradictions to print")
    args = parser.parse_args(argv)
    if args.store is not None:
        figures_store = score_store(args.store, args.limit, args.added, args.sample)
        print(json.dumps(figures_store, ensure_ascii=False))
        return 0
    if not (DATA / "saudinewsnet").exists():
        print(f"data not found: {DATA / 'saudinewsnet'}", file=sys.stderr)
        return 2
    start = time.process_time()
    figures: dict[str, Any] = {"gold": score_gold(args.embed, args.fit, not args.no_stance)}
    for split in ("dev", "test"):
        path = DATA / "ans" / "stance" / f"{split}.csv"
        if path.exists():
            figures[f"ans_{split}"] = score_ans(path, args.embed, not args.no_stance)
    figures["cpu_s"] = round(time.process_time() - start, 1)
    for key, value in figures.items():
        print(key, json.dumps(value, ensure_ascii=False) if isinstance(value, dict) else value)
    print(json.dumps(figures, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
