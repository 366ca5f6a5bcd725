from collections.abc import Sequence

import pytest

from marsad.document import Article, Document
from marsad.pipeline import ArticleStage, CorpusStage, Pipeline, PipelineError, chunks, run_stages_over
from marsad.stages import default_pipeline


def keep(article: Article) -> Article:
    return article


def test_stage_whose_inputs_nothing_provides_is_refused() -> None:
    needs_tokens = ArticleStage("ner", keep, requires=frozenset({"tokens"}), assigns=frozenset({"mentions"}))
    with pytest.raises(PipelineError, match="requires \\['tokens'\\]"):
        Pipeline((needs_tokens,))


def test_unknown_fields_are_refused() -> None:
    with pytest.raises(PipelineError, match="unknown fields"):
        Pipeline((ArticleStage("odd", keep, assigns=frozenset({"sentiment"})),))


def test_corpus_stages_see_what_article_stages_assign() -> None:
    resolve = CorpusStage(
        "resolve", lambda c: c, requires=frozenset({"mentions"}), assigns=frozenset({"entities"})
    )
    with pytest.raises(PipelineError):
        Pipeline((), (resolve,))
    tagger = ArticleStage("ner", keep, requires=frozenset({"text"}), assigns=frozenset({"mentions"}))
    assert "entities" in Pipeline((tagger,), (resolve,)).provides


def test_default_pipeline_fills_the_text_layer() -> None:
    doc = Document.create("قال الوزير إن الاجتماع انتهى. وغادر الوفد.", "a.txt")
    corpus = default_pipeline().run([doc])
    (article,) = corpus.articles
    assert len(article.sentences) == 2
    assert article.tokens[0].text == "قال"


def test_workers_give_the_same_articles_in_the_same_order() -> None:
    docs = [
        Document.create(f"قال المتحدث رقم {i} إن الاجتماع انتهى. وغادر الوفد.", f"{i}.txt") for i in range(40)
    ]
    pipeline = default_pipeline()
    assert list(pipeline.analyse_articles(docs, workers=2)) == list(pipeline.analyse_articles(docs))


def test_chunked_stages_give_what_each_article_gets_alone() -> None:
    texts = [
        "قال وزير الخارجية أحمد سالم إن المحادثات في القاهرة انتهت.",
        "أكدت الأمم المتحدة أن القوافل وصلت إلى مدينة حلب أمس.",
        "",
        "وصل الرئيس إلى الرياض. وقال إن الزيارة ناجحة.",
    ]
    docs = [Document.create(t, f"{i}.txt") for i, t in enumerate(texts)]
    pipeline = default_pipeline()
    alone = [pipeline.analyse_article(d) for d in docs]
    assert run_stages_over(pipeline.article_stages, docs) == alone
    assert [len(c) for c in chunks(docs, 3)] == [3, 1]


def test_a_stage_runs_a_whole_chunk_when_it_can() -> None:
    seen: list[int] = []

    def many(articles: Sequence[Article]) -> list[Article]:
        seen.append(len(articles))
        return list(articles)

    stage = ArticleStage("batched", keep, run_many=many)
    docs = [Document.create(f"نص {i}", f"{i}.txt") for i in range(5)]
    assert len(run_stages_over((stage,), docs)) == 5
    assert seen == [5]
