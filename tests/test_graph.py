"""The RDF edge: vocabulary in code matches ontology/kg.ttl, exports round-trip, SHACL holds,
and a write is all or nothing."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import OWL, RDF, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from kg.graph import KG
from kg.resources import ontology_path
from kg.store import Store
from kg.validate import validate


def test_namespace_terms_match_the_ontology() -> None:
    ontology = Graph().parse(ontology_path("kg.ttl"))
    declared = {str(s) for s in ontology.subjects() if str(s).startswith(str(KG._NS))}
    in_code = {str(KG._NS) + name for name in KG.__annotations__}
    assert declared == in_code
    assert (URIRef(KG.Statement), RDF.type, OWL.Class) in ontology
    with pytest.raises(AttributeError):
        _ = KG.Statment  # a typo is an error


@pytest.mark.parametrize("with_ontology", [False, True])
def test_turtle_export_round_trips_in_rdflib_and_oxigraph(seed_store: Store, tmp_path: Path, with_ontology: bool) -> None:
    out = tmp_path / "g.ttl"
    seed_store.export(out, "turtle", with_ontology=with_ontology)
    from_rdflib = Graph().parse(out, format="turtle")
    with open(out, "rb") as handle:
        from_oxigraph = Graph()
        for t in ox.parse(handle, format=ox.RdfFormat.TURTLE):
            from_oxigraph.add(tuple(_to_rdflib(x) for x in (t.subject, t.predicate, t.object)))
    in_store = Graph()
    for t in seed_store.triples(with_ontology):
        in_store.add(tuple(_to_rdflib(x) for x in (t.subject, t.predicate, t.object)))
    assert len(from_rdflib) == len(in_store) > (1000 if with_ontology else 300)
    assert (URIRef("https://w3id.org/crkg/ns#Statement"), RDF.type, OWL.Class) in from_rdflib or not with_ontology
    assert isomorphic(from_rdflib, from_oxigraph)
    assert isomorphic(from_rdflib, in_store)


@pytest.mark.parametrize(("fmt", "rdflib_format"), [("nt", "nt"), ("jsonld", "json-ld"), ("trig", "trig")])
def test_other_formats_parse(seed_store: Store, tmp_path: Path, fmt: str, rdflib_format: str) -> None:
    out = tmp_path / f"g.{fmt}"
    seed_store.export(out, fmt, with_ontology=True)
    if fmt in {"trig", "jsonld"}:  # dataset formats keep the named graphs (ontology apart from data)
        from rdflib import Dataset

        parsed = Dataset().parse(out, format=rdflib_format)
        assert sum(len(g) for g in parsed.graphs()) == len(seed_store)
    else:
        assert len(Graph().parse(out, format=rdflib_format)) == len(list(seed_store.triples()))


def _to_rdflib(term):  # type: ignore[no-untyped-def]
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        from rdflib import BNode

        return BNode(term.value)
    datatype = term.datatype.value if term.datatype and not term.language else None
    datatype = None if datatype == "http://www.w3.org/2001/XMLSchema#string" else URIRef(datatype) if datatype else None
    return Literal(term.value, lang=term.language, datatype=datatype)


def test_store_conforms_to_shapes(seed_store: Store) -> None:
    report = validate(seed_store)
    assert report.conforms, report.text


def test_shapes_catch_a_broken_statement(store_copy: Path) -> None:
    with Store(store_copy) as store:
        store.add([(URIRef("https://w3id.org/crkg/id/stmt/broken-0"), RDF.type, KG.Statement)], graph="https://example.org/g")
        report = validate(store)
    assert not report.conforms and report.violations >= 5


def test_a_failed_write_leaves_the_store_as_it_was(store_copy: Path) -> None:
    with Store(store_copy) as store:
        before = len(store)
        good = (URIRef("https://example.org/a"), RDF.type, KG.Document)
        with pytest.raises(TypeError):
            store.add([good, good, (URIRef("https://example.org/a"), RDF.value, object())], graph="https://example.org/g")
        assert len(store) == before


def test_rdflib_api_over_the_store(seed_store: Store) -> None:
    dataset = seed_store.rdflib()
    rows = list(dataset.query("SELECT (COUNT(?s) AS ?n) WHERE { ?s a kg:Statement }",
                              initNs={"kg": str(KG._NS)}))
    assert int(rows[0][0]) >= 15
    del dataset, rows  # the rdflib view holds the store open until it goes


def test_builders_give_each_triple_once_and_an_rdflib_graph_on_demand(seed_store: Store) -> None:
    from kg.graph import Triples, document_graph
    from kg.pipeline import process_documents
    from kg.read import read
    from kg.types import Document

    seed = [d for d in read([Path(__file__).resolve().parent.parent / "seeds"]) if isinstance(d, Document)]
    result = process_documents(seed)[0]
    triples = document_graph(result)
    assert isinstance(triples, Triples)
    as_list = list(triples)
    assert len(as_list) == len(set(as_list)) == len(triples)  # a proposition named twice is written once
    graph = triples.graph()
    assert len(graph) == len(triples) and all(t in graph for t in triples)
    assert dict(graph.namespaces())["kg"] == URIRef(str(KG._NS))
    # what the store holds of the document is exactly what the builder made
    doc = next(s for s, p, o in triples if p == RDF.type and o == KG.Document)
    stored = Graph()
    for row in seed_store.select(f"SELECT ?s ?p ?o WHERE {{ ?s ?p ?o FILTER(?s = <{doc}>) }}")[1]:
        stored.add((URIRef(row["s"]), URIRef(row["p"]), URIRef(row["o"]) if row["o"].startswith("http") else Literal(row["o"])))
    assert {p for _, p, _ in stored} == {p for s, p, _ in triples if s == doc}
    combined = triples + Triples([(doc, RDF.type, OWL.Thing)])
    assert len(combined) == len(triples) + 1 and (doc, RDF.type, OWL.Thing) not in triples


def test_shapes_check_stored_findings(store_copy: Path) -> None:
    with Store(store_copy) as store:
        assert validate(store).conforms
        finding = store.select("PREFIX kg: <https://w3id.org/crkg/ns#> SELECT ?f WHERE { ?f a kg:Contradiction }")[1][0]["f"]
        store.update(f"PREFIX kg: <https://w3id.org/crkg/ns#> INSERT DATA {{ GRAPH <https://example.org/g> {{ "
                     f"<{finding}> kg:findingKind \"rumour\" }} }}")
        report = validate(store)
    assert not report.conforms and "rumour" in report.text
