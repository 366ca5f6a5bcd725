from hypothesis import given
from hypothesis import strategies as st

from marsad.arabic.normalise import keeps_length, normalise, normalise_mapped

ARABIC = st.text(
    alphabet=st.sampled_from(
        list("ابتثجحخدذرسشصضطظعغفقكلمنهويءأإآؤئىةـ ًٌٍَُِّْ٠١٢٣٤٥٦٧٨٩ﻻﷲ\u200f\u200e\u200c«».،؟ abcXYZ0123456789")
    ),
    max_size=80,
)


def test_folds_spelling_variants() -> None:
    assert normalise("أحمد إبراهيم آمال") == "احمد ابراهيم امال"
    assert normalise("مستشفى المدينة") == "مستشفي المدينه"
    assert normalise("الأُمَمُ المـتـحـدة") == "الامم المتحده"
    assert normalise("عام ٢٠٢٠ و۱۹") == "عام 2020 و19"
    assert normalise("\u200fالرياض\u200e") == "الرياض"
    assert normalise("NATO") == "nato"


def test_presentation_forms_decompose() -> None:
    assert normalise("ﻻ") == "لا"
    assert normalise("ﺍﻟﺴﻼﻡ") == "السلام"


def test_offsets_map_back_through_deletions_and_expansions() -> None:
    text = "قالَ الوزيرُ ﻻ ـ «نعم»"
    mapped = normalise_mapped(text)
    start = mapped.text.index("الوزير")
    a, b = mapped.span_to_original(start, start + len("الوزير"))
    assert text[a:b] == "الوزيرُ"
    la = mapped.text.index("لا")
    assert mapped.span_to_original(la, la + 2) == (text.index("ﻻ"), text.index("ﻻ") + 1)


def test_identity_map_when_nothing_changes_length() -> None:
    text = "أكد المتحدث أن الاجتماع انتهى"
    assert keeps_length(text)
    assert normalise_mapped(text).offsets is None


@given(ARABIC)
def test_normalising_twice_is_normalising_once(text: str) -> None:
    assert normalise(normalise(text)) == normalise(text)


@given(ARABIC)
def test_every_normalised_character_maps_back_to_its_source(text: str) -> None:
    mapped = normalise_mapped(text)
    assert mapped.text == normalise(text)
    for i, char in enumerate(mapped.text):
        a, b = mapped.span_to_original(i, i + 1)
        assert 0 <= a < b <= len(text)
        assert char in normalise(text[a:b])
    a, b = mapped.span_to_original(0, len(mapped.text))
    assert normalise(text[a:b]) == mapped.text
