"""Credibility over the graph: the store's statements as claims, truth discovery on them
(:mod:`kg.truth`), and the scores written back as a provenance-stamped assessment.

A claim is (speaker, object, value), where the object is one detail of one event:

* ``<general proposition>#happened`` — ``yes`` when a statement asserts the event, ``no`` when
  it denies it;
* ``<general proposition>#agent`` — the culprit's key, or ``not <key>`` for a denial ("Russia
  denies its planes struck Idlib" competes with "SOHR says Russian aircraft struck Idlib");
* ``<general proposition>#killed`` / ``#wounded`` — a casualty figure ("23", ">=23", "~25"),
  compared as numbers with bounds (``at least 23`` agrees with 23; 23 and 70 do not).

The method gives each value a confidence and each speaker a trust; a document's score is the
mean, over the claims it carries, of the confidence of what it says (1 − the believed value's
confidence when it says something else); a document that makes no contested claim gets no score.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

import numpy as np

from . import resources, truth
from .errors import KGError
from .store import BaseStore

COUNT_FACETS = {"killed", "wounded"}


class FrameComparator(truth.Comparator):
    """Counts (values written ``count:...``) compare as numbers, everything else as exact text."""

    name = "frame"
    transitive = False

    def key(self, raw: str) -> Hashable | None:
        kind, _, text = str(raw).partition(":")
        if kind == "count":
            key = truth.numeric.key(text)
            return None if key is None else ("count", key)
        key = truth.exact.key(text)
        return None if key is None else ("text", key)

    def same(self, a: Hashable, b: Hashable) -> bool:
        if a[0] != b[0]:  # type: ignore[index]
            return False
        if a[0] == "count":  # type: ignore[index]
            return truth.numeric.same(a[1], b[1])  # type: ignore[index]
        return a == b

    def similarity(self, a: Hashable, b: Hashable) -> float:
        if a[0] == "count" and b[0] == "count":  # type: ignore[index]
            return truth.numeric.similarity(a[1], b[1])  # type: ignore[index]
        return 1.0 if a == b else 0.0


frame = FrameComparator()


@dataclass(frozen=True)
class StoredClaim:
    """One claim read from the store."""

    statement: str
    doc: str
    doc_iri: str
    source: str  # IRI of the speaker's principal: whom the claim counts for
    label: str  # the principal's label
    object: str
    value: str  # as written for the comparator: "text:yes", "text:not russia", "count:>=23"
    speaker: str = ""  # IRI of the speaker as stored (a spokesman, whose principal is his state)


@dataclass
class Assessment:
    """One run of a method over the store's claims."""

    iri: str
    method: str
    params: dict[str, Any]
    started: datetime
    claims: list[StoredClaim]
    result: truth.TruthResult
    source_labels: dict[str, str] = field(default_factory=dict)
    document_scores: dict[str, float] = field(default_factory=dict)  # doc IRI -> score


def stored_claims(store: BaseStore) -> list[StoredClaim]:
    """The store's statements as claims about event details."""
    _, rows = store.select(resources.query_text("claims"))
    claims = []
    for row in rows:
        if row["facet"] is None:
            obj, value = f"{row['prop']}#happened", "text:" + ("no" if row["negated"] else "yes")
        elif row["facet"] == "agent" and row["value"]:
            obj, value = f"{row['general']}#agent", "text:" + ("not " if row["negated"] else "") + row["value"]
        elif row["facet"] in COUNT_FACETS and row["value"] and not row["negated"]:
            obj, value = f"{row['general']}#{row['facet']}", "count:" + row["value"]
        else:
            continue
        claims.append(StoredClaim(row["statement"], row["doc"], row["docIri"], row["principal"], row["label"], obj, value,
                                  speaker=row["source"]))
    return claims


def claim_rows(claims: Sequence[StoredClaim]) -> list[tuple[str, str, str]]:
    """(source, object, value) once each: a voice that says one thing five times says it once."""
    return sorted({(c.source, c.object, c.value) for c in claims})


def speaker_trust(claims: Sequence[StoredClaim], trust: dict[str, float]) -> dict[str, float]:
    """Every principal's trust, and each of its speakers' (a spokesman has his state's)."""
    out = dict(trust)
    for c in claims:
        if c.speaker and c.source in trust:
            out.setdefault(c.speaker, trust[c.source])
    return out


def assess(store: BaseStore, method: str = truth.DEFAULT_METHOD, **params: Any) -> Assessment:
    """Run ``method`` over the store's claims; nothing is written (see :func:`record`)."""
    started = datetime.now(timezone.utc)
    claims = stored_claims(store)
    result = truth.discover(claim_rows(claims), method, frame, **params)
    stamp = started.strftime("%Y%m%dT%H%M%S%fZ")
    assessment = Assessment(
        iri=f"https://w3id.org/crkg/id/assessment/{method}-{stamp}", method=method,
        params={**result.params, **params}, started=started, claims=claims, result=result,
        source_labels={c.source: c.label for c in claims},
    )
    assessment.document_scores = document_scores(claims, result)
    return assessment


def document_scores(claims: list[StoredClaim], result: truth.TruthResult) -> dict[str, float]:
    """Mean agreement of each document's claims with what the method believes, weighted by its
    confidence; objects with a single value (nothing contested) do not count."""
    values_per_object: dict[str, set[Hashable]] = defaultdict(set)
    for c in claims:
        key = frame.key(c.value)
        if key is not None:
            values_per_object[c.object].add(key)
    per_doc: dict[str, list[float]] = defaultdict(list)
    for c in claims:
        believed = result.truth.get(c.object)
        key = frame.key(c.value)
        if believed is None or key is None or len(values_per_object[c.object]) < 2:
            continue
        confidence = result.confidence.get(c.object, 0.5)
        agrees = frame.same(key, frame.key(believed)) if frame.key(believed) is not None else False
        per_doc[c.doc_iri].append(confidence if agrees else 1.0 - confidence)
    return {doc: sum(v) / len(v) for doc, v in per_doc.items()}


def record(store: BaseStore, assessment: Assessment) -> int:
    """Write the assessment and its scores into the store (one transaction); returns triples."""
    from .graph import assessment_graph, assessment_graph_iri

    return store.add(assessment_graph(assessment), graph=assessment_graph_iri(assessment.iri))


def latest_scores(store: BaseStore) -> tuple[str | None, dict[str, float], dict[str, float]]:
    """The newest assessment's IRI, its source credibilities and its document scores (by IRI)."""
    _, rows = store.select(resources.query_text("latest_scores"))
    if not rows:
        return None, {}, {}
    sources, documents = {}, {}
    for row in rows:
        (documents if row["kind"] == "doc" else sources)[row["thing"]] = row["score"]
    return rows[0]["assessment"], sources, documents


def params_json(params: dict[str, Any]) -> str:
    return json.dumps({k: v for k, v in params.items() if isinstance(v, (int, float, str, bool))}, sort_keys=True)


@dataclass(frozen=True)
class TrustInterval:
    """A source's trust under one method, with a bootstrap percentile interval.

    ``draws`` is how many of the resamples held at least one of the source's claims: the
    interval comes from those; a source seldom drawn has a wide, unreliable interval.
    """

    source: str
    label: str
    method: str
    trust: float
    low: float
    high: float
    draws: int
    claims: int


def bootstrap_intervals(claims: Sequence[StoredClaim], method: str = truth.DEFAULT_METHOD, *,
                        replicates: int = 200, level: float = 0.95, seed: int = 0,
                        **params: Any) -> list[TrustInterval]:
    """Trust of every source under ``method``, with a percentile interval from resampling the
    claims with replacement ``replicates`` times and rerunning the method on each resample
    (Efron's percentile bootstrap; the resampled unit is the claim). Sources in order of
    first claim; the same ``seed`` gives the same intervals.

    >>> c = [StoredClaim("s", "d", "d", src, src, "e#happened", "text:yes") for src in "ab"]
    >>> [(i.label, i.trust, i.low, i.high) for i in bootstrap_intervals(c, "majority_vote", replicates=20)]
    [('a', 1.0, 1.0, 1.0), ('b', 1.0, 1.0, 1.0)]
    """
    if replicates < 1:
        raise KGError(f"replicates must be at least 1, not {replicates}")
    if not 0 < level < 1:
        raise KGError(f"level must lie between 0 and 1 (e.g. 0.95), not {level}")
    rows = claim_rows(claims)
    full = truth.discover(rows, method, frame, **params).trust
    rng = np.random.default_rng(seed)
    draws: dict[str, list[float]] = defaultdict(list)
    for _ in range(replicates if rows else 0):
        sample = [rows[i] for i in rng.integers(0, len(rows), len(rows))]
        for source, score in truth.discover(sample, method, frame, **params).trust.items():
            draws[source].append(score)
    labels = {c.source: c.label for c in claims}
    counts = Counter(c.source for c in claims)
    tail = (1 - level) / 2 * 100
    intervals = []
    for source, trust in full.items():
        got = draws.get(source, [])
        low, high = np.percentile(got, [tail, 100 - tail]) if got else (float("nan"), float("nan"))
        intervals.append(TrustInterval(source, labels.get(source, source), method, float(trust),
                                       float(low), float(high), len(got), counts[source]))
    return intervals
