"""The action taxonomy of ``data/actions.json``: conjugated verb forms, light verbs and action nouns."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from marsad.arabic.normalise import normalise

# Object pronouns a verb may carry ("نفذتها", "وضعهما"), longest first.
_OBJECT_SUFFIXES = ("هما", "هم", "هن", "ها", "كم", "نا", "ني", "ه")
# Suffixes a noun may carry after a light verb ("هجوما", "دعمه", "رفضها").
_NOUN_SUFFIXES = ("هما", "هم", "ها", "نا", "ه", "ا")
_PAST_FRONTS = ("", "و", "ف")
_PRESENT_FRONTS = ("", "و", "ف", "س", "ل", "وس", "فس", "ول", "فل")


@dataclass(frozen=True, slots=True)
class Action:
    """One taxonomy entry: its code, its CAMEO and PLOVER categories and where its target is found."""

    code: str
    gloss: str
    cameo: str
    cameo_name: str
    plover: str | None
    target: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class VerbForm:
    """A conjugated form of an action verb, as the matcher looks it up."""

    action: str
    present: bool
    ambiguous: bool = False
    no_clause: bool = False
    plural: bool = False
    first_person: bool = False
    passive: bool = False
    arrival: bool = False


@dataclass(frozen=True, slots=True)
class LightVerb:
    """A verb that carries an action through the noun after it (قام باعتقال، شن هجوما)."""

    lemma: str
    prep: str | None
    passive: bool
    actions: frozenset[str] | None
    ambiguous: bool = False


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Everything the event matcher looks tokens up in, normalised."""

    actions: dict[str, Action]
    verbs: dict[str, VerbForm]
    light: dict[str, LightVerb]
    nouns: dict[str, tuple[tuple[str, tuple[str, ...]], ...]]


def _person_flags(form: str, present: bool) -> tuple[bool, bool]:
    """Tell whether a conjugated form is plural/dual and whether it is first person."""
    if present:
        return form.endswith(("ون", "ان", "وا")), form[:1] in "نا"  # ندعو, أدعو
    plural = form.endswith(("وا", "تا")) or (form.endswith("ا") and len(form) > 3 and not form.endswith("نا"))
    return plural, form.endswith("نا")


def conjugate_past(past: str) -> list[str]:
    """Return the past forms of a verb from its 3rd person masculine singular (normalised)."""
    if past[-1] in "يا":
        stem = past[:-1]
        return [past, stem + "ت", stem + "وا", stem + "تا", stem + "ينا"]
    # No dual "-ا": دعما، قتلا are far more often accusative nouns than "the two supported".
    return [past, past + "ت", past + "وا", past + "تا", past + "ن", past + "نا"]


def conjugate_present(present: str) -> list[str]:
    """Return the present forms of a verb from its 3rd person masculine singular (normalised)."""
    stem = present[1:]
    forms = [p + stem for p in "يتنا"]
    if stem[-1] in "يو":
        short = stem[:-1]
        forms += [p + short + s for p in "يت" for s in ("ون", "وا")] + ["ي" + short, "ت" + short]
    else:
        # No dual "-ان": it makes names of verbs (ليبرمان = ل + يبرمان) and is rare in news.
        forms += [p + stem + s for p in "يت" for s in ("ون", "وا")] + ["ي" + stem + "ن"]
    return forms


def _verb_forms(code: str, entry: dict[str, Any]) -> Iterable[tuple[str, VerbForm]]:
    """Yield every conjugated form of one action's verbs with its flags."""
    for verb in entry.get("verbs", []):
        ambiguous = bool(verb.get("ambiguous", False))
        no_clause = bool(verb.get("no_clause", False))
        for present, forms in (
            (False, conjugate_past(normalise(verb["past"]))),
            (True, conjugate_present(normalise(verb["present"]))),
        ):
            for i, form in enumerate(forms):
                plural, first = _person_flags(form, present)
                yield (
                    form,
                    VerbForm(code, present, ambiguous and i == 0 and not present, no_clause, plural, first),
                )
    for raw in entry.get("forms", []):
        form = normalise(raw)
        # "أدعو": a first-person present of a verb ending in و (a past form never ends so)
        present = (form[:1] in "يتن" and len(form) > 3) or (raw[:1] == "أ" and raw[-1:] == "و")
        plural, first = _person_flags(form, present)
        yield form, VerbForm(code, present, False, False, plural, first)
    for raw in entry.get("arrival_forms", []):
        form = normalise(raw)
        present = form[:1] in "يتن" and len(form) > 3
        plural, first = _person_flags(form, present)
        yield form, VerbForm(code, present, False, False, plural, first, False, True)
    for raw in entry.get("passive_forms", []):
        form = normalise(raw)
        present = form[:1] in "يتن" and len(form) > 3
        yield form, VerbForm(code, present, False, False, _person_flags(form, present)[0], False, True)


@cache
def load_lexicon() -> Lexicon:
    """Load and conjugate the taxonomy once."""
    raw = json.loads(resources.files("marsad.extract").joinpath("data/actions.json").read_text("utf-8"))
    actions: dict[str, Action] = {}
    plain: list[tuple[str, VerbForm]] = []
    nouns: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
    for code, entry in raw["actions"].items():
        actions[code] = Action(
            code,
            entry["gloss"],
            entry["cameo"],
            entry["cameo_name"],
            entry["plover"],
            tuple(normalise(t) if t != "object" else t for t in entry["target"]),
        )
        plain.extend(_verb_forms(code, entry))
        for noun in entry.get("nouns", []):
            words = normalise(noun).split()
            nouns.setdefault(words[0], []).append((code, tuple(words[1:])))
    verbs: dict[str, VerbForm] = {}
    for form, value in plain:
        verbs.setdefault(form, value)
    for form, value in plain:
        for variant in clitic_variants(form, value.present):
            verbs.setdefault(variant, value)
    light: dict[str, LightVerb] = {}
    for entry in raw["light_verbs"]:
        allowed = None if entry["actions"] == "*" else frozenset(entry["actions"])
        prep = normalise(entry["prep"]) if entry.get("prep") else None
        lemma = normalise(entry["lemma"])
        inflected = LightVerb(lemma, prep, bool(entry.get("passive", False)), allowed)
        lone = LightVerb(lemma, prep, inflected.passive, allowed, bool(entry.get("ambiguous", False)))
        for raw_form in entry["forms"]:
            form = normalise(raw_form)
            for variant in clitic_variants(form, form[:1] in "يتن" and len(form) > 2):
                light.setdefault(variant, lone if variant == lemma else inflected)
    for word in raw.get("not_verbs", []):
        verbs.pop(normalise(word), None)
        light.pop(normalise(word), None)
    frozen_nouns = {k: tuple(v) for k, v in nouns.items()}
    return Lexicon(actions, verbs, light, frozen_nouns)


def clitic_variants(form: str, present: bool) -> Iterable[str]:
    """Spell a verb form with the proclitics and object pronouns it may carry (وسيرسلها، فهاجموه)."""
    bodies = [form] + [form + suffix for suffix in _OBJECT_SUFFIXES]
    if form.endswith("وا"):
        bodies += [form[:-1] + suffix for suffix in _OBJECT_SUFFIXES]
    if form.endswith("ي") and not present:
        bodies += [form[:-1] + "ا" + suffix for suffix in _OBJECT_SUFFIXES]
    fronts = _PRESENT_FRONTS if present else _PAST_FRONTS
    for front in fronts:
        # The purpose ل- takes a bare verb only: "ليبرمان" must not read as ل + يبرم + ان.
        for body in bodies if "ل" not in front else bodies[:1]:
            yield front + body


def match_verb(norm: str, lexicon: Lexicon) -> VerbForm | None:
    """Return the action verb a normalised token spells, clitics and an object pronoun allowed."""
    return lexicon.verbs.get(norm)


def match_light(norm: str, lexicon: Lexicon) -> LightVerb | None:
    """Return the light verb a normalised token spells, with و/ف/س and an object pronoun allowed."""
    return lexicon.light.get(norm)


def has_object_suffix(norm: str, lexicon: Lexicon, light: bool = True) -> bool:
    """Tell whether a light verb (or, with ``light=False``, an action verb) carries an object pronoun."""
    table: Mapping[str, object] = lexicon.light if light else lexicon.verbs
    for front in ("", "و", "ف"):
        if front and not norm.startswith(front):
            continue
        word = norm[len(front) :]
        for suffix in _OBJECT_SUFFIXES:
            if not word.endswith(suffix):
                continue
            base = word[: -len(suffix)]
            if base in table or (base.endswith("ا") and base[:-1] + "ي" in table):
                return True
    return False


def may_trigger(norm: str, lexicon: Lexicon) -> bool:
    """Tell whether a token is an action verb or a light verb."""
    return norm in lexicon.verbs or norm in lexicon.light


def noun_stems(norm: str) -> list[tuple[str, int]]:
    """List (stem, letters cut in front) readings of a noun: ال/و/ف/ب/ل off, pronoun or tanween alif off."""
    fronts = [(norm, 0)]
    rest, cut = norm, 0
    if rest[:1] in "وف" and len(rest) > 3:
        rest, cut = rest[1:], cut + 1
        fronts.append((rest, cut))
    if rest[:1] in "بلك" and len(rest) > 3:
        rest, cut = rest[1:], cut + 1
        fronts.append((rest, cut))
    if rest.startswith("ال") and len(rest) > 4:
        fronts.append((rest[2:], cut + 2))
    elif rest.startswith("ل") and len(rest) > 3 and fronts[-1][0].startswith("لل"):
        fronts.append((rest[1:], cut + 1))
    out: list[tuple[str, int]] = []
    for word, c in fronts:
        out.append((word, c))
        for suffix in _NOUN_SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= 3:
                out.append((word[: -len(suffix)], c))
        if word.endswith("ت") and len(word) > 3:
            out.append((word[:-1] + "ه", c))
    return out
