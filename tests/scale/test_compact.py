import pickle

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.arabic.tokens import tokenize
from marsad.document import Article, Document, stored_tokens
from marsad.scale.compact import LazyTokens, TokenCache, pack_tokens

_TEXT = st.text(alphabet=st.sampled_from("ابتثجحخدرسشصعفقكلمنهويءأإآىةوال ًَُِّـ،؟«»\n.0123456789٠١abc"))


@settings(max_examples=80, deadline=None)
@given(_TEXT)
def test_tokens_come_back_equal(text: str) -> None:
    tokens = tokenize(text)
    assert TokenCache().unpack(pack_tokens(tokens)) == tokens


def test_equal_strings_are_one_object_across_articles() -> None:
    cache = TokenCache()
    one = cache.compact(Article(doc=Document.create("x", "a"), tokens=tokenize("والحكومة أعلنت الخطة")))
    two = cache.compact(Article(doc=Document.create("y", "b"), tokens=tokenize("والحكومة رفضت الخطة")))
    assert one.tokens == tokenize("والحكومة أعلنت الخطة")
    assert one.tokens[0].norm is two.tokens[0].norm and one.tokens[0].stem is two.tokens[0].stem


@settings(max_examples=60, deadline=None)
@given(_TEXT)
def test_lazy_tokens_read_like_the_tuple(text: str) -> None:
    tokens = tokenize(text)
    lazy = TokenCache(lazy=True).unpack(pack_tokens(tokens))
    assert isinstance(lazy, LazyTokens) or tokens == ()
    assert lazy == tokens and len(lazy) == len(tokens) and bool(lazy) == bool(tokens)
    assert list(lazy) == list(tokens) and lazy[1:3] == tokens[1:3]
    if isinstance(lazy, LazyTokens):
        assert lazy.words() == sum(t.is_word for t in tokens)
        assert hash(lazy) == hash(tokens) and lazy[-1] == tokens[-1]


def test_lazy_tokens_let_go_of_the_built_tuples_beyond_the_recent_ones(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(LazyTokens, "_ring", [None] * 3)
    monkeypatch.setattr(LazyTokens, "_next", 0)
    cache = TokenCache(lazy=True)
    texts = [f"قال الوزير {n} إن الخطة جاهزة" for n in range(5)]
    packed = [cache.unpack(pack_tokens(tokenize(t))) for t in texts]
    assert all(isinstance(p, LazyTokens) for p in packed)
    first = packed[0][0]
    for p in packed:
        assert p[0].text == "قال"
    assert packed[0]._built is None and packed[4]._built is not None  # type: ignore[attr-defined]
    assert packed[0][0] == first and packed[0][0].norm is packed[3][0].norm  # rebuilt, strings shared


def test_articles_with_lazy_tokens_pickle_and_compare_as_plain_ones() -> None:
    tokens = tokenize("وأعلنت الحكومة الخطة أمس.")
    plain = Article(doc=Document.create("وأعلنت الحكومة الخطة أمس.", "a"), tokens=tokens)
    lazy = TokenCache(lazy=True).compact(plain)
    assert isinstance(stored_tokens(lazy), LazyTokens) and type(lazy.tokens) is tuple
    assert lazy == plain and lazy.tokens == tokens and hash(lazy.tokens) == hash(tokens)
    assert isinstance(stored_tokens(lazy.with_(mentions=())), LazyTokens)  # stays packed
    assert pickle.loads(pickle.dumps(lazy)) == plain
    assert pickle.loads(pickle.dumps(lazy.tokens)) == tokens
