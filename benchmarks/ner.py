"""Speed of the shipped NER tagger on the ANERcorp test split (25k tokens); last line: tokens/s.

    .venv/bin/python benchmarks/ner.py [PATH]

Model loading is timed apart from tagging; tagging runs both passes over every sentence. The
last line is wall-clock tokens/s; the CPU-time figure above it shows what a shared, busy machine hides.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from marsad.evaluate.ner import read_conll
from marsad.extract.ner.memory import WINDOW
from marsad.extract.ner.tagger import load_tagger

DEFAULT = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "anercorp" / "test.txt"


def main() -> None:
    """Tag the split once and report the throughput."""
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
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
    print(f"model load: {loaded - started:.2f} s")
    print(f"tagged {len(words)} sentences, {tokens} tokens in {done - loaded:.2f} s wall, {cpu:.2f} s CPU")
    print(f"{tokens / cpu:.0f} tokens per CPU second (what an idle core would give)")
    print(f"{tokens / (done - loaded):.0f} tokens/s")


if __name__ == "__main__":
    main()
