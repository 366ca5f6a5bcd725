"""Story clustering: B-cubed on the held-out gold half, and the time to cluster all of SaudiNewsNet.

    .venv/bin/python benchmarks/stories.py            # accuracy and speed (5k, 10k, 20k, 31k)
    .venv/bin/python benchmarks/stories.py --quick    # accuracy only
    .venv/bin/python benchmarks/stories.py --in-corpus [--limits 0,64]   # gold scored inside all 31k

Accuracy: the articles of the ``test`` half of ``tests/gold/stories.jsonl`` are clustered alone,
in publication order, with the default (calibrated) parameters, and scored with B-cubed at the
event and storyline levels. Speed: the text layer is built first (not timed: it is a per-article
stage), then a fresh ``StoryIndex`` places the first N articles of the corpus in publication order.
Both wall-clock and CPU seconds are printed: on a shared machine the wall clock also measures
the neighbours. The last line is every figure as JSON.

In-corpus (``--in-corpus``): all 31k articles are clustered in publication order (their terms are
computed once and kept in ``out/story-terms.pkl``) and the gold articles, both halves, are scored
where they landed among all the others: the setting of a real run, where a common term's posting
list is long. Run once per ``posting_limit`` given (0: unbounded) to compare caps.
"""

from __future__ import annotations

import json
import pickle
import sys
import time
from collections import Counter
from dataclasses import replace
from pathlib import Path

from marsad.corpus.stories import build_stories, publication_order
from marsad.corpus.story_gold import gold_articles, read_gold, read_zip, record_article
from marsad.corpus.story_index import StoryIndex, StoryParams
from marsad.corpus.story_metrics import b_cubed
from marsad.document import Article

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / ".." / "shared" / "data" / "saudinewsnet"
GOLD = ROOT / "tests" / "gold" / "stories.jsonl"
SIZES = (5_000, 10_000, 20_000, 31_030)
TERMS = ROOT / "out" / "story-terms.pkl"


def accuracy(split: str) -> dict[str, float]:
    """Cluster one half of the gold and score both levels."""
    rows = [(g, a) for g, a in gold_articles(read_gold(GOLD), DATA) if g.split == split]
    index = StoryIndex(StoryParams())
    index.add(publication_order(a for _, a in rows))
    placed = index.placement
    events = b_cubed({a: p.event for a, p in placed.items()}, {a.doc.id: g.event for g, a in rows})
    stories = b_cubed({a: p.story for a, p in placed.items()}, {a.doc.id: g.storyline for g, a in rows})
    return {
        f"{split}_articles": len(rows),
        f"{split}_event_precision": round(events.precision, 4),
        f"{split}_event_recall": round(events.recall, 4),
        f"{split}_event_f1": round(events.f1, 4),
        f"{split}_storyline_precision": round(stories.precision, 4),
        f"{split}_storyline_recall": round(stories.recall, 4),
        f"{split}_storyline_f1": round(stories.f1, 4),
    }


def corpus() -> list[Article]:
    """Build text-layer articles for every SaudiNewsNet record, byte-identical copies kept once."""
    seen: set[str] = set()
    articles = []
    for path in sorted(DATA.glob("*.zip")):
        for index, record in enumerate(read_zip(path)):
            article = record_article(record, f"{path.name}#{index}")
            if article.doc.id not in seen:
                seen.add(article.doc.id)
                articles.append(article)
    return publication_order(articles)


def speed() -> dict[str, float]:
    """Time a fresh index over growing prefixes of the corpus (clustering and building stories)."""
    start = time.perf_counter()
    articles = corpus()
    print(f"text layer for {len(articles)} articles: {time.perf_counter() - start:.1f}s (not counted)")
    figures: dict[str, float] = {}
    for size in SIZES:
        batch = articles[:size]
        start, cpu = time.perf_counter(), time.process_time()
        index = StoryIndex(StoryParams())
        index.add(batch)
        stories = build_stories(index)
        elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
        events = sum(len(s.events) for s in stories)
        counts = f"{len(stories)} storylines, {events} events"
        print(f"{len(batch)} articles: {elapsed:.2f}s wall, {cpu:.2f}s CPU, {counts}")
        figures[f"seconds_{len(batch)}"] = round(elapsed, 2)
        figures[f"cpu_seconds_{len(batch)}"] = round(cpu, 2)
    return figures


class _CachedTerms(StoryIndex):
    """A story index reading each article's terms from a precomputed table."""

    def __init__(self, params: StoryParams, table: dict[str, Counter[str]]) -> None:
        super().__init__(params)
        self.table = table

    def terms(self, article: Article) -> Counter[str]:
        """Return the precomputed terms."""
        return self.table[article.doc.id]


def corpus_terms() -> tuple[list[Article], dict[str, Counter[str]]]:
    """Return light articles (id, title, date, lead) in publication order and their terms, cached."""
    if TERMS.exists():
        with TERMS.open("rb") as handle:
            cached: tuple[list[Article], dict[str, Counter[str]]] = pickle.load(handle)
        return cached
    params = StoryParams()
    probe = StoryIndex(params)
    light, table = [], {}
    for article in corpus():
        table[article.doc.id] = probe.terms(article)
        lead = article.text[: article.sentences[0].end] if article.sentences else article.text[:120]
        light.append(Article(doc=replace(article.doc, text=lead)))
    TERMS.parent.mkdir(parents=True, exist_ok=True)
    with TERMS.open("wb") as handle:
        pickle.dump((light, table), handle, protocol=pickle.HIGHEST_PROTOCOL)
    return light, table


def in_corpus(limits: list[int]) -> dict[str, float]:
    """Cluster all articles once per posting limit; score the gold articles where they landed."""
    articles, table = corpus_terms()
    gold = {g.id: g for g in read_gold(GOLD)}
    figures: dict[str, float] = {}
    for limit in limits:
        start, cpu = time.perf_counter(), time.process_time()
        index = _CachedTerms(StoryParams(posting_limit=limit), table)
        index.add(articles)
        build_stories(index)
        elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
        placed = {aid: p for aid, p in index.placement.items() if aid in gold}
        events = b_cubed({a: p.event for a, p in placed.items()}, {a: gold[a].event for a in placed})
        stories = b_cubed({a: p.story for a, p in placed.items()}, {a: gold[a].storyline for a in placed})
        row = {
            f"limit{limit}_gold_articles": len(placed),
            f"limit{limit}_event_f1": round(events.f1, 4),
            f"limit{limit}_event_precision": round(events.precision, 4),
            f"limit{limit}_event_recall": round(events.recall, 4),
            f"limit{limit}_storyline_f1": round(stories.f1, 4),
            f"limit{limit}_storyline_precision": round(stories.precision, 4),
            f"limit{limit}_storyline_recall": round(stories.recall, 4),
            f"limit{limit}_cpu_seconds_{len(articles)}": round(cpu, 2),
            f"limit{limit}_wall_seconds_{len(articles)}": round(elapsed, 2),
        }
        print(json.dumps(row), flush=True)
        figures.update(row)
    return figures


def main() -> None:
    """Print accuracy on both halves (test is the held-out figure), then speed, then JSON."""
    figures: dict[str, float] = {}
    if "--in-corpus" in sys.argv:
        given = sys.argv[sys.argv.index("--limits") + 1] if "--limits" in sys.argv else "0,64"
        print(json.dumps(in_corpus([int(x) for x in given.split(",")])))
        return
    for split in ("calibration", "test"):
        result = accuracy(split)
        print(json.dumps(result))
        figures.update(result)
    if "--quick" not in sys.argv:
        figures.update(speed())
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
