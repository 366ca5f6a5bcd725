"""Encoding detection: BOMs, strict UTF-8, UTF-16 without BOM, windows-1256 vs ISO-8859-6, binary."""

from __future__ import annotations

import codecs
import json
import zipfile

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.ingest.encoding import arabic_share, control_share, decode, stream_codec, utf16_codec
from marsad.ingest.errors import Rejected
from tests.conftest import shared_path

TEXT = "أعلنت الهيئة العامة للإحصاء أن معدل البطالة تراجع إلى ستة في المئة، وفق تقرير صدر اليوم.\n"
# Letters encodable in windows-1256 (the Arabic block minus the few Persian letters it lacks).
ARABIC_1256 = "ءآأؤإئابةتثجحخدذرزسشصضطظعغفقكلمنهوىي"
arabic_words = st.lists(st.text(alphabet=ARABIC_1256, min_size=1, max_size=9), min_size=1, max_size=40)


@pytest.mark.parametrize(
    ("data", "codec"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
        (TEXT.encode("utf-16"), "utf-16"),
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16"),
        (TEXT.encode("utf-16-le"), "utf-16-le"),
        (TEXT.encode("utf-16-be"), "utf-16-be"),
        (TEXT.encode("utf-32"), "utf-32"),
        (TEXT.encode("windows-1256"), "cp1256"),
    ],
)
def test_decodes_each_supported_encoding(data: bytes, codec: str) -> None:
    text, used = decode(data)
    assert text == TEXT
    assert codecs.lookup(used).name == codecs.lookup(codec).name


def test_tells_iso_8859_6_from_windows_1256() -> None:
    # Plain letters only: ISO-8859-6 has no Arabic comma, so the sentence is written without it.
    sentence = "وقال المتحدث باسم الوزارة إن اللجنة ستجتمع مرة أخرى يوم الخميس المقبل\n"
    text, used = decode(sentence.encode("iso8859-6"))
    assert (text, used) == (sentence, "iso8859-6")


def test_declared_charset_is_tried_first() -> None:
    text, used = decode(TEXT.encode("windows-1256"), declared="Windows-1256")
    assert (text, used) == (TEXT, "cp1256")


def test_wrong_latin_declaration_loses_to_arabic_reading() -> None:
    text, _ = decode(TEXT.encode("windows-1256"), declared="iso-8859-1")
    assert text == TEXT


def test_slightly_damaged_utf8_stays_utf8() -> None:
    damaged = TEXT[:20].encode("utf-8") + b"\xff" + (TEXT * 5)[20:].encode("utf-8")
    text, used = decode(damaged)
    assert used == "utf-8"
    assert text.count("\ufffd") == 1


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"", "empty file"),
        (b"  \n\t ", "empty file"),
        (bytes(range(256)) * 8, "binary file"),
        (b"\x00\x01\x02\x03" * 100, "binary file"),
        (TEXT.rstrip(".\n").encode("utf-8")[:-1], "truncated"),
        (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le")[:-1], "truncated or corrupt"),
    ],
)
def test_refuses_with_a_reason(data: bytes, problem: str) -> None:
    with pytest.raises(Rejected) as caught:
        decode(data)
    assert problem in caught.value.problem


def test_utf16_pattern_needs_the_zero_or_arabic_high_bytes() -> None:
    assert utf16_codec(TEXT.encode("utf-16-le")) == "utf-16-le"
    assert utf16_codec(TEXT.encode("utf-16-be")) == "utf-16-be"
    assert utf16_codec(TEXT.encode("utf-8")) is None


def test_stream_codec_reads_the_head() -> None:
    assert stream_codec(b'[{"a": 1}]') == "utf-8"
    assert stream_codec(codecs.BOM_UTF8 + b"[]") == "utf-8-sig"
    assert stream_codec('[{"t": "نص"}]'.encode("utf-16")) == "utf-16"
    # A head cut in the middle of a character is still UTF-8.
    assert stream_codec(TEXT.encode("utf-8")[:5]) == "utf-8"
    # One bad byte does not make a UTF-8 stream windows-1256; real windows-1256 is recognised.
    damaged = TEXT[:20].encode("utf-8") + b"\xff" + (TEXT * 3)[20:].encode("utf-8")
    assert stream_codec(damaged) == "utf-8"
    assert stream_codec(f'[{{"text": "{TEXT.strip()}"}}]'.encode("windows-1256")) == "cp1256"


def test_arabic_share_counts_letters_by_script() -> None:
    assert arabic_share("نص عربي") == 1.0
    assert arabic_share("plain English") == 0.0
    assert arabic_share("Русский текст") == 0.0
    assert arabic_share("ﻣﺮﺣﺒﺎ") == 1.0  # presentation forms
    assert arabic_share("عربي word") == pytest.approx(0.5)
    assert arabic_share("123 ... !") == 0.0
    assert control_share("ab\x00\x01") == 0.5


@settings(max_examples=200, deadline=None)
@given(arabic_words)
def test_windows_1256_round_trip(words: list[str]) -> None:
    text = " ".join(words) + "\n"
    assert decode(text.encode("windows-1256")) == (text, "cp1256")


@settings(max_examples=200, deadline=None)
@given(arabic_words, st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be"]))
def test_unicode_round_trip(words: list[str], codec: str) -> None:
    text = " ".join(words) + "\n"
    assert decode(text.encode(codec))[0] == text


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2000))
def test_any_bytes_decode_or_are_refused(data: bytes) -> None:
    try:
        text, codec = decode(data)
    except Rejected as error:
        assert error.problem
    else:
        assert isinstance(text, str)
        assert codecs.lookup(codec)


def test_real_articles_survive_every_encoding() -> None:
    """Real SaudiNewsNet articles, written in each supported encoding, decode back exactly."""
    archive = shared_path("data", "saudinewsnet", "2015-07-22.zip")
    with zipfile.ZipFile(archive) as opened:
        records = json.loads(opened.read(opened.infolist()[0]))
    texts = [text for record in records[::8] if len((text := record.get("content") or "").strip()) >= 20]
    tried = wrong = 0
    for text in texts:
        for codec in ("utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "cp1256", "iso8859-6"):
            try:
                data = text.encode(codec)
            except UnicodeEncodeError:
                continue  # the article uses a character this encoding lacks
            tried += 1
            wrong += decode(data)[0] != text
    assert tried > 1000
    assert wrong == 0
