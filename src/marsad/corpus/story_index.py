"""Incremental two-level story clustering: events (one happening) inside storylines (one topic).

Single pass, in arrival order, as in topic detection and tracking: each new article is compared
with the centroids of existing events through an inverted index over its keywords (so the cost of
one article depends on how many events share its rare terms, not on the corpus size). It joins the
most similar event when the time-decayed cosine clears the event threshold; otherwise it opens a new
event inside the most similar storyline when that clears the (lower) storyline threshold; otherwise
it opens a new storyline. Because every article is placed with the statistics known when it
arrives, adding articles in chunks gives exactly the clusters of one batch in the same order.
"""

from __future__ import annotations

import heapq
import itertools
import math
import operator
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from marsad.corpus.story_features import DocumentFrequencies, Vocabulary, article_terms, day_number
from marsad.document import Article


@dataclass(frozen=True, slots=True)
class StoryParams:
    """Thresholds and representation sizes, fitted on labelled data by ``scripts/calibrate_stories.py``."""

    # Fitted on the calibration half of tests/gold/stories.jsonl (scripts/calibrate_stories.py fit).
    event_threshold: float = 0.30
    story_threshold: float = 0.14
    event_days: float = 4.0
    story_days: float = 7.0
    keywords: int = 20
    story_keywords: int = 80
    lead_words: int = 100
    title_weight: int = 1
    entity_weight: float = 1.0
    # How a new event finds its storyline: "centroid" (cosine with the storyline's centroid),
    # "event" (cosine with its most similar event) or "both" (the larger of the two).
    story_link: str = "centroid"
    # How many of an article's heaviest terms look up candidate events / storylines in the index.
    probe: int = 6
    story_probe: int = 15
    # How many clusters found by the probe get an exact cosine.
    shortlist: int = 5
    # How many clusters one term's posting list keeps (those whose unit centroid weighs the term
    # most): a common term would otherwise list nearly every cluster and make the probe of each new
    # article grow with the corpus. Centroids keep all their terms for the exact cosine.
    posting_limit: int = 64


@dataclass(frozen=True, slots=True)
class Placement:
    """Where one added article went, and whether it opened a new event or storyline."""

    article: str
    event: str
    story: str
    new_event: bool
    new_story: bool
    similarity: float


_PLACEMENT_FIELDS = ("article", "event", "story", "new_event", "new_story", "similarity")


@dataclass(slots=True)
class _Cluster:
    """A running centroid: the sum of its members' unit vectors, its norm and its time span."""

    id: str
    members: list[str] = field(default_factory=list)
    centroid: dict[str, float] = field(default_factory=dict)
    norm2: float = 0.0
    norm: float = 0.0
    first_day: int | None = None
    last_day: int | None = None
    story: str = ""

    def gap(self, day: int | None) -> float:
        """Return how many days ``day`` lies outside the cluster's time span (0 inside it)."""
        if day is None or self.first_day is None or self.last_day is None:
            return 0.0
        if day < self.first_day:
            return float(self.first_day - day)
        return float(max(0, day - self.last_day))


def _dot(vector: Mapping[str, float], centroid: Mapping[str, float]) -> float:
    """Sum weight times centroid weight over the vector's terms in their order (absent ones add 0.0)."""
    get = centroid.get
    dot = 0.0
    for term, weight in vector.items():
        hit = get(term)
        if hit is not None:
            dot += weight * hit
    return dot


def _max_gap(days: float, threshold: float) -> float:
    """Return the gap in days beyond which even a perfect cosine decays below ``threshold``."""
    return math.inf if threshold <= 0.0 else days * math.log2(1.0 / threshold)


def _decay(gap: float, days: float) -> float:
    """Weaken a link with the days between article and cluster (halved every ``days``)."""
    return 1.0 if gap <= 0.0 else 0.5 ** (gap / days)


class _Centroids:
    """Clusters with an inverted index from term to the clusters whose centroid weighs it most.

    Clusters are numbered in the order they open; postings and the list of norms are keyed by
    number, so a probe scores the clusters it reaches with C-level maps over plain lists. ``owners``
    holds each cluster's storyline by number and ``touched`` the clusters changed since the index was
    last saved, so a kept index is written and read in pieces (``scale.state``): ``clusters`` may be
    a mapping that loads a cluster the first time it is looked up.
    """

    def __init__(self, posting_limit: int = 0) -> None:
        self.clusters: dict[str, _Cluster] = {}
        self.postings: dict[str, dict[int, float]] = defaultdict(dict)
        self.posting_limit = posting_limit  # 0: unbounded
        self.names: list[str] = []
        self.numbers: dict[str, int] = {}
        self.norms: list[float] = []
        self.owners: list[str] = []
        self.touched: set[str] = set()

    def __setstate__(self, state: dict[str, Any]) -> None:
        """Unpickle, filling in what an index pickled by older code lacks (its storylines by number)."""
        self.__dict__.update(state)
        if "owners" not in state:
            self.owners = [self.clusters[cid].story for cid in self.names]
            self.touched = set()

    def similarities(
        self, vector: Mapping[str, float], probe: int, shortlist: int, day: int | None, max_gap: float
    ) -> dict[str, float]:
        """Return the exact cosine of ``vector`` with its most promising clusters.

        Only the article's ``probe`` heaviest (rarest, most repeated) terms look clusters up in the
        inverted index; clusters further than ``max_gap`` days away are skipped (their decayed score
        cannot reach the threshold); the ``shortlist`` best by that partial cosine (ties to the
        larger id) get the exact cosine over all the article's terms. So the work per article is
        bounded by how many clusters share its distinctive words, not by the corpus size.
        """
        postings = self.postings
        partial: dict[int, float] = {}
        # Vectors are built heaviest term first, so the probe is their head.
        for term, weight in itertools.islice(vector.items(), probe):
            posting = postings.get(term)
            if not posting:
                continue
            if partial:
                get = partial.get
                for number, value in posting.items():
                    partial[number] = get(number, 0.0) + weight * value
            else:  # 0.0 + x is x: the first posting sets the sums
                partial = {number: weight * value for number, value in posting.items()}
        if not partial:
            return {}
        numbers = list(partial)
        scores = list(map(operator.truediv, partial.values(), map(self.norms.__getitem__, numbers)))
        names = self.names
        # The best few usually pass the time test: rank them alone, and everything only when some fail.
        bar = heapq.nlargest(shortlist, scores)[-1]
        head = sorted(
            [(score, names[k]) for score, k in zip(scores, numbers, strict=True) if score >= bar],
            reverse=True,
        )
        want(self.clusters, [cid for _, cid in head])  # a kept index read in pieces: one fetch
        shortlisted = self._near(head, shortlist, day, max_gap)
        if len(shortlisted) < shortlist and len(head) < len(scores):
            ranked = sorted(zip(scores, map(names.__getitem__, numbers), strict=True), reverse=True)
            shortlisted = self._near(ranked, shortlist, day, max_gap)
        cosines: dict[str, float] = {}
        for cluster in shortlisted:
            cosines[cluster.id] = _dot(vector, cluster.centroid) / cluster.norm
        return cosines

    def _near(
        self, ranked: Iterable[tuple[float, str]], shortlist: int, day: int | None, max_gap: float
    ) -> list[_Cluster]:
        """The first ``shortlist`` ranked clusters within ``max_gap`` days of ``day``."""
        clusters = self.clusters
        found = []
        for _, cid in ranked:
            cluster = clusters[cid]
            if cluster.gap(day) <= max_gap:
                found.append(cluster)
                if len(found) == shortlist:
                    break
        return found

    def open(self, cid: str, story: str) -> _Cluster:
        """Create an empty cluster with the next number."""
        cluster = _Cluster(cid, story=story)
        self.clusters[cid] = cluster
        self.numbers[cid] = len(self.names)
        self.names.append(cid)
        self.norms.append(0.0)
        self.owners.append(story)
        self.touched.add(cid)
        return cluster

    def add(self, cid: str, article: str, vector: Mapping[str, float], day: int | None) -> None:
        """Add one member's unit vector to a cluster's centroid and index its terms."""
        cluster = self.clusters[cid]
        number = self.numbers[cid]
        self.touched.add(cid)
        centroid = cluster.centroid
        weights = list(vector.values())
        dot = _dot(vector, centroid)
        cluster.norm2 += 2.0 * dot + sum(map(operator.mul, weights, weights))
        cluster.norm = self.norms[number] = math.sqrt(cluster.norm2)
        limit = self.posting_limit
        postings = self.postings
        for term, weight in vector.items():
            value = centroid.get(term, 0.0) + weight
            centroid[term] = value
            posting = postings[term]
            posting[number] = value
            if limit and len(posting) > 2 * limit:
                self._prune(term, posting, limit)
        cluster.members.append(article)
        if day is not None:
            cluster.first_day = day if cluster.first_day is None else min(cluster.first_day, day)
            cluster.last_day = day if cluster.last_day is None else max(cluster.last_day, day)

    def _prune(self, term: str, posting: dict[int, float], limit: int) -> None:
        """Keep the ``limit`` clusters whose unit centroid weighs ``term`` most (amortised: at 2x)."""
        names, norms = self.names, self.norms
        ranked = sorted(posting.items(), key=lambda item: (-item[1] / norms[item[0]], names[item[0]]))
        self.postings[term] = dict(ranked[:limit])


class StoryIndex:
    """Stories that grow as articles arrive: ``add`` places new articles without revisiting old ones."""

    def __init__(self, params: StoryParams | None = None, prior: DocumentFrequencies | None = None) -> None:
        self.params = params or StoryParams()
        self.vocabulary = Vocabulary(prior)
        self.events = _Centroids(self.params.posting_limit)
        self.stories = _Centroids(self.params.posting_limit)
        self.vectors: dict[str, dict[str, float]] = {}
        self.event_vectors: dict[str, dict[str, float]] = {}
        self.titles: dict[str, str] = {}
        self.days: dict[str, int | None] = {}
        self.placement: dict[str, Placement] = {}
        self.recorded: list[str] = []  # articles placed since the index was last saved

    def __setstate__(self, state: dict[str, Any]) -> None:
        """Unpickle, filling in what an index pickled by older code lacks."""
        self.__dict__.update(state)
        if "recorded" not in state:
            self.recorded = []

    def __contains__(self, article: str) -> bool:
        return article in self.placement

    def __len__(self) -> int:
        return len(self.placement)

    def add(
        self, articles: Iterable[Article], entities: Mapping[str, Sequence[str]] | None = None
    ) -> list[Placement]:
        """Place new articles (in the given order) and return where each went; known ids are skipped.

        ``entities`` maps an article id to the ids of the resolved entities it mentions, when entity
        resolution ran: shared actors then count as shared keywords.
        """
        placed: list[Placement] = []
        for article in articles:
            if article.doc.id in self.placement:
                continue
            names = entities.get(article.doc.id, ()) if entities else ()
            placed.append(self._add_one(article, names))
        return placed

    def terms(self, article: Article) -> Counter[str]:
        """Count the article's terms (a method so calibration can cache it across grid points)."""
        return article_terms(article, self.params.lead_words, self.params.title_weight)

    def _vectors(self, article: Article, names: Sequence[str]) -> tuple[dict[str, float], dict[str, float]]:
        """Build the article's event and storyline keyword vectors, counting its terms into the vocabulary."""
        params = self.params
        counts = Counter(self.terms(article))
        for name in names:
            counts["@" + name] += 1
        self.vocabulary.count(counts)
        event, story = self.vocabulary.weigh(counts, (params.keywords, params.story_keywords))
        if params.entity_weight != 1.0 and names:
            event, story = _boost(event, params.entity_weight), _boost(story, params.entity_weight)
        return event, story

    def _add_one(self, article: Article, names: Sequence[str]) -> Placement:
        """Place one article: join an event, open an event in a storyline, or open a storyline."""
        params = self.params
        aid = article.doc.id
        day = day_number(article.doc.published)
        vector, story_vector = self._vectors(article, names)
        title = article.doc.title or _lead(article)

        event_gap = _max_gap(params.event_days, min(params.event_threshold, params.story_threshold))
        event_cosines = self.events.similarities(vector, params.probe, params.shortlist, day, event_gap)
        best_event, event_score = _best(self.events, event_cosines, day, params.event_days)
        if best_event is not None and event_score >= params.event_threshold:
            event = best_event
            story = self.events.clusters[event].story
            new_event = new_story = False
            score = event_score
        else:
            event = "e-" + aid
            best_story, story_score = None, 0.0
            if params.story_link != "event":
                story_gap = _max_gap(params.story_days, params.story_threshold)
                story_cosines = self.stories.similarities(
                    story_vector, params.story_probe, params.shortlist, day, story_gap
                )
                best_story, story_score = _best(self.stories, story_cosines, day, params.story_days)
            if params.story_link != "centroid":
                linked, link_score = _best(self.events, event_cosines, day, params.story_days)
                if linked is not None and link_score > story_score:
                    best_story, story_score = self.events.clusters[linked].story, link_score
            if best_story is not None and story_score >= params.story_threshold:
                story, new_story, score = best_story, False, story_score
            else:
                story, new_story, score = "s-" + aid, True, 0.0
                self.stories.open(story, story)
            self.events.open(event, story)
            new_event = True
        placement = Placement(aid, event, story, new_event, new_story, round(score, 6))
        self._record(placement, vector, story_vector, day, title)
        return placement

    def _record(
        self,
        placement: Placement,
        vector: dict[str, float],
        story_vector: dict[str, float],
        day: int | None,
        title: str,
    ) -> None:
        """Add a placed article to its event and storyline centroids and remember it."""
        aid = placement.article
        self.events.add(placement.event, aid, vector, day)
        self.stories.add(placement.story, aid, story_vector, day)
        self.event_vectors[aid] = vector
        self.vectors[aid] = story_vector
        self.titles[aid] = title
        self.days[aid] = day
        self.placement[aid] = placement
        self.recorded.append(aid)

    def snapshot(self) -> dict[str, Any]:
        """Return the index as plain JSON-able data: enough to restore it without the articles' text."""
        articles = [
            {
                **asdict(p),
                "day": self.days[aid],
                "title": self.titles[aid],
                "event_vector": self.event_vectors[aid],
                "story_vector": self.vectors[aid],
            }
            for aid, p in self.placement.items()
        ]
        return {
            "params": asdict(self.params),
            "documents": self.vocabulary.documents,
            "df": dict(self.vocabulary.df),
            "articles": articles,
        }

    @classmethod
    def restore(cls, state: Mapping[str, Any], prior: DocumentFrequencies | None = None) -> StoryIndex:
        """Rebuild an index from ``snapshot`` data by replaying its placements in their order."""
        index = cls(StoryParams(**state["params"]), prior)
        index.vocabulary.documents = int(state["documents"])
        index.vocabulary.df.update(state["df"])
        for row in state["articles"]:
            placement = Placement(*(row[name] for name in _PLACEMENT_FIELDS))
            if placement.new_story:
                index.stories.open(placement.story, placement.story)
            if placement.new_event:
                index.events.open(placement.event, placement.story)
            index._record(placement, row["event_vector"], row["story_vector"], row["day"], row["title"])
        return index

    def central(self, story: str) -> str:
        """Return the member of a storyline closest to its centroid (the one that names it)."""
        cluster = self.stories.clusters[story]
        centroid = cluster.centroid
        want(self.vectors, cluster.members)

        def closeness(aid: str) -> float:
            vector = self.vectors[aid]
            return _dot(vector, centroid)

        # Ties go to the earliest member.
        return max(enumerate(cluster.members), key=lambda item: (closeness(item[1]), -item[0]))[1]

    def story_events(self) -> dict[str, list[str]]:
        """Return each storyline's event ids in the order they opened."""
        grouped: dict[str, list[str]] = defaultdict(list)
        for eid, story in zip(self.events.names, self.events.owners, strict=True):
            grouped[story].append(eid)
        return grouped

    def story_ids(self) -> list[str]:
        """Return the storyline ids in the order they opened (the order ``story_events`` lists them)."""
        return list(self.stories.names)


def want(rows: Mapping[str, Any], keys: Iterable[str]) -> None:
    """Ask a lazily loaded mapping to fetch these keys at once (a plain dict holds them all already)."""
    fetch = getattr(rows, "want", None)
    if fetch is not None:
        fetch(keys)


def _best(
    centroids: _Centroids, cosines: Mapping[str, float], day: int | None, days: float
) -> tuple[str | None, float]:
    """Return the cluster with the highest time-decayed cosine, ties to the earliest found."""
    best: str | None = None
    best_score = 0.0
    clusters = centroids.clusters
    for cid, cosine in cosines.items():
        score = cosine * _decay(clusters[cid].gap(day), days)
        if score > best_score:
            best, best_score = cid, score
    return best, best_score


def _boost(vector: Mapping[str, float], weight: float) -> dict[str, float]:
    """Multiply the weight of entity terms and renormalise."""
    boosted = {t: w * weight if t[0] == "@" else w for t, w in vector.items()}
    norm = math.sqrt(sum(w * w for w in boosted.values()))
    return {t: w / norm for t, w in boosted.items()} if norm else boosted


def _lead(article: Article) -> str:
    """Return the first sentence of an article, for stories whose articles have no title."""
    if article.sentences:
        first = article.sentences[0]
        return article.text[first.start : first.end].strip()
    return article.text[:120].strip()
