"""The statement gold file: well-formed, reproducible sample, and the extractor's score on it.

The score floors are regression guards a little below the figures in the README (measured with
``python bench/score_statements.py``): a change that loses quality fails here."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from .conftest import ROOT

GOLD = ROOT / "tests" / "gold" / "statements.jsonl"
ARTICLES = ROOT / "tests" / "gold" / "articles.txt"
HELDOUT = ROOT / "tests" / "gold" / "heldout" / "statements.jsonl"
sys.path.insert(0, str(ROOT / "bench"))

#: Floors for the whole gold (dev + test); see README "Extraction quality".
FLOOR_ATTRIBUTION_F1 = 0.93
FLOOR_STANCE_F1 = 0.90
#: Floors for the held-out set (annotated after the rules were tuned, never used to tune them).
FLOOR_HELDOUT_ATTRIBUTION_F1 = 0.82
FLOOR_HELDOUT_STANCE_F1 = 0.77


@pytest.fixture(scope="module")
def gold_rows(fakes_csv: Path) -> list[dict]:
    return [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_gold_is_well_formed(gold_rows: list[dict]) -> None:
    import gold_tool

    docs = gold_tool.documents()
    annotated = ARTICLES.read_text(encoding="utf-8").split()
    assert annotated == gold_tool.sample(docs)  # the sample is reproducible
    assert len(annotated) == 45 and len({docs[d].outlet for d in annotated}) == 15
    for row in gold_rows:
        assert set(gold_tool.FIELDS) <= set(row)
        assert row["doc"] in annotated
        assert row["stance"] in {"assert", "deny", "hedge"} and row["quote"] in {"direct", "indirect"}
        text = docs[row["doc"]].text
        assert text[row["start"] : row["end"]] == row["content"]
        assert row["sentence"] in text


def test_extraction_scores_above_the_floor(gold_rows: list[dict]) -> None:
    import score_statements

    result = score_statements.score(GOLD, "all")
    assert result["all"]["gold"] == len(gold_rows)
    assert result["all"]["attribution"]["f1"] >= FLOOR_ATTRIBUTION_F1
    assert result["all"]["attribution+stance"]["f1"] >= FLOOR_STANCE_F1


def test_heldout_gold_is_well_formed(fakes_csv: Path) -> None:
    import gold_tool

    docs = gold_tool.documents()
    annotated = HELDOUT.with_name("articles.txt").read_text(encoding="utf-8").split()
    assert annotated == gold_tool.heldout(docs)  # one more per outlet, reproducible
    assert len({docs[d].outlet for d in annotated}) == 15 and not set(annotated) & set(gold_tool.sample(docs))
    rows = [json.loads(line) for line in HELDOUT.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert {r["doc"] for r in rows} <= set(annotated)
    for row in rows:
        assert row["stance"] in {"assert", "deny", "hedge"}
        assert docs[row["doc"]].text[row["start"] : row["end"]] == row["content"]


def test_heldout_scores_above_the_floor(fakes_csv: Path) -> None:
    import score_statements

    result = score_statements.score(HELDOUT, "all")
    assert result["articles"] == 15
    assert result["all"]["attribution"]["f1"] >= FLOOR_HELDOUT_ATTRIBUTION_F1
    assert result["all"]["attribution+stance"]["f1"] >= FLOOR_HELDOUT_STANCE_F1
