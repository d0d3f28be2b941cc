"""Find the data shipped with the package (the ``ontology/`` Turtle files, the ``.rq`` queries),
from a wheel or an editable install alike, and load the gazetteers into plain Python objects."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

NS = "https://w3id.org/crkg/ns#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
ONTOLOGY_FILES = ("kg.ttl", "sources.ttl", "places.ttl", "events.ttl")


def ontology_dir() -> Path:
    """The ``ontology/`` folder: inside the wheel (``kg/_ontology``) or beside the package."""
    packaged = Path(str(resources.files("kg"))) / "_ontology"
    if packaged.is_dir():
        return packaged
    beside = Path(__file__).resolve().parent.parent / "ontology"
    if beside.is_dir():
        return beside
    raise FileNotFoundError("the ontology/ folder is missing from this installation of kg")


def ontology_path(name: str) -> Path:
    return ontology_dir() / name


def query_text(name: str, suffix: str = ".rq") -> str:
    """The text of a packaged SPARQL query, ``kg/queries/NAME.rq`` (an update: ``suffix=".ru"``)."""
    return (resources.files("kg") / "queries" / f"{name}{suffix}").read_text(encoding="utf-8")


def fill_values(text: str, terms: Iterable[str], chunk: int) -> list[str]:
    """The query (or update) ``text`` once per ``chunk`` of ``terms`` (SPARQL terms as they are
    written in a VALUES block: ``<iri>``, ``"literal"``), put in place of its ``{ UNDEF }``;
    none for no terms."""
    ordered = sorted(set(terms))
    return [text.replace("{ UNDEF }", "{ " + " ".join(ordered[start:start + chunk]) + " }", 1)
            for start in range(0, len(ordered), chunk)]


_PREFIX = re.compile(r"^[ \t]*PREFIX[ \t]+([\w.-]*:)[ \t]*(<[^>]*>)[ \t]*\n?", re.IGNORECASE | re.MULTILINE)


def joined_update(operations: Iterable[str]) -> str:
    """SPARQL Update operations (packaged ``.ru`` texts, ``INSERT DATA`` …) as one request, run in
    one transaction: joined by ``;``, their ``PREFIX`` declarations moved to the front once
    (Oxigraph accepts none after a ``;``). Empty parts are left out; two parts binding one prefix
    to two IRIs are an error."""
    prefixes: dict[str, str] = {}
    bodies = []
    for operation in operations:
        if not operation.strip():
            continue
        for name, iri in _PREFIX.findall(operation):
            if prefixes.setdefault(name, iri) != iri:
                raise ValueError(f"the prefix {name} stands for {prefixes[name]} and {iri} in one update")
        bodies.append(_PREFIX.sub("", operation).strip())
    head = "".join(f"PREFIX {name} {iri}\n" for name, iri in prefixes.items())
    return head + " ;\n".join(bodies) if bodies else ""


def query_names() -> list[str]:
    """The names of the packaged queries (``kg/queries/*.rq``), sorted."""
    return sorted(item.name[:-3] for item in (resources.files("kg") / "queries").iterdir()
                  if item.name.endswith(".rq"))


def local_name(iri: str) -> str:
    return re.split(r"[/#]", iri.rstrip("/"))[-1]


@dataclass
class Entry:
    """One gazetteer entry: a key (last part of its IRI), labels, and what the data says of it."""

    key: str
    iri: str
    label: str = ""
    kind: str = ""
    aliases: list[str] = field(default_factory=list)
    descriptors: list[str] = field(default_factory=list)
    demonyms: list[str] = field(default_factory=list)
    triggers: list[str] = field(default_factory=list)
    speaks_for: list[str] = field(default_factory=list)
    within: list[str] = field(default_factory=list)
    outlet_keys: list[str] = field(default_factory=list)
    camp: str = ""


def _load_entries(filename: str) -> dict[str, Entry]:
    import pyoxigraph as ox

    entries: dict[str, Entry] = {}
    with open(ontology_path(filename), "rb") as handle:
        for triple in ox.parse(handle, format=ox.RdfFormat.TURTLE):
            subject = triple.subject.value
            entry = entries.setdefault(subject, Entry(key=local_name(subject), iri=subject))
            predicate = triple.predicate.value
            value = triple.object.value
            if predicate == SKOS + "prefLabel":
                entry.label = value
            elif predicate == SKOS + "altLabel":
                entry.aliases.append(value)
            elif predicate == RDF_TYPE:
                entry.kind = local_name(value)
            elif predicate == NS + "descriptor":
                entry.descriptors.append(value)
            elif predicate == NS + "demonym":
                entry.demonyms.append(value)
            elif predicate == NS + "trigger":
                entry.triggers.append(value)
            elif predicate == NS + "speaksFor":
                entry.speaks_for.append(local_name(value))
            elif predicate == NS + "within":
                entry.within.append(local_name(value))
            elif predicate == NS + "outletKey":
                entry.outlet_keys.append(value)
            elif predicate == NS + "camp":
                entry.camp = value
    return {e.key: e for e in entries.values() if e.label or e.triggers}


@cache
def sources() -> dict[str, Entry]:
    """Known sources from ``ontology/sources.ttl``, by key."""
    return _load_entries("sources.ttl")


@cache
def places() -> dict[str, Entry]:
    """Known places from ``ontology/places.ttl``, by key."""
    return _load_entries("places.ttl")


@cache
def place_names() -> dict[str, str]:
    """Every name of a known place (label and aliases), in lower case, with the place's key."""
    return {name.lower(): entry.key for entry in places().values() for name in [entry.label, *entry.aliases]}


@cache
def event_types() -> dict[str, Entry]:
    """Event types and target categories from ``ontology/events.ttl``, by key."""
    return _load_entries("events.ttl")


def event_words() -> set[str]:
    """Every lemma that triggers an event type (what :mod:`kg.extract` looks for)."""
    return {w.lower() for e in event_types().values() for w in e.triggers}
