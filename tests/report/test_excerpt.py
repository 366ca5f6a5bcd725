from marsad.corpus.model import ClaimGroup, Corpus, Entity, MentionRef, Story
from marsad.document import Article, Document
from marsad.report.contract import build_report, span_errors
from marsad.report.excerpt import excerpt, pick_stories, whole_overview
from marsad.report.page import render_html


def story(sid: str, articles: int, contradictions: int = 0, first: int = 0) -> Story:
    groups = tuple(ClaimGroup((f"c{n}",), "contradict", 1.0) for n in range(contradictions))
    ids = tuple(f"a{n}" for n in range(first, first + articles))
    return Story(sid, f"قصة {sid}", ids, claim_groups=groups)


def test_the_most_contested_stories_come_first_then_the_largest() -> None:
    stories = (story("s1", 5), story("s2", 2, contradictions=1), story("s3", 9), story("s4", 1))
    assert [s.id for s in pick_stories(stories, limit=3, budget=100)] == ["s2", "s3", "s1"]


def test_a_story_beyond_the_article_budget_is_passed_over() -> None:
    stories = (story("big", 50), story("mid", 6, first=100), story("small", 3, first=200))
    assert [s.id for s in pick_stories(stories, limit=10, budget=10)] == ["mid", "small"]
    shared = (story("x", 6), story("y", 6))  # the same articles: the second story costs nothing more
    assert [s.id for s in pick_stories(shared, limit=10, budget=6)] == ["x", "y"]


def test_the_excerpt_keeps_only_the_shown_articles_evidence_and_the_whole_figures() -> None:
    texts = {f"a{n}": f"قال الوزير سامي خليل في البيان رقم {n}." for n in range(6)}
    articles = tuple(
        Article(
            doc=Document(
                id=aid, text=text, source=f"{aid}.txt", outlet=f"o{n % 2}", published="2021-05-0" + str(n + 1)
            )
        )
        for n, (aid, text) in enumerate(texts.items())
    )
    start = texts["a0"].index("سامي خليل")
    mentions = tuple(MentionRef(aid, start, start + 9, "سامي خليل") for aid in texts)
    entity = Entity("e1", "سامي خليل", "PERSON", ("سامي خليل",), mentions)
    stories = (story("s1", 2), story("s2", 4, contradictions=1, first=2))
    corpus = Corpus(articles=articles, entities=(entity,), stories=stories)
    part = excerpt(corpus, {"entities": 1, "quotes": 7}, limit=1)
    assert [s.id for s in part.corpus.stories] == ["s2"]
    assert [a.doc.id for a in part.corpus.articles] == ["a2", "a3", "a4", "a5"]
    assert [m.article for m in part.corpus.entities[0].mentions] == ["a2", "a3", "a4", "a5"]
    report = build_report(part.corpus)
    assert span_errors(report) == []
    assert part.overview == whole_overview((a.doc for a in articles), 2, {"entities": 1, "quotes": 7})
    assert part.overview["articles"] == 6 and ("أقوال", 7) in part.overview["counts"]
    html = render_html(report, part, "marsad serve --db news.db")
    assert "1 من 2 قصة" in html and "marsad serve --db news.db" in html
    assert "تقرير 6 مقالات" in html
