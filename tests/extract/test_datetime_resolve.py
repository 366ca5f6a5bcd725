"""Calendar arithmetic: weekdays land where they should, month shifts invert, years are chosen sanely."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from marsad.extract import datetime_resolve as res

_DAYS = st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2090, 12, 31))


@given(_DAYS, st.integers(0, 6))
def test_weekday_helpers_land_on_the_weekday_in_range(reference: dt.date, weekday: int) -> None:
    on_or_before = res.weekday_on_or_before(weekday, reference)
    before = res.weekday_before(weekday, reference)
    after = res.weekday_after(weekday, reference)
    assert on_or_before.weekday() == before.weekday() == after.weekday() == weekday
    assert 0 <= (reference - on_or_before).days <= 6
    assert 1 <= (reference - before).days <= 7
    assert 1 <= (after - reference).days <= 7


@given(st.integers(1900, 2100), st.integers(1, 12), st.integers(-400, 400))
def test_month_shifts_invert(year: int, month: int, delta: int) -> None:
    assert res.shift_months(*res.shift_months(year, month, delta), -delta) == (year, month)


@given(_DAYS, st.integers(1, 12), st.integers(1, 28))
def test_year_choice_respects_the_direction(reference: dt.date, month: int, day: int) -> None:
    past = dt.date(res.gregorian_year_for(month, day, reference, "past"), month, day)
    coming = dt.date(res.gregorian_year_for(month, day, reference, "next"), month, day)
    nearest = dt.date(res.gregorian_year_for(month, day, reference, None), month, day)
    assert past < reference < coming
    assert (reference - past).days <= 366 and (coming - reference).days <= 366
    assert -366 <= (nearest - reference).days <= res.FUTURE_HORIZON


def test_iso_formats() -> None:
    assert res.iso_week(dt.date(2015, 7, 23)) == "2015-W30"
    assert res.iso_week(dt.date(2021, 1, 1)) == "2020-W53"
    assert res.iso_month(2015, 7) == "2015-07"
    assert res.safe_date(2015, 2, 29) is None


def test_iso_bounds_cover_each_precision() -> None:
    assert res.iso_bounds("2015") == (dt.date(2015, 1, 1), dt.date(2015, 12, 31))
    assert res.iso_bounds("2016-02") == (dt.date(2016, 2, 1), dt.date(2016, 2, 29))
    assert res.iso_bounds("2015-07-23") == (dt.date(2015, 7, 23), dt.date(2015, 7, 23))
    assert res.iso_bounds("2015-W31") == (dt.date(2015, 7, 27), dt.date(2015, 8, 2))
    assert res.iso_bounds("2015-13") is None
    assert res.iso_bounds("soon") is None


@given(_DAYS)
def test_iso_bounds_contain_the_day_at_every_precision(day: dt.date) -> None:
    for value in (str(day.year), res.iso_month(day.year, day.month), res.iso_day(day), res.iso_week(day)):
        bounds = res.iso_bounds(value)
        assert bounds is not None and bounds[0] <= day <= bounds[1]
