"""Folded text for matching, with a compact map back to the original offsets.

``marsad.arabic.normalise_mapped`` keeps one offset per character, built in a Python loop; the date
stage only maps a handful of spans back, so it keeps breakpoints (one per character whose folded
form is not exactly one character) and maps with a binary search, which is several times faster.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass
from functools import cache

from marsad.arabic.normalise import normalise

_KEEP_AT_END = "\u0640"  # tatweel: "هـ" keeps its tail inside a span


@dataclass(frozen=True, slots=True)
class Folded:
    """Normalised text plus breakpoints ``(folded index, original index, constant)`` sorted by index."""

    text: str
    original: str
    starts: tuple[int, ...] = ()
    targets: tuple[int, ...] = ()
    constant: tuple[bool, ...] = ()

    def to_original(self, index: int) -> int:
        """Map an index of the folded text to the original text."""
        k = bisect_right(self.starts, index) - 1
        if k < 0:
            return index
        if self.constant[k]:
            return self.targets[k]
        return self.targets[k] + index - self.starts[k]

    def span_to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a folded span to the original, keeping trailing marks and tatweel of its last letter."""
        if start >= end:
            return self.to_original(start), self.to_original(start)
        stop = self.to_original(end - 1) + 1
        original = self.original
        while stop < len(original) and (
            original[stop] == _KEEP_AT_END or unicodedata.category(original[stop]) == "Mn"
        ):
            stop += 1
        return self.to_original(start), stop


@cache
def _folded_char(char: str) -> str:
    """Normalise one character (cached: a text has few distinct characters)."""
    return normalise(char)


def fold(text: str) -> Folded:
    """Normalise ``text`` for matching and remember how to map offsets back."""
    odd = {char: out for char in set(text) if len(out := _folded_char(char)) != 1}
    folded = normalise(text)
    if not odd:
        return Folded(folded, text)
    starts: list[int] = []
    targets: list[int] = []
    constant: list[bool] = []
    shift = 0  # folded index minus original index, so far
    for match in re.finditer("[" + "".join(re.escape(c) for c in odd) + "]", text):
        position = match.start()
        out = odd[match.group()]
        here = position + shift
        if out:  # expands to several characters that all point at this one
            starts.append(here)
            targets.append(position)
            constant.append(True)
        shift += len(out) - 1
        starts.append(position + 1 + shift)
        targets.append(position + 1)
        constant.append(False)
    return Folded(folded, text, tuple(starts), tuple(targets), tuple(constant))
