"""BIO tag sequences to entity spans and back, shared by the tagger, trainer and evaluator."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True, order=True)
class TokenSpan:
    """An entity over tokens ``[start, end)`` of one sentence."""

    start: int
    end: int
    type: str


def _split(tag: str) -> tuple[str, str]:
    """Split "B-PERS" into ("B", "PERS"); "O" and anything unknown become ("O", "")."""
    if len(tag) > 2 and tag[1] in "-_" and tag[0] in "BIES":
        return tag[0], tag[2:]
    return "O", ""


def spans_from_tags(tags: Sequence[Iterable[str]]) -> list[TokenSpan]:
    """Decode per-token tag sets (one tag per layer, nested layers allowed) into typed spans.

    Each type is decoded on its own, so a token tagged "I-ORG B-PERS" continues an
    organisation and opens a person. An I- tag with nothing open starts a span (conlleval's rule).
    """
    spans: list[TokenSpan] = []
    open_: dict[str, int] = {}
    for i, token_tags in enumerate(tags):
        parsed = {_split(t) for t in token_tags}
        parsed.discard(("O", ""))
        inside = {typ for pre, typ in parsed if pre in "IE"}
        for typ in [t for t in open_ if t not in inside]:
            spans.append(TokenSpan(open_.pop(typ), i, typ))
        for pre, typ in sorted(parsed):
            if pre in "BS" or typ not in open_:
                if typ in open_:
                    spans.append(TokenSpan(open_.pop(typ), i, typ))
                open_[typ] = i
        for pre, typ in parsed:
            if pre in "ES" and typ in open_:
                spans.append(TokenSpan(open_.pop(typ), i + 1, typ))
    spans.extend(TokenSpan(start, len(tags), typ) for typ, start in open_.items())
    return sorted(spans)


def spans_from_bio(labels: Sequence[str]) -> list[TokenSpan]:
    """Decode one flat BIO label per token into spans (a one-pass loop: the tagger's hot path)."""
    spans: list[TokenSpan] = []
    open_type, start = "", 0
    for i, label in enumerate(labels):
        pre, typ = _split(label)
        if pre in "ES":
            return spans_from_tags([(label,) for label in labels])
        if open_type and (pre != "I" or typ != open_type):
            spans.append(TokenSpan(start, i, open_type))
            open_type = ""
        if pre != "O" and not open_type:
            open_type, start = typ, i
    if open_type:
        spans.append(TokenSpan(start, len(labels), open_type))
    return spans


def bio_from_spans(spans: Iterable[TokenSpan], length: int) -> list[str]:
    """Encode non-overlapping spans as one flat BIO label per token."""
    labels = ["O"] * length
    for span in spans:
        labels[span.start] = f"B-{span.type}"
        for i in range(span.start + 1, span.end):
            labels[i] = f"I-{span.type}"
    return labels


class SpanTagger:
    """Entity spans from any tagger's BIO labels, so every tagger answers in spans the same way."""

    def tag_document(self, sentences: Sequence[Sequence[str]], window: int | None = None) -> list[list[str]]:
        """Return BIO labels for every sentence of one document."""
        raise NotImplementedError

    def tag_spans(self, words: Sequence[str]) -> list[TokenSpan]:
        """Return the entity spans of one sentence taken as a document of its own."""
        return spans_from_bio(self.tag_document([words])[0])

    def document_spans(
        self, sentences: Sequence[Sequence[str]], window: int | None = None
    ) -> list[list[TokenSpan]]:
        """Return the entity spans of every sentence of one document."""
        return [spans_from_bio(lab) for lab in self.tag_document(sentences, window)]
