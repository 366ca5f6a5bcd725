"""Sentence splitting for Arabic news that survives initials, abbreviations and quoted speech."""

from __future__ import annotations

import re

from marsad.document import Span

# Final punctuation, optionally followed by closing quotes/brackets, then a space or the end.
_BOUNDARY = re.compile(r"[.!?؟…]+[\"'»”’)\]]*(?=\s|$)")
_LINE = re.compile(r"[^\n]+")
# Words that end with a dot without ending the sentence: titles and common abbreviations.
# Any single letter ("ف." in a name, "د." for doctor) also counts.
_ABBREVIATIONS = frozenset("هـ dr mr mrs ms st no jr sr vs prof gen col lt sgt inc ltd co corp".split())
_QUOTE_PAIRS = (("«", "»"), ("“", "”"), ("„", "“"))
_MAX_QUOTE = 600


def _quoted_ranges(line: str) -> list[tuple[int, int]]:
    """Find quoted stretches of a line; an unclosed quote protects nothing."""
    ranges: list[tuple[int, int]] = []
    for open_, close in _QUOTE_PAIRS:
        for match in re.finditer(
            re.escape(open_) + r"[^" + re.escape(open_ + close) + r"]*" + re.escape(close), line
        ):
            ranges.append(match.span())
    for match in re.finditer(r'"[^"\n]*"', line):
        ranges.append(match.span())
    return [(a, b) for a, b in ranges if b - a <= _MAX_QUOTE]


def _is_abbreviation(line: str, dot: int) -> bool:
    """Tell whether the dot at ``dot`` closes an initial or abbreviation rather than a sentence."""
    if line[dot] != ".":
        return False
    start = dot
    while start > 0 and not line[start - 1].isspace() and line[start - 1] not in '(«"“':
        start -= 1
    word = line[start:dot].lower()
    return word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha())


def split_sentences(text: str) -> tuple[Span, ...]:
    """Split text into sentence spans: lines are hard breaks, final punctuation soft ones."""
    spans: list[Span] = []
    for line_match in _LINE.finditer(text):
        line = line_match.group()
        base = line_match.start()
        quoted = _quoted_ranges(line)
        start = 0
        for boundary in _BOUNDARY.finditer(line):
            end = boundary.end()
            if any(a < boundary.start() and end < b for a, b in quoted):
                continue
            if _is_abbreviation(line, boundary.start()) and boundary.end() - boundary.start() == 1:
                continue
            _append(spans, line, base, start, end)
            start = end
        _append(spans, line, base, start, len(line))
    return tuple(spans)


def _append(spans: list[Span], line: str, base: int, start: int, end: int) -> None:
    """Add the stripped span ``line[start:end]`` if it holds any visible text."""
    while start < end and line[start].isspace():
        start += 1
    while end > start and line[end - 1].isspace():
        end -= 1
    if start < end:
        spans.append(Span(base + start, base + end))
