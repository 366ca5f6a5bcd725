"""Cross-article resolution on composed articles: clitics, titles, short forms, variants, namesakes."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.corpus.model import Corpus, Entity
from marsad.corpus.resolve import RESOLVE_STAGE, resolve_mentions
from marsad.corpus.resolve_names import LONG_VOWELS, same_word, spelling_keys
from marsad.document import Article, Document, Mention


def _article(text: str, names: list[tuple[str, str]]) -> Article:
    """An article whose mentions are the given (surface, type) pairs, found in order in ``text``."""
    mentions = []
    pos = 0
    for surface, type_ in names:
        start = text.index(surface, pos)
        mentions.append(Mention(start, start + len(surface), surface, type_))
        pos = start + len(surface)
    return Article(doc=Document.create(text, source="test"), mentions=tuple(mentions))


def _entity_of(entities: tuple[Entity, ...], surface: str) -> Entity:
    """The entity one of whose mentions reads ``surface``."""
    hits = [e for e in entities if any(m.text == surface for m in e.mentions)]
    assert len(hits) == 1, (surface, hits)
    return hits[0]


def test_titles_clitics_and_surname_merge_into_one_person() -> None:
    a = _article(
        "استقبل اللواء المتقاعد سامر الخطيب الوفد، وقال الخطيب إن اللقاء كان مثمرا.",
        [("اللواء المتقاعد سامر الخطيب", "PERSON"), ("الخطيب", "PERSON")],
    )
    b = _article(
        "اتصل الوزير بالخطيب هاتفيا، ثم التقى المشير سامر الخطيب.",
        [("بالخطيب", "PERSON"), ("المشير سامر الخطيب", "PERSON")],
    )
    entities = resolve_mentions([a, b])
    people = [e for e in entities if e.type == "PERSON"]
    assert len(people) == 1
    person = people[0]
    assert person.name == "سامر الخطيب"
    assert len(person.mentions) == 4
    assert {"بالخطيب", "الخطيب", "المشير سامر الخطيب"} <= set(person.aliases)


def test_shared_surname_keeps_two_people_and_the_bare_surname_apart() -> None:
    a = _article(
        "قال سمير الخطيب إن نادر الخطيب سافر، وأضاف الخطيب أنه سيعود.",
        [("سمير الخطيب", "PERSON"), ("نادر الخطيب", "PERSON"), ("الخطيب", "PERSON")],
    )
    entities = resolve_mentions([a])
    samir = _entity_of(entities, "سمير الخطيب")
    nader = _entity_of(entities, "نادر الخطيب")
    bare = _entity_of(entities, "الخطيب")
    assert len({samir.id, nader.id, bare.id}) == 3


def test_shared_first_name_keeps_two_people_apart() -> None:
    a = _article(
        "التقى جون هاملتون مع جون باركر في لندن.", [("جون هاملتون", "PERSON"), ("جون باركر", "PERSON")]
    )
    b = _article("وصرح هاملتون بأن الاجتماع انتهى.", [("هاملتون", "PERSON")])
    entities = resolve_mentions([a, b])
    assert _entity_of(entities, "جون هاملتون").id != _entity_of(entities, "جون باركر").id
    assert _entity_of(entities, "هاملتون").id == _entity_of(entities, "جون هاملتون").id


def test_transliteration_variants_merge_but_distinct_arabic_names_do_not() -> None:
    a = _article("وصل كريستوفر هاملتون إلى المدينة.", [("كريستوفر هاملتون", "PERSON")])
    b = _article("غادر كرستوفر هاميلتون المدينة.", [("كرستوفر هاميلتون", "PERSON")])
    c = _article(
        "قال محمد حسان ومحمود حسان كلاما مختلفا.", [("محمد حسان", "PERSON"), ("محمود حسان", "PERSON")]
    )
    entities = resolve_mentions([a, b, c])
    assert _entity_of(entities, "كريستوفر هاملتون").id == _entity_of(entities, "كرستوفر هاميلتون").id
    assert _entity_of(entities, "محمد حسان").id != _entity_of(entities, "محمود حسان").id


def test_places_and_organisations_merge_over_clitics_only() -> None:
    a = _article(
        "زار الوفد عمّان ثم عاد من عمّان إلى الأمم المتحدة.",
        [("عمّان", "LOCATION"), ("عمّان", "LOCATION"), ("الأمم المتحدة", "ORGANIZATION")],
    )
    b = _article(
        "وقال متحدث باسم للأمم المتحدة إن وفدا وصل لعمّان.",
        [("للأمم المتحدة", "ORGANIZATION"), ("لعمّان", "LOCATION")],
    )
    entities = resolve_mentions([a, b])
    un = _entity_of(entities, "للأمم المتحدة")
    assert un.type == "ORGANIZATION"
    assert un.name == "الأمم المتحدة"
    assert len(un.mentions) == 2
    assert len(_entity_of(entities, "لعمّان").mentions) == 3


def test_ids_are_stable_and_offsets_exact() -> None:
    a = _article("قال سامر الخطيب إن الخطيب سيعود.", [("سامر الخطيب", "PERSON"), ("الخطيب", "PERSON")])
    first = RESOLVE_STAGE(Corpus(articles=(a,)))
    second = RESOLVE_STAGE(Corpus(articles=(a,)))
    assert [e.id for e in first.entities] == [e.id for e in second.entities]
    texts = {a.doc.id: a.text}
    for entity in first.entities:
        for m in entity.mentions:
            assert texts[m.article][m.start : m.end] == m.text


def test_a_mention_that_is_only_a_title_is_dropped() -> None:
    a = _article("قال الرئيس إن الوضع مستقر.", [("الرئيس", "PERSON")])
    assert resolve_mentions([a]) == ()


words = st.sampled_from(["سامر", "الخطيب", "نادر", "بالخطيب", "جون", "هاملتون", "عمّان", "الوزير", "وسامر"])


@settings(max_examples=60)
@given(st.lists(st.lists(words, min_size=1, max_size=3), min_size=1, max_size=8))
def test_every_mention_lands_in_exactly_one_entity(names: list[list[str]]) -> None:
    text = " ، ".join(" ".join(n) for n in names)
    article = _article(text, [(" ".join(n), "PERSON") for n in names])
    entities = resolve_mentions([article])
    refs = [(m.start, m.end) for e in entities for m in e.mentions]
    assert len(refs) == len(set(refs))
    kept = {(m.start, m.end) for m in article.mentions if set(m.text.split()) != {"الوزير"}}
    assert set(refs) == kept
    for e in entities:
        assert e.id.startswith("person-")
        for m in e.mentions:
            assert text[m.start : m.end] == m.text


letters = st.text(alphabet="اويىبتسمرلنك", min_size=1, max_size=9)


@settings(max_examples=300)
@given(letters, letters, st.integers(min_value=0, max_value=8), st.sampled_from(["", "ا", "و", "ي", "ب"]))
def test_spelling_keys_find_every_pair_of_spellings_of_one_name(a: str, b: str, at: int, edit: str) -> None:
    # The index behind resolution only compares words sharing a spelling key: it must never miss a pair
    # the word comparison accepts (an edit of one letter, long vowels dropped, or an unrelated word).
    for other in (b, a[:at] + edit + a[at + 1 :], a[:at] + edit + a[at:], a.translate(LONG_VOWELS)):
        if same_word(a, other, frozenset()):
            assert spelling_keys(a) & spelling_keys(other), (a, other)


def test_a_surname_shared_by_many_forms_is_found_through_the_index() -> None:
    names = [f"سامر {w}" for w in ("الخطيب", "الكاتب", "الحلبي", "المصري")] + ["الخطيب"]
    text = " ، ".join(names)
    entities = resolve_mentions([_article(text, [(n, "PERSON") for n in names])])
    assert _entity_of(entities, "الخطيب") is _entity_of(entities, "سامر الخطيب")
    assert _entity_of(entities, "سامر الكاتب") is not _entity_of(entities, "سامر الخطيب")
