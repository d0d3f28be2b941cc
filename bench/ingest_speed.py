"""Ingest and extraction speed against raw spaCy, on the same FA-KES texts, in the same run.

    python bench/ingest_speed.py [--limit N] [--data CSV] [--workers 2] [--batch-size 16] [--rounds 1]
                                 [--skip-ingest]

Baseline: spaCy's English pipeline exactly as shipped (``spacy.load``, every default component),
``nlp.pipe`` over the texts: what spaCy alone costs. Then, on the same texts:

* **extract, 1 process**: ``kg.parallel.extract_stream(workers=1)``: kg's pruned pipeline plus
  statement extraction, in this process;
* **extract, N processes**: the same with ``workers=N`` (the time includes starting the workers
  and loading spaCy in each: a fixed cost of a few seconds, shown as the time to the first result);
* **ingest, 1 process**: ``kg.pipeline.ingest`` into a fresh embedded store: reading, spaCy,
  extraction, resolution, propositions, RDF, transactions, conflict and derivation links;
* **ingest, N processes**, when ``ingest`` takes ``workers``;
* **the kg ingest command**, with ``--workers 1`` and ``--workers N``: ``python -m kg ingest -q``
  as a new process each time, timed whole, as a user sees it (Python, imports, loading spaCy:
  once in one process, in each worker in parallel with N; the progress bar's count; the relink).
  The in-process runs above load the one process's pipeline before the clock (to compare with
  raw spaCy, itself loaded before the clock), while the N-process runs start their workers and
  load spaCy within it, so their ratio charges that start to N processes alone; the commands'
  ratio charges it to both.

Words are counted with ``str.split`` on the document texts. Every run starts from a freshly
loaded pipeline, as a new ``kg ingest`` process does (spaCy's caches of words and lemmas fill as
it goes); in-process pipelines are loaded before the clock starts. Prints words per second of
each run and, at the end, ratios of the best of ``--rounds`` interleaved rounds (on a shared
machine, noise only ever slows a run down). One-process runs also show their CPU time, which
other work on the machine hardly changes, and the CPU ratio against raw spaCy. Targets: ingest at least the raw rate; N=2 processes
at least 1.7x one (both ratios are printed: in-process, and the commands').
"""

from __future__ import annotations

import argparse
import inspect
import itertools
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from gold_tool import fakes_path  # noqa: E402

from kg import nlp, resources  # noqa: E402
from kg.parallel import extract_stream  # noqa: E402
from kg.pipeline import ingest  # noqa: E402
from kg.read import read  # noqa: E402
from kg.store import Store  # noqa: E402
from kg.types import Document  # noqa: E402


class Clock:
    """Wall time, and CPU time of this process (which other work on the machine hardly changes)."""

    def __enter__(self) -> Clock:
        self.wall, self.cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *_: object) -> None:
        self.wall, self.cpu = time.perf_counter() - self.wall, time.process_time() - self.cpu


def raw_spacy(texts: list[str], batch_size: int) -> Clock:
    import spacy

    pipeline = spacy.load(nlp.model_name())
    list(pipeline.pipe(["Warm up the pipeline, the bench said."]))
    with Clock() as clock:
        for _ in pipeline.pipe(texts, batch_size=batch_size):
            pass
    return clock


def fresh_pipeline() -> None:
    """Load kg's pipeline anew (outside the clock), so that no run inherits another's caches."""
    nlp.load.cache_clear()
    list(nlp.load().pipe(["Warm up the pipeline, the bench said."]))


def extraction(docs: list[Document], workers: int, batch_size: int) -> tuple[Clock, float, int]:
    """The clock, seconds to the first result, statements."""
    words = resources.event_words()
    if workers == 1:
        fresh_pipeline()
    first: float | None = None
    statements = 0
    start = time.perf_counter()
    with Clock() as clock:
        for _, outcome in extract_stream(docs, words, workers=workers, batch_size=batch_size):
            if isinstance(outcome, Exception):
                raise outcome
            first = first or time.perf_counter()
            statements += len(outcome)
    return clock, (first or time.perf_counter()) - start, statements


def kg_ingest(docs: list[Document], **options: Any) -> tuple[Clock, Any]:
    fresh_pipeline()
    with tempfile.TemporaryDirectory() as folder:
        subset = write_jsonl(docs, Path(folder))
        with Store(Path(folder) / "store", create=True) as store, Clock() as clock:
            report = ingest(store, [subset], **options)
        return clock, report


def kg_command(docs: list[Document], workers: int) -> Clock:
    """``python -m kg ingest -q --workers N`` on the documents into a new store, as a new process,
    timed whole (wall clock only: the workers are the forkserver's children, not ours)."""
    with tempfile.TemporaryDirectory() as folder:
        subset = write_jsonl(docs, Path(folder))
        command = [sys.executable, "-m", "kg", "--store", str(Path(folder) / "store"), "ingest", "-q",
                   "--workers", str(workers), str(subset)]
        with Clock() as clock:
            done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
        if done.returncode != 0:
            raise SystemExit(f"{' '.join(command)} failed ({done.returncode}):\n{done.stderr[-2000:]}")
        return clock


def write_jsonl(docs: list[Document], folder: Path) -> Path:
    subset = folder / "docs.jsonl"
    subset.write_text("".join(json.dumps({"id": d.id, "title": d.title, "text": d.text, "outlet": d.outlet,
                                          "date": d.date.isoformat() if d.date else ""}) + "\n"
                              for d in docs), encoding="utf-8")
    return subset


def one_round(docs: list[Document], args: argparse.Namespace) -> dict[str, tuple[float, float | None]]:
    """(wall, CPU) seconds of each measurement (CPU for one process only); prints them as they come."""
    words = sum(len(d.text.split()) for d in docs)
    n = args.workers
    times: dict[str, tuple[float, float | None]] = {}

    def show(label: str, clock: Clock, note: str = "", cpu: bool = True) -> None:
        times[label] = (clock.wall, clock.cpu if cpu else None)
        cpu_text = f"{clock.cpu:7.1f} s CPU" if cpu else " " * 13
        print(f"  {label:<22} {clock.wall:7.1f} s {words / clock.wall:8.0f} words/s {cpu_text}{note}", flush=True)

    show("raw spaCy", raw_spacy([d.text for d in docs], args.batch_size))
    one, _, found = extraction(docs, 1, args.batch_size)
    show("extract, 1 process", one, f"   ({found} statements)")
    many, first, found_many = extraction(docs, n, args.batch_size)
    show(f"extract, {n} processes", many, f"   (first result after {first:.1f} s: workers start, load spaCy)", cpu=False)
    if found_many != found:
        print(f"  ! {found_many} statements with {n} processes, {found} with 1")
    if not args.skip_ingest:
        clock, report = kg_ingest(docs)
        show("ingest, 1 process", clock, f"   ({report.statements} statements)")
        if "workers" in inspect.signature(ingest).parameters:
            show(f"ingest, {n} processes", kg_ingest(docs, workers=n)[0], cpu=False)
        if not args.skip_commands:
            for workers in (1, n):
                show(f"kg ingest --workers {workers}", kg_command(docs, workers), "   (the whole command)", cpu=False)
    print(f"  load {os.getloadavg()[0]:.2f}", flush=True)
    return times


def summary(rounds: list[dict[str, tuple[float, float | None]]], words: int, n: int) -> None:
    """Ratios of the best time of each measurement over the rounds (noise only ever slows down)."""
    wall = {label: min(r[label][0] for r in rounds) for label in rounds[0]}
    cpu = {label: min(r[label][1] or 0 for r in rounds) for label in rounds[0] if rounds[0][label][1] is not None}
    print(f"best of {len(rounds)} round(s), rates against raw spaCy (wall clock; CPU time of one process):")
    for label in wall:
        text = f"  {label:<22} {words / wall[label]:8.0f} words/s  {wall['raw spaCy'] / wall[label]:5.2f}x"
        if label in cpu:
            text += f"   CPU {cpu['raw spaCy'] / cpu[label]:5.2f}x"
        print(text)
    for many, one in ((f"extract, {n} processes", "extract, 1 process"), (f"ingest, {n} processes", "ingest, 1 process"),
                      (f"kg ingest --workers {n}", "kg ingest --workers 1")):
        if many in wall and one in wall:
            print(f"  {many} / {one}: {wall[one] / wall[many]:.2f}x (wall clock)")


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--limit", type=int, default=None, help="only the first N documents")
    parser.add_argument("--data", default=None, help="the FA-KES CSV (default ../shared/data/fa-kes/...)")
    parser.add_argument("--workers", type=int, default=2, help="processes for the parallel runs (default 2)")
    parser.add_argument("--batch-size", type=int, default=16, help="documents per batch (default 16)")
    parser.add_argument("--rounds", type=int, default=1, help="repeat every measurement, interleaved (default 1)")
    parser.add_argument("--skip-ingest", action="store_true", help="measure extraction only")
    parser.add_argument("--skip-commands", action="store_true", help="leave out the kg ingest commands")
    args = parser.parse_args(list(argv) if argv is not None else None)
    path = Path(args.data) if args.data else fakes_path()
    docs = list({d.id: d for d in itertools.islice(read([path]), args.limit) if isinstance(d, Document)}.values())
    words = sum(len(d.text.split()) for d in docs)
    print(f"documents {len(docs)}, words {words}, model {nlp.model_version()}, cpus {os.cpu_count()}, "
          f"batch size {args.batch_size}, load {os.getloadavg()[0]:.2f} at start")
    rounds = []
    for k in range(args.rounds):
        print(f"round {k + 1}:")
        rounds.append(one_round(docs, args))
    summary(rounds, words, args.workers)
    return 0


if __name__ == "__main__":
    sys.exit(main())
