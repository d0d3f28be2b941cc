"""Stage 6: the packaged SPARQL queries, and their rows grouped into findings.

The queries (``kg/queries/*.rq``) do the matching; this module only groups their rows into the
JSON shapes of DESIGN.md's contracts. Independence is counted by *principal*: whom a speaker
ultimately speaks for (a spokesman, his ministry and its state are one voice).

Finding them takes the whole store (seconds to minutes at a million statements), so
``kg.pipeline.relink`` stores them in the links graph whenever the documents change
(:func:`findings_triples`), and :func:`contradictions` and :func:`corroborations` read them back
in one scan; :func:`find_contradictions` and :func:`find_corroborations` compute them.
"""

from __future__ import annotations

import gc
import json
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from . import evidence, resources
from .graph import EVENT, finding_propositions, findings_graph, source_iri
from .propositions import GENERIC_EVENT_TYPES
from .store import LINKS_GRAPH, BaseStore

STATEMENT_FIELDS = ["doc", "speaker", "speaker_text", "speaker_org", "cue", "stance", "content", "quote",
                    "start", "end", "negated", "via", "outlet", "sentence"]


def statements(store: BaseStore, doc: str | None = None) -> list[dict[str, Any]]:
    """Every statement as a dict with the fields of the statements contract (and a few more)."""
    _, rows = store.select(resources.query_text("statements"))
    out = [{name: row.get(name) for name in STATEMENT_FIELDS} for row in rows]
    return [r for r in out if doc is None or r["doc"] == doc]


def _one_label(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One label per principal (the smallest), whatever order the engine returns rows in: a source
    named two ways in two documents ("Jaish al Islam", "Jaish al-Islam") has two labels."""
    labels: dict[str, str] = {}
    for row in rows:
        if row.get("principal_label") is not None:
            current = labels.get(row["principal"])
            labels[row["principal"]] = row["principal_label"] if current is None else min(current, row["principal_label"])
    for row in rows:
        if row["principal"] in labels:
            row["principal_label"] = labels[row["principal"]]
    return rows


def _unique(values: list[Any]) -> list[Any]:
    return sorted(dict.fromkeys(v for v in values if v is not None))


def _side(rows: list[dict[str, Any]], claim: str, stance: str) -> dict[str, Any]:
    side: dict[str, Any] = {
        "claim": claim,
        "stance": stance,
        "sources": _unique([r["speaker"] for r in rows]),
        "documents": _unique([r["doc"] for r in rows]),
        "speaking_for": _unique([r["principal_label"] for r in rows]),
    }
    if any(r.get("hedged") for r in rows):
        side["hedged"] = all(r.get("hedged") for r in rows)
    return side


def _dedup(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows of one proposition repeat once per conflicting partner; keep each statement once."""
    return list({(r["speaker"], r["principal"], r["doc"]): r for r in rows}.values())


def contradictions(store: BaseStore, *, stored: bool = True) -> list[dict[str, Any]]:
    """The store's contradictions (see :func:`find_contradictions`): those kg stored when it last
    relinked the store, when this version of kg computed them (one scan); otherwise, or with
    ``stored=False``, computed now."""
    with _no_gc():
        found = _stored(store, "contradiction") if stored else None
        return find_contradictions(store) if found is None else sorted(found, key=_contradiction_order)


def corroborations(store: BaseStore, minimum: int = 2, *, stored: bool = True) -> list[dict[str, Any]]:
    """The store's corroborations by at least ``minimum`` independent voices (see
    :func:`find_corroborations`): read as :func:`contradictions` reads contradictions (kg stores
    those of two voices or more)."""
    with _no_gc():
        found = _stored(store, "corroboration") if stored and minimum >= 2 else None
        if found is None:
            return find_corroborations(store, minimum)
        return sorted((f for f in found if f["independent"] >= minimum), key=_corroboration_order)


@contextmanager
def _no_gc() -> Iterator[None]:
    """Python's cycle collector paused while many small dicts are made (decoding 30,000 findings:
    0.4–0.7 s with it, 0.2 s without); they hold no cycles, and it runs again afterwards."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _stored(store: BaseStore, kind: str) -> list[dict[str, Any]] | None:
    """The findings of ``kind`` stored in the links graph, or None when there are none from this
    version of kg (an older store, or a relink interrupted before it stored them)."""
    if not findings_current(store):
        return None
    _, rows = store.select(stored_query(kind))
    return [json.loads(r["summary"]) for r in rows]


def findings_current(store: BaseStore) -> bool:
    """Whether the links graph holds findings computed by this version of kg (its mark is written
    last, with them: it is missing after a relink cut short) that count every document: no
    ingest run is pending (:func:`pending_runs`)."""
    from . import __version__

    return findings_version(store) == __version__ and not pending_runs(store)


def pending_runs(store: BaseStore) -> list[str]:
    """The graphs of the ingest runs whose documents the stored links and findings do not count
    yet (``pending_runs.rq``): a run under way, or one cut short before its relink finished."""
    _, rows = store.select(resources.query_text("pending_runs"))
    return sorted({r["run"] for r in rows})


def findings_version(store: BaseStore) -> str | None:
    """The version of kg that computed the stored findings (None: none stored)."""
    _, rows = store.select(resources.query_text("findings_version"))
    versions = {r["version"] for r in rows}
    return versions.pop() if len(versions) == 1 else None


def stored_query(kind: str) -> str:
    """``findings.rq`` for the findings of ``kind`` ("contradiction" or "corroboration")."""
    return resources.query_text("findings").replace("kg:SUMMARY", f"kg:{kind}Summary")


def findings_triples(store: BaseStore, among: Iterable[str] | None = None) -> Any:
    """The findings to store in the links graph (``kg.pipeline.relink``), computed now (with
    ``among``, only those about these propositions), and the version mark."""
    from . import __version__

    among = None if among is None else set(among)
    return findings_graph(find_contradictions(store, among), find_corroborations(store, among=among), __version__,
                          LINKS_GRAPH.value)


def _contradiction_order(finding: dict[str, Any]) -> tuple[str, str, list[str]]:
    return finding["kind"], finding["claim"], finding_propositions(finding)


def _corroboration_order(finding: dict[str, Any]) -> tuple[int, str, str]:
    return -finding["independent"], finding["claim"], finding["proposition"]


def find_contradictions(store: BaseStore, among: set[str] | None = None) -> list[dict[str, Any]]:
    """Denials (one asserts, another denies or doubts) and conflicts (incompatible values),
    kept only where the two sides speak for different principals, none on both sides; conflicts
    only about a frame whose day the text states. With ``among``, only the contradictions about
    these propositions (a conflict: about one of its two)."""
    found: list[dict[str, Any]] = []
    rows = _one_label(evidence.denial_rows(store, among))
    by_prop: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        by_prop[row["prop"]].append(row)
    for prop, members in by_prop.items():
        asserting = [r for r in members if r["side"] == "assert"]
        denying = [r for r in members if r["side"] == "deny"]
        if _two_parties(asserting, denying):
            claim = members[0]["claim"]
            found.append({"kind": "denial", "claim": claim, "proposition": prop,
                          "sides": [_side(asserting, claim, "assert"), _side(denying, claim, "deny")]})
    rows = _one_label(evidence.conflict_rows(store, among))
    by_prop: dict[str, list[dict[str, Any]]] = defaultdict(list)
    pairs: set[tuple[str, str]] = set()
    for row in rows:
        by_prop[row["prop"]].append(row)
        pairs.add((min(row["prop"], row["other"]), max(row["prop"], row["other"])))
    dated = evidence.dated(store, {first for first, _ in pairs})
    for first, second in sorted(pairs):
        one = _dedup(by_prop.get(first, []))
        two = _dedup(by_prop.get(second, []))
        if not one or not two or first not in dated or not _two_parties(one, two):
            continue  # one incident needs its day stated; two parties, none on both sides
        found.append({"kind": "conflict", "claim": one[0]["claim"], "propositions": [first, second],
                      "sides": [_side(one, one[0]["claim"], "assert"), _side(two, two[0]["claim"], "assert")]})
    found.sort(key=_contradiction_order)
    return found


def _two_parties(one: list[dict[str, Any]], two: list[dict[str, Any]]) -> bool:
    """Whether two sides speak for different principals, none of them on both sides: a source
    revising its own toll (SOHR's 15, then 18) or taking both sides is no contradiction."""
    first, second = {_party(r) for r in one}, {_party(r) for r in two}
    return bool(first) and bool(second) and not first & second


def _party(row: dict[str, Any]) -> str:
    """Whom a statement speaks for: its principal, "a monitor" (a source the gazetteer does not
    know, called a monitor) being the Observatory."""
    known = row["principal"].rsplit("/source/", 1)[-1] in resources.sources()
    if not known and _MONITOR.search(row["principal_label"]):
        return str(source_iri(MONITOR))
    return row["principal"]


#: The label of a frame whose day is the report's, not the event's (see ``propositions.label_for``).
_REPORTED = re.compile(r" reported \d{4}-\d\d-\d\d")


def _voice(row: dict[str, Any]) -> str | None:
    """Whom a statement counts for, for independence: its principal; all anonymous sources
    ("activists", "a source") together as one voice, since two of them cannot be told apart; and
    nobody for an outlet's own voice in its own article (narration, headlines, "SANA reported"
    in SANA): unattributed copy is as often relayed as first-hand, so the outlet is a relay."""
    if row["speaker"] == row.get("outlet") or row["principal_label"] == "narrator":
        return None
    party = _party(row)  # "a war monitor", "the monitoring group": the Observatory
    if party != row["principal"] or party.rsplit("/source/", 1)[-1] in resources.sources() or \
            _proper_name(row["principal_label"]):
        return party
    return "anonymous"  # "anonymous-…", and descriptions the gazetteer does not know: "local sources"


#: Whom FA-KES's "monitor" stands for: "a Britain-based monitor", "the war monitor", "the monitoring
#: group" are the Syrian Observatory in its articles (the round-3 hand checks found no other); and
#: "the observatory and opposition fighters" cannot be told apart from it.
MONITOR = "syrian-observatory-for-human-rights"
_MONITOR = re.compile(r"\b(monitor\w*|observatory)\b", re.I)

_NAME_PARTICLES = {"al", "el", "of", "for", "the", "and", "de", "bin", "ibn", "abu", "in", "on"}


def _proper_name(label: str) -> bool:
    """A name, not a description: every word but particles capitalized ("Aleppo Media Center",
    "Rami Abdel Rahman"; not "local activists", "Human Rights monitor")."""
    words = [w for w in re.split(r"[\s-]+", label) if w and w.lower() not in _NAME_PARTICLES]
    return bool(words) and all(w[0].isupper() or w[0].isdigit() for w in words)


def find_corroborations(store: BaseStore, minimum: int = 2, among: set[str] | None = None) -> list[dict[str, Any]]:
    """Propositions asserted by at least ``minimum`` independent voices (see :func:`_voice`), about
    one incident: its day stated in the text (a text with no date at all: within one article), and
    of a specific type unless a toll or a target narrows it. Outlets that printed the statements
    are relays: they add reach, not independence. With ``among``, only those about these
    propositions."""
    rows = _one_label(evidence.corroboration_rows(store, among))
    by_prop: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        by_prop[row["prop"]].append(row)
    found = []
    generic = {f"{EVENT}{t}" for t in GENERIC_EVENT_TYPES}
    dated = evidence.dated(store, by_prop)  # only they can be told apart as one incident
    for prop, members in by_prop.items():
        if members[0].get("event_type") in generic and members[0].get("facet") in {None, "agent"}:
            continue  # "killing in Aleppo (by the army) on a day" is many incidents, not one claim
        if prop not in dated and (_REPORTED.search(members[0]["claim"]) or len({r["doc"] for r in members}) > 1):
            continue  # "airstrike in Aleppo reported on a day": the strikes of some days before
        voiced = [(r, _voice(r)) for r in members]
        voices = {v for _, v in voiced if v is not None}
        if len(voices) < minimum:
            continue
        counted = [r for r, v in voiced if v is not None]
        speakers = {r["speaker"] for r in counted} | {r["principal_label"] for r in counted}
        found.append({
            "claim": members[0]["claim"],
            "proposition": prop,
            "sources": _unique([r["speaker"] for r in counted]),
            "independent": len(voices),
            "speaking_for": _unique([r["principal_label"] for r in counted]),
            "relayed_by": _unique([r[k] for r in members for k in ("outlet", "wire") if r[k] not in speakers]),
            "documents": _unique([r["doc"] for r in members]),
        })
    found.sort(key=_corroboration_order)
    return found


def source_table(store: BaseStore) -> list[dict[str, Any]]:
    """Every speaker: kind, newest credibility, claims (statements) made, and the corroborated and
    contradicted findings it takes part in (as a source on a side other sources confirm or oppose)."""
    from .credibility import latest_scores

    _, credibility, _ = latest_scores(store)
    _, rows = store.select(resources.query_text("speakers"))
    corroborated: dict[str, int] = defaultdict(int)
    contradicted: dict[str, int] = defaultdict(int)
    for finding in corroborations(store):
        for name in finding["sources"]:
            corroborated[name] += 1
    for finding in contradictions(store):
        for side in finding["sides"]:
            for name in side["sources"]:
                contradicted[name] += 1
    table = []
    for row in rows:
        score = credibility.get(row["source"])
        table.append({"source": row["label"], "kind": row["kind"].rsplit("#", 1)[-1],
                      "credibility": None if score is None else round(score, 4), "claims": row["statements"],
                      "corroborated": corroborated.get(row["label"], 0), "contradicted": contradicted.get(row["label"], 0)})
    table.sort(key=lambda r: (-(r["claims"]), r["source"]))
    return table


def document_table(store: BaseStore) -> list[dict[str, Any]]:
    """Every document with outlet, date, title and its newest score (None when unscored)."""
    from .credibility import latest_scores

    _, _, scores = latest_scores(store)
    _, rows = store.select(resources.query_text("documents"))
    return [{"doc": r["doc"], "outlet": r["outlet"], "date": r["date"], "title": r["title"],
             "score": None if scores.get(r["d"]) is None else round(scores[r["d"]], 4)} for r in rows]


def relays(store: BaseStore) -> list[dict[str, Any]]:
    """Outlet × speaker (by principal): statements, documents, wire credits, copied documents."""
    _, rows = store.select(resources.query_text("relays"))
    return [{"outlet": r["outlet"], "speaker": r["speaker"], "statements": r["statements"],
             "documents": r["documents"], "wire_credits": _credits(r["wire_credits"]), "copied": r["copied"]}
            for r in rows]


def _credits(joined: str | None) -> str | None:
    """The agencies of a ``GROUP_CONCAT``, sorted (engines concatenate in any order), or None."""
    agencies = sorted({a for a in (joined or "").split("; ") if a})
    return "; ".join(agencies) or None


def source_profile(store: BaseStore, name: str) -> dict[str, Any] | None:
    """Everything a source said (itself or through those who speak for it), and how each claim
    fared elsewhere: corroborated by whom, contradicted by whom, or alone. None if unknown."""
    from .graph import source_iri
    from .resolve import Resolver, normalize

    _, speakers = store.select(resources.query_text("speakers"))
    wanted = normalize(name)
    key = Resolver().lookup(name)
    match = next((r for r in speakers if key and r["source"] == str(source_iri(key))), None) or \
        next((r for r in speakers if normalize(r["label"]) == wanted), None)
    if match is None:
        return None
    iri = match["source"]
    _, rows = store.select(resources.query_text("source_statements").replace("?TARGET", f"<{iri}>"))
    corroborating = {f["proposition"]: f for f in corroborations(store)}
    contradicting: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for finding in contradictions(store):
        for prop in finding_propositions(finding):
            contradicting[prop].append(finding)
    label = match["label"]
    statements = []
    for row in rows:
        prop = row["prop"]
        fate = []
        if prop and prop in corroborating:
            others = [s for s in corroborating[prop]["sources"] if s != row["speaker"]]
            if others:
                fate.append("corroborated by " + ", ".join(others))
        for finding in contradicting.get(prop, []) if prop else []:
            against = [s for side in finding["sides"] for s in side["sources"] if s not in {label, row["speaker"]}]
            if against:
                fate.append(f"{finding['kind']} with " + ", ".join(sorted(set(against))))
        statements.append({"doc": row["doc"], "speaker": row["speaker"], "stance": row["stance"],
                           "content": row["content"], "claim": row["claim"],
                           "fate": "; ".join(fate) if fate else ("alone" if prop else "no event")})
    return {"source": label, "statements": statements}
