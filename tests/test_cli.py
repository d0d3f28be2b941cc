"""The kg command as a user runs it: through CliRunner, and once as a real subprocess."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from kg.cli import cli

from .conftest import SEEDS


def invoke(*args: str, store: Path | None = None):  # type: ignore[no-untyped-def]
    runner = CliRunner()
    prefix = ["--store", str(store)] if store else []
    return runner.invoke(cli, [*prefix, *args], catch_exceptions=False)


def _commands(group: click.Group, path: tuple[str, ...] = ()):  # type: ignore[no-untyped-def]
    for name, command in group.commands.items():
        yield (*path, name)
        if isinstance(command, click.Group):
            yield from _commands(command, (*path, name))


@pytest.mark.parametrize("path", [(), *list(_commands(cli))], ids=lambda p: " ".join(p) or "kg")
def test_every_command_has_complete_help(path: tuple[str, ...]) -> None:
    result = invoke(*path, "--help")
    assert result.exit_code == 0
    assert "Usage:" in result.output
    command = cli
    for name in path:
        command = command.commands[name]  # type: ignore[attr-defined]
    assert command.help and len(command.help) > 40
    for param in command.params:
        if isinstance(param, click.Option) and param.name not in {"help", "version"}:
            assert param.help, f"{' '.join(path)} {param.opts} has no help"


def test_ingest_is_idempotent_and_summarizes(store_copy: Path) -> None:
    result = invoke("ingest", str(SEEDS), store=store_copy)
    assert result.exit_code == 0
    assert "ingested 0 documents" in result.output and "1 already in the store" in result.output


def test_fresh_ingest_summary(tmp_path: Path) -> None:
    result = invoke("ingest", str(SEEDS), store=tmp_path / "s")
    assert result.exit_code == 0, result.output
    assert "ingested 1 documents: 20 statements" in result.output or "ingested 1 documents:" in result.output
    assert "sources" in result.output and "propositions" in result.output


def test_statements_formats(seed_store_path: Path) -> None:
    rows = [json.loads(line) for line in invoke("statements", "-f", "jsonl", store=seed_store_path).output.splitlines()]
    fields = {"doc", "speaker", "speaker_text", "speaker_org", "cue", "stance", "content", "quote", "start", "end"}
    assert rows and all(fields <= set(r) for r in rows)
    table = list(csv.DictReader(io.StringIO(invoke("statements", "-f", "csv", store=seed_store_path).output)))
    assert len(table) == len(rows) and table[0]["doc"] == rows[0]["doc"]
    text = invoke("statements", store=seed_store_path).output
    assert "Syrian Observatory for Human Rights" in text


def test_contradictions_and_corroborations_json_contract(seed_store_path: Path) -> None:
    found = json.loads(invoke("contradictions", "-f", "json", store=seed_store_path).output)
    assert {f["kind"] for f in found} <= {"denial", "conflict"}
    for f in found:
        assert [s["stance"] for s in f["sides"]][0] == "assert"
        assert all({"claim", "stance", "sources", "documents"} <= set(s) for s in f["sides"])
    corroborated = json.loads(invoke("corroborations", "-f", "json", store=seed_store_path).output)
    assert all({"claim", "sources", "independent", "relayed_by", "documents"} <= set(f) for f in corroborated)
    assert max(f["independent"] for f in corroborated) >= 3
    csv_rows = list(csv.DictReader(io.StringIO(invoke("contradictions", "-f", "csv", store=seed_store_path).output)))
    assert len(csv_rows) == len(found)


def test_query_string_file_and_errors(seed_store_path: Path, tmp_path: Path) -> None:
    result = invoke("query", "SELECT (COUNT(?s) AS ?n) WHERE { ?s a kg:Statement }", "-f", "json", store=seed_store_path)
    assert result.exit_code == 0 and json.loads(result.output)[0]["n"] >= 15
    rq = tmp_path / "q.rq"
    rq.write_text("ASK { ?s a kg:Proposition }", encoding="utf-8")
    assert invoke("query", str(rq), store=seed_store_path).output.strip() == "true"
    bad = invoke("query", "SELECT ?x WHERE { ?x ?y }", store=seed_store_path)
    assert bad.exit_code == 2
    assert "invalid SPARQL" in bad.output and "line 1, column" in bad.output
    construct = invoke("query", "CONSTRUCT { ?s a kg:Proposition } WHERE { ?s a kg:Proposition }", store=seed_store_path)
    assert construct.exit_code == 0 and "kg:Proposition" in construct.output


def test_query_by_packaged_name(seed_store_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = invoke("query", "disputed", "-f", "json", store=seed_store_path)
    assert result.exit_code == 0
    disputers = {row["disputer"].rsplit("/", 1)[-1] for row in json.loads(result.output)}
    assert {"russia", "russian-ministry-of-defence"} <= disputers
    table = invoke("query", "disputed", store=seed_store_path).output  # IRIs as prefixed names
    assert "src:russia" in table and "prop:" in table and "https://" not in table
    unknown = CliRunner().invoke(cli, ["--store", str(seed_store_path), "query", "nosuch"])
    assert unknown.exit_code == 2 and "neither a file nor a packaged query" in unknown.output
    assert "disputed" in unknown.output
    monkeypatch.chdir(tmp_path)  # a file of that name in the working folder wins
    (tmp_path / "disputed").write_text("ASK { ?s a kg:Nothing }", encoding="utf-8")
    assert invoke("query", "disputed", store=seed_store_path).output.strip() == "false"


def test_store_errors(tmp_path: Path) -> None:
    missing = invoke("statements", store=tmp_path / "nowhere")
    assert missing.exit_code == 1 and "run `kg ingest" in missing.output
    not_a_store = tmp_path / "docs"
    not_a_store.mkdir()
    (not_a_store / "note.txt").write_text("hello", encoding="utf-8")
    result = invoke("ingest", str(SEEDS), store=not_a_store)
    assert result.exit_code == 1 and "is not a kg store" in result.output
    assert sorted(p.name for p in not_a_store.iterdir()) == ["note.txt"]  # nothing written there
    a_file = tmp_path / "file"
    a_file.write_text("x", encoding="utf-8")
    assert "is a file" in invoke("contradictions", store=a_file).output


def test_bad_inputs_are_skipped_and_the_rest_go_in(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "empty.txt").write_text("", encoding="utf-8")
    (folder / "bin.txt").write_bytes(b"\x00\x01\x02")
    (folder / "good.txt").write_text("Strikes on Aleppo\n\nThe Observatory said air strikes killed 9 people in Aleppo.", encoding="utf-8")
    result = CliRunner().invoke(cli, ["--store", str(tmp_path / "s"), "ingest", str(folder)])
    assert result.exit_code == 3
    assert "ingested 1 documents" in result.stdout
    assert "empty.txt" in result.stderr and "bin.txt" in result.stderr


def test_export_and_validate_commands(seed_store_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "g.ttl"
    result = invoke("export", "-f", "turtle", "-o", str(out), store=seed_store_path)
    assert result.exit_code == 0 and out.stat().st_size > 1000
    assert "@prefix kg: <https://w3id.org/crkg/ns#>" in out.read_text(encoding="utf-8")
    result = invoke("validate", store=seed_store_path)
    assert result.exit_code == 0 and "conforms" in result.output


def test_real_subprocess(tmp_path: Path) -> None:
    env = {**os.environ, "KG_STORE": str(tmp_path / "store")}
    ingest = subprocess.run([sys.executable, "-m", "kg", "ingest", str(SEEDS)], env=env, capture_output=True,
                            text=True, timeout=300)
    assert ingest.returncode == 0, ingest.stderr
    assert "ingested 1 documents" in ingest.stdout
    found = subprocess.run([sys.executable, "-m", "kg", "contradictions", "--format", "json"], env=env,
                           capture_output=True, text=True, timeout=120)
    assert found.returncode == 0 and len(json.loads(found.stdout)) >= 2


def test_ingest_from_standard_input(tmp_path: Path) -> None:
    env = {**os.environ, "KG_STORE": str(tmp_path / "store")}
    text = (SEEDS / "000_bbb529f6879eddb8.txt").read_text(encoding="utf-8")
    ingest = subprocess.run([sys.executable, "-m", "kg", "ingest", "-"], input=text, env=env, capture_output=True,
                            text=True, timeout=300)
    assert ingest.returncode == 0, ingest.stderr
    assert "ingested 1 documents" in ingest.stdout and "standard input" in ingest.stderr


def test_user_prefixes_are_kept(seed_store_path: Path) -> None:
    result = invoke("query", "PREFIX kg: <https://w3id.org/crkg/ns#>\nASK { ?s a kg:Statement }", store=seed_store_path)
    assert result.exit_code == 0 and result.output.strip() == "true"
    bad = invoke("query", "PREFIX kg: <https://w3id.org/crkg/ns#>\nSELECT ?x WHERE { ?x ?y }", store=seed_store_path)
    assert bad.exit_code == 2 and "line 2, column" in bad.output


def test_importing_kg_loads_nothing_heavy() -> None:
    code = "import sys, kg, kg.cli, kg.pipeline; print(any(m in sys.modules for m in ('spacy', 'pyshacl', 'pandas')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.stdout.strip() == "False", out.stderr


def test_truth_on_a_claims_table(tmp_path: Path) -> None:
    table = tmp_path / "claims.csv"
    table.write_text("group,event,deaths\nSOHR,e1,23\nSNHR,e1,at least 23\nSANA,e1,5\nSOHR,e2,10\nSANA,e2,10\nbroken\n",
                     encoding="utf-8")
    result = CliRunner().invoke(cli, ["truth", str(table), "--source", "group", "--object", "event", "--value", "deaths",
                                      "--compare", "numeric", "--format", "jsonl"])
    assert result.exit_code == 3 and "claims.csv:7" in result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert {r["object"]: r["value"] for r in rows} == {"e1": "23", "e2": "10"}
    no_header = tmp_path / "claims.tsv"
    no_header.write_text("SOHR\te1\t23\nSNHR\te1\t23\nSANA\te1\t5\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["truth", str(no_header), "--source", "1", "--object", "2", "--value", "3",
                                      "--method", "majority_vote", "--sources", "-f", "json"])
    assert result.exit_code == 0
    assert '"value": "23"' in result.stdout and '"source": "SANA"' in result.stdout
    bad = CliRunner().invoke(cli, ["truth", str(no_header), "--source", "1", "--object", "2", "--value", "3", "-p", "nonsense"])
    assert bad.exit_code == 2
