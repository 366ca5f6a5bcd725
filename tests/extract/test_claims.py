"""Claim extraction on composed sentences: quotes as attributed claims, checkable sentences, negation."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.arabic.layer import add_text_layer
from marsad.corpus.terms import is_negated, negated_heads, numbers_in
from marsad.document import Article, Document, Mention, QuoteMention
from marsad.extract.claims import CLAIM_STAGE, extract_claims
from marsad.extract.quotes import extract_quotes
from marsad.pipeline import ArticleStage, Pipeline


def _analyse(text: str, mentions: tuple[Mention, ...] = ()) -> Article:
    """Text layer, the given mentions, the quote extractor, then claims."""
    article = add_text_layer(Article(Document.create(text, "test"))).with_(mentions=mentions)
    article = article.with_(quotes=extract_quotes(article))
    return article.with_(claims=extract_claims(article))


def test_quote_becomes_a_claim_attributed_to_its_speaker() -> None:
    text = "قال المتحدث باسم الحكومة إن الجسر الجديد سيفتتح في نهاية الشهر المقبل."
    article = _analyse(text)
    (claim,) = article.claims
    assert "الجسر الجديد سيفتتح" in claim.text
    assert claim.source_start is not None and claim.source_end is not None
    assert "المتحدث" in text[claim.source_start : claim.source_end]
    assert not claim.negated


def test_denial_verb_negates_the_quoted_content() -> None:
    article = _analyse("نفى وزير الداخلية أن تكون الشرطة قد اعتقلت الصحفيين الثلاثة في العاصمة.")
    (claim,) = article.claims
    assert claim.negated
    assert claim.source_start is not None


def test_negated_sentence_is_flagged_and_still_yields_to_lo_yazal() -> None:
    article = _analyse(
        "لم ترسل الحكومة أي قوات إلى الحدود الشمالية. ولا يزال الجيش ينتشر في المدن الكبرى كلها."
    )
    assert [c.negated for c in article.claims] == [True, False]


def test_numbers_dates_and_actors_make_a_sentence_checkable() -> None:
    text = (
        "أعلنت الشرطة مقتل 12 شخصا في الانفجار. "
        "كان الجو جميلا والناس سعداء جدا هناك. "
        "وصل الوفد إلى القاهرة صباح اليوم لبدء المحادثات."
    )
    article = _analyse(text)
    texts = [c.text for c in article.claims]
    assert texts == [
        "أعلنت الشرطة مقتل 12 شخصا في الانفجار",
        "وصل الوفد إلى القاهرة صباح اليوم لبدء المحادثات",
    ]


def test_entity_mention_makes_a_plain_sentence_checkable() -> None:
    text = "التقى سامر الخطيب نظيره في جولة طويلة من المباحثات."
    start = text.index("سامر الخطيب")
    mention = Mention(start, start + len("سامر الخطيب"), "سامر الخطيب", "PERSON")
    assert not _analyse(text).claims
    assert [c.text for c in _analyse(text, (mention,)).claims] == [text.rstrip(".")]


def test_questions_and_short_captions_are_not_claims() -> None:
    assert not _analyse("هل أرسلت الحكومة 300 مقاتل إلى الحدود؟ صورة 3.").claims


def test_sentence_mostly_quoted_is_claimed_once_through_its_quote() -> None:
    article = _analyse("وقال الوزير: «أرسلنا 300 جندي إلى الحدود الجنوبية أمس».")
    assert len(article.claims) == 1
    assert article.claims[0].source_start is not None


def test_stage_declares_what_it_reads_and_writes() -> None:
    assert CLAIM_STAGE.requires == {"sentences", "tokens", "mentions", "quotes"}
    assert CLAIM_STAGE.assigns == {"claims"}
    upstream = ArticleStage(
        "up",
        lambda a: a,
        requires=frozenset({"text"}),
        assigns=frozenset({"sentences", "tokens", "mentions"}),
    )
    quotes = ArticleStage("q", lambda a: a, requires=frozenset({"tokens"}), assigns=frozenset({"quotes"}))
    assert "claims" in Pipeline((upstream, quotes, CLAIM_STAGE)).provides


def test_numbers_are_read_in_digits_words_and_scales() -> None:
    assert numbers_in("قتل ١٢ شخصا".split()) == {12.0}
    assert numbers_in("مئه الف".split()) == numbers_in(["100000"]) == {100000.0}
    assert numbers_in(["8,5", "مليار"]) == numbers_in(["8.5", "مليار"]) == {8.5e9}
    assert numbers_in(["1,500"]) == {1500.0}


def test_negation_heads_name_what_is_negated() -> None:
    assert negated_heads("لم ترسل الحكومه".split()) == {"رسل"}
    assert not is_negated("لا يزال الجيش".split())
    assert is_negated("لم ترسل".split()) and not is_negated("لم ينف".split())


_WORDS = st.sampled_from(
    ["الحكومة", "أرسلت", "قال", "إن", "12", "الوزير", "لم", "«", "»", ".", "،", "في", "مصر"]
)


@settings(max_examples=60, deadline=None)
@given(st.lists(_WORDS, min_size=1, max_size=40))
def test_every_claim_span_is_exactly_its_text(words: list[str]) -> None:
    text = " ".join(words)
    article = _analyse(text)
    for claim in article.claims:
        assert text[claim.start : claim.end] == claim.text
        assert claim.text.strip() == claim.text and claim.text
        if claim.source_start is not None and claim.source_end is not None:
            assert 0 <= claim.source_start < claim.source_end <= len(text)


def test_quotes_given_by_the_quote_stage_are_used_as_is() -> None:
    text = "أكد المسؤول أن المصنع أنتج 500 سيارة هذا العام."
    article = add_text_layer(Article(Document.create(text, "test")))
    content = text.index("المصنع")
    quote = QuoteMention(content, len(text) - 1, text[content:-1], "indirect", "أكد", 4, 11, "المسؤول")
    (claim,) = extract_claims(article.with_(quotes=(quote,)))
    assert (claim.start, claim.source_start, claim.source_end) == (content, 4, 11)
