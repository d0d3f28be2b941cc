"""The flow end to end: read → extract → resolve → propositions → graph → store.

Each document is written in its own transaction; a document that fails (bad input, or a bug met
on odd text) is reported and skipped, and the others go in.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from . import graph, propositions, relays, resources
from .errors import InputError
from .extract import extract_many
from .read import read
from .resolve import Resolver
from .store import Store
from .types import Document, DocumentResult, Proposition, ResolvedStatement, Statement


@dataclass
class IngestReport:
    """What an ingest run did."""

    documents: int = 0
    skipped: int = 0  # already in the store
    statements: int = 0
    sources: set[str] = field(default_factory=set)
    propositions: set[str] = field(default_factory=set)
    conflicts: int = 0
    derived: int = 0  # pairs of documents where one copies the other
    errors: list[InputError] = field(default_factory=list)
    per_outlet: Counter[str] = field(default_factory=Counter)  # statements per outlet
    speakers: Counter[str] = field(default_factory=Counter)  # statements per canonical speaker
    words: int = 0

    def summary(self) -> str:
        text = (f"ingested {self.documents} documents: {self.statements} statements, "
                f"{len(self.sources)} sources, {len(self.propositions)} propositions")
        if self.skipped:
            text += f"; {self.skipped} already in the store"
        if self.errors:
            text += f"; {len(self.errors)} could not be read"
        return text


def process(document: Document, statements: Sequence[Statement], resolver: Resolver) -> DocumentResult:
    """Resolve and build propositions for the statements of one document."""
    speakers = resolver.resolve_document(document, statements)
    props = propositions.build(document, statements, speakers, resolver)
    outlet = resolver.outlet(document.outlet)
    credits = [resolver.outlet(name) for name in relays.wire_credits(document.text)]
    return DocumentResult(
        document=document,
        statements=tuple(ResolvedStatement(s, sp, p) for s, sp, p in zip(statements, speakers, props, strict=True)),
        outlet=outlet,
        credits=tuple(c for c in credits if c is not None and (outlet is None or c.key != outlet.key)),
    )


def process_documents(documents: Iterable[Document], resolver: Resolver | None = None) -> list[DocumentResult]:
    """The flow without a store, for tests and notebooks."""
    resolver = resolver or Resolver()
    return [process(d, s, resolver) for d, s in extract_many(list(documents), resources.event_words())]


def ingest(store: Store, paths: Iterable[str | Path], *, on_start: Callable[[int], None] | None = None,
           on_document: Callable[[Document], None] | None = None, batch_size: int = 16) -> IngestReport:
    """Add the documents under ``paths`` to ``store``; documents already there are skipped."""
    report = IngestReport()
    pending: list[Document] = []
    seen: set[str] = set()
    for item in read(paths):
        if isinstance(item, InputError):
            report.errors.append(item)
        elif item.id in seen or store.has_document(str(graph.document_iri(item.id))):
            report.skipped += 1
        else:
            seen.add(item.id)
            pending.append(item)
    if on_start:
        on_start(len(pending))
    resolver = Resolver()
    words = resources.event_words()
    for start in range(0, len(pending), batch_size):
        batch = pending[start : start + batch_size]
        for document, statements in _extract_safely(batch, words, report):
            try:
                result = process(document, statements, resolver)
                store.add(graph.document_graph(result))
            except Exception as exc:  # one document never stops the batch
                report.errors.append(InputError(document.origin or document.id, f"not ingested: {type(exc).__name__}: {exc}"))
            else:
                report.documents += 1
                report.statements += len(result.statements)
                report.sources.update(r.speaker.key for r in result.statements)
                report.propositions.update(p.key for r in result.statements for p in r.propositions)
                report.per_outlet[result.outlet.label if result.outlet else "(no outlet)"] += len(result.statements)
                report.speakers.update(r.speaker.label for r in result.statements)
                report.words += len(document.text.split())
            if on_document:
                on_document(document)
    report.conflicts = link_conflicts(store)
    report.derived = link_derivations(store)
    return report


def _extract_safely(batch: list[Document], words: set[str],
                    report: IngestReport) -> Iterator[tuple[Document, list[Statement]]]:
    """Extract a batch through nlp.pipe; if it fails, retry one by one so one document fails alone."""
    try:
        yield from list(extract_many(batch, words))
    except Exception:
        for document in batch:
            try:
                yield from list(extract_many([document], words))
            except Exception as exc:
                report.errors.append(InputError(document.origin or document.id,
                                                f"not ingested: {type(exc).__name__}: {exc}"))


def stored_propositions(store: Store) -> list[Proposition]:
    """The specializations in the store (what can conflict), as dataclasses."""
    _, rows = store.select(resources.query_text("specializations"))
    return [
        Proposition(key=r["p"].rsplit("/", 1)[-1], label="", event_type="", location=None, facet=r["facet"],
                    value=r["value"], general=r["general"].rsplit("/", 1)[-1])
        for r in rows
    ]


def link_conflicts(store: Store) -> int:
    """Add ``kg:conflictsWith`` between every conflicting pair in the store; returns the pairs."""
    pairs = propositions.conflicts(stored_propositions(store))
    if pairs:
        store.add(graph.conflict_graph(pairs))
    return len(pairs)


def link_derivations(store: Store) -> int:
    """Add ``prov:wasDerivedFrom`` between near-duplicate documents of the whole store."""
    _, rows = store.select(resources.query_text("document_texts"))
    links = relays.near_duplicates((r["doc"], r["text"], _date(r["date"])) for r in rows)
    if links:
        store.add(graph.derivation_graph(links))
    return len(links)


def _date(value: object) -> object:
    from datetime import date

    try:
        return date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None
