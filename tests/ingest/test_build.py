"""Documents are made only from text worth analysing."""

from __future__ import annotations

import pytest

from marsad.document import content_id
from marsad.ingest.build import Meta, make_document
from marsad.ingest.errors import Rejected

TEXT = "انطلقت صباح اليوم فعاليات معرض الكتاب بمشاركة مئات دور النشر."


def test_document_carries_text_and_metadata() -> None:
    meta = Meta(title="معرض الكتاب", published="2023-02-01", url="https://www.books.example.com/x")
    document = make_document(TEXT, "a.txt", meta)
    assert document.text == TEXT
    assert document.id == content_id(TEXT)
    assert (document.source, document.title, document.published) == ("a.txt", "معرض الكتاب", "2023-02-01")
    assert document.outlet == "books.example.com"
    assert document.language == "ar"


def test_given_outlet_wins_over_domain() -> None:
    document = make_document(TEXT, "a", Meta(outlet="مجلة الكتب", url="https://books.example.com/"))
    assert document.outlet == "مجلة الكتب"


def test_fill_takes_only_missing_fields() -> None:
    assert Meta(title="أ").fill(Meta(title="ب", outlet="ج")) == Meta(title="أ", outlet="ج")


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("  \n ", "no article text found"),
        ("The book fair opened this morning with hundreds of publishers.", "not Arabic text: 0%"),
        ("كلمة " + "\x00\x01" * 20, "binary content"),
    ],
)
def test_refusals(text: str, problem: str) -> None:
    with pytest.raises(Rejected, match=problem):
        make_document(text, "a", Meta())


def test_mixed_text_passes_at_twenty_percent() -> None:
    make_document("عربي " * 2 + "english words here", "a", Meta())
    with pytest.raises(Rejected):
        make_document("عربي " + "english words here and there and more", "a", Meta())
