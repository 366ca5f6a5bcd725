import random

from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.dedup import NearDuplicateIndex, from_bytes, shingle_hashes, signature, to_bytes

WORDS = [f"كلمة{i}" for i in range(500)]


def true_jaccard(a: str, b: str) -> float:
    sa, sb = set(shingle_hashes(a).tolist()), set(shingle_hashes(b).tolist())
    return len(sa & sb) / len(sa | sb)


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 10_000), st.integers(0, 60))
def test_signature_estimates_jaccard(seed: int, edits: int) -> None:
    rng = random.Random(seed)
    base = [rng.choice(WORDS) for _ in range(150)]
    other = list(base)
    for _ in range(edits):
        other[rng.randrange(len(other))] = rng.choice(WORDS)
    a, b = " ".join(base), " ".join(other)
    assert abs(signature(a).jaccard(signature(b)) - true_jaccard(a, b)) < 0.2


def test_spelling_variants_and_punctuation_do_not_hide_a_copy() -> None:
    a = "أعلنت الوزارة، اليوم، إطلاق مبادرة جديدة لدعم الأسر المنتجة في المناطق الريفية " * 2
    b = "اعلنت الوزارة اليوم اطلاق مبادرة جديدة لدعم الاسر المنتجه في المناطق الريفيه " * 2
    assert signature(a).jaccard(signature(b)) == 1.0


def test_signatures_survive_the_store_and_are_stable() -> None:
    sig = signature("نص للتجربة فقط")
    assert from_bytes(to_bytes(sig)).jaccard(sig) == 1.0
    assert to_bytes(signature("نص للتجربة فقط")) == to_bytes(sig)


def test_index_links_a_rewritten_copy_but_not_a_different_story() -> None:
    rng = random.Random(1)
    story = " ".join(rng.choice(WORDS) for _ in range(120))
    words = story.split()
    copy = " ".join([*words[:60], "تعديل", *words[61:], "المصدر:", "وكالة"])
    other = " ".join(rng.choice(WORDS) for _ in range(120))
    index = NearDuplicateIndex()
    assert index.add("a", signature(story)) == []
    assert [m.article for m in index.add("b", signature(copy))] == ["a"]
    assert index.add("c", signature(other)) == []
    assert len(index) == 3 and "b" in index
