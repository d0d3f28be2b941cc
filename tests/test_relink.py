"""After an ingest run, kg.pipeline.relink recomputes only the findings the run can change, and
stores exactly what a relink of the whole store would."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from kg import analyze, graph, pipeline, resources
from kg.pipeline import ingest, relink
from kg.store import LINKS_GRAPH, Store

from .conftest import SEEDS, fakes_parts


@pytest.fixture
def among_sizes(monkeypatch: pytest.MonkeyPatch) -> list[int | None]:
    """What each relink computed findings for: None for the whole store, else how many propositions."""
    sizes: list[int | None] = []
    findings_triples = analyze.findings_triples

    def spy(store: Any, among: Any = None) -> Any:
        sizes.append(None if among is None else len(among))
        return findings_triples(store, among)

    monkeypatch.setattr(analyze, "findings_triples", spy)
    return sizes


def _canonical(findings: list[dict[str, Any]] | None) -> list[str]:
    assert findings is not None, "no findings stored"
    return sorted(json.dumps(f, sort_keys=True) for f in findings)


def _assert_stored_are_computed(store: Store) -> None:
    assert _canonical(analyze._stored(store, "contradiction")) == _canonical(analyze.find_contradictions(store))
    assert _canonical(analyze._stored(store, "corroboration")) == _canonical(analyze.find_corroborations(store))


def _links(store: Store) -> set[Any]:
    return set(store.oxigraph.quads_for_pattern(None, None, None, LINKS_GRAPH))


def test_runs_store_what_a_whole_relink_would(fakes_csv: Path, tmp_path: Path, among_sizes: list,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """The seed, then 150 FA-KES articles in three runs: each run's relink computes the findings
    about a part of the propositions only, and stores the same findings (and the same links
    graph, triple for triple) as relinking the whole store. Queries and updates go in chunks of
    16 terms, not 2,000, so that every step of the relink takes several."""
    from kg import evidence

    monkeypatch.setattr(evidence, "CHUNK", 16)
    with Store(tmp_path / "store", create=True) as store:
        ingest(store, [SEEDS])
        assert among_sizes == [None]  # a new store: everything
        for part in fakes_parts(fakes_csv, tmp_path, [0, 50, 100, 150]):
            report = ingest(store, [part])
            assert report.documents >= 45 and not report.errors
            _assert_stored_are_computed(store)
        propositions = len(pipeline.stored_propositions(store))
        assert all(size is not None and 0 < size < propositions for size in among_sizes[1:]), among_sizes
        assert len(analyze.contradictions(store)) >= 2 and len(analyze.corroborations(store)) >= 3
        incremental = _links(store)
        copies = store.select(resources.query_text("copy_links"))[1]
        assert len(copies) >= 5, "too few copies in the sample to prove the copy links kept and found"
        relink(store)
        assert among_sizes[-1] is None
        assert _links(store) == incremental


# Short invented reports: a second run that never mentions the first run's claim changes the
# finding about it, through the speaker's principal or label.
FIRST = {
    "principal": "Shelling hits Douma\n\nAhmed Khalil said government forces shelled Douma on Monday, killing 12 "
                 "civilians. The Syrian army denied that it shelled Douma on Monday.\n",
    "label": "Shelling hits Douma\n\nThe Douma Relief Committee said government forces shelled Douma on Thursday. "
             "The Syrian army denied that it shelled Douma.\n",
}
SECOND = {
    "principal": "Clashes near Harasta\n\nAhmed Khalil, a spokesman for the Syrian army, said rebels attacked "
                 "Harasta on Tuesday.\n",  # he speaks for the side that denied: no contradiction left
    "label": "Strike on Saqba\n\nThe Douma Relief-Committee said an airstrike hit a market in Saqba on "
             "Wednesday.\n",  # the same source (same slug) named another way: shown on the old finding
}


@pytest.mark.parametrize("change", sorted(FIRST))
def test_a_new_principal_or_label_changes_old_findings(change: str, tmp_path: Path, among_sizes: list) -> None:
    for n, text in enumerate((FIRST[change], SECOND[change])):
        (tmp_path / f"run{n}").mkdir()
        (tmp_path / f"run{n}" / "report.txt").write_text(text, encoding="utf-8")
    with Store(tmp_path / "store", create=True) as store:
        ingest(store, [tmp_path / "run0"])
        before = analyze.contradictions(store)
        assert [f["claim"] for f in before] == ["shelling in Douma by Syrian government"]
        ingest(store, [tmp_path / "run1"])
        after = analyze.contradictions(store)
        assert among_sizes[-1] is not None  # the second relink was incremental
        _assert_stored_are_computed(store)
    if change == "principal":
        assert after == []
    else:
        assert after[0]["sides"][0]["sources"] == ["Douma Relief Committee", "Douma Relief-Committee"]


def _cut_short(monkeypatch: pytest.MonkeyPatch, target: Any, name: str, when: Any = lambda *a, **k: True) -> None:
    """Make ``target.name`` raise KeyboardInterrupt (when ``when`` says so), as Ctrl-C would."""
    original = getattr(target, name)

    def interrupted(*args: Any, **kwargs: Any) -> Any:
        if when(*args, **kwargs):
            raise KeyboardInterrupt
        return original(*args, **kwargs)

    monkeypatch.setattr(target, name, interrupted)


def test_a_run_cut_short_is_relinked_with_the_next_one(fakes_csv: Path, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch, among_sizes: list) -> None:
    """A run stopped before its relink leaves documents the findings do not count: its graph stays
    marked pending, so kg computes findings itself, and the next run's relink is still incremental:
    it takes in both runs, and stores what a relink of the whole store would."""
    from kg import __version__

    first, second, third = fakes_parts(fakes_csv, tmp_path, [0, 40, 80, 120])
    with Store(tmp_path / "store", create=True) as store:
        ingest(store, [SEEDS, first])
        with monkeypatch.context() as patch:
            _cut_short(patch, pipeline, "relink")
            with pytest.raises(KeyboardInterrupt):
                ingest(store, [second])
        cut = analyze.pending_runs(store)
        assert len(cut) == 1 and analyze.findings_version(store) == __version__
        assert [g["graph"] for g in store.graphs() if g["relink"] == "pending"] == cut  # as `kg graphs` shows
        assert not analyze.findings_current(store)
        assert analyze._stored(store, "contradiction") is None  # they do not count the run's documents
        assert analyze.contradictions(store) == analyze.find_contradictions(store)  # computed, counting them
        sizes = len(among_sizes)
        steps: list[str] = []
        report = ingest(store, [third], on_relink=steps.append)
        assert report.documents >= 35
        assert among_sizes[sizes:] != [None] and len(among_sizes[sizes:]) == 1  # incremental
        assert steps[0].startswith("relinking: copies of 2 runs' ") and steps[-1].endswith("they can change")
        assert analyze.pending_runs(store) == [] and analyze.findings_current(store)
        assert all(g["relink"] == "" for g in store.graphs())
        _assert_stored_are_computed(store)
        incremental = _links(store)
        relink(store)
        assert _links(store) == incremental


def test_a_relink_cut_short_midway_is_done_whole_next_time(fakes_csv: Path, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch, among_sizes: list) -> None:
    """Cut short between its two updates (the links changed, the findings not yet), a run's relink
    leaves findings that miss what those links changed: their version mark goes with the first
    update, and the next run relinks the whole store (and takes every pending mark away)."""
    first, second, third = fakes_parts(fakes_csv, tmp_path, [0, 40, 80, 120])
    with Store(tmp_path / "store", create=True) as store:
        ingest(store, [SEEDS, first])
        with monkeypatch.context() as patch:
            _cut_short(patch, analyze, "findings_triples", when=lambda store, among=None: among is not None)
            with pytest.raises(KeyboardInterrupt):
                ingest(store, [second])
        assert analyze.findings_version(store) is None and len(analyze.pending_runs(store)) == 1
        assert analyze.contradictions(store) == analyze.find_contradictions(store)
        sizes = len(among_sizes)
        ingest(store, [third])
        assert among_sizes[sizes:] == [None]
        assert analyze.pending_runs(store) == [] and analyze.findings_current(store)
        _assert_stored_are_computed(store)


def test_a_source_named_anew_by_two_pending_runs_changes_old_findings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                      among_sizes: list) -> None:
    """The label a source is shown with comes from every graph: when two pending runs (one cut
    short, and the next) both name it a new way, the finding about an older run's claim changes,
    though neither run mentions that claim."""
    texts = [FIRST["label"], SECOND["label"],
             "Aid convoy reaches Saqba\n\nThe Douma Relief-Committee said an aid convoy reached Saqba on Friday.\n"]
    for n, text in enumerate(texts):
        (tmp_path / f"run{n}").mkdir()
        (tmp_path / f"run{n}" / "report.txt").write_text(text, encoding="utf-8")
    with Store(tmp_path / "store", create=True) as store:
        ingest(store, [tmp_path / "run0"])
        assert analyze.contradictions(store)[0]["sides"][0]["sources"] == ["Douma Relief Committee"]
        with monkeypatch.context() as patch:
            _cut_short(patch, pipeline, "relink")
            with pytest.raises(KeyboardInterrupt):
                ingest(store, [tmp_path / "run1"])
        ingest(store, [tmp_path / "run2"])
        assert among_sizes[-1] is not None  # incremental, over both pending runs
        assert analyze.findings_current(store)
        after = analyze.contradictions(store)
        _assert_stored_are_computed(store)
    assert after[0]["sides"][0]["sources"] == ["Douma Relief Committee", "Douma Relief-Committee"]


def test_kg_ingest_says_what_its_relink_does(tmp_path: Path) -> None:
    """On stderr: the first run relinks every proposition, the next one only those it can change."""
    from click.testing import CliRunner

    from kg.cli import cli

    lines = []
    for n, text in enumerate((FIRST["principal"], SECOND["principal"])):
        (tmp_path / f"run{n}.txt").write_text(text, encoding="utf-8")
        result = CliRunner().invoke(cli, ["--store", str(tmp_path / "store"), "ingest", str(tmp_path / f"run{n}.txt")])
        assert result.exit_code == 0, result.output
        lines.append([line for line in result.stderr.splitlines() if line.startswith("relinking")])
    assert lines[0][-1] == "relinking: the findings about every proposition"
    assert lines[1][0] == "relinking: copies of the run's 1 documents, conflicting propositions"
    assert re.fullmatch(r"relinking: the findings about the \d+ propositions the run can change", lines[1][-1])


def test_an_update_in_several_operations_runs_as_one(tmp_path: Path) -> None:
    """The findings of many propositions are forgotten in several operations (one per chunk), each
    declaring its prefixes: joined into one request they must still parse (Oxigraph takes no
    PREFIX after a ``;``; before, more than 2,000 propositions to update, or links that went
    away, made a relink fail)."""
    with Store(tmp_path / "store", create=True) as store:
        ingest(store, [SEEDS])
        among = {str(graph.proposition_iri(p.key)) for p in pipeline.stored_propositions(store)}
        assert len(among) >= 3  # several chunks of 2
        forget = resources.joined_update([pipeline._filled("forget_findings", among, chunk=2),
                                          resources.query_text("unmark_findings", suffix=".ru")])
        store.amend(forget, LINKS_GRAPH, analyze.findings_triples(store, among))
        assert forget.count("PREFIX kg:") == 1 and forget.count(" ;\n") == (len(among) + 1) // 2
        assert analyze.findings_current(store)
        _assert_stored_are_computed(store)
    with pytest.raises(ValueError, match="prefix kg:"):
        resources.joined_update(["PREFIX kg: <a:1>\nDELETE WHERE { ?s kg:p ?o }", "PREFIX kg: <a:2>\nDELETE WHERE { ?s kg:q ?o }"])
    assert resources.joined_update(["", " "]) == ""
