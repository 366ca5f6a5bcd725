"""JSON and JSONL article records: common field names, streaming, clear refusals."""

from __future__ import annotations

import io
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.ingest.build import Meta
from marsad.ingest.errors import Rejected
from marsad.ingest.records import iter_json_array, iter_json_lines, record_parts, unwrap

TEXT = "أعلنت البلدية إغلاق الطريق الساحلي يومين لأعمال الصيانة."


def test_common_field_names() -> None:
    text, meta = record_parts(
        {
            "Headline": "إغلاق الطريق",
            "Body": TEXT,
            "Link": "https://www.city.example.org/a",
            "Publisher": {"name": "نشرة المدينة"},
            "datePublished": "2022-01-15T08:00:00+02:00",
            "authors": [{"name": "ليلى"}, "سامي", None],
        }
    )
    assert text == TEXT
    assert meta == Meta(
        title="إغلاق الطريق",
        outlet="نشرة المدينة",
        published="2022-01-15",
        url="https://www.city.example.org/a",
        author="ليلى، سامي",
    )


@pytest.mark.parametrize(
    ("source", "outlet"),
    [
        ("https://www.news.example.com/", "news.example.com"),
        ("www.news.example.com", "news.example.com"),
        ("سبق", "سبق"),
    ],
)
def test_outlet_given_as_a_url_becomes_its_domain(source: str, outlet: str) -> None:
    assert record_parts({"text": TEXT, "source": source})[1].outlet == outlet


def test_text_is_verbatim_unless_it_is_html() -> None:
    raw = f"  {TEXT}\r\n\r\n  سطر ثان  "
    assert record_parts({"text": raw})[0] == raw
    assert record_parts({"text": f"<p>{TEXT}</p><script>x()</script>"})[0] == TEXT


def test_first_usable_field_wins() -> None:
    text, meta = record_parts(
        {"text": "  ", "content": TEXT, "date": "غير معروف", "date_extracted": "2015-07-21"}
    )
    assert text == TEXT
    assert meta.published == "2015-07-21"


@pytest.mark.parametrize(
    ("record", "problem"),
    [
        ({"title": "بلا نص"}, "no text field"),
        ({"text": 12}, "no text field"),
        (["not", "an", "object"], "not an object"),
        ("نص", "not an object"),
    ],
)
def test_refusals(record: object, problem: str) -> None:
    with pytest.raises(Rejected, match=problem):
        record_parts(record)


def test_unwrap() -> None:
    records = [{"text": TEXT}]
    assert unwrap(records) == records
    assert unwrap({"status": "ok", "Articles": records}) == records
    assert unwrap({"text": TEXT, "items": [1, 2]}) == [{"text": TEXT, "items": [1, 2]}]


def stream(items: str) -> list[object]:
    return list(iter_json_array(io.StringIO(items), max_chars=10_000))


def test_array_streams_items_across_chunk_boundaries(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("marsad.ingest.records._CHUNK", 7)
    records = [{"text": f"{TEXT} {index}", "n": index} for index in range(20)] + [3, "x", None, [1, 2]]
    assert stream(json.dumps(records, ensure_ascii=False, indent=2)) == records
    assert stream(" [ 12345 , 6 ] ") == [12345, 6]
    assert stream("[]") == []


@pytest.mark.parametrize(
    ("data", "values", "problem"),
    [
        ('[{"a": 1}, {"b": ', [{"a": 1}], "invalid or truncated JSON in record #2"),
        ('[{"a": 1} {"b": 2}]', [{"a": 1}], "after record #1"),
        ('[{"a": 1},', [{"a": 1}], "record #2"),
        ('{"a": 1}', [], "not a JSON array"),
        ("", [], "not a JSON array"),
    ],
)
def test_array_errors_end_the_stream(data: str, values: list[object], problem: str) -> None:
    *items, last = stream(data)
    assert items == values
    assert isinstance(last, Rejected) and problem in last.problem


def test_array_record_size_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("marsad.ingest.records._CHUNK", 16)
    items = list(iter_json_array(io.StringIO('[{"text": "' + "ا" * 200 + '"}]'), max_chars=50))
    assert len(items) == 1 and isinstance(items[0], Rejected) and "larger than 50" in items[0].problem


def test_json_lines() -> None:
    data = '{"a": 1}\n\n{bad\n' + '{"b": "' + "x" * 50 + '"}\n{"c": 3}'
    results = list(iter_json_lines(io.StringIO(data), max_chars=30))
    assert [number for number, _ in results] == [1, 3, 4, 5]
    assert results[0][1] == {"a": 1}
    assert isinstance(results[1][1], Rejected) and "invalid JSON" in results[1][1].problem
    assert isinstance(results[2][1], Rejected) and "longer than 30" in results[2][1].problem
    assert results[3][1] == {"c": 3}


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=5), children, max_size=4)
    ),
    max_leaves=10,
)


@settings(max_examples=60, deadline=None)
@given(st.lists(json_values, max_size=8), st.integers(min_value=1, max_value=64))
def test_array_stream_equals_json_loads(values: list[object], chunk: int) -> None:
    data = json.dumps(values, ensure_ascii=False)
    import marsad.ingest.records as records

    original = records._CHUNK
    records._CHUNK = chunk
    try:
        assert list(iter_json_array(io.StringIO(data), max_chars=1_000_000)) == values
    finally:
        records._CHUNK = original
