"""Named graphs and provenance of runs: each ingest run and each credibility assessment lives in
its own graph with a PROV record; one run can be queried, compared with another, or dropped;
`kg import` loads RDF made elsewhere and our own exports back, isomorphic."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.credibility import assess, record
from kg.pipeline import ingest
from kg.store import LINKS_GRAPH, ONTOLOGY_GRAPH, Store

PREFIXES = """PREFIX kg: <https://w3id.org/crkg/ns#>
PREFIX prov: <http://www.w3.org/ns/prov#>
"""


def _runs(store: Store) -> list[dict]:
    return [g for g in store.graphs() if g["kind"] == "run"]


def test_an_ingest_run_is_a_named_graph_with_its_provenance(seed_store: Store) -> None:
    runs = _runs(seed_store)
    assert len(runs) == 1
    run = runs[0]
    assert run["documents"] == 1 and run["statements"] >= 15 and run["model"].endswith("3.8.0")
    _, rows = seed_store.select(PREFIXES + f"""
        SELECT ?activity ?started ?ended ?version ?used WHERE {{ GRAPH <{run['graph']}> {{
          <{run['graph']}> a prov:Bundle ; prov:wasGeneratedBy ?activity .
          ?activity a kg:IngestRun ; prov:startedAtTime ?started ; prov:endedAtTime ?ended ;
                    kg:programVersion ?version ; prov:used ?used . }} }}""")
    assert len(rows) == 1 and rows[0]["started"] <= rows[0]["ended"]
    assert rows[0]["used"].endswith("seeds")
    # the documents and statements are in the run's graph, not elsewhere
    _, rows = seed_store.select(PREFIXES + """SELECT ?g (COUNT(?s) AS ?n) WHERE { GRAPH ?g { ?s a kg:Statement } } GROUP BY ?g""")
    assert [r["g"] for r in rows] == [run["graph"]]


def test_two_runs_can_be_compared_and_one_dropped(store_copy: Path, tmp_path: Path) -> None:
    article = tmp_path / "more.txt"
    article.write_text("Clashes in Deraa\n\nThe Syrian Observatory for Human Rights said 12 people were "
                       "killed in shelling on Deraa on Monday. Syrian state media denied that any civilians "
                       "were killed.\n", encoding="utf-8")
    with Store(store_copy) as store:
        ingest(store, [article])
        runs = _runs(store)
        assert len(runs) == 2
        first, second = sorted(runs, key=lambda r: r["started"])
        # statements per run: the second run added only the new article's
        _, rows = store.select(PREFIXES + """SELECT ?g (COUNT(DISTINCT ?d) AS ?docs) WHERE {
            GRAPH ?g { ?g prov:wasGeneratedBy ?run . ?s a kg:Statement ; kg:reportedIn ?d } } GROUP BY ?g""")
        assert {r["g"]: r["docs"] for r in rows} == {first["graph"]: 1, second["graph"]: 1}
        before = len(store)
    runner = CliRunner()
    result = runner.invoke(cli, ["--store", str(store_copy), "drop", second["graph"].rsplit("/", 1)[-1]])
    assert result.exit_code == 0, result.output
    assert f"dropped {second['graph']}" in result.output
    with Store(store_copy) as store:
        assert [r["graph"] for r in _runs(store)] == [first["graph"]]
        assert len(store) < before
        # the dropped run's document can be ingested again
        report = ingest(store, [article])
        assert report.documents == 1


def test_drop_refuses_unknown_and_maintained_graphs(store_copy: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(cli, ["--store", str(store_copy), "drop", "nonesuch"])
    assert result.exit_code == 2 and "not a graph of the store" in result.output
    result = runner.invoke(cli, ["--store", str(store_copy), "drop", ONTOLOGY_GRAPH.value])
    assert result.exit_code == 2 and "cannot be dropped" in result.output


def test_an_assessment_lives_in_its_own_graph(store_copy: Path) -> None:
    with Store(store_copy) as store:
        record(store, assess(store, "majority_vote"))
        record(store, assess(store, "accu"))
        graphs = [g for g in store.graphs() if g["kind"] == "assessment"]
        assert sorted(g["method"] for g in graphs) == ["accu", "majority_vote"]
        for g in graphs:
            assert store.ask(PREFIXES + f"""ASK {{ GRAPH <{g['graph']}> {{
                <{g['graph']}> prov:wasGeneratedBy ?a . ?a a kg:CredibilityAssessment ; kg:programVersion ?v .
                ?score prov:wasGeneratedBy ?a ; kg:credibility ?c }} }}""")


def test_graphs_command_lists_runs_as_json(seed_store_path: Path) -> None:
    result = CliRunner().invoke(cli, ["--store", str(seed_store_path), "graphs", "-f", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    kinds = {r["kind"] for r in rows}
    assert {"ontology", "run"} <= kinds
    assert all(r["triples"] > 0 for r in rows)


def _quads(path: Path) -> set:
    with open(path, "rb") as handle:
        return {(q.subject, q.predicate, q.object, q.graph_name) for q in ox.parse(handle, format=ox.RdfFormat.TRIG)}


def test_trig_export_imports_back_into_an_empty_store_isomorphic(seed_store_path: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    first, second = tmp_path / "a.trig", tmp_path / "b.trig"
    result = runner.invoke(cli, ["--store", str(seed_store_path), "export", "-f", "trig", "-o", str(first)])
    assert result.exit_code == 0, result.output
    result = runner.invoke(cli, ["--store", str(tmp_path / "new"), "import", str(first)])
    assert result.exit_code == 0, result.output
    result = runner.invoke(cli, ["--store", str(tmp_path / "new"), "export", "-f", "trig", "-o", str(second)])
    assert result.exit_code == 0, result.output
    a, b = _quads(first), _quads(second)
    assert not any(isinstance(t, ox.BlankNode) for q in a for t in q)  # so set equality is isomorphism
    assert a == b and len(a) > 300
    # the findings are the same
    for command in ("contradictions", "corroborations"):
        old = runner.invoke(cli, ["--store", str(seed_store_path), command, "-f", "json"]).output
        new = runner.invoke(cli, ["--store", str(tmp_path / "new"), command, "-f", "json"]).output
        assert json.loads(old) == json.loads(new) and json.loads(old)


def test_import_turtle_made_elsewhere_into_its_own_graph(store_copy: Path, tmp_path: Path) -> None:
    data = tmp_path / "extra.ttl"
    data.write_text("@prefix schema: <https://schema.org/> .\n"
                    "<https://example.org/report/1> schema:name \"UN OCHA situation report\" .\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["--store", str(store_copy), "import", str(data)])
    assert result.exit_code == 0, result.output
    with Store(store_copy) as store:
        imports = [g for g in store.graphs() if g["kind"] == "import"]
        assert len(imports) == 1 and imports[0]["started"]
        assert store.ask(PREFIXES + f"""ASK {{ GRAPH <{imports[0]['graph']}> {{
            <https://example.org/report/1> <https://schema.org/name> "UN OCHA situation report" .
            ?activity a kg:Import ; prov:used <{data.resolve().as_uri()}> }} }}""")


def test_import_of_a_broken_file_adds_nothing(store_copy: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken.ttl"
    broken.write_text("<https://example.org/a> <https://example.org/b> <https://example.org/c> .\n"
                      "<https://example.org/a> <https://example.org/b> \n", encoding="utf-8")
    good = tmp_path / "good.nt"
    good.write_text("<https://example.org/x> <https://example.org/y> \"z\" .\n", encoding="utf-8")
    with Store(store_copy) as store:
        before = len(store)
    result = CliRunner().invoke(cli, ["--store", str(store_copy), "import", str(broken), str(good)])
    assert result.exit_code == 3
    assert "broken.ttl: not valid turtle" in result.output and "line 3" in result.output
    with Store(store_copy) as store:
        assert len(store) == before + 1 + 8  # the good file's triple and its import record


def test_import_needs_a_known_format(store_copy: Path, tmp_path: Path) -> None:
    odd = tmp_path / "data.txt"
    odd.write_text("hello", encoding="utf-8")
    result = CliRunner().invoke(cli, ["--store", str(store_copy), "import", str(odd)])
    assert result.exit_code == 1 and "--format" in result.output


def test_links_are_recomputed_in_their_own_graph(store_copy: Path) -> None:
    with Store(store_copy) as store:
        assert LINKS_GRAPH.value not in [g for g in store.named_graphs()] or store.ask(
            f"ASK {{ GRAPH {LINKS_GRAPH} {{ ?a ?p ?b }} }}")


@pytest.mark.parametrize("command", ["graphs", "drop", "import"])
def test_help_is_complete(command: str) -> None:
    result = CliRunner().invoke(cli, [command, "--help"])
    assert result.exit_code == 0 and len(result.output) > 300
