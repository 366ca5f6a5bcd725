"""Keep each entity's and story's report item as JSON text: a later report rebuilds only changed ones.

The entities and stories sections are built from the whole corpus, but between two runs of a grown
store most entities and stories are unchanged. Each item's text is kept with a digest of the value it
was written from (the Entity or Story, plus the report code and layout), in the store's keyed pieces
(``save_pieces`` / ``load_pieces``: two kinds per section, the digests and the texts). A later report
digests every value, rebuilds and keeps the changed ones, and streams the others' texts back in
corpus order, a chunk at a time. Digesting costs about what building a compact item costs (measured
on 4,500 SaudiNewsNet articles: entities half, stories 0.7-0.85 of it) but a fifth to a quarter of
building it in the indented layout ``marsad analyze`` writes (``json.dumps`` with ``indent`` runs in
Python), so the gain is in that layout and in reports where few items changed. Entities or stories
gone from the corpus lose their pieces. The text is the one ``report_chunks`` writes for the same corpus.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from functools import cache
from importlib import resources
from operator import attrgetter
from typing import Any, Protocol, TypeGuard

from marsad.corpus.model import Entity, Story
from marsad.report.contract import entity_item, item_spans, span_error, story_item
from marsad.report.stream import StreamedReport, dumps_at

FORMAT = "marsad.report.items/1"  # bump when the kept text or digest changes meaning
CHUNK = 2000  # items digested, rebuilt, saved and read back together
KINDS = {"entities": "report.entity", "stories": "report.story"}
Piece = tuple[str, str, bytes | None]

_MENTION = attrgetter("article", "start", "end", "text")
_ARTICLE = attrgetter("article")
_BUILD: dict[str, Callable[[Any], dict[str, Any]]] = {"entities": entity_item, "stories": story_item}


class ItemStore(Protocol):
    """Where keyed pieces are kept (``store.sqlite.Store``, ``store.postgres.PostgresStore``)."""

    def load_pieces(
        self, kind: str, version: str, keys: Iterable[str] | None = None
    ) -> Iterator[tuple[str, bytes]]: ...

    def save_pieces(self, version: str, pieces: Iterable[Piece], *, clear: Iterable[str] = ()) -> int: ...


def keeps_items(store: object) -> TypeGuard[ItemStore]:
    """Tell whether a store can keep entity and story pieces."""
    return callable(getattr(store, "load_pieces", None)) and callable(getattr(store, "save_pieces", None))


@cache
def report_code() -> str:
    """Hash the code that writes report items: a change to it must rebuild every kept piece."""
    digest = hashlib.sha256(FORMAT.encode())
    folder = resources.files("marsad.report")
    for name in ("contract.py", "stream.py", "items.py", "pieces.py"):
        digest.update(folder.joinpath(name).read_bytes())
    return digest.hexdigest()[:16]


def layout(indent: int | None) -> str:
    """Name what kept texts depend on besides their value: the report code and the indentation."""
    return f"{FORMAT}:{report_code()}:indent={indent}"


def value_digest(section: str, value: Entity | Story) -> bytes:
    """Digest an entity or story: equal values, and only they, give the same digest."""
    if isinstance(value, Entity):  # its fields as plain tuples (every field: a test checks the list)
        text = repr((value.id, value.name, value.type, value.aliases, list(map(_MENTION, value.mentions))))
    else:
        text = repr(value)  # dataclass repr: every field, floats exactly
    return hashlib.blake2b(f"{section}\n{text}".encode(), digest_size=16).hexdigest().encode()


def item_texts(
    store: ItemStore,
    section: str,
    values: Sequence[Entity | Story],
    texts: Mapping[str, str],
    wanted: set[str],
    indent: int | None,
    summary: StreamedReport,
) -> Iterator[str]:
    """Yield the section's item texts in order: kept ones read back, changed ones built and kept.

    ``texts``: the articles at hand (spans into them are checked against their text); every other
    span must name an article of the report (``wanted``). Kept items were checked when built.
    """
    version = layout(indent)
    kind = KINDS[section]
    kept = {key: body for key, body in store.load_pieces(kind + ".digest", version)}
    seen: set[str] = set()
    rebuilt = 0
    for start in range(0, len(values), CHUNK):
        chunk = values[start : start + CHUNK]
        built: dict[int, str] = {}
        reuse: list[str] = []
        saved: list[Piece] = []
        for n, value in enumerate(chunk):
            digest = value_digest(section, value)
            if value.id in seen:  # an id twice: built each time, never kept
                built[n] = _build(section, value, texts, wanted, indent, summary)
            elif kept.get(value.id) == digest:
                reuse.append(value.id)
                _check_articles(section, value, wanted, summary)
            else:
                built[n] = _build(section, value, texts, wanted, indent, summary)
                saved += [(kind + ".digest", value.id, digest), (kind, value.id, built[n].encode())]
            seen.add(value.id)
        rebuilt += len(built)
        if saved:
            store.save_pieces(version, saved)
        bodies = {key: body for key, body in store.load_pieces(kind, version, reuse)} if reuse else {}
        for n, value in enumerate(chunk):
            if n in built:
                yield built[n]
            elif value.id in bodies:
                yield bodies[value.id].decode("utf-8")
            else:  # its digest was kept but not its text: build it after all
                rebuilt += 1
                yield _build(section, value, texts, wanted, indent, summary)
    gone = [key for key in kept if key not in seen]
    if gone:
        store.save_pieces(version, [(k, key, None) for key in gone for k in (kind + ".digest", kind)])
    summary.counts[section] = len(values)
    summary.items_rebuilt[section] = rebuilt


def _build(
    section: str,
    value: Entity | Story,
    texts: Mapping[str, str],
    wanted: set[str],
    indent: int | None,
    summary: StreamedReport,
) -> str:
    """Build one item's text, checking its spans."""
    item = _BUILD[section](value)
    for span in item_spans(section, item):
        if span[1] in texts:
            error = span_error(texts, *span)
        else:
            error = None if span[1] in wanted else f"{span[0]}: unknown article {span[1]!r}"
        if error:
            summary.errors.append(error)
    return dumps_at(item, indent, 2)


def _check_articles(section: str, value: Entity | Story, wanted: set[str], summary: StreamedReport) -> None:
    """Report spans of a kept item that name an article no longer in the report."""
    if isinstance(value, Entity):
        if set(map(_ARTICLE, value.mentions)) <= wanted:  # the usual case, checked without a loop
            return
        where = [(f"entity {value.id}", m.article) for m in value.mentions]
    else:
        where = [(f"story {value.id} summary", r.article) for s in value.summary for r in s.sources]
    summary.errors.extend(f"{w}: unknown article {a!r}" for w, a in where if a not in wanted)
