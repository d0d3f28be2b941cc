"""After an ingest run, kg.pipeline.relink recomputes only the findings the run can change, and
stores exactly what a relink of the whole store would."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from kg import analyze, pipeline, resources
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


def test_runs_store_what_a_whole_relink_would(fakes_csv: Path, tmp_path: Path, among_sizes: list) -> None:
    """The seed, then 150 FA-KES articles in three runs: each run's relink computes the findings
    about a part of the propositions only, and stores the same findings (and the same links
    graph, triple for triple) as relinking the whole store."""
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


def test_an_interrupted_run_is_relinked_whole_next_time(fakes_csv: Path, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch, among_sizes: list) -> None:
    """A run stopped before its relink leaves documents the findings do not count: its first
    document took the findings' version mark away, so kg computes findings itself until the next
    run relinks the whole store."""
    first, second, third = fakes_parts(fakes_csv, tmp_path, [0, 40, 80, 120])
    with Store(tmp_path / "store", create=True) as store:
        ingest(store, [SEEDS, first])
        whole = pipeline.relink

        def interrupted(*args: Any, **kwargs: Any) -> None:
            raise KeyboardInterrupt

        monkeypatch.setattr(pipeline, "relink", interrupted)
        with pytest.raises(KeyboardInterrupt):
            ingest(store, [second])
        monkeypatch.setattr(pipeline, "relink", whole)
        assert analyze.findings_version(store) is None
        assert analyze.contradictions(store) == analyze.find_contradictions(store)  # computed, counting them
        sizes = len(among_sizes)
        ingest(store, [third])
        assert among_sizes[sizes:] == [None]
        assert analyze.findings_current(store)
        _assert_stored_are_computed(store)


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
