"""Stage 5 (rdflib): the dataclasses of the flow → RDF triples.

The one place that knows the vocabulary's namespace and how IRIs are minted:

* sources   ``<https://w3id.org/crkg/id/source/{key}>`` (the gazetteer's own IRIs for known ones)
* documents ``<https://w3id.org/crkg/id/doc/{id}>``
* statements ``<https://w3id.org/crkg/id/stmt/{doc id}-{n}>``
* propositions ``<https://w3id.org/crkg/id/prop/{hash of the frame}>``
* findings ``<https://w3id.org/crkg/id/contradiction/{hash}>``, ``…/corroboration/{hash}``
  (hash of the kind and the propositions: the same finding keeps its IRI across relinks)
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from typing import Any
from urllib.parse import quote

from rdflib import RDF, RDFS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import PROV, SKOS, DefinedNamespace
from rdflib.term import Node

from .relays import Fingerprint
from .types import DocumentResult, IngestRun, Proposition, ResolvedStatement, Source, Statement


class KG(DefinedNamespace):
    """The terms of ``ontology/kg.ttl``; a typo is an error, not a new IRI."""

    _NS = Namespace("https://w3id.org/crkg/ns#")
    _fail = True

    Source: URIRef
    Organization: URIRef
    Person: URIRef
    State: URIRef
    Outlet: URIRef
    AnonymousSource: URIRef
    speaksFor: URIRef
    descriptor: URIRef
    demonym: URIRef
    outletKey: URIRef
    Document: URIRef
    text: URIRef
    docId: URIRef
    textFingerprint: URIRef
    sourcePath: URIRef
    wireCredit: URIRef
    Statement: URIRef
    reportedIn: URIRef
    cue: URIRef
    stance: URIRef
    negated: URIRef
    about: URIRef
    affirms: URIRef
    disputes: URIRef
    directQuote: URIRef
    beginIndex: URIRef
    endIndex: URIRef
    sentence: URIRef
    speakerText: URIRef
    via: URIRef
    Stance: URIRef
    Asserts: URIRef
    Denies: URIRef
    Hedges: URIRef
    Proposition: URIRef
    eventType: URIRef
    agent: URIRef
    target: URIRef
    location: URIRef
    eventDate: URIRef
    casualties: URIRef
    casualtyKind: URIRef
    specializes: URIRef
    conflictsWith: URIRef
    facet: URIRef
    EventType: URIRef
    Place: URIRef
    within: URIRef
    trigger: URIRef
    TargetCategory: URIRef
    credibility: URIRef
    CredibilityAssessment: URIRef
    method: URIRef
    parameters: URIRef
    claimCount: URIRef
    Score: URIRef
    scoreOf: URIRef
    IngestRun: URIRef
    Import: URIRef
    programVersion: URIRef
    modelVersion: URIRef
    documentCount: URIRef
    statementCount: URIRef
    inputFormat: URIRef
    contentHash: URIRef
    camp: URIRef
    confidence: URIRef
    value: URIRef
    Finding: URIRef
    Contradiction: URIRef
    Corroboration: URIRef
    findingKind: URIRef
    concerns: URIRef
    independentSources: URIRef
    summary: URIRef
    contradictionSummary: URIRef
    corroborationSummary: URIRef
    findingsVersion: URIRef
    pendingRun: URIRef


BASE = "https://w3id.org/crkg/id/"
SRC = Namespace(BASE + "source/")
DOC = Namespace(BASE + "doc/")
STMT = Namespace(BASE + "stmt/")
PROP = Namespace(BASE + "prop/")
PLACE = Namespace(BASE + "place/")
EVENT = Namespace(BASE + "event/")
SCHEMA = Namespace("https://schema.org/")

#: Prefixes bound in every graph and export, so Turtle stays readable.
PREFIXES: dict[str, Namespace] = {
    "kg": Namespace(str(KG._NS)), "src": SRC, "doc": DOC, "stmt": STMT, "prop": PROP, "place": PLACE,
    "ev": EVENT, "prov": PROV, "schema": SCHEMA, "skos": SKOS,
}
STANCES = {"assert": KG.Asserts, "deny": KG.Denies, "hedge": KG.Hedges}
STANCE_NAMES = {str(v): k for k, v in STANCES.items()}


class Triples:
    """What the builders below return: an insertion-ordered set of rdflib triples.

    A light stand-in for an rdflib :class:`~rdflib.Graph`, which indexes every triple three ways
    as it is added: the store indexes them itself, and building a ``Graph`` per document cost
    ingest more than writing it. :meth:`graph` gives the rdflib ``Graph`` when one is wanted."""

    __slots__ = ("_items",)

    def __init__(self, triples: Iterable[tuple[Node, Node, Node]] = ()) -> None:
        self._items: dict[tuple[Node, Node, Node], None] = dict.fromkeys(triples)

    def add(self, triple: tuple[Node, Node, Node]) -> None:
        self._items[triple] = None

    def __iter__(self) -> Iterator[tuple[Node, Node, Node]]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __contains__(self, triple: object) -> bool:
        return triple in self._items

    def __add__(self, other: Iterable[tuple[Node, Node, Node]]) -> Triples:
        return Triples([*self._items, *other])

    def __iadd__(self, other: Iterable[tuple[Node, Node, Node]]) -> Triples:
        self._items.update(dict.fromkeys(other))
        return self

    def graph(self) -> Graph:
        """The triples as an rdflib ``Graph`` with the project's prefixes bound."""
        graph = Graph()
        for prefix, namespace in PREFIXES.items():
            graph.bind(prefix, namespace, override=True)
        for triple in self._items:
            graph.add(triple)
        return graph


def new_graph() -> Triples:
    return Triples()


def _safe(text: str) -> str:
    return quote(text, safe="-_.~")


def source_iri(source: Source | str) -> URIRef:
    return SRC[_safe(source if isinstance(source, str) else source.key)]


def document_iri(doc_id: str) -> URIRef:
    return DOC[_safe(doc_id)]


def statement_iri(doc_id: str, index: int) -> URIRef:
    return STMT[f"{_safe(doc_id)}-{index}"]


def proposition_iri(key: str) -> URIRef:
    return PROP[key]


def document_graph(result: DocumentResult) -> Triples:
    """All triples of one processed document: the document, its statements, their speakers and
    propositions. Known sources' own descriptions live in the ontology graph loaded with the store."""
    graph = new_graph()
    document = result.document
    doc = document_iri(document.id)
    graph.add((doc, RDF.type, KG.Document))
    graph.add((doc, KG.docId, Literal(document.id)))
    graph.add((doc, KG.text, Literal(document.text)))
    graph.add((doc, KG.textFingerprint, Literal(Fingerprint.of(document.text).encode())))
    if document.title:
        graph.add((doc, SCHEMA.headline, Literal(document.title)))
    if document.date:
        graph.add((doc, SCHEMA.datePublished, Literal(document.date, datatype=XSD.date)))
    if document.url:
        graph.add((doc, SCHEMA.url, Literal(document.url, datatype=XSD.anyURI)))
    if document.origin:
        graph.add((doc, KG.sourcePath, Literal(document.origin)))
    if result.outlet is not None:
        _add_source(graph, result.outlet)
        graph.add((doc, SCHEMA.publisher, source_iri(result.outlet)))
    for agency in result.credits:
        _add_source(graph, agency)
        graph.add((doc, KG.wireCredit, source_iri(agency)))
    for item in result.statements:
        _add_statement(graph, doc, item)
    return graph


def _add_source(graph: Triples, source: Source) -> None:
    iri = source_iri(source)
    if source.known:
        return  # described by ontology/sources.ttl, already in the store
    graph.add((iri, RDF.type, getattr(KG, source.kind) if source.kind != "Source" else KG.Source))
    graph.add((iri, SKOS.prefLabel, Literal(source.label)))
    if source.speaks_for:
        graph.add((iri, KG.speaksFor, source_iri(source.speaks_for[0])))


def _add_statement(graph: Triples, doc: URIRef, item: ResolvedStatement) -> None:
    s = item.statement
    iri = statement_iri(s.doc_id, s.index)
    _add_source(graph, item.speaker)
    graph.add((iri, RDF.type, KG.Statement))
    graph.add((iri, KG.reportedIn, doc))
    graph.add((iri, PROV.wasAttributedTo, source_iri(item.speaker)))
    graph.add((iri, KG.speakerText, Literal(s.speaker.text)))
    graph.add((iri, KG.cue, Literal(s.cue)))
    graph.add((iri, KG.stance, STANCES[s.stance]))
    graph.add((iri, KG.negated, Literal(s.negated)))
    graph.add((iri, KG.text, Literal(s.content)))
    graph.add((iri, KG.directQuote, Literal(s.quote == "direct")))
    graph.add((iri, KG.beginIndex, Literal(s.start, datatype=XSD.integer)))
    graph.add((iri, KG.endIndex, Literal(s.end, datatype=XSD.integer)))
    graph.add((iri, KG.sentence, Literal(s.sentence)))
    if s.channel:
        graph.add((iri, KG.via, Literal(s.channel)))
    speaker, link = source_iri(item.speaker), shortcut(s)
    for proposition in item.propositions:
        _add_proposition(graph, proposition)
        graph.add((iri, KG.about, proposition_iri(proposition.key)))
        if link is not None:
            graph.add((speaker, link, proposition_iri(proposition.key)))


def shortcut(statement: Statement) -> URIRef | None:
    """The shortcut from a statement's speaker to what it is about: ``kg:disputes`` when it
    holds it false (negated), ``kg:affirms`` when it asserts it, none for a hedge. The rule
    ``derive_shortcuts.ru`` applies to statements written by other means."""
    return KG.disputes if statement.negated else KG.affirms if statement.stance == "assert" else None


def _add_proposition(graph: Triples, p: Proposition) -> None:
    iri = proposition_iri(p.key)
    graph.add((iri, RDF.type, KG.Proposition))
    graph.add((iri, RDFS.label, Literal(p.label)))
    graph.add((iri, KG.eventType, EVENT[p.event_type]))
    if p.location:
        graph.add((iri, KG.location, PLACE[p.location]))
    if p.event_date and p.date_stated:
        graph.add((iri, KG.eventDate, Literal(p.event_date, datatype=XSD.date)))
    if p.general:
        graph.add((iri, KG.specializes, proposition_iri(p.general)))
        graph.add((iri, KG.facet, Literal(p.facet)))
    if p.facet == "agent" and p.value:
        graph.add((iri, KG.agent, source_iri(p.value)))
    elif p.facet == "target" and p.value:
        graph.add((iri, KG.target, Literal(p.value)))
    elif p.facet in {"killed", "wounded"} and p.value:
        graph.add((iri, KG.casualties, Literal(p.value)))
        graph.add((iri, KG.casualtyKind, Literal(p.facet)))


def derivation_graph(links: Iterable[tuple[Any, ...]]) -> Triples:
    """``prov:wasDerivedFrom`` from each copying document to the one it copies: (derived, source,
    …) doc ids, as :func:`kg.relays.near_duplicates` gives them."""
    graph = new_graph()
    for derived, source, *_ in links:
        graph.add((document_iri(derived), PROV.wasDerivedFrom, document_iri(source)))
    return graph


def conflict_graph(pairs: list[tuple[str, str]]) -> Triples:
    """``kg:conflictsWith`` both ways for each conflicting pair of proposition keys."""
    graph = new_graph()
    for a, b in pairs:
        graph.add((proposition_iri(a), KG.conflictsWith, proposition_iri(b)))
        graph.add((proposition_iri(b), KG.conflictsWith, proposition_iri(a)))
    return graph


def finding_iri(kind: str, finding: dict[str, Any]) -> URIRef:
    """``…/id/contradiction/{hash}`` or ``…/id/corroboration/{hash}``: a digest of what the finding
    is about (its kind and propositions), so that it keeps its IRI while its evidence grows."""
    about = [finding.get("kind", ""), finding.get("proposition", ""), *finding.get("propositions", [])]
    return URIRef(f"{BASE}{kind}/{hashlib.sha1('|'.join(about).encode('utf-8')).hexdigest()[:20]}")


def finding_propositions(finding: dict[str, Any]) -> list[str]:
    """The propositions a finding of :mod:`kg.analyze` is about: one (a denial, a corroboration) or
    two (a conflict)."""
    return [p for p in [finding.get("proposition"), *finding.get("propositions", [])] if p]


def findings_graph(contradictions: list[dict[str, Any]], corroborations: list[dict[str, Any]],
                   version: str, links: str) -> Triples:
    """The findings of :mod:`kg.analyze` as nodes: type, kind, claim, the propositions they concern,
    and the whole finding as JSON (``kg:contradictionSummary``, ``kg:corroborationSummary``),
    marked on the links graph ``links`` with the version of kg that computed them."""
    graph = new_graph()
    for kind, cls, summary, findings in (("contradiction", KG.Contradiction, KG.contradictionSummary, contradictions),
                                         ("corroboration", KG.Corroboration, KG.corroborationSummary, corroborations)):
        for finding in findings:
            iri = finding_iri(kind, finding)
            graph.add((iri, RDF.type, cls))
            graph.add((iri, RDF.type, KG.Finding))
            graph.add((iri, RDFS.label, Literal(finding["claim"])))
            if "kind" in finding:
                graph.add((iri, KG.findingKind, Literal(finding["kind"])))
            if "independent" in finding:
                graph.add((iri, KG.independentSources, Literal(finding["independent"])))
            for prop in finding_propositions(finding):
                graph.add((iri, KG.concerns, URIRef(prop)))
            text = json.dumps(finding, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
            graph.add((iri, summary, Literal(text)))
    graph.add((URIRef(links), KG.findingsVersion, Literal(version)))
    return graph


def assessment_graph(assessment) -> Triples:  # type: ignore[no-untyped-def]
    """A credibility assessment (a ``prov:Activity``) and the scores it generated: each source's
    credibility, each believed value's confidence, each document's score — as ``kg:Score`` nodes,
    so that several assessments coexist and SPARQL can compare them."""
    from . import __version__
    from .credibility import params_json

    graph = new_graph()
    run = URIRef(assessment.iri)
    bundle = URIRef(assessment_graph_iri(assessment.iri))
    graph.add((bundle, RDF.type, PROV.Bundle))
    graph.add((bundle, PROV.wasGeneratedBy, run))
    graph.add((run, KG.programVersion, Literal(__version__)))
    graph.add((run, RDF.type, KG.CredibilityAssessment))
    graph.add((run, RDF.type, PROV.Activity))
    graph.add((run, KG.method, Literal(assessment.method)))
    graph.add((run, KG.parameters, Literal(params_json(assessment.params))))
    graph.add((run, KG.claimCount, Literal(len(assessment.claims), datatype=XSD.integer)))
    graph.add((run, PROV.startedAtTime, Literal(assessment.started.isoformat(), datatype=XSD.dateTime)))
    graph.add((run, PROV.used, URIRef("https://w3id.org/crkg/id/query/claims")))
    result = assessment.result

    def score(kind: str, n: int, about: URIRef, predicate: URIRef, value: float) -> URIRef:
        node = URIRef(f"{assessment.iri}/{kind}/{n}")
        graph.add((node, RDF.type, KG.Score))
        graph.add((node, KG.scoreOf, about))
        graph.add((node, predicate, Literal(round(float(value), 6), datatype=XSD.decimal)))
        graph.add((node, PROV.wasGeneratedBy, run))
        return node

    from .credibility import speaker_trust

    for n, (source, trust) in enumerate(sorted(speaker_trust(assessment.claims, result.trust).items())):
        score("source", n, URIRef(str(source)), KG.credibility, trust)
    for n, (obj, value) in enumerate(sorted(result.truth.items())):
        prop, _, facet = str(obj).partition("#")
        node = score("claim", n, URIRef(prop), KG.confidence, result.confidence.get(obj, 0.0))
        graph.add((node, KG.facet, Literal(facet)))
        graph.add((node, KG.value, Literal(str(value).partition(":")[2])))
    for n, (doc, value) in enumerate(sorted(assessment.document_scores.items())):
        score("doc", n, URIRef(doc), KG.credibility, value)
    return graph


def pending_graph(run_graph: str, links: str) -> Triples:
    """The mark on the links graph ``links`` saying the ingest run of graph ``run_graph`` is
    pending: its documents are not counted in the stored links and findings yet."""
    graph = new_graph()
    graph.add((URIRef(links), KG.pendingRun, URIRef(run_graph)))
    return graph


def run_graph(run: IngestRun) -> Triples:
    """The PROV record of an ingest run, stored in the run's own named graph: the graph is a
    ``prov:Bundle`` generated by a ``kg:IngestRun`` (inputs, program and model versions, times,
    counts). Written with the run's first document and completed when the run ends."""
    graph = new_graph()
    bundle, activity = URIRef(run.graph), URIRef(run.activity)
    graph.add((bundle, RDF.type, PROV.Bundle))
    graph.add((bundle, PROV.wasGeneratedBy, activity))
    graph.add((activity, RDF.type, KG.IngestRun))
    graph.add((activity, RDF.type, PROV.Activity))
    graph.add((activity, PROV.startedAtTime, Literal(run.started.isoformat(), datatype=XSD.dateTime)))
    graph.add((activity, PROV.wasAssociatedWith, URIRef(f"https://w3id.org/crkg/id/software/kg-{run.program_version}")))
    graph.add((activity, KG.programVersion, Literal(run.program_version)))
    graph.add((activity, KG.modelVersion, Literal(run.model_version)))
    for used in run.inputs:
        graph.add((activity, PROV.used, Literal(used)))
    if run.ended is not None:
        graph.add((activity, PROV.endedAtTime, Literal(run.ended.isoformat(), datatype=XSD.dateTime)))
        graph.add((activity, KG.documentCount, Literal(run.documents, datatype=XSD.integer)))
        graph.add((activity, KG.statementCount, Literal(run.statements, datatype=XSD.integer)))
    return graph


def import_graph(graph_iri: str, used: str, fmt: str) -> Triples:
    """The PROV record of a ``kg import``, stored in the import's own named graph: the graph is
    a ``prov:Bundle`` generated by a ``kg:Import`` that used the file ``used`` (an IRI)."""
    from datetime import datetime, timezone

    from . import __version__

    graph = new_graph()
    bundle, activity = URIRef(graph_iri), URIRef(graph_iri.replace("/graph/", "/id/"))
    graph.add((bundle, RDF.type, PROV.Bundle))
    graph.add((bundle, PROV.wasGeneratedBy, activity))
    graph.add((activity, RDF.type, KG.Import))
    graph.add((activity, RDF.type, PROV.Activity))
    graph.add((activity, PROV.startedAtTime,
               Literal(datetime.now(timezone.utc).isoformat(), datatype=XSD.dateTime)))
    graph.add((activity, PROV.used, URIRef(used)))
    graph.add((activity, KG.programVersion, Literal(__version__)))
    graph.add((activity, KG.inputFormat, Literal(fmt)))
    return graph


def assessment_graph_iri(assessment_iri: str) -> str:
    """The named graph of a credibility assessment."""
    return assessment_iri.replace("/id/assessment/", "/graph/assessment/")
