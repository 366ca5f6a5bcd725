"""Read a plain-text article; its first line becomes the title only when it looks like a headline.

The headline rule: the first non-blank line is a title when it has 3 to 30 words and at most 200
characters, does not end like a running sentence or a lead-in (``.`` ``،`` ``,`` ``:`` ``؛`` ``;``),
and more text follows it. Up to two leading lines of one or two words (section labels and
breadcrumbs left by copy-paste from a web page, "أخبار محلية") are passed over first.
The text itself is kept verbatim, headline included, because offsets and
the content id are computed on it.
"""

from __future__ import annotations

from marsad.ingest.build import Meta
from marsad.ingest.encoding import decode

_MIN_WORDS, _MAX_WORDS, _MAX_CHARS = 3, 30, 200
_MAX_LABELS = 2
_NOT_HEADLINE_END = frozenset(".،,:؛;…-–—")


def headline(text: str) -> str | None:
    """Return the first line when it looks like a headline, else None."""
    rest = text
    for _ in range(_MAX_LABELS + 1):
        first, _, rest = rest.lstrip().partition("\n")
        first = first.strip()
        if not 0 < len(first.split()) < _MIN_WORDS:
            break
    if not first or not rest.strip():
        return None
    words = first.split()
    if not _MIN_WORDS <= len(words) <= _MAX_WORDS or len(first) > _MAX_CHARS:
        return None
    if first[-1] in _NOT_HEADLINE_END:
        return None
    return first


def read_text(data: bytes) -> tuple[str, Meta]:
    """Decode a plain-text article and take its headline as title when it has one."""
    text, _ = decode(data)
    return text, Meta(title=headline(text))
