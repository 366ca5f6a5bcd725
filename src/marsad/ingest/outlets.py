"""Name the outlet behind an article from its URL when the source gives no name."""

from __future__ import annotations

import html
from urllib.parse import urlsplit

_HOST_PREFIXES = ("www.", "www1.", "www2.", "m.", "mobile.", "amp.")


def outlet_from_url(url: str | None) -> str | None:
    """Return the domain without ``www.``/``m.``: ``https://www.aljazeera.net/x`` -> ``aljazeera.net``."""
    if not url or "://" not in url:
        return None
    try:
        host = urlsplit(url.strip()).hostname
    except ValueError:
        return None
    if not host or "." not in host:
        return None
    host = host.lower().rstrip(".")
    for prefix in _HOST_PREFIXES:
        if host.startswith(prefix) and host.count(".") > 1:
            host = host[len(prefix) :]
            break
    return host


def clean_name(value: object) -> str | None:
    """Return metadata (title, name, URL) on one line with HTML entities decoded, or None if blank."""
    # Scrapers leave ``&quot;`` in titles (hundreds in SaudiNewsNet). Metadata carries no offsets, so
    # decoding it is safe, unlike article text, which stays verbatim.
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        return None
    if "&" in value:
        value = html.unescape(value)
    value = " ".join(value.split())
    return value or None
