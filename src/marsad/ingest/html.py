"""Read an HTML page: main text, title, date and site name through trafilatura, lxml as fallback.

trafilatura runs with ``include_comments=False`` and without tables' or images' extras, so navigation,
reader comments and "related articles" blocks stay out. When it finds nothing (short or unusual pages)
but the page has ``<p>`` paragraphs, their text is taken instead, with scripts, forms and page chrome
(nav, header, footer, aside) removed. Either way only text leaves this module, never markup.
"""

from __future__ import annotations

import re
from typing import Any

import lxml.html  # type: ignore[import-untyped]
import trafilatura
from lxml import etree
from trafilatura.metadata import extract_metadata

from marsad.ingest.build import Meta
from marsad.ingest.dates import parse_published
from marsad.ingest.encoding import decode
from marsad.ingest.errors import Rejected
from marsad.ingest.markup import drop_boilerplate_lines, element_text, tidy_lines
from marsad.ingest.outlets import clean_name

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.\-]+)""", re.IGNORECASE)
_HAS_LETTER = re.compile(r"[^\W\d_]")
_PRUNE = ["//nav", "//footer", "//aside", "//*[@role='navigation']", "//*[@role='complementary']"]
_CHROME = "//nav|//header|//footer|//aside|//form|//*[@role='navigation']|//*[@role='complementary']"


def declared_charset(data: bytes) -> str | None:
    """Return the charset a page declares in its first 4 KB (``<meta charset>`` or http-equiv)."""
    match = _META_CHARSET.search(data[:4096])
    return match.group(1).decode("ascii", errors="ignore") if match else None


def read_html(data: bytes, url: str | None = None, charset: str | None = None) -> tuple[str, Meta]:
    """Return the page's main text and what it says about itself; raise ``Rejected`` when it has none."""
    page, _ = decode(data, charset or declared_charset(data))
    if "<" not in page:
        raise Rejected("no HTML markup found (is it a plain text file?)")
    result = _extract(page, url)
    text = drop_boilerplate_lines((result.get("text") or "").strip()) if result else ""
    if _HAS_LETTER.search(text):
        return text, _meta(result or {}, url)
    return _fallback(page, url)


def _extract(page: str, url: str | None) -> dict[str, Any] | None:
    """Run trafilatura; any failure inside it counts as "found nothing"."""
    try:
        found = trafilatura.bare_extraction(
            page,
            url=url,
            include_comments=False,
            include_tables=True,
            include_images=False,
            include_links=False,
            with_metadata=True,
            prune_xpath=_PRUNE,
        )
    except (ValueError, TypeError, AttributeError, etree.LxmlError):
        return None
    if found is None:
        return None
    return found if isinstance(found, dict) else dict(found.as_dict())


def _meta(found: dict[str, Any], url: str | None) -> Meta:
    """Turn trafilatura's metadata into ours."""
    page_url = url or clean_name(found.get("url"))
    return Meta(
        title=clean_name(found.get("title")),
        outlet=clean_name(found.get("sitename")),
        published=parse_published(found.get("date")),
        url=page_url,
        author=clean_name(found.get("author")),
    )


def _fallback(page: str, url: str | None) -> tuple[str, Meta]:
    """Take the page's paragraphs with lxml when trafilatura found no main text."""
    try:
        tree = lxml.html.document_fromstring(page)
    except (etree.ParserError, ValueError):
        raise Rejected("no article text found (broken or empty HTML)") from None
    try:
        meta = _meta(_metadata_dict(tree, url), url)
    except (ValueError, TypeError, AttributeError, etree.LxmlError):
        meta = Meta(url=url)
    for chrome in tree.xpath(_CHROME):
        chrome.drop_tree()
    paragraphs = [element_text(p) for p in tree.xpath("//p")]
    text = drop_boilerplate_lines(tidy_lines("\n".join(p for p in paragraphs if p)))
    if not _HAS_LETTER.search(text):
        raise Rejected("no article text found (broken or empty HTML)")
    return text, meta


def _metadata_dict(tree: lxml.html.HtmlElement, url: str | None) -> dict[str, Any]:
    """Read title, date and site name from a page trafilatura could not extract text from."""
    found = extract_metadata(tree, default_url=url)
    return {name: getattr(found, name, None) for name in ("title", "sitename", "date", "url", "author")}
