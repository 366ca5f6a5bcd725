import json

import jsonschema
import pytest

from marsad.corpus.model import Corpus, Entity, MentionRef
from marsad.document import Article, Document, QuoteMention
from marsad.report.contract import build_report, dumps, span_errors, validate

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
