"""Hijri conversion: the tabular calendar round-trips and stays within two days of Umm al-Qura."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from marsad.extract.datetime_hijri import (
    gregorian_to_hijri,
    hijri_to_gregorian,
    hijri_year_to_gregorian,
    tabular_from_gregorian,
    tabular_to_gregorian,
)


@given(st.integers(1, 1600), st.integers(1, 12), st.integers(1, 29))
def test_tabular_round_trips(year: int, month: int, day: int) -> None:
    assert tabular_from_gregorian(tabular_to_gregorian(year, month, day)) == (year, month, day)


@given(st.integers(1343, 1499), st.integers(1, 12), st.integers(1, 28))
def test_tabular_is_within_two_days_of_the_preferred_conversion(year: int, month: int, day: int) -> None:
    preferred = hijri_to_gregorian(year, month, day)
    assert preferred is not None
    assert abs((tabular_to_gregorian(year, month, day) - preferred).days) <= 2


def test_known_dates() -> None:
    # 1 Shawwal 1436 (Eid al-Fitr) was Friday 17 July 2015; 1 Muharram 1437 was 14 October 2015.
    for (year, month, day), expected in (
        ((1436, 10, 1), dt.date(2015, 7, 17)),
        ((1437, 1, 1), dt.date(2015, 10, 14)),
    ):
        converted = hijri_to_gregorian(year, month, day)
        assert converted is not None
        assert abs((converted - expected).days) <= 1


def test_gregorian_to_hijri_inverts_the_conversion() -> None:
    date = hijri_to_gregorian(1441, 9, 14)
    assert date is not None
    assert gregorian_to_hijri(date) == (1441, 9, 14)


@pytest.mark.parametrize(("hijri", "gregorian"), [(1432, 2011), (1436, 2015), (1437, 2016), (1441, 2020)])
def test_a_hijri_year_maps_to_the_gregorian_year_holding_most_of_it(hijri: int, gregorian: int) -> None:
    assert hijri_year_to_gregorian(hijri) == gregorian


def test_impossible_dates_are_refused() -> None:
    assert hijri_to_gregorian(1436, 13, 1) is None
    assert hijri_to_gregorian(1436, 1, 31) is None


def test_a_thirtieth_written_for_a_29_day_month_is_the_day_after_the_29th() -> None:
    last = hijri_to_gregorian(1436, 11, 29)
    thirtieth = hijri_to_gregorian(1436, 11, 30)
    assert last is not None and thirtieth is not None
    assert (thirtieth - last).days == 1
