"""The cited story summary on composed stories: shared sentences cite every outlet, contested sides."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.arabic.layer import add_text_layer
from marsad.arabic.normalise import normalise
from marsad.corpus.compare import compare_corpus
from marsad.corpus.model import Corpus, Story
from marsad.corpus.summary import (
    SUMMARY_STAGE,
    Candidate,
    Facts,
    Similarities,
    cosine,
    summarise_corpus,
)
from marsad.document import Article, Document
from marsad.extract.claims import extract_claims
from marsad.extract.quotes import extract_quotes

SHARED = "افتتح المحافظ مستشفى جديدا للأطفال في المدينة الساحلية بكلفة 40 مليون دولار."
EAST = (
    f"{SHARED} وأرسلت الحكومة مئتي جندي إلى الحدود الشمالية يوم الأحد لحماية القرى. "
    "وقال رئيس البلدية إن المشروع سيخدم آلاف الأسر في المنطقة كلها. "
    "وشهدت الأسواق إقبالا كبيرا من المتسوقين خلال عطلة نهاية الأسبوع الماضي."
)
WEST = (
    "وافتتح المحافظ مستشفى جديدا للأطفال في المدينة الساحلية بكلفة 40 مليون دولار أمس. "
    "ولم ترسل الحكومة أي جندي إلى الحدود الشمالية يوم الأحد لحماية القرى. "
    "وارتفعت أسعار الوقود في البلاد بنسبة كبيرة خلال الشهر الجاري."
)


def _article(text: str, outlet: str) -> Article:
    """A composed article through text layer, quotes and claims."""
    article = add_text_layer(Article(Document.create(text, f"{outlet}.txt", outlet=outlet)))
    article = article.with_(quotes=extract_quotes(article))
    return article.with_(claims=extract_claims(article))


def _summarise(*articles: Article) -> Corpus:
    """Align the claims of one story and summarise it."""
    story = Story("s", "s", tuple(a.doc.id for a in articles))
    return summarise_corpus(compare_corpus(Corpus(tuple(articles), stories=(story,))))


def test_shared_sentence_cites_both_outlets() -> None:
    east, west = _article(EAST, "east"), _article(WEST, "west")
    summary = _summarise(east, west).stories[0].summary
    opening = [s for s in summary if "مستشفى" in s.text]
    assert len(opening) == 1, "the shared sentence appears once"
    cited = {r.article for r in opening[0].sources}
    assert cited == {east.doc.id, west.doc.id}


def test_both_sides_of_a_contradiction_are_in_the_summary_and_do_not_cite_each_other() -> None:
    east, west = _article(EAST, "east"), _article(WEST, "west")
    summary = _summarise(east, west).stories[0].summary
    sent = [s for s in summary if "الحدود" in s.text]
    assert len(sent) == 2
    for s in sent:
        assert len(s.sources) == 1


def test_every_source_points_at_the_text_it_quotes() -> None:
    east, west = _article(EAST, "east"), _article(WEST, "west")
    corpus = _summarise(east, west)
    texts = {a.doc.id: a.text for a in corpus.articles}
    for sentence in corpus.stories[0].summary:
        own = sentence.sources[0]
        assert texts[own.article][own.start : own.end] == sentence.text
        for ref in sentence.sources:
            assert 0 <= ref.start < ref.end <= len(texts[ref.article])


def test_summary_is_not_redundant() -> None:
    east = _article(EAST, "east")
    copy = _article(EAST.replace("وشهدت", "كما شهدت"), "copy")
    corpus = _summarise(east, copy)
    summary = corpus.stories[0].summary
    texts = [s.text for s in summary]
    assert len(texts) == len(set(texts))
    assert all(len(s.sources) == 2 for s in summary)


def test_single_article_story_gets_a_short_summary() -> None:
    corpus = _summarise(_article(EAST, "east"))
    assert 1 <= len(corpus.stories[0].summary) <= 3


def test_cosine_of_unit_vectors() -> None:
    assert cosine({"a": 1.0}, {"a": 1.0}) == 1.0
    assert cosine({"a": 1.0}, {"b": 1.0}) == 0.0


def test_stage_contract() -> None:
    assert SUMMARY_STAGE.requires == {"articles", "stories", "claim_groups"}
    assert SUMMARY_STAGE.assigns == {"summary"}


_SENTENCES = st.sampled_from(
    [
        "افتتح المحافظ مستشفى جديدا للأطفال في المدينة الساحلية.",
        "أرسلت الحكومة مئتي جندي إلى الحدود الشمالية يوم الأحد.",
        "لم ترسل الحكومة أي جندي إلى الحدود الشمالية يوم الأحد.",
        "ارتفعت أسعار الوقود في البلاد بنسبة كبيرة هذا الشهر.",
        "قال الوزير إن المصنع أنتج 500 سيارة خلال العام الماضي.",
        "شهدت الأسواق إقبالا كبيرا من المتسوقين في نهاية الأسبوع.",
    ]
)


@settings(max_examples=25, deadline=None)
@given(st.lists(st.tuples(st.lists(_SENTENCES, min_size=1, max_size=4), st.sampled_from("abc")), max_size=5))
def test_summary_sentences_are_spans_of_their_first_source(items: list[tuple[list[str], str]]) -> None:
    articles = {}
    for n, (sentences, outlet) in enumerate(items):
        art = _article(" ".join(sentences) + f" ({n})", outlet)
        articles[art.doc.id] = art
    corpus = _summarise(*articles.values())
    for sentence in corpus.stories[0].summary:
        own = sentence.sources[0]
        assert articles[own.article].text[own.start : own.end] == sentence.text
        assert len({r.article for r in sentence.sources}) == len(sentence.sources)


def _candidate(vector: dict[str, float], words: tuple[str, ...] = ()) -> Candidate:
    return Candidate("a", "o", 0, 1, 0, vector, (), words)


vectors = st.lists(
    st.dictionaries(st.sampled_from("ا ب ت ث ج ح".split()), st.floats(0.01, 1.0), min_size=1),
    min_size=1,
    max_size=6,
)


@settings(max_examples=100, deadline=None)
@given(vectors)
def test_similarity_matrix_holds_each_weight_in_its_stem_column(vecs: list[dict[str, float]]) -> None:
    sims = Similarities([_candidate(v) for v in vecs])
    columns: dict[str, int] = {}
    for v in vecs:
        for key in v:
            columns.setdefault(key, len(columns))
    for r, v in enumerate(vecs):
        row = sims.matrix[r]
        assert {k: row[c] for k, c in columns.items() if row[c]} == v


def test_a_negated_sentence_does_not_support_its_affirmative() -> None:
    said = tuple(normalise(w) for w in "أرسل الجيش جنودا إلى ليبيا".split())
    denied = tuple(normalise(w) for w in "لم يرسل الجيش جنودا إلى ليبيا".split())
    other_figure = tuple(normalise(w) for w in "أرسل الجيش 300 جندي إلى ليبيا".split())
    figure = tuple(normalise(w) for w in "أرسل الجيش 200 جندي إلى ليبيا".split())
    facts = Facts([_candidate({"x": 1.0}, w) for w in (said, denied, figure, other_figure)])
    assert not facts.supports(0, 1)
    assert facts.supports(0, 2) and facts.supports(2, 0)
    assert not facts.supports(2, 3)
    assert facts.negated(1) is True and facts.numbers(2) == {200.0}
