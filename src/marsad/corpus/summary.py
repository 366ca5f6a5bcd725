"""An extractive summary per story in which every sentence cites every article that supports it.

Sentences of the story's articles are weighted bags of light stems (TF-IDF, IDF over the corpus).
The most central sentence opens the summary; the contested claims come next, one sentence per side
(they may look alike: "أرسل" / "لم يرسل", so redundancy does not exclude them); the rest is filled by
maximal marginal relevance, where centrality is raised for claims several outlets agree on. Each
chosen sentence then cites its own span and, in every other article, the closest sentence when it
says the same thing (close enough, same polarity, no conflicting number) or carries a claim of the
same agreement group.
"""

from __future__ import annotations

import bisect
import math
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy.sparse import csr_matrix  # type: ignore[import-untyped]

from marsad.corpus.collector import without_collector
from marsad.corpus.model import ClaimGroup, Corpus, SourceRef, Story, SummarySentence, claim_id
from marsad.corpus.terms import content_stems, is_negated, numbers_in
from marsad.document import Article, Span
from marsad.pipeline import CorpusStage

# News puts what matters first: the lead sentences of every article are candidates, and beyond them
# only the sentences that hold a claim other outlets agree with or contradict.
LEAD_SENTENCES = 6
MIN_WORDS = 6
MAX_WORDS = 60
MAX_SENTENCES = 8
MIN_SENTENCES = 3
CONTESTED_GROUPS = 3
# MMR trade-off, the similarity above which a sentence repeats one already chosen, and the
# similarity above which another article's sentence is cited as saying the same thing.
LAMBDA = 0.7
REDUNDANT = 0.6
CITE = 0.5
AGREE_BONUS = 0.08
CONTEST_BONUS = 0.15
LEAD_BONUS = 0.05
DENSE_CELLS = 2_000_000
_TRIM = " \t\n\r"

Vector = dict[str, float]
Parsed = list[tuple[int, Span, list[str], list[str]]]


@dataclass(frozen=True, slots=True)
class Candidate:
    """A sentence that may enter the summary: its span, outlet, vector, claims and polarity."""

    article: str
    outlet: str
    start: int
    end: int
    position: int
    vector: Vector
    claims: tuple[str, ...]
    words: tuple[str, ...]

    @property
    def negated(self) -> bool:
        """Whether the sentence is negated (read only for sentences that may be cited)."""
        return is_negated(self.words)

    @property
    def numbers(self) -> frozenset[float]:
        """The quantities the sentence gives."""
        return numbers_in(self.words)


class _Columns(dict[str, int]):
    """Column numbers of stems, given in order of first sight."""

    def __missing__(self, key: str) -> int:
        self[key] = column = len(self)
        return column


class Similarities:
    """Cosines of a story's candidate sentences: one matrix product per chosen sentence.

    A dense matrix for ordinary stories (fastest in numpy), a sparse one when the story is so large
    that a dense matrix would not fit in ``DENSE_CELLS`` cells.
    """

    def __init__(self, cands: Sequence[Candidate]) -> None:
        vocab = _Columns()
        rows: list[int] = []
        cols: list[int] = []
        data: list[float] = []
        for r, c in enumerate(cands):
            rows.extend([r] * len(c.vector))
            cols.extend(map(vocab.__getitem__, c.vector))
            data.extend(c.vector.values())
        shape = (len(cands), max(len(vocab), 1))
        self.dense = shape[0] * shape[1] <= DENSE_CELLS
        if self.dense:
            self.matrix: Any = np.zeros(shape)
            self.matrix[rows, cols] = data
        else:
            self.matrix = csr_matrix((data, (rows, cols)), shape=shape)
        self._rows: dict[int, NDArray[np.float64]] = {}

    def row(self, i: int) -> NDArray[np.float64]:
        """Cosine of candidate ``i`` with every candidate (computed once)."""
        if i not in self._rows:
            if self.dense:
                self._rows[i] = self.matrix @ self.matrix[i]
            else:
                self._rows[i] = np.asarray((self.matrix @ self.matrix[i].T).toarray()).ravel()
        return self._rows[i]

    def centrality(self) -> NDArray[np.float64]:
        """Cosine of every candidate with the story's centroid."""
        centroid = np.asarray(self.matrix.sum(axis=0)).ravel()
        norm = float(np.linalg.norm(centroid)) or 1.0
        return np.asarray(self.matrix @ (centroid / norm)).ravel()


def cosine(a: Vector, b: Vector) -> float:
    """Cosine of two unit-length sparse vectors."""
    if len(a) > len(b):
        a, b = b, a
    return sum(w * b.get(k, 0.0) for k, w in a.items())


def _unit(counts: Mapping[str, int], idf: Mapping[str, float], default_idf: float) -> Vector:
    """TF-IDF weights scaled to unit length."""
    vec = {k: n * idf.get(k, default_idf) for k, n in counts.items()}
    norm = math.sqrt(sum(w * w for w in vec.values()))
    return {k: w / norm for k, w in vec.items()} if norm else {}


def article_stems(article: Article, keep: Sequence[tuple[int, int]] = ()) -> Parsed:
    """The lead sentences of an article, and those overlapping ``keep``, with words and stems."""
    text = article.text
    starts = [t.start for t in article.tokens]
    out = []
    for position, s in enumerate(article.sentences or (Span(0, len(text)),)):
        if position >= LEAD_SENTENCES and not any(a < s.end and b > s.start for a, b in keep):
            continue
        start, end = s.start, s.end
        while start < end and text[start] in _TRIM:
            start += 1
        while end > start and text[end - 1] in _TRIM:
            end -= 1
        lo, hi = bisect.bisect_left(starts, start), bisect.bisect_left(starts, end)
        words = [t.norm for t in article.tokens[lo:hi] if t.is_word]
        out.append((position, Span(start, end), words, content_stems(words)))
    return out


def grouped_claim_spans(corpus: Corpus) -> dict[str, list[tuple[int, int]]]:
    """Spans of the claims that are in an agree or contradict group, by article."""
    wanted: dict[str, set[int]] = defaultdict(set)
    for story in corpus.stories:
        for group in story.claim_groups:
            if group.relation != "unique":
                for cid in group.claims:
                    article, _, index = cid[2:].rpartition("-")
                    wanted[article].add(int(index))
    spans: dict[str, list[tuple[int, int]]] = {}
    for a in corpus.articles:
        if a.doc.id in wanted:
            spans[a.doc.id] = [
                (a.claims[i].start, a.claims[i].end) for i in wanted[a.doc.id] if i < len(a.claims)
            ]
    return spans


def parse_corpus(corpus: Corpus) -> dict[str, Parsed]:
    """Parse the candidate sentences of every article once, for IDF and for the summaries."""
    keep = grouped_claim_spans(corpus)
    return {a.doc.id: article_stems(a, keep.get(a.doc.id, ())) for a in corpus.articles}


def document_frequencies(parsed: Sequence[Parsed]) -> tuple[dict[str, float], float]:
    """IDF of every stem over the articles' lead sentences, and the IDF an unseen stem gets."""
    df: Counter[str] = Counter()
    for sentences in parsed:
        df.update(
            {light for position, _, _, stems in sentences if position < LEAD_SENTENCES for light in stems}
        )
    n = max(len(parsed), 1)
    return {k: math.log((n + 1) / (c + 0.5)) for k, c in df.items()}, math.log(n + 1)


def candidates_of(
    article: Article, outlet: str, sentences: Parsed, idf: Mapping[str, float], default_idf: float
) -> list[Candidate]:
    """The article's sentences that are long enough to stand alone in a summary."""
    aid = article.doc.id
    claim_spans = [(c.start, c.end, claim_id(aid, i)) for i, c in enumerate(article.claims)]
    out = []
    for position, span, words, stems in sentences:
        if not MIN_WORDS <= len(words) <= MAX_WORDS:
            continue
        vector = _unit(Counter(stems), idf, default_idf)
        if not vector:
            continue
        claims = tuple(cid for s, e, cid in claim_spans if s < span.end and e > span.start)
        out.append(
            Candidate(
                aid,
                outlet,
                span.start,
                span.end,
                position,
                vector,
                claims,
                tuple(words),
            )
        )
    return out


class Facts:
    """Polarity and figures of a story's candidates, each read once however often it is compared."""

    def __init__(self, cands: Sequence[Candidate]) -> None:
        self.cands = cands
        self._negated: dict[int, bool] = {}
        self._numbers: dict[int, frozenset[float]] = {}

    def negated(self, i: int) -> bool:
        """Whether candidate ``i`` is negated."""
        found = self._negated.get(i)
        if found is None:
            found = self._negated[i] = self.cands[i].negated
        return found

    def numbers(self, i: int) -> frozenset[float]:
        """The figures candidate ``i`` gives."""
        found = self._numbers.get(i)
        if found is None:
            found = self._numbers[i] = self.cands[i].numbers
        return found

    def supports(self, i: int, j: int) -> bool:
        """Tell whether sentence ``j`` says what ``i`` says rather than contradicting it."""
        if self.negated(i) != self.negated(j):
            return False
        mine = self.numbers(i)
        if not mine:  # a sentence without figures conflicts with none: the other's are not read
            return True
        theirs = self.numbers(j)
        return not (theirs and not mine & theirs)


def select(
    sims: Similarities,
    relevance: Sequence[float],
    contested: Sequence[Sequence[int]],
    k: int,
    same_claim: Mapping[int, Sequence[int]] | None = None,
) -> list[int]:
    """Pick ``k`` sentences: the most central, then each contested claim's sides, then by MMR.

    A sentence repeats a chosen one when it is lexically close to it or when it holds a claim of
    the same agreement group (a paraphrase another outlet wrote): those are cited, not repeated.
    """
    n = len(relevance)
    chosen: list[int] = []
    best_sim = np.zeros(n)

    def take(i: int) -> None:
        chosen.append(i)
        np.maximum(best_sim, sims.row(i), out=best_sim)
        for j in (same_claim or {}).get(i, ()):
            best_sim[j] = 1.0

    take(max(range(n), key=lambda i: relevance[i]))
    for sides in contested:
        for i in sides:
            if len(chosen) < k and i not in chosen:
                take(i)
    while len(chosen) < k:
        score = LAMBDA * np.asarray(relevance) - (1 - LAMBDA) * best_sim
        score[best_sim >= REDUNDANT] = -np.inf
        score[chosen] = -np.inf
        best = int(np.argmax(score))
        if score[best] == -np.inf:
            break
        take(best)
    return chosen


def cite(
    i: int,
    cands: Sequence[Candidate],
    groups_of: Mapping[str, Sequence[int]],
    sims: Similarities,
    facts: Facts | None = None,
) -> tuple[SourceRef, ...]:
    """The chosen sentence's own span, then the best supporting sentence of every other article."""
    facts = Facts(cands) if facts is None else facts
    me = cands[i]
    partners = {j for cid in me.claims for j in groups_of.get(cid, ())}
    row = sims.row(i)
    best: dict[str, tuple[float, int]] = {}
    for j in np.flatnonzero(row >= CITE).tolist() + sorted(partners):
        c = cands[j]
        if c.article == me.article or not facts.supports(i, j):
            continue
        score = max(float(row[j]), 1.0 if j in partners else 0.0)
        if score >= CITE and (c.article not in best or best[c.article][0] < score):
            best[c.article] = (score, j)
    refs = [SourceRef(me.article, me.start, me.end)]
    for _, j in sorted(best.values(), key=lambda x: (-x[0], x[1])):
        refs.append(SourceRef(cands[j].article, cands[j].start, cands[j].end))
    return tuple(refs)


def _contested(
    cands: Sequence[Candidate], groups: Sequence[ClaimGroup], relevance: Sequence[float]
) -> list[list[int]]:
    """For the strongest contradictions, the best sentence of each outlet that holds one of its claims."""
    holders: dict[str, list[int]] = defaultdict(list)
    for i, c in enumerate(cands):
        for cid in c.claims:
            holders[cid].append(i)
    out = []
    ranked = sorted((g for g in groups if g.relation == "contradict"), key=lambda g: -g.score)
    for group in ranked[:CONTESTED_GROUPS]:
        by_outlet: dict[str, int] = {}
        for cid in group.claims:
            for i in holders.get(cid, ()):
                o = cands[i].outlet
                if o not in by_outlet or relevance[by_outlet[o]] < relevance[i]:
                    by_outlet[o] = i
        if len(by_outlet) > 1:
            out.append(sorted(by_outlet.values(), key=lambda i: -relevance[i])[:2])
    return out


def summarise_story(
    story: Story,
    articles: Mapping[str, Article],
    idf: Mapping[str, float],
    default_idf: float,
    parsed: Mapping[str, Parsed] | None = None,
) -> tuple[SummarySentence, ...]:
    """Summarise one story, every sentence with the article spans that support it."""
    cands: list[Candidate] = []
    for aid in story.articles:
        article = articles.get(aid)
        if article is not None:
            sentences = parsed[aid] if parsed is not None and aid in parsed else article_stems(article)
            cands.extend(candidates_of(article, article.doc.outlet or aid, sentences, idf, default_idf))
    if not cands:
        return ()
    sims = Similarities(cands)
    central = sims.centrality()
    outlets_of_group: dict[str, int] = {}
    contested_claims: set[str] = set()
    groups_of: dict[str, list[int]] = defaultdict(list)
    holders: dict[str, list[int]] = defaultdict(list)
    for i, c in enumerate(cands):
        for cid in c.claims:
            holders[cid].append(i)
    for group in story.claim_groups:
        if group.relation == "agree":
            members = [i for cid in group.claims for i in holders.get(cid, ())]
            outlets = len({cands[i].outlet for i in members})
            for cid in group.claims:
                outlets_of_group[cid] = max(outlets_of_group.get(cid, 0), outlets)
                groups_of[cid].extend(members)
        elif group.relation == "contradict":
            contested_claims.update(group.claims)
    relevance = []
    for i, c in enumerate(cands):
        score = float(central[i]) + (LEAD_BONUS if c.position == 0 else 0.0)
        agreeing = max((outlets_of_group.get(cid, 0) for cid in c.claims), default=0)
        score += AGREE_BONUS * min(max(agreeing - 1, 0), 3)
        if any(cid in contested_claims for cid in c.claims):
            score += CONTEST_BONUS
        relevance.append(score)
    n_outlets = len({c.outlet for c in cands})
    contested = _contested(cands, story.claim_groups, relevance)
    k = min(len(cands), MAX_SENTENCES, max(MIN_SENTENCES, 1 + n_outlets) + sum(len(c) for c in contested))
    same_claim: dict[int, set[int]] = defaultdict(set)
    for i, c in enumerate(cands):
        for cid in c.claims:
            same_claim[i].update(groups_of.get(cid, ()))
    chosen = select(sims, relevance, contested, k, {i: sorted(v) for i, v in same_claim.items()})
    out = []
    facts = Facts(cands)
    for i in chosen:
        c = cands[i]
        text = articles[c.article].text[c.start : c.end]
        out.append(SummarySentence(text, cite(i, cands, groups_of, sims, facts)))
    return tuple(out)


def summarise_corpus(corpus: Corpus) -> Corpus:
    """Fill every story's summary (IDF from the whole corpus, so small stories weigh words sensibly)."""
    parsed = parse_corpus(corpus)
    idf, default_idf = document_frequencies(list(parsed.values()))
    articles = {a.doc.id: a for a in corpus.articles}
    stories = [
        replace(s, summary=summarise_story(s, articles, idf, default_idf, parsed)) for s in corpus.stories
    ]
    return corpus.with_(stories=tuple(stories))


SUMMARY_STAGE = CorpusStage(
    name="summary",
    run=without_collector(summarise_corpus),
    requires=frozenset({"articles", "stories", "claim_groups"}),
    assigns=frozenset({"summary"}),
)
