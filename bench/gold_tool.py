"""Tools for the statement gold file (tests/gold/statements.jsonl).

    python bench/gold_tool.py sample              the FA-KES articles drawn for annotation
    python bench/gold_tool.py sample --heldout    a second draw, for tests/gold/heldout/ (one per outlet)
    python bench/gold_tool.py show UNIT_ID        an article's text exactly as kg reads it
    python bench/gold_tool.py check FILE.jsonl    validate annotations, fill start/end, rewrite

The sample is 3 articles per outlet, drawn at random (seed 2026) among articles of at most 600
words, so that every one of the 15 outlets is represented. The FA-KES CSV is read by path
(KG_SHARED_DIR or ../shared); nothing of it is copied into the project but the annotations.
"""

from __future__ import annotations

import json
import os
import random
import sys
from collections.abc import Collection
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kg.read import read  # noqa: E402
from kg.types import Document  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
FIELDS = ["doc", "speaker", "speaker_text", "speaker_org", "cue", "stance", "content", "quote", "start", "end", "sentence"]
STANCES = {"assert", "deny", "hedge"}
PER_OUTLET = 3
MAX_WORDS = 600
SEED = 2026


def fakes_path() -> Path:
    base = Path(os.environ.get("KG_SHARED_DIR", ROOT.parent / "shared"))
    return base / "data" / "fa-kes" / "FA-KES-Dataset.csv"


def documents() -> dict[str, Document]:
    return {d.id: d for d in read([fakes_path()]) if isinstance(d, Document)}


def _candidates(docs: dict[str, Document], taken: Collection[str] = ()) -> dict[str, list[str]]:
    """Per outlet, the ids of the articles that may be drawn: at most MAX_WORDS words, a row of
    its own (no id suffix), not already ``taken``."""
    by_outlet: dict[str, list[str]] = {}
    for doc in docs.values():
        if len(doc.text.split()) <= MAX_WORDS and "-" not in doc.id and doc.id not in taken:
            by_outlet.setdefault(doc.outlet or "", []).append(doc.id)
    return by_outlet


def sample(docs: dict[str, Document] | None = None) -> list[str]:
    docs = docs or documents()
    by_outlet = _candidates(docs)
    rng = random.Random(SEED)
    chosen: list[str] = []
    for outlet in sorted(by_outlet):
        ids = sorted(by_outlet[outlet])
        chosen.extend(sorted(rng.sample(ids, min(PER_OUTLET, len(ids)))))
    return chosen


def heldout(docs: dict[str, Document] | None = None) -> list[str]:
    """A second draw for a held-out set annotated after the extractor was tuned: one more article
    per outlet (seed 2027, same limits), none of them in :func:`sample`."""
    docs = docs or documents()
    by_outlet = _candidates(docs, set(sample(docs)))
    rng = random.Random(SEED + 1)
    return [rng.choice(sorted(by_outlet[outlet])) for outlet in sorted(by_outlet)]


def check(path: Path) -> int:
    docs = documents()
    problems = 0
    out = []
    taken: set[tuple[str, int]] = set()  # a sentence printed twice (FA-KES repeats leads) is two statements
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            print(f"{path}:{number}: not JSON ({exc})")
            problems += 1
            continue
        missing = [f for f in FIELDS if f not in row and f not in {"start", "end"}]
        text = docs.get(str(row.get("doc")), None)
        if missing:
            print(f"{path}:{number}: missing fields {missing}")
        elif text is None:
            print(f"{path}:{number}: no FA-KES document {row['doc']}")
        elif row["stance"] not in STANCES or row["quote"] not in {"direct", "indirect"}:
            print(f"{path}:{number}: stance must be assert|deny|hedge and quote direct|indirect")
        else:
            body = text.text
            sentence_at = body.find(row["sentence"])
            start = body.find(row["content"], max(sentence_at, 0))
            while start >= 0 and (row["doc"], start) in taken and body.find(row["sentence"], sentence_at + 1) >= 0:
                sentence_at = body.find(row["sentence"], sentence_at + 1)  # the next copy of the sentence
                start = body.find(row["content"], sentence_at)
            taken.add((row["doc"], start))
            if sentence_at < 0:
                print(f"{path}:{number}: sentence not found verbatim in document {row['doc']}")
            elif start < 0 or start > sentence_at + len(row["sentence"]):
                print(f"{path}:{number}: content not found verbatim inside its sentence")
            else:
                row["start"], row["end"] = start, start + len(row["content"])
                out.append({f: row.get(f) for f in FIELDS})
                continue
        problems += 1
    if not problems:
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in out), encoding="utf-8")
    print(f"{len(out)} annotations OK, {problems} problems")
    return 1 if problems else 0


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"sample", "show", "check"}:
        print(__doc__)
        return 2
    if argv[0] == "sample":
        docs = documents()
        for doc_id in (heldout if argv[1:] == ["--heldout"] else sample)(docs):
            print(doc_id, docs[doc_id].outlet, len(docs[doc_id].text.split()), "words")
        return 0
    if argv[0] == "show":
        doc = documents()[argv[1]]
        print(f"# doc {doc.id}  outlet {doc.outlet}  date {doc.date}\n")
        print(doc.text)
        return 0
    return check(Path(argv[1]))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
