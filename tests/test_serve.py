"""`kg serve`: a real `kg serve` process (Oxigraph's server behind the kg proxy) on the seed
store, queried with SPARQLWrapper and with plain HTTP."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from kg.errors import KGError

from .conftest import SEEDS

KG = "PREFIX kg: <https://w3id.org/crkg/ns#>\nPREFIX prov: <http://www.w3.org/ns/prov#>\n"
STATEMENTS = KG + "SELECT ?s ?source WHERE { ?s a kg:Statement ; prov:wasAttributedTo ?source }"
GRAPH = KG + "CONSTRUCT { ?s a kg:Statement ; prov:wasAttributedTo ?source } WHERE { ?s a kg:Statement ; prov:wasAttributedTo ?source }"
LIMIT = 50
HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?o . ?b ?q ?r . ?c ?x ?y . ?d ?e ?f }"


@dataclass
class Expected:
    """What the embedded store itself answers."""

    rows: set[tuple[str, str]]
    graph: Graph


@dataclass
class Server:
    url: str
    process: subprocess.Popen[bytes]
    log: Path

    @property
    def endpoint(self) -> str:
        return self.url + "query"

    def child_pid(self) -> int:
        """The pid of the newest Oxigraph server behind kg serve, from its log."""
        pids = re.findall(r"pid (?:\d+ -> )?(\d+)\)", self.log.read_text())
        return int(pids[-1])


@contextlib.contextmanager
def kg_serve(store: Path, folder: Path, *options: str) -> Iterator[Server]:
    """`kg serve` as a subprocess on a free port, until the URL it prints; killed afterwards."""
    out, log = folder / "serve.out", folder / "serve.log"
    command = [sys.executable, "-m", "kg", "--store", str(store), "serve", "--port", "0", *options]
    with open(out, "wb") as stdout, open(log, "wb") as stderr:
        process = subprocess.Popen(command, stdout=stdout, stderr=stderr, start_new_session=True)
    try:
        deadline = time.monotonic() + 30
        while not (match := re.search(r"http://\S+/(?= )", out.read_text())):
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"kg serve did not start: {log.read_text()}")
            time.sleep(0.05)
        yield Server(match.group(0), process, log)
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


@pytest.fixture(scope="module")
def served(seed_store_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A private copy of the seed store, with nothing else opening it while it is served."""
    target = tmp_path_factory.mktemp("serve") / "store"
    shutil.copytree(seed_store_path, target)
    return target


@pytest.fixture(scope="module")
def expected(served: Path) -> Expected:
    """What the embedded store answers, read before the server starts."""
    from kg.store import Store

    with Store(served) as store:
        _, rows = store.select(STATEMENTS)
        triples = list(store.query(GRAPH))
    graph = Graph().parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode(), format="nt")
    return Expected({(r["s"], r["source"]) for r in rows}, graph)


@pytest.fixture(scope="module")
def server(served: Path, expected: Expected, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with kg_serve(served, tmp_path_factory.mktemp("log"), "--timeout", "1", "--limit", str(LIMIT)) as running:
        yield running


def http(url: str, data: bytes | None = None, headers: dict[str, str] | None = None) -> tuple[int, str, bytes]:
    """Status, content type and body of a request; errors are answers too."""
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=20) as response:
            return response.status, response.headers["Content-Type"], response.read()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, error.headers["Content-Type"], error.read()


def get(server: Server, query: str, accept: str | None = None, **params: str) -> tuple[int, str, bytes]:
    url = server.endpoint + "?" + urllib.parse.urlencode({"query": query, **params})
    return http(url, headers={"Accept": accept} if accept else {})


def wrapper(server: Server, query: str, fmt: str, method: str = "GET") -> Any:
    from SPARQLWrapper import SPARQLWrapper

    client = SPARQLWrapper(server.endpoint)
    client.setQuery(query)
    client.setReturnFormat(fmt)
    client.setMethod(method)
    return client.query().convert()


# ------------------------------------------------------------------ SPARQLWrapper


def test_sparqlwrapper_select_in_four_formats(server: Server, expected: Expected) -> None:
    from SPARQLWrapper import CSV, JSON, TSV, XML

    rows = expected.rows
    assert len(rows) > 10
    data = wrapper(server, STATEMENTS, JSON)
    assert {(b["s"]["value"], b["source"]["value"]) for b in data["results"]["bindings"]} == rows
    document = wrapper(server, STATEMENTS, XML)
    results = document.getElementsByTagName("result")
    assert len(results) == len(rows)
    table = list(csv.DictReader(io.StringIO(wrapper(server, STATEMENTS, CSV).decode())))
    assert {(r["s"], r["source"]) for r in table} == rows
    lines = wrapper(server, STATEMENTS, TSV).decode().splitlines()
    assert lines[0].split("\t") == ["?s", "?source"]
    assert {tuple(cell.strip("<>") for cell in line.split("\t")) for line in lines[1:]} == rows


def test_sparqlwrapper_construct_as_turtle_and_jsonld(server: Server, expected: Expected) -> None:
    from SPARQLWrapper import JSONLD, TURTLE

    turtle = wrapper(server, GRAPH, TURTLE)
    assert isomorphic(Graph().parse(data=turtle, format="turtle"), expected.graph)
    jsonld = wrapper(server, GRAPH, JSONLD)
    assert isomorphic(jsonld, expected.graph)


def test_sparqlwrapper_ask(server: Server) -> None:
    from SPARQLWrapper import JSON

    assert wrapper(server, KG + "ASK { ?s a kg:Statement }", JSON)["boolean"] is True
    assert wrapper(server, KG + "ASK { ?s a kg:NoSuchClass }", JSON)["boolean"] is False
    assert wrapper(server, KG + "ASK { ?s a kg:Statement }", JSON, method="POST")["boolean"] is True


def test_sparqlwrapper_update_is_refused(server: Server) -> None:
    from SPARQLWrapper import POST, SPARQLWrapper

    client = SPARQLWrapper(server.endpoint, updateEndpoint=server.url + "update")
    client.setMethod(POST)
    client.setQuery("INSERT DATA { <urn:x> <urn:y> <urn:z> }")
    with pytest.raises(urllib.error.HTTPError) as refused:
        client.query()
    refused.value.close()
    assert refused.value.code == 403
    assert get(server, "ASK { <urn:x> ?p ?o }", "application/sparql-results+json")[2] == b'{"head":{},"boolean":false}'


# ------------------------------------------------------------------ plain HTTP


@pytest.mark.parametrize(("accept", "media_type"), [
    ("application/sparql-results+json", "application/sparql-results+json"),
    ("application/sparql-results+xml", "application/sparql-results+xml"),
    ("text/csv", "text/csv"),
    ("text/tab-separated-values", "text/tab-separated-values"),
    ("text/html;q=0.9, text/csv", "text/csv"),
])
def test_get_negotiates_the_result_format(server: Server, accept: str, media_type: str) -> None:
    status, content_type, body = get(server, STATEMENTS + " LIMIT 3", accept)
    assert status == 200 and content_type.split(";")[0] == media_type
    assert b"https://w3id.org/crkg/" in body


def test_construct_formats_by_accept_and_by_parameter(server: Server, expected: Expected) -> None:
    for accept, rdflib_format in [("text/turtle", "turtle"), ("application/ld+json", "json-ld"),
                                  ("application/n-triples", "nt")]:
        status, content_type, body = get(server, GRAPH, accept)
        assert status == 200 and content_type.split(";")[0] == accept
        assert isomorphic(Graph().parse(data=body, format=rdflib_format), expected.graph)
    status, content_type, _ = get(server, GRAPH, "text/turtle", format="jsonld")
    assert (status, content_type) == (200, "application/ld+json")
    status, content_type, _ = get(server, STATEMENTS, "text/csv", format="tsv")
    assert status == 200 and content_type.startswith("text/tab-separated-values")
    status, _, body = get(server, STATEMENTS, format="yaml")
    assert status == 400 and b"unknown format 'yaml'" in body
    for accept in (None, "*/*"):  # a client that takes anything gets JSON and Turtle
        assert get(server, STATEMENTS, accept)[1] == "application/sparql-results+json"
        assert get(server, GRAPH, accept)[1] == "text/turtle"


def test_both_post_forms(server: Server, expected: Expected) -> None:
    form = urllib.parse.urlencode({"query": STATEMENTS}).encode()
    status, _, body = http(server.endpoint, form, {"Content-Type": "application/x-www-form-urlencoded",
                                                   "Accept": "application/sparql-results+json"})
    assert status == 200 and len(json.loads(body)["results"]["bindings"]) == len(expected.rows)
    status, content_type, body = http(server.url + "sparql", STATEMENTS.encode(), {
        "Content-Type": "application/sparql-query", "Accept": "text/csv"})
    assert status == 200 and content_type.startswith("text/csv")
    assert len(body.decode().splitlines()) == len(expected.rows) + 1
    status, _, body = http(server.endpoint, b"query=x", {"Content-Type": "text/plain"})
    assert status == 415


def test_bad_requests_say_what_is_wrong(server: Server) -> None:
    status, _, body = get(server, "SELECT * WHERE { ?s ?p ?o ")
    assert status == 400 and body.startswith(b"invalid SPARQL: error at 1:")
    status, _, body = http(server.endpoint)
    assert status == 400 and b"pass one SPARQL query" in body
    status, _, _ = get(server, STATEMENTS, "image/png")
    assert status == 406
    assert http(server.url + "store?default")[0] == 404  # Oxigraph's Graph Store would bypass the limit


def test_query_page(server: Server) -> None:
    status, content_type, body = http(server.url)
    assert status == 200 and content_type.startswith("text/html")
    assert b"yasgui.min.js" in body and b'"/sparql"' in body
    status, content_type, body = http(server.url + "yasgui.min.js")
    assert status == 200 and "javascript" in content_type and len(body) > 100_000


@pytest.mark.parametrize("how", ["post sparql-update", "post form update=", "post update endpoint",
                                 "get update=", "update as query="])
def test_update_is_refused(server: Server, how: str) -> None:
    update = "INSERT DATA { <urn:a> <urn:b> <urn:c> }"
    status, _, body = {
        "post sparql-update": lambda: http(server.endpoint, update.encode(), {"Content-Type": "application/sparql-update"}),
        "post form update=": lambda: http(server.endpoint, urllib.parse.urlencode({"update": update}).encode(),
                                          {"Content-Type": "application/x-www-form-urlencoded"}),
        "post update endpoint": lambda: http(server.url + "update", urllib.parse.urlencode({"update": update}).encode(),
                                             {"Content-Type": "application/x-www-form-urlencoded"}),
        "get update=": lambda: http(server.endpoint + "?" + urllib.parse.urlencode({"update": update})),
        "update as query=": lambda: get(server, "PREFIX x: <urn:x#>\n" + update),
    }[how]()
    assert status == 403 and b"read-only" in body
    assert get(server, "ASK { <urn:a> ?p ?o }", "application/sparql-results+json")[2].endswith(b"false}")


# ------------------------------------------------------------------ limit and timeout


def _values(count: int) -> str:
    """A query of ``count`` rows whose values hold commas, quotes and line breaks."""
    values = " ".join(f'"row {i}, with a \\"quote\\"\\nand a line break"' for i in range(count))
    return f"SELECT ?v WHERE {{ VALUES ?v {{ {values} }} }}"


@pytest.mark.parametrize("accept", ["application/sparql-results+json", "application/sparql-results+xml",
                                    "text/csv", "text/tab-separated-values"])
def test_limit_counts_rows_in_every_format(server: Server, accept: str) -> None:
    status, _, body = get(server, _values(LIMIT), accept)
    assert status == 200 and body.count(b"row ") == LIMIT
    status, _, body = get(server, _values(LIMIT + 1), accept)
    assert status == 400 and f"more than {LIMIT} rows".encode() in body


def test_limit_counts_triples(server: Server) -> None:
    everything = "CONSTRUCT WHERE { ?s ?p ?o }"
    for accept in ("text/turtle", "application/ld+json", "application/n-triples"):
        status, _, body = get(server, everything, accept)
        assert status == 400 and b"kg serve --limit" in body
    status, _, body = get(server, everything + f" LIMIT {LIMIT}", "application/n-triples")
    assert status == 200 and len(body.splitlines()) == LIMIT


def test_timeout_stops_a_heavy_query(server: Server) -> None:
    before = server.child_pid()
    started = time.monotonic()
    status, _, body = get(server, HEAVY, "application/sparql-results+json")
    assert status == 503 and b"timeout of 1 s" in body
    assert time.monotonic() - started < 4
    # Oxigraph's own timeout did not stop this one: its server was restarted, the old one is gone
    deadline = time.monotonic() + 5
    while server.child_pid() == before and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.child_pid() != before
    with pytest.raises(ProcessLookupError):
        os.kill(before, 0)
    assert get(server, KG + "ASK { ?s a kg:Statement }", "application/sparql-results+json")[0] == 200


def test_timeout_that_oxigraph_honours(server: Server) -> None:
    # ~20 s of hashing without a timeout; Oxigraph checks its timeout between the pairs
    pair = "CONCAT(STR(?a), STR(?o), STR(?b), STR(?r))"
    query = f"SELECT * WHERE {{ ?a ?p ?o . ?b ?q ?r FILTER(SHA512(SHA512({pair})) = 'never') }}"
    before = server.child_pid()
    started = time.monotonic()
    status, _, body = get(server, query, "text/tab-separated-values")
    assert status == 503 and b"timeout" in body
    assert time.monotonic() - started < 4
    assert server.child_pid() == before  # stopped by Oxigraph itself: no restart


def test_a_dead_oxigraph_is_restarted(server: Server) -> None:
    os.kill(server.child_pid(), signal.SIGKILL)
    status, _, body = get(server, KG + "ASK { ?s a kg:Statement }", "application/sparql-results+json")
    assert (status, body) == (200, b'{"head":{},"boolean":true}')


# ------------------------------------------------------------------ the process


def test_no_limit_streams_and_sigterm_stops_both(store_copy: Path, tmp_path: Path) -> None:
    with kg_serve(store_copy, tmp_path, "--timeout", "0", "--limit", "0") as unlimited:
        assert "no timeout, no limit" in (tmp_path / "serve.out").read_text()
        status, _, body = get(unlimited, _values(LIMIT + 10), "text/csv")
        assert status == 200 and body.count(b"row ") == LIMIT + 10
        child = unlimited.child_pid()
        unlimited.process.send_signal(signal.SIGTERM)
        assert unlimited.process.wait(10) == 0
    with pytest.raises(ProcessLookupError):
        os.kill(child, 0)
    from kg.store import Store

    with Store(store_copy) as store:  # the server is gone: the store opens for writing again
        assert len(store) > 0


def test_a_served_store_refuses_writers_and_points_at_the_endpoint(server: Server, served: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "kg", "--store", str(served), "ingest", str(SEEDS)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1 and f"being served by `kg serve` at {server.endpoint}" in result.stderr
    # reading through the endpoint works, with the same commands
    result = subprocess.run([sys.executable, "-m", "kg", "--store", server.endpoint, "contradictions", "-f", "json"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert len(json.loads(result.stdout)) == 2


def test_store_errors(tmp_path: Path) -> None:
    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, text=True, timeout=60)

    remote = run("--store", "http://localhost:7878/query", "serve")
    assert remote.returncode == 1 and "is a URL" in remote.stderr
    missing = run("--store", str(tmp_path / "nothing"), "serve")
    assert missing.returncode == 1 and "no store at" in missing.stderr
    help_text = run("serve", "--help").stdout
    assert "read-only" in help_text and "undefined" in help_text


def test_port_in_use(store_copy: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run([sys.executable, "-m", "kg", "--store", str(store_copy), "serve", "--port", str(port)],
                                capture_output=True, text=True, timeout=60)
    assert result.returncode == 1 and f"cannot listen on 127.0.0.1:{port}" in result.stderr


def test_missing_oxigraph_says_how_to_install(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from kg.serve import find_oxigraph

    assert Path(find_oxigraph()).name.startswith("oxigraph")
    monkeypatch.setattr(sys, "executable", str(tmp_path / "python"))
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(KGError, match="pip install oxigraph"):
        find_oxigraph()


def test_store_in_use(store_copy: Path) -> None:
    from kg.store import Store

    with Store(store_copy):
        result = subprocess.run([sys.executable, "-m", "kg", "--store", str(store_copy), "serve", "--port", "0"],
                                capture_output=True, text=True, timeout=60)
    assert result.returncode == 1 and "in use by another kg process" in result.stderr


class Trickle:
    """A reader that hands out a few bytes at a time, as a slow network would."""

    def __init__(self, data: bytes, step: int) -> None:
        self.data, self.step, self.reads = data, step, 0

    def read(self, size: int = -1) -> bytes:
        chunk, self.data = self.data[: self.step], self.data[self.step:]
        self.reads += 1
        return chunk


@pytest.mark.parametrize("step", [1, 7, 4096])
def test_csv_records_are_counted_across_quotes_and_chunks(step: int) -> None:
    from kg.serve import count_csv_records

    rows = [f'"row {i}, with a ""quote""\r\nand a line break"' for i in range(60)]
    data = ("v\r\n" + "".join(row + "\r\n" for row in rows)).encode()
    assert count_csv_records(Trickle(data, step), 100) == 60
    assert count_csv_records(Trickle(data, step), 60) == 60
    stopped = Trickle(data, step)
    assert count_csv_records(stopped, 50) > 50
    assert stopped.data or step == 4096  # past the limit it stops reading
    assert count_csv_records(Trickle(b"true", step), 0) == 0
