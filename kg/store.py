"""The embedded on-disk store: Oxigraph (RocksDB, transactional) behind a small API.

Layout of a store folder::

    PATH/kg-store.json   marker: format version, hash of the ontology loaded
    PATH/oxigraph/       the Oxigraph database

Documents go to the default graph, one transaction each (an interrupted ingest leaves the store as
it was before the document being written). The vocabulary and gazetteers of ``ontology/`` live in
the named graph :data:`ONTOLOGY_GRAPH`, replaced when the package's copy changes. Queries see the
union of all graphs. :meth:`Store.rdflib` gives the same data through rdflib's API (oxrdflib).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from . import resources
from .errors import QueryError, StoreError

MARKER = "kg-store.json"
FORMAT_VERSION = 1
ONTOLOGY_GRAPH = ox.NamedNode("https://w3id.org/crkg/graph/ontology")
FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "trig": ox.RdfFormat.TRIG,
    "nt": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS,
    "jsonld": ox.RdfFormat.JSON_LD,
    "xml": ox.RdfFormat.RDF_XML,
}


def _ontology_hash() -> str:
    digest = hashlib.sha256()
    for name in resources.ONTOLOGY_FILES:
        digest.update(resources.ontology_path(name).read_bytes())
    return digest.hexdigest()[:16]


def to_ox(term: Any) -> Any:
    """An rdflib term as a pyoxigraph term."""
    from rdflib import BNode, Literal, URIRef

    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"cannot store {term!r}")


def python_value(term: Any) -> Any:
    """A pyoxigraph term as a plain Python value (IRIs and strings as str, numbers as numbers)."""
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value if term.datatype else ""
        if datatype.endswith(("#integer", "#nonNegativeInteger", "#int", "#long")):
            return int(term.value)
        if datatype.endswith(("#decimal", "#double", "#float")):
            return float(term.value)
        if datatype.endswith("#boolean"):
            return term.value == "true"
        return term.value
    return term.value


class Store:
    """An embedded kg store at ``path``; use as a context manager, or call :meth:`close`."""

    def __init__(self, path: str | Path, *, create: bool = False) -> None:
        self.path = Path(path)
        marker = self.path / MARKER
        if self.path.exists() and not self.path.is_dir():
            raise StoreError(f"{self.path} is a file, not a kg store; pass --store a folder path")
        if not marker.exists():
            if self.path.exists() and any(self.path.iterdir()):
                raise StoreError(f"{self.path} is not a kg store (no {MARKER}); pass --store an empty or new folder")
            if not create:
                raise StoreError(f"no store at {self.path}; run `kg ingest PATH` first, or pass --store")
        else:
            try:
                meta = json.loads(marker.read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                raise StoreError(f"{marker} is damaged ({exc}); the store cannot be opened") from exc
            if meta.get("format") != FORMAT_VERSION:
                raise StoreError(f"{self.path} was made by another version of kg (format {meta.get('format')})")
        try:
            self.path.mkdir(parents=True, exist_ok=True)
            self._store: ox.Store | None = ox.Store(str(self.path / "oxigraph"))
        except OSError as exc:
            message = str(exc)
            if "lock" in message.lower():
                raise StoreError(f"the store {self.path} is in use by another kg process; wait for it to finish") from exc
            raise StoreError(f"cannot open the store {self.path}: {message}") from exc
        self._ensure_ontology(marker)

    # ------------------------------------------------------------ lifecycle
    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Flush and release the store. RocksDB closes (and frees its lock) when the last
        reference to it goes; rdflib graphs from :meth:`rdflib` hold one in reference cycles, so
        the garbage collector is run too. Drop such graphs before closing."""
        if self._store is not None:
            self._store.flush()
            self._store = None
            import gc

            gc.collect()

    @property
    def oxigraph(self) -> ox.Store:
        if self._store is None:
            raise StoreError("the store is closed")
        return self._store

    def _ensure_ontology(self, marker: Path) -> None:
        wanted = _ontology_hash()
        meta = json.loads(marker.read_text(encoding="utf-8")) if marker.exists() else {}
        if meta.get("ontology") == wanted:
            return
        quads = []
        for name in resources.ONTOLOGY_FILES:
            with open(resources.ontology_path(name), "rb") as handle:
                quads.extend(ox.Quad(t.subject, t.predicate, t.object, ONTOLOGY_GRAPH)
                             for t in ox.parse(handle, format=ox.RdfFormat.TURTLE))
        if self.oxigraph.contains_named_graph(ONTOLOGY_GRAPH):
            self.oxigraph.remove_graph(ONTOLOGY_GRAPH)
        self.oxigraph.extend(quads)
        meta.update({"format": FORMAT_VERSION, "ontology": wanted})
        marker.write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")

    # ------------------------------------------------------------ writing
    def add(self, triples: Iterable[tuple[Any, Any, Any]]) -> int:
        """Add rdflib triples to the default graph in one transaction; returns how many."""
        quads = [ox.Quad(to_ox(s), to_ox(p), to_ox(o), ox.DefaultGraph()) for s, p, o in triples]
        self.oxigraph.extend(quads)
        return len(quads)

    def has_document(self, iri: str) -> bool:
        return any(True for _ in self.oxigraph.quads_for_pattern(ox.NamedNode(iri), None, None, ox.DefaultGraph()))

    # ------------------------------------------------------------ reading
    def query(self, sparql: str) -> Any:
        """Run SPARQL over the union of all graphs; a syntax error is a :class:`QueryError`."""
        try:
            return self.oxigraph.query(sparql, use_default_graph_as_union=True)
        except SyntaxError as exc:
            raise QueryError(f"invalid SPARQL: {exc}") from exc
        except (OSError, ValueError, TypeError) as exc:
            raise QueryError(f"the query failed: {exc}") from exc

    def select(self, sparql: str) -> tuple[list[str], list[dict[str, Any]]]:
        """Column names and rows (dicts of plain Python values) of a SELECT query."""
        result = self.query(sparql)
        if not isinstance(result, ox.QuerySolutions):
            raise QueryError("expected a SELECT query")
        names = [v.value for v in result.variables]
        rows = [{name: python_value(solution[name]) for name in names} for solution in result]
        return names, rows

    def triples(self) -> Iterator[ox.Triple]:
        """Every triple of the union of the graphs, each once."""
        yield from self.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")

    def __len__(self) -> int:
        return len(self.oxigraph)

    def export(self, output: str | Path, fmt: str) -> int:
        """Write the whole graph; ``trig``/``nquads`` keep the named graphs. Returns triples written."""
        from .graph import PREFIXES

        prefixes = {k: str(v) for k, v in PREFIXES.items()}
        prefixes.update({"rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
                         "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
                         "xsd": "http://www.w3.org/2001/XMLSchema#",
                         "owl": "http://www.w3.org/2002/07/owl#"})
        rdf_format = FORMATS[fmt]
        if rdf_format.supports_datasets:
            self.oxigraph.dump(str(output), rdf_format, prefixes=prefixes if fmt == "trig" else None)
            return len(self.oxigraph)
        triples = list(self.triples())
        kwargs = {"prefixes": prefixes} if fmt in {"turtle", "xml"} else {}
        ox.serialize(triples, str(output), rdf_format, **kwargs)
        return len(triples)

    def rdflib(self) -> Any:
        """The store as an :class:`rdflib.Dataset` (oxrdflib): rdflib's API over the same data."""
        from oxrdflib import OxigraphStore
        from rdflib import Dataset

        from .graph import PREFIXES

        dataset = Dataset(store=OxigraphStore(store=self.oxigraph), default_union=True)
        for prefix, namespace in PREFIXES.items():
            dataset.bind(prefix, namespace, override=True)
        return dataset
