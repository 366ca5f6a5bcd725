from pathlib import Path

from marsad.pipeline import Pipeline
from marsad.report.contract import build_report
from marsad.scale.incremental import analyse_incremental, corpus_version
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
