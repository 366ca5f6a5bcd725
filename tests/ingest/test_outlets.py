"""Outlet names: a given name wins, else the URL's domain."""

from __future__ import annotations

import pytest

from marsad.ingest.outlets import clean_name, outlet_from_url


@pytest.mark.parametrize(
    ("url", "outlet"),
    [
        ("https://www.aljazeera.net/news/2020/5/7/x", "aljazeera.net"),
        ("http://m.example.com/a", "example.com"),
        ("https://arabic.example.co.uk:8080/a?b=c", "arabic.example.co.uk"),
        ("https://WWW.Example.ORG./", "example.org"),
        ("https://www.com/", "www.com"),
        ("not a url", None),
        ("file:///tmp/a.txt", None),
        ("https://localhost/", None),
        (None, None),
        ("", None),
    ],
)
def test_outlet_from_url(url: str | None, outlet: str | None) -> None:
    assert outlet_from_url(url) == outlet


def test_clean_name() -> None:
    assert clean_name("  الجزيرة \n نت ") == "الجزيرة نت"
    assert clean_name("") is None
    assert clean_name(12) == "12"
    assert clean_name(True) is None
    assert clean_name({"name": "x"}) is None
    assert clean_name("وزير &quot;الري&quot; &#8220;يفتتح&#8221; A&amp;B") == 'وزير "الري" “يفتتح” A&B'
    assert clean_name("https://x.example/?a=1&amp;b=2") == "https://x.example/?a=1&b=2"
