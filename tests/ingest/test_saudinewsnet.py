"""The real SaudiNewsNet zips stream through ingest as they are, with flat memory."""

from __future__ import annotations

import html
import json
import tracemalloc
import zipfile

from marsad.document import Document
from marsad.ingest import IngestError, iter_documents
from tests.conftest import shared_path


def test_one_zip_streams_every_record_with_flat_memory() -> None:
    archive = shared_path("data", "saudinewsnet", "2015-07-23.zip")
    with zipfile.ZipFile(archive) as opened:
        (member,) = opened.infolist()
        records = json.loads(opened.read(member))
    tracemalloc.start()
    try:
        items = []
        for item in iter_documents([str(archive)]):
            items.append((item.source, item.text[:40] if isinstance(item, Document) else item.problem))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert len(items) == len(records)
    assert [source for source, _ in items] == [
        f"{archive}!{member.filename}#{number}" for number in range(1, len(records) + 1)
    ]
    # Streaming: the peak stays well under the size of the decompressed JSON member (kept items included).
    assert peak < member.file_size / 2, (peak, member.file_size)


def test_records_become_documents_with_metadata() -> None:
    archive = shared_path("data", "saudinewsnet", "2015-07-23.zip")
    with zipfile.ZipFile(archive) as opened:
        records = json.loads(opened.read(opened.infolist()[0]))
    items = list(iter_documents([str(archive)]))
    documents = [item for item in items if isinstance(item, Document)]
    errors = [item for item in items if isinstance(item, IngestError)]
    with_text = [record for record in records if (record.get("content") or "").strip()]
    assert len(documents) >= 0.98 * len(with_text)
    for error in errors:
        assert error.problem.startswith(
            ("JSON record has no text field", "not Arabic text", "binary content")
        )
    for document in documents:
        number = int(document.source.rsplit("#", 1)[1])
        record = records[number - 1]
        assert document.text == record["content"]  # verbatim
        assert document.outlet == record["source"]
        assert document.published == record["date_extracted"][:10]
        assert document.url == record["url"]
        assert document.title == (" ".join(html.unescape(record["title"]).split()) or None)
