from hypothesis import assume, given, settings
from hypothesis import strategies as st

from marsad.arabic.tokens import tokenize
from marsad.document import Document
from marsad.store.search import highlights, parse_query, search_key, snippet
from marsad.store.sqlite import Store

DOCS = [
    Document.create(
        "وصل والمرتزقة إلى المدينة صباح اليوم وسط انتشار أمني.",
        "a.txt",
        outlet="alpha",
        published="2021-03-01",
    ),
    Document.create(
        "قالت امريكا إن المفاوضات ستستأنف الأسبوع المقبل في العاصمة.",
        "b.txt",
        outlet="beta",
        published="2021-04-10",
    ),
    Document.create(
        "اجتمع وزير الخارجية بالسفير الفرنسي لبحث التعاون الاقتصادي.",
        "c.txt",
        outlet="alpha",
        published="2021-05-20",
    ),
]


def store() -> Store:
    s = Store()
    s.add_batch(DOCS)
    return s


def found(query: str, **filters: str) -> list[str]:
    with store() as s:
        return [doc.source for doc, _ in s.search(query, **filters)[1]]


def test_matches_across_clitics_and_spelling() -> None:
    assert found("المرتزقة") == ["a.txt"]
    assert found("مرتزقة") == ["a.txt"]
    assert found("أمريكا") == ["b.txt"]
    assert found("السفير") == ["c.txt"]


def test_phrases_and_all_words() -> None:
    assert found('"وزير الخارجية"') == ["c.txt"]
    assert found('"الخارجية وزير"') == []
    assert found("المفاوضات العاصمة") == ["b.txt"]
    assert found("المفاوضات المرتزقة") == []


def test_filters_by_outlet_date_and_articles() -> None:
    assert found("وزير", outlet="alpha") == ["c.txt"]
    assert found("اليوم OR وزير") == []  # OR is a word to look for, not an operator
    assert found("وزير", outlet="beta") == []
    assert found("المفاوضات", since="2021-04-01", until="2021-04-30") == ["b.txt"]
    assert found("المفاوضات", since="2021-05-01") == []
    with store() as s:
        assert s.search("وزير", articles=[DOCS[0].id])[0] == 0


def test_highlights_point_at_the_original_words() -> None:
    with store() as s:
        total, page = s.search("المرتزقة")
        doc, hit = page[0]
        assert total == 1
        assert [doc.text[a:b] for a, b in hit.highlights] == ["والمرتزقة"]
        a, b = snippet(doc.text, hit.highlights)
        assert "والمرتزقة" in doc.text[a:b]


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=400))
def test_no_input_breaks_the_query(text: str) -> None:
    with store() as s:
        total, page = s.search(text)
        assert total >= len(page) >= 0


def test_operators_and_quotes_are_words_not_syntax() -> None:
    for query in ['" OR 1=1 --', "NEAR(وزير", "وزير*", "AND OR NOT", "x" * 5000, '"""', "وزير:الخارجية"]:
        with store() as s:
            s.search(query)
    assert parse_query("وزير OR الخارجية").fts().count('"') == 6


@settings(max_examples=150, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(list("ابتجدهوزحطيكلمنسعفصقرشءأإآةىـ َُ،.«»\n")), max_size=150),
    st.integers(0, 50),
)
def test_fast_highlights_equal_the_tokenised_ones(text: str, pick: int) -> None:
    words = [t for t in tokenize(text) if t.is_word]
    assume(words)
    keys = frozenset({search_key(words[pick % len(words)].norm)})
    slow = tuple((t.start, t.end) for t in tokenize(text) if t.is_word and search_key(t.norm) in keys)
    assert highlights(text, keys) == slow
