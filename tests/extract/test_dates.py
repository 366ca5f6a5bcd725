"""The date stage on sentences composed for these tests, plus a gate on the hand-made gold."""

from __future__ import annotations

import datetime as dt
import functools
import json
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.arabic.sentences import split_sentences
from marsad.arabic.tokens import tokenize
from marsad.document import Article, Document
from marsad.extract.dates import DATE_STAGE, find_dates, infer_published, parse_reference
from tests.conftest import shared_path

REF = dt.date(2020, 5, 9)  # a Saturday
GOLD = Path(__file__).resolve().parents[1] / "gold" / "dates.jsonl"


def _values(text: str, reference: dt.date | None = REF) -> list[tuple[str, str | None]]:
    """Find dates and check every span is exactly the text it claims."""
    found = find_dates(text, reference)
    for mention in found:
        assert text[mention.start : mention.end] == mention.text
    return [(m.text, m.value) for m in found]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("وقعت الحكومة الاتفاق في 7 مايو/أيار 2020 بعد مفاوضات.", [("7 مايو/أيار 2020", "2020-05-07")]),
        ("افتتح المعرض في 3 أيار (مايو) 2019 وسط حضور كبير.", [("3 أيار (مايو) 2019", "2019-05-03")]),
        ("بدأت الأزمة في إبريل/ نيسان الماضي.", [("إبريل/ نيسان الماضي", "2020-04")]),
        ("عقد الاجتماع في الثامن من أبريل بحضور الوزراء.", [("الثامن من أبريل", "2020-04-08")]),
        (
            "ستنطلق الحملة في الحادي والعشرين من الشهر الجاري.",
            [("الحادي والعشرين من الشهر الجاري", "2020-05-21")],
        ),
        ("وصل الوفد في 15 نوفمبر الماضي إلى العاصمة.", [("15 نوفمبر الماضي", "2019-11-15")]),
        ("تبدأ الامتحانات في 21 مارس الجاري.", [("21 مارس الجاري", "2020-03-21")]),
        ("وقال المتحدث الخميس إن المفاوضات مستمرة.", [("الخميس", "2020-05-07")]),
        ("ويلتقي الطرفان الخميس المقبل في جنيف.", [("الخميس المقبل", "2020-05-14")]),
        ("وكان الوزير قد زار المدينة السبت الماضي.", [("السبت الماضي", "2020-05-02")]),
        ("أعلنت الشرطة أمس السبت اعتقال المشتبه به.", [("أمس السبت", "2020-05-02")]),
        ("أعلنت الشرطة أمس اعتقال المشتبه به.", [("أمس", "2020-05-08")]),
        ("وصل الرئيس اليوم إلى الرياض.", [("اليوم", "2020-05-09")]),
        ("ومن المنتظر أن يعلن الاتحاديون اليوم عن تعاقدهم مع اللاعب.", [("اليوم", "2020-05-09")]),
        ("وأوضحت الشركة في إعلان لها اليوم أن الأرباح ارتفعت.", [("اليوم", "2020-05-09")]),
        ("تنطلق البطولة غداً في المدينة.", [("غداً", "2020-05-10")]),
        ("ارتفعت الصادرات العام الماضي بنسبة كبيرة.", [("العام الماضي", "2019")]),
        ("تراجعت المبيعات الشهر الماضي.", [("الشهر الماضي", "2020-04")]),
        ("زار المبعوث المنطقة الأسبوع الماضي.", [("الأسبوع الماضي", "2020-W18")]),
        ("وقع الانفجار منذ ثلاثة أيام في السوق.", [("منذ ثلاثة أيام", "2020-05-06")]),
        ("تأسست الشركة عام 2019 في دبي.", [("عام 2019", "2019")]),
        ("انضم إلى الفريق في 2019، وغادره بعد موسم.", [("2019", "2019")]),
        ("صدر القرار سنة 1441 هـ بعد دراسة.", [("سنة 1441 هـ", "2020")]),
        ("نشر التقرير بتاريخ 7/5/2020 على الموقع.", [("7/5/2020", "2020-05-07")]),
        ("صدر العدد في ٢٠٢٠-٠٥-٠٧ صباحا.", [("٢٠٢٠-٠٥-٠٧", "2020-05-07")]),
        ("افتتح المشروع في ٧ مايو ٢٠٢٠ رسميا.", [("٧ مايو ٢٠٢٠", "2020-05-07")]),
        ("ومنذ 30 يناير كانون الثاني تراجعت الأسعار.", [("30 يناير كانون الثاني", "2020-01-30")]),
        (
            "وتعود القضية إلى الثالث من أغسطس (آب) العام الماضي.",
            [("الثالث من أغسطس (آب) العام الماضي", "2019-08-03")],
        ),
        ("وقد توقفت المحادثات أمس الأول في جنيف.", [("أمس الأول", "2020-05-07")]),
    ],
)
def test_expressions_resolve_against_the_reference(sentence: str, expected: list[tuple[str, str]]) -> None:
    assert _values(sentence) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "أرسلت الدولة 2000 جندي إلى الحدود.",
        "بلغت قيمة الغرامة 1500 دولار.",
        "للاستفسار اتصل على الرقم 2015 من أي هاتف.",
        "وهذا هو الاجتماع الأول بين الطرفين منذ سنوات.",
        "وفاز الفريق على منافسه 1 صفر في المباراة.",
        "وقد مارس الضغط على الحكومة طويلا.",
        "وأعلنت نيسان عن طراز جديد من سياراتها.",
        "وقال الأب إن ابنه بخير.",
        "يعمل في المصنع 1990 عاملا.",
        "واليوم أصبح العالم قرية صغيرة.",
        "لكننا اليوم نرى الكاتب يكتب بلا رقيب.",
        "وأشكر الزملاء في جريدة ( اليوم ) على دعمهم.",
        "كما أن الشركة تعد اليوم مساهما رئيسا في الاقتصاد.",
        "وخلافا للماضي، فإن المفهوم السائد اليوم هو التعاون.",
        "وكثير مما تعانيه منطقتنا اليوم سببه الجهل.",
        "وقال: إننا مطالبون اليوم بالعمل معا.",
        "كان عددهم كبيرا قبل عقود. اليوم، انخفضت النسبة كثيرا.",
        "شاركت الطالبات في فعاليات اليوم العلمي للبرنامج.",
        "يحضر المتقدم في الساعة السابعة حسب اليوم المحدد له.",
        "ما أجمل الماضي! اليوم تغير كل شيء.",
        "وصل الاثنان إلى المطار معا.",
        "وأدى المصلون صلاة الجمعة في المسجد.",
    ],
)
def test_numbers_and_words_that_are_not_dates_are_left_alone(sentence: str) -> None:
    assert [value for _, value in _values(sentence) if value is not None] == []


def test_hijri_numeric_dates_convert_exactly_with_umm_al_qura() -> None:
    pytest.importorskip("hijridate", reason="exact Umm al-Qura days need hijridate; tabular is within 2 days")
    assert _values("وجاء في القرار الصادر بتاريخ 1441/9/14هـ أن") == [("1441/9/14هـ", "2020-05-07")]


def test_hijri_numeric_dates_convert_within_two_days_without_the_table() -> None:
    ((text, value),) = _values("وجاء في القرار الصادر بتاريخ 1441/9/14هـ أن")
    assert text == "1441/9/14هـ"
    assert abs((dt.date.fromisoformat(value or "") - dt.date(2020, 5, 7)).days) <= 2


def test_a_weekday_decides_the_calendar_of_a_day_month_without_year() -> None:
    # 2 Shawwal 1436 was Saturday 18 July 2015; 2 October 2015 was a Friday.
    assert _values("قدم النادي عرضا يوم السبت ٢ / ١٠ ثاني أيام العيد", dt.date(2015, 7, 24)) == [
        ("يوم السبت ٢ / ١٠", "2015-07-18")
    ]


def test_the_same_month_refers_back_to_the_last_month_named() -> None:
    text = "يلعب الفريق يوم الخميس الخامس من شهر ذي القعدة، ثم يوم الخميس 12 من الشهر ذاته."
    values = [value for _, value in _values(text, dt.date(2015, 8, 9))]
    first, second = (dt.date.fromisoformat(v or "") for v in values)
    assert (second - first).days == 7
    assert abs((first - dt.date(2015, 8, 20)).days) <= 2  # Umm al-Qura, or tabular when hijridate is absent


def test_the_text_can_say_what_day_today_is() -> None:
    # Crawled on Thursday, but the text says today is Wednesday: أمس is then Tuesday.
    text = "فاز الفريق اليوم الأربعاء بعد خسارته أمس في البطولة، وتقام المباراة النهائية في وقت لاحق اليوم."
    assert [value for _, value in _values(text, dt.date(2015, 8, 6))] == [
        "2015-08-05",
        "2015-08-04",
        "2015-08-05",
    ]


def test_a_dated_today_anchors_the_relative_expressions() -> None:
    text = "يوافق اليوم 28 تموز/يوليو اليوم العالمي للتوعية، وكانت الحملة قد بدأت أمس."
    assert [value for _, value in _values(text, dt.date(2015, 7, 31))] == ["2015-07-28", "2015-07-27"]


def test_without_a_reference_relative_expressions_have_no_value() -> None:
    found = find_dates("وصل الوفد أمس بعد زيارة في 3 مايو 2019.", None)
    assert [(m.text, m.value, m.relative) for m in found] == [
        ("أمس", None, True),
        ("3 مايو 2019", "2019-05-03", False),
    ]


def test_diacritics_and_tatweel_stay_inside_spans() -> None:
    text = "صدر القرار عامَ 1432هـ، ونُشر غداً."
    assert _values(text) == [("عامَ 1432هـ", "2011"), ("غداً", "2020-05-10")]


def test_parse_reference_reads_dates_times_and_reduced_precision() -> None:
    assert parse_reference("2015-07-21 02:56:08") == dt.date(2015, 7, 21)
    assert parse_reference("2015-07-21T02:56:08Z") == dt.date(2015, 7, 21)
    assert parse_reference("2019-11") == dt.date(2019, 11, 1)
    assert parse_reference("yesterday") is None
    assert parse_reference(None) is None


def test_infer_published_prefers_a_dateline() -> None:
    text = "الرياض - الأربعاء 5 أغسطس 2015: أعلنت الوزارة أن الموسم بدأ في 12 يونيو 2015."
    assert infer_published(text) == ("2015-08-05", 0.4)


@pytest.mark.parametrize("line", ["21 أبريل 2019", "الأحد 21 أبريل 2019", "يوم الأحد 21/4/2019"])
def test_infer_published_takes_a_date_line_under_the_headline(line: str) -> None:
    body = "وقال المتحدث إن الاجتماع انتهى دون اتفاق في 3 مايو 2011 بعد مفاوضات طويلة."
    assert infer_published(f"هل تنجح الخطة الجديدة؟\n\n{line}\n{body}") == ("2019-04-21", 0.4)
    assert infer_published(f"هل تنجح الخطة الجديدة؟\n\nنشر الخبر في {line}\n{body}") != ("2019-04-21", 0.4)
    far = "هل تنجح الخطة الجديدة؟\n" + "أعلنت الوزارة عن نتائج الدراسة.\n" * 15
    assert infer_published(f"{far}{line}\n{body}") != ("2019-04-21", 0.4)  # too far down for the page's date


def test_infer_published_falls_back_to_coarser_guesses_then_nothing() -> None:
    body = "أعلنت الوزارة عن نتائج الدراسة. " * 10
    value, confidence = infer_published(body + "بدأت الدراسة في 3 مايو 2019 وانتهت في 9 يونيو 2019.")
    assert (value, confidence) == ("2019", 0.4)  # the latest full date gives its year only
    with_weekday = body + "بدأت الدراسة يوم الأحد 5 مايو 2019 وانتهت في 9 يونيو 2019."
    assert infer_published(with_weekday) == ("2019-05-05", 0.35)
    assert infer_published("أعلنت الوزارة أمس عن نتائج الدراسة.") == (None, 0.0)


def _prepared(text: str, published: str | None) -> Article:
    """An article with sentences and tokens filled, as the earlier stages leave it."""
    doc = Document.create(text, source="test", published=published)
    return Article(doc=doc, sentences=split_sentences(text), tokens=tokenize(text))


def test_stage_declares_its_fields_and_fills_dates() -> None:
    assert DATE_STAGE.requires == frozenset({"sentences", "tokens"})
    assert DATE_STAGE.assigns == frozenset({"dates"})
    article = DATE_STAGE(_prepared("وقع الاتفاق أمس في العاصمة.", "2020-05-09"))
    assert [(d.text, d.value, d.relative) for d in article.dates] == [("أمس", "2020-05-08", True)]
    assert not article.published_inferred


def test_stage_infers_a_missing_publication_date_and_says_so() -> None:
    article = DATE_STAGE(_prepared("القاهرة، 5 أغسطس 2015 - أعلنت الحكومة أمس خطة جديدة.", None))
    assert article.published_inferred
    assert article.doc.published == "2015-08-05"
    assert article.extra["published_confidence"] == 0.4
    assert [d.value for d in article.dates] == ["2015-08-05", "2015-08-04"]


_PIECES = st.sampled_from(
    [
        "في",
        "7",
        "٧",
        "مايو",
        "/",
        "أيار",
        "(",
        ")",
        "2020",
        "١٤٤١",
        "هـ",
        "أمس",
        "الخميس",
        "المقبل",
        "العام",
        "الماضي",
        "منذ",
        "ثلاثة",
        "أيام",
        "الثامن",
        "من",
        "شهر",
        "رمضان",
        "قال",
        "الوزير",
        "،",
        ".",
        "\n",
        "ـ",
        "َ",
        "اليوم",
        "غداً",
    ]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(_PIECES, max_size=25), st.sampled_from([" ", "", "  "]), st.booleans())
def test_spans_always_index_the_original_text(pieces: list[str], glue: str, with_reference: bool) -> None:
    text = glue.join(pieces)
    found = find_dates(text, REF if with_reference else None)
    previous_end = 0
    for mention in found:
        assert text[mention.start : mention.end] == mention.text
        assert mention.start < mention.end
        assert mention.start >= previous_end  # sorted, never overlapping
        previous_end = mention.end
        if mention.value is not None:
            assert mention.value[:4].isdigit()


def _gold_rows() -> list[dict[str, object]]:
    """Load the gold with each article's text (the SaudiNewsNet zips are shared data)."""
    return _load_gold(shared_path("data", "saudinewsnet"))


@functools.cache
def _load_gold(data: Path) -> list[dict[str, object]]:
    """Read the gold rows once per test session."""
    archives: dict[str, list[dict[str, str]]] = {}
    rows = []
    for line in GOLD.read_text("utf-8").splitlines():
        row = json.loads(line)
        if row["zip"] not in archives:
            with zipfile.ZipFile(data / row["zip"]) as archive:
                archives[row["zip"]] = json.loads(archive.read(archive.namelist()[0]))
        row["text"] = archives[row["zip"]][row["index"]]["content"]
        rows.append(row)
    return rows


def test_gold_offsets_index_the_article_text() -> None:
    rows = _gold_rows()
    assert len(rows) == 40
    for row in rows:
        text = str(row["text"])
        for date in row["dates"]:  # type: ignore[attr-defined]
            assert text[date["start"] : date["end"]] == date["text"]


def test_gold_value_f1_stays_above_the_goal() -> None:
    hits = predicted = gold = 0
    for row in _gold_rows():
        mentions = [
            m for m in find_dates(str(row["text"]), parse_reference(str(row["published"]))) if m.value
        ]
        expected = [(d["start"], d["end"], d["value"]) for d in row["dates"]]  # type: ignore[attr-defined]
        used: set[int] = set()
        for m in mentions:
            for i, (start, end, value) in enumerate(expected):
                if i not in used and m.start < end and start < m.end and m.value == value:
                    used.add(i)
                    hits += 1
                    break
        predicted += len(mentions)
        gold += len(expected)
    precision, recall = hits / predicted, hits / gold
    assert 2 * precision * recall / (precision + recall) >= 0.90


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("يستقبل المكتب الطلبات يومي الأحد والاثنين المقبلين.", ["2020-05-10", "2020-05-11"]),
        ("ينطلق المهرجان الأربعاء بعد القادم في الطائف.", ["2020-05-20"]),
        ("يبدأ التسجيل صباح يوم الأحد تاريخ 17/10/1436هـ للطلاب.", ["2015-08-02"]),
        ("وتبدأ المرحلة الثانية بين سبتمبر- نوفمبر من هذا العام.", ["2020-09", "2020-11"]),
        ("وارتفعت المبيعات بين عامي 2013 - 2014 بشكل ملحوظ.", ["2013", "2014"]),
        ("وشغل المنصب بين 1994 و2011 قبل أن يستقيل.", ["1994", "2011"]),
        ("وبلغت الأسعار بين 2000 و2500 ريال للطن.", []),
        ("تقام الدورة خلال الفترة 10-28/10/1436ه في الرياض.", ["2015-07-26", "2015-08-13"]),
        ("ويسافر الوفد في 12 الجاري إلى جنيف.", ["2020-05-12"]),
        ("قال إنه سيعود بكرا إلى المدينة.", ["2020-05-10"]),
        ("تبدأ المباراة يوم 23 سبتمبر المقبل والنهائي يوم 20 من نفس الشهر.", ["2020-09-23", "2020-09-20"]),
    ],
)
def test_coordinated_and_ranged_expressions(sentence: str, expected: list[str]) -> None:
    assert [value for _, value in _values(sentence)] == expected


def test_habitual_weekdays_are_not_dates() -> None:
    assert _values("يزدحم المطعم مساء أيام الجمعة عادة.") == []


def test_the_default_pipeline_runs_the_date_stage_after_the_text_layer() -> None:
    from marsad.arabic.layer import TEXT_STAGE
    from marsad.pipeline import Pipeline

    pipeline = Pipeline((TEXT_STAGE, DATE_STAGE))
    doc = Document.create(
        "أعلنت الوزارة أمس السبت نتائج العام الماضي.", source="test", published="2020-05-10"
    )
    article = pipeline.analyse_article(doc)
    assert [(d.text, d.value) for d in article.dates] == [
        ("أمس السبت", "2020-05-09"),
        ("العام الماضي", "2019"),
    ]


def _same_candidates(text: str) -> None:
    """Looking only near anchor words must find exactly what scanning the whole text finds."""
    from marsad.extract.dates import _candidates
    from marsad.extract.datetime_text import fold

    folded = fold(text).text
    near = [(c.start, c.end, c.kind) for c in _candidates(folded)]
    everywhere = [(c.start, c.end, c.kind) for c in _candidates(folded, everywhere=True)]
    assert near == everywhere


@settings(max_examples=200, deadline=None)
@given(st.lists(_PIECES, max_size=40), st.sampled_from([" ", "  ", "\n"]))
def test_anchor_windows_lose_nothing_on_composed_text(pieces: list[str], glue: str) -> None:
    _same_candidates(glue.join(pieces))


def test_anchor_windows_lose_nothing_on_real_news() -> None:
    with zipfile.ZipFile(shared_path("data", "saudinewsnet", "2015-07-27.zip")) as archive:
        records = json.loads(archive.read(archive.namelist()[0]))
    for record in records[:150]:
        _same_candidates(record["content"])


def test_many_expressions_cost_linear_time() -> None:
    import time

    text = " ".join(["الخميس"] * 20000)
    begin = time.process_time()
    assert len(find_dates(text, REF)) == 20000
    assert time.process_time() - begin < 5  # a quadratic overlap check took 12 s here
