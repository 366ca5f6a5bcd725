"""The per-article entity stage: tag each sentence's tokens and emit typed mentions with offsets."""

from __future__ import annotations

import unicodedata
from bisect import bisect_left
from collections.abc import Sequence

from marsad.arabic.tokens import skip_letters
from marsad.document import Article, Mention, Span, Token
from marsad.extract.ner.bio import TokenSpan
from marsad.extract.ner.neural_tagger import NeuralTagger
from marsad.extract.ner.tagger import Tagger, load_tagger
from marsad.pipeline import ArticleStage

ENTITY_TYPES = ("PERSON", "ORGANIZATION", "LOCATION", "MISC")
# Particles never at the edge of a name, compared as written: "على" (on) is not the name "علي",
# though normalisation folds ى into ي, so the tagger may read it as one.
FUNCTION_WORDS = frozenset(
    "على إلى الى في من عن مع أن إن ان لا لم لن قد ثم أو او التي الذي الذين هذا هذه ذلك تلك بين حتى "
    "منذ عند لدى خلال بعد قبل ضد نحو حول إنه انه أنه بأن وأن وإن فإن كما".split()
)


def sentence_tokens(sentences: Sequence[Span], tokens: Sequence[Token]) -> list[list[Token]]:
    """Group tokens by the sentence that contains them (tokens outside every sentence are dropped).

    Both are in text order and do not overlap, so each sentence's tokens are one slice, found by
    bisection; only its last tokens can run past the sentence's end.
    """
    starts = [t.start for t in tokens]
    groups: list[list[Token]] = []
    for sentence in sentences:
        lo = bisect_left(starts, sentence.start)
        group = list(tokens[lo : bisect_left(starts, sentence.end, lo)])
        while group and group[-1].end > sentence.end:
            group.pop()
        groups.append(group)
    return groups


def mention_start(text: str, token: Token) -> int:
    """Start a mention after a conjunction or preposition glued to "ال" ("والعراق" -> "العراق")."""
    clitics = token.proclitics
    if len(clitics) > 2 and clitics.endswith("ال"):
        return skip_letters(text, token.start, len(clitics) - 2)
    return token.start


def tag_article(article: Article, tagger: Tagger | NeuralTagger | None = None) -> tuple[Mention, ...]:
    """Find the entity mentions of one article; the whole article is the tagger's document memory."""
    model = tagger or load_tagger()
    groups = sentence_tokens(article.sentences, article.tokens)
    return _mentions(article.text, groups, model.document_spans([[t.text for t in g] for g in groups]))


def tag_articles(
    articles: Sequence[Article], tagger: Tagger | NeuralTagger | None = None
) -> list[tuple[Mention, ...]]:
    """Mentions of several articles, each exactly what ``tag_article`` finds in it alone.

    The neural tagger runs them through one pass (a batch of 8 to 32 articles costs less per
    article than one at a time); any other tagger goes article by article.
    """
    model = tagger or load_tagger()
    if not isinstance(model, NeuralTagger):
        return [tag_article(a, model) for a in articles]
    groups = [sentence_tokens(a.sentences, a.tokens) for a in articles]
    tagged = model.documents_spans([[[t.text for t in g] for g in doc] for doc in groups])
    return [_mentions(a.text, g, t) for a, g, t in zip(articles, groups, tagged, strict=True)]


def _mentions(
    text: str, groups: Sequence[Sequence[Token]], tagged: Sequence[Sequence[TokenSpan]]
) -> tuple[Mention, ...]:
    """Turn each sentence's token spans into mentions with offsets into ``text``."""
    mentions: list[Mention] = []
    for group, spans in zip(groups, tagged, strict=True):
        for span in spans:
            words = _trim_particles(group[span.start : span.end])
            if not words:
                continue
            start = mention_start(text, words[0])
            mentions.append(Mention(start, words[-1].end, text[start : words[-1].end], span.type))
    return tuple(mentions)


def _trim_particles(words: Sequence[Token]) -> Sequence[Token]:
    """Drop prepositions and particles the tagger let into either edge of a mention."""
    plain = ["".join(c for c in t.text if unicodedata.category(c) != "Mn") for t in words]
    first, last = 0, len(words)
    while first < last and (plain[first] in FUNCTION_WORDS or not words[first].is_word):
        first += 1
    while last > first and (plain[last - 1] in FUNCTION_WORDS or not words[last - 1].is_word):
        last -= 1
    return words[first:last]


def with_mentions(articles: Sequence[Article]) -> list[Article]:
    """The entity stage over a chunk of articles at once (what ``ENTITY_STAGE`` does to each, cheaper)."""
    return [a.with_(mentions=m) for a, m in zip(articles, tag_articles(articles), strict=True)]


def _run(article: Article) -> Article:
    """Stage body: fill ``Article.mentions``."""
    return article.with_(mentions=tag_article(article))


ENTITY_STAGE = ArticleStage(
    name="entities",
    run=_run,
    requires=frozenset({"sentences", "tokens"}),
    assigns=frozenset({"mentions"}),
    run_many=with_mentions,
)
