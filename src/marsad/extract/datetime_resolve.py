"""Calendar arithmetic for resolving date expressions against a reference day (ISO 8601 output)."""

from __future__ import annotations

import datetime as dt
import re

from marsad.extract.datetime_hijri import gregorian_to_hijri, hijri_to_gregorian

# A day-month written without a year is taken as coming up only if it is at most this many days
# ahead of the reference; otherwise as the latest one before it (news mostly reports the past).
FUTURE_HORIZON = 120


def iso_day(date: dt.date) -> str:
    """Format a day as ISO 8601."""
    return date.isoformat()


def iso_month(year: int, month: int) -> str:
    """Format a month as ISO 8601 reduced precision."""
    return f"{year:04d}-{month:02d}"


def iso_week(date: dt.date) -> str:
    """Format the ISO week holding ``date`` (e.g. "2015-W31")."""
    year, week, _ = date.isocalendar()
    return f"{year:04d}-W{week:02d}"


def safe_date(year: int, month: int, day: int) -> dt.date | None:
    """Build a Gregorian date, or None when it does not exist."""
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def shift_months(year: int, month: int, delta: int) -> tuple[int, int]:
    """Move a (year, month) pair by ``delta`` months."""
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def weekday_on_or_before(weekday: int, reference: dt.date) -> dt.date:
    """Find the latest day with ``weekday`` (Monday=0) on or before the reference."""
    return reference - dt.timedelta(days=(reference.weekday() - weekday) % 7)


def weekday_before(weekday: int, reference: dt.date) -> dt.date:
    """Find the latest day with ``weekday`` strictly before the reference ("السبت الماضي")."""
    return weekday_on_or_before(weekday, reference - dt.timedelta(days=1))


def weekday_after(weekday: int, reference: dt.date) -> dt.date:
    """Find the first day with ``weekday`` strictly after the reference ("الخميس المقبل")."""
    return reference + dt.timedelta(days=(weekday - reference.weekday() - 1) % 7 + 1)


def gregorian_year_for(month: int, day: int | None, reference: dt.date, direction: str | None) -> int:
    """Choose the year of a month (and day) written without one: past, next, current or nearest."""
    probe_day = day or 15
    candidates = [reference.year - 1, reference.year, reference.year + 1]
    if direction == "current":
        return reference.year
    dated = [(y, safe_date(y, month, min(probe_day, 28) if day is None else probe_day)) for y in candidates]
    valid = [(y, d) for y, d in dated if d is not None]
    if direction == "past":
        if day is None:
            return reference.year if month < reference.month else reference.year - 1
        return (
            max(y for y, d in valid if d < reference)
            if any(d < reference for _, d in valid)
            else reference.year - 1
        )
    if direction == "next":
        if day is None:
            return reference.year if month > reference.month else reference.year + 1
        return (
            min(y for y, d in valid if d > reference)
            if any(d > reference for _, d in valid)
            else reference.year + 1
        )
    ahead = [y for y, d in valid if 0 <= (d - reference).days <= FUTURE_HORIZON]
    if ahead:
        return min(ahead)
    behind = [y for y, d in valid if d < reference]
    return max(behind) if behind else reference.year


def hijri_year_for(month: int, day: int | None, reference: dt.date, direction: str | None) -> int:
    """Choose the Hijri year of a Hijri month (and day) written without one."""
    h_year, h_month, h_day = gregorian_to_hijri(reference)
    if direction == "current":
        return h_year
    if direction == "past":
        earlier = month < h_month if day is None else (month, day) < (h_month, h_day)
        return h_year if earlier else h_year - 1
    if direction == "next":
        if (day is None and month > h_month) or (day is not None and (month, day) > (h_month, h_day)):
            return h_year
        return h_year + 1
    dated = [(year, hijri_to_gregorian(year, month, day or 15)) for year in (h_year - 1, h_year, h_year + 1)]
    valid = [(year, date) for year, date in dated if date is not None]
    ahead = [year for year, date in valid if 0 <= (date - reference).days <= FUTURE_HORIZON]
    if ahead:
        return min(ahead)
    behind = [year for year, date in valid if date < reference]
    return max(behind) if behind else h_year


_ISO_VALUE = re.compile(r"^(\d{4})(?:-W(\d{2})|-(\d{2})(?:-(\d{2}))?)?$")


def iso_bounds(value: str) -> tuple[dt.date, dt.date] | None:
    """Give the first and last day an ISO value covers ("2015", "2015-07", "2015-07-23", "2015-W31").

    Lets consumers sort and compare values of mixed precision: a week string sorts after every day
    of its year as text, but its bounds sort where it belongs.
    """
    match = _ISO_VALUE.match(value)
    if not match:
        return None
    year = int(match.group(1))
    try:
        if match.group(2):
            first = dt.date.fromisocalendar(year, int(match.group(2)), 1)
            return first, first + dt.timedelta(days=6)
        if match.group(4):
            day = dt.date(year, int(match.group(3)), int(match.group(4)))
            return day, day
        if match.group(3):
            month = int(match.group(3))
            next_year, next_month = shift_months(year, month, 1)
            return dt.date(year, month, 1), dt.date(next_year, next_month, 1) - dt.timedelta(days=1)
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    except ValueError:
        return None
