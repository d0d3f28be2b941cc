"""How much memory an open embedded store takes as more of it is read: whether it has a ceiling.

    python bench/store_memory.py STORE                    # a kg store folder (or its oxigraph/)
    python bench/store_memory.py STORE --rounds 10 --lookups 40000 --open-tables 64

Samples quads of the store (``FILTER(RAND() < …)``, in a process of its own), then, in a new
process, opens the store (``pyoxigraph.Store``, nothing else of kg) and looks up, round after
round, quads by the subjects and by the objects of sampled quads it has not looked up before, and
prints the resident memory (RSS) after each round: what RocksDB, under Oxigraph, keeps while more
and more of the store is read. The baseline is the RSS once the sample is read, before any
lookup, measured in the same run.

Also prints what the store's table files hold for their readers (the index and filter blocks a
table keeps in memory while it is open), read from each SST file's properties block; files in a
footer format this script does not read are counted apart. ``--open-tables N`` lowers the soft
limit on open files while the store opens, from which Oxigraph sets RocksDB's ``max_open_files``
(the limit less 48): at most about N table files are then kept open.
"""

from __future__ import annotations

import argparse
import collections
import os
import random
import resource
import struct
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox


def rss_mib() -> int:
    with open("/proc/self/status", encoding="ascii") as handle:
        return next(int(line.split()[1]) // 1024 for line in handle if line.startswith("VmRSS:"))


def _varint(data: bytes, i: int) -> tuple[int, int]:
    shift = value = 0
    while True:
        byte = data[i]
        i += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return value, i


def _block_entries(block: bytes) -> dict[bytes, bytes]:
    """The key-value pairs of a RocksDB block (prefix-compressed keys, restart array at the end)."""
    restarts = struct.unpack("<I", block[-4:])[0]
    end, i, key, entries = len(block) - 4 - 4 * restarts, 0, b"", {}
    while i < end:
        shared, i = _varint(block, i)
        unshared, i = _varint(block, i)
        size, i = _varint(block, i)
        key = key[:shared] + block[i:i + unshared]
        i += unshared
        entries[key] = block[i:i + size]
        i += size
    return entries


def table_properties(folder: Path) -> tuple[dict[str, collections.Counter], int]:
    """Per column family: files, bytes on disk, index and filter bytes. And how many files were
    in a footer format not read here (RocksDB's format 7 and later)."""
    totals: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    unread = 0
    for path in sorted(folder.glob("*.sst")):
        size_on_disk = path.stat().st_size
        with path.open("rb") as handle:  # the footer, then the two blocks it leads to: not the data

            def block(handle_bytes: bytes, at: int = 0) -> bytes:
                offset, i = _varint(handle_bytes, at)
                size, _ = _varint(handle_bytes, i)
                handle.seek(offset)
                return handle.read(size)

            try:
                handle.seek(max(size_on_disk - 53, 0))
                meta = _block_entries(block(handle.read(53), 1))
                props = _block_entries(block(meta[b"rocksdb.properties"]))
            except (KeyError, IndexError, ValueError, OSError, struct.error):
                unread += 1
                continue
        name = props.get(b"rocksdb.column.family.name", b"(ingested)").decode()
        counter = totals[name]
        counter["files"] += 1
        counter["bytes"] += size_on_disk
        for key in ("index.size", "filter.size"):
            counter[key] += _varint(props.get(b"rocksdb." + key.encode(), b"\0"), 0)[0]
    return totals, unread


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("store", type=Path, help="a kg store folder, or the oxigraph/ folder in it")
    parser.add_argument("--rounds", type=int, default=8)
    parser.add_argument("--lookups", type=int, default=40000, help="lookups per round (by subject, by object)")
    parser.add_argument("--open-tables", type=int, help="bound the table files kept open (see above)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)  # the child's part
    args = parser.parse_args()
    folder = args.store / "oxigraph" if (args.store / "oxigraph").is_dir() else args.store
    if args.measure:
        return measure(folder, args.measure, args.rounds, args.lookups, args.open_tables, args.seed)
    if not any(folder.glob("*.sst")):
        sys.exit(f"{folder}: no RocksDB table files; pass a kg store folder")
    M = 2**20
    totals, unread = table_properties(folder)
    files = len(list(folder.glob("*.sst")))
    on_disk = sum(p.stat().st_size for p in folder.glob("*.sst"))
    print(f"{folder}: {files} table files, {on_disk / M:,.0f} MiB")
    print(f"{'column family':16} {'files':>5} {'MiB':>7} {'index MiB':>9} {'filter MiB':>10}")
    for name, t in sorted(totals.items()):
        print(f"{name:16} {t['files']:5} {t['bytes'] / M:7,.0f} {t['index.size'] / M:9.1f} {t['filter.size'] / M:10.1f}")
    read = sum(totals.values(), collections.Counter())
    blocks = read["index.size"] + read["filter.size"]
    print(f"{'read':16} {read['files']:5} {read['bytes'] / M:7,.0f} {read['index.size'] / M:9.1f} "
          f"{read['filter.size'] / M:10.1f}   ({100 * blocks / max(read['bytes'], 1):.2f} % of those files; "
          f"{unread} files in a format not read here)")

    wanted = args.rounds * args.lookups
    sample = Path(tempfile.mkdtemp(prefix="kg-store-memory-")) / "sample.nt"
    started = time.perf_counter()
    count = sample_terms(folder, wanted, sample)
    print(f"\nsampled {count:,} quads' subjects and objects in {time.perf_counter() - started:.0f} s "
          f"(in a process of its own)")
    command = [sys.executable, __file__, str(folder), "--measure", str(sample), "--rounds", str(args.rounds),
               "--lookups", str(args.lookups)] + (["--open-tables", str(args.open_tables)] if args.open_tables else [])
    subprocess.run(command, check=True)
    sample.unlink()
    sample.parent.rmdir()


def sample_terms(folder: Path, wanted: int, out: Path) -> int:
    """Write about ``wanted`` random quads (no blank nodes) as N-Triples, in a child process so
    that the measuring process opens the store fresh."""
    code = f"""
import pyoxigraph as ox
store = ox.Store.read_only({str(folder)!r})
n = int(next(iter(store.query("SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}")))["n"].value)
share = min(1.0, 1.2 * {wanted} / max(n, 1))
rows = store.query("SELECT ?s ?o WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(RAND() < " + str(share) + " && !isBlank(?s) && !isBlank(?o)) }}")
count = 0
with open({str(out)!r}, "w", encoding="utf-8") as handle:
    for row in rows:
        handle.write(f"{{row['s']}} <urn:p> {{row['o']}} .\\n")
        count += 1
print(count)
"""
    return int(subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout)


def measure(folder: Path, sample: Path, rounds: int, lookups: int, open_tables: int | None, seed: int) -> None:
    """Open the store, read the sample, then look quads up round after round; RSS after each."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if open_tables:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(48 + open_tables, hard), hard))
    store = ox.Store(str(folder))
    resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
    opened = rss_mib()
    triples = list(ox.parse(path=str(sample), format=ox.RdfFormat.N_TRIPLES))
    random.Random(seed).shuffle(triples)
    baseline = rss_mib()
    limit = open_tables if open_tables else soft - 48
    print(f"opened: RSS {opened} MiB (max_open_files {limit:,}); with the {len(triples):,} sampled terms "
          f"read: {baseline} MiB, the baseline")
    print(f"{'round':>5} {'lookups':>9} {'s':>6} {'RSS MiB':>8} {'over baseline':>13} {'open files':>10}")
    for r in range(rounds):
        started = time.perf_counter()
        part = triples[r * lookups // 2:(r + 1) * lookups // 2]
        for triple in part:
            next(iter(store.quads_for_pattern(triple.subject, None, None, None)), None)
            next(iter(store.quads_for_pattern(None, None, triple.object, None)), None)
        now = rss_mib()
        print(f"{r + 1:5} {2 * len(part):9,} {time.perf_counter() - started:6.1f} {now:8} {now - baseline:+13} "
              f"{len(os.listdir('/proc/self/fd')):10}", flush=True)


if __name__ == "__main__":
    main()
