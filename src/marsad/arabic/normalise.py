"""Arabic normalisation for matching that never loses the way back to the original text."""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources


@cache
def _table() -> dict[int, str | None]:
    """Load the translation table from the package's data file once."""
    data = json.loads(resources.files("marsad.arabic").joinpath("data/normalise.json").read_text("utf-8"))
    table: dict[int, str | None] = {}
    for low, high in data["delete"]:
        for code in range(int(low, 16), int(high, 16) + 1):
            table[code] = None
    for src, dst in data["map"].items():
        table[ord(src)] = dst
    for code in list(range(0xFB50, 0xFE00)) + list(range(0xFE70, 0xFF00)):
        if code in table:
            continue
        decomposed = unicodedata.normalize("NFKC", chr(code))
        if decomposed != chr(code):
            table[code] = decomposed.translate(table)
    for code in range(ord("A"), ord("Z") + 1):
        table[code] = chr(code + 32)
    return table


@cache
def _changes_length() -> re.Pattern[str]:
    """Match every character whose normal form is not exactly one character."""
    chars = [chr(c) for c, v in _table().items() if v is None or len(v) != 1]
    return re.compile("[" + "".join(re.escape(c) for c in chars) + "]")


@cache
def _placeholder_table() -> dict[int, str]:
    """Like the normalisation table, but deleted characters become NUL so positions stay put."""
    return {code: "\x00" if value is None else value for code, value in _table().items()}


@cache
def _expands() -> re.Pattern[str]:
    """Match every character whose normal form is longer than one character."""
    chars = [chr(c) for c, v in _table().items() if v is not None and len(v) > 1]
    return re.compile("[" + "".join(re.escape(c) for c in chars) + "]")


def normalise_in_place(text: str) -> str | None:
    """Normalise keeping every position, deleted characters left as NUL; None if any expands.

    Slicing the result with original offsets and dropping NULs gives each word's normal form
    without normalising words one by one.
    """
    if _expands().search(text):
        return None
    return text.translate(_placeholder_table())


def keeps_length(text: str) -> bool:
    """Tell whether normalising ``text`` maps every character to exactly one character."""
    return _changes_length().search(text) is None


def normalise(text: str) -> str:
    """Fold spelling variants (hamza forms, ى/ي, ة/ه, diacritics, digits, case) for matching."""
    return text.translate(_table())


@dataclass(frozen=True, slots=True)
class Normalised:
    """Normalised text plus, for each of its characters, the index it came from in the original."""

    text: str
    original: str
    offsets: tuple[int, ...] | None = None

    def to_original(self, index: int) -> int:
        """Map an index in the normalised text to the original text."""
        if self.offsets is None:
            return index
        return self.offsets[index] if index < len(self.offsets) else len(self.original)

    def span_to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a normalised span to the original span, keeping the diacritics of its last letter."""
        if self.offsets is None:
            return start, end
        if start >= end:
            return self.to_original(start), self.to_original(start)
        stop = self.offsets[end - 1] + 1
        while stop < len(self.original) and unicodedata.category(self.original[stop]) == "Mn":
            stop += 1
        return self.offsets[start], stop


def normalise_mapped(text: str) -> Normalised:
    """Normalise ``text`` and keep the offset map (identity when no character changes length)."""
    table = _table()
    norm = text.translate(table)
    if keeps_length(text):
        return Normalised(norm, text)
    offsets: list[int] = []
    for i, char in enumerate(text):
        out = table.get(ord(char), char)
        if out:
            offsets.extend([i] * len(out))
    return Normalised(norm, text, tuple(offsets))
