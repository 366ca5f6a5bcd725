"""Claims aligned across the outlets of a story: where they agree, contradict, or stand alone.

Within each story, claims of DIFFERENT outlets that share rare words are candidate pairs (an
inverted index over light stems, so the cost grows with the story, not its square). A pair is the
same statement when its IDF-weighted overlap is high; then it contradicts when one side is negated
and the other not ("أرسل" / "لم يرسل"), when the numbers for the quantity differ, when one holds a
predicate and the other its opposite (يدعم / يعارض), or when the stance model says so. Quoted words
that match closely but are put in a different mouth are quote drift, also a contradiction. Agreeing
claims are joined into groups; claims no other outlet reports are "unique".
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
from typing import Any

from marsad.arabic.normalise import normalise
from marsad.arabic.tokens import tokenize
from marsad.corpus.model import ClaimGroup, Corpus, Entity, Story, claim_id
from marsad.corpus.terms import content_stems, light_stem, negated_heads, numbers_in
from marsad.document import Article, ClaimMention
from marsad.pipeline import CorpusStage

# Weighted overlap above which two claims are taken to state the same thing.
SAME_CLAIM = 0.45
# Overlap above which a number on each side that the other lacks is a different figure for one thing.
SAME_NUMBERS = 0.6
# Overlap of quoted words above which a change of speaker is quote drift.
SAME_QUOTE = 0.7
# Confidence above which the stance model's "disagree" turns an agreeing pair into a contradiction.
STANCE_CONFIDENT = 0.8
# Pairs this close are copies of one statement: the stance model is asked only below it, which keeps
# the number of sentences to embed small on large corpora (wire copies are most agreeing pairs).
STANCE_BELOW = 0.8
# Pairs kept per claim (best first) and the longest posting list used to find candidates.
TOP_PAIRS = 5
MAX_POSTING = 64
PREFIX_STEMS = 6
MIN_SHARED = 2

Relation = tuple[str, float, str]
# A batch stance model: (label, confidence) for each (claim, claim) pair.
StanceFn = Callable[[Sequence[tuple[str, str]]], list[tuple[str, float]]]
ContextFn = Callable[[str], frozenset[str]]


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


@dataclass(frozen=True, slots=True)
class Alignment:
    """A related pair of claims: relation ("agree"/"contradict"), score and why."""

    a: int
    b: int
    relation: str
    score: float
    reason: str


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
    speaker: frozenset[str] = frozenset()
    entity = None
    if claim.source_start is not None and claim.source_end is not None:
        words_of_source = _words_in(article, starts, claim.source_start, claim.source_end)
        speaker = speaker_names(frozenset(content_stems(words_of_source)))
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
        numbers=numbers_in(words),
        negated=claim.negated,
        heads=negated_heads(words),
        quoted=claim.source_start is not None,
        speaker=speaker,
        speaker_entity=entity,
        context=context,
    )


def _article_stems(article: Article) -> frozenset[str]:
    """Every content stem of an article, to tell whether it names a speaker anywhere."""
    return frozenset(content_stems(t.norm for t in article.tokens if t.is_word))


def weighted_overlap(a: frozenset[str], b: frozenset[str], idf: Mapping[str, float]) -> float:
    """IDF-weighted Jaccard overlap of two stem sets: rare shared words count most."""
    if not a or not b:
        return 0.0
    shared = sum(idf.get(s, 1.0) for s in a & b)
    union = sum(idf.get(s, 1.0) for s in a | b)
    return shared / union if union else 0.0


def opposed(a: ClaimView, b: ClaimView) -> bool:
    """Tell whether one claim holds a predicate and the other only its opposite (يدعم / يعارض)."""
    only_a, only_b = a.stems - b.stems, b.stems - a.stems
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

    The negated side must negate a word the other side holds, so a negation in an extra clause
    (or "لا" in a place name) does not count; a claim negated by its verb (نفى أن) has no head
    in its own words and counts as it is.
    """
    if a.negated == b.negated:
        return False
    neg, other = (a, b) if a.negated else (b, a)
    return not neg.heads or bool(neg.heads & other.stems)


def relate(
    a: ClaimView, b: ClaimView, similarity: float, context: ContextFn | None = None
) -> Relation | None:
    """Decide how two claims of different outlets relate, or None when they are about different things."""
    if similarity >= SAME_CLAIM:
        if _negation_differs(a, b):
            return "contradict", similarity, "negation"
        if similarity >= SAME_NUMBERS and a.numbers - b.numbers and b.numbers - a.numbers:
            return "contradict", similarity, "numbers"
        if opposed(a, b):
            return "contradict", similarity, "opposite"
    if a.quoted and b.quoted and similarity >= SAME_QUOTE and _speakers_differ(a, b, context):
        return "contradict", similarity, "quote-drift"
    if similarity < SAME_CLAIM:
        return None
    return "agree", similarity, "same"


def _candidates(views: Sequence[ClaimView], idf: Mapping[str, float]) -> dict[int, list[tuple[float, int]]]:
    """For each claim, the best-overlapping claims of other outlets found through shared rare stems.

    Only each claim's ``PREFIX_STEMS`` rarest stems in the story (held by at most ``MAX_POSTING``
    claims) are used to find pairs, and a pair must share two of them (or the one a short claim
    has); the overlap itself is computed on all stems. So the cost grows with the number of claims,
    not its square, even in stories of thousands of articles.
    """
    postings: dict[str, list[int]] = defaultdict(list)
    for i, v in enumerate(views):
        for s in v.stems:
            postings[s].append(i)
    weights = [sum(idf.get(s, 1.0) for s in v.stems) for v in views]
    best: dict[int, list[tuple[float, int]]] = {}
    for i, v in enumerate(views):
        rare = sorted((len(postings[s]), s) for s in v.stems if len(postings[s]) <= MAX_POSTING)
        keys = [s for _, s in rare[:PREFIX_STEMS]]
        needed = min(MIN_SHARED, len(keys))
        shared: dict[int, int] = {}
        outlet = v.outlet
        for s in keys:
            posting = postings[s]
            for j in posting[bisect.bisect_right(posting, i) :]:
                shared[j] = shared.get(j, 0) + 1
        scored = []
        stems = v.stems
        for j, n in shared.items():
            if n >= needed and views[j].outlet != outlet:
                common = sum(idf.get(s, 1.0) for s in stems & views[j].stems)
                union = weights[i] + weights[j] - common
                scored.append((common / union if union else 0.0, j))
        scored.sort(reverse=True)
        best[i] = scored[:TOP_PAIRS]
    return best


def align(
    views: Sequence[ClaimView], idf: Mapping[str, float], context: ContextFn | None = None
) -> list[Alignment]:
    """Find every related pair of claims of different outlets in one story (rules only)."""
    out = []
    for i, pairs in _candidates(views, idf).items():
        for similarity, j in pairs:
            found = relate(views[i], views[j], similarity, context)
            if found is not None:
                out.append(Alignment(i, j, found[0], round(found[1], 4), found[2]))
    return out


def _find(parent: list[int], i: int) -> int:
    """Union-find root with path halving."""
    while parent[i] != i:
        parent[i] = parent[parent[i]]
        i = parent[i]
    return i


def group_claims(
    views: Sequence[ClaimView], links: Sequence[Alignment], best: Mapping[int, float]
) -> list[tuple[ClaimGroup, str]]:
    """Join agreeing claims, pair the groups that contradict, and mark what one outlet alone says."""
    parent = list(range(len(views)))
    for link in links:
        if link.relation == "agree":
            parent[_find(parent, link.a)] = _find(parent, link.b)
    members: dict[int, list[int]] = defaultdict(list)
    for i in range(len(views)):
        members[_find(parent, i)].append(i)
    agree_scores: dict[int, list[float]] = defaultdict(list)
    for link in links:
        if link.relation == "agree":
            agree_scores[_find(parent, link.a)].append(link.score)
    groups: list[tuple[ClaimGroup, str]] = []
    grouped: set[int] = set()
    for root, scores in agree_scores.items():
        ids = tuple(views[i].id for i in sorted(members[root]))
        groups.append((ClaimGroup(ids, "agree", round(sum(scores) / len(scores), 4)), "same"))
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
        groups.append((ClaimGroup(ids, "contradict", link.score), link.reason))
        grouped.update(members[ra])
        grouped.update(members[rb])
    for i, v in enumerate(views):
        if i not in grouped:
            groups.append((ClaimGroup((v.id,), "unique", round(1.0 - best.get(i, 0.0), 4)), "unique"))
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


def story_views(story: Story, views_by_article: Mapping[str, Sequence[ClaimView]]) -> list[ClaimView]:
    """The claims of a story's articles, or none when a single outlet tells it."""
    views = [v for a in story.articles for v in views_by_article.get(a, ())]
    return views if len({v.outlet for v in views}) > 1 else []


def apply_stance(
    pending: Sequence[tuple[list[ClaimView], list[Alignment]]], stance: StanceFn
) -> list[list[Alignment]]:
    """Ask the stance model, in one batch, about every pair the rules found to agree."""
    asked = [
        (k, n)
        for k, (_, links) in enumerate(pending)
        for n, link in enumerate(links)
        if link.reason == "same"
    ]
    answers = stance(
        [(pending[k][0][pending[k][1][n].a].text, pending[k][0][pending[k][1][n].b].text) for k, n in asked]
    )
    out = [list(links) for _, links in pending]
    for (k, n), (label, confidence) in zip(asked, answers, strict=True):
        if label == "disagree" and confidence >= STANCE_CONFIDENT:
            link = out[k][n]
            out[k][n] = Alignment(link.a, link.b, "contradict", round(confidence, 4), "stance")
    return out


def group_story(
    views: Sequence[ClaimView], links: Sequence[Alignment]
) -> tuple[tuple[ClaimGroup, ...], tuple[str, ...]]:
    """Group one story's aligned claims; the reasons come back in the same order as the groups."""
    best: dict[int, float] = {}
    for link in links:
        for k in (link.a, link.b):
            best[k] = max(best.get(k, 0.0), link.score)
    grouped = group_claims(views, links, best)
    return tuple(g for g, _ in grouped), tuple(r for _, r in grouped)


def compare_corpus(corpus: Corpus, stance: StanceFn | None = None) -> Corpus:
    """Fill every story's claim groups; why each group was formed goes to ``extra``."""
    spans = _speaker_entities(corpus.entities)
    by_id = {a.doc.id: a for a in corpus.articles}
    in_story = {
        a
        for s in corpus.stories
        if len({outlet_of(by_id[x]) for x in s.articles if x in by_id}) > 1
        for a in s.articles
    }
    views_by_article: dict[str, list[ClaimView]] = {}
    for article in corpus.articles:
        aid = article.doc.id
        if aid in in_story and article.claims:
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

    pending = []
    for story in corpus.stories:
        views = story_views(story, views_by_article)
        pending.append((views, align(views, idf, context) if views else []))
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
    stories = []
    reasons: dict[str, tuple[str, ...]] = {}
    for story, (views, _), links in zip(corpus.stories, pending, aligned, strict=True):
        groups, why = group_story(views, links) if views else ((), ())
        groups = tuple(replace(g, reason=r) for g, r in zip(groups, why, strict=True))
        stories.append(
            story if not groups and not story.claim_groups else replace(story, claim_groups=groups)
        )
        reasons[story.id] = why
    extra = {**corpus.extra, "claim_group_reasons": reasons, "claim_alignment": stance_used}
    return corpus.with_(stories=tuple(stories), extra=extra)


def _run(corpus: Corpus) -> Corpus:
    """Stage body: the rules alone.

    The ANS-trained stance model is not consulted by default: on the 16 gold SaudiNewsNet storylines
    it produced 192 "stance" contradiction groups (agree groups fell from 270 to 210), nearly all of
    them copies of one statement with small wording changes: body sentences, where it was trained
    on headlines. Pass ``stance_model()`` to ``compare_corpus`` to use it anyway.
    """
    return compare_corpus(corpus)


COMPARE_STAGE = CorpusStage(
    name="compare",
    run=_run,
    requires=frozenset({"articles", "claims", "stories"}),
    assigns=frozenset({"claim_groups"}),
)
