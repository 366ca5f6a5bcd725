"""Ingest: turn files, folders, zip archives, stdin and URLs into ``Document`` values, lazily.

``iter_documents(inputs)`` yields one ``Document`` per article and one ``IngestError`` per input (or
record) that could not be read; a bad input never stops the batch.

Inputs
    A file; a folder (walked recursively in sorted order; hidden files and folders, ``manifest.*``
    and sidecars are skipped; folder symlinks are not followed); ``-`` for standard input (read as
    bytes, its kind sniffed); a zip archive (members read like files in a folder, in name order;
    archives inside archives too, at most 3 deep); an ``http(s)://`` URL (fetched with urllib,
    20 s timeout; with no network it is an ``IngestError``).

Formats (by extension, else by the first bytes)
    ``.txt`` plain text, kept verbatim; its first line also becomes the title when it looks like a
    headline (3-30 words, at most 200 characters, not ending in ``. ، , : ؛ ;``, more text after it).
    ``.html``/``.htm``: main text, title, date and site name through trafilatura (no comments,
    navigation or related-article blocks), lxml paragraphs as fallback; never any markup.
    ``.json``: one record, an array of records, or an object wrapping one (``articles``, ``items``,
    ``data``...). ``.jsonl``: one record a line. Arrays and JSONL are streamed (flat memory); fields are
    recognised under common names (see ``marsad.ingest.records``). ``.xml``/``.rss``/``.atom``: RSS or
    Atom through feedparser, one document per entry, HTML stripped. ``.zip``: any of these.

Sources
    ``source`` is the input as given; a zip member is ``archive.zip!member``; the N-th record of a
    JSON array, JSONL file or feed (counting from 1; for JSONL, the line number) appends ``#N``.

Metadata
    Plain text gets it from a sidecar ``NAME.json`` next to ``NAME.txt`` (keys ``title``, ``outlet``,
    ``published``, ``url``, ``author``) or a folder ``manifest.json`` / ``manifest.csv`` (columns
    ``file, title, outlet, published, url``, optional ``author``): sidecar first, then manifest, then
    the headline rule. HTML and JSON keep what they say themselves; sidecar and manifest only fill
    the gaps (see ``marsad.ingest.sidecar``).
    Outlet: the name the record, feed or page gives; else its URL's domain
    (``https://www.aljazeera.net/...`` -> ``aljazeera.net``); else the sidecar's or manifest's outlet,
    else their URL's domain; else None. (For plain text the sidecar and manifest are the record.)
    ``published`` is an ISO 8601 date (``YYYY-MM-DD``, or ``YYYY-MM``/``YYYY``) read from what the
    source says (see ``marsad.ingest.dates``).

Encodings
    UTF-8 with or without BOM, UTF-16 (with BOM, or without when the byte pattern shows it),
    windows-1256 and ISO-8859-6, told apart by the share of Arabic letters; an HTML page's declared
    charset is tried first (see ``marsad.ingest.encoding``). Text is never normalised (no NFC, no
    whitespace rewriting) except where HTML is turned into text.

Refused, each with one line naming the input and the problem (the batch goes on):
    missing or unreadable paths; folders or zips in which nothing at all was found; empty files;
    binary data; truncated or corrupt text, JSON or zip data; single-article files over
    ``max_bytes`` (50 MB by default, checked before reading; streamed JSON arrays, JSONL and zips may
    be larger, only each record is limited); HTML without text; feeds that are not XML; JSON without
    a text field; text with fewer than 20 % Arabic letters (``marsad.ingest.build``); URLs that
    cannot be fetched.
"""

from marsad.ingest.errors import IngestError
from marsad.ingest.sources import DEFAULT_MAX_BYTES, iter_documents

__all__ = ["DEFAULT_MAX_BYTES", "IngestError", "iter_documents"]
