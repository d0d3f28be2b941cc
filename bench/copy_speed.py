"""How fast kg hashes the word 8-grams of articles for its copy check, against the way kg 0.3.0
did it, in the same run, and whether the copies found are those of checking every pair.

    python bench/copy_speed.py [--rounds 3] [--repeat 3]

The texts are FA-KES's (``$KG_SHARED_DIR`` or ``../shared``), each article ``--repeat`` times.
The baseline hashes each 8-gram on its own (a CRC-32 of the 8 words joined, kg 0.3.0);
:func:`kg.relays._shingles` hashes a text's words once and combines them with numpy. Then
:func:`kg.relays.near_duplicates` (sampled candidates, exact check) runs on the articles and its
pairs are compared with the pairs found by checking all of them exhaustively on the baseline's
8-gram sets: the sampling should miss none.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
import time
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from kg import relays  # noqa: E402


def crc_shingles(text: str) -> set[int]:
    """kg 0.3.0's 8-grams: one CRC-32 per joined 8-gram (the baseline)."""
    words = re.findall(r"\w+", text.lower())
    return {zlib.crc32(" ".join(words[i : i + relays.SHINGLE]).encode("utf-8"))
            for i in range(max(0, len(words) - relays.SHINGLE + 1))}


def best_of(rounds: int, work: Callable[[], Any]) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def exhaustive_pairs(texts: list[str], threshold: float = 0.5, minimum: int = 20) -> set[frozenset[int]]:
    """Every pair of articles sharing ``threshold`` of the shorter one's 8-grams, each pair checked."""
    grams = [crc_shingles(text) for text in texts]
    found = set()
    for a in range(len(texts)):
        for b in range(a + 1, len(texts)):
            smaller = min(len(grams[a]), len(grams[b]))
            if smaller >= minimum:
                count = len(grams[a] & grams[b])
                if count >= minimum and count / smaller >= threshold:
                    found.add(frozenset((a, b)))
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=3, help="timing rounds (best of)")
    parser.add_argument("--repeat", type=int, default=3, help="times each article is hashed per round")
    args = parser.parse_args()
    from gold_tool import fakes_path

    with open(fakes_path(), encoding="utf-8", errors="replace", newline="") as handle:
        texts = [row.get("article_content") or "" for row in csv.DictReader(handle)]
    many = texts * args.repeat
    words = sum(len(re.findall(r"\w+", text)) for text in many)
    baseline = best_of(args.rounds, lambda: [crc_shingles(text) for text in many])
    numpy = best_of(args.rounds, lambda: [relays._shingles(text) for text in many])
    print(f"{len(many)} FA-KES texts ({len(texts)} × {args.repeat}), {words:,} words, best of {args.rounds}:")
    print(f"  a CRC-32 per joined 8-gram (kg 0.3.0, baseline): {baseline:.2f} s")
    print(f"  words hashed once, 8-grams combined with numpy:  {numpy:.2f} s   {baseline / numpy:.1f}× the baseline")
    same = all(len(crc_shingles(text)) == relays._shingles(text).size for text in texts)
    print(f"  the same number of distinct 8-grams in every text: {same}")
    documents = [(str(i), text, None) for i, text in enumerate(texts)]
    sampled = best_of(args.rounds, lambda: relays.near_duplicates(documents))
    found = {frozenset((int(a), int(b))) for a, b, _ in relays.near_duplicates(documents)}
    every = exhaustive_pairs(texts)
    print(f"near_duplicates on the {len(texts)} articles: {sampled:.2f} s, {len(found)} pairs; "
          f"checking every pair: {len(every)} pairs; missed {len(every - found)}, extra {len(found - every)}")
    return 0 if same and found == every else 1


if __name__ == "__main__":
    sys.exit(main())
