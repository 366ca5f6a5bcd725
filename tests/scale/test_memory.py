"""The collector pause around bulk loading restores the collector and keeps the built objects."""

from __future__ import annotations

import gc

import pytest

from marsad.scale.memory import bulk_build


def test_collection_is_paused_inside_and_restored_after() -> None:
    assert gc.isenabled()
    before = gc.get_freeze_count()
    with bulk_build():
        assert not gc.isenabled()
        built = [(i, str(i)) for i in range(1000)]
    assert gc.isenabled()
    assert gc.get_freeze_count() > before
    assert built[-1] == (999, "999")
    gc.unfreeze()


def test_collection_stays_off_when_it_was_off() -> None:
    gc.disable()
    try:
        with bulk_build(freeze=False):
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_collection_is_restored_after_a_failing_build() -> None:
    with pytest.raises(RuntimeError), bulk_build(freeze=False):
        assert not gc.isenabled()
        raise RuntimeError("a failing batch")
    assert gc.isenabled()
