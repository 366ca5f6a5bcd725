"""The corpus state an incremental run keeps, written and read in pieces: a run pays for what it changed.

Two states live in the store's keyed pieces (``save_pieces`` / ``load_pieces``), each under the
corpus version that wrote it:

- ``CorpusResults`` (every article's mentions, every story with its rows of the per-story extras,
  the global extras): one piece per story, one per article, one head. ``save_results`` writes the
  head and the stories and articles named as changed; ``load_results`` reads all of them or only
  the stories and articles asked for.
- the ``StoryIndex``: a head (parameters, document frequencies, posting lists, cluster numbers and
  norms, placements), one piece per event and per storyline cluster (members, centroid, time
  span) and one per article (its keyword vectors and title). ``load_index`` reads the head and
  leaves clusters and articles to be fetched the first time the index looks them up, so placing
  new articles reads the clusters their probes reach; ``save_index`` writes the head and the
  clusters and articles changed since the index was loaded or last saved.

Other states kept as named pieces (the entity resolver's, ``corpus.resolve_pieces``) go through
``save_named`` and are read lazily through ``fetcher``. A save is one transaction; a full save
first empties what the last one left. What a run writes and reads then follows what it changed
and touched; the heads (global extras; document frequencies, posting lists and one small entry
per cluster and article of the index) are read and written whole.
"""

from __future__ import annotations

import copyreg
import dataclasses
import hashlib
import io
import pickle
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict, astuple, dataclass
from typing import Any, TypeVar

from marsad.corpus import model
from marsad.corpus.model import Entity, Story
from marsad.corpus.story_features import DocumentFrequencies, load_prior
from marsad.corpus.story_index import Placement, StoryIndex, StoryParams, _Centroids, _Cluster, want
from marsad.store.open import AnyStore

RESULTS_HEAD, RESULTS_STORY, RESULTS_ROWS = "results.head", "results.story", "results.rows"
INDEX_HEAD, INDEX_EVENT, INDEX_STORY, INDEX_ARTICLE = (
    "index.head",
    "index.event",
    "index.story",
    "index.article",
)
RESULTS_KINDS = (RESULTS_HEAD, RESULTS_STORY, RESULTS_ROWS)
INDEX_KINDS = (INDEX_HEAD, INDEX_EVENT, INDEX_STORY, INDEX_ARTICLE)
_HEAD_KEY = ""

K = TypeVar("K")
V = TypeVar("V")

Piece = tuple[str, str, bytes | None]


@dataclass(frozen=True, slots=True)
class CorpusResults:
    """What the corpus stages found, kept so the next run redoes only the stories that changed."""

    stories: dict[str, Story]
    extra: dict[str, Any]


def _by_value(value: Any) -> tuple[Any, tuple[Any, ...]]:
    """Reduce a frozen dataclass to its constructor's arguments (rebuilt in one call, not field by field)."""
    return type(value), tuple([getattr(value, name) for name in _FIELDS[type(value)]])


def _constructor_fields() -> dict[type, tuple[str, ...]]:
    """The corpus model's dataclasses whose fields are all constructor arguments, with those names."""
    found: dict[type, tuple[str, ...]] = {}
    for value in vars(model).values():
        if isinstance(value, type) and dataclasses.is_dataclass(value) and value.__module__ == model.__name__:
            fields = dataclasses.fields(value)
            if all(f.init for f in fields):
                found[value] = tuple(f.name for f in fields)
    return found


_FIELDS = _constructor_fields()
_DISPATCH = {**copyreg.dispatch_table, **dict.fromkeys(_FIELDS, _by_value)}


def _dump(value: Any) -> bytes:
    """Pickle one piece (the corpus model's values by constructor arguments: a third faster to read)."""
    out = io.BytesIO()
    pickler = pickle.Pickler(out, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = _DISPATCH
    pickler.dump(value)
    return out.getvalue()


def _undump(body: bytes) -> Any:
    """Unpickle one piece, or None when it cannot be read (written by other code)."""
    try:
        return pickle.loads(body)
    except (pickle.UnpicklingError, AttributeError, EOFError, ImportError, TypeError, ValueError):
        return None


def _head(store: AnyStore, kind: str, version: str) -> Any:
    """Read a state's head piece of this version, or None."""
    for _, body in store.load_pieces(kind, version, [_HEAD_KEY]):
        return _undump(body)
    return None


# --- corpus results -----------------------------------------------------------------------------


def save_results(
    store: AnyStore,
    version: str,
    results: CorpusResults,
    per_story: Collection[str],
    *,
    stories: Iterable[str] | None = None,
) -> int:
    """Keep the corpus results: all of them, or the head plus the ``stories`` named.

    ``per_story``: the extras that are tables keyed by story id (each story's row is kept beside
    it); other extras are kept whole in the head. A named story absent from ``results`` is deleted.
    Returns how many pieces were written or deleted.
    """
    tables = [key for key in per_story if isinstance(results.extra.get(key), dict)]
    head = {
        "tables": tables,
        "extra": {key: value for key, value in results.extra.items() if key not in tables},
    }
    story_ids = results.stories.keys() if stories is None else stories

    def pieces() -> Iterator[Piece]:
        yield RESULTS_HEAD, _HEAD_KEY, _dump(head)
        for sid in story_ids:
            story = results.stories.get(sid)
            if story is None:
                yield RESULTS_STORY, sid, None
                yield RESULTS_ROWS, sid, None
                continue
            rows = {key: results.extra[key][sid] for key in tables if sid in results.extra[key]}
            yield RESULTS_STORY, sid, _dump(story)
            yield RESULTS_ROWS, sid, _dump(rows)

    return store.save_pieces(version, pieces(), clear=RESULTS_KINDS if stories is None else ())


def load_results(
    store: AnyStore,
    version: str,
    *,
    stories: Iterable[str] | None = None,
    rows: Iterable[str] | None = None,
) -> CorpusResults | None:
    """Read kept corpus results of this version (all stories, or those named); None if absent.

    The per-story extras hold the rows of the ``rows`` stories (by default those read): a run that
    lists every story needs the rows of the few it grows only. Stories come back in the order they
    were first kept (later ones after earlier ones).
    """
    head = _head(store, RESULTS_HEAD, version)
    if not isinstance(head, dict):
        return None
    extra: dict[str, Any] = dict(head["extra"])
    tables: dict[str, dict[str, Any]] = {key: {} for key in head["tables"]}
    kept: dict[str, Story] = {}
    for sid, body in store.load_pieces(RESULTS_STORY, version, stories):
        value = _undump(body)
        if value is None:
            return None
        kept[sid] = value
    for sid, found in load_rows(store, version, stories if rows is None else rows).items():
        for key, row in found.items():
            tables[key][sid] = row
    extra.update(tables)
    return CorpusResults(kept, extra)


def load_rows(store: AnyStore, version: str, stories: Iterable[str] | None) -> dict[str, dict[str, Any]]:
    """The kept rows of the per-story extras of the named stories (all by default): extra key -> row."""
    found = ((sid, _undump(body)) for sid, body in store.load_pieces(RESULTS_ROWS, version, stories))
    return {sid: rows for sid, rows in found if isinstance(rows, dict)}


# --- other named pieces (e.g. the entity resolver's state, ``corpus.resolve_pieces``) -------------


def save_named(
    store: AnyStore, version: str, kind: str, pieces: Mapping[str, Any], *, full: bool = False
) -> int:
    """Keep named picklable pieces of one kind (a None value deletes that piece); return how many.

    ``full``: the pieces are the whole state, what was kept of this kind before is dropped first.
    """
    items = ((kind, name, None if value is None else _dump(value)) for name, value in pieces.items())
    return store.save_pieces(version, items, clear=(kind,) if full else ())


def fetcher(store: AnyStore, version: str, kind: str) -> Callable[[Sequence[str]], dict[str, Any]]:
    """A fetch for a lazily read state: the kept values of the named pieces of one kind (absent: left out)."""

    def fetch(names: Sequence[str]) -> dict[str, Any]:
        return {name: pickle.loads(body) for name, body in store.load_pieces(kind, version, names)}

    return fetch


# --- the story index ----------------------------------------------------------------------------


class LazyRows(dict[K, V]):
    """A dict that fetches missing keys when first looked up (``rows[key]``) or asked for (``want``).

    ``fetch`` receives the missing keys and fills this mapping (and any sibling it loads with it).
    """

    def __init__(self, fetch: Callable[[list[K]], None]) -> None:
        super().__init__()
        self._fetch = fetch

    def __missing__(self, key: K) -> V:
        self._fetch([key])
        return dict.__getitem__(self, key)

    def want(self, keys: Iterable[K]) -> None:
        """Fetch those of ``keys`` not held yet, in one go."""
        missing = [key for key in keys if not dict.__contains__(self, key)]
        if missing:
            self._fetch(missing)

    def __reduce__(self) -> Any:
        raise TypeError("a lazily loaded index is saved in pieces (save_index), not pickled whole")


def _prior_digest(prior: DocumentFrequencies) -> str:
    """Name the document-frequency prior an index weighs with (a kept index is only valid with it)."""
    text = repr((prior.documents, sorted(prior.counts.items())))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


_PRIOR_DIGESTS: dict[int, tuple[DocumentFrequencies, str]] = {}


def _digest_of(prior: DocumentFrequencies) -> str:
    """The prior's digest, computed once per prior object."""
    found = _PRIOR_DIGESTS.get(id(prior))
    if found is None or found[0] is not prior:
        found = _PRIOR_DIGESTS[id(prior)] = (prior, _prior_digest(prior))
    return found[1]


def _level(centroids: _Centroids) -> dict[str, Any]:
    """What a cluster level keeps in the head: posting lists, numbering, norms, storylines."""
    return {
        "postings": dict(centroids.postings),
        "names": centroids.names,
        "norms": centroids.norms,
        "owners": centroids.owners,
        "limit": centroids.posting_limit,
    }


def _cluster_body(cluster: _Cluster) -> bytes:
    """One cluster's piece."""
    return _dump(
        (
            cluster.members,
            cluster.centroid,
            cluster.norm2,
            cluster.norm,
            cluster.first_day,
            cluster.last_day,
            cluster.story,
        )
    )


def save_index(store: AnyStore, version: str, index: StoryIndex, *, full: bool = True) -> int:
    """Keep a story index: all of it, or (``full=False``) the head and what changed since it was loaded.

    Either way the index then counts as saved: a later ``full=False`` save writes only what changes
    after this one. Returns how many pieces were written.
    """
    head = {
        "params": asdict(index.params),
        "prior": _digest_of(index.vocabulary.prior),
        "documents": index.vocabulary.documents,
        "df": dict(index.vocabulary.df),
        "events": _level(index.events),
        "stories": _level(index.stories),
        "placement": [astuple(p) for p in index.placement.values()],
        "days": index.days,
    }
    if full:  # a kept index read in pieces: fetch what was never looked up
        want(index.events.clusters, index.events.names)
        want(index.stories.clusters, index.stories.names)
        want(index.vectors, index.placement)
    events = index.events.names if full else [c for c in index.events.names if c in index.events.touched]
    stories = index.stories.names if full else [c for c in index.stories.names if c in index.stories.touched]
    articles = list(index.placement) if full else index.recorded

    def pieces() -> Iterator[Piece]:
        yield INDEX_HEAD, _HEAD_KEY, _dump(head)
        for cid in events:
            yield INDEX_EVENT, cid, _cluster_body(index.events.clusters[cid])
        for cid in stories:
            yield INDEX_STORY, cid, _cluster_body(index.stories.clusters[cid])
        for aid in articles:
            yield INDEX_ARTICLE, aid, _dump((index.event_vectors[aid], index.vectors[aid], index.titles[aid]))

    written = store.save_pieces(version, pieces(), clear=INDEX_KINDS if full else ())
    index.events.touched.clear()
    index.stories.touched.clear()
    index.recorded.clear()
    return written


def _fill_level(centroids: _Centroids, level: Mapping[str, Any], fetch: Callable[[list[str]], None]) -> None:
    """Restore a cluster level's head and let its clusters load on first lookup."""
    centroids.postings = defaultdict(dict, level["postings"])
    centroids.names = list(level["names"])
    centroids.numbers = {cid: number for number, cid in enumerate(centroids.names)}
    centroids.norms = list(level["norms"])
    centroids.owners = list(level["owners"])
    centroids.posting_limit = int(level["limit"])
    centroids.clusters = LazyRows(fetch)


def _cluster_loader(
    store: AnyStore, version: str, kind: str, clusters: Callable[[], dict[str, _Cluster]]
) -> Any:
    """A fetch for ``LazyRows`` that reads cluster pieces of one kind."""

    def fetch(keys: list[str]) -> None:
        into = clusters()
        for cid, body in store.load_pieces(kind, version, keys):
            members, centroid, norm2, norm, first, last, story = pickle.loads(body)
            into[cid] = _Cluster(cid, members, centroid, norm2, norm, first, last, story)

    return fetch


def load_index(store: AnyStore, version: str, prior: DocumentFrequencies | None = None) -> StoryIndex | None:
    """Read a kept story index's head; its clusters and articles load when first needed. None if absent.

    None too when the pieces do not match the head (a save by other code) or the index was built
    with another document-frequency prior. The store must stay open while the index is used.
    """
    head = _head(store, INDEX_HEAD, version)
    if not isinstance(head, dict):
        return None
    prior = prior if prior is not None else load_prior()
    if head["prior"] != _digest_of(prior):
        return None
    counts = (len(head["events"]["names"]), len(head["stories"]["names"]), len(head["placement"]))
    found = tuple(len(store.piece_keys(kind, version)) for kind in (INDEX_EVENT, INDEX_STORY, INDEX_ARTICLE))
    if found != counts:
        return None
    index = StoryIndex(StoryParams(**head["params"]), prior)
    index.vocabulary.documents = int(head["documents"])
    index.vocabulary.df = Counter(head["df"])
    _fill_level(
        index.events,
        head["events"],
        _cluster_loader(store, version, INDEX_EVENT, lambda: index.events.clusters),
    )
    _fill_level(
        index.stories,
        head["stories"],
        _cluster_loader(store, version, INDEX_STORY, lambda: index.stories.clusters),
    )
    index.placement = {row[0]: Placement(*row) for row in head["placement"]}
    index.days = dict(head["days"])

    def fetch_articles(keys: list[str]) -> None:
        for aid, body in store.load_pieces(INDEX_ARTICLE, version, keys):
            event_vector, story_vector, title = pickle.loads(body)
            dict.__setitem__(index.event_vectors, aid, event_vector)
            dict.__setitem__(index.vectors, aid, story_vector)
            dict.__setitem__(index.titles, aid, title)

    index.event_vectors = LazyRows(fetch_articles)
    index.vectors = LazyRows(fetch_articles)
    index.titles = LazyRows(fetch_articles)
    return index


def load_whole(index: StoryIndex) -> StoryIndex:
    """Fetch every cluster and article of a lazily loaded index into plain dicts (to pickle it whole)."""
    for level in (index.events, index.stories):
        want(level.clusters, level.names)
        level.clusters = dict(level.clusters)
    want(index.vectors, list(index.placement))
    index.vectors, index.event_vectors, index.titles = (
        dict(index.vectors),
        dict(index.event_vectors),
        dict(index.titles),
    )
    return index


# --- entities and the resolver ------------------------------------------------------------------

ENTITY, RESOLVER = "entity", "resolve"


def save_entities(
    store: AnyStore, version: str, entities: Iterable[Entity], removed: Iterable[str] = (), *, full: bool
) -> int:
    """Keep resolved entities one piece each: all (``full``), or the changed ones and the ``removed`` ids."""
    pieces: dict[str, Entity | None] = dict.fromkeys(removed)
    pieces.update((entity.id, entity) for entity in entities)
    return save_named(store, version, ENTITY, pieces, full=full)


def load_entities(store: AnyStore, version: str) -> dict[str, Entity]:
    """Every kept entity by id."""
    return {eid: _undump(body) for eid, body in store.load_pieces(ENTITY, version)}
