import copy
import pickle
from dataclasses import fields

import pytest
from hypothesis import given
from hypothesis import strategies as st

from marsad.arabic.layer import add_text_layer
from marsad.document import (
    Article,
    ClaimMention,
    DateMention,
    Document,
    EventMention,
    Mention,
    QuoteMention,
    Span,
    content_id,
)


def test_content_id_ignores_spacing_but_not_words() -> None:
    assert content_id("قال  الوزير\nإن") == content_id("قال الوزير إن")
    assert content_id("قال الوزير") != content_id("قال الوزيرة")


@given(st.text(max_size=200))
def test_articles_survive_pickling_between_processes(text: str) -> None:
    article = add_text_layer(Article(doc=Document.create(text, "x.txt", outlet="o")))
    back = pickle.loads(pickle.dumps(article))
    assert back == article
    assert all(type(t) is type(article.tokens[0]) for t in back.tokens)


FINDINGS = [
    Document("d1", "نص", "a.txt", outlet="o", title=None, published="2020-05", url=None, author="x"),
    Span(3, 9),
    Mention(0, 4, "مصر", "LOCATION", 0.5),
    DateMention(1, 2, "أمس", "2020-05-06", relative=True),
    QuoteMention(5, 9, "كلام", "direct", "قال", 0, 3, "فلان"),
    QuoteMention(5, 9, "كلام", "indirect"),
    EventMention(0, 9, "هاجم", "ATTACK", True, 0, 2, 4, 6, "2020-05-07", "الخميس"),
    ClaimMention(0, 9, "أرسل 300", False, 1, 3),
]


@pytest.mark.parametrize("value", FINDINGS, ids=lambda v: type(v).__name__)
def test_values_pickle_and_copy_field_for_field(value: object) -> None:
    for copied in (pickle.loads(pickle.dumps(value, protocol=5)), copy.copy(value), copy.deepcopy(value)):
        assert copied == value and type(copied) is type(value)
        assert [getattr(copied, f.name) for f in fields(copied)] == [
            getattr(value, f.name) for f in fields(value)
        ]
