"""The flow end to end: read → extract → resolve → propositions → graph → store.

Each document is written in its own transaction; a document that fails (bad input, or a bug met
on odd text) is reported and skipped, and the others go in.
"""

from __future__ import annotations

import json
import queue
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from typing import NamedTuple

from . import __version__, analyze, evidence, graph, propositions, relays, resources
from .errors import InputError
from .extract import extract_many
from .read import read
from .resolve import Resolver
from .store import LINKS_GRAPH, BaseStore, delete_data, new_graph_iri, python_value
from .types import Document, DocumentResult, IngestRun, Proposition, ResolvedStatement, Statement


@dataclass
class IngestReport:
    """What an ingest run did."""

    documents: int = 0
    skipped: int = 0  # already in the store
    statements: int = 0
    sources: int = 0  # distinct speakers of the run's statements (counted in its graph at the end)
    propositions: int = 0  # distinct propositions they are about
    conflicts: int = 0
    derived: int = 0  # pairs of documents where one copies the other
    errors: list[InputError] = field(default_factory=list)
    per_outlet: Counter[str] = field(default_factory=Counter)  # statements per outlet
    speakers: Counter[str] = field(default_factory=Counter)  # statements per canonical speaker
    words: int = 0
    run: str | None = None  # the run's named graph, if it added anything

    def summary(self) -> str:
        text = (f"ingested {self.documents} documents: {self.statements} statements, "
                f"{self.sources} sources, {self.propositions} propositions")
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


#: Documents between two flushes of the store's write buffers (memory stays flat).
FLUSH_EVERY = 500


def ingest(store: BaseStore, paths: Iterable[str | Path], *, on_start: Callable[[int | None], None] | None = None,
           on_document: Callable[[Document], None] | None = None, batch_size: int = 16, workers: int = 1,
           scheduler: str | None = None, on_relink: Callable[[str], None] | None = None) -> IngestReport:
    """Add the documents under ``paths`` to ``store``; documents already there are skipped.

    The run writes its own named graph (see :mod:`kg.store`): its documents and its PROV record.
    Documents stream through: they are read, extracted (in this process, in ``workers``
    processes, or on the Dask cluster at ``scheduler``) and written one transaction each, so
    memory does not grow with the number of documents. ``on_start`` gets the number of documents
    to look at (None when it cannot be known without reading twice, as from stdin); ``on_relink``
    what the relink afterwards is doing (see :func:`relink`).
    """
    from .parallel import extract_stream

    paths = [str(p) for p in paths]
    report = IngestReport()
    if on_start:
        on_start(None if "-" in paths else sum(1 for item in read(paths) if isinstance(item, Document)))
    run = _new_run(paths)
    # Statements already there whose last relink was cut short (no version mark) may predate the
    # shortcuts: the relink derives them again (not for a new store; relink itself catches a
    # store an older kg linked).
    linked = analyze.findings_version(store)
    rederive = linked is None and store.ask(resources.query_text("has_propositions"))

    in_flight = _InFlight()

    def fresh() -> Iterator[Document]:
        for item in read(paths):
            if isinstance(item, InputError):
                report.errors.append(item)
            elif in_flight.enter(item.id) or not store.has_document(str(graph.document_iri(item.id))):
                yield item  # new, or a repeat of one in flight: the writer knows whether that one went in
            else:
                in_flight.leave(item.id, written=False)
                report.skipped += 1
                if on_document:
                    on_document(item)

    resolver = Resolver()
    words = resources.event_words()
    writer = _Writer(store, run, report, in_flight, mark_pending=linked == __version__)
    try:
        for document, extracted in extract_stream(fresh(), words, workers=workers, scheduler=scheduler,
                                                  batch_size=batch_size):
            try:
                if isinstance(extracted, Exception):
                    raise extracted
                result = process(document, extracted, resolver)
                triples = graph.document_graph(result)
            except Exception as exc:  # one document never stops the batch
                report.errors.append(_not_ingested(document, exc))
                in_flight.leave(document.id, written=False)
            else:
                writer.put(document, result, triples)
            if on_document:
                on_document(document)
    except BaseException:
        writer.close(discard=True)  # interrupted: what is written stays whole, the queue is dropped
        raise
    writer.close()
    if report.documents:
        run.ended, run.documents, run.statements = _now(), report.documents, report.statements
        store.add(graph.run_graph(run), graph=run.graph)
        report.run = run.graph
        counts = evidence.select(store, "run_counts", [run.graph])[0]
        report.sources, report.propositions = counts["sources"], counts["propositions"]
    # the runs pending: this one, and any cut short since the findings were last stored
    pending = analyze.pending_runs(store) if linked == __version__ else []
    if report.documents or linked != __version__ or pending:  # what the pending runs change, when
        added = pending or None                               # the rest was current; else all
        report.conflicts, report.derived = relink(store, rederive=rederive, added=added, on_step=on_relink)
    else:  # nothing new (and the last relink finished): at a million statements a relink takes minutes
        report.conflicts, report.derived = link_counts(store)[:2]
    return report


class LinkCounts(NamedTuple):
    """What the links graph holds: what :func:`relink` returned when it last ran (conflicting
    pairs, derivation links), and the findings it stored."""

    conflicts: int
    derived: int
    contradictions: int
    corroborations: int


def link_counts(store: BaseStore) -> LinkCounts:
    """The counts of the links graph (``link_counts.rq``)."""
    _, rows = store.select(resources.query_text("link_counts"))
    if not rows:
        return LinkCounts(0, 0, 0, 0)
    row = rows[0]
    return LinkCounts(row["conflicts"] // 2, row["derived"], row["contradictions"], row["corroborations"])


def _not_ingested(document: Document, exc: Exception) -> InputError:
    return InputError(document.origin or document.id, f"not ingested: {type(exc).__name__}: {exc}")


class _InFlight:
    """The ids of the documents read and not yet written (or failed), with how many copies of each
    are in flight, and which of those ids a copy was written for. kg keeps no list of the run's ids
    (its memory would grow with the run): a repeat read after its first copy was written is found
    in the store; one read while a copy is still in flight goes through, and the writer skips it
    if that copy went in (:meth:`written`; if it failed, the repeat is written). Holds only the
    documents in flight: the batches being extracted and the writer's queue. The reading thread
    enters ids before it asks the store, the writer makes an id leave after its write, so no
    repeat slips between the two."""

    def __init__(self) -> None:
        self._copies: Counter[str] = Counter()
        self._written: set[str] = set()
        self._lock = threading.Lock()

    def enter(self, doc_id: str) -> bool:
        """Count a copy in; whether another copy of it was in flight already."""
        with self._lock:
            self._copies[doc_id] += 1
            return self._copies[doc_id] > 1

    def written(self, doc_id: str) -> bool:
        """Whether another copy of this document was written while this one was in flight."""
        with self._lock:
            return doc_id in self._written

    def leave(self, doc_id: str, *, written: bool) -> None:
        """A copy is done: written to the store, or not (failed, a repeat, already stored)."""
        with self._lock:
            if written and self._copies[doc_id] > 1:
                self._written.add(doc_id)
            self._copies[doc_id] -= 1
            if self._copies[doc_id] <= 0:
                del self._copies[doc_id]
                self._written.discard(doc_id)

    def __len__(self) -> int:
        return len(self._copies)


class _Writer:
    """Writes each document, in its own transaction, on a thread of its own while the next
    documents are extracted: Oxigraph lets go of the GIL while it writes, so the writes cost
    ingest almost no time (a store without ``concurrent_writes`` is written in turn). Counts a
    document in the report once it is written, and skips a repeat whose other copy it wrote
    (:class:`_InFlight`); the run's PROV record goes in with the first, and (``mark_pending``)
    just before it, the run's graph is marked pending in the links graph (``kg:pendingRun``):
    until the run's relink takes the mark away, the stored findings do not count its documents
    and kg computes findings itself; a run cut short leaves its mark, for the next run's relink."""

    def __init__(self, store: BaseStore, run: IngestRun, report: IngestReport, in_flight: _InFlight,
                 pending: int = 64, *, mark_pending: bool = False) -> None:
        self.store, self.run, self.report, self.mark_pending = store, run, report, mark_pending
        self.in_flight = in_flight
        self.repeats = 0  # copies skipped because the run wrote another copy (an id twice in the input)
        self.queue: queue.Queue[tuple[Document, DocumentResult, graph.Triples] | None] = queue.Queue(pending)
        self.discard = False
        self.thread: threading.Thread | None = None
        if store.concurrent_writes:  # else (a SPARQL server) each document is written in turn
            self.thread = threading.Thread(target=self._write_all, name="kg-writer", daemon=True)
            self.thread.start()

    def put(self, document: Document, result: DocumentResult, triples: graph.Triples) -> None:
        if self.thread is None:
            self._write(document, result, triples)
        else:
            self.queue.put((document, result, triples))

    def close(self, discard: bool = False) -> None:
        """Wait for the writes queued (or, with ``discard``, only the one under way)."""
        if self.thread is not None:
            self.discard = discard
            if discard:
                while not self.queue.empty():
                    self.queue.get_nowait()
            self.queue.put(None)
            self.thread.join()
        self.report.skipped += self.repeats

    def _write_all(self) -> None:
        while (item := self.queue.get()) is not None:
            if not self.discard:
                self._write(*item)

    def _write(self, document: Document, result: DocumentResult, triples: graph.Triples) -> None:
        written = False
        try:
            if self.in_flight.written(document.id):
                self.repeats += 1
            else:
                written = self._write_new(document, result, triples)
        finally:
            self.in_flight.leave(document.id, written=written)

    def _write_new(self, document: Document, result: DocumentResult, triples: graph.Triples) -> bool:
        report = self.report
        try:
            if report.documents == 0:  # the run's record goes in with its first document
                triples += graph.run_graph(self.run)
                if self.mark_pending:  # before any document of the run is in
                    self.store.add(graph.pending_graph(self.run.graph, LINKS_GRAPH.value), LINKS_GRAPH)
            self.store.add(triples, self.run.graph)
        except Exception as exc:  # one document never stops the batch
            report.errors.append(_not_ingested(document, exc))
            return False
        report.documents += 1
        report.statements += len(result.statements)
        report.per_outlet[result.outlet.label if result.outlet else "(no outlet)"] += len(result.statements)
        report.speakers.update(r.speaker.label for r in result.statements)
        report.words += len(document.text.split())
        if report.documents % FLUSH_EVERY == 0:
            self.store.flush()  # RocksDB's write buffers would otherwise grow with the run
        return True


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _new_run(paths: Sequence[str]) -> IngestRun:
    from . import __version__, nlp

    iri = new_graph_iri("run")
    inputs = tuple("(standard input)" if p == "-" else str(Path(p).resolve()) for p in paths)
    return IngestRun(graph=iri, activity=iri.replace("/graph/", "/id/"), started=_now(), inputs=inputs,
                     program_version=__version__, model_version=nlp.model_version())


def relink(store: BaseStore, *, rederive: bool = False, added: Sequence[str] | None = None,
           on_step: Callable[[str], None] | None = None) -> tuple[int, int]:
    """Bring up to date what spans the whole store in the links graph: conflicting propositions
    and near-duplicate documents (in one transaction), then the contradictions and corroborations
    they give (in a second one, marked with kg's version: until it is written, :mod:`kg.analyze`
    computes findings itself). Returns (conflicting pairs, derivation links). Run after every
    change of the store's documents. The statements' shortcuts are derived again first
    (:func:`derive_shortcuts`) with ``rederive`` (after changes made by other means) and when an
    older kg linked the store (its version mark, before the shortcuts).

    ``added``: the graphs of the ingest runs marked pending (``pending_runs.rq``: each run marks
    itself with its first document; one cut short keeps its mark), when they are the only change
    since this version of kg last stored the findings (:func:`ingest` knows). Then only their
    documents are checked for copies against the others, only the conflicts among the
    specializations of their frames are looked for, and only the findings they can change are
    computed again (:func:`affected_propositions`); the other links and findings are kept, and the
    runs' marks go with the findings' update. The result is the same as relinking the whole store
    (which takes every mark away: it replaces the links graph).

    ``on_step`` gets a line saying what is being done (it can take minutes on a large store)."""
    say = on_step or (lambda line: None)
    if rederive or analyze.findings_version(store) not in (None, __version__):
        say("relinking: deriving the statements' shortcuts again")
        derive_shortcuts(store)
    if added is not None and not rederive:
        return _relink_run(store, added, say)
    say("relinking: copies, conflicting propositions")
    pairs = propositions.conflicts(stored_propositions(store))
    links = _copies(store)
    store.replace_graph(LINKS_GRAPH, graph.conflict_graph(pairs) + graph.derivation_graph(links))
    say("relinking: the findings about every proposition")
    store.add(analyze.findings_triples(store), graph=LINKS_GRAPH)  # read what was just linked
    return len(pairs), len(links)


def _relink_run(store: BaseStore, added: Sequence[str], say: Callable[[str], None]) -> tuple[int, int]:
    """:func:`relink` after the pending ingest runs of graphs ``added``: what they can change."""
    new = {r["doc"] for r in evidence.select(store, "graph_documents", added)}
    runs = "the run's" if len(added) == 1 else f"{len(added)} runs'"
    say(f"relinking: copies of {runs} {len(new)} documents, conflicting propositions")
    known = {(r["derived"], r["source"]) for r in evidence.select(store, "copy_links")}
    before = {_key_pair(r["prop"], r["other"]) for r in evidence.select(store, "linked_conflicts")}
    described = evidence.select(store, "described_propositions", added)
    # a pair depends on its two propositions alone: only those of the run's frames can change
    specializations = stored_propositions(store, {r["general"] or r["prop"] for r in described})
    touched = {p.key for p in specializations}
    pairs = {pair for pair in before if pair[0] not in touched} | set(propositions.conflicts(specializations))
    copies = {link[:2] for link in _copies(store, new, known)}
    gone = graph.conflict_graph(sorted(before - pairs)) + graph.derivation_graph(sorted(known - copies))
    came = graph.conflict_graph(sorted(pairs - before)) + graph.derivation_graph(sorted(copies - known))
    removal = resources.joined_update([delete_data(LINKS_GRAPH, gone), resources.query_text("unmark_findings", suffix=".ru")])
    # the links that went and came; the findings stay, but unmarked until they are updated (cut
    # short in between, the findings would miss what these links changed: the next relink is whole)
    store.amend(removal, LINKS_GRAPH, came)
    changed = {str(graph.proposition_iri(key)) for pair in before ^ pairs for key in pair}
    among = affected_propositions(store, added, {r["prop"] for r in described} | changed)
    say(f"relinking: the findings about the {len(among)} propositions {'the run' if len(added) == 1 else 'they'} can change")
    forget = resources.joined_update([_filled("forget_findings", among), _filled("unpend_runs", added)])
    store.amend(forget, LINKS_GRAPH, analyze.findings_triples(store, among))
    return len(pairs), len(copies)


def _copies(store: BaseStore, new: set[str] | None = None,
            known: Iterable[tuple[str, str]] = ()) -> list[tuple[str, str, float | None]]:
    """The store's near-duplicate documents (:func:`kg.relays.near_duplicates` over every
    document's stored fingerprint, or its text where it has none, streamed; with ``new`` and
    ``known``, checking only the new documents' pairs)."""
    return relays.near_duplicates(_fingerprints(store), texts_of=lambda ids: _texts_of(store, ids), new=new,
                                  known=known)


def _fingerprints(store: BaseStore) -> Iterator[tuple[str, relays.Fingerprint | str, date | None]]:
    """(id, fingerprint or text, date) of every document, streamed: its stored
    :class:`kg.relays.Fingerprint`, or its text where it has none (stored before kg 0.3.1, or
    imported) or one made another way; those texts are read by id, :data:`kg.evidence.CHUNK` at a
    time."""
    again: dict[str, date | None] = {}
    for row in store.query(resources.query_text("document_fingerprints")):
        doc_id, when = python_value(row["doc"]), _date(python_value(row["date"]))
        stored = python_value(row["fingerprint"])
        fingerprint = relays.Fingerprint.decode(stored) if stored else None
        if fingerprint is not None:
            yield doc_id, fingerprint, when
            continue
        again[doc_id] = when
        if len(again) >= evidence.CHUNK:
            yield from _texts_again(store, again)
            again = {}
    yield from _texts_again(store, again)


def _texts_again(store: BaseStore, dates: dict[str, date | None]) -> Iterator[tuple[str, str, date | None]]:
    """(id, text, date) of the documents ``dates`` names."""
    for doc_id, text in _texts_of(store, sorted(dates)).items():
        yield doc_id, text, dates[doc_id]


def affected_propositions(store: BaseStore, added: Sequence[str], described: set[str]) -> set[str]:
    """The propositions whose findings the pending ingest runs' graphs ``added`` can have changed:
    those their documents describe, and both of each conflicting pair that came or went (``described``);
    those of the statements of a source they name anew or give a new principal
    (``relabelled_sources.rq``), or of a source speaking for one, and of the documents such
    sources publish or are credited in (``propositions_of_sources.rq``): their labels and
    principals show in findings. Copy links change no finding."""
    among = set(described)
    relabelled = {r["source"] for r in evidence.select(store, "relabelled_sources", added)}
    if relabelled:
        below: dict[str, list[str]] = {}
        for edge in evidence.select(store, "speaks_for"):
            below.setdefault(edge["principal"], []).append(edge["source"])
        todo, sources = list(relabelled), set(relabelled)
        while todo:  # the sources speaking for them, directly or not: their principals may change
            for source in below.get(todo.pop(), ()):
                if source not in sources:
                    sources.add(source)
                    todo.append(source)
        among |= {r["prop"] for r in evidence.select(store, "propositions_of_sources", sources)}
    return among


def _key_pair(a: str, b: str) -> tuple[str, str]:
    """A conflicting pair of proposition IRIs as :func:`kg.propositions.conflicts` gives it (keys, sorted)."""
    return min(a, b).rsplit("/", 1)[-1], max(a, b).rsplit("/", 1)[-1]


def _filled(name: str, iris: Iterable[str], chunk: int | None = None) -> str:
    """The packaged update ``name`` (``.ru``) for the IRIs ``iris`` in place of its ``UNDEF``, one
    operation per ``chunk`` of them (default :data:`kg.evidence.CHUNK`) in one request; empty for
    none. ``forget_findings`` removes the stored findings about some propositions,
    ``unpend_runs`` the pending marks of some runs."""
    template = resources.query_text(name, suffix=".ru")
    return resources.joined_update(resources.fill_values(template, (f"<{iri}>" for iri in iris),
                                                         chunk or evidence.CHUNK))


def derive_shortcuts(store: BaseStore, graphs: Iterable[str] | None = None) -> int:
    """Derive the ``kg:affirms`` / ``kg:disputes`` shortcuts again from the statements of
    ``graphs`` (default: every graph holding statements), one update per graph
    (``derive_shortcuts.ru``). kg writes them with each statement; this catches statements written
    by other means (an import, a SPARQL UPDATE, an older kg). Returns the number of graphs."""
    if graphs is None:
        graphs = [row["g"] for row in store.select(resources.query_text("statement_graphs"))[1]]
    template = resources.query_text("derive_shortcuts", suffix=".ru")
    chosen = sorted(set(graphs))
    for iri in chosen:
        store.update(template.replace("<urn:x-kg:graph>", f"<{iri}>"))
    return len(chosen)


def _texts_of(store: BaseStore, doc_ids: list[str]) -> dict[str, str]:
    """The texts of some documents, in one query (``texts_by_id.rq`` with their ids as VALUES) per
    :data:`kg.evidence.CHUNK` of them."""
    literals = (json.dumps(doc_id) for doc_id in doc_ids)  # a JSON string is a SPARQL string literal
    return {row["id"]: row["text"] for query in resources.fill_values(resources.query_text("texts_by_id"), literals,
                                                                       evidence.CHUNK)
            for row in store.select(query)[1]}


def drop(store: BaseStore, graph_iris: Iterable[str], on_step: Callable[[str], None] | None = None) -> tuple[int, int]:
    """Remove named graphs (ingest runs, assessments, imports), then relink the whole store once;
    returns what :func:`relink` returns."""
    for iri in graph_iris:
        store.drop_graph(iri)
    return relink(store, on_step=on_step)


def stored_propositions(store: BaseStore, generals: Iterable[str] | None = None) -> list[Proposition]:
    """The specializations in the store (what can conflict), as dataclasses; with ``generals``
    (IRIs), only theirs."""
    rows = evidence.select(store, "specializations", generals)
    return [
        Proposition(key=r["p"].rsplit("/", 1)[-1], label="", event_type=r["type"] or "", location=None, facet=r["facet"],
                    value=r["value"], general=r["general"].rsplit("/", 1)[-1], date_stated=bool(r["dated"]))
        for r in rows
    ]


def _date(value: object) -> date | None:
    try:
        return date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None
