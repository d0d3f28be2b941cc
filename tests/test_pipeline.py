"""Ingest writes on a thread of its own: failures stay per document, an interruption leaves whole
documents only, and the counts are those of what was written."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest

from kg.analyze import statements
from kg.errors import StoreError
from kg.pipeline import ingest
from kg.store import Store

SENTENCES = [
    "The Syrian Observatory for Human Rights said air strikes killed {n} people in Idlib on Tuesday.",
    "Activists said shelling hit a market in Aleppo. The Russian Defence Ministry denied the reports.",
    "Civil defence workers said {n} people were wounded when a car bomb exploded in Azaz.",
]


def _articles(folder: Path, count: int) -> Path:
    path = folder / "articles.jsonl"
    with path.open("w", encoding="utf-8") as handle:
        for n in range(count):
            text = " ".join(s.format(n=n + 3) for s in SENTENCES)
            handle.write(json.dumps({"id": f"article-{n}", "text": text, "outlet": "Reuters",
                                     "date": "2016-10-26"}) + "\n")
    return path


class RefusingStore(Store):
    """A real embedded store that refuses to write one document (as a full disk would)."""

    refused = "article-3"

    def _write(self, quads: list[Any]) -> None:  # where every document's write goes
        if any(q.subject.value.endswith(f"/doc/{self.refused}") for q in quads):
            raise StoreError("no space left on device")
        super()._write(quads)


def test_the_writer_thread_writes_every_document(tmp_path: Path) -> None:
    data = _articles(tmp_path, 12)
    with Store(tmp_path / "store", create=True) as store:
        assert store.concurrent_writes
        report = ingest(store, [data])
        found = statements(store)
    assert report.documents == 12 and not report.errors
    assert report.statements == len(found) > 12
    assert {r["doc"] for r in found} == {f"article-{n}" for n in range(12)}


def test_a_failed_write_loses_that_document_only(tmp_path: Path) -> None:
    data = _articles(tmp_path, 8)
    with RefusingStore(tmp_path / "store", create=True) as store:
        report = ingest(store, [data])
        found = statements(store)
    assert report.documents == 7 and len(report.errors) == 1
    assert "articles.jsonl:4" in str(report.errors[0]) and "no space left" in str(report.errors[0])  # its line
    assert {r["doc"] for r in found} == {f"article-{n}" for n in range(8)} - {"article-3"}
    assert report.statements == len(found)


class RefusingOnceStore(RefusingStore):
    """Refuses its document once (a disk that was full, then freed)."""

    def _write(self, quads: list[Any]) -> None:
        try:
            super()._write(quads)
        except StoreError:
            self.refused = "none any more"
            raise


def test_a_document_whose_write_failed_is_tried_again_when_it_comes_again(tmp_path: Path) -> None:
    """Its id leaves the ids in flight when the write fails, so its repeat is not taken for a
    document the run already has."""
    data = _articles(tmp_path, 8)
    lines = data.read_text(encoding="utf-8").splitlines(keepends=True)
    data.write_text("".join(lines + lines[3:4]), encoding="utf-8")
    with RefusingOnceStore(tmp_path / "store", create=True) as store:
        report = ingest(store, [data])
        found = statements(store)
    assert len(report.errors) == 1 and "no space left" in str(report.errors[0])
    assert report.documents == 8 and report.skipped == 0
    assert {r["doc"] for r in found} == {f"article-{n}" for n in range(8)}


def test_an_interrupted_ingest_leaves_whole_documents_and_resumes(tmp_path: Path) -> None:
    data = _articles(tmp_path, 30)
    with Store(tmp_path / "whole", create=True) as store:
        ingest(store, [data])
        per_doc_whole = _per_document(statements(store))
    seen = []

    def interrupt(document: Any) -> None:
        seen.append(document.id)
        if len(seen) == 10:
            deadline = time.monotonic() + 60  # Ctrl-C once the writer thread has written something
            while not statements(store) and time.monotonic() < deadline:
                time.sleep(0.05)
            raise KeyboardInterrupt

    with Store(tmp_path / "store", create=True) as store:
        with pytest.raises(KeyboardInterrupt):
            ingest(store, [data], on_document=interrupt)
        partial = _per_document(statements(store))
        assert 0 < len(partial) <= 10
        assert all(partial[doc] == per_doc_whole[doc] for doc in partial)  # no half-written document
        report = ingest(store, [data])  # again: the rest go in, nothing twice
        assert report.skipped == len(partial) and report.documents == 30 - len(partial)
        assert _per_document(statements(store)) == per_doc_whole


def _per_document(rows: list[dict[str, Any]]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for row in rows:
        counts[row["doc"]] = counts.get(row["doc"], 0) + 1
    return counts


@pytest.mark.parametrize("workers", [1, 2])
def test_an_id_twice_in_one_run_goes_in_once(tmp_path: Path, workers: int) -> None:
    """kg keeps no list of the ids it has read (its memory would grow with the run), only those in
    flight (read, not yet written): a document read again before its first copy was written is
    skipped by that set, one read after it by the store. The store is asked once per document
    read, at most. The summary's counts come from the run's graph."""
    data = _articles(tmp_path, 6)
    lines = data.read_text(encoding="utf-8").splitlines(keepends=True)
    # the first 4 each followed by a copy (read in the same batch of 2), and one a third time at the end
    data.write_text("".join([line for line in lines[:4] for _ in (1, 2)] + lines[4:] + lines[2:3]), encoding="utf-8")
    with Store(tmp_path / "store", create=True) as store:
        asked = []
        has_document = store.has_document
        store.has_document = lambda iri: asked.append(iri) or has_document(iri)  # type: ignore[method-assign]
        report = ingest(store, [data], workers=workers, batch_size=2)
        assert 0 < len(asked) <= 11  # the lines read; the writer does not ask again
        found = statements(store)
        _, rows = store.select("SELECT (COUNT(DISTINCT ?s) AS ?n) (COUNT(DISTINCT ?p) AS ?m) WHERE { "
                               "?st <http://www.w3.org/ns/prov#wasAttributedTo> ?s "
                               "OPTIONAL { ?st <https://w3id.org/crkg/ns#about> ?p } }")
    assert report.documents == 6 and report.skipped == 5 and not report.errors
    assert report.statements == len(found)
    assert _per_document(found) == {f"article-{n}": len(found) // 6 for n in range(6)}
    assert (report.sources, report.propositions) == (rows[0]["n"], rows[0]["m"]) and report.sources > 1
    assert report.summary().startswith(f"ingested 6 documents: {len(found)} statements, {report.sources} sources, ")


def test_the_ids_in_flight_are_forgotten_once_done() -> None:
    """What keeps ingest's memory flat: an id is held only while a copy of it is in flight."""
    from kg.pipeline import _InFlight

    ids = _InFlight()
    assert not ids.enter("a") and ids.enter("a") and not ids.enter("b")
    ids.leave("a", written=True)  # the first copy went in: the second, still in flight, is a repeat
    assert ids.written("a") and not ids.written("b")
    ids.leave("a", written=False)
    ids.leave("b", written=False)
    assert len(ids) == 0 and not ids.written("a")
    assert not ids.enter("a")  # read again later: a new copy (the store says whether it is there)
    ids.leave("a", written=True)  # alone in flight: nothing to remember
    assert len(ids) == 0 and not ids.written("a")
