"""Resident memory of extraction in one process over a long stream, with and without the
pipeline reloads of ``kg.parallel`` (every ``RECYCLE_BATCHES`` batches).

    python bench/pipeline_memory.py --articles 20000            # as kg ingest runs it
    python bench/pipeline_memory.py --articles 20000 --no-reload  # the pipeline kept all along

Extracts the synthetic articles of ``ingest_memory.py`` (each brings a new word: its report
number) through :func:`kg.parallel.extract_stream` in this process, and prints the resident
memory and the size of spaCy's vocabulary every 2,000 articles. No store: this isolates what the
spaCy pipeline keeps.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from ingest_memory import own_rss_kib, synthetic_article  # noqa: E402

from kg import nlp, parallel, resources  # noqa: E402
from kg.types import Document  # noqa: E402


def articles(count: int, seed: int) -> Iterator[Document]:
    rng = random.Random(seed)
    for n in range(count):
        article = synthetic_article(n, rng)
        yield Document(id=article["id"], text=article["text"], outlet=article["outlet"])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--no-reload", action="store_true", help="keep one pipeline for the whole stream")
    args = parser.parse_args()
    if args.no_reload:
        parallel.RECYCLE_BATCHES = 10**12
    print(f"{args.articles} articles in one process, {'no reload' if args.no_reload else 'reloaded every '}"
          f"{'' if args.no_reload else f'{parallel.RECYCLE_BATCHES} batches'}")
    print(f"{'articles':>8} {'RSS MiB':>8} {'lexemes':>8}")
    stream = parallel.extract_stream(articles(args.articles, args.seed), resources.event_words())
    for done, _ in enumerate(stream, 1):
        if done % 2000 == 0:
            print(f"{done:>8} {own_rss_kib(os.getpid()) // 1024:>8} {len(nlp.load().vocab):>8}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
