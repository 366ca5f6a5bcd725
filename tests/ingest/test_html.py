"""HTML pages: main text and metadata, no boilerplate, no markup."""

from __future__ import annotations

import pytest

from marsad.ingest.errors import Rejected
from marsad.ingest.html import declared_charset, read_html
from tests.ingest.helpers import fixture


@pytest.mark.parametrize("name", ["page.html", "page_cp1256.html"])
def test_main_text_and_metadata(name: str) -> None:
    text, meta = read_html(fixture(name).read_bytes())
    assert "افتتح وزير الموارد المائية" in text
    assert "ستوفر أكثر من ألف فرصة عمل" in text
    for boilerplate in ("الرئيسية", "أخبار ذات صلة", "انقطاع المياه", "تعليق قارئ", "جميع الحقوق"):
        assert boilerplate not in text
    assert meta.title == "وزير الري يفتتح محطة جديدة لتحلية المياه في الساحل الشمالي"
    assert meta.outlet == "صحيفة الخليج اليوم"
    assert meta.published == "2021-03-09"
    assert meta.author == "سارة العلي"


def test_malicious_page_yields_plain_text_only() -> None:
    text, _ = read_html(fixture("malicious.html").read_bytes())
    assert "توقعت هيئة الأرصاد" in text
    assert "بدأت وزارة التعليم" in text
    for bad in ("<", ">", "alert", "javascript", "evil", "onclick", "onerror", "document.cookie", "نص مزيف"):
        assert bad not in text


def test_short_page_falls_back_to_paragraphs() -> None:
    page = (
        "<html><head><title>عنوان</title></head><body><nav><a href='/'>الرئيسية</a></nav>"
        "<p>سطر واحد قصير.</p><footer><p>حقوق النشر</p></footer></body></html>"
    )
    text, meta = read_html(page.encode("utf-8"), url="https://www.example.com/a")
    assert text == "سطر واحد قصير."
    assert meta.url == "https://www.example.com/a"


@pytest.mark.parametrize(
    "page",
    [
        b"<html><head><title>x</title></head><body><div><span></span><div><",
        b"<html><body></body></html>",
        b"<html><body><script>var a = 1;</script></body></html>",
    ],
)
def test_pages_without_text_are_refused(page: bytes) -> None:
    with pytest.raises(Rejected, match="no article text found"):
        read_html(page)


def test_declared_charset() -> None:
    assert declared_charset(b'<html><head><meta charset="windows-1256">') == "windows-1256"
    assert (
        declared_charset(b'<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-6">')
        == "ISO-8859-6"
    )
    assert declared_charset(b"<html><head><title>") is None


def test_inline_related_block_and_ad_label_stay_out() -> None:
    paragraphs = [
        "افتتح الوزير صباح الثلاثاء محطة جديدة لتحلية مياه البحر في المدينة الساحلية بطاقة كبيرة جدا.",
        "وأضاف أن الحكومة تخطط لبناء ثلاث محطات أخرى قبل نهاية العام المقبل بتمويل من صندوق التنمية.",
        "وأوضح مدير المشروع أن المحطة ستوفر أكثر من ألف فرصة عمل للشباب خلال مراحل التشغيل الأولى.",
    ]
    page = (
        "<html><body><div class='share'><a href='#'>شارك</a></div><div class='body'>"
        f"<p>{paragraphs[0]}</p><div class='read-also'><span>اقرأ أيضا</span><ul><li>"
        "<a href='/r'>الحكومة ترفع أسعار المياه للمرة الثانية</a></li></ul></div>"
        f"<p>{paragraphs[1]}</p><div class='ad'>إعلان</div><p>{paragraphs[2]}</p></div>"
        "<div class='most-read'><h3>الأكثر قراءة</h3><ol><li><a href='/m'>خبر منتشر عن الطقس</a></li>"
        "</ol></div>"
        "</body></html>"
    )
    text, _ = read_html(page.encode("utf-8"))
    assert text == "\n".join(paragraphs)
