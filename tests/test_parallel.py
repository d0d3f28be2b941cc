"""Parallel extraction (kg.parallel): a process pool and a Dask LocalCluster give the statements
that extraction in this process gives, each document exactly once; a document that fails comes
out with its error while the others go through; input is read lazily, with bounded work in flight."""

from __future__ import annotations

import itertools
import multiprocessing
import os
import pickle
import signal
import sys
import threading
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kg import resources
from kg.parallel import ParallelError, extract_stream
from kg.read import read
from kg.types import Document, Statement

from .conftest import SEEDS

Key = tuple[str, int, int, str, str, str]


def keys(results: list[tuple[Document, Any]]) -> set[Key]:
    """(doc id, start, end, cue, stance, speaker text) of every statement extracted."""
    return {(d.id, s.start, s.end, s.cue, s.stance, s.speaker.text)
            for d, outcome in results if not isinstance(outcome, Exception) for s in outcome}


def too_long() -> Document:
    """A real failure: a scraped page longer than spaCy's max_length (the tokenizer refuses it)."""
    return Document(id="too-long", text="Officials said the strike hit a market. " * 26_000, origin="huge.txt")


def unpicklable() -> Document:
    """A document that cannot travel to a worker: a lock where its origin should be."""
    return Document(id="unpicklable", text="The ministry said the strike hit a market.",
                    origin=threading.Lock())  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def documents(fakes_csv: Path) -> list[Document]:
    """The seed article and the first 19 FA-KES articles."""
    fakes = (d for d in read([fakes_csv]) if isinstance(d, Document))
    docs = [d for d in read([SEEDS]) if isinstance(d, Document)] + list(itertools.islice(fakes, 19))
    assert len(docs) == 20
    return docs


@pytest.fixture(scope="module")
def words() -> frozenset[str]:
    return frozenset(resources.event_words())


@pytest.fixture(scope="module")
def reference(documents: list[Document], words: frozenset[str]) -> set[Key]:
    """What today's in-process extraction (extract_many) finds in the documents."""
    from kg.extract import extract_many

    found = keys(list(extract_many(documents, words)))
    assert len({k[0] for k in found}) >= 15  # most articles have statements
    return found


@pytest.fixture(scope="module")
def cluster() -> Iterator[str]:
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as local:
        yield local.scheduler_address


def check(results: list[tuple[Document, Any]], sent: list[Document], reference: set[Key],
          failing: set[str]) -> None:
    """Each document exactly once; the failing ones with an exception, the others as in-process."""
    assert Counter(d.id for d, _ in results) == Counter(d.id for d in sent)
    errors = {d.id for d, outcome in results if isinstance(outcome, Exception)}
    assert errors == failing
    assert all(isinstance(outcome, list) for d, outcome in results if d.id not in failing)
    assert keys(results) == reference


@pytest.mark.slow
def test_documents_and_statements_pickle(documents: list[Document], words: frozenset[str]) -> None:
    from kg.extract import extract_many

    (document, statements), = extract_many(documents[:1], words)
    assert statements and all(isinstance(s, Statement) for s in statements)
    assert pickle.loads(pickle.dumps((document, statements))) == (document, statements)


@pytest.mark.slow
def test_in_process(documents: list[Document], words: frozenset[str], reference: set[Key]) -> None:
    sent = documents[:7] + [too_long()] + documents[7:]
    results = list(extract_stream(sent, words, batch_size=4))
    check(results, sent, reference, {"too-long"})
    error = dict(results)[sent[7]]
    assert isinstance(error, ValueError) and "E088" in str(error)


@pytest.mark.slow
def test_two_processes(documents: list[Document], words: frozenset[str], reference: set[Key]) -> None:
    sent = documents[:5] + [too_long()] + documents[5:12] + [unpicklable()] + documents[12:]
    results = list(extract_stream(sent, words, workers=2, batch_size=3))
    check(results, sent, reference, {"too-long", "unpicklable"})
    outcomes = {d.id: outcome for d, outcome in results}
    assert "E088" in str(outcomes["too-long"]) and "pickle" in str(outcomes["unpicklable"])


@pytest.mark.slow
def test_workers_are_recycled(documents: list[Document], words: frozenset[str], reference: set[Key],
                              monkeypatch: pytest.MonkeyPatch) -> None:
    """Every RECYCLE_BATCHES batches per worker a fresh pool takes over; nothing is lost or doubled."""
    from kg import parallel

    pids: list[set[int]] = []  # per pool, the worker processes it ran
    new_pool, submit = parallel._PoolBackend._new_pool, parallel._PoolBackend.submit

    def counted(self):  # type: ignore[no-untyped-def]
        pids.append(set())
        return new_pool(self)

    def submitted(self, batch, words):  # type: ignore[no-untyped-def]
        future = submit(self, batch, words)
        pids[-1].update(self._pool._processes or ())
        return future

    monkeypatch.setattr(parallel, "RECYCLE_BATCHES", 2)
    monkeypatch.setattr(parallel._PoolBackend, "_new_pool", counted)
    monkeypatch.setattr(parallel._PoolBackend, "submit", submitted)
    sent = documents[:16]
    results = list(extract_stream(sent, words, workers=2, batch_size=2))  # 8 batches: 2 pools of 4
    check(results, sent, {k for k in reference if k[0] in {d.id for d in sent}}, set())
    assert len(pids) == 2 and pids[0] and pids[1] and pids[0].isdisjoint(pids[1])  # fresh processes


def test_in_process_pipeline_is_reloaded(documents: list[Document], words: frozenset[str], reference: set[Key],
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """In one process the spaCy pipeline is replaced every RECYCLE_BATCHES batches (its vocabulary
    grows with every new word); the statements are those of an unbroken run."""
    from kg import nlp, parallel

    monkeypatch.setattr(parallel, "RECYCLE_BATCHES", 3)
    pipelines: list[Any] = []  # held, so that no two share an id
    sent = documents[:12]
    results = []
    for result in extract_stream(sent, words, batch_size=2):  # 6 batches: reloaded after the 3rd and 6th
        results.append(result)
        pipelines.append(nlp.load())
    check(results, sent, {k for k in reference if k[0] in {d.id for d in sent}}, set())
    assert [len({id(p) for p in pipelines[i:i + 6]}) for i in (0, 6)] == [1, 1]
    assert pipelines[0] is not pipelines[6] and nlp.load() is not pipelines[6]


@pytest.mark.slow
def test_dask_local_cluster(cluster: str, documents: list[Document], words: frozenset[str],
                            reference: set[Key]) -> None:
    sent = documents[:5] + [too_long()] + documents[5:12] + [unpicklable()] + documents[12:]
    results = list(extract_stream(sent, words, scheduler=cluster, batch_size=3))
    check(results, sent, reference, {"too-long", "unpicklable"})
    assert "E088" in str(dict(results)[sent[5]])


@pytest.mark.slow
def test_a_killed_worker_loses_nothing(documents: list[Document], words: frozenset[str],
                                       reference: set[Key]) -> None:
    """A worker killed mid-run breaks the pool; a new one finishes, every document exactly once."""
    killed: list[int] = []
    before = {p.pid for p in multiprocessing.active_children()}  # a Dask cluster's, say

    def feed() -> Iterator[Document]:
        for i, document in enumerate(documents):
            if i == 12:  # batches are in flight: kill one worker process for real
                worker = next(p for p in multiprocessing.active_children() if p.pid not in before)
                os.kill(worker.pid, signal.SIGKILL)  # type: ignore[arg-type]
                killed.append(worker.pid)  # type: ignore[arg-type]
            yield document

    results = list(extract_stream(feed(), words, workers=2, batch_size=3, max_pending=2))
    assert killed
    check(results, documents, reference, set())


def short_documents(documents: list[Document], pulled: list[int]) -> Iterator[Document]:
    """10,000 one-sentence documents cut from real articles; counts how many were read."""
    sentences = [s.strip() + "." for d in documents for s in d.text.split(". ") if len(s.split()) > 5]
    for i, sentence in enumerate(itertools.islice(itertools.cycle(sentences), 10_000)):
        pulled[0] += 1
        yield Document(id=f"s{i}", text=sentence)


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["in-process", "2 processes", "dask"])
def test_input_is_read_lazily(mode: str, request: pytest.FixtureRequest, documents: list[Document],
                              words: frozenset[str]) -> None:
    settings: dict[str, Any] = {"workers": 2} if mode == "2 processes" else {}
    if mode == "dask":
        settings["scheduler"] = request.getfixturevalue("cluster")
    batch_size, max_pending = 4, 2
    pulled = [0]
    stream = extract_stream(short_documents(documents, pulled), words, batch_size=batch_size,
                            max_pending=max_pending, **settings)
    assert pulled[0] == 0  # nothing is read before the first result is asked for
    seen: set[str] = set()
    for document, outcome in stream:
        assert isinstance(outcome, list) and document.id not in seen
        seen.add(document.id)
        if len(seen) == 1:
            assert pulled[0] == (batch_size if mode == "in-process" else batch_size * max_pending)
        # never more than max_pending batches read and not yet given back
        assert pulled[0] - len(seen) < batch_size * max_pending
        if len(seen) == 40:
            break
    stream.close()  # type: ignore[attr-defined]
    assert pulled[0] <= 40 + batch_size * max_pending


def test_bad_settings_are_clear_errors() -> None:
    docs = [Document(id="a", text="The ministry said so.")]
    for settings, message in [({"workers": 0}, "workers must be at least 1"),
                              ({"batch_size": 0}, "batch_size must be at least 1"),
                              ({"max_pending": 0}, "max_pending must be at least 1"),
                              ({"workers": 2, "scheduler": "tcp://127.0.0.1:8786"}, "not both")]:
        with pytest.raises(ParallelError, match=message):
            extract_stream(docs, set(), **settings)
    with pytest.raises(ParallelError, match="cannot reach the Dask scheduler at nonsense://x"):
        list(extract_stream(docs, set(), scheduler="nonsense://x"))


def test_without_dask_the_error_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)  # as if Dask were not installed
    with pytest.raises(ParallelError, match=r"pip install 'kg\[dask\]'"):
        extract_stream([], set(), scheduler="tcp://127.0.0.1:8786")


def test_an_error_that_cannot_travel_back_is_told_as_text() -> None:
    from kg.parallel import ExtractionError, _portable

    error = RuntimeError("the parser gave up", threading.Lock())  # a lock does not pickle
    with pytest.raises(TypeError):
        pickle.dumps(error)
    portable = _portable(error)
    assert isinstance(portable, ExtractionError) and str(portable).startswith("RuntimeError: ('the parser gave up'")
    assert pickle.loads(pickle.dumps(portable)).args == portable.args
    plain = ValueError("[E088] too long")
    assert _portable(plain) is plain
