"""Corpus stages run with the cyclic garbage collector paused.

A corpus stage over 31k articles allocates millions of small acyclic objects (mention references,
stem sets, index entries) that live until the stage returns; each full collection the allocations
trigger walks every one of them again, so the collector's share grows with the corpus. Nothing a
stage builds forms reference cycles that must be reclaimed before it returns (reference counting
frees the rest), so collection waits until the stage is done.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from functools import wraps
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")


def without_collector(run: Callable[[T], R]) -> Callable[[T], R]:
    """Wrap a stage body so the cyclic collector is paused while it runs (and restored after)."""

    @wraps(run)
    def paused(arg: T) -> R:
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            return run(arg)
        finally:
            if was_enabled:
                gc.enable()

    return paused
