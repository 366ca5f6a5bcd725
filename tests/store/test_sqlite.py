import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.document import Document
from marsad.ingest.errors import IngestError
from marsad.store.sqlite import Store
from tests.store.pieces import check_pieces, check_repeated_keys

WORDS = "الحكومة أعلنت اليوم عن خطة جديدة لدعم المزارعين في المناطق الريفية وتوفير المياه".split()


def article(n: int, source: str = "x.txt") -> Document:
    words = [WORDS[(n * 7 + i * 3) % len(WORDS)] + str(n % 97) for i in range(40)]
    return Document.create(" ".join(words), source, outlet=f"outlet{n % 3}", published="2021-05-12")


def test_same_article_twice_is_stored_once_with_both_sources(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as store:
        first = store.add_batch([article(1, "a.txt")])
        second = store.add_batch([article(1, "b.html"), article(2)])
        assert first.added == (article(1).id,)
        assert second.existing == (article(1).id,)
        assert store.count() == 2
        assert store.sources(article(1).id) == ("a.txt", "b.html")


def test_near_duplicates_are_linked_not_dropped() -> None:
    base = "قالت وزارة الصحة في بيان اليوم إن عدد الإصابات الجديدة بلغ مئة وعشرين حالة في المنطقة الشرقية "
    wire = Document.create(base * 3 + "وفق ما أفادت الوكالة.", "site1.html")
    copy = Document.create(base * 3 + "حسبما ذكرت الصحيفة.", "site2.html")
    other = Document.create("فاز المنتخب الوطني بالمباراة النهائية بعد ركلات الترجيح " * 3, "sport.html")
    with Store() as store:
        result = store.add_batch([wire, copy, other])
        assert store.count() == 3
        assert [(d.article, d.duplicate_of) for d in result.duplicates] == [(copy.id, wire.id)]
        assert store.duplicates() == result.duplicates


def test_problems_are_kept_with_their_batch() -> None:
    with Store() as store:
        store.add_batch([article(3)], [IngestError("bad.bin", "binary file, not text")])
        assert store.problems() == (IngestError("bad.bin", "binary file, not text"),)


def test_store_reopens_with_its_contents_and_duplicate_index(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    text = "أعلنت الشركة عن أرباح قياسية في الربع الثاني من العام بعد ارتفاع الطلب على منتجاتها " * 3
    with Store(path) as store:
        store.add_batch([Document.create(text, "a.txt")])
    with Store(path) as store:
        result = store.add_batch([Document.create(text + " المزيد.", "b.txt")])
        assert len(result.duplicates) == 1
        assert store.check() == "ok"


@settings(max_examples=25, deadline=None)
@given(
    st.lists(
        st.builds(
            Document.create,
            st.text(alphabet="ابتثجحخ دذرزسش\n«»", min_size=1, max_size=60),
            st.sampled_from(["a.txt", "feed.xml#3", "x.zip!y.json#1"]),
            outlet=st.none() | st.sampled_from(["alpha.net", "بيتا"]),
            title=st.none() | st.text(max_size=20),
            published=st.none() | st.sampled_from(["2020", "2020-05", "2020-05-07"]),
        ),
        max_size=6,
    )
)
def test_documents_round_trip(docs: list[Document]) -> None:
    with Store() as store:
        store.add_batch(docs)
        unique = {doc.id: doc for doc in reversed(docs)}
        stored = {doc.id: doc for doc in store.documents()}
        assert stored.keys() == unique.keys()
        for doc_id, doc in stored.items():
            first = next(d for d in docs if d.id == doc_id)
            assert doc == first


WRITER = textwrap.dedent(
    """
    import sys
    from marsad.document import Document
    from marsad.store.sqlite import Store
    store = Store(sys.argv[1])
    batch = int(sys.argv[2])
    for b in range(1000):
        docs = [Document.create(f"مقال رقم {b}-{i} " * 20, f"gen{b}-{i}.txt") for i in range(batch)]
        store.add_batch(docs)
        print(b, flush=True)
    """
)


def test_killing_mid_ingest_loses_nothing_committed_and_corrupts_nothing(tmp_path: Path) -> None:
    path = tmp_path / "crash.db"
    batch = 50
    process = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path), str(batch)], stdout=subprocess.PIPE, text=True
    )
    assert process.stdout is not None
    committed = 0
    for line in process.stdout:
        committed = int(line) + 1
        if committed >= 4:
            break
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    with Store(path) as store:
        assert store.check() == "ok"
        count = store.count()
        assert count >= committed * batch
        assert count % batch == 0
        store.add_batch([article(5)])
        assert store.count() == count + 1


def test_reports_are_kept_and_the_latest_is_served(tmp_path: Path) -> None:
    path = tmp_path / "r.db"
    with Store(path) as store:
        assert store.latest_report() is None
        store.save_report({"schema": "marsad.report/1", "articles": [], "note": "أول"})
        store.save_report({"schema": "marsad.report/1", "articles": [{"id": "a"}], "note": "ثان"})
    with Store(path) as store:
        latest = store.latest_report()
        assert latest is not None and latest["note"] == "ثان"


def test_a_report_kept_as_utf8_json_is_stored_as_text(tmp_path: Path) -> None:
    body = json.dumps(
        {"schema": "marsad.report/1", "articles": [{"id": "a"}], "note": "نص"}, ensure_ascii=False
    )
    with Store(tmp_path / "r.db") as store:
        store.save_report_json(memoryview(body.encode("utf-8")), 1, "marsad.report/1")
        assert store.latest_report() == json.loads(body)
        kind, size = store._db.execute("SELECT typeof(body), length(body) FROM reports").fetchone()
        assert (kind, size) == ("text", len(body))
        path = tmp_path / "report.json"
        path.write_text(body.replace("نص", "ملف"), encoding="utf-8")
        store.save_report_file(path, 1, "marsad.report/1")
        assert store.latest_report() == json.loads(body.replace("نص", "ملف"))


def test_a_failed_batch_leaves_nothing_behind() -> None:
    with Store() as store:
        store.add_batch([article(1)])
        unstorable = Document.create("نص سليم لكن منفذه ليس نصا", "x.txt", outlet=["list"])  # type: ignore[arg-type]
        with pytest.raises(sqlite3.ProgrammingError):
            store.add_batch([article(3), unstorable])
        assert store.count() == 1
        assert store.add_batch([article(3)]).added == (article(3).id,)


def test_a_state_kept_from_a_file_comes_back(tmp_path: Path) -> None:
    path = tmp_path / "state.bin"
    path.write_bytes(bytes(range(256)) * 5000)
    with Store(tmp_path / "s.db") as store:
        store.save_state("index", "v1", b"old")
        store.save_state_file("index", "v2", path)
        assert store.load_state("index", "v1") is None
        assert store.load_state("index", "v2") == path.read_bytes()


def test_state_pieces_are_saved_in_place_and_loaded_by_key(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as store:
        check_pieces(store)
        check_repeated_keys(store)
    with Store(tmp_path / "s.db") as store:  # and they survive reopening
        assert store.piece_keys("b", "v1") == ["k1"]
