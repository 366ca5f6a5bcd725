"""The pipeline on Apache Spark: per-article stages on the executors, corpus stages on the driver.

Documents are spread over the cluster in partitions; each executor runs the per-article stages and
sends back only the compact findings (``marsad.store.findings``), which the driver keeps in the
store as analyses (so a later local run reuses them) before running the corpus stages, which need
every article at once (the story index is a single ordered pass). The report is the one a local run
gives on the same input, and is saved in the SQLite store, which ``marsad serve`` opens.

    from marsad.scale.spark import spark_session, analyse_on_spark
    with Store("news.db") as store:
        ingest(store, ["../shared/data/saudinewsnet/"])
        report = analyse_on_spark(spark_session("local[2]"), store)
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator
from dataclasses import astuple, fields
from typing import TYPE_CHECKING, Any

from marsad.corpus.model import Corpus
from marsad.document import Document
from marsad.pipeline import ArticleStage, Pipeline, chunks, run_stages_over
from marsad.report.contract import Report, build_report, span_errors
from marsad.scale.compact import TokenCache
from marsad.scale.local import CHUNK
from marsad.stages import default_pipeline
from marsad.store.findings import decode, encode, pipeline_version
from marsad.store.open import AnyStore

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

PARTITION_ARTICLES = 200  # articles per Spark task: small enough to balance, large enough to amortise
_DOC_FIELDS = tuple(f.name for f in fields(Document))


def spark_session(master: str = "local[2]", app: str = "marsad", memory: str = "1g") -> SparkSession:
    """Start (or join) a Spark session whose Python workers use this interpreter."""
    from pyspark.sql import SparkSession

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    return (
        SparkSession.builder.master(master)
        .appName(app)
        .config("spark.ui.enabled", "false")
        .config("spark.driver.memory", memory)
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.python.worker.reuse", "true")
        .getOrCreate()
    )


def _analyse_partition(
    stages: tuple[ArticleStage, ...], rows: Iterable[tuple[Any, ...]]
) -> Iterator[tuple[str, bytes]]:
    """Executor body: analyse each document of a partition and return its compact findings."""
    docs = (Document(**dict(zip(_DOC_FIELDS, row, strict=True))) for row in rows)
    for chunk in chunks(docs, CHUNK):
        for doc, article in zip(chunk, run_stages_over(stages, chunk), strict=True):
            yield doc.id, encode(article, stored=doc)


def analyse_documents_on_spark(
    spark: SparkSession, docs: Iterable[Document], stages: tuple[ArticleStage, ...]
) -> dict[str, bytes]:
    """Run per-article stages on the cluster; return each document's findings by id."""
    rows = [astuple(doc) for doc in docs]
    if not rows:
        return {}
    slices = max(1, min(len(rows), -(-len(rows) // PARTITION_ARTICLES)))
    parallelism = spark.sparkContext.defaultParallelism
    slices = max(slices, min(len(rows), parallelism))
    rdd = spark.sparkContext.parallelize(rows, slices)
    return dict(rdd.mapPartitions(lambda part: _analyse_partition(stages, part)).collect())


def analyse_on_spark(
    spark: SparkSession, store: AnyStore, pipeline: Pipeline | None = None, *, save: bool = True
) -> Report:
    """Analyse every stored article not yet analysed on Spark, run the corpus stages, save the report."""
    pipeline = pipeline or default_pipeline()
    version = pipeline_version(pipeline.article_stages)
    findings = analyse_documents_on_spark(spark, store.unanalysed(version), pipeline.article_stages)
    for start in range(0, len(findings), 1000):
        store.save_analyses(version, list(findings.items())[start : start + 1000])
    cache = TokenCache()
    articles = [decode(blob, doc, cache) for doc, blob in store.analysed(version)]
    corpus = Corpus(articles=tuple(articles))
    for stage in pipeline.corpus_stages:
        corpus = stage(corpus)
    corpus = corpus.with_(duplicates=store.duplicates())
    report = build_report(corpus, {a.doc.id: store.sources(a.doc.id) for a in corpus.articles})
    errors = span_errors(report)
    if errors:
        raise ValueError(f"{len(errors)} spans do not match their text, first: {errors[0]}")
    if save:
        store.save_report(report)
    return report
