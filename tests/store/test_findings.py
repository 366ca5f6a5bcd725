import pickle
import zlib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.arabic.layer import add_text_layer
from marsad.corpus.model import Corpus
from marsad.document import Article, DateMention, Document, EventMention, Mention
from marsad.report.contract import build_report
from marsad.stages import default_pipeline
from marsad.store.findings import FindingsError, decode, encode, pipeline_version
from tests.scale.conftest import composed, stand_in_pipeline


def test_an_analysed_article_comes_back_equal() -> None:
    pipeline = stand_in_pipeline()
    for n in range(6):
        article = pipeline.analyse_article(composed(n, 3))
        assert article.quotes and article.events and article.claims and article.dates
        back = decode(encode(article), article.doc)
        assert back == article
        assert back.tokens == article.tokens


def test_read_back_for_the_report_alone_keeps_the_findings_and_the_word_count() -> None:
    article = stand_in_pipeline().analyse_article(composed(4, 3))
    light = decode(encode(article), article.doc, tokens=False)
    assert light.with_(tokens=article.tokens) == article
    report, expected = build_report(Corpus(articles=(light,))), build_report(Corpus(articles=(article,)))
    assert report == expected and report["articles"][0]["words"] > 0
    with pytest.raises(LookupError):
        light.tokens  # noqa: B018 (reading them is the bug this guards against)


def test_an_inferred_publication_date_is_kept() -> None:
    doc = Document.create("قال المتحدث في 12 مايو 2019 إن الاجتماع انتهى.", "a.txt")
    article = stand_in_pipeline().analyse_article(doc)
    assert article.published_inferred and article.doc.published
    back = decode(encode(article, stored=doc), doc)
    assert back.doc.published == article.doc.published and back.published_inferred
    assert back.extra.get("published_confidence") == article.extra.get("published_confidence")


def test_the_stored_form_is_smaller_than_a_pickle() -> None:
    article = stand_in_pipeline().analyse_article(composed(1))
    assert len(encode(article)) < len(pickle.dumps(article)) / 2


def test_a_damaged_or_foreign_analysis_is_refused() -> None:
    article = stand_in_pipeline().analyse_article(composed(2))
    blob = encode(article)
    with pytest.raises(FindingsError):
        decode(blob[:-5], article.doc)
    with pytest.raises(FindingsError):
        decode(zlib.compress(b'{"format": 99}'), article.doc)


def test_the_version_changes_with_the_stages() -> None:
    stages = default_pipeline().article_stages
    assert pipeline_version(stages) == pipeline_version(stages)
    assert pipeline_version(stages) != pipeline_version(stages[:-1])


_ARABIC = st.text(alphabet=st.sampled_from("ابتثجحخدذرسشصضطظعغفقكلمنهويءأإآىةئؤ ًٌٍَُِّْـ،؛؟«»\n.0123456789٠١٢"))
_OPTIONAL = st.one_of(st.none(), st.text(max_size=8))


@settings(max_examples=60, deadline=None)
@given(
    text=_ARABIC,
    spans=st.lists(st.tuples(st.integers(0, 50), st.integers(0, 50), _OPTIONAL, st.booleans()), max_size=5),
    score=st.floats(0, 1),
)
def test_any_findings_round_trip(
    text: str, spans: list[tuple[int, int, str | None, bool]], score: float
) -> None:
    doc = Document.create(text or "نص", "x.txt")
    article = add_text_layer(Article(doc=doc))
    article = article.with_(
        mentions=tuple(Mention(s, e, doc.text[s:e], "PERSON", score) for s, e, _, _ in spans),
        dates=tuple(DateMention(s, e, doc.text[s:e], v, r) for s, e, v, r in spans),
        events=tuple(
            EventMention(s, e, doc.text[s:e], "meet", r, actor_start=s, date=v) for s, e, v, r in spans
        ),
    )
    assert decode(encode(article), doc) == article


def test_fingerprint_ignores_the_command_line_shells_but_not_the_stages(tmp_path: Path) -> None:
    """Editing cli.py or run.py must not invalidate every stored analysis; editing a stage must."""
    from marsad.store.findings import fingerprint_tree

    for name in ("cli.py", "run.py", "stages.py", "extract/quotes.py", "web/app.py"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x = 1\n")
    before = fingerprint_tree(tmp_path)
    for shell in ("cli.py", "run.py", "web/app.py"):
        (tmp_path / shell).write_text("x = 2\n")
        assert fingerprint_tree(tmp_path) == before
    for stage in ("stages.py", "extract/quotes.py"):
        (tmp_path / stage).write_text("x = 3\n")
        changed = fingerprint_tree(tmp_path)
        assert changed != before
        before = changed
