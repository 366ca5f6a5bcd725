"""Write the JSON report piece by piece: a 31k-article report never exists whole as Python objects.

``build_report`` then ``json.dumps`` holds every quote, event, claim and mention of the corpus as a
dict, then the whole text, then (to store it) another copy: several GiB for 30k articles. Here each
item is built, checked and serialised on its own, and the text written is exactly what
``json.dumps(build_report(...), ensure_ascii=False, indent=indent)`` writes.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, BinaryIO

from marsad.corpus.model import Corpus
from marsad.report.contract import item_spans, report_sections, span_error

BATCH = 256  # items serialised by one json.dumps call in compact mode (the call itself costs)


Progress = Callable[[str], None]


@dataclass
class StreamedReport:
    """What was written: articles, items per section, every span whose offsets miss its text, store id."""

    articles: int = 0
    errors: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    report_id: int | None = None
    rebuilt: int = 0  # articles whose items were built (all, unless kept pieces were reused)
    items_rebuilt: dict[str, int] = field(default_factory=dict)  # entities / stories built, not kept ones


def dumps_at(value: Any, indent: int | None, depth: int) -> str:
    """Serialise one value as it would appear ``depth`` levels deep in an indented document."""
    text = json.dumps(value, ensure_ascii=False, indent=indent)
    if indent is None:
        return text
    return text.replace("\n", "\n" + " " * (indent * depth))  # JSON strings never hold a raw newline


def report_chunks(
    corpus: Corpus,
    sources: Mapping[str, tuple[str, ...]] | None = None,
    *,
    indent: int | None = None,
    summary: StreamedReport | None = None,
    progress: Progress | None = None,
) -> Iterator[str]:
    """Yield the report's JSON text in pieces, checking every span against its article as it goes."""
    texts = {a.doc.id: a.doc.text for a in corpus.articles}
    summary = summary if summary is not None else StreamedReport()
    summary.articles = len(corpus.articles)

    def item_texts(key: str, items: Iterable[Any]) -> Iterator[str]:
        batch: list[Any] = []
        count = 0
        for item in items:
            count += 1
            for span in item_spans(key, item):
                error = span_error(texts, *span)
                if error:
                    summary.errors.append(error)
            if indent is not None:
                yield dumps_at(item, indent, 2)
                continue
            batch.append(item)  # compact: one json.dumps per BATCH items, its brackets cut off
            if len(batch) >= BATCH:
                yield json.dumps(batch, ensure_ascii=False)[1:-1]
                batch.clear()
        if batch:
            yield json.dumps(batch, ensure_ascii=False)[1:-1]
        summary.counts[key] = count

    sections = (
        (key, json.dumps(value, ensure_ascii=False) if isinstance(value, str) else item_texts(key, value))
        for key, value in report_sections(corpus, sources)
    )
    return object_chunks(sections, indent, progress)


def object_chunks(
    sections: Iterable[tuple[str, str | Iterable[str]]], indent: int | None, progress: Progress | None = None
) -> Iterator[str]:
    """Yield a JSON object laid out as ``json.dumps`` lays it out, from values already serialised.

    A value is either its JSON text or, for a list, its items' texts (a text may hold several
    items joined by ", " in compact mode).
    """
    first_sep, item_sep = ("{", ", ") if indent is None else ("{\n" + " " * indent, ",\n" + " " * indent)
    inner = "" if indent is None else "\n" + " " * (2 * indent)
    close = "" if indent is None else "\n" + " " * indent
    for n, (key, value) in enumerate(sections):
        if progress:
            progress(key)
        yield (first_sep if n == 0 else item_sep) + json.dumps(key, ensure_ascii=False) + ": "
        if isinstance(value, str):
            yield value
            continue
        empty = True
        for text in value:
            if indent is None:
                yield ("[" if empty else ", ") + text
            else:
                yield ("[" if empty else ",") + inner + text
            empty = False
        yield "[]" if empty else close + "]"
    yield "}" if indent is None else "\n}"


def write_report(
    corpus: Corpus,
    out: BinaryIO,
    sources: Mapping[str, tuple[str, ...]] | None = None,
    *,
    indent: int | None = None,
    progress: Progress | None = None,
) -> StreamedReport:
    """Write the report as UTF-8 JSON to a binary file; return what was written and any bad spans."""
    summary = StreamedReport()
    write_chunks(report_chunks(corpus, sources, indent=indent, summary=summary, progress=progress), out)
    return summary


def write_chunks(chunks: Iterable[str], out: BinaryIO) -> None:
    """Write text pieces as UTF-8 a megabyte at a time: few system calls, little held in memory."""
    pending: list[str] = []
    size = 0
    for chunk in chunks:
        pending.append(chunk)
        size += len(chunk)
        if size > 1 << 20:
            out.write("".join(pending).encode("utf-8"))
            pending.clear()
            size = 0
    out.write("".join(pending).encode("utf-8"))
