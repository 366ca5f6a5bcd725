import pickle

from hypothesis import given
from hypothesis import strategies as st

from marsad.arabic.layer import add_text_layer
from marsad.document import Article, Document, content_id


def test_content_id_ignores_spacing_but_not_words() -> None:
    assert content_id("قال  الوزير\nإن") == content_id("قال الوزير إن")
    assert content_id("قال الوزير") != content_id("قال الوزيرة")


@given(st.text(max_size=200))
def test_articles_survive_pickling_between_processes(text: str) -> None:
    article = add_text_layer(Article(doc=Document.create(text, "x.txt", outlet="o")))
    back = pickle.loads(pickle.dumps(article))
    assert back == article
    assert all(type(t) is type(article.tokens[0]) for t in back.tokens)
