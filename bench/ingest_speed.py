"""Ingest speed against raw spaCy, on the same FA-KES texts, in the same run.

    python bench/ingest_speed.py [--limit N] [--data CSV]

Baseline: the full English pipeline's ``nlp.pipe`` over the texts (what spaCy alone costs).
Measured: ``kg`` ingest of the same documents into a fresh embedded store (reading, spaCy,
extraction, resolution, propositions, RDF, transactions). Prints words per second for both and
their ratio. The spaCy model is loaded before either clock starts.
"""

from __future__ import annotations

import argparse
import itertools
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from gold_tool import fakes_path  # noqa: E402

from kg import nlp  # noqa: E402
from kg.pipeline import ingest  # noqa: E402
from kg.read import read  # noqa: E402
from kg.store import Store  # noqa: E402
from kg.types import Document  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--limit", type=int, default=None, help="only the first N documents")
    parser.add_argument("--data", default=None, help="the FA-KES CSV (default ../shared/data/fa-kes/...)")
    args = parser.parse_args()
    path = Path(args.data) if args.data else fakes_path()
    docs = [d for d in itertools.islice(read([path]), args.limit) if isinstance(d, Document)]
    unique = list({d.id: d for d in docs}.values())
    words = sum(len(d.text.split()) for d in unique)
    pipeline = nlp.load()
    list(pipeline.pipe(["warm up the pipeline."]))

    start = time.perf_counter()
    for _ in pipeline.pipe((d.text for d in unique), batch_size=32):
        pass
    raw = time.perf_counter() - start

    with tempfile.TemporaryDirectory() as folder:
        subset = Path(folder) / "docs.jsonl"
        import json

        subset.write_text("".join(json.dumps({"id": d.id, "text": d.text, "outlet": d.outlet,
                                              "date": d.date.isoformat() if d.date else ""}) + "\n"
                                  for d in unique), encoding="utf-8")
        with Store(Path(folder) / "store", create=True) as store:
            start = time.perf_counter()
            report = ingest(store, [subset])
            ours = time.perf_counter() - start
    print(f"documents {len(unique)}, words {words}, model {nlp.model_version()}")
    print(f"raw spaCy nlp.pipe : {raw:7.1f} s  {words / raw:8.0f} words/s  (baseline)")
    print(f"kg ingest          : {ours:7.1f} s  {words / ours:8.0f} words/s  ratio {raw / ours:.2f}x the baseline's rate")
    print(f"statements {report.statements}, errors {len(report.errors)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
