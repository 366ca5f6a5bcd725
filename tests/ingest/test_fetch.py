"""Fetching: addresses with Arabic in them, and failures that become reasons, not crashes."""

from __future__ import annotations

import pytest

from marsad.ingest.errors import Rejected
from marsad.ingest.fetch import ascii_url, fetch, is_url


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "http://news.example.com/مقال?q=عربي",
            "http://news.example.com/%D9%85%D9%82%D8%A7%D9%84?q=%D8%B9%D8%B1%D8%A8%D9%8A",
        ),
        ("https://مثال.إختبار/", "https://xn--mgbh0fb.xn--kgbechtv/"),
        ("http://127.0.0.1:8080/a%20b?x=1&y=2#top", "http://127.0.0.1:8080/a%20b?x=1&y=2#top"),
        ("http://[::1]:8000/a", "http://[::1]:8000/a"),
    ],
)
def test_ascii_url(url: str, expected: str) -> None:
    assert ascii_url(url) == expected


def test_is_url() -> None:
    assert is_url("HTTPS://example.org/")
    assert not is_url("file:///etc/passwd")
    assert not is_url("news/2020/a.txt")


def test_invalid_url_is_a_reason() -> None:
    with pytest.raises(Rejected, match="not a valid URL"):
        fetch("http://[::1/", max_bytes=100)
