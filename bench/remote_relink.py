"""The relink on a SPARQL server: candidate copies checked on texts fetched in batches (one query
per 256 candidate pairs, as kg does) against one request per text (as kg did), in the same run,
on the same server.

    python bench/remote_relink.py [--csv FA-KES-Dataset.csv] [--repeat 2]

Starts an Oxigraph server (``oxigraph serve``) on a temporary folder, ingests the CSV (default:
all of FA-KES, ``$KG_SHARED_DIR`` or ``../shared``) into it, then times ``kg.pipeline.relink``
both ways, alternating, and checks they link the same documents.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from gold_tool import fakes_path  # noqa: E402
from ingest_memory import oxigraph_server  # noqa: E402

from kg import pipeline  # noqa: E402
from kg.store import open_store  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--csv", type=Path, default=fakes_path(), help="articles to ingest (default: FA-KES)")
    parser.add_argument("--repeat", type=int, default=2, help="relinks per way (median)")
    args = parser.parse_args()
    batched = pipeline._texts_of

    def one_per_text(store: object, ids: list[str]) -> dict[str, str]:
        return {doc_id: text for doc_id in ids for text in batched(store, [doc_id]).values()}  # type: ignore[arg-type]

    seconds: dict[str, list[float]] = {"batched": [], "one per text": []}
    found = set()
    with tempfile.TemporaryDirectory() as folder, oxigraph_server(Path(folder) / "server") as (url, _), \
            open_store(url, create=True) as store:
        start = time.perf_counter()
        report = pipeline.ingest(store, [args.csv])
        print(f"ingested {report.documents} documents into {url} in {time.perf_counter() - start:.1f} s")
        for _ in range(args.repeat):
            for way, fetch in (("batched", batched), ("one per text", one_per_text)):
                pipeline._texts_of = fetch
                start = time.perf_counter()
                found.add((way, pipeline.relink(store)))
                seconds[way].append(time.perf_counter() - start)
        pipeline._texts_of = batched
    links = {counts for _, counts in found}
    assert len(links) == 1, f"the two ways linked differently: {found}"
    base = statistics.median(seconds["one per text"])
    for way, runs in seconds.items():
        print(f"relink, texts {way:<13} {statistics.median(runs):6.2f} s  (median of {len(runs)}; "
              f"{base / statistics.median(runs):.2f}x the one-per-text baseline)")
    print(f"conflicting pairs, derived documents: {links.pop()}")


if __name__ == "__main__":
    main()
