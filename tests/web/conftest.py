"""A small analysed store for web tests: two outlets, one story, a quote, an event, a hostile article."""

from __future__ import annotations

from pathlib import Path

import pytest

from marsad.corpus.model import (
    ClaimGroup,
    Corpus,
    Entity,
    Framing,
    MentionRef,
    SourceRef,
    Story,
    SummarySentence,
)
from marsad.document import Article, ClaimMention, Document, EventMention, QuoteMention
from marsad.report.contract import build_report
from marsad.store.sqlite import Store

ONE = "قال وزير الخارجية سامي خليل إن بلاده تدعم المبادرة الإقليمية. وأكد أن المحادثات مستمرة."
TWO = "زعم سامي خليل أن بلاده تدعم المبادرة، بينما عارض حزب الاتحاد المبادرة بشدة."
EVIL = (
    'خبر عاجل <script>document.title="PWNED"</script> '
    "<img src=x onerror=\"document.body.setAttribute('data-pwned','1')\"> "
    '<a href="javascript:alert(1)">رابط</a> انتهى الخبر.'
)


def span(text: str, part: str) -> tuple[int, int]:
    start = text.index(part)
    return start, start + len(part)


def build_corpus() -> Corpus:
    one = Document.create(
        ONE, "one.txt", outlet="alpha.net", title="الوزير يدعم المبادرة", published="2021-05-12"
    )
    two = Document.create(
        TWO, "two.txt", outlet="beta.net", title="خلاف حول المبادرة", published="2021-05-13"
    )
    evil = Document.create(
        EVIL, "evil.html", outlet="gamma.net", title="<b>عنوان</b>", published="2021-05-14"
    )
    s1, e1 = span(ONE, "سامي خليل")
    s2, e2 = span(TWO, "سامي خليل")
    p1, p2 = span(TWO, "حزب الاتحاد")
    q0, q1 = span(ONE, "بلاده تدعم المبادرة الإقليمية")
    c0, c1 = span(TWO, "بلاده تدعم المبادرة")
    a1 = Article(
        doc=one,
        quotes=(QuoteMention(q0, q1, ONE[q0:q1], "indirect", "قال", s1, e1, "سامي خليل"),),
        events=(EventMention(q0, q1, ONE[q0:q1], "support", False, s1, e1, None, None, "2021-05-12", None),),
        claims=(ClaimMention(q0, q1, ONE[q0:q1], False, s1, e1),),
    )
    a2 = Article(
        doc=two,
        quotes=(QuoteMention(c0, c1, TWO[c0:c1], "indirect", "زعم", s2, e2, "سامي خليل"),),
        events=(EventMention(0, len(TWO), TWO, "oppose", False, p1, p2, s2, e2, "2021-05-13", None),),
        claims=(ClaimMention(c0, c1, TWO[c0:c1], False, s2, e2),),
    )
    a3 = Article(doc=evil)
    person = Entity(
        "p-sami",
        "سامي خليل",
        "PERSON",
        ("سامي خليل",),
        (MentionRef(one.id, s1, e1, "سامي خليل"), MentionRef(two.id, s2, e2, "سامي خليل")),
    )
    party = Entity(
        "o-party",
        "حزب الاتحاد",
        "ORGANIZATION",
        ("حزب الاتحاد",),
        (MentionRef(two.id, p1, p2, "حزب الاتحاد"),),
    )
    story = Story(
        id="s-1",
        title="المبادرة الإقليمية",
        articles=(one.id, two.id, evil.id),
        summary=(SummarySentence(ONE[q0:q1], (SourceRef(one.id, q0, q1), SourceRef(two.id, c0, c1))),),
        timeline=(f"v-{one.id}-0", f"v-{two.id}-0"),
        claim_groups=(
            ClaimGroup((f"c-{one.id}-0", f"c-{two.id}-0"), "agree", 0.9),
            ClaimGroup(
                (f"c-{one.id}-0", f"c-{two.id}-0"),
                "contradict",
                0.7,
                "negation",
                sides=((f"c-{one.id}-0",), (f"c-{two.id}-0",)),
            ),
        ),
        framing=(
            Framing("p-sami", one.id, ("وزير الخارجية",), (), ("قال",)),
            Framing("p-sami", two.id, (), ("زعم",), ("زعم",)),
        ),
    )
    return Corpus(articles=(a1, a2, a3), entities=(person, party), stories=(story,))


@pytest.fixture()
def analysed_db(tmp_path: Path) -> Path:
    corpus = build_corpus()
    path = tmp_path / "web.db"
    with Store(path) as store:
        store.add_batch([a.doc for a in corpus.articles])
        store.save_report(build_report(corpus))
    return path
