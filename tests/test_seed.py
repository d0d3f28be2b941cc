"""Acceptance on the seed article: the findings a careful reader makes, from the text alone."""

from __future__ import annotations

from kg.analyze import contradictions, corroborations, statements


def test_sohr_asserts_russian_strikes_russia_denies(seed_store) -> None:  # type: ignore[no-untyped-def]
    denials = [f for f in contradictions(seed_store) if f["kind"] == "denial"]
    russian = [f for f in denials if "Russia" in f["claim"]]
    assert len(russian) == 1
    asserting, denying = russian[0]["sides"]
    assert asserting["stance"] == "assert" and denying["stance"] == "deny"
    assert asserting["sources"] == ["Syrian Observatory for Human Rights"]
    assert {"Russia", "Russian Ministry of Defence", "Igor Konashenkov"} <= set(denying["sources"])
    assert "Idlib" in russian[0]["claim"] and "airstrike" in russian[0]["claim"]


def test_civil_defence_says_hospital_hit_sohr_doubts_it(seed_store) -> None:  # type: ignore[no-untyped-def]
    hospital = [f for f in contradictions(seed_store) if "hospital" in f["claim"]]
    assert len(hospital) == 1
    asserting, denying = hospital[0]["sides"]
    assert asserting["speaking_for"] == ["Syria Civil Defence"]
    assert denying["sources"] == ["Syrian Observatory for Human Rights"] and denying.get("hedged") is True


def test_no_other_contradiction(seed_store) -> None:  # type: ignore[no-untyped-def]
    found = contradictions(seed_store)
    assert len(found) == 2, [f["claim"] for f in found]
    for finding in found:  # never a source against itself
        one, two = finding["sides"]
        assert set(one["speaking_for"]).isdisjoint(two["speaking_for"])


def test_strikes_on_idlib_corroborated_by_independent_sources(seed_store) -> None:  # type: ignore[no-untyped-def]
    found = [f for f in corroborations(seed_store) if f["claim"] == "airstrike in Idlib"]
    assert len(found) == 1
    finding = found[0]
    assert finding["independent"] >= 3
    expected = {"Syrian Observatory for Human Rights", "Dughaim", "Local Coordination Committees", "Abdurrazak Jubeiro"}
    assert expected <= set(finding["sources"])
    assert "Syria Civil Defence" in finding["speaking_for"]


def test_statements_contract(seed_store) -> None:  # type: ignore[no-untyped-def]
    rows = statements(seed_store)
    text = seed_store.select('SELECT ?t WHERE { ?d a <https://w3id.org/crkg/ns#Document> ; <https://w3id.org/crkg/ns#text> ?t }')[1][0]["t"]
    assert len(rows) >= 15
    for row in rows:
        assert row["stance"] in {"assert", "deny", "hedge"} and row["quote"] in {"direct", "indirect"}
        assert text[row["start"] : row["end"]] == row["content"]
    konashenkov = next(r for r in rows if r["speaker"] == "Igor Konashenkov")
    assert konashenkov["speaker_org"] == "Russian Ministry of Defence" and konashenkov["stance"] == "deny"
    assert konashenkov["speaker_text"].endswith("Igor Konashenkov")
    pronoun = next(r for r in rows if r["speaker_text"] == "he" and r["cue"] == "add")
    assert pronoun["speaker"] == "Dughaim" and pronoun["quote"] == "direct"
