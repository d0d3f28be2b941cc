"""Relays: wire credits, copied articles, the relays table, a source's profile, and findings that
do not depend on the order documents arrive in."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.cli import cli
from kg.relays import SHINGLE, Fingerprint, _shingles, near_duplicates, wire_credits

from .conftest import SEEDS, fakes_parts


def test_wire_credits() -> None:
    assert wire_credits("DAMASCUS (Sputnik) A suicide blast near the headquarters") == ("Sputnik",)
    assert wire_credits("Strikes hit Idlib. --Reuters") == ("Reuters",)
    assert wire_credits("(TRT World and AFP) Eight rescuers were killed") == ("AFP",)
    assert wire_credits("(TRT World and Agencies) Eight rescuers were killed") == ()  # no agency named
    assert wire_credits("Assad regime likely responsible: rights group Reuters Staff.") == ("Reuters",)
    assert wire_credits("The Observatory said 12 people died in Aleppo.") == ()


def test_shingles_are_the_same_numbers_in_every_process() -> None:
    """The relink keeps a copy link while its pair still shares a sampled 8-gram, so the hashes
    must not change between processes (as Python's string hash does), and every 8-gram counts."""
    text = "Strikes hit the town of Douma on Tuesday, the Observatory said; ELEVEN were killed there."
    grams = _shingles(text)
    words = len(text.split())
    assert len(grams) == words - SHINGLE + 1 and list(grams) == sorted(set(grams.tolist()))
    assert _shingles(text.upper()).tolist() == grams.tolist()  # case does not count
    assert _shingles("too short to have one 8-gram").size == 0
    again = subprocess.run([sys.executable, "-c", f"from kg.relays import _shingles; print(_shingles({text!r}).tolist())"],
                           capture_output=True, text=True, check=True).stdout
    assert json.loads(again) == grams.tolist()
    # a shared 8-gram is sampled by its value, one in four of them on average
    story = " ".join(f"word{i}" for i in range(4000))
    sampled = sum(1 for gram in _shingles(story).tolist() if gram % 4 == 0)
    assert 850 < sampled < 1150


def test_near_duplicates_point_from_the_later_copy() -> None:
    story = " ".join(f"word{i}" for i in range(60))
    docs = [("b", story + " and a new ending here", date(2016, 3, 2)), ("a", story, date(2016, 3, 1)),
            ("c", " ".join(f"other{i}" for i in range(60)), date(2016, 3, 1))]
    links = near_duplicates(docs)
    assert [(d, s) for d, s, _ in links] == [("b", "a")]
    assert near_duplicates(list(reversed(docs))) == links


def test_near_duplicates_fetch_texts_a_chunk_at_a_time() -> None:
    """With ``texts_of`` (the relink on a store) the texts are fetched again in chunks of pairs,
    not kept, and the links are those found on the kept texts. The 8-grams of the texts last
    fetched are kept for the next chunks: each text is fetched once here."""
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
    assert len(calls) <= 4 and all(len(ids) <= 6 for ids in calls)  # 10 pairs, 3 per fetch
    assert sorted(doc_id for ids in calls for doc_id in ids) == [f"d{i}" for i in range(5)]


def test_a_text_in_many_pairs_is_fetched_once_while_it_is_kept() -> None:
    """A wire story and 39 copies of it: 780 candidate pairs, 10 per fetch. The 8-grams of the
    texts fetched are kept, so each text is fetched once; when only 20 are kept, texts are
    fetched again, but fewer times than without keeping any."""
    story = " ".join(f"word{i}" for i in range(60))
    docs = [(f"d{i:02}", story + f" ending {i}", date(2016, 3, 1)) for i in range(40)]
    texts = {doc_id: text for doc_id, text, _ in docs}
    fetched: list[str] = []

    def texts_of(ids: list[str]) -> dict[str, str]:
        fetched.extend(ids)
        return {doc_id: texts[doc_id] for doc_id in ids}

    kept = near_duplicates(docs)
    assert len(kept) == 780
    assert near_duplicates(docs, texts_of=texts_of, pairs_per_fetch=10) == kept
    assert sorted(fetched) == sorted(texts)
    fetched.clear()
    assert near_duplicates(docs, texts_of=texts_of, pairs_per_fetch=5, keep_texts=20) == kept
    without_keeping = sum(len({d for pair in chunk for d in pair}) for chunk in
                          (sorted((a, b) for a in texts for b in texts if a < b)[k:k + 5] for k in range(0, 780, 5)))
    assert len(texts) < len(fetched) < without_keeping


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


def test_fingerprints_stand_for_texts_until_the_exact_check() -> None:
    """A document given as its fingerprint is indexed as its text would be; the exact check then
    reads its text with ``texts_of``. A fingerprint string made another way is not read."""
    story = " ".join(f"word{i}" for i in range(60))
    docs = [(f"d{i}", story + f" ending {i} " * i, date(2016, 3, 1 + i)) for i in range(4)]
    docs.append(("other", " ".join(f"other{i}" for i in range(60)), None))
    texts = {doc_id: text for doc_id, text, _ in docs}
    fingerprint = Fingerprint.of(texts["d1"])
    assert fingerprint.size == _shingles(texts["d1"]).size and 0 < fingerprint.sampled.size < fingerprint.size
    decoded = Fingerprint.decode(fingerprint.encode())
    assert decoded is not None and decoded.size == fingerprint.size
    assert decoded.sampled.tolist() == fingerprint.sampled.tolist()
    encoded = fingerprint.encode()
    assert Fingerprint.decode(encoded.replace("/4 ", "/5 ")) is None  # another sample
    assert Fingerprint.decode(encoded.replace("kg-8gram-1", "kg-8gram-0")) is None  # another hash
    assert Fingerprint.decode(encoded[:-3]) is None and Fingerprint.decode("") is None  # damaged
    given = [(doc_id, Fingerprint.of(text) if n % 2 else text, when) for n, (doc_id, text, when) in enumerate(docs)]
    fetched: list[str] = []

    def texts_of(ids: list[str]) -> dict[str, str]:
        fetched.extend(ids)
        return {doc_id: texts[doc_id] for doc_id in ids}

    assert near_duplicates(given, texts_of=texts_of) == near_duplicates(docs)
    assert len(near_duplicates(docs)) == 6 and "other" not in fetched  # no candidate, never read
    with pytest.raises(ValueError, match="texts_of"):
        near_duplicates(given)


def _candidate_pairs_by_dict(texts: dict[str, str], new: set[str] | None, known: list[tuple[str, str]],
                             common: int = 50) -> tuple[set[tuple[str, str]], set[tuple[str, str]]]:
    """The candidate pairs and the known links kept, found the plain way (a dict from each sampled
    8-gram to its documents): what near_duplicates' sorted arrays must give."""
    index: dict[int, set[str]] = {}
    for doc_id, text in texts.items():
        for gram in Fingerprint.of(text).sampled.tolist():
            index.setdefault(gram, set()).add(doc_id)
    candidates, still = set(), set()
    for members in index.values():
        if 1 < len(members) <= common:
            for a in members:
                for b in members:
                    if a < b and (new is None or a in new or b in new):
                        candidates.add((a, b))
                    if a < b and (a, b) in known:
                        still.add((a, b))
    return candidates, still


@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(st.integers(0, 5), min_size=1, max_size=6), min_size=2, max_size=12),
       st.sets(st.integers(0, 11)), st.integers(0, 2**16))
def test_the_candidates_are_those_of_a_plain_index(parts: list[list[int]], new_numbers: set[int], seed: int) -> None:
    """Articles made of shared passages (some shared by many: boilerplate past a low threshold):
    the pairs near_duplicates checks and the known links it keeps are those a dict of sampled
    8-grams gives, with and without ``new``."""
    import random

    rng = random.Random(seed)
    passages = [" ".join(f"p{n}w{i}" for i in range(30)) for n in range(6)]
    texts = {f"d{i:02d}": " ".join(passages[n] for n in chosen) + f" own{i}" for i, chosen in enumerate(parts)}
    ids = sorted(texts)
    new = {ids[n] for n in new_numbers if n < len(ids)} or None
    older = [doc_id for doc_id in ids if not new or doc_id not in new]
    known = sorted({tuple(sorted(rng.sample(older, 2))) for _ in range(4)}) if len(older) > 1 else []
    checked: list[str] = []

    def texts_of(doc_ids: list[str]) -> dict[str, str]:
        checked.extend(doc_ids)
        return {doc_id: texts[doc_id] for doc_id in doc_ids}

    links = near_duplicates([(d, t, None) for d, t in texts.items()], minimum=1, threshold=0.0, texts_of=texts_of,
                            pairs_per_fetch=1, new=new, known=known if new else (), common=3)
    candidates, still = _candidate_pairs_by_dict(texts, new, known if new else [], common=3)
    assert set(checked) == {doc_id for pair in candidates for doc_id in pair}  # the texts of the candidates
    assert {tuple(sorted(link[:2])) for link in links if link[2] is None} == still
    # with no threshold every pair checked is a link: the pairs checked are the candidates
    assert {tuple(sorted(link[:2])) for link in links if link[2] is not None} == candidates


def test_the_relink_reads_fingerprints_and_the_texts_of_older_documents(tmp_path: Path) -> None:
    """Each document is stored with its text fingerprint, so the relink's copy check reads texts
    only for the candidate pairs. Documents stored without one (by kg before 0.3.1) or with one
    made another way are hashed from their texts, and the copies found are the same."""
    from kg import pipeline
    from kg.store import Store

    story = " ".join(f"word{i}" for i in range(60))
    (tmp_path / "in").mkdir()
    for n in range(4):
        (tmp_path / "in" / f"copy{n}.txt").write_text(f"Title {n}\n\n{story} and then {n}.", encoding="utf-8")
    (tmp_path / "in" / "other.txt").write_text("Aid\n\nThe UN said aid convoys reached Aleppo.", encoding="utf-8")
    with Store(tmp_path / "store", create=True) as store:
        assert pipeline.ingest(store, [tmp_path / "in"]).derived == 6  # every pair of the four copies
        read = list(pipeline._fingerprints(store))
        assert len(read) == 5 and all(isinstance(f, Fingerprint) for _, f, _ in read)
        copies = pipeline._copies(store)
        assert len(copies) == 6
        ids = sorted(doc_id for doc_id, _, _ in read)
        older, other_way = ids[:2], ids[2]
        store.update("PREFIX kg: <https://w3id.org/crkg/ns#> DELETE { GRAPH ?g { ?d kg:textFingerprint ?f } } "
                     f"WHERE {{ VALUES ?id {{ {json.dumps(older[0])} {json.dumps(older[1])} {json.dumps(other_way)} }} "
                     "GRAPH ?g { ?d kg:docId ?id ; kg:textFingerprint ?f } }")
        store.update("PREFIX kg: <https://w3id.org/crkg/ns#> INSERT { GRAPH ?g { ?d kg:textFingerprint \"kg-8gram-0/4 1 AAAA\" } } "
                     f"WHERE {{ GRAPH ?g {{ ?d kg:docId {json.dumps(other_way)} }} }}")
        kinds = {doc_id: type(f).__name__ for doc_id, f, _ in pipeline._fingerprints(store)}
        assert kinds == {**{doc_id: "Fingerprint" for doc_id in ids}, **dict.fromkeys([*older, other_way], "str")}
        assert pipeline._copies(store) == copies


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


def test_the_kept_8_grams_stay_within_their_budget() -> None:
    """The copy check's memory for fetched texts is bounded in bytes, the least recently used
    texts going first."""
    from kg.relays import _RecentGrams

    texts = {f"d{i}": " ".join(f"w{i}x{j}" for j in range(107)) for i in range(6)}  # 100 8-grams each
    kept = _RecentGrams(keep=100, budget=3 * 800)
    kept.add({d: texts[d] for d in ("d0", "d1", "d2", "d3")})
    assert kept.missing({"d0", "d5"}) == ["d5"]  # d0 is used again: d1 is now the oldest
    kept.trim()
    assert "d1" not in kept and all(d in kept for d in ("d0", "d2", "d3")) and kept["d0"].nbytes == 800
