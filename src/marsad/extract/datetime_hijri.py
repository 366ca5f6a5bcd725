"""Hijri to Gregorian conversion: Umm al-Qura when ``hijridate`` is installed, tabular arithmetic otherwise.

The tabular (30-year cycle) calendar is plain arithmetic and never fails; against the Umm al-Qura
table it is off by up to two days (figures at ``_EPOCH``), which is why the table is preferred where
it covers the date (1343-1500 AH).
"""

from __future__ import annotations

import datetime as dt
from functools import cache

# 1 Muharram 1 AH with the astronomical epoch: Thursday 15 July 622 (Julian) = 18 July 622 (proleptic
# Gregorian). Measured against Umm al-Qura over 1343-1500 AH (1st, 15th, 29th of every month): 58 % of
# days exact, 36 % one day early, 5 % one day late, 1 % two days early; never more than two days off.
_EPOCH = dt.date(622, 7, 18).toordinal()
_CYCLE_DAYS = 10631  # days in 30 tabular years


def _tabular_to_ordinal(year: int, month: int, day: int) -> int:
    """Count days since the epoch; leap years are 2, 5, 7, 10, 13, 16, 18, 21, 24, 26, 29 of 30."""
    return day + (295 * (month - 1) + 9) // 10 + (year - 1) * 354 + (3 + 11 * year) // 30 + _EPOCH - 1


def tabular_to_gregorian(year: int, month: int, day: int) -> dt.date:
    """Convert a Hijri date with the tabular calendar (works for any year)."""
    return dt.date.fromordinal(_tabular_to_ordinal(year, month, day))


def tabular_from_gregorian(date: dt.date) -> tuple[int, int, int]:
    """Convert a Gregorian date to the tabular Hijri calendar."""
    ordinal = date.toordinal()
    year = (30 * (ordinal - _EPOCH) + 10646) // _CYCLE_DAYS
    while _tabular_to_ordinal(year + 1, 1, 1) <= ordinal:
        year += 1
    while _tabular_to_ordinal(year, 1, 1) > ordinal:
        year -= 1
    month = 12
    while month > 1 and _tabular_to_ordinal(year, month, 1) > ordinal:
        month -= 1
    return year, month, ordinal - _tabular_to_ordinal(year, month, 1) + 1


@cache
def _ummalqura() -> tuple[type, type] | None:
    """Return hijridate's (Hijri, Gregorian) classes if the package is installed."""
    try:
        from hijridate import Gregorian, Hijri
    except ImportError:  # pragma: no cover - depends on the environment
        return None
    return Hijri, Gregorian


def hijri_to_gregorian(year: int, month: int, day: int) -> dt.date | None:
    """Convert a Hijri date, preferring Umm al-Qura; None when the date does not exist."""
    if not (1 <= month <= 12 and 1 <= day <= 30 and year >= 1):
        return None
    classes = _ummalqura()
    if classes is not None:
        try:
            result: dt.date = classes[0](year, month, day).to_gregorian()
            return dt.date(result.year, result.month, result.day)
        except (ValueError, OverflowError):
            if 1343 <= year <= 1500 and day == 30:
                # "30" of a 29-day month, as offices write the month's end: the day after the 29th.
                previous = hijri_to_gregorian(year, month, 29)
                return previous + dt.timedelta(days=1) if previous else None
    return tabular_to_gregorian(year, month, day)


def gregorian_to_hijri(date: dt.date) -> tuple[int, int, int]:
    """Convert a Gregorian date to Hijri (year, month, day), preferring Umm al-Qura."""
    classes = _ummalqura()
    if classes is not None:
        try:
            hijri = classes[1](date.year, date.month, date.day).to_hijri()
            return int(hijri.year), int(hijri.month), int(hijri.day)
        except (ValueError, OverflowError):
            pass
    return tabular_from_gregorian(date)


def hijri_year_to_gregorian(year: int) -> int:
    """Give the Gregorian year holding most of a Hijri year (the year of its middle, 15 Jumada II)."""
    middle = hijri_to_gregorian(year, 6, 15) or tabular_to_gregorian(year, 6, 15)
    return middle.year
