"""The AbeBooks benchmark of truth discovery: every method of kg.truth on bookstores' author lists.

    python bench/books.py [--data DIR] [--sensitivity]

DIR holds ``book.txt`` (store, isbn, title, authors; TSV, CRLF, no header) and
``book_golden.txt`` (isbn, authors) — by default ``$KG_SHARED_DIR/data/books``, else
``../shared/data/books`` beside the checkout. The files are read where they are, never copied.

Scoring rule (strict): a golden book counts as correct when the author list the method believes
names exactly the true authors, as compared by ``kg.truth.names``: both lists are read into sets
of people (surname + first initial), so order, case, "Last, First" or "First Last", middle
names, accents and role words such as "(Editor)" do not matter, but a missing author, an extra
one, or a surname given without its initial does. A book the method has no value for is wrong.

Every method runs with its documented defaults; nothing is fitted to the golden answers. A few
variants of the default method show what each of its parts contributes; ``--sensitivity`` also
moves each parameter of the default method and of TruthFinder away from its default, to show
how much the results depend on the choice.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kg import truth  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent

# (label, method, parameters): every method with its defaults, then variants of the default.
RUNS: list[tuple[str, str, dict]] = [(name, name, {}) for name in truth.METHODS] + [
    ("truthfinder, no implication (rho=0)", "truthfinder", {"rho": 0.0}),
    ("accu, no copy detection", "accu", {"copying": False}),
    ("accu, no similarity", "accu", {"similarity": 0.0}),
    ("accu, plain (neither)", "accu", {"copying": False, "similarity": 0.0}),
]

# Each parameter moved to either side of its default (--sensitivity).
SENSITIVITY: list[tuple[str, dict]] = [
    ("accu", {"n_false": 10}), ("accu", {"n_false": 1000}),
    ("accu", {"prior_copying": 0.1}), ("accu", {"prior_copying": 0.5}),
    ("accu", {"copy_rate": 0.5}), ("accu", {"copy_rate": 0.95}),
    ("accu", {"similarity": 0.3}), ("accu", {"similarity": 0.7}),
    ("accu", {"initial_accuracy": 0.6}), ("accu", {"initial_accuracy": 0.9}),
    ("truthfinder", {"gamma": 0.1}), ("truthfinder", {"gamma": 0.5}),
    ("truthfinder", {"rho": 0.3}), ("truthfinder", {"rho": 0.7}),
    ("truthfinder", {"base_sim": 0.3}), ("truthfinder", {"initial_trust": 0.8}),
]

# Figures the papers report on this data set, under their own rules. Quoted from memory of the
# papers, not re-checked against them here: treat as approximate.
PUBLISHED = [
    ("Yin, Han & Yu, KDD 2007 (TruthFinder)",
     "author lists fully correct on their 100 golden books: voting about 71, TruthFinder about 85 "
     "(their error table separates missing authors, incomplete names, wrong first/middle names, "
     "redundant and incorrect names; their 'accuracy' figure also gives partial credit, so it is "
     "higher than these counts)"),
    ("Dong, Berti-Equille & Srivastava, VLDB 2009 (Accu)",
     "precision on the golden books about .71 for naive voting, about .83 for TruthFinder and "
     "about .87-.89 for their dependence-aware methods (a list counted correct when it names the "
     "true authors; exactly how they treated incomplete names is not certain to me)"),
]


def data_dir(given: str | None) -> Path:
    if given:
        return Path(given)
    base = Path(os.environ.get("KG_SHARED_DIR", ROOT.parent / "shared"))
    return base / "data" / "books"


def read_golden(path: Path) -> dict[str, str]:
    golden = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        isbn, _, authors = line.partition("\t")
        if isbn.strip():
            golden[isbn.strip()] = authors
    return golden


def correct(believed: str | None, true_authors: str) -> bool:
    """The strict rule: the same set of people (surname + first initial) under ``names``."""
    return believed is not None and truth.names.key(believed) == truth.names.key(true_authors)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", metavar="DIR", help="folder holding book.txt and book_golden.txt")
    parser.add_argument("--sensitivity", action="store_true",
                        help="also run accu and truthfinder with each parameter moved off its default")
    args = parser.parse_args(argv)
    folder = data_dir(args.data)
    books, golden_file = folder / "book.txt", folder / "book_golden.txt"
    for path in (books, golden_file):
        if not path.is_file():
            print(f"error: {path} is not here; pass --data DIR or set KG_SHARED_DIR", file=sys.stderr)
            return 1

    started = time.perf_counter()
    table = truth.read_claims(books, source=1, object=2, value=4)
    G = truth.claims_graph(table, compare="names")
    build = time.perf_counter() - started
    golden = read_golden(golden_file)
    sources = sum(1 for _, d in G.nodes(data=True) if d["kind"] == "source")
    values = [d for _, d in G.nodes(data=True) if d["kind"] == "value"]
    objects = {d["object"] for d in values}
    reachable = sum(1 for isbn, authors in golden.items()
                    if any(d["object"] == isbn and d["key"] == truth.names.key(authors) for d in values))

    print(f"AbeBooks author lists ({books}): {len(table):,} claims ({G.graph['missing']:,} name nobody), "
          f"{sources:,} stores and {len(objects):,} books with an author list, {len(values):,} distinct lists; "
          f"{len(table.errors)} unreadable rows; read and built in {build:.1f} s")
    print(f"Golden books: {len(golden)}; {len(golden) - reachable} have no correct list from any store, "
          f"so the ceiling is {reachable / len(golden):.2f}.")
    print("Rule: correct = the believed author list names exactly the true authors, compared by "
          "kg.truth.names (sets of surname + first initial; order, case, name order, middle names "
          "and role words ignored; a missing or extra author, or a surname without initial, is wrong).")
    print()
    runs = RUNS + ([(f"{m}, {', '.join(f'{k}={v}' for k, v in p.items())}", m, p) for m, p in SENSITIVITY]
                   if args.sensitivity else [])
    rows = []
    for label, method, params in runs:
        started = time.perf_counter()
        result = truth.METHODS[method](G, **params)
        seconds = time.perf_counter() - started
        hits = sum(correct(result.truth.get(isbn), authors) for isbn, authors in golden.items())
        marker = " (default)" if method == truth.DEFAULT_METHOD and not params else ""
        rows.append((label + marker, f"{hits / len(golden):.2f}", f"{hits}/{len(golden)}",
                     str(result.iterations), f"{seconds:.2f}"))
    header = ("method", "accuracy", "correct", "iterations", "seconds")
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    print("  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)))
    print("  ".join("-" * w for w in widths))
    for row in rows:
        print("  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths, strict=True))))
    print()
    print("Published on this data set (their own scoring rules; from memory of the papers, approximate):")
    for who, what in PUBLISHED:
        print(f"- {who}: {what}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
