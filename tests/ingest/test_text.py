"""Plain text: kept verbatim, first line a title only when it looks like a headline."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from marsad.ingest.text import headline, read_text

TITLE = "الحكومة تعلن خطة جديدة للنقل العام"
BODY = "وقال المتحدث باسم الوزارة إن الاجتماع سيعقد الأسبوع المقبل في العاصمة بحضور الوفود."


@pytest.mark.parametrize(
    ("text", "title"),
    [
        (f"الحكومة تعلن خطة جديدة للنقل العام\n\n{BODY}", "الحكومة تعلن خطة جديدة للنقل العام"),
        (f"\n\n  هل تنجح خطة النقل الجديدة؟  \n{BODY}", "هل تنجح خطة النقل الجديدة؟"),
        (f"{BODY}\n{BODY}", None),  # ends with a full stop: a sentence, not a headline
        (f"أخبار محلية\n\n{BODY}", None),  # two words: a section label
        (f"أخبار محلية\n\n{TITLE}\n{BODY}", TITLE),
        (f"الرئيسية\nمحليات\n{TITLE}\n{BODY}", TITLE),
        (f"أ\nب\nج\n{TITLE}\n{BODY}", None),  # three labels: not a page head
        (f"قال الوزير في بيان صحفي:\n{BODY}", None),  # a lead-in
        ("الحكومة تعلن خطة جديدة للنقل العام", None),  # nothing follows
        (f"{'كلمة ' * 40}\n{BODY}", None),  # too long
        ("", None),
    ],
)
def test_headline_rule(text: str, title: str | None) -> None:
    assert headline(text) == title


def test_text_is_kept_verbatim() -> None:
    raw = f"الحكومة تعلن خطة جديدة للنقل العام\r\n\r\n  {BODY}  \r\n"
    text, meta = read_text(raw.encode("utf-8"))
    assert text == raw
    assert meta.title == "الحكومة تعلن خطة جديدة للنقل العام"


@given(st.text(alphabet="اب ت\n.،", max_size=120))
def test_headline_is_a_line_of_the_text(text: str) -> None:
    title = headline(text)
    assert title is None or title in [line.strip() for line in text.split("\n")]
