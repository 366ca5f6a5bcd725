"""The terminal view: what was analysed and found, readable at a glance after a run."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from rich.console import Console
from rich.table import Table

from marsad.report.contract import Report
from marsad.report.page import overview


def _clip(text: str | None, width: int = 60) -> str:
    """Shorten a line for a table cell."""
    text = " ".join((text or "").split())
    return text if len(text) <= width else text[: width - 1] + "…"


def show_report(console: Console, report: Report, written: Sequence[str] = ()) -> None:
    """Print the overview: articles, outlets, dates, counts of findings and where the reports are."""
    facts = overview(report)
    table = Table(
        title=f"marsad: {facts['articles']} articles, {len(facts['outlets'])} outlets", expand=False
    )
    table.add_column("#", justify="right")
    table.add_column("title")
    table.add_column("outlet")
    table.add_column("published")
    table.add_column("words", justify="right")
    for number, article in enumerate(report["articles"], start=1):
        published = article["published"] or "—"
        if article.get("published_inferred"):
            published += " (inferred)"
        table.add_row(
            str(number),
            _clip(article["title"] or article["text"]),
            article["outlet"] or "—",
            published,
            str(article.get("words", "")),
        )
    console.print(table)
    counts = Counter({"entities": len(report["entities"]), "quotes": len(report["quotes"])})
    counts.update({"events": len(report["events"]), "claims": len(report["claims"])})
    counts.update({"dates": len(report.get("dates", [])), "stories": len(report["stories"])})
    duplicates = sum(1 for a in report["articles"] if a.get("near_duplicates"))
    console.print(
        "found: "
        + ", ".join(f"{value} {name}" for name, value in counts.items())
        + f", {duplicates} near-duplicate articles"
    )
    console.print(f"dates: {facts['date_range']}")
    names = {e["id"]: e["name"] for e in report["entities"]}
    speakers = Counter(
        names.get(q["speaker"]) or q["speaker_text"] for q in report["quotes"] if q["speaker_text"]
    )
    if speakers:
        console.print("most quoted: " + "، ".join(f"{name} ({n})" for name, n in speakers.most_common(5)))
    for path in written:
        console.print(f"wrote {path}")


def show_overview(
    console: Console,
    facts: Mapping[str, Any],
    stories: Sequence[tuple[str, int, int]] = (),
    written: Sequence[str] = (),
) -> None:
    """Print a large corpus's figures and its most contested stories (title, articles, contradictions)."""
    console.print(f"marsad: {facts['articles']} articles, {len(facts['outlets'])} outlets")
    names = ("articles", "outlets", "entities", "quotes", "events", "claims", "dates", "stories")
    counts = [f"{value} {name}" for name, (_, value) in zip(names, facts["counts"], strict=True)]
    console.print("found: " + ", ".join(counts[2:]))
    console.print(f"dates: {facts['date_range']}")
    for title, articles, contradictions in stories:
        console.print(f"story: {_clip(title)} ({articles} articles, {contradictions} contradictions)")
    for path in written:
        console.print(f"wrote {path}")
