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
from .extract import DENY_CUES
from .resolve import Resolver, alternation
from .types import Document, EventMention, Proposition, Source, Statement

COUNTRY = "syria"
#: Event types too broad to identify one incident by place and day; their tolls do not conflict.
GENERIC_EVENT_TYPES = {"killing", "attack", "clashes"}
#: Number words that count events ("two raids"): their toll is a sum of incidents.
COUNTED = {"two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "several", "multiple", "dozens"}
#: Camps that fly aircraft: an "airstrike by" anyone else is a misreading (a tag, the victims).
AIR_CAMPS = {"pro-government", "US-led coalition", "Turkey", "Israel"}
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
    names = resources.place_names()
    pattern = re.compile(r"(?<![\w-])(" + alternation(names) + r")(?![\w-])", re.I)
    return pattern, names


@lru_cache(maxsize=512)  # a sentence with several statements is searched once
def find_places(text: str) -> tuple[tuple[int, str], ...]:
    """(offset, place key) of every gazetteer place named in ``text``, in order."""
    pattern, names = _place_pattern()
    return tuple((m.start(), names[m.group().lower()]) for m in pattern.finditer(text))


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


_DATELINE_NUMERIC = re.compile(r"^\W*(?:[a-z]+\s+)?(\d{1,2})[.-](\d{1,2})[.-](\d{4})\b")
_DATELINE_DMY = re.compile(r"\b(\d{1,2})\s+([a-z]{3,9})\.?\s+(\d{4})\b")
_DATELINE_MDY = re.compile(r"\b([a-z]{3,9})\.?\s+(\d{1,2})\s*,?\s*((?:19|20)\d\d)\b")
#: How far into an article its dateline can be (after a title and the agency's name).
DATELINE_SPAN = 250


def dateline(text: str) -> date | None:
    """The publication day an article prints near its start ("Published April 2 2017", "AFP
    Friday 28 Oct 2016", "24.07.2016", "Last updated at Jul 012016"), or None."""
    head = text[:DATELINE_SPAN].lower().replace(",", " ")
    found: list[tuple[int, date]] = []
    match = _DATELINE_NUMERIC.search(head)
    if match:
        found += _as_date(match.start(), int(match.group(3)), int(match.group(2)), int(match.group(1)))
    for pattern, day_group, month_group in ((_DATELINE_DMY, 1, 2), (_DATELINE_MDY, 2, 1)):
        for match in pattern.finditer(head):
            month = MONTHS.get(match.group(month_group))
            if month:
                found += _as_date(match.start(), int(match.group(3)), month, int(match.group(day_group)))
    return min(found)[1] if found else None


def _as_date(offset: int, year: int, month: int, day: int) -> list[tuple[int, date]]:
    try:
        return [(offset, date(year, month, day))]
    except ValueError:
        return []


def publication_date(document: Document) -> date | None:
    """The day to resolve "on Tuesday" against: the article's own dateline, else the corpus's date
    (FA-KES's dates are often days, weeks or a year off the dateline in the text)."""
    return dateline(document.text) or document.date


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

    def __init__(self, document: Document, statements: Sequence[Statement] = ()) -> None:
        # "Damascus has refuted ...", "Moscow said": a capital speaking is a government, not a place
        self.speaking = [(s.speaker.start, s.speaker.end) for s in statements if s.speaker.end > s.speaker.start]
        self.places = [(o, k) for o, k in find_places(document.text) if k != COUNTRY and not self.speaks(o)]
        fallback = find_places(document.place or "")
        self.default_place = fallback[0][1] if fallback else None
        self.event_type: str | None = None
        self.published = publication_date(document)
        self.last_had_event = False  # did the statement just before describe an event?

    def speaks(self, offset: int) -> bool:
        """Whether the text at ``offset`` (in the document) is a speaker's name."""
        return any(start <= offset < end for start, end in self.speaking)

    def place_before(self, offset: int) -> str | None:
        before = [k for o, k in self.places if o < offset]
        return before[-1] if before else self.default_place


def build(document: Document, statements: Sequence[Statement], speakers: Sequence[Source],
          resolver: Resolver) -> list[tuple[Proposition, ...]]:
    """The propositions each statement asserts or denies, in order (possibly none)."""
    context = _Context(document, statements)
    out: list[tuple[Proposition, ...]] = []
    for statement, speaker in zip(statements, speakers, strict=True):
        found = _for_statement(statement, speaker, context, resolver)
        context.last_had_event = bool(statement.event and statement.event.trigger)
        out.append(found)
    return out


def _for_statement(statement: Statement, speaker: Source, context: _Context,
                   resolver: Resolver) -> tuple[Proposition, ...]:
    event = statement.event
    if event is None:
        return ()
    if not event.trigger and not event.responsibility and not context.last_had_event:
        return ()  # "denied the reports": of the event just told, and nothing was just told
    kind = event_type(event.trigger) if event.trigger else context.event_type
    if kind is None:
        return ()
    context.event_type = kind
    location = _location(statement, context)
    if location is None:
        return ()
    when = event_date(event.times, context.published)
    # With no time in the text the day is the publication date: a report's date, not the event's
    # (FA-KES's dates are often days or weeks after the events), and labelled so.
    stated = when is not None and (calendar_date(event.times, context.published) is not None or any(
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

    agents = [(key, name) for key, name in _agents(event, speaker, resolver) if _can_do(key, kind)]
    by_agent = [special("agent", key, name) for key, name in agents]
    by_target = [special("target", t) for t in dict.fromkeys(filter(None, map(target_category, event.targets)))]
    # "dozens" is no toll to check; a toll of "air raids and shelling" is no one incident's
    tolls = [] if _summed_toll(statement.sentence) else [c for c in event.casualties if c.bound != "vague"]
    by_count = [special(c.kind, c.normalized) for c in tolls]
    if statement.negated:
        return _denied(statement, event, kind, general, by_agent or by_target or by_count)
    return (general, *by_agent, *by_target, *by_count)


def _denied(statement: Statement, event: EventMention, kind: str, general: Proposition,
            details: list[Proposition]) -> tuple[Proposition, ...]:
    """What a negated statement denies: its first detail (the agent, else the target, else the
    toll) if it names any, else the event itself, but only when nothing in it was left unread and, for a generic
    event ("killing", "attack"), only through a denial verb: "no Russian servicemen died" or "the
    plant was not targeted" negate a detail the frame does not hold, not the event."""
    if details:
        return tuple(details)
    if event.agent or event.agent_is_speaker or event.targets or event.casualties:
        return ()  # the denial is about a detail that could not be read: not the event
    if kind in GENERIC_EVENT_TYPES and statement.cue not in DENY_CUES:
        return ()
    return (general,)


def _can_do(agent: str, kind: str) -> bool:
    """Whether ``agent`` can be the culprit of an event of ``kind``: an airstrike only by a camp
    that flies (``AIR_CAMPS``); actors without a known camp are not judged."""
    if kind != "airstrike":
        return True
    camp = _camp(agent)
    return not camp or camp in AIR_CAMPS


def _camp(source_key: str) -> str:
    """The camp (``kg:camp``) of a gazetteer source, "" for one without or not in the gazetteer."""
    entry = resources.sources().get(source_key)
    return entry.camp if entry else ""


def _summed_toll(sentence: str) -> bool:
    """Whether a sentence joins events of two specific types ("air raids and shelling killed 51",
    "strikes or rocket fire") or counts them ("two air raids"): its toll is a sum, not one incident's."""
    words = re.findall(r"[a-z]+|\d+", sentence.lower())
    kinds = [_word_type(words, i) for i in range(len(words))]
    for i, word in enumerate(words):
        following = kinds[i + 1] if i + 1 < len(kinds) else None
        if (word.isdigit() or word in COUNTED) and following and following not in GENERIC_EVENT_TYPES:
            return True  # "the two air raids killed 19": a toll of several incidents
        if word in {"and", "or"}:
            before = next((k for k in reversed(kinds[max(0, i - 2):i]) if k), None)
            after = next((k for k in kinds[i + 1:i + 4] if k), None)
            if before and after and before != after and not {before, after} & GENERIC_EVENT_TYPES:
                return True
    return False


def _word_type(words: list[str], i: int) -> str | None:
    """The event type a word (or it with the next word, "air raid") names, plurals included."""
    index = _trigger_index()
    candidates = [words[i]] + ([f"{words[i]} {words[i + 1]}"] if i + 1 < len(words) else [])
    for word in candidates:
        for form in (word, word[:-1] if word.endswith("s") else word):
            if form in index:
                return index[form]
    return None


def _location(statement: Statement, context: _Context) -> str | None:
    for text, offset in ((statement.content, statement.start), (statement.sentence, statement.sentence_start)):
        specific = [k for o, k in find_places(text) if k != COUNTRY and not context.speaks(offset + o)]
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
    different camps (``kg:camp`` in ``ontology/sources.ttl``) or casualty figures whose ranges
    do not meet ("at least 23" and 40 can both hold), for an event of a specific type: "killing in
    Aleppo on a day" or "attack in Idlib" gathers many incidents (measured on FA-KES: nearly all such
    conflicts were two incidents), "airstrike in Idlib" far fewer."""
    if a.general is None or a.general != b.general or a.facet != b.facet or a.value == b.value:
        return False
    if a.event_type in GENERIC_EVENT_TYPES or not (a.date_stated and b.date_stated):
        return False  # two killings in Jayrud on one day, or strikes "reported" on a day: many incidents
    if a.facet == "agent":
        camps = [_camp(v) if v else "" for v in (a.value, b.value)]
        return all(camps) and camps[0] != camps[1]
    if a.facet in {"killed", "wounded"} and a.value and b.value:
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
