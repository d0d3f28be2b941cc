"""How long the relink after an ingest takes: only what the run can change, against relinking the
whole store, in the same run, and whether both store the same links graph.

    python bench/relink_speed.py STORE [--articles 100] [--start 0] [--in-place]

STORE is a kg store, typically the one ``python bench/query_speed.py --sizes 1000000 --keep
--workdir DIR --tasks disputed`` leaves at ``DIR/1000000/store`` (1 M synthetic statements). It
is copied first (next to it, ``STORE-relink``) unless ``--in-place``. If its stored findings are
not this kg's, it is relinked whole first. Then ``--articles`` FA-KES articles from row
``--start`` (``$KG_SHARED_DIR`` or ``../shared``) are ingested, whose relink is incremental
(:func:`kg.pipeline.relink` with the run's graph), and the whole store is relinked again: the
baseline. Each relink is timed by step (copies, specializations, affected propositions,
findings), and the two links graphs are compared triple for triple.

With ``--cut-short``, a run of ``--articles`` articles is ingested first with its relink
interrupted (as by Ctrl-C: the run stays pending), and the measured run is the next
``--articles`` articles, whose relink takes in both runs.
"""

from __future__ import annotations

import argparse
import csv
import os
import shutil
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg import analyze, pipeline, relays  # noqa: E402
from kg.store import LINKS_GRAPH, Store  # noqa: E402

STEPS = (("near_duplicates", "copies", relays), ("stored_propositions", "specializations", pipeline),
         ("affected_propositions", "affected", pipeline), ("findings_triples", "findings", analyze))


def timed_steps() -> dict[str, float]:
    """Wrap each step of the relink (and the relink) to add its seconds to the returned dict."""
    seconds: dict[str, float] = defaultdict(float)

    def wrap(module: Any, name: str, key: str) -> None:
        original: Callable[..., Any] = getattr(module, name)

        def wrapper(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                seconds[key] += time.perf_counter() - start

        setattr(module, name, wrapper)

    for name, key, module in STEPS:
        wrap(module, name, key)
    wrap(pipeline, "relink", "relink")
    return seconds


def line(what: str, seconds: dict[str, float]) -> str:
    steps = " + ".join(f"{key} {seconds[key]:.1f}" for _, key, _ in STEPS)
    other = seconds["relink"] - sum(seconds[key] for _, key, _ in STEPS)
    return f"{what:<26} {seconds['relink']:8.1f} s  ({steps} + other {other:.1f})"


def fakes_part(start: int, count: int, folder: Path) -> Path:
    shared = Path(os.environ.get("KG_SHARED_DIR", ROOT.parent / "shared"))
    source = shared / "data" / "fa-kes" / "FA-KES-Dataset.csv"
    if not source.exists():
        sys.exit(f"{source} is not here (set KG_SHARED_DIR to the folder holding data/)")
    with open(source, encoding="utf-8", errors="replace", newline="") as handle:
        rows = list(csv.reader(handle))
    part = folder / f"fakes-{start}-{start + count}.csv"
    with open(part, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([rows[0], *rows[1 + start:1 + start + count]])
    return part


def working_copy(source: Path, copy: Path) -> Path:
    """Copy a store (or its oxigraph folder) to ``copy``, which must not exist yet (``--in-place``
    uses the original instead)."""
    if copy.exists():
        sys.exit(f"{copy} exists: remove it, or use it with --in-place")
    start = time.perf_counter()
    shutil.copytree(source, copy)
    print(f"copied {source} to {copy} in {time.perf_counter() - start:.0f} s", flush=True)
    return copy


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("store", type=Path, help="a kg store (copied first, unless --in-place)")
    parser.add_argument("--articles", type=int, default=100, help="FA-KES articles to ingest")
    parser.add_argument("--start", type=int, default=0, help="first FA-KES row to ingest")
    parser.add_argument("--in-place", action="store_true", help="ingest into STORE itself")
    parser.add_argument("--cut-short", action="store_true",
                        help="first ingest a run whose relink is interrupted (see above)")
    args = parser.parse_args()
    path = args.store if args.in_place else working_copy(args.store, args.store.with_name(args.store.name + "-relink"))
    seconds = timed_steps()
    with Store(path) as store, tempfile.TemporaryDirectory() as folder:
        print(f"{len(store):,} triples; {os.cpu_count()} cpus, load {os.getloadavg()[0]:.2f}", flush=True)
        if not analyze.findings_current(store):
            pipeline.relink(store)
            print(line("whole relink (first)", seconds), flush=True)
            seconds.clear()
        first = args.start
        if args.cut_short:
            first += args.articles
            relink = pipeline.relink

            def interrupted(*_: Any, **__: Any) -> Any:
                raise KeyboardInterrupt

            pipeline.relink = interrupted  # type: ignore[assignment]
            try:
                pipeline.ingest(store, [fakes_part(args.start, args.articles, Path(folder))])
            except KeyboardInterrupt:
                print(f"ingested {args.articles} FA-KES articles, relink cut short: pending runs "
                      f"{len(analyze.pending_runs(store))}", flush=True)
            finally:
                pipeline.relink = relink  # type: ignore[assignment]
            seconds.clear()
        start = time.perf_counter()
        report = pipeline.ingest(store, [fakes_part(first, args.articles, Path(folder))])
        took = time.perf_counter() - start
        incremental = dict(seconds)
        print(f"ingested {report.documents} FA-KES articles in {took:.1f} s", flush=True)
        print(line("  relink of the runs" if args.cut_short else "  relink of the run", incremental), flush=True)
        after_run = set(store.oxigraph.quads_for_pattern(None, None, None, LINKS_GRAPH))
        seconds.clear()
        pipeline.relink(store)
        print(line("whole relink (baseline)", seconds), flush=True)
        whole = set(store.oxigraph.quads_for_pattern(None, None, None, LINKS_GRAPH))
    print(f"whole / run's relink: {seconds['relink'] / incremental['relink']:.1f}x; links graph the same: "
          f"{after_run == whole} ({len(after_run):,} and {len(whole):,} triples; "
          f"{len(after_run - whole)} and {len(whole - after_run)} apart)")
    sys.exit(0 if after_run == whole else 1)


if __name__ == "__main__":
    main()
