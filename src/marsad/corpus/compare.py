"""Claims aligned across the outlets of one event: where they agree, contradict, or stand alone.

Claims are compared only inside one event (``Story.events``: one happening inside a storyline; a
story without events is one event of all its articles): "10 killed" on Monday and "25 killed" a
week later in the same storyline is a toll that rose, not a contradiction, and a story that gains
an article changes only the groups of the event it joined. Within each event, claims of DIFFERENT
outlets that share rare words are candidate pairs (an inverted index over light stems, so the cost
grows with the event, not its square). Whether a pair
states the same thing is a calibrated probability (logistic, fitted on hand-labelled SaudiNewsNet
claim pairs, ``tests/gold/claim_pairs.jsonl``) of its IDF-weighted word overlap and, for the pairs
where words alone are undecided, the cosine of their sentence embeddings (USE, embedded once per
text and cached by its hash, within a per-run budget). A pair that states the same thing
contradicts when one side is negated and the other not ("أرسل" / "لم يرسل"), when the two give
different figures for the same counted thing ("استشهاد عشرة" / "استشهاد 12"), when one holds a
predicate and the other its opposite (يدعم / يعارض), or when the stance model says so (opt-in).
Quoted words that match closely but are put in a different mouth are quote drift, also a
contradiction. Agreeing claims are joined into groups; claims no other outlet reports are "unique".
Every group says why in words ("negation: أرسلت vs لم ترسل", "numbers differ: 10 vs 12",
"paraphrase 0.71") and keeps the evidence span of each of its claims.

Measured (session 5, shared 2-core machine, load 2-5; CPU seconds of ``compare_corpus`` with the
collector paused as in the stage, on stories and events built by the resolve and stories stages
from 29,900 SaudiNewsNet analyses kept by ``benchmarks/pipeline.py --store``; the per-story figures
are those of the previous code, which equal this code's on stories stripped of their events, as
``benchmarks/claims.py --store`` measures them), per story (before) -> per event:

- all 29,900 articles (8,403 stories, 19,085 events): 37.3 -> 19.2 CPU-s; groups agree 18,281 ->
  18,065, contradict 7,035 -> 3,543, unique 67,224 -> 18,016 (claims of events one outlet tells
  are no longer "unique" against a storyline's other outlets). 4,054 of the old contradiction
  groups have no per-event counterpart; 4,020 of them joined claims of two events or more.
- the last 1,000 of them joining the first 28,900 (442 stories gained an article, 13,389
  articles; 771 events did, 1,939 articles): the old stage on the grown stories 24.8-26.6 CPU-s,
  this one on the grown events alone (as the incremental run hands them over) 2.6 CPU-s.
- 20 contradictions (random, seed 7) that the per-story version found on the first 6,000
  articles and this one does not, read: 1 real (the same loss given as 3.3 vs 4.4 billion dollars
  by two outlets, whose articles the stories stage put in two events); 4 a storyline's evolution
  (prices or a stock index on different days, a withdrawal agreed two days after "neither side
  withdrew"); 5 the same happening but no real conflict (6.935 written "935ر6", one speaker spelt
  two ways, "about 225" vs "more than 215", "32.5" vs "more than 32"); 10 different happenings or
  counted things (two films' takings, two clashes' tolls).
- hand-labelled claim pairs (``benchmarks/claims.py --no-stance``): the gold storylines compared
  per event keep held-out macro-F1 0.766 (every gold pair is inside one event); compared as one
  unit per storyline (the old behaviour) 0.492, with 14 of 23 contradiction groups spanning events.
  IDF computed over each event's own claims instead (so an event's groups would not depend on the
  other events given) fell to 0.464: the IDF stays computed over every claim of the events given.
  So an event compared again alone (an incremental run) can group differently from a full run:
  of the 421 events 500 added articles grew on the first 6,000, 404 gave identical groups.
"""

from __future__ import annotations

import bisect
import json
import math
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources
from itertools import chain
from typing import Any

import numpy as np
from numpy.typing import NDArray

from marsad.arabic.normalise import normalise
from marsad.arabic.tokens import tokenize
from marsad.corpus.collector import without_collector
from marsad.corpus.model import ClaimGroup, Corpus, Entity, Story, claim_id
from marsad.corpus.terms import (
    content_stems,
    is_negator,
    light_stem,
    negated_heads,
    number_starts,
    numbers_conflict,
    numbers_in,
    quantities,
)
from marsad.document import Article, ClaimMention
from marsad.pipeline import CorpusStage

# "Same claim" probability: logistic models of (agree or contradict) against unrelated, fitted on the
# calibration half of tests/gold/claim_pairs.jsonl by ``benchmarks/claims.py --fit`` (the held-out
# half was not used). One on the word overlap alone, one on overlap and embedding cosine.
LEX_MODEL = (8.75, -1.12)
LEX_COSINE_MODEL = (7.43, 3.33, -2.81)
# Probability above which two claims are taken to state the same thing (best F1 on calibration).
SAME_CLAIM = 0.54
# Overlap above which an agreeing pair is the same wording rather than a paraphrase.
NEAR_COPY = 0.45
# Overlap above which a number on each side that the other lacks is a different figure for one thing.
SAME_NUMBERS = 0.6
# Overlap of quoted words above which a change of speaker is quote drift.
SAME_QUOTE = 0.7
# Confidence above which the stance model's "disagree" turns an agreeing pair into a contradiction.
STANCE_CONFIDENT = 0.8
# Pairs this close are copies of one statement: the stance model is asked only below it.
STANCE_BELOW = 0.8
# Claims longer than this (in words, either side) are not shown to the headline-trained stance model.
STANCE_MAX_WORDS = 15
# Sentences embedded per run at most (about 6 ms of CPU each with USE); the pairs whose decision the
# cosine could change most are embedded first, the rest are decided on their words.
EMBED_BUDGET = 2000
# Other outlets whose best claim is kept per claim, and the longest posting list used to find pairs.
TOP_PAIRS = 12
MAX_POSTING = 64
PREFIX_STEMS = 8
MIN_SHARED = 2

Relation = tuple[str, float, str]
# A batch stance model: (label, confidence) for each (claim, claim) pair.
StanceFn = Callable[[Sequence[tuple[str, str]]], list[tuple[str, float]]]
ContextFn = Callable[[str], frozenset[str]]
# Unit-length sentence vectors for many texts (missing texts are decided on their words alone).
EmbedFn = Callable[[Sequence[str]], Mapping[str, NDArray[np.float32]]]


@dataclass(frozen=True, slots=True)
class ClaimView:
    """One claim reduced to what alignment compares: stems, numbers, polarity and its speaker."""

    id: str
    article: str
    outlet: str
    text: str
    stems: frozenset[str]
    numbers: frozenset[float]
    negated: bool
    heads: frozenset[str]
    quoted: bool
    speaker: frozenset[str]
    speaker_entity: str | None
    context: frozenset[str] = frozenset()
    quantities: frozenset[tuple[str, float]] = frozenset()
    speaker_text: str = ""
    start: int = 0
    end: int = 0


@dataclass(frozen=True, slots=True)
class Alignment:
    """A related pair of claims: relation ("agree"/"contradict"), score, why (a code) and why in words."""

    a: int
    b: int
    relation: str
    score: float
    reason: str
    detail: str = ""
    overlap: float = 0.0


@cache
def _poles() -> tuple[tuple[frozenset[str], frozenset[str]], ...]:
    """Load the opposite-predicate pairs once, stemmed like the claims they are matched in."""
    raw = json.loads(resources.files("marsad.corpus").joinpath("data/predicates.json").read_text("utf-8"))
    pairs = []
    for pole_a, pole_b in raw["pairs"]:
        a = {light_stem(normalise(w)) for w in pole_a if " " not in w}
        b = {light_stem(normalise(w)) for w in pole_b if " " not in w}
        pairs.append((frozenset(a - b), frozenset(b - a)))
    return tuple(pairs)


@cache
def _role_stems() -> frozenset[str]:
    """Stems of titles, roles and honorifics: words that describe a speaker without naming them."""
    from marsad.extract.ner.lexicon import load_lexicon as load_names
    from marsad.extract.speech_lexicon import load_lexicon as load_speech

    names, speech = load_names(), load_speech()
    words = names.person_titles | names.org_heads | speech.honorifics | speech.roles | speech.event_nouns
    return frozenset(light_stem(w) for w in words) | frozenset(words)


def speaker_names(stems: frozenset[str]) -> frozenset[str]:
    """The stems of a speaker span that name someone (titles, roles and "سموه"/"معاليه" removed)."""
    return stems - _role_stems()


def outlet_of(article: Article) -> str:
    """Name the outlet an article speaks for (its id when the outlet is unknown)."""
    return article.doc.outlet or article.doc.id


def _speaker_entities(entities: Sequence[Entity]) -> dict[str, list[tuple[int, int, str]]]:
    """Index entity mentions by article, to tell which entity a speaker span names."""
    index: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    for entity in entities:
        for m in entity.mentions:
            index[m.article].append((m.start, m.end, entity.id))
    return index


def _words_in(article: Article, starts: Sequence[int], start: int, end: int) -> list[str]:
    """Normalised words of an article span, from the article's own tokens when it has them."""
    if not article.tokens:
        return [t.norm for t in tokenize(article.text[start:end]) if t.is_word]
    lo, hi = bisect.bisect_left(starts, start), bisect.bisect_left(starts, end)
    return [t.norm for t in article.tokens[lo:hi] if t.is_word]


def _named_speaker(article: Article, starts: Sequence[int], start: int, end: int) -> frozenset[str]:
    """The stems that name the speaker of a quote, or none when the speaker is only described.

    With entity mentions, only words inside a PERSON or ORGANIZATION mention name someone (so
    "المتحدث الرسمي" or "قائد المنطقة الرابعة" name nobody); without them (NER not run), every word
    that is not a title or role does.
    """
    if article.mentions:
        named = [
            (max(m.start, start), min(m.end, end))
            for m in article.mentions
            if m.type in ("PERSON", "ORGANIZATION") and min(m.end, end) > max(m.start, start)
        ]
        words = [w for s, e in named for w in _words_in(article, starts, s, e)]
    else:
        words = _words_in(article, starts, start, end)
    return speaker_names(frozenset(content_stems(words)))


def view_claim(
    article: Article,
    index: int,
    claim: ClaimMention,
    spans: Sequence[tuple[int, int, str]] = (),
    starts: Sequence[int] | None = None,
    context: frozenset[str] = frozenset(),
) -> ClaimView:
    """Reduce one claim to its comparable parts, reading the article's tokens once."""
    starts = [t.start for t in article.tokens] if starts is None else starts
    words = _words_in(article, starts, claim.start, claim.end)
    starts_of_numbers = number_starts(words)
    speaker: frozenset[str] = frozenset()
    speaker_text = ""
    entity = None
    if claim.source_start is not None and claim.source_end is not None:
        speaker = _named_speaker(article, starts, claim.source_start, claim.source_end)
        speaker_text = article.text[claim.source_start : claim.source_end]
        overlaps = [
            (min(e, claim.source_end) - max(s, claim.source_start), eid)
            for s, e, eid in spans
            if min(e, claim.source_end) > max(s, claim.source_start)
        ]
        entity = max(overlaps)[1] if overlaps else None
    return ClaimView(
        id=claim_id(article.doc.id, index),
        article=article.doc.id,
        outlet=outlet_of(article),
        text=claim.text,
        stems=frozenset(content_stems(words)),
        numbers=numbers_in(words, starts_of_numbers),
        negated=claim.negated,
        heads=negated_heads(words),
        quoted=claim.source_start is not None,
        speaker=speaker,
        speaker_entity=entity,
        context=context,
        quantities=quantities(words, starts_of_numbers),
        speaker_text=speaker_text,
        start=claim.start,
        end=claim.end,
    )


def _article_stems(article: Article) -> frozenset[str]:
    """Every content stem of an article, to tell whether it names a speaker anywhere."""
    return frozenset(content_stems(t.norm for t in article.tokens if t.is_word))


def weighted_overlap(a: frozenset[str], b: frozenset[str], idf: Mapping[str, float]) -> float:
    """IDF-weighted Jaccard overlap of two stem sets: rare shared words count most."""
    if not a or not b:
        return 0.0
    shared = math.fsum(idf.get(s, 1.0) for s in a & b)
    union = math.fsum(idf.get(s, 1.0) for s in a | b)
    return shared / union if union else 0.0


@cache
def _pole_stems() -> frozenset[str]:
    """Every stem of every opposite-predicate pair: a claim pair without one on each side is not opposed."""
    return frozenset().union(*(pa | pb for pa, pb in _poles()))


def opposed(a: ClaimView, b: ClaimView) -> bool:
    """Tell whether one claim holds a predicate and the other only its opposite (يدعم / يعارض)."""
    only_a, only_b = a.stems - b.stems, b.stems - a.stems
    poles = _pole_stems()
    if poles.isdisjoint(only_a) or poles.isdisjoint(only_b):
        return False
    return any(
        (only_a & pa and only_b & pb and not b.stems & pa)
        or (only_a & pb and only_b & pa and not b.stems & pb)
        for pa, pb in _poles()
    )


def _speakers_differ(a: ClaimView, b: ClaimView, context: ContextFn | None = None) -> bool:
    """Tell whether two quotes are put in different mouths.

    Resolved entities decide when both speakers have one. Otherwise both speakers must be named
    (not just "المتحدث" or "سموه"), share no name word, and neither name may appear anywhere in
    the other article: an outlet that names the speaker elsewhere is only describing them otherwise.
    """
    if a.speaker_entity and b.speaker_entity:
        return a.speaker_entity != b.speaker_entity
    if not a.speaker or not b.speaker or a.speaker & b.speaker:
        return False
    ctx_a = context(a.article) if context else a.context
    ctx_b = context(b.article) if context else b.context
    return not (a.speaker & ctx_b or b.speaker & ctx_a)


def _negation_differs(a: ClaimView, b: ClaimView) -> bool:
    """Tell whether exactly one claim negates what the other asserts ("أرسل" / "لم يرسل").

    The negated side must negate a word the other side holds and does not negate itself, so a
    negation in an extra clause (or "لا" in a place name, or a double negation on one side) does not
    count; a claim negated by its verb (نفى أن) has no head
    in its own words and counts as it is.
    """
    if a.negated == b.negated:
        return False
    neg, other = (a, b) if a.negated else (b, a)
    return not neg.heads or bool((neg.heads - other.heads) & other.stems)


def same_claim_probability(similarity: float, cosine: float | None = None) -> float:
    """Calibrated probability that two claims state the same thing (agree or contradict)."""
    if cosine is None:
        weight, bias = LEX_MODEL
        z = weight * similarity + bias
    else:
        w_words, w_cosine, bias = LEX_COSINE_MODEL
        z = w_words * similarity + w_cosine * cosine + bias
    return 1.0 / (1.0 + math.exp(-z))


def _differing_figures(a: ClaimView, b: ClaimView, similarity: float) -> tuple[float, float] | None:
    """Two figures for one counted thing, or (in near copies) any number each side lacks."""
    found = numbers_conflict(a.quantities, b.quantities)
    if found is None and similarity >= SAME_NUMBERS and a.numbers - b.numbers and b.numbers - a.numbers:
        found = (min(a.numbers - b.numbers), min(b.numbers - a.numbers))
    return found


def relate(
    a: ClaimView,
    b: ClaimView,
    similarity: float,
    context: ContextFn | None = None,
    cosine: float | None = None,
) -> Relation | None:
    """Decide how two claims of different outlets relate, or None when they are about different things.

    The score is the calibrated probability that both state the same thing (the word overlap for
    quote drift). An agreeing pair is "same" (near copy) or "paraphrase".
    """
    probability = same_claim_probability(similarity, cosine)
    related = probability >= SAME_CLAIM
    if related:
        if _negation_differs(a, b):
            return "contradict", probability, "negation"
        if _differing_figures(a, b, similarity) is not None:
            return "contradict", probability, "numbers"
        if opposed(a, b):
            return "contradict", probability, "opposite"
    if a.quoted and b.quoted and similarity >= SAME_QUOTE and _speakers_differ(a, b, context):
        return "contradict", similarity, "quote-drift"
    if not related:
        return None
    return "agree", probability, "same" if similarity >= NEAR_COPY else "paraphrase"


def _surface(text: str) -> list[tuple[str, str]]:
    """The words of a claim as (as written, normalised)."""
    return [(t.text, t.norm) for t in tokenize(text) if t.is_word]


def _negation_words(a: ClaimView, b: ClaimView) -> str:
    """Say what the negated claim denies of the other: "أرسلت vs لم ترسل"."""
    neg, other = (a, b) if a.negated else (b, a)
    words = _surface(neg.text)
    norms = [n for _, n in words]
    for i in range(len(words)):
        if not is_negator(norms, i):
            continue
        for text, norm in words[i + 1 : i + 4]:
            stem = light_stem(norm)
            if stem in neg.heads:
                match = next((t for t, n in _surface(other.text) if light_stem(n) == stem), text)
                return f"{match} vs {words[i][0]} {text}"
    return f"{neg.text[:40]} (negated)"


def _format_number(value: float) -> str:
    """A figure as a reader writes it: 12, 8.5, 300000."""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _pole_words(a: ClaimView, b: ClaimView) -> str:
    """The two opposite predicates as written: "يدعم vs يعارض"."""
    only_a, only_b = a.stems - b.stems, b.stems - a.stems
    for pole_a, pole_b in _poles():
        for first, second in ((pole_a, pole_b), (pole_b, pole_a)):
            if only_a & first and only_b & second:
                word_a = next((t for t, n in _surface(a.text) if light_stem(n) in first), "")
                word_b = next((t for t, n in _surface(b.text) if light_stem(n) in second), "")
                return f"{word_a} vs {word_b}"
    return "opposite predicates"


def explain(
    a: ClaimView, b: ClaimView, reason: str, score: float, similarity: float, cosine: float | None = None
) -> str:
    """Say in words why two claims were related, for the reader of a claim group."""
    if reason == "negation":
        return f"negation: {_negation_words(a, b)}"
    if reason == "numbers":
        figures = _differing_figures(a, b, similarity)
        if figures is not None:
            return f"numbers differ: {_format_number(figures[0])} vs {_format_number(figures[1])}"
    if reason == "opposite":
        return f"opposite: {_pole_words(a, b)}"
    if reason == "quote-drift":
        who_a, who_b = a.speaker_text or "?", b.speaker_text or "?"
        return f"quote drift: the same words said by {who_a} vs {who_b} (overlap {similarity:.2f})"
    if reason == "same":
        return f"same wording {similarity:.2f}"
    if reason == "stance":
        return f"stance model: disagree {score:.2f}"
    meaning = "" if cosine is None else f", meaning {cosine:.2f}"
    return f"paraphrase {score:.2f} (words {similarity:.2f}{meaning})"


def _candidates(views: Sequence[ClaimView], idf: Mapping[str, float]) -> dict[int, list[tuple[float, int]]]:
    """For each claim, its best-overlapping claim in each other outlet, found through shared rare stems.

    Only each claim's ``PREFIX_STEMS`` rarest stems held by another claim of the event (and by at
    most ``MAX_POSTING`` claims) are used to find pairs, and a pair must share two of them (or the
    one a short claim has); the overlap itself is computed on all stems. So the cost grows with the
    number of claims, not its square, even in stories of thousands of articles. Each pair is listed
    once, under its lower index.
    """
    postings: dict[str, list[int]] = defaultdict(list)
    for i, v in enumerate(views):
        for s in v.stems:
            postings[s].append(i)
    weight_of = {s: idf.get(s, 1.0) for s in postings}.__getitem__
    size = {s: len(p) for s, p in postings.items()}
    stem_sets = [v.stems for v in views]
    outlets = [v.outlet for v in views]
    weights = [math.fsum(map(weight_of, stems)) for stems in stem_sets]
    pairs: dict[tuple[int, int], float] = {}
    for i, stems in enumerate(stem_sets):
        rare = sorted([(size[s], s) for s in stems if 1 < size[s] <= MAX_POSTING])
        if not rare:
            continue
        keys = rare[:PREFIX_STEMS]
        outlet = outlets[i]
        if len(keys) > 1:
            needed = min(MIN_SHARED, len(keys))
            shared = Counter(chain.from_iterable([postings[s] for _, s in keys]))
            found = [j for j, n in shared.items() if n >= needed and outlets[j] != outlet]
        else:  # one key: every other outlet's claim holding it
            found = [j for j in postings[keys[0][1]] if outlets[j] != outlet]
        # The best claim of each other outlet (ties to the lower index), whatever order they come in.
        best: dict[str, tuple[float, int]] = {}
        mine = weights[i]
        for j in found:
            common = math.fsum(map(weight_of, stems & stem_sets[j]))
            union = mine + weights[j] - common
            similarity = common / union if union else 0.0
            other = outlets[j]
            if other not in best or best[other] < (similarity, -j):
                best[other] = (similarity, -j)
        for similarity, negative in sorted(best.values(), reverse=True)[:TOP_PAIRS]:
            pairs[(min(i, -negative), max(i, -negative))] = similarity
    out: dict[int, list[tuple[float, int]]] = defaultdict(list)
    for (i, j), similarity in sorted(pairs.items()):
        out[i].append((similarity, j))
    return dict(out)


def align(
    views: Sequence[ClaimView],
    idf: Mapping[str, float],
    context: ContextFn | None = None,
    cosines: Mapping[tuple[int, int], float] | None = None,
    candidates: Mapping[int, list[tuple[float, int]]] | None = None,
) -> list[Alignment]:
    """Find every related pair of claims of different outlets in one event.

    ``cosines`` holds the embedding cosine of the candidate pairs that were embedded (index pairs,
    lower first); the others are decided on their words.
    """
    out = []
    found_pairs = _candidates(views, idf) if candidates is None else candidates
    for i, pairs in found_pairs.items():
        for similarity, j in pairs:
            cosine = cosines.get((i, j)) if cosines else None
            found = relate(views[i], views[j], similarity, context, cosine)
            if found is not None:
                relation, score, reason = found
                detail = explain(views[i], views[j], reason, score, similarity, cosine)
                out.append(Alignment(i, j, relation, round(score, 4), reason, detail, similarity))
    return out


def embedding_boundary() -> float:
    """The word overlap at which the words-only model is undecided (probability ``SAME_CLAIM``)."""
    weight, bias = LEX_MODEL
    return (math.log(SAME_CLAIM / (1.0 - SAME_CLAIM)) - bias) / weight


def pairs_to_embed(
    found: Sequence[Mapping[int, list[tuple[float, int]]]], limit: int = EMBED_BUDGET
) -> list[tuple[int, int, int]]:
    """The candidate pairs (unit, i, j) worth an embedding, most undecided first, at most ``limit``.

    A pair's cosine can only change the decision when its word overlap is below ``NEAR_COPY``;
    among those, the closer to the words-only boundary, the sooner it is embedded.
    """
    boundary = embedding_boundary()
    ranked = sorted(
        (abs(similarity - boundary), k, i, j)
        for k, pairs in enumerate(found)
        for i, best in pairs.items()
        for similarity, j in best
        if similarity < NEAR_COPY
    )
    return [(k, i, j) for _, k, i, j in ranked][: max(limit, 0)]


def _find(parent: list[int], i: int) -> int:
    """Union-find root with path halving."""
    while parent[i] != i:
        parent[i] = parent[parent[i]]
        i = parent[i]
    return i


@dataclass(frozen=True, slots=True)
class GroupFinding:
    """A claim group with why it was formed: a short code and the same in words."""

    group: ClaimGroup
    reason: str
    detail: str


def group_claims(
    views: Sequence[ClaimView], links: Sequence[Alignment], best: Mapping[int, float]
) -> list[GroupFinding]:
    """Join agreeing claims, pair the groups that contradict, and mark what one outlet alone says."""
    parent = list(range(len(views)))
    # Claims each group's members contradict: two groups are never joined across a contradiction,
    # so "10 killed" and "12 killed" stay apart even when a third wording agrees with both.
    against: dict[int, set[int]] = defaultdict(set)
    for link in links:
        if link.relation == "contradict":
            against[link.a].add(link.b)
            against[link.b].add(link.a)
    inside: dict[int, set[int]] = {i: {i} for i in range(len(views))}
    for link in sorted(links, key=lambda x: -x.score):
        if link.relation == "agree":
            ra, rb = _find(parent, link.a), _find(parent, link.b)
            if ra == rb or against.get(ra, set()) & inside[rb] or against.get(rb, set()) & inside[ra]:
                continue
            parent[ra] = rb
            inside[rb] |= inside.pop(ra)
            if ra in against:
                against[rb] |= against.pop(ra)
    members: dict[int, list[int]] = defaultdict(list)
    for i in range(len(views)):
        members[_find(parent, i)].append(i)
    agreeing: dict[int, list[Alignment]] = defaultdict(list)
    for link in links:
        if link.relation == "agree" and _find(parent, link.a) == _find(parent, link.b):
            agreeing[_find(parent, link.a)].append(link)
    groups: list[GroupFinding] = []
    grouped: set[int] = set()
    for root, found in agreeing.items():
        ids = tuple(views[i].id for i in sorted(members[root]))
        score = round(sum(link.score for link in found) / len(found), 4)
        reason = "same" if all(link.reason == "same" for link in found) else "paraphrase"
        weakest = min(found, key=lambda link: (link.reason == reason, link.score))
        groups.append(GroupFinding(ClaimGroup(ids, "agree", score), reason, weakest.detail or reason))
        grouped.update(members[root])
    contradictions: dict[tuple[int, int], Alignment] = {}
    for link in links:
        if link.relation == "contradict":
            key = tuple(sorted((_find(parent, link.a), _find(parent, link.b))))
            pair = (key[0], key[1])
            if pair not in contradictions or contradictions[pair].score < link.score:
                contradictions[pair] = link
    for (ra, rb), link in contradictions.items():
        ids = tuple(views[i].id for i in sorted(set(members[ra]) | set(members[rb])))
        sides = (
            tuple(views[i].id for i in sorted(members[ra])),
            tuple(views[i].id for i in sorted(members[rb])),
        )
        groups.append(
            GroupFinding(ClaimGroup(ids, "contradict", link.score, sides=sides), link.reason, link.detail)
        )
        grouped.update(members[ra])
        grouped.update(members[rb])
    for i, v in enumerate(views):
        if i not in grouped:
            score = round(1.0 - best.get(i, 0.0), 4)
            groups.append(GroupFinding(ClaimGroup((v.id,), "unique", score), "unique", "no other outlet"))
    return groups


def stance_model() -> StanceFn | None:
    """The trained stance model (fast variant, one batch) when installed; None falls back to the rules."""
    try:
        from marsad.corpus import stance as model  # type: ignore[attr-defined, unused-ignore]
    except ImportError:
        return None
    batch: Any = getattr(model, "compare_claim_pairs", None)
    if batch is None:
        return None

    def run(pairs: Sequence[tuple[str, str]]) -> list[tuple[str, float]]:
        return [(str(p.label), float(p.scores[p.label])) for p in batch(list(pairs), fast=True)]

    return run


def claim_idf(views: Sequence[ClaimView]) -> dict[str, float]:
    """Inverse claim frequency of every stem, over all claims given."""
    df: Counter[str] = Counter()
    for v in views:
        df.update(v.stems)
    n = max(len(views), 1)
    return {s: math.log((n + 1) / (c + 0.5)) for s, c in df.items()}


def comparison_units(story: Story) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The happenings whose claims are compared, as (event id, articles): a story's events, in order.

    A story without events is one unit of all its articles, named by the story id. Articles of a
    story that no event holds are not compared (a caller may hand over only some of its events).
    """
    if not story.events:
        return ((story.id, story.articles),)
    return tuple((event.id, event.articles) for event in story.events)


def unit_views(
    articles: Sequence[str], views_by_article: Mapping[str, Sequence[ClaimView]]
) -> list[ClaimView]:
    """The claims of one unit's articles, or none when a single outlet tells it."""
    views = [v for a in articles for v in views_by_article.get(a, ())]
    return views if len({v.outlet for v in views}) > 1 else []


def stance_applies(a: str, b: str) -> bool:
    """Tell whether two claims are headline-like, the only kind the ANS-trained stance model knows.

    ANS pairs have at most 17 words a side (99% at most 15); on longer body sentences the model
    called 76 of 97 agreeing gold pairs "disagree", so it is not asked about them.
    """
    return len(a.split()) <= STANCE_MAX_WORDS and len(b.split()) <= STANCE_MAX_WORDS


def apply_stance(
    pending: Sequence[tuple[list[ClaimView], list[Alignment]]], stance: StanceFn
) -> list[list[Alignment]]:
    """Ask the stance model, in one batch, about every headline-like pair the rules found to agree."""
    asked = [
        (k, n)
        for k, (views, links) in enumerate(pending)
        for n, link in enumerate(links)
        if link.relation == "agree"
        and link.overlap < STANCE_BELOW
        and stance_applies(views[link.a].text, views[link.b].text)
    ]
    if not asked:
        return [list(links) for _, links in pending]
    answers = stance(
        [(pending[k][0][pending[k][1][n].a].text, pending[k][0][pending[k][1][n].b].text) for k, n in asked]
    )
    out = [list(links) for _, links in pending]
    for (k, n), (label, confidence) in zip(asked, answers, strict=True):
        if label == "disagree" and confidence >= STANCE_CONFIDENT:
            link = out[k][n]
            out[k][n] = Alignment(
                link.a,
                link.b,
                "contradict",
                round(confidence, 4),
                "stance",
                f"stance model: disagree {confidence:.2f}",
            )
    return out


def group_story(views: Sequence[ClaimView], links: Sequence[Alignment]) -> list[GroupFinding]:
    """Group one event's aligned claims."""
    best: dict[int, float] = {}
    for link in links:
        for k in (link.a, link.b):
            best[k] = max(best.get(k, 0.0), link.score)
    return group_claims(views, links, best)


def _embedded_cosines(
    units: Sequence[list[ClaimView]],
    found: Sequence[Mapping[int, list[tuple[float, int]]]],
    embed: EmbedFn,
    budget: int,
) -> list[dict[tuple[int, int], float]]:
    """Cosines of the most undecided candidate pairs, embedding at most ``budget`` distinct texts."""
    chosen: list[tuple[int, int, int]] = []
    texts: set[str] = set()
    for k, i, j in pairs_to_embed(found, budget * TOP_PAIRS):
        new = {units[k][i].text, units[k][j].text} - texts
        if len(texts) + len(new) > budget:
            continue
        texts |= new
        chosen.append((k, i, j))
    vectors = embed(sorted(texts)) if texts else {}
    out: list[dict[tuple[int, int], float]] = [{} for _ in found]
    for k, i, j in chosen:
        u, v = vectors.get(units[k][i].text), vectors.get(units[k][j].text)
        if u is not None and v is not None:
            norm = float(np.linalg.norm(u) * np.linalg.norm(v))
            out[k][(i, j)] = float(u @ v) / norm if norm else 0.0
    return out


def use_vectors(texts: Sequence[str]) -> Mapping[str, NDArray[np.float32]]:
    """USE sentence vectors (the package ships its weights), cached across runs by text hash."""
    from marsad.corpus.stance_embed import cached_vectors

    return cached_vectors(texts, "use")


def compare_corpus(
    corpus: Corpus,
    stance: StanceFn | None = None,
    embed: EmbedFn | None = None,
    budget: int = EMBED_BUDGET,
) -> Corpus:
    """Fill every story's claim groups, event by event; why, evidence and event of each go to ``extra``.

    Claims are compared only inside one event (``comparison_units``): a toll that rose over a week
    of one storyline is not a contradiction, and a story that gains an article changes only the
    groups of the event it joined. A story's groups are its events' groups in ``story.events``
    order; ``extra["claim_group_events"][story_id]`` names the event of each group (aligned with
    ``claim_group_reasons`` and ``claim_group_evidence``), so a caller can keep the groups of
    unchanged events and splice in those of the events it compared again. The IDF is computed over
    the claims of every event compared in this call. ``embed`` (e.g. ``use_vectors``) lets the
    embedding cosine decide the pairs the words leave undecided, for at most ``budget`` sentences;
    without it the words-only model decides.
    """
    spans = _speaker_entities(corpus.entities)
    by_id = {a.doc.id: a for a in corpus.articles}
    units = [
        (k, unit, articles) for k, s in enumerate(corpus.stories) for unit, articles in comparison_units(s)
    ]
    in_unit = {
        a
        for _, _, articles in units
        if len({outlet_of(by_id[x]) for x in articles if x in by_id}) > 1
        for a in articles
    }
    views_by_article: dict[str, list[ClaimView]] = {}
    for article in corpus.articles:
        aid = article.doc.id
        if aid in in_unit and article.claims:
            starts = [t.start for t in article.tokens]
            views_by_article[aid] = [
                view_claim(article, i, c, spans.get(aid, ()), starts) for i, c in enumerate(article.claims)
            ]
    idf = claim_idf([v for vs in views_by_article.values() for v in vs])
    contexts: dict[str, frozenset[str]] = {}

    def context(aid: str) -> frozenset[str]:
        """Every stem of an article, computed the first time a quote drift check needs it."""
        if aid not in contexts:
            contexts[aid] = _article_stems(by_id[aid])
        return contexts[aid]

    compared = [
        (k, unit, views) for k, unit, articles in units if (views := unit_views(articles, views_by_article))
    ]
    unit_claims = [views for _, _, views in compared]
    found = [_candidates(views, idf) for views in unit_claims]
    alignment = "words"
    cosines: list[dict[tuple[int, int], float]] = [{} for _ in found]
    if embed is not None and budget > 0:
        try:
            cosines = _embedded_cosines(unit_claims, found, embed, budget)
            alignment = f"words and embeddings ({sum(map(len, cosines))} pairs embedded)"
        except (OSError, ValueError, RuntimeError, ImportError) as error:
            alignment = f"words (embeddings unavailable: {type(error).__name__})"
    pending = [
        (views, align(views, idf, context, cos, cands))
        for views, cands, cos in zip(unit_claims, found, cosines, strict=True)
    ]
    stance_used = "rules only"
    if stance is not None and any(links for _, links in pending):
        try:
            aligned = apply_stance(pending, stance)
            stance_used = "stance model"
        except (OSError, ValueError, RuntimeError) as error:  # a missing or broken model: keep the rules
            aligned = [links for _, links in pending]
            stance_used = f"rules only (stance model unavailable: {type(error).__name__})"
    else:
        aligned = [links for _, links in pending]
    per_story: dict[int, list[tuple[str, list[ClaimView], list[GroupFinding]]]] = defaultdict(list)
    for (k, unit, views), links in zip(compared, aligned, strict=True):
        per_story[k].append((unit, views, group_story(views, links)))
    stories = []
    reasons: dict[str, tuple[str, ...]] = {}
    evidence: dict[str, tuple[tuple[tuple[str, int, int], ...], ...]] = {}
    events: dict[str, tuple[str, ...]] = {}
    for k, story in enumerate(corpus.stories):
        done = per_story.get(k, [])
        findings = [f for _, _, unit_findings in done for f in unit_findings]
        groups = tuple(replace(f.group, reason=f.detail) for f in findings)
        stories.append(
            story if not groups and not story.claim_groups else replace(story, claim_groups=groups)
        )
        reasons[story.id] = tuple(f.reason for f in findings)
        where = {v.id: (v.article, v.start, v.end) for _, views, _ in done for v in views}
        evidence[story.id] = tuple(tuple(where[c] for c in f.group.claims) for f in findings)
        events[story.id] = tuple(unit for unit, _, unit_findings in done for _ in unit_findings)
    extra = {
        **corpus.extra,
        "claim_group_reasons": reasons,
        "claim_group_evidence": evidence,
        "claim_group_events": events,
        "claim_alignment": f"{stance_used}; {alignment}",
    }
    return corpus.with_(stories=tuple(stories), extra=extra)


def _run(corpus: Corpus) -> Corpus:
    """Stage body: the words-only same-claim model and the contradiction rules.

    Neither embeddings nor the stance model are used by default, both measured on the hand-labelled
    claim pairs (``benchmarks/claims.py``): USE cosines raised agree recall but added as many false
    agreements and cost about 6 ms of CPU a sentence; the ANS-trained stance model called 76 of 97
    agreeing body-sentence pairs "disagree" (it is only ever shown headline-like pairs). Pass
    ``embed=use_vectors`` or ``stance=stance_model()`` to ``compare_corpus`` to use them.
    """
    return compare_corpus(corpus)


COMPARE_STAGE = CorpusStage(
    name="compare",
    run=without_collector(_run),
    requires=frozenset({"articles", "claims", "stories"}),
    assigns=frozenset({"claim_groups"}),
)
