"""Entity resolution kept between runs: new articles grow a kept state instead of a pass over the corpus.

A full resolution (``resolve.resolve_mentions``) is this state grown from empty. The state keeps
what the full pass would rebuild: each mention text's words and key (memoised), where every reading
(text, type) occurs, each key's readings and majority type, spelling indexes from key words to keys
(for variant and short-form matching), and the groups of keys that are entities, with the entity
built for each. Growing it with new articles:

- reads the new mention texts; a word stem the corpus had not used before may change the key an
  old text reduces to (``stem_choice``), so just the old texts using a word waiting on that stem
  are read again;
- adds the new mentions to their keys; keys that are new, gone or whose majority type changed are
  regrouped together with the whole groups they belonged to (``_regroup``), in the full pass's
  order (longest keys first), so the grouping is the full pass's: a region grows while a group
  outside it would be joined, or while a short form outside it would decide differently (join,
  or stop being joined when a new longer name makes it ambiguous);
- rebuilds only the entities of regrouped groups and of groups whose keys gained mentions.

So its cost follows the new mentions and the keys and groups they touch. Articles given to a grow
must be new (an id already added would count its mentions twice): a re-analysed article needs a
full pass. The one approximation left: a short form outside the region is judged again against
the final groups rather than the groups at its turn in the full pass (these differ only when two
forms of one length that are spellings of each other joined different longer names). Measured
with ``benchmarks/resolve.py`` on SaudiNewsNet (4,000 + 500 and 28,900 + 1,000 articles) and by the
random-split property test: no mention's entity differs from the full pass.

The state splits into string-keyed pieces (``resolve_pieces``): ``Growth.pieces`` names the ones
a grow changed or removed, and ``resolve_pieces.lazy_state`` reads only the pieces a grow touches.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from marsad.arabic.tokens import clitic_variants, split_clitics
from marsad.corpus.model import Entity, MentionRef
from marsad.corpus.resolve_names import (
    TYPE_ORDER,
    contained,
    entity_id,
    reduce_words,
    same_key,
    spelling_keys,
    title_words,
    words_of,
)
from marsad.document import Article
from marsad.extract.ner.lexicon import load_lexicon

Key = tuple[str, ...]
Reading = tuple[str, str]  # a mention's text and type: all a key is read from
Place = tuple[str, int, int, int]  # article id, start, end, the mention's position in its article
_PERSON = "PERSON"
_UNSEEN: tuple[Key, str] = ((), "")  # a reading not reduced yet (a real key is never empty)


@lru_cache(maxsize=1 << 18)
def _spellings(word: str) -> tuple[str, ...]:
    """A word's spelling keys, memoised: names repeat across the corpus and across runs."""
    return tuple(spelling_keys(word))


def _prefetch(state: ResolveState, names: Iterable[str]) -> None:
    """Let a lazily read state load the pieces about to be used in one go (a whole state ignores it)."""
    if state.prefetch is not None:
        state.prefetch(names)


def _order(key: Key) -> tuple[int, Key]:
    """The full pass's order of keys: longest first, then by words (earlier ones root a group)."""
    return (-len(key), key)


@dataclass
class ResolveState:
    """Everything a full resolution derives from the mentions, kept so new mentions can be added."""

    words: dict[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)  # text -> words
    known: set[str] = field(default_factory=set)  # clitic-free stems of every word seen
    waiting: dict[str, set[str]] = field(default_factory=dict)  # stem -> words whose key may become it
    texts: dict[str, set[str]] = field(default_factory=dict)  # a word in ``waiting`` -> texts using it
    reduced: dict[Reading, tuple[Key, str] | None] = field(default_factory=dict)  # reading -> key, display
    kinds: dict[str, set[str]] = field(default_factory=dict)  # text -> types it was read with
    places: dict[Reading, list[Place]] = field(default_factory=dict)
    readings: dict[Key, set[Reading]] = field(default_factory=dict)  # every live key's readings
    counts: dict[Key, int] = field(default_factory=dict)  # mentions per key
    types: dict[Key, str] = field(default_factory=dict)  # majority type per key
    group_of: dict[Key, Key] = field(default_factory=dict)  # key -> its group's first key
    members: dict[Key, tuple[Key, ...]] = field(default_factory=dict)  # group -> keys, in order
    joined: set[Key] = field(default_factory=set)  # short forms that joined a longer name
    entities: dict[Key, Entity] = field(default_factory=dict)  # group -> entity
    variants: dict[str, set[Key]] = field(default_factory=dict)  # length|initials|spelling of 1st word
    firsts: dict[str, set[Key]] = field(default_factory=dict)  # person names of 2+ words: 1st word
    lasts: dict[str, set[Key]] = field(default_factory=dict)  # person names of 2+ words: last word
    singles: dict[str, set[Key]] = field(default_factory=dict)  # one-word person names
    grown: bool = False  # some articles were added: a grow tracks the pieces it changes
    # a lazily read state (``resolve_pieces.lazy_state``): loads named pieces in one go before use
    prefetch: Callable[[Iterable[str]], None] | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Growth:
    """What one grow changed: entity ids now new or different, ids gone, and the state pieces touched.

    ``whole``: the state was empty, so every piece is new and ``pieces`` is left empty.
    """

    changed: frozenset[str]
    removed: frozenset[str]
    pieces: frozenset[str]
    whole: bool = False


class _Tracker:
    """Collect the names of the state pieces a grow writes."""

    def __init__(self, on: bool) -> None:
        self.names: set[str] = set()
        self.on = on

    def text(self, text: str) -> None:
        """Mark a text's piece."""
        if self.on:
            self.names.add("t:" + text)

    def key(self, key: Key) -> None:
        """Mark a key's piece."""
        if self.on:
            self.names.add("k:" + " ".join(key))

    def group(self, key: Key) -> None:
        """Mark a group's piece."""
        if self.on:
            self.names.add("g:" + " ".join(key))

    def index(self, entry: str) -> None:
        """Mark an index entry's piece."""
        if self.on:
            self.names.add("i:" + entry)

    def word(self, word: str) -> None:
        """Mark a word's piece."""
        if self.on:
            self.names.add("w:" + word)


def grow(state: ResolveState, articles: Sequence[Article]) -> Growth:
    """Add new articles' mentions to the state in place: the result equals a full pass over all of them."""
    first_names = load_lexicon().first_names
    titles = title_words()
    track = _Tracker(on=state.grown)  # a first pass writes every piece
    state.grown = True
    dirty: set[Key] = set()  # keys to regroup: new, gone, re-typed
    touched: set[Key] = set()  # keys whose mentions changed
    old_types: dict[Key, str] = {}
    fresh: dict[Key, list[tuple[str, int, int, int, str]]] = {}  # key -> new (article, start, seq, end, text)
    _prefetch(state, ("t:" + m.text for a in articles for m in a.mentions))
    _read_new_texts(state, articles, titles, dirty, touched, old_types, track)
    keys: set[Key] = set()
    for a in articles:
        for m in a.mentions:
            found = state.reduced.get((m.text, m.type), _UNSEEN)
            if found is _UNSEEN:
                found = state.reduced[(m.text, m.type)] = reduce_words(
                    state.words[m.text], m.type, state.known, titles
                )
                state.kinds.setdefault(m.text, set()).add(m.type)
                track.text(m.text)
            if found is not None:
                keys.add(found[0])
    _prefetch(state, ("k:" + " ".join(key) for key in keys))
    for a in articles:
        for seq, m in enumerate(a.mentions):
            reading = (m.text, m.type)
            found = state.reduced[reading]
            if found is None:
                continue
            state.places.setdefault(reading, []).append((a.doc.id, m.start, m.end, seq))
            track.text(m.text)
            key = found[0]
            if key not in state.readings:
                state.readings[key] = set()
                state.counts[key] = 0
                dirty.add(key)
            state.readings[key].add(reading)
            state.counts[key] += 1
            touched.add(key)
            if track.on:  # a first pass builds every entity afresh
                fresh.setdefault(key, []).append((a.doc.id, m.start, seq, m.end, m.text))
    _retype(state, touched | dirty, dirty, old_types, track)
    _prefetch(
        state, ("g:" + " ".join(g) for k in touched | dirty if (g := state.group_of.get(k)) is not None)
    )
    before = {
        g: e for k in touched | dirty if (g := state.group_of.get(k)) is not None for e in [state.entities[g]]
    }
    regrouped = _regroup(state, dirty, old_types, first_names, track, before) if dirty else set()
    rebuilt = {state.group_of[k] for k in touched if k in state.group_of} | regrouped
    old_by_id = {e.id: e for e in before.values()}
    changed = set()
    for group in rebuilt:
        old = before.get(group) if group not in regrouped else None
        entity = _entity(state, group) if old is None else _entity_grown(state, group, old, fresh)
        state.entities[group] = entity
        track.group(group)
        if old_by_id.pop(entity.id, None) != entity:
            changed.add(entity.id)
    return Growth(frozenset(changed), frozenset(old_by_id), frozenset(track.names), whole=not track.on)


def _read_new_texts(
    state: ResolveState,
    articles: Sequence[Article],
    titles: frozenset[str],
    dirty: set[Key],
    touched: set[Key],
    old_types: dict[Key, str],
    track: _Tracker,
) -> None:
    """Split new texts into words; re-read old texts whose key waits on a stem now seen."""
    fresh: set[str] = set()
    for a in articles:
        for m in a.mentions:
            if m.text not in state.words:
                state.words[m.text] = tuple(words_of(m.text))
                fresh.add(m.text)
                track.text(m.text)
    stems: set[str] = set()
    words = {norm for text in fresh for _, norm in state.words[text]}
    _prefetch(state, ("w:" + w for norm in words for w in {norm, *clitic_variants(norm)}))
    waits: dict[str, bool] = {}  # each word once: may its key change later?
    for text in fresh:
        for _, norm in state.words[text]:
            waiting = waits.get(norm)
            if waiting is None:
                waiting = waits[norm] = _note_word(state, norm, stems, track)
            if waiting:  # keep the texts using the word: their key may change later
                state.texts.setdefault(norm, set()).add(text)
                track.word(norm)
    state.known.update(stems)
    for stem in stems:
        track.word(stem)
    again = {text for stem in stems for norm in state.waiting.get(stem, ()) for text in state.texts[norm]}
    _prefetch(state, ("t:" + text for text in again))
    for text in sorted(again - fresh):
        for type_ in sorted(state.kinds.get(text, ())):
            _reread(state, (text, type_), titles, dirty, touched, old_types, track)


def _note_word(state: ResolveState, norm: str, stems: set[str], track: _Tracker) -> bool:
    """Note a word's stem as seen and the stems its key waits on; tell whether it waits on any."""
    stem = split_clitics(norm)[1]
    if stem not in state.known:
        stems.add(stem)
    variants = clitic_variants(norm)[1:] if stem == norm else ()
    for variant in variants:
        state.waiting.setdefault(variant, set()).add(norm)
        track.word(variant)
    return bool(variants)


def _reread(
    state: ResolveState,
    reading: Reading,
    titles: frozenset[str],
    dirty: set[Key],
    touched: set[Key],
    old_types: dict[Key, str],
    track: _Tracker,
) -> None:
    """Reduce an old reading again; move its mentions when its key changed."""
    old = state.reduced[reading]
    new = reduce_words(state.words[reading[0]], reading[1], state.known, titles)
    if new == old:
        return
    state.reduced[reading] = new
    track.text(reading[0])
    count = len(state.places.get(reading, ()))
    if old is not None and count:
        key = old[0]
        old_types.setdefault(key, state.types[key])
        state.readings[key].discard(reading)
        state.counts[key] -= count
        dirty.add(key)
        touched.add(key)
    if new is not None and count:
        key = new[0]
        if key not in state.readings:
            state.readings[key] = set()
            state.counts[key] = 0
        state.readings[key].add(reading)
        state.counts[key] += count
        dirty.add(key)
        touched.add(key)


def _majority(state: ResolveState, key: Key) -> str:
    """The type most mentions of a key were tagged with (ties: person, place, organisation)."""
    counts: Counter[str] = Counter()
    for reading in state.readings[key]:
        counts[reading[1]] += len(state.places[reading])
    return min(counts, key=lambda t: (-counts[t], TYPE_ORDER.get(t, 9), t))


def _retype(
    state: ResolveState, keys: Iterable[Key], dirty: set[Key], old_types: dict[Key, str], track: _Tracker
) -> None:
    """Settle each changed key's type and index entries; a gone or re-typed key is regrouped."""
    for key in sorted(keys, key=_order):
        live = bool(state.readings.get(key))
        before = state.types.get(key)
        if before is not None:
            old_types.setdefault(key, before)
        after = _majority(state, key) if live else None
        track.key(key)
        if before == after:
            continue
        dirty.add(key)
        if before is not None:
            _index(state, key, before, add=False, track=track)
        if after is None:
            state.readings.pop(key, None)
            state.counts.pop(key, None)
            state.types.pop(key, None)
        else:
            state.types[key] = after
            _index(state, key, after, add=True, track=track)


def _variant_entries(key: Key) -> tuple[str, ...]:
    """Index entries of a key among keys of its length and initials (the full pass's variant blocks)."""
    block = f"{len(key)}|{''.join(w[:1] for w in key)}|"
    return tuple(block + s for s in _spellings(key[0]))


def _index(state: ResolveState, key: Key, type_: str, *, add: bool, track: _Tracker) -> None:
    """Add a key to (or drop it from) the spelling indexes its type puts it in."""
    tables = [(state.variants, "v", _variant_entries(key))]
    if type_ == _PERSON and len(key) > 1:
        tables += [(state.firsts, "f", _spellings(key[0])), (state.lasts, "l", _spellings(key[-1]))]
    elif type_ == _PERSON:
        tables.append((state.singles, "s", _spellings(key[0])))
    _prefetch(state, ("i:" + mark + entry for _, mark, entries in tables for entry in entries))
    for table, mark, entries in tables:
        for entry in entries:
            if track.on:
                track.index(mark + entry)
            if add:
                bucket = table.get(entry)
                if bucket is None:
                    table[entry] = {key}
                else:
                    bucket.add(key)
                continue
            bucket = table.get(entry)
            if bucket is not None:
                bucket.discard(key)
                if not bucket:
                    del table[entry]


def _look(state: ResolveState, mark: str, word: str) -> set[Key]:
    """Every key indexed under a spelling key ``word`` shares."""
    found: set[Key] = set()
    for hit in _buckets(state, mark, word):
        found |= hit
    return found


def _variants_of(state: ResolveState, key: Key, first_names: frozenset[str]) -> list[Key]:
    """Keys of the same type that are spellings of ``key`` word by word."""
    found: set[Key] = set()
    entries = _variant_entries(key)
    _prefetch(state, ("i:v" + entry for entry in entries))
    for entry in entries:
        hit = state.variants.get(entry)
        if hit:
            found |= hit
    _prefetch(state, ("k:" + " ".join(k) for k in found))
    type_ = state.types[key]
    return [k for k in found if k != key and state.types[k] == type_ and same_key(key, k, first_names)]


def _longer(state: ResolveState, short: Key, first_names: frozenset[str]) -> Iterator[Key]:
    """Longer person names holding a short person form (repeats possible), found by its rarer end word."""
    if len(short) == 1:
        buckets = _buckets(state, "f", short[0]) + _buckets(state, "l", short[0])
    else:
        firsts, lasts = _buckets(state, "f", short[0]), _buckets(state, "l", short[-1])
        buckets = firsts if sum(map(len, firsts)) <= sum(map(len, lasts)) else lasts
    initials = {short[0][:1], short[-1][:1]}
    for bucket in buckets:
        for k in bucket:
            if (k[0][:1] in initials or k[-1][:1] in initials) and contained(short, k, first_names):
                yield k


def _buckets(state: ResolveState, mark: str, word: str) -> list[set[Key]]:
    """The entries of one person index (``f``, ``l``, ``s``) a word's spelling keys find."""
    table = {"f": state.firsts, "l": state.lasts, "s": state.singles}[mark]
    entries = _spellings(word)
    _prefetch(state, ("i:" + mark + entry for entry in entries))
    return [hit for entry in entries if (hit := table.get(entry))]


def _shorter(state: ResolveState, long: Key, first_names: frozenset[str]) -> list[Key]:
    """Short person forms a longer name contains (the forms whose choice it takes part in)."""
    found = _look(state, "s", long[0]) | _look(state, "s", long[-1])
    found |= {k for k in _look(state, "f", long[0]) & _look(state, "l", long[-1]) if len(k) < len(long)}
    return [
        k
        for k in found
        if (long[0][:1] in {k[0][:1], k[-1][:1]} or long[-1][:1] in {k[0][:1], k[-1][:1]})
        and contained(k, long, first_names)
    ]


class _Union:
    """Union-find over a region's keys by rank; the smaller rank is the root so results are stable."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        """Return the root of ``i``."""
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        """Join the groups of ``a`` and ``b``."""
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _group_keys(state: ResolveState, key: Key) -> tuple[Key, ...]:
    """Every live key of the group ``key`` is in (just itself when it has none yet)."""
    group = state.group_of.get(key)
    return (key,) if group is None else tuple(k for k in state.members[group] if k in state.types)


def _regroup(
    state: ResolveState,
    dirty: set[Key],
    old_types: dict[Key, str],
    first_names: frozenset[str],
    track: _Tracker,
    dropped: dict[Key, Entity],
) -> set[Key]:
    """Regroup the dirty keys with every group they touch, as the full pass would; return new groups."""
    region: set[Key] = set()
    pending = {k for key in dirty for k in _group_keys(state, key) if k in state.types}  # a gone key too
    variants: dict[Key, list[Key]] = {}  # the variant relation does not change while regrouping
    probes = [k for k in dirty if len(k) > 1 and old_types.get(k) == _PERSON != state.types.get(k)]
    while True:
        while pending:  # a region holds every variant of its keys, with the groups of those
            key = pending.pop()
            region.add(key)
            found = variants[key] = _variants_of(state, key, first_names)
            pending.update(
                k
                for other in found
                if other not in region
                for k in _group_keys(state, other)
                if k not in region
            )
        forms = sorted(region, key=_order)
        rank = {k: i for i, k in enumerate(forms)}
        union = _Union(len(forms))
        for i, key in enumerate(forms):
            for other in variants[key]:
                union.union(i, rank[other])
        joined: set[Key] = set()
        more: set[Key] = set()
        for i, key in enumerate(forms):
            if state.types[key] != _PERSON:
                continue
            roots = _roots(state, key, rank, union, first_names, union.find(i))
            if len(roots) == 1:
                root = roots.pop()
                if isinstance(root, int):
                    union.union(i, root)
                    joined.add(key)
                else:
                    more.update(k for k in state.members[root] if k in state.types)
        if not more and track.on:  # a first pass regroups every key: nothing lies outside
            more = _boundary(state, forms, probes, rank, union, first_names)
        if not more:
            return _commit(state, forms, union, joined, dirty, track, dropped)
        pending = more - region


def _roots(
    state: ResolveState,
    short: Key,
    rank: dict[Key, int],
    union: _Union,
    first_names: frozenset[str],
    own: int | Key,
) -> set[int | Key]:
    """Groups other than ``own`` of the longer names holding ``short``, up to two (one: it joins)."""
    roots: set[int | Key] = set()
    for k in _longer(state, short, first_names):
        root = union.find(rank[k]) if k in rank else state.group_of[k]
        if root != own:
            roots.add(root)
            if len(roots) > 1:
                break
    return roots


def _boundary(
    state: ResolveState,
    forms: Sequence[Key],
    probes: Sequence[Key],
    rank: dict[Key, int],
    union: _Union,
    first_names: frozenset[str],
) -> set[Key]:
    """Groups outside the region holding a short form whose choice the region's new grouping changes."""
    more: set[Key] = set()
    longs = [k for k in forms if len(k) > 1 and state.types[k] == _PERSON] + list(probes)
    seen: set[Key] = set()
    for long in longs:
        for short in _shorter(state, long, first_names):
            if short in rank or short in seen:
                continue
            seen.add(short)
            if short in state.joined:
                more.update(_group_keys(state, short))
                continue
            if len(_roots(state, short, rank, union, first_names, state.group_of[short])) == 1:
                more.update(_group_keys(state, short))
    return more


def _commit(
    state: ResolveState,
    forms: Sequence[Key],
    union: _Union,
    joined: set[Key],
    dirty: set[Key],
    track: _Tracker,
    dropped: dict[Key, Entity],
) -> set[Key]:
    """Replace the region's old groups by the new ones; return the new groups' first keys."""
    for key in [*forms, *dirty]:
        old = state.group_of.pop(key, None)
        if old is not None and old in state.members:
            del state.members[old]
            dropped[old] = state.entities.pop(old)
            track.group(old)
        state.joined.discard(key)
        track.key(key)
    groups: dict[int, list[Key]] = {}
    for i, key in enumerate(forms):
        groups.setdefault(union.find(i), []).append(key)
    for keys in groups.values():
        state.members[keys[0]] = tuple(keys)
        for key in keys:
            state.group_of[key] = keys[0]
    state.joined |= joined
    return {keys[0] for keys in groups.values()}


def _entity(state: ResolveState, group: Key) -> Entity:
    """Build one entity: canonical name is the longest (then most frequent) form."""
    keys = state.members[group]
    best = min(keys, key=lambda k: (-len(k), -state.counts[k], k))
    if len(keys) == 1 and len(state.readings[best]) == 1:
        (only,) = state.readings[best]
        text = only[0]
        ordered = sorted(state.places[only])  # one text: (article, start) ties share the end
        mentions = tuple(MentionRef(a, start, end, text) for a, start, end, _ in ordered)
    else:
        occurrences = [
            (a, start, rank, seq, end, reading[0])
            for rank, key in enumerate(keys)
            for reading in state.readings[key]
            for a, start, end, seq in state.places[reading]
        ]
        occurrences.sort()
        mentions = tuple(MentionRef(a, start, end, text) for a, start, _, _, end, text in occurrences)
    type_ = state.types[keys[0]]
    return Entity(
        id=entity_id(type_, best),
        name=_name(state, best),
        type=type_,
        aliases=_aliases(state, keys),
        mentions=mentions,
    )


def _entity_grown(
    state: ResolveState, group: Key, old: Entity, fresh: dict[Key, list[tuple[str, int, int, int, str]]]
) -> Entity:
    """Rebuild an entity whose keys only gained mentions of new articles: the old mentions are kept."""
    keys = state.members[group]
    best = min(keys, key=lambda k: (-len(k), -state.counts[k], k))
    added = sorted(
        (a, start, rank, seq, end, text)
        for rank, key in enumerate(keys)
        for a, start, seq, end, text in fresh.get(key, ())
    )
    mentions = list(old.mentions)
    for a, start, _, _, end, text in added:  # in order, so a tie lands after the earlier mention
        at = bisect_right(mentions, (a, start), key=lambda m: (m.article, m.start))
        mentions.insert(at, MentionRef(a, start, end, text))
    return Entity(
        id=entity_id(old.type, best),
        name=_name(state, best),
        type=old.type,
        aliases=_aliases(state, keys),
        mentions=tuple(mentions),
    )


def _aliases(state: ResolveState, keys: Sequence[Key]) -> tuple[str, ...]:
    """Every text the group's mentions read and every display they reduce to, sorted."""
    aliases = set()
    for key in keys:
        for reading in state.readings[key]:
            found = state.reduced[reading]
            assert found is not None
            aliases.add(reading[0])
            aliases.add(found[1])
    return tuple(sorted(aliases))


def _name(state: ResolveState, best: Key) -> str:
    """The display the canonical key's mentions most often read as."""
    displays: Counter[str] = Counter()
    for reading in state.readings[best]:
        found = state.reduced[reading]
        assert found is not None
        displays[found[1]] += len(state.places[reading])
    return min(displays, key=lambda d: (-displays[d], d))


def entities_of(state: ResolveState) -> tuple[Entity, ...]:
    """Every entity of the state in the stage's order."""
    return entity_order(state.entities.values())


def entity_order(entities: Iterable[Entity]) -> tuple[Entity, ...]:
    """Entities in the stage's order: people first, then by mentions, then id (a kept list re-sorted too)."""
    return tuple(sorted(entities, key=lambda e: (TYPE_ORDER.get(e.type, 9), -len(e.mentions), e.id)))


def changed_entities(state: ResolveState, growth: Growth) -> tuple[Entity, ...]:
    """The entities a grow made or changed (every entity after a first pass), without a corpus-wide scan."""
    if growth.whole:
        return entities_of(state)
    groups = (tuple(name[2:].split(" ")) for name in growth.pieces if name.startswith("g:"))
    found = (state.entities.get(group) for group in groups)
    return tuple(e for e in found if e is not None and e.id in growth.changed)
