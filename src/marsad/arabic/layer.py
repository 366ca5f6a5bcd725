"""The text layer as a pipeline stage: sentences and clitic-aware tokens for every article."""

from __future__ import annotations

from marsad.arabic.sentences import split_sentences
from marsad.arabic.tokens import tokenize
from marsad.document import Article
from marsad.pipeline import ArticleStage


def add_text_layer(article: Article) -> Article:
    """Split the article into sentences and tokens, every offset into the original text."""
    return article.with_(sentences=split_sentences(article.text), tokens=tokenize(article.text))


TEXT_STAGE = ArticleStage(
    name="text", run=add_text_layer, requires=frozenset({"text"}), assigns=frozenset({"sentences", "tokens"})
)
