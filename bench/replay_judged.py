"""Replay the hand-judged findings (tests/gold/findings_round*_*.jsonl) against a store: which
judged findings the current rules still report, and which they no longer do, by judgment.

    python bench/replay_judged.py STORE [--rounds 2 3] [-v]

A judged finding is still reported when a current finding of the same kind has the same claim
label (a report's day written "on" or "reported" alike: round 2 wrote "on" for both) and shares a
document with it. A finding whose day is now read from the article's dateline has a new label and
counts as gone. Nothing here is fed back into the rules: it only measures them.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.analyze import contradictions, corroborations  # noqa: E402
from kg.store import Store  # noqa: E402

GOLD = ROOT / "tests" / "gold"


def _claim(label: str) -> str:
    """The claim without how its day was known: round 2 labelled a report's day "on" too."""
    return label.replace(" reported ", " on ")


def _documents(finding: dict) -> set[str]:
    if "sides" in finding:
        return {d for side in finding["sides"] for d in side["documents"]}
    return set(finding["documents"])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("store")
    parser.add_argument("--rounds", nargs="+", default=["2", "3"])
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    with Store(args.store) as store:
        current = {"contradiction": contradictions(store), "corroboration": corroborations(store)}
    print(f"current: {len(current['contradiction'])} contradictions "
          f"({sum(f['kind'] == 'denial' for f in current['contradiction'])} denials), "
          f"{len(current['corroboration'])} corroborations")
    for kind in ("contradiction", "corroboration"):
        tally: Counter[tuple[str, bool]] = Counter()
        for round_ in args.rounds:
            for line in (GOLD / f"findings_round{round_}_{kind}s.jsonl").read_text().splitlines():
                judged = json.loads(line)
                kept = any(_claim(f["claim"]) == _claim(judged["claim"]) and _documents(f) & set(judged["documents"])
                           for f in current[kind])
                tally[(judged["judgment"], kept)] += 1
                if args.verbose:
                    print(f"  r{round_} {judged['judgment']:5} {'kept' if kept else 'gone'} {judged['claim']}")
        print(f"{kind}s judged in rounds {','.join(args.rounds)}: "
              f"right kept {tally[('right', True)]}/{tally[('right', True)] + tally[('right', False)]}, "
              f"wrong gone {tally[('wrong', False)]}/{tally[('wrong', True)] + tally[('wrong', False)]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
