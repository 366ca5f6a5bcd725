"""Read a plain-text article; its first line becomes the title only when it looks like a headline.

The headline rule: the first non-blank line is a title when it has 3 to 30 words and at most 200
characters, does not end like a running sentence or a lead-in (``.`` ``،`` ``,`` ``:`` ``؛`` ``;``),
and more text follows it. The text itself is kept verbatim, headline included, because offsets and
the content id are computed on it.
"""

from __future__ import annotations

from marsad.ingest.build import Meta
from marsad.ingest.encoding import decode

_MIN_WORDS, _MAX_WORDS, _MAX_CHARS = 3, 30, 200
_NOT_HEADLINE_END = frozenset(".،,:؛;…-–—")


def headline(text: str) -> str | None:
    """Return the first line when it looks like a headline, else None."""
    body = text.lstrip()
    first, _, rest = body.partition("\n")
    first = first.strip()
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
