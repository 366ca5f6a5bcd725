"""Entity resolution grown from a kept state next to a full pass: CPU seconds and agreement.

Reads every article's kept mentions from a store's ``corpus_results`` state (opened read-only),
takes the first BASE articles as the kept corpus and the next ADDED as new ones, and measures:

- ``full_all``: ``resolve_full`` over BASE+ADDED (what a run without kept state pays);
- ``full_base``: ``resolve_full`` over BASE (the first run, which keeps the state);
- ``grow``: ``resolve_grown`` of that state with the ADDED articles, and ``entities_of`` after it;
- ``lazy_grow``: the same grow on a state that reads its pieces only when touched
  (``resolve_pieces.lazy_state``, fetching from the pieces held in memory: no store I/O), and how
  many pieces it read;
- agreement: whether the grown entities equal the full pass's, and the share of mentions whose
  entity id differs; ``pieces``: the state pieces the grow names, their pickled bytes and the
  bytes of every piece.

CPU seconds are this process's (``time.process_time``). The last line is every figure as JSON.

    .venv/bin/python benchmarks/resolve.py --cache /tmp/s5/cache.db --base 4000 --added 500
"""

from __future__ import annotations

import argparse
import json
import pickle
import sqlite3
import time
from collections.abc import Callable, Sequence
from typing import Any

from marsad.corpus.model import Entity
from marsad.corpus.resolve import resolve_full, resolve_grown
from marsad.corpus.resolve_pieces import Piece, lazy_state, pieces
from marsad.corpus.resolve_state import grow as grow_state
from marsad.document import Article, Document, Mention


def kept_mentions(path: str) -> list[tuple[str, tuple[Mention, ...]]]:
    """Every article's mentions from the store's kept corpus results, in kept order."""
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    row = db.execute("SELECT body FROM corpus_state WHERE name = 'corpus_results'").fetchone()
    db.close()
    if row is None:
        raise SystemExit(f"{path}: no corpus_results state (run benchmarks/incremental.py first)")
    results = pickle.loads(row[0])
    return list(results.mentions.items())


def timed(run: Callable[[], Any]) -> tuple[Any, float]:
    """Run and return the result with the CPU seconds it took."""
    start = time.process_time()
    result = run()
    return result, round(time.process_time() - start, 3)


def differing_share(full: tuple[Entity, ...], grown: tuple[Entity, ...]) -> tuple[int, int]:
    """Mentions (article, start, end) whose entity id differs between two resolutions, and all mentions."""
    ids = {(m.article, m.start, m.end): e.id for e in full for m in e.mentions}
    other = {(m.article, m.start, m.end): e.id for e in grown for m in e.mentions}
    differ = sum(1 for k, v in ids.items() if other.get(k) != v) + sum(1 for k in other if k not in ids)
    return differ, len(ids)


def main() -> None:
    """Measure and print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", required=True, help="a store with a kept corpus_results state")
    parser.add_argument("--base", type=int, default=4000)
    parser.add_argument("--added", type=int, default=500)
    args = parser.parse_args()
    kept = kept_mentions(args.cache)[: args.base + args.added]
    articles = [Article(doc=Document(id=aid, text="", source=""), mentions=m) for aid, m in kept]
    base, added = articles[: args.base], articles[args.base :]
    resolve_full(articles[:10])  # lexicon loaded outside the timings
    (full, _), full_all = timed(lambda: resolve_full(articles))
    (_, state), full_base = timed(lambda: resolve_full(base))
    stored = pieces(state)
    all_bytes = sum(len(pickle.dumps(v)) for v in stored.values())
    (grown, state, growth), grow = timed(lambda: resolve_grown(state, added))
    changed, write = timed(lambda: pieces(state, growth.pieces))
    fetched: list[str] = []
    calls = [0]

    def fetch(names: Sequence[str]) -> dict[str, Piece | None]:
        calls[0] += 1
        fetched.extend(names)
        return {n: stored.get(n) for n in names}

    lazy, _ = lazy_state(fetch)
    lazy_growth, lazy_grow = timed(lambda: grow_state(lazy, added))
    differ, total = differing_share(full, grown)
    figures = {
        "base": len(base),
        "added": len(added),
        "mentions": total,
        "cpu_seconds": {
            "full_all": full_all,
            "full_base": full_base,
            "grow": grow,
            "pieces_to_write": write,
            "lazy_grow": lazy_grow,
        },
        "entities": len(grown),
        "equal": grown == full,
        "mentions_differing": differ,
        "share_differing": round(differ / max(1, total), 6),
        "entities_changed": len(growth.changed),
        "entities_removed": len(growth.removed),
        "pieces_written": sum(v is not None for v in changed.values()),
        "pieces_removed": sum(v is None for v in changed.values()),
        "pieces_written_bytes": sum(len(pickle.dumps(v)) for v in changed.values() if v is not None),
        "pieces_all_bytes_before": all_bytes,
        "pieces_before": len(stored),
        "lazy_pieces_read": len(fetched),
        "lazy_fetches": calls[0],
        "lazy_growth_equal": lazy_growth == growth,
    }
    for name, value in figures.items():
        print(f"{name}: {value}")
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
