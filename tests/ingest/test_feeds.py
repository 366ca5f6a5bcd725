"""RSS and Atom feeds: one article per entry, HTML stripped, dates as written."""

from __future__ import annotations

import pytest

from marsad.ingest.build import Meta
from marsad.ingest.errors import Rejected
from marsad.ingest.feeds import looks_like_feed, read_feed
from tests.ingest.helpers import fixture


def entries(name: str) -> list[tuple[str, Meta] | Rejected]:
    return [result for _, result in read_feed(fixture(name).read_bytes())]


@pytest.mark.parametrize("name", ["feed.rss", "feed_cp1256.xml"])
def test_rss_entries(name: str) -> None:
    first, second, third = entries(name)
    assert isinstance(first, tuple) and isinstance(second, tuple)
    text, meta = first
    assert text.startswith("توقعت هيئة الأرصاد الجوية")
    assert "<" not in text and "alert" not in text
    assert meta == Meta(
        title="ارتفاع درجات الحرارة",
        outlet="وكالة الأنباء التجريبية",
        published="2021-03-09",
        url="https://news.example.org/weather/1",
        author="مكتب الأخبار",
    )
    assert second[1].published == "2021-03-10"
    assert isinstance(third, Rejected) and third.problem == "feed entry has no text"


def test_atom_takes_the_longest_content() -> None:
    (result,) = entries("feed.atom")
    assert isinstance(result, tuple)
    text, meta = result
    assert text.split("\n")[0].startswith("بدأت وزارة التعليم")
    assert "فاز فريق النادي الأهلي" in text
    assert meta.published == "2021-04-01"
    assert meta.outlet == "موقع التعليم"


@pytest.mark.parametrize(
    ("name", "problem"),
    [("not_a_feed.rss", "not a valid RSS/Atom feed"), ("broken_feed.xml", "not a valid RSS/Atom feed")],
)
def test_non_feeds_are_refused(name: str, problem: str) -> None:
    with pytest.raises(Rejected, match=problem):
        entries(name)


def test_feedparser_never_opens_a_path_given_as_data() -> None:
    with pytest.raises(Rejected):
        entries_of(b"/etc/passwd")


def entries_of(data: bytes) -> list[object]:
    return list(read_feed(data))


def test_looks_like_feed() -> None:
    assert looks_like_feed(b'<?xml version="1.0"?>\n<rss version="2.0">')
    assert looks_like_feed(b'<feed xmlns="http://www.w3.org/2005/Atom">')
    assert not looks_like_feed(b"<html><body>")
