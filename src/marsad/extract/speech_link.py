"""Map each quote's speaker span to an entity id, once entity resolution has run over the corpus."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from marsad.arabic.normalise import normalise
from marsad.corpus.model import Corpus, Entity
from marsad.document import QuoteMention


class SpeakerLinker:
    """Index entity mentions by article and entity names by normal form, for speaker lookups."""

    def __init__(self, entities: Sequence[Entity]) -> None:
        self.spans: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
        self.names: dict[str, str] = {}
        for entity in entities:
            for ref in entity.mentions:
                self.spans[ref.article].append((ref.start, ref.end, entity.id))
            for name in (entity.name, *entity.aliases):
                self.names.setdefault(" ".join(normalise(name).split()), entity.id)

    def link(self, article_id: str, quote: QuoteMention) -> str | None:
        """Return the entity whose mention overlaps the speaker span most, else one named like it."""
        if quote.speaker_start is None or quote.speaker_end is None:
            return None
        best, best_overlap = None, 0
        for start, end, entity_id in self.spans.get(article_id, ()):
            overlap = min(end, quote.speaker_end) - max(start, quote.speaker_start)
            if overlap > best_overlap:
                best, best_overlap = entity_id, overlap
        if best is not None:
            return best
        return self.names.get(" ".join(normalise(quote.speaker_text or "").split()))


def speaker_entities(corpus: Corpus) -> dict[tuple[str, int], str]:
    """Link every quote of the corpus to its speaker entity: (article id, quote index) -> entity id."""
    linker = SpeakerLinker(corpus.entities)
    links: dict[tuple[str, int], str] = {}
    for article in corpus.articles:
        for index, quote in enumerate(article.quotes):
            entity_id = linker.link(article.doc.id, quote)
            if entity_id is not None:
                links[(article.doc.id, index)] = entity_id
    return links
