"""Keeping the corpus state: whole pickles (``corpus_state``) against pieces (``scale.state``).

On a store analysed by ``benchmarks/incremental.py`` / ``benchmarks/pipeline.py --store`` (its
``corpus_state`` holds the story index and corpus results pickles of the last run), in a scratch
store next to it (give a copy: opening the store migrates it; nothing else is written to it):

1. the kept pickles: CPU seconds to load (unpickle) and save (pickle + ``save_state_file``) them;
2. the same values in pieces: a full ``save_index`` / ``save_results``, then ``load_index`` (the
   head; clusters and articles load on first lookup) and ``load_results`` (all, or the stories the
   last ADDED articles touched) and an incremental ``save_results`` of those;
3. growth on a rebuilt index: the stored articles' findings are read back, the first N-ADDED placed
   in a ``StoryIndex`` (no entities), saved in pieces, loaded lazily; the last ADDED are placed in
   the loaded index, building the stories they joined (``grown_stories``), and in the in-memory
   one, building every story (``grow_stories``, what a run did before pieces); placements and
   stories must be equal; then the changed pieces are saved. ``--no-grow`` skips this part (it
   reads every article back: ~40 CPU-s for 30k).

    .venv/bin/python benchmarks/state.py --store COPY.db [--added 1000] [--no-grow] [--label corpus-bench]

Prints one JSON object of CPU seconds (this process) and piece counts.
"""

from __future__ import annotations

import argparse
import json
import pickle
import tempfile
import time
from pathlib import Path
from typing import Any

from marsad.corpus.stories import grow_stories, grown_stories, publication_order
from marsad.corpus.story_index import StoryIndex
from marsad.scale.compact import TokenCache
from marsad.scale.memory import bulk_build
from marsad.scale.state import CorpusResults, load_index, load_results, save_index, save_results
from marsad.store.findings import decode
from marsad.store.sqlite import Store

PER_STORY = (
    "timeline_reports",
    "framing_parts",
    "framing_loaded",
    "summary_shortlists",
    "claim_group_reasons",
    "claim_group_evidence",
    "claim_group_events",
)


class Clock:
    """CPU seconds per step."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self._last = time.process_time()

    def tick(self, step: str) -> None:
        """Charge the CPU time since the last tick to ``step``."""
        now = time.process_time()
        self.seconds[step] = round(now - self._last, 3)
        self._last = now


def kept_pickles(store: Store) -> tuple[str, bytes, bytes]:
    """The version and bodies of the kept story index and corpus results."""
    rows = dict(
        (name, (version, bytes(body)))
        for name, version, body in store._db.execute("SELECT name, version, body FROM corpus_state")
    )
    version, index = rows["story_index"]
    return version, index, rows["corpus_results"][1]


def as_results(value: Any) -> CorpusResults:
    """The kept results as this module's ``CorpusResults`` (the class moved; mentions are no longer kept)."""
    return CorpusResults(value.stories, value.extra)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--store", type=Path, required=True, help="an analysed store (a copy: it is migrated)"
    )
    parser.add_argument("--added", type=int, default=1000)
    parser.add_argument("--no-grow", action="store_true")
    parser.add_argument("--label", default="corpus-bench", help="the version the findings are kept under")
    args = parser.parse_args()
    out: dict[str, Any] = {}
    clock = Clock()
    with Store(args.store) as source, tempfile.TemporaryDirectory() as folder:
        version, index_body, results_body = kept_pickles(source)
        ids = source.analysed_ids(args.label)
        clock.tick("read_bodies")
        index = pickle.loads(index_body)
        clock.tick("pickle_load_index")
        results = as_results(pickle.loads(results_body))
        clock.tick("pickle_load_results")
        del index_body, results_body
        scratch = Store(Path(folder) / "scratch.db")
        clock.tick("open_scratch")
        for name, value in (("index", index), ("results", results)):
            path = Path(folder) / f"{name}.pickle"
            with path.open("wb") as file:
                pickle.dump(value, file, protocol=pickle.HIGHEST_PROTOCOL)
            scratch.save_state_file(name, version, path)
            path.unlink()
            clock.tick(f"pickle_save_{name}")
        out["pieces_full_index"] = save_index(scratch, version, index)
        clock.tick("pieces_save_index_full")
        out["pieces_full_results"] = save_results(scratch, version, results, PER_STORY)
        clock.tick("pieces_save_results_full")
        lazy = load_index(scratch, version, index.vocabulary.prior)
        assert lazy is not None
        clock.tick("pieces_load_index_head")
        everything = load_results(scratch, version)
        clock.tick("pieces_load_results_all")
        assert everything == results, "results read back from pieces differ from those kept"
        clock.tick("check")
        added = set(ids[-args.added :])
        touched = [s.id for s in results.stories.values() if any(a in added for a in s.articles)]
        out["stories_touched_by_added"] = len(touched)
        out["articles_in_touched_stories"] = sum(len(results.stories[s].articles) for s in touched)
        clock.tick("select")
        part = load_results(scratch, version, stories=touched)
        clock.tick("pieces_load_results_touched")
        assert part is not None and len(part.stories) == len(touched)
        out["pieces_part_results"] = save_results(scratch, version, results, PER_STORY, stories=touched)
        clock.tick("pieces_save_results_touched")
        del everything, part, lazy, results, index
        if not args.no_grow:
            grow(source, scratch, args.label, ids, args.added, clock, out)
        scratch.close()
    out["cpu_seconds"] = clock.seconds
    print(json.dumps(out))


def grow(
    source: Store, scratch: Store, label: str, ids: list[str], added: int, clock: Clock, out: dict[str, Any]
) -> None:
    """Place the last ``added`` articles in a kept index read in pieces and in the whole one."""
    cache = TokenCache()
    with bulk_build():
        articles = [decode(blob, doc, cache) for doc, blob in source.analysed(label)]
    clock.tick("grow_read_back")
    base, new = articles[:-added], articles[-added:]
    assert [a.doc.id for a in new] == ids[-added:]
    whole = StoryIndex()
    whole.add(publication_order(base))
    clock.tick("grow_place_base_in_memory")
    out["grow_pieces_full_index"] = save_index(scratch, "grow", whole)
    clock.tick("grow_pieces_save_index_full")
    kept = load_index(scratch, "grow")
    assert kept is not None
    clock.tick("grow_pieces_load_index_head")
    changed = grown_stories(kept, new, (), ids)
    clock.tick("grow_place_added_in_pieces")
    out["grow_clusters_fetched"] = dict.__len__(kept.events.clusters) + dict.__len__(kept.stories.clusters)
    out["grow_clusters"] = len(kept.events.names) + len(kept.stories.names)
    out["grow_articles_fetched"] = dict.__len__(kept.vectors)
    out["grow_stories_changed"] = len(changed)
    out["grow_pieces_part_index"] = save_index(scratch, "grow", kept, full=False)
    clock.tick("grow_pieces_save_index_touched")
    every = grow_stories(whole, new, (), ids)  # what a run did before pieces: place, build every story
    clock.tick("grow_place_added_in_memory_build_all")
    fresh = [a.doc.id for a in new]
    assert all(kept.placement[aid] == whole.placement[aid] for aid in fresh), "pieces placed differently"
    wanted = {whole.placement[aid].story for aid in fresh}
    assert changed == tuple(s for s in every if s.id in wanted)
    out["grow_placements_equal"] = True


if __name__ == "__main__":
    main()
