import json

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.corpus.model import Corpus, Entity, MentionRef
from marsad.document import Article, Document, QuoteMention
from marsad.report.contract import SpanIndex, build_report, dumps, span_errors, validate

TEXT = "قال وزير الخارجية سامي خليل إن المحادثات كانت صريحة."


def sample_corpus() -> Corpus:
    doc = Document.create(TEXT, "a.txt", outlet="alpha.net", published="2021-05-12", title="محادثات")
    s, e = TEXT.index("سامي خليل"), TEXT.index("سامي خليل") + len("سامي خليل")
    q0 = TEXT.index("المحادثات")
    quote = QuoteMention(q0, len(TEXT) - 1, TEXT[q0:-1], "indirect", "قال", s, e, "سامي خليل")
    article = Article(doc=doc, quotes=(quote,))
    entity = Entity("p1", "سامي خليل", "PERSON", ("سامي خليل",), (MentionRef(doc.id, s, e, "سامي خليل"),))
    return Corpus(articles=(article,), entities=(entity,))


def test_report_follows_the_contract_and_resolves_speakers() -> None:
    report = build_report(sample_corpus())
    validate(report)
    assert report["schema"] == "marsad.report/1"
    assert report["quotes"][0]["speaker"] == "p1"
    assert span_errors(report) == []
    assert json.loads(dumps(report)) == report
    assert "سامي" in dumps(report)  # Arabic is written as is, not \\u-escaped


def test_a_wrong_offset_is_caught() -> None:
    report = build_report(sample_corpus())
    report["quotes"][0]["start"] += 1
    assert span_errors(report)


def test_schema_rejects_a_broken_report() -> None:
    report = build_report(sample_corpus())
    report["quotes"][0]["kind"] = "rumour"
    with pytest.raises(jsonschema.ValidationError):
        validate(report)
    del report["entities"]
    with pytest.raises(jsonschema.ValidationError):
        validate(report)


def _brute_entity_at(entities: tuple[Entity, ...], article: str, start: int, end: int) -> str | None:
    spans = sorted((m.start, m.end, e.id) for e in entities for m in e.mentions if m.article == article)
    best: tuple[int, str] | None = None
    for s, e, entity in spans:
        overlap = min(e, end) - max(s, start)
        if overlap > 0 and (best is None or overlap > best[0]):
            best = (overlap, entity)
    return best[1] if best else None


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.tuples(st.sampled_from("ab"), st.integers(0, 60), st.integers(1, 12)), max_size=25),
    st.lists(
        st.tuples(st.sampled_from("abc"), st.integers(0, 70), st.integers(0, 15)), min_size=1, max_size=10
    ),
)
def test_the_entity_at_a_span_is_the_one_overlapping_it_most(
    mentions: list[tuple[str, int, int]], queries: list[tuple[str, int, int]]
) -> None:
    entities = tuple(
        Entity(f"e{n}", "x", "PERSON", (), (MentionRef(article, start, start + size, "x" * size),))
        for n, (article, start, size) in enumerate(mentions)
    )
    index = SpanIndex(entities)
    for article, start, size in queries:
        assert index.entity_at(article, start, start + size) == _brute_entity_at(
            entities, article, start, start + size
        )
