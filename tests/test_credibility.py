"""Credibility over the graph: claims from statements, assessments with provenance, and the
sources/documents tables."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from kg.cli import cli
from kg.credibility import assess, claim_rows, frame, speaker_trust, stored_claims
from kg.store import Store


def test_frame_comparator() -> None:
    assert frame.same(frame.key("count:23"), frame.key("count:>=23")) or frame.similarity(
        frame.key("count:>=23"), frame.key("count:23")) > 0.5
    assert not frame.same(frame.key("count:23"), frame.key("count:70"))
    assert not frame.same(frame.key("text:russia"), frame.key("text:not russia"))
    assert frame.key("text:  ") is None


def test_seed_claims_pit_the_assertion_against_the_denial(seed_store: Store) -> None:
    claims = stored_claims(seed_store)
    agent = [c for c in claims if c.object.endswith("#agent")]
    values = {c.value for c in agent}
    assert {"text:russia", "text:not russia"} <= values
    denials = [c for c in agent if c.value == "text:not russia"]
    # Konashenkov, the ministry and Russia deny it; their claims count for one voice, Russia
    speakers = {c.speaker.rsplit("/", 1)[-1] for c in denials}
    assert {"russia", "russian-ministry-of-defence", "igor-konashenkov"} <= speakers
    assert {c.label for c in denials} == {"Russia"}
    rows = claim_rows(claims)
    assert len([r for r in rows if r[2] == "text:not russia"]) == 1


def test_a_spokesman_gets_his_principals_credibility(seed_store: Store) -> None:
    assessment = assess(seed_store, "majority_vote")
    trust = speaker_trust(assessment.claims, assessment.result.trust)
    russia = "https://w3id.org/crkg/id/source/russia"
    assert trust["https://w3id.org/crkg/id/source/igor-konashenkov"] == trust[russia]


def test_assessments_are_recorded_and_coexist(store_copy: Path) -> None:
    runner = CliRunner()
    first = runner.invoke(cli, ["--store", str(store_copy), "credibility", "--method", "majority_vote"])
    assert first.exit_code == 0, first.output
    second = runner.invoke(cli, ["--store", str(store_copy), "credibility", "--method", "accu", "-p", "prior_copying=0.1"])
    assert second.exit_code == 0, second.output
    with Store(store_copy) as store:
        _, rows = store.select(
            "PREFIX kg: <https://w3id.org/crkg/ns#> PREFIX prov: <http://www.w3.org/ns/prov#> "
            "SELECT ?m ?p (COUNT(?s) AS ?scores) WHERE { ?a a kg:CredibilityAssessment ; kg:method ?m ; "
            "kg:parameters ?p ; prov:startedAtTime ?t . ?s prov:wasGeneratedBy ?a } GROUP BY ?m ?p ORDER BY ?m")
        assert [r["m"] for r in rows] == ["accu", "majority_vote"]
        assert json.loads(rows[0]["p"])["prior_copying"] == 0.1
        assert all(r["scores"] > 5 for r in rows)
    table = json.loads(runner.invoke(cli, ["--store", str(store_copy), "sources", "-f", "json"]).output)
    sohr = next(r for r in table if r["source"] == "Syrian Observatory for Human Rights")
    assert sohr["credibility"] is not None and sohr["claims"] >= 5 and sohr["contradicted"] >= 1
    docs = json.loads(runner.invoke(cli, ["--store", str(store_copy), "documents", "-f", "json"]).output)
    assert len(docs) == 1 and set(docs[0]) == {"doc", "outlet", "date", "title", "score"}


def test_assess_without_writing(seed_store: Store) -> None:
    before = len(seed_store)
    assessment = assess(seed_store, "truthfinder")
    assert assessment.result.trust and len(seed_store) == before
