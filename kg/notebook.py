"""Helpers for Jupyter: findings as pandas DataFrames, the source network as a networkx graph,
events on a timeline, credibility scores with bootstrap intervals, and their pictures.

Needs the ``notebook`` extra (pandas, matplotlib). Nothing here depends on the current
directory: inputs come from environment variables with package defaults
(:func:`notebook_inputs`, :func:`store_location`, :func:`seeds_dir`).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import asdict
from itertools import combinations, product
from pathlib import Path
from typing import Any

import networkx as nx

from .errors import InputError

INPUT_ENV = "KG_NOTEBOOK_INPUT"
STORE_ENV = "KG_STORE"

PREFIXES = """PREFIX kg: <https://w3id.org/crkg/ns#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX schema: <https://schema.org/>
"""

# Relations in the source network, and how they are drawn.
RELATION_STYLE: dict[str, dict[str, Any]] = {
    "corroborate": {"edge_color": "tab:green", "style": "solid", "label": "corroborate (same claim)"},
    "deny": {"edge_color": "tab:red", "style": "solid", "label": "contradict: deny"},
    "conflict": {"edge_color": "tab:orange", "style": "dashed", "label": "contradict: conflicting values"},
    "speaks_for": {"edge_color": "0.55", "style": "dotted", "label": "speaks for"},
}


# ---------------------------------------------------------------------------------------------
# Inputs
# ---------------------------------------------------------------------------------------------


def seeds_dir() -> Path:
    """The example articles: ``$KG_SEEDS``, else ``seeds/`` of the checkout the package runs from."""
    if os.environ.get("KG_SEEDS"):
        return Path(os.environ["KG_SEEDS"])
    beside = Path(__file__).resolve().parent.parent / "seeds"
    if beside.is_dir():
        return beside
    raise FileNotFoundError("no seeds folder found; set KG_SEEDS to a folder of articles")


def notebook_inputs() -> list[Path]:
    """What a notebook ingests: the paths in ``$KG_NOTEBOOK_INPUT`` (separated by ``os.pathsep``),
    else the seed articles. Set it to an empty string to ingest nothing and use the store as it is."""
    raw = os.environ.get(INPUT_ENV)
    if raw is None:
        return [seeds_dir()]
    paths = [Path(part).expanduser() for part in raw.split(os.pathsep) if part.strip()]
    for path in paths:
        if not path.exists():
            raise InputError(str(path), f"no such file or folder (named by ${INPUT_ENV})")
    return paths


def store_location() -> str:
    """Where a notebook's store lives: ``$KG_STORE`` (a folder or a SPARQL endpoint URL), else a
    new temporary folder."""
    return os.environ.get(STORE_ENV) or os.path.join(tempfile.mkdtemp(prefix="kg-notebook-"), "store")


# ---------------------------------------------------------------------------------------------
# Findings as DataFrames
# ---------------------------------------------------------------------------------------------


def frame(rows: Sequence[dict[str, Any]], columns: Sequence[str] | None = None) -> Any:
    """Rows (as the analysis functions return them) as a DataFrame; lists become '; '-joined text."""
    import pandas as pd

    flat = [{k: "; ".join(map(str, v)) if isinstance(v, list) else v for k, v in row.items()} for row in rows]
    df = pd.DataFrame(flat, columns=list(columns) if columns and not flat else None)
    return df[list(columns)] if columns and not df.empty else df


def contradictions_frame(store: Any) -> Any:
    """One row per contradiction, both sides side by side."""
    from .analyze import contradictions
    from .export import CONTRADICTION_COLUMNS, contradiction_rows

    return frame(contradiction_rows(contradictions(store)), CONTRADICTION_COLUMNS)


def corroborations_frame(store: Any) -> Any:
    """One row per claim that independent sources assert."""
    from .analyze import corroborations
    from .export import CORROBORATION_COLUMNS

    return frame(corroborations(store), CORROBORATION_COLUMNS)


def statements_frame(store: Any) -> Any:
    """One row per attributed statement."""
    from .analyze import statements

    return frame(statements(store), ["doc", "speaker", "speaker_text", "speaker_org", "cue", "stance", "quote", "content"])


def query_frame(store: Any, sparql: str) -> Any:
    """Any SELECT query against the store as a DataFrame."""
    columns, rows = store.select(sparql)
    return frame(rows, columns)


# ---------------------------------------------------------------------------------------------
# The source network
# ---------------------------------------------------------------------------------------------

SPEAKERS_QUERY = PREFIXES + """
SELECT ?label ?kind ?principal ?parent (COUNT(DISTINCT ?s) AS ?statements) WHERE {
  ?s a kg:Statement ; prov:wasAttributedTo ?source .
  ?source skos:prefLabel ?label .
  OPTIONAL { ?source a ?type . FILTER(STRSTARTS(STR(?type), "https://w3id.org/crkg/ns#")) }
  BIND(STRAFTER(STR(?type), "#") AS ?kind)
  OPTIONAL { ?source kg:speaksFor/skos:prefLabel ?parent }
  OPTIONAL {
    ?source kg:speaksFor* ?top . FILTER NOT EXISTS { ?top kg:speaksFor ?above }
    ?top skos:prefLabel ?principal .
  }
}
GROUP BY ?label ?kind ?principal ?parent
ORDER BY ?label
"""


def _speakers(store: Any) -> dict[str, dict[str, Any]]:
    """Speaker label → kind, principal (whom it ultimately speaks for), parent, statements."""
    _, rows = store.select(SPEAKERS_QUERY)
    speakers: dict[str, dict[str, Any]] = {}
    for row in rows:
        info = speakers.setdefault(row["label"], {"kind": row["kind"], "principal": row["principal"] or row["label"],
                                                  "parent": row["parent"], "statements": 0})
        info["statements"] = max(info["statements"], int(row["statements"]))
    return speakers


def _link(G: nx.MultiGraph, a: str, b: str, relation: str, claim: str, **extra: Any) -> None:
    if a == b:
        return
    if not G.has_edge(a, b, key=relation):
        G.add_edge(a, b, key=relation, relation=relation, claims=[], **{k: [] for k in extra})
    data = G.edges[a, b, relation]
    for name, value in [("claims", claim), *extra.items()]:
        if value not in data[name]:
            data[name].append(value)
    data["weight"] = len(data["claims"])


def source_network(store: Any, *, include_isolated: bool = False) -> nx.MultiGraph:
    """Who corroborates and who contradicts whom.

    Nodes are speakers (attributes ``kind``, ``principal``, ``statements``). Edges are keyed by
    ``relation``: ``corroborate`` (both assert a claim, speaking for different principals),
    ``deny`` (one asserts a claim the other denies or doubts; ``denied_by`` names the deniers),
    ``conflict`` (they assert incompatible values of one event) and ``speaks_for`` (a spokesman
    and his ministry: one voice, so never a corroboration). Each edge lists its ``claims``;
    ``weight`` is their number. Speakers in no finding are left out unless ``include_isolated``.
    """
    from .analyze import contradictions, corroborations

    speakers = _speakers(store)
    G = nx.MultiGraph()

    def principal(name: str) -> str:
        return speakers.get(name, {}).get("principal") or name

    for finding in corroborations(store):
        for a, b in combinations(finding["sources"], 2):
            if principal(a) != principal(b):
                _link(G, a, b, "corroborate", finding["claim"])
    for finding in contradictions(store):
        first, second = finding["sides"]
        for a, b in product(first["sources"], second["sources"]):
            if principal(a) == principal(b):
                continue
            if finding["kind"] == "denial":
                _link(G, a, b, "deny", finding["claim"], denied_by=b)
            else:
                _link(G, a, b, "conflict", finding["claim"] + " / " + second["claim"])
    if include_isolated:
        G.add_nodes_from(speakers)
    for name, info in speakers.items():
        if name in G and info["parent"] in G and name != info["parent"]:
            G.add_edge(name, info["parent"], key="speaks_for", relation="speaks_for", claims=[], weight=1, speaker=name)
    for name in G:
        info = speakers.get(name, {})
        G.nodes[name].update(kind=info.get("kind"), principal=info.get("principal", name),
                             statements=info.get("statements", 0))
    return G


def network_frame(G: nx.MultiGraph) -> Any:
    """The network's edges as a DataFrame: one row per pair of sources and relation."""
    import pandas as pd

    rows = []
    for a, b, relation, data in G.edges(keys=True, data=True):
        if relation == "deny" and data.get("denied_by") == [a]:
            a, b = b, a  # asserter first, denier second
        elif relation == "speaks_for" and data.get("speaker") == b:
            a, b = b, a
        rows.append({"source": a, "relation": relation, "other": b, "claims": "; ".join(data["claims"]),
                     "weight": data.get("weight", 0)})
    columns = ["source", "relation", "other", "claims", "weight"]
    return pd.DataFrame(rows, columns=columns).sort_values(["relation", "source", "other"], ignore_index=True)


def packed_layout(G: nx.Graph, *, seed: int = 7) -> dict[Any, Any]:
    """Positions for a graph of several components: each laid out on its own (spring layout,
    scaled with its size) and the components packed in rows, largest first, so none drifts off."""
    import numpy as np

    parts = sorted(nx.connected_components(nx.Graph(G)), key=lambda c: (-len(c), sorted(map(str, c))))
    width = 2.2 * sum(len(c) for c in parts) ** 0.5
    pos: dict[Any, Any] = {}
    x = y = row_height = 0.0
    for part in parts:
        size = 0.5 + 0.5 * len(part) ** 0.5
        sub = nx.Graph(G.subgraph(part))
        local = nx.spring_layout(sub, seed=seed, k=2.5 / len(part) ** 0.5, iterations=200,
                                                  center=(0, 0), scale=size / 2) if len(part) > 1 else {next(iter(part)): np.zeros(2)}
        if x and x + size > width:
            x, y, row_height = 0.0, y - row_height - 0.4, 0.0
        for node, xy in local.items():
            pos[node] = np.asarray(xy) + (x + size / 2, y - size / 2)
        x, row_height = x + size + 0.4, max(row_height, size)
    return pos


def draw_source_network(G: nx.MultiGraph, *, ax: Any = None, labels: int = 30, seed: int = 7) -> Any:
    """Draw the network with matplotlib (works headless): node size by statements, edges coloured
    by relation; only the ``labels`` best-connected sources are named. Returns the figure."""
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D

    if ax is None:
        _, ax = plt.subplots(figsize=(11, 7.5), layout="constrained")
    ax.set_axis_off()
    if not G:
        ax.text(0.5, 0.5, "no corroborations or contradictions in this store", ha="center", va="center")
        return ax.figure
    pos = packed_layout(G, seed=seed)
    sizes = [120 + 60 * min(G.nodes[n].get("statements", 0), 30) for n in G]
    nx.draw_networkx_nodes(G, pos, ax=ax, node_size=sizes, node_color="#dbe7f3", edgecolors="#4a6c8c")
    bends = {"corroborate": 0.0, "deny": 0.25, "conflict": -0.25, "speaks_for": 0.12}
    handles = []
    for relation, style in RELATION_STYLE.items():
        edges = [(a, b) for a, b, key in G.edges(keys=True) if key == relation]
        if not edges:
            continue
        widths = [1.0 + min(G.edges[a, b, relation].get("weight", 1), 5) * 0.6 for a, b in edges]
        nx.draw_networkx_edges(G, pos, edgelist=edges, ax=ax, width=widths, edge_color=style["edge_color"],
                               style=style["style"], arrows=True, arrowstyle="-", node_size=sizes,
                               connectionstyle=f"arc3,rad={bends[relation]}")
        handles.append(Line2D([], [], color=style["edge_color"], linestyle=style["style"], label=style["label"]))
    named = sorted(G, key=lambda n: (-G.degree(n), n))[:labels]
    nx.draw_networkx_labels(G, pos, labels={n: n for n in named}, ax=ax, font_size=8,
                            bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.7})
    ax.margins(0.18, 0.08)
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8, frameon=False)
    ax.set_title(f"Who corroborates and who contradicts whom ({G.number_of_nodes()} sources)")
    return ax.figure


# ---------------------------------------------------------------------------------------------
# Events on a timeline
# ---------------------------------------------------------------------------------------------

TIMELINE_QUERY = PREFIXES + """
SELECT ?event ?label ?date (MIN(?published) AS ?first_published)
       (COUNT(DISTINCT ?s) AS ?statements) (COUNT(DISTINCT ?source) AS ?sources)
       (COUNT(DISTINCT ?d) AS ?documents) (COUNT(DISTINCT ?outlet) AS ?outlets) WHERE {
  ?event a kg:Proposition ; rdfs:label ?label .
  FILTER NOT EXISTS { ?event kg:specializes ?general }
  ?detail kg:specializes? ?event .
  ?s kg:about ?detail ; prov:wasAttributedTo ?source ; kg:reportedIn ?d .
  OPTIONAL { ?event kg:eventDate ?date }
  OPTIONAL { ?d schema:datePublished ?published }
  OPTIONAL { ?d schema:publisher ?outlet }
}
GROUP BY ?event ?label ?date
ORDER BY ?date ?label
"""


def timeline_frame(store: Any) -> Any:
    """One row per event (a general proposition, with the statements about it or its details):
    its ``date`` (the event date, else the first publication date of a document reporting it;
    missing when neither is known) and how many statements, sources, documents and outlets."""
    import pandas as pd

    columns, rows = store.select(TIMELINE_QUERY)
    df = pd.DataFrame(rows, columns=columns)
    dates = pd.to_datetime(df["date"].where(df["date"].notna(), df["first_published"]), errors="coerce")
    df.insert(2, "date_", dates)
    df = df.drop(columns=["date", "first_published"]).rename(columns={"date_": "date"})
    for name in ("statements", "sources", "documents", "outlets"):
        df[name] = df[name].astype(int)
    return df.sort_values(["date", "label"], ignore_index=True, na_position="last")


def plot_timeline(events: Any, *, ax: Any = None) -> Any:
    """Events per date (stems) and statements about them (dots), from :func:`timeline_frame`;
    undated events are counted in the title. Returns the figure."""
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=(10, 3.8))
    dated = events.dropna(subset=["date"])
    undated = len(events) - len(dated)
    title = f"Events by date: {len(dated)} dated" + (f", {undated} undated (not shown)" if undated else "")
    ax.set_title(title)
    if dated.empty:
        ax.text(0.5, 0.5, "no event or document in this store carries a date", ha="center", va="center",
                transform=ax.transAxes)
        ax.set_xticks([])
        ax.set_yticks([])
        return ax.figure
    per_day = dated.groupby("date").agg(events=("event", "count"), statements=("statements", "sum"))
    ax.stem(per_day.index, per_day["events"], basefmt=" ", label="events")
    ax.set_ylabel("events")
    ax.set_ylim(0, per_day["events"].max() + 1)
    twin = ax.twinx()
    twin.scatter(per_day.index, per_day["statements"], color="tab:orange", s=12, label="statements")
    twin.set_ylabel("statements", color="tab:orange")
    ax.figure.autofmt_xdate()
    return ax.figure


# ---------------------------------------------------------------------------------------------
# Credibility
# ---------------------------------------------------------------------------------------------


def credibility_frame(store: Any, methods: Iterable[str] | None = None, *, replicates: int = 200,
                      level: float = 0.95, seed: int = 0) -> Any:
    """Every source's trust under each method, with a bootstrap percentile interval
    (:func:`kg.credibility.bootstrap_intervals`): one row per method and source."""
    import pandas as pd

    from .credibility import bootstrap_intervals, stored_claims
    from .truth import METHODS

    claims = stored_claims(store)
    rows = [asdict(interval) for method in (methods or METHODS)
            for interval in bootstrap_intervals(claims, method, replicates=replicates, level=level, seed=seed)]
    columns = ["method", "label", "trust", "low", "high", "draws", "claims", "source"]
    return pd.DataFrame(rows, columns=columns)


def plot_methods(scores: Any, *, top: int = 20, ax: Any = None) -> Any:
    """Source trust per method, side by side (a dot per method and source, a bar for its
    interval), for the ``top`` sources with the most claims. Returns the figure."""
    import matplotlib.pyplot as plt

    ranked = (scores.groupby("label")["claims"].max().sort_values(ascending=False, kind="stable").index[:top])
    shown = scores[scores["label"].isin(ranked)]
    order = list(shown.groupby("label")["trust"].mean().sort_values(kind="stable").index)
    methods = list(dict.fromkeys(shown["method"]))
    if ax is None:
        _, ax = plt.subplots(figsize=(9, 1.5 + 0.38 * max(len(order), 1)))
    step = 0.8 / max(len(methods), 1)
    for n, method in enumerate(methods):
        part = shown[shown["method"] == method].set_index("label").reindex(order)
        y = [i - 0.4 + step * (n + 0.5) for i in range(len(order))]
        err = [(part["trust"] - part["low"]).clip(lower=0).fillna(0), (part["high"] - part["trust"]).clip(lower=0).fillna(0)]
        ax.errorbar(part["trust"], y, xerr=err, fmt="o", ms=4, capsize=2, lw=1, label=method)
    ax.set_yticks(range(len(order)), order, fontsize=8)
    ax.set_xlabel("trust (bars: bootstrap interval over claims)")
    ax.grid(axis="x", alpha=0.3)
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)
    ax.set_title("Source trust by method")
    ax.figure.tight_layout()
    return ax.figure
