"""The stories stage: events (one happening) inside storylines (one topic), from text, names and time.

Articles are placed in publication order by a ``StoryIndex`` (see ``story_index``), so the stage
costs one pass over the corpus and a later batch of articles can be added to the same index
without recomputing the first. When entity resolution ran before this stage, the resolved
entities each article mentions count as extra keywords.

Persistence: ``scale.state`` keeps the index in the store in pieces (a head with the document
frequencies and posting lists, one piece per cluster and per article) and reads a kept index back
lazily, so an incremental run fetches the clusters its new articles reach and writes those it
changed; ``grown_stories`` then builds only the storylines the new articles joined.
``StoryIndex.snapshot()`` / ``restore`` give the index as plain data (replayed in placement order).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence

from marsad.corpus.collector import without_collector
from marsad.corpus.model import Corpus, Entity, Story, StoryEvent
from marsad.corpus.story_index import StoryIndex, StoryParams, want
from marsad.document import Article
from marsad.pipeline import CorpusStage

INDEX_KEY = "story_index"


def publication_order(articles: Iterable[Article]) -> list[Article]:
    """Sort articles by publication date, undated ones first, keeping input order among equals."""
    return sorted(articles, key=lambda a: (a.doc.published is not None, a.doc.published or ""))


def entity_mentions(entities: Sequence[Entity]) -> dict[str, list[str]]:
    """Map each article id to the ids of the resolved entities it mentions (each id once)."""
    found: dict[str, dict[str, None]] = defaultdict(dict)
    for entity in entities:
        for mention in entity.mentions:
            found[mention.article][entity.id] = None
    return {article: list(ids) for article, ids in found.items()}


def build_stories(
    index: StoryIndex, keep: Iterable[str] | None = None, only: Collection[str] | None = None
) -> tuple[Story, ...]:
    """Turn the index's clusters into ``Story`` values, restricted to the ``keep`` article ids.

    ``only``: build just those storylines (in the same order), not every one the index holds.
    """
    wanted = None if keep is None else set(keep)
    chosen = [(sid, eids) for sid, eids in index.story_events().items() if only is None or sid in only]
    # A kept index read in pieces fetches what these stories need in a few queries, not one by one.
    want(index.events.clusters, [eid for _, eids in chosen for eid in eids])
    want(index.stories.clusters, [sid for sid, _ in chosen])
    want(index.vectors, [aid for sid, _ in chosen for aid in index.stories.clusters[sid].members])
    stories: list[Story] = []
    for story_id, event_ids in chosen:
        events = []
        for event_id in event_ids:
            members = index.events.clusters[event_id].members
            articles = tuple(a for a in members if wanted is None or a in wanted)
            if articles:
                events.append(StoryEvent(id=event_id, articles=articles))
        if not events:
            continue
        members = index.stories.clusters[story_id].members
        articles = tuple(a for a in members if wanted is None or a in wanted)
        title = index.titles[index.central(story_id)]
        stories.append(Story(id=story_id, title=title, articles=articles, events=tuple(events)))
    return tuple(stories)


def cluster_stories(corpus: Corpus, params: StoryParams | None = None) -> Corpus:
    """Assign ``Corpus.stories``, reusing the ``StoryIndex`` in ``corpus.extra`` when there is one."""
    index = corpus.extra.get(INDEX_KEY)
    if not isinstance(index, StoryIndex):
        index = StoryIndex(params)
    mentions = entity_mentions(corpus.entities) if corpus.entities else None
    index.add(publication_order(corpus.articles), mentions)
    stories = build_stories(index, keep=(a.doc.id for a in corpus.articles))
    extra = dict(corpus.extra)
    extra[INDEX_KEY] = index
    return corpus.with_(stories=stories, extra=extra)


STORY_STAGE = CorpusStage(
    name="stories",
    run=without_collector(cluster_stories),
    requires=frozenset({"articles"}),
    assigns=frozenset({"stories"}),
)


def grow_stories(
    index: StoryIndex, new: Iterable[Article], entities: Sequence[Entity], keep: Iterable[str]
) -> tuple[Story, ...]:
    """Place only the ``new`` articles in a kept index and return the stories of the ``keep`` ids.

    What ``cluster_stories`` does on a corpus whose other articles the index already placed, without
    needing those articles: an incremental run reads back only what changed stories need.
    """
    mentions = entity_mentions(entities) if entities else None
    index.add(publication_order(new), mentions)
    return build_stories(index, keep=keep)


def grown_stories(
    index: StoryIndex, new: Iterable[Article], entities: Sequence[Entity], keep: Iterable[str]
) -> tuple[Story, ...]:
    """Place the ``new`` articles in a kept index and return only the storylines they joined or opened.

    Every other storyline is as the index last built it (same members, same title), so a caller
    that kept those ``Story`` values merges these in by id: ``index.story_ids()`` is the order of
    ``build_stories``. Costs the new articles and the storylines they touch, not the index.
    """
    mentions = entity_mentions(entities) if entities else None
    placed = index.add(publication_order(new), mentions)
    return build_stories(index, keep=keep, only={p.story for p in placed})
