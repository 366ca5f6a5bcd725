"""Claim alignment on composed two-outlet stories: agree, negation, numbers, opposites, quote drift."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.typing import NDArray

from marsad.arabic.layer import add_text_layer
from marsad.corpus.compare import (
    COMPARE_STAGE,
    claim_idf,
    compare_corpus,
    comparison_units,
    embedding_boundary,
    pairs_to_embed,
    relate,
    same_claim_probability,
    stance_applies,
    view_claim,
    weighted_overlap,
)
from marsad.corpus.model import ClaimGroup, Corpus, Entity, MentionRef, Story, StoryEvent, claim_id
from marsad.document import Article, ClaimMention, Document, Mention
from marsad.extract.claims import extract_claims
from marsad.extract.quotes import extract_quotes

DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "saudinewsnet"


def _article(text: str, outlet: str) -> Article:
    """A composed article through text layer, quotes and claims."""
    article = add_text_layer(Article(Document.create(text, f"{outlet}.txt", outlet=outlet)))
    article = article.with_(quotes=extract_quotes(article))
    return article.with_(claims=extract_claims(article))


def _story(*articles: Article, entities: tuple[Entity, ...] = ()) -> Corpus:
    """Compare the claims of one story made of the given articles."""
    story = Story("s", "s", tuple(a.doc.id for a in articles))
    return compare_corpus(Corpus(tuple(articles), entities=entities, stories=(story,)))


def _relation_of(corpus: Corpus, a: Article, b: Article) -> list[tuple[str, str]]:
    """Relations (and why) of the groups holding a claim of both ``a`` and ``b``."""
    reasons = corpus.extra["claim_group_reasons"]["s"]
    out = []
    for group, why in zip(corpus.stories[0].claim_groups, reasons, strict=True):
        ids = "".join(group.claims)
        if a.doc.id in ids and b.doc.id in ids:
            out.append((group.relation, why))
    return out


def test_sent_versus_did_not_send_is_a_contradiction() -> None:
    a = _article("أرسلت الحكومة مئتي مقاتل إلى الحدود الشمالية يوم الأحد.", "east")
    b = _article("لم ترسل الحكومة أي مقاتل إلى الحدود الشمالية يوم الأحد.", "west")
    assert _relation_of(_story(a, b), a, b) == [("contradict", "negation")]


def test_same_statement_in_two_outlets_agrees() -> None:
    a = _article("افتتح المحافظ مستشفى جديدا للأطفال في المدينة الساحلية يوم الخميس.", "east")
    b = _article("وافتتح المحافظ يوم الخميس مستشفى جديدا للأطفال في المدينة الساحلية.", "west")
    corpus = _story(a, b)
    assert _relation_of(corpus, a, b) == [("agree", "same")]
    (group,) = corpus.stories[0].claim_groups
    assert group.claims == tuple(
        sorted((claim_id(a.doc.id, 0), claim_id(b.doc.id, 0)), key=group.claims.index)
    )
    assert 0.0 < group.score <= 1.0


def test_different_numbers_for_the_same_toll_contradict() -> None:
    a = _article("وأعلنت الشرطة مقتل 12 شخصا في الانفجار الذي وقع في السوق المركزي.", "east")
    b = _article("وأعلنت الشرطة مقتل خمسة عشر شخصا في الانفجار الذي وقع في السوق المركزي.", "west")
    assert _relation_of(_story(a, b), a, b) == [("contradict", "numbers")]


def test_supports_versus_opposes_is_a_contradiction() -> None:
    a = _article("يدعم البرلمان مشروع القانون الجديد لتنظيم الصحافة في البلاد.", "east")
    b = _article("يعارض البرلمان مشروع القانون الجديد لتنظيم الصحافة في البلاد.", "west")
    assert _relation_of(_story(a, b), a, b) == [("contradict", "opposite")]


def test_same_words_in_another_mouth_are_quote_drift() -> None:
    a = _article("وقال وزير الدفاع سامر الخطيب إن الجيش سيبقى في المنطقة حتى نهاية العام.", "east")
    b = _article("وقال زعيم المعارضة ماهر النجار إن الجيش سيبقى في المنطقة حتى نهاية العام.", "west")
    assert _relation_of(_story(a, b), a, b) == [("contradict", "quote-drift")]


def test_speaker_named_differently_but_present_in_the_other_article_is_no_drift() -> None:
    a = _article("وقال سامر الخطيب إن الجيش سيبقى في المنطقة حتى نهاية العام.", "east")
    b = _article(
        "التقى الوزير سامر الخطيب بالصحفيين. "
        "وقال المتحدث باسم الوزارة إن الجيش سيبقى في المنطقة حتى نهاية العام.",
        "west",
    )
    assert ("contradict", "quote-drift") not in _relation_of(_story(a, b), a, b)


def test_resolved_entities_decide_drift() -> None:
    a = _article("وقال الخطيب إن الجيش سيبقى في المنطقة حتى نهاية العام.", "east")
    b = _article("وقال الخطيب أمس إن الجيش سيبقى في المنطقة حتى نهاية العام.", "west")

    def ref(article: Article) -> MentionRef:
        start = article.text.index("الخطيب")
        return MentionRef(article.doc.id, start, start + 6, "الخطيب")

    same = (Entity("p1", "الخطيب", "PERSON", (), (ref(a), ref(b))),)
    two = (Entity("p1", "الخطيب", "PERSON", (), (ref(a),)), Entity("p2", "الخطيب", "PERSON", (), (ref(b),)))
    assert _relation_of(_story(a, b, entities=same), a, b) == [("agree", "same")]
    assert _relation_of(_story(a, b, entities=two), a, b) == [("contradict", "quote-drift")]


def test_what_one_outlet_alone_reports_is_unique() -> None:
    a = _article("افتتح المحافظ مستشفى جديدا في المدينة. وارتفعت أسعار الوقود بنسبة 20 في المائة.", "east")
    b = _article("افتتح المحافظ مستشفى جديدا في المدينة.", "west")
    groups = _story(a, b).stories[0].claim_groups
    unique = [g for g in groups if g.relation == "unique"]
    assert [g.claims for g in unique] == [(claim_id(a.doc.id, 1),)]


def test_claims_of_one_outlet_are_never_compared() -> None:
    a = _article("أرسلت الحكومة مئتي مقاتل إلى الحدود الشمالية.", "same")
    b = _article("لم ترسل الحكومة أي مقاتل إلى الحدود الشمالية.", "same")
    assert _story(a, b).stories[0].claim_groups == ()


def test_stance_model_is_consulted_in_one_batch_for_claims_the_rules_let_pass() -> None:
    a = _article(
        "افتتح المحافظ مستشفى جديدا للأطفال في المدينة الساحلية. وأرسلت الحكومة مئتي جندي إلى الحدود.", "east"
    )
    b = _article(
        "وافتتح المحافظ مستشفى جديدا للمسنين في المدينة الساحلية. ولم ترسل الحكومة أي جندي إلى الحدود.",
        "west",
    )
    calls: list[int] = []

    def disagree(pairs: Sequence[tuple[str, str]]) -> list[tuple[str, float]]:
        calls.append(len(pairs))
        return [("disagree", 0.9)] * len(pairs)

    va, vb = view_claim(a, 0, a.claims[0]), view_claim(b, 0, b.claims[0])
    sim = weighted_overlap(va.stems, vb.stems, {})
    found = relate(va, vb, sim)
    assert found is not None and (found[0], found[2]) == ("agree", "same")
    story = Story("s", "s", (a.doc.id, b.doc.id))
    corpus = compare_corpus(Corpus((a, b), stories=(story,)), disagree)
    reasons = corpus.extra["claim_group_reasons"]["s"]
    assert sorted(reasons) == ["negation", "stance"]
    assert len(calls) == 1
    assert corpus.extra["claim_alignment"].startswith("stance model")


def test_a_missing_stance_model_falls_back_to_the_rules() -> None:
    a = _article("افتتح المحافظ مستشفى جديدا للأطفال في المدينة الساحلية.", "east")
    b = _article("وافتتح المحافظ أمس مستشفى جديدا للأطفال في المدينة الساحلية الكبرى.", "west")

    def missing(pairs: Sequence[tuple[str, str]]) -> list[tuple[str, float]]:
        raise FileNotFoundError("fast.npz")

    story = Story("s", "s", (a.doc.id, b.doc.id))
    corpus = compare_corpus(Corpus((a, b), stories=(story,)), missing)
    assert corpus.stories[0].claim_groups[0].relation == "agree"
    assert corpus.extra["claim_alignment"].startswith("rules only")


def test_stage_contract() -> None:
    assert COMPARE_STAGE.requires == {"articles", "claims", "stories"}
    assert COMPARE_STAGE.assigns == {"claim_groups"}


_SENTENCES = st.sampled_from(
    [
        "أرسلت الحكومة مئتي مقاتل إلى الحدود.",
        "لم ترسل الحكومة أي مقاتل إلى الحدود.",
        "قال الوزير إن المصنع أنتج 500 سيارة.",
        "قال المدير إن المصنع أنتج 600 سيارة.",
        "يدعم البرلمان القانون الجديد للصحافة.",
        "يعارض البرلمان القانون الجديد للصحافة.",
        "افتتح المحافظ مستشفى جديدا في المدينة.",
    ]
)


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(_SENTENCES, st.sampled_from(["a", "b", "c"])), min_size=2, max_size=8))
def test_every_claim_lands_in_a_group_of_known_relation(items: list[tuple[str, str]]) -> None:
    articles = {}
    for n, (text, outlet) in enumerate(items):
        art = _article(f"{text} ({n})", outlet)
        articles[art.doc.id] = art
    corpus = _story(*articles.values())
    groups: tuple[ClaimGroup, ...] = corpus.stories[0].claim_groups
    known = {claim_id(a.doc.id, i) for a in articles.values() for i in range(len(a.claims))}
    seen = {c for g in groups for c in g.claims}
    assert seen <= known
    if len({a.doc.outlet for a in articles.values()}) > 1:
        assert seen == known
    for g in groups:
        assert g.relation in {"agree", "contradict", "unique"}
        assert 0.0 <= g.score <= 1.0
        if g.relation != "unique":
            assert len(g.claims) >= 2


def test_claim_ids_point_at_claims() -> None:
    a = _article("أرسلت الحكومة مئتي مقاتل إلى الحدود.", "a")
    claim = a.claims[0]
    assert isinstance(claim, ClaimMention) and claim_id(a.doc.id, 0).endswith("-0")


def test_saudinewsnet_articles_of_several_outlets_align_without_error() -> None:
    if not DATA.exists():
        if os.environ.get("CI") == "true":
            raise AssertionError("shared data missing under CI")
        pytest.skip("SaudiNewsNet not present in ../shared/data")
    import json
    import zipfile

    with zipfile.ZipFile(DATA / "2015-08-06.zip") as z:
        records = json.loads(z.read(z.namelist()[0]))
    per_outlet: dict[str, int] = {}
    articles = []
    for r in records:
        if r["content"] and len(r["content"]) < 6000 and per_outlet.get(r["source"], 0) < 10:
            per_outlet[r["source"]] = per_outlet.get(r["source"], 0) + 1
            articles.append(_article(r["content"], r["source"]))
    assert len(per_outlet) > 3
    story = Story("s", "s", tuple(a.doc.id for a in articles))
    corpus = compare_corpus(Corpus(tuple(articles), stories=(story,)))
    groups = corpus.stories[0].claim_groups
    assert groups
    ids = {claim_id(a.doc.id, i) for a in articles for i in range(len(a.claims))}
    assert {c for g in groups for c in g.claims} == ids


def test_a_paraphrase_with_few_shared_words_agrees() -> None:
    a = _article("أعلنت وزارة الصحة افتتاح مستشفى جديد للأطفال في مدينة الساحل.", "east")
    b = _article(
        "افتتحت وزارة الصحة مستشفى جديدا للأطفال في مدينة الساحل أمس بحضور المحافظ وعدد من المسؤولين.", "west"
    )
    va, vb = view_claim(a, 0, a.claims[0]), view_claim(b, 0, b.claims[0])
    assert weighted_overlap(va.stems, vb.stems, claim_idf([va, vb])) < 0.45  # below the old fixed cut
    corpus = _story(a, b)
    assert _relation_of(corpus, a, b) == [("agree", "paraphrase")]
    assert corpus.stories[0].claim_groups[0].reason.startswith("paraphrase 0.")


def test_a_toll_given_as_words_and_digits_for_the_same_victims_contradicts() -> None:
    a = _article("أسفر الانفجار عن مقتل عشرة من رجال الأمن وإصابة خمسة آخرين في السوق.", "east")
    b = _article("وأسفر الانفجار عن مقتل 17 من رجال الأمن وإصابة العشرات في السوق.", "west")
    corpus = _story(a, b)
    assert _relation_of(corpus, a, b) == [("contradict", "numbers")]
    (group,) = [g for g in corpus.stories[0].claim_groups if g.relation == "contradict"]
    assert group.reason == "numbers differ: 10 vs 17"


def test_figures_for_different_things_do_not_contradict() -> None:
    a = _article("أخلت المحكمة سبيل 11 متهما من أصل 29 متهما في قضية تفجير المسجد.", "east")
    b = _article("وأخلت المحكمة سبيل 11 متهما في قضية تفجير المسجد وأجلت الجلسة إلى 10 أغسطس.", "west")
    assert ("contradict", "numbers") not in _relation_of(_story(a, b), a, b)


def test_not_only_is_no_negation() -> None:
    a = _article("قال الوزير إن البلاد مهمة ليس في المنطقة فحسب بل في العالم كله.", "east")
    b = _article("قال الوزير إن البلاد مهمة في المنطقة وفي العالم كله.", "west")
    assert ("contradict", "negation") not in _relation_of(_story(a, b), a, b)


def test_reasons_are_said_in_words_and_evidence_spans_point_at_the_claims() -> None:
    a = _article("أرسلت الحكومة مئتي مقاتل إلى الحدود الشمالية يوم الأحد.", "east")
    b = _article("لم ترسل الحكومة أي مقاتل إلى الحدود الشمالية يوم الأحد.", "west")
    corpus = _story(a, b)
    (group,) = corpus.stories[0].claim_groups
    assert group.relation == "contradict"
    assert group.reason == "negation: أرسلت vs لم ترسل"
    texts = {x.doc.id: x.text for x in (a, b)}
    (spans,) = corpus.extra["claim_group_evidence"]["s"]
    claims = {x.doc.id: x.claims[0] for x in (a, b)}
    assert {article for article, _, _ in spans} == {a.doc.id, b.doc.id}
    for article, start, end in spans:
        assert texts[article][start:end] == claims[article].text
    side_a, side_b = group.sides
    assert {side_a, side_b} == {(claim_id(a.doc.id, 0),), (claim_id(b.doc.id, 0),)}


def test_a_described_speaker_is_no_drift_once_entities_are_known() -> None:
    a = _article("وقال المتحدث الرسمي للوزارة إن الجيش سيبقى في المنطقة حتى نهاية العام.", "east")
    b = _article("وقال سامر الخطيب إن الجيش سيبقى في المنطقة حتى نهاية العام.", "west")
    start = b.text.index("سامر")
    b = b.with_(mentions=(Mention(start, start + len("سامر الخطيب"), "سامر الخطيب", "PERSON"),))
    a = a.with_(mentions=(Mention(0, 1, "و", "MISC"),))
    assert ("contradict", "quote-drift") not in _relation_of(_story(a, b), a, b)


def test_embeddings_decide_undecided_pairs_within_the_budget() -> None:
    a = _article("أعلنت الشركة عن أرباح قياسية هذا العام بفضل زيادة الصادرات إلى آسيا.", "east")
    b = _article("حققت الشركة أعلى مكاسب في تاريخها خلال العام بسبب نمو مبيعاتها في آسيا.", "west")
    story = Story("s", "s", (a.doc.id, b.doc.id))
    asked: list[list[str]] = []

    def same_direction(texts: Sequence[str]) -> dict[str, NDArray[np.float32]]:
        asked.append(list(texts))
        return {t: np.ones(4, dtype=np.float32) for t in texts}

    base = Corpus((a, b), stories=(story,))
    words = compare_corpus(base)
    embedded = compare_corpus(base, embed=same_direction)
    none = compare_corpus(base, embed=same_direction, budget=0)
    assert len(asked) == 1 and set(asked[0]) == {a.claims[0].text, b.claims[0].text}
    assert [g.relation for g in embedded.stories[0].claim_groups] == ["agree"]
    assert "unique" in {g.relation for g in words.stories[0].claim_groups}
    assert none.stories[0].claim_groups == words.stories[0].claim_groups
    assert "embeddings" in embedded.extra["claim_alignment"]


def test_most_undecided_pairs_are_embedded_first() -> None:
    boundary = embedding_boundary()
    found = [{0: [(boundary + 0.2, 1), (boundary + 0.01, 2)], 3: [(0.9, 4)]}]
    assert pairs_to_embed(found, 5) == [(0, 0, 2), (0, 0, 1)]
    assert pairs_to_embed(found, 1) == [(0, 0, 2)]


@given(st.floats(0.0, 1.0), st.floats(0.0, 1.0), st.floats(-1.0, 1.0))
def test_same_claim_probability_grows_with_overlap(low: float, high: float, cosine: float) -> None:
    low, high = min(low, high), max(low, high)
    assert same_claim_probability(low) <= same_claim_probability(high)
    assert same_claim_probability(low, cosine) <= same_claim_probability(high, cosine)
    assert 0.0 < same_claim_probability(low, cosine) < 1.0


def test_only_headline_like_pairs_go_to_the_stance_model() -> None:
    short = "الحكومة ترسل مقاتلين إلى الحدود"
    long = " ".join(["الحكومة ترسل مقاتلين إلى الحدود الشمالية"] * 4)
    assert stance_applies(short, short)
    assert not stance_applies(short, long)


GOLD = Path(__file__).resolve().parents[1] / "gold" / "claim_pairs.jsonl"


def test_gold_claim_pairs_are_well_formed() -> None:
    import json

    rows = [json.loads(line) for line in GOLD.read_text("utf-8").splitlines() if line.strip()]
    assert len(rows) >= 150
    assert {r["label"] for r in rows} == {"agree", "contradict", "unrelated"}
    assert {r["split"] for r in rows} == {"calibration", "heldout"}
    assert len({r["id"] for r in rows}) == len(rows)
    for r in rows:
        assert r["a"]["outlet"] != r["b"]["outlet"]
        assert r["a"]["end"] > r["a"]["start"] and r["b"]["end"] > r["b"]["start"]


def test_gold_claim_spans_index_the_saudinewsnet_articles() -> None:
    if not DATA.exists():
        if os.environ.get("CI") == "true":
            raise AssertionError("shared data missing under CI")
        pytest.skip("SaudiNewsNet not present in ../shared/data")
    import json

    from marsad.corpus.story_gold import read_zip
    from marsad.document import content_id

    days: dict[str, list[dict[str, str]]] = {}
    for line in GOLD.read_text("utf-8").splitlines():
        row = json.loads(line)
        for side in (row["a"], row["b"]):
            if side["zip"] not in days:
                days[side["zip"]] = read_zip(DATA / side["zip"])
            text = days[side["zip"]][side["index"]]["content"]
            assert content_id(text) == side["article"]
            assert text[side["start"] : side["end"]] == side["text"]


@pytest.mark.slow
def test_gold_claim_pairs_floor_through_the_compare_path() -> None:
    """Pairwise decisions on the hand-labelled pairs (no NER here, so a little below the benchmark)."""
    if not DATA.exists():
        if os.environ.get("CI") == "true":
            raise AssertionError("shared data missing under CI")
        pytest.skip("SaudiNewsNet not present in ../shared/data")
    import json
    from collections import Counter

    from marsad.corpus.story_gold import read_zip, record_article
    from marsad.corpus.terms import is_negated

    rows = [json.loads(line) for line in GOLD.read_text("utf-8").splitlines() if line.strip()]
    stories = [json.loads(line) for line in (GOLD.parent / "stories.jsonl").read_text("utf-8").splitlines()]
    events = {r["event"] for r in rows}
    days: dict[str, list[dict[str, str]]] = {}
    articles = {}
    for s in stories:
        if s["event"] in events:
            if s["zip"] not in days:
                days[s["zip"]] = read_zip(DATA / s["zip"])
            article = record_article(days[s["zip"]][s["index"]], s["zip"])
            article = article.with_(quotes=extract_quotes(article))
            articles[article.doc.id] = article.with_(claims=extract_claims(article))
    idf = claim_idf([view_claim(a, i, c) for a in articles.values() for i, c in enumerate(a.claims)])

    def view(side: dict[str, object]) -> object:
        article = articles[str(side["article"])]
        for i, c in enumerate(article.claims):
            if (c.start, c.end) == (side["start"], side["end"]):
                return view_claim(article, i, c)
        start, end = int(str(side["start"])), int(str(side["end"]))  # a sentence only NER makes checkable
        words = [t.norm for t in article.tokens if start <= t.start < end and t.is_word]
        claim = ClaimMention(start, end, article.text[start:end], is_negated(words))
        return view_claim(article, len(article.claims), claim)

    confusion: Counter[tuple[str, str, str]] = Counter()
    for r in rows:
        a, b = view(r["a"]), view(r["b"])
        found = relate(a, b, weighted_overlap(a.stems, b.stems, idf))  # type: ignore[attr-defined, arg-type]
        confusion[(r["split"], r["label"], "unrelated" if found is None else found[0])] += 1
    for split, floor in (("calibration", 0.72), ("heldout", 0.65)):  # measured 0.752 and 0.689
        f1 = []
        for label in ("agree", "contradict", "unrelated"):
            tp = confusion[(split, label, label)]
            fp = sum(n for (s, g, p), n in confusion.items() if s == split and p == label and g != label)
            fn = sum(n for (s, g, p), n in confusion.items() if s == split and g == label and p != label)
            f1.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
        assert sum(f1) / 3 >= floor, (split, f1)


def test_teens_written_as_words_are_one_figure() -> None:
    a = _article("أسفر الانفجار عن مقتل أحد عشر جنديا في الثكنة الشمالية للجيش.", "east")
    b = _article("وأسفر الانفجار عن مقتل ثلاثة عشر جنديا في الثكنة الشمالية للجيش.", "west")
    corpus = _story(a, b)
    (group,) = [g for g in corpus.stories[0].claim_groups if g.relation == "contradict"]
    assert group.reason == "numbers differ: 11 vs 13"


def _events(*events: tuple[str, tuple[Article, ...]]) -> Corpus:
    """Compare the claims of one story whose events hold the given articles, in the given order."""
    articles = tuple(a for _, members in events for a in members)
    story = Story(
        "s",
        "s",
        tuple(a.doc.id for a in articles),
        events=tuple(StoryEvent(eid, tuple(a.doc.id for a in members)) for eid, members in events),
    )
    return compare_corpus(Corpus(articles, stories=(story,)))


def test_a_contradiction_across_two_events_is_not_reported() -> None:
    monday = _article("وأعلنت الشرطة مقتل 12 شخصا في الانفجار الذي وقع في السوق المركزي.", "east")
    later = _article("وأعلنت الشرطة مقتل خمسة عشر شخصا في الانفجار الذي وقع في السوق المركزي.", "west")
    apart = _events(("e1", (monday,)), ("e2", (later,)))
    assert apart.stories[0].claim_groups == ()
    assert apart.extra["claim_group_events"]["s"] == ()
    together = _events(("e1", (monday, later)))
    assert [g.relation for g in together.stories[0].claim_groups] == ["contradict"]
    assert together.extra["claim_group_events"]["s"] == ("e1",)


def test_an_event_told_by_one_outlet_yields_no_group_in_a_story_of_several() -> None:
    a = _article("أرسلت الحكومة مئتي مقاتل إلى الحدود الشمالية يوم الأحد.", "east")
    b = _article("لم ترسل الحكومة أي مقاتل إلى الحدود الشمالية يوم الأحد.", "west")
    alone = _article("افتتح المحافظ مستشفى جديدا للأطفال في المدينة الساحلية يوم الخميس.", "east")
    corpus = _events(("e1", (alone,)), ("e2", (a, b)))
    (group,) = corpus.stories[0].claim_groups
    assert group.relation == "contradict"
    assert corpus.extra["claim_group_events"]["s"] == ("e2",)


def test_a_story_without_events_is_one_event_named_by_the_story() -> None:
    a = _article("افتتح المحافظ مستشفى جديدا للأطفال في المدينة الساحلية يوم الخميس.", "east")
    b = _article("وافتتح المحافظ يوم الخميس مستشفى جديدا للأطفال في المدينة الساحلية.", "west")
    corpus = _story(a, b)
    assert [g.relation for g in corpus.stories[0].claim_groups] == ["agree"]
    assert corpus.extra["claim_group_events"]["s"] == ("s",)
    assert comparison_units(corpus.stories[0]) == (("s", (a.doc.id, b.doc.id)),)


def test_articles_outside_the_given_events_are_not_compared() -> None:
    a = _article("أرسلت الحكومة مئتي مقاتل إلى الحدود الشمالية يوم الأحد.", "east")
    b = _article("لم ترسل الحكومة أي مقاتل إلى الحدود الشمالية يوم الأحد.", "west")
    story = Story("s", "s", (a.doc.id, b.doc.id), events=(StoryEvent("e1", (a.doc.id,)),))
    corpus = compare_corpus(Corpus((a, b), stories=(story,)))
    assert corpus.stories[0].claim_groups == ()


_EVENT_SENTENCES = st.sampled_from(
    [
        "أرسلت الحكومة مئتي مقاتل إلى الحدود.",
        "لم ترسل الحكومة أي مقاتل إلى الحدود.",
        "وأعلنت الشرطة مقتل 12 شخصا في انفجار السوق.",
        "وأعلنت الشرطة مقتل 15 شخصا في انفجار السوق.",
        "افتتح المحافظ مستشفى جديدا في المدينة.",
    ]
)


@settings(max_examples=25, deadline=None)
@given(
    st.lists(
        st.tuples(_EVENT_SENTENCES, st.sampled_from(["a", "b"]), st.sampled_from(["e1", "e2", "e3"])),
        min_size=2,
        max_size=9,
    )
)
def test_groups_stay_inside_one_event_and_the_extras_align(items: list[tuple[str, str, str]]) -> None:
    members: dict[str, list[Article]] = {}
    for n, (text, outlet, event) in enumerate(items):
        members.setdefault(event, []).append(_article(f"{text} ({n})", outlet))
    order = sorted(members, reverse=True)  # story.events order, not alphabetical
    corpus = _events(*((eid, tuple(members[eid])) for eid in order))
    groups = corpus.stories[0].claim_groups
    events = corpus.extra["claim_group_events"]["s"]
    evidence = corpus.extra["claim_group_evidence"]["s"]
    assert len(events) == len(groups) == len(corpus.extra["claim_group_reasons"]["s"]) == len(evidence)
    assert [order.index(e) for e in events] == sorted(order.index(e) for e in events)
    by_id = {a.doc.id: a for arts in members.values() for a in arts}
    for group, event, spans in zip(groups, events, evidence, strict=True):
        held = {a.doc.id for a in members[event]}
        assert len(spans) == len(group.claims)
        assert {article for article, _, _ in spans} <= held
        for article, start, end in spans:
            assert any(c.start == start and c.end == end for c in by_id[article].claims)
    for eid in order:
        claims = {claim_id(a.doc.id, i) for a in members[eid] for i in range(len(a.claims))}
        mine = {c for g, e in zip(groups, events, strict=True) if e == eid for c in g.claims}
        several = len({a.doc.outlet for a in members[eid]}) > 1
        assert mine == (claims if several else set())
