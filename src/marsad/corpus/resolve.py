"""Cross-article entity resolution: every way the corpus names one actor becomes one entity.

"خليل", "بخليل", "الوزير سامي خليل" and a transliteration variant are one man; "جون X" and
"جون Y" are two. Mentions are reduced to a matching key (normalised words, clitics and titles
stripped), keys that are transliteration variants are merged, then a short form (a surname or
first name alone, or a name with a middle part missing) joins the one longer name that contains
it, and stays apart when two different longer names contain it.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

from marsad.arabic.normalise import normalise
from marsad.arabic.tokens import clitic_variants, split_clitics
from marsad.corpus.collector import without_collector
from marsad.corpus.model import Corpus, Entity, MentionRef
from marsad.document import Article, Mention
from marsad.extract.ner.lexicon import load_lexicon
from marsad.pipeline import CorpusStage

# Words that qualify a title rather than name anyone ("اللواء المتقاعد", "الرئيس السابق").
_TITLE_MODIFIERS = frozenset(
    normalise(w)
    for w in (
        "المتقاعد",
        "السابق",
        "الأسبق",
        "الحالي",
        "الراحل",
        "المخلوع",
        "المنشق",
        "الركن",
        "أول",
        "الأول",
        "العام",
        "المكلف",
        "المنتخب",
        "الجديد",
        "عام",
    )
)
_TYPE_ORDER = {"PERSON": 0, "LOCATION": 1, "ORGANIZATION": 2, "MISC": 3}
_WORD = re.compile(r"[^\W_]+(?:[\u064B-\u065F\u0670\u0640][^\W_]*)*|\d+")
_LONG_VOWELS = str.maketrans("", "", "اويى")
_UNSEEN: tuple[tuple[str, ...], str] = ((), "")  # a memo's "not reduced yet" (a real key is never empty)


@dataclass(frozen=True, slots=True)
class _Occurrence:
    """One mention with the key it is matched by and the original text of its kept words."""

    article: str
    mention: Mention
    key: tuple[str, ...]
    display: str


def _titles() -> frozenset[str]:
    """Normalised titles and title modifiers that are stripped from the front of person names."""
    lexicon = load_lexicon()
    return lexicon.person_titles | _TITLE_MODIFIERS


def _strip_letters(word: str, count: int) -> str:
    """Drop ``count`` leading letters of an original word, with any diacritics on them."""
    i = 0
    while count > 0 and i < len(word):
        i += 1
        count -= 1
        while i < len(word) and (unicodedata.category(word[i]) == "Mn" or word[i] == "\u0640"):
            i += 1
    return word[i:]


def _display_word(orig: str, norm: str, stem: str) -> str:
    """Show a word without its conjunction or preposition but with its article ("وللأمم" -> "الأمم")."""
    if stem == norm or not norm.endswith(stem):
        return orig
    prefix = norm[: len(norm) - len(stem)]
    if prefix.endswith("ال"):
        return _strip_letters(orig, len(prefix) - 2)
    if prefix.endswith("لل"):
        return "ال" + _strip_letters(orig, len(prefix))
    return _strip_letters(orig, len(prefix))


def _stem_choice(norm: str, known: set[str]) -> str:
    """Pick the reading of a word to match by: a clitic-free reading the corpus uses elsewhere."""
    _, stem = split_clitics(norm)
    if stem != norm:
        return stem
    for variant in clitic_variants(norm)[1:]:
        if variant in known:
            return variant
    return norm


def _words(text: str) -> list[tuple[str, str]]:
    """Split a mention into (original word, normalised word) pairs."""
    return [(m.group(), normalise(m.group())) for m in _WORD.finditer(text)]


def _reduce(
    words: list[tuple[str, str]], type_: str, known: set[str], titles: frozenset[str]
) -> tuple[tuple[str, ...], str] | None:
    """Reduce a mention's words to its matching key and display name; None when only a title is left."""
    if type_ == "PERSON":
        while words and (words[0][1] in titles or split_clitics(words[0][1])[1] in titles):
            words = words[1:]
    if not words:
        return None
    key = tuple(_stem_choice(norm, known) for _, norm in words)
    display = " ".join([_display_word(*words[0], key[0])] + [orig for orig, _ in words[1:]])
    return key, display


def _same_word(a: str, b: str, first_names: frozenset[str]) -> bool:
    """Tell whether two name words are spellings of one name ("ريتشارد"/"رتشارد"), never two names."""
    if a == b:
        return True
    if a in first_names or b in first_names or min(len(a), len(b)) < 4:
        return False
    if a.translate(_LONG_VOWELS) == b.translate(_LONG_VOWELS) and len(a.translate(_LONG_VOWELS)) >= 3:
        return True
    return min(len(a), len(b)) >= 6 and Levenshtein.distance(a, b) <= 1


def _same_key(a: tuple[str, ...], b: tuple[str, ...], first_names: frozenset[str]) -> bool:
    """Two keys name the same thing when every word is the same or a transliteration variant."""
    return len(a) == len(b) and all(_same_word(x, y, first_names) for x, y in zip(a, b, strict=True))


def _contained(short: tuple[str, ...], long: tuple[str, ...], first_names: frozenset[str]) -> bool:
    """A short form names the same person as a longer name: one of its ends, or its ends alone."""
    if len(short) >= len(long):
        return False
    if len(short) == 1:
        return _same_word(short[0], long[-1], first_names) or _same_word(short[0], long[0], first_names)
    if not (_same_word(short[0], long[0], first_names) and _same_word(short[-1], long[-1], first_names)):
        return False
    j = 1
    for word in short[1:-1]:
        while j < len(long) - 1 and not _same_word(word, long[j], first_names):
            j += 1
        if j >= len(long) - 1:
            return False
        j += 1
    return True


class _Union:
    """Union-find over form indices; the smaller index is the root so results are stable."""

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


def _entity_id(type_: str, key: tuple[str, ...]) -> str:
    """A stable id from the type and the canonical key, so re-runs give the same ids."""
    digest = hashlib.sha1(f"{type_}|{' '.join(key)}".encode()).hexdigest()[:10]
    return f"{type_.lower()}-{digest}"


def spelling_keys(word: str) -> set[str]:
    """Index keys shared by any two words ``_same_word`` may accept: equal, same skeleton, one edit apart."""
    keys = {"=" + word}
    if len(word) >= 4:
        skeleton = word.translate(_LONG_VOWELS)
        if len(skeleton) >= 3:
            keys.add("s" + skeleton)
    if len(word) >= 6:  # Levenshtein <= 1: one word, less one letter, equals the other less one letter
        keys.add("d" + word)
        keys.update("d" + word[:i] + word[i + 1 :] for i in range(len(word)))
    return keys


class _WordIndex:
    """Find the forms whose word at one position may be a spelling of a given word (a superset)."""

    def __init__(self) -> None:
        self._keys: dict[str, set[int]] = defaultdict(set)

    def add(self, word: str, form: int) -> None:
        """Index form ``form`` under every spelling key of ``word``."""
        for key in spelling_keys(word):
            self._keys[key].add(form)

    def candidates(self, word: str) -> set[int]:
        """Return every indexed form one of whose keys ``word`` shares."""
        found: set[int] = set()
        for key in spelling_keys(word):
            hit = self._keys.get(key)
            if hit:
                found |= hit
        return found


def _merge_variants(
    forms: Sequence[tuple[str, ...]], types: Sequence[str], union: _Union, first_names: frozenset[str]
) -> None:
    """Join forms of one type and length whose words are all spellings of each other.

    Only forms with the same initials are compared (each word's first letter); within those, an
    index over the first word's spelling keys finds the candidates, so the cost stays near linear.
    """
    blocks: dict[tuple[str, int, str], list[int]] = defaultdict(list)
    for i, key in enumerate(forms):
        blocks[(types[i], len(key), "".join(w[:1] for w in key))].append(i)
    for members in blocks.values():
        if len(members) < 2:
            continue
        index = _WordIndex()
        for i in members:
            index.add(forms[i][0], i)
        for i in members:
            for j in sorted(index.candidates(forms[i][0])):
                if j > i and _same_key(forms[i], forms[j], first_names):
                    union.union(i, j)


def _join_short_forms(
    forms: Sequence[tuple[str, ...]], types: Sequence[str], union: _Union, first_names: frozenset[str]
) -> None:
    """Join each short person form to the one longer name containing it; leave it alone if several do.

    A candidate long form must share the short form's first word (or, for one word, its first or
    last word) as a spelling and, as before, an initial letter of its first or last word.
    """
    firsts, lasts = _WordIndex(), _WordIndex()
    for j, key in enumerate(forms):
        if types[j] == "PERSON" and len(key) > 1:
            firsts.add(key[0], j)
            lasts.add(key[-1], j)
    for i, short in enumerate(forms):
        if types[i] != "PERSON":
            continue
        if len(short) == 1:
            candidates = firsts.candidates(short[0]) | lasts.candidates(short[0])
        else:
            candidates = firsts.candidates(short[0]) & lasts.candidates(short[-1])
        initials = {short[0][:1], short[-1][:1]}
        roots = {
            union.find(j)
            for j in candidates
            if (forms[j][0][:1] in initials or forms[j][-1][:1] in initials)
            and _contained(short, forms[j], first_names)
        }
        roots.discard(union.find(i))
        if len(roots) == 1:
            union.union(i, roots.pop())


def resolve_mentions(articles: Sequence[Article]) -> tuple[Entity, ...]:
    """Group every mention of every article into entities."""
    lexicon = load_lexicon()
    titles = _titles()
    first_names = lexicon.first_names
    # Names repeat across thousands of articles: split and reduce each distinct one once.
    words: dict[str, list[tuple[str, str]]] = {}
    for a in articles:
        for m in a.mentions:
            if m.text not in words:
                words[m.text] = _words(m.text)
    known = {split_clitics(w)[1] for pairs in words.values() for _, w in pairs}
    reduced: dict[tuple[str, str], tuple[tuple[str, ...], str] | None] = {}
    occurrences = []
    for a in articles:
        for m in a.mentions:
            found = reduced.get((m.text, m.type), _UNSEEN)
            if found is _UNSEEN:
                found = reduced[(m.text, m.type)] = _reduce(words[m.text], m.type, known, titles)
            if found is not None:
                occurrences.append(_Occurrence(a.doc.id, m, *found))
    by_key: dict[tuple[str, ...], list[_Occurrence]] = defaultdict(list)
    for occ in occurrences:
        by_key[occ.key].append(occ)
    forms = sorted(by_key, key=lambda k: (-len(k), k))
    types = [_majority_type(by_key[k]) for k in forms]
    union = _Union(len(forms))
    _merge_variants(forms, types, union, first_names)
    _join_short_forms(forms, types, union, first_names)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(forms)):
        groups[union.find(i)].append(i)
    entities = [
        _entity(types[members[0]], [forms[i] for i in members], by_key) for members in groups.values()
    ]
    return tuple(sorted(entities, key=lambda e: (_TYPE_ORDER.get(e.type, 9), -len(e.mentions), e.id)))


def _majority_type(occurrences: Sequence[_Occurrence]) -> str:
    """The type most mentions of a form were tagged with (ties: person, place, organisation)."""
    counts = Counter(o.mention.type for o in occurrences)
    return min(counts, key=lambda t: (-counts[t], _TYPE_ORDER.get(t, 9), t))


def _entity(
    type_: str, keys: Sequence[tuple[str, ...]], by_key: dict[tuple[str, ...], list[_Occurrence]]
) -> Entity:
    """Build one entity: canonical name is the longest (then most frequent) form."""
    best = min(keys, key=lambda k: (-len(k), -len(by_key[k]), k))
    displays = Counter(o.display for o in by_key[best])
    name = min(displays, key=lambda d: (-displays[d], d))
    occs = sorted((o for k in keys for o in by_key[k]), key=lambda o: (o.article, o.mention.start))
    mentions = tuple(MentionRef(o.article, o.mention.start, o.mention.end, o.mention.text) for o in occs)
    aliases = tuple(sorted({o.mention.text for o in occs} | {o.display for o in occs}))
    return Entity(id=_entity_id(type_, best), name=name, type=type_, aliases=aliases, mentions=mentions)


def _run(corpus: Corpus) -> Corpus:
    """Stage body: fill ``Corpus.entities``."""
    return corpus.with_(entities=resolve_mentions(corpus.articles))


RESOLVE_STAGE = CorpusStage(
    name="resolve",
    run=without_collector(_run),
    requires=frozenset({"articles", "mentions"}),
    assigns=frozenset({"entities"}),
)
