"""Read the publication date a source gives, in whatever shape, as an ISO 8601 date.

Accepted: ISO 8601 with or without time and zone (``2020-05-07T10:00:00+03:00``), ``2015-07-21
02:51:32``, reduced precision (``2019-11``, ``2019``), ``2020/05/07``, day-first ``07/05/2020`` and
``7-5-2020`` (the Arab world writes day first), RFC 822 feed dates (``Thu, 07 May 2020 10:00:00
GMT``), Unix timestamps (seconds or milliseconds), English month names (``May 7, 2020``, ``7 May
2020``) and Arabic month names of both systems (``7 مايو 2020``, ``7 أيار 2020``), with Western or
Arabic-Indic digits. The date is the one written in the source's own time zone: ``23:30-05:00`` on the
6th stays the 6th, because that is the day the outlet's readers saw.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from email.utils import parsedate_tz

_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_ISO = re.compile(r"^\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?:[T\s_]\d{1,2}:\d{2}.*)?\s*$")
_SLASHED_YEAR_FIRST = re.compile(r"^\s*(\d{4})[/.](\d{1,2})[/.](\d{1,2})\b")
_DAY_FIRST = re.compile(r"^\s*(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})\b")
_TIMESTAMP = re.compile(r"^\s*\d{9,13}(?:\.\d+)?\s*$")
_WORDS = re.compile(r"[^\W\d_]+|\d+")
_MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    (
        "january jan يناير",
        "february feb فبراير شباط",
        "march mar مارس آذار اذار",
        "april apr أبريل ابريل إبريل نيسان",
        "may مايو أيار ايار",
        "june jun يونيو يونيه حزيران",
        "july jul يوليو يوليه تموز",
        "august aug أغسطس اغسطس آب",
        "september sep sept سبتمبر أيلول ايلول",
        "october oct أكتوبر اكتوبر",
        "november nov نوفمبر",
        "december dec ديسمبر",
    ),
    start=1,
):
    for _name in _names.split():
        _MONTHS.setdefault(_name, _number)
_TWO_WORD_MONTHS = {
    ("كانون", "الثاني"): 1,
    ("كانون", "الأول"): 12,
    ("كانون", "الاول"): 12,
    ("تشرين", "الاول"): 10,
    ("تشرين", "الأول"): 10,
    ("تشرين", "الثاني"): 11,
}
_EARLIEST, _LATEST = 1800, 2200


def parse_published(value: object) -> str | None:
    """Return ``YYYY-MM-DD`` (or ``YYYY-MM`` / ``YYYY`` when that is all it says) or None."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return _from_timestamp(float(value))
    if isinstance(value, dt.datetime | dt.date):
        return _iso(value.year, value.month, value.day)
    if not isinstance(value, str):
        return None
    text = value.translate(_DIGITS).strip()
    if not text:
        return None
    for parse in (_parse_iso, _parse_numeric, _parse_rfc822, _parse_words):
        result = parse(text)
        if result is not None:
            return result
    return None


def _iso(year: int, month: int | None = None, day: int | None = None) -> str | None:
    """Format a (partial) date, or None when it is not a real one."""
    if not _EARLIEST <= year <= _LATEST:
        return None
    if month is None:
        return f"{year:04d}"
    if not 1 <= month <= 12:
        return None
    if day is None:
        return f"{year:04d}-{month:02d}"
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def _parse_iso(text: str) -> str | None:
    """Parse ISO 8601 and ``YYYY-MM-DD HH:MM:SS``, keeping the date as written."""
    match = _ISO.match(text)
    if match is None:
        return None
    year, month, day = match.groups()
    return _iso(int(year), int(month) if month else None, int(day) if day else None)


def _parse_numeric(text: str) -> str | None:
    """Parse ``2020/05/07``, day-first ``07/05/2020`` and Unix timestamps."""
    match = _SLASHED_YEAR_FIRST.match(text)
    if match is not None:
        year, month, day = (int(part) for part in match.groups())
        return _iso(year, month, day)
    match = _DAY_FIRST.match(text)
    if match is not None:
        day, month, year = (int(part) for part in match.groups())
        return _iso(year, month, day)
    if _TIMESTAMP.match(text):
        return _from_timestamp(float(text))
    return None


def _from_timestamp(seconds: float) -> str | None:
    """Read a Unix timestamp in seconds or milliseconds as a UTC date."""
    if seconds > 1e11:
        seconds /= 1000
    try:
        moment = dt.datetime.fromtimestamp(seconds, tz=dt.UTC)
    except (OverflowError, OSError, ValueError):
        return None
    return _iso(moment.year, moment.month, moment.day)


def _parse_rfc822(text: str) -> str | None:
    """Parse feed dates such as ``Thu, 07 May 2020 10:00:00 GMT``."""
    if not re.search(r"\d{1,2}\s+[A-Za-z]{3}\s+\d{2,4}", text):
        return None
    parsed = parsedate_tz(text)
    if parsed is None:
        return None
    year, month, day = parsed[0], parsed[1], parsed[2]
    if year < 100:
        year += 2000 if year < 50 else 1900
    return _iso(year, month, day)


def _parse_words(text: str) -> str | None:
    """Parse dates written with a month name, English or Arabic: ``7 مايو 2020``, ``May 7, 2020``."""
    words = _WORDS.findall(text.lower())
    month = None
    skip: set[int] = set()
    for index, word in enumerate(words):
        pair = (word, words[index + 1]) if index + 1 < len(words) else None
        if pair in _TWO_WORD_MONTHS:
            month = _TWO_WORD_MONTHS[pair]
            skip = {index, index + 1}
            break
        if word in _MONTHS:
            month = _MONTHS[word]
            skip = {index}
            break
    if month is None:
        return None
    numbers = [int(word) for index, word in enumerate(words) if word.isdigit() and index not in skip]
    years = [number for number in numbers if _EARLIEST <= number <= _LATEST]
    days = [number for number in numbers if 1 <= number <= 31]
    if not years:
        return None
    return _iso(years[0], month, days[0] if days else None)
