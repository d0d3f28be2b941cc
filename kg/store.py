"""Where the graph lives: the embedded on-disk store (Oxigraph), or any SPARQL 1.1 server.

:func:`open_store` picks one from a location: a folder path is an embedded :class:`Store`; an
``http(s)://`` URL is a :class:`RemoteStore` (SPARQL 1.1 Query, Update and Graph Store
protocols). Both offer the same small API, so every command works against either.

The data is a dataset of named graphs, queried as their union:

* ``…/graph/ontology`` — the vocabulary and gazetteers of ``ontology/``, replaced when the
  package's copy changes;
* ``…/graph/run/{id}`` — one per ingest run: its documents and the run's PROV record;
* ``…/graph/assessment/{id}`` — one per credibility assessment;
* ``…/graph/import/{id}`` — triples loaded by ``kg import``;
* ``…/graph/links`` — what is computed over the whole store (conflicting propositions,
  near-duplicate documents), recomputed after each change.

Layout of an embedded store folder::

    PATH/kg-store.json   marker: format version, hash of the ontology loaded
    PATH/oxigraph/       the Oxigraph database (RocksDB)

Each document is written in one transaction (one request for a remote store): an interrupted
ingest leaves the store as it was before the document being written.
"""

from __future__ import annotations

import hashlib
import http.client
import json
import os
import threading
import urllib.parse
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

import pyoxigraph as ox

from . import resources
from .errors import InputError, QueryError, StoreError

MARKER = "kg-store.json"
SERVING = "kg-serve.json"  # present while `kg serve` serves the store
FORMAT_VERSION = 2
GRAPH_BASE = "https://w3id.org/crkg/graph/"
ONTOLOGY_GRAPH = ox.NamedNode(GRAPH_BASE + "ontology")
LINKS_GRAPH = ox.NamedNode(GRAPH_BASE + "links")
KG_NS = "https://w3id.org/crkg/ns#"
CONTENT_HASH = ox.NamedNode(KG_NS + "contentHash")
FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "trig": ox.RdfFormat.TRIG,
    "nt": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS,
    "jsonld": ox.RdfFormat.JSON_LD,
    "xml": ox.RdfFormat.RDF_XML,
}
SUFFIXES = {".ttl": "turtle", ".turtle": "turtle", ".trig": "trig", ".nt": "nt", ".ntriples": "nt",
            ".nq": "nquads", ".nquads": "nquads", ".jsonld": "jsonld", ".json": "jsonld",
            ".rdf": "xml", ".xml": "xml", ".owl": "xml"}


def open_store(location: str | Path, *, create: bool = False) -> BaseStore:
    """The store at ``location``: a SPARQL endpoint URL (``http://host:7878/query``) or a folder."""
    text = str(location)
    if text.startswith(("http://", "https://")):
        return RemoteStore(text, create=create)
    return Store(text, create=create)


@contextmanager
def serving_marker(path: str | Path, url: str) -> Iterator[None]:
    """Mark the embedded store at ``path`` as served at ``url`` (by this process) while in the
    block: :class:`Store` then refuses to open it, since Oxigraph leaves writing a database that
    its read-only server reads undefined. Read it through the endpoint meanwhile."""
    marker = Path(path) / SERVING
    marker.write_text(json.dumps({"pid": os.getpid(), "url": url}) + "\n", encoding="utf-8")
    try:
        yield
    finally:
        marker.unlink(missing_ok=True)


def _served_at(path: Path) -> str | None:
    """The endpoint URL if a live `kg serve` serves the store at ``path``."""
    try:
        info = json.loads((path / SERVING).read_text(encoding="utf-8"))
        os.kill(int(info["pid"]), 0)
    except (OSError, ValueError, KeyError, TypeError):
        return None  # no marker, or its server is gone
    return str(info.get("url", ""))


def new_graph_iri(kind: str, label: str = "") -> str:
    """A fresh named-graph IRI ``…/graph/{kind}/{UTC time}[-{label}]``, sortable by time."""
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
    return f"{GRAPH_BASE}{kind}/{stamp}" + (f"-{label}" if label else "")


def _ontology_hash() -> str:
    digest = hashlib.sha256()
    for name in resources.ONTOLOGY_FILES:
        digest.update(resources.ontology_path(name).read_bytes())
    return digest.hexdigest()[:16]


def _ontology_loaded_query() -> str:
    """ASK whether the store's ontology graph holds this package's ontology."""
    return f"ASK {{ GRAPH {ONTOLOGY_GRAPH} {{ {ONTOLOGY_GRAPH} {CONTENT_HASH} \"{_ontology_hash()}\" }} }}"


def _ontology_quads() -> list[ox.Quad]:
    quads = []
    for name in resources.ONTOLOGY_FILES:
        with open(resources.ontology_path(name), "rb") as handle:
            quads.extend(ox.Quad(t.subject, t.predicate, t.object, ONTOLOGY_GRAPH)
                         for t in ox.parse(handle, format=ox.RdfFormat.TURTLE))
    quads.append(ox.Quad(ONTOLOGY_GRAPH, CONTENT_HASH, ox.Literal(_ontology_hash()), ONTOLOGY_GRAPH))
    return quads


#: IRIs converted lately (predicates, classes, sources recur in every document).
_NAMED_NODES: dict[str, ox.NamedNode] = {}
_OX_TERMS = (ox.NamedNode, ox.BlankNode, ox.Literal)


@lru_cache(maxsize=1)
def _rdflib_terms() -> tuple[type, type, type]:
    from rdflib import BNode, Literal, URIRef  # imported on first use: `kg --help` stays quick

    return URIRef, BNode, Literal


def to_ox(term: Any) -> Any:
    """An rdflib term (or a pyoxigraph one, returned as is) as a pyoxigraph term."""
    if isinstance(term, _OX_TERMS):
        return term
    uri, bnode, literal = _rdflib_terms()
    if isinstance(term, uri):
        iri = str(term)  # a URIRef never equals a str key (rdflib compares types), so key by str
        node = _NAMED_NODES.get(iri)
        if node is None:
            if len(_NAMED_NODES) > 50_000:
                _NAMED_NODES.clear()
            node = _NAMED_NODES[iri] = ox.NamedNode(iri)
        return node
    if isinstance(term, literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=to_ox(term.datatype))
        return ox.Literal(str(term))
    if isinstance(term, bnode):
        return ox.BlankNode(str(term))
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
            return term.value in {"true", "1"}  # both lexical forms (Virtuoso answers "1")
        return term.value
    return term.value


def _graph_node(graph: str | ox.NamedNode) -> ox.NamedNode:
    return graph if isinstance(graph, ox.NamedNode) else ox.NamedNode(str(graph))


def _as_quads(triples: Iterable[Any], graph: ox.NamedNode) -> list[ox.Quad]:
    return [ox.Quad(to_ox(s), to_ox(p), to_ox(o), graph) for s, p, o in triples]


def _prefixes() -> dict[str, str]:
    from .graph import PREFIXES

    prefixes = {k: str(v) for k, v in PREFIXES.items()}
    prefixes.update({"rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
                     "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
                     "xsd": "http://www.w3.org/2001/XMLSchema#",
                     "owl": "http://www.w3.org/2002/07/owl#"})
    return prefixes


def rdf_format(path: str | Path, fmt: str | None = None) -> str:
    """The format name of ``path``: ``fmt`` if given, else from its suffix."""
    if fmt:
        if fmt not in FORMATS:
            raise InputError(str(path), f"unknown RDF format {fmt!r}; choose one of {', '.join(FORMATS)}")
        return fmt
    suffix = Path(str(path)).suffix.lower()
    if suffix not in SUFFIXES:
        raise InputError(str(path), f"cannot tell the RDF format from the suffix {suffix or '(none)'!r}; pass --format")
    return SUFFIXES[suffix]


def parse_file(path: str | Path, fmt: str, default_graph: ox.NamedNode) -> list[ox.Quad]:
    """Every quad of an RDF file; triples (and a dataset's default graph) go to ``default_graph``.
    A syntax error is an :class:`InputError` naming the file and the position."""
    rdf = FORMATS[fmt]
    try:
        with open(path, "rb") as handle:
            items = list(ox.parse(handle, format=rdf, base_iri=Path(path).resolve().as_uri()))
    except SyntaxError as exc:
        raise InputError(str(path), f"not valid {fmt}: {exc}") from exc
    except (OSError, ValueError) as exc:
        raise InputError(str(path), f"cannot read: {exc}") from exc
    quads = []
    for item in items:
        if isinstance(item, ox.Quad) and not isinstance(item.graph_name, ox.DefaultGraph):
            quads.append(item)
        else:
            quads.append(ox.Quad(item.subject, item.predicate, item.object, default_graph))
    return quads


class Loaded(NamedTuple):
    """What :meth:`BaseStore.load` did: the file's default graph, quads added and left out, and
    every graph it wrote to."""

    graph: str
    added: int
    skipped: int
    graphs: frozenset[str]


class BaseStore:
    """What both stores share; subclasses provide :meth:`query`, :meth:`_write`, :meth:`update`."""

    location: str
    #: Whether a write may run on one thread while another reads (ingest then writes in the background).
    concurrent_writes = False

    # ------------------------------------------------------------ lifecycle
    def __enter__(self) -> BaseStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Release the store."""

    def flush(self) -> None:
        """Write buffered changes out (the embedded store's in-memory tables), freeing memory."""

    # ------------------------------------------------------------ primitives
    def query(self, sparql: str) -> Any:
        """Run SPARQL over the union of all graphs; returns pyoxigraph results (QuerySolutions,
        QueryBoolean, or an iterator of Triples). A syntax error is a :class:`QueryError`."""
        raise NotImplementedError

    def update(self, sparql: str) -> None:
        """Run a SPARQL Update in one transaction."""
        raise NotImplementedError

    def _write(self, quads: list[ox.Quad]) -> None:
        """Add quads in one transaction."""
        raise NotImplementedError

    def named_graphs(self) -> list[str]:
        raise NotImplementedError

    # ------------------------------------------------------------ writing
    def add(self, triples: Iterable[Any], graph: str | ox.NamedNode) -> int:
        """Add triples (rdflib or pyoxigraph terms) to the named ``graph`` in one transaction."""
        quads = _as_quads(triples, _graph_node(graph))
        self._write(quads)
        return len(quads)

    def add_quads(self, quads: list[ox.Quad]) -> int:
        """Add quads (each in its own graph) in one transaction."""
        self._write(quads)
        return len(quads)

    def replace_graph(self, graph: str | ox.NamedNode, triples: Iterable[Any]) -> int:
        """Replace the content of ``graph`` with ``triples`` in one transaction."""
        return self.amend(f"DROP SILENT GRAPH {_graph_node(graph)}", graph, triples)

    def amend(self, removal: str, graph: str | ox.NamedNode, triples: Iterable[Any]) -> int:
        """Run the SPARQL Update ``removal`` (may be empty; it removes, it adds nothing), then add
        ``triples`` to ``graph``, in one transaction. With nothing to remove it is :meth:`add`:
        the embedded store takes the quads as they are rather than an ``INSERT DATA`` it would
        parse back (a third of its writer's time)."""
        if not removal:
            return self.add(triples, graph)
        node = _graph_node(graph)
        quads = _as_quads(triples, node)
        insert = _insert({str(node): [q.triple for q in quads]}) if quads else ""
        self._update_adding(resources.joined_update([removal, insert]), [node.value] if quads else [])
        return len(quads)

    def _update_adding(self, sparql: str, graphs: list[str]) -> None:
        """Run an update that removes triples and adds some to ``graphs``, nowhere else (the
        remote store then knows its graphs without asking the server again)."""
        self.update(sparql)

    def drop_graph(self, graph: str | ox.NamedNode) -> None:
        self.update(f"DROP SILENT GRAPH {_graph_node(graph)}")

    def load(self, path: str | Path, fmt: str | None = None, graph: str | None = None) -> Loaded:
        """Load an RDF file (``kg import``): triples go to ``graph`` (default: a new import graph
        with its PROV record), a dataset's named graphs keep their names. The ontology graph is
        the store's own and is not overwritten. One transaction."""
        fmt = rdf_format(path, fmt)
        target = _graph_node(graph or new_graph_iri("import"))
        quads = parse_file(path, fmt, target)
        kept = [q for q in quads if q.graph_name != ONTOLOGY_GRAPH]
        skipped = len(quads) - len(kept)
        if graph is None and any(q.graph_name == target for q in kept):
            from .graph import import_graph

            kept.extend(_as_quads(import_graph(target.value, Path(path).resolve().as_uri(), fmt), target))
        self._write(kept)
        return Loaded(target.value, len(kept), skipped, frozenset(q.graph_name.value for q in kept))

    # ------------------------------------------------------------ reading
    def select(self, sparql: str) -> tuple[list[str], list[dict[str, Any]]]:
        """Column names and rows (dicts of plain Python values) of a SELECT query."""
        result = self.query(sparql)
        if not isinstance(result, ox.QuerySolutions):
            raise QueryError("expected a SELECT query")
        names = [v.value for v in result.variables]
        rows = [{name: python_value(solution[name]) for name in names} for solution in result]
        return names, rows

    def ask(self, sparql: str) -> bool:
        return bool(self.query(sparql))

    def has_document(self, iri: str) -> bool:
        return self.ask(f"ASK {{ <{iri}> a <{KG_NS}Document> }}")

    def triples(self, with_ontology: bool = True) -> Iterator[ox.Triple]:
        """Every triple of the union of the graphs, each once."""
        where = "?s ?p ?o" if with_ontology else f"GRAPH ?g {{ ?s ?p ?o }} FILTER(?g != {ONTOLOGY_GRAPH})"
        for row in self.query(f"SELECT DISTINCT ?s ?p ?o WHERE {{ {where} }}"):
            yield ox.Triple(row["s"], row["p"], row["o"])

    def quads(self, with_ontology: bool = True) -> Iterator[ox.Quad]:
        """Every quad of the named graphs."""
        where = "" if with_ontology else f"FILTER(?g != {ONTOLOGY_GRAPH})"
        for row in self.query(f"SELECT ?s ?p ?o ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {where} }}"):
            yield ox.Quad(row["s"], row["p"], row["o"], row["g"])

    def __len__(self) -> int:
        _, rows = self.select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
        return int(rows[0]["n"])

    def export(self, output: str | Path, fmt: str, *, with_ontology: bool = False) -> int:
        """Write the graph to ``output``: ``trig``/``nquads`` keep the named graphs, the others
        write the union. The ontology graph only with ``with_ontology``. Returns what was written."""
        rdf = FORMATS[fmt]
        if rdf.supports_datasets:
            quads = _Counted(self.quads(with_ontology))  # streamed: a large store never sits in a list
            ox.serialize(quads, str(output), rdf, **({"prefixes": _prefixes()} if fmt == "trig" else {}))
            return quads.count
        triples = _Counted(self.triples(with_ontology))
        ox.serialize(triples, str(output), rdf, **({"prefixes": _prefixes()} if fmt in {"turtle", "xml"} else {}))
        return triples.count

    def graphs(self) -> list[dict[str, Any]]:
        """The named graphs with what they are (run, assessment, import...), when and their size."""
        _, rows = self.select(resources.query_text("graphs"))
        return rows

    def has_ontology(self) -> bool:
        return self.ask(_ontology_loaded_query())


class _Counted:
    """An iterable that counts what went through it."""

    def __init__(self, items: Iterable[Any]) -> None:
        self.items, self.count = items, 0

    def __iter__(self) -> Iterator[Any]:
        for item in self.items:
            self.count += 1
            yield item


class Store(BaseStore):
    """The embedded store at ``path`` (Oxigraph on RocksDB); a context manager."""

    #: Reads may run while a write is under way, from another thread (Oxigraph lets go of the GIL).
    concurrent_writes = True

    def __init__(self, path: str | Path, *, create: bool = False) -> None:
        self.path = Path(path)
        self.location = str(self.path)
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
                raise StoreError(f"{self.path} was made by another version of kg (format {meta.get('format')}); "
                                 f"export it with that version, or ingest again into a new store")
        served = _served_at(self.path)
        if served is not None:
            raise StoreError(f"the store {self.path} is being served by `kg serve` at {served}; read it there "
                             f"(kg --store {served} ...), or stop the server to write to it")
        try:
            self.path.mkdir(parents=True, exist_ok=True)
            self._store: ox.Store | None = ox.Store(str(self.path / "oxigraph"))
        except OSError as exc:
            message = str(exc)
            if "lock" in message.lower():
                raise StoreError(f"the store {self.path} is in use by another kg process; wait for it to finish") from exc
            raise StoreError(f"cannot open the store {self.path}: {message}") from exc
        self._ensure_ontology(marker)

    def close(self) -> None:
        """Flush and release the store. RocksDB closes (and frees its lock) when the last
        reference to it goes; rdflib graphs from :meth:`rdflib` hold one in reference cycles, so
        the garbage collector is run too. Drop such graphs before closing."""
        if self._store is not None:
            self._store.flush()
            self._store = None
            import gc

            gc.collect()

    def flush(self) -> None:
        self.oxigraph.flush()

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
        if self.oxigraph.contains_named_graph(ONTOLOGY_GRAPH):
            self.oxigraph.remove_graph(ONTOLOGY_GRAPH)
        self.oxigraph.extend(_ontology_quads())
        meta.update({"format": FORMAT_VERSION, "ontology": wanted})
        marker.write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")

    def _write(self, quads: list[ox.Quad]) -> None:
        self.oxigraph.extend(quads)

    def update(self, sparql: str) -> None:
        try:
            self.oxigraph.update(sparql)
        except SyntaxError as exc:
            raise QueryError(f"invalid SPARQL Update: {exc}") from exc

    def query(self, sparql: str) -> Any:
        try:
            return self.oxigraph.query(sparql, use_default_graph_as_union=True)
        except SyntaxError as exc:
            raise QueryError(f"invalid SPARQL: {exc}") from exc
        except (OSError, ValueError, TypeError) as exc:
            raise QueryError(f"the query failed: {exc}") from exc

    def named_graphs(self) -> list[str]:
        return sorted(g.value for g in self.oxigraph.named_graphs() if isinstance(g, ox.NamedNode))

    def has_document(self, iri: str) -> bool:
        node, rdf_type = ox.NamedNode(iri), ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
        return any(True for _ in self.oxigraph.quads_for_pattern(node, rdf_type, ox.NamedNode(KG_NS + "Document"), None))

    def triples(self, with_ontology: bool = True) -> Iterator[ox.Triple]:
        if with_ontology:
            yield from self.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
        else:
            yield from super().triples(with_ontology)

    def quads(self, with_ontology: bool = True) -> Iterator[ox.Quad]:
        for quad in self.oxigraph.quads_for_pattern(None, None, None, None):
            if isinstance(quad.graph_name, ox.DefaultGraph) or (not with_ontology and quad.graph_name == ONTOLOGY_GRAPH):
                continue
            yield quad

    def __len__(self) -> int:
        return len(self.oxigraph)

    def rdflib(self) -> Any:
        """The store as an :class:`rdflib.Dataset` (oxrdflib): rdflib's API over the same data."""
        from oxrdflib import OxigraphStore
        from rdflib import Dataset

        from .graph import PREFIXES

        dataset = Dataset(store=OxigraphStore(store=self.oxigraph), default_union=True)
        for prefix, namespace in PREFIXES.items():
            dataset.bind(prefix, namespace, override=True)
        return dataset


#: Graphs a SPARQL server keeps for itself, left out of kg's dataset and of ``kg graphs``:
#: Virtuoso's schema and system graphs (IRIs beginning with these).
SERVER_GRAPHS = ("http://www.openlinksw.com/schemas/virtrdf#", "http://localhost:8890/", "http://localuriqaserver/",
                 "http://www.w3.org/2002/07/owl#", "http://www.w3.org/ns/ldp#")


#: The named graphs as the server records them; :data:`GRAPHS_SCAN` where it cannot answer that.
GRAPHS_LISTED = "SELECT DISTINCT ?g WHERE { GRAPH ?g { } }"
GRAPHS_SCAN = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"


class RemoteStore(BaseStore):
    """A SPARQL 1.1 server as the store (Oxigraph's server, Fuseki, Virtuoso...).

    ``url`` is the query endpoint. The update endpoint is the same URL with a last path segment
    ``query`` replaced by ``update`` (Oxigraph, Fuseki: ``http://host:7878/query`` →
    ``…/update``); a bare ``http://host:port`` means Oxigraph's layout. Queries see the union of
    the named graphs: each request lists them as the dataset (``default-graph-uri`` and
    ``named-graph-uri``), as the protocol defines, so no server-specific option is needed.
    Virtuoso (``http://host:8890/sparql``, one endpoint for both) needs its ``SPARQL`` user
    granted ``SPARQL_UPDATE``, and ``ResultSetMaxRows`` raised above its default 10,000, which
    cuts answers silently.
    """

    def __init__(self, url: str, *, create: bool = False, timeout: float = 600.0) -> None:
        parsed = urllib.parse.urlsplit(url)
        if not parsed.netloc:
            raise StoreError(f"{url} is not a SPARQL endpoint URL (expected http://HOST:PORT/query)")
        path = parsed.path.rstrip("/")
        if not path:
            path = "/query"
        update = path[: -len("query")] + "update" if path.endswith("query") else path
        self.location = url
        self.query_url = urllib.parse.urlunsplit((parsed.scheme, parsed.netloc, path, "", ""))
        self.update_url = urllib.parse.urlunsplit((parsed.scheme, parsed.netloc, update, "", ""))
        self.timeout = timeout
        self._graphs: list[str] | None = None
        self._graphs_query = GRAPHS_LISTED
        # One connection for every request: Oxigraph's server answers each connection on a thread of
        # its own, and its writes from a new thread slow down as the store grows (README,
        # bench/server_writes.py).
        self._connection: http.client.HTTPConnection | None = None
        self._lock = threading.Lock()
        if not self.has_ontology():
            if not create and not self._any_graph():
                raise StoreError(f"the SPARQL store at {url} holds no kg data; run `kg --store {url} ingest PATH` first")
            self.replace_graph(ONTOLOGY_GRAPH, [q.triple for q in _ontology_quads()])

    # ------------------------------------------------------------ HTTP
    def _post(self, url: str, fields: list[tuple[str, str]], accept: str) -> bytes:
        """POST a form to the server over one kept-alive connection, reopened once if the server
        closed it in between (the form is sent again: kg's updates may run twice)."""
        target = urllib.parse.urlsplit(url)
        path = target.path + (f"?{target.query}" if target.query else "")
        body = urllib.parse.urlencode(fields).encode("utf-8")
        headers = {"Content-Type": "application/x-www-form-urlencoded", "Accept": accept}
        with self._lock:
            for attempt in (1, 2):
                reused = self._connection is not None
                try:
                    if self._connection is None:
                        kind = http.client.HTTPSConnection if target.scheme == "https" else http.client.HTTPConnection
                        self._connection = kind(target.netloc, timeout=self.timeout)
                    self._connection.request("POST", path, body=body, headers=headers)
                    response = self._connection.getresponse()
                    data = response.read()
                except (http.client.HTTPException, OSError) as exc:
                    self._disconnect()
                    if reused and attempt == 1 and isinstance(exc, (http.client.RemoteDisconnected, ConnectionError)):
                        continue
                    reason = getattr(exc, "reason", None) or str(exc) or type(exc).__name__
                    raise StoreError(f"cannot reach the SPARQL server at {url}: {reason}") from exc
                if response.will_close:
                    self._disconnect()
                break
        if response.status >= 300:
            detail = data.decode("utf-8", "replace").strip()[:500]
            if response.status == 400:
                raise QueryError(f"invalid SPARQL: {detail}")
            where = f" (to {response.getheader('Location')})" if 300 <= response.status < 400 else ""
            raise StoreError(f"the SPARQL server at {url} answered {response.status} {response.reason}{where}: {detail}")
        return data

    def _disconnect(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    def close(self) -> None:
        with self._lock:
            self._disconnect()

    def _dataset_fields(self) -> list[tuple[str, str]]:
        graphs = self.named_graphs()
        return [("default-graph-uri", g) for g in graphs] + [("named-graph-uri", g) for g in graphs]

    def _raw_query(self, sparql: str, dataset: bool = True) -> Any:
        fields = [("query", sparql)] + (self._dataset_fields() if dataset else [])
        kind = _query_form(sparql)
        if kind in {"CONSTRUCT", "DESCRIBE"}:
            data = self._post(self.query_url, fields, "application/n-triples")
            return iter(list(ox.parse(data, format=ox.RdfFormat.N_TRIPLES)))
        data = self._post(self.query_url, fields, "application/sparql-results+json")
        result = ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON)
        if kind == "ASK" and isinstance(result, ox.QuerySolutions):
            # Virtuoso answers ASK as a table: one row (``__ASK_RETVAL`` 1) for true, none for false.
            answer = b"true" if any(True for _ in result) else b"false"
            return ox.parse_query_results(b'{"head": {}, "boolean": ' + answer + b"}", format=ox.QueryResultsFormat.JSON)
        return result

    # ------------------------------------------------------------ primitives
    def query(self, sparql: str) -> Any:
        try:
            ox.Store().query(sparql)  # the same parser as the embedded store, for the same errors
        except SyntaxError as exc:
            raise QueryError(f"invalid SPARQL: {exc}") from exc
        except (OSError, ValueError, TypeError):
            pass
        return self._raw_query(sparql)

    def update(self, sparql: str) -> None:
        self._post(self.update_url, [("update", sparql)], "*/*")
        self._graphs = None  # any graph may have come or gone

    def _update_adding(self, sparql: str, graphs: list[str]) -> None:
        known = self._graphs
        self.update(sparql)
        if known is not None:  # a graph emptied by the removal may stay listed: it adds no answer
            self._graphs = sorted(set(known).union(graphs))

    def _write(self, quads: list[ox.Quad]) -> None:
        if not quads:
            return
        per_graph: dict[str, list[ox.Triple]] = {}
        for quad in quads:
            per_graph.setdefault(str(quad.graph_name), []).append(quad.triple)
        self._update_adding(_insert(per_graph), list({quad.graph_name.value for quad in quads}))

    def named_graphs(self) -> list[str]:
        """The named graphs on the server, less the server's own (:data:`SERVER_GRAPHS`). Asked
        once, then kept up to date by kg's own writes (an ingest asks no more per document).

        ``GRAPH ?g {}`` lists them from the server's record of its graphs (Oxigraph, Fuseki); a
        scan of every quad for them took 10 s at a million statements, and an ingest asked once
        per batch it read. Virtuoso answers it with one row, ``?g`` unbound: there the quads are
        read."""
        if self._graphs is None:
            rows = list(self._raw_query(self._graphs_query, dataset=False))
            if any(row["g"] is None for row in rows):
                self._graphs_query = GRAPHS_SCAN
                rows = list(self._raw_query(self._graphs_query, dataset=False))
            self._graphs = sorted(row["g"].value for row in rows if isinstance(row["g"], ox.NamedNode)
                                  and not row["g"].value.startswith(SERVER_GRAPHS))
        return self._graphs

    def _any_graph(self) -> bool:
        return bool(self.named_graphs())

    def has_ontology(self) -> bool:
        return bool(self._raw_query(_ontology_loaded_query(), dataset=False))  # before the graphs are known

    def rdflib(self) -> Any:
        """The remote store through rdflib's API (its SPARQLUpdateStore), union of the graphs."""
        from rdflib import Dataset
        from rdflib.plugins.stores.sparqlstore import SPARQLUpdateStore

        return Dataset(store=SPARQLUpdateStore(self.query_url, self.update_url), default_union=True)


def _insert(triples_by_graph: dict[str, list[ox.Triple]]) -> str:
    """A SPARQL Update adding the triples to their graphs: ``INSERT DATA``, or, when there are
    blank nodes, the same quads as an ``INSERT {…} WHERE {}`` template (the same result; Virtuoso 7
    refuses blank nodes in ``INSERT DATA``)."""
    blank = any(isinstance(term, ox.BlankNode) for triples in triples_by_graph.values()
                for triple in triples for term in (triple.subject, triple.object))
    body = _graph_blocks(triples_by_graph)
    return "INSERT {\n" + body + "\n} WHERE {}" if blank else "INSERT DATA {\n" + body + "\n}"


def _graph_blocks(triples_by_graph: dict[str, list[ox.Triple]]) -> str:
    """``GRAPH <g> { … }`` blocks of N-Triples, the body of ``INSERT DATA`` and ``DELETE DATA``."""
    return "\n".join(f"GRAPH {graph} {{\n{ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode('utf-8')}}}"
                     for graph, triples in triples_by_graph.items())


def delete_data(graph: str | ox.NamedNode, triples: Iterable[Any]) -> str:
    """A SPARQL Update removing these triples (no blank nodes) from ``graph``: ``DELETE DATA``,
    empty for none (for :meth:`BaseStore.amend`)."""
    node = _graph_node(graph)
    quads = _as_quads(triples, node)
    return "DELETE DATA {\n" + _graph_blocks({str(node): [q.triple for q in quads]}) + "\n}" if quads else ""


def _query_form(sparql: str) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the first of these keywords after the prologue."""
    import re

    text = re.sub(r"<[^>\s]*>", " ", sparql)
    text = re.sub(r"#[^\n]*", " ", text)
    match = re.search(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", text, re.IGNORECASE)
    return match.group(1).upper() if match else "SELECT"
