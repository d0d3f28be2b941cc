"""Draw the sample of FA-KES findings to check by hand (issue: precision of contradictions and
corroborations), with the sentences behind each side so a checker can judge it.

    python bench/sample_findings.py STORE [--n 25] [--seed 2026] > findings_sample.jsonl

STORE holds FA-KES as `kg ingest ../shared/data/fa-kes/FA-KES-Dataset.csv` leaves it. Each line:
kind (contradiction/corroboration), the finding as `kg ... --format json` prints it, and for each
proposition the statements behind it (document, speaker, stance, sentence).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.analyze import contradictions, corroborations  # noqa: E402
from kg.store import Store  # noqa: E402

EVIDENCE = """
PREFIX kg: <https://w3id.org/crkg/ns#> PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?doc ?speaker ?stance ?sentence WHERE {
  ?s kg:about <PROP> ; kg:reportedIn/kg:docId ?doc ; prov:wasAttributedTo/skos:prefLabel ?speaker ;
     kg:stance/rdfs:label ?stance ; kg:sentence ?sentence .
} ORDER BY ?doc ?speaker"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("store")
    parser.add_argument("--n", type=int, default=25, help="findings of each kind")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    with Store(args.store) as store:
        pools = {"contradiction": contradictions(store), "corroboration": corroborations(store)}
        for kind, pool in pools.items():
            for finding in rng.sample(pool, min(args.n, len(pool))):
                props = finding.get("propositions") or [finding["proposition"]]
                evidence = {p: store.select(EVIDENCE.replace("PROP", p))[1] for p in props}
                print(json.dumps({"kind": kind, "finding": finding, "evidence": evidence}, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
