"""Fetch one http(s) URL with the standard library; without a network this is an error, not a crash."""

from __future__ import annotations

import contextlib
import http.client
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from email.message import Message

from marsad.ingest.errors import Rejected

USER_AGENT = "marsad/0.1 (offline Arabic news observatory)"
TIMEOUT_SECONDS = 20.0


@dataclass(frozen=True, slots=True)
class Fetched:
    """The body of a response and what its headers say about it."""

    data: bytes
    url: str
    content_type: str
    charset: str | None


def is_url(value: str) -> bool:
    """Tell whether an input names an http(s) URL rather than a path."""
    return value.lower().startswith(("http://", "https://"))


def ascii_url(url: str) -> str:
    """Percent-encode an address with Arabic in its path or query, and IDNA-encode its host."""
    parts = urllib.parse.urlsplit(url)
    host = parts.hostname or ""
    with contextlib.suppress(UnicodeError):
        host = host.encode("idna").decode("ascii")
    if ":" in host:
        host = f"[{host}]"
    netloc = host if parts.port is None else f"{host}:{parts.port}"
    if parts.username:
        netloc = f"{parts.username}{':' + parts.password if parts.password else ''}@{netloc}"
    safe = "/:@!$&'()*+,;=%~-._"
    return urllib.parse.urlunsplit(
        (
            parts.scheme,
            netloc,
            urllib.parse.quote(parts.path, safe=safe),
            urllib.parse.quote(parts.query, safe=safe + "?"),
            urllib.parse.quote(parts.fragment, safe=safe + "?"),
        )
    )


def fetch(url: str, max_bytes: int, timeout: float = TIMEOUT_SECONDS) -> Fetched:
    """Download ``url`` (at most ``max_bytes``); raise ``Rejected`` with the reason on any failure."""
    try:
        address = ascii_url(url)
    except ValueError as error:
        raise Rejected(f"not a valid URL: {error}") from None
    request = urllib.request.Request(address, headers={"User-Agent": USER_AGENT, "Accept": "*/*"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            headers: Message = response.headers
            length = headers.get("Content-Length")
            if length and length.isdigit() and int(length) > max_bytes:
                raise Rejected(f"too large: {int(length)} bytes (limit {max_bytes})")
            data = response.read(max_bytes + 1)
            final_url = response.geturl() or url
    except urllib.error.HTTPError as error:
        raise Rejected(f"could not fetch: HTTP {error.code} {error.reason}") from None
    except urllib.error.URLError as error:
        raise Rejected(f"could not fetch (no network?): {error.reason}") from None
    except TimeoutError:
        raise Rejected(f"could not fetch: no answer within {timeout:g} s") from None
    except (OSError, ValueError, http.client.HTTPException) as error:
        raise Rejected(f"could not fetch: {error}") from None
    if len(data) > max_bytes:
        raise Rejected(f"too large: more than {max_bytes} bytes")
    return Fetched(
        data=data,
        url=final_url,
        content_type=headers.get_content_type(),
        charset=headers.get_content_charset(),
    )
