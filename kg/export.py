"""Stage 7: output. Rows as a text table, CSV, JSON or JSON lines; the graph as RDF files.

Every command's output goes through :func:`render`, so formats behave the same everywhere.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .store import FORMATS, BaseStore

ROW_FORMATS = ("table", "json", "jsonl", "csv")
GRAPH_FORMATS = tuple(FORMATS)
SUFFIXES = {"turtle": ".ttl", "trig": ".trig", "nt": ".nt", "nquads": ".nq", "jsonld": ".jsonld", "xml": ".rdf"}


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return "; ".join(_cell(v) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def render(rows: Sequence[dict[str, Any]], columns: Sequence[str], fmt: str, *, width: int = 60) -> str:
    """Rows as ``table`` (aligned text, long cells cut at ``width``), ``csv``, ``json`` or ``jsonl``."""
    if fmt == "json":
        return json.dumps(list(rows), ensure_ascii=False, indent=2) + "\n"
    if fmt == "jsonl":
        return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow([_cell(row.get(c)) for c in columns])
        return buffer.getvalue()
    if fmt != "table":
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(ROW_FORMATS)}")
    cells = [[_cut(_cell(row.get(c)), width) for c in columns] for row in rows]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)).rstrip() for r in cells]
    return "\n".join(lines) + "\n"


def _cut(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def contradiction_rows(findings: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Contradictions flattened for a table or CSV: one row per finding, both sides side by side."""
    rows = []
    for f in findings:
        one, two = f["sides"]
        rows.append({
            "kind": f["kind"],
            "claim": one["claim"],
            "asserted_by": one["sources"],
            "against": (two["claim"] + ": " if f["kind"] == "conflict" else "") + _cell(two["sources"]),
            "stance": two["stance"] + (" (hedged)" if two.get("hedged") else ""),
            "documents": sorted(set(one["documents"]) | set(two["documents"])),
        })
    return rows


CONTRADICTION_COLUMNS = ["kind", "claim", "asserted_by", "stance", "against", "documents"]
CORROBORATION_COLUMNS = ["claim", "independent", "sources", "relayed_by", "documents"]


def export_graph(store: BaseStore, output: str | Path, fmt: str, *, with_ontology: bool = False) -> int:
    """Write the graph to ``output`` in ``fmt``; returns the number of triples (or quads)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown RDF format {fmt!r}; choose one of {', '.join(FORMATS)}")
    return store.export(output, fmt, with_ontology=with_ontology)
