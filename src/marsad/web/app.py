"""The observatory in a browser: HTML pages for people, the same data as JSON under /api for programs."""

from __future__ import annotations

import hmac
import os
import tempfile
import threading
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from fastapi import FastAPI, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, PackageLoader, select_autoescape
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from marsad import __version__
from marsad.ingest.build import Meta, make_document
from marsad.ingest.dates import parse_published
from marsad.ingest.errors import Rejected
from marsad.report.page import RELATION_NAMES, TYPE_NAMES, action_names
from marsad.store.open import is_postgres_url, open_store
from marsad.store.search import snippet
from marsad.store.sqlite import Store
from marsad.web import views
from marsad.web.index import ReportIndex, build_index, dict_sections, index_latest_report, index_path

MAX_BODY = 5 * 1024 * 1024  # bytes accepted by POST /api/articles
MAX_ARTICLES = 200  # articles in one POST
MAX_TEXT = 1_000_000  # characters in one article
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)


class ArticleIn(BaseModel):
    """An article posted to the API: text required, the rest optional."""

    text: str = Field(min_length=1, max_length=MAX_TEXT)
    title: str | None = Field(default=None, max_length=1000)
    outlet: str | None = Field(default=None, max_length=200)
    published: str | None = Field(default=None, max_length=40, description="ISO 8601 date or any common form")
    url: str | None = Field(default=None, max_length=2000)
    author: str | None = Field(default=None, max_length=300)


class ArticlesIn(BaseModel):
    """A batch of posted articles, stored in one transaction."""

    articles: list[ArticleIn] = Field(min_length=1, max_length=MAX_ARTICLES)


class Observed:
    """The store's latest report, indexed (once per report) and reopened when a newer one is saved.

    The index of an SQLite store is kept beside it (``<db>.index``, rebuilt when the report changes)
    so a restart serves at once; other stores, or a folder that cannot be written, get a temporary one.
    """

    def __init__(self, db: str) -> None:
        self.store = open_store(db)
        self.lock = threading.Lock()
        self._count = -1
        self._scratch = tempfile.TemporaryDirectory(prefix="marsad-web-")
        beside = index_path(db)
        writable = db != ":memory:" and not is_postgres_url(db) and os.access(beside.parent, os.W_OK)
        self._path = beside if writable else Path(self._scratch.name) / "report.index"
        self._observatory: views.Observatory | None = None

    def observatory(self) -> views.Observatory:
        """Return the observatory of the latest saved report."""
        with self.lock:
            count = self.store.report_count()
            if count != self._count or self._observatory is None:
                if self._observatory is not None:
                    self._observatory.index.close()
                self._observatory = views.Observatory(self._open_index())
                self._count = count
            return self._observatory

    def _open_index(self) -> ReportIndex:
        """Open the index of the latest report, building it first when missing or stale."""
        if isinstance(self.store, Store):
            index_latest_report(self.store, self._path)
        else:  # another store keeps no stream of its report: index it from its parsed form
            report = self.store.latest_report() or _empty_report()
            build_index(self._path, dict_sections(report), f"count:{self.store.report_count()}")
        return ReportIndex(self._path)


def _empty_report() -> dict[str, Any]:
    """Stand in for a store never analysed: every page renders, empty."""
    return {key: [] for key in ("articles", "entities", "quotes", "events", "claims", "dates", "stories")}


def _templates() -> Environment:
    """Build the page templates; autoescaping keeps untrusted article text inert."""
    env = Environment(
        loader=PackageLoader("marsad.web", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(relation_names=RELATION_NAMES, type_names=TYPE_NAMES, action_names=action_names())
    return env


def _is_loopback(host: str | None) -> bool:
    """Tell whether a client or bind address is this machine."""
    return host in {"127.0.0.1", "::1", "localhost", "testclient"} or (host or "").startswith("127.")


def create_app(db: str | Path, *, token: str | None = None, public: bool = False) -> FastAPI:
    """Build the web app over a store; writes need ``token`` when ``public`` (listening beyond loopback)."""
    if public and not token:
        raise ValueError("a server listening beyond loopback needs a write token (--token or MARSAD_TOKEN)")
    state = Observed(str(db))
    env = _templates()
    app = FastAPI(
        title="marsad",
        version=__version__,
        description="Arabic news observatory: stories, quotes, events, claims compared across outlets, "
        "framing and search. Every HTML page has a JSON twin under /api.",
    )
    app.mount("/static", StaticFiles(packages=[("marsad.web", "static")]), name="static")

    @app.middleware("http")
    async def secure(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        """Refuse oversized bodies early and send security headers on every response."""
        length = request.headers.get("content-length")
        if length and length.isdigit() and int(length) > MAX_BODY:
            return JSONResponse({"detail": f"request body over {MAX_BODY} bytes"}, status_code=413)
        response = await call_next(request)
        if not request.url.path.startswith("/docs"):
            response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        return response

    def page(template: str, request: Request, **context: Any) -> HTMLResponse:
        """Render a page with a link to its JSON twin."""
        json_url = (
            "/api" + request.url.path.rstrip("/") + (f"?{request.url.query}" if request.url.query else "")
        )
        html = env.get_template(template).render(
            json_url=json_url if request.url.path != "/" else "/api/stories", **context
        )
        return HTMLResponse(html)

    def found(build: Callable[[], dict[str, Any]]) -> dict[str, Any]:
        """Run a view, turning a missing id into a 404."""
        try:
            return build()
        except views.NotFound as missing:
            raise HTTPException(status_code=404, detail=str(missing)) from missing

    @app.exception_handler(StarletteHTTPException)
    async def error_page(request: Request, error: StarletteHTTPException) -> Response:
        """Answer API errors as JSON and page errors as a readable page."""
        if request.url.path.startswith("/api"):
            return JSONResponse({"detail": error.detail}, status_code=error.status_code)
        html = env.get_template("error.html").render(
            status=error.status_code, message=error.detail, json_url="/api/stories"
        )
        return HTMLResponse(html, status_code=error.status_code)

    # JSON API -----------------------------------------------------------------------------------------

    @app.get("/api/stories", tags=["stories"])
    def api_stories() -> dict[str, Any]:
        """List stories, newest first, with outlets, dates and counts of contradictions."""
        return {"stories": views.story_list(state.observatory())}

    @app.get("/api/stories/{story_id}", tags=["stories"])
    def api_story(story_id: str) -> dict[str, Any]:
        """One story: summary with citations, timeline, quotes by speaker, claims, framing, graph."""
        return found(lambda: views.story_detail(state.observatory(), story_id))

    @app.get("/api/articles/{article_id}", tags=["articles"])
    def api_article(article_id: str) -> dict[str, Any]:
        """One article with its entities, quotes, dates, claims and highlighted text runs."""
        return found(lambda: views.article_detail(state.observatory(), article_id))

    @app.get("/api/entities/{entity_id}", tags=["entities"])
    def api_entity(entity_id: str) -> dict[str, Any]:
        """One entity: its quotes, the labels each outlet gives it, its timeline."""
        return found(lambda: views.entity_detail(state.observatory(), entity_id))

    @app.get("/api/outlets/{outlet}", tags=["outlets"])
    def api_outlet(outlet: str) -> dict[str, Any]:
        """One outlet's framing profile across stories."""
        return found(lambda: views.outlet_detail(state.observatory(), outlet))

    @app.get("/api/search", tags=["search"])
    def api_search(
        q: str = Query("", max_length=2000, description='words, or "a phrase"'),
        outlet: str | None = None,
        since: str | None = Query(None, pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$"),
        until: str | None = Query(None, pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$"),
        entity: str | None = None,
        page: int = Query(1, ge=1, le=1000),
    ) -> dict[str, Any]:
        """Search articles across clitics and spelling variants; ranked, with highlighted snippets."""
        return run_search(q, outlet, since, until, entity, page)

    def run_search(
        q: str, outlet: str | None, since: str | None, until: str | None, entity: str | None, page: int
    ) -> dict[str, Any]:
        """Search the store and shape one page of hits with snippets."""
        articles = None
        if entity:
            articles = state.observatory().entity_articles(entity)
        with state.lock:
            total, hits = state.store.search(
                q,
                outlet=outlet or None,
                since=since or None,
                until=until or None,
                articles=articles,
                limit=20,
                offset=(page - 1) * 20,
            )
        results = []
        for doc, hit in hits:
            start, end = snippet(doc.text, hit.highlights)
            parts, cursor = [], start
            for a, b in hit.highlights:
                if a >= start and b <= end:
                    parts.append({"text": doc.text[cursor:a], "match": False})
                    parts.append({"text": doc.text[a:b], "match": True})
                    cursor = b
            parts.append({"text": doc.text[cursor:end], "match": False})
            results.append(
                {
                    "article": doc.id,
                    "title": doc.title,
                    "outlet": doc.outlet,
                    "published": doc.published,
                    "rank": hit.rank,
                    "snippet": parts,
                    "highlights": [{"start": a, "end": b} for a, b in hit.highlights],
                }
            )
        return {"query": q, "total": total, "page": page, "hits": results}

    @app.post("/api/articles", tags=["articles"], status_code=201)
    def api_post_articles(batch: ArticlesIn, request: Request) -> dict[str, Any]:
        """Store posted articles (one transaction); run `marsad analyze --db` to analyse them."""
        if token or not _is_loopback(request.client.host if request.client else None):
            given = request.headers.get("authorization", "").removeprefix("Bearer ").strip()
            if not token or not hmac.compare_digest(given, token):
                raise HTTPException(status_code=401, detail="a valid bearer token is needed to write")
        docs, problems = [], []
        for number, item in enumerate(batch.articles, start=1):
            meta = Meta(item.title, item.outlet, parse_published(item.published), item.url, item.author)
            try:
                docs.append(make_document(item.text, f"api:{item.url or number}", meta.with_domain_outlet()))
            except Rejected as rejected:
                problems.append({"article": number, "problem": rejected.problem})
        if problems:
            raise HTTPException(status_code=422, detail=problems)
        with state.lock:
            result = state.store.add_batch(docs)
        return {
            "added": list(result.added),
            "existing": list(result.existing),
            "near_duplicates": [
                {"article": d.article, "duplicate_of": d.duplicate_of} for d in result.duplicates
            ],
        }

    # Pages --------------------------------------------------------------------------------------------

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def home(request: Request) -> HTMLResponse:
        return page("stories.html", request, stories=views.story_list(state.observatory()))

    @app.get("/stories/{story_id}", response_class=HTMLResponse, include_in_schema=False)
    def story(request: Request, story_id: str) -> HTMLResponse:
        return page(
            "story.html", request, story=found(lambda: views.story_detail(state.observatory(), story_id))
        )

    @app.get("/articles/{article_id}", response_class=HTMLResponse, include_in_schema=False)
    def article(request: Request, article_id: str) -> HTMLResponse:
        return page(
            "article.html", request, a=found(lambda: views.article_detail(state.observatory(), article_id))
        )

    @app.get("/entities/{entity_id}", response_class=HTMLResponse, include_in_schema=False)
    def entity(request: Request, entity_id: str) -> HTMLResponse:
        return page(
            "entity.html", request, e=found(lambda: views.entity_detail(state.observatory(), entity_id))
        )

    @app.get("/outlets/{outlet}", response_class=HTMLResponse, include_in_schema=False)
    def outlet_page(request: Request, outlet: str) -> HTMLResponse:
        return page("outlet.html", request, o=found(lambda: views.outlet_detail(state.observatory(), outlet)))

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    def search(
        request: Request,
        q: str = Query("", max_length=2000),
        outlet: str | None = None,
        since: str | None = Query(None, pattern=r"^(\d{4}(-\d{2}(-\d{2})?)?)?$"),
        until: str | None = Query(None, pattern=r"^(\d{4}(-\d{2}(-\d{2})?)?)?$"),
        entity: str | None = None,
        page_number: int = Query(1, alias="page", ge=1, le=1000),
    ) -> HTMLResponse:
        result = run_search(q, outlet, since, until, entity, page_number) if q else {"total": 0, "hits": []}
        with state.lock:
            outlets = state.store.outlets()
        return page(
            "search.html",
            request,
            query=q,
            result=result,
            outlets=outlets,
            outlet=outlet,
            since=since,
            until=until,
            entity=entity,
        )

    return app
