"""Stage 4: the event a statement describes → normalized :class:`~kg.types.Proposition`\\ s.

A frame is (event type, location, date) plus at most one detail: the agent, a target category, or
a casualty figure. The general frame ("airstrike in Idlib on 2016-03-01") and its specializations
("... by Russia", "... hitting a hospital", "... killing 23") are separate propositions, linked by
``kg:specializes``, so that:

* asserting a specific frame asserts the general one too (the civil-defence official who says the
  strikes hit a hospital corroborates that there were strikes);
* denying a specific frame denies only that detail (Russia denying that *its* planes struck Idlib
  does not deny that Idlib was struck).

Keys are hashes of the normalized frame, so the same frame in any document, read in any order,
is the same proposition. Missing location or type is taken from the document so far (the last
place named, the last event reported), then from the corpus's own metadata (FA-KES's location).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from functools import lru_cache

from . import resources
from .resolve import Resolver
from .types import Document, EventMention, Proposition, Source, Statement

COUNTRY = "syria"
#: Event types too broad to identify one incident by place and day; their tolls do not conflict.
GENERIC_EVENT_TYPES = {"killing", "attack", "clashes"}
RELATIVE_DAYS = ("yesterday", "today", "overnight", "last night", "this morning", "tonight", "earlier in the day")
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]


@lru_cache(maxsize=1)
def _trigger_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for entry in resources.event_types().values():
        if entry.kind == "EventType":
            for word in entry.triggers:
                index.setdefault(word.lower(), entry.key)
    return index


@lru_cache(maxsize=1)
def _target_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for entry in resources.event_types().values():
        if entry.kind == "TargetCategory":
            for word in [entry.label, *entry.aliases]:
                index[word.lower()] = entry.key
    return index


@lru_cache(maxsize=1)
def _place_pattern() -> tuple[re.Pattern[str], dict[str, str]]:
    names: dict[str, str] = {}
    for entry in resources.places().values():
        for name in [entry.label, *entry.aliases]:
            names[name.lower()] = entry.key
    ordered = sorted(names, key=len, reverse=True)
    pattern = re.compile(r"(?<![\w-])(" + "|".join(re.escape(n) for n in ordered) + r")(?![\w-])", re.I)
    return pattern, names


def find_places(text: str) -> list[tuple[int, str]]:
    """(offset, place key) of every gazetteer place named in ``text``, in order."""
    pattern, names = _place_pattern()
    return [(m.start(), names[m.group().lower()]) for m in pattern.finditer(text)]


def event_type(trigger: str) -> str | None:
    index = _trigger_index()
    if trigger in index:
        return index[trigger]
    last = trigger.split()[-1] if trigger else ""
    return index.get(last)


def target_category(word: str) -> str | None:
    index = _target_index()
    return index.get(word) or index.get(word.split()[-1] if word else "")


MONTHS = {name: n for n, name in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
     "november", "december"], start=1)}
MONTHS.update({name[:3]: n for name, n in list(MONTHS.items())})
MONTHS["sept"] = 9
_DAY_MONTH = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?([a-z]+)\.?(?:\s+(\d{4}))?\b")
_MONTH_DAY = re.compile(r"\b([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?\b(?:\s+(\d{4}))?")


def calendar_date(times: Sequence[str], published: date | None) -> date | None:
    """A calendar date written in the text ("26 October", "April 18 2017", "Oct. 26"); without a
    year, the latest such day not after the publication date. None if no time names one."""
    for time in times:
        lower = time.lower().replace(",", " ")
        for pattern, day_group, month_group in ((_DAY_MONTH, 1, 2), (_MONTH_DAY, 2, 1)):
            match = pattern.search(lower)
            if not match or match.group(month_group) not in MONTHS:
                continue
            day, month = int(match.group(day_group)), MONTHS[match.group(month_group)]
            year = int(match.group(3)) if match.group(3) else (published.year if published else None)
            if year is None:
                continue
            try:
                found = date(year, month, day)
                if not match.group(3) and published and found > published + timedelta(days=1):
                    found = date(year - 1, month, day)
            except ValueError:
                continue
            return found
    return None


def event_date(times: Sequence[str], published: date | None) -> date | None:
    """The event's day: a calendar date in the text, else "on Tuesday", "yesterday",
    "overnight" resolved against the publication date, else the publication date."""
    written = calendar_date(times, published)
    if written is not None:
        return written
    if published is None:
        return None
    for time in times:
        lower = time.lower()
        if "yesterday" in lower or "last night" in lower:
            return published - timedelta(days=1)
        for number, name in enumerate(WEEKDAYS):
            if name in lower:
                back = (published.weekday() - number) % 7
                return published - timedelta(days=back)
    return published


def proposition_key(event_type: str, location: str, when: date | None, facet: str | None, value: str | None,
                    stated: bool = True) -> str:
    day = (when.isoformat() if stated else f"reported {when.isoformat()}") if when else ""
    frame = "|".join([event_type, location, day, facet or "", value or ""])
    return hashlib.sha1(frame.encode("utf-8")).hexdigest()[:16]


def label_for(event_type: str, location: str, when: date | None, facet: str | None, value: str | None,
              resolver: Resolver | None = None, value_label: str | None = None, stated: bool = True) -> str:
    types = resources.event_types()
    place = resources.places().get(location)
    text = f"{types[event_type].label if event_type in types else event_type} in {place.label if place else location}"
    if when:
        text += f" on {when.isoformat()}" if stated else f" reported {when.isoformat()}"
    if facet == "agent" and value:
        source = resolver.entries.get(value) if resolver else None
        text += f" by {source.label if source else value_label or value}"
    elif facet == "target" and value:
        target = types.get(value)
        text += f" hitting a {target.label if target else value}"
    elif facet in {"killed", "wounded"} and value:
        text += f" {'killing' if facet == 'killed' else 'wounding'} {value.replace('>=', 'at least ').replace('~', 'about ')}"
    return text


class _Context:
    """What a document has established so far: the last place and event named."""

    def __init__(self, document: Document) -> None:
        self.places = [(o, k) for o, k in find_places(document.text) if k != COUNTRY]
        fallback = find_places(document.place or "")
        self.default_place = fallback[0][1] if fallback else None
        self.event_type: str | None = None

    def place_before(self, offset: int) -> str | None:
        before = [k for o, k in self.places if o < offset]
        return before[-1] if before else self.default_place


def build(document: Document, statements: Sequence[Statement], speakers: Sequence[Source],
          resolver: Resolver) -> list[tuple[Proposition, ...]]:
    """The propositions each statement asserts or denies, in order (possibly none)."""
    context = _Context(document)
    out: list[tuple[Proposition, ...]] = []
    for statement, speaker in zip(statements, speakers, strict=True):
        out.append(_for_statement(statement, speaker, document, context, resolver))
    return out


def _for_statement(statement: Statement, speaker: Source, document: Document, context: _Context,
                   resolver: Resolver) -> tuple[Proposition, ...]:
    event = statement.event
    if event is None:
        return ()
    kind = event_type(event.trigger) if event.trigger else context.event_type
    if kind is None:
        return ()
    context.event_type = kind
    location = _location(statement, context)
    if location is None:
        return ()
    when = event_date(event.times, document.date)
    # With no time in the text the day is the publication date: a report's date, not the event's
    # (FA-KES's dates are often days or weeks after the events), and labelled so.
    stated = when is not None and (calendar_date(event.times, document.date) is not None or any(
        word in time.lower() for time in event.times for word in (*WEEKDAYS, *RELATIVE_DAYS)))
    general = Proposition(
        key=proposition_key(kind, location, when, None, None, stated),
        label=label_for(kind, location, when, None, None, stated=stated),
        event_type=kind, location=location, event_date=when, date_stated=stated,
    )

    def special(facet: str, value: str, value_label: str | None = None) -> Proposition:
        return Proposition(
            key=proposition_key(kind, location, when, facet, value, stated),
            label=label_for(kind, location, when, facet, value, resolver, value_label, stated),
            event_type=kind, location=location, event_date=when, facet=facet, value=value, general=general.key,
            date_stated=stated,
        )

    agents = _agents(event, speaker, resolver)
    by_agent = [special("agent", key, name) for key, name in agents]
    by_target = [special("target", t) for t in dict.fromkeys(filter(None, map(target_category, event.targets)))]
    by_count = [special(c.kind, c.normalized) for c in event.casualties]
    if statement.negated:
        denied = by_agent or by_target or by_count or [general]
        return tuple(denied)
    return (general, *by_agent, *by_target, *by_count)


def _location(statement: Statement, context: _Context) -> str | None:
    for text in (statement.content, statement.sentence):
        specific = [k for _, k in find_places(text) if k != COUNTRY]
        if specific:
            return specific[0]
    if statement.cue == "narration":
        return None  # narration often runs on to other stories: no place from the context
    return context.place_before(statement.start)


def _agents(event: EventMention, speaker: Source, resolver: Resolver) -> list[tuple[str, str]]:
    """(key, label) of the agent: the speaker's principal for "its planes" or a denied
    responsibility (never an anonymous speaker: its key is local to one document), or the actor
    named in the content when the gazetteer knows it."""
    if event.agent_is_speaker or event.responsibility:
        key = resolver.principal(speaker)
        if speaker.kind == "AnonymousSource" or key.startswith("anonymous-"):
            return []
        label = resolver.entries[key].label if key in resolver.entries else speaker.label
        return [(key, label)]
    if event.agent:
        key = resolver.agent(event.agent)
        return [(key, resolver.entries[key].label)] if key else []
    return []


# ---------------------------------------------------------------- conflicts
def _interval(value: str) -> tuple[float, float]:
    if value.startswith(">="):
        return float(value[2:]), float("inf")
    if value.startswith("~"):
        n = float(value[1:])
        return n * 0.8, n * 1.2
    n = float(value)
    return n, n


def conflicting(a: Proposition, b: Proposition) -> bool:
    """Two specializations of one general frame whose values cannot both hold: culprits of
    different camps (``kg:camp`` in ``ontology/sources.ttl``), or casualty figures whose ranges
    do not meet ("at least 23" and 40 can both hold), for an event of a specific type: "killing in
    Aleppo on a day" or "attack in Idlib" gathers many incidents (measured on FA-KES: nearly all such
    conflicts were two incidents), "airstrike in Idlib" far fewer."""
    if a.general is None or a.general != b.general or a.facet != b.facet or a.value == b.value:
        return False
    if a.facet == "agent":
        known = resources.sources()
        camps = [known[v].camp if v in known else "" for v in (a.value, b.value)]
        return all(camps) and camps[0] != camps[1]
    if a.facet in {"killed", "wounded"} and a.value and b.value and a.event_type not in GENERIC_EVENT_TYPES:
        (lo1, hi1), (lo2, hi2) = _interval(a.value), _interval(b.value)
        return hi1 < lo2 or hi2 < lo1
    return False


def conflicts(propositions: Iterable[Proposition]) -> list[tuple[str, str]]:
    """Every conflicting pair (keys, sorted) among the propositions, whatever their order."""
    groups: dict[tuple[str, str], list[Proposition]] = {}
    for p in propositions:
        if p.general and p.facet in {"agent", "killed", "wounded"}:
            groups.setdefault((p.general, p.facet), []).append(p)
    pairs: set[tuple[str, str]] = set()
    for members in groups.values():
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                if conflicting(a, b):
                    pairs.add((min(a.key, b.key), max(a.key, b.key)))
    return sorted(pairs)
