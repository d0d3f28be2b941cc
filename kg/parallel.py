"""Extraction at scale: in this process, in a pool of local processes, or on a Dask cluster.

:func:`extract_stream` reads its documents lazily, in batches, and keeps at most ``max_pending``
batches in flight, so memory stays flat however many documents come in. It yields every input
document exactly once, with its statements or with the exception that stopped its extraction: a
batch that fails is retried one document at a time, so one bad document fails alone. Results come
out in the order they are finished, not in input order.

* ``workers=1`` (the default): in this process; the spaCy pipeline is reloaded every
  :data:`RECYCLE_BATCHES` batches, its memory handed back, for the same reason as below.
* ``workers=N``: a pool of N processes on this machine (started by ``forkserver`` where there is
  one, else ``spawn``: never a bare ``fork`` of a process that may run threads); each loads spaCy
  once, and the pool is replaced by a fresh one every :data:`RECYCLE_BATCHES` batches per worker,
  so that the workers' memory stays flat on an endless stream. A worker that dies (killed, out of
  memory) breaks the pool: a new pool takes over and the batches that were in flight are retried
  one document at a time.
* ``scheduler="tcp://HOST:8786"``: a Dask distributed cluster (``pip install 'kg[dask]'``);
  workers return statements, and each worker process loads spaCy once (module-level cache).
  One thread per worker process is the useful setting (``--nthreads 1``): the parser holds the
  interpreter lock, so threads of one process take turns.
"""

from __future__ import annotations

import functools
import itertools
import multiprocessing
import os
import pickle
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Protocol

from .errors import KGError
from .types import Document, Statement

Outcome = list[Statement] | Exception
Result = tuple[Document, Outcome]

#: Tries of one document when its worker died under it (a worker killed by another document).
MAX_ATTEMPTS = 3
#: Batches per worker after which a pool is replaced by a fresh one (4,000 documents at the default
#: batch size): spaCy keeps a lexeme for every new word it meets, so a long-lived worker grows
#: with the stream; a fresh one starts from the loaded model again. (Not ``max_tasks_per_child``:
#: it deadlocks on Python 3.11–3.13, cpython issue 115634.)
RECYCLE_BATCHES = 250


class ParallelError(KGError):
    """Parallel extraction cannot run: bad settings, Dask missing, a scheduler out of reach."""


class ExtractionError(KGError):
    """Extraction of a document failed in a worker, with an error that could not travel back as is."""


def extract_stream(documents: Iterable[Document], words: set[str] | frozenset[str], *, workers: int = 1,
                   scheduler: str | None = None, batch_size: int = 16,
                   max_pending: int | None = None) -> Iterator[Result]:
    """Each document with its statements (or the exception that stopped it), as they finish.

    ``words`` are the lemmas that name events (:func:`kg.resources.event_words`). ``max_pending``
    bounds the batches in flight (default: twice the workers, or twice the Dask cluster's threads).
    """
    if workers < 1:
        raise ParallelError(f"workers must be at least 1, not {workers}")
    if batch_size < 1:
        raise ParallelError(f"batch_size must be at least 1, not {batch_size}")
    if max_pending is not None and max_pending < 1:
        raise ParallelError(f"max_pending must be at least 1, not {max_pending}")
    if scheduler and workers > 1:
        raise ParallelError("give either workers (local processes) or a Dask scheduler, not both")
    batches = _batches(documents, batch_size)
    frozen = frozenset(words)
    if scheduler:
        _require_dask()
        return _stream(lambda: _DaskBackend(scheduler), batches, frozen, max_pending)
    if workers == 1:
        return _in_process(batches, frozen)
    return _stream(lambda: _PoolBackend(workers), batches, frozen, max_pending)


def extract_batch(batch: list[Document], words: frozenset[str]) -> list[Outcome]:
    """The statements of each document, through one ``nlp.pipe``; one by one if the batch fails."""
    from .extract import extract_many

    try:
        return [statements for _, statements in extract_many(batch, words)]
    except Exception:
        return [_extract_one(document, words) for document in batch]


def _extract_one(document: Document, words: frozenset[str]) -> Outcome:
    from .extract import extract_many

    try:
        return [statements for _, statements in extract_many([document], words)][0]
    except Exception as exc:
        return exc


def _batches(documents: Iterable[Document], size: int) -> Iterator[list[Document]]:
    iterator = iter(documents)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


def _in_process(batches: Iterator[list[Document]], words: frozenset[str]) -> Iterator[Result]:
    for n, batch in enumerate(batches, 1):
        yield from zip(batch, extract_batch(batch, words), strict=True)
        if n % RECYCLE_BATCHES == 0:
            reload_pipeline()


def reload_pipeline() -> None:
    """Replace this process's spaCy pipeline by a freshly loaded one and hand the old one's memory
    back (the in-process counterpart of recycling a pool of workers)."""
    from . import nlp

    nlp.load.cache_clear()
    _hand_back_memory()
    nlp.load()


def _hand_back_memory() -> None:
    """Collect garbage, then ask the C allocator to return its free pages to the system (glibc's
    ``malloc_trim``; elsewhere only the collection). Without it, the memory of a dropped pipeline
    stays in the process, and resident memory creeps up on a long stream."""
    import gc

    gc.collect()
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@functools.cache
def _malloc_trim() -> Any:
    """glibc's ``malloc_trim`` from the symbols already loaded in this process, or None."""
    import ctypes

    return getattr(ctypes.CDLL(None), "malloc_trim", None)


# ---------------------------------------------------------------------------------- in a worker
_WORKER_LOCK = threading.Lock()  # one extraction at a time per process (a Dask worker may have threads)


def work(batch: list[Document], words: frozenset[str]) -> list[Outcome]:
    """What a worker process runs: :func:`extract_batch`, with errors made fit to travel back."""
    from . import nlp

    with _WORKER_LOCK:
        nlp.load()  # once per process: the pipeline is cached in the module
        return [_portable(outcome) if isinstance(outcome, Exception) else outcome
                for outcome in extract_batch(batch, words)]


def _start_worker() -> None:
    """Pool initializer: one BLAS thread per worker (the workers share the cores), then spaCy."""
    from . import nlp

    for variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(variable, "1")
    nlp.load()


def _portable(exc: Exception) -> Exception:
    """``exc`` if it survives pickling, else an :class:`ExtractionError` that tells what it was."""
    try:
        pickle.loads(pickle.dumps(exc))
    except Exception:
        return ExtractionError(f"{type(exc).__name__}: {exc}")
    return exc


# ---------------------------------------------------------------------------------- backends
class _Backend(Protocol):
    def default_pending(self) -> int: ...
    def submit(self, batch: list[Document], words: frozenset[str]) -> Any: ...
    def first_done(self, pending: dict[Any, Any]) -> list[Any]: ...
    def result(self, future: Any) -> list[Outcome]: ...
    def transient(self, exc: BaseException) -> bool: ...
    def close(self) -> None: ...


class _PoolBackend:
    """A :class:`ProcessPoolExecutor`, replaced by a new one when a worker dies."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self._pool = self._new_pool()
        self._done_by_pool = 0  # batches finished by the current pool
        self._submitted = 0  # batches given to the current pool
        self._fruitless = 0  # pools in a row that broke before finishing a batch

    def default_pending(self) -> int:
        return 2 * self.workers

    def _new_pool(self) -> ProcessPoolExecutor:
        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
        return ProcessPoolExecutor(self.workers, mp_context=context, initializer=_start_worker)

    def submit(self, batch: list[Document], words: frozenset[str]) -> Future[list[Outcome]]:
        if self._submitted >= RECYCLE_BATCHES * self.workers:
            self._pool.shutdown(wait=True)  # the batches in flight finish; their futures keep the results
            self._pool, self._done_by_pool, self._submitted = self._new_pool(), 0, 0
        self._submitted += 1
        try:
            return self._pool.submit(work, batch, words)
        except BrokenProcessPool:
            self._fruitless = 0 if self._done_by_pool else self._fruitless + 1
            if self._fruitless > MAX_ATTEMPTS + 1:
                raise ParallelError("the worker processes die before finishing any work "
                                    "(can they import kg and load the spaCy model?)") from None
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool, self._done_by_pool = self._new_pool(), 0
            return self._pool.submit(work, batch, words)

    def first_done(self, pending: dict[Any, Any]) -> list[Any]:
        done, _ = wait(pending, return_when=FIRST_COMPLETED)
        return list(done)

    def result(self, future: Future[list[Outcome]]) -> list[Outcome]:
        outcomes = future.result()
        self._done_by_pool += 1
        return outcomes

    def transient(self, exc: BaseException) -> bool:
        return isinstance(exc, BrokenProcessPool)

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


class _DaskBackend:
    """A ``distributed.Client`` on the scheduler at ``address``; futures come back as completed."""

    def __init__(self, address: str) -> None:
        from distributed import Client, as_completed

        try:
            self.client = Client(address, timeout="20s", set_as_default=False)
        except (OSError, TimeoutError, ValueError) as exc:
            raise ParallelError(f"cannot reach the Dask scheduler at {address}: {exc}") from exc
        self._completed = as_completed(loop=self.client.loop)

    def default_pending(self) -> int:
        return max(2, 2 * sum(self.client.nthreads().values()))

    def submit(self, batch: list[Document], words: frozenset[str]) -> Any:
        future = self.client.submit(work, batch, words, pure=False)
        self._completed.add(future)
        return future

    def first_done(self, pending: dict[Any, Any]) -> list[Any]:
        return [next(self._completed)]

    def result(self, future: Any) -> list[Outcome]:
        try:
            return future.result()
        finally:
            future.release()

    def transient(self, exc: BaseException) -> bool:
        return False  # Dask already retries tasks whose worker died

    def close(self) -> None:
        self.client.close()


def _require_dask() -> None:
    try:
        import distributed  # noqa: F401
    except ImportError as exc:
        raise ParallelError("extraction on a Dask cluster needs Dask's distributed scheduler: "
                            "pip install 'kg[dask]'") from exc


def _stream(start: Callable[[], _Backend], batches: Iterator[list[Document]], words: frozenset[str],
            max_pending: int | None) -> Iterator[Result]:
    """Keep up to ``max_pending`` batches in flight; yield each document as its batch finishes.

    The backend starts on the first ``next()`` and stops when the stream ends or is closed.
    """
    backend = start()
    try:
        max_pending = max_pending or backend.default_pending()
        pending: dict[Any, tuple[list[Document], int]] = {}
        retry: deque[tuple[list[Document], int]] = deque()  # (documents, attempts so far)
        exhausted = False
        while True:
            while len(pending) < max_pending and (retry or not exhausted):
                if retry:
                    batch, attempts = retry.popleft()
                else:
                    batch, attempts = next(batches, []), 0
                    if not batch:
                        exhausted = True
                        continue
                try:
                    pending[backend.submit(batch, words)] = (batch, attempts)
                except ParallelError:
                    raise
                except Exception as exc:  # the batch cannot even be sent (a document fails to pickle)
                    yield from _failed(batch, attempts + 1, exc, backend, retry)
            if not pending:
                if retry:
                    continue
                return
            for future in backend.first_done(pending):
                batch, attempts = pending.pop(future)
                try:
                    outcomes = backend.result(future)
                except ParallelError:
                    raise
                except Exception as exc:
                    yield from _failed(batch, attempts + 1, exc, backend, retry)
                else:
                    yield from zip(batch, outcomes, strict=True)
    finally:
        backend.close()


def _failed(batch: list[Document], attempts: int, exc: Exception, backend: _Backend,
            retry: deque[tuple[list[Document], int]]) -> Iterator[Result]:
    """A batch failed as a whole: retry its documents one by one; a lone document fails for good."""
    if len(batch) > 1:
        retry.extend(([document], attempts) for document in batch)
    elif backend.transient(exc) and attempts < MAX_ATTEMPTS:
        retry.append((batch, attempts))
    else:
        yield batch[0], exc
