"""The cited story summary on composed stories: shared sentences cite every outlet, contested sides."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.arabic.layer import add_text_layer
from marsad.arabic.normalise import normalise
from marsad.corpus import summary
from marsad.corpus.compare import compare_corpus
from marsad.corpus.model import Corpus, Story, StoryEvent, SummarySentence
from marsad.corpus.summary import (
    SHORTLIST,
    SHORTLISTS_KEY,
    STEM_COUNTS_KEY,
    SUMMARY_STAGE,
    Candidate,
    Facts,
    Similarities,
    article_counts,
    cosine,
    document_frequencies,
    event_shortlists,
    parse_corpus,
    stale_events,
    story_events,
    summarise_corpus,
    summarise_from_shortlists,
    summarise_story,
)
from marsad.document import Article, Document
from marsad.extract.claims import extract_claims
from marsad.extract.quotes import extract_quotes

SHARED = "افتتح المحافظ مستشفى جديدا للأطفال في المدينة الساحلية بكلفة 40 مليون دولار."
EAST = (
    f"{SHARED} وأرسلت الحكومة مئتي جندي إلى الحدود الشمالية يوم الأحد لحماية القرى. "
    "وقال رئيس البلدية إن المشروع سيخدم آلاف الأسر في المنطقة كلها. "
    "وشهدت الأسواق إقبالا كبيرا من المتسوقين خلال عطلة نهاية الأسبوع الماضي."
)
WEST = (
    "وافتتح المحافظ مستشفى جديدا للأطفال في المدينة الساحلية بكلفة 40 مليون دولار أمس. "
    "ولم ترسل الحكومة أي جندي إلى الحدود الشمالية يوم الأحد لحماية القرى. "
    "وارتفعت أسعار الوقود في البلاد بنسبة كبيرة خلال الشهر الجاري."
)


def _article(text: str, outlet: str) -> Article:
    """A composed article through text layer, quotes and claims."""
    article = add_text_layer(Article(Document.create(text, f"{outlet}.txt", outlet=outlet)))
    article = article.with_(quotes=extract_quotes(article))
    return article.with_(claims=extract_claims(article))


def _summarise(*articles: Article) -> Corpus:
    """Align the claims of one story and summarise it."""
    story = Story("s", "s", tuple(a.doc.id for a in articles))
    return summarise_corpus(compare_corpus(Corpus(tuple(articles), stories=(story,))))


def test_shared_sentence_cites_both_outlets() -> None:
    east, west = _article(EAST, "east"), _article(WEST, "west")
    summary = _summarise(east, west).stories[0].summary
    opening = [s for s in summary if "مستشفى" in s.text]
    assert len(opening) == 1, "the shared sentence appears once"
    cited = {r.article for r in opening[0].sources}
    assert cited == {east.doc.id, west.doc.id}


def test_both_sides_of_a_contradiction_are_in_the_summary_and_do_not_cite_each_other() -> None:
    east, west = _article(EAST, "east"), _article(WEST, "west")
    summary = _summarise(east, west).stories[0].summary
    sent = [s for s in summary if "الحدود" in s.text]
    assert len(sent) == 2
    for s in sent:
        assert len(s.sources) == 1


def test_every_source_points_at_the_text_it_quotes() -> None:
    east, west = _article(EAST, "east"), _article(WEST, "west")
    corpus = _summarise(east, west)
    texts = {a.doc.id: a.text for a in corpus.articles}
    for sentence in corpus.stories[0].summary:
        own = sentence.sources[0]
        assert texts[own.article][own.start : own.end] == sentence.text
        for ref in sentence.sources:
            assert 0 <= ref.start < ref.end <= len(texts[ref.article])


def test_summary_is_not_redundant() -> None:
    east = _article(EAST, "east")
    copy = _article(EAST.replace("وشهدت", "كما شهدت"), "copy")
    corpus = _summarise(east, copy)
    summary = corpus.stories[0].summary
    texts = [s.text for s in summary]
    assert len(texts) == len(set(texts))
    assert all(len(s.sources) == 2 for s in summary)


def test_single_article_story_gets_a_short_summary() -> None:
    corpus = _summarise(_article(EAST, "east"))
    assert 1 <= len(corpus.stories[0].summary) <= 3


def test_cosine_of_unit_vectors() -> None:
    assert cosine({"a": 1.0}, {"a": 1.0}) == 1.0
    assert cosine({"a": 1.0}, {"b": 1.0}) == 0.0


def test_stage_contract() -> None:
    assert SUMMARY_STAGE.requires == {"articles", "stories", "claim_groups"}
    assert SUMMARY_STAGE.assigns == {"summary"}


_SENTENCES = st.sampled_from(
    [
        "افتتح المحافظ مستشفى جديدا للأطفال في المدينة الساحلية.",
        "أرسلت الحكومة مئتي جندي إلى الحدود الشمالية يوم الأحد.",
        "لم ترسل الحكومة أي جندي إلى الحدود الشمالية يوم الأحد.",
        "ارتفعت أسعار الوقود في البلاد بنسبة كبيرة هذا الشهر.",
        "قال الوزير إن المصنع أنتج 500 سيارة خلال العام الماضي.",
        "شهدت الأسواق إقبالا كبيرا من المتسوقين في نهاية الأسبوع.",
    ]
)


@settings(max_examples=25, deadline=None)
@given(st.lists(st.tuples(st.lists(_SENTENCES, min_size=1, max_size=4), st.sampled_from("abc")), max_size=5))
def test_summary_sentences_are_spans_of_their_first_source(items: list[tuple[list[str], str]]) -> None:
    articles = {}
    for n, (sentences, outlet) in enumerate(items):
        art = _article(" ".join(sentences) + f" ({n})", outlet)
        articles[art.doc.id] = art
    corpus = _summarise(*articles.values())
    for sentence in corpus.stories[0].summary:
        own = sentence.sources[0]
        assert articles[own.article].text[own.start : own.end] == sentence.text
        assert len({r.article for r in sentence.sources}) == len(sentence.sources)


def _candidate(vector: dict[str, float], words: tuple[str, ...] = ()) -> Candidate:
    return Candidate("a", "o", 0, 1, 0, vector, (), words)


vectors = st.lists(
    st.dictionaries(st.sampled_from("ا ب ت ث ج ح".split()), st.floats(0.01, 1.0), min_size=1),
    min_size=1,
    max_size=6,
)


@settings(max_examples=100, deadline=None)
@given(vectors)
def test_similarity_matrix_holds_each_weight_in_its_stem_column(vecs: list[dict[str, float]]) -> None:
    sims = Similarities([_candidate(v) for v in vecs])
    columns: dict[str, int] = {}
    for v in vecs:
        for key in v:
            columns.setdefault(key, len(columns))
    for r, v in enumerate(vecs):
        row = sims.matrix[r]
        assert {k: row[c] for k, c in columns.items() if row[c]} == v


def test_a_negated_sentence_does_not_support_its_affirmative() -> None:
    said = tuple(normalise(w) for w in "أرسل الجيش جنودا إلى ليبيا".split())
    denied = tuple(normalise(w) for w in "لم يرسل الجيش جنودا إلى ليبيا".split())
    other_figure = tuple(normalise(w) for w in "أرسل الجيش 300 جندي إلى ليبيا".split())
    figure = tuple(normalise(w) for w in "أرسل الجيش 200 جندي إلى ليبيا".split())
    facts = Facts([_candidate({"x": 1.0}, w) for w in (said, denied, figure, other_figure)])
    assert not facts.supports(0, 1)
    assert facts.supports(0, 2) and facts.supports(2, 0)
    assert not facts.supports(2, 3)
    assert facts.negated(1) is True and facts.numbers(2) == {200.0}


# Shortlists: bounded per-event parts, kept, from which the story's summary is rebuilt.

_TOPICS = (
    "افتتح المحافظ مستشفى جديدا للأطفال في المدينة الساحلية بكلفة {n} مليون دولار",
    "أعلنت وزارة النقل إغلاق الطريق السريع بين المدينتين لمدة {n} أيام للصيانة",
    "سجلت الأرصاد الجوية درجة حرارة بلغت {n} درجة مئوية في المنطقة الشرقية",
    "وقعت الشركة الوطنية عقدا لبناء {n} مدرسة جديدة في القرى الجبلية النائية",
    "استقبل مطار العاصمة أكثر من {n} ألف مسافر خلال عطلة نهاية الأسبوع الماضي",
    "أطلقت الجامعة برنامجا لتدريب {n} طالبا على البرمجة والذكاء الاصطناعي",
    "ضبطت الجمارك شحنة تضم {n} طنا من المواد المهربة في الميناء التجاري",
    "ناقش مجلس الشورى مشروع نظام جديد للعمل يضم {n} مادة في جلسته الأسبوعية",
)


def _composed(topics: list[int], seed: int | None) -> str:
    """An article of the given topic sentences, each with its own figure (the topic's without a seed)."""
    return " ".join(
        _TOPICS[t].format(n=t + 2 if seed is None else seed * 10 + k + 2) + "." for k, t in enumerate(topics)
    )


def _story_with_events(texts: list[tuple[str, str, int]]) -> tuple[Corpus, Story]:
    """Articles (text, outlet, event number) in one story with events, claims aligned."""
    articles = [_article(text, outlet) for text, outlet, _ in texts]
    events: dict[int, list[str]] = {}
    for art, (_, _, e) in zip(articles, texts, strict=True):
        events.setdefault(e, []).append(art.doc.id)
    story = Story(
        "s",
        "s",
        tuple(a.doc.id for a in articles),
        events=tuple(StoryEvent(f"e{e}", tuple(ids)) for e, ids in events.items()),
    )
    corpus = compare_corpus(Corpus(tuple(articles), stories=(story,)))
    return corpus, corpus.stories[0]


def _reference(corpus: Corpus, story: Story) -> tuple[SummarySentence, ...]:
    """The summary chosen from every sentence of the story, with the corpus-wide IDF."""
    parsed = parse_corpus(corpus)
    idf, default_idf = document_frequencies(list(parsed.values()))
    return summarise_story(story, {a.doc.id: a for a in corpus.articles}, idf, default_idf, parsed)


def test_a_story_that_fits_its_pool_gets_the_summary_chosen_from_all_its_sentences() -> None:
    east, west = EAST, WEST
    corpus, story = _story_with_events(
        [(east, "east", 1), (west, "west", 1), (_composed([0, 1, 2], 1), "north", 2)]
    )
    result = summarise_corpus(corpus)
    lists = result.extra[SHORTLISTS_KEY]["s"]
    assert set(lists) == {"e1", "e2"} and all(sl.complete for sl in lists.values())
    assert result.stories[0].summary == _reference(corpus, story)
    assert any(len(s.sources) > 1 for s in result.stories[0].summary)


@settings(max_examples=20, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.lists(st.integers(0, len(_TOPICS) - 1), min_size=1, max_size=4),
            st.sampled_from(["a", "b", "c"]),
            st.integers(0, 2),
        ),
        min_size=1,
        max_size=5,
    )
)
def test_summaries_from_complete_shortlists_equal_the_summary_from_all_sentences(
    items: list[tuple[list[int], str, int]],
) -> None:
    texts = [(_composed(topics, n), outlet, e) for n, (topics, outlet, e) in enumerate(items)]
    corpus, story = _story_with_events(texts)
    result = summarise_corpus(corpus)
    assert all(sl.complete for sl in result.extra[SHORTLISTS_KEY]["s"].values())
    assert result.stories[0].summary == _reference(corpus, story)


def _large_event() -> tuple[Corpus, Story]:
    """One event told by five outlets, more candidate sentences than a shortlist keeps."""
    outlets = ["a", "b", "c", "d", "e"]
    texts = [
        (_composed([(n + k) % len(_TOPICS) for k in range(6)], None), o, 1) for n, o in enumerate(outlets)
    ]
    return _story_with_events(texts)


def test_a_large_event_keeps_a_bounded_shortlist_and_its_summary_still_cites_exact_spans() -> None:
    corpus, _ = _large_event()
    result = summarise_corpus(corpus)
    shortlist = result.extra[SHORTLISTS_KEY]["s"]["e1"]
    assert shortlist.candidates > SHORTLIST == len(shortlist.sentences)
    assert not shortlist.complete and shortlist.centroid
    texts = {a.doc.id: a.text for a in corpus.articles}
    summary = result.stories[0].summary
    assert 3 <= len(summary) <= 8
    for sentence in summary:
        own = sentence.sources[0]
        assert texts[own.article][own.start : own.end] == sentence.text
        assert len({r.article for r in sentence.sources}) == len(sentence.sources)
        for ref in sentence.sources[1:]:
            assert 0 <= ref.start < ref.end <= len(texts[ref.article])
    # the same topic told by other outlets is cited, found among the event's sentences
    assert sum(len(s.sources) for s in summary) > len(summary)


def test_every_shortlisted_supporter_is_another_article_of_its_event() -> None:
    corpus, _ = _large_event()
    shortlist = summarise_corpus(corpus).extra[SHORTLISTS_KEY]["s"]["e1"]
    texts = {a.doc.id: a.text for a in corpus.articles}
    for s in shortlist.sentences:
        assert texts[s.article][s.start : s.end] == s.text
        assert all(x.article != s.article and x.article in shortlist.articles for x in s.supporters)
        assert [x.score for x in s.supporters] == sorted((x.score for x in s.supporters), reverse=True)


def test_a_story_pool_is_cut_at_its_bound(monkeypatch: pytest.MonkeyPatch) -> None:
    corpus, story = _story_with_events(
        [(_composed([k, (k + 1) % 8, (k + 3) % 8], k), "abc"[k % 3], k) for k in range(8)]
    )
    monkeypatch.setattr(summary, "POOL", 5)
    result = summarise_corpus(corpus)
    lists = result.extra[SHORTLISTS_KEY]["s"]
    assert len(lists) == 8 and sum(len(sl.sentences) for sl in lists.values()) > 5
    assert len(summary._pool(list(lists.values()), story.claim_groups)) == 5
    chosen = result.stories[0].summary
    assert 3 <= len(chosen) <= 5
    firsts = {(sl.sentences[0].article, sl.sentences[0].start) for sl in lists.values()}
    assert all((s.sources[0].article, s.sources[0].start) in firsts for s in chosen)


def test_both_sides_of_a_contradiction_survive_a_cut_pool(monkeypatch: pytest.MonkeyPatch) -> None:
    filler = [(_composed([k, (k + 2) % 8], k), "abc"[k % 3], k + 2) for k in range(6)]
    corpus, story = _story_with_events([(EAST, "east", 1), (WEST, "west", 1), *filler])
    assert any(g.relation == "contradict" for g in story.claim_groups)
    monkeypatch.setattr(summary, "POOL", 4)
    chosen = summarise_corpus(corpus).stories[0].summary
    assert len([s for s in chosen if "الحدود" in s.text]) == 2


def test_only_events_that_changed_are_rebuilt_and_the_summary_is_that_of_a_full_pass() -> None:
    first = [(_composed([0, 1, 2], 1), "a", 1), (_composed([0, 1, 3], 2), "b", 1), (EAST, "east", 2)]
    corpus, _ = _story_with_events(first)
    kept = summarise_corpus(corpus).extra[SHORTLISTS_KEY]["s"]
    grown, grown_story = _story_with_events([*first, (WEST, "west", 2)])
    assert [e.id for e in stale_events(grown_story, kept)] == ["e2"]
    assert stale_events(grown_story, summarise_corpus(grown).extra[SHORTLISTS_KEY]["s"]) == []
    full = summarise_corpus(grown)
    parsed = parse_corpus(grown)
    idf, default_idf = document_frequencies(list(parsed.values()))
    # the incremental run reads back only the changed event's articles and reuses the kept shortlist
    changed = {aid for e in grown_story.events if e.id == "e2" for aid in e.articles}
    partial = grown.with_(
        articles=tuple(a for a in grown.articles if a.doc.id in changed),
        extra={**grown.extra, SHORTLISTS_KEY: {"s": {"e1": full.extra[SHORTLISTS_KEY]["s"]["e1"]}}},
    )
    again = summarise_corpus(partial, idf=idf, default_idf=default_idf)
    assert again.stories[0].summary == full.stories[0].summary
    assert again.extra[SHORTLISTS_KEY]["s"]["e1"] is full.extra[SHORTLISTS_KEY]["s"]["e1"]


def test_a_story_without_events_is_one_event_of_all_its_articles() -> None:
    east, west = _article(EAST, "east"), _article(WEST, "west")
    story = Story("s", "s", (east.doc.id, west.doc.id))
    assert story_events(story) == (StoryEvent("s", story.articles),)
    lists = event_shortlists(Corpus((east, west)), story)
    assert set(lists) == {"s"} and lists["s"].articles == story.articles
    assert summarise_from_shortlists(story, lists) == summarise_from_shortlists(story, list(lists.values()))
    assert summarise_from_shortlists(story, lists)


def test_an_article_left_out_of_every_event_gets_an_event_of_its_own() -> None:
    story = Story("s", "s", ("x", "y", "z"), events=(StoryEvent("e", ("x", "y")), StoryEvent("f", ("y",))))
    assert story_events(story) == (
        StoryEvent("e", ("x", "y")),
        StoryEvent("f", ()),
        StoryEvent("s#rest", ("z",)),
    )


def test_stem_counts_grow_by_addition_and_give_the_idf_of_all_articles() -> None:
    articles = [
        _article(text, o) for text, o in ((EAST, "east"), (WEST, "west"), (_composed([1, 2], 3), "x"))
    ]
    whole = article_counts(articles)
    grown = article_counts(articles[:1]).plus(article_counts(articles[1:]))
    assert grown == whole and whole.articles == 3
    assert whole.idf() == document_frequencies(list(parse_corpus(Corpus(tuple(articles))).values()))


def test_kept_stem_counts_weigh_words_as_the_whole_corpus_does() -> None:
    corpus, _ = _story_with_events([(EAST, "east", 1), (WEST, "west", 1)])
    other = _article(_composed([0, 3, 4], 7), "north")
    whole = corpus.with_(articles=(*corpus.articles, other))
    full = summarise_corpus(whole)
    assert full.extra[STEM_COUNTS_KEY] == article_counts(whole.articles)
    counts = article_counts(corpus.articles).plus(article_counts([other]))
    alone = summarise_corpus(corpus.with_(extra={**corpus.extra, STEM_COUNTS_KEY: counts}))
    assert alone.stories[0].summary == full.stories[0].summary
    assert alone.extra[SHORTLISTS_KEY] == full.extra[SHORTLISTS_KEY]
    assert alone.extra[STEM_COUNTS_KEY] is counts
    # without the kept counts, the story's own two articles would weigh its words differently
    assert summarise_corpus(corpus).extra[SHORTLISTS_KEY] != full.extra[SHORTLISTS_KEY]
