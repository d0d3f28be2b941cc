"""A SPARQL 1.1 server as the store: every command works against Oxigraph's server (started
here, for real) as against the embedded store, with the same findings."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.errors import QueryError, StoreError
from kg.store import RemoteStore, open_store

from .conftest import SEEDS, _free_port

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
                                                                  tmp_path: Path) -> None:
    sample = tmp_path / "fakes100.csv"
    with open(fakes_csv, newline="", encoding="utf-8") as source, open(sample, "w", newline="", encoding="utf-8") as out:
        reader = csv.DictReader(source)
        writer = csv.DictWriter(out, fieldnames=reader.fieldnames or [])
        writer.writeheader()
        for n, row in enumerate(reader):
            if n >= 100:
                break
            writer.writerow(row)
    local = str(tmp_path / "local")
    _kg(local, "ingest", "-q", str(sample))
    _kg(sparql_server, "ingest", "-q", str(sample))
    remote, embedded = _findings(sparql_server), _findings(local)
    assert remote == embedded
    assert remote["corroborations"] and remote["relays"]
    assert _kg(sparql_server, "statements", "-f", "csv") == _kg(local, "statements", "-f", "csv")


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
