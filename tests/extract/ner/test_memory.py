"""Document memory: a word found inside a name in one sentence is flagged in the others."""

from __future__ import annotations

from marsad.extract.ner.bio import TokenSpan
from marsad.extract.ner.memory import document_hints


def test_surname_found_once_is_flagged_elsewhere_with_clitics() -> None:
    sentences = [["قال", "سامر", "الخطيب", "إن"], ["وأضاف", "بالخطيب", "أمس"], ["لا", "شيء"]]
    first = [[TokenSpan(1, 3, "PERSON")], [], []]
    hints = document_hints(sentences, first)
    assert "dm=PERSON" in hints[1][1]
    assert "dm=PERSON-I" in hints[1][1]
    assert hints[1][0] == [] and hints[2] == [[], []]


def test_window_limits_the_document() -> None:
    sentences = [["سامر"], ["كلام"], ["كلام"], ["سامر"]]
    first = [[TokenSpan(0, 1, "PERSON")], [], [], []]
    assert document_hints(sentences, first, window=1)[3][0] == []
    assert "dm=PERSON" in document_hints(sentences, first, window=3)[3][0]


def test_repeated_names_get_the_frequent_flag() -> None:
    sentences = [["سامر"], ["سامر"]]
    first = [[TokenSpan(0, 1, "PERSON")], [TokenSpan(0, 1, "PERSON")]]
    assert "dm2=PERSON" in document_hints(sentences, first)[0][0]
