"""Analyse a growing store: per-article stages run once per article, corpus stages per changed event.

Each article's findings are kept in the store under the pipeline version, so a later run analyses
only articles added since (or everything, once the code, data or stages change). What the corpus
stages found is kept too, in pieces (``scale.state``): the story index (a head, then one piece per
event, storyline and article), the entity resolver's state (``corpus.resolve_pieces``), every
entity, and every story with its rows of the per-story extras (each article's timeline reports and
frames, each event's summary shortlist, each claim group's reasons). A later run:

- grows the resolver with the new articles' mentions, reading only the pieces they touch;
- places the new articles in the story index, reading only the clusters their probes reach, and
  builds only the storylines they joined or opened;
- reads back only the articles of the events (``StoryEvent``: one happening) that gained an
  article, runs the stages after ``stories`` on those events, and splices each grown story from
  its kept parts and the redone ones (``scale.splice``);
- writes back only what changed.

So its cost follows the new articles and the events they join, not the corpus or the size of the
storylines. What it gives up: corpus-wide statistics that those later stages compute (word rarity
for claim comparison and summaries) come from the redone events' articles, and an untouched story
or article keeps the entity ids of the run that last changed it. The index places articles in
arrival order, so articles older than the stored ones join the stories as they stood:
``exact=True`` (``marsad analyze --exact``) recomputes every corpus stage over the whole corpus
with a new story index, the results of a new store. Still read whole each run: the story index's
head (its document frequencies and posting lists), every entity and every kept story (the report
lists them all).
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from marsad.corpus.framing import FRAMING_PARTS
from marsad.corpus.model import Corpus, Entity, Story
from marsad.corpus.resolve import STATE_KEY as RESOLVER_KEY
from marsad.corpus.resolve_pieces import lazy_state
from marsad.corpus.resolve_pieces import pieces as resolver_pieces
from marsad.corpus.resolve_state import ResolveState, changed_entities, entity_order
from marsad.corpus.resolve_state import grow as grow_resolver
from marsad.corpus.stories import INDEX_KEY, grown_stories
from marsad.corpus.story_index import StoryIndex
from marsad.corpus.summary import SHORTLISTS_KEY, STEM_COUNTS_KEY, StemCounts, article_counts
from marsad.corpus.timeline import TIMELINE_REPORTS
from marsad.document import Article
from marsad.pipeline import Pipeline
from marsad.scale.compact import TokenCache
from marsad.scale.fresh import analyse_and_keep, chunked
from marsad.scale.local import run_stages
from marsad.scale.memory import bulk_build
from marsad.scale.splice import PER_STORY, StoryResult, can_splice, rows_of, splice_story
from marsad.scale.state import (
    RESOLVER,
    CorpusResults,
    fetcher,
    load_entities,
    load_index,
    load_results,
    load_rows,
    save_entities,
    save_index,
    save_named,
    save_results,
)
from marsad.stages import default_pipeline
from marsad.store.findings import FindingsError, decode, encode, pipeline_version
from marsad.store.open import AnyStore

SAVE_EVERY = 500  # analyses per transaction
KEPT_ONLY = frozenset(
    {INDEX_KEY, RESOLVER_KEY, TIMELINE_REPORTS, FRAMING_PARTS, SHORTLISTS_KEY, STEM_COUNTS_KEY}
)
RESOLVER_KEPT = "resolver_kept"  # kept extras: the resolver state and entities are kept in pieces
Progress = Callable[[int], None]


@dataclass(frozen=True, slots=True)
class IncrementalRun:
    """What one run did: articles analysed now, reused from the store, and whether stories grew.

    ``stories_redone`` / ``stories_reused``: stories whose later stages ran again or were kept (all
    redone in a full pass); ``read_back``: stored analyses decoded (the articles analysed in this
    run are kept, not read back); ``seconds``: CPU seconds per step.
    """

    analysed: int
    reused: int
    story_index_reused: bool
    stories_redone: int = 0
    stories_reused: int = 0
    read_back: int = 0
    seconds: dict[str, float] = field(default_factory=dict, compare=False)


class _Clock:
    """CPU seconds per step of a run."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self._last = time.process_time()

    def tick(self, step: str) -> None:
        """Charge the CPU time since the last tick to ``step``."""
        now = time.process_time()
        self.seconds[step] = round(self.seconds.get(step, 0.0) + now - self._last, 3)
        self._last = now


def corpus_version(pipeline: Pipeline) -> str:
    """Name the corpus-stage state: the per-article version plus the corpus stages run."""
    names = ",".join(stage.name for stage in pipeline.corpus_stages)
    return pipeline_version(pipeline.article_stages) + ":" + hashlib.sha256(names.encode()).hexdigest()[:8]


def read_back(
    store: AnyStore, pipeline: Pipeline, ids: Iterable[str] | None, cache: TokenCache, *, tokens: bool = True
) -> tuple[list[Article], int]:
    """Read stored analyses back (all, or the given ids) in stored order; redo and count damaged ones.

    ``tokens=False``: for the report alone (word counts instead of tokens, a third of the cost).
    """
    version = pipeline_version(pipeline.article_stages)
    articles, redone = [], []
    rows = store.analysed(version) if ids is None else store.analysed(version, ids)
    with bulk_build():
        for doc, blob in rows:
            try:
                articles.append(decode(blob, doc, cache, tokens=tokens))
            except FindingsError:
                article = cache.compact(run_stages(pipeline.article_stages, doc))
                redone.append((doc.id, encode(article)))
                articles.append(article)
    if redone:
        store.save_analyses(version, redone)
    return articles, len(redone)


def load_articles(store: AnyStore, pipeline: Pipeline) -> tuple[list[Article], int]:
    """Read every stored analysis of this pipeline version back, in stored order; redo damaged ones."""
    return read_back(store, pipeline, None, TokenCache())


def _story_index(store: AnyStore, version: str, ids: Iterable[str]) -> StoryIndex | None:
    """Load the saved story index when every article it placed is still in the corpus."""
    index = load_index(store, version)  # its clusters are read when placing articles reaches them
    if index is None:
        return None
    known = set(ids)
    return index if all(aid in known for aid in index.placement) else None


def _resolves(pipeline: Pipeline) -> bool:
    """Tell whether the corpus stages start with entity resolution (whose state the grow path keeps)."""
    return bool(pipeline.corpus_stages) and pipeline.corpus_stages[0].name == "resolve"


def _split_at_stories(pipeline: Pipeline) -> tuple[Any, ...] | None:
    """Return the corpus stages after ``stories`` when the ones before are ``resolve`` at most."""
    names = [stage.name for stage in pipeline.corpus_stages]
    if "stories" not in names or not set(names[: names.index("stories")]) <= {"resolve"}:
        return None
    return pipeline.corpus_stages[names.index("stories") + 1 :]


def analyse_incremental(
    store: AnyStore,
    pipeline: Pipeline | None = None,
    *,
    workers: int = 1,
    progress: Progress | None = None,
    exact: bool = False,
    read_all: bool = True,
) -> tuple[Corpus, IncrementalRun]:
    """Analyse what is new, reuse what is stored, run the corpus stages and keep their state.

    By default only the stories new articles joined are recomputed (see the module notes);
    ``exact`` recomputes every corpus stage over the whole corpus. ``read_all=False`` leaves
    ``Corpus.articles`` holding only the articles read back for changed stories (the stories and
    entities still cover the whole corpus): for callers that do not build a full report.
    """
    pipeline = pipeline or default_pipeline()
    clock = _Clock()
    cache = TokenCache()
    fresh = analyse_and_keep(
        store,
        pipeline,
        chunked(store.unanalysed(pipeline_version(pipeline.article_stages)), SAVE_EVERY),
        workers=workers,
        cache=cache,
        observe=(lambda _: progress(1)) if progress else None,
    )
    analysed = len(fresh)
    clock.tick("article_stages")
    ids = store.analysed_ids(pipeline_version(pipeline.article_stages))
    version = corpus_version(pipeline)
    index = None if exact else _story_index(store, version, ids)
    results = None if index is None else load_results(store, version, rows=())
    later = _split_at_stories(pipeline)
    clock.tick("load_state")
    if (
        index is not None
        and results is not None
        and later is not None
        and results.extra.get(RESOLVER_KEPT, not _resolves(pipeline))
    ):
        corpus, run = _grow(store, pipeline, later, ids, index, results, clock, read_all, fresh, cache)
        run = IncrementalRun(
            analysed + run.analysed,
            len(ids) - analysed - run.analysed,
            True,
            run.stories_redone,
            run.stories_reused,
            run.read_back,
            clock.seconds,
        )
        return corpus.with_(duplicates=store.duplicates()), run
    others, redone = read_back(store, pipeline, [aid for aid in ids if aid not in fresh], cache)
    clock.tick("read_back")
    analysed += redone
    fresh.update((a.doc.id, a) for a in others)
    articles = [fresh.pop(aid) for aid in ids]
    decoded = len(others)
    del others, fresh
    corpus = Corpus(articles=tuple(articles), extra={INDEX_KEY: index} if index is not None else {})
    del articles
    for stage in pipeline.corpus_stages:
        corpus = stage(corpus)
        clock.tick(stage.name)
    corpus = keep_state(store, version, corpus)
    clock.tick("save_state")
    stories = len(corpus.stories)
    run = IncrementalRun(
        analysed,
        len(corpus.articles) - analysed,
        index is not None,
        stories,
        0,
        decoded,
        clock.seconds,
    )
    return corpus.with_(duplicates=store.duplicates()), run


def keep_state(store: AnyStore, version: str, corpus: Corpus) -> Corpus:
    """Save what a full pass of the corpus stages found for the next run; return the corpus without it.

    The story index, the resolver state and the per-article parts of the later stages are kept in
    the store; dropping them from the corpus frees their memory before the report is written.
    """
    _keep(store, version, corpus, dict(corpus.extra))
    return corpus.with_(extra={k: v for k, v in corpus.extra.items() if k not in KEPT_ONLY})


def _keep(
    store: AnyStore,
    version: str,
    corpus: Corpus,
    extra: dict[str, Any],
    *,
    stories: Iterable[str] | None = None,
) -> None:
    """Save the story index, resolver and corpus results for the next run: all, or the named stories."""
    index = extra.pop(INDEX_KEY, None)
    if isinstance(index, StoryIndex):
        save_index(store, version, index, full=stories is None)
    resolver = extra.pop(RESOLVER_KEY, None)
    if isinstance(resolver, ResolveState):  # a full pass: the grow path keeps what it changed itself
        save_named(store, version, RESOLVER, resolver_pieces(resolver), full=True)
        save_entities(store, version, corpus.entities, full=True)
        extra[RESOLVER_KEPT] = True
    save_results(
        store, version, CorpusResults({s.id: s for s in corpus.stories}, extra), PER_STORY, stories=stories
    )


def _grow_entities(store: AnyStore, version: str, new: Sequence[Article]) -> tuple[Entity, ...]:
    """Grow the kept resolver with the new articles (reading only the pieces they touch); every entity."""
    state, _ = lazy_state(fetcher(store, version, RESOLVER))
    growth = grow_resolver(state, new)
    changed = changed_entities(state, growth)
    save_named(store, version, RESOLVER, resolver_pieces(state, growth.pieces))
    save_entities(store, version, changed, growth.removed, full=False)
    return entity_order(load_entities(store, version).values())


def _merge_extra(
    old: Mapping[str, Any], new: Mapping[str, Any], done: Mapping[str, StoryResult]
) -> dict[str, Any]:
    """Merge stage extras: per-story tables hold the grown stories' rows (those saved), others the newest.

    The kept results are read without their per-story rows, so ``old`` holds none to carry over.
    """
    merged = {**old, **new}
    for key in PER_STORY:
        table = {sid: result.rows[key] for sid, result in done.items() if key in result.rows}
        if table or key in merged:
            merged[key] = table
    return merged


def _grow(
    store: AnyStore,
    pipeline: Pipeline,
    later: Sequence[Any],
    ids: list[str],
    index: StoryIndex,
    results: CorpusResults,
    clock: _Clock,
    read_all: bool,
    fresh_articles: dict[str, Article],
    cache: TokenCache,
) -> tuple[Corpus, IncrementalRun]:
    """Grow the resolver, place the new articles, redo only the events they joined.

    The new articles just analysed are in ``fresh_articles``; other unplaced ones are read back.
    With stages that can splice (``scale.splice``), only the articles of the events that gained one
    are read back and analysed by the later stages, and each grown story is spliced from its kept
    parts; otherwise every article of a grown story is read back and the story is redone whole.
    """
    new_ids = [aid for aid in ids if aid not in index.placement]
    unplaced, redone = read_back(
        store, pipeline, [aid for aid in new_ids if aid not in fresh_articles], cache
    )
    decoded = len(unplaced)
    fresh_articles.update((a.doc.id, a) for a in unplaced)
    new = [fresh_articles.pop(aid) for aid in new_ids]
    del unplaced
    clock.tick("read_back")
    entities: tuple[Entity, ...] = ()
    if _resolves(pipeline):
        entities = _grow_entities(store, corpus_version(pipeline), new)
        clock.tick("resolve")
    grown_now = {s.id: s for s in grown_stories(index, new, entities, ids)}
    found = (grown_now.get(sid) or results.stories.get(sid) for sid in index.story_ids())
    stories = tuple(story for story in found if story is not None)
    clock.tick("stories")
    fresh = set(new_ids)
    names = [stage.name for stage in later]
    by_events = can_splice(names)
    if by_events:
        grown = frozenset(e.id for s in stories for e in s.events if any(a in fresh for a in e.articles))
    else:  # every event of a grown story
        grown = frozenset(e.id for s in stories if any(a in fresh for a in s.articles) for e in s.events)
    changed = {s.id for s in stories if s.id not in results.stories or any(e.id in grown for e in s.events)}
    sub_stories = tuple(_only_events(s, grown) for s in stories if s.id in changed)
    wanted = [aid for s in sub_stories for aid in s.articles if aid not in fresh]
    more, more_redone = read_back(store, pipeline, wanted, cache)
    decoded += len(more)
    clock.tick("read_back")
    by_id = {a.doc.id: a for a in (*new, *more)}
    order = {aid: n for n, aid in enumerate(ids)}
    articles = tuple(sorted(by_id.values(), key=lambda a: order[a.doc.id]))
    sub = Corpus(
        articles=articles, entities=entities, stories=sub_stories, extra=_carried(results, index, new)
    )
    for stage in later:
        sub = stage(sub)
        clock.tick(stage.name)
    redone_stories = {s.id: s for s in sub.stories}
    kept_rows = load_rows(store, corpus_version(pipeline), changed) if by_events else {}
    done: dict[str, StoryResult] = {}
    for story in stories:
        if story.id not in changed:
            continue
        result = StoryResult(redone_stories[story.id], rows_of(sub.extra, story.id))
        if by_events:
            old = results.stories.get(story.id)
            kept = None if old is None else StoryResult(old, kept_rows.get(story.id, {}))
            result = splice_story(story, kept, result, grown, names)
        done[story.id] = result
    clock.tick("splice")
    merged = tuple(done[s.id].story if s.id in changed else results.stories[s.id] for s in stories)
    extra = _merge_extra(results.extra, sub.extra, done)
    full = Corpus(articles=articles, entities=entities, stories=merged)
    _keep(store, corpus_version(pipeline), full, {**extra, INDEX_KEY: index}, stories=changed)
    full = full.with_(extra={k: v for k, v in extra.items() if k not in KEPT_ONLY})
    clock.tick("save_state")
    if read_all:
        rest = [aid for aid in ids if aid not in by_id]
        others, late = read_back(store, pipeline, rest, cache, tokens=False)  # for the report only
        more_redone += late
        decoded += len(others)
        by_id.update((a.doc.id, a) for a in others)
        full = full.with_(articles=tuple(by_id[aid] for aid in ids if aid in by_id))
        clock.tick("read_back_rest")
    run = IncrementalRun(
        redone + more_redone,
        0,
        True,
        len(changed),
        len(stories) - len(changed),
        decoded,
    )
    return full, run


def _carried(results: CorpusResults, index: StoryIndex, new: Sequence[Article]) -> dict[str, Any]:
    """What the later stages start from: the index, and corpus-wide word counts grown by the new articles."""
    extra: dict[str, Any] = {INDEX_KEY: index}
    counts = results.extra.get(STEM_COUNTS_KEY)
    if isinstance(counts, StemCounts):
        extra[STEM_COUNTS_KEY] = counts.plus(article_counts(new))
    return extra


def _only_events(story: Story, events: frozenset[str]) -> Story:
    """A story cut down to the given events: what the later stages redo of it."""
    kept = tuple(e for e in story.events if e.id in events)
    members = {aid for e in kept for aid in e.articles}
    return replace(story, articles=tuple(a for a in story.articles if a in members), events=kept)
