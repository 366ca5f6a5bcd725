"""Metadata for articles that carry none themselves: a sidecar file or a folder manifest.

* Sidecar: ``NAME.json`` next to ``NAME.txt`` (or ``NAME.html``), one JSON object with any of the
  keys ``title``, ``outlet``, ``published``, ``url``, ``author``. The sidecar is not read as an article.
* Manifest: ``manifest.json`` or ``manifest.csv`` in the article's folder (or zip folder). The CSV has
  a header row with the columns ``file, title, outlet, published, url`` (``author`` optional); the JSON
  form is a list of such objects or an object mapping file names to them. ``file`` is the path
  relative to the manifest's folder (a bare file name is enough for files next to it).
* Precedence: for a plain-text file the sidecar wins over the manifest, which wins over the headline
  rule. For HTML and JSON what the content itself says wins (its URL's domain included, as outlet);
  the sidecar and manifest only fill the fields it left empty. Dates go through the same parser as
  everywhere (``published`` can be ``2020-05-07``, ``07/05/2020``, ``7 مايو 2020``...).
"""

from __future__ import annotations

import csv
import io
import json
import posixpath
from collections.abc import Callable, Mapping

from marsad.ingest.build import Meta
from marsad.ingest.dates import parse_published
from marsad.ingest.errors import IngestError
from marsad.ingest.outlets import clean_name

MANIFEST_NAMES = ("manifest.json", "manifest.csv")
SIDECAR_FOR = (".txt", ".text", ".md", ".html", ".htm", ".xhtml")
_MAX_METADATA_BYTES = 20 * 1024 * 1024

Reader = Callable[[str], bytes | None]


def meta_from_mapping(fields: Mapping[str, object]) -> Meta:
    """Read the documented metadata keys of a sidecar object or manifest row."""
    lowered = {str(key).strip().lower(): value for key, value in fields.items()}
    return Meta(
        title=clean_name(lowered.get("title")),
        outlet=clean_name(lowered.get("outlet")),
        published=parse_published(lowered.get("published")),
        url=clean_name(lowered.get("url")),
        author=clean_name(lowered.get("author")),
    )


def sidecar_name(name: str) -> str | None:
    """Return the sidecar path for an article path, or None for kinds that take no sidecar."""
    stem, ext = posixpath.splitext(name)
    return stem + ".json" if ext.lower() in SIDECAR_FOR else None


class MetadataIndex:
    """Looks up sidecars and manifests inside one folder tree or zip, reading each manifest once."""

    def __init__(self, read: Reader, label: Callable[[str], str]) -> None:
        self._read = read
        self._label = label
        self._manifests: dict[str, dict[str, Meta]] = {}
        self.problems: list[IngestError] = []

    def lookup(self, name: str) -> Meta:
        """Return the sidecar's metadata for ``name`` filled in from its folder's manifest."""
        sidecar = self._sidecar(name)
        folder, base = posixpath.split(name)
        manifest = self._manifest(folder)
        row = manifest.get(base) or manifest.get(name) or Meta()
        return sidecar.fill(row)

    def _sidecar(self, name: str) -> Meta:
        """Read ``NAME.json`` next to the article, if there is one."""
        path = sidecar_name(name)
        data = self._read(path) if path else None
        if data is None or path is None:
            return Meta()
        try:
            value = json.loads(data.decode("utf-8-sig"))
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            self.problems.append(IngestError(self._label(path), f"invalid sidecar JSON, ignored: {error}"))
            return Meta()
        if not isinstance(value, Mapping):
            self.problems.append(IngestError(self._label(path), "sidecar is not a JSON object, ignored"))
            return Meta()
        return meta_from_mapping(value)

    def _manifest(self, folder: str) -> dict[str, Meta]:
        """Read (once) the manifest of ``folder``: file name -> metadata."""
        if folder not in self._manifests:
            rows: dict[str, Meta] = {}
            for manifest in MANIFEST_NAMES:
                path = posixpath.join(folder, manifest) if folder else manifest
                data = self._read(path)
                if data is not None:
                    rows.update(self._parse_manifest(path, data, folder))
            self._manifests[folder] = rows
        return self._manifests[folder]

    def _parse_manifest(self, path: str, data: bytes, folder: str) -> dict[str, Meta]:
        """Parse a manifest; a broken one is reported once and ignored."""
        try:
            text = data.decode("utf-8-sig")
            if path.endswith(".csv"):
                items: list[Mapping[str, object]] = list(csv.DictReader(io.StringIO(text)))
            else:
                value = json.loads(text)
                if isinstance(value, Mapping):
                    items = [{**row, "file": key} for key, row in value.items() if isinstance(row, Mapping)]
                elif isinstance(value, list):
                    items = [row for row in value if isinstance(row, Mapping)]
                else:
                    raise ValueError("expected a list of rows or an object keyed by file name")
        except (UnicodeDecodeError, ValueError, csv.Error) as error:
            self.problems.append(IngestError(self._label(path), f"invalid manifest, ignored: {error}"))
            return {}
        rows: dict[str, Meta] = {}
        for item in items:
            lowered = {str(key).strip().lower(): value for key, value in item.items()}
            file = clean_name(lowered.get("file"))
            if file:
                rows[posixpath.normpath(file.replace("\\", "/"))] = meta_from_mapping(lowered)
        return rows


def read_limited(path_read: Callable[[], bytes]) -> bytes | None:
    """Call a reader, treating a missing or unreadable file as no metadata."""
    try:
        data = path_read()
    except OSError:
        return None
    return data if len(data) <= _MAX_METADATA_BYTES else None
