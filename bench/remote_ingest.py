"""How fast an ingest writes into a SPARQL server that holds a large store, against an empty
server, in the same run: the time per document should not grow with the store.

    python bench/remote_ingest.py STORE [--articles 40] [--start 0] [--in-place]

STORE is a kg store, typically the one ``python bench/query_speed.py --sizes 1000000 --keep
--workdir DIR --tasks disputed`` leaves at ``DIR/1000000/store`` (1 M synthetic statements). Its
Oxigraph folder is copied (next to it, ``STORE-remote``) unless ``--in-place``, and served by
``oxigraph serve``; a second server starts on an empty folder (the baseline). The same
``--articles`` FA-KES articles from row ``--start`` (``$KG_SHARED_DIR`` or ``../shared``) are
ingested into each, as ``kg --store URL ingest`` does (one update per document, written in
turn), from the first document written to the last; the relink after it is not run (the bench
stops there). Prints, per server, seconds per document, the HTTP part of it, and how often kg
asked the server for its graphs.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from ingest_memory import oxigraph_server  # noqa: E402
from relink_speed import fakes_part, working_copy  # noqa: E402

from kg import pipeline, store  # noqa: E402


class _Stop(Exception):
    """Raised when the relink begins: the bench times the writes only."""


class TimedStore(store.RemoteStore):
    """A remote store that counts its HTTP time and its listings of the server's graphs."""

    def __init__(self, url: str) -> None:
        self.http, self.listings = 0.0, 0
        super().__init__(url, create=True)

    def _post(self, url: str, fields: list[tuple[str, str]], accept: str) -> bytes:
        start = time.perf_counter()
        try:
            return super()._post(url, fields, accept)
        finally:
            self.http += time.perf_counter() - start

    def _raw_query(self, sparql: str, dataset: bool = True) -> Any:
        self.listings += sparql.startswith("SELECT DISTINCT ?g WHERE { GRAPH ?g {")
        return super()._raw_query(sparql, dataset)


def timed_ingest(url: str, part: Path) -> tuple[int, float, float, int]:
    """Documents written, seconds per document (first to last written), HTTP seconds per
    document over the same span, graph listings."""
    remote = TimedStore(url)
    marks: list[tuple[float, float]] = []

    def stop(_: str) -> None:
        raise _Stop

    with contextlib.suppress(_Stop):
        pipeline.ingest(remote, [part], on_document=lambda _: marks.append((time.perf_counter(), remote.http)),
                        on_relink=stop)
    (first, http_first), (last, http_last) = marks[0], marks[-1]
    count = len(marks) - 1
    return len(marks), (last - first) / count, (http_last - http_first) / count, remote.listings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("store", type=Path, help="a kg store (its oxigraph folder is copied first, unless --in-place)")
    parser.add_argument("--articles", type=int, default=40, help="FA-KES articles to ingest into each server")
    parser.add_argument("--start", type=int, default=0, help="first FA-KES row to ingest")
    parser.add_argument("--in-place", action="store_true", help="serve STORE itself (the articles stay in it)")
    args = parser.parse_args()
    folder = args.store / "oxigraph"
    if not args.in_place:
        folder = working_copy(folder, args.store.with_name(args.store.name + "-remote"))
    print(f"{os.cpu_count()} cpus, load {os.getloadavg()[0]:.2f}", flush=True)
    results = {}
    with tempfile.TemporaryDirectory() as scratch:
        part = fakes_part(args.start, args.articles, Path(scratch))
        for label, location in (("empty server", Path(scratch) / "empty"), ("large server", folder)):
            with oxigraph_server(location) as (url, _):
                if label == "large server":
                    triples = TimedStore(url).select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")[1]
                    print(f"large server: {triples[0]['n']:,} quads", flush=True)
                documents, per_document, http, listings = timed_ingest(url, part)
            results[label] = per_document
            print(f"{label}: {documents} documents, {per_document * 1000:.0f} ms per document "
                  f"({http * 1000:.0f} ms of it HTTP), the graphs listed {listings} times", flush=True)
    print(f"large / empty server, per document: {results['large server'] / results['empty server']:.2f}x")


if __name__ == "__main__":
    main()
