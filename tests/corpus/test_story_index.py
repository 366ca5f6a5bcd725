"""The numbered centroid index gives exactly the cosines of a plain dict-by-dict reference."""

from __future__ import annotations

import heapq
import math
from collections import defaultdict

from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.corpus.story_index import _Centroids

TERMS = [f"t{i}" for i in range(12)]


class _Reference:
    """The index written the obvious way: string keys, a Python loop per cluster."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.centroids: dict[str, dict[str, float]] = {}
        self.norm2: dict[str, float] = {}
        self.days: dict[str, tuple[int, int] | None] = {}
        self.postings: dict[str, dict[str, float]] = defaultdict(dict)

    def add(self, cid: str, vector: dict[str, float], day: int | None) -> None:
        centroid = self.centroids.setdefault(cid, {})
        dot = sum(centroid.get(t, 0.0) * w for t, w in vector.items())
        self.norm2[cid] = self.norm2.get(cid, 0.0) + (2.0 * dot + sum(w * w for w in vector.values()))
        for term, weight in vector.items():
            centroid[term] = centroid.get(term, 0.0) + weight
            posting = self.postings[term]
            posting[cid] = centroid[term]
            if self.limit and len(posting) > 2 * self.limit:
                ranked = sorted(posting.items(), key=lambda i: (-i[1] / math.sqrt(self.norm2[i[0]]), i[0]))
                self.postings[term] = dict(ranked[: self.limit])
        if day is not None:
            span = self.days.get(cid)
            self.days[cid] = (day, day) if span is None else (min(span[0], day), max(span[1], day))

    def gap(self, cid: str, day: int | None) -> float:
        span = self.days.get(cid)
        if day is None or span is None:
            return 0.0
        return float(span[0] - day) if day < span[0] else float(max(0, day - span[1]))

    def similarities(
        self, vector: dict[str, float], probe: int, shortlist: int, day: int | None, max_gap: float
    ) -> dict[str, float]:
        partial: dict[str, float] = defaultdict(float)
        for term, weight in list(vector.items())[:probe]:
            for cid, value in self.postings.get(term, {}).items():
                partial[cid] += weight * value
        scored = [(dot / math.sqrt(self.norm2[cid]), cid) for cid, dot in partial.items()]
        near = [cid for _, cid in sorted(scored, reverse=True) if self.gap(cid, day) <= max_gap][:shortlist]
        out = {}
        for cid in near:
            dot = 0.0
            for term, weight in vector.items():
                if term in self.centroids[cid]:
                    dot += weight * self.centroids[cid][term]
            out[cid] = dot / math.sqrt(self.norm2[cid])
        return out


def _unit(weights: dict[str, float]) -> dict[str, float]:
    norm = math.sqrt(sum(w * w for w in weights.values()))
    return {t: w / norm for t, w in sorted(weights.items(), key=lambda i: -i[1])}


vectors = st.dictionaries(st.sampled_from(TERMS), st.integers(1, 5).map(float), min_size=1, max_size=6).map(
    _unit
)
steps = st.lists(
    st.tuples(st.integers(0, 7), vectors, st.one_of(st.none(), st.integers(0, 30))), min_size=1, max_size=40
)


@settings(max_examples=60, deadline=None)
@given(steps, st.integers(0, 3), st.integers(1, 4), st.integers(1, 6), st.sampled_from([5.0, 1e9]))
def test_similarities_equal_the_reference(
    plan: list[tuple[int, dict[str, float], int | None]], limit: int, shortlist: int, probe: int, gap: float
) -> None:
    fast, slow = _Centroids(limit), _Reference(limit)
    for cluster, vector, day in plan:
        cid = f"c{cluster}"
        assert fast.similarities(vector, probe, shortlist, day, gap) == slow.similarities(
            vector, probe, shortlist, day, gap
        )
        if cid not in fast.clusters:
            fast.open(cid, cid)
        fast.add(cid, cid, vector, day)
        slow.add(cid, vector, day)
        assert fast.norms[fast.numbers[cid]] == math.sqrt(slow.norm2[cid])


def test_ties_go_to_the_larger_id_like_a_ranking_of_pairs() -> None:
    fast = _Centroids()
    for cid in ("a", "b", "c"):
        fast.open(cid, cid)
        fast.add(cid, cid, {"x": 1.0}, None)
    assert list(fast.similarities({"x": 1.0}, 1, 2, None, math.inf)) == ["c", "b"]
    assert heapq.nlargest(2, [(1.0, "a"), (1.0, "b"), (1.0, "c")]) == [(1.0, "c"), (1.0, "b")]
