"""A stage body runs with the cyclic collector paused, and the collector's state is restored after."""

from __future__ import annotations

import gc

import pytest

from marsad.corpus.collector import without_collector


def _enabled_inside(_: object) -> bool:
    return gc.isenabled()


def _fail(_: object) -> None:
    raise ValueError("stage failed")


@pytest.mark.parametrize("enabled", [True, False])
def test_the_collector_is_paused_inside_and_restored_after(enabled: bool) -> None:
    was = gc.isenabled()
    try:
        (gc.enable if enabled else gc.disable)()
        assert without_collector(_enabled_inside)(None) is False
        assert gc.isenabled() is enabled
        with pytest.raises(ValueError):
            without_collector(_fail)(None)
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()


def test_the_wrapped_body_keeps_its_name_and_result() -> None:
    def body(x: int) -> int:
        return x + 1

    wrapped = without_collector(body)
    assert wrapped(1) == 2 and wrapped.__name__ == "body"
