import json
from pathlib import Path

import pytest

from marsad.document import Document
from marsad.run import analyse_store, ingest, report_for, save_report_streamed
from marsad.scale.flow import analyse_inputs, stream_articles
from marsad.scale.incremental import analyse_incremental
from marsad.store.sqlite import Store
from tests.scale.conftest import composed, stand_in_pipeline


def _jsonl(path: Path, docs: list[Document]) -> str:
    """Write documents as JSON lines with their metadata, as a feed export would."""
    lines = [
        json.dumps(
            {"text": d.text, "outlet": d.outlet, "title": d.title, "published": d.published},
            ensure_ascii=False,
        )
        for d in docs
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


@pytest.fixture
def inputs(tmp_path: Path) -> list[str]:
    docs = [composed(n, 1 + n // 3) for n in range(14)]
    return [_jsonl(tmp_path / "a.jsonl", docs[:9]), _jsonl(tmp_path / "b.jsonl", [*docs[9:], docs[2]])]


@pytest.mark.parametrize("workers", [1, 2])
def test_the_streamed_run_gives_the_report_of_the_stepwise_run(
    tmp_path: Path, inputs: list[str], workers: int
) -> None:
    pipeline = stand_in_pipeline()
    with Store(tmp_path / "old.db") as old:
        ingest(old, inputs, batch_size=4)
        expected = json.loads(
            json.dumps(report_for(old, analyse_store(old, pipeline, workers=1)), ensure_ascii=False)
        )
    with Store(tmp_path / "new.db") as new:
        corpus, run = analyse_inputs(new, inputs, pipeline, workers=workers)
        assert (run.read, run.added, run.analysed, run.reused) == (15, 14, 14, 0)
        save_report_streamed(new, corpus, tmp_path / "report.json", indent=1)
        assert new.latest_report() == expected
        text = (tmp_path / "report.json").read_text("utf-8")
        assert json.loads(text) == expected and text == json.dumps(expected, ensure_ascii=False, indent=1)
        assert expected["stories"] and expected["quotes"] and expected["entities"]
        _, again = analyse_incremental(new, pipeline)
        assert (again.analysed, again.reused, again.story_index_reused) == (0, 14, True)


def test_articles_stored_before_are_read_back_or_analysed_first(tmp_path: Path, inputs: list[str]) -> None:
    pipeline = stand_in_pipeline()
    with Store(tmp_path / "s.db") as store:
        ingest(store, inputs[:1])  # stored, never analysed
        articles, run = stream_articles(store, inputs[1:], pipeline, workers=1, batch_size=2)
        assert (run.analysed, run.reused) == (14, 0)
        assert [a.doc.id for a in articles] == [d.id for d in store.documents()]
        extra = tmp_path / "c.jsonl"
        articles, run = stream_articles(store, [_jsonl(extra, [composed(20, 9)])], pipeline, workers=1)
        assert (run.analysed, run.reused, len(articles)) == (1, 14, 15)
        assert all(a.tokens for a in articles)


def test_a_limit_stops_the_analysis_of_new_articles(tmp_path: Path, inputs: list[str]) -> None:
    with Store(tmp_path / "s.db") as store:
        articles, run = stream_articles(store, inputs, stand_in_pipeline(), workers=1, batch_size=4, limit=6)
        assert run.analysed == len(articles) == 6
