"""Linking quote speakers to resolved entities by span overlap, then by name."""

from __future__ import annotations

from marsad.corpus.model import Corpus, Entity, MentionRef
from marsad.document import Article, Document, QuoteMention
from marsad.extract.speech_link import SpeakerLinker, speaker_entities

TEXT = "وقال الوزير سامي خليل إن الطريق سيفتتح. وأكدت وزارة النقل أن العمل مستمر."


def quote(speaker: str, text: str) -> QuoteMention:
    """Build a quote whose speaker span is the first occurrence of ``speaker`` in TEXT."""
    s = TEXT.index(speaker)
    q = TEXT.index(text)
    return QuoteMention(q, q + len(text), text, "indirect", "قال", s, s + len(speaker), speaker)


def entities(article_id: str) -> list[Entity]:
    """Two resolved entities, one mentioned in the article, one known only by an alias."""
    start = TEXT.index("سامي خليل")
    person = Entity(
        "e1", "سامي خليل", "PERSON", ("خليل",), (MentionRef(article_id, start, start + 9, "سامي خليل"),)
    )
    ministry = Entity("e2", "وزارة النقل", "ORGANIZATION", ("الوزارة",), ())
    return [person, ministry]


def test_overlap_then_name() -> None:
    linker = SpeakerLinker(entities("a1"))
    assert linker.link("a1", quote("الوزير سامي خليل", "الطريق سيفتتح")) == "e1"
    assert linker.link("a1", quote("وزارة النقل", "العمل مستمر")) == "e2"
    assert linker.link("a2", quote("سامي خليل", "الطريق سيفتتح")) == "e1"  # by name in another article
    assert linker.link("a2", quote("وقال", "الطريق سيفتتح")) is None


def test_corpus_links_are_keyed_by_article_and_quote_index() -> None:
    doc = Document.create(TEXT, source="t")
    quotes = (quote("سامي خليل", "الطريق سيفتتح"), quote("وزارة النقل", "العمل مستمر"))
    corpus = Corpus(articles=(Article(doc=doc, quotes=quotes),), entities=tuple(entities(doc.id)))
    assert speaker_entities(corpus) == {(doc.id, 0): "e1", (doc.id, 1): "e2"}
