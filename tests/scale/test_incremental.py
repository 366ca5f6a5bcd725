import json
from dataclasses import replace
from pathlib import Path

import pytest

from marsad.corpus.model import Corpus
from marsad.document import Article, Document
from marsad.pipeline import CorpusStage, Pipeline
from marsad.report.contract import build_report, entity_spans
from marsad.run import read_articles, save_report_streamed
from marsad.scale.incremental import IncrementalRun, analyse_incremental, corpus_version
from marsad.store.findings import pipeline_version
from marsad.store.sqlite import Store
from tests.scale.conftest import composed, stand_in_pipeline


def _report(store: Store, pipeline: Pipeline) -> dict[str, object]:
    corpus, _ = analyse_incremental(store, pipeline)
    return build_report(corpus)


def test_a_second_run_analyses_only_the_new_articles(tmp_path: Path) -> None:
    pipeline = stand_in_pipeline()
    with Store(tmp_path / "s.db") as store:
        store.add_batch([composed(n, 1 + n // 4) for n in range(12)])
        corpus, run = analyse_incremental(store, pipeline)
        assert (run.analysed, run.reused, run.story_index_reused) == (12, 0, False)
        store.add_batch([composed(n, 1 + n // 4) for n in range(12, 16)])
        corpus, run = analyse_incremental(store, pipeline)
        assert (run.analysed, run.reused, run.story_index_reused) == (4, 12, True)
        assert len(corpus.articles) == 16
        corpus, run = analyse_incremental(store, pipeline)
        assert (run.analysed, run.reused) == (0, 16)


def test_growing_a_store_gives_the_report_of_one_full_run(tmp_path: Path) -> None:
    pipeline = stand_in_pipeline()
    docs = [composed(n, 1 + n // 3) for n in range(18)]  # later articles are published later
    with Store(tmp_path / "grown.db") as grown, Store(tmp_path / "full.db") as full:
        grown.add_batch(docs[:10])
        analyse_incremental(grown, pipeline)
        grown.add_batch(docs[10:])
        full.add_batch(docs[:10])
        full.add_batch(docs[10:])
        expected = build_report(pipeline.run(docs).with_(duplicates=full.duplicates()))
        assert full.duplicates() == grown.duplicates()
        assert _report(grown, pipeline) == expected
        assert _report(full, pipeline) == expected


def test_a_new_pipeline_version_analyses_everything_again(tmp_path: Path) -> None:
    pipeline = stand_in_pipeline()
    shorter = Pipeline(pipeline.article_stages[:4], ())
    with Store(tmp_path / "s.db") as store:
        store.add_batch([composed(n) for n in range(5)])
        analyse_incremental(store, pipeline)
        _, run = analyse_incremental(store, shorter)
        assert (run.analysed, run.reused) == (5, 0)
        assert store.analysed_count(pipeline_version(shorter.article_stages)) == 5
        assert store.analysed_count(pipeline_version(pipeline.article_stages)) == 0  # replaced
        assert corpus_version(pipeline) != corpus_version(shorter)


def test_a_damaged_analysis_is_redone(tmp_path: Path) -> None:
    pipeline = stand_in_pipeline()
    version = pipeline_version(pipeline.article_stages)
    with Store(tmp_path / "s.db") as store:
        docs = [composed(n) for n in range(3)]
        store.add_batch(docs)
        analyse_incremental(store, pipeline)
        store.save_analyses(version, [(docs[1].id, b"not zlib")])
        corpus, run = analyse_incremental(store, pipeline)
        assert (run.analysed, run.reused) == (1, 2)
        assert [a.doc.id for a in corpus.articles] == [d.id for d in docs]
        assert analyse_incremental(store, pipeline)[1].analysed == 0


def _match(n: int, day: int) -> Document:
    """A composed article on another topic (a football match), so the corpus holds two stories."""
    text = (
        f"فاز فريق النجوم على فريق الصقور بنتيجة {n % 3 + 1} مقابل صفر في الدوري يوم الجمعة. "
        f"وسجل اللاعب ماجد الزهراني هدفين في الشوط الثاني أمام جمهور كبير في ملعب المدينة {n}."
    )
    return Document.create(
        text,
        f"match{n}.txt",
        outlet=("sabq", "okaz")[n % 2],
        title=f"النجوم يهزم الصقور {n}",
        published=f"2015-08-{day:02d}",
    )


def _grown_next_to_full(
    tmp_path: Path, pipeline: Pipeline
) -> tuple[list[Document], list[Document], Corpus, Corpus, IncrementalRun, Corpus]:
    """Two stories, then three articles joining one: the first run, the grown run and a full run."""
    first = [composed(n, 1 + n // 3) for n in range(12)] + [_match(n, 1 + n) for n in range(3)]
    added = [_match(n, 1 + n) for n in range(3, 6)]
    with Store(tmp_path / "grown.db") as grown, Store(tmp_path / "full.db") as full:
        grown.add_batch(first)
        before, _ = analyse_incremental(grown, pipeline)
        grown.add_batch(added)
        corpus, run = analyse_incremental(grown, pipeline, read_all=False)
        full.add_batch(first + added)
        expected, _ = analyse_incremental(full, pipeline)
    return first, added, before, corpus, run, expected


def test_new_articles_redo_only_the_stories_they_join(tmp_path: Path) -> None:
    first, added, before, corpus, run, expected = _grown_next_to_full(tmp_path, stand_in_pipeline())
    assert (run.analysed, run.reused, run.stories_redone, run.stories_reused) == (3, 15, 1, 1)
    assert run.read_back == 3  # the three of the story the new ones joined (those are kept, not read)
    assert {a.doc.id for a in corpus.articles} == {d.id for d in first[12:] + added}
    assert corpus.entities == expected.entities  # resolution covers every article's kept mentions
    assert [(s.id, s.articles) for s in corpus.stories] == [(s.id, s.articles) for s in expected.stories]
    kept, redone = corpus.stories
    assert kept == next(s for s in before.stories if s.id == kept.id)  # untouched: last run's results
    assert redone == next(s for s in expected.stories if s.id == redone.id)


def test_an_exact_run_recomputes_every_story(tmp_path: Path) -> None:
    pipeline = stand_in_pipeline()
    docs = [composed(n, 1 + n // 3) for n in range(12)] + [_match(n, 1 + n) for n in range(6)]
    with Store(tmp_path / "grown.db") as grown, Store(tmp_path / "full.db") as full:
        grown.add_batch(docs[:15])
        analyse_incremental(grown, pipeline)
        grown.add_batch(docs[15:])
        corpus, run = analyse_incremental(grown, pipeline, exact=True)
        full.add_batch(docs)
        expected, _ = analyse_incremental(full, pipeline)
    assert (run.stories_redone, run.stories_reused, run.read_back) == (2, 0, 15)  # the 3 new: kept
    assert build_report(corpus) == build_report(expected)


@pytest.mark.parametrize("indent", [None, 1])
def test_a_report_reusing_kept_pieces_is_the_report_of_every_article(
    tmp_path: Path, indent: int | None
) -> None:
    pipeline = stand_in_pipeline()
    first = [composed(n, 1 + n // 3) for n in range(12)] + [_match(n, 1 + n) for n in range(3)]
    added = [_match(n, 1 + n) for n in range(3, 6)]
    with Store(tmp_path / "grown.db") as store:
        store.add_batch(first)
        corpus, _ = analyse_incremental(store, pipeline)
        written = save_report_streamed(store, corpus, tmp_path / "1.json", indent=indent, reuse=pipeline)
        assert written.rebuilt == 15
        assert (tmp_path / "1.json").read_text("utf-8") == _text(store, corpus, indent)
        store.add_batch(added)
        partial, _ = analyse_incremental(store, pipeline, read_all=False)
        written = save_report_streamed(store, partial, tmp_path / "2.json", indent=indent, reuse=pipeline)
        assert len(partial.articles) == 6 and written.rebuilt < 18 and written.articles == 18
        whole = partial.with_(
            articles=tuple(read_articles(store, pipeline, store.analysed_ids(_version(pipeline))))
        )
        assert (tmp_path / "2.json").read_text("utf-8") == _text(store, whole, indent)
        assert store.latest_report() == json.loads(_text(store, whole, indent))
        again = save_report_streamed(store, partial, tmp_path / "3.json", indent=indent, reuse=pipeline)
        assert again.rebuilt == 0 and again.counts == written.counts
        assert (tmp_path / "3.json").read_text("utf-8") == (tmp_path / "2.json").read_text("utf-8")


def test_a_piece_whose_entity_changed_is_rebuilt(tmp_path: Path) -> None:
    pipeline = stand_in_pipeline()
    with Store(tmp_path / "s.db") as store:
        store.add_batch([composed(n, 1 + n // 3) for n in range(6)])
        corpus, _ = analyse_incremental(store, pipeline)
        save_report_streamed(store, corpus, reuse=pipeline)
        renamed = tuple(replace(e, id=e.id + "-x") for e in corpus.entities)
        written = save_report_streamed(
            store, corpus.with_(entities=renamed), tmp_path / "r.json", reuse=pipeline
        )
        touched = {a.doc.id for a in corpus.articles if any(e is not None for e in _speakers(a))}
        assert touched and written.rebuilt == len(touched)
        assert (tmp_path / "r.json").read_text("utf-8") == _text(store, corpus.with_(entities=renamed), None)


def _version(pipeline: Pipeline) -> str:
    return pipeline_version(pipeline.article_stages)


def _speakers(article: Article) -> list[int | None]:
    """The starts of the spans a report resolves to entities (speakers, actors, targets, sources)."""
    return [s for s, _ in entity_spans(article)]


def _text(store: Store, corpus: Corpus, indent: int | None) -> str:
    """What the report of a corpus holding every article says, as ``json.dumps`` writes it."""
    sources = {a.doc.id: store.sources(a.doc.id) for a in corpus.articles}
    return json.dumps(build_report(corpus, sources), ensure_ascii=False, indent=indent)


def _story_sizes(corpus: Corpus) -> Corpus:
    """A later stage that cannot splice: it titles each story with its size."""
    return corpus.with_(stories=tuple(replace(s, title=f"{len(s.articles)}") for s in corpus.stories))


def test_a_stage_that_cannot_splice_redoes_the_grown_stories_whole(tmp_path: Path) -> None:
    base = stand_in_pipeline()
    sizes = CorpusStage("sizes", _story_sizes, frozenset({"stories"}))
    pipeline = Pipeline(base.article_stages, (*base.corpus_stages, sizes))
    _, _, before, corpus, run, expected = _grown_next_to_full(tmp_path, pipeline)
    assert (run.stories_redone, run.stories_reused, run.read_back) == (1, 1, 3)
    kept, redone = corpus.stories
    assert kept == next(s for s in before.stories if s.id == kept.id)  # untouched: last run's results
    assert redone == next(s for s in expected.stories if s.id == redone.id)  # redone whole, as a full run
    assert redone.title == "6"


def test_an_exact_run_after_older_articles_arrive_gives_the_stories_of_a_new_store(tmp_path: Path) -> None:
    pipeline = stand_in_pipeline()
    late = [_match(n, 10 + n) for n in range(4)]
    early = [composed(n, 1 + n // 3) for n in range(9)]  # published before every stored article
    with Store(tmp_path / "grown.db") as grown, Store(tmp_path / "full.db") as full:
        grown.add_batch(late)
        analyse_incremental(grown, pipeline)
        grown.add_batch(early)
        corpus, run = analyse_incremental(grown, pipeline, exact=True)
        full.add_batch(late + early)
        expected, _ = analyse_incremental(full, pipeline)
    assert not run.story_index_reused
    assert build_report(corpus) == build_report(expected)
