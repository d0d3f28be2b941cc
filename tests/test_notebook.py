"""The notebooks run top to bottom on the seed and on a FA-KES sample, from a directory that is not
the checkout, and show what they promise; the helpers behind them (kg.notebook, the bootstrap in
kg.credibility) are tested directly too."""

from __future__ import annotations

import csv
import itertools
import math
import os
import re
from collections import defaultdict
from pathlib import Path
from typing import Any

import matplotlib
import nbformat
import pandas as pd
import pytest
from nbclient import NotebookClient

from kg import notebook
from kg.credibility import StoredClaim, bootstrap_intervals
from kg.errors import InputError, KGError

from .conftest import ROOT, SEEDS

matplotlib.use("Agg")  # the helpers draw here too; nothing opens a window
NOTEBOOKS = ("explore", "credibility")


def write_fakes_sample(fakes_csv: Path, target: Path, rows: int = 40) -> Path:
    """``rows`` FA-KES articles of April 2017 (the month most outlets cover), taken in turn from
    each outlet, so that outlets report the same events."""
    with open(fakes_csv, encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        by_outlet: dict[str, list[list[str]]] = defaultdict(list)
        for row in reader:
            month, _, year = row[header.index("date")].split("/")
            if (year, month) == ("2017", "4"):
                by_outlet[row[header.index("source")]].append(row)
    turns = itertools.zip_longest(*(by_outlet[o] for o in sorted(by_outlet)))
    picked = [row for turn in turns for row in turn if row][:rows]
    with open(target, "w", encoding="utf-8", newline="") as out:
        csv.writer(out).writerows([header, *picked])
    return target


def run_notebook(name: str, workdir: Path) -> nbformat.NotebookNode:
    book = nbformat.read(ROOT / "notebooks" / f"{name}.ipynb", as_version=4)
    NotebookClient(book, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(workdir)}}).execute()
    return book


def cell_text(book: nbformat.NotebookNode, cell_id: str) -> str:
    """Everything a cell printed or returned, as text (plain and HTML)."""
    cell = next(c for c in book.cells if c.get("id") == cell_id)
    # stream pieces are joined as they are: a line may arrive in two of them
    return "".join(str(o.get("text", "")) + "".join(f"\n{o.get('data', {}).get(kind, '')}\n"
                                                    for kind in ("text/plain", "text/html") if kind in o.get("data", {}))
                   for o in cell.outputs)


def has_png(book: nbformat.NotebookNode, cell_id: str) -> bool:
    cell = next(c for c in book.cells if c.get("id") == cell_id)
    return any(o.get("data", {}).get("image/png") for o in cell.outputs)


@pytest.fixture(scope="module", params=["seed", "fakes"])
def executed(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Both notebooks run on one corpus, sharing one store: explore ingests, credibility finds the
    documents already there. The kernel's working directory is a fresh temporary folder."""
    workdir = tmp_path_factory.mktemp(f"nb-{request.param}")
    with pytest.MonkeyPatch.context() as env:
        env.setenv("MPLBACKEND", "Agg")
        env.setenv("KG_STORE", str(workdir / "store"))
        env.setenv("KG_BOOTSTRAP_REPLICATES", "100")
        env.delenv("KG_SEEDS", raising=False)
        if request.param == "seed":
            env.delenv(notebook.INPUT_ENV, raising=False)  # the package default: the seed articles
        else:
            sample = write_fakes_sample(request.getfixturevalue("fakes_csv"), workdir / "fakes40.csv")
            env.setenv(notebook.INPUT_ENV, str(sample))
        env.chdir(workdir)
        books = {name: run_notebook(name, workdir) for name in NOTEBOOKS}
    return {"corpus": request.param, "store": workdir / "store", **books}


def test_explore_notebook(executed: dict[str, Any]) -> None:
    book = executed["explore"]
    assert os.listdir(executed["store"])  # the store went where KG_STORE said
    for figure in ("network-plot", "timeline-plot"):
        assert has_png(book, figure), f"{figure} shows no picture"
    summary = re.search(r"(\d+) sources; (.*)", cell_text(book, "network-edges"))
    assert summary, cell_text(book, "network-edges")
    events, dated = map(int, re.search(r"(\d+) events, (\d+) dated", cell_text(book, "timeline")).groups())
    if executed["corpus"] == "seed":
        assert "ingested 1 documents" in cell_text(book, "setup")
        assert "airstrike in Idlib by Russia" in cell_text(book, "contradictions")
        assert "Russian Ministry of Defence" in cell_text(book, "contradictions")
        assert "Local Coordination Committees" in cell_text(book, "corroborations")
        assert int(summary.group(1)) >= 6 and "corroborate" in summary.group(2) and "deny" in summary.group(2)
        assert events >= 1 and dated == 0  # the seed text carries no date
    else:
        assert "ingested 40 documents" in cell_text(book, "setup")
        assert int(summary.group(1)) >= 3 and "corroborate" in summary.group(2)  # 40 articles: few findings
        assert dated == events >= 20  # FA-KES rows have a publication date
        assert "2017-04" in cell_text(book, "timeline")
        assert "Syrian Observatory for Human Rights" in cell_text(book, "corroborations")


def test_credibility_notebook(executed: dict[str, Any]) -> None:
    book = executed["credibility"]
    assert "already in the store" in cell_text(book, "setup")  # explore's documents, not ingested twice
    claims, sources = map(int, re.search(r"accu: (\d+) claims about \d+ event details from (\d+) sources",
                                         cell_text(book, "assess")).groups())
    assert claims > sources > 0
    assert "accu, 100 resamples" in cell_text(book, "scores")
    assert has_png(book, "methods-plot")
    for method in ("majority_vote", "sums", "truthfinder", "accu", "crh"):
        assert method in cell_text(book, "methods-table")
    assert "Syrian Observatory for Human Rights" in cell_text(book, "scores")
    if executed["corpus"] == "seed":
        assert "Local Coordination Committees" in cell_text(book, "methods-table")


def test_notebooks_are_saved_without_outputs() -> None:
    for name in NOTEBOOKS:
        path = ROOT / "notebooks" / f"{name}.ipynb"
        book = nbformat.read(path, as_version=4)
        nbformat.validate(book)
        assert all(not c.get("outputs") for c in book.cells if c.cell_type == "code")
        assert path.stat().st_size < 20_000
        source = "\n".join(c.source for c in book.cells)
        assert re.search(r"^from kg import [\w, ]*\bnotebook\b", source, re.M)  # the package, not paths
        assert "notebooks/" not in source and "../" not in source


# ---------------------------------------------------------------------------------------------
# Helpers, directly
# ---------------------------------------------------------------------------------------------


def test_notebook_inputs_from_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv(notebook.INPUT_ENV, raising=False)
    monkeypatch.delenv("KG_SEEDS", raising=False)
    assert notebook.notebook_inputs() == [SEEDS]
    monkeypatch.setenv(notebook.INPUT_ENV, "")
    assert notebook.notebook_inputs() == []
    (tmp_path / "a.txt").write_text("Officials said a strike hit the town.", encoding="utf-8")
    monkeypatch.setenv(notebook.INPUT_ENV, os.pathsep.join([str(tmp_path / "a.txt"), str(SEEDS)]))
    assert notebook.notebook_inputs() == [tmp_path / "a.txt", SEEDS]
    monkeypatch.setenv(notebook.INPUT_ENV, str(tmp_path / "missing.csv"))
    with pytest.raises(InputError, match="missing.csv: no such file"):
        notebook.notebook_inputs()
    monkeypatch.setenv("KG_STORE", str(tmp_path / "s"))
    assert notebook.store_location() == str(tmp_path / "s")
    monkeypatch.delenv("KG_STORE")
    assert notebook.store_location() != notebook.store_location()  # a fresh folder each time


def test_source_network_on_the_seed(seed_store: Any) -> None:
    G = notebook.source_network(seed_store)
    assert {"Syrian Observatory for Human Rights", "Local Coordination Committees", "Russia",
            "Igor Konashenkov"} <= set(G)
    denial = G.edges["Syrian Observatory for Human Rights", "Russia", "deny"]
    assert denial["claims"] == ["airstrike in Idlib by Russia"] and denial["denied_by"] == ["Russia"]
    assert G.has_edge("Local Coordination Committees", "Syrian Observatory for Human Rights", key="corroborate")
    # A spokesman, his ministry and its state are one voice: linked as such, never corroborating.
    assert G.has_edge("Igor Konashenkov", "Russian Ministry of Defence", key="speaks_for")
    assert not G.has_edge("Igor Konashenkov", "Russia", key="corroborate")
    assert G.nodes["Igor Konashenkov"]["principal"] == "Russia"
    assert "Turkey" not in G and "Turkey" in notebook.source_network(seed_store, include_isolated=True)
    edges = notebook.network_frame(G)
    deny = edges[edges["relation"] == "deny"]
    assert set(deny["other"]) >= {"Russia", "Igor Konashenkov", "Russian Ministry of Defence"}
    assert ("Abdurrazak Jubeiro", "Syrian Observatory for Human Rights") in set(zip(deny["source"], deny["other"], strict=True))
    figure = notebook.draw_source_network(G)
    assert len(figure.axes[0].patches) == G.number_of_edges()  # one drawn curve per edge
    assert len(figure.axes[0].get_legend().get_texts()) == 3  # corroborate, deny, speaks for


def test_timeline_frame_on_the_seed(seed_store: Any) -> None:
    events = notebook.timeline_frame(seed_store)
    assert list(events.columns) == ["event", "label", "date", "statements", "sources", "documents", "outlets"]
    top = events.sort_values("statements", ascending=False).iloc[0]
    assert top["label"] == "airstrike in Idlib" and top["sources"] >= 4
    assert events["date"].isna().all()  # no date anywhere in the seed
    figure = notebook.plot_timeline(events)
    assert "0 dated" in figure.axes[0].get_title()


def test_timeline_counts_events_per_date() -> None:
    events = pd.DataFrame({"event": ["a", "b", "c"], "label": ["x", "y", "z"],
                           "date": pd.to_datetime(["2017-04-04", "2017-04-04", None]), "statements": [3, 1, 2],
                           "sources": [2, 1, 1], "documents": [1, 1, 1], "outlets": [1, 1, 0]})
    axes = notebook.plot_timeline(events).axes
    assert axes[0].get_title() == "Events by date: 2 dated, 1 undated (not shown)"
    stems = axes[0].containers[0]
    assert [y for _, y in stems.markerline.get_xydata()] == [2]  # two events that day
    assert [y for _, y in axes[1].collections[0].get_offsets()] == [4]  # their four statements


def test_credibility_frame_on_the_seed(seed_store: Any) -> None:
    scores = notebook.credibility_frame(seed_store, ["majority_vote", "accu"], replicates=30)
    assert set(scores["method"]) == {"majority_vote", "accu"}
    sohr = scores[(scores["label"] == "Syrian Observatory for Human Rights") & (scores["method"] == "majority_vote")].iloc[0]
    assert sohr["claims"] >= 5 and 0 < sohr["trust"] < 1 and sohr["low"] <= sohr["trust"] <= sohr["high"]
    figure = notebook.plot_methods(scores, top=5)
    assert len(figure.axes[0].get_yticklabels()) == 5 and len(figure.axes[0].containers) == 2


def _claims(spec: str) -> list[StoredClaim]:
    """'a:yes b:no' → one claim per source about whether event e happened."""
    return [StoredClaim(f"st{n}", "d", "d", source, source.upper(), "e#happened", f"text:{value}")
            for n, (source, value) in enumerate(part.split(":") for part in spec.split())]


def test_bootstrap_intervals_small_case() -> None:
    # Ten sources say it happened, one says not: the vote is safe in every resample.
    clear = bootstrap_intervals(_claims(" ".join(f"s{i}:yes" for i in range(10)) + " liar:no"),
                                "majority_vote", replicates=50, seed=1)
    by = {i.source: i for i in clear}
    assert (by["s0"].trust, by["s0"].low, by["s0"].high) == (1.0, 1.0, 1.0)
    assert (by["liar"].trust, by["liar"].low, by["liar"].high) == (0.0, 0.0, 0.0)
    assert by["liar"].label == "LIAR" and by["liar"].claims == 1 and 0 < by["liar"].draws < 50
    # Two against two (first seen wins the tie): resampling tips the vote either way.
    split = {i.source: i for i in bootstrap_intervals(_claims("a:yes b:yes c:no d:no"), "majority_vote",
                                                      replicates=200, seed=1)}
    assert split["a"].trust == 1.0 and split["a"].low == 0.0 and split["a"].high == 1.0
    assert split["c"].trust == 0.0 and split["c"].high == 1.0
    # Reproducible with a seed, narrower at a lower level, and every method runs.
    again = {i.source: i for i in bootstrap_intervals(_claims("a:yes b:yes c:no d:no"), "majority_vote",
                                                      replicates=200, seed=1)}
    assert again == split
    for method in ("sums", "truthfinder", "accu", "crh"):
        wide = bootstrap_intervals(_claims("a:yes b:yes c:yes d:no"), method, replicates=40, seed=3)
        narrow = bootstrap_intervals(_claims("a:yes b:yes c:yes d:no"), method, replicates=40, seed=3, level=0.5)
        for w, n in zip(wide, narrow, strict=True):
            assert w.low <= n.low <= n.high <= w.high and w.trust == n.trust


def test_bootstrap_intervals_bad_input() -> None:
    with pytest.raises(KGError, match="replicates must be at least 1"):
        bootstrap_intervals(_claims("a:yes"), replicates=0)
    with pytest.raises(KGError, match="level must lie between 0 and 1"):
        bootstrap_intervals(_claims("a:yes"), level=95)
    assert bootstrap_intervals([], "majority_vote") == []
    lone = bootstrap_intervals(_claims("a:yes"), "majority_vote", replicates=5)
    assert lone[0].draws == 5 and not math.isnan(lone[0].low)
