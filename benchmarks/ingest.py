"""Ingest the SaudiNewsNet zips into a fresh store and run the text layer over every article.

Prints progress at checkpoints (rate and resident memory, to show memory stays flat), then one
JSON line: articles, articles/s for ingest+store, for the text layer, for both (wall clock), the
same per CPU-second of this process (steadier on a shared, loaded machine), and peak memory.

    .venv/bin/python benchmarks/ingest.py [--limit N] [--data ../shared/data/saudinewsnet]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

from marsad.arabic.layer import add_text_layer
from marsad.document import Article
from marsad.run import ingest
from marsad.store.sqlite import Store

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "saudinewsnet"


def rss_mb() -> float:
    """Return the current resident set size in MiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def main() -> None:
    """Run the benchmark and print its figures, the last line as JSON."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--limit", type=int, default=0, help="stop after N articles (0: all)")
    args = parser.parse_args()
    zips = sorted(str(p) for p in args.data.glob("*.zip"))
    if not zips:
        sys.exit(f"no zip archives in {args.data}")
    with tempfile.TemporaryDirectory() as folder:
        store = Store(Path(folder) / "bench.db")
        started, cpu = time.perf_counter(), time.process_time()
        summary = ingest(store, zips)
        ingest_seconds, ingest_cpu = time.perf_counter() - started, time.process_time() - cpu
        added, linked = summary.added, summary.duplicates
        print(f"ingested {added} articles ({linked} near-duplicates) in {ingest_seconds:.1f}s")
        rss_at: dict[int, float] = {}
        count, words = 0, 0
        started, cpu = time.perf_counter(), time.process_time()
        for doc in store.documents():
            article = add_text_layer(Article(doc=doc))
            words += len(article.tokens)
            count += 1
            if count % 5000 == 0:
                rss_at[count] = round(rss_mb(), 1)
                rate = count / (time.perf_counter() - started)
                print(f"{count} articles, {rate:.0f}/s, rss {rss_at[count]} MiB", flush=True)
            if args.limit and count >= args.limit:
                break
        layer_seconds, layer_cpu = time.perf_counter() - started, time.process_time() - cpu
        store.close()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps(
            {
                "articles": count,
                "tokens": words,
                "ingest_per_s": round(summary.added / ingest_seconds, 1),
                "text_layer_per_s": round(count / layer_seconds, 1),
                "total_per_s": round(count / (ingest_seconds + layer_seconds), 1),
                "ingest_per_cpu_s": round(summary.added / ingest_cpu, 1),
                "text_layer_per_cpu_s": round(count / layer_cpu, 1),
                "load_average": round(os.getloadavg()[0], 1),
                "rss_mb_at": rss_at,
                "peak_rss_mb": round(peak, 1),
            }
        )
    )


if __name__ == "__main__":
    main()
