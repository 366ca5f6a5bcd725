"""Cross-article entity resolution: every way the corpus names one actor becomes one entity.

"خليل", "بخليل", "الوزير سامي خليل" and a transliteration variant are one man; "جون X" and
"جون Y" are two. Mentions are reduced to a matching key (normalised words, clitics and titles
stripped), keys that are transliteration variants are merged, then a short form (a surname or
first name alone, or a name with a middle part missing) joins the one longer name that contains
it, and stays apart when two different longer names contain it (``resolve_names``).

The full pass grows an empty ``ResolveState`` (``resolve_state``); the stage keeps that state in
``Corpus.extra[STATE_KEY]`` so a later run grows it with new articles (``resolve_grown``) at a
cost that follows the new mentions, with the entities a full pass over all articles gives. A
store may keep the state whole (it pickles) or in string-keyed pieces (``resolve_pieces``): write
``pieces(state)`` after a first pass and ``pieces(state, growth.pieces)`` after a grow; a later
grow runs on ``lazy_state(fetch)`` and reads only the pieces it touches.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from marsad.corpus.collector import without_collector
from marsad.corpus.model import Corpus, Entity
from marsad.corpus.resolve_state import Growth, ResolveState, entities_of, grow
from marsad.document import Article
from marsad.pipeline import CorpusStage

STATE_KEY = "resolve_state"


def resolve_full(articles: Sequence[Article]) -> tuple[tuple[Entity, ...], ResolveState]:
    """Group every mention of every article into entities, and keep the state a later run grows."""
    state = ResolveState()
    grow(state, articles)
    return entities_of(state), state


def resolve_mentions(articles: Sequence[Article]) -> tuple[Entity, ...]:
    """Group every mention of every article into entities."""
    return resolve_full(articles)[0]


def resolve_grown(
    state: ResolveState, articles: Sequence[Article]
) -> tuple[tuple[Entity, ...], ResolveState, Growth]:
    """Add new articles to a kept whole state (changed in place): every entity, the state, what changed.

    On a lazily read state (``resolve_pieces.lazy_state``) call ``resolve_state.grow`` and
    ``changed_entities`` instead: it holds only the entities it loaded.
    """
    growth = grow(state, articles)
    return entities_of(state), state, growth


def kept_state(extra: Mapping[str, Any]) -> ResolveState | None:
    """The resolver state a full pass kept in a corpus's extra (None when absent or of another kind)."""
    state = extra.get(STATE_KEY)
    return state if isinstance(state, ResolveState) else None


def _run(corpus: Corpus) -> Corpus:
    """Stage body: fill ``Corpus.entities`` and keep the resolver state in ``extra``."""
    entities, state = resolve_full(corpus.articles)
    return corpus.with_(entities=entities, extra={**corpus.extra, STATE_KEY: state})


RESOLVE_STAGE = CorpusStage(
    name="resolve",
    run=without_collector(_run),
    requires=frozenset({"articles", "mentions"}),
    assigns=frozenset({"entities"}),
)
