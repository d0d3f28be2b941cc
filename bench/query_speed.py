"""Query and export speed of the embedded store (Oxigraph) against rdflib's in-memory engine, on
synthetic data at 100k and 1M statements, in the same run.

    python bench/query_speed.py [--sizes 100000,1000000] [--rdflib-timeout 600] [--memory 7]
                                [--repeat 3] [--check-size 3000] [--workdir DIR] [--keep] [--reference]
                                [--no-export] [--rdflib-subset] [--tasks T1,T2]

**Data.** A seeded generator makes the objects of the flow (:mod:`kg.types`): documents from 40
outlets (5 % crediting a wire agency), 3 to 15 attributed statements each (8.5 on average, as in
FA-KES), speakers drawn with a long tail from a pool of one distinct speaker per 4 statements
(the gazetteer's sources most often; minted people and organizations, some speaking for an
organization; anonymous sources; the outlet's own narration), and events (type, place, day) that
documents share: a third of the documents report an event another document already reported.
40 % of the statements are about an event (the general proposition, and an agent, a casualty
count, a target); 3.7 % are denials or doubts, mostly by the alleged culprit; one report in five
gives its own casualty figure. Conflicting propositions are found by the project's own
:func:`kg.propositions.conflicts`. The objects become triples through the project's builders
(:func:`kg.graph.document_graph`, :func:`kg.graph.run_graph`, :func:`kg.graph.conflict_graph`);
at large sizes the same objects are written straight to N-Triples by a writer that is checked,
on ``--check-size`` statements, to give exactly the triples of ``document_graph``. Documents go
into one named graph per ingest run of 5,000 documents, conflicts into the links graph, as
``kg ingest`` does; queries see the union.

**Measurements**, each in a child process that the parent watches (time limit, resident memory
limit); a child is restarted after a measurement it had to kill:

* the contradiction query in one step (``disputed.rq``: who disputes what another source
  affirms, read from the ``kg:affirms`` / ``kg:disputes`` shortcuts each statement writes), on
  both engines, as written, with its two source variables' names swapped (rdflib orders two
  equally bound triple patterns by the names in them: the swap is its best order here) and with
  its two triple patterns in the other order (Oxigraph keeps the written order of two equally
  bound patterns: as written is its best order); when
  rdflib cannot hold the whole graph, on a graph of just the shortcuts;
* the contradiction query as kg runs it (:mod:`kg.evidence`: contested propositions, then the
  statements about them and their sources and documents, in a few small queries), all rows
  fetched as Python values; the same queries, through the same code, on both engines
  (``Store.select``, and ``Graph.query`` behind the same ``select``);
* the contradictions computed end to end (``kg.analyze.find_contradictions``: those rows grouped
  into findings), on both engines;
* what ``kg.pipeline.relink`` adds after every ingest: computing the contradictions and
  corroborations and storing them in the links graph (embedded; timed once, and the same triples
  written to a file that rdflib loads too);
* the stored contradictions query (``findings.rq``: one scan of ``kg:contradictionSummary``,
  each finding's JSON decoded), on both engines; when rdflib cannot hold the whole graph, on a
  graph of just those triples;
* ``kg.analyze.contradictions`` as kg runs it, reading the stored findings (embedded);
* the corroboration query in steps, on both engines;
* with ``--reference``, the one-query versions ``denials.rq``, ``conflicts.rq`` and
  ``corroborations.rq`` too (same rows as the steps, far slower on a large store);
* Turtle export of the data (without the ontology): ``Store.export`` vs ``Graph.serialize``.

Embedded: :class:`kg.store.Store` (on disk, bulk-loaded). rdflib: an in-memory ``Graph`` holding
the union of the graphs (its fastest in-memory setting; a ``Dataset`` with ``default_union`` adds
a context lookup to every match). Each measurement runs ``--repeat`` times and the median is
printed, unless one run takes over 10 s (then once). rdflib runs that exceed ``--rdflib-timeout``
seconds are printed as ``>T`` and their ratio as a lower bound (``>R``); rdflib children that
would exceed ``--rdflib-memory`` GiB are stopped and reported as such. When the whole graph does
not fit, the query children load only the triples whose predicate the queries read (same
answers, checked by row counts; a smaller graph can only make rdflib faster, so the ratio stays a
lower bound), and the export is reported as not measurable.
"""

from __future__ import annotations

import argparse
import bisect
import itertools
import json
import multiprocessing as mp
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg import graph, relays, resources  # noqa: E402
from kg.propositions import conflicts, label_for, proposition_key  # noqa: E402
from kg.resolve import slug  # noqa: E402
from kg.types import (  # noqa: E402
    Document,
    DocumentResult,
    IngestRun,
    Mention,
    Proposition,
    ResolvedStatement,
    Source,
    Statement,
)

DOCS_PER_RUN = 5000
# Rates measured on FA-KES (kg ingest of the whole corpus): 3.8 % of statements negated, 16 % of
# those about an event; 34 % of all statements about an event.
NEGATED = 0.037
NEGATED_ABOUT_EVENT = 0.16
ABOUT_EVENT = 0.34
SHARED_EVENT = 0.2  # a document reports an incident another one reported
NOISY_FRAME = 0.4  # a statement about an event gets another place or day (as extraction does)
#: The one-query reference versions (kg/queries/*.rq), run with ``--reference``.
QUERIES = ("denials", "conflicts", "corroborations")
#: The contradiction query in one step (``disputed.rq``: who disputes what another source affirms,
#: read from the kg:affirms / kg:disputes shortcuts), as written, with its two source variables'
#: names swapped, and with its two triple patterns in the other order. Both engines estimate the
#: two patterns equally big (one unbound end each), then loop over the first and look the other up
#: by the proposition. rdflib orders such ties by the names in them, so the swap makes it start
#: from the rare kg:disputes rather than the common kg:affirms; Oxigraph (sparopt) keeps the
#: written order, so the reversed query makes it start from kg:affirms.
ONE_STEP = ("disputed", "disputed swapped", "disputed reversed")
#: What kg runs: the same queries in steps (kg.evidence), on both engines through ``select``.
STEPPED = ("contradiction steps", "contradictions()", "stored contradictions", "corroboration steps")
#: Tasks that read few predicates, timed on a graph of just those when the whole one does not fit.
SUBSETS = {"findings": (resources.NS + "contradictionSummary",),
           "shortcuts": (resources.NS + "affirms", resources.NS + "disputes")}
#: kg.analyze.contradictions as kg runs it: reading the findings stored at relink (embedded only:
#: rdflib's union ``Graph`` has no links graph to find the version mark in).
EMBEDDED_ONLY = ("kg contradictions",)
ALL_TASKS = ONE_STEP + STEPPED + EMBEDDED_ONLY + QUERIES + ("export",)

# ---------------------------------------------------------------- the synthetic corpus
EVENT_WEIGHTS = {"airstrike": 30, "shelling": 15, "bombing": 10, "explosion": 5, "clashes": 10, "killing": 15,
                 "attack": 10, "capture": 3, "chemical-attack": 2}
TARGETS = ["hospital", "school", "mosque", "market", "bakery", "convoy", "camp", "checkpoint"]
CUES = ["said", "told", "reported", "stated", "added", "according to", "announced", "claimed", "confirmed"]
DENIAL_CUES = ["denied", "rejected", "dismissed"]
HEDGE_CUES = ["did not think", "doubted"]
FIRST = ["Ahmad", "Mohammed", "Omar", "Khaled", "Hassan", "Ali", "Youssef", "Rami", "Fadi", "Samer", "Maria",
         "Lina", "John", "Sergei", "Anna", "Mustafa", "Ibrahim", "Nour", "Hadi", "Walid"]
LAST = ["Khalil", "Haddad", "Nasser", "Saleh", "Hamdan", "Ibrahim", "Aziz", "Darwish", "Mansour", "Petrov",
        "Smith", "Karimi", "Yilmaz", "Suleiman", "Othman", "Qassem", "Zein", "Bakri", "Habib", "Faris"]
ORG_WORDS = ["Council", "Committee", "Brigade", "Front", "Network", "Center", "Union", "Office", "Authority",
             "Movement"]
ORG_PLACES = ["Local", "Revolutionary", "Civil", "Medical", "Relief", "Media", "Human Rights", "Coordination"]
ANONYMOUS = ["activists", "a source", "local sources", "residents", "a military source", "witnesses"]
FILLER = ["the", "area", "has", "seen", "heavy", "fighting", "in", "recent", "weeks", "as", "forces", "advanced",
          "on", "several", "fronts", "near", "the", "city", "while", "aid", "groups", "warned", "of", "shortages",
          "of", "food", "fuel", "and", "medicine", "for", "thousands", "of", "displaced", "families"]
DENYING = ["russia", "syria", "syrian-army", "us-led-coalition", "turkey", "islamic-state", "nusra-front"]


@dataclass
class Event:
    """One incident that documents report: its frame and the facts most reports give."""

    kind: str
    place: str
    day: date
    agent: str
    killed: int
    wounded: int
    target: str


@dataclass
class Corpus:
    """What the generator keeps across documents (pools, the news cycle, propositions seen)."""

    rng: random.Random
    speakers: list[Source]
    speaker_weights: list[float]
    outlets: list[Source]
    outlet_weights: list[float]
    agencies: list[Source]
    places: list[str]
    place_weights: list[float]
    known: dict[str, Any]
    recent: deque[Event] = field(default_factory=lambda: deque(maxlen=3000))
    specializations: dict[str, Proposition] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)
    expected_documents: int = 1  # spreads publication dates over eight years


def _cumulative(weights: list[float]) -> list[float]:
    return list(itertools.accumulate(weights))


def _pick(rng: random.Random, items: list[Any], cumulative: list[float]) -> Any:
    return items[bisect.bisect(cumulative, rng.random() * cumulative[-1])]


def _zipf(n: int, exponent: float = 1.05) -> list[float]:
    return [1.0 / (rank + 1) ** exponent for rank in range(n)]


def _source(corpus_known: dict[str, Any], key: str) -> Source:
    entry = corpus_known[key]
    chain: list[str] = []
    nxt = entry.speaks_for[0] if entry.speaks_for else None
    while nxt and nxt in corpus_known and nxt not in chain:
        chain.append(nxt)
        nxt = corpus_known[nxt].speaks_for[0] if corpus_known[nxt].speaks_for else None
    return Source(key=key, label=entry.label, kind=entry.kind or "Source", speaks_for=tuple(chain), known=True)


def new_corpus(statements: int, seed: int = 2026) -> Corpus:
    """Pools sized for ``statements``: one distinct named speaker per 4 statements."""
    rng = random.Random(seed)
    known = {k: e for k, e in resources.sources().items() if e.kind != "Outlet"}
    speakers = [_source(known, k) for k in known]
    organizations: list[Source] = []
    for i in range(max(50, statements // 40)):
        label = f"{rng.choice(ORG_PLACES)} {rng.choice(ORG_WORDS)} of {rng.choice(LAST)}"
        organizations.append(Source(key=f"{slug(label)}-{i}", label=label, kind="Organization", known=False))
    people: list[Source] = []
    for i in range(max(200, statements // 4 - len(organizations) - len(speakers))):
        label = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        boss: tuple[str, ...] = ()
        if rng.random() < 0.1:
            principal = rng.choice(organizations + speakers[:20])
            boss = (principal.key, *principal.speaks_for)
        people.append(Source(key=f"{slug(label)}-{i}", label=label, kind="Person", speaks_for=boss, known=False))
    rng.shuffle(people)
    pool = speakers + organizations[: len(organizations) // 2] + people + organizations[len(organizations) // 2:]
    outlets = [_source(resources.sources(), k) for k in ("sana", "tass", "sputnik", "anadolu")]
    outlets += [Source(key=f"outlet-news-{i}", label=f"News {i}", kind="Outlet", known=False) for i in range(36)]
    agencies = [Source(key=f"outlet-{slug(n)}", label=n, kind="Outlet", known=False) for n in ("Reuters", "AFP", "AP")]
    places = [k for k in resources.places() if k != "syria"]
    return Corpus(rng=rng, speakers=pool, speaker_weights=_cumulative(_zipf(len(pool))), outlets=outlets,
                  outlet_weights=_cumulative(_zipf(len(outlets), 0.8)), agencies=agencies, places=places,
                  place_weights=_cumulative(_zipf(len(places), 0.9)), known=resources.sources())


def _event(corpus: Corpus, day: date) -> Event:
    rng = corpus.rng
    if corpus.recent and rng.random() < SHARED_EVENT:
        return rng.choice(corpus.recent)  # another outlet's report of an incident in the news
    kind = rng.choices(list(EVENT_WEIGHTS), weights=list(EVENT_WEIGHTS.values()))[0]
    event = Event(kind=kind, place=_pick(rng, corpus.places, corpus.place_weights),
                  day=day - timedelta(days=rng.random() < 0.2), agent=rng.choice(DENYING),
                  killed=int(rng.paretovariate(1.2)) + rng.randint(0, 5), wounded=rng.randint(2, 60),
                  target=rng.choice(TARGETS))
    corpus.recent.append(event)
    return event


def _proposition(corpus: Corpus, event: Event, facet: str | None = None, value: str | None = None) -> Proposition:
    general = proposition_key(event.kind, event.place, event.day, None, None)
    key = proposition_key(event.kind, event.place, event.day, facet, value)
    if key not in corpus.labels:
        value_label = corpus.known[value].label if facet == "agent" and value in corpus.known else None
        corpus.labels[key] = label_for(event.kind, event.place, event.day, facet, value, value_label=value_label)
    prop = Proposition(key=key, label=corpus.labels[key], event_type=event.kind, location=event.place,
                       event_date=event.day, facet=facet, value=value, general=general if facet else None)
    if facet:
        corpus.specializations[key] = prop
    return prop


def _casualties(rng: random.Random, true_count: int) -> str:
    """The figure one report gives: the common one, or (one time in twelve) its own."""
    if rng.random() < 0.92:
        return str(true_count)
    count = max(1, int(true_count * rng.choice([0.3, 0.5, 1.5, 2, 3])) + rng.randint(-2, 2))
    return rng.choice(["", "", ">=", "~"]) + str(count)


def _asserted(corpus: Corpus, event: Event) -> tuple[Proposition, ...]:
    rng = corpus.rng
    if rng.random() < NOISY_FRAME:  # the statement's place or day read differently: another frame
        place = _pick(rng, corpus.places, corpus.place_weights) if rng.random() < 0.5 else event.place
        day = event.day - timedelta(days=rng.randint(1, 3)) if place == event.place else event.day
        event = replace(event, place=place, day=day)
    props = [_proposition(corpus, event)]
    if rng.random() < 0.35:
        agent = event.agent if rng.random() < 0.95 else rng.choice(DENYING)
        props.append(_proposition(corpus, event, "agent", agent))
    if rng.random() < 0.5:
        props.append(_proposition(corpus, event, "killed", _casualties(rng, event.killed)))
    if rng.random() < 0.15:
        props.append(_proposition(corpus, event, "wounded", _casualties(rng, event.wounded)))
    if rng.random() < 0.1:
        props.append(_proposition(corpus, event, "target", event.target))
    return tuple(props)


def _denied(corpus: Corpus, event: Event) -> tuple[Source | None, tuple[Proposition, ...]]:
    """A denial: usually the alleged culprit (or its spokesman) denying it did it."""
    rng = corpus.rng
    roll = rng.random()
    if roll < 0.6:
        agent = _source(corpus.known, event.agent)
        spokesmen = [s for s in corpus.speakers[:60] if s.speaks_for and s.speaks_for[-1] == event.agent]
        speaker = rng.choice([agent, *spokesmen])
        return speaker, (_proposition(corpus, event, "agent", event.agent),)
    if roll < 0.7:
        return None, (_proposition(corpus, event, "killed", str(event.killed)),)
    return None, (_proposition(corpus, event, None, None),)


def _sentence(rng: random.Random, speaker: Source, cue: str, content: str) -> str:
    if cue == "according to":
        return f"According to {speaker.label}, {content}."
    return f"{speaker.label} {cue} {content}."


def _content(rng: random.Random, event: Event | None, props: tuple[Proposition, ...], negated: bool) -> str:
    words = " ".join(rng.sample(FILLER, rng.randint(6, 16)))
    if event is None:
        return f"the situation {words}"
    claim = props[-1].label if props else "the incident"
    return ("it was not true that " if negated else "") + f"the {claim.lower()} {words}"


def document(corpus: Corpus, number: int, statements: int) -> DocumentResult:
    """One synthetic article with ``statements`` attributed statements, as the flow would make it."""
    rng = corpus.rng
    day = date(2012, 1, 1) + timedelta(days=number * 2900 // corpus.expected_documents)
    doc_id = f"{rng.getrandbits(64):016x}"
    outlet = _pick(rng, corpus.outlets, corpus.outlet_weights)
    events = [_event(corpus, day) for _ in range(rng.choices([0, 1, 2], weights=[5, 70, 25])[0])]
    sentences: list[str] = []
    parts: list[tuple[Source, str, str, bool, tuple[Proposition, ...], str]] = []
    for _ in range(statements):
        negated = rng.random() < NEGATED
        event = rng.choice(events) if events and rng.random() < (NEGATED_ABOUT_EVENT if negated else ABOUT_EVENT) else None
        speaker = _pick(rng, corpus.speakers, corpus.speaker_weights)
        if rng.random() < 0.12:
            label = rng.choice(ANONYMOUS)
            speaker = Source(key=f"anonymous-{slug(label)}-{doc_id}", label=label, kind="AnonymousSource", known=False)
        elif rng.random() < 0.1:
            speaker = outlet
        props: tuple[Proposition, ...] = ()
        if negated:
            stance = "hedge" if rng.random() < 0.03 else "deny"
            cue = rng.choice(HEDGE_CUES if stance == "hedge" else DENIAL_CUES)
            if event is not None:
                who, props = _denied(corpus, event)
                speaker = who or speaker
        else:
            stance = "hedge" if rng.random() < 0.04 else "assert"
            cue = "narration" if speaker is outlet else rng.choice(CUES)
            if event is not None:
                props = _asserted(corpus, event)
        content = _content(rng, event, props, negated)
        sentence = _sentence(rng, speaker, cue, content)
        sentences.append(sentence)
        parts.append((speaker, cue, stance, negated, props, content))
    title = f"{events[0].kind.title()} in {events[0].place.title()}" if events else "Syria news roundup"
    text = title + "\n\n" + " ".join(sentences)
    document = Document(id=doc_id, text=text, title=title, outlet=outlet.label, date=day,
                        url=f"https://news.example/{doc_id}", origin=f"synthetic:{number}")
    resolved = []
    offset = len(title) + 2
    for index, ((speaker, cue, stance, negated, props, content), sentence) in enumerate(zip(parts, sentences, strict=True)):
        start = offset + sentence.index(content)
        mention = Mention(text=speaker.label, start=offset, end=offset + len(speaker.label))
        statement = Statement(doc_id=doc_id, index=index, speaker=mention, cue=cue, stance=stance,  # type: ignore[arg-type]
                              negated=negated, content=content, start=start, end=start + len(content),
                              quote="direct" if rng.random() < 0.2 else "indirect", sentence=sentence,
                              sentence_start=offset, channel="Reuters" if rng.random() < 0.05 else None)
        resolved.append(ResolvedStatement(statement, speaker, props))
        offset += len(sentence) + 1
    credits = (rng.choice(corpus.agencies),) if rng.random() < 0.05 else ()
    return DocumentResult(document=document, statements=tuple(resolved), outlet=outlet, credits=credits)


def documents(corpus: Corpus, statements: int) -> Iterator[DocumentResult]:
    """Documents until ``statements`` statements are made (3 to 15 per document)."""
    corpus.expected_documents = max(1, statements * 2 // 17)
    made = 0
    for number in itertools.count():
        if made >= statements:
            return
        n = min(statements - made, corpus.rng.randint(3, 14))
        made += n
        yield document(corpus, number, n)


# ---------------------------------------------------------------- N-Triples, fast
XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
KG_NS = str(graph.KG._NS)
PROV_NS = "http://www.w3.org/ns/prov#"
SKOS_LABEL = "<http://www.w3.org/2004/02/skos/core#prefLabel>"
RDFS_LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"


def _kg(name: str) -> str:
    return f"<{KG_NS}{name}>"


def _iri(term: Any) -> str:
    return f"<{term}>"


def _text(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return f'"{escaped}"'


def _typed(value: str, datatype: str) -> str:
    return f'{_text(value)}^^<{XSD}{datatype}>'


def _boolean(value: bool) -> str:
    return _typed("true" if value else "false", "boolean")


class NTriplesWriter:
    """The triples of :func:`kg.graph.document_graph`, written as N-Triples lines without rdflib
    objects. Sources and propositions are written once per writer (per named graph)."""

    def __init__(self) -> None:
        self.seen: set[str] = set()

    def document(self, result: DocumentResult) -> list[str]:
        d = result.document
        doc = _iri(graph.document_iri(d.id))
        lines = [f"{doc} {RDF_TYPE} {_kg('Document')} .", f"{doc} {_kg('docId')} {_text(d.id)} .",
                 f"{doc} {_kg('text')} {_text(d.text)} .",
                 f"{doc} {_kg('textFingerprint')} {_text(relays.Fingerprint.of(d.text).encode())} ."]
        if d.title:
            lines.append(f"{doc} <https://schema.org/headline> {_text(d.title)} .")
        if d.date:
            lines.append(f"{doc} <https://schema.org/datePublished> {_typed(d.date.isoformat(), 'date')} .")
        if d.url:
            lines.append(f"{doc} <https://schema.org/url> {_typed(d.url, 'anyURI')} .")
        if d.origin:
            lines.append(f"{doc} {_kg('sourcePath')} {_text(d.origin)} .")
        if result.outlet is not None:
            self._source(lines, result.outlet)
            lines.append(f"{doc} <https://schema.org/publisher> {_iri(graph.source_iri(result.outlet))} .")
        for agency in result.credits:
            self._source(lines, agency)
            lines.append(f"{doc} {_kg('wireCredit')} {_iri(graph.source_iri(agency))} .")
        for item in result.statements:
            self._statement(lines, doc, item)
        return lines

    def _source(self, lines: list[str], source: Source) -> None:
        if source.known or source.key in self.seen:
            return
        self.seen.add(source.key)
        iri = _iri(graph.source_iri(source))
        lines.append(f"{iri} {RDF_TYPE} {_kg(source.kind)} .")
        lines.append(f"{iri} {SKOS_LABEL} {_text(source.label)} .")
        if source.speaks_for:
            lines.append(f"{iri} {_kg('speaksFor')} {_iri(graph.source_iri(source.speaks_for[0]))} .")

    def _statement(self, lines: list[str], doc: str, item: ResolvedStatement) -> None:
        s = item.statement
        iri = _iri(graph.statement_iri(s.doc_id, s.index))
        self._source(lines, item.speaker)
        lines += [
            f"{iri} {RDF_TYPE} {_kg('Statement')} .",
            f"{iri} {_kg('reportedIn')} {doc} .",
            f"{iri} <{PROV_NS}wasAttributedTo> {_iri(graph.source_iri(item.speaker))} .",
            f"{iri} {_kg('speakerText')} {_text(s.speaker.text)} .",
            f"{iri} {_kg('cue')} {_text(s.cue)} .",
            f"{iri} {_kg('stance')} {_iri(graph.STANCES[s.stance])} .",
            f"{iri} {_kg('negated')} {_boolean(s.negated)} .",
            f"{iri} {_kg('text')} {_text(s.content)} .",
            f"{iri} {_kg('directQuote')} {_boolean(s.quote == 'direct')} .",
            f"{iri} {_kg('beginIndex')} {_typed(str(s.start), 'integer')} .",
            f"{iri} {_kg('endIndex')} {_typed(str(s.end), 'integer')} .",
            f"{iri} {_kg('sentence')} {_text(s.sentence)} .",
        ]
        if s.channel:
            lines.append(f"{iri} {_kg('via')} {_text(s.channel)} .")
        speaker, link = _iri(graph.source_iri(item.speaker)), graph.shortcut(s)
        for proposition in item.propositions:
            self._proposition(lines, proposition)
            lines.append(f"{iri} {_kg('about')} {_iri(graph.proposition_iri(proposition.key))} .")
            if link is not None:
                lines.append(f"{speaker} {_iri(link)} {_iri(graph.proposition_iri(proposition.key))} .")

    def _proposition(self, lines: list[str], p: Proposition) -> None:
        if p.key in self.seen:
            return
        self.seen.add(p.key)
        iri = _iri(graph.proposition_iri(p.key))
        lines.append(f"{iri} {RDF_TYPE} {_kg('Proposition')} .")
        lines.append(f"{iri} {RDFS_LABEL} {_text(p.label)} .")
        lines.append(f"{iri} {_kg('eventType')} {_iri(graph.EVENT[p.event_type])} .")
        if p.location:
            lines.append(f"{iri} {_kg('location')} {_iri(graph.PLACE[p.location])} .")
        if p.event_date and p.date_stated:
            lines.append(f"{iri} {_kg('eventDate')} {_typed(p.event_date.isoformat(), 'date')} .")
        if p.general:
            lines.append(f"{iri} {_kg('specializes')} {_iri(graph.proposition_iri(p.general))} .")
            lines.append(f"{iri} {_kg('facet')} {_text(str(p.facet))} .")
        if p.facet == "agent" and p.value:
            lines.append(f"{iri} {_kg('agent')} {_iri(graph.source_iri(p.value))} .")
        elif p.facet == "target" and p.value:
            lines.append(f"{iri} {_kg('target')} {_text(p.value)} .")
        elif p.facet in {"killed", "wounded"} and p.value:
            lines.append(f"{iri} {_kg('casualties')} {_text(p.value)} .")
            lines.append(f"{iri} {_kg('casualtyKind')} {_text(p.facet)} .")


# ---------------------------------------------------------------- data files
@dataclass
class DataSet:
    """The synthetic data of one size, as N-Triples files: one per ingest run, and the links."""

    folder: Path
    statements: int
    runs: list[tuple[str, Path]]  # (named graph IRI, file)
    links: Path
    counts: dict[str, int]

    @property
    def files(self) -> list[tuple[str, Path]]:
        from kg.store import LINKS_GRAPH

        return [*self.runs, (LINKS_GRAPH.value, self.links)]


def _rdflib_lines(triples: graph.Triples) -> list[str]:
    text = triples.graph().serialize(format="nt")
    return [line for line in text.splitlines() if line.strip()]


def _run_record(number: int, documents: int, statements: int) -> IngestRun:
    from datetime import datetime, timezone

    from kg.store import GRAPH_BASE

    iri = f"{GRAPH_BASE}run/synthetic-{number:04d}"
    when = datetime(2026, 1, 1, tzinfo=timezone.utc) + timedelta(hours=number)
    return IngestRun(graph=iri, activity=iri.replace("/graph/", "/id/"), started=when, inputs=(f"synthetic:{number}",),
                     program_version="bench", model_version="synthetic", ended=when + timedelta(minutes=30),
                     documents=documents, statements=statements)


def build(statements: int, folder: Path, seed: int = 2026) -> DataSet:
    """Generate ``statements`` statements and write them, run by run, as N-Triples files."""
    folder.mkdir(parents=True, exist_ok=True)
    corpus = new_corpus(statements, seed)
    counts = {"documents": 0, "statements": 0, "negated": 0, "with propositions": 0, "triples written": 0}
    speakers: set[str] = set()
    propositions: set[str] = set()
    runs: list[tuple[str, Path]] = []
    stream = documents(corpus, statements)
    for number in itertools.count():
        batch = list(itertools.islice(stream, DOCS_PER_RUN))
        if not batch:
            break
        writer = NTriplesWriter()
        run = _run_record(number, len(batch), sum(len(d.statements) for d in batch))
        path = folder / f"run-{number:04d}.nt"
        with path.open("w", encoding="utf-8") as out:
            lines = _rdflib_lines(graph.run_graph(run))
            for result in batch:
                lines += writer.document(result)
                counts["documents"] += 1
                for item in result.statements:
                    counts["statements"] += 1
                    counts["negated"] += item.statement.negated
                    counts["with propositions"] += bool(item.propositions)
                    speakers.add(item.speaker.key)
                    propositions.update(p.key for p in item.propositions)
            counts["triples written"] += len(lines)
            out.write("\n".join(lines) + "\n")
        runs.append((run.graph, path))
    pairs = conflicts(corpus.specializations.values())
    links = folder / "links.nt"
    lines = _rdflib_lines(graph.conflict_graph(pairs))
    links.write_text("\n".join(lines) + "\n", encoding="utf-8")
    counts["triples written"] += len(lines)
    counts.update({"speakers": len(speakers), "propositions": len(propositions), "conflicting pairs": len(pairs)})
    return DataSet(folder=folder, statements=statements, runs=runs, links=links, counts=counts)


def check_writer(statements: int) -> int:
    """The fast writer gives exactly the triples of ``kg.graph.document_graph``; returns their number."""
    from rdflib import Graph

    corpus = new_corpus(statements, seed=7)
    results = list(documents(corpus, statements))
    built = Graph()
    for result in results:
        built += graph.document_graph(result)
    writer = NTriplesWriter()
    written = Graph().parse(data="\n".join(line for r in results for line in writer.document(r)), format="nt")
    if set(built) != set(written):
        raise SystemExit(f"the N-Triples writer differs from kg.graph.document_graph: "
                         f"{len(set(built) - set(written))} triples missing, {len(set(written) - set(built))} extra")
    return len(built)


# ---------------------------------------------------------------- engines (in child processes)
def timed_runs(run: Callable[[], int], repeat: int) -> tuple[float, int, int]:
    """Median seconds over up to ``repeat`` runs (fewer once they add up to 10 s), runs, rows."""
    seconds: list[float] = []
    rows = 0
    while len(seconds) < repeat and sum(seconds) < 10:
        start = time.perf_counter()
        rows = run()
        seconds.append(time.perf_counter() - start)
    return statistics.median(seconds), len(seconds), rows


class Embedded:
    """The project's embedded store: bulk-loaded once per size, reopened by later children."""

    def __init__(self, spec: dict[str, Any]) -> None:
        import pyoxigraph as ox

        from kg.store import Store

        self.spec = spec
        path = Path(spec["store"])
        fresh = not path.exists()
        self.store = Store(path, create=fresh)
        if fresh:
            for iri, file in spec["files"]:
                self.store.oxigraph.bulk_load(path=file, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(iri))
            self.store.oxigraph.optimize()
        self.triples = len(self.store)
        self.mode = "bulk-loaded" if fresh else "reopened"

    def run(self, task: str) -> int:
        if task == "export":
            return self.store.export(self.spec["export"], "turtle")
        if task in STEPPED + EMBEDDED_ONLY:
            return run_stepped(self.store, task)
        return len(self.store.select(query_of(task))[1])

    def prepare(self, task: str) -> None:
        pass

    def close(self) -> None:
        self.store.close()


def query_of(task: str) -> str:
    """The packaged query a one-query task runs (the names-swapped and the reversed variants of
    disputed.rq too)."""
    if task == "disputed swapped":
        text = resources.query_text("disputed")
        return text.replace("?affirmer", "?tmp").replace("?disputer", "?affirmer").replace("?tmp", "?disputer")
    if task == "disputed reversed":
        disputes, affirms = "  ?disputer kg:disputes ?prop .\n", "  ?affirmer kg:affirms ?prop .\n"
        text = resources.query_text("disputed")
        assert disputes + affirms in text, "disputed.rq no longer has its two patterns in this order"
        return text.replace(disputes + affirms, affirms + disputes)
    return resources.query_text(task)


EVIDENCE_QUERIES = ("contested", "conflicting", "asserted_by_several", "statements_about", "proposition_labels",
                    "proposition_frames", "proposition_dates", "source_labels", "speaks_for", "document_ids",
                    "document_outlets")


def query_predicates(names: tuple[str, ...] = ("disputed",) + QUERIES + EVIDENCE_QUERIES) -> set[str]:
    """Full IRIs of every prefixed name the packaged queries ``names`` use (predicates, and a few
    classes)."""
    import re

    predicates: set[str] = set()
    for name in names:
        text = resources.query_text(name)
        prefixes = dict(re.findall(r"PREFIX\s+(\w*):\s*<([^>]+)>", text))
        body = re.sub(r"PREFIX\s+\w*:\s*<[^>]+>", "", re.sub(r"#[^\n]*", "", text))
        for prefix, local in re.findall(r"\b(\w+):(\w+)", body):
            if prefix in prefixes:
                predicates.add(prefixes[prefix] + local)
        if re.search(r"\sa\s", body):
            predicates.add("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    return predicates


class Rdflib:
    """rdflib's in-memory ``Graph`` with the union of the graphs and the ontology (the whole graph,
    or only the triples whose predicate the queries read)."""

    def __init__(self, spec: dict[str, Any]) -> None:
        from rdflib import Graph

        self.spec = spec
        self.graph = Graph()
        subset = spec["subset"]
        if not subset:
            wanted, self.mode = None, "whole graph"
        elif subset in SUBSETS:
            wanted, self.mode = {f"<{p}>" for p in SUBSETS[subset]}, f"{subset} triples only"
        else:
            wanted, self.mode = {f"<{p}>" for p in query_predicates()}, "query triples only"
        for _, file in spec["files"]:
            if wanted is None:
                self.graph.parse(str(file), format="nt")
            else:
                with open(file, encoding="utf-8") as handle:
                    kept = [line for line in handle if line.split(" ", 2)[1] in wanted]
                self.graph.parse(data="".join(kept), format="nt")
        self.ontology = Graph()
        for name in resources.ONTOLOGY_FILES:
            self.ontology.parse(resources.ontology_path(name), format="turtle")
        self.graph += self.ontology
        self.triples = len(self.graph)

    def prepare(self, task: str) -> None:
        if task == "export":
            self.graph -= self.ontology  # the export writes the data only, as Store.export does

    def run(self, task: str) -> int:
        if task == "export":
            self.graph.serialize(self.spec["export"], format="turtle")
            return len(self.graph)
        if task in STEPPED:
            return run_stepped(RdflibSelect(self.graph), task)
        return len(list(self.graph.query(query_of(task))))

    def close(self) -> None:
        pass


class RdflibSelect:
    """What kg.evidence and kg.analyze need of a store (``select``, ``ask``), on an rdflib ``Graph``:
    rows of plain Python values, as :meth:`kg.store.BaseStore.select` gives them."""

    def __init__(self, graph: Any) -> None:
        self.graph = graph

    def select(self, sparql: str) -> tuple[list[str], list[dict[str, Any]]]:
        result = self.graph.query(sparql)
        names = [str(v) for v in result.vars]
        return names, [{name: _python(row[i]) for i, name in enumerate(names)} for row in result]

    def ask(self, sparql: str) -> bool:
        return bool(self.graph.query(sparql).askAnswer)


def _python(term: Any) -> Any:
    """An rdflib term as :func:`kg.store.python_value` gives the same term from pyoxigraph."""
    from kg.store import python_value, to_ox

    return None if term is None else python_value(to_ox(term))


def run_stepped(store: Any, task: str) -> int:
    """One of :data:`STEPPED` on ``store`` (anything with ``select``); returns rows or findings."""
    from kg import analyze, evidence

    if task == "contradiction steps":
        return len(evidence.denial_rows(store)) + len(evidence.conflict_rows(store))
    if task == "contradictions()":
        return len(analyze.find_contradictions(store))
    if task == "stored contradictions":  # what kg.analyze reads once relink has stored the findings
        _, rows = store.select(analyze.stored_query("contradiction"))
        return len([json.loads(r["summary"]) for r in rows])
    if task == "kg contradictions":
        return len(analyze.contradictions(store))
    return len(evidence.corroboration_rows(store))


def worker(engine: str, spec: dict[str, Any], tasks: list[str], conn: Any) -> None:
    """Child process: load, then run the tasks in order, reporting each through ``conn``."""
    start = time.perf_counter()
    backend = (Embedded if engine == "embedded" else Rdflib)(spec)
    conn.send(("loaded", time.perf_counter() - start, backend.triples, backend.mode))
    for task in tasks:
        backend.prepare(task)
        conn.send(("start", task))
        repeat = 1 if task == "export" else spec["repeat"]
        seconds, runs, rows = timed_runs(lambda: backend.run(task), repeat)  # noqa: B023
        conn.send(("done", task, seconds, runs, rows))
    backend.close()
    conn.send(("bye",))


# ---------------------------------------------------------------- the parent: watch, limit, restart
@dataclass
class Outcome:
    """One measurement: seconds (median of ``runs``), or why there is none."""

    seconds: float | None = None
    runs: int = 0
    rows: int | None = None
    over: str = ""  # "time" or "memory" when the child was stopped
    limit: float = 0.0  # the time limit (s) or memory limit (GiB) it hit
    note: str = ""


@dataclass
class EngineReport:
    outcomes: dict[str, Outcome] = field(default_factory=dict)
    loads: list[str] = field(default_factory=list)
    peak_rss: int = 0


def rss(pid: int) -> int:
    """Resident memory of a process in bytes (0 once it is gone)."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _receive(connection: Any) -> tuple[Any, ...] | None | bool:
    """The next message, False if none yet, None if the child closed its end."""
    if not connection.poll(0.2):
        return False
    try:
        return connection.recv()
    except EOFError:
        return None


def run_child(engine: str, spec: dict[str, Any], tasks: list[str], report: EngineReport, *, timeout: float,
              load_timeout: float, memory: float) -> str:
    """Run ``tasks`` in one child until done or stopped. Returns "" or what stopped the load."""
    context = mp.get_context("spawn")
    parent, child = context.Pipe()
    process = context.Process(target=worker, args=(engine, spec, tasks, child), daemon=True)
    process.start()
    child.close()
    current, began, limit = "(load)", time.perf_counter(), load_timeout
    try:
        while True:
            message = _receive(parent)
            if message:
                if message[0] == "loaded":
                    _, seconds, triples, mode = message
                    report.loads.append(f"{mode}: {triples:,} triples in {seconds:.1f} s, "
                                        f"{rss(process.pid) / 2**30:.2f} GiB resident")
                elif message[0] == "start":
                    current, began, limit = message[1], time.perf_counter(), timeout
                elif message[0] == "done":
                    _, task, seconds, runs, rows = message
                    report.outcomes[task] = Outcome(seconds=seconds, runs=runs, rows=rows)
                    current = "(between)"
                elif message[0] == "bye":
                    return ""
                continue
            if message is None:
                process.join(5)
            if not process.is_alive():
                if current in tasks:
                    report.outcomes[current] = Outcome(note=f"child died (exit {process.exitcode})")
                    return ""
                return f"died (exit {process.exitcode})"
            resident = rss(process.pid)
            report.peak_rss = max(report.peak_rss, resident)
            over = ""
            if resident > memory * 2**30:
                over, value = "memory", memory
            elif time.perf_counter() - began > limit:
                over, value = "time", limit
            if over:
                process.kill()
                process.join()
                if current == "(load)":
                    return f"{'over ' + str(value) + ' GiB' if over == 'memory' else f'over {value:.0f} s'} while loading"
                report.outcomes[current] = Outcome(over=over, limit=value)
                return ""
    finally:
        if process.is_alive():
            process.kill()
        process.join()
        parent.close()


def run_engine(engine: str, spec: dict[str, Any], tasks: list[str], *, timeout: float, load_timeout: float,
               memory: float, subset: bool = False) -> EngineReport:
    """Every task on one engine, restarting the child after a measurement it had to stop. An
    rdflib graph that does not fit (or any, with ``subset``) is loaded again with only the
    triples the queries read."""
    report = EngineReport()
    spec = dict(spec, subset=False)
    if subset and engine == "rdflib":
        _subset(engine, spec, tasks, report, "not tried (--rdflib-subset)", timeout=timeout,
                load_timeout=load_timeout, memory=memory)
    while True:
        remaining = [t for t in tasks if t not in report.outcomes]
        if not remaining:
            return report
        stopped = run_child(engine, spec, remaining, report, timeout=timeout, load_timeout=load_timeout,
                            memory=memory)
        if not stopped:
            continue
        if engine == "rdflib" and not spec["subset"]:
            _subset(engine, spec, remaining, report, stopped, timeout=timeout, load_timeout=load_timeout,
                    memory=memory)
            continue
        report.loads.append(f"{'query triples only' if spec['subset'] else 'load'}: {stopped}")
        for task in remaining:
            report.outcomes.setdefault(task, Outcome(note=f"not loaded ({stopped})"))
        return report


def _subset(engine: str, spec: dict[str, Any], tasks: list[str], report: EngineReport, why: str,
            **limits: float) -> None:
    """From now on load only the triples the queries read (the whole graph: ``why``); the stored
    query, which reads kg:contradictionSummary alone, and disputed.rq, which reads the two
    shortcuts alone, run at once on graphs of just those triples."""
    report.loads.append(f"whole graph: {why}")
    spec["subset"] = True
    if "export" in tasks:
        report.outcomes.setdefault("export", Outcome(note=f"whole graph {why}"))
    if "stored contradictions" in tasks:
        run_child(engine, dict(spec, subset="findings"), ["stored contradictions"], report, **limits)
    shortcut_tasks = [t for t in ONE_STEP if t in tasks]
    if shortcut_tasks:
        run_child(engine, dict(spec, subset="shortcuts"), shortcut_tasks, report, **limits)


# ---------------------------------------------------------------- report
LABELS = {"disputed": "disputed.rq (one step)", "disputed swapped": "disputed.rq, names swapped",
          "disputed reversed": "disputed.rq, patterns reversed",
          "denials": "denials.rq (one query)", "conflicts": "conflicts.rq (one query)",
          "contradiction": "both in one query each", "contradiction steps": "contradiction query (steps)",
          "contradictions()": "contradictions computed", "stored contradictions": "stored contradictions query",
          "kg contradictions": "kg.analyze.contradictions", "relink findings": "relink: compute findings",
          "corroborations": "corroborations.rq (one query)",
          "corroboration steps": "corroboration query (steps)", "export": "Turtle export"}


def _combined(a: Outcome | None, b: Outcome | None) -> Outcome:
    """The contradiction query: denials then conflicts (a lower bound if either was stopped)."""
    if a is None or b is None:
        return Outcome(note="not measured")
    if a.seconds is not None and b.seconds is not None:
        return Outcome(seconds=a.seconds + b.seconds, runs=min(a.runs, b.runs), rows=(a.rows or 0) + (b.rows or 0))
    if a.over == "time" or b.over == "time":
        known = sum(o.seconds or o.limit for o in (a, b) if o.over in {"", "time"})
        return Outcome(over="time", limit=known)
    return Outcome(over=a.over or b.over, limit=a.limit or b.limit, note=a.note or b.note)


def _cell(outcome: Outcome | None) -> str:
    if outcome is None:
        return "-"
    if outcome.seconds is not None:
        return f"{outcome.seconds:.3f}" if outcome.seconds < 10 else f"{outcome.seconds:.1f}"
    if outcome.over == "time":
        return f">{outcome.limit:.0f}"
    if outcome.over == "memory":
        return f">{outcome.limit:g} GiB"
    return outcome.note or "-"


def _ratio(embedded: Outcome | None, rdflib: Outcome | None) -> str:
    if embedded is None or embedded.seconds is None or rdflib is None:
        return "-"
    if rdflib.seconds is not None:
        return f"{rdflib.seconds / embedded.seconds:.0f}x" if rdflib.seconds / embedded.seconds >= 10 else \
            f"{rdflib.seconds / embedded.seconds:.1f}x"
    if rdflib.over == "time":
        return f">{rdflib.limit / embedded.seconds:.0f}x"
    return "-"


def table(size: int, embedded: EngineReport, rdflib: EngineReport) -> list[str]:
    rows = []
    for key in ("disputed", "disputed swapped", "disputed reversed", "contradiction steps", "contradictions()", "relink findings", "stored contradictions",
                "kg contradictions", "denials", "conflicts", "contradiction",
                "corroboration steps", "corroborations", "export"):
        if key not in embedded.outcomes and key not in rdflib.outcomes and key != "contradiction":
            continue
        if key == "contradiction" and "denials" not in embedded.outcomes:
            continue
        if key == "contradiction":
            one = _combined(embedded.outcomes.get("denials"), embedded.outcomes.get("conflicts"))
            two = _combined(rdflib.outcomes.get("denials"), rdflib.outcomes.get("conflicts"))
        else:
            one, two = embedded.outcomes.get(key), rdflib.outcomes.get(key)
        same = ""
        if one and two and one.rows is not None and two.rows is not None and one.rows != two.rows:
            same = f"  ROWS DIFFER: embedded {one.rows}, rdflib {two.rows}"
        rows.append(f"{size:>9,}  {LABELS[key]:<31} {_cell(one):>10} {_cell(two):>12} {_ratio(one, two):>9}"
                    f"  {'' if one is None or one.rows is None else f'{one.rows:,}':>10}{same}")
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100000,1000000", help="statements per data set, comma-separated")
    parser.add_argument("--rdflib-timeout", type=float, default=600.0, help="seconds per rdflib measurement")
    parser.add_argument("--load-timeout", type=float, default=1800.0, help="seconds to load one engine")
    parser.add_argument("--memory", type=float, default=7.0, help="GiB of resident memory per child process")
    parser.add_argument("--repeat", type=int, default=3, help="runs per query (median; fewer past 10 s)")
    parser.add_argument("--check-size", type=int, default=3000, help="statements for the writer check (0: skip)")
    parser.add_argument("--workdir", type=Path, help="folder for data, stores and exports (default: a temp folder)")
    parser.add_argument("--keep", action="store_true", help="keep the data, stores and exports")
    parser.add_argument("--engines", default="embedded,rdflib", help="engines to measure")
    parser.add_argument("--no-export", action="store_true", help="skip the Turtle export (minutes at 1M)")
    parser.add_argument("--rdflib-subset", action="store_true",
                        help="load rdflib with only the triples the queries read, without trying the whole graph")
    parser.add_argument("--tasks", help="only these measurements, comma-separated (" + ", ".join(ALL_TASKS) + ")")
    parser.add_argument("--reference", action="store_true",
                        help="also time the one-query reference versions (denials.rq, conflicts.rq, corroborations.rq)")
    args = parser.parse_args()
    unknown = set(args.tasks.split(",")) - set(ALL_TASKS) if args.tasks else set()
    if unknown:
        parser.error(f"unknown --tasks: {', '.join(sorted(unknown))}")
    import pyoxigraph
    import rdflib

    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    engines = [e.strip() for e in args.engines.split(",") if e.strip()]
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="kg-query-bench-"))
    print(f"pyoxigraph {pyoxigraph.__version__}, rdflib {rdflib.__version__}, Python {sys.version.split()[0]}, "
          f"{os.cpu_count()} cpus, load {os.getloadavg()[0]:.2f} at start", flush=True)
    if args.check_size:
        start = time.perf_counter()
        triples = check_writer(args.check_size)
        print(f"writer check: {args.check_size:,} statements -> {triples:,} triples, the same as "
              f"kg.graph.document_graph ({time.perf_counter() - start:.1f} s)", flush=True)
    lines = [f"{'statements':>9}  {'measurement':<31} {'embedded s':>10} {'rdflib s':>12} {'rdflib/emb':>9}  {'rows':>10}"]
    try:
        for size in sizes:
            lines += measure_size(size, workdir / f"{size}", engines, args)
    finally:
        if not args.keep and not args.workdir:
            shutil.rmtree(workdir, ignore_errors=True)
    print("\n" + "\n".join(lines))
    print(f"load {os.getloadavg()[0]:.2f} at the end", flush=True)


def store_findings(spec: dict[str, Any], folder: Path) -> Outcome:
    """Bulk-load the embedded store and do what ``kg.pipeline.relink`` adds to it: compute the
    contradictions and corroborations and store them in the links graph. The same triples go to a
    file that rdflib loads too, so both engines hold the same data. Returns the time it took."""
    from kg import analyze
    from kg.store import LINKS_GRAPH

    backend = Embedded(dict(spec, store=str(folder / "store")))
    start = time.perf_counter()
    found = analyze.findings_triples(backend.store)
    backend.store.add(found, graph=LINKS_GRAPH)
    seconds = time.perf_counter() - start
    backend.close()
    path = folder / "data" / "findings.nt"
    path.write_text("\n".join(_rdflib_lines(found)) + "\n", encoding="utf-8")
    spec["files"].append((LINKS_GRAPH.value, str(path)))
    return Outcome(seconds=seconds, runs=1, rows=sum(1 for t in found if t[2] == graph.KG.Finding))


def measure_size(size: int, folder: Path, engines: list[str], args: argparse.Namespace) -> list[str]:
    start = time.perf_counter()
    data = build(size, folder / "data")
    counts = ", ".join(f"{v:,} {k}" for k, v in data.counts.items())
    print(f"\n== {size:,} statements: {counts} (generated in {time.perf_counter() - start:.0f} s)", flush=True)
    spec = {"files": [(iri, str(path)) for iri, path in data.files], "repeat": args.repeat}
    relinked = store_findings(spec, folder)
    print(f"  embedded relink: computed and stored {relinked.rows:,} findings in {relinked.seconds:.1f} s", flush=True)
    tasks = list(ONE_STEP) + list(STEPPED) + list(EMBEDDED_ONLY) + (list(QUERIES) if args.reference else []) + \
        ([] if args.no_export else ["export"])
    if args.tasks:
        tasks = [t for t in tasks if t in args.tasks.split(",")]
    reports: dict[str, EngineReport] = {}
    for engine in engines:
        own = dict(spec, store=str(folder / "store"), export=str(folder / f"export-{engine}.ttl"))
        steps = [t for t in tasks if engine == "embedded" or t not in EMBEDDED_ONLY]
        limit = args.rdflib_timeout if engine == "rdflib" else max(args.rdflib_timeout, 600.0)
        report = run_engine(engine, own, steps, timeout=limit, load_timeout=args.load_timeout, memory=args.memory,
                            subset=args.rdflib_subset)
        reports[engine] = report
        if engine == "embedded":
            report.outcomes["relink findings"] = relinked
        for task in steps:
            outcome = report.outcomes.get(task)
            print(f"  {engine:<8} {LABELS[task]:<31} {_cell(outcome):>10} s  "
                  f"({'' if outcome is None or outcome.rows is None else f'{outcome.rows:,} rows, '}"
                  f"{'' if outcome is None else f'{outcome.runs} runs'})", flush=True)
        print(f"  {engine:<8} {'; '.join(report.loads)}; peak {report.peak_rss / 2**30:.2f} GiB resident", flush=True)
        exported = folder / f"export-{engine}.ttl"
        if exported.exists():
            print(f"  {engine:<8} export: {exported.stat().st_size / 2**20:,.0f} MiB of Turtle", flush=True)
            if not args.keep:
                exported.unlink()
    if not args.keep:
        shutil.rmtree(folder, ignore_errors=True)
    return table(size, reports.get("embedded", EngineReport()), reports.get("rdflib", EngineReport()))


if __name__ == "__main__":
    main()
