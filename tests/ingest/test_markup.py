"""HTML to text: visible text only, no scripts, handlers or markup."""

from __future__ import annotations

import html

from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.ingest.markup import drop_boilerplate_lines, html_to_text, looks_like_html, tidy_lines


def test_blocks_become_lines_and_scripts_vanish() -> None:
    markup = (
        '<div onclick="evil()"><p>السطر الأول <b>بخط عريض</b></p><script>alert("x")</script>'
        "<p>السطر الثاني<br>والثالث</p><style>p{color:red}</style><!-- تعليق مخفي -->"
        '<a href="javascript:alert(1)">رابط</a></div>'
    )
    assert html_to_text(markup) == "السطر الأول بخط عريض\nالسطر الثاني\nوالثالث\nرابط"


def test_text_after_a_dropped_element_is_kept() -> None:
    assert html_to_text("<p>قبل<script>x()</script> بعد</p>") == "قبل بعد"
    assert html_to_text("<p><iframe src=x></iframe>بعد</p>") == "بعد"


def test_looks_like_html() -> None:
    assert looks_like_html("<p>نص</p>")
    assert looks_like_html("نص<br/>نص")
    assert not looks_like_html("العدد أقل من 5 < 7 وأكبر من 3")
    assert not looks_like_html("نص عادي بلا وسوم")


def test_label_lines_are_dropped_but_sentences_kept() -> None:
    text = (
        "سطر أول من الخبر.\nإعلان\nاقرأ أيضاً:\n« الأكثر قراءة »\nشارك الخبر مع أصدقائك في كل مكان.\nآخر سطر"
    )
    assert drop_boilerplate_lines(text) == "سطر أول من الخبر.\nشارك الخبر مع أصدقائك في كل مكان.\nآخر سطر"
    assert drop_boilerplate_lines("نص بلا أي لافتة") == "نص بلا أي لافتة"


def test_tidy_lines() -> None:
    assert tidy_lines("  أ   ب \n\n\n ج\t\td ") == "أ ب\nج d"


words = st.text(alphabet="ابتثجحخدذرزسشصضطظعغفقكلمنهوي ", min_size=1, max_size=30).filter(str.strip)


@settings(max_examples=200, deadline=None)
@given(words, words, st.text(alphabet="abcxyz(){};='\"<>/ ", min_size=1, max_size=40))
def test_script_payload_never_survives(before: str, after: str, payload: str) -> None:
    marker = f"PAYLOAD{payload}END"
    handler = html.escape(marker, quote=True)
    text = html_to_text(f'<p>{before}</p><script>{marker}</script><p onclick="{handler}">{after}</p>')
    assert "PAYLOAD" not in text
    assert " ".join(before.split()) in text
    assert " ".join(after.split()) in text


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_any_string_gives_text(markup: str) -> None:
    assert isinstance(html_to_text(markup), str)
