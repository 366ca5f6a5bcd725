"""The HTML report: one self-contained, right-to-left page a journalist can open offline."""

from __future__ import annotations

import json
from collections import defaultdict
from functools import cache
from importlib import resources
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from marsad.report.contract import Report
from marsad.report.excerpt import Excerpt, overview_figures

TYPE_NAMES = {"PERSON": "شخص", "ORGANIZATION": "منظمة", "LOCATION": "مكان", "MISC": "أخرى"}
RELATION_NAMES = {"agree": "اتفاق", "contradict": "تناقض", "unique": "انفراد"}
SIDE_NAMES = ("الرواية أ", "الرواية ب")  # the two accounts of a contradiction


@cache
def action_names() -> dict[str, str]:
    """Name each event action in Arabic, from the action taxonomy."""
    data = json.loads(resources.files("marsad.extract").joinpath("data/actions.json").read_text("utf-8"))
    return {code: str(action.get("label_ar", code)) for code, action in data["actions"].items()}


@cache
def _environment() -> Environment:
    """Build the template environment once; autoescaping keeps untrusted article text inert."""
    return Environment(
        loader=PackageLoader("marsad.report", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def overview(report: Report) -> dict[str, Any]:
    """Summarise the report in the figures a reader wants first."""
    articles = ((a.get("published"), a.get("outlet")) for a in report["articles"])
    counts = {key: len(report.get(key, [])) for key in ("entities", "quotes", "events", "claims", "dates")}
    return overview_figures(articles, len(report["stories"]), counts)


def render_html(report: Report, part: Excerpt | None = None, browse: str | None = None) -> str:
    """Render the report as one HTML page with every article text escaped.

    ``part``: the report covers only these stories of a larger corpus (the page says so, with the
    whole corpus's figures); ``browse``: the command that shows the rest.
    """
    titles = {a["id"]: a["title"] or a["outlet"] or a["id"] for a in report["articles"]}
    entity_names = {e["id"]: e["name"] for e in report["entities"]}
    by_speaker: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for quote in report["quotes"]:
        name = entity_names.get(quote["speaker"]) or quote["speaker_text"] or "متحدث غير محدد"
        by_speaker[name].append(quote)
    events = sorted(report["events"], key=lambda e: (e["date"] is None, e["date"] or ""))
    entities = sorted(report["entities"], key=lambda e: -len(e["mentions"]))
    return (
        _environment()
        .get_template("report.html")
        .render(
            report=report,
            overview=part.overview if part else overview(report),
            part=part,
            browse=browse,
            titles=titles,
            entity_names=entity_names,
            claims={c["id"]: c for c in report["claims"]},
            side_names=SIDE_NAMES,
            quotes_by_speaker=sorted(by_speaker.items(), key=lambda item: -len(item[1])),
            events=events,
            entities=entities,
            type_names=TYPE_NAMES,
            relation_names=RELATION_NAMES,
            action_names=action_names(),
        )
    )
