"""The statements behind candidate findings, fetched in a few small queries.

``denials.rq``, ``conflicts.rq`` and ``corroborations.rq`` say in one query each what a finding
is made of, and remain the reference (``kg query``, the tests). On a large store their one big
join is slow: Oxigraph looks up every statement before it knows which propositions are
contested. This module asks in steps instead, each step looking up only what the last one found:

1. the candidate propositions (``contested.rq``, ``conflicting.rq``, ``asserted_by_several.rq``),
   read from the ``kg:affirms`` / ``kg:disputes`` shortcuts; on a store without them (written by
   other means, before ``kg relink``) from the statements (``*_statements.rq``);
2. the statements about them (``statements_about.rq``);
3. the labels of those propositions, the ids (and outlets) of those documents, the labels of
   those speakers and of their principals, found by following the ``kg:speaksFor`` edges
   (``speaks_for.rq``, one scan) in Python rather than a property path per speaker;

and joins the answers in Python into exactly the rows the one-query versions return (a test
keeps them equal). With ``among`` (an incremental relink: a few propositions), step 1 takes those
propositions instead and applies the candidate query's rule to their statements. Steps 2 and 3 put the terms found in place of ``UNDEF`` in the query's
``VALUES``, a chunk at a time.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

from . import resources
from .store import BaseStore

ASSERTS = resources.NS + "Asserts"
HEDGES = resources.NS + "Hedges"
#: Terms per VALUES block (keeps each query text and its answer moderate).
CHUNK = 2000

Row = dict[str, Any]


def denial_rows(store: BaseStore, among: Iterable[str] | None = None) -> list[Row]:
    """The rows of ``denials.rq``: statements asserting or denying a contested proposition (with
    ``among``, only about these propositions)."""
    statements = _statements(store, _candidate_list(store, "contested", among))
    if among is not None:  # contested.rq's rule: someone affirms it, someone disputes it
        statements = _where(statements, lambda group: any(_affirming(s) for s in group) and
                            any(s["negated"] for s in group))
    rows = []
    for s in statements:
        if not (s["negated"] or s["stance"] == ASSERTS):
            continue
        for r in _described(s):
            r["side"] = "deny" if s["negated"] else "assert"
            r["hedged"] = bool(s["negated"] and s["stance"] == HEDGES)
            rows.append({k: r[k] for k in ("prop", "claim", "side", "speaker", "principal", "principal_label",
                                           "doc", "hedged")})
    rows.sort(key=lambda r: (r["claim"], r["side"], r["speaker"], r["doc"]))
    return rows


def conflict_rows(store: BaseStore, among: Iterable[str] | None = None) -> list[Row]:
    """The rows of ``conflicts.rq``: for each conflicting pair, the statements asserting the first
    (with ``among``, only the pairs of which one is among these propositions)."""
    pairs = [(r["prop"], r["other"]) for r in select(store, "conflicting")]
    if among is not None:
        wanted = set(among)
        pairs = [(prop, other) for prop, other in pairs if prop in wanted or other in wanted]
    others: dict[str, list[str]] = defaultdict(list)
    for prop, other in pairs:
        others[prop].append(other)
    rows = []
    for s in _statements(store, list(others)):
        if not _affirming(s):
            continue
        for r in _described(s):
            for other in others[s["prop"]]:
                rows.append({"prop": r["prop"], "other": other, "claim": r["claim"], "speaker": r["speaker"],
                             "principal": r["principal"], "principal_label": r["principal_label"], "doc": r["doc"]})
    rows.sort(key=lambda r: (r["prop"], r["other"], r["speaker"], r["doc"]))
    return rows


def corroboration_rows(store: BaseStore, among: Iterable[str] | None = None) -> list[Row]:
    """The rows of ``corroborations.rq``: statements asserting a proposition that two or more
    sources assert, with the outlet of each document and the wire agencies it credits (with
    ``among``, only about these propositions)."""
    statements = _statements(store, _candidate_list(store, "asserted_by_several", among), with_outlets=True)
    if among is not None:  # asserted_by_several.rq's rule: two sources or more affirm it
        statements = _where(statements, lambda group: len({s["source"] for s in group if _affirming(s)}) >= 2)
    rows = []
    for s in statements:
        if not _affirming(s):
            continue
        for r in _described(s):
            rows.append({k: r.get(k) for k in ("prop", "claim", "event_type", "facet", "speaker", "principal",
                                               "principal_label", "doc", "outlet", "wire")})
    rows.sort(key=lambda r: (r["claim"], r["speaker"], r["doc"]))
    return rows


def dated(store: BaseStore, props: Iterable[str]) -> set[str]:
    """Those of ``props`` whose day the text states (they carry ``kg:eventDate``)."""
    return {r["prop"] for r in select(store, "proposition_dates", props)}


# ---------------------------------------------------------------------------- the steps

def _candidates(store: BaseStore, name: str) -> str:
    """The query giving the candidates: ``name`` (from the shortcuts) when the store has
    shortcuts, or has no statement about a proposition; else ``{name}_statements``."""
    if store.ask(resources.query_text("has_shortcuts")) or not store.ask(resources.query_text("has_propositions")):
        return name
    return name + "_statements"


def _candidate_list(store: BaseStore, name: str, among: Iterable[str] | None) -> list[str]:
    """The candidate propositions of the query ``name`` (see :func:`_candidates`), or ``among``:
    the caller then applies the query's rule to their statements (:func:`_where`), which costs
    less than the whole query when they are few (an incremental relink)."""
    if among is not None:
        return sorted(set(among))
    return [r["prop"] for r in select(store, _candidates(store, name))]


def _affirming(statement: Row) -> bool:
    """Whether a statement asserts its proposition (what a ``kg:affirms`` shortcut stands for)."""
    return not statement["negated"] and statement["stance"] == ASSERTS


def _where(statements: list[Row], rule: Callable[[list[Row]], bool]) -> list[Row]:
    """The statements about the propositions whose statements together satisfy ``rule``."""
    grouped: dict[str, list[Row]] = defaultdict(list)
    for s in statements:
        grouped[s["prop"]].append(s)
    kept = {prop for prop, group in grouped.items() if rule(group)}
    return [s for s in statements if s["prop"] in kept]


def select(store: BaseStore, name: str, values: Iterable[str] | None = None) -> list[Row]:
    """Rows of the packaged query ``name``; with ``values``, of the query once per chunk of them
    (IRIs) put in place of ``UNDEF``."""
    text = resources.query_text(name)
    if values is None:
        return store.select(text)[1]
    return [row for query in resources.fill_values(text, (f"<{term}>" for term in values), CHUNK)
            for row in store.select(query)[1]]


def _statements(store: BaseStore, props: list[str], with_outlets: bool = False) -> list[Row]:
    """The statements about ``props``, each with what :func:`_described` needs to describe it."""
    if not props:
        return []
    statements = select(store, "statements_about", props)
    claims = _grouped(select(store, "proposition_labels", props), "prop")
    speakers = _speakers(store, {s["source"] for s in statements})
    documents = _grouped(select(store, "document_ids", {s["d"] for s in statements}), "d")
    if with_outlets:
        frames = _grouped(select(store, "proposition_frames", props), "prop")
        claims = {p: [{**c, **f} for c in rows for f in frames[p]] for p, rows in claims.items()}
        outlets = _grouped(select(store, "document_outlets", documents), "d")
        documents = {d: [{**i, **o} for i in rows for o in outlets[d]] for d, rows in documents.items()}
    for s in statements:
        s["labels"], s["speakers"], s["documents"] = claims[s["prop"]], speakers[s["source"]], documents[s["d"]]
    return statements


def _speakers(store: BaseStore, sources: set[str]) -> dict[str, list[Row]]:
    """For each source, its labels × its principals' labels. A principal is a source reached by
    following kg:speaksFor (none followed: the source itself) that speaks for no one."""
    above: dict[str, list[str]] = defaultdict(list)
    for edge in select(store, "speaks_for"):
        above[edge["source"]].append(edge["principal"])
    principals = {source: _principals(source, above) for source in sources}
    labels = _grouped(select(store, "source_labels", sources | {p for ps in principals.values() for p in ps}),
                      "source")
    return {source: [{"speaker": speaker["label"], "principal": principal, "principal_label": label["label"]}
                     for speaker in labels[source] for principal in principals[source] for label in labels[principal]]
            for source in sources}


def _principals(source: str, above: dict[str, list[str]]) -> list[str]:
    """The sources reachable from ``source`` along speaksFor (itself included) with no speaksFor."""
    seen, todo, tops = {source}, [source], []
    while todo:
        node = todo.pop()
        if not above.get(node):
            tops.append(node)
        for parent in above.get(node, ()):
            if parent not in seen:
                seen.add(parent)
                todo.append(parent)
    return sorted(tops)


def _described(s: Row) -> list[Row]:
    """One row per combination of the statement's proposition labels, speaker labels and
    principals, and document rows: what the one-query join returns for it."""
    return [{"prop": s["prop"], **label, **speaker, **document}
            for label in s["labels"] for speaker in s["speakers"] for document in s["documents"]]


def _grouped(rows: list[Row], key: str) -> dict[str, list[Row]]:
    grouped: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        grouped[row.pop(key)].append(row)
    return grouped
