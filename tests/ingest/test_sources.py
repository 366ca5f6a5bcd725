"""``iter_documents``: every kind of input, bad inputs reported one line each, the batch going on."""

from __future__ import annotations

import http.server
import io
import json
import os
import shutil
import socket
import sys
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from marsad.document import Document
from marsad.ingest import IngestError, iter_documents
from tests.ingest.helpers import FIXTURES, fixture

ARTICLE = "وصل وفد تجاري إلى المدينة اليوم لبحث فرص الاستثمار في قطاع الطاقة المتجددة."
Item = Document | IngestError


def run(*inputs: str | Path, **options: int) -> list[Item]:
    return list(iter_documents([str(given) for given in inputs], **options))


def by_source(items: list[Item]) -> dict[str, Item]:
    return {item.source: item for item in items}


def problem(item: Item) -> str:
    assert isinstance(item, IngestError), item
    return item.problem


def test_every_fixture_gives_documents_or_one_line_errors() -> None:
    names = sorted(path.name for path in FIXTURES.iterdir() if path.is_file() and path.suffix != ".py")
    items = run(*(FIXTURES / name for name in names))
    documents = [item for item in items if isinstance(item, Document)]
    errors = [item for item in items if isinstance(item, IngestError)]
    assert len(documents) >= 20
    for error in errors:
        assert "\n" not in str(error)
        assert not error.problem.startswith("unexpected error")
    for document in documents:
        assert document.text.strip()
        assert "<script" not in document.text


@pytest.mark.parametrize(
    "name",
    [
        "article_utf8.txt",
        "article_utf8_bom.txt",
        "article_utf16le_bom.txt",
        "article_utf16be_bom.txt",
        "article_utf16le_nobom.txt",
        "article_cp1256.txt",
    ],
)
def test_encodings_give_the_same_document(name: str) -> None:
    (reference,) = run(fixture("article_utf8.txt"))
    (document,) = run(fixture(name))
    assert isinstance(document, Document) and isinstance(reference, Document)
    assert document.text == reference.text
    assert document.id == reference.id
    assert document.title == "وزير الري يفتتح محطة جديدة لتحلية المياه في الساحل الشمالي"
    assert document.source == str(fixture(name))


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("empty.txt", "empty file"),
        ("blank.txt", "empty file"),
        ("junk.txt", "binary file"),
        ("truncated_utf8.txt", "truncated file"),
        ("english.txt", "not Arabic text"),
        ("broken_page.html", "no article text found (broken or empty HTML)"),
        ("not_a_feed.rss", "not a valid RSS/Atom feed"),
        ("broken.json", "invalid JSON"),
        ("no_text.json", "JSON record has no text field"),
    ],
)
def test_bad_files(name: str, expected: str) -> None:
    (error,) = run(fixture(name))
    assert expected in problem(error)
    assert str(error).startswith(str(fixture(name)) + ": ")


def test_bad_inputs_do_not_stop_the_batch(tmp_path: Path) -> None:
    items = run(
        tmp_path / "missing.txt", fixture("junk.txt"), fixture("article_utf8.txt"), "http://127.0.0.1:9/x"
    )
    assert [type(item).__name__ for item in items] == [
        "IngestError",
        "IngestError",
        "Document",
        "IngestError",
    ]
    assert problem(items[0]) == "no such file or directory"
    assert "could not fetch" in problem(items[3])


def test_records_and_feeds_are_numbered_from_one() -> None:
    items = by_source(run(fixture("records.json"), fixture("records.jsonl"), fixture("feed.rss")))
    sport = items[f"{fixture('records.json')}#1"]
    assert isinstance(sport, Document)
    assert (sport.outlet, sport.published, sport.author) == (
        "sport.example.net",
        "2020-11-06",
        "أحمد سالم، منى خالد",
    )
    assert "no text field" in problem(items[f"{fixture('records.json')}#3"])
    assert "not Arabic" in problem(items[f"{fixture('records.json')}#4"])
    assert isinstance(items[f"{fixture('records.json')}#5"], Document)
    assert "invalid JSON" in problem(items[f"{fixture('records.jsonl')}#2"])
    assert isinstance(items[f"{fixture('records.jsonl')}#4"], Document)
    assert isinstance(items[f"{fixture('feed.rss')}#2"], Document)


def test_truncated_array_keeps_what_came_before() -> None:
    first, error = run(fixture("truncated_array.json"))
    assert isinstance(first, Document)
    assert "truncated JSON in record #2" in problem(error)


def test_zip_members_with_manifest_and_sidecar() -> None:
    archive = str(fixture("bundle.zip"))
    items = by_source(run(archive))
    assert sorted(items) == sorted(
        [
            f"{archive}!more/picture.png",
            f"{archive}!more/records.jsonl#1",
            f"{archive}!more/records.jsonl#2",
            f"{archive}!news/economy.txt",
            f"{archive}!news/weather.txt",
        ]
    )
    economy = items[f"{archive}!news/economy.txt"]
    assert isinstance(economy, Document)
    # The sidecar wins over the manifest, which fills what the sidecar leaves out.
    assert (economy.outlet, economy.published, economy.url, economy.title) == (
        "جريدة المال",
        "2021-02-03",
        "https://mal.example/e",
        "عنوان من البيان",
    )
    assert economy.text.startswith("أعلن البنك المركزي")  # windows-1256 inside the zip
    weather = items[f"{archive}!news/weather.txt"]
    assert (
        isinstance(weather, Document) and weather.outlet == "نشرة الطقس" and weather.published == "2021-02-01"
    )
    assert "unsupported file type '.png'" in problem(items[f"{archive}!more/picture.png"])


def make_folder(root: Path) -> Path:
    folder = root / "corpus"
    (folder / "sub" / "deeper").mkdir(parents=True)
    (folder / "b.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "a.txt").write_text(ARTICLE + " ثانية", encoding="utf-8")
    (folder / "a.json").write_text(
        json.dumps({"outlet": "الوكالة", "url": "https://x.example/a"}), encoding="utf-8"
    )
    (folder / "manifest.csv").write_text(
        "file,outlet,published\nb.txt,صحيفة ب,2020-05-07\n", encoding="utf-8"
    )
    (folder / ".hidden.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / ".git").mkdir()
    (folder / ".git" / "x.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "sub" / "deeper" / "c.html").write_text(f"<html><body><p>{ARTICLE} ثالثة</p></body></html>")
    (folder / "sub" / "notes.pdf").write_bytes(b"%PDF-1.4 binary")
    (folder / "sub" / "README").write_text(ARTICLE + " رابعة", encoding="utf-8")
    return folder


def test_folder_walk_is_sorted_recursive_and_skips_hidden_and_metadata(tmp_path: Path) -> None:
    folder = make_folder(tmp_path)
    items = run(folder)
    names = [os.path.relpath(item.source, folder) for item in items]
    assert names == ["a.txt", "b.txt", "sub/README", "sub/deeper/c.html", "sub/notes.pdf"]
    a, b, readme, page, pdf = items
    assert isinstance(a, Document) and (a.outlet, a.url) == ("الوكالة", "https://x.example/a")
    assert isinstance(b, Document) and (b.outlet, b.published) == ("صحيفة ب", "2020-05-07")
    assert isinstance(readme, Document) and isinstance(page, Document)
    assert "unsupported file type '.pdf'" in problem(pdf)


def test_folder_without_articles(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "pictures").mkdir()
    (tmp_path / "pictures" / "a.png").write_bytes(b"\x89PNG")
    (empty,) = run(tmp_path / "empty")
    assert problem(empty).startswith("no articles found in this folder")
    (unsupported,) = run(tmp_path / "pictures")
    assert "unsupported file type '.png'" in problem(unsupported)


@pytest.mark.skipif(os.geteuid() == 0 if hasattr(os, "geteuid") else True, reason="root reads everything")
def test_permission_denied(tmp_path: Path) -> None:
    locked = tmp_path / "locked.txt"
    locked.write_text(ARTICLE, encoding="utf-8")
    locked.chmod(0)
    try:
        (error,) = run(locked)
        assert problem(error) == "permission denied"
    finally:
        locked.chmod(0o644)


def test_unreadable_file_is_reported(tmp_path: Path) -> None:
    # A name that is a directory where a file is expected inside a zip-like path cannot be opened.
    (error,) = run(tmp_path / "nowhere" / "a.txt")
    assert problem(error) == "no such file or directory"


def test_huge_file_is_refused_before_reading(tmp_path: Path) -> None:
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as handle:
        handle.truncate(100 * 1024 * 1024)  # sparse: 100 MB on paper, nothing on disk
    (error,) = run(huge)
    assert problem(error).startswith("file too large: 104.9 MB")
    small = tmp_path / "small.html"
    small.write_text(f"<p>{ARTICLE}</p>", encoding="utf-8")
    (error,) = run(small, max_bytes=20)
    assert "file too large" in problem(error)


def test_streamed_json_is_not_limited_as_a_whole(tmp_path: Path) -> None:
    records = [{"text": f"{ARTICLE} {index}"} for index in range(50)]
    path = tmp_path / "many.json"
    path.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    items = run(path, max_bytes=1000)
    assert len(items) == 50 and all(isinstance(item, Document) for item in items)


def test_corrupt_zip(tmp_path: Path) -> None:
    data = fixture("bundle.zip").read_bytes()
    (tmp_path / "cut.zip").write_bytes(data[: len(data) // 2])
    (error,) = run(tmp_path / "cut.zip")
    assert problem(error) == "not a valid zip archive (truncated or corrupt)"


def test_zip_inside_zip_and_crc_error(tmp_path: Path) -> None:
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as archive:
        archive.writestr("inner.txt", ARTICLE)
    outer = tmp_path / "outer.zip"
    with zipfile.ZipFile(outer, "w") as archive:
        archive.writestr("a/inner.zip", inner.getvalue())
        archive.writestr("b.txt", ARTICLE + " أخرى")
    (document, other) = run(outer)
    assert isinstance(document, Document) and document.source == f"{outer}!a/inner.zip!inner.txt"
    assert isinstance(other, Document)
    # Flip a byte of the stored (uncompressed) member: the CRC check fails on reading it.
    data = bytearray(outer.read_bytes())
    position = bytes(data).index(("أخرى").encode())
    data[position] ^= 1
    outer.write_bytes(bytes(data))
    items = run(outer)
    assert isinstance(items[0], Document)
    assert "corrupt or unsupported zip data" in problem(items[1])


def test_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    payload = "\n".join(json.dumps({"text": f"{ARTICLE} {index}"}, ensure_ascii=False) for index in range(3))
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(payload.encode("utf-8"))))
    items = run("-")
    assert [item.source for item in items] == ["-#1", "-#2", "-#3"]
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(ARTICLE.encode("windows-1256"))))
    (document,) = run("-")
    assert isinstance(document, Document) and document.text == ARTICLE
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"")))
    (error,) = run("-")
    assert problem(error) == "empty file"


def test_lazy(tmp_path: Path) -> None:
    def inputs() -> Iterator[str]:
        yield str(fixture("article_utf8.txt"))
        raise AssertionError("the second input was read before the first document was used")

    assert isinstance(next(iter_documents(inputs())), Document)


class _Handler(http.server.BaseHTTPRequestHandler):
    pages: ClassVar[dict[str, tuple[str, bytes]]] = {
        "/news/1": ("text/html; charset=windows-1256", fixture("page_cp1256.html").read_bytes()),
        "/feed": ("application/rss+xml", fixture("feed.rss").read_bytes()),
        "/plain": ("text/plain; charset=utf-8", ARTICLE.encode("utf-8")),
    }

    def do_GET(self) -> None:
        if self.path not in self.pages:
            self.send_error(404, "Not Found")
            return
        content_type, body = self.pages[self.path]
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_urls_on_a_local_server(server: str) -> None:
    page, first, second, third, plain, missing = run(
        f"{server}/news/1", f"{server}/feed", f"{server}/plain", f"{server}/missing"
    )
    assert isinstance(page, Document) and page.source == f"{server}/news/1"
    assert page.url == f"{server}/news/1" and page.outlet == "صحيفة الخليج اليوم"
    assert "افتتح وزير الموارد المائية" in page.text
    assert [item.source for item in (first, second, third)] == [f"{server}/feed#{n}" for n in (1, 2, 3)]
    assert isinstance(plain, Document) and plain.text == ARTICLE
    assert problem(missing) == "could not fetch: HTTP 404 Not Found"


def test_url_without_network_is_an_error() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    (error,) = run(f"http://127.0.0.1:{port}/article")
    assert problem(error).startswith("could not fetch (no network?)")


EXTENSIONS = ["txt", "html", "json", "jsonl", "xml", "rss", "zip", "bin", ""]


@settings(
    max_examples=int(os.environ.get("INGEST_FUZZ", "150")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    st.one_of(
        st.binary(max_size=3000),
        st.text(max_size=500).map(lambda text: text.encode("utf-8")),
        st.sampled_from(
            [path.read_bytes() for path in sorted(FIXTURES.glob("*.*")) if path.suffix != ".py"]
        ).flatmap(lambda data: st.integers(0, len(data)).map(lambda cut: data[:cut])),
    ),
    st.sampled_from(EXTENSIONS),
)
def test_any_bytes_give_a_document_or_an_error(tmp_path: Path, data: bytes, extension: str) -> None:
    path = tmp_path / (f"input.{extension}" if extension else "input")
    path.write_bytes(data)
    for item in run(path):
        assert isinstance(item, Document | IngestError)
        if isinstance(item, IngestError):
            assert item.problem and "\n" not in str(item)
            assert not item.problem.startswith("unexpected error"), item
        else:
            assert item.text.strip()


def test_copy_of_a_folder_is_read_the_same(tmp_path: Path) -> None:
    folder = make_folder(tmp_path)
    copy = tmp_path / "copy"
    shutil.copytree(folder, copy)
    assert [item.id for item in run(folder) if isinstance(item, Document)] == [
        item.id for item in run(copy) if isinstance(item, Document)
    ]


def test_permission_denied_even_as_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = make_folder(tmp_path)
    real_scandir = os.scandir

    def scandir(path: str | Path) -> object:
        if Path(path).name == "sub":
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)

    def refuse(path: Path) -> object:
        if path.name == "b.txt":
            raise PermissionError(13, "Permission denied")
        return path.open("rb")

    monkeypatch.setattr("marsad.ingest.sources.os.scandir", scandir)
    monkeypatch.setattr("marsad.ingest.sources._open_binary", refuse)
    items = run(folder)
    assert [(os.path.relpath(item.source, folder), type(item).__name__) for item in items] == [
        ("a.txt", "Document"),
        ("b.txt", "IngestError"),
        ("sub", "IngestError"),
    ]
    assert problem(items[1]) == "permission denied"
    assert problem(items[2]) == "permission denied"


def test_a_single_path_or_a_path_object_is_accepted() -> None:
    (by_string,) = iter_documents(str(fixture("article_utf8.txt")))
    (by_path,) = iter_documents([fixture("article_utf8.txt")])
    assert isinstance(by_string, Document) and isinstance(by_path, Document)
    assert by_string.id == by_path.id


def test_zips_nested_too_deep_are_refused(tmp_path: Path) -> None:
    data = ARTICLE.encode("utf-8")
    name = "article.txt"
    for level in range(5):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr(name, data)
        data, name = buffer.getvalue(), f"level{level}.zip"
    (tmp_path / "deep.zip").write_bytes(data)
    (error,) = run(tmp_path / "deep.zip")
    assert error.source == f"{tmp_path / 'deep.zip'}!level3.zip!level2.zip!level1.zip"
    assert problem(error) == "zip archives nested more than 3 deep"


@pytest.mark.parametrize("codec", ["utf-8-sig", "utf-16", "windows-1256"])
def test_json_in_other_encodings(tmp_path: Path, codec: str) -> None:
    records = [{"text": f"{ARTICLE} {index}", "title": "عنوان"} for index in range(3)]
    array = tmp_path / "array.json"
    array.write_bytes(json.dumps(records, ensure_ascii=False).encode(codec))
    lines = tmp_path / "lines.jsonl"
    lines.write_bytes("\r\n".join(json.dumps(r, ensure_ascii=False) for r in records).encode(codec))
    items = run(array, lines)
    assert [item.text for item in items if isinstance(item, Document)] == [r["text"] for r in records] * 2


def test_a_bad_byte_in_a_stream_costs_one_character_not_the_rest(tmp_path: Path) -> None:
    records = [{"text": f"{ARTICLE} {index}"} for index in range(3)]
    data = json.dumps(records, ensure_ascii=False).encode("utf-8")
    position = data.index(b" 1") + 1
    path = tmp_path / "damaged.json"
    path.write_bytes(data[:position] + b"\xff" + data[position + 1 :])
    items = run(path)
    assert all(isinstance(item, Document) for item in items) and len(items) == 3
    assert items[1].text.endswith("\ufffd")


def test_outlet_order_for_html(tmp_path: Path) -> None:
    body = f"<p>{ARTICLE}</p>"
    (tmp_path / "named.html").write_text(
        f"<html><head><meta property='og:site_name' content='موقع'></head>{body}"
    )
    (tmp_path / "linked.html").write_text(
        f"<html><head><link rel='canonical' href='https://www.paper.example.com/a'></head><body>{body}</body></html>"
    )
    (tmp_path / "bare.html").write_text(f"<html><body>{body} بلا رابط</body></html>")
    for name in ("named", "linked", "bare"):
        (tmp_path / f"{name}.json").write_text(json.dumps({"outlet": "من الملف المرافق"}), encoding="utf-8")
    outlets = {Path(item.source).stem: item.outlet for item in run(tmp_path) if isinstance(item, Document)}
    assert outlets == {"named": "موقع", "linked": "paper.example.com", "bare": "من الملف المرافق"}


def test_url_with_arabic_path(server: str) -> None:
    _Handler.pages["/%D9%85%D9%82%D8%A7%D9%84"] = ("text/plain; charset=utf-8", ARTICLE.encode("utf-8"))
    try:
        (document,) = run(f"{server}/مقال")
    finally:
        del _Handler.pages["/%D9%85%D9%82%D8%A7%D9%84"]
    assert isinstance(document, Document) and document.source == f"{server}/مقال"


def test_stdin_over_the_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO((ARTICLE * 20).encode("utf-8"))))
    (error,) = run("-", max_bytes=100)
    assert problem(error) == "file too large: more than 100 bytes, the limit for one article file"


def test_utf16_json_array_is_streamed_not_limited(tmp_path: Path) -> None:
    records = [{"text": f"{ARTICLE} {index}"} for index in range(20)]
    path = tmp_path / "wide.json"
    path.write_bytes(json.dumps(records, ensure_ascii=False).encode("utf-16"))
    items = run(path, max_bytes=2000)
    assert [item.source for item in items] == [f"{path}#{n}" for n in range(1, 21)]


def test_zip_member_names_written_as_utf8_without_the_flag(tmp_path: Path) -> None:
    path = tmp_path / "names.zip"
    with zipfile.ZipFile(path, "w") as archive:
        info = zipfile.ZipInfo("مقال.txt")
        archive.writestr(info, ARTICLE)
    data = path.read_bytes()
    # Clear the "names are UTF-8" flag in both headers, as some zip tools do.
    cleared = bytearray(data)
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = data.index(signature)
        cleared[start + offset + 1] &= ~0x08
    path.write_bytes(bytes(cleared))
    (document,) = run(path)
    assert isinstance(document, Document) and document.source == f"{path}!مقال.txt"
