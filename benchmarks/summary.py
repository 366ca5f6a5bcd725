"""Story summaries: marsad's cited MMR summary against LexRank (sumy) on the same stories.

There are no gold summaries, so both summarisers are measured on what a multi-outlet summary is
for, on the hand-labelled SaudiNewsNet stories of ``tests/gold/stories.jsonl`` told by at least two
outlets (event level by default; ``--level storyline`` for the wider clusters):

- ``group_coverage``: share of the story's agree and contradict claim groups with a claim inside a
  summary sentence (the sentence's own span);
- ``contradict_coverage``: the same for contradict groups only; ``contradict_both_sides``: share of
  contradict groups with claims of two different outlets inside the summary;
- ``redundancy``: mean over stories of the highest TF-IDF cosine between two summary sentences
  (lower is better), and ``near_duplicate_pairs``: share of sentence pairs with cosine >= 0.6;
- ``outlets_shown``: share of the story's outlets whose own sentence is in the summary;
  ``outlets_cited``: share of the story's outlets cited as a source (LexRank cites nothing but the
  article each sentence comes from).

Both summarisers choose from the same candidate sentences (6 to 60 words), use the same light
stems, and get the same number of sentences per story (as many as marsad chose). The claim groups
come from marsad's own claim extraction and alignment, so the measure favours a summariser that
reads them: that is the point of the comparison, and it is stated with the figures.

``--speed N`` also times the compare, framing and summary stages (wall and CPU seconds) on the first
N articles of SaudiNewsNet (all 31k with ``--speed 0``), after the per-article stages and entity
resolution (timed apart, they are not these stages' cost), grouped into stories by the clusterer when it
is installed, and into one story per day with every outlet in it (the stress case: stories of
about 1,700 articles).

At ``--level storyline`` each story gets its gold events as ``Story.events`` (as the clusterer gives
them), so claims are compared and summaries shortlisted per event; ``stories_pool_cut`` counts the
stories summarised from a cut pool of per-event shortlists rather than from all their sentences.

Measured (session 5, shared 2-core machine; the summary of all sentences is the code before the
per-event shortlists, the same compare code on both sides), before -> after:

- event level (47 stories, 14 cut): group_coverage .5502 -> .5502, contradict_coverage .7727 ->
  .7727, both sides .7273 -> .7273, redundancy .2918 -> .2948, near-duplicate pairs .0074 -> .0074,
  outlets_shown .7697 -> .7677, outlets_cited .9851 -> .9851;
- storyline level (16 stories, 7 cut): group_coverage .2595 -> .2526, contradict_coverage .5909 ->
  .5909, both sides .5 -> .5, redundancy .4035 -> .3606, near-duplicate pairs .008 -> .004,
  outlets_shown .6783 -> .7012, outlets_cited .9082 -> .9138;
- ``--speed 8000 --no-entities`` (summary CPU-s; compare's own CPU, same code, 3.5-4.1 before and
  3.7 after): clustered stories 6.15 / 6.24 -> 7.51, one story per day 4.36 / 4.48 -> 4.20. On 8,000
  stored analyses with entities (collector paused, least of 3): 5.6-6.0 -> 7.7.

Run from the repository root: ``.venv/bin/python benchmarks/summary.py``. The last line is JSON.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import zipfile
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from marsad.arabic.layer import add_text_layer
from marsad.arabic.normalise import normalise
from marsad.corpus.compare import compare_corpus
from marsad.corpus.framing import frame_corpus
from marsad.corpus.model import Corpus, Story, StoryEvent
from marsad.corpus.summary import (
    POOL,
    Candidate,
    candidates_of,
    cosine,
    document_frequencies,
    parse_corpus,
    summarise_corpus,
)
from marsad.corpus.terms import light_stem
from marsad.document import Article, Document
from marsad.extract.claims import extract_claims
from marsad.extract.quotes import extract_quotes

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "saudinewsnet"
GOLD = ROOT / "tests" / "gold" / "stories.jsonl"
NEAR_DUPLICATE = 0.6


def _optional_stages(entities: bool = True) -> list[Callable[[Article], Article]]:
    """Dates and entities when their modules and models are installed (the figures say which ran)."""
    stages: list[Callable[[Article], Article]] = []
    try:
        from marsad.extract.dates import DATE_STAGE

        stages.append(DATE_STAGE)
    except ImportError:
        pass
    if not entities:
        return stages
    try:
        from marsad.extract.entities import ENTITY_STAGE
        from marsad.extract.ner.tagger import load_tagger

        load_tagger()
        stages.append(ENTITY_STAGE)
    except (ImportError, FileNotFoundError, OSError, ValueError):
        pass
    return stages


def analyse(docs: Iterable[Document], stages: Sequence[Callable[[Article], Article]]) -> list[Article]:
    """Run the per-article stages claims need: text, optional dates/entities, quotes, claims."""
    out = []
    for doc in docs:
        article = add_text_layer(Article(doc=doc))
        for stage in stages:
            article = stage(article)
        article = article.with_(quotes=extract_quotes(article))
        out.append(article.with_(claims=extract_claims(article)))
    return out


def load_gold(level: str) -> tuple[list[Document], list[Story]]:
    """The gold-labelled articles and their stories told by at least two outlets."""
    rows = [json.loads(line) for line in GOLD.read_text("utf-8").splitlines() if line.strip()]
    wanted: dict[str, dict[int, dict[str, Any]]] = defaultdict(dict)
    for row in rows:
        wanted[row["zip"]][row["index"]] = row
    docs: dict[str, Document] = {}
    for name, by_index in wanted.items():
        with zipfile.ZipFile(DATA / name) as z:
            records = json.loads(z.read(z.namelist()[0]))
        for index, row in by_index.items():
            rec = records[index]
            doc = Document.create(
                rec["content"],
                f"{name}#{index}",
                outlet=rec["source"],
                title=rec["title"],
                published=name[:10],
            )
            if doc.id != row["id"]:
                raise SystemExit(f"gold id mismatch for {name}#{index}")
            docs[doc.id] = doc
    members: dict[str, list[str]] = defaultdict(list)
    events: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for row in rows:
        if row["id"] not in members[row[level]]:
            members[row[level]].append(row["id"])
            events[row[level]][row["event"]].append(row["id"])
    stories = [
        Story(key, key, tuple(ids), events=_events(level, events[key]))
        for key, ids in sorted(members.items())
        if len({docs[i].outlet for i in ids}) >= 2
    ]
    return list(docs.values()), stories


def _events(level: str, events: dict[str, list[str]]) -> tuple[StoryEvent, ...]:
    """A storyline's gold events, as the story clusterer gives its stories (an event story has none)."""
    if level == "event":
        return ()
    return tuple(StoryEvent(key, tuple(ids)) for key, ids in events.items())


class _Words:
    """The tokenizer sumy's sentences call: normalised words, as marsad reads them."""

    def to_words(self, text: str) -> list[str]:
        return normalise(text).split()


def lexrank(cands: Sequence[Candidate], texts: Sequence[str], k: int) -> list[int]:
    """Indices of the ``k`` candidates LexRank ranks highest, with marsad's stems as its stemmer."""
    from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
    from sumy.summarizers.lex_rank import LexRankSummarizer

    from marsad.corpus.terms import STOPWORDS

    words = _Words()
    sentences = [Sentence(t, words) for t in texts]
    summarizer = LexRankSummarizer(light_stem)
    summarizer.stop_words = STOPWORDS
    picked = summarizer(ObjectDocumentModel([Paragraph(sentences)]), k)
    index = {str(s): i for i, s in reversed(list(enumerate(sentences)))}
    return [index[str(s)] for s in picked]


def measure(
    story: Story, cands: Sequence[Candidate], chosen: Sequence[int], cited: set[str]
) -> dict[str, Any]:
    """Coverage, redundancy and outlet figures of one story's summary."""
    outlets = {c.outlet for c in cands}
    by_article = {c.article: c.outlet for c in cands}
    inside = {cid: cands[i].outlet for i in chosen for cid in cands[i].claims}
    groups = [g for g in story.claim_groups if g.relation in ("agree", "contradict")]
    contra = [g for g in groups if g.relation == "contradict"]
    sims = [cosine(cands[a].vector, cands[b].vector) for x, a in enumerate(chosen) for b in chosen[x + 1 :]]
    return {
        "groups": len(groups),
        "groups_covered": sum(1 for g in groups if any(c in inside for c in g.claims)),
        "contradict": len(contra),
        "contradict_covered": sum(1 for g in contra if any(c in inside for c in g.claims)),
        "contradict_both": sum(1 for g in contra if len({inside[c] for c in g.claims if c in inside}) > 1),
        "max_sim": max(sims, default=0.0),
        "pairs": len(sims),
        "near_pairs": sum(1 for s in sims if s >= NEAR_DUPLICATE),
        "outlets": len(outlets),
        "outlets_shown": len({cands[i].outlet for i in chosen}),
        "outlets_cited": len({by_article[a] for a in cited if a in by_article}),
    }


def aggregate(rows: Sequence[dict[str, Any]]) -> dict[str, float]:
    """Micro-averaged coverage, macro-averaged redundancy and outlet shares."""

    def ratio(a: str, b: str) -> float:
        total = sum(r[b] for r in rows)
        return round(sum(r[a] for r in rows) / total, 4) if total else 0.0

    n = max(len(rows), 1)
    return {
        "group_coverage": ratio("groups_covered", "groups"),
        "contradict_coverage": ratio("contradict_covered", "contradict"),
        "contradict_both_sides": ratio("contradict_both", "contradict"),
        "redundancy": round(sum(r["max_sim"] for r in rows) / n, 4),
        "near_duplicate_pairs": ratio("near_pairs", "pairs"),
        "outlets_shown": round(sum(r["outlets_shown"] / r["outlets"] for r in rows) / n, 4),
        "outlets_cited": round(sum(r["outlets_cited"] / r["outlets"] for r in rows) / n, 4),
    }


def compare_summaries(corpus: Corpus) -> dict[str, Any]:
    """Summarise every story both ways and measure both on the same candidates."""
    parsed = parse_corpus(corpus)
    idf, default_idf = document_frequencies(list(parsed.values()))
    articles = {a.doc.id: a for a in corpus.articles}
    ours, theirs = [], []
    for story in corpus.stories:
        cands: list[Candidate] = []
        for aid in story.articles:
            art = articles[aid]
            cands.extend(candidates_of(art, art.doc.outlet or aid, parsed[aid], idf, default_idf))
        if not cands or not story.summary:
            continue
        where = {(c.article, c.start): i for i, c in enumerate(cands)}
        chosen = [where[(s.sources[0].article, s.sources[0].start)] for s in story.summary]
        cited = {r.article for s in story.summary for r in s.sources}
        ours.append(measure(story, cands, chosen, cited))
        texts = [articles[c.article].text[c.start : c.end] for c in cands]
        picked = lexrank(cands, texts, len(chosen))
        theirs.append(measure(story, cands, picked, {cands[i].article for i in picked}))
    return {
        "stories": len(ours),
        "stories_pool_cut": _pool_cut(corpus),
        "marsad": aggregate(ours),
        "lexrank": aggregate(theirs),
    }


def _pool_cut(corpus: Corpus) -> int:
    """Stories summarised from a cut pool of shortlisted sentences rather than from all of theirs."""
    kept = corpus.extra.get("summary_shortlists", {})
    return sum(
        1
        for lists in kept.values()
        if not all(sl.complete for sl in lists.values())
        or sum(len(sl.sentences) for sl in lists.values()) > POOL
    )


def speed(limit: int, stages: Sequence[Callable[[Article], Article]], cluster: bool = True) -> dict[str, Any]:
    """Time the corpus stages this module owns on SaudiNewsNet (per-article stages timed apart)."""
    docs: list[Document] = []
    for path in sorted(DATA.glob("*.zip")):
        with zipfile.ZipFile(path) as z:
            for i, rec in enumerate(json.loads(z.read(z.namelist()[0]))):
                docs.append(
                    Document.create(
                        rec["content"], f"{path.name}#{i}", outlet=rec["source"], published=path.stem
                    )
                )
                if limit and len(docs) >= limit:
                    break
        if limit and len(docs) >= limit:
            break
    t0 = time.perf_counter()
    articles = analyse(docs, stages)
    t1 = time.perf_counter()
    base = Corpus(tuple(articles))
    resolving: float | str = "no mentions"
    if any(a.mentions for a in articles):
        from marsad.corpus.resolve import RESOLVE_STAGE

        start = time.perf_counter()
        base = RESOLVE_STAGE(base)
        resolving = round(time.perf_counter() - start, 1)
    groupings: dict[str, Corpus] = {}
    clustering: float | str = "not run (--no-cluster)"
    if cluster:
        try:
            from marsad.corpus.stories import cluster_stories

            start = time.perf_counter()
            groupings["stories"] = cluster_stories(base)
            clustering = round(time.perf_counter() - start, 1)
        except Exception as error:  # another module's clusterer: its failure must not hide these figures
            clustering = f"unavailable: {type(error).__name__}"
    by_day: dict[str, list[str]] = defaultdict(list)
    for a in articles:
        by_day[str(a.doc.published)].append(a.doc.id)
    groupings["day"] = base.with_(stories=tuple(Story(k, k, tuple(v)) for k, v in by_day.items()))
    results: dict[str, Any] = {}
    for name, corpus in groupings.items():
        timings: dict[str, float] = {}
        cpu: dict[str, float] = {}
        for stage, run in (
            ("compare", compare_corpus),
            ("framing", frame_corpus),
            ("summary", summarise_corpus),
        ):
            start, start_cpu = time.perf_counter(), time.process_time()
            corpus = run(corpus)
            timings[stage] = round(time.perf_counter() - start, 2)
            cpu[stage] = round(time.process_time() - start_cpu, 2)
        results[name] = {
            "stories": len(corpus.stories),
            "largest_story": max((len(s.articles) for s in corpus.stories), default=0),
            "claim_groups": sum(len(s.claim_groups) for s in corpus.stories),
            "seconds": timings,
            "cpu_seconds": cpu,
            "total_s": round(sum(timings.values()), 2),
            "total_cpu_s": round(sum(cpu.values()), 2),
            "framing_rows": sum(len(s.framing) for s in corpus.stories),
        }
    return {
        "articles": len(articles),
        "claims": sum(len(a.claims) for a in articles),
        "per_article_s": round(t1 - t0, 1),
        "resolve_s": resolving,
        "clustering_s": clustering,
        "groupings": results,
    }


def main(argv: Sequence[str] | None = None) -> int:
    """Run the comparison (and the timing when asked); print the figures, JSON last."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--level", choices=("event", "storyline"), default="event")
    parser.add_argument("--speed", type=int, default=None, help="time the stages on N articles (0 = all)")
    parser.add_argument("--no-cluster", action="store_true", help="with --speed: skip the story clusterer")
    parser.add_argument(
        "--no-entities", action="store_true", help="with --speed: no NER (faster per article)"
    )
    args = parser.parse_args(argv)
    if not DATA.exists():
        print(f"data not found: {DATA}", file=sys.stderr)
        return 2
    stages = _optional_stages()
    docs, stories = load_gold(args.level)
    articles = analyse(docs, stages)
    corpus = Corpus(tuple(articles), stories=tuple(stories))
    corpus = summarise_corpus(compare_corpus(corpus))
    figures: dict[str, Any] = {
        "level": args.level,
        "articles": len(articles),
        "claims": sum(len(a.claims) for a in articles),
        "stages": ["text", *(getattr(s, "name", "?") for s in stages), "quotes", "claims"],
        "claim_groups": {
            rel: sum(1 for s in corpus.stories for g in s.claim_groups if g.relation == rel)
            for rel in ("agree", "contradict", "unique")
        },
        **compare_summaries(corpus),
    }
    for name in ("marsad", "lexrank"):
        print(name, figures[name])
    if args.speed is not None:
        figures["speed"] = speed(
            args.speed, _optional_stages(entities=not args.no_entities), cluster=not args.no_cluster
        )
        print("speed", figures["speed"])
    print(json.dumps(figures, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
