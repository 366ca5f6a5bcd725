"""Golden files for the text layer: sentences and tokens of composed Arabic news paragraphs."""

import json
import os
from pathlib import Path

import pytest

from marsad.arabic.sentences import split_sentences
from marsad.arabic.tokens import tokenize

GOLDEN = Path(__file__).parent / "golden" / "text"
INPUTS = sorted(GOLDEN.glob("*.txt"))


def render(text: str) -> dict[str, list[str]]:
    return {
        "sentences": [text[s.start : s.end] for s in split_sentences(text)],
        "tokens": [
            f"{t.start}:{t.end} {t.text} {t.norm} {t.proclitics or '-'}+{t.stem}" for t in tokenize(text)
        ],
    }


@pytest.mark.parametrize("path", INPUTS, ids=[p.stem for p in INPUTS])
def test_text_layer_matches_golden(path: Path) -> None:
    actual = render(path.read_text(encoding="utf-8"))
    expected_path = path.with_suffix(".json")
    if os.environ.get("MARSAD_UPDATE_GOLDEN"):
        expected_path.write_text(json.dumps(actual, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    assert actual == json.loads(expected_path.read_text(encoding="utf-8"))
