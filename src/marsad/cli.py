"""The ``marsad`` command: a thin shell over the library's ingest, analyse and report functions."""

from __future__ import annotations

import json
import sys
import time
from collections import Counter
from collections.abc import Callable
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.text import Text

from marsad import __version__
from marsad.report.contract import build_report, validate
from marsad.report.page import render_html
from marsad.report.terminal import show_overview, show_report

if TYPE_CHECKING:  # the pipeline's modules load only when a command runs, so --help is instant
    from marsad.corpus.model import Corpus
    from marsad.pipeline import Pipeline
    from marsad.run import IngestSummary
    from marsad.store.open import AnyStore

Tick = Callable[[int], None]

EXIT_OK, EXIT_SKIPPED, EXIT_USAGE, EXIT_NOTHING = 0, 1, 2, 3

_out = Console(soft_wrap=True)
_err = Console(stderr=True, soft_wrap=True)


class _Phases:
    """One live display on stderr for a run's long phases, a bar each; silent when quiet or not a terminal."""

    def __init__(self, quiet: bool) -> None:
        self._bar: Progress | None = None
        if not quiet and _err.is_terminal:
            columns = (
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
            )
            self._bar = Progress(*columns, console=_err, transient=True)
        self._running = False

    def __enter__(self) -> _Phases:
        self.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.stop()

    def start(self) -> None:
        """Show the display (again)."""
        if self._bar is not None and not self._running:
            self._bar.start()
            self._running = True

    def stop(self) -> None:
        """Take the display off the terminal, so lines can be printed."""
        if self._bar is not None and self._running:
            self._bar.stop()
            self._running = False

    def counter(self, label: str) -> Tick:
        """Add a bar counting items (articles) of unknown total; return its tick."""
        bar = self._bar
        if bar is None:
            return lambda n: None
        task = bar.add_task(label, total=None)
        return lambda n: bar.advance(task, n)

    def steps(self, label: str) -> Callable[[str], None]:
        """Add a bar of named steps (stages, report sections); return what announces each step."""
        bar = self._bar
        if bar is None:
            return lambda name: None
        task = bar.add_task(label, total=None)
        begun = False

        def step(name: str) -> None:
            nonlocal begun
            if begun:
                bar.advance(task, 1)
            begun = True
            bar.update(task, description=f"{label}: {name}")

        return step


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

    with _open_store(db) as store, _Phases(quiet) as phases:
        summary = ingest(store, inputs, batch_size=batch_size, progress=phases.counter("ingesting"))
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
@click.option(
    "--exact",
    is_flag=True,
    help="With a grown --db: redo every corpus stage over all stored articles (what a new store gives; "
    "use it after adding articles older than the stored ones).",
)
@click.option("-q", "--quiet", is_flag=True, help="Print only problems and the report paths.")
def analyze_command(
    inputs: tuple[str, ...], db: str | None, out: str, no_html: bool, workers: int, exact: bool, quiet: bool
) -> None:
    """Analyse articles and write DIR/report.json and DIR/report.html.

    \b
    With INPUTS only, they are analysed in memory. With --db, INPUTS (if any) are
    added to the store first, everything stored is analysed, and the report is
    also kept in the store (for `marsad serve`). Articles are analysed while the
    next ones are read; a later run over a grown store redoes only the events
    the new articles joined (--exact: everything).
    Above 2,000 articles report.html shows the most contested and largest
    stories (report.json holds everything; `marsad serve` browses it all).

    \b
    Examples:
      marsad analyze ../shared/seeds --out out/demo
      marsad analyze ../shared/data/saudinewsnet/*.zip --db saudi.db --out out/saudi
      marsad analyze --db news.db --out out/news
      cat article.txt | marsad analyze - --out out/one

    \b
    Exit codes: 0 every input was read; 1 done, but some inputs were skipped
    (each named on stderr); 2 wrong usage; 3 nothing could be analysed.
    """
    if not inputs and not db:
        raise click.UsageError("give articles to analyse (files, folders, URLs or -) or --db FILE")
    from marsad.run import IngestSummary, analyse_store, analyse_streamed, ingest, keeps_pieces
    from marsad.stages import default_pipeline

    began = time.monotonic()
    summary = IngestSummary()
    folder = Path(out)
    with _open_store(db or ":memory:") as store, _Phases(quiet) as phases:
        reuse = default_pipeline() if db and keeps_pieces(store) else None  # keep report pieces
        if inputs and store.count() == 0:  # a new store: analyse each batch as soon as it is stored
            corpus, summary = analyse_streamed(
                store,
                inputs,
                workers=workers,
                progress=phases.counter("reading and analysing"),
                stage=phases.steps("corpus stages"),
                keep=bool(db),
            )
        else:  # a grown store: only the new articles and the stories they join are redone
            if inputs:
                summary = ingest(store, inputs, progress=phases.counter("reading"))
            if store.count() == 0:
                _give_up(phases, summary, quiet)
            corpus = analyse_store(
                store,
                progress=phases.counter("analysing"),
                workers=workers,
                read_all=reuse is None,
                exact=exact,
            )
        if store.count() == 0:
            _give_up(phases, summary, quiet)
        phases.stop()
        _report_ingest(summary, quiet)
        folder.mkdir(parents=True, exist_ok=True)
        phases.start()
        report = _Reports(store, corpus, db, reuse)
        written, shown = report.write(folder, no_html, phases.steps("writing the report"))
        phases.stop()
    paths = [str(path) for path in written]
    if quiet:
        for path in paths:
            _out.print(path, highlight=False)
    else:
        shown(paths)
        _err.print(
            f"marsad: {report.articles} articles, {len(corpus.stories)} stories analysed in "
            f"{time.monotonic() - began:.0f} s; open {paths[-1]}",
            highlight=False,
        )
    sys.exit(EXIT_SKIPPED if summary.problems else EXIT_OK)


def _give_up(phases: _Phases, summary: IngestSummary, quiet: bool) -> NoReturn:
    """Name what was skipped and exit: no article could be read."""
    phases.stop()
    _report_ingest(summary, quiet)
    _err.print("nothing to analyse: no article could be read", highlight=False)
    sys.exit(EXIT_NOTHING)


class _Reports:
    """Write report.json (streamed; kept in the store with --db) and report.html, and how to show them.

    Up to ``FULL_PAGE`` articles the report is read back, validated whole and shown whole; above,
    its spans are checked as they are written and the page shows an excerpt of the stories.
    ``reuse``: the pipeline whose findings the store keeps, to reuse unchanged articles' report items.
    """

    def __init__(self, store: AnyStore, corpus: Corpus, db: str | None, reuse: Pipeline | None) -> None:
        self.store, self.corpus, self.db, self.reuse = store, corpus, db, reuse
        self.articles = store.count() if reuse else len(corpus.articles)

    def write(
        self, folder: Path, no_html: bool, step: Callable[[str], None]
    ) -> tuple[list[Path], Callable[[list[str]], None]]:
        """Write the reports into ``folder``; return their paths and what prints their overview."""
        from marsad.report.excerpt import FULL_PAGE, contradictions, excerpt, pick_stories
        from marsad.run import save_report_streamed, with_articles

        store, corpus = self.store, self.corpus
        written = [folder / "report.json"]
        small = self.articles <= FULL_PAGE
        report: dict[str, Any] = {}

        def check(path: Path) -> None:
            report.update(json.loads(path.read_text("utf-8")))
            validate(report)

        streamed = save_report_streamed(
            store,
            corpus,
            written[0],
            indent=1,
            keep=bool(self.db),
            progress=step,
            check=check if small else None,
            reuse=self.reuse,
        )
        self.articles = streamed.articles
        if self.reuse is not None and self.db:  # so `marsad serve` opens at once
            self._index_for_serve(step)
        if small:
            if not no_html:
                step("report.html")
                written.append(folder / "report.html")
                written[1].write_text(render_html(report), encoding="utf-8")
            return written, lambda paths: show_report(_out, report, paths)
        docs = None
        if self.reuse is not None and len(corpus.articles) < streamed.articles:  # the rest is in the store
            shown = {aid for story in pick_stories(corpus.stories) for aid in story.articles}
            corpus = with_articles(store, self.reuse, corpus, shown)
            docs = store.documents()
        part = excerpt(corpus, streamed.counts, docs=docs)
        if not no_html:
            step("report.html")
            sources = {a.doc.id: store.sources(a.doc.id) for a in part.corpus.articles}
            browse = f"marsad serve --db {self.db}" if self.db else None
            written.append(folder / "report.html")
            html = render_html(build_report(part.corpus, sources), part, browse)
            written[1].write_text(html, encoding="utf-8")
        top = [(s.title, len(s.articles), contradictions(s)) for s in part.corpus.stories[:5]]
        return written, lambda paths: show_overview(_out, part.overview, top, paths)

    def _index_for_serve(self, step: Callable[[str], None]) -> None:
        """Index the saved report for the web pages beside the store (skipped where it cannot write)."""
        import sqlite3

        from marsad.store.sqlite import Store
        from marsad.web.index import index_latest_report, index_path

        if isinstance(self.store, Store) and self.db:
            step("index for marsad serve")
            try:
                index_latest_report(self.store, index_path(self.db))
            except (OSError, sqlite3.Error) as problem:
                _err.print(
                    f"[yellow]not indexed for marsad serve[/] ({escape(str(problem))})", highlight=False
                )


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
