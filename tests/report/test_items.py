import io
import json
import pickle
from collections.abc import Iterable, Iterator
from dataclasses import fields, replace
from functools import cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.corpus.model import Corpus, Entity, MentionRef
from marsad.document import Document
from marsad.report import items
from marsad.report.contract import build_report
from marsad.report.items import KINDS, keeps_items, layout, value_digest
from marsad.report.pieces import write_reusing
from marsad.report.stream import StreamedReport
from tests.scale.conftest import composed, stand_in_pipeline


class KeptPieces:
    """An in-memory store of article pieces and keyed pieces, as the SQLite store keeps them."""

    def __init__(self) -> None:
        self.articles: dict[str, tuple[str, str, list[str]]] = {}
        self.pieces: dict[tuple[str, str], tuple[str, bytes]] = {}
        self.loaded: list[str] = []  # keys whose bodies were read back

    def report_piece_keys(self) -> dict[str, tuple[str, str]]:
        return {aid: (key, refs) for aid, (key, refs, _) in self.articles.items()}

    def report_pieces(self, section: str) -> Iterator[tuple[str, str]]:
        column = ("articles", "quotes", "events", "claims", "dates").index(section)
        for aid, (_, _, lists) in self.articles.items():
            yield aid, lists[column]

    def save_report_pieces(self, rows: Iterable[tuple[str, str, str, str, str, str, str, str]]) -> None:
        for aid, key, refs, *lists in rows:
            self.articles[aid] = (key, refs, lists)

    def load_pieces(
        self, kind: str, version: str, keys: Iterable[str] | None = None
    ) -> Iterator[tuple[str, bytes]]:
        wanted = None if keys is None else set(keys)
        for (k, key), (v, body) in list(self.pieces.items()):
            if k == kind and v == version and (wanted is None or key in wanted):
                if not kind.endswith(".digest"):
                    self.loaded.append(key)
                yield key, body

    def save_pieces(
        self, version: str, pieces: Iterable[tuple[str, str, bytes | None]], *, clear: Iterable[str] = ()
    ) -> int:
        count = 0
        for kind, key, body in pieces:
            count += 1
            if body is None:
                self.pieces.pop((kind, key), None)
            else:
                self.pieces[kind, key] = (version, body)
        return count


def _rain(n: int) -> Document:
    """A composed article on another topic (rain in a city), so the corpus holds several stories."""
    text = (
        f"هطلت أمطار غزيرة على مدينة تبوك مساء الخميس وبلغ منسوب المياه {n + 20} سنتيمترا في الأحياء. "
        "وقال الدفاع المدني إن فرقه أخلت عددا من المنازل القريبة من مجاري السيول."
    )
    return Document.create(
        text, f"rain{n}.txt", outlet="okaz", title=f"أمطار تبوك {n}", published="2015-09-03"
    )


@cache
def analysed() -> Corpus:
    """A small corpus of two topics through every stage (stand-in entity tagger)."""
    docs = [composed(n, 1 + n // 3) for n in range(9)] + [_rain(n) for n in range(3)]
    return stand_in_pipeline().run(docs)


def _sources(corpus: Corpus) -> dict[str, tuple[str, ...]]:
    return {a.doc.id: (a.doc.source,) for a in corpus.articles}


def _write(store: KeptPieces, corpus: Corpus, indent: int | None) -> tuple[str, StreamedReport]:
    out = io.BytesIO()
    ids = [a.doc.id for a in corpus.articles]
    written = write_reusing(
        store, corpus, ids, lambda _: [], out, _sources(corpus), version="v", indent=indent
    )
    return out.getvalue().decode("utf-8"), written


def _expected(corpus: Corpus, indent: int | None) -> str:
    return json.dumps(build_report(corpus, _sources(corpus)), ensure_ascii=False, indent=indent)


@pytest.mark.parametrize("indent", [None, 1, 2])
def test_kept_items_are_reused_and_the_text_is_what_json_dumps_writes(
    indent: int | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(items, "CHUNK", 3)  # several chunks, some mixing kept and rebuilt items
    corpus = analysed()
    assert len(corpus.entities) > 3 and len(corpus.stories) > 1
    store = KeptPieces()
    text, written = _write(store, corpus, indent)
    assert text == _expected(corpus, indent) and written.errors == []
    assert written.items_rebuilt == {"entities": len(corpus.entities), "stories": len(corpus.stories)}
    store.loaded.clear()
    again, written = _write(store, corpus, indent)
    assert again == text and written.items_rebuilt == {"entities": 0, "stories": 0}
    assert sorted(store.loaded) == sorted([e.id for e in corpus.entities] + [s.id for s in corpus.stories])
    assert written.counts["entities"] == len(corpus.entities)


def test_only_changed_entities_and_stories_are_rebuilt_and_gone_ones_forgotten() -> None:
    corpus = analysed()
    store = KeptPieces()
    _write(store, corpus, 1)
    first, *rest = corpus.entities
    story = corpus.stories[-1]
    changed = corpus.with_(
        entities=(replace(first, name=first.name + " الثاني"), *rest[1:]),  # rest[0] is gone
        stories=(*corpus.stories[:-1], replace(story, title=story.title + " (محدث)")),
    )
    text, written = _write(store, changed, 1)
    assert text == _expected(changed, 1)
    assert written.items_rebuilt == {"entities": 1, "stories": 1}
    kept = {key for kind, key in store.pieces if kind == KINDS["entities"]}
    assert kept == {e.id for e in changed.entities} and rest[0].id not in kept


def test_a_new_layout_rebuilds_every_item() -> None:
    corpus = analysed()
    store = KeptPieces()
    _write(store, corpus, 1)
    text, written = _write(store, corpus, None)
    assert text == _expected(corpus, None)
    assert written.items_rebuilt == {"entities": len(corpus.entities), "stories": len(corpus.stories)}
    assert layout(1) != layout(None)


def test_a_kept_item_naming_an_article_no_longer_reported_is_an_error() -> None:
    corpus = analysed()
    store = KeptPieces()
    _write(store, corpus, None)
    entity = corpus.entities[0]
    gone = entity.mentions[0].article
    out = io.BytesIO()
    ids = [a.doc.id for a in corpus.articles if a.doc.id != gone]
    without = corpus.with_(articles=tuple(a for a in corpus.articles if a.doc.id != gone))
    written = write_reusing(store, without, ids, lambda _: [], out, _sources(corpus), version="v")
    assert written.items_rebuilt["entities"] == 0
    assert f"entity {entity.id}: unknown article {gone!r}" in written.errors


def test_a_store_without_keyed_pieces_builds_every_item() -> None:
    corpus = analysed()

    class ArticlePiecesOnly(KeptPieces):
        load_pieces = None  # type: ignore[assignment]

    store = ArticlePiecesOnly()
    assert not keeps_items(store) and keeps_items(KeptPieces())
    text, written = _write(store, corpus, 1)
    assert text == _expected(corpus, 1) and written.items_rebuilt == {}


names = st.text(alphabet="ابتثجحخدرسصطعقلمنهوي ", min_size=1, max_size=12)
mentions = st.builds(MentionRef, st.sampled_from(["a", "b"]), st.integers(0, 50), st.integers(0, 60), names)
entities = st.builds(
    Entity,
    st.sampled_from(["e1", "e2"]),
    names,
    st.sampled_from(["PERSON", "LOCATION"]),
    st.lists(names, max_size=3).map(tuple),
    st.lists(mentions, max_size=4).map(tuple),
)


@settings(max_examples=200, deadline=None)
@given(entities, entities)
def test_entities_share_a_digest_exactly_when_equal(one: Entity, other: Entity) -> None:
    copy = pickle.loads(pickle.dumps(one))  # equal, but no object shared
    assert value_digest("entities", copy) == value_digest("entities", one)
    assert (value_digest("entities", one) == value_digest("entities", other)) == (one == other)


def test_stories_share_a_digest_exactly_when_equal() -> None:
    corpus = analysed()
    for story in corpus.stories:
        assert value_digest("stories", pickle.loads(pickle.dumps(story))) == value_digest("stories", story)
    story = corpus.stories[0]
    changed = [
        replace(story, articles=story.articles[:-1]),
        replace(story, timeline=(*story.timeline, "x")),
        replace(story, claim_groups=story.claim_groups[1:]) if story.claim_groups else None,
        replace(story, framing=story.framing[1:]) if story.framing else None,
    ]
    for other in filter(None, changed):
        assert other != story and value_digest("stories", other) != value_digest("stories", story)


def test_the_entity_digest_reads_every_field_of_an_entity_and_its_mentions() -> None:
    # value_digest lists these fields by hand (faster than repr): a new field must be added there too
    assert [f.name for f in fields(Entity)] == ["id", "name", "type", "aliases", "mentions"]
    assert [f.name for f in fields(MentionRef)] == ["article", "start", "end", "text"]
