"""The lexicon matcher, indexed by first stem, finds exactly what a plain longest-first search finds."""

from __future__ import annotations

from collections.abc import Sequence

from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.arabic.normalise import normalise
from marsad.corpus.framing_lexicon import Match, PhraseMatcher, load_framing_lexicon, word_key, word_keys
from marsad.document import Token

FILLER = ["في", "على", "أن", "المدينة", "،", "قال", "و", "."]


def _reference_match(matcher: PhraseMatcher, tokens: Sequence[Token], i: int) -> Match | None:
    """Every length from the longest phrase down to one word, every head key in turn."""
    phrases = matcher.phrases()
    longest = max((len(k) for k in phrases), default=1)
    heads = [k for k in word_keys(tokens[i].norm) if k in matcher.firsts()]
    for size in range(min(longest, len(tokens) - i), 0, -1):
        rest = tuple(word_key(t.norm) for t in tokens[i + 1 : i + size])
        for head in heads:
            found = phrases.get((head, *rest))
            if found is not None:
                return Match(i, i + size, found[0], found[1])
    return None


def _lexicon_phrases() -> list[tuple[str, ...]]:
    """Every lexicon phrase, as the matcher keys it (word stems)."""
    lex = load_framing_lexicon()
    return sorted({key for _, m in lex.matchers() for key in m.phrases()})


def _tokens(words: Sequence[str]) -> list[Token]:
    """Tokens over words joined by spaces (offsets are not read by the matcher)."""
    out, at = [], 0
    for w in words:
        norm = normalise(w)
        out.append(Token(at, at + len(w), w, norm, is_word=any(c.isalpha() for c in w)))
        at += len(w) + 1
    return out


PHRASES = _lexicon_phrases()
WORDS = sorted({w for key in PHRASES for w in key})
# Whole phrases (so a phrase and a longer one sharing its head meet), single words, clitic-glued words.
chunk = st.one_of(
    st.sampled_from(PHRASES).map(list),
    st.sampled_from(WORDS).map(lambda w: [w]),
    st.tuples(st.sampled_from(["و", "ب", "ال", "وال", "لل", "فب"]), st.sampled_from(WORDS)).map(
        lambda p: ["".join(p)]
    ),
    st.sampled_from(FILLER).map(lambda w: [w]),
)
word_lists = st.lists(chunk, min_size=1, max_size=6).map(lambda chunks: [w for c in chunks for w in c])


@settings(max_examples=300, deadline=None)
@given(word_lists)
def test_match_at_equals_the_plain_longest_first_search(words: list[str]) -> None:
    tokens = _tokens(words)
    for _, matcher in load_framing_lexicon().matchers():
        for i in range(len(tokens)):
            expected = _reference_match(matcher, tokens, i)
            assert matcher.match_at(tokens, i) == expected


@settings(max_examples=200, deadline=None)
@given(word_lists, st.integers(0, 4))
def test_scan_equals_each_matcher_read_on_its_own(words: list[str], lo: int) -> None:
    tokens = _tokens(FILLER[:lo] + words)
    lex = load_framing_lexicon()
    found = lex.scan(tokens, lo, len(tokens))
    for name, matcher in lex.matchers():
        expected = [Match(m.start + lo, m.end + lo, m.label, m.kind) for m in matcher.find_all(tokens[lo:])]
        assert found[name] == expected


def test_every_phrase_is_found_whole_at_its_start() -> None:
    for _, matcher in load_framing_lexicon().matchers():
        for key in matcher.phrases():
            tokens = _tokens([*key, "المدينة"])
            found = matcher.match_at(tokens, 0)
            assert found is not None and found.end >= len(key)
            assert found == _reference_match(matcher, tokens, 0)
