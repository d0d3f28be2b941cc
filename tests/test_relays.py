"""Relays: wire credits, copied articles, the relays table, a source's profile, and findings that
do not depend on the order documents arrive in."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from click.testing import CliRunner

from kg.cli import cli
from kg.relays import near_duplicates, wire_credits

from .conftest import SEEDS, fakes_parts


def test_wire_credits() -> None:
    assert wire_credits("DAMASCUS (Sputnik) A suicide blast near the headquarters") == ("Sputnik",)
    assert wire_credits("Strikes hit Idlib. --Reuters") == ("Reuters",)
    assert wire_credits("(TRT World and AFP) Eight rescuers were killed") == ("AFP",)
    assert wire_credits("(TRT World and Agencies) Eight rescuers were killed") == ()  # no agency named
    assert wire_credits("Assad regime likely responsible: rights group Reuters Staff.") == ("Reuters",)
    assert wire_credits("The Observatory said 12 people died in Aleppo.") == ()


def test_near_duplicates_point_from_the_later_copy() -> None:
    story = " ".join(f"word{i}" for i in range(60))
    docs = [("b", story + " and a new ending here", date(2016, 3, 2)), ("a", story, date(2016, 3, 1)),
            ("c", " ".join(f"other{i}" for i in range(60)), date(2016, 3, 1))]
    links = near_duplicates(docs)
    assert [(d, s) for d, s, _ in links] == [("b", "a")]
    assert near_duplicates(list(reversed(docs))) == links


def test_near_duplicates_fetch_texts_a_chunk_at_a_time() -> None:
    """With ``texts_of`` (the relink on a store) the texts are fetched again in chunks of pairs,
    not kept, and the links are those found on the kept texts."""
    story = " ".join(f"word{i}" for i in range(60))
    docs = [(f"d{i}", story + f" ending {i} " * i, date(2016, 3, 1 + i)) for i in range(5)]
    docs.append(("other", " ".join(f"other{i}" for i in range(60)), None))
    texts = {doc_id: text for doc_id, text, _ in docs}
    calls: list[list[str]] = []

    def texts_of(ids: list[str]) -> dict[str, str]:
        calls.append(ids)
        return {doc_id: texts[doc_id] for doc_id in ids}

    kept = near_duplicates(docs)
    assert len(kept) == 10  # every pair of the five copies
    assert near_duplicates(docs, texts_of=texts_of, pairs_per_fetch=3) == kept
    assert len(calls) == 4 and all(len(ids) <= 6 for ids in calls)  # 10 pairs, 3 per fetch


def test_near_duplicates_of_new_documents_give_the_whole_result() -> None:
    """Checking only the new documents' pairs, and keeping the known links whose pair is still a
    candidate, gives the links of checking every pair: here a known copy stops being one when
    the 8-grams it shares with its original turn up in 60 new documents (boilerplate), while two
    new documents copy an old one."""
    story = " ".join(f"word{i}" for i in range(60))
    other = " ".join(f"other{i}" for i in range(80))
    old = [("a", story, date(2016, 3, 1)), ("b", story + " with an ending", date(2016, 3, 2)),
           ("c", other, date(2016, 3, 1)), ("d", other + " retold", date(2016, 3, 3))]
    known = [(d, s) for d, s, _ in near_duplicates(old)]
    assert known == [("b", "a"), ("d", "c")]
    new = [(f"n{i}", story + f" then {i} " + " ".join(f"x{i}y{j}" for j in range(200)), date(2016, 4, 1))
           for i in range(60)]
    new += [("p", other + " once more", date(2016, 5, 1)), ("q", "copied: " + other, date(2016, 5, 2))]
    whole = [(d, s) for d, s, _ in near_duplicates(old + new)]
    assert ("b", "a") not in whole and ("d", "c") in whole and ("q", "p") in whole  # the case is there
    incremental = near_duplicates(old + new, new={doc_id for doc_id, _, _ in new}, known=known)
    assert [(d, s) for d, s, _ in incremental] == whole
    assert [c for d, s, c in incremental if (d, s) == ("d", "c")] == [None]  # kept, not checked again


def test_relink_finds_a_copy_through_the_store(tmp_path: Path) -> None:
    """The relink reads the candidates' texts back from the store (texts_by_id.rq) and links the
    later copy to the earlier article."""
    from kg.pipeline import ingest
    from kg.store import Store

    story = ("The Syrian Observatory for Human Rights said air strikes killed nine civilians in the town of "
             "Saraqeb in Idlib province on Monday, and that rescue workers were still searching the rubble "
             "of two buildings near the main market for survivors late into the evening.")
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("Strikes on Saraqeb\n\n" + story, encoding="utf-8")
    (tmp_path / "in" / "b.txt").write_text("Nine killed in Idlib\n\n" + story + " Russia denied it.", encoding="utf-8")
    (tmp_path / "in" / "c.txt").write_text("Aid\n\nThe UN said aid convoys reached Aleppo.", encoding="utf-8")
    with Store(tmp_path / "store", create=True) as store:
        report = ingest(store, [tmp_path / "in"])
        assert (report.documents, report.derived) == (3, 1)
        _, rows = store.select("PREFIX prov: <http://www.w3.org/ns/prov#> PREFIX kg: <https://w3id.org/crkg/ns#> "
                               "SELECT ?copy ?original WHERE { ?c prov:wasDerivedFrom ?o . "
                               "?c kg:docId ?copy . ?o kg:docId ?original }")
    assert len(rows) == 1 and rows[0]["copy"] != rows[0]["original"]


def test_findings_do_not_depend_on_order(fakes_csv: Path, tmp_path: Path) -> None:
    first, second = fakes_parts(fakes_csv, tmp_path, [0, 15, 30])
    outputs = []
    for n, order in enumerate(([SEEDS, first, second], [second, first, SEEDS])):
        store = tmp_path / f"store{n}"
        runner = CliRunner()
        for path in order:  # one ingest run per input, so the store grows in a different order
            assert runner.invoke(cli, ["--store", str(store), "ingest", "-q", str(path)]).exit_code == 0
        outputs.append(tuple(json.loads(runner.invoke(cli, ["--store", str(store), command, "-f", "json"]).output)
                             for command in ("contradictions", "corroborations", "relays")))
    assert outputs[0] == outputs[1]
    assert outputs[0][0] and outputs[0][1]


def test_relays_and_source_commands(fakes_csv: Path, tmp_path: Path) -> None:
    first, _ = fakes_parts(fakes_csv, tmp_path, [0, 15, 30])
    store = tmp_path / "store"
    runner = CliRunner()
    assert runner.invoke(cli, ["--store", str(store), "ingest", "-q", str(first), str(SEEDS)]).exit_code == 0
    rows = json.loads(runner.invoke(cli, ["--store", str(store), "relays", "-f", "json"]).output)
    assert rows and all({"outlet", "speaker", "statements", "documents", "wire_credits", "copied"} <= set(r) for r in rows)
    profile = json.loads(runner.invoke(cli, ["--store", str(store), "source", "the Observatory", "-f", "json"]).output)[0]
    assert profile["source"] == "Syrian Observatory for Human Rights"
    fates = {s["fate"] for s in profile["statements"]}
    assert any(f.startswith("corroborated by") for f in fates) and any("denial with" in f for f in fates)
    missing = runner.invoke(cli, ["--store", str(store), "source", "Nobody At All"])
    assert missing.exit_code == 1 and "no source named" in missing.output


def test_wire_credits_of_a_group_where_some_documents_credit_none(tmp_path: Path) -> None:
    articles = tmp_path / "two.jsonl"
    articles.write_text(
        json.dumps({"id": "a", "outlet": "TRT World", "text": "Strikes hit Idlib. The Syrian Observatory for "
                    "Human Rights said 12 people were killed in Idlib. --Reuters"}) + "\n"
        + json.dumps({"id": "b", "outlet": "TRT World", "text": "Shelling hit Homs. The Syrian Observatory for "
                      "Human Rights said 5 people were killed in Homs."}) + "\n", encoding="utf-8")
    store = str(tmp_path / "store")
    runner = CliRunner()
    assert runner.invoke(cli, ["--store", store, "ingest", "-q", str(articles)]).exit_code == 0
    rows = json.loads(runner.invoke(cli, ["--store", store, "relays", "-f", "json"]).output)
    observatory = next(r for r in rows if r["speaker"] == "Syrian Observatory for Human Rights")
    assert (observatory["documents"], observatory["wire_credits"]) == (2, "Reuters")  # not lost to document b
