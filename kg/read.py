"""Stage 1: files, folders, CSV/JSONL and stdin → :class:`~kg.types.Document`.

Every problem is reported as an :class:`~kg.errors.InputError` naming the file and the line or
row, *yielded* in place of the document so that one bad record never stops the others.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import sys
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from pathlib import Path

from .errors import InputError
from .types import Document

TEXT_SUFFIXES = {".txt", ".text", ".md"}
TABLE_SUFFIXES = {".csv", ".tsv"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
READABLE_SUFFIXES = TEXT_SUFFIXES | TABLE_SUFFIXES | JSONL_SUFFIXES

# Column names tried in order for each field; FA-KES's come first.
ID_COLUMNS = ("unit_id", "id", "doc", "doc_id")
TITLE_COLUMNS = ("article_title", "title", "headline")
TEXT_COLUMNS = ("article_content", "text", "body", "content")
OUTLET_COLUMNS = ("source", "outlet", "publisher")
DATE_COLUMNS = ("date", "published", "date_published")
URL_COLUMNS = ("url", "link")
PLACE_COLUMNS = ("location", "place")

csv.field_size_limit(2**31 - 1)


def document_id(text: str) -> str:
    """A stable id from the text alone: the same text (up to white space) gives the same id."""
    normalized = " ".join(text.split())
    return hashlib.sha256(normalized.encode("utf-8")).hexdigest()[:16]


def parse_date(value: str | None) -> date | None:
    """Parse M/D/YYYY (FA-KES) or ISO dates; None when empty or unreadable."""
    if not value or not value.strip():
        return None
    value = value.strip()
    for fmt in ("%m/%d/%Y", "%Y-%m-%d", "%d %B %Y", "%B %d %Y", "%Y-%m-%dT%H:%M:%S"):
        try:
            return datetime.strptime(value[:19] if "T" in value else value, fmt).date()
        except ValueError:
            continue
    return None


def read(paths: Iterable[str | Path]) -> Iterator[Document | InputError]:
    """Read every path (a file, a folder read recursively, or ``-`` for stdin) in order."""
    for path in paths:
        if str(path) == "-":
            yield from _read_text_bytes(sys.stdin.buffer.read(), "<stdin>")
            continue
        path = Path(path)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in READABLE_SUFFIXES
                           and not any(part.startswith(".") for part in p.relative_to(path).parts))
            if not files:
                yield InputError(str(path), "folder holds no .txt, .csv, .tsv or .jsonl files")
            for file in files:
                yield from read_file(file)
        elif path.exists():
            yield from read_file(path)
        else:
            yield InputError(str(path), "no such file or folder")


def read_file(path: Path) -> Iterator[Document | InputError]:
    """Read one file by its suffix: a table, JSON lines, or one plain-text article."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        yield InputError(str(path), f"cannot be read ({exc.strerror or exc})")
        return
    suffix = path.suffix.lower()
    if suffix in TABLE_SUFFIXES:
        text = _decode(data, str(path))
        if isinstance(text, InputError):
            yield text
        else:
            yield from read_table(text, str(path), delimiter="\t" if suffix == ".tsv" else ",")
    elif suffix in JSONL_SUFFIXES:
        text = _decode(data, str(path))
        if isinstance(text, InputError):
            yield text
        else:
            yield from read_jsonl(text, str(path))
    else:
        yield from _read_text_bytes(data, str(path))


def _decode(data: bytes, origin: str) -> str | InputError:
    if not data.strip():
        return InputError(origin, "file is empty")
    if b"\x00" in data[:8192]:
        return InputError(origin, "looks like a binary file (NUL bytes), not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return InputError(origin, f"not UTF-8 text: byte 0x{data[exc.start]:02x} at line {line}; re-encode the file as UTF-8")
    if not any(ch.isalnum() for ch in text):
        return InputError(origin, "holds no words (only white space, punctuation or control characters)")
    return text


def _read_text_bytes(data: bytes, origin: str) -> Iterator[Document | InputError]:
    text = _decode(data, origin)
    if isinstance(text, InputError):
        yield text
        return
    yield Document(id=document_id(text), text=text, title=_guess_title(text), origin=origin)


def _guess_title(text: str) -> str:
    """The first line of three words or more: a headline, not a 'Share' button."""
    for line in text.splitlines():
        line = line.strip()
        if len(line.split()) >= 3:
            return line[:300]
    return ""


def _pick(row: dict[str, str], names: tuple[str, ...]) -> str | None:
    for name in names:
        value = row.get(name)
        if value is not None and str(value).strip():
            return str(value).strip()
    return None


def _record_to_document(row: dict[str, str], origin: str, seen: dict[str, str]) -> Document | InputError:
    body = _pick(row, TEXT_COLUMNS)
    if body is None:
        return InputError(origin, f"no text: expected one of the columns {', '.join(TEXT_COLUMNS)}")
    title = _pick(row, TITLE_COLUMNS) or ""
    text = f"{title}\n\n{body}" if title and not body.startswith(title) else body
    doc_id = _pick(row, ID_COLUMNS) or document_id(text)
    digest = document_id(text)
    if doc_id in seen and seen[doc_id] != digest:
        doc_id = f"{doc_id}-{digest[:8]}"  # one id naming two different texts: keep both
    seen.setdefault(doc_id, digest)
    return Document(
        id=doc_id,
        text=text,
        title=title,
        outlet=_pick(row, OUTLET_COLUMNS),
        date=parse_date(_pick(row, DATE_COLUMNS)),
        url=_pick(row, URL_COLUMNS),
        place=_pick(row, PLACE_COLUMNS),
        origin=origin,
    )


def read_table(text: str, origin: str, delimiter: str = ",") -> Iterator[Document | InputError]:
    """Rows of a CSV/TSV with a header; a malformed row is an error with its line number."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header = [h.strip().lower() for h in next(reader)]
    except (StopIteration, csv.Error) as exc:
        yield InputError(origin, f"line 1: cannot read the header ({exc})")
        return
    if not any(name in header for name in TEXT_COLUMNS):
        yield InputError(origin, f"line 1: no text column; expected one of {', '.join(TEXT_COLUMNS)}")
        return
    seen: dict[str, str] = {}
    while True:
        line = reader.line_num + 1
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield InputError(f"{origin}:{line}", f"malformed row ({exc}); skipped")
            continue
        if not any(v.strip() for v in values):
            continue
        if len(values) != len(header):
            yield InputError(f"{origin}:{line}", f"row has {len(values)} fields, the header has {len(header)}; skipped")
            continue
        yield _record_to_document(dict(zip(header, values, strict=True)), f"{origin}:{line}", seen)


def read_jsonl(text: str, origin: str) -> Iterator[Document | InputError]:
    """One JSON object per line, with the same field names as a table."""
    seen: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{origin}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield InputError(where, f"not valid JSON ({exc.msg} at column {exc.colno}); skipped")
            continue
        if not isinstance(record, dict):
            yield InputError(where, "a line must hold a JSON object; skipped")
            continue
        yield _record_to_document({str(k).lower(): "" if v is None else str(v) for k, v in record.items()}, where, seen)


