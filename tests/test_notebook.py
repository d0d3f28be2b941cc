"""The notebooks run top to bottom, from a directory that is not the checkout."""

from __future__ import annotations

import os
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from .conftest import ROOT


def test_explore_notebook_runs(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("KG_STORE", str(tmp_path / "store"))
    notebook = nbformat.read(ROOT / "notebooks" / "explore.ipynb", as_version=4)
    NotebookClient(notebook, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(tmp_path)}}).execute()
    outputs = "\n".join(
        str(o.get("text", "")) + str(o.get("data", {}).get("text/plain", ""))
        for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs
    )
    assert "ingested 1 documents" in outputs
    assert "airstrike in Idlib by Russia" in outputs
    assert "Local Coordination Committees" in outputs
    assert os.listdir(tmp_path / "store")  # the store went where KG_STORE said
