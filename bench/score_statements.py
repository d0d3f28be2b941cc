"""Score kg's statement extraction against the gold file.

    python bench/score_statements.py [GOLD.jsonl] [--split dev|test|all] [--errors [--errors-split test]] [--json]

For each gold article (FA-KES, read by path: KG_SHARED_DIR or ../shared) the extractor runs on the
article exactly as ``kg ingest`` reads it; predicted and gold statements are then matched one to
one (greedily, best first):

* **attribution**: same article, the predicted content overlaps the gold content or lies in the
  gold sentence, and the same speaker — canonical labels equal after normalization (case,
  articles, titles, "so-called"), or the speaker as written equal, or every word of the shorter
  canonical name in the longer one;
* **attribution + stance**: an attribution match whose stance (assert/deny/hedge) is also equal.

Precision = matched / predicted, recall = matched / gold, F1 their harmonic mean; per split
(``dev`` = the first two articles of each outlet in the sample, ``test`` = the third), per outlet
with ``--by-outlet``, and the unmatched statements of the dev split with ``--errors`` (of another split
with ``--errors-split``).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from gold_tool import documents, sample  # noqa: E402

from kg.extract import NARRATION  # noqa: E402
from kg.pipeline import process_documents  # noqa: E402
from kg.resolve import normalize, strip_titles  # noqa: E402

DEFAULT_GOLD = ROOT / "tests" / "gold" / "statements.jsonl"


def speaker_key(text: str | None) -> str:
    text = re.sub(r"\bso-called\b", "", text or "", flags=re.I)
    return normalize(strip_titles(text))


def same_speaker(gold: dict[str, Any], pred: dict[str, Any]) -> bool:
    g, p = speaker_key(gold["speaker"]), speaker_key(pred["speaker"])
    if g and g == p:
        return True
    if speaker_key(gold["speaker_text"]) and speaker_key(gold["speaker_text"]) == speaker_key(pred["speaker_text"]):
        return True
    gw, pw = set(g.split()), set(p.split())
    return bool(gw and pw) and (gw <= pw or pw <= gw)


def same_place(gold: dict[str, Any], pred: dict[str, Any], sentence_span: tuple[int, int]) -> bool:
    overlap = min(gold["end"], pred["end"]) - max(gold["start"], pred["start"])
    return overlap > 0 or sentence_span[0] <= pred["start"] < sentence_span[1]


def predict(doc_ids: list[str], docs: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    results = process_documents([docs[d] for d in doc_ids])
    out: dict[str, list[dict[str, Any]]] = {}
    for result in results:
        rows = []
        for item in result.statements:
            s = item.statement
            if s.cue == NARRATION:
                continue  # the outlet's own voice: not an attributed statement (see GUIDELINE.md)
            rows.append({"doc": s.doc_id, "speaker": item.speaker.label, "speaker_text": s.speaker.text,
                         "stance": s.stance, "cue": s.cue, "content": s.content, "start": s.start, "end": s.end,
                         "sentence": s.sentence})
        out[result.document.id] = rows
    return out


def match(gold: list[dict[str, Any]], pred: list[dict[str, Any]], text: str) -> list[tuple[int, int]]:
    """One-to-one pairs (gold index, predicted index) that are attribution matches."""
    candidates = []
    for gi, g in enumerate(gold):
        at = text.find(g["sentence"])
        span = (at, at + len(g["sentence"])) if at >= 0 else (g["start"], g["end"])
        for pi, p in enumerate(pred):
            if same_place(g, p, span) and same_speaker(g, p):
                overlap = min(g["end"], p["end"]) - max(g["start"], p["start"])
                candidates.append((-(overlap + (1000 if g["stance"] == p["stance"] else 0)), gi, pi))
    pairs, used_g, used_p = [], set(), set()
    for _, gi, pi in sorted(candidates):
        if gi not in used_g and pi not in used_p:
            pairs.append((gi, pi))
            used_g.add(gi)
            used_p.add(pi)
    return pairs


def prf(matched: int, predicted: int, gold: int) -> dict[str, float]:
    p = matched / predicted if predicted else 0.0
    r = matched / gold if gold else 0.0
    return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0}


def score(gold_path: Path, split: str = "all", errors: bool = False, by_outlet: bool = False,
          articles_path: Path | None = None, errors_split: str = "dev") -> dict[str, Any]:
    """Scores of the extractor on the articles listed in ``articles_path`` (every annotated
    article, including those with no statement), against ``gold_path``."""
    articles_path = articles_path or gold_path.with_name("articles.txt")
    docs = documents()
    order = sample(docs)
    dev = {d for i, d in enumerate(order) if i % 3 != 2}
    gold_rows = [json.loads(line) for line in gold_path.read_text(encoding="utf-8").splitlines() if line.strip()]
    by_doc: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in gold_rows:
        by_doc[str(row["doc"])].append(row)
    annotated = articles_path.read_text(encoding="utf-8").split() if articles_path.exists() else sorted(by_doc)
    wanted = [d for d in order if d in annotated] + [d for d in annotated if d not in order]
    wanted = [d for d in wanted if split == "all" or (split == "dev") == (d in dev)]
    predictions = predict(wanted, docs)
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])  # attribution, +stance, predicted, gold
    report_errors = []
    for doc_id in wanted:
        gold, pred = by_doc.get(doc_id, []), predictions.get(doc_id, [])
        pairs = match(gold, pred, docs[doc_id].text)
        with_stance = sum(1 for gi, pi in pairs if gold[gi]["stance"] == pred[pi]["stance"])
        for key in ("all", docs[doc_id].outlet or "?"):
            t = totals[key]
            t[0] += len(pairs)
            t[1] += with_stance
            t[2] += len(pred)
            t[3] += len(gold)
        if errors and (errors_split == "all" or (errors_split == "dev") == (doc_id in dev)):
            matched_g = {gi for gi, _ in pairs}
            matched_p = {pi for _, pi in pairs}
            for gi, g in enumerate(gold):
                if gi not in matched_g:
                    report_errors.append(("missed", doc_id, g["speaker"], g["stance"], g["content"][:90]))
            for pi, p in enumerate(pred):
                if pi not in matched_p:
                    report_errors.append(("spurious", doc_id, p["speaker"], p["stance"], p["content"][:90]))
            for gi, pi in pairs:
                if gold[gi]["stance"] != pred[pi]["stance"]:
                    report_errors.append((f"stance {pred[pi]['stance']}≠{gold[gi]['stance']}", doc_id,
                                          gold[gi]["speaker"], gold[gi]["stance"], gold[gi]["content"][:90]))
    result: dict[str, Any] = {"split": split, "articles": len(wanted)}
    for key, (att, stance, predicted, gold_n) in sorted(totals.items()):
        if key != "all" and not by_outlet:
            continue
        result[key] = {"gold": gold_n, "predicted": predicted,
                       "attribution": prf(att, predicted, gold_n), "attribution+stance": prf(stance, predicted, gold_n)}
    if errors:
        result["errors"] = report_errors
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("gold", nargs="?", default=str(DEFAULT_GOLD))
    parser.add_argument("--split", choices=["dev", "test", "all"], default="all")
    parser.add_argument("--errors", action="store_true", help="list the dev split's unmatched statements")
    parser.add_argument("--errors-split", choices=["dev", "test", "all"], default="dev",
                        help="the split whose errors --errors lists (default: dev)")
    parser.add_argument("--by-outlet", action="store_true")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--articles", default=None, help="file of annotated article ids (default: articles.txt beside GOLD)")
    args = parser.parse_args()
    articles = Path(args.articles) if args.articles else None
    results = [score(Path(args.gold), s, args.errors, args.by_outlet, articles, args.errors_split) for s in
               (["dev", "test", "all"] if args.split == "all" else [args.split])]
    if args.json:
        print(json.dumps(results, indent=2, ensure_ascii=False))
        return 0
    for r in results:
        print(f"== {r['split']}: {r['articles']} articles")
        for key, v in r.items():
            if isinstance(v, dict):
                a, s = v["attribution"], v["attribution+stance"]
                print(f"  {key:14} gold {v['gold']:4} predicted {v['predicted']:4}  attribution P {a['precision']:.3f} "
                      f"R {a['recall']:.3f} F1 {a['f1']:.3f}   +stance P {s['precision']:.3f} R {s['recall']:.3f} F1 {s['f1']:.3f}")
        for e in r.get("errors", []):
            print("   ", " | ".join(map(str, e)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
