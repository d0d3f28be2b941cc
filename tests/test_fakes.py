"""A slice of FA-KES end to end: the CSV as it is, outlets, statements, and no crash."""

from __future__ import annotations

import itertools
from pathlib import Path

from click.testing import CliRunner

from kg.analyze import statements
from kg.cli import cli
from kg.store import Store


def test_fakes_slice_ingests(fakes_csv: Path, tmp_path: Path) -> None:
    # The first 40 rows, written at test time (the data set stays outside the project).
    with open(fakes_csv, encoding="utf-8", newline="") as handle:
        lines = list(itertools.islice(handle, 0, 400))
    import csv
    import io

    rows = list(itertools.islice(csv.reader(io.StringIO("".join(lines))), 41))
    sample = tmp_path / "sample.csv"
    with open(sample, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    store_path = tmp_path / "store"
    result = CliRunner().invoke(cli, ["--store", str(store_path), "ingest", "-q", str(sample)])
    assert result.exit_code == 0, result.output
    assert "ingested 40 documents" in result.output
    with Store(store_path) as store:
        found = statements(store)
        assert len(found) > 100
        assert {r["doc"] for r in found} <= {r[0] for r in rows[1:]}
        assert {r["outlet"] for r in found} - {None}  # outlets come from the source column
        assert any(r["speaker"] == "Syrian Observatory for Human Rights" for r in found)
