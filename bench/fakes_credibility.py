"""Credibility on FA-KES, every method in one run: how far `kg documents` scores separate the
articles FA-KES labels credible (1) from fake (0).

    python bench/fakes_credibility.py [--store PATH] [--data CSV] [--bootstrap 1000]

Ingests the corpus into a fresh store (or reads ``--store`` if it holds it already), then for each
method prints:

* ROC AUC of the document scores against the labels, on all articles (an article with no
  contested claim scores 0.5, the same as a coin) and on the articles whose event another outlet
  also reports (a general proposition shared with an article of another outlet);
* outlet level: Spearman correlation between each outlet's mean document score and the share of
  its articles labelled credible, with a bootstrap 95% interval (articles resampled);
* how many events have two or more independent reports, and how many casualty figures were read.

What this data can show is limited, and the script says so: FA-KES labels come from matching
each article's date, place, casualties and actor against the VDC casualty record, not from
cross-outlet agreement; scored by agreement with other outlets, articles separate no better than
chance (AUC ≈ 0.5). Nothing here is fitted to the labels.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from gold_tool import fakes_path  # noqa: E402

from kg import truth  # noqa: E402
from kg.credibility import assess  # noqa: E402
from kg.pipeline import ingest  # noqa: E402
from kg.store import Store  # noqa: E402


def roc_auc(scores: list[float], labels: list[int]) -> float:
    """Probability that a random positive outranks a random negative (ties count half)."""
    pairs = sorted(zip(scores, labels, strict=True))
    ranks = [0.0] * len(pairs)
    i = 0
    while i < len(pairs):
        j = i
        while j + 1 < len(pairs) and pairs[j + 1][0] == pairs[i][0]:
            j += 1
        for k in range(i, j + 1):
            ranks[k] = (i + j) / 2 + 1
        i = j + 1
    positives = sum(label for _, label in pairs)
    negatives = len(pairs) - positives
    if not positives or not negatives:
        return float("nan")
    rank_sum = sum(r for r, (_, label) in zip(ranks, pairs, strict=True) if label)
    return (rank_sum - positives * (positives + 1) / 2) / (positives * negatives)


def spearman(x: list[float], y: list[float]) -> float:
    def rank(values: list[float]) -> list[float]:
        order = sorted(range(len(values)), key=lambda i: values[i])
        ranks = [0.0] * len(values)
        i = 0
        while i < len(order):
            j = i
            while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
                j += 1
            for k in range(i, j + 1):
                ranks[order[k]] = (i + j) / 2
            i = j + 1
        return ranks

    rx, ry = rank(x), rank(y)
    mx, my = sum(rx) / len(rx), sum(ry) / len(ry)
    cov = sum((a - mx) * (b - my) for a, b in zip(rx, ry, strict=True))
    vx = sum((a - mx) ** 2 for a in rx) ** 0.5
    vy = sum((b - my) ** 2 for b in ry) ** 0.5
    return cov / (vx * vy) if vx and vy else float("nan")


def labels_and_outlets(path: Path) -> tuple[dict[str, int], dict[str, str]]:
    """unit_id → label and outlet; ids whose rows disagree on the label are left out."""
    labels: dict[str, set[int]] = defaultdict(set)
    outlets: dict[str, str] = {}
    with open(path, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            try:
                labels[row["unit_id"]].add(int(row["labels"]))
            except (KeyError, ValueError):
                continue
            outlets[row["unit_id"]] = row["source"]
    return {k: next(iter(v)) for k, v in labels.items() if len(v) == 1}, outlets


def outlet_correlation(doc_scores: dict[str, float], labels: dict[str, int], outlets: dict[str, str],
                       docs: list[str]) -> float:
    score_sum: dict[str, list[float]] = defaultdict(list)
    label_sum: dict[str, list[int]] = defaultdict(list)
    for d in docs:
        score_sum[outlets[d]].append(doc_scores.get(d, 0.5))
        label_sum[outlets[d]].append(labels[d])
    names = sorted(score_sum)
    return spearman([sum(score_sum[o]) / len(score_sum[o]) for o in names],
                    [sum(label_sum[o]) / len(label_sum[o]) for o in names])


def shared_events(store: Store) -> tuple[set[str], int, int]:
    """Documents whose general event another outlet also reports; events with ≥2 independent
    reporters; casualty figures read."""
    query = """
    PREFIX kg: <https://w3id.org/crkg/ns#> PREFIX prov: <http://www.w3.org/ns/prov#>
    PREFIX schema: <https://schema.org/>
    SELECT ?p ?doc ?outlet ?principal WHERE {
      ?s kg:about ?p ; kg:negated false ; kg:reportedIn ?d ; prov:wasAttributedTo ?src .
      FILTER NOT EXISTS { ?p kg:specializes ?g }
      ?d kg:docId ?doc . OPTIONAL { ?d schema:publisher ?outlet }
      ?src kg:speaksFor* ?principal . FILTER NOT EXISTS { ?principal kg:speaksFor ?up }
    }"""
    _, rows = store.select(query)
    outlets_of: dict[str, set[str]] = defaultdict(set)
    principals_of: dict[str, set[str]] = defaultdict(set)
    docs_of: dict[str, set[str]] = defaultdict(set)
    for r in rows:
        outlets_of[r["p"]].add(r["outlet"] or "")
        principals_of[r["p"]].add(r["principal"])
        docs_of[r["p"]].add(r["doc"])
    shared = {d for p, docs in docs_of.items() if len(outlets_of[p]) >= 2 for d in docs}
    independent = sum(1 for p in principals_of if len(principals_of[p]) >= 2)
    _, counts = store.select("PREFIX kg: <https://w3id.org/crkg/ns#> SELECT (COUNT(*) AS ?n) WHERE "
                             "{ ?s kg:about ?p . ?p kg:casualties ?c }")
    return shared, independent, counts[0]["n"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--store", help="a store that already holds FA-KES (default: ingest into a temporary one)")
    parser.add_argument("--data", help="the FA-KES CSV (default ../shared/data/fa-kes/FA-KES-Dataset.csv)")
    parser.add_argument("--bootstrap", type=int, default=1000, help="bootstrap resamples for the outlet interval")
    args = parser.parse_args()
    data = Path(args.data) if args.data else fakes_path()
    labels, outlets = labels_and_outlets(data)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(args.store) if args.store else Path(folder) / "store"
        with Store(path, create=True) as store:
            if not args.store:
                start = time.perf_counter()
                report = ingest(store, [data])
                print(f"ingested {report.documents} documents in {time.perf_counter() - start:.0f} s "
                      f"({report.statements} statements)")
            shared, independent, casualty_figures = shared_events(store)
            docs = sorted(d for d in labels if d in outlets)
            shared_docs = [d for d in docs if d in shared]
            print(f"articles with a label: {len(docs)} ({sum(labels[d] for d in docs)} credible); "
                  f"articles whose event another outlet also reports: {len(shared_docs)}")
            print(f"events with two or more independent reporters: {independent}; casualty figures read: {casualty_figures}")
            print()
            header = f"{'method':14} {'scored':>6} {'AUC all':>8} {'AUC shared':>10} {'outlet rho':>10} {'95% interval':>16} {'seconds':>8}"
            print(header)
            print("-" * len(header))
            rng = random.Random(7)
            for method in truth.METHODS:
                start = time.perf_counter()
                assessment = assess(store, method)
                seconds = time.perf_counter() - start
                by_id = {iri.rsplit("/", 1)[-1]: s for iri, s in assessment.document_scores.items()}
                scores_all = [by_id.get(d, 0.5) for d in docs]
                auc_all = roc_auc(scores_all, [labels[d] for d in docs])
                auc_shared = roc_auc([by_id.get(d, 0.5) for d in shared_docs], [labels[d] for d in shared_docs])
                rho = outlet_correlation(by_id, labels, outlets, docs)
                draws = []
                for _ in range(args.bootstrap):
                    sample = [rng.choice(docs) for _ in docs]
                    value = outlet_correlation(by_id, labels, outlets, sample)
                    if value == value:
                        draws.append(value)
                draws.sort()
                low = draws[int(0.025 * len(draws))] if draws else float("nan")
                high = draws[int(0.975 * len(draws)) - 1] if draws else float("nan")
                scored = sum(1 for d in docs if d in by_id)
                print(f"{method:14} {scored:6} {auc_all:8.3f} {auc_shared:10.3f} {rho:10.3f} {f'[{low:.2f}, {high:.2f}]':>16} {seconds:8.2f}")
    print()
    print("Reading: AUC 0.5 is chance. FA-KES labels come from matching each article's facts against the")
    print("VDC casualty record, not from agreement between outlets; crowd-extracted facts of the articles")
    print("agree across outlets no better than chance with those labels (AUC about 0.50), so figures near")
    print("0.5 are what this data supports. Nothing here is tuned to the labels.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
