from marsad.corpus.model import Corpus
from marsad.document import Article, Document
from marsad.report.contract import build_report
from marsad.report.page import render_html

EVIL = 'خبر <script>alert(1)</script> <img src=x onerror="alert(2)"> <a href="javascript:alert(3)">رابط</a>'


def test_untrusted_article_text_is_shown_as_text_never_run() -> None:
    doc = Document.create(EVIL, "evil.html", title="<b onmouseover=alert(4)>عنوان</b>", outlet="x")
    html = render_html(build_report(Corpus(articles=(Article(doc=doc),))))
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<img" not in html and '<a href="javascript' not in html
    assert "<b onmouseover" not in html
    assert 'dir="rtl"' in html
    assert "Content-Security-Policy" in html


def test_events_show_their_action_in_arabic() -> None:
    from marsad.document import EventMention

    text = "أعلنت الحكومة فرض عقوبات على الشركة."
    doc = Document.create(text, "a.txt")
    event = EventMention(0, len(text), text, "sanction", False, None, None, None, None, "2031-03-05", None)
    html = render_html(build_report(Corpus(articles=(Article(doc=doc, events=(event,)),))))
    assert "عقوبات" in html and ">sanction<" not in html


def test_a_contradiction_shows_its_two_accounts_with_their_sources() -> None:
    from tests.web.conftest import build_corpus

    report = build_report(build_corpus())
    group = next(g for g in report["stories"][0]["claim_groups"] if g["relation"] == "contradict")
    assert len(group["sides"]) == 2
    html = render_html(report)
    assert "الرواية أ" in html and "الرواية ب" in html
    assert "<cite>[" in html.split("الرواية أ", 1)[1]
