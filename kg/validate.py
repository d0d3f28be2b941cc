"""Check a store against ``ontology/shapes.ttl`` with pySHACL (RDFS inference on, so a
kg:Organization counts as a kg:Source)."""

from __future__ import annotations

from dataclasses import dataclass

from . import resources
from .store import BaseStore


@dataclass(frozen=True)
class Report:
    conforms: bool
    violations: int
    text: str


def validate(store: BaseStore) -> Report:
    """Validate the whole store (data and ontology) against the SHACL shapes."""
    import pyshacl
    from rdflib import Graph

    data = Graph()
    data.parse(data=_ntriples(store), format="nt")
    shapes = Graph().parse(resources.ontology_path("shapes.ttl"), format="turtle")
    ontology = Graph().parse(resources.ontology_path("kg.ttl"), format="turtle")
    conforms, results, text = pyshacl.validate(data, shacl_graph=shapes, ont_graph=ontology,
                                               inference="rdfs", allow_warnings=True)
    from rdflib.namespace import SH

    violations = len(set(results.subjects(predicate=SH.resultSeverity)))
    return Report(conforms=bool(conforms), violations=violations, text=str(text))


def _ntriples(store: BaseStore) -> str:
    import pyoxigraph as ox

    return ox.serialize(list(store.triples()), format=ox.RdfFormat.N_TRIPLES).decode("utf-8")
