"""Spark local mode (local[2]): the same report as a local run, and a store `marsad serve` can open.

One SparkSession for the module (starting the JVM costs seconds). Needs Java and pyspark: skipped
when either is missing, except under CI=true, where a missing one fails.
"""

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from marsad.report.contract import dumps, validate
from marsad.run import report_for
from marsad.scale.incremental import analyse_incremental
from marsad.store.findings import pipeline_version
from marsad.store.sqlite import Store
from tests.scale.conftest import composed, stand_in_pipeline

ROOT = Path(__file__).resolve().parents[2]


def _missing(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason}: needed under CI (run .ci/install-services.sh and install pyspark)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def spark() -> Iterator[object]:
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        _missing("no Java runtime")
    try:
        from marsad.scale.spark import spark_session
    except ImportError as error:
        _missing(f"pyspark is not installed ({error})")
    # executors import the stand-in entity stage from tests/, so they need the repository on their path
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    session = spark_session("local[2]", app="marsad-tests")
    yield session
    session.stop()


@pytest.mark.slow
def test_spark_gives_the_report_of_a_local_run(spark: object, tmp_path: Path) -> None:
    from marsad.scale.spark import analyse_on_spark

    pipeline = stand_in_pipeline()
    docs = [composed(n, 1 + n // 3) for n in range(14)]
    with Store(tmp_path / "local.db") as local:
        local.add_batch(docs)
        expected = report_for(local, analyse_incremental(local, pipeline)[0])
    db = tmp_path / "spark.db"
    with Store(db) as store:
        store.add_batch(docs)
        report = analyse_on_spark(spark, store, pipeline)  # type: ignore[arg-type]
    validate(report)
    assert json.loads(dumps(report)) == json.loads(dumps(expected))
    assert report["stories"] and report["quotes"] and report["claims"]
    with Store(db) as reopened:  # what `marsad serve` reads
        assert reopened.latest_report() == json.loads(json.dumps(report))
        assert reopened.analysed_count(pipeline_version(pipeline.article_stages)) == len(docs)


@pytest.mark.slow
def test_spark_analyses_only_new_articles(spark: object, tmp_path: Path) -> None:
    from marsad.scale.spark import analyse_documents_on_spark, analyse_on_spark

    pipeline = stand_in_pipeline()
    with Store(tmp_path / "s.db") as store:
        store.add_batch([composed(n) for n in range(4)])
        analyse_on_spark(spark, store, pipeline)  # type: ignore[arg-type]
        store.add_batch([composed(n) for n in range(4, 6)])
        version = pipeline_version(pipeline.article_stages)
        assert len(list(store.unanalysed(version))) == 2
        report = analyse_on_spark(spark, store, pipeline)  # type: ignore[arg-type]
        assert len(report["articles"]) == 6 and store.report_count() == 2
        assert analyse_documents_on_spark(spark, [], pipeline.article_stages) == {}  # type: ignore[arg-type]
        local = report_for(store, analyse_incremental(store, pipeline)[0])
        assert json.loads(dumps(report)) == json.loads(dumps(local))
