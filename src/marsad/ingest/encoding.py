"""Turn the bytes of one input into text, whatever encoding an Arabic site or tool wrote it in.

Order of tries, cheapest first: a byte-order mark (UTF-8, UTF-16 LE/BE, UTF-32); strict UTF-8 (the
fast path: nearly every input is UTF-8); UTF-8 with a few damaged bytes (kept, damaged bytes become
U+FFFD, so a file with one bad byte is not misread as windows-1256 mojibake); then candidates decoded
strictly and scored by the share of Arabic letters among all letters: the charset an HTML page or HTTP
header declares, UTF-16 LE/BE without a BOM when the byte pattern says so (every other byte 0x00 or
0x06), windows-1256, ISO-8859-6; last, charset-normalizer's guess. A candidate whose text has more
than 5 % control characters (NUL and friends) is refused: that is how binary files are told apart.
"""

from __future__ import annotations

import codecs

import charset_normalizer

from marsad.ingest.errors import Rejected

# Counting runs on the UTF-8 bytes, one C-speed pass each, because a regex over every character of
# 30k articles costs more than the rest of ingest together. In UTF-8 the lead byte names the block:
# 0xD8-0xDB start U+0600-U+06FF (Arabic letters, but also its digits, marks and punctuation); the
# other lead bytes of scripts with letters (Latin extensions, Greek, Cyrillic, Hebrew, Indic, CJK...)
# count as non-Arabic letters, as do ASCII letters; U+2000-U+2FFF (punctuation, symbols) does not.
_ARABIC_LEADS = bytes(range(0xD8, 0xDC))
_OTHER_LEADS = bytes([*range(0xC3, 0xD8), *range(0xDC, 0xE0), 0xE0, 0xE1, *range(0xE3, 0xF0)])
_ASCII_LETTERS = bytes([*range(0x41, 0x5B), *range(0x61, 0x7B)])
_CONTROLS = bytes([*range(0x00, 0x09), 0x0B, *range(0x0E, 0x20), 0x7F])
_PRESENTATION_FORMS = tuple(bytes([0xEF, second]) for second in (*range(0xAD, 0xB8), 0xB9, 0xBA, 0xBB))
_ALL = bytes(range(256))


def _keep(data: bytes, kept: bytes) -> int:
    """Count the bytes of ``data`` that are in ``kept``."""
    return len(data.translate(None, _ALL.translate(None, kept)))


_MAX_CONTROL_SHARE = 0.05
_MAX_DAMAGED_SHARE = 0.01
_SCORE_SAMPLE = 65536
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_SINGLE_BYTE = ("cp1256", "iso8859-6")
_UTF16_HIGH_BYTES = (0x00, 0x06, 0x20, 0xFE, 0xFB)


def arabic_share(text: str) -> float:
    """Return the share of Arabic-script characters among letters (0.0 when there are no letters)."""
    data = text.encode("utf-8", errors="replace")
    arabic = _keep(data, _ARABIC_LEADS)
    other = _keep(data, _ASCII_LETTERS) + _keep(data, _OTHER_LEADS)
    if b"\xef" in data:
        presentation = sum(data.count(pair) for pair in _PRESENTATION_FORMS)
        arabic, other = arabic + presentation, other - presentation
    total = arabic + other
    return arabic / total if total else 0.0


def control_share(text: str) -> float:
    """Return the share of control characters, high in binary data read as text."""
    if not text:
        return 0.0
    return _keep(text.encode("utf-8", errors="replace"), _CONTROLS) / len(text)


def canonical_codec(name: str | None) -> str | None:
    """Return Python's name for a declared charset, or None when Python does not know it."""
    if not name:
        return None
    try:
        return codecs.lookup(name.strip().strip("\"'").lower()).name
    except LookupError:
        return None


def bom_codec(head: bytes) -> str | None:
    """Return the codec a byte-order mark announces, or None."""
    for bom, codec in _BOMS:
        if head.startswith(bom):
            return codec
    return None


def utf16_codec(data: bytes) -> str | None:
    """Guess UTF-16 without a BOM from its byte pattern: high bytes almost all 0x00 or 0x06 (Arabic)."""
    sample = data[: _SCORE_SAMPLE & ~1]
    if len(sample) < 4:
        return None
    for codec, high in (("utf-16-le", sample[1::2]), ("utf-16-be", sample[0::2])):
        hits = sum(high.count(b) for b in _UTF16_HIGH_BYTES)
        if high.count(0) + high.count(6) and hits >= 0.9 * len(high):
            return codec
    return None


def decode(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """Decode ``data`` to text and name the codec used; raise ``Rejected`` for binary or empty data."""
    if not data.strip():
        raise Rejected("empty file")
    bom = bom_codec(data)
    if bom is not None:
        try:
            return data.decode(bom), bom
        except UnicodeDecodeError as error:
            raise Rejected(f"truncated or corrupt {bom} text (bad bytes at offset {error.start})") from None
    utf8 = _decode_utf8(data)
    if utf8 is not None:
        return utf8, "utf-8"
    return _best_candidate(data, declared)


def _decode_utf8(data: bytes) -> str | None:
    """Return the UTF-8 reading of ``data`` when it is UTF-8 (perhaps slightly damaged), else None."""
    utf16 = b"\x00" in data[:_SCORE_SAMPLE] and utf16_codec(data) is not None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.reason == "unexpected end of data" and error.start >= len(data) - 3:
            raise Rejected("truncated file: it ends in the middle of a UTF-8 character") from None
        text = data.decode("utf-8", errors="replace")
        if not _slightly_damaged(text):
            return None
    if utf16 or control_share(text[:_SCORE_SAMPLE]) > _MAX_CONTROL_SHARE:
        return None
    return text


def _slightly_damaged(text: str) -> bool:
    """Tell UTF-8 with a few bad bytes (read as U+FFFD) from another encoding misread as UTF-8."""
    damaged = text.count("\ufffd")
    multibyte = len(text) - len(text.encode("ascii", errors="ignore"))
    return damaged <= _MAX_DAMAGED_SHARE * len(text) and multibyte >= 10 * damaged


def _best_candidate(data: bytes, declared: str | None) -> tuple[str, str]:
    """Decode with each plausible codec and keep the reading with the most Arabic letters."""
    candidates: list[str] = []
    for codec in (canonical_codec(declared), utf16_codec(data), *_SINGLE_BYTE):
        if codec is not None and codec not in candidates and codec != "utf-8":
            candidates.append(codec)
    best: tuple[float, str, str] | None = None
    for codec in candidates:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        sample = text[:_SCORE_SAMPLE]
        if control_share(sample) > _MAX_CONTROL_SHARE:
            continue
        score = arabic_share(sample)
        if best is None or score > best[0]:
            best = (score, text, codec)
    if best is not None:
        return best[1], best[2]
    return _guess(data)


def _guess(data: bytes) -> tuple[str, str]:
    """Ask charset-normalizer as a last resort; refuse what still reads as binary."""
    match = charset_normalizer.from_bytes(data[: 4 * _SCORE_SAMPLE]).best()
    if match is not None:
        try:
            text = data.decode(match.encoding)
        except (UnicodeDecodeError, LookupError):
            pass
        else:
            if control_share(text[:_SCORE_SAMPLE]) <= _MAX_CONTROL_SHARE:
                return text, match.encoding
    raise Rejected("binary file: not text in any supported encoding")


def stream_codec(head: bytes) -> str:
    """Choose the codec for reading a long JSON/JSONL stream from its first bytes."""
    bom = bom_codec(head)
    if bom is not None:
        return bom
    if b"\x00" in head:
        utf16 = utf16_codec(head)
        if utf16 is not None:
            return utf16
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.start < len(head) - 3 and not _slightly_damaged(head.decode("utf-8", errors="replace")):
            return _best_candidate(head, None)[1]
    return "utf-8"
