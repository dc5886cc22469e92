"""Tables with one article per row: CSV (and TSV), Excel (.xlsx) and JSON Lines.

A column mapping says which column holds the text, the title, the date, the
source, the URL and the language; every other column is kept as free
metadata (or only those named with ``meta``). Without a mapping the columns
are guessed from their names (``text``, ``body``, ``content``, ``headline``,
``published``...). On the command line::

    claimdesk import study.claimdesk articles.csv --map text=body,date=published

The mapping used is remembered in the project (``Project.setting("table_mapping")``).
Rows are streamed: a sheet of a million rows is read one row at a time, and
reading stops after :data:`EMPTY_RUN` empty rows in a row.

>>> parse_mapping("text=body,date=published,meta=section")
{'text': 'body', 'date': 'published', 'meta': ['section']}
"""

from __future__ import annotations

import codecs
import csv
import datetime as _dt
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from claimdesk.core.dates import parse_written_date
from claimdesk.core.errors import FormatError
from claimdesk.core.language import language_code
from claimdesk.core.model import Document
from claimdesk.core.text import decode_bytes, normalise_newlines
from claimdesk.formats import Format, Note, Problem, ReadOptions, register
from claimdesk.formats._blocks import Block, article_document
from claimdesk.formats._containers import container_kind, open_zip

#: The fields a column can be mapped to (``meta`` takes a list of columns).
FIELDS = ("text", "title", "date", "source", "url", "language")
#: Reading stops after this many empty rows in a row.
EMPTY_RUN = 1000
#: Column names that are guessed for each field, best first.
GUESSES = {
    "text": (
        "text",
        "body",
        "content",
        "article",
        "fulltext",
        "full_text",
        "tekst",
        "inhalt",
        "texte",
    ),
    "title": ("title", "headline", "heading", "titel", "kop", "titre", "hd"),
    "date": ("date", "published", "publication_date", "pubdate", "pub_date", "datum", "day", "pd"),
    "source": ("source", "publication", "outlet", "newspaper", "medium", "publisher", "bron", "sn"),
    "url": ("url", "link", "uri", "permalink"),
    "language": ("language", "lang", "taal", "sprache", "la"),
}


@dataclass(slots=True)
class ColumnMapping:
    """Which column holds which field; ``meta`` None keeps every other column as metadata."""

    text: str = ""
    title: str = ""
    date: str = ""
    source: str = ""
    url: str = ""
    language: str = ""
    meta: list[str] | None = None

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {f: getattr(self, f) for f in FIELDS if getattr(self, f)}
        if self.meta is not None:
            data["meta"] = list(self.meta)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ColumnMapping:
        meta = data.get("meta")
        return cls(
            **{f: str(data.get(f) or "") for f in FIELDS},
            meta=[str(m) for m in meta] if isinstance(meta, list) else None,
        )

    def columns(self) -> list[str]:
        return [c for c in (getattr(self, f) for f in FIELDS) if c] + list(self.meta or [])


def parse_mapping(spec: str) -> dict[str, Any]:
    """``text=body,date=published,meta=section`` as a mapping dict.

    ``title=`` (no column) says that no column holds the title, where one
    would otherwise be guessed from its name.

    :raises FormatError: a pair without ``=`` or an unknown field
    """
    mapping: dict[str, Any] = {}
    for pair in (p.strip() for p in spec.split(",")):
        if not pair:
            continue
        key, sep, column = pair.partition("=")
        key, column = key.strip().lower(), column.strip()
        if not sep or (not column and key == "meta"):
            raise FormatError(f"--map: {pair!r} is not FIELD=COLUMN")
        if key == "meta":
            mapping.setdefault("meta", []).append(column)
        elif key in FIELDS:
            mapping[key] = column
        else:
            raise FormatError(f"--map: unknown field {key!r} (use {', '.join(FIELDS)} or meta)")
    return mapping


def guess_mapping(columns: Iterable[str]) -> ColumnMapping:
    """A mapping from column names alone (``body`` → text, ``headline`` → title...)."""
    by_name = {c.strip().lower().replace(" ", "_").replace("-", "_"): c for c in columns}
    mapping = ColumnMapping()
    used: set[str] = set()
    for key, names in GUESSES.items():
        for name in names:
            column = by_name.get(name)
            if column is not None and column not in used:
                setattr(mapping, key, column)
                used.add(column)
                break
    return mapping


def resolve_mapping(columns: list[str], given: dict[str, Any] | None) -> ColumnMapping:
    """The mapping for a file with these columns.

    A mapping given for this import must fit the file; one remembered from
    an earlier import (``given["remembered"]``) is used only when it fits,
    and the columns are guessed otherwise.

    :raises FormatError: a named column is missing, or no text column
    """
    mapping = guess_mapping(columns)
    if given:
        chosen = ColumnMapping.from_dict(given)
        missing = [c for c in chosen.columns() if c not in columns]
        if not missing:
            # Fields the mapping leaves out keep their guess, unless it took their column.
            taken = set(chosen.columns())
            for key in FIELDS:
                if key in given or getattr(mapping, key) in taken:
                    setattr(mapping, key, getattr(chosen, key))
            mapping.meta = chosen.meta
        elif not given.get("remembered"):
            raise FormatError(
                f"no column {missing[0]!r} (the columns are: {', '.join(columns) or 'none'})"
            )
    if not mapping.text:
        raise FormatError(
            "which column holds the text? Map it with --map text=COLUMN "
            f"(the columns are: {', '.join(columns) or 'none'})"
        )
    return mapping


# --------------------------------------------------------------------------- rows


def _cell(value: Any) -> Any:
    if isinstance(value, _dt.datetime):
        return value.date().isoformat() if value.time() == _dt.time() else value.isoformat()
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        return value.strip()
    return value


def _empty(values: Iterable[Any]) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in values)


def _csv_encoding(path: Path, options: ReadOptions) -> str:
    return _csv_start(path, options)[1]


def _csv_start(path: Path, options: ReadOptions) -> tuple[str, str]:
    """The first 64 KiB of a CSV file's text (whole lines) and its encoding."""
    try:
        with path.open("rb") as fh:
            start = fh.read(1 << 20)
    except OSError as exc:
        raise FormatError(f"cannot be read ({exc.strerror or exc})") from None
    if not start:
        raise FormatError("empty file")
    sample = start
    while (
        len(start) == 1 << 20 and sample and sample[-1] & 0xC0 == 0x80
    ):  # do not cut a UTF-8 character in two
        sample = sample[:-1]
    if len(start) == 1 << 20 and sample and sample[-1] >= 0xC0:
        sample = sample[:-1]
    _text, encoding = decode_bytes(
        sample, fallback=options.fallback_encoding, encoding=options.encoding
    )
    head = _text[:65536]
    if "\n" in head:
        head = head[: head.rindex("\n")]
    return head, codecs.lookup(encoding).name


def _csv_rows(path: Path, options: ReadOptions) -> Iterator[list[Any]]:
    """Rows of a CSV or TSV file, decoded as text files are, streamed."""
    head, codec = _csv_start(path, options)
    try:
        dialect: Any = csv.Sniffer().sniff(head, ",;\t|")
    except csv.Error:
        dialect = csv.excel_tab if path.suffix.lower() == ".tsv" else csv.excel
    csv.field_size_limit(max(csv.field_size_limit(), options.max_chars))
    with path.open("r", encoding="utf-8-sig" if codec in ("utf-8", "utf-8-sig") else codec,
                   newline="") as fh:  # fmt: skip
        try:
            yield from csv.reader(fh, dialect)
        except (csv.Error, UnicodeDecodeError) as exc:
            raise FormatError(f"cannot be read as CSV ({exc})") from None


def _xlsx_rows(path: Path) -> Iterator[list[Any]]:
    """Rows of the first sheet of an Excel workbook, streamed (read-only mode)."""
    with open_zip(path, "Excel (.xlsx)"):
        pass
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise FormatError(
            f"is damaged or not an Excel workbook ({exc.__class__.__name__})"
        ) from None
    try:
        sheet = workbook.worksheets[0] if workbook.worksheets else None
        if sheet is None:
            raise FormatError("has no sheet")
        for row in sheet.iter_rows(values_only=True):
            yield [_cell(v) for v in row]
    finally:
        workbook.close()


def _jsonl_records(path: Path, options: ReadOptions) -> Iterator[tuple[int, dict[str, Any] | str]]:
    """``(line number, object)`` per line, or ``(line number, problem)`` for a bad line."""
    try:
        fh = path.open("rb")
    except OSError as exc:
        raise FormatError(f"cannot be read ({exc.strerror or exc})") from None
    with fh:
        for number, raw in enumerate(fh, start=1):
            if not raw.strip():
                yield number, {}
                continue
            try:
                line, _ = decode_bytes(
                    raw, fallback=options.fallback_encoding, encoding=options.encoding
                )
                value = json.loads(line)
            except (FormatError, ValueError) as exc:
                yield number, f"line {number} is not valid JSON ({exc})"
                continue
            if not isinstance(value, dict):
                yield number, f"line {number} is not a JSON object"
                continue
            yield number, value


@dataclass(slots=True)
class TablePreview:
    """The first rows of a table, for the mapping dialog."""

    columns: list[str]
    rows: list[list[str]] = field(default_factory=list)
    guess: ColumnMapping = field(default_factory=ColumnMapping)


def _records(path: Path, options: ReadOptions) -> Iterator[tuple[int, dict[str, Any] | str]]:
    """``(row number, {column: value})`` for every row, or ``(row number, problem)``; ``{}`` for an empty row."""
    kind = _table_kind(path)
    if kind == "jsonl":
        yield from _jsonl_records(path, options)
        return
    rows = _xlsx_rows(path) if kind == "xlsx" else _csv_rows(path, options)
    columns: list[str] | None = None
    for number, row in enumerate(rows, start=1):
        if columns is None:
            if _empty(row):
                continue
            columns = _header(row)
            yield number, {"": columns}
            continue
        if _empty(row):
            yield number, {}
            continue
        yield number, {c: v for c, v in zip(columns, row, strict=False) if c}


def _header(row: list[Any]) -> list[str]:
    columns: list[str] = []
    for i, value in enumerate(row, start=1):
        name = str(value).strip().lstrip("\ufeff") if value is not None else ""
        name = name or f"column {i}"
        while name in columns:
            name += "'"
        columns.append(name)
    while columns and columns[-1].startswith("column "):
        columns.pop()
    return columns


def _table_kind(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson"):
        return "jsonl"
    try:
        with path.open("rb") as fh:
            head = fh.read(8)
    except OSError as exc:
        raise FormatError(f"cannot be read ({exc.strerror or exc})") from None
    if container_kind(head) in ("zip", "ole") or suffix in (".xlsx", ".xlsm"):
        return "xlsx"
    return "csv"


def preview_table(
    path: Path, options: ReadOptions | None = None, *, rows: int = 20
) -> TablePreview:
    """The columns and first rows of a table (for the mapping dialog).

    :raises FormatError: the file cannot be read as a table
    """
    options = options or ReadOptions()
    columns: list[str] = []
    found: list[list[str]] = []
    for _number, record in _records(path, options):
        if isinstance(record, str) or not record:
            continue
        if "" in record and columns == [] and isinstance(record[""], list):
            columns = list(record[""])
            continue
        for key in record:
            if key not in columns:
                columns.append(key)
        found.append(["" if record.get(c) is None else str(record.get(c)) for c in columns])
        if len(found) >= rows:
            break
    found = [r + [""] * (len(columns) - len(r)) for r in found]
    return TablePreview(columns, found, guess_mapping(columns))


def read_rows(path: Path, name: str, options: ReadOptions) -> Iterator[Document | Problem | Note]:
    """One document per row of a table."""
    mapping: ColumnMapping | None = None
    columns: list[str] = []
    empty_run = 0
    count = 0
    try:
        encoding = _csv_encoding(path, options) if _table_kind(path) == "csv" else "utf-8"
        for number, record in _records(path, options):
            where = f"{name}#row{number}"
            if isinstance(record, str):
                yield Problem(where, record)
                continue
            if "" in record and isinstance(record[""], list):
                columns = list(record[""])
                mapping = resolve_mapping(columns, options.mapping)
                continue
            if not record:
                empty_run += 1
                if empty_run >= EMPTY_RUN:
                    yield Note(
                        name,
                        f"stopped at row {number:,}: {EMPTY_RUN:,} empty rows in a row, "
                        "the rest was not read",
                    )
                    break
                continue
            empty_run = 0
            if mapping is None:  # JSON Lines: the first object's keys are the columns
                columns = list(record)
                mapping = resolve_mapping(columns, options.mapping)
            count += 1
            yield from _row_document(record, mapping, where, options, encoding)
    except FormatError as exc:
        yield Problem(name, str(exc))
        return
    if mapping is None:
        yield Problem(name, "no rows: the table is empty")
    elif count == 0:
        yield Problem(name, "no articles: every row below the header is empty")


def _row_document(
    record: dict[str, Any],
    mapping: ColumnMapping,
    where: str,
    options: ReadOptions,
    encoding: str,
) -> Iterator[Document | Problem | Note]:
    def value(column: str) -> str:
        raw = record.get(column) if column else None
        if raw is None:
            return ""
        return (
            raw
            if isinstance(raw, str)
            else json.dumps(raw, ensure_ascii=False)
            if isinstance(raw, (dict, list))
            else str(raw)
        )

    text = normalise_newlines(value(mapping.text)).strip()
    if not text:
        yield Problem(where, f"no text in column {mapping.text!r}")
        return
    date = value(mapping.date)
    published = parse_written_date(date) if date else None
    mapped = {c for c in (getattr(mapping, f) for f in FIELDS) if c}
    if mapping.meta is not None:
        meta = {c: record.get(c) for c in mapping.meta}
    else:
        meta = {c: v for c, v in record.items() if c not in mapped}
    if date and published is None:
        meta["date"] = date
    paragraphs = [Block(p) for p in text.replace("\r", "").split("\n\n")]
    try:
        document = article_document(
            paragraphs,
            file=where,
            options=options,
            encoding=encoding,
            title=value(mapping.title),
            published=published,
            source=value(mapping.source),
            url=value(mapping.url),
            language=language_code(value(mapping.language)) if mapping.language else None,
            metadata=meta,
            infer_structure=not mapping.title,
        )
    except FormatError as exc:
        yield Problem(where, str(exc))
        return
    yield document
    if date and published is None:
        yield Note(where, f"{date!r} in column {mapping.date!r} is not a date; kept as metadata")


# --------------------------------------------------------------------------- formats


def _sniff_csv(head: bytes, suffix: str) -> float:
    if suffix in (".csv", ".tsv") and container_kind(head, suffix) == "text":
        return 0.5
    return 0.0


def _sniff_xlsx(head: bytes, suffix: str) -> float:
    if suffix in (".xlsx", ".xlsm"):
        return 0.6 if container_kind(head, suffix) in ("zip", "ole") else 0.3
    return 0.0


def _sniff_jsonl(head: bytes, suffix: str) -> float:
    first = head.lstrip(b"\xef\xbb\xbf \t\r\n").split(b"\n", 1)[0]
    if b'"claimdesk-corpus"' in first:
        return 0.0
    if first.startswith(b"{") and suffix in (".jsonl", ".ndjson"):
        return 0.6
    return 0.0


CSV = register(
    Format(
        name="table-csv",
        description="CSV or TSV tables, one article per row (map the columns with --map)",
        kind="documents",
        extensions=(".csv", ".tsv"),
        sniff=_sniff_csv,
        read=read_rows,
    )
)

XLSX = register(
    Format(
        name="table-xlsx",
        description="Excel workbooks (.xlsx), one article per row of the first sheet",
        kind="documents",
        extensions=(".xlsx", ".xlsm"),
        sniff=_sniff_xlsx,
        read=read_rows,
    )
)

JSONL = register(
    Format(
        name="table-jsonl",
        description="JSON Lines, one article per line (an object; map its keys with --map)",
        kind="documents",
        extensions=(".jsonl", ".ndjson"),
        sniff=_sniff_jsonl,
        read=read_rows,
    )
)

TABLE_FORMATS = ("table-csv", "table-xlsx", "table-jsonl")

__all__ = [
    "TABLE_FORMATS",
    "ColumnMapping",
    "TablePreview",
    "guess_mapping",
    "parse_mapping",
    "preview_table",
    "read_rows",
    "resolve_mapping",
]
