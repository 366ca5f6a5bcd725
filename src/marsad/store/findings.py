"""What the per-article stages found, kept compactly in the store so an article is analysed once.

An analysis is zlib-compressed JSON: a format number, the document fields a stage changed (an
inferred publication date), and each finding type as one row of values per finding in the field
order of its dataclass (the names are written once per type). Tokens are kept as columns; their text
is not kept since it is always ``text[start:end]``. Stored analyses are tied to a pipeline version
(``pipeline_version``): a change of code, data or stages makes them stale, and they are recomputed.
"""

from __future__ import annotations

import hashlib
import json
import zlib
from dataclasses import fields
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any, cast

from marsad import __version__
from marsad.document import (
    Article,
    ClaimMention,
    DateMention,
    Document,
    EventMention,
    Mention,
    QuoteMention,
    Span,
    Token,
)
from marsad.pipeline import ArticleStage
from marsad.scale.compact import TokenCache, WordsOnly

FORMAT = 1
_KINDS: dict[str, type[Any]] = {
    "sentences": Span,
    "mentions": Mention,
    "dates": DateMention,
    "quotes": QuoteMention,
    "events": EventMention,
    "claims": ClaimMention,
}
_DOC_FIELDS = tuple(f.name for f in fields(Document) if f.name not in {"id", "text"})
_SEPARATOR = "\x1f"  # never inside a token: it is white space to the tokenizer


class FindingsError(ValueError):
    """A stored analysis cannot be read by this marsad (another format, or damaged)."""


SHELLS = {"cli.py", "run.py"}  # top-level modules that drive the analysis but never change a finding


@cache
def code_fingerprint() -> str:
    """Hash every source and data file of the installed package: any change invalidates analyses."""
    return fingerprint_tree(resources.files("marsad"))


def fingerprint_tree(root: Traversable) -> str:
    """Hash a package tree's files that can change a per-article finding (not its UI, store or shells)."""
    digest = hashlib.sha256(__version__.encode())
    stack = [root]
    files = []
    while stack:
        folder = stack.pop()
        for entry in folder.iterdir():
            if entry.is_dir():
                if entry.name not in {"__pycache__", "web", "report", "store", "scale"}:
                    stack.append(entry)
            elif not entry.name.endswith((".pyc", ".md")) and not (folder == root and entry.name in SHELLS):
                files.append(entry)
    for entry in sorted(files, key=lambda e: str(e)):
        digest.update(str(entry).removeprefix(str(root)).encode())
        digest.update(entry.read_bytes())
    return digest.hexdigest()[:16]


def pipeline_version(stages: tuple[ArticleStage, ...]) -> str:
    """Name the per-article analysis: the stages run, in order, and the code and data they use."""
    names = ",".join(stage.name for stage in stages)
    return f"{FORMAT}:{code_fingerprint()}:{hashlib.sha256(names.encode()).hexdigest()[:8]}"


def _rows(values: tuple[Any, ...], kind: type[Any]) -> dict[str, Any]:
    """Write findings of one dataclass as a header of field names and one row per finding."""
    names = [f.name for f in fields(kind)]
    return {"fields": names, "rows": [[getattr(v, n) for n in names] for v in values]}


_FLAGS = bytes.maketrans(b"\x00\x01", b"01")


def _tokens(article: Article) -> dict[str, Any]:
    """Write tokens as columns (offsets, normalised form, proclitics, stem, word flag)."""
    tokens = article.tokens
    if not tokens:
        return {"start": [], "end": [], "norm": "", "proclitics": "", "stem": "", "word": ""}
    starts, ends, _, norms, proclitics, stems, words = zip(*tokens, strict=True)
    return {
        "start": list(starts),
        "end": list(ends),
        "norm": _SEPARATOR.join(norms),
        "proclitics": _SEPARATOR.join(proclitics),
        "stem": _SEPARATOR.join(stems),
        "word": bytes(words).translate(_FLAGS).decode("ascii"),
    }


def _plain(value: Any) -> Any:
    """Keep only JSON values of ``Article.extra`` (anything else is a run-time helper, not a finding)."""
    try:
        json.dumps(value)
    except (TypeError, ValueError):
        return None
    return value


def encode(article: Article, stored: Document | None = None) -> bytes:
    """Serialise one article's findings (not its text, which the store already holds)."""
    doc = article.doc
    # Without the stored document to compare with, keep every metadata field a stage may have set
    # (the dates stage fills an inferred publication date).
    changed = {
        n: getattr(doc, n) for n in _DOC_FIELDS if stored is None or getattr(doc, n) != getattr(stored, n)
    }
    extra = {k: v for k, v in article.extra.items() if not k.startswith("_") and _plain(v) is not None}
    payload: dict[str, Any] = {
        "format": FORMAT,
        "doc": changed,
        "published_inferred": article.published_inferred,
        "extra": extra,
        "tokens": _tokens(article),
    }
    for name, kind in _KINDS.items():
        payload[name] = _rows(getattr(article, name), kind)
    return zlib.compress(json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode(), 3)


_FIELD_NAMES = {kind: tuple(f.name for f in fields(kind)) for kind in _KINDS.values()}


def _values(block: dict[str, Any], kind: type[Any]) -> tuple[Any, ...]:
    """Rebuild findings of one dataclass from a header and rows (positionally when the header matches)."""
    names = block["fields"]
    rows = block["rows"]
    if not rows:
        return ()
    known = _FIELD_NAMES[kind]
    if tuple(names) == known:
        return tuple([kind(*row) for row in rows])
    if not set(names) <= set(known):
        raise FindingsError(f"{kind.__name__} has no fields {sorted(set(names) - set(known))}")
    return tuple(kind(**dict(zip(names, row, strict=True))) for row in rows)


def _untokens(text: str, block: dict[str, Any], cache: TokenCache) -> tuple[Token, ...]:
    """Rebuild tokens from their columns, slicing their text from the article."""
    starts, ends = block["start"], block["end"]
    if not starts:
        return ()
    return cache.build(
        starts,
        ends,
        [text[s:e] for s, e in zip(starts, ends, strict=True)],
        block["norm"].split(_SEPARATOR),
        block["proclitics"].split(_SEPARATOR),
        block["stem"].split(_SEPARATOR),
        [w == "1" for w in block["word"]],
    )


def decode(blob: bytes, doc: Document, cache: TokenCache | None = None, *, tokens: bool = True) -> Article:
    """Rebuild the analysed article from its stored findings and its stored document.

    Articles decoded through one ``cache`` share their token strings (a third of the memory).
    ``tokens=False``: keep only the word count in their place (``WordsOnly``: what the report
    needs), at a third of the cost.
    """
    try:
        payload = json.loads(zlib.decompress(blob))
    except (zlib.error, ValueError) as error:
        raise FindingsError(f"stored analysis of {doc.id} is damaged: {error}") from error
    if payload.get("format") != FORMAT:
        raise FindingsError(f"stored analysis format {payload.get('format')} is not {FORMAT}")
    if payload["doc"]:
        doc = Document(**{**{f.name: getattr(doc, f.name) for f in fields(Document)}, **payload["doc"]})
    found = {name: _values(payload[name], kind) for name, kind in _KINDS.items()}
    block = payload["tokens"]
    return Article(
        doc=doc,
        tokens=(
            _untokens(doc.text, block, cache or TokenCache())
            if tokens
            else cast(tuple[Token, ...], WordsOnly(block["word"].count("1"), len(block["word"])))
        ),
        published_inferred=bool(payload["published_inferred"]),
        extra=dict(payload["extra"]),
        **found,
    )
