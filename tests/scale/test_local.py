import gc

from marsad.scale.local import (
    _analyse_encoded,
    _analyse_in_worker,
    _install,
    analyse_batches,
    analyse_parallel,
)
from tests.scale.conftest import composed, stand_in_pipeline


def test_two_workers_give_the_same_articles_in_the_same_order() -> None:
    stages = stand_in_pipeline().article_stages
    docs = [composed(n) for n in range(40)]
    one = list(analyse_parallel(stages, docs, workers=1))
    two = list(analyse_parallel(stages, iter(docs), workers=2, chunk=3))
    assert two == one
    assert [a.doc.id for a in two] == [d.id for d in docs]
    assert all(a.quotes and a.tokens for a in two)


def test_nothing_in_nothing_out() -> None:
    assert list(analyse_parallel(stand_in_pipeline().article_stages, [], workers=2)) == []


def test_batches_on_two_workers_equal_one_process() -> None:
    stages = stand_in_pipeline().article_stages
    docs = [composed(n) for n in range(20)]
    one = list(analyse_batches(stages, [docs[:7], docs[7:]], workers=1, chunk=4))
    two = list(analyse_batches(stages, [docs[:7], docs[7:]], workers=2, chunk=4))
    assert [(a, p, b) for a, p, b in two] == [(a, p, b) for a, p, b in one]
    assert [a.doc.id for a, _, _ in two] == [d.id for d in docs]


def test_the_worker_body_gives_what_the_plain_body_gives() -> None:
    docs = [composed(1), composed(2)]
    _install(stand_in_pipeline().article_stages)
    gc_was = gc.isenabled()
    try:
        quiet = _analyse_in_worker(docs)
        assert not gc.isenabled()  # a worker collects once per chunk, not automatically
    finally:
        gc.unfreeze()
        if gc_was:
            gc.enable()
    assert quiet == _analyse_encoded(docs)
    assert [a.doc.id for a, _, _ in quiet] == [d.id for d in docs]
