"""Building a large corpus in memory without the cyclic garbage collector rescanning it.

Decoding 31k analyses creates tens of millions of small objects (tokens, mentions); each full
collection of the cyclic collector walks every live one, so loading slows down as the corpus grows.
None of them form cycles, so the collector is paused while they are built, and what was built is
then moved out of its reach (``gc.freeze``): later stages allocate without rescanning it. Frozen
objects are still freed by reference counting when dropped.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def bulk_build(freeze: bool = True) -> Iterator[None]:
    """Pause cyclic garbage collection while building many acyclic objects, then freeze them."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if freeze:
            gc.freeze()
        if was_enabled:
            gc.enable()
