"""Speed of the shipped NER tagger: tokens/s on the ANERcorp test split, or CPU ms per news article.

    .venv/bin/python benchmarks/ner.py [PATH]                      # test split; last line: tokens/s
    .venv/bin/python benchmarks/ner.py --articles 2000 [--crf DIR] [--model DIR]  # per SaudiNewsNet article
    .venv/bin/python benchmarks/ner.py --articles 2000 --batch 16   # tag_articles, 16 articles a call
    .venv/bin/python benchmarks/ner.py --articles 2000 --batch 16 --model DIR   # shipped vs DIR, batched

Model loading is timed apart from tagging. With ``--articles`` the whole entity stage
(``tag_article``) runs on the first N SaudiNewsNet articles (text layer prepared beforehand, not
timed); ``--model DIR`` also times another neural model (ner.npz, config.json) from DIR and
``--crf DIR`` the two-pass CRF baseline from DIR, on the same articles in the same run,
alternating per article so the load of a shared machine hits all alike. The last
line is then the shipped tagger's CPU milliseconds per article. ``--batch N`` times
``tag_articles`` on N articles a call instead (checked to find what ``tag_article`` finds);
with ``--model DIR`` too, it times the shipped model and DIR's, both batched, alternating per chunk.
"""

from __future__ import annotations

import argparse
import json
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from marsad.arabic.layer import TEXT_STAGE
from marsad.document import Article, Document
from marsad.evaluate.ner import read_conll
from marsad.extract.entities import tag_article, tag_articles
from marsad.extract.ner.memory import WINDOW
from marsad.extract.ner.tagger import load_crf_tagger, load_neural_tagger, load_tagger

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data"
DEFAULT = SHARED / "anercorp" / "test.txt"


def news_documents(folder: Path, limit: int) -> Iterator[Document]:
    """The first ``limit`` SaudiNewsNet articles (title and body), in zip order."""
    count = 0
    for path in sorted(folder.glob("*.zip")):
        with zipfile.ZipFile(path) as archive:
            for name in sorted(archive.namelist()):
                for item in json.loads(archive.read(name)):
                    text = f"{item.get('title') or ''}\n{item.get('content') or ''}".strip()
                    if not text:
                        continue
                    yield Document.create(text, source=f"{path.name}:{count}")
                    count += 1
                    if count >= limit:
                        return


def split_speed(path: Path) -> None:
    """Tag the test split once and report the throughput."""
    sentences, _ = read_conll(path)
    words = [s.tokens for s in sentences]
    tokens = sum(len(w) for w in words)
    started = time.perf_counter()
    tagger = load_tagger()
    loaded = time.perf_counter()
    cpu = time.process_time()
    tagger.document_spans(words, WINDOW)
    done = time.perf_counter()
    cpu = time.process_time() - cpu
    print(f"model: {type(tagger).__name__}, load {loaded - started:.2f} s")
    print(f"tagged {len(words)} sentences, {tokens} tokens in {done - loaded:.2f} s wall, {cpu:.2f} s CPU")
    print(f"{tokens / cpu:.0f} tokens per CPU second (what an idle core would give)")
    print(f"{tokens / (done - loaded):.0f} tokens/s")


def article_speed(limit: int, crf: Path | None, other: Path | None = None) -> None:
    """CPU time of the entity stage per article, for the shipped tagger and optionally the CRF."""
    articles = [TEXT_STAGE(Article(doc=d)) for d in news_documents(SHARED / "saudinewsnet", limit)]
    taggers: dict[str, Any] = {"shipped": load_tagger()}
    if crf is not None:
        taggers["crf"] = load_crf_tagger(crf)
    if other is not None:
        taggers["other"] = load_neural_tagger(other)
    cpu = dict.fromkeys(taggers, 0.0)
    mentions = dict.fromkeys(taggers, 0)
    for i, article in enumerate(articles):
        names = list(taggers) if i % 2 == 0 else list(reversed(taggers))
        for name in names:
            started = time.process_time()
            found = tag_article(article, taggers[name])
            cpu[name] += time.process_time() - started
            mentions[name] += len(found)
    tokens = sum(len(a.tokens) for a in articles)
    result: dict[str, Any] = {
        "articles": len(articles),
        "tokens": tokens,
        "ms_per_article": {k: round(1000 * v / len(articles), 2) for k, v in cpu.items()},
        "mentions": mentions,
    }
    print(json.dumps(result))
    print(f"{result['ms_per_article']['shipped']} CPU ms per article")


def batch_speed(limit: int, size: int) -> None:
    """CPU time per article of ``tag_articles`` (``size`` articles a call) against ``tag_article``.

    Each way has its own freshly loaded tagger (so its own word cache); they alternate per chunk.
    """
    articles = [TEXT_STAGE(Article(doc=d)) for d in news_documents(SHARED / "saudinewsnet", limit)]
    alone_tagger, batch_tagger = load_neural_tagger(), load_neural_tagger()
    cpu = {"alone": 0.0, "batched": 0.0}
    alone: list[Any] = []
    together: list[Any] = []
    for k in range(0, len(articles), size):
        chunk = articles[k : k + size]
        for way in ("alone", "batched") if k // size % 2 == 0 else ("batched", "alone"):
            started = time.process_time()
            if way == "alone":
                alone += [tag_article(a, alone_tagger) for a in chunk]
            else:
                together += tag_articles(chunk, batch_tagger)
            cpu[way] += time.process_time() - started
    if together != alone:
        raise SystemExit("tag_articles disagrees with tag_article")
    result = {
        "articles": len(articles),
        "tokens": sum(len(a.tokens) for a in articles),
        "batch": size,
        "ms_per_article": {k: round(1000 * v / len(articles), 2) for k, v in cpu.items()},
        "mentions": sum(len(m) for m in alone),
    }
    print(json.dumps(result))
    print(f"{result['ms_per_article']['batched']} CPU ms per article")


def batch_models_speed(limit: int, size: int, other: Path) -> None:
    """CPU time per article of ``tag_articles`` for the shipped model and another, alternating per chunk."""
    articles = [TEXT_STAGE(Article(doc=d)) for d in news_documents(SHARED / "saudinewsnet", limit)]
    taggers = {"shipped": load_neural_tagger(), "other": load_neural_tagger(other)}
    cpu = dict.fromkeys(taggers, 0.0)
    mentions = dict.fromkeys(taggers, 0)
    for k in range(0, len(articles), size):
        chunk = articles[k : k + size]
        for name in list(taggers) if k // size % 2 == 0 else list(reversed(taggers)):
            started = time.process_time()
            found = tag_articles(chunk, taggers[name])
            cpu[name] += time.process_time() - started
            mentions[name] += sum(len(m) for m in found)
    result = {
        "articles": len(articles),
        "tokens": sum(len(a.tokens) for a in articles),
        "batch": size,
        "ms_per_article": {k: round(1000 * v / len(articles), 2) for k, v in cpu.items()},
        "mentions": mentions,
    }
    print(json.dumps(result))
    print(f"{result['ms_per_article']['shipped']} CPU ms per article")


def main() -> None:
    """Parse arguments and run one benchmark."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("path", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--articles", type=int, default=0, help="time the entity stage on N news articles")
    parser.add_argument("--crf", type=Path, help="folder of a CRF model to compare with (--articles)")
    parser.add_argument(
        "--model", type=Path, help="folder of another neural model to compare with (--articles)"
    )
    parser.add_argument(
        "--batch", type=int, default=0, help="time tag_articles, N articles a call (--articles)"
    )
    args = parser.parse_args()
    if args.articles and args.batch and args.model:
        batch_models_speed(args.articles, args.batch, args.model)
    elif args.articles and args.batch:
        batch_speed(args.articles, args.batch)
    elif args.articles:
        article_speed(args.articles, args.crf, args.model)
    else:
        split_speed(args.path)


if __name__ == "__main__":
    main()
