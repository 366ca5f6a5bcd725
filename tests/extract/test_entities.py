"""The entity stage on composed text: offsets are exact, obvious names are found and typed."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.arabic.sentences import split_sentences
from marsad.arabic.tokens import tokenize
from marsad.document import Article, Document, Span, Token
from marsad.extract.entities import (
    ENTITY_STAGE,
    mention_start,
    sentence_tokens,
    tag_article,
    tag_articles,
    with_mentions,
)


def _prepared(text: str) -> Article:
    """An article with sentences and tokens filled, as the earlier stages would leave it."""
    return Article(
        doc=Document.create(text, source="test"), sentences=split_sentences(text), tokens=tokenize(text)
    )


def test_stage_declares_its_fields() -> None:
    assert ENTITY_STAGE.requires == frozenset({"sentences", "tokens"})
    assert ENTITY_STAGE.assigns == frozenset({"mentions"})


def test_common_places_and_a_titled_person_are_found() -> None:
    text = (
        "وصل وزير الخارجية الفرنسي إلى القاهرة قادما من باريس، حيث التقى الرئيس المصري.\n"
        "وقالت وزارة الخارجية المصرية في بيان إن الجانبين بحثا الأوضاع في سوريا والعراق."
    )
    article = ENTITY_STAGE(_prepared(text))
    found = {(m.text, m.type) for m in article.mentions}
    assert ("القاهرة", "LOCATION") in found
    assert ("باريس", "LOCATION") in found
    assert ("سوريا", "LOCATION") in found
    for m in article.mentions:
        assert text[m.start : m.end] == m.text


def test_mention_start_drops_a_conjunction_before_the_article() -> None:
    text = "زار والعراق"
    (token,) = [t for t in tokenize(text) if t.text == "والعراق"]
    assert text[mention_start(text, token) : token.end] == "العراق"
    plain = Token(0, 5, "بغداد", "بغداد")
    assert mention_start("بغداد", plain) == 0


def test_sentence_tokens_groups_by_sentence() -> None:
    text = "جملة أولى. جملة ثانية."
    groups = sentence_tokens(split_sentences(text), tokenize(text))
    assert [[t.text for t in g] for g in groups] == [["جملة", "أولى", "."], ["جملة", "ثانية", "."]]
    assert sentence_tokens((Span(0, 4),), ()) == [[]]


pieces = st.sampled_from(
    [
        "قال",
        "الرئيس",
        "محمد",
        "في",
        "بيروت",
        "وزارة",
        "الصحة",
        "،",
        ".",
        "والأردن",
        "\n",
        "«",
        "»",
        "لندن",
        "ًً",
    ]
)


@settings(max_examples=40, deadline=None)
@given(st.lists(pieces, max_size=30))
def test_every_mention_is_an_exact_slice(parts: list[str]) -> None:
    text = " ".join(parts)
    article = ENTITY_STAGE(_prepared(text))
    for m in article.mentions:
        assert text[m.start : m.end] == m.text
        assert m.type in {"PERSON", "ORGANIZATION", "LOCATION", "MISC"}
        assert m.text.strip() == m.text and m.text


def test_particles_never_stand_at_the_edge_of_a_mention() -> None:
    from marsad.document import Token
    from marsad.extract.entities import _trim_particles

    def token(text: str, start: int) -> Token:
        return Token(start, start + len(text), text, text, "", text, True)

    words = [token("على", 0), token("سامي", 4), token("خليل", 9), token("إلى", 14)]
    assert [t.text for t in _trim_particles(words)] == ["سامي", "خليل"]
    assert list(_trim_particles([token("على", 0)])) == []
    assert [t.text for t in _trim_particles([token("علي", 0), token("حسن", 4)])] == ["علي", "حسن"]


def _grouped_by_scan(sentences: list[Span], tokens: list[Token]) -> list[list[Token]]:
    """Reference: each token goes to the first sentence ending after its start, if inside it."""
    groups: list[list[Token]] = [[] for _ in sentences]
    for token in tokens:
        k = next((k for k, s in enumerate(sentences) if token.start < s.end), None)
        if k is not None and sentences[k].start <= token.start and token.end <= sentences[k].end:
            groups[k].append(token)
    return groups


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, 60), min_size=2, max_size=16, unique=True), st.data())
def test_sentence_tokens_equals_a_plain_scan(cuts: list[int], data: st.DataObject) -> None:
    points = sorted(cuts)
    sentences = [Span(a, b) for a, b in itertools.pairwise(points) if data.draw(st.booleans())]
    bounds = sorted(data.draw(st.lists(st.integers(0, 70), min_size=0, max_size=30, unique=True)))
    tokens = [Token(a, b, "x" * (b - a), "x") for a, b in zip(bounds[::2], bounds[1::2], strict=False)]
    assert sentence_tokens(sentences, tokens) == _grouped_by_scan(sentences, tokens)


def test_articles_tagged_together_equal_each_alone() -> None:
    texts = [
        "وصل وزير الخارجية الفرنسي إلى القاهرة قادما من باريس.\nوقال الوزير إن فرنسا تدعم الحوار.",
        "",
        "التقى الرئيس المصري في القاهرة وفدا من الأمم المتحدة، وبحث معه الأوضاع في ليبيا والسودان.",
    ]
    articles = [_prepared(t) for t in texts]
    assert tag_articles(articles) == [tag_article(a) for a in articles]
    assert tag_articles([]) == []
    assert with_mentions(articles) == [ENTITY_STAGE(a) for a in articles]
