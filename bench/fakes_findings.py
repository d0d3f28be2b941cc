"""The cross-reporting figures of FA-KES (issue #5): events, events reported by several outlets,
contradictions and corroborations, from a store that holds the corpus.

    kg --store fakes.kg ingest ../shared/data/fa-kes/FA-KES-Dataset.csv
    python bench/fakes_findings.py fakes.kg [--top 10]

Events are the general propositions (type, place, day: no culprit, target or toll); an event is
multi-outlet when documents of two or more outlets report it.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg import resources  # noqa: E402
from kg.analyze import contradictions, corroborations  # noqa: E402
from kg.store import Store  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("store")
    parser.add_argument("--top", type=int, default=10, help="multi-outlet events to list")
    args = parser.parse_args()
    with Store(args.store) as store:
        _, events = store.select(resources.query_text("events"))
        documents = store.select("PREFIX kg: <https://w3id.org/crkg/ns#> "
                                 "SELECT (COUNT(?d) AS ?n) WHERE { ?d a kg:Document }")[1][0]["n"]
        found = contradictions(store)
        agreed = corroborations(store)
    multi = [e for e in events if e["outlets"] >= 2]
    kinds = Counter(f["kind"] for f in found)
    print(f"{documents} documents; {len(events)} events ({sum(1 for e in events if e['date'])} with a stated day); "
          f"{len(multi)} reported by two or more outlets ({sum(1 for e in multi if e['date'])} with a stated day)")
    print(f"{len(found)} contradictions ({kinds['denial']} denials, {kinds['conflict']} conflicts); "
          f"{len(agreed)} corroborations")
    print("\nevents reported by the most outlets:")
    for event in multi[: args.top]:
        print(f"  {event['outlets']:>2} outlets {event['documents']:>3} documents  {event['label']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
