"""Pair quotation marks (« », “ ”, straight quotes, parentheses used as quotes) into quoted regions."""

from __future__ import annotations

import re
from dataclasses import dataclass

OPENERS = frozenset('«“„"')
REVERSED_OPENERS = frozenset("”»")  # closing marks some writers use to open
_MAX_REGION = 4000
_STRAIGHT = re.compile('["\n]')
_CURVED = re.compile("[«»“”„]")


@dataclass(frozen=True, slots=True)
class QuotedRegion:
    """A quoted stretch: the marks sit at ``open`` and ``close``; ``start:end`` are the words inside."""

    open: int
    close: int
    start: int
    end: int


def _inner(text: str, open_: int, close: int) -> QuotedRegion:
    """Trim the whitespace inside a pair of marks."""
    start, end = open_ + 1, close
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return QuotedRegion(open_, close, start, end)


def _paragraph_counts(text: str, char: str) -> list[tuple[int, int]]:
    """List (paragraph end offset, count of ``char`` in it) for every line of the text."""
    counts: list[tuple[int, int]] = []
    start = 0
    for line in text.split("\n"):
        end = start + len(line)
        counts.append((end, line.count(char)))
        start = end + 1
    return counts


def _straight_pairs(text: str) -> list[tuple[int, int]]:
    """Pair straight double quotes within a paragraph; an odd one pairs with the next odd paragraph."""
    pairs: list[tuple[int, int]] = []
    if '"' not in text:
        return pairs
    counts = _paragraph_counts(text, '"')
    open_at: int | None = None
    line = 0
    for match in _STRAIGHT.finditer(text):
        i, char = match.start(), match.group()
        if char == "\n":
            if open_at is not None:
                following = next((c for _, c in counts[line + 1 :] if c), 0)
                if following % 2 == 0:
                    open_at = None
            line += 1
            continue
        if char != '"':
            continue
        if open_at is None:
            open_at = i
        else:
            pairs.append((open_at, i))
            open_at = None
    return pairs


def _guillemet_pairs(text: str) -> list[tuple[int, int]]:
    """Pair « » (outermost pairs only), and “ ” where ” may also open when nothing is open."""
    pairs: list[tuple[int, int]] = []
    depth, open_at = 0, -1
    curly_open = -1
    reversed_open = False
    for match in _CURVED.finditer(text):
        i, char = match.start(), match.group()
        if char == "«" and reversed_open:
            depth, reversed_open = 0, False  # ":» ... «": a reversed pair closes
            pairs.append((open_at, i))
        elif char == "«":
            if depth == 0:
                open_at = i
            depth += 1
        elif char == "»" and depth:
            depth -= 1
            reversed_open = False
            if depth == 0:
                pairs.append((open_at, i))
        elif char == "»" and _after_colon(text, i):
            depth, open_at, reversed_open = 1, i, True  # "فقالوا:» ...»": a reversed mark opens a speech
        elif char in "“„":
            if curly_open < 0:
                curly_open = i
            elif char == "“":
                pairs.append((curly_open, i))
                curly_open = -1
        elif char == "”":
            if curly_open < 0:
                curly_open = i
            else:
                pairs.append((curly_open, i))
                curly_open = -1
    return pairs


def _after_colon(text: str, i: int) -> bool:
    """Tell whether a mark follows a colon (spaces aside), where only an opening mark makes sense."""
    j = i - 1
    while j >= 0 and text[j] in " \t":
        j -= 1
    return j >= 0 and text[j] == ":"


def find_quoted(text: str) -> dict[int, QuotedRegion]:
    """Map the offset of every opening mark to its quoted region."""
    regions: dict[int, QuotedRegion] = {}
    for open_, close in _guillemet_pairs(text) + _straight_pairs(text):
        if 0 < close - open_ <= _MAX_REGION:
            regions[open_] = _inner(text, open_, close)
    return regions


def find_parenthesis(text: str, open_: int) -> QuotedRegion | None:
    """Return the region of a parenthesis used as a quotation mark, closed on the same line."""
    depth = 0
    for i in range(open_, min(len(text), open_ + _MAX_REGION)):
        char = text[i]
        if char == "\n":
            return None
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                return _inner(text, open_, i)
    return None
