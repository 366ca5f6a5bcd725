"""Load the HTTP API on loopback with concurrent clients and report throughput and tail latency.

Builds a store (the sample articles analysed, plus N SaudiNewsNet articles for search), starts
`marsad serve` on a free loopback port, then C client threads send a fixed mix of requests
(stories, one story, one article, one entity, searches) for at most T seconds or R requests.
Last line (JSON): requests, errors, requests/s, p50 and p99 latency in ms, the first page's latency
(from the server accepting connections: on a store whose report was never served, that includes
indexing the report) and the server's peak resident memory.

    .venv/bin/python benchmarks/serve.py [--clients 8] [--requests 2000] [--seconds 30] [--articles 2000]
    .venv/bin/python benchmarks/serve.py --db COPY_OF_AN_ANALYSED.db   # serve that store as it is
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from marsad.document import Document
from marsad.ingest import IngestError, iter_documents
from marsad.run import analyse_store, ingest, report_for
from marsad.store.sqlite import Store

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
QUERIES = ["وزير", "المملكة", '"ولي العهد"', "الأمطار", "مجلس الوزراء", "النفط", "أمريكا", "والمرتزقة"]


def free_port() -> int:
    """Ask the system for an unused loopback port."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def build_store(path: Path, articles: int) -> dict[str, list[str]]:
    """Analyse the sample articles into a store, add more articles for search; return ids to ask for."""
    with Store(path) as store:
        ingest(store, [str(SHARED / "seeds")])
        report = report_for(store, analyse_store(store))
        store.save_report(report)
        zips = sorted(str(p) for p in (SHARED / "data" / "saudinewsnet").glob("*.zip"))[:2]
        if articles and zips:
            docs = itertools.islice(iter_zip_docs(zips), articles)
            store.add_batch(list(docs))
        store.ensure_search_index()
    return {
        "stories": [s["id"] for s in report["stories"]],
        "articles": [a["id"] for a in report["articles"]],
        "entities": [e["id"] for e in report["entities"]][:20],
    }


def iter_zip_docs(zips: list[str]) -> Iterator[Document]:
    """Yield documents from the SaudiNewsNet zips."""
    for item in iter_documents(zips):
        if not isinstance(item, IngestError):
            yield item


def ids_served(port: int, db: Path) -> dict[str, list[str]]:
    """Ask a running server for story ids, and for the entities of the first stored articles."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)

    def get(path: str) -> dict[str, object]:
        connection.request("GET", path)
        loaded: dict[str, object] = json.loads(connection.getresponse().read())
        return loaded

    stories = [str(s["id"]) for s in get("/api/stories")["stories"]]  # type: ignore[attr-defined]
    with Store(db) as store:
        articles = [doc.id for doc in itertools.islice(store.documents(), 3)]
    entities = [str(e[0]) for a in articles for e in get(f"/api/articles/{a}").get("entities", [])]  # type: ignore[attr-defined]
    connection.close()
    return {"stories": stories, "articles": articles, "entities": entities[:20]}


def first_page(port: int) -> float:
    """Time the front page, the first request the server answers."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=1800)
    started = time.perf_counter()
    connection.request("GET", "/")
    response = connection.getresponse()
    response.read()
    connection.close()
    if response.status != 200:
        raise SystemExit(f"front page: HTTP {response.status}")
    return time.perf_counter() - started


def peak_rss_mib(pid: int) -> float:
    """Read a process's peak resident memory (VmHWM) in MiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024, 1)
    return 0.0


def request_paths(ids: dict[str, list[str]]) -> list[str]:
    """Build the fixed request mix every client cycles through."""
    paths = ["/api/stories"]
    paths += [f"/api/stories/{s}" for s in ids["stories"][:3]]
    paths += [f"/api/articles/{a}" for a in ids["articles"][:3]]
    paths += [f"/api/entities/{e}" for e in ids["entities"][:3]]
    paths += ["/api/search?" + urllib.parse.urlencode({"q": q}) for q in QUERIES]
    return paths


@dataclass
class Load:
    """The shared state of one load test: what to ask, how much, until when, and what happened."""

    port: int
    paths: list[str]
    limit: int
    deadline: float
    budget: itertools.count[int] = field(default_factory=itertools.count)
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def client(self) -> None:
        """Send requests over one keep-alive connection until the shared budget or time runs out."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        for number in self.budget:
            if number >= self.limit or time.monotonic() > self.deadline:
                break
            path = self.paths[number % len(self.paths)]
            started = time.perf_counter()
            try:
                connection.request("GET", path)
                response = connection.getresponse()
                response.read()
                if response.status != 200:
                    self.errors.append(f"{path}: HTTP {response.status}")
            except (OSError, http.client.HTTPException) as problem:
                self.errors.append(f"{path}: {problem}")
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
            self.latencies.append(time.perf_counter() - started)
        connection.close()


def main() -> None:
    """Run the load test and print its figures, the last line as JSON."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument(
        "--db", type=Path, help="serve this analysed store (a copy: its index is kept beside it)"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        db = args.db or Path(folder) / "serve.db"
        ids = {} if args.db else build_store(db, args.articles)
        port = free_port()
        marsad = Path(sys.executable).with_name("marsad")
        server = subprocess.Popen(
            [str(marsad), "serve", "--db", str(db), "--port", str(port)],
            stderr=subprocess.DEVNULL,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        try:
            wait_until_up(port)
            front = first_page(port)
            ids = ids or ids_served(port, db)
            load = Load(port, request_paths(ids), args.requests, time.monotonic() + args.seconds)
            started = time.perf_counter()
            threads = [threading.Thread(target=load.client) for _ in range(args.clients)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            elapsed = time.perf_counter() - started
            peak = peak_rss_mib(server.pid)
        finally:
            server.terminate()
            server.wait(timeout=10)
    latencies, errors = sorted(load.latencies), load.errors
    for problem in errors[:5]:
        print("error:", problem)

    def percentile(p: float) -> float:
        return (
            round(1000 * latencies[min(len(latencies) - 1, int(p * len(latencies)))], 1) if latencies else 0.0
        )

    print(
        json.dumps(
            {
                "clients": args.clients,
                "requests": len(latencies),
                "errors": len(errors),
                "requests_per_s": round(len(latencies) / elapsed, 1),
                "p50_ms": percentile(0.50),
                "p99_ms": percentile(0.99),
                "first_page_s": round(front, 2),
                "server_peak_rss_mib": peak,
                "load_average": round(os.getloadavg()[0], 1),
            }
        )
    )


def wait_until_up(port: int, timeout: float = 60.0) -> None:
    """Wait for the server to accept connections."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"marsad serve did not start on port {port}")


if __name__ == "__main__":
    main()
