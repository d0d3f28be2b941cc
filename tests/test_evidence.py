"""kg.evidence fetches in steps exactly the rows the one-query reference versions return."""

from __future__ import annotations

import csv
import itertools
from pathlib import Path

import pytest

from kg import evidence, resources
from kg.pipeline import ingest
from kg.store import Store

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
STEPS = {"denials": evidence.denial_rows, "conflicts": evidence.conflict_rows,
         "corroborations": evidence.corroboration_rows}


@pytest.fixture(scope="module")
def mixed_store(fakes_csv: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed and the first 150 FA-KES articles (written to a temporary CSV at test time)."""
    folder = tmp_path_factory.mktemp("evidence")
    with open(fakes_csv, encoding="utf-8", newline="") as handle:
        rows = list(itertools.islice(csv.reader(handle), 151))
    sample = folder / "fakes150.csv"
    with open(sample, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
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
