"""Latency of a SPARQL query through `kg serve` vs straight to Oxigraph's server vs a minimal
hand-written pyoxigraph endpoint, on the same store, in one run.

    python bench/serve_latency.py STORE [--requests 300]

Each endpoint gets the same queries (a small SELECT, a 1,000-row SELECT, a CONSTRUCT), JSON or
Turtle, over a fresh connection per request (as urllib and SPARQLWrapper do) and over one
keep-alive connection (as a browser does); the median and 95th percentile are printed in ms.
"""

from __future__ import annotations

import argparse
import http.client
import re
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pyoxigraph as ox

QUERIES = {
    "ASK": ("PREFIX kg: <https://w3id.org/crkg/ns#> ASK { ?s a kg:Statement }", "application/sparql-results+json"),
    "SELECT 10 rows": ("SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 10", "application/sparql-results+json"),
    "SELECT 1000 rows": ("SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 1000", "application/sparql-results+json"),
    "CONSTRUCT 1000 triples": ("CONSTRUCT WHERE { ?s ?p ?o } LIMIT 1000", "text/turtle"),
}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_port(port: int) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.05)
    raise SystemExit(f"nothing listens on {port}")


class Minimal(BaseHTTPRequestHandler):
    """The smallest honest endpoint: GET ?query=, pyoxigraph, JSON or Turtle out."""

    store: ox.Store
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True

    def do_GET(self) -> None:  # noqa: N802
        query = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query)["query"][0]
        result = self.store.query(query, use_default_graph_as_union=True)
        if isinstance(result, ox.QueryTriples):
            body, media = result.serialize(format=ox.RdfFormat.TURTLE), "text/turtle"
        else:
            body, media = result.serialize(format=ox.QueryResultsFormat.JSON), "application/sparql-results+json"
        self.send_response(200)
        self.send_header("Content-Type", media)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


def measure(port: int, path: str, query: str, accept: str, requests: int, keep_alive: bool) -> list[float]:
    url = path + "?" + urllib.parse.urlencode({"query": query})
    times = []
    connection = http.client.HTTPConnection("127.0.0.1", port)
    for _ in range(requests):
        if not keep_alive:
            connection = http.client.HTTPConnection("127.0.0.1", port)
        started = time.perf_counter()
        connection.request("GET", url, headers={"Accept": accept})
        response = connection.getresponse()
        body = response.read()
        times.append((time.perf_counter() - started) * 1000)
        assert response.status == 200, body[:200]
        if not keep_alive:
            connection.close()
    connection.close()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("store", type=Path)
    parser.add_argument("--requests", type=int, default=300)
    args = parser.parse_args()
    binary = str(Path(sys.executable).parent / "oxigraph")
    started: list[subprocess.Popen[bytes]] = []
    endpoints = {}
    try:
        port = free_port()
        started.append(subprocess.Popen([binary, "serve-read-only", "--location", str(args.store / "oxigraph"),
                                         "--bind", f"127.0.0.1:{port}", "--union-default-graph", "--timeout-s", "30"],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        wait_port(port)
        endpoints["Oxigraph serve-read-only, direct"] = (port, "/query")
        for label, options in [("kg serve (limit 10000, timeout 30)", []),
                               ("kg serve --limit 0 --timeout 0 (pass-through)", ["--limit", "0", "--timeout", "0"])]:
            process = subprocess.Popen([sys.executable, "-m", "kg", "--store", str(args.store), "serve", "--port", "0",
                                        *options], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
            started.append(process)
            line = process.stdout.readline().decode() if process.stdout else ""
            front = int(re.search(r":(\d+)/", line).group(1))  # type: ignore[union-attr]
            endpoints[label] = (front, "/query")
        Minimal.store = ox.Store.read_only(str(args.store / "oxigraph"))
        minimal = ThreadingHTTPServer(("127.0.0.1", 0), Minimal)
        threading.Thread(target=minimal.serve_forever, daemon=True).start()
        endpoints["minimal pyoxigraph endpoint (in-process)"] = (minimal.server_address[1], "/query")

        print(f"store {args.store}: {len(Minimal.store)} quads; {args.requests} requests each; ms median / p95")
        for query_label, (query, accept) in QUERIES.items():
            print(f"\n{query_label} ({accept})")
            for label, (port, path) in endpoints.items():
                cells = []
                for keep_alive in (False, True):
                    measure(port, path, query, accept, 20, keep_alive)  # warm up
                    times = sorted(measure(port, path, query, accept, args.requests, keep_alive))
                    cells.append(f"{statistics.median(times):6.2f} / {times[int(len(times) * 0.95)]:6.2f}")
                print(f"  {label:48s} new connection {cells[0]}   keep-alive {cells[1]}")
    finally:
        for process in started:
            process.send_signal(signal.SIGTERM)
            process.wait(10)


if __name__ == "__main__":
    main()
