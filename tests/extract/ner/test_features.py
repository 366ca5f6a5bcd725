"""Feature extraction: families switch on and off, second-pass features extend the first."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from marsad.extract.ner.features import ALL_FAMILIES, FeatureConfig, second_pass_features, sentence_features
from marsad.extract.ner.lexicon import load_lexicon

SENTENCE = ["وقال", "الرئيس", "سامر", "في", "البرازيل", "."]


def test_name_cues_and_clusters_appear() -> None:
    config = FeatureConfig(clusters={"سامر": (1, 2, 3)}, lexicon=load_lexicon())
    feats = sentence_features(SENTENCE, config)
    assert "q=title" in feats[1]
    assert "-1:q=title" in feats[2]
    assert {"c0=1", "c1=2", "c2=3"} <= set(feats[2])
    assert "g=LOCATION-B" in feats[4]
    assert "s=رئيس" in feats[1]


def test_removing_a_family_removes_its_features() -> None:
    config = FeatureConfig(families=ALL_FAMILIES - {"lexicon", "clusters"}, lexicon=load_lexicon())
    feats = sentence_features(SENTENCE, config)
    assert not any(f.startswith(("q=", "c0=")) for token in feats for f in token)


def test_second_pass_adds_memory_and_labels() -> None:
    config = FeatureConfig(lexicon=load_lexicon())
    base = sentence_features(SENTENCE, config)
    hints = [[] for _ in SENTENCE]
    hints[2] = ["dm=PERSON"]
    labels = ["O", "O", "B-PERSON", "O", "B-LOCATION", "O"]
    full = second_pass_features(base, hints, labels)
    assert set(base[2]) < set(full[2])
    assert {"dm=PERSON", "p1=B-PERSON", "-1:p1=O"} <= set(full[2])
    assert "-1:dm=PERSON" in full[3]


@given(st.lists(st.text(min_size=1, max_size=8).filter(lambda s: not s.isspace()), max_size=12))
def test_one_feature_list_per_word(words: list[str]) -> None:
    feats = sentence_features(words, FeatureConfig(lexicon=load_lexicon()))
    assert len(feats) == len(words)
    assert all(token and all(isinstance(f, str) for f in token) for token in feats)
