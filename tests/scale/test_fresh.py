import gc

import pytest

from marsad.scale.fresh import collected_by_batch


def test_the_collector_is_paused_while_articles_pile_up_and_restored_after() -> None:
    with collected_by_batch():
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(RuntimeError), collected_by_batch():
        raise RuntimeError("a failing batch")
    assert gc.isenabled()


def test_a_paused_collector_stays_paused() -> None:
    gc.disable()
    try:
        with collected_by_batch():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
