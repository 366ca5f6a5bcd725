import pytest
from hypothesis import given
from hypothesis import strategies as st

import marsad.arabic.tokens as tokens_module
from marsad.arabic.normalise import normalise
from marsad.arabic.tokens import clitic_variants, split_clitics, tokenize
from marsad.document import Token


def test_tokens_index_the_original_text() -> None:
    text = "وقالَ الوزيرُ، إنّ ٣٫٥ مليون «دولار» وصلت."
    for token in tokenize(text):
        assert text[token.start : token.end] == token.text
    words = [t.text for t in tokenize(text) if t.is_word]
    assert words == ["وقالَ", "الوزيرُ", "إنّ", "٣٫٥", "مليون", "دولار", "وصلت"]


def test_norm_folds_spelling_and_digits() -> None:
    norms = [t.norm for t in tokenize("إنّ ٣٫٥ المدرسة")]
    assert norms == ["ان", "3.5", "المدرسه"]


def test_article_chains_are_split() -> None:
    assert split_clitics("والمرتزقه") == ("وال", "مرتزقه")
    assert split_clitics("بالعاصمه") == ("بال", "عاصمه")
    assert split_clitics("للعاصمه") == ("لل", "عاصمه")
    assert split_clitics("فالحكومه") == ("فال", "حكومه")


def test_words_that_only_look_cliticised_stay_whole() -> None:
    assert split_clitics("وزير") == ("", "وزير")
    assert split_clitics("الان") == ("", "الان")
    assert split_clitics("بريطانيا") == ("", "بريطانيا")


def test_variants_offer_every_reading_of_a_proclitic_chain() -> None:
    assert clitic_variants("وبسامي") == ("وبسامي", "بسامي", "سامي")
    assert "ليبيا" in clitic_variants("لليبيا")
    assert "مرتزقه" in clitic_variants("والمرتزقه")


@given(
    st.text(
        alphabet=st.sampled_from(list("ابتجدهوزحطيكلمنسعفصقرشتثخذضظغءأإآةى ،.«»0123456789ـَ")), max_size=80
    )
)
def test_tokens_are_ordered_and_exact(text: str) -> None:
    previous = 0
    for token in tokenize(text):
        assert previous <= token.start < token.end
        assert text[token.start : token.end] == token.text
        assert token.proclitics + token.stem == token.norm or not token.is_word
        previous = token.end


def _reference_tokens(text: str) -> list[Token]:
    """Tokens as the plain definition gives them: every match of the pattern, each word normalised alone."""
    tokens = []
    for match in tokens_module._TOKEN.finditer(text):
        word = match.group()
        norm = normalise(word)
        if not word[0].isalnum():
            tokens.append(Token(match.start(), match.end(), word, norm, "", norm, False))
        elif "\u0600" <= word[0] <= "\u06ff":
            tokens.append(Token(match.start(), match.end(), word, norm, *split_clitics(norm), True))
        else:
            tokens.append(Token(match.start(), match.end(), word, norm, "", norm, True))
    return tokens


@given(
    st.text(
        alphabet=st.sampled_from(
            [
                *"ابتجدهوزحطيكلمنسعفصقرشءأإآةى والبال للـَُّ،.,٫٬:«»؟!-_()0123456789٣٤abcXYZ",
                *["\n", "\t", "\u00a0", "\u2009", "\u200f", "\x1f", "ﻻ", "ﷲ"],
            ]
        ),
        max_size=120,
    )
)
def test_tokens_equal_the_plain_definition(text: str) -> None:
    assert list(tokenize(text)) == _reference_tokens(text)


def test_the_word_memo_empties_when_full(monkeypatch: pytest.MonkeyPatch) -> None:
    forms = tokens_module._WordForms()
    monkeypatch.setattr(tokens_module._WordForms, "LIMIT", 3)
    monkeypatch.setattr(tokens_module, "_FORMS", forms)
    text = "الوزير قال إن الحكومة والمرتزقة رحلوا"
    assert list(tokenize(text)) == _reference_tokens(text)
    assert 0 < len(forms) <= 3
