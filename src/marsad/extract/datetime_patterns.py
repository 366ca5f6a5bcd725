"""Regular expressions for Arabic date expressions, written over ``normalise``d text.

Every pattern runs on normalised text (hamza/alef folded, ى→ي, ة→ه, diacritics and tatweel gone,
Arabic-Indic digits turned ASCII), so literals here are spelt in that folded form ("حتي" for حتى,
"سنه" for سنة). Patterns only find candidates; ``dates`` decides which are dates and what they mean.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from marsad.extract.datetime_lexicon import lexicon

B = r"(?<!\w)"  # a word starts here
E = r"(?!\w)"  # a word ends here
DEF = r"(?:[وف]?(?:[بك]?ال|لل))"  # optional conjunction and preposition, then the article
YEAR = r"(?:1[3-9]\d\d|20\d\d)(?!\d)"
ERA = r"(?:\s*(?:ميلاديه|ميلادي|هجريه|هجري|م|ه)(?!\w))?"
TIME_OF_DAY = r"(?:(?:صباح|مساء|ظهر|عصر|ليل|ليله|فجر|ضحي|بعد\s+ظهر|منتصف\s+ليل)\s+)?"
YEAR_TRIGGER = (
    rf"(?:{DEF}?(?:عام|سنه)|[وف]?(?:منذ|في|حتي|خلال|بدايه|مطلع|نهايه|اواخر|اوائل|منتصف|اواسط|صيف|شتاء|ربيع|"
    r"خريف|موسم|قبل|بعد))"
)


@dataclass(frozen=True)
class Patterns:
    """The compiled candidate patterns, by kind."""

    date: re.Pattern[str]
    month_ref: re.Pattern[str]
    month_range: re.Pattern[str]
    month: re.Pattern[str]
    numeric: re.Pattern[str]
    numeric_ymd: re.Pattern[str]
    numeric_range: re.Pattern[str]
    numeric_dm: re.Pattern[str]
    year_range: re.Pattern[str]
    year: re.Pattern[str]
    year_era: re.Pattern[str]
    bare_year: re.Pattern[str]
    day_before: re.Pattern[str]
    yesterday: re.Pattern[str]
    today: re.Pattern[str]
    tomorrow: re.Pattern[str]
    this_period: re.Pattern[str]
    period: re.Pattern[str]
    ago: re.Pattern[str]
    weekday: re.Pattern[str]


@cache
def patterns() -> Patterns:
    """Compile the patterns once from the lexicon."""
    lex = lexicon()
    gm = rf"(?:{lex.alternation(lex.gregorian)}){E}"
    hm = rf"(?:{lex.alternation(lex.hijri)}){E}"
    wd = rf"{DEF}(?:{lex.alternation(lex.weekdays)}){E}"
    ordinal = rf"{DEF}(?:{lex.alternation(lex.ordinals)}){E}"
    qual = rf"(?:{lex.alternation(lex.qualifiers)}){E}"
    card = rf"(?:{lex.alternation(lex.cardinals)}){E}"
    units = rf"(?:{lex.alternation(lex.units)}){E}"

    lead = r"(?:(?P<lead>[وف]?(?:اليوم|امس|غدا))\s*[,،]?\s*)?"
    linker = r"(?:(?:الموافق|[بل]?تاريخ)\s+)?"
    wd_prefix = rf"{lead}(?:(?:يوم\s+)?\(?\s*(?P<wd>{wd})\s*\)?\s*[,،]?\s*{linker})?"
    day = rf"(?:(?<![\d/.,])(?P<dnum>\d{{1,2}})\s*(?:من\s+)?|(?P<dord>{ordinal})\s+من\s+)"
    second_month = rf"(?:\s*[/\\]\s*(?P<gm2>{gm})|\s*[(\"“«]\s*(?P<gm3>{gm})\s*[)\"”»]|\s+(?P<gm4>{gm}))"
    month = rf"(?:شهر\s+)?(?:(?P<gm>{gm}){second_month}?|(?P<hm>{hm}))"
    year_word = rf"(?:(?:من\s+)?{DEF}?(?:عام|سنه)\s*)?"
    year_number = rf"\(?\s*\.?(?P<year>{YEAR})(?![\d.,]\d)\s*\)?"
    year_part = rf"(?:\s*[,،]?\s*{year_word}{year_number}(?P<era>{ERA}))"
    rel_year = (
        rf"(?:\s+(?:من\s+)?(?:(?P<ythis>هذا\s+العام|هذه\s+السنه)|{DEF}(?:عام|سنه)\s+(?P<yq>{qual}))"
        rf"|\s+(?P<mq>{qual}))"
    )
    after_month = rf"(?:{year_part}|{rel_year})?"
    month_trigger = r"(?P<pre>(?:[وف]?(?:شهر|في|خلال|منذ|حتي|مطلع|بدايه|نهايه|اواخر|اوائل|منتصف|اواسط))\s+)?"
    rel_day = rf"(?:\s*[,،]?\s*[(«\"“]?\s*(?P<wd>{wd})\s*[)»\"”]?)?"

    def compile_(pattern: str) -> re.Pattern[str]:
        return re.compile(pattern)

    return Patterns(
        date=compile_(rf"{B}{wd_prefix}{day}{month}{after_month}"),
        month_ref=compile_(
            rf"{B}{wd_prefix}{day}(?:(?P<mthis>هذا\s+الشهر|الجاري|الحالي){E}|الشهر\s+(?:(?P<mrq>{qual})"
            rf"|(?P<msame>ذاته|نفسه){E})|(?P<msame2>(?:نفس|ذات)\s+الشهر){E})"
        ),
        month_range=compile_(rf"{B}(?P<gm>{gm})\s*[-–]\s*(?P<gmb>{gm})(?:\s*\))?{after_month}"),
        month=compile_(rf"{B}{month_trigger}(?:(?<!\w)[وف](?=\w))?{month}{after_month}"),
        numeric=compile_(
            rf"{B}{wd_prefix}(?<![\d/.,])(?P<a>\d{{1,2}})\s*(?P<sep>[/.-])\s*(?P<b>\d{{1,2}})\s*(?P=sep)\s*"
            rf"(?P<c>\d{{4}}|\d{{2}})(?![\d/])(?P<era>{ERA})"
        ),
        numeric_ymd=compile_(
            rf"{B}(?<![\d/.,])(?P<c>\d{{4}})\s*(?P<sep>[/.-])\s*(?P<b>\d{{1,2}})\s*(?P=sep)\s*(?P<a>\d{{1,2}})"
            rf"(?![\d/])(?P<era>{ERA})"
        ),
        numeric_range=compile_(
            rf"{B}(?<![\d/.,])(?P<a0>\d{{1,2}})\s*(?:[-–]|الي|حتي)\s*(?P<a>\d{{1,2}})\s*/\s*(?P<b>\d{{1,2}})\s*/\s*"
            rf"(?P<c>\d{{4}})(?![\d/])(?P<era>{ERA})"
        ),
        numeric_dm=compile_(
            rf"{B}(?:يوم\s+)?(?P<wd>{wd})\s*[,،]?\s*(?P<a>\d{{1,2}})\s*/\s*(?P<b>\d{{1,2}})(?!\s*/\s*\d)"
        ),
        year_range=compile_(
            rf"{B}(?:{DEF}?(?:عام|عامي|سنه|سنتي|اعوام|سنوات)\s*)?(?<![\d.,/])(?P<y1>{YEAR})\s*(?:[-–/]|و|الي|حتي)\s*"
            rf"(?P<y2>{YEAR})(?!\d)(?P<era>{ERA})"
        ),
        year=compile_(
            rf"{B}(?P<trig>{YEAR_TRIGGER})\s*\(?\s*\.?(?P<year>{YEAR})(?![\d.,٫]\d|\s*%)\s*\)?(?P<era>{ERA})"
        ),
        year_era=compile_(rf"{B}(?<![\d.,/])(?P<year>{YEAR})\s*(?P<era>ميلاديه|ميلادي|هجريه|هجري|م|ه){E}"),
        bare_year=compile_(rf"{B}(?<![\d.,/])(?P<year>19\d\d|20[0-3]\d)(?![\d%])(?![.,/]\d)"),
        day_before=compile_(
            rf"{B}{TIME_OF_DAY}(?:يوم\s+)?(?P<rel>[وف]?اول\s+(?:من\s+)?امس|[وف]?امس\s+الاول){E}{rel_day}"
        ),
        yesterday=compile_(rf"{B}{TIME_OF_DAY}(?:يوم\s+)?(?P<rel>[وف]?(?:بال)?امس|[وف]?البارحه){E}{rel_day}"),
        today=compile_(rf"{B}{TIME_OF_DAY}(?P<rel>[وف]?اليوم){E}{rel_day}"),
        tomorrow=compile_(
            rf"{B}{TIME_OF_DAY}(?P<rel>[وف]?غدا|[وف]?بكره|[وف]?بكرا|[وف]?بعد\s+غد){E}{rel_day}"
        ),
        this_period=compile_(rf"{B}[وف]?[بلك]?(?:هذا|هذه)\s+(?P<unit>العام|السنه|الشهر|الاسبوع){E}"),
        period=compile_(rf"{B}{DEF}(?P<unit>عام|سنه|شهر|اسبوع)\s+(?P<q>{qual})"),
        ago=compile_(
            rf"{B}[وف]?(?:منذ|قبل)\s+(?:(?P<n>\d{{1,3}}|{card})\s*(?P<units>{units})|(?P<unit>{units}))"
        ),
        weekday=compile_(
            rf"{B}(?P<yom>(?:يوم|يومي)\s+)?(?P<wd>{wd})(?:\s+(?P<after>بعد\s+)?(?P<q>{qual})"
            rf"|(?=\s+و\s*{wd}\s+(?P<q2>{qual})))?"
        ),
    )


# Which candidate kinds can contain an anchor of each group (an anchor is a word or number every
# expression of that kind contains), so each pattern only runs in windows around its anchors.
KINDS_BY_ANCHOR: dict[str, tuple[str, ...]] = {
    "month": ("date", "month_range", "month"),
    "shahr": ("month_ref", "period", "this_period"),
    "current": ("month_ref",),
    "year": ("date", "numeric", "numeric_ymd", "year_range", "year", "year_era", "bare_year"),
    "numsep": ("numeric", "numeric_ymd", "numeric_dm", "numeric_range"),
    "ams": ("day_before", "yesterday"),
    "today": ("today",),
    "ghad": ("tomorrow",),
    "period": ("period", "this_period"),
    "ago": ("ago",),
    "weekday": ("weekday", "numeric_dm", "yesterday", "today", "tomorrow"),
}


@cache
def anchor_words() -> dict[str, str]:
    """Map anchor words, with every clitic chain and article they may carry, to their anchor group."""
    lex = lexicon()
    table: dict[str, str] = {}
    for name in [*lex.gregorian, *lex.hijri]:
        table[name.split()[0].removeprefix("ال")] = "month"
    for name in lex.weekdays:
        table[name] = "weekday"
    table.update(
        {"شهر": "shahr", "امس": "ams", "البارحه": "ams", "بارحه": "ams", "يوم": "today", "غدا": "ghad"}
    )
    table.update(
        {"غد": "ghad", "عام": "period", "سنه": "period", "اسبوع": "period", "منذ": "ago", "قبل": "ago"}
    )
    table.update({"بكره": "ghad", "بكرا": "ghad", "جاري": "current", "حالي": "current"})
    chains = ["", "و", "ف", "ب", "ل", "ك", "وب", "ول", "وك", "فب", "فل", "فك"]
    articles = ["ال", "وال", "فال", "بال", "كال", "وبال", "فبال", "وكال", "لل", "ولل", "فلل"]
    expanded = {chain + word: group for word, group in table.items() for chain in chains}
    expanded.update({article + word: group for word, group in table.items() for article in articles})
    return expanded
