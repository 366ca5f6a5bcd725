"""The ``marsad`` command: a thin shell over the library's ingest, analyse and report functions."""

from __future__ import annotations

import json
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.text import Text

from marsad import __version__
from marsad.report.contract import dumps, validate
from marsad.report.page import render_html
from marsad.report.terminal import show_report

if TYPE_CHECKING:  # the pipeline's modules load only when a command runs, so --help is instant
    from marsad.run import IngestSummary
    from marsad.store.open import AnyStore

Tick = Callable[[int], None]

EXIT_OK, EXIT_SKIPPED, EXIT_USAGE, EXIT_NOTHING = 0, 1, 2, 3

_out = Console(soft_wrap=True)
_err = Console(stderr=True, soft_wrap=True)


@contextmanager
def _progress(label: str, quiet: bool) -> Iterator[Tick]:
    """Show a live counter on stderr for long runs; silent when quiet or not a terminal."""
    if quiet or not _err.is_terminal:
        yield lambda n: None
        return
    columns = (TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=_err, transient=True) as bar:
        task = bar.add_task(label, total=None)
        yield lambda n: bar.advance(task, n)


def _report_ingest(summary: IngestSummary, quiet: bool, shown: int = 20) -> None:
    """Name skipped inputs on stderr, one line each (the first ``shown``, then counts by reason)."""
    for problem in summary.problems[:shown]:
        _err.print(f"[yellow]skipped[/] {escape(str(problem))}", highlight=False)
    if len(summary.problems) > shown:
        reasons = Counter(p.problem.split(" (")[0].split(":")[0] for p in summary.problems)
        listed = "; ".join(f"{n}× {reason}" for reason, n in reasons.most_common())
        _err.print(
            f"… {len(summary.problems) - shown} more skipped inputs. All by reason: {listed}", highlight=False
        )
    if not quiet:
        _err.print(
            f"read {summary.read} articles: {summary.added} new, {summary.existing} already stored, "
            f"{summary.duplicates} near-duplicates linked, {len(summary.problems)} inputs skipped",
            highlight=False,
        )


def _require_store(db: str) -> None:
    """Refuse a store file that does not exist rather than create an empty one to read from."""
    from marsad.store.open import is_postgres_url

    if not is_postgres_url(db) and db != ":memory:" and not Path(db).is_file():
        raise click.BadParameter(
            f"{db}: no such store (create it with `marsad ingest ... --db {db}`)", param_hint="--db"
        )


def _open_store(db: str) -> AnyStore:
    """Open the store, creating a new SQLite file's folder, or fail in one line naming it."""
    import sqlite3

    from marsad.store.open import is_postgres_url, open_store

    try:
        if not is_postgres_url(db) and db != ":memory:":
            Path(db).parent.mkdir(parents=True, exist_ok=True)
        return open_store(db)
    except (sqlite3.Error, OSError) as error:
        raise click.BadParameter(f"{db}: cannot open the store ({error})", param_hint="--db") from error


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="marsad")
def main() -> None:
    """marsad (مرصد): compare how Arabic news outlets report one story.

    \b
    Reads articles (text, HTML, RSS/Atom, JSON, JSONL, folders, zip archives) and reports who said
    what, what happened when, where outlets agree or contradict each other and how each frames
    each actor, with every finding pointing at its evidence in the article text.

    \b
    Examples:
      marsad analyze articles/ --out report/          analyse a folder, write report.json/.html
      marsad ingest feed.xml page.html --db news.db    add articles to a store
      marsad analyze --db news.db --out report/        analyse everything stored

    \b
    Exit codes: 0 every input was read; 1 done, but some inputs were skipped
    (each named on stderr); 2 wrong usage; 3 nothing could be analysed.
    """


@main.command("ingest")
@click.argument("inputs", nargs=-1, required=True)
@click.option("--db", "db", required=True, help="SQLite file (created if missing) or postgresql:// URL.")
@click.option("--batch-size", default=500, show_default=True, help="Articles per transaction.")
@click.option("-q", "--quiet", is_flag=True, help="Print only problems.")
def ingest_command(inputs: tuple[str, ...], db: str, batch_size: int, quiet: bool) -> None:
    """Add articles to a store, each stored once however often it is ingested.

    \b
    INPUTS are files, folders, zip archives, URLs or - for standard input.
    Near-duplicates (the same wire story on two sites) are linked, not dropped.
    A bad input is named on stderr and the batch goes on; what was committed stays.

    \b
    Examples:
      marsad ingest ../shared/seeds --db news.db
      marsad ingest ../shared/data/saudinewsnet/*.zip --db saudi.db
      curl -s https://example.org/feed.xml | marsad ingest - --db news.db

    \b
    Exit codes: 0 every input was read; 1 done, but some inputs were skipped
    (each named on stderr); 2 wrong usage; 3 nothing could be analysed.
    """
    from marsad.run import ingest

    with _open_store(db) as store, _progress("ingesting", quiet) as tick:
        summary = ingest(store, inputs, batch_size=batch_size, progress=tick)
        total = store.count()
    _report_ingest(summary, quiet)
    if not quiet:
        _out.print(f"{db}: {total} articles stored", highlight=False)
    if summary.read == 0 and summary.problems:
        sys.exit(EXIT_NOTHING)
    sys.exit(EXIT_SKIPPED if summary.problems else EXIT_OK)


@main.command("analyze")
@click.argument("inputs", nargs=-1)
@click.option("--db", "db", help="Store to read and add INPUTS to: SQLite file or postgresql:// URL.")
@click.option("--out", "out", required=True, type=click.Path(file_okay=False), help="Folder for the reports.")
@click.option("--no-html", is_flag=True, help="Write report.json only.")
@click.option(
    "--workers",
    default=0,
    show_default="all cores from 400 articles on",
    help="Processes for per-article work.",
)
@click.option("-q", "--quiet", is_flag=True, help="Print only problems and the report paths.")
def analyze_command(
    inputs: tuple[str, ...], db: str | None, out: str, no_html: bool, workers: int, quiet: bool
) -> None:
    """Analyse articles and write DIR/report.json and DIR/report.html.

    \b
    With INPUTS only, they are analysed in memory. With --db, INPUTS (if any) are
    added to the store first, everything stored is analysed, and the report is
    also kept in the store (for `marsad serve`).

    \b
    Examples:
      marsad analyze ../shared/seeds --out out/demo
      marsad analyze --db news.db --out out/news
      cat article.txt | marsad analyze - --out out/one

    \b
    Exit codes: 0 every input was read; 1 done, but some inputs were skipped
    (each named on stderr); 2 wrong usage; 3 nothing could be analysed.
    """
    if not inputs and not db:
        raise click.UsageError("give articles to analyse (files, folders, URLs or -) or --db FILE")
    from marsad.run import IngestSummary, analyse_store, ingest, report_for

    summary = IngestSummary()
    with _open_store(db or ":memory:") as store:
        if inputs:
            with _progress("reading", quiet) as tick:
                summary = ingest(store, inputs, progress=tick)
            _report_ingest(summary, quiet)
        if store.count() == 0:
            _err.print("nothing to analyse: no article could be read", highlight=False)
            sys.exit(EXIT_NOTHING)
        with _progress("analysing", quiet) as tick:
            report = report_for(store, analyse_store(store, progress=tick, workers=workers))
        validate(report)
        if db:
            store.save_report(report)
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    written = [folder / "report.json"]
    written[0].write_text(dumps(report), encoding="utf-8")
    if not no_html:
        written.append(folder / "report.html")
        written[1].write_text(render_html(report), encoding="utf-8")
    if quiet:
        for path in written:
            _out.print(str(path), highlight=False)
    else:
        show_report(_out, report, [str(p) for p in written])
    sys.exit(EXIT_SKIPPED if summary.problems else EXIT_OK)


class LazyGroup(click.Group):
    """A command group whose commands import their (heavy) modules only when run or listed."""

    def __init__(self, *args: Any, lazy: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lazy = lazy

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*super().list_commands(ctx), *self.lazy])

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in self.lazy:
            return super().get_command(ctx, name)
        module, attribute = self.lazy[name].split(":")
        command: click.Command = getattr(import_module(module), attribute)
        return command


@main.group(
    "evaluate",
    cls=LazyGroup,
    lazy={"ner": "marsad.evaluate.ner:ner_command", "stance": "marsad.evaluate.stance:stance_command"},
)
def evaluate_group() -> None:
    """Score marsad's models on labelled data; the scores are JSON on the last line.

    \b
    Examples:
      marsad evaluate ner ../shared/data/anercorp/test.txt
      marsad evaluate ner ../shared/data/wojood-sample/test.txt --scheme wojood
      marsad evaluate stance ../shared/data/ans/stance/test.csv
    """


@main.command("search")
@click.argument("query")
@click.option("--db", "db", required=True, help="SQLite store file or postgresql:// URL.")
@click.option("--outlet", help="Only this outlet.")
@click.option("--since", help="Published on or after this date (YYYY-MM-DD).")
@click.option("--until", help="Published on or before this date (YYYY-MM-DD).")
@click.option("-n", "--limit", default=10, show_default=True, help="Results to show.")
@click.option("--json", "as_json", is_flag=True, help="Print the results as JSON.")
def search_command(
    query: str, db: str, outlet: str | None, since: str | None, until: str | None, limit: int, as_json: bool
) -> None:
    """Search stored articles, matching across clitics and spelling variants.

    \b
    "المرتزقة" finds "مرتزقة" and "والمرتزقة"; "أمريكا" finds "امريكا".
    Several words must all appear; put a phrase in double quotes.

    \b
    Examples:
      marsad search "وزير الخارجية" --db news.db
      marsad search 'المفاوضات "وقف إطلاق النار"' --db news.db --since 2020-01-01 --json
    """
    from marsad.store.search import snippet

    _require_store(db)
    with _open_store(db) as store:
        total, hits = store.search(query, outlet=outlet, since=since, until=until, limit=limit)
    if as_json:
        rows = [
            {
                "article": doc.id,
                "title": doc.title,
                "outlet": doc.outlet,
                "published": doc.published,
                "rank": hit.rank,
                "highlights": [list(h) for h in hit.highlights],
            }
            for doc, hit in hits
        ]
        click.echo(json.dumps({"query": query, "total": total, "hits": rows}, ensure_ascii=False))
        return
    _out.print(f"{total} results for {query}", highlight=False)
    for doc, hit in hits:
        start, end = snippet(doc.text, hit.highlights)
        text = Text(" ".join(doc.text[start:end].split()))
        for a, b in hit.highlights:
            if start <= a and b <= end:
                word = doc.text[a:b]
                text.highlight_words([word], style="bold yellow")
        where = escape(f"{doc.outlet or ''} {doc.published or ''} {doc.id}")
        _out.print(f"[bold]{escape(doc.title or doc.id)}[/] [dim]{where}[/]")
        _out.print(text)


@main.command("serve")
@click.option("--db", "db", required=True, help="Store to show: SQLite file or postgresql:// URL.")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, help="Port to listen on.")
@click.option(
    "--token", envvar="MARSAD_TOKEN", help="Bearer token for POST /api/articles (required beyond loopback)."
)
def serve_command(db: str, host: str, port: int, token: str | None) -> None:
    """Open the observatory in a browser: stories, articles, entities, outlets, search.

    \b
    Every page has a JSON twin under /api; the OpenAPI description is at /openapi.json
    and interactive docs at /docs. Writes (POST /api/articles) need --token when the
    server listens beyond loopback.

    \b
    Examples:
      marsad analyze ../shared/seeds --db news.db --out out/ && marsad serve --db news.db
      MARSAD_TOKEN=secret marsad serve --db news.db --host 0.0.0.0 --port 8080
    """
    import uvicorn

    from marsad.web.app import create_app

    _require_store(db)
    public = host not in {"127.0.0.1", "localhost", "::1"}
    try:
        app = create_app(db, token=token, public=public)
    except ValueError as problem:
        raise click.UsageError(str(problem)) from problem
    _err.print(f"marsad: serving {db} on http://{host}:{port}/ (Ctrl-C to stop)", highlight=False)
    uvicorn.run(app, host=host, port=port, log_level="warning")
