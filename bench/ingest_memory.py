"""Peak memory of `kg ingest`, and whether it stays flat as articles stream in.

    python bench/ingest_memory.py --fakes                 # all of FA-KES
    python bench/ingest_memory.py --synthetic 100000      # N synthetic articles
    python bench/ingest_memory.py --synthetic 20000 --workers 2
    python bench/ingest_memory.py --synthetic 20000 --workers 2 --remote   # store on a server

Runs `kg ingest` as a child process on a fresh store and samples the resident memory (RSS, from
/proc) of it and its worker processes every 0.5 s (and of the parent alone). Prints the peak, and
the peak in each tenth of the run, so a climb shows; "flat" means the last tenths are no higher than the early ones
beyond noise. Synthetic articles are short wire-style reports made from templates (places,
sources, figures vary), written to a JSONL file first; the baseline row is the memory of the
same command on the first tenth of the articles, measured in the same run. With ``--remote`` the
store is an Oxigraph server (``oxigraph serve``, started here) instead of the embedded store, and
the server's memory is reported on its own: what grows with the store then shows apart from
what kg itself holds.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

PLACES = ["Idlib", "Aleppo", "Homs", "Hama", "Deraa", "Raqqa", "Deir ez-Zor", "Eastern Ghouta", "Latakia", "Douma"]
SOURCES = ["The Syrian Observatory for Human Rights", "Syrian state news agency SANA", "The Russian Defence Ministry",
           "Local activists", "The civil defence", "A military source", "The Local Coordination Committees"]
EVENTS = ["air strikes", "shelling", "a car bomb", "clashes", "barrel bombs"]


def synthetic_article(n: int, rng: random.Random) -> dict[str, str]:
    place, source, event = rng.choice(PLACES), rng.choice(SOURCES), rng.choice(EVENTS)
    dead = rng.randint(2, 80)
    other = rng.choice([s for s in SOURCES if s != source])
    text = (f"{event.capitalize()} hit {place} on Tuesday.\n\n{source} said {dead} people were killed in {event} "
            f"on {place} and {rng.randint(1, 60)} were wounded. {other} denied that civilians were killed "
            f"in {place}. Report number {n} of the day said fighting continued near {rng.choice(PLACES)}.")
    return {"id": f"synthetic-{n}", "text": text, "outlet": rng.choice(["Reuters", "AFP", "SANA", "TASS"]),
            "date": f"2016-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"}


def rss_kib(pid: int) -> int:
    """Resident memory of a process and all its descendants, in KiB."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        total += own_rss_kib(current)
        try:
            with open(f"/proc/{current}/task/{current}/children", encoding="ascii") as handle:
                todo.extend(int(c) for c in handle.read().split())
        except (OSError, ValueError):
            continue
    return total


def own_rss_kib(pid: int) -> int:
    """Resident memory of the process alone, in KiB."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as handle:
            return next((int(line.split()[1]) for line in handle if line.startswith("VmRSS:")), 0)
    except (OSError, ValueError):
        return 0


def measure(inputs: list[str], store: Path | str, workers: int,
            server: int | None = None) -> tuple[float, list[int], list[int], list[int]]:
    """Run `kg ingest` and sample its memory; returns (seconds, samples of the whole process tree,
    of the parent alone and of the SPARQL server ``server`` (a pid), in KiB)."""
    command = [sys.executable, "-m", "kg", "--store", str(store), "ingest", "-q", "--workers", str(workers), *inputs]
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    samples, parent, served = [], [], []
    while process.poll() is None:
        samples.append(rss_kib(process.pid))
        parent.append(own_rss_kib(process.pid))
        served.append(own_rss_kib(server) if server else 0)
        time.sleep(0.5)
    out, err = process.communicate()
    if process.returncode not in (0, 3):
        raise SystemExit(f"kg ingest failed ({process.returncode}): {err[-2000:]}")
    print("   ", out.strip().splitlines()[0])
    return time.perf_counter() - start, samples, parent, served


@contextlib.contextmanager
def oxigraph_server(folder: Path) -> Iterator[tuple[str, int]]:
    """An Oxigraph server on a free port, its data in ``folder``: (query URL, pid)."""
    import shutil
    import socket
    import urllib.request

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    binary = str(Path(sys.executable).parent / "oxigraph")
    binary = binary if Path(binary).exists() else shutil.which("oxigraph") or "oxigraph"
    process = subprocess.Popen([binary, "serve", "--location", str(folder), "--bind", f"127.0.0.1:{port}"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/query"
    for _ in range(300):
        try:
            urllib.request.urlopen(url + "?query=ASK%7B%7D", timeout=2).read()
            break
        except OSError:
            time.sleep(0.1)
    try:
        yield url, process.pid
    finally:
        process.terminate()
        process.wait(timeout=30)


def report(label: str, seconds: float, samples: list[int]) -> None:
    tenths = [max(samples[i * len(samples) // 10 : max((i + 1) * len(samples) // 10, i * len(samples) // 10 + 1)] or [0])
              for i in range(10)]
    print(f"{label}: {seconds:.0f} s, peak {max(samples) / 1024:.0f} MiB; peak per tenth of the run (MiB): "
          + " ".join(f"{t / 1024:.0f}" for t in tenths))


def disk_mib(folder: Path) -> float:
    """Size of the files under ``folder``, in MiB."""
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file()) / 2**20


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--fakes", action="store_true", help="ingest the FA-KES CSV")
    group.add_argument("--synthetic", type=int, metavar="N", help="ingest N synthetic articles")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--remote", action="store_true", help="store on an Oxigraph server started here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        if args.fakes:
            from gold_tool import fakes_path

            seconds, samples, parent, _ = measure([str(fakes_path())], Path(folder) / "store", args.workers)
            report(f"FA-KES, workers={args.workers}", seconds, samples)
            report("  the parent alone", seconds, parent)
            return 0
        rng = random.Random(args.seed)
        full, tenth = Path(folder) / "all.jsonl", Path(folder) / "tenth.jsonl"
        with open(full, "w", encoding="utf-8") as out, open(tenth, "w", encoding="utf-8") as small:
            for n in range(args.synthetic):
                line = json.dumps(synthetic_article(n, rng)) + "\n"
                out.write(line)
                if n < args.synthetic // 10:
                    small.write(line)
        print(f"{args.synthetic} synthetic articles, workers={args.workers}, "
              f"{'an Oxigraph server' if args.remote else 'the embedded store'}, pid {os.getpid()}")
        for label, source in ((f"baseline: first {args.synthetic // 10}", tenth), (f"all {args.synthetic}", full)):
            with contextlib.ExitStack() as stack:
                name = "baseline" if source == tenth else "store"
                store, server = Path(folder) / name, None
                if args.remote:
                    store, server = stack.enter_context(oxigraph_server(Path(folder) / name))
                seconds, samples, parent, served = measure([str(source)], store, args.workers, server)
            report(label, seconds, samples)
            if not args.remote:
                print(f"  the store on disk: {disk_mib(store):.0f} MiB")
            if args.workers > 1 and source == full:
                report("  the parent alone", seconds, parent)
            if server:
                report("  the Oxigraph server", seconds, served)
    return 0


if __name__ == "__main__":
    sys.exit(main())
