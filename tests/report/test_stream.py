import io
import json
from dataclasses import replace
from functools import cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.corpus.model import Corpus
from marsad.report import stream
from marsad.report.contract import build_report, span_errors
from marsad.report.stream import report_chunks, write_report
from tests.scale.conftest import composed, stand_in_pipeline


@cache
def analysed() -> Corpus:
    """A small corpus through every stage (stand-in entity tagger), with near-duplicate links."""
    docs = [composed(n, 1 + n // 3) for n in range(9)]
    return stand_in_pipeline().run(docs)


@pytest.mark.parametrize(("indent", "batch"), [(None, 256), (None, 2), (None, 1), (1, 256), (2, 256)])
def test_the_streamed_text_is_exactly_what_json_dumps_writes(
    indent: int | None, batch: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(stream, "BATCH", batch)
    corpus = analysed()
    assert corpus.stories and corpus.entities and any(a.quotes for a in corpus.articles)
    sources = {a.doc.id: (a.doc.source, "copy/" + a.doc.source) for a in corpus.articles}
    expected = json.dumps(build_report(corpus, sources), ensure_ascii=False, indent=indent)
    assert "".join(report_chunks(corpus, sources, indent=indent)) == expected


@settings(max_examples=25, deadline=None)
@given(st.lists(st.integers(0, 8), unique=True, max_size=9), st.sampled_from([None, 1]))
def test_any_subset_of_articles_streams_like_the_whole_report(picked: list[int], indent: int | None) -> None:
    full = analysed()
    articles = tuple(full.articles[i] for i in sorted(picked))
    kept = {a.doc.id for a in articles}
    corpus = Corpus(articles=articles, entities=full.entities if len(kept) == 9 else ())
    expected = json.dumps(build_report(corpus), ensure_ascii=False, indent=indent)
    assert "".join(report_chunks(corpus, indent=indent)) == expected


def test_write_report_writes_utf8_and_finds_the_same_bad_spans_as_span_errors() -> None:
    corpus = analysed()
    out = io.BytesIO()
    written = write_report(corpus, out)
    assert written.errors == [] and written.articles == len(corpus.articles)
    assert json.loads(out.getvalue().decode("utf-8")) == build_report(corpus)
    first = corpus.articles[0]
    moved = first.with_(doc=replace(first.doc, text="x" + first.doc.text))  # every offset now off by one
    broken = corpus.with_(articles=(moved, *corpus.articles[1:]))
    bad = write_report(broken, io.BytesIO()).errors
    assert bad and sorted(bad) == sorted(span_errors(build_report(broken)))
