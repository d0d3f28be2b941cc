"""Stage 4: frames, specialization, conflicts and dates, on hand-made statements."""

from __future__ import annotations

from datetime import date

from kg.propositions import build, conflicting, conflicts, event_date, find_places, proposition_key
from kg.resolve import Resolver
from kg.types import Casualty, Document, EventMention, Mention, Proposition, Statement


def statement(content: str, event: EventMention, negated: bool = False) -> Statement:
    return Statement(doc_id="d", index=0, speaker=Mention("Russia", 0, 6), cue="say",
                     stance="deny" if negated else "assert", negated=negated, content=content, start=0,
                     end=len(content), quote="indirect", sentence=content, sentence_start=0, event=event)


def test_assertion_covers_general_and_details_denial_only_the_detail() -> None:
    resolver = Resolver()
    russia = resolver.known("russia")
    document = Document(id="d", text="x", date=date(2016, 3, 1))
    event = EventMention(trigger="air strike", agent="Russian aircraft", places=("Idlib",),
                         targets=("hospital",), casualties=(Casualty(23),))
    asserted = build(document, [statement("strikes on Idlib", event)], [russia], resolver)[0]
    facets = {(p.facet, p.value) for p in asserted}
    assert facets == {(None, None), ("agent", "russia"), ("target", "hospital"), ("killed", "23")}
    assert all(p.general == asserted[0].key for p in asserted[1:])
    denied = build(document, [statement("strikes on Idlib", event, negated=True)], [russia], resolver)[0]
    assert [(p.facet, p.value) for p in denied] == [("agent", "russia")]
    # no time in the text: the day is the report's, and the label says so
    assert asserted[0].label == "airstrike in Idlib reported 2016-03-01" and not asserted[0].date_stated
    on_sunday = EventMention(trigger="air strike", places=("Idlib",), times=("on Sunday",))
    stated = build(document, [statement("strikes on Idlib on Sunday", on_sunday)], [russia], resolver)[0][0]
    assert stated.label == "airstrike in Idlib on 2016-02-28" and stated.date_stated


def test_same_frame_same_key_in_any_document() -> None:
    assert proposition_key("airstrike", "idlib", None, None, None) == proposition_key("airstrike", "idlib", None, None, None)
    assert proposition_key("airstrike", "idlib", None, "agent", "russia") != proposition_key("airstrike", "idlib", None, None, None)


def test_conflicts_between_counts_and_agents() -> None:
    def p(key: str, facet: str, value: str) -> Proposition:
        return Proposition(key=key, label="", event_type="airstrike", location="idlib", facet=facet, value=value, general="g")

    assert conflicting(p("a", "killed", "23"), p("b", "killed", "40"))
    assert not conflicting(p("a", "killed", ">=23"), p("b", "killed", "40"))
    assert not conflicting(p("a", "killed", "~100"), p("b", "killed", "110"))
    assert conflicting(p("a", "agent", "russia"), p("b", "agent", "us-led-coalition"))
    assert not conflicting(p("a", "killed", "23"), p("b", "wounded", "40"))
    many = [p("a", "killed", "23"), p("b", "killed", "40"), p("c", "killed", ">=20")]
    assert conflicts(many) == conflicts(list(reversed(many))) == [("a", "b")]


def test_places_and_dates() -> None:
    assert [k for _, k in find_places("Shelling in Idleb and Deir Ezzor; Eastern Ghouta too")] == ["idlib", "deir-ez-zor", "eastern-ghouta"]
    tuesday = date(2016, 3, 1)  # a Tuesday
    assert event_date(["on Sunday"], tuesday) == date(2016, 2, 28)
    assert event_date(["yesterday"], tuesday) == date(2016, 2, 29)
    assert event_date(["overnight"], tuesday) == tuesday
    assert event_date([], None) is None
    assert event_date(["26 October"], tuesday) == date(2015, 10, 26)  # not after publication
    assert event_date(["April 18 2017"], tuesday) == date(2017, 4, 18)
    assert event_date(["on Oct. 3"], date(2016, 10, 20)) == date(2016, 10, 3)
    assert event_date(["last week"], tuesday) == tuesday
