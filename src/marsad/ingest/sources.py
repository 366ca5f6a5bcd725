"""Walk the inputs (files, folders, zips, stdin, URLs) and turn each into documents or errors, lazily."""

from __future__ import annotations

import io
import json
import os
import posixpath
import stat
import sys
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import IO

from marsad.document import Document
from marsad.ingest import formats
from marsad.ingest.build import Meta, make_document
from marsad.ingest.encoding import decode, stream_codec
from marsad.ingest.errors import IngestError, Rejected
from marsad.ingest.feeds import read_feed
from marsad.ingest.fetch import fetch, is_url
from marsad.ingest.html import read_html
from marsad.ingest.records import iter_json_array, iter_json_lines, record_parts, unwrap
from marsad.ingest.sidecar import MANIFEST_NAMES, SIDECAR_FOR, MetadataIndex, read_limited
from marsad.ingest.text import headline

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
MAX_ZIP_DEPTH = 3
_HEAD_BYTES = 65536
_ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError)

Item = Document | IngestError


@dataclass(frozen=True)
class Entry:
    """One file-like input: where it is reported, how to open it, and what is known before reading."""

    source: str
    name: str
    size: int | None
    open: Callable[[], IO[bytes]]
    path: Path | None = None
    url: str | None = None
    charset: str | None = None
    kind: str | None = None
    index: MetadataIndex | None = None
    depth: int = 0


def iter_documents(
    inputs: Iterable[str | os.PathLike[str]] | str, *, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[Item]:
    """Yield a ``Document`` for every article found in ``inputs`` and an ``IngestError`` for every bad one."""
    for named in [inputs] if isinstance(inputs, str) else inputs:
        given = os.fspath(named)
        if given == "-":
            yield from _guarded("-", _read_entry(_stdin_entry(), max_bytes, explicit=True))
        elif is_url(given):
            yield from _from_url(given, max_bytes)
        else:
            yield from _from_path(given, max_bytes)


def _guarded(source: str, items: Iterator[Item]) -> Iterator[Item]:
    """Pass items through; turn whatever stops them into one ``IngestError`` naming ``source``."""
    try:
        yield from items
    except Rejected as error:
        yield IngestError(source, error.problem)
    except UnicodeDecodeError as error:
        yield IngestError(source, f"not valid {error.encoding} text: {error.reason} (truncated or corrupt?)")
    except PermissionError:
        yield IngestError(source, "permission denied")
    except IsADirectoryError:
        yield IngestError(source, "is a directory")
    except OSError as error:
        yield IngestError(source, f"cannot read: {error.strerror or error}")
    except _ZIP_ERRORS as error:
        yield IngestError(source, f"corrupt or unsupported zip data: {error}")
    except MemoryError:
        yield IngestError(source, "too large to hold in memory")
    except Exception as error:  # a third-party parser failing on hostile input must not stop the batch
        yield IngestError(source, f"unexpected error while reading: {type(error).__name__}: {error}")


def _stdin_entry() -> Entry:
    """Describe standard input as an entry of unknown kind, read as bytes."""
    return Entry("-", "", None, lambda: io.BufferedReader(_Prefixed(b"", sys.stdin.buffer)))


def _from_url(url: str, max_bytes: int) -> Iterator[Item]:
    """Fetch a URL and read it like a file of the kind its content type (or path) says."""
    try:
        fetched = fetch(url, max_bytes)
    except Rejected as error:
        yield IngestError(url, error.problem)
        return
    path = url.split("?", 1)[0].split("#", 1)[0]
    kind = formats.KIND_BY_CONTENT_TYPE.get(fetched.content_type) or formats.kind_by_name(path)
    data = fetched.data
    entry = Entry(
        source=url,
        name=posixpath.basename(path),
        size=len(data),
        open=lambda: io.BytesIO(data),
        url=fetched.url,
        charset=fetched.charset,
        kind=kind,
    )
    yield from _guarded(url, _read_entry(entry, max_bytes, explicit=True))


def _from_path(given: str, max_bytes: int) -> Iterator[Item]:
    """Read a file or walk a folder named on the command line."""
    path = Path(given)
    try:
        info = path.stat()
    except FileNotFoundError:
        yield IngestError(given, "no such file or directory")
        return
    except PermissionError:
        yield IngestError(given, "permission denied")
        return
    except OSError as error:
        yield IngestError(given, f"cannot read: {error.strerror or error}")
        return
    if stat.S_ISDIR(info.st_mode):
        yield from _from_folder(path, given, max_bytes)
    elif stat.S_ISREG(info.st_mode):
        index = MetadataIndex(_folder_reader(path.parent), label=lambda name: str(path.parent / name))
        entry = Entry(given, path.name, info.st_size, partial(_open_binary, path), path=path, index=index)
        yield from _guarded(given, _read_entry(entry, max_bytes, explicit=True))
        yield from _drain(index)
    else:
        yield IngestError(given, "not a regular file or folder")


def _open_binary(path: Path) -> IO[bytes]:
    """Open a file for reading bytes."""
    return path.open("rb")


def _folder_reader(root: Path) -> Callable[[str], bytes | None]:
    """Return a reader of metadata files under ``root`` (None when missing or unreadable)."""

    def read(name: str) -> bytes | None:
        """Read one metadata file of the folder."""
        target = root / name
        return read_limited(target.read_bytes) if target.is_file() else None

    return read


def _drain(index: MetadataIndex) -> Iterator[IngestError]:
    """Report the broken sidecars and manifests met so far, once each."""
    while index.problems:
        yield index.problems.pop(0)


def _from_folder(root: Path, given: str, max_bytes: int) -> Iterator[Item]:
    """Walk a folder recursively in sorted order, skipping hidden files and metadata files."""
    index = MetadataIndex(_folder_reader(root), label=lambda name: os.path.join(given, name))
    reported = 0
    for item in _folder_items(root, given, index, max_bytes):
        reported += 1
        yield item
    if not reported:
        yield IngestError(given, f"no articles found in this folder (looked for {formats.SUPPORTED} files)")


def _folder_items(root: Path, given: str, index: MetadataIndex, max_bytes: int) -> Iterator[Item]:
    """Yield what each file under ``root`` holds, and what went wrong with it."""
    for name, problem in _walk(root, ""):
        source = os.path.join(given, name)
        if problem is not None:
            yield IngestError(source, problem)
            continue
        path = root / name
        try:
            size = path.stat().st_size
        except OSError as error:
            yield IngestError(source, f"cannot read: {error.strerror or error}")
            continue
        entry = Entry(source, name, size, partial(_open_binary, path), path=path, index=index)
        yield from _guarded(source, _read_entry(entry, max_bytes, explicit=False))
        yield from _drain(index)


def _walk(root: Path, prefix: str) -> Iterator[tuple[str, str | None]]:
    """Yield ``(path, None)`` for each article file and ``(path, problem)`` for each unreadable folder."""
    try:
        with os.scandir(root / prefix if prefix else root) as scan:
            children = sorted(scan, key=lambda child: child.name)
    except PermissionError:
        yield prefix or ".", "permission denied"
        return
    except OSError as error:
        yield prefix or ".", f"cannot read folder: {error.strerror or error}"
        return
    names = {child.name for child in children}
    for child in children:
        if child.name.startswith("."):
            continue
        relative = posixpath.join(prefix, child.name) if prefix else child.name
        if child.is_dir(follow_symlinks=False):
            yield from _walk(root, relative)
        elif child.is_file() and not is_metadata_file(child.name, names):
            yield relative, None


def is_metadata_file(name: str, siblings: set[str]) -> bool:
    """Tell whether a file is a manifest or the sidecar of an article beside it (not an article itself)."""
    if name.lower() in MANIFEST_NAMES:
        return True
    stem, ext = posixpath.splitext(name)
    return ext.lower() == ".json" and any(stem + other in siblings for other in SIDECAR_FOR)


def _read_entry(entry: Entry, max_bytes: int, *, explicit: bool) -> Iterator[Item]:
    """Read one entry of any kind; raise ``Rejected`` (via the caller's guard) when it is unusable."""
    kind = entry.kind or formats.kind_by_name(entry.name)
    ext = formats.extension(entry.name)
    if kind is None and ext and not explicit:
        raise Rejected(f"unsupported file type {ext!r} (expected {formats.SUPPORTED})")
    if entry.size == 0:
        raise Rejected("empty file")
    if kind == formats.ZIP and entry.depth >= MAX_ZIP_DEPTH:
        raise Rejected(f"zip archives nested more than {MAX_ZIP_DEPTH} deep")
    if kind == formats.ZIP and entry.path is not None:
        yield from _read_zip(entry, _open_zip(entry.path), max_bytes)
        return
    single = kind in (formats.TEXT, formats.HTML, formats.FEED)
    if single and entry.size is not None and entry.size > max_bytes:
        raise Rejected(_too_large(entry.size, max_bytes))
    stream = entry.open()
    try:
        head = _read_head(stream)
        if not head.strip():
            raise Rejected("empty file")
        sniffed = formats.sniff(head)
        if kind is None or (kind == formats.TEXT and sniffed in (formats.HTML, formats.FEED)):
            kind = sniffed or formats.TEXT
        if kind == formats.ZIP:
            if entry.depth >= MAX_ZIP_DEPTH:
                raise Rejected(f"zip archives nested more than {MAX_ZIP_DEPTH} deep")
            archive = _open_zip(io.BytesIO(_read_rest(head, stream, entry, max_bytes)))
            yield from _read_zip(entry, archive, max_bytes)
        elif kind == formats.JSONL or (kind == formats.JSON and _looks_like_jsonl(head)):
            yield from _read_jsonl(entry, head, stream, max_bytes)
        elif kind == formats.JSON and _first_char(head) == "[":
            yield from _read_json_array(entry, head, stream, max_bytes)
        else:
            yield from _read_single(entry, kind, _read_rest(head, stream, entry, max_bytes), max_bytes)
    finally:
        stream.close()


def _read_head(stream: IO[bytes]) -> bytes:
    """Read the first bytes of a stream (several reads: zip members and pipes return short reads)."""
    parts: list[bytes] = []
    size = 0
    while size < _HEAD_BYTES:
        part = stream.read(_HEAD_BYTES - size)
        if not part:
            break
        parts.append(part)
        size += len(part)
    return b"".join(parts)


def _read_rest(head: bytes, stream: IO[bytes], entry: Entry, max_bytes: int) -> bytes:
    """Read the whole input, refusing it past ``max_bytes`` (checked first when the size is known)."""
    if entry.size is not None and entry.size > max_bytes:
        raise Rejected(_too_large(entry.size, max_bytes))
    rest = stream.read(max_bytes + 1 - len(head)) if len(head) == _HEAD_BYTES else b""
    data = head + rest
    if len(data) > max_bytes:
        raise Rejected(_too_large(None, max_bytes))
    return data


def _too_large(size: int | None, max_bytes: int) -> str:
    """Say how far over the limit an input is."""
    if size is None:
        return f"file too large: more than {_human(max_bytes)}, the limit for one article file"
    return f"file too large: {_human(size)} (limit {_human(max_bytes)} for one article file)"


def _human(size: int) -> str:
    """Write a byte count the way people read it."""
    return f"{size / 1e6:.1f} MB" if size >= 1_000_000 else f"{size} bytes"


def _text_stream(head: bytes, stream: IO[bytes]) -> io.TextIOWrapper:
    """Wrap a byte stream as text in the codec its head shows; a stray bad byte becomes U+FFFD."""
    # Replacing rather than failing keeps one damaged byte in a 30,000-record dump from losing every
    # record after it; truncation still shows, as a JSON syntax error.
    raw = io.BufferedReader(_Prefixed(head, stream), buffer_size=1 << 16)
    return io.TextIOWrapper(raw, encoding=stream_codec(head), errors="replace", newline="\n")


def _read_json_array(entry: Entry, head: bytes, stream: IO[bytes], max_bytes: int) -> Iterator[Item]:
    """Stream the records of a JSON array."""
    text = _text_stream(head, stream)
    number = 0
    for number, value in enumerate(iter_json_array(text, max_bytes), start=1):
        if isinstance(value, Rejected):
            yield IngestError(entry.source, value.problem)
        else:
            yield _record(f"{entry.source}#{number}", value)
    if number == 0:
        raise Rejected("JSON array has no records")


def _read_jsonl(entry: Entry, head: bytes, stream: IO[bytes], max_bytes: int) -> Iterator[Item]:
    """Stream the records of a JSON Lines file, one per line."""
    found = 0
    for number, value in iter_json_lines(_text_stream(head, stream), max_bytes):
        found += 1
        source = f"{entry.source}#{number}"
        yield _record_or_error(source, value)
    if not found:
        raise Rejected("JSON Lines file has no records")


def _first_char(head: bytes) -> str:
    """Return the first non-blank character of a JSON input, whatever its encoding."""
    try:
        text = head[:1024].decode(stream_codec(head), errors="ignore")
    except Rejected:
        return ""
    return text.lstrip("\ufeff \t\r\n")[:1]


def _looks_like_jsonl(head: bytes) -> bool:
    """Tell JSON Lines from one JSON object: the first line is a whole value and another line follows."""
    first, newline, rest = head.lstrip(b"\xef\xbb\xbf \t\r\n").partition(b"\n")
    if not newline or not first.strip().startswith(b"{") or not rest.lstrip().startswith(b"{"):
        return False
    try:
        json.loads(first)
    except (json.JSONDecodeError, UnicodeDecodeError):
        return False
    return True


def _record_or_error(source: str, value: object) -> Item:
    """Report a record that could not be parsed, or make its document."""
    return IngestError(source, value.problem) if isinstance(value, Rejected) else _record(source, value)


def _record(source: str, value: object) -> Item:
    """Turn one parsed record into a document, or an error naming the record."""
    try:
        text, meta = record_parts(value)
        return make_document(text, source, meta)
    except Rejected as error:
        return IngestError(source, error.problem)


def _read_single(entry: Entry, kind: str, data: bytes, max_bytes: int) -> Iterator[Item]:
    """Read a file that holds one article (text, HTML, a JSON object) or one feed."""
    files_meta = entry.index.lookup(entry.name) if entry.index is not None else Meta()
    if kind == formats.FEED:
        for number, result in read_feed(data):
            source = f"{entry.source}#{number}"
            if isinstance(result, Rejected):
                yield IngestError(source, result.problem)
            else:
                yield _built(source, result[0], result[1])
        return
    if kind == formats.JSON:
        yield from _read_json_document(entry, data, max_bytes)
        return
    if kind == formats.HTML:
        text, meta = read_html(data, url=entry.url, charset=entry.charset)
        yield make_document(text, entry.source, meta.with_domain_outlet().fill(files_meta))
        return
    text, _ = decode(data, entry.charset)
    meta = files_meta.fill(Meta(title=headline(text), url=entry.url))
    yield make_document(text, entry.source, meta)


def _built(source: str, text: str, meta: Meta) -> Item:
    """Make a document for one record of a collection, or an error naming the record."""
    try:
        return make_document(text, source, meta)
    except Rejected as error:
        return IngestError(source, error.problem)


def _read_json_document(entry: Entry, data: bytes, max_bytes: int) -> Iterator[Item]:
    """Read a JSON file held in memory: one record, an object wrapping a list, or JSON Lines after all."""
    text, _ = decode(data)
    try:
        value = json.loads(text)
    except json.JSONDecodeError as error:
        if error.msg == "Extra data":
            for number, line in iter_json_lines(io.StringIO(text, newline=None), max_bytes):
                source = f"{entry.source}#{number}"
                yield _record_or_error(source, line)
            return
        raise Rejected(f"invalid JSON: {error.msg} (line {error.lineno}, column {error.colno})") from None
    records = unwrap(value)
    if len(records) == 1 and records[0] is value:
        text_, meta = record_parts(value)
        files_meta = entry.index.lookup(entry.name) if entry.index is not None else Meta()
        yield make_document(text_, entry.source, meta.with_domain_outlet().fill(files_meta))
        return
    if not records:
        raise Rejected("JSON holds no records")
    for number, record in enumerate(records, start=1):
        yield _record(f"{entry.source}#{number}", record)


def _read_zip(entry: Entry, archive: zipfile.ZipFile, max_bytes: int) -> Iterator[Item]:
    """Read every article member of a zip archive in name order (members may be folders, feeds, JSON...)."""
    with archive:
        members = sorted(
            (info for info in archive.infolist() if not info.is_dir() and not _hidden(info.filename)),
            key=lambda info: info.filename,
        )
        sizes = {info.filename: info.file_size for info in members}

        def read(name: str) -> bytes | None:
            """Read one metadata member of the archive, if small enough."""
            if name not in sizes or sizes[name] > max_bytes:
                return None
            try:
                return archive.read(name)
            except (OSError, *_ZIP_ERRORS):
                return None

        index = MetadataIndex(read, label=lambda name: f"{entry.source}!{name}")
        siblings: dict[str, set[str]] = {}
        for name in sizes:
            folder, base = posixpath.split(name)
            siblings.setdefault(folder, set()).add(base)
        reported = 0
        for info in members:
            folder, base = posixpath.split(info.filename)
            if is_metadata_file(base, siblings[folder]):
                continue
            source = f"{entry.source}!{_member_name(info)}"
            opener = partial(archive.open, info)
            member = Entry(source, info.filename, info.file_size, opener, index=index, depth=entry.depth + 1)
            for item in _guarded(source, _read_entry(member, max_bytes, explicit=False)):
                reported += 1
                yield item
            yield from _drain(index)
        if not reported:
            raise Rejected("no articles found in this zip archive")


def _open_zip(file: Path | IO[bytes]) -> zipfile.ZipFile:
    """Open a zip archive, saying plainly when it is not one."""
    try:
        return zipfile.ZipFile(file)
    except zipfile.BadZipFile:
        raise Rejected("not a valid zip archive (truncated or corrupt)") from None


def _member_name(info: zipfile.ZipInfo) -> str:
    """Return a member's name as its maker wrote it: UTF-8 names not flagged as such are read back."""
    if info.flag_bits & 0x800:
        return info.filename
    try:
        return info.filename.encode("cp437").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return info.filename


def _hidden(name: str) -> bool:
    """Tell whether a zip member is hidden or platform litter (``.DS_Store``, ``__MACOSX/``)."""
    return any(part.startswith(".") or part == "__MACOSX" for part in name.split("/"))


class _Prefixed(io.RawIOBase):
    """A raw stream that replays already-read first bytes, then reads on from the original stream."""

    def __init__(self, head: bytes, rest: IO[bytes]) -> None:
        super().__init__()
        self._head = memoryview(head)
        self._rest = rest

    def readable(self) -> bool:
        """Say this stream can be read."""
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        """Fill ``buffer`` from the replayed head first, then from the rest."""
        view = memoryview(buffer).cast("B")
        if self._head.nbytes:
            count = min(len(view), self._head.nbytes)
            view[:count] = self._head[:count]
            self._head = self._head[count:]
            return count
        data = self._rest.read(len(view))
        view[: len(data)] = data
        return len(data)
