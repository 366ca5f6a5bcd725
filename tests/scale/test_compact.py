from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.arabic.tokens import tokenize
from marsad.document import Article, Document
from marsad.scale.compact import TokenCache, pack_tokens

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
