"""Read the hand-labelled story clusters (``tests/gold/stories.jsonl``) and the articles they name."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from marsad.arabic.layer import add_text_layer
from marsad.document import Article, Document, content_id


@dataclass(frozen=True, slots=True)
class GoldArticle:
    """One labelled article: where it is, its event and storyline labels, and its half of the split."""

    zip: str
    index: int
    id: str
    event: str
    storyline: str
    split: str


def read_gold(path: Path) -> list[GoldArticle]:
    """Read the gold file, one JSON object a line."""
    rows = []
    for line in path.read_text("utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            rows.append(
                GoldArticle(
                    row["zip"], int(row["index"]), row["id"], row["event"], row["storyline"], row["split"]
                )
            )
    return rows


def read_zip(path: Path) -> list[dict[str, Any]]:
    """Read one SaudiNewsNet day: a zip holding one JSON array of records."""
    with zipfile.ZipFile(path) as archive:
        records: list[dict[str, Any]] = json.loads(archive.read(archive.namelist()[0]))
    return records


def record_article(record: dict[str, Any], source: str) -> Article:
    """Build a text-layer article from a SaudiNewsNet record (published = the day it was collected)."""
    text = record["content"]
    published = (record.get("date_extracted") or "")[:10] or None
    doc = Document(
        id=content_id(text),
        text=text,
        source=source,
        outlet=record.get("source"),
        title=" ".join((record.get("title") or "").split()) or None,
        published=published,
        url=record.get("url"),
    )
    return add_text_layer(Article(doc=doc))


def gold_articles(gold: list[GoldArticle], data: Path) -> Iterator[tuple[GoldArticle, Article]]:
    """Yield each gold row with its article, checking the content id still matches."""
    cache: dict[str, list[dict[str, Any]]] = {}
    for row in gold:
        if row.zip not in cache:
            cache[row.zip] = read_zip(data / row.zip)
        article = record_article(cache[row.zip][row.index], f"{row.zip}#{row.index}")
        if article.doc.id != row.id:
            raise ValueError(f"{row.zip}#{row.index}: content id {article.doc.id} != gold {row.id}")
        yield row, article
