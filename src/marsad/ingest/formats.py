"""Tell what kind of input a file is: by its extension, or by its first bytes when that says nothing."""

from __future__ import annotations

import posixpath

from marsad.ingest.feeds import looks_like_feed

TEXT, HTML, FEED, JSON, JSONL, ZIP = "text", "html", "feed", "json", "jsonl", "zip"
KIND_BY_EXTENSION = {
    ".txt": TEXT,
    ".text": TEXT,
    ".md": TEXT,
    ".html": HTML,
    ".htm": HTML,
    ".xhtml": HTML,
    ".xml": FEED,
    ".rss": FEED,
    ".atom": FEED,
    ".json": JSON,
    ".jsonl": JSONL,
    ".ndjson": JSONL,
    ".zip": ZIP,
}
KIND_BY_CONTENT_TYPE = {
    "text/html": HTML,
    "application/xhtml+xml": HTML,
    "application/rss+xml": FEED,
    "application/atom+xml": FEED,
    "application/rdf+xml": FEED,
    "application/xml": FEED,
    "text/xml": FEED,
    "application/json": JSON,
    "application/x-ndjson": JSONL,
    "application/jsonl": JSONL,
    "application/zip": ZIP,
    "text/plain": TEXT,
}
SUPPORTED = ".txt, .html/.htm, .json, .jsonl, .xml/.rss/.atom or .zip"
_HTML_STARTS = (
    b"<!doctype html", b"<html", b"<head", b"<body", b"<meta", b"<!--", b"<div", b"<p>", b"<article",
)  # fmt: skip


def extension(name: str) -> str:
    """Return the lower-case extension of a path or URL path ('' when it has none)."""
    return posixpath.splitext(posixpath.basename(name))[1].lower()


def kind_by_name(name: str) -> str | None:
    """Return the kind its extension announces, or None."""
    return KIND_BY_EXTENSION.get(extension(name))


def sniff(head: bytes) -> str | None:
    """Guess the kind from the first bytes: zip, feed, HTML or JSON; None means plain text."""
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return ZIP
    start = head[:4096].replace(b"\x00", b"")
    for bom in (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"):
        start = start.removeprefix(bom)
    start = start.lstrip().lower()
    xml = start.startswith(b"<?xml")
    if start.startswith((b"<rss", b"<feed", b"<rdf:rdf")) or (xml and looks_like_feed(head)):
        return FEED
    if start.startswith(_HTML_STARTS) or (xml and b"<html" in start):
        return HTML
    if xml:
        return FEED
    if start.startswith((b"{", b"[")):
        return JSON
    return None
