"""Document memory of the neural tagger: a surname named once in full is boosted where it recurs alone."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from marsad.extract.ner.bio import TokenSpan, spans_from_bio
from marsad.extract.ner.encode import WordEncoder
from marsad.extract.ner.lexicon import load_lexicon
from marsad.extract.ner.neural import TAGS
from marsad.extract.ner.neural_memory import memory_bonus

ENC = WordEncoder({}, {}, load_lexicon())


def _forms(sentences: list[list[str]]) -> list[list[tuple[str, ...]]]:
    return [[ENC.encode(w).forms for w in s] for s in sentences]


def _spans(labels: list[list[str]]) -> list[list[TokenSpan]]:
    return [spans_from_bio(lab) for lab in labels]


def test_surname_is_boosted_where_it_recurs_with_a_clitic() -> None:
    sentences = [["التقى", "سامر", "الحداد", "بالوفد"], ["وقال", "للحداد", "إن"], ["وقال", "آخر"]]
    labels = [["O", "B-PERSON", "I-PERSON", "O"], ["O", "O", "O"], ["O", "O"]]
    bonus = memory_bonus(_forms(sentences), _spans(labels))
    assert bonus[1][1, TAGS.index("I-PERSON")] == 1.0
    assert bonus[1][0].sum() == 0
    assert bonus[2].sum() == 0


def test_window_limits_the_document() -> None:
    sentences = [["سامر", "الحداد"], ["زار"], ["زار"], ["الحداد"]]
    labels = [["B-PERSON", "I-PERSON"], ["O"], ["O"], ["O"]]
    assert memory_bonus(_forms(sentences), _spans(labels), window=1)[3].sum() == 0
    assert memory_bonus(_forms(sentences), _spans(labels), window=3)[3].sum() == 1


@given(st.lists(st.lists(st.sampled_from(["سامر", "الحداد", "في", "زار"]), max_size=5), max_size=5))
def test_no_names_no_bonus(sentences: list[list[str]]) -> None:
    labels = [["O"] * len(s) for s in sentences]
    for bonus, words in zip(memory_bonus(_forms(sentences), _spans(labels)), sentences, strict=True):
        assert bonus.shape == (len(words), len(TAGS))
        assert bonus.sum() == 0
