"""Kept corpus state in pieces: what comes back equals what was kept; a kept index grows as the original."""

from __future__ import annotations

import itertools
import pickle
from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.arabic.layer import add_text_layer
from marsad.corpus.model import Story, StoryEvent
from marsad.corpus.resolve import resolve_full, resolve_grown
from marsad.corpus.resolve_pieces import lazy_state, pieces
from marsad.corpus.resolve_state import grow
from marsad.corpus.stories import build_stories, grow_stories, grown_stories, publication_order
from marsad.corpus.story_features import DocumentFrequencies
from marsad.corpus.story_index import StoryIndex, StoryParams
from marsad.document import Article, Document, Mention
from marsad.scale.state import (
    INDEX_ARTICLE,
    INDEX_EVENT,
    CorpusResults,
    fetcher,
    load_index,
    load_results,
    load_whole,
    save_index,
    save_named,
    save_results,
)
from marsad.store.sqlite import Store

PRIOR = DocumentFrequencies(50, {"وزار": 20, "مشروع": 10})
# Six composed topics; each article draws its words from one, on one of 60 days (every 7th undated).
TOPICS = (
    "انفجار مصنع كيماويات ميناء الدمام عمال حريق الدفاع المدني إصابة دخان".split(),
    "المنتخب مباراة هدفين تصفيات كأس آسيا المهاجم الشوط الملعب الجماهير".split(),
    "وزارة المالية ميزانية عجز إيرادات النفط الإنفاق الضرائب القطاع الخاص".split(),
    "الأمطار السيول جدة الطرق المدارس تعليق الدراسة الأرصاد تحذير الأودية".split(),
    "الجامعة الطلاب القبول التسجيل المنح الابتعاث الكليات الاختبارات النتائج".split(),
    "المستشفى المرضى الأطباء العيادات اللقاحات الصحة الطوارئ الأدوية التمريض".split(),
)


def composed(n: int) -> Article:
    """The ``n``-th composed article: a topic, a rotating choice of its words, a day."""
    words = TOPICS[n % len(TOPICS)]
    picked = [words[(n * 3 + i * (1 + n % 4)) % len(words)] for i in range(7)]
    text = " ".join(picked) + "."
    day = date(2030, 1, 1) + timedelta(days=(n * 13) % 60)
    published = None if n % 7 == 6 else day.isoformat()
    doc = Document.create(text, f"{n}.txt", title=" ".join(picked[:3]), published=published)
    return add_text_layer(Article(doc=doc))


ARTICLES = publication_order([composed(n) for n in range(60)])
PARAMS = StoryParams(posting_limit=2, shortlist=3)  # small posting lists: pruning happens


def state_of(index: StoryIndex) -> dict[str, Any]:
    """Everything an index holds, as comparable plain data."""

    def level(centroids: Any) -> Any:
        clusters = {
            cid: (c.members, c.centroid, c.norm2, c.norm, c.first_day, c.last_day, c.story)
            for cid, c in ((cid, centroids.clusters[cid]) for cid in centroids.names)
        }
        return (dict(centroids.postings), centroids.names, centroids.norms, centroids.owners, clusters)

    ids = list(index.placement)
    return {
        "df": dict(index.vocabulary.df),
        "documents": index.vocabulary.documents,
        "events": level(index.events),
        "stories": level(index.stories),
        "placement": index.placement,
        "rows": {a: (index.vectors[a], index.event_vectors[a], index.titles[a], index.days[a]) for a in ids},
    }


def test_a_kept_index_comes_back_whole_and_lazily() -> None:
    index = StoryIndex(PARAMS, PRIOR)
    index.add(ARTICLES)
    with Store() as store:
        written = save_index(store, "v1", index)
        assert written == 1 + len(index.events.names) + len(index.stories.names) + len(index)
        loaded = load_index(store, "v1", PRIOR)
        assert loaded is not None
        assert dict.__len__(loaded.events.clusters) == 0  # nothing fetched yet
        assert state_of(loaded) == state_of(index)
        assert build_stories(loaded) == build_stories(index)
        assert load_index(store, "v2", PRIOR) is None
        assert load_index(store, "v1", DocumentFrequencies(51, PRIOR.counts)) is None


@settings(max_examples=12, deadline=None)
@given(st.lists(st.integers(min_value=1, max_value=len(ARTICLES) - 1), min_size=1, max_size=3, unique=True))
def test_growing_from_pieces_places_articles_as_the_whole_index(cuts: list[int]) -> None:
    bounds = [*sorted(cuts), len(ARTICLES)]
    whole = StoryIndex(PARAMS, PRIOR)
    whole.add(ARTICLES[: bounds[0]])
    with Store() as store:
        save_index(store, "v", whole)
        for start, end in itertools.pairwise(bounds):
            kept = load_index(store, "v", PRIOR)
            assert kept is not None
            new = ARTICLES[start:end]
            grown = grown_stories(kept, new, (), [a.doc.id for a in ARTICLES[:end]])
            placed = whole.add(new)
            assert [kept.placement[p.article] for p in placed] == placed
            every = build_stories(whole)
            assert grown == tuple(s for s in every if s.id in {p.story for p in placed})
            assert kept.story_ids() == [s.id for s in every]
            save_index(store, "v", kept, full=False)
        again = load_index(store, "v", PRIOR)
        assert again is not None
        assert state_of(again) == state_of(whole)


def test_an_incremental_save_writes_only_what_changed() -> None:
    index = StoryIndex(PARAMS, PRIOR)
    index.add(ARTICLES[:40])
    with Store() as store:
        save_index(store, "v", index)
        kept = load_index(store, "v", PRIOR)
        assert kept is not None
        kept.add(ARTICLES[40:42])
        fetched = dict.__len__(kept.events.clusters) + dict.__len__(kept.stories.clusters)
        assert fetched < len(kept.events.names) + len(kept.stories.names)
        touched = len(kept.events.touched) + len(kept.stories.touched)
        assert 2 <= touched <= 4
        assert save_index(store, "v", kept, full=False) == 1 + touched + 2
        assert save_index(store, "v", kept, full=False) == 1  # nothing changed since: the head alone
        assert (
            len(store.piece_keys(INDEX_ARTICLE, "v")) == len(kept) == len({a.doc.id for a in ARTICLES[:42]})
        )
        assert len(store.piece_keys(INDEX_EVENT, "v")) == len(kept.events.names)


def test_a_lazy_index_is_not_pickled_by_mistake_but_can_be_loaded_whole() -> None:
    index = StoryIndex(PARAMS, PRIOR)
    index.add(ARTICLES[:10])
    with Store() as store:
        save_index(store, "v", index)
        kept = load_index(store, "v", PRIOR)
        assert kept is not None
        with pytest.raises(TypeError):
            pickle.dumps(kept)
        whole = pickle.loads(pickle.dumps(load_whole(kept)))
    assert state_of(whole) == state_of(index)


def test_pieces_missing_from_the_head_make_the_index_absent() -> None:
    index = StoryIndex(PARAMS, PRIOR)
    index.add(ARTICLES[:10])
    with Store() as store:
        save_index(store, "v", index)
        store.save_pieces("v", [(INDEX_ARTICLE, ARTICLES[0].doc.id, None)])
        assert load_index(store, "v", PRIOR) is None


def _story(n: int, articles: tuple[str, ...]) -> Story:
    return Story(id=f"s-{n}", title=f"t{n}", articles=articles, events=(StoryEvent(f"e-{n}", articles),))


def _results(stories: int) -> CorpusResults:
    kept = {f"s-{n}": _story(n, (f"a{n}",)) for n in range(stories)}
    extra = {
        "claim_group_reasons": {f"s-{n}": ("r", n) for n in range(stories)},
        "framing_loaded": {f"s-{n}": [n] for n in range(0, stories, 2)},
        "claim_alignment": "lexical",
    }
    return CorpusResults(kept, extra)


PER_STORY = ("claim_group_reasons", "framing_loaded", "summary_shortlists")


def test_results_come_back_whole_or_by_story() -> None:
    results = _results(6)
    with Store() as store:
        assert load_results(store, "v") is None
        save_results(store, "v", results, PER_STORY)
        assert load_results(store, "v") == results
        assert list(load_results(store, "v").stories) == list(results.stories)  # type: ignore[union-attr]
        some = load_results(store, "v", stories=["s-4", "s-1"])
        assert some is not None
        assert some.stories == {"s-1": results.stories["s-1"], "s-4": results.stories["s-4"]}
        assert some.extra == {
            "claim_group_reasons": {"s-1": ("r", 1), "s-4": ("r", 4)},
            "framing_loaded": {"s-4": [4]},
            "claim_alignment": "lexical",
        }
        listed = load_results(store, "v", rows=["s-4"])  # every story, the rows of one
        assert listed is not None and listed.stories == results.stories
        assert listed.extra["claim_group_reasons"] == {"s-4": ("r", 4)}
        assert load_results(store, "other") is None


def test_results_saved_in_part_equal_results_saved_whole() -> None:
    before, after = _results(6), _results(8)
    after.stories["s-2"] = _story(2, ("a2", "a10"))
    after.extra["claim_group_reasons"]["s-2"] = ("grown", 2)
    del after.stories["s-5"], after.extra["claim_group_reasons"]["s-5"]
    after.extra["claim_alignment"] = "changed"
    with Store() as store:
        save_results(store, "v", before, PER_STORY)
        count = save_results(store, "v", after, PER_STORY, stories=["s-2", "s-5", "s-6", "s-7"])
        assert count == 1 + 2 * 4  # the head, then a story and its rows each
        assert load_results(store, "v") == after


def test_a_lazily_loaded_index_saved_whole_and_rebuilt_whole_stays_the_same() -> None:
    index = StoryIndex(PARAMS, PRIOR)
    index.add(ARTICLES[:30])
    with Store() as store:
        save_index(store, "v", index)
        kept = load_index(store, "v", PRIOR)
        assert kept is not None
        assert build_stories(kept) == build_stories(index)
        kept = load_index(store, "v", PRIOR)
        assert kept is not None
        save_index(store, "v", kept)  # nothing was looked up before: the full save fetches it all
        again = load_index(store, "v", PRIOR)
        assert again is not None
        assert state_of(again) == state_of(index)


@settings(max_examples=10, deadline=None)
@given(st.integers(min_value=1, max_value=len(ARTICLES) - 1))
def test_kept_stories_merged_with_the_grown_ones_are_the_stories_of_the_whole_index(cut: int) -> None:
    old, new = ARTICLES[:cut], ARTICLES[cut:]
    every_id = [a.doc.id for a in ARTICLES]
    reference = StoryIndex(PARAMS, PRIOR)
    grow_stories(reference, old, (), every_id)
    expected = grow_stories(reference, new, (), every_id)
    first = StoryIndex(PARAMS, PRIOR)
    kept_stories = grow_stories(first, old, (), every_id)
    with Store() as store:
        save_index(store, "v", first)
        save_results(store, "v", CorpusResults({s.id: s for s in kept_stories}, {}), PER_STORY)
        index, results = load_index(store, "v", PRIOR), load_results(store, "v")
        assert index is not None and results is not None
        grown = {s.id: s for s in grown_stories(index, new, (), every_id)}
        merged = tuple(grown.get(sid) or results.stories[sid] for sid in index.story_ids())
    assert merged == expected


def test_named_pieces_feed_a_lazily_read_resolver_state() -> None:
    def person(n: int, name: str) -> Article:
        text = f"قال {name} في بيان اليوم إن العمل مستمر {n}."
        start = text.index(name)
        doc = Document.create(text, f"{n}.txt")
        return Article(doc=doc, mentions=(Mention(start, start + len(name), name, "PERSON"),))

    names = ["سامي خليل", "خليل", "جون هاملتون", "هاميلتون", "الوزير سامي خليل", "نادر الخطيب", "الخطيب"]
    articles = [person(n, name) for n, name in enumerate(names)]
    _, whole = resolve_full(articles[:4])
    with Store() as store:
        assert save_named(store, "v", "resolve", pieces(whole), full=True) == len(pieces(whole))
        lazy, _ = lazy_state(fetcher(store, "v", "resolve"))
        growth = grow(lazy, articles[4:])
        _, _, expected = resolve_grown(whole, articles[4:])
        assert growth == expected
        save_named(store, "v", "resolve", pieces(lazy, growth.pieces))
        kept = fetcher(store, "v", "resolve")(sorted(pieces(whole)))
    assert kept == {name: value for name, value in pieces(whole).items() if value is not None}
