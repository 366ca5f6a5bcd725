"""The PostgreSQL store against a real server (started by .ci/install-services.sh)."""

import os
from collections.abc import Iterator
from pathlib import Path

import pg8000.dbapi
import pytest

from marsad.document import Document
from marsad.ingest.errors import IngestError
from marsad.scale.incremental import analyse_incremental
from marsad.store.open import is_postgres_url, open_store
from marsad.store.postgres import PostgresStore, connection_settings
from marsad.store.sqlite import Store
from tests.scale.conftest import composed, stand_in_pipeline
from tests.store.pieces import check_pieces, check_repeated_keys

URL = os.environ.get("MARSAD_TEST_POSTGRES", "postgresql://marsad:marsad@127.0.0.1:5432/marsad_test")


def _reset(url: str) -> None:
    """Empty the test database (every table lives in the public schema)."""
    db = pg8000.dbapi.connect(**connection_settings(url))
    cursor = db.cursor()
    cursor.execute("DROP SCHEMA IF EXISTS public CASCADE")
    cursor.execute("CREATE SCHEMA public")
    db.commit()
    db.close()


@pytest.fixture
def url() -> str:
    """A freshly emptied test database, or a skip (a failure under CI) when no server answers."""
    try:
        _reset(URL)
    except Exception as error:  # no server, no role, no driver
        if os.environ.get("CI") == "true":
            pytest.fail(f"PostgreSQL at {URL} is needed under CI: {error}")
        pytest.skip(f"no PostgreSQL server at {URL} ({type(error).__name__}); run .ci/install-services.sh")
    return URL


@pytest.fixture
def store(url: str) -> Iterator[PostgresStore]:
    with PostgresStore(url) as opened:
        yield opened


def news(text: str, source: str, **meta: str) -> Document:
    return Document.create(text, source, **meta)


def test_urls_are_told_from_paths() -> None:
    assert is_postgres_url("postgresql://u:p@h:5/db") and not is_postgres_url("news.db")
    assert connection_settings("postgresql://u%40x:p%2Fw@db.example:5433/marsad") == {
        "user": "u@x",
        "password": "p/w",
        "host": "db.example",
        "port": 5433,
        "database": "marsad",
    }
    with pytest.raises(ValueError):
        connection_settings("mysql://u@h/db")


def test_same_article_twice_is_stored_once_with_both_sources(store: PostgresStore) -> None:
    first = store.add_batch([composed(1)])
    second = store.add_batch([Document.create(composed(1).text, "b.html"), composed(2)])
    assert first.added == (composed(1).id,) and second.existing == (composed(1).id,)
    assert store.count() == 2
    assert store.sources(composed(1).id) == ("1.txt", "b.html")
    assert [d.id for d in store.documents()] == [composed(1).id, composed(2).id]
    assert store.check() == "ok"


def test_near_duplicates_are_linked_across_writers(url: str) -> None:
    base = "قالت وزارة الصحة في بيان اليوم إن عدد الإصابات الجديدة بلغ مئة وعشرين حالة في المنطقة الشرقية "
    wire = news(base * 3 + "وفق ما أفادت الوكالة.", "site1.html")
    copy = news(base * 3 + "حسبما ذكرت الصحيفة.", "site2.html")
    with PostgresStore(url) as one, PostgresStore(url) as two:
        one.add_batch([wire])
        result = two.add_batch([copy])  # the second writer never saw the first article in memory
        assert [(d.article, d.duplicate_of) for d in result.duplicates] == [(copy.id, wire.id)]
        assert one.duplicates() == result.duplicates


def test_a_failed_batch_leaves_nothing(store: PostgresStore) -> None:
    store.add_batch([composed(1)])
    with pytest.raises(pg8000.dbapi.DatabaseError):
        store.add_batch([composed(2)], [IngestError("bad.txt", None)])  # type: ignore[arg-type]
    assert store.count() == 1
    store.add_batch([composed(3)], [IngestError("bad.txt", "not UTF-8")])
    assert store.count() == 2 and store.problems() == (IngestError("bad.txt", "not UTF-8"),)


def test_arabic_search_folds_clitics_and_spelling(store: PostgresStore) -> None:
    docs = [
        news("وانتقد المسؤول والمرتزقة الأجانب في البلاد.", "a.txt", outlet="x", published="2020-01-02"),
        news("قال امريكا ستدرس الطلب، وأكدت الوزارة ذلك.", "b.txt", outlet="y", published="2020-03-04"),
        news("أعلنت الحكومة وقف إطلاق النار في المدينة.", "c.txt", outlet="x", published="2020-05-06"),
        news(
            "النار اشتعلت بعد وقف العمل وإطلاق سراح المحتجزين.", "d.txt", outlet="y", published="2020-07-08"
        ),
    ]
    store.add_batch(docs)
    total, hits = store.search("المرتزقة")
    assert total == 1 and hits[0][0].id == docs[0].id
    doc, hit = hits[0]
    assert [doc.text[s:e] for s, e in hit.highlights] == ["والمرتزقة"]
    assert store.search("أمريكا")[1][0][0].id == docs[1].id
    assert {d.id for d, _ in store.search("وقف النار")[1]} == {docs[2].id, docs[3].id}
    assert [d.id for d, _ in store.search('"وقف إطلاق النار"')[1]] == [docs[2].id]
    assert store.search("النار", outlet="y")[0] == 1
    assert store.search("النار", since="2020-06-01")[0] == 1
    assert store.search("النار", articles=[docs[2].id])[0] == 1
    for hostile in ("' OR 1=1 --", '"', "& | ! <->", "):*"):
        store.search(hostile)  # no error, whatever it finds


def test_search_finds_what_the_sqlite_store_finds(store: PostgresStore) -> None:
    docs = [composed(n, 1 + n) for n in range(12)]
    store.add_batch(docs)
    with Store() as lite:
        lite.add_batch(docs)
        for query in ("سالم الحربي", "وزارة المالية", "الطيران", "بجدة", '"هيئة الطيران المدني"', "غائب"):
            assert {d.id for d, _ in store.search(query, limit=100)[1]} == {
                d.id for d, _ in lite.search(query, limit=100)[1]
            }, query


def test_reports_are_kept(store: PostgresStore) -> None:
    assert store.latest_report() is None and store.report_count() == 0
    store.save_report({"schema": "marsad.report/1", "articles": [{"id": "a"}], "note": "نص"})
    store.save_report({"schema": "marsad.report/1", "articles": [], "note": "ثان"})
    assert store.report_count() == 2
    assert store.latest_report() == {"schema": "marsad.report/1", "articles": [], "note": "ثان"}
    store.save_report_json('{"schema": "marsad.report/1", "articles": [], "note": "ثالث"}'.encode(), 0, "x")
    assert store.latest_report() == {"schema": "marsad.report/1", "articles": [], "note": "ثالث"}


def test_a_report_file_is_kept(store: PostgresStore, tmp_path: Path) -> None:
    path = tmp_path / "r.json"
    path.write_text('{"schema": "marsad.report/1", "articles": [], "note": "ملف"}', encoding="utf-8")
    store.save_report_file(path, 0, "marsad.report/1")
    assert store.latest_report() == {"schema": "marsad.report/1", "articles": [], "note": "ملف"}


def test_incremental_analysis_works_on_the_server(url: str) -> None:
    pipeline = stand_in_pipeline()
    with open_store(url) as store:
        store.add_batch([composed(n, 1 + n // 3) for n in range(6)])
        _, run = analyse_incremental(store, pipeline)
        assert (run.analysed, run.reused) == (6, 0)
        store.add_batch([composed(n, 1 + n // 3) for n in range(6, 9)])
        corpus, run = analyse_incremental(store, pipeline)
        assert (run.analysed, run.reused, run.story_index_reused) == (3, 6, True)
        assert len(corpus.articles) == 9


def test_a_state_kept_from_a_file_comes_back(store: PostgresStore, tmp_path: Path) -> None:
    path = tmp_path / "state.bin"
    path.write_bytes(bytes(range(256)) * 100)
    store.save_state_file("index", "v2", path)
    assert store.load_state("index", "v2") == path.read_bytes()


def test_state_pieces_are_saved_in_place_and_loaded_by_key(store: PostgresStore) -> None:
    check_pieces(store)
    check_repeated_keys(store)


def test_kept_state_in_pieces_grows_on_the_server(store: PostgresStore) -> None:
    from marsad.corpus.stories import build_stories, grown_stories
    from marsad.corpus.story_index import StoryIndex
    from marsad.scale.state import load_index, load_results, save_index, save_results
    from tests.scale.test_state import ARTICLES, PARAMS, PRIOR, _results, state_of

    whole = StoryIndex(PARAMS, PRIOR)
    whole.add(ARTICLES[:30])
    save_index(store, "v", whole)
    kept = load_index(store, "v", PRIOR)
    assert kept is not None
    grown = grown_stories(kept, ARTICLES[30:], (), [a.doc.id for a in ARTICLES])
    placed = whole.add(ARTICLES[30:])
    assert grown == tuple(s for s in build_stories(whole) if s.id in {p.story for p in placed})
    save_index(store, "v", kept, full=False)
    again = load_index(store, "v", PRIOR)
    assert again is not None and state_of(again) == state_of(whole)
    results = _results(5)
    save_results(store, "v", results, ("claim_group_reasons", "framing_loaded"))
    assert load_results(store, "v") == results
