"""A SPARQL 1.1 server as the store: every command works against Oxigraph's server (started
here, for real) as against the embedded store, with the same findings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.errors import QueryError, StoreError
from kg.store import RemoteStore, open_store

from .conftest import SEEDS, _free_port, fakes_parts

FINDINGS = ("contradictions", "corroborations", "relays")


def _kg(store: str, *args: str) -> str:
    result = CliRunner().invoke(cli, ["--store", store, *args])
    assert result.exit_code == 0, result.output
    return result.output


def _findings(store: str) -> dict[str, object]:
    return {command: json.loads(_kg(store, command, "-f", "json")) for command in FINDINGS}


def test_open_store_picks_remote_for_urls(sparql_server: str, tmp_path: Path) -> None:
    with open_store(sparql_server, create=True) as store:
        assert isinstance(store, RemoteStore)
    assert type(open_store(tmp_path / "s", create=True)).__name__ == "Store"


def test_seed_gives_the_same_findings_embedded_and_remote(sparql_server: str, seed_store_path: Path) -> None:
    output = _kg(sparql_server, "ingest", str(SEEDS))
    assert "ingested 1 documents" in output and "run graph:" in output
    remote, embedded = _findings(sparql_server), _findings(str(seed_store_path))
    assert remote == embedded
    assert len(remote["contradictions"]) == 2
    statements = json.loads(_kg(sparql_server, "statements", "-f", "json"))
    assert len(statements) == len(json.loads(_kg(str(seed_store_path), "statements", "-f", "json")))
    # ingesting again adds nothing; the query command and the graphs list work remotely
    assert "1 already in the store" in _kg(sparql_server, "ingest", str(SEEDS))
    assert _kg(sparql_server, "query", "ASK { ?s a kg:Statement }").strip() == "true"
    graphs = json.loads(_kg(sparql_server, "graphs", "-f", "json"))
    assert sorted(g["kind"] for g in graphs) == ["links", "ontology", "run"]  # links: the stored findings
    assert _kg(sparql_server, "query", "SELECT (COUNT(?f) AS ?n) WHERE { ?f a kg:Contradiction }").split()[-1] == "2"


def test_disputed_query_and_relink_derive_the_shortcuts_remotely(sparql_server: str, seed_store_path: Path) -> None:
    """The one-step contradiction query reads the shortcuts ingest wrote on the server, and
    `kg relink` derives them there again (a SPARQL update with DELETE/INSERT over every graph)."""
    _kg(sparql_server, "ingest", "-q", str(SEEDS))

    def disputed(store: str) -> list[dict[str, str]]:
        return sorted(json.loads(_kg(store, "query", "disputed", "-f", "json")), key=lambda r: sorted(r.items()))

    expected = disputed(str(seed_store_path))
    assert len(expected) >= 3 and disputed(sparql_server) == expected
    with open_store(sparql_server) as store:
        store.update("PREFIX kg: <https://w3id.org/crkg/ns#> DELETE { GRAPH ?g { ?s kg:affirms ?o } } "
                     "WHERE { GRAPH ?g { ?s kg:affirms ?o } }")
    assert disputed(sparql_server) == []
    assert "relinked" in _kg(sparql_server, "relink")
    assert disputed(sparql_server) == expected


def test_remote_credibility_export_import_and_drop(sparql_server: str, tmp_path: Path) -> None:
    _kg(sparql_server, "ingest", "-q", str(SEEDS))
    assert "accu" in _kg(sparql_server, "credibility")
    sources = json.loads(_kg(sparql_server, "sources", "-f", "json"))
    assert any(s["credibility"] is not None for s in sources)
    out = tmp_path / "remote.trig"
    _kg(sparql_server, "export", "-f", "trig", "-o", str(out))
    local = str(tmp_path / "local")
    _kg(local, "import", str(out))
    assert _findings(local) == _findings(sparql_server)
    run = next(g["graph"] for g in json.loads(_kg(sparql_server, "graphs", "-f", "json")) if g["kind"] == "run")
    _kg(sparql_server, "drop", run)
    assert json.loads(_kg(sparql_server, "contradictions", "-f", "json")) == []


def test_hundred_fakes_articles_same_findings_embedded_and_remote(sparql_server: str, fakes_csv: Path,
                                                                  tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """100 FA-KES articles, in one run into the embedded store and in two into the server: the
    second run's relink on the server is incremental (its updates remove stored findings and
    copy links there), and the findings are the same."""
    from kg import analyze

    halves = fakes_parts(fakes_csv, tmp_path, [0, 50, 100])
    local = str(tmp_path / "local")
    _kg(local, "ingest", "-q", *map(str, halves))
    among: list[object] = []
    findings_triples = analyze.findings_triples
    monkeypatch.setattr(analyze, "findings_triples",
                        lambda store, subset=None: among.append(subset) or findings_triples(store, subset))
    for half in halves:
        _kg(sparql_server, "ingest", "-q", str(half))
    assert among[0] is None and among[1]  # the second run: only the propositions it can change
    remote, embedded = _findings(sparql_server), _findings(local)
    assert remote == embedded
    assert remote["corroborations"] and remote["relays"]
    assert _kg(sparql_server, "statements", "-f", "csv") == _kg(local, "statements", "-f", "csv")
    with open_store(sparql_server) as store:
        assert analyze.contradictions(store) == analyze.find_contradictions(store)
        assert analyze.corroborations(store) == analyze.find_corroborations(store)


def test_unreachable_server_is_a_clear_error() -> None:
    url = f"http://127.0.0.1:{_free_port()}/query"
    with pytest.raises(StoreError, match="cannot reach the SPARQL server"):
        RemoteStore(url)
    result = CliRunner().invoke(cli, ["--store", url, "contradictions"])
    assert result.exit_code == 1 and "cannot reach the SPARQL server" in result.output


def test_empty_server_says_to_ingest_first(sparql_server: str) -> None:
    result = CliRunner().invoke(cli, ["--store", sparql_server, "contradictions"])
    assert result.exit_code == 1 and "holds no kg data" in result.output


def test_invalid_sparql_against_a_server(sparql_server: str) -> None:
    with open_store(sparql_server, create=True) as store, pytest.raises(QueryError, match="invalid SPARQL"):
        store.query("SELECT ?x WHERE { ?x ")
    result = CliRunner().invoke(cli, ["--store", sparql_server, "query", "SELECT ?x WHERE { ?x "])
    assert result.exit_code == 2 and "invalid SPARQL" in result.output


def test_amend_removes_and_adds_in_one_update(sparql_server: str) -> None:
    """What an incremental relink sends (``DELETE DATA`` of the links that went, then the ones that
    came) is understood by both servers."""
    import pyoxigraph as ox

    from kg.store import delete_data

    graph = "https://w3id.org/crkg/graph/test"
    a, b, c = (ox.NamedNode(f"https://w3id.org/crkg/id/doc/{n}") for n in "abc")
    derived = ox.NamedNode("http://www.w3.org/ns/prov#wasDerivedFrom")
    with open_store(sparql_server, create=True) as store:
        store.add([ox.Triple(a, derived, b), ox.Triple(b, derived, c)], graph=graph)
        store.amend(delete_data(graph, [ox.Triple(a, derived, b)]), graph, [ox.Triple(a, derived, c)])
        _, rows = store.select(f"SELECT ?s ?o WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
    assert sorted((r["s"][-1], r["o"][-1]) for r in rows) == [("a", "c"), ("b", "c")]


def test_ingest_lists_the_servers_graphs_independently_of_its_documents(sparql_server: str, fakes_csv: Path,
                                                                         tmp_path: Path) -> None:
    """Every query names the dataset's graphs, and a write could add one; kg keeps the list up
    to date through its own writes instead of asking again after each (a scan of every quad on
    Virtuoso, and it was on Oxigraph too: 10 s at a million statements, once per batch read)."""
    from kg import pipeline
    from kg.store import GRAPHS_LISTED, GRAPHS_SCAN

    class Counting(RemoteStore):
        listings = 0

        def _raw_query(self, sparql: str, dataset: bool = True) -> object:
            Counting.listings += sparql in (GRAPHS_LISTED, GRAPHS_SCAN)
            return super()._raw_query(sparql, dataset)

    few, many = fakes_parts(fakes_csv, tmp_path, [0, 2, 14])
    listed = []
    for part in (few, many):
        Counting.listings = 0
        with Counting(sparql_server, create=True) as store:
            report = pipeline.ingest(store, [part], batch_size=2)
            assert report.documents == (2 if part == few else 12) and not report.errors
            assert store.named_graphs() == sorted(set(store.named_graphs()))
            graphs = store.named_graphs()
            store._graphs = None  # what the server says, not what kg kept
            assert set(store.named_graphs()) <= set(graphs)
            assert report.run in store.named_graphs()
        listed.append(Counting.listings)
    assert listed[1] <= listed[0] + 1, listed  # not once per document
    # Oxigraph answers from its record of the graphs; Virtuoso (…/sparql) has every quad read
    assert store._graphs_query == (GRAPHS_SCAN if sparql_server.endswith("/sparql") else GRAPHS_LISTED)


def test_requests_share_one_connection(sparql_server: str) -> None:
    """Every request goes over one kept-alive connection: Oxigraph's server serves a connection on
    a thread of its own, and its writes from new threads slow down as the store grows
    (``bench/server_writes.py``: writes of 120 triples took 8 ms, and 197 ms after 1,250 of them,
    with a connection each; 3–5 ms throughout over one)."""
    with open_store(sparql_server, create=True) as store:
        store.add([], graph="https://w3id.org/crkg/graph/test")
        assert not store.ask("ASK { <urn:x> <urn:y> <urn:z> }")
        connection = store._connection
        assert connection is not None and connection.sock is not None
        socket = connection.sock
        store.update("INSERT DATA { GRAPH <https://w3id.org/crkg/graph/test> { <urn:x> <urn:y> <urn:z> } }")
        assert store.ask("ASK { <urn:x> <urn:y> <urn:z> }")
        assert store._connection is connection and connection.sock is socket
    assert store._connection is None  # closed with the store


def test_a_restarted_server_is_reconnected_to(tmp_path: Path) -> None:
    """The server closed the kept-alive connection (restarted here): the next request opens a new one."""
    from .conftest import _stop, start_oxigraph

    port = _free_port()
    url = f"http://127.0.0.1:{port}/query"

    def start() -> object:
        return start_oxigraph(tmp_path / "server", port)

    process = start()
    try:
        store = RemoteStore(url, create=True)
        store.update("INSERT DATA { GRAPH <https://w3id.org/crkg/graph/test> { <urn:x> <urn:y> <urn:z> } }")
        first = store._connection
        _stop(process)
        with pytest.raises(StoreError, match="cannot reach the SPARQL server"):
            store.ask("ASK { <urn:x> <urn:y> <urn:z> }")
        process = start()
        assert store.ask("ASK { <urn:x> <urn:y> <urn:z> }")
        assert store._connection is not None and store._connection is not first
        _stop(process)
        process = start()  # restarted between two requests: the stale connection is replaced
        assert store.ask("ASK { <urn:x> <urn:y> <urn:z> }")
        store.close()
    finally:
        _stop(process)
