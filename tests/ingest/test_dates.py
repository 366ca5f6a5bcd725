"""Publication dates as sources write them, read as ISO 8601 dates."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from marsad.ingest.dates import parse_published


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2015-07-21 02:51:32", "2015-07-21"),
        ("2020-05-07T10:00:00+03:00", "2020-05-07"),
        ("2020-05-06T23:30:00-05:00", "2020-05-06"),
        ("2020-05-07T10:00:00Z", "2020-05-07"),
        ("2019-11", "2019-11"),
        ("2019", "2019"),
        ("2020/05/07", "2020-05-07"),
        ("07/05/2020", "2020-05-07"),
        ("7-5-2020", "2020-05-07"),
        ("Thu, 07 May 2020 10:00:00 GMT", "2020-05-07"),
        ("Tue, 09 Mar 2021 23:30:00 -0500", "2021-03-09"),
        ("May 7, 2020", "2020-05-07"),
        ("7 May 2020", "2020-05-07"),
        ("7 مايو 2020", "2020-05-07"),
        ("الخميس 7 أيار 2020", "2020-05-07"),
        ("٢١ ابريل ٢٠١٩", "2019-04-21"),
        ("3 تشرين الأول 2018", "2018-10-03"),
        ("15 كانون الثاني 2017", "2017-01-15"),
        ("نوفمبر 2019", "2019-11"),
        (1588809600, "2020-05-07"),
        (1588809600000, "2020-05-07"),
        ("1588809600", "2020-05-07"),
        (dt.date(2020, 5, 7), "2020-05-07"),
    ],
)
def test_parses(value: object, expected: str) -> None:
    assert parse_published(value) == expected


@pytest.mark.parametrize(
    "value",
    [None, "", "   ", "yesterday", "2020-13-01", "2020-02-30", "31/02/2020", "الثاني", True, [], {}, "12:30"],
)
def test_refuses_what_is_not_a_date(value: object) -> None:
    assert parse_published(value) is None


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_iso_and_day_first_agree(day: dt.date) -> None:
    iso = day.isoformat()
    assert parse_published(iso) == iso
    assert parse_published(f"{day.day:02d}/{day.month:02d}/{day.year}") == iso
    assert parse_published(f"{iso} 12:00:00") == iso


@given(st.text(max_size=40))
def test_never_raises(value: str) -> None:
    result = parse_published(value)
    assert result is None or dt.date.fromisoformat(result.ljust(10, "-")[:4] + "-01-01")
