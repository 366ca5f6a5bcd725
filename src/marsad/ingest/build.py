"""Check that extracted text is worth analysing and wrap it, with its metadata, in a ``Document``.

A text is refused when it is blank, when more than 5 % of it is control characters (binary data; real articles
carry a few stray ones),
or when fewer than ``MIN_ARABIC_SHARE`` (20 %) of its letters are Arabic: marsad analyses Arabic news,
and 20 % still admits Arabic articles that quote English titles or carry scraped script code (the
lowest real SaudiNewsNet articles sit at 23-40 %), while English or French text scores near 0 %.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace

from marsad.document import Document
from marsad.ingest.encoding import arabic_share, control_share
from marsad.ingest.errors import Rejected
from marsad.ingest.outlets import outlet_from_url

MIN_ARABIC_SHARE = 0.2
MAX_CONTROL_SHARE = 0.05


@dataclass(frozen=True, slots=True)
class Meta:
    """What a source says about an article besides its text; every field may be missing."""

    title: str | None = None
    outlet: str | None = None
    published: str | None = None
    url: str | None = None
    author: str | None = None

    def fill(self, other: Meta) -> Meta:
        """Return this metadata with its missing fields taken from ``other``."""
        missing = {f.name: getattr(other, f.name) for f in fields(self) if getattr(self, f.name) is None}
        return replace(self, **missing)

    def with_domain_outlet(self) -> Meta:
        """Return this metadata with the URL's domain as outlet when no outlet name is given."""
        if self.outlet is not None:
            return self
        return replace(self, outlet=outlet_from_url(self.url))


def make_document(text: str, source: str, meta: Meta) -> Document:
    """Return the document, or raise ``Rejected`` saying why the text cannot be analysed."""
    if not text.strip():
        raise Rejected("no article text found")
    if control_share(text) > MAX_CONTROL_SHARE:
        raise Rejected("binary content: the text is full of control characters")
    share = arabic_share(text)
    if share < MIN_ARABIC_SHARE:
        raise Rejected(
            f"not Arabic text: {share:.0%} of its letters are Arabic (at least {MIN_ARABIC_SHARE:.0%} needed)"
        )
    outlet = meta.outlet or outlet_from_url(meta.url)
    return Document.create(
        text,
        source,
        outlet=outlet,
        title=meta.title,
        published=meta.published,
        url=meta.url,
        author=meta.author,
        language="ar",
    )
