"""How each outlet frames each actor: the labels it gives them, the verbs it reports them with.

For every story, every actor and every article mentioning it: the titles right before the name
("اللواء المتقاعد" / "المشير"), the labels of the actor's forces ("ميليشيات X", "الجيش الوطني
بقيادة X"), the reporting verbs the article uses for the actor's words (from its quotes) and which
of them distance the outlet (زعم، ادعى), hedges next to the name (المزعوم، ما يسمى), and the loaded
terms in the sentences that mention the actor. ``outlet_profiles`` sums the same per outlet over the
whole corpus.
"""

from __future__ import annotations

import bisect
import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from importlib import resources

from marsad.arabic.normalise import normalise
from marsad.corpus.collector import without_collector
from marsad.corpus.framing_lexicon import FramingLexicon, Match, load_framing_lexicon, word_key
from marsad.corpus.model import Corpus, Entity, Framing, Story
from marsad.document import Article, Span, Token
from marsad.extract.speech_lexicon import load_lexicon as load_speech
from marsad.pipeline import CorpusStage

# How far before a name a title may stand (one word between: "الرئيس السوري X"), and how far a
# force label may stand when a link word ties it to the leader ("قوات الجيش الليبي بقيادة المشير X").
TITLE_GAP = 1
LINKED_FORCE_GAP = 4
HEDGE_GAP = 2
_WINDOW = 8
# Force labels too general to report when a more telling one names the same forces.
_GENERIC_FORCES = frozenset({"قوات", "الجيش", "جنود", "عناصر"})
FRAMING_PARTS = "framing_parts"  # extra: story id -> article id -> its FramePart values
STANCES = ("neutral", "assertive", "distancing", "denial")


@dataclass(slots=True)
class ActorFrame:
    """What one article says around one actor, accumulated over its mentions."""

    labels: list[str] = field(default_factory=list)
    hedges: list[str] = field(default_factory=list)
    verbs: list[str] = field(default_factory=list)
    stances: list[str] = field(default_factory=list)
    loaded: Counter[str] = field(default_factory=Counter)
    neutral: set[str] = field(default_factory=set)  # loaded-term labels of the neutral class (قوات، حكومة)

    def add(self, bucket: list[str], item: str) -> None:
        """Append an item once, keeping first-seen order."""
        if item not in bucket:
            bucket.append(item)

    def empty(self) -> bool:
        """Tell whether nothing framing-relevant was found."""
        return not (self.labels or self.hedges or self.verbs or self.judging())

    def judging(self) -> list[str]:
        """Terms that carry a judgement (not the neutral counterparts), most frequent first."""
        return [term for term, _ in self.loaded.most_common() if term not in self.neutral]


class ArticleTokens:
    """An article's tokens grouped by sentence, to read the words around a mention."""

    def __init__(self, article: Article) -> None:
        self.article = article
        self.tokens = article.tokens
        self.starts = [t.start for t in article.tokens]
        spans = article.sentences or (Span(0, len(article.text)),)
        self.sentence_starts = [s.start for s in spans]
        self.sentences = spans
        self._scans: dict[tuple[int, int], dict[str, list[Match]]] = {}
        self._reported: list[tuple[int, int, str, str]] | None = None
        self._speaker_starts: list[int] = []
        self._longest_speaker = 0
        self._order: list[int] = []

    def reported(self) -> list[tuple[int, int, str, str]]:
        """Speaker span, verb lemma and stance of every quote with a known verb, read once for all actors."""
        if self._reported is None:
            speech = load_speech()
            found = []
            for quote in self.article.quotes:
                if not quote.verb or quote.speaker_start is None or quote.speaker_end is None:
                    continue
                verb = speech.verb(normalise(quote.verb))
                if verb is not None:
                    found.append((quote.speaker_start, quote.speaker_end, verb.lemma, verb.stance))
            self._reported = found
            self._order = sorted(range(len(found)), key=lambda i: found[i][0])
            self._speaker_starts = [found[i][0] for i in self._order]
            self._longest_speaker = max((q1 - q0 for q0, q1, _, _ in found), default=0)
        return self._reported

    def reported_by(self, spans: Sequence[tuple[int, int]]) -> list[tuple[int, int, str, str]]:
        """The reported quotes whose speaker overlaps one of ``spans``, in the article's quote order."""
        reported = self.reported()
        if not reported:
            return []
        starts, order, hits = self._speaker_starts, self._order, set()
        for s, e in spans:
            lo = bisect.bisect_left(starts, s - self._longest_speaker)
            for k in range(lo, bisect.bisect_left(starts, e)):
                q0, q1 = reported[order[k]][:2]
                if min(q1, e) > max(q0, s):
                    hits.add(order[k])
        return [reported[i] for i in sorted(hits)]

    def scan(self, lo: int, hi: int, lex: FramingLexicon) -> dict[str, list[Match]]:
        """Every lexicon match in the sentence of tokens ``[lo, hi)``, read once for all its actors."""
        key = (lo, hi)
        if key not in self._scans:
            self._scans[key] = lex.scan(self.tokens, lo, hi)
        return self._scans[key]

    def sentence_of(self, start: int, end: int) -> tuple[int, int, int, int] | None:
        """Token range of the sentence holding ``[start, end)`` and of the mention inside it."""
        k = bisect.bisect_right(self.sentence_starts, start) - 1
        if k < 0:
            return None
        sentence = self.sentences[k]
        lo = bisect.bisect_left(self.starts, sentence.start)
        hi = bisect.bisect_left(self.starts, max(sentence.end, end))
        ms = bisect.bisect_left(self.starts, start)
        if ms > 0 and self.tokens[ms - 1].end > start:
            ms -= 1
        me = bisect.bisect_left(self.starts, end)
        if me <= ms:
            return None
        return lo, hi, ms, me


def _clean_gap(tokens: Sequence[Token]) -> bool:
    """Tell whether the words between a label and a name hold no punctuation."""
    return all(t.is_word for t in tokens)


def labels_before(view: ArticleTokens, lo: int, hi: int, ms: int, lex: FramingLexicon) -> list[Match]:
    """Titles and force labels standing before a mention (token ``ms``) within its sentence."""
    tokens = view.tokens
    scan = view.scan(lo, hi, lex)
    found = []
    for m in scan["title"] + scan["force"]:
        if m.end > ms or m.start < ms - _WINDOW:
            continue
        gap = tokens[m.end : ms]
        if not _clean_gap(gap):
            continue
        linked = len(gap) <= LINKED_FORCE_GAP and any(word_key(t.norm) in lex.links for t in gap)
        if (m.kind == "title" and len(gap) <= TITLE_GAP) or (m.kind == "force" and (not gap or linked)):
            found.append(m)
    forces = [m for m in found if m.kind == "force"]
    if len(forces) > 1 and any(m.label not in _GENERIC_FORCES for m in forces):
        found = [m for m in found if m.kind != "force" or m.label not in _GENERIC_FORCES]
    return found


def hedges_near(view: ArticleTokens, lo: int, hi: int, ms: int, me: int, lex: FramingLexicon) -> list[str]:
    """Hedging words next to a mention: "المزعوم" after it, "ما يسمى" or "المدعو" before it."""
    tokens = view.tokens
    scan = view.scan(lo, hi, lex)
    out = []
    for m in scan["hedge_after"]:
        if me <= m.start <= me + HEDGE_GAP and _clean_gap(tokens[me : m.start]):
            out.append(m.label)
    for m in scan["hedge_before"]:
        if ms - HEDGE_GAP <= m.end <= ms and _clean_gap(tokens[m.end : ms]):
            out.append(m.label)
    return out


def loaded_terms(matches: Sequence[Match], skip: tuple[int, int] = (0, 0)) -> list[str]:
    """Loaded terms among matches, those inside ``skip`` (the name itself) left out."""
    return [m.label for m in matches if m.end <= skip[0] or m.start >= skip[1]]


def frame_article(
    article: Article,
    spans: Sequence[tuple[int, int]],
    lex: FramingLexicon | None = None,
    view: ArticleTokens | None = None,
) -> ActorFrame:
    """Read how one article frames one actor, given the actor's mention spans in it."""
    lex = lex or load_framing_lexicon()
    view = view or ArticleTokens(article)
    frame = ActorFrame()
    seen_sentences: set[int] = set()
    for start, end in spans:
        found = view.sentence_of(start, end)
        if found is None:
            continue
        lo, hi, ms, me = found
        scan = view.scan(lo, hi, lex)
        inside = [m for m in scan["title"] if m.start == ms and m.end <= me]
        for m in inside + labels_before(view, lo, hi, ms, lex):
            frame.add(frame.labels, m.label)
        for hedge in hedges_near(view, lo, hi, ms, me, lex):
            frame.add(frame.hedges, hedge)
        if lo not in seen_sentences:
            seen_sentences.add(lo)
            frame.loaded.update(loaded_terms(scan["loaded"], (ms, me)))
            frame.neutral.update(m.label for m in scan["loaded"] if m.kind == "neutral")
    for _, _, lemma, stance in view.reported_by(spans):
        frame.add(frame.verbs, lemma)
        frame.stances.append(stance)
        if stance == "distancing":
            frame.add(frame.hedges, lemma)
    return frame


def mentions_by_article(entities: Iterable[Entity]) -> dict[str, dict[str, list[tuple[int, int]]]]:
    """Index every entity's mention spans by article then entity."""
    index: dict[str, dict[str, list[tuple[int, int]]]] = defaultdict(lambda: defaultdict(list))
    for entity in entities:
        for m in entity.mentions:
            index[m.article][entity.id].append((m.start, m.end))
    return index


@dataclass(frozen=True, slots=True)
class FramePart:
    """How one article frames one actor, kept so a story that grows is framed again without re-reading it."""

    row: Framing
    loaded: tuple[tuple[str, int], ...] = ()  # loaded-term counts near the actor, first seen first
    telling: bool = False  # the frame shows something: the actor gets rows in the story's table


def frame_parts(
    article: Article, actors: Mapping[str, Sequence[tuple[int, int]]], lex: FramingLexicon | None = None
) -> tuple[FramePart, ...]:
    """Frame every actor an article mentions: the article's part of any story's framing table."""
    if not actors:
        return ()
    lex = lex or load_framing_lexicon()
    view = ArticleTokens(article)
    parts = []
    for entity, spans in actors.items():
        f = frame_article(article, spans, lex, view)
        row = Framing(
            entity, article.doc.id, tuple(f.labels), tuple(f.hedges), tuple(f.verbs), tuple(f.judging())
        )
        parts.append(FramePart(row, tuple(f.loaded.items()), not f.empty()))
    return tuple(parts)


def framing_of(
    parts: Iterable[Sequence[FramePart]],
) -> tuple[tuple[Framing, ...], dict[tuple[str, str], dict[str, int]]]:
    """A story's framing table from its articles' parts, given in the story's article order.

    Only actors with something to show in some article of the story get rows (in every article
    that mentions them); rows are sorted by actor, then article order.
    """
    ordered = [part for article_parts in parts for part in article_parts]
    telling = {part.row.entity for part in ordered if part.telling}
    position: dict[str, int] = {}
    for part in ordered:
        position.setdefault(part.row.article, len(position))
    rows = [part.row for part in ordered if part.row.entity in telling]
    loaded = {
        (part.row.entity, part.row.article): dict(part.loaded)
        for part in ordered
        if part.row.entity in telling and part.loaded
    }
    rows.sort(key=lambda r: (r.entity, position[r.article]))
    return tuple(rows), loaded


def frame_story(
    story: Story,
    articles: Mapping[str, Article],
    mentions: Mapping[str, Mapping[str, Sequence[tuple[int, int]]]],
    lex: FramingLexicon | None = None,
) -> tuple[tuple[Framing, ...], dict[tuple[str, str], dict[str, int]]]:
    """The actor x article framing table of one story (actors with something to show only)."""
    lex = lex or load_framing_lexicon()
    return framing_of(
        frame_parts(articles[aid], mentions.get(aid, {}), lex) for aid in story.articles if aid in articles
    )


@cache
def neutral_labels() -> frozenset[str]:
    """Labels of the loaded-term lexicon's neutral class (the counterparts, not judgements)."""
    raw = json.loads(resources.files("marsad.corpus").joinpath("data/framing.json").read_text("utf-8"))
    return frozenset(entry[0] for entry in raw["loaded"]["neutral"])


def frame_corpus(corpus: Corpus) -> Corpus:
    """Fill every story's framing table; loaded terms and each article's parts go to ``extra``.

    ``extra["framing_parts"][story id][article id]`` is what ``framing_of`` needs to frame the
    story again when it grows; ``extra["framing_loaded"][story id]`` lists the loaded terms per
    actor x article.
    """
    lex = load_framing_lexicon()
    articles = {a.doc.id: a for a in corpus.articles}
    mentions = mentions_by_article(corpus.entities)
    stories = []
    kept: dict[str, dict[str, tuple[FramePart, ...]]] = {}
    loaded_by_story: dict[str, list[dict[str, object]]] = {}
    for story in corpus.stories:
        parts = {
            aid: frame_parts(articles[aid], mentions.get(aid, {}), lex)
            for aid in story.articles
            if aid in articles
        }
        rows, loaded = framing_of(parts.values())
        stories.append(replace(story, framing=rows) if rows or story.framing else story)
        kept[story.id] = parts
        if loaded:
            loaded_by_story[story.id] = loaded_records(loaded)
    extra = {**corpus.extra, FRAMING_PARTS: kept, "framing_loaded": loaded_by_story}
    return corpus.with_(stories=tuple(stories), extra=extra)


def loaded_records(loaded: Mapping[tuple[str, str], Mapping[str, int]]) -> list[dict[str, object]]:
    """The loaded terms of a story's actor x article pairs, as kept in ``extra["framing_loaded"]``."""
    neutral_terms = neutral_labels()
    return [
        {
            "entity": e,
            "article": a,
            "terms": dict(terms),
            "neutral": sorted(t for t in terms if t in neutral_terms),
        }
        for (e, a), terms in loaded.items()
    ]


@dataclass(frozen=True, slots=True)
class OutletProfile:
    """How one outlet reports across the whole corpus: its verbs, hedges, labels and loaded terms."""

    outlet: str
    articles: int
    words: int
    quotes: int
    stances: tuple[tuple[str, int], ...]
    verbs: tuple[tuple[str, int], ...]
    distancing_share: float
    loaded: tuple[tuple[str, str, int], ...]
    loaded_per_1k_words: tuple[tuple[str, float], ...]
    labels: tuple[tuple[str, str, int], ...]


def _profile(
    outlet: str,
    articles: Sequence[Article],
    mentions: Mapping[str, Mapping[str, Sequence[tuple[int, int]]]],
    lex: FramingLexicon,
    top: int,
) -> OutletProfile:
    """Sum one outlet's articles into its profile."""
    speech = load_speech()
    words = quotes = 0
    stances: Counter[str] = Counter()
    verbs: Counter[str] = Counter()
    loaded: Counter[tuple[str, str]] = Counter()
    labels: Counter[tuple[str, str]] = Counter()
    for article in articles:
        words += sum(1 for t in article.tokens if t.is_word)
        for quote in article.quotes:
            quotes += 1
            verb = speech.verb(normalise(quote.verb)) if quote.verb else None
            if verb is not None:
                stances[verb.stance] += 1
                verbs[verb.lemma] += 1
        for m in lex.loaded.find_all(article.tokens):
            loaded[(m.label, m.kind)] += 1
        article_mentions = mentions.get(article.doc.id, {})
        view = ArticleTokens(article) if article_mentions else None
        for entity, spans in article_mentions.items():
            assert view is not None
            for start, end in spans:
                found = view.sentence_of(start, end)
                if found is not None:
                    for m in labels_before(view, found[0], found[1], found[2], lex):
                        labels[(entity, m.label)] += 1
    per_class: Counter[str] = Counter()
    for (_, kind), n in loaded.items():
        per_class[kind] += n
    reported = sum(stances.values())
    return OutletProfile(
        outlet=outlet,
        articles=len(articles),
        words=words,
        quotes=quotes,
        stances=tuple((s, stances[s]) for s in STANCES),
        verbs=tuple(verbs.most_common(top)),
        distancing_share=round(stances["distancing"] / reported, 4) if reported else 0.0,
        loaded=tuple((term, kind, n) for (term, kind), n in loaded.most_common(top)),
        loaded_per_1k_words=tuple(
            (kind, round(1000 * per_class[kind] / words, 3) if words else 0.0)
            for kind in ("delegitimising", "legitimising", "neutral")
        ),
        labels=tuple((e, label, n) for (e, label), n in labels.most_common(top)),
    )


def outlet_profiles(corpus: Corpus, top: int = 20) -> tuple[OutletProfile, ...]:
    """Profile every outlet over the whole corpus (the web UI's outlet page), largest first."""
    lex = load_framing_lexicon()
    mentions = mentions_by_article(corpus.entities)
    by_outlet: dict[str, list[Article]] = defaultdict(list)
    for article in corpus.articles:
        by_outlet[article.doc.outlet or article.doc.id].append(article)
    profiles = [_profile(o, arts, mentions, lex, top) for o, arts in by_outlet.items()]
    profiles.sort(key=lambda p: (-p.articles, p.outlet))
    return tuple(profiles)


def profile_record(profile: OutletProfile) -> dict[str, object]:
    """The JSON form of an outlet profile, as proposed for the report's ``outlets`` section."""
    return {
        "outlet": profile.outlet,
        "articles": profile.articles,
        "words": profile.words,
        "quotes": profile.quotes,
        "stances": dict(profile.stances),
        "verbs": [{"verb": v, "count": n} for v, n in profile.verbs],
        "distancing_share": profile.distancing_share,
        "loaded": [{"term": t, "class": c, "count": n} for t, c, n in profile.loaded],
        "loaded_per_1k_words": dict(profile.loaded_per_1k_words),
        "labels": [{"entity": e, "label": label, "count": n} for e, label, n in profile.labels],
    }


FRAMING_STAGE = CorpusStage(
    name="framing",
    run=without_collector(frame_corpus),
    requires=frozenset({"articles", "entities", "stories"}),
    assigns=frozenset({"framing"}),
)
