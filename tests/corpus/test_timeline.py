"""Timeline: dated events of a story, oldest first, one entry per real-world event across outlets."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.arabic.layer import add_text_layer
from marsad.corpus.model import Corpus, Entity, MentionRef, Story, TimelineEntry, event_id
from marsad.corpus.timeline import (
    TIMELINE_REPORTS,
    TIMELINE_STAGE,
    add_timelines,
    build_timeline,
    dates_compatible,
    timeline_of,
)
from marsad.document import Article, DateMention, Document, EventMention
from marsad.extract.events import EVENT_STAGE


def report(text: str, outlet: str, date_text: str | None = None, value: str | None = None) -> Article:
    """Analyse a composed article whose date expression (if any) resolves to ``value``."""
    dates: tuple[DateMention, ...] = ()
    if date_text is not None:
        at = text.index(date_text)
        dates = (DateMention(at, at + len(date_text), date_text, value),)
    article = add_text_layer(Article(doc=Document.create(text, outlet, outlet=outlet)))
    return EVENT_STAGE(article.with_(dates=dates))


def entity(name: str, *refs: tuple[Article, str]) -> Entity:
    """Resolve the given words of the given articles to one entity."""
    mentions = []
    for article, words in refs:
        at = article.text.index(words)
        mentions.append(MentionRef(article.doc.id, at, at + len(words), words))
    return Entity("e-" + name, name, "LOCATION", tuple(words for _, words in refs), tuple(mentions))


def story_of(*articles: Article) -> Story:
    """Put the articles in one hand-made story."""
    return Story("s1", "كينيا", tuple(a.doc.id for a in articles))


def test_two_outlets_reporting_one_event_in_different_words_give_one_entry() -> None:
    a = report("أرسلت تشيلي مهندسين إلى كينيا في 12 فبراير 2031.", "a", "12 فبراير 2031", "2031-02-12")
    b = report("وبعثت سانتياغو بمئات الخبراء إلى كينيا في فبراير الماضي.", "b", "فبراير الماضي", "2031-02")
    chile = entity("chile", (a, "تشيلي"), (b, "سانتياغو"))
    kenya = entity("kenya", (a, "كينيا"), (b, "كينيا"))
    corpus = Corpus(articles=(a, b), entities=(chile, kenya), stories=(story_of(a, b),))
    entries = build_timeline(corpus, corpus.stories[0])
    assert len(entries) == 1
    entry = entries[0]
    assert entry.date == "2031-02-12"
    assert entry.id == event_id(a.doc.id, 0)
    assert entry.events == (event_id(a.doc.id, 0), event_id(b.doc.id, 0))
    assert entry.articles == (a.doc.id, b.doc.id)
    assert (entry.actor, entry.target) == ("e-chile", "e-kenya")


def test_without_entities_the_same_words_still_merge() -> None:
    a = report("وزار الرئيس القاهرة أمس.", "a", "أمس", "2031-02-11")
    b = report("زار الرئيس القاهرة في 11 فبراير.", "b", "11 فبراير", "2031-02-11")
    corpus = Corpus(articles=(a, b), stories=(story_of(a, b),))
    assert [e.articles for e in build_timeline(corpus, corpus.stories[0])] == [(a.doc.id, b.doc.id)]


def test_different_days_actions_polarity_or_actors_stay_apart() -> None:
    a = report("أرسلت تشيلي مهندسين إلى كينيا في 12 فبراير 2031.", "a", "12 فبراير 2031", "2031-02-12")
    b = report("أرسلت تشيلي مهندسين إلى كينيا في 14 فبراير 2031.", "b", "14 فبراير 2031", "2031-02-14")
    c = report("لم ترسل تشيلي مهندسين إلى كينيا في 12 فبراير 2031.", "c", "12 فبراير 2031", "2031-02-12")
    d = report("أرسلت نيبال مهندسين إلى كينيا في 12 فبراير 2031.", "d", "12 فبراير 2031", "2031-02-12")
    e = report("هاجمت تشيلي كينيا في 12 فبراير 2031.", "e", "12 فبراير 2031", "2031-02-12")
    corpus = Corpus(articles=(a, b, c, d, e), stories=(story_of(a, b, c, d, e),))
    entries = build_timeline(corpus, corpus.stories[0])
    assert len(entries) == 5
    assert all(len(entry.events) == 1 for entry in entries)


def test_oldest_first_and_undated_events_left_out() -> None:
    late = report("التقى الوزير نظيره النيبالي في 3 يونيو 2033.", "a", "3 يونيو 2033", "2033-06-03")
    early = report("هاجمت القوات مطار المدينة في أكتوبر 2029.", "b", "أكتوبر 2029", "2029-10")
    undated = report("وأرسلت الحكومة تعزيزات إلى الجبهة.", "c")
    corpus = Corpus(articles=(late, early, undated), stories=(story_of(late, early, undated),))
    entries = build_timeline(corpus, corpus.stories[0])
    assert [entry.date for entry in entries] == ["2029-10", "2033-06-03"]
    assert [entry.action for entry in entries] == ["attack", "meet"]


def test_articles_outside_the_story_are_ignored() -> None:
    inside = report("هاجمت القوات مطار المدينة في أكتوبر 2029.", "a", "أكتوبر 2029", "2029-10")
    outside = report("التقى الوزير نظيره النيبالي في 3 يونيو 2033.", "b", "3 يونيو 2033", "2033-06-03")
    corpus = Corpus(articles=(inside, outside), stories=(story_of(inside),))
    assert [entry.articles for entry in build_timeline(corpus, corpus.stories[0])] == [(inside.doc.id,)]


def test_stage_fills_story_timelines_and_exposes_groups() -> None:
    a = report("أرسلت تشيلي مهندسين إلى كينيا في 12 فبراير 2031.", "a", "12 فبراير 2031", "2031-02-12")
    b = report("وأرسلت تشيلي مهندسين إلى كينيا يوم 12 فبراير.", "b", "12 فبراير", "2031-02-12")
    corpus = TIMELINE_STAGE(Corpus(articles=(a, b), stories=(story_of(a, b),)))
    assert TIMELINE_STAGE.requires == {"articles", "events", "stories"}
    assert TIMELINE_STAGE.assigns == {"timeline"}
    assert corpus.stories[0].timeline == (event_id(a.doc.id, 0),)
    groups = corpus.stories[0].timeline_groups
    assert isinstance(groups[0], TimelineEntry)
    assert groups[0].articles == (a.doc.id, b.doc.id)


def test_date_compatibility() -> None:
    assert dates_compatible("2031-02", "2031-02-12")
    assert dates_compatible("2031", "2031-02")
    assert not dates_compatible("2031-02-12", "2031-02-13")
    assert not dates_compatible("2031-02", "2031-03-01")


ACTIONS = ("attack", "meet", "send")
DATES = ("2031", "2031-02", "2031-02-12", "2031-02-13", "2030-12-31")
ACTORS = ("تشيلي", "نيبال", "الحكومة")


@settings(max_examples=80, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(ACTIONS), st.sampled_from(DATES), st.sampled_from(ACTORS), st.booleans()),
        min_size=1,
        max_size=12,
    )
)
def test_every_dated_event_is_on_the_timeline_exactly_once_and_in_order(
    specs: list[tuple[str, str, str, bool]],
) -> None:
    articles = []
    for i, (action, date, actor, negated) in enumerate(specs):
        text = f"{actor} فعلت شيئا {i}"
        event = EventMention(0, len(text), text, action, negated, 0, len(actor), None, None, date, date)
        articles.append(Article(doc=Document(f"a{i}", text, "x"), events=(event,)))
    corpus = add_timelines(Corpus(articles=tuple(articles), stories=(story_of(*articles),)))
    entries = corpus.stories[0].timeline_groups
    listed = [event for entry in entries for event in entry.events]
    assert sorted(listed) == sorted(event_id(a.doc.id, 0) for a in articles)
    assert [entry.date for entry in entries] == sorted(entry.date for entry in entries)
    assert corpus.stories[0].timeline == tuple(entry.id for entry in entries)
    for entry in entries:
        members = [a.events[0] for a in articles if event_id(a.doc.id, 0) in entry.events]
        assert len({(m.action, m.negated, m.text.split()[0]) for m in members}) == 1


def test_reports_sharing_no_known_participant_are_not_merged() -> None:
    first = "تشيلي أرسلت"
    second = "أرسلت إلى كينيا"
    by_actor = EventMention(0, len(first), first, "send", False, 0, 5, None, None, "2031-02-12", "أمس")
    by_target = EventMention(0, len(second), second, "send", False, None, None, 10, 15, "2031-02-12", "أمس")
    a = Article(doc=Document("a", first, "x"), events=(by_actor,))
    b = Article(doc=Document("b", second, "x"), events=(by_target,))
    corpus = Corpus(articles=(a, b), stories=(story_of(a, b),))
    assert len(build_timeline(corpus, corpus.stories[0])) == 2


def test_the_act_named_as_subject_does_not_block_merging() -> None:
    a = report("وأدان الوزير التفجير الإرهابي الذي استهدف مسجدا في المدينة أمس.", "a", "أمس", "2015-08-06")
    b = report("واستنكر المجلس الهجوم الذي استهدف مسجد المدينة يوم الخميس.", "b", "يوم الخميس", "2015-08-06")
    corpus = Corpus(articles=(a, b), stories=(story_of(a, b),))
    attacks = [e for e in build_timeline(corpus, corpus.stories[0]) if e.action == "attack"]
    assert [entry.articles for entry in attacks] == [(a.doc.id, b.doc.id)]


def test_statements_by_unnamed_and_named_speakers_stay_apart() -> None:
    text = "أدانت الدولة الهجوم"
    named = EventMention(0, len(text), text, "criticise", False, 6, 12, 13, 19, "2015-08-06", "أمس")
    unnamed = EventMention(0, len(text), text, "criticise", False, None, None, 13, 19, "2015-08-06", "أمس")
    a = Article(doc=Document("a", text, "x"), events=(named,))
    b = Article(doc=Document("b", text, "x"), events=(unnamed,))
    corpus = Corpus(articles=(a, b), stories=(story_of(a, b),))
    assert len(build_timeline(corpus, corpus.stories[0])) == 2


def test_a_report_contradicting_a_member_starts_its_own_entry() -> None:
    texts = ["تشيلي كينيا", "أرسلت كينيا", "نيبال كينيا"]
    actors = [(0, 5), (None, None), (0, 5)]
    articles = []
    for i, (text, (a0, a1)) in enumerate(zip(texts, actors, strict=True)):
        event = EventMention(0, 11, text, "send", False, a0, a1, 6, 11, "2031-02-12", "أمس")
        articles.append(Article(doc=Document(f"a{i}", text, "x"), events=(event,)))
    corpus = Corpus(articles=tuple(articles), stories=(story_of(*articles),))
    entries = build_timeline(corpus, corpus.stories[0])
    assert sorted(len(entry.events) for entry in entries) == [1, 2]


def test_weeks_are_compared_and_sorted_by_the_days_they_cover() -> None:
    from marsad.corpus.timeline import _first_day

    assert dates_compatible("2031-W10", "2031-03-05")  # Wednesday of ISO week 10
    assert not dates_compatible("2031-W10", "2031-03-20")
    assert dates_compatible("2031-03", "2031-03-05") and not dates_compatible("2031-04", "2031-03-05")
    assert sorted(["2031-12-30", "2031-W10", "2031-03"], key=_first_day) == [
        "2031-03",
        "2031-W10",
        "2031-12-30",
    ]


def test_a_timeline_laid_out_from_kept_reports_equals_one_built_whole() -> None:
    a = report("أرسلت تشيلي مهندسين إلى كينيا في 12 فبراير 2031.", "a", "12 فبراير 2031", "2031-02-12")
    b = report("وبعثت سانتياغو بمئات الخبراء إلى كينيا في فبراير الماضي.", "b", "فبراير الماضي", "2031-02")
    c = report("وصل وفد من كينيا إلى تشيلي في 3 مارس 2031.", "c", "3 مارس 2031", "2031-03-03")
    chile = entity("chile", (a, "تشيلي"), (b, "سانتياغو"), (c, "تشيلي"))
    corpus = add_timelines(Corpus(articles=(a, b, c), entities=(chile,), stories=(story_of(a, b, c),)))
    kept = corpus.extra[TIMELINE_REPORTS]["s1"]
    assert set(kept) == {a.doc.id, b.doc.id, c.doc.id}
    assert timeline_of(kept[x.doc.id] for x in (a, b, c)) == corpus.stories[0].timeline_groups
    assert len(corpus.stories[0].timeline_groups) == 2
