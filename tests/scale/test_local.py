from marsad.scale.local import analyse_parallel
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
