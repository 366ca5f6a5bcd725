"""Reporting verbs, titles and cue words, loaded once from ``data/speech.json`` and normalised."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources

from marsad.arabic.normalise import normalise

STANCES = ("neutral", "assertive", "distancing", "denial")


@dataclass(frozen=True, slots=True)
class SpeechVerb:
    """One reporting verb: its lemma, the stance it lends the quote, and how it attaches its content."""

    lemma: str
    stance: str
    preps: frozenset[str] = frozenset()
    strict: bool = False
    continues: bool = False
    source_prep: str | None = None
    direct_only: bool = False
    needs_subject: bool = False


@dataclass(frozen=True, slots=True)
class SpeechLexicon:
    """Every normalised cue the quote extractor matches tokens against."""

    verbs: dict[str, SpeechVerb]
    complementizers: frozenset[str]
    non_speech_before_complementizer: frozenset[str]
    impersonal: frozenset[str]
    honorifics: frozenset[str]
    roles: frozenset[str]
    title_modifiers: frozenset[str]
    org_nouns: frozenset[str]
    role_suffix_cut: frozenset[str]
    event_nouns: frozenset[str]
    cut_words: frozenset[str]
    time_words: frozenset[str]
    media_prefixes: frozenset[str]
    pronoun_cues: tuple[tuple[str, ...], ...]
    attribution_stops: frozenset[str]
    deity: frozenset[str]
    joiners: frozenset[str]
    participles: frozenset[str]
    objects: frozenset[str]
    speech_nouns: frozenset[str]

    def verb(self, norm: str) -> SpeechVerb | None:
        """Return the reporting verb a normalised token spells, with a leading و/ف allowed."""
        found = self.verbs.get(norm)
        if found is None and len(norm) > 3 and norm[0] in "وف":
            found = self.verbs.get(norm[1:])
        return found

    def is_participle(self, norm: str) -> bool:
        """Tell whether a token is a participle (مشيرا، مؤكدة) that takes its sentence's subject."""
        return norm in self.participles or (norm[:1] in "وف" and norm[1:] in self.participles)


def _norm_set(words: list[str]) -> frozenset[str]:
    """Normalise a list of cue words into a set."""
    return frozenset(normalise(w) for w in words)


@cache
def load_lexicon() -> SpeechLexicon:
    """Read the speech resources shipped with the package (once per process)."""
    raw = json.loads(resources.files("marsad.extract").joinpath("data/speech.json").read_text("utf-8"))
    verbs: dict[str, SpeechVerb] = {}
    participles: set[str] = set()
    for entry in raw["verbs"]:
        if entry["stance"] not in STANCES:
            raise ValueError(f"unknown stance {entry['stance']!r} for {entry['lemma']!r}")
        verb = SpeechVerb(
            lemma=entry["lemma"],
            stance=entry["stance"],
            preps=_norm_set(entry.get("prep", [])),
            strict=bool(entry.get("strict", False)),
            continues=bool(entry.get("continues", False)),
            source_prep=normalise(entry["source_prep"]) if entry.get("source_prep") else None,
            direct_only=bool(entry.get("direct_only", False)),
            needs_subject=bool(entry.get("needs_subject", False)),
        )
        for form in entry["forms"] + entry.get("participles", []):
            verbs.setdefault(normalise(form), verb)
        participles.update(normalise(form) for form in entry.get("participles", []))
    return SpeechLexicon(
        verbs=verbs,
        complementizers=_norm_set(raw["complementizers"]),
        non_speech_before_complementizer=_norm_set(raw["non_speech_before_complementizer"]),
        impersonal=_norm_set(raw["impersonal"]),
        honorifics=_norm_set(raw["honorifics"]),
        roles=_norm_set(raw["roles"]),
        title_modifiers=_norm_set(raw["title_modifiers"]),
        org_nouns=_norm_set(raw["org_nouns"]),
        role_suffix_cut=_norm_set(raw["role_suffix_cut"]),
        event_nouns=_norm_set(raw["event_nouns"]),
        cut_words=_norm_set(raw["cut_words"]),
        time_words=_norm_set(raw["time_words"]),
        media_prefixes=_norm_set(raw["media_prefixes"]),
        pronoun_cues=tuple(tuple(normalise(cue).split()) for cue in raw["pronoun_cues"]),
        attribution_stops=_norm_set(raw["attribution_stops"]),
        deity=_norm_set(raw["deity"]),
        joiners=_norm_set(raw["joiners"]),
        participles=frozenset(participles),
        objects=_norm_set(raw["objects"]),
        speech_nouns=_norm_set(raw["speech_nouns"]),
    )


def verb_stance(verb: str) -> str | None:
    """Tell the stance a reporting verb lends its quote (framing scores hedges with it)."""
    found = load_lexicon().verb(normalise(verb).strip())
    return found.stance if found else None
