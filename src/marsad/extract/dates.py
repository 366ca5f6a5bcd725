"""Date expressions in Arabic news, normalised to ISO 8601 and resolved against the publication day.

What is found (examples spelt as in the text; matching folds hamza, ى/ي, ة/ه, digits and diacritics):

- day-month-year in both Gregorian month systems and their dual forms: "7 مايو/أيار 2020",
  "7 أيار (مايو) 2020", "30 يناير كانون الثاني", "24 يوليو (تموز) الحالي", and Hijri ones:
  "السادس من شهر ذي الحجة المقبل", "يوم الخميس الموافق ٢٩ رمضان المنصرم";
- ordinal days: "الثامن من أبريل", "الحادي والعشرين من الشهر الجاري", "12 الجاري",
  "12 من الشهر ذاته" / "20 من نفس الشهر" (the month last named in the text);
- months: "مايو (أيار) الماضي", "شهر مايو من عام 2014", "في نوفمبر", ranges "سبتمبر- نوفمبر"
  (an ambiguous name such as آب or مارس needs a day, a year, a qualifier or a second month name);
- years only where they are clearly years: after عام/سنة/في/منذ/مطلع..., with an era (2009م،
  1432هـ), as a range or pair ("2013 - 2014", "بين 1994 و2011"), or alone when neither a
  counted noun follows ("2000 جندي") nor a count word precedes ("رقم 2015", "بلغ 2015");
- numeric dates: day first ("7/5/2020" is 7 May, as Arabic news writes it), year first
  ("2020-05-07", "1436/8/1هـ"), day ranges ("10-28/10/1436ه"); years 1300-1500 or marked هـ are
  Hijri; "السبت ٢ / ١٠" (no year) takes the calendar, Gregorian or Hijri, in which that day is a
  Saturday;
- relative expressions: أمس، أول من أمس / أمس الأول، اليوم، غداً / بكرا، بعد غد (with a weekday:
  "أمس السبت"), "العام/الشهر/الأسبوع الماضي/المقبل/الجاري", "هذا العام", "منذ ثلاثة أيام",
  "قبل عامين";
- weekdays: "الخميس" is the latest Thursday on or before the reference, "الخميس المقبل" the next
  one, "الخميس الماضي" the one before, "الأربعاء بعد القادم" the one after next; "يومي الأحد
  والاثنين المقبلين" share the qualifier; the bare word الاثنين (also "the two") needs يوم, a
  qualifier or أمس/اليوم before it; "أيام الجمعة" / "صلاة الجمعة" are not dates.

Resolution: a day-month without a year is the coming one if at most 120 days ahead of the
reference, else the latest past one ("منذ 30 يناير" is always past). Hijri dates are converted
with Umm al-Qura when ``hijridate`` is installed, else arithmetically (``datetime_hijri``); a
Hijri year alone becomes the Gregorian year holding most of it. Weeks are ISO weeks ("2015-W31").
Hijri months without a day ("شهر رمضان") are found but get no value. When the text says what day
it is ("اليوم الأربعاء", "أمس الثلاثاء"), that day, not the reference, anchors أمس/اليوم/غداً
(a crawl date a few days late then does no harm). Without a reference, relative expressions are
found with ``value=None``.

Known gaps: "اليوم" meaning "nowadays" is recognised only from cues (a state verb, a possessive
or plural word before it, a sentence-opening "اليوم،", a named day "اليوم العلمي"), not from
tense; a bare weekday in a future-tense sentence ("ستعقد الخميس") still resolves backwards;
decades and centuries ("ثمانينيات القرن الماضي"), fiscal years and named days (عيد الفطر) are not
dates here.

Matching runs each pattern only in windows around anchor words (month and weekday names, أمس،
اليوم، عام، شهر، منذ...), which tests check finds exactly what a full scan finds.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace

from marsad.document import Article, DateMention
from marsad.extract import datetime_resolve as res
from marsad.extract.datetime_hijri import gregorian_to_hijri, hijri_to_gregorian, hijri_year_to_gregorian
from marsad.extract.datetime_lexicon import key, lexicon
from marsad.extract.datetime_patterns import KINDS_BY_ANCHOR, anchor_words, patterns
from marsad.extract.datetime_text import Folded, fold
from marsad.pipeline import ArticleStage

_MAX_AGO = 400
_WEAK_TRIGGERS = frozenset({"في", "قبل", "بعد", "حتي", "خلال", "منذ"})
_TRIGGERS = _WEAK_TRIGGERS | {
    "شهر",
    "عام",
    "سنه",
    "مطلع",
    "بدايه",
    "نهايه",
    "اواخر",
    "اوائل",
    "منتصف",
    "اواسط",
}
_ANCHOR_DAYS = 7  # how far a day the text calls "today" may sit from the reference
_RELATIVE_DAYS = frozenset({"day_before", "yesterday", "today", "tomorrow"})
# Kinds that are dates only if they resolve (a "45 مايو" or a "2999" is something else).
_NEEDS_VALUE = frozenset({"date", "numeric", "numeric_ymd", "year", "year_era", "bare_year"})
_RANGE_YEARS = 30  # the longest year range ("2004 / 2014") taken as two years
_LAST_YEAR = 2100  # later numbers are not years (kept fixed so results never depend on the clock)
# Words after a bare number that make it a year, not a count ("2015 الذي", "2015.").
# Nouns that make "في 2000 ..." a count rather than a year (normalised spelling).
_COUNTED = frozenset(
    "جندي جنود شخص شخصا اشخاص حاله حالات دولار ريال يورو جنيه درهم دينار ليره طالب طالبا طالبه عامل عاملا "
    "موظف موظفا مواطن مواطنا وحده سياره منزل قتيل قتيلا مصاب مصابا لاجئ مهاجر متر مترا كيلومتر كلم كم طن "
    "برميل سهم نقطه مشارك مشاركا زائر حاج حاجا معتمر مريض مريضا الف مليون مليار عنصر مقاتل مقاتلا اسره "
    "مسكن فرصه وظيفه مدرسه مشروع مشروعا رجل امراه طفل طفلا".split()
)
# Words before a number that make it a count, an amount or an identifier, never a year.
_COUNT_BEFORE = re.compile(
    r"(?:رقم|رقمه|صفحه|ص|هاتف|جوال|فاكس|تحويله|بلغ|بلغت|نحو|حوالي|قرابه|اكثر\s+من|اقل\s+من|من\s+اصل|"
    r"بين|عدد|مجموع|اجمالي|بواقع|بمعدل|بنحو|بمبلغ|قدره|قدرها|الي|و|\d)\s*$"
)
_WORD = re.compile(r"\w+")
_NOT_TODAY_BEFORE = re.compile(
    r"(?<!\w)(?:في|هذا|ذلك|كل|نفس|ذات|طوال|خلال|منذ|عين|حتي|الي|من|لـ|ل)\s*[\"«“'(]?\s*$"
    # a pronoun or contrast before it: "لكننا اليوم نرى", "بينما اليوم", "عندنا اليوم" mean "nowadays"
    r"|(?<!\w)[وف]?(?:نحن|انا|انت|انتم|هم|لكننا|لكنني|لكن|بينما|عندنا|لدينا|بيننا|اننا|انني|عالمنا|العالم)\s*$"
)
_NOT_TODAY_AFTER = re.compile(
    r"^\s*(?:[\"»”')]|العالمي|الوطني|الدولي|الاول|الثاني|الثالث|التالي|الاخير|السابق|الواحد|الذي|التي|نفسه|ذاته)"
    # "اليوم العلمي", "اليوم المحدد": a named or specified day, not today
    r"|^\s*ال\w{2,}(?:ي|يه|د)(?!\w)"
)
# "Nowadays": after a state verb or participle ("تعد اليوم", "السائد اليوم"), after a possessive or a
# plural ending ("منطقتنا اليوم", "مطالبون اليوم"), or opening a sentence before a comma ("اليوم، ...").
_NOWADAYS_BEFORE = re.compile(
    r"(?<!\w)[وف]?(?:تعد|يعد|تعتبر|يعتبر|يعيش|تعيش|نعيش|يتوسط|تتوسط|السائد|السائده|الموجود|الموجوده|"
    r"الحالي|الحاليه|المعاصر)\s*$"
    r"|(?<!\w)(?!ال)[\w]{2,}(?:نا|ون)\s*$"
)
_SENTENCE_OPEN = re.compile(r"(?:^|[.!؟?\n])\s*[\"«“(]?\s*$")
_HABITUAL = re.compile(r"(?<!\w)(?:ايام|كل)\s+$")
_FRIDAY_PRAYER = re.compile(r"(?:صلاه|خطبه|خطيب|خطب|امام|صلوات)\s*$")


@dataclass(frozen=True)
class _Candidate:
    """A pattern match in normalised text: its kind, span and named groups."""

    start: int
    end: int
    kind: str
    groups: dict[str, str | None]
    year: int | None = None  # set when one match yields several mentions (ranges)
    month: int | None = None


@dataclass
class _Context:
    """What resolution carries from one mention to the next, in text order."""

    reference: dt.date | None
    anchor: dt.date | None
    last_month: tuple[str, int, int] | None = None  # (calendar, year, month) last named


class _Taken:
    """Accepted spans, kept sorted and disjoint so an overlap check is a binary search."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []

    def overlaps(self, start: int, end: int) -> bool:
        """Tell whether ``[start, end)`` overlaps an accepted span."""
        k = bisect_right(self.starts, start)
        if k and self.ends[k - 1] > start:
            return True
        return k < len(self.starts) and self.starts[k] < end

    def add(self, start: int, end: int) -> None:
        """Accept a span that overlaps none already accepted."""
        k = bisect_right(self.starts, start)
        self.starts.insert(k, start)
        self.ends.insert(k, end)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop surrounding spaces and unbalanced brackets from a matched span."""
    while True:
        before = (start, end)
        while start < end and (text[start].isspace() or text[start] in "،,"):
            start += 1
        while end > start and (text[end - 1].isspace() or text[end - 1] in "،,"):
            end -= 1
        piece = text[start:end]
        if piece.endswith(")") and piece.count(")") > piece.count("("):
            end -= 1
        if piece.startswith("(") and piece.count("(") > piece.count(")"):
            start += 1
        if (start, end) == before:
            return start, end


def _next_word(text: str, end: int) -> str:
    """Return the word right after ``end`` ("" if punctuation or the end comes first)."""
    rest = text[end : end + 40]
    stripped = rest.lstrip(" ")
    if not stripped or not (stripped[0].isalnum()):
        return ""
    match = _WORD.match(stripped)
    return match.group() if match else ""


def _is_bare_year(text: str, start: int, end: int) -> bool:
    """Accept a lone number as a year only where nothing suggests a count or an identifier."""
    if _COUNT_BEFORE.search(text[max(0, start - 12) : start]):
        return False
    return _next_word(text, end) not in _COUNTED


def _accept(cand: _Candidate, text: str) -> bool:
    """Apply the checks a regex cannot express (ambiguous names, counts, idioms)."""
    g = cand.groups
    lex = lexicon()
    if cand.kind == "month":
        has_more = bool(
            g.get("year") or g.get("mq") or g.get("yq") or g.get("ythis") or g.get("gm2") or g.get("gm3")
        )
        pre = (g.get("pre") or "").strip()
        if g.get("hm"):
            return has_more or pre.endswith("شهر")
        name = key(g.get("gm") or "")
        return has_more or (bool(pre) and (name not in lex.ambiguous or pre.endswith("شهر")))
    if cand.kind in ("date", "month_ref") and re.search(
        r"\d\s*[-–/]\s*$", text[max(0, cand.start - 6) : cand.start]
    ):
        return False  # "30 - 10 من هذا الشهر": part of a numeric date, not a day of this month
    if cand.kind == "date" and key(g.get("hm") or "") == "صفر":  # also "zero" in scores: "1 صفر"
        return bool(
            g.get("year") or g.get("mq") or g.get("yq") or g.get("wd") or "شهر" in text[cand.start : cand.end]
        )
    if cand.kind == "bare_year":
        return _is_bare_year(text, cand.start, cand.end)
    if cand.kind == "year":
        if _without_conjunction(g.get("trig")) in _WEAK_TRIGGERS and not g.get("era"):
            return _next_word(text, cand.end) not in _COUNTED  # "في 2000 حالة" counts cases
        return True
    if cand.kind == "ago":
        following = _next_word(text, cand.end)
        weekday = re.sub(r"^[وف]?(?:[بك]?ال|لل)", "", following)
        return following not in ("من", "علي", "الي", "واحد", "واحده") and weekday not in lex.weekdays
    if cand.kind == "today":
        if g.get("wd"):
            return True
        rel = g.get("rel") or ""
        if rel.startswith(("و", "ف")):
            return False  # "واليوم ..." mostly means "nowadays"
        before = text[max(0, cand.start - 14) : cand.start]
        if _NOT_TODAY_BEFORE.search(before) or _NOWADAYS_BEFORE.search(before):
            return False
        after = text[cand.end : cand.end + 12]
        if _SENTENCE_OPEN.search(before) and re.match(r"\s*[،,]", after):
            return False  # "اليوم، انخفضت النسبة": a contrast with the past
        if re.search(r"[!؟?]\s*$", before):
            return False  # after an exclamation or a question: rhetoric, not a date
        return not _NOT_TODAY_AFTER.match(after)
    if cand.kind == "weekday":
        name = key(g.get("wd") or "")
        if _HABITUAL.search(text[max(0, cand.start - 6) : cand.start]):
            return False  # "أيام الجمعة", "كل خميس": every such day, not one date
        if name.endswith("اثنين") and not (g.get("yom") or g.get("q") or g.get("q2")):
            return bool(
                re.search(
                    r"(?:امس|اليوم|غدا|صباح|مساء|ليله|حتي|منذ)\s*\(?\s*$",
                    text[max(0, cand.start - 10) : cand.start],
                )
            )
        before = text[max(0, cand.start - 8) : cand.start]
        return not (name.endswith("جمعه") and _FRIDAY_PRAYER.search(before))
    return True


_ORDER = (
    "date",
    "month_ref",
    "numeric_range",
    "numeric",
    "numeric_ymd",
    "numeric_dm",
    "month_range",
    "month",
    "year_range",
    "year",
    "year_era",
    "day_before",
    "yesterday",
    "today",
    "tomorrow",
    "this_period",
    "period",
    "ago",
    "weekday",
    "bare_year",
)


_WORDS = re.compile(r"\w+")
_YEAR_NUMBER = re.compile(r"(?<!\d)(?:1[3-9]|20)\d\d(?!\d)")
_NUMSEP = re.compile(r"\d\s*[/.-]\s*\d")
_MARGIN_BEFORE = 60
_MARGIN_AFTER = 70


def _windows(text: str) -> dict[str, list[tuple[int, int]]]:
    """Find, for each candidate kind, the merged stretches of text around words that kind needs."""
    table = anchor_words()
    spots: dict[str, list[tuple[int, int]]] = {}
    for word in table.keys() & set(_WORDS.findall(text)):
        spots.setdefault(table[word], []).extend(_occurrences(text, word))
    for match in _YEAR_NUMBER.finditer(text):
        spots.setdefault("year", []).append(match.span())
    for match in _NUMSEP.finditer(text):
        spots.setdefault("numsep", []).append(match.span())
    windows: dict[str, list[tuple[int, int]]] = {}
    for group, spans in spots.items():
        for kind in KINDS_BY_ANCHOR[group]:
            windows.setdefault(kind, []).extend(spans)
    return {kind: _merge(spans, len(text)) for kind, spans in windows.items()}


def _occurrences(text: str, word: str) -> Iterator[tuple[int, int]]:
    """Yield the spans where ``word`` stands as a whole word."""
    index = text.find(word)
    while index >= 0:
        end = index + len(word)
        if (index == 0 or not _is_word_char(text[index - 1])) and (
            end == len(text) or not _is_word_char(text[end])
        ):
            yield index, end
        index = text.find(word, end)


def _is_word_char(char: str) -> bool:
    """Tell whether ``char`` would continue a regex ``\\w`` word."""
    return char.isalnum() or char == "_"


def _merge(spans: list[tuple[int, int]], length: int) -> list[tuple[int, int]]:
    """Widen anchor spans by the margins and merge the ones that touch."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        start, end = max(0, start - _MARGIN_BEFORE), min(length, end + _MARGIN_AFTER)
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _candidates(text: str, everywhere: bool = False) -> list[_Candidate]:
    """Run every pattern in priority order near its anchors, keeping non-overlapping accepted matches.

    ``everywhere`` runs each pattern over the whole text instead (slow; tests check it changes nothing).
    """
    pats = patterns()
    windows = {kind: [(0, len(text))] for kind in _ORDER} if everywhere else _windows(text)
    taken = _Taken()
    found: list[_Candidate] = []
    for kind in _ORDER:
        pattern = getattr(pats, kind)
        for window_start, window_end in windows.get(kind, ()):
            for found_match in pattern.finditer(text, window_start, window_end):
                match = found_match
                if match.end() == window_end < len(text):  # cut by the window: match again on the full text
                    rematch = pattern.match(text, match.start())
                    if rematch is None:
                        continue
                    match = rematch
                start, end = _trim(text, _start_after_preposition(match, kind), match.end())
                if start >= end or taken.overlaps(start, end):
                    continue
                groups = match.groupdict()
                if kind in ("year_range", "month_range", "numeric_range"):
                    parts = _split_range(text, match, kind, groups)
                    found.extend(parts)
                    if parts:
                        taken.add(start, end)
                    continue
                if text[max(0, start - 6) : start].rstrip().endswith("منذ") or (
                    groups.get("pre") or ""
                ).endswith("منذ "):
                    groups["since"] = "منذ"  # "منذ 30 يناير": that January is past
                cand = _Candidate(start, end, kind, groups)
                if _accept(cand, text):
                    taken.add(start, end)
                    found.append(cand)
    return sorted(found, key=lambda c: c.start)


def _without_conjunction(word: str | None) -> str:
    """Drop a leading و or ف from a trigger word ("وفي" -> "في", but "في" stays "في")."""
    word = (word or "").strip()
    return word[1:] if word[:1] in "وف" and word[1:] in _TRIGGERS else word


def _start_after_preposition(match: re.Match[str], kind: str) -> int:
    """Leave a bare "في" or "خلال" out of a month or year span ("في 2019" -> "2019")."""
    group = {"month": "pre", "year": "trig"}.get(kind)
    if group and _without_conjunction(match.group(group)) in ("في", "خلال"):
        return match.end(group)
    return match.start()


def _split_range(
    text: str, match: re.Match[str], kind: str, groups: dict[str, str | None]
) -> list[_Candidate]:
    """Turn "2013 - 2014", "سبتمبر- نوفمبر" or "10-28/10/1436ه" into one mention per end (or none)."""
    if kind == "numeric_range":
        first_end = match.end("a0")
        return [
            _Candidate(match.start("a0"), first_end, "numeric", {**groups, "a": groups["a0"]}),
            _Candidate(match.start("a"), _trim(text, match.start("a"), match.end())[1], "numeric", groups),
        ]
    if kind == "month_range":
        lex = lexicon()
        first, second = lex.gregorian[key(groups["gm"] or "")], lex.gregorian[key(groups["gmb"] or "")]
        if first == second:
            return []
        a_start, a_end = match.span("gm")
        b_start = match.start("gmb")
        return [
            _Candidate(a_start, a_end, "month", {**groups, "pre": "شهر"}, month=first),
            _Candidate(
                b_start, _trim(text, b_start, match.end())[1], "month", {**groups, "pre": "شهر"}, month=second
            ),
        ]
    if _next_word(text, match.end()) in _COUNTED:
        return []  # "بين 2000 و2500 ريال"
    y1, y2 = int(groups["y1"] or 0), int(groups["y2"] or 0)
    hijri = 1300 <= y1 <= 1500 and 1300 <= y2 <= 1500
    if not (y1 < y2 <= y1 + _RANGE_YEARS) or not (hijri or y1 >= 1900):
        return []
    first_end = match.end("y1")
    return [
        _Candidate(_trim(text, match.start(), first_end)[0], first_end, "year", groups, year=y1),
        _Candidate(
            match.start("y2"), _trim(text, match.start("y2"), match.end())[1], "year", groups, year=y2
        ),
    ]


# ---------------------------------------------------------------- resolution


def _is_hijri_era(era: str | None) -> bool:
    """Tell whether an era suffix marks a Hijri year."""
    return bool(era) and key(era or "").startswith("ه")


def _year_value(year: int, era: str | None) -> int:
    """Give the Gregorian year of a written year (Hijri when marked so or in 1300-1500)."""
    if _is_hijri_era(era) or 1300 <= year <= 1500:
        return hijri_year_to_gregorian(year)
    return year


def _day_number(groups: dict[str, str | None]) -> int | None:
    """Read the day from digits or an ordinal phrase."""
    if groups.get("dnum"):
        return int(groups["dnum"] or 0)
    if groups.get("dord"):
        words = key(groups["dord"] or "")
        words = re.sub(r"^[وف]?(?:[بك]?ال|لل)", "", words)
        return lexicon().ordinals.get(words)
    return None


def _weekday(groups: dict[str, str | None]) -> int | None:
    """Read a weekday (Monday=0) from the ``wd`` group."""
    name = groups.get("wd")
    if not name:
        return None
    stem = re.sub(r"^[وف]?(?:[بك]?ال|لل)", "", key(name))
    return lexicon().weekdays.get(stem)


def _direction(qualifier: str | None) -> str | None:
    """Map a qualifier word (الماضي، المقبل، الجاري) to past/next/current."""
    return lexicon().qualifiers.get(key(qualifier)) if qualifier else None


Resolved = tuple[str | None, bool]


def _resolve_date(g: dict[str, str | None], ctx: _Context) -> Resolved:
    """Resolve day + month (+ year or qualifier)."""
    day = _day_number(g)
    if day is None or not 1 <= day <= 31:
        return None, False
    return _resolve_month_day(g, day, ctx)


def _resolve_month_day(g: dict[str, str | None], day: int | None, ctx: _Context) -> Resolved:
    """Resolve a month with an optional day; returns a day or a month value."""
    lex = lexicon()
    hijri = bool(g.get("hm"))
    month = lex.hijri[key(g["hm"] or "")] if hijri else lex.gregorian.get(key(g.get("gm") or ""), 0)
    if not month:
        return None, False
    ref = ctx.anchor
    year: int | None = None
    relative = False
    if g.get("year"):
        year = int(g["year"] or 0)
        if not hijri and (_is_hijri_era(g.get("era")) or 1300 <= year <= 1500):
            return None, False
    elif g.get("ythis") or g.get("yq"):
        if ref is None:
            return None, True
        shift = {"past": -1, "next": 1}.get(_direction(g.get("yq")) or "current", 0)
        base = gregorian_to_hijri(ref)[0] if hijri else ref.year
        year, relative = base + shift, True
    elif ref is None:
        return None, True
    else:
        direction = _direction(g.get("mq")) or ("past" if g.get("since") else None)
        chooser = res.hijri_year_for if hijri else res.gregorian_year_for
        year, relative = chooser(month, day, ref, direction), True
    if year is None:
        return None, relative
    ctx.last_month = ("hijri" if hijri else "gregorian", year, month)
    if hijri:
        if day is None:
            return None, relative
        converted = hijri_to_gregorian(year, month, day)
        return (res.iso_day(converted) if converted else None), relative
    if day is None:
        return res.iso_month(year, month), relative
    date = res.safe_date(year, month, day)
    return (res.iso_day(date) if date else None), relative


def _resolve_month_ref(g: dict[str, str | None], ctx: _Context) -> Resolved:
    """Resolve "الحادي والعشرين من الشهر الجاري" and "12 من الشهر ذاته"."""
    day = _day_number(g)
    if day is None or not 1 <= day <= 31:
        return None, False
    if g.get("msame") or g.get("msame2"):
        if ctx.last_month is None:
            return None, True
        calendar, year, month = ctx.last_month
    else:
        if ctx.anchor is None:
            return None, True
        shift = {"past": -1, "next": 1}.get(_direction(g.get("mrq")) or "current", 0)
        calendar = "gregorian"
        year, month = res.shift_months(ctx.anchor.year, ctx.anchor.month, shift)
    if calendar == "hijri":
        converted = hijri_to_gregorian(year, month, day)
        return (res.iso_day(converted) if converted else None), True
    date = res.safe_date(year, month, day)
    return (res.iso_day(date) if date else None), True


def _resolve_numeric(g: dict[str, str | None], ctx: _Context) -> Resolved:
    """Resolve d/m/y (day first) and y/m/d; Hijri when marked هـ or the year is 1300-1500."""
    day, month, year_text = int(g["a"] or 0), int(g["b"] or 0), g["c"] or ""
    if g.get("sep") != "/" and len(year_text) == 2:
        return None, False
    year = int(year_text)
    if len(year_text) == 2:
        year += 2000 if year <= 50 else 1900
    if month > 12 and day <= 12:
        day, month = month, day
    if _is_hijri_era(g.get("era")) or 1300 <= year <= 1500:
        converted = hijri_to_gregorian(year, month, day) if 1 <= month <= 12 else None
        if converted:
            ctx.last_month = ("hijri", year, month)
        return (res.iso_day(converted) if converted else None), False
    date = res.safe_date(year, month, day)
    if date:
        ctx.last_month = ("gregorian", year, month)
    return (res.iso_day(date) if date else None), False


def _resolve_numeric_dm(g: dict[str, str | None], ctx: _Context) -> Resolved:
    """Resolve "السبت ٢ / ١٠": the calendar in which that day is the named weekday wins."""
    day, month = int(g["a"] or 0), int(g["b"] or 0)
    weekday = _weekday(g)
    ref = ctx.anchor
    if ref is None or not (1 <= month <= 12 and 1 <= day <= 31):
        return None, True
    options: list[dt.date] = []
    greg = res.safe_date(res.gregorian_year_for(month, day, ref, None), month, day)
    h_year = res.hijri_year_for(month, day, ref, None)
    hijri = hijri_to_gregorian(h_year, month, day)
    options = [d for d in (greg, hijri) if d is not None]
    for option in options:
        if weekday is not None and option.weekday() == weekday:
            return res.iso_day(option), True
    return (res.iso_day(options[0]) if options else None), True


def _resolve_year(cand: _Candidate) -> Resolved:
    """Resolve a year, converting a Hijri one."""
    g = cand.groups
    year = cand.year if cand.year is not None else int(g.get("year") or 0)
    era = g.get("era")
    weak_trigger = not (g.get("trig") or "").endswith(("عام", "سنه"))
    if cand.kind == "year" and cand.year is None and not era and 1300 <= year <= 1500 and weak_trigger:
        return None, False  # "في 1436" without هـ is too often a count
    value = _year_value(year, era)
    if value > _LAST_YEAR or value < 1000:
        return None, False
    return str(value), False


def _resolve_relative_day(cand: _Candidate, ctx: _Context, offset: int) -> Resolved:
    """Resolve أمس / أول من أمس / اليوم / غداً, letting an accompanying weekday decide."""
    if ctx.anchor is None:
        return None, True
    weekday = _weekday(cand.groups)
    target = ctx.anchor + dt.timedelta(days=offset)
    if weekday is not None:  # the weekday wins: the reference may be a crawl time a few days late
        target = res.weekday_on_or_before(weekday, target)
    return res.iso_day(target), True


def _resolve_period(unit_word: str, direction: str, ctx: _Context) -> Resolved:
    """Resolve العام/الشهر/الأسبوع + الماضي/المقبل/الجاري."""
    if ctx.anchor is None:
        return None, True
    shift = {"past": -1, "next": 1}.get(direction, 0)
    unit = key(unit_word).removeprefix("ال")
    if unit in ("عام", "سنه"):
        return str(ctx.anchor.year + shift), True
    if unit == "شهر":
        return res.iso_month(*res.shift_months(ctx.anchor.year, ctx.anchor.month, shift)), True
    return res.iso_week(ctx.anchor + dt.timedelta(weeks=shift)), True


def _count(cand: _Candidate) -> tuple[int, str] | None:
    """Read "ثلاثة أيام" / "3 أشهر" / "عامين" as (number, unit)."""
    lex = lexicon()
    g = cand.groups
    if g.get("unit"):
        unit, form = lex.units[key(g["unit"] or "")]
        if form == "many":
            return None  # "قبل أيام": a few days, not a date
        return (2 if form == "two" else 1), unit
    number_text = key(g.get("n") or "")
    number = int(number_text) if number_text.isdigit() else lex.cardinals.get(number_text)
    unit, form = lex.units[key(g.get("units") or "")]
    if number is None or form == "two":
        return None
    return number, unit


def _resolve_ago(cand: _Candidate, ctx: _Context) -> Resolved:
    """Resolve "منذ ثلاثة أيام" / "قبل عامين" by counting back from the anchor."""
    counted = _count(cand)
    if counted is None or ctx.anchor is None:
        return None, True
    number, unit = counted
    if number <= 0 or number > _MAX_AGO:
        return None, True
    if unit == "day":
        return res.iso_day(ctx.anchor - dt.timedelta(days=number)), True
    if unit == "week":
        return res.iso_week(ctx.anchor - dt.timedelta(weeks=number)), True
    if unit == "month":
        return res.iso_month(*res.shift_months(ctx.anchor.year, ctx.anchor.month, -number)), True
    return str(ctx.anchor.year - number), True


def _resolve_weekday(cand: _Candidate, ctx: _Context) -> Resolved:
    """Resolve a weekday: on or before the anchor, or before/after it with a qualifier."""
    weekday = _weekday(cand.groups)
    if weekday is None or ctx.anchor is None:
        return None, True
    direction = _direction(cand.groups.get("q") or cand.groups.get("q2"))
    if direction == "past":
        return res.iso_day(res.weekday_before(weekday, ctx.anchor)), True
    if direction == "next":
        day = res.weekday_after(weekday, ctx.anchor)
        if cand.groups.get("after"):  # "الأربعاء بعد القادم": the one after next
            day += dt.timedelta(weeks=1)
        return res.iso_day(day), True
    return res.iso_day(res.weekday_on_or_before(weekday, ctx.anchor)), True


def _resolve(cand: _Candidate, ctx: _Context) -> Resolved:
    """Give one candidate its ISO value and whether the reference day was needed."""
    g = cand.groups
    kind = cand.kind
    if kind == "date":
        return _resolve_date(g, ctx)
    if kind == "month_ref":
        return _resolve_month_ref(g, ctx)
    if kind == "month":
        if cand.month is not None:
            names = {v: k for k, v in lexicon().gregorian.items()}
            g = {**g, "gm": names[cand.month]}
        return _resolve_month_day(g, None, ctx)
    if kind in ("numeric", "numeric_ymd"):
        return _resolve_numeric(g, ctx)
    if kind == "numeric_dm":
        return _resolve_numeric_dm(g, ctx)
    if kind in ("year", "year_era", "bare_year"):
        return _resolve_year(cand)
    simple: dict[str, Callable[[], Resolved]] = {
        "day_before": lambda: _resolve_relative_day(cand, ctx, _offset(cand)),
        "yesterday": lambda: _resolve_relative_day(cand, ctx, _offset(cand)),
        "today": lambda: _resolve_relative_day(cand, ctx, _offset(cand)),
        "tomorrow": lambda: _resolve_relative_day(cand, ctx, _offset(cand)),
        "this_period": lambda: _resolve_period(g.get("unit") or "", "current", ctx),
        "period": lambda: _resolve_period(g.get("unit") or "", _direction(g.get("q")) or "current", ctx),
        "ago": lambda: _resolve_ago(cand, ctx),
        "weekday": lambda: _resolve_weekday(cand, ctx),
    }
    return simple[kind]()


def _offset(cand: _Candidate) -> int:
    """Days from today of أول من أمس (-2), أمس (-1), اليوم (0), غداً (1) and بعد غد (2)."""
    if cand.kind == "tomorrow":
        return 2 if "بعد" in (cand.groups.get("rel") or "") else 1
    return {"day_before": -2, "yesterday": -1}.get(cand.kind, 0)


def _anchor(cands: list[_Candidate], reference: dt.date | None) -> dt.date | None:
    """Find the article's own "today" ("اليوم الأربعاء", "أمس الثلاثاء", "اليوم 28 تموز")."""
    if reference is None:
        return None
    for cand in cands:
        if cand.kind in ("date", "numeric") and key(cand.groups.get("lead") or "").endswith("اليوم"):
            value, _ = _resolve(cand, _Context(reference=reference, anchor=reference))
            if value and len(value) == 10:  # "اليوم 28 تموز": the text names today
                today = dt.date.fromisoformat(value)
                if abs((today - reference).days) <= _ANCHOR_DAYS:
                    return today
        weekday = _weekday(cand.groups)
        if cand.kind in _RELATIVE_DAYS and weekday is not None:
            offset = _offset(cand)
            day = res.weekday_on_or_before(weekday, reference + dt.timedelta(days=offset))
            return day - dt.timedelta(days=offset)
    return reference


def _mentions(norm: Folded, cands: list[_Candidate], reference: dt.date | None) -> Iterator[DateMention]:
    """Resolve matched candidates and map each back to the original text."""
    ctx = _Context(reference=reference, anchor=_anchor(cands, reference))
    for cand in cands:
        value, relative = _resolve(cand, ctx)
        needs_value = cand.kind in _NEEDS_VALUE and not (cand.kind == "date" and cand.groups.get("hm"))
        if value is None and needs_value and not relative:
            continue  # a day 45 or a year 2999 is not a date after all
        start, end = norm.span_to_original(cand.start, cand.end)
        yield DateMention(start, end, norm.original[start:end], value, relative)


def find_dates(text: str, reference: dt.date | None) -> tuple[DateMention, ...]:
    """Find every date expression in ``text``; relative ones resolve against ``reference`` (else None)."""
    folded = fold(text)
    return tuple(_mentions(folded, _candidates(folded.text), reference))


def parse_reference(published: str | None) -> dt.date | None:
    """Read a publication date ("2015-07-21", "2015-07-21T02:56:08", "2019-11" -> its 1st) as a day."""
    if not published:
        return None
    match = re.match(r"(\d{4})-(\d{2})(?:-(\d{2}))?", published.strip())
    if not match:
        return None
    return res.safe_date(int(match.group(1)), int(match.group(2)), int(match.group(3) or 1))


_WEEKDAY_WORD = re.compile(r"(?:احد|اثنين|ثلاثاء|اربعاء|خميس|جمعه|سبت)(?!\w)")


def infer_published(article_text: str) -> tuple[str | None, float]:
    """Guess the publication date from the text alone, with a confidence in [0, 1].

    News text rarely states its own date, so the guess is coarse. Each confidence is the accuracy
    of its rule measured on SaudiNewsNet (500 articles from each of the 18 days, crawl date as the
    truth; a day counts as right when it is 0-3 days before the crawl, a year when equal):
    (1) a full date in the first line before any sentence ends (a dateline, "الرياض - 5 أغسطس
    2015"), or a full date alone on its own line in the first 400 characters (the date line under a
    copied page's headline) -> that day, 0.4 (fired on 17 of 9,000 articles, before the second form
    was added; the second form fired on none of 5,885 SaudiNewsNet articles: uncalibrated); (2) the
    latest full date written
    with its weekday ("يوم الخميس 21/10/1436هـ"), such dates being near the news -> that day, 0.35
    (129 articles); (3) the latest full date of any kind -> its year only, 0.4 (427 articles; the
    day itself is right one time in ten: articles cite old dates); (4) the latest absolute year or
    month -> its year, 0.15 (2,335 articles: news cites past years and calls its own "هذا العام");
    else (None, 0.0): 6,092 of the 9,000. Relative expressions need a reference, so they are ignored.
    """
    return _infer(article_text, find_dates(article_text, None))


def _infer(article_text: str, found: tuple[DateMention, ...]) -> tuple[str | None, float]:
    """Apply the ``infer_published`` rules to dates found without a reference."""
    mentions = [m for m in found if m.value and not m.relative and "W" not in m.value]
    days = [m for m in mentions if len(m.value or "") == 10]
    first_line = article_text.lstrip()[:80].split("\n", 1)[0]
    offset = len(article_text) - len(article_text.lstrip())
    for mention in days:
        if mention.end <= offset + len(first_line) and not re.search(
            r"[.!?؟]", first_line[: mention.start - offset]
        ):
            return mention.value, 0.4
        if mention.start < _DATELINE_REACH and _stands_alone(article_text, mention):
            return mention.value, 0.4
    with_weekday = [m for m in days if _WEEKDAY_WORD.search(key(m.text))]
    if with_weekday:
        return max(m.value or "" for m in with_weekday), 0.35
    if days:
        return max(m.value or "" for m in days)[:4], 0.4
    if mentions:
        return max((m.value or "")[:4] for m in mentions), 0.15
    return None, 0.0


_DAY_NAME = re.compile(r"يوم|(?:ال)?(?:احد|اثنين|ثلاثاء|اربعاء|خميس|جمعه|سبت)")
_DATELINE_REACH = 400  # a page's own date line sits under its headline, before the body


def _stands_alone(text: str, mention: DateMention) -> bool:
    """Tell whether a date fills its own line, as the date line of a copied web page does."""
    line_start = text.rfind("\n", 0, mention.start) + 1
    line_end = text.find("\n", mention.end)
    line = text[line_start : len(text) if line_end < 0 else line_end]
    rest = line.replace(mention.text, "", 1)
    return not re.search(r"[^\W\d_]", _DAY_NAME.sub("", key(rest)))


def _run(article: Article) -> Article:
    """Fill ``Article.dates``; infer the publication date first when the metadata lacks one."""
    folded = fold(article.text)
    cands = _candidates(folded.text)
    published = article.doc.published
    if published is None:
        value, confidence = _infer(article.text, tuple(_mentions(folded, cands, None)))
        if value is not None:
            extra = {**article.extra, "published_confidence": confidence}
            doc = replace(article.doc, published=value)
            article = article.with_(doc=doc, published_inferred=True, extra=extra)
            published = value
    return article.with_(dates=tuple(_mentions(folded, cands, parse_reference(published))))


DATE_STAGE = ArticleStage(
    name="dates", run=_run, requires=frozenset({"sentences", "tokens"}), assigns=frozenset({"dates"})
)
