"""Framing on composed two-outlet stories: titles, force labels, hedging verbs, loaded terms, profiles."""

from __future__ import annotations

import json
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.arabic.layer import add_text_layer
from marsad.corpus.framing import (
    FRAMING_PARTS,
    FRAMING_STAGE,
    ArticleTokens,
    frame_article,
    frame_corpus,
    framing_of,
    outlet_profiles,
    profile_record,
)
from marsad.corpus.framing_lexicon import load_framing_lexicon
from marsad.corpus.model import Corpus, Entity, MentionRef, Story
from marsad.document import Article, Document, QuoteMention
from marsad.extract.quotes import extract_quotes

NAME = "سامر الخطيب"
EAST = (
    "هاجمت ميليشيات سامر الخطيب الأحياء الجنوبية للعاصمة. "
    "وزعم اللواء المتقاعد سامر الخطيب أن قواته تتقدم على كل المحاور. "
    "وقتل ثلاثة مدنيين في العدوان على الأحياء الجنوبية."
)
WEST = (
    "تقدمت قوات الجيش الوطني بقيادة المشير سامر الخطيب نحو العاصمة. "
    "وأكد سامر الخطيب أن قواته تتقدم على كل المحاور. "
    "وسقط ثلاثة قتلى في الاشتباكات."
)


def _article(text: str, outlet: str) -> Article:
    """A composed article through the text layer and the quote extractor."""
    article = add_text_layer(Article(Document.create(text, f"{outlet}.txt", outlet=outlet)))
    return article.with_(quotes=extract_quotes(article))


def _corpus(*articles: Article) -> Corpus:
    """One story over the articles, with one entity mentioned wherever ``NAME`` occurs."""
    refs = tuple(
        MentionRef(a.doc.id, m.start(), m.end(), m.group())
        for a in articles
        for m in re.finditer(NAME, a.text)
    )
    entity = Entity("e1", NAME, "PERSON", (NAME,), refs)
    story = Story("s", "s", tuple(a.doc.id for a in articles))
    return Corpus(tuple(articles), entities=(entity,), stories=(story,))


def test_each_outlet_gets_its_own_labels_verbs_and_hedges() -> None:
    east, west = _article(EAST, "east"), _article(WEST, "west")
    corpus = frame_corpus(_corpus(east, west))
    rows = {f.article: f for f in corpus.stories[0].framing}
    e, w = rows[east.doc.id], rows[west.doc.id]
    assert set(e.labels) == {"ميليشيات", "اللواء المتقاعد"}
    assert set(w.labels) == {"المشير", "الجيش الوطني"}
    assert e.verbs == ("زعم",) and e.hedges == ("زعم",)
    assert w.verbs == ("أكّد",) and w.hedges == ()


def test_loaded_terms_near_the_actor_are_kept_per_article() -> None:
    east, west = _article(EAST, "east"), _article(WEST, "west")
    loaded = {
        row["article"]: row["terms"] for row in frame_corpus(_corpus(east, west)).extra["framing_loaded"]["s"]
    }
    assert "ميليشيات" in loaded[east.doc.id]
    assert "الجيش الوطني" in loaded[west.doc.id]


def test_hedge_words_next_to_the_name() -> None:
    text = f"وصل ما يسمى {NAME} إلى المدينة. وأعلن المجلس {NAME} المزعوم رئيسا."
    article = _article(text, "x")
    spans = [(m.start(), m.end()) for m in re.finditer(NAME, text)]
    frame = frame_article(article, spans)
    assert frame.hedges == ["ما يسمى", "المزعوم"]


def test_labels_need_the_name_close_by_and_no_punctuation_between() -> None:
    text = f"تحدث المشير طويلا أمس في الاجتماع الكبير، ثم قال {NAME} كلاما آخر."
    article = _article(text, "x")
    start = text.index(NAME)
    assert frame_article(article, [(start, start + len(NAME))]).labels == []


def test_clitics_do_not_hide_labels() -> None:
    text = f"وانسحبت والمرتزقة {NAME} من المدينة. وقاتل بميليشيات {NAME} آخرون."
    article = _article(text, "x")
    spans = [(m.start(), m.end()) for m in re.finditer(NAME, text)]
    assert frame_article(article, spans).labels == ["مرتزقة", "ميليشيات"]


def test_actor_without_any_framing_is_left_out() -> None:
    plain = _article(f"زار {NAME} المعرض وتجول في أجنحته.", "x")
    assert frame_corpus(_corpus(plain)).stories[0].framing == ()


def test_outlet_profiles_count_verbs_and_loaded_terms() -> None:
    east, west = _article(EAST, "east"), _article(WEST, "west")
    profiles = {p.outlet: p for p in outlet_profiles(_corpus(east, west))}
    assert profiles["east"].distancing_share == 1.0
    assert profiles["west"].distancing_share == 0.0
    assert dict(profiles["east"].stances)["distancing"] == 1
    delegit = dict(profiles["east"].loaded_per_1k_words)["delegitimising"]
    assert delegit > dict(profiles["west"].loaded_per_1k_words)["delegitimising"]
    assert ("e1", "المشير", 1) in profiles["west"].labels
    record = profile_record(profiles["east"])
    assert json.loads(json.dumps(record, ensure_ascii=False))["stances"]["distancing"] == 1


def test_stage_contract() -> None:
    assert FRAMING_STAGE.requires == {"articles", "entities", "stories"}
    assert FRAMING_STAGE.assigns == {"framing"}


def test_every_lexicon_label_is_found_by_its_own_form() -> None:
    lex = load_framing_lexicon()
    for matcher in (lex.titles, lex.forces, lex.loaded):
        for key, (label, _) in matcher.phrases().items():
            tokens = add_text_layer(Article(Document.create(" ".join(key), "x"))).tokens
            found = matcher.match_at(tokens, 0)
            assert found is not None and found.end == len(tokens), (key, label)


_WORDS = st.sampled_from(
    ["قوات", "الجيش", "الوطني", "بقيادة", "المشير", "ميليشيات", "، ", "زعم", "المزعوم", "في"]
)


@settings(max_examples=40, deadline=None)
@given(st.lists(_WORDS, max_size=12), st.lists(_WORDS, max_size=6))
def test_framing_never_fails_and_labels_come_from_the_lexicon(before: list[str], after: list[str]) -> None:
    text = " ".join([*before, NAME, *after])
    article = _article(text, "x")
    start = text.index(NAME)
    frame = frame_article(article, [(start, start + len(NAME))])
    lex = load_framing_lexicon()
    known = {label for m in (lex.titles, lex.forces) for label, _ in m.phrases().values()}
    assert set(frame.labels) <= known


def test_neutral_counterparts_are_not_shown_as_loaded_terms() -> None:
    text = "قالت حكومة سامر الخطيب إن قوات الأمن أنهت الاشتباكات. ووصف سامر الخطيب الهجوم بأنه عدوان."
    article = _article(text, "north")
    (row,) = frame_corpus(_corpus(article)).stories[0].framing
    assert "عدوان" in row.loaded
    assert not {"حكومة", "قوات", "اشتباكات", "هجوم"} & set(row.loaded)
    (kept,) = frame_corpus(_corpus(article)).extra["framing_loaded"]["s"]
    assert "حكومة" in kept["neutral"] and "عدوان" not in kept["neutral"]


def test_an_actor_with_only_neutral_words_around_has_no_framing_row() -> None:
    article = _article("وصل سامر الخطيب إلى المدينة بعد الاشتباكات التي خاضتها قوات الأمن.", "north")
    article = article.with_(quotes=())
    assert frame_corpus(_corpus(article)).stories[0].framing == ()


def test_a_system_or_law_is_no_regime() -> None:
    text = "أعلن سامر الخطيب تطبيق نظام التقاعد الجديد على موظفي النظام المصرفي."
    (row,) = frame_corpus(_corpus(_article(text, "north"))).stories[0].framing or (None,)
    assert row is None or not row.loaded


_SPAN = st.tuples(st.integers(0, 60), st.integers(0, 12)).map(lambda p: (p[0], p[0] + p[1]))


@settings(max_examples=150, deadline=None)
@given(st.lists(_SPAN, max_size=8), st.lists(_SPAN, min_size=1, max_size=4))
def test_quotes_of_an_actor_are_those_whose_speaker_overlaps_a_mention(
    speakers: list[tuple[int, int]], spans: list[tuple[int, int]]
) -> None:
    quotes = tuple(QuoteMention(0, 1, "x", "direct", "قال", s, e) for s, e in speakers)
    view = ArticleTokens(Article(Document.create("x" * 80, "a.txt")).with_(quotes=quotes))
    expected = [r for r in view.reported() if any(min(r[1], e) > max(r[0], s) for s, e in spans)]
    assert view.reported_by(spans) == expected
    assert len(view.reported()) == len(speakers)


def test_a_story_framed_from_kept_parts_equals_one_framed_whole() -> None:
    east, west = _article(EAST, "east"), _article(WEST, "west")
    quiet = _article("التقى سامر الخطيب وفدا من الأعيان في المدينة أمس.", "third")
    corpus = frame_corpus(_corpus(east, quiet, west))
    parts = corpus.extra[FRAMING_PARTS]["s"]
    assert set(parts) == {east.doc.id, quiet.doc.id, west.doc.id}
    rows, _ = framing_of(parts[a] for a in corpus.stories[0].articles)
    assert rows == corpus.stories[0].framing
    # an actor with nothing to show in the kept articles becomes telling through a new one: the kept
    # empty frames then give its rows in the old articles too
    alone = frame_corpus(_corpus(quiet))
    assert alone.stories[0].framing == ()
    grown, _ = framing_of([alone.extra[FRAMING_PARTS]["s"][quiet.doc.id], parts[east.doc.id]])
    assert [r.article for r in grown] == [quiet.doc.id, east.doc.id]
