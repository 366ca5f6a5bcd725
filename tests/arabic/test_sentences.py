from hypothesis import given
from hypothesis import strategies as st

from marsad.arabic.sentences import split_sentences


def sentences(text: str) -> list[str]:
    return [text[s.start : s.end] for s in split_sentences(text)]


def test_splits_on_final_punctuation() -> None:
    assert sentences("وصل الوفد إلى العاصمة. وبدأت المحادثات؟ نعم!") == [
        "وصل الوفد إلى العاصمة.",
        "وبدأت المحادثات؟",
        "نعم!",
    ]


def test_initials_and_abbreviations_do_not_end_a_sentence() -> None:
    text = "قال المبعوث روبرت ك. سميث إن د. سامي حضر الاجتماع. ثم غادر."
    assert sentences(text) == ["قال المبعوث روبرت ك. سميث إن د. سامي حضر الاجتماع.", "ثم غادر."]


def test_quotes_keep_their_inner_punctuation() -> None:
    text = "وقال الوزير: «لن نتراجع. سنواصل العمل». وانتهى المؤتمر."
    assert sentences(text) == ["وقال الوزير: «لن نتراجع. سنواصل العمل».", "وانتهى المؤتمر."]
    text = 'وأضاف: "الوضع صعب. لكننا متفائلون". ثم غادر.'
    assert sentences(text) == ['وأضاف: "الوضع صعب. لكننا متفائلون".', "ثم غادر."]


def test_an_unclosed_quote_does_not_swallow_the_rest() -> None:
    assert sentences("قال «الوضع صعب. ثم غادر.") == ["قال «الوضع صعب.", "ثم غادر."]


def test_headlines_without_punctuation_are_sentences() -> None:
    text = "عنوان الخبر بلا نقطة\n\nنص الخبر الأول. نص ثان"
    assert sentences(text) == ["عنوان الخبر بلا نقطة", "نص الخبر الأول.", "نص ثان"]


def test_decimals_are_not_boundaries() -> None:
    assert sentences("ارتفع المؤشر 3.5 في المئة. وانخفض النفط") == [
        "ارتفع المؤشر 3.5 في المئة.",
        "وانخفض النفط",
    ]


@given(st.text(alphabet=st.sampled_from(list('اب تث.؟!«»"\n د')), max_size=120))
def test_spans_are_ordered_stripped_and_cover_all_visible_text(text: str) -> None:
    spans = split_sentences(text)
    previous = 0
    for span in spans:
        assert previous <= span.start < span.end <= len(text)
        piece = text[span.start : span.end]
        assert piece == piece.strip()
        assert text[previous : span.start].strip() == ""
        previous = span.end
    assert text[previous:].strip() == ""
