"""The checkable statements of an article: what someone is quoted as saying, and what it asserts.

Two sources of claims. Every quotation is one: its content, attributed to its speaker span, and
negated when its words negate or its verb denies (نفى أن ...). Every other sentence is one when it
says something a reader could check: a number, a date, a named actor or place, a negation, and
enough words to be a statement rather than a caption. Sentences mostly made of a quote are left to
the quote, so a statement is never claimed twice.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from marsad.arabic.tokens import split_clitics
from marsad.corpus.terms import is_negated, numbers_in
from marsad.document import Article, ClaimMention, QuoteMention, Span, Token
from marsad.extract.ner.lexicon import load_lexicon as load_names
from marsad.extract.speech_lexicon import load_lexicon as load_speech
from marsad.extract.speech_lexicon import verb_stance
from marsad.pipeline import ArticleStage

MIN_WORDS = 5
MAX_WORDS = 80
MIN_QUOTE_WORDS = 3
# A sentence whose words are at least this share quoted is already a claim through its quote.
QUOTED_SHARE = 0.5
_TRIM = " \t\n\r.!…؛;:،,-–—"
_QUESTION = ("؟", "?")


@dataclass(frozen=True, slots=True)
class _Sentence:
    """A sentence's span and its word tokens."""

    start: int
    end: int
    tokens: tuple[Token, ...]


def _words_between(tokens: Sequence[Token], starts: Sequence[int], start: int, end: int) -> list[Token]:
    """Return the word tokens lying inside ``[start, end)`` (``starts`` are the token starts)."""
    lo, hi = bisect.bisect_left(starts, start), bisect.bisect_left(starts, end)
    return [token for token in tokens[lo:hi] if token.end <= end and token.is_word]


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink a span past surrounding blanks and clause punctuation, keeping quotation marks."""
    while start < end and text[start] in _TRIM:
        start += 1
    while end > start and text[end - 1] in _TRIM:
        end -= 1
    return start, end


def quote_claim(article: Article, quote: QuoteMention, words: Sequence[Token]) -> ClaimMention | None:
    """Turn a quotation into an attributed claim, negated when its words or its verb deny."""
    if len(words) < MIN_QUOTE_WORDS:
        return None
    start, end = _trim(article.text, quote.start, quote.end)
    if end <= start:
        return None
    negated = is_negated([t.norm for t in words])
    if quote.verb and verb_stance(quote.verb) == "denial":
        negated = not negated
    return ClaimMention(
        start=start,
        end=end,
        text=article.text[start:end],
        negated=negated,
        source_start=quote.speaker_start,
        source_end=quote.speaker_end,
    )


@cache
def _actor_words() -> frozenset[str]:
    """Titles, roles and institution or place heads: words that name an actor even without NER."""
    names, speech = load_names(), load_speech()
    return names.person_titles | names.org_heads | names.loc_heads | speech.honorifics | speech.roles


def names_actor(norms: Sequence[str]) -> bool:
    """Tell whether a sentence names an actor or place by a title, head noun or gazetteer name."""
    actors, places = _actor_words(), load_names().phrases
    for w in norms:
        bare = w[1:] if len(w) > 3 and w[0] in "وف" else w
        stem = split_clitics(bare)[1]
        if w in actors or bare in actors or stem in actors or "ال" + stem in actors or (stem,) in places:
            return True
    return False


def checkable(sentence: _Sentence, article: Article, mention_starts: Sequence[int]) -> bool:
    """Tell whether a sentence states something checkable: a number, date, named actor or place."""
    n = len(sentence.tokens)
    if n < MIN_WORDS or n > MAX_WORDS:
        return False
    norms = [t.norm for t in sentence.tokens]
    if numbers_in(norms):
        return True
    lo = bisect.bisect_left(mention_starts, sentence.start)
    if lo < len(mention_starts) and mention_starts[lo] < sentence.end:
        return True
    if any(sentence.start <= d.start < sentence.end for d in article.dates):
        return True
    return is_negated(norms) or names_actor(norms)


def _sentences(article: Article, starts: Sequence[int]) -> list[_Sentence]:
    """The article's sentences with their word tokens (the whole text when none were split)."""
    spans = article.sentences or (Span(0, len(article.text)),)
    return [
        _Sentence(s.start, s.end, tuple(_words_between(article.tokens, starts, s.start, s.end)))
        for s in spans
    ]


def extract_claims(article: Article) -> tuple[ClaimMention, ...]:
    """Find the checkable statements of one article, in text order."""
    text = article.text
    starts = [t.start for t in article.tokens]
    claims: list[ClaimMention] = []
    quoted: set[int] = set()
    for quote in article.quotes:
        words = _words_between(article.tokens, starts, quote.start, quote.end)
        claim = quote_claim(article, quote, words)
        if claim is not None:
            claims.append(claim)
            quoted.update(t.start for t in words)
    mention_starts = sorted(m.start for m in article.mentions)
    for sentence in _sentences(article, starts):
        if not sentence.tokens or text[sentence.start : sentence.end].rstrip().endswith(_QUESTION):
            continue
        inside = sum(1 for t in sentence.tokens if t.start in quoted)
        if inside >= QUOTED_SHARE * len(sentence.tokens):
            continue
        if not checkable(sentence, article, mention_starts):
            continue
        start, end = _trim(text, sentence.start, sentence.end)
        claims.append(
            ClaimMention(start, end, text[start:end], is_negated([t.norm for t in sentence.tokens]))
        )
    claims.sort(key=lambda c: (c.start, c.end))
    return tuple(claims)


def _run(article: Article) -> Article:
    """Stage body: fill ``Article.claims``."""
    return article.with_(claims=extract_claims(article))


CLAIM_STAGE = ArticleStage(
    name="claims",
    run=_run,
    requires=frozenset({"sentences", "tokens", "mentions", "quotes"}),
    assigns=frozenset({"claims"}),
)
