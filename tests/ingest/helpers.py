"""Where the hand-made ingest fixtures live."""

from __future__ import annotations

from pathlib import Path

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ingest"


def fixture(name: str) -> Path:
    """Return the path of one fixture file."""
    return FIXTURES / name
