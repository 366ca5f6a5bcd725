"""Name resources: CLDR places from babel, phrase matching over clitics."""

from __future__ import annotations

from marsad.extract.ner.lexicon import load_lexicon, match_phrases, phrase_key


def test_cldr_gives_country_names_and_titles_are_normalised() -> None:
    lexicon = load_lexicon()
    assert lexicon.phrases[phrase_key("البرازيل")] == frozenset({"LOCATION"})
    assert "الامير" in lexicon.person_titles
    assert "وزاره" in lexicon.org_heads


def test_longest_phrase_wins_and_clitic_readings_start_a_phrase() -> None:
    phrases = {("ولايات", "متحده"): frozenset({"LOCATION"}), ("متحده",): frozenset({"MISC"})}
    stems = ["زار", "ولايات", "متحده"]
    firsts = [("زار",), ("ولايات", "والولايات"), ("متحده",)]
    assert match_phrases(stems, firsts, phrases) == [[], ["LOCATION-B"], ["LOCATION-I"]]
    assert match_phrases(["بباريس"], [("بباريس", "باريس")], {("باريس",): frozenset({"LOCATION"})}) == [
        ["LOCATION-B"]
    ]
