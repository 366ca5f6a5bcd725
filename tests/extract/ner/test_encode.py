"""Word encoding: pretrained rows found through clitics, unknown words flagged, cues set, cache bounded."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from marsad.arabic.normalise import normalise
from marsad.extract.ner import encode
from marsad.extract.ner.encode import CUES, HOW, PROCLITICS, SHAPES, WordEncoder, make_batch, place_words
from marsad.extract.ner.lexicon import load_lexicon


def _encoder() -> WordEncoder:
    """An encoder whose vocabulary holds two normalised words."""
    rows = {normalise("القاهرة"): 2, normalise("سامر"): 3}
    lexicon = load_lexicon()
    return WordEncoder(rows, {c: i + 2 for i, c in enumerate("القاهرسم")}, lexicon, place_words(lexicon))


def test_rows_are_found_as_written_or_through_clitics() -> None:
    enc = _encoder()
    assert (enc.encode("القاهرة").row, enc.encode("القاهرة").how) == (2, HOW.index("exact"))
    clitic = enc.encode("والقاهرة")
    assert (clitic.row, clitic.how) == (2, HOW.index("stripped"))
    assert clitic.proclitic == PROCLITICS.index("وال")
    assert enc.encode("بسامر").row == 3
    unknown = enc.encode("زنجبيلات")
    assert (unknown.row, unknown.how) == (1, HOW.index("none"))


def test_shapes_and_cues() -> None:
    enc = _encoder()
    assert enc.encode("2015").shape == SHAPES.index("digit")
    assert enc.encode("Reuters").shape == SHAPES.index("lat")
    assert enc.encode(".").shape == SHAPES.index("punct")
    assert enc.encode("الرئيس").cues & (1 << CUES.index("title"))
    assert enc.encode("القاهرة").cues & (1 << CUES.index("place"))
    assert not enc.encode("زار").cues


def test_unknown_characters_map_to_one_id_and_words_are_truncated() -> None:
    enc = _encoder()
    assert set(enc.encode("xyz").chars) == {1}
    assert len(enc.encode("ا" * 40).chars) == encode.MAX_CHARS


def test_cache_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(encode, "CACHE_SIZE", 4)
    enc = _encoder()
    for i in range(10):
        enc.encode(f"كلمة{i}")
    assert len(enc._cache) == 4


@given(
    st.lists(st.lists(st.sampled_from(["القاهرة", "سامر", "زار", "في", "2015", "x"]), max_size=6), min_size=1)
)
def test_batch_is_padded_with_zeros(sentences: list[list[str]]) -> None:
    batch = make_batch(_encoder(), sentences)
    assert list(batch.lengths) == [len(s) for s in sentences]
    for k, words in enumerate(sentences):
        assert (batch.rows[k, len(words) :] == 0).all()
        assert (batch.chars[k, len(words) :] == 0).all()
        assert (batch.rows[k, : len(words)] > 0).all()


@given(
    st.lists(
        st.lists(st.sampled_from(["القاهرة", "سامر", "والوزير", "في", "2015", "x", "،"]), max_size=6),
        min_size=1,
    )
)
def test_batch_holds_each_word_encoding_at_its_place(sentences: list[list[str]]) -> None:
    encoder = _encoder()
    batch = make_batch(encoder, sentences)
    for k, words in enumerate(sentences):
        for j, word in enumerate(words):
            e = encoder.encode(word)
            got = (batch.rows[k, j], batch.proclitic[k, j], batch.shape[k, j], batch.how[k, j])
            assert got == (e.row, e.proclitic, e.shape, e.how)
            assert tuple(batch.chars[k, j, : len(e.chars)]) == e.chars
            assert (batch.chars[k, j, len(e.chars) :] == 0).all()
            assert [int(b) for b in batch.cues[k, j]] == [(e.cues >> i) & 1 for i in range(len(CUES))]
