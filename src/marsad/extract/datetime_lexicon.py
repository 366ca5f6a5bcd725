"""The date vocabulary (months, weekdays, ordinals, numbers, units) as normalised lookups and regex parts."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from marsad.arabic.normalise import normalise


@dataclass(frozen=True)
class Lexicon:
    """Normalised names mapped to numbers, plus regex alternations that match them (longest first)."""

    gregorian: dict[str, int]
    hijri: dict[str, int]
    ambiguous: frozenset[str]
    weekdays: dict[str, int]
    ordinals: dict[str, int]
    cardinals: dict[str, int]
    units: dict[str, tuple[str, str]]
    qualifiers: dict[str, str]

    def alternation(self, names: dict[str, int] | dict[str, str] | dict[str, tuple[str, str]]) -> str:
        """Build a regex alternation of ``names``, longest first, inner spaces matching any whitespace."""
        parts = sorted(names, key=len, reverse=True)
        return "|".join(r"\s+".join(re.escape(word) for word in name.split()) for name in parts)


def key(text: str) -> str:
    """Normalise a matched name so it can be looked up (single spaces, folded letters)."""
    return " ".join(normalise(text).split())


def _numbered(table: dict[str, list[str]]) -> dict[str, int]:
    """Turn {"1": [names]} into {normalised name: 1}."""
    return {key(name): int(number) for number, names in table.items() for name in names}


def _strip_article(names: dict[str, int]) -> dict[str, int]:
    """Drop the leading article so a pattern can put its own clitic chain (وال، بال، لل) in front."""
    return {name[2:] if name.startswith("ال") else name: number for name, number in names.items()}


@cache
def lexicon() -> Lexicon:
    """Load ``data/dates.json`` once."""
    raw = json.loads(resources.files("marsad.extract").joinpath("data/dates.json").read_text("utf-8"))
    units: dict[str, tuple[str, str]] = {}
    for unit, forms in raw["units"].items():
        for count in ("many", "two", "one"):  # later forms win: "يوم" is "one" before "many"
            for name in forms[count]:
                units[key(name)] = (unit, count)
    qualifiers = {key(name): kind for kind, names in raw["qualifiers"].items() for name in names}
    return Lexicon(
        gregorian=_numbered(raw["gregorian_months"]),
        hijri=_numbered(raw["hijri_months"]),
        ambiguous=frozenset(key(name) for name in raw["ambiguous_months"]),
        weekdays=_strip_article(_numbered(raw["weekdays"])),
        ordinals=_strip_article(_numbered(raw["ordinal_days"])),
        cardinals=_numbered(raw["cardinals"]),
        units=units,
        qualifiers=qualifiers,
    )
