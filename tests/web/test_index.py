import io
import json
from pathlib import Path

from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.report.contract import build_report
from marsad.store.sqlite import Store
from marsad.web.app import create_app
from marsad.web.index import SECTIONS, ReportIndex, build_index, dict_sections, index_key, stream_sections
from tests.web.conftest import build_corpus

# Text that looks like the report's own keys must not be taken for them.
TRAPS = st.sampled_from(['"entities": [', '", "quotes": [', "]", "[", "\\", '"', "\n", "}, {", "وزير"])


def report_with(texts: list[str]) -> dict[str, object]:
    """The web test report, its hostile article's title replaced by each text in turn."""
    report = build_report(build_corpus())
    articles = report["articles"]
    for n, text in enumerate(texts):
        articles.append({**articles[0], "id": f"x{n}", "title": text})
    return report


@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(TRAPS, max_size=6).map("".join), max_size=4), st.sampled_from([None, 1]))
def test_sections_read_from_the_json_text_are_the_report_s(texts: list[str], indent: int | None) -> None:
    report = report_with(texts)
    body = json.dumps(report, ensure_ascii=False, indent=indent).encode("utf-8")
    read = {key: list(items) for key, items in stream_sections(io.BytesIO(body), len(body))}
    assert read == {key: report.get(key, []) for key in SECTIONS}


def test_an_index_answers_by_id_article_and_link(tmp_path: Path) -> None:
    report = build_report(build_corpus())
    build_index(tmp_path / "i", dict_sections(report), "k1")
    assert index_key(tmp_path / "i") == "k1" and index_key(tmp_path / "missing") is None
    index = ReportIndex(tmp_path / "i")
    one = report["articles"][0]["id"]
    assert index.item("articles", one) == report["articles"][0]
    assert index.of_article("quotes", one) == [q for q in report["quotes"] if q["article"] == one]
    assert index.linked("speaker", "p-sami") == [
        q["id"] for q in report["quotes"] if q["speaker"] == "p-sami"
    ]
    assert index.linked("story", one) == ["s-1"]
    framing = report["stories"][0]["framing"]
    assert index.framing_of("p-sami") == [row for row in framing if row["entity"] == "p-sami"]
    assert index.framing_in([one]) == [row for row in framing if row["article"] == one]
    assert index.name("p-sami") == "سامي خليل" and index.label(one) == "alpha.net"
    assert [row["id"] for row in index.story_rows] == ["s-1"]
    index.close()


def test_a_newer_report_is_indexed_again_and_the_index_is_kept_beside_the_store(analysed_db: Path) -> None:
    client = TestClient(create_app(analysed_db))
    assert [s["id"] for s in client.get("/api/stories").json()["stories"]] == ["s-1"]
    kept = analysed_db.with_name(analysed_db.name + ".index")
    assert index_key(kept) is not None
    report = build_report(build_corpus())
    report["stories"][0]["id"] = "s-2"
    with Store(analysed_db) as store:
        store.save_report(report)
    assert [s["id"] for s in client.get("/api/stories").json()["stories"]] == ["s-2"]
    assert client.get("/api/stories/s-1").status_code == 404
    again = TestClient(create_app(analysed_db))  # a restart reuses the kept index
    before = kept.stat().st_mtime_ns
    assert [s["id"] for s in again.get("/api/stories").json()["stories"]] == ["s-2"]
    assert kept.stat().st_mtime_ns == before


def test_a_store_never_analysed_serves_empty_pages(tmp_path: Path) -> None:
    Store(tmp_path / "empty.db").close()
    client = TestClient(create_app(tmp_path / "empty.db"))
    assert client.get("/api/stories").json() == {"stories": []}
    assert client.get("/").status_code == 200
    assert client.get("/api/articles/nope").status_code == 404
