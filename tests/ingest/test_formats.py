"""Input kinds by extension and by first bytes."""

from __future__ import annotations

import codecs

import pytest

from marsad.ingest import formats


@pytest.mark.parametrize(
    ("name", "kind"),
    [("a.TXT", "text"), ("dir/a.htm", "html"), ("x.rss", "feed"), ("x.ndjson", "jsonl"), ("a.zip", "zip")],
)
def test_kind_by_name(name: str, kind: str) -> None:
    assert formats.kind_by_name(name) == kind


def test_unknown_extensions() -> None:
    assert formats.kind_by_name("scan.pdf") is None
    assert formats.kind_by_name("README") is None


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        (b"PK\x03\x04rest", "zip"),
        (b'<?xml version="1.0"?>\n<rss version="2.0">', "feed"),
        (b'\n  <feed xmlns="http://www.w3.org/2005/Atom">', "feed"),
        (b"<!DOCTYPE html><html>", "html"),
        (codecs.BOM_UTF8 + b"<html lang='ar'>", "html"),
        ("<html><body>".encode("utf-16"), "html"),
        (b'<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml">', "html"),
        (b'<?xml version="1.0"?><catalog/>', "feed"),
        (b' [{"text": 1}]', "json"),
        (b'{"text": 1}', "json"),
        ("نص عادي".encode(), None),
    ],
)
def test_sniff(head: bytes, kind: str | None) -> None:
    assert formats.sniff(head) == kind
