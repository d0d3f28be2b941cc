"""kg.evidence fetches in steps exactly the rows the one-query reference versions return."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg import evidence, resources
from kg.pipeline import ingest
from kg.store import Store

from .conftest import SEEDS, fakes_parts

STEPS = {"denials": evidence.denial_rows, "conflicts": evidence.conflict_rows,
         "corroborations": evidence.corroboration_rows}


@pytest.fixture(scope="module")
def mixed_store(fakes_csv: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed and the first 150 FA-KES articles (written to a temporary CSV at test time)."""
    folder = tmp_path_factory.mktemp("evidence")
    sample, = fakes_parts(fakes_csv, folder, [0, 150])
    with Store(folder / "store", create=True) as store:
        report = ingest(store, [SEEDS, sample])
    assert report.documents >= 140 and not report.errors
    return folder / "store"


def _as_set(rows: list[dict]) -> set[tuple]:
    return {tuple(sorted((k, str(v)) for k, v in row.items())) for row in rows}


@pytest.mark.parametrize("name", sorted(STEPS))
def test_steps_give_the_reference_rows(mixed_store: Path, name: str) -> None:
    with Store(mixed_store) as store:
        reference = store.select(resources.query_text(name))[1]
        stepped = STEPS[name](store)
    assert reference, f"{name}.rq finds nothing on the sample: the comparison would prove nothing"
    assert _as_set(stepped) == _as_set(reference)
    assert set(stepped[0]) == set(reference[0])  # the same columns


def test_small_chunks_give_the_same_rows(mixed_store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with Store(mixed_store) as store:
        whole = {name: _as_set(step(store)) for name, step in STEPS.items()}
        monkeypatch.setattr(evidence, "CHUNK", 7)  # many VALUES blocks per step
        chunked = {name: _as_set(step(store)) for name, step in STEPS.items()}
    assert chunked == whole


def test_rows_among_every_proposition_are_the_rows(mixed_store: Path) -> None:
    """With ``among``, the candidate query's rule is applied to the statements of those
    propositions: given them all, the rows are those of the whole computation."""
    with Store(mixed_store) as store:
        every = {r["prop"] for r in store.select(resources.query_text("statements_about"))[1]}
        for name, step in STEPS.items():
            assert _as_set(step(store, every)) == _as_set(step(store)), name
            assert step(store, set()) == []


def test_values_template_runs_alone(seed_store) -> None:  # type: ignore[no-untyped-def]
    # As written (UNDEF), a template is a valid query over every proposition.
    _, rows = seed_store.select(resources.query_text("statements_about"))
    assert {r["prop"] for r in rows} == {r["prop"] for r in seed_store.select(
        "PREFIX kg: <https://w3id.org/crkg/ns#> SELECT DISTINCT ?prop WHERE { ?s kg:about ?prop }")[1]}


def test_events_query_counts_the_reports_of_each_event(mixed_store: Path) -> None:
    with Store(mixed_store) as store:
        _, events = store.select(resources.query_text("events"))
        _, specific = store.select("PREFIX kg: <https://w3id.org/crkg/ns#> "
                                   "SELECT DISTINCT ?p WHERE { ?p kg:specializes ?general }")
    assert events and not {e["event"] for e in events} & {r["p"] for r in specific}  # general frames only
    assert all(e["outlets"] <= e["documents"] >= 1 for e in events)  # the seed has no outlet: 0
    assert any(e["outlets"] >= 2 for e in events)  # some event is reported by two outlets
    assert all(e["date"] is None or e["label"].endswith(str(e["date"])) for e in events)


# ------------------------------------------------- findings stored at relink (kg.analyze)

def test_stored_findings_are_the_computed_ones(mixed_store: Path) -> None:
    from kg import analyze

    with Store(mixed_store) as store:
        stored = analyze._stored(store, "contradiction"), analyze._stored(store, "corroboration")
        computed = analyze.find_contradictions(store), analyze.find_corroborations(store)
        assert stored[0] is not None and stored[1] is not None, "ingest did not store its findings"
        assert computed[0] and computed[1], "nothing found on the sample: the comparison would prove nothing"
        assert analyze.contradictions(store) == computed[0]  # same findings, same order
        assert analyze.corroborations(store) == computed[1]
        assert analyze.corroborations(store, 3) == analyze.find_corroborations(store, 3)
        assert analyze.corroborations(store, 1) == analyze.find_corroborations(store, 1)
        _, rows = store.select("PREFIX kg: <https://w3id.org/crkg/ns#> SELECT ?f ?kind WHERE "
                               "{ ?f a kg:Contradiction ; kg:findingKind ?kind ; kg:concerns ?p . ?p a kg:Proposition }")
    assert len({r["f"] for r in rows}) == len(computed[0])


def test_findings_follow_the_store(store_copy: Path, fakes_csv: Path, tmp_path: Path) -> None:
    """Dropping a run or ingesting more recomputes the stored findings; findings stored by
    another version of kg are not read, nor those of a relink cut short."""
    from kg import analyze
    from kg.pipeline import drop
    from kg.store import LINKS_GRAPH

    with Store(store_copy) as store:
        before = analyze.contradictions(store)
        assert before and before == analyze.find_contradictions(store)
        run = next(g["graph"] for g in store.graphs() if g["kind"] == "run")
        drop(store, [run])
        assert analyze._stored(store, "contradiction") == [] == analyze.contradictions(store)
        ingest(store, [SEEDS])
        assert analyze.contradictions(store) == before
        store.update("PREFIX kg: <https://w3id.org/crkg/ns#> DELETE WHERE { GRAPH ?g { ?l kg:findingsVersion ?v } }")
        assert analyze._stored(store, "contradiction") is None  # as after an interrupted relink
        store.update(f"PREFIX kg: <https://w3id.org/crkg/ns#> INSERT DATA {{ GRAPH {LINKS_GRAPH} "
                     f"{{ {LINKS_GRAPH} kg:findingsVersion \"0.0.1\" }} }}")
        assert analyze._stored(store, "contradiction") is None  # another version's rules
        assert analyze.contradictions(store) == before


def test_ingesting_nothing_new_does_not_relink(mixed_store: Path, fakes_csv: Path, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """A relink takes minutes on a large store: an ingest that adds nothing reports the links the
    store holds instead, unless the last relink was cut short (then it relinks)."""
    import shutil

    from kg import analyze, pipeline

    shutil.copytree(mixed_store, tmp_path / "store")
    calls: list[int] = []
    relink = pipeline.relink
    monkeypatch.setattr(pipeline, "relink", lambda store, **kw: calls.append(1) or relink(store, **kw))
    with Store(tmp_path / "store") as store:
        expected = relink(store)
        assert expected[0] > 0, "no conflicting pairs in the sample: the count would prove nothing"
        report = ingest(store, [SEEDS])
        assert (report.documents, calls) == (0, [])
        assert (report.conflicts, report.derived) == expected
        store.update("PREFIX kg: <https://w3id.org/crkg/ns#> DELETE WHERE { GRAPH ?g { ?l kg:findingsVersion ?v } }")
        report = ingest(store, [SEEDS])
        assert calls == [1] and analyze.findings_current(store)
        assert (report.conflicts, report.derived) == expected


def test_relink_command_sees_changes_made_behind_kg(store_copy: Path) -> None:
    """A SPARQL UPDATE from outside leaves the stored findings as they were until `kg relink`."""
    import json

    from click.testing import CliRunner

    from kg.cli import cli

    def contradictions() -> list[dict[str, object]]:
        result = CliRunner().invoke(cli, ["--store", str(store_copy), "contradictions", "-f", "json"])
        assert result.exit_code == 0, result.output
        return json.loads(result.output)

    assert len(contradictions()) == 2
    with Store(store_copy) as store:  # no statement denies anything any more
        store.update("PREFIX kg: <https://w3id.org/crkg/ns#> DELETE { GRAPH ?g { ?s kg:negated true } } "
                     "INSERT { GRAPH ?g { ?s kg:negated false } } WHERE { GRAPH ?g { ?s kg:negated true } }")
    assert len(contradictions()) == 2  # stale: the stored findings
    result = CliRunner().invoke(cli, ["--store", str(store_copy), "relink"])
    assert result.exit_code == 0 and "stored 0 contradictions and 1 corroborations" in result.output
    assert contradictions() == []


# The kg:affirms / kg:disputes shortcuts and the one-step contradiction query (disputed.rq).
FROM_STATEMENTS = """PREFIX kg: <https://w3id.org/crkg/ns#>
PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT DISTINCT ?prop ?affirmer ?disputer WHERE {
  ?denial kg:about ?prop ; kg:negated true ; prov:wasAttributedTo ?disputer .
  ?assertion kg:about ?prop ; kg:stance kg:Asserts ; kg:negated false ; prov:wasAttributedTo ?affirmer .
  FILTER (?affirmer != ?disputer)
}"""


def _disputed(store: Store) -> set[tuple[str, str, str]]:
    return {(r["prop"], r["affirmer"], r["disputer"]) for r in store.select(resources.query_text("disputed"))[1]}


def _from_statements(store: Store) -> set[tuple[str, str, str]]:
    return {(r["prop"], r["affirmer"], r["disputer"]) for r in store.select(FROM_STATEMENTS)[1]}


def test_disputed_query_reads_what_the_statements_say(mixed_store: Path) -> None:
    with Store(mixed_store) as store:
        disputed = _disputed(store)
        assert disputed == _from_statements(store)
        contested = {r["prop"] for r in store.select(resources.query_text("contested"))[1]}
    assert len(disputed) >= 5, "too few disputes in the sample for the comparison to prove much"
    assert {prop for prop, _, _ in disputed} <= contested


def _drop_shortcuts(store: Store) -> None:
    store.update("PREFIX kg: <https://w3id.org/crkg/ns#> DELETE { GRAPH ?g { ?s ?p ?o } } WHERE { "
                 "VALUES ?p { kg:affirms kg:disputes } GRAPH ?g { ?s ?p ?o } }")


def test_relink_derives_the_shortcuts_again(store_copy: Path) -> None:
    from click.testing import CliRunner

    from kg.cli import cli

    with Store(store_copy) as store:
        expected = _disputed(store)
        assert ("https://w3id.org/crkg/id/source/russia" in {d for _, _, d in expected}), expected
        _drop_shortcuts(store)
        store.update("PREFIX kg: <https://w3id.org/crkg/ns#> PREFIX src: <https://w3id.org/crkg/id/source/> "
                     "INSERT { GRAPH ?g { src:turkey kg:disputes ?p } } WHERE { GRAPH ?g { ?s kg:about ?p } }")
        assert _disputed(store) != expected  # stale: nobody affirms, Turkey disputes everything
    result = CliRunner().invoke(cli, ["--store", str(store_copy), "relink"])
    assert result.exit_code == 0, result.output
    with Store(store_copy) as store:
        assert _disputed(store) == expected


def test_import_derives_the_shortcuts_of_statements_made_elsewhere(store_copy: Path, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from kg.cli import cli

    runner = CliRunner()
    exported = tmp_path / "seed.nq"
    assert runner.invoke(cli, ["--store", str(store_copy), "export", "-f", "nquads", "-o", str(exported)]).exit_code == 0
    lines = exported.read_text(encoding="utf-8").splitlines(keepends=True)
    foreign = tmp_path / "foreign.nq"  # as another tool would write it: statements, no shortcuts
    foreign.write_text("".join(line for line in lines if "#affirms>" not in line and "#disputes>" not in line),
                       encoding="utf-8")
    assert foreign.stat().st_size < exported.stat().st_size
    result = runner.invoke(cli, ["--store", str(tmp_path / "other"), "import", str(foreign)])
    assert result.exit_code == 0, result.output
    with Store(store_copy) as mine, Store(tmp_path / "other") as other:
        assert _disputed(other) == _disputed(mine) != set()


@pytest.mark.parametrize("mark", ["0.1.0", None])
def test_a_store_linked_by_an_older_kg_gets_the_shortcuts(store_copy: Path, mark: str | None) -> None:
    """Stores made before the shortcuts existed get them at their next ingest, also when their
    last relink was cut short (no version mark)."""
    from kg.store import LINKS_GRAPH

    with Store(store_copy) as store:
        expected = _disputed(store)
        _drop_shortcuts(store)
        store.update("PREFIX kg: <https://w3id.org/crkg/ns#> DELETE WHERE { GRAPH ?g { ?l kg:findingsVersion ?v } }")
        if mark:
            store.update(f"PREFIX kg: <https://w3id.org/crkg/ns#> INSERT DATA {{ GRAPH {LINKS_GRAPH} "
                         f"{{ {LINKS_GRAPH} kg:findingsVersion \"{mark}\" }} }}")
        assert _disputed(store) == set()
        report = ingest(store, [SEEDS])
        assert report.documents == 0
        assert _disputed(store) == expected


def test_importing_into_a_store_linked_by_an_older_kg_derives_every_shortcut(store_copy: Path,
                                                                              tmp_path: Path) -> None:
    """The relink after `kg import` (or `kg drop`) derives the shortcuts of the whole store, not
    only of the imported graphs, when an older kg linked it."""
    from click.testing import CliRunner

    from kg.cli import cli
    from kg.store import LINKS_GRAPH

    with Store(store_copy) as store:
        expected = _disputed(store)
        _drop_shortcuts(store)
        store.update("PREFIX kg: <https://w3id.org/crkg/ns#> DELETE WHERE { GRAPH ?g { ?l kg:findingsVersion ?v } }")
        store.update(f"PREFIX kg: <https://w3id.org/crkg/ns#> INSERT DATA {{ GRAPH {LINKS_GRAPH} "
                     f"{{ {LINKS_GRAPH} kg:findingsVersion \"0.1.0\" }} }}")
    note = tmp_path / "note.ttl"  # no statement in it
    note.write_text('<https://example.org/a> <http://www.w3.org/2000/01/rdf-schema#label> "a note" .\n',
                    encoding="utf-8")
    result = CliRunner().invoke(cli, ["--store", str(store_copy), "import", str(note)])
    assert result.exit_code == 0, result.output
    with Store(store_copy) as store:
        assert _disputed(store) == expected


def test_without_shortcuts_the_candidates_come_from_the_statements(mixed_store: Path, tmp_path: Path) -> None:
    """A store whose statements lack the shortcuts (written by other means, not yet relinked)
    gives the same evidence rows: the candidates are then read from the statements."""
    import shutil

    shutil.copytree(mixed_store, tmp_path / "store")
    with Store(tmp_path / "store") as store:
        assert evidence._candidates(store, "contested") == "contested"
        fast = {name: _as_set(step(store)) for name, step in STEPS.items()}
        _drop_shortcuts(store)
        assert evidence._candidates(store, "contested") == "contested_statements"
        assert {name: _as_set(step(store)) for name, step in STEPS.items()} == fast
        assert _as_set(evidence.denial_rows(store)) == _as_set(store.select(resources.query_text("denials"))[1])
    with Store(tmp_path / "empty", create=True) as empty:  # nothing to shortcut: the fast queries
        assert evidence._candidates(empty, "contested") == "contested"
