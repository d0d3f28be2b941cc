"""Stage 1: reading files, folders, tables and JSON lines; every bad input is a clear error."""

from __future__ import annotations

import csv
import itertools
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from kg.errors import InputError
from kg.read import _read_text_bytes, document_id, parse_date, read
from kg.types import Document


def _split(items):  # type: ignore[no-untyped-def]
    items = list(items)
    return [i for i in items if isinstance(i, Document)], [i for i in items if isinstance(i, InputError)]


def test_text_file_and_folder(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Headline of the day here\n\nThe monitor said 3 people died.", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.txt").write_text("Another story about Idlib\n\nText.", encoding="utf-8")
    (tmp_path / "ignored.bin").write_bytes(b"\x00\x01")
    docs, errors = _split(read([tmp_path]))
    assert [d.title for d in docs] == ["Headline of the day here", "Another story about Idlib"]
    assert not errors
    assert docs[0].id == document_id(docs[0].text)


def test_bad_files_are_errors_naming_the_file(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"   \n")
    (tmp_path / "binary.txt").write_bytes(b"PK\x03\x04\x00\x00binary")
    (tmp_path / "latin1.txt").write_bytes("Caf\xe9 au lait said the man".encode("latin-1"))
    (tmp_path / "good.txt").write_text("A good article about Aleppo\n\nIt is fine.", encoding="utf-8")
    docs, errors = _split(read([tmp_path, tmp_path / "missing.txt"]))
    assert [d.title for d in docs] == ["A good article about Aleppo"]
    messages = {Path(e.origin).name: e.reason for e in errors}
    assert "empty" in messages["empty.txt"]
    assert "binary" in messages["binary.txt"]
    assert "not UTF-8" in messages["latin1.txt"] and "line 1" in messages["latin1.txt"]
    assert "no such file" in messages["missing.txt"]


def test_csv_with_broken_rows_reports_line_numbers(tmp_path: Path) -> None:
    path = tmp_path / "articles.csv"
    path.write_text(
        "unit_id,article_title,article_content,source,date,location,labels\n"
        "1,Title one here,Body one,sana,4/5/2017,Idlib,1\n"
        "2,Title two here,Body two,reuters\n"
        '3,Title three,"unterminated body,tass,1/2/2016,Homs,0\n',
        encoding="utf-8",
    )
    docs, errors = _split(read([path]))
    assert [d.id for d in docs] == ["1"]
    assert docs[0].outlet == "sana" and docs[0].date.isoformat() == "2017-04-05" and docs[0].place == "Idlib"
    assert docs[0].text.startswith("Title one here\n\nBody one")
    assert any(e.origin.endswith("articles.csv:3") and "4 fields" in e.reason for e in errors)
    assert any(e.origin.endswith(":4") for e in errors)


def test_jsonl_bad_lines(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_text('{"id": "x", "text": "Body", "outlet": "afp"}\nnot json\n[1, 2]\n{"id": "y"}\n', encoding="utf-8")
    docs, errors = _split(read([path]))
    assert [(d.id, d.outlet) for d in docs] == [("x", "afp")]
    assert [e.origin.rsplit(":", 1)[1] for e in errors] == ["2", "3", "4"]


def test_one_id_two_texts_keeps_both(tmp_path: Path) -> None:
    path = tmp_path / "dup.csv"
    path.write_text("unit_id,article_content\n7,first text\n7,first text\n7,another text\n", encoding="utf-8")
    docs, _ = _split(read([path]))
    assert [d.id for d in docs][:2] == ["7", "7"]
    assert docs[2].id.startswith("7-") and docs[2].text == "another text"


def test_fakes_rows_read_as_documents(fakes_csv: Path) -> None:
    docs, errors = _split(itertools.islice(read([fakes_csv]), 60))
    assert not errors and len(docs) == 60
    with open(fakes_csv, encoding="utf-8", newline="") as handle:
        first = next(csv.DictReader(handle))
    assert docs[0].id == first["unit_id"] and docs[0].outlet == first["source"]
    assert docs[0].title == first["article_title"]


def test_parse_date() -> None:
    assert parse_date("4/5/2017").isoformat() == "2017-04-05"
    assert parse_date("2016-02-16").isoformat() == "2016-02-16"
    assert parse_date("someday") is None


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300))
def test_any_bytes_give_a_document_or_a_clear_error(data: bytes) -> None:
    items = list(_read_text_bytes(data, "x.txt"))
    assert len(items) == 1
    item = items[0]
    assert isinstance(item, (Document, InputError))
    if isinstance(item, InputError):
        assert item.origin == "x.txt" and item.reason
    else:
        assert item.text.strip()


@given(st.text(min_size=1, max_size=200))
def test_same_text_same_id(text: str) -> None:
    assert document_id(text) == document_id(text + "  \n")
    assert len(document_id(text)) == 16
