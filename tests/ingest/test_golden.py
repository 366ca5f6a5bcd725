"""Golden file: what every hand-made fixture ingests to, so a change in trafilatura or a rule shows up."""

from __future__ import annotations

import json
import os
from pathlib import Path

from marsad.document import Document
from marsad.ingest import iter_documents
from tests.ingest.helpers import FIXTURES

GOLDEN = FIXTURES / "golden" / "ingest.json"


def inputs() -> list[Path]:
    return sorted(path for path in FIXTURES.iterdir() if path.is_file() and path.suffix != ".py")


def render() -> dict[str, dict[str, str | None]]:
    rendered: dict[str, dict[str, str | None]] = {}
    for item in iter_documents(inputs()):
        source = os.path.relpath(item.source, FIXTURES)
        if isinstance(item, Document):
            rendered[source] = {
                "id": item.id,
                "title": item.title,
                "outlet": item.outlet,
                "published": item.published,
                "url": item.url,
                "author": item.author,
                "text": item.text,
            }
        else:
            rendered[source] = {"problem": item.problem}
    return rendered


def test_fixtures_match_golden() -> None:
    actual = render()
    if os.environ.get("MARSAD_UPDATE_GOLDEN"):
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text(json.dumps(actual, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    assert actual == json.loads(GOLDEN.read_text(encoding="utf-8"))
