"""The small, frozen dataclasses passed between the stages of the flow.

read → :class:`Document`; extract → :class:`Statement` (with a raw :class:`EventMention`);
resolve → :class:`Source` per speaker; propositions → :class:`Proposition`.
None of them knows about RDF: :mod:`kg.graph` turns them into triples.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal

Stance = Literal["assert", "deny", "hedge"]
QuoteKind = Literal["direct", "indirect"]
SourceKind = Literal["Organization", "Person", "State", "Outlet", "AnonymousSource", "Source"]
MentionKind = Literal["name", "pronoun", "nominal", "anonymous", "outlet"]


@dataclass(frozen=True)
class Document:
    """One article: a stable id, where it came from, and its text (title first)."""

    id: str
    text: str
    title: str = ""
    outlet: str | None = None
    date: date | None = None
    url: str | None = None
    place: str | None = None  # a place the corpus says the article is about (FA-KES's location)
    origin: str = ""  # file (and line/row) it was read from, for messages


@dataclass(frozen=True)
class Mention:
    """A speaker as written: its text, where, and what the syntax says about it."""

    text: str
    start: int
    end: int
    kind: MentionKind = "name"
    ent_type: str = ""  # spaCy entity label, if the mention is an entity
    role: str = ""  # descriptive apposition or title ("a civil defense official")
    affiliation: str = ""  # the organization the role names ("civil defense", "Russian Defense Ministry")
    refers_to: Mention | None = None  # for a pronoun bound by the syntax to another mention
    antecedent: Mention | None = None  # for a pronoun: the latest fitting named entity before it


@dataclass(frozen=True)
class Casualty:
    """A casualty figure as written: the count, killed or wounded, and how exact it is."""

    count: int
    kind: Literal["killed", "wounded"] = "killed"
    bound: Literal["exact", "at_least", "about", "vague"] = "exact"

    @property
    def normalized(self) -> str:
        prefix = {"exact": "", "at_least": ">=", "about": "~", "vague": "~"}[self.bound]
        return f"{prefix}{self.count}"


@dataclass(frozen=True)
class EventMention:
    """The event a statement's content describes, as the text gives it (not yet normalized)."""

    trigger: str  # lemma of the word naming the event ("strike", "kill", "raid")
    agent: str | None = None  # who did it, as written ("Russian aircraft")
    agent_is_speaker: bool = False  # "its planes", "it conducted": the speaker itself
    responsibility: bool = False  # "denied responsibility/culpability": about the speaker as agent
    targets: tuple[str, ...] = ()  # head nouns of what was hit ("hospital", "mosque")
    places: tuple[str, ...] = ()  # place names in the content, in order
    times: tuple[str, ...] = ()  # time expressions ("on Tuesday", "overnight")
    casualties: tuple[Casualty, ...] = ()


@dataclass(frozen=True)
class Statement:
    """One act of saying, found in a document."""

    doc_id: str
    index: int  # position of the statement in its document
    speaker: Mention
    cue: str
    stance: Stance
    negated: bool  # the speaker holds the content false
    content: str
    start: int  # character offsets of the content in the document text
    end: int
    quote: QuoteKind
    sentence: str
    sentence_start: int
    channel: str | None = None  # "an Agency" in "told an Agency"
    event: EventMention | None = None
    context_places: tuple[str, ...] = ()  # places named elsewhere in the sentence


@dataclass(frozen=True)
class Source:
    """A canonical source: a stable key (the last part of its IRI), a label and a type."""

    key: str
    label: str
    kind: SourceKind
    speaks_for: tuple[str, ...] = ()  # keys of the sources it speaks for, nearest first
    known: bool = True  # in the gazetteer, or minted from a name


@dataclass(frozen=True)
class Proposition:
    """A normalized event frame; the general one has no facet, a specialization adds one value."""

    key: str  # stable hash of the frame: the same frame in any document gives the same key
    label: str
    event_type: str  # key of an event type in ontology/events.ttl
    location: str | None  # key of a place in ontology/places.ttl
    event_date: date | None = None
    date_stated: bool = True  # False: the day is the report's publication date, not read in the text
    facet: str | None = None  # None, "agent", "target", "killed", "wounded"
    value: str | None = None  # the facet's value: a source key, a target key, a casualty figure
    general: str | None = None  # key of the general proposition it specializes


@dataclass(frozen=True)
class ResolvedStatement:
    """A statement with its speaker resolved and the propositions it asserts or denies."""

    statement: Statement
    speaker: Source
    propositions: tuple[Proposition, ...] = field(default=())


@dataclass(frozen=True)
class DocumentResult:
    """Everything the flow made of one document, ready for the graph."""

    document: Document
    statements: tuple[ResolvedStatement, ...]
    outlet: Source | None = None
    credits: tuple[Source, ...] = ()  # wire agencies the document credits


@dataclass
class IngestRun:
    """One ingest run: its named graph, the activity that fills it, and what it did."""

    graph: str
    activity: str
    started: datetime
    inputs: tuple[str, ...]
    program_version: str
    model_version: str
    ended: datetime | None = None
    documents: int = 0
    statements: int = 0
