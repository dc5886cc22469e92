"""Flat tables for R, Stata, pandas and spreadsheets: CSV (one table) and XLSX (one sheet each).

Four tables: ``claims`` (one row per claim, with its document's metadata,
claimant, stance, target, addressee, tags, variables and coder),
``mentions``, ``actors`` and ``documents``. References appear twice: as the
record's uuid (``claimant_id``) and as its name (``claimant``), so a table can
be read alone or joined with the others.

Cells that start with ``= + - @`` (or a tab or carriage return) would run as
formulas when a spreadsheet opens the file. In CSV such a text gets a
leading apostrophe; in XLSX it is stored as text with Excel's "quote prefix",
so the cell shows the text unchanged and never runs.

>>> export_csv(project, "claims.csv", table="claims").claims
17
"""

from __future__ import annotations

import contextlib
import csv
import functools
import locale
import os
import re
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

from claimdesk.core.errors import FormatError
from claimdesk.core.store import json_value
from claimdesk.formats import Format, register
from claimdesk.formats._output import Progress, Ticker, Written, atomic_path
from claimdesk.formats.corpus_json import _Uuids
from claimdesk.formats.scope import Lookup, Scope, scoped_claims, scoped_corpus

TABLES = ("claims", "mentions", "actors", "documents")

#: Languages whose spreadsheets use a decimal comma, and so ``;`` between CSV fields.
_DECIMAL_COMMA = {
    "af", "be", "bg", "ca", "cs", "da", "de", "el", "es", "et", "eu", "fi", "fo", "fr", "gl",
    "hr", "hu", "hy", "id", "is", "it", "ka", "kk", "lt", "lv", "mk", "nb", "nl", "nn", "no",
    "pl", "pt", "ro", "ru", "sk", "sl", "sq", "sr", "sv", "tr", "uk", "vi",
}  # fmt: skip
#: Windows locale names (``Dutch_Netherlands``) for the same languages.
_WINDOWS_NAMES = {
    "afrikaans": "af", "catalan": "ca", "czech": "cs", "danish": "da", "german": "de",
    "greek": "el", "spanish": "es", "estonian": "et", "finnish": "fi", "french": "fr",
    "croatian": "hr", "hungarian": "hu", "indonesian": "id", "icelandic": "is", "italian": "it",
    "lithuanian": "lt", "latvian": "lv", "norwegian": "nb", "dutch": "nl", "polish": "pl",
    "portuguese": "pt", "romanian": "ro", "russian": "ru", "slovak": "sk", "slovenian": "sl",
    "swedish": "sv", "turkish": "tr", "ukrainian": "uk",
}  # fmt: skip

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
#: Characters that XML 1.0 (and so XLSX) cannot hold.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
#: Excel's limit on the characters of one cell.
XLSX_CELL_LIMIT = 32_767


def neutralise(value: Any) -> Any:
    """A text that a spreadsheet would run as a formula, with an apostrophe in front.

    >>> neutralise("=HYPERLINK(\\"http://x\\")"), neutralise("-1 vote"), neutralise(-1)
    ('\\'=HYPERLINK("http://x")', "'-1 vote", -1)
    """
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def excel_delimiter(locale_name: str | None = None) -> str:
    """The field separator Excel expects for a locale: ``;`` where the decimal mark is a comma.

    :param locale_name: ``nl_NL``, ``de-DE``, ``Dutch_Netherlands``… (default: the
        user's locale)

    >>> excel_delimiter("nl_NL"), excel_delimiter("en_US")
    (';', ',')
    """
    if locale_name is None:
        chosen = [os.environ.get(k, "") for k in ("LC_ALL", "LC_NUMERIC", "LANG")]
        with contextlib.suppress(ValueError):
            chosen.append(locale.getlocale()[0] or "")  # Windows: "Dutch_Netherlands"
        locale_name = next((c for c in chosen if c and c.split(".")[0] not in ("C", "POSIX")), "")
    name = locale_name.strip().lower()
    language = re.split(r"[_\-.@]", name, maxsplit=1)[0]
    language = _WINDOWS_NAMES.get(language, language)
    return ";" if language in _DECIMAL_COMMA else ","


def _slug(name: str) -> str:
    return re.sub(r"\W+", "_", name.strip()).strip("_").lower() or "variable"


# ---------------------------------------------------------------------- building rows


class _Cells(dict[Any, tuple[Any, ...]]):
    """The cells of a record that many rows show (an actor, a stance...), made on first use."""

    def __init__(self, make: Callable[[Any], tuple[Any, ...]]) -> None:
        super().__init__()
        self.make = make

    def __missing__(self, key: Any) -> tuple[Any, ...]:
        cells = self[key] = self.make(key)
        return cells


def _same(value: Any) -> Any:
    return value


class _Rows:
    """Turns scoped document records, and the store's rows of claims, into the rows of the
    four tables.

    :param uuids: the project's ids and uuids, for the claims table
    :param decimal: the decimal mark of a CSV file (``.`` or ``,``): the claims table's
        cells are then made for CSV (formulas neutralised, numbers written out; see
        :func:`_csv_cell`); None keeps the values (XLSX). Names, stances and targets are
        made once per record, not once per claim.
    """

    def __init__(
        self,
        header: dict[str, Any],
        uuids: _Uuids | None = None,
        *,
        decimal: str | None = None,
    ) -> None:
        self.look = Lookup(header)
        book = header["codebook"]
        self.claim_vars = [v for v in book["variables"] if v["applies_to"] == "claim"]
        self.doc_vars = [v for v in book["variables"] if v["applies_to"] == "document"]
        self.claimant_count: Counter[str] = Counter()
        self.mention_count: Counter[str] = Counter()
        self.header = header
        self.uuids = uuids
        self.cell: Callable[[Any], Any] = _same
        #: First characters that make a text a formula: an apostrophe goes in front.
        self.formula: frozenset[str] = frozenset()
        if decimal is not None:
            self.cell = functools.partial(_csv_cell, decimal_comma=decimal == ",")
            self.formula = _FORMULA_FIRST
        self.claimants = _Cells(self._claimant)
        self.addressees = _Cells(self._addressee)
        self.stances = _Cells(self._stance)
        self.issue_targets = _Cells(self._issue_target)
        self.actor_targets = _Cells(self._actor_target)
        self.coders = _Cells(self._coder)
        self.no_target = self._cells("", "", "")
        self.no_variables = self._cells(*("" for _ in self.claim_vars))

    def columns(self, table: str, metadata_keys: list[str] | None = None) -> list[str]:
        if table == "claims":
            return [
                "document_id", "document_title", "document_published", "document_source",
                "document_language", "document_url", "document_file",
                "claim_id", "start", "end", "quote",
                "claimant_id", "claimant", "claimant_type", "claimant_parent",
                "stance_id", "stance", "stance_value",
                "target_type", "target_id", "target",
                "addressee_id", "addressee", "tags", "note", "coder", "created", "modified",
                *(f"var_{_slug(v['name'])}" for v in self.claim_vars),
            ]  # fmt: skip
        if table == "mentions":
            return [
                "document_id", "document_title", "document_published", "mention_id",
                "start", "end", "quote", "actor_id", "actor", "actor_type", "coder",
                "created", "modified",
            ]  # fmt: skip
        if table == "actors":
            return [
                "actor_id", "name", "type", "aliases", "parent_id", "parent", "color",
                "notes", "claims", "mentions", "created", "modified",
            ]  # fmt: skip
        if table == "documents":
            return [
                "document_id", "title", "published", "source", "language", "url", "file",
                "encoding", "characters", "claims", "mentions", "status", "memo", "sha256",
                *(f"var_{_slug(v['name'])}" for v in self.doc_vars),
                *(f"meta_{_slug(k)}" for k in metadata_keys or []),
            ]  # fmt: skip
        raise FormatError(f"unknown table {table!r} (tables: {', '.join(TABLES)})")

    def _variable(self, variable: dict[str, Any], values: dict[str, Any]) -> Any:
        value = values.get(variable["id"])
        if value is None:
            return ""
        if variable["kind"] == "actor" and isinstance(value, str):
            return self.look.actor_name(value) or value
        if isinstance(value, list):
            return "; ".join(str(v) for v in value)
        return value

    # ------------------------------------------------------------------ the claims table

    def claims(self, document: tuple, claims: list[tuple]) -> Iterator[list[Any]]:
        """The claims-table rows of one document, from :meth:`Project.claim_table`'s rows."""
        formula = self.formula  # the texts of each claim are neutralised here, inline
        claimants, addressees, stances, coders = (
            self.claimants, self.addressees, self.stances, self.coders
        )  # fmt: skip
        issues, actors, no_target, no_variables = (
            self.issue_targets, self.actor_targets, self.no_target, self.no_variables
        )  # fmt: skip
        _id, uuid, title, published, source, language, url, file, _mentions = document
        shown = self._cells(uuid, title, published or "", source, language or "", url, file)
        for row in claims:
            (
                _document, uuid, start, end, quote, claimant, stance, issue, actor, addressee,
                tags, variables, note, coder, created, modified,
            ) = row  # fmt: skip
            yield [
                *shown,
                uuid if uuid[:1] not in formula else "'" + uuid,
                start, end,
                quote if quote[:1] not in formula else "'" + quote,
                *claimants[claimant], *stances[stance],
                *(issues[issue] if issue is not None
                  else actors[actor] if actor is not None else no_target),
                *addressees[addressee],
                self._tags(tags) if tags != "[]" else "",
                note if note[:1] not in formula else "'" + note,
                *coders[coder],
                created if created[:1] not in formula else "'" + created,
                modified if modified[:1] not in formula else "'" + modified,
                *(no_variables if variables == "{}" else self._variables(variables)),
            ]  # fmt: skip

    def _cells(self, *values: Any) -> tuple[Any, ...]:
        cell, formula = self.cell, self.formula
        return tuple(
            (v if v[:1] not in formula else "'" + v) if type(v) is str else cell(v) for v in values
        )

    def _actor(self, actor_id: int | None) -> tuple[str | None, dict[str, Any]]:
        assert self.uuids is not None, "the claims table needs the project's uuids"
        uuid = self.uuids.actors[actor_id]  # also an actor in the trash (without a name)
        return uuid, self.look.actors.get(uuid) or {}

    def _claimant(self, actor_id: int | None) -> tuple[Any, ...]:
        uuid, actor = self._actor(actor_id)
        parent = self.look.actor_name(actor.get("parent"))
        return self._cells(uuid or "", actor.get("name", ""), actor.get("type", ""), parent)

    def _addressee(self, actor_id: int | None) -> tuple[Any, ...]:
        uuid, _actor = self._actor(actor_id)
        return self._cells(uuid or "", self.look.actor_name(uuid))

    def _stance(self, stance_id: int | None) -> tuple[Any, ...]:
        assert self.uuids is not None
        uuid = self.uuids.stances.get(stance_id)
        stance = self.look.stances.get(uuid) or {}
        value = stance.get("value")
        return self._cells(uuid or "", stance.get("label", ""), "" if value is None else value)

    def _issue_target(self, issue_id: int) -> tuple[Any, ...]:
        assert self.uuids is not None
        uuid = self.uuids.issues.get(issue_id)
        return self._cells(*self.look.target({"target": {"issue": uuid}}))

    def _actor_target(self, actor_id: int) -> tuple[Any, ...]:
        uuid, _actor = self._actor(actor_id)
        return self._cells(*self.look.target({"target": {"actor": uuid}}))

    def _coder(self, coder_id: int | None) -> tuple[Any, ...]:
        assert self.uuids is not None
        return self._cells(self.look.coders.get(self.uuids.coders.get(coder_id), ""))

    def _tags(self, tags: str) -> Any:
        return self.cell("; ".join(self.look.tag_labels(json_value(tags))))

    def _variables(self, variables: str) -> tuple[Any, ...]:
        values = json_value(variables)
        return self._cells(*(self._variable(v, values) for v in self.claim_vars))

    # ------------------------------------------------------------------ the other tables

    def count(self, d: dict[str, Any]) -> None:
        """Count each actor's claims and mentions in a document record (the actors table)."""
        for c in d["claims"]:
            if c["claimant"]:
                self.claimant_count[c["claimant"]] += 1
        for m in d["mentions"]:
            if m["actor"]:
                self.mention_count[m["actor"]] += 1

    def mentions(self, d: dict[str, Any]) -> Iterator[list[Any]]:
        for m in d["mentions"]:
            actor = self.look.actors.get(m["actor"]) or {}
            yield [
                d["id"], d["title"], d["published"] or "", m["id"], m["start"], m["end"],
                m["quote"], m["actor"] or "", actor.get("name", ""), actor.get("type", ""),
                self.look.coders.get(m["coder"], ""), m["created"], m["modified"],
            ]  # fmt: skip

    def document(self, d: dict[str, Any]) -> dict[str, Any]:
        """A documents-table row as a dict (metadata columns are known only at the end)."""
        status = "; ".join(
            f"{self.look.coders.get(coder, coder)}: {state}"
            for coder, state in sorted(d["status"].items())
        )
        return {
            "fixed": [
                d["id"], d["title"], d["published"] or "", d["source"], d["language"] or "",
                d["url"], d["file"], d["encoding"], len(d["text"]), len(d["claims"]),
                len(d["mentions"]), status, d["memo"], d["sha256"],
                *(self._variable(v, d["variables"]) for v in self.doc_vars),
            ],
            "metadata": d["metadata"],
        }  # fmt: skip

    def actors(self) -> Iterator[list[Any]]:
        for a in self.header["actors"]:
            yield [
                a["id"], a["name"], a["type"], "; ".join(a["aliases"]), a["parent"] or "",
                self.look.actor_name(a["parent"]), a["color"], a["notes"],
                self.claimant_count[a["id"]], self.mention_count[a["id"]],
                a["created"], a["modified"],
            ]  # fmt: skip


def _metadata_keys(rows: list[dict[str, Any]]) -> list[str]:
    return sorted({k for r in rows for k in r["metadata"]})


def _document_rows(rows: list[dict[str, Any]], keys: list[str]) -> Iterator[list[Any]]:
    for r in rows:
        meta = r["metadata"]
        yield [*r["fixed"], *(_plain(meta.get(k, "")) for k in keys)]


def _plain(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        return "; ".join(str(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}={v}" for k, v in value.items())
    return value


# ---------------------------------------------------------------------- CSV


_FORMULA_FIRST = frozenset(_FORMULA_START)


def _csv_row(row: list[Any], decimal_comma: bool) -> list[Any]:
    """:func:`_csv_cell` of every cell, with texts and whole numbers (most cells) done inline."""
    return [
        ("'" + v if v[:1] in _FORMULA_FIRST else v)
        if type(v) is str
        else v
        if type(v) is int
        else _csv_cell(v, decimal_comma)
        for v in row
    ]


def _csv_cell(value: Any, decimal_comma: bool) -> Any:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, float):
        text = repr(value) if not value.is_integer() else str(int(value))
        return text.replace(".", ",") if decimal_comma else text
    return neutralise(value)


def export_csv(
    project: Any,
    destination: str | os.PathLike[str],
    *,
    table: str = "claims",
    scope: Scope | None = None,
    excel: bool = False,
    delimiter: str | None = None,
    locale_name: str | None = None,
    progress: Progress | None = None,
    cancel: Callable[[], bool] | None = None,
) -> Written:
    """Write one table as CSV (UTF-8, RFC 4180 quoting, CRLF line ends).

    :param table: ``claims``, ``mentions``, ``actors`` or ``documents``
    :param excel: for a double-click into Excel: a byte-order mark, the locale's
        field separator (``;`` in Dutch, German, French…) and decimal commas there
    :param delimiter: the field separator, overriding the above
    :param locale_name: the locale whose separator ``excel`` uses (default: the user's)
    """
    if table not in TABLES:
        raise FormatError(f"unknown table {table!r} (tables: {', '.join(TABLES)})")
    claim_table: Iterator[tuple[tuple, list[tuple]]] | None = None
    records: Iterator[dict[str, Any]] = iter(())
    if table == "claims":  # the claims alone, from the store: no texts, mentions or records
        header, claim_table, total = scoped_claims(project, scope)
    else:
        header, records, total = scoped_corpus(project, scope)
    sep = delimiter or (excel_delimiter(locale_name) if excel else ",")
    if len(sep) != 1:
        raise FormatError(f"the field separator must be one character, not {sep!r}")
    decimal_comma = excel and sep == ";"
    uuids = _Uuids(project) if claim_table is not None else None
    rows = _Rows(header, uuids, decimal="," if decimal_comma else ".")
    ticker = Ticker(total, progress, cancel)
    counts = Counter[str]()
    encoding = "utf-8-sig" if excel else "utf-8"
    with atomic_path(destination) as tmp, tmp.open("w", encoding=encoding, newline="") as out:
        writer = csv.writer(out, delimiter=sep, lineterminator="\r\n")
        documents: list[dict[str, Any]] = []
        if table in ("claims", "mentions"):
            writer.writerow(rows.columns(table))
        if claim_table is not None:
            for document, claims in claim_table:
                counts["documents"] += 1
                counts["claims"] += len(claims)
                counts["mentions"] += document[-1]
                writer.writerows(rows.claims(document, claims))
                ticker.tick()
        for d in records:
            counts["documents"] += 1
            counts["claims"] += len(d["claims"])
            counts["mentions"] += len(d["mentions"])
            if table == "mentions":
                writer.writerows(_csv_row(r, decimal_comma) for r in rows.mentions(d))
            else:
                rows.count(d)
                if table == "documents":
                    documents.append(rows.document(d))
            ticker.tick()
        if table == "actors":
            writer.writerow(rows.columns("actors"))
            writer.writerows(_csv_row(r, decimal_comma) for r in rows.actors())
        elif table == "documents":
            keys = _metadata_keys(documents)
            writer.writerow(rows.columns("documents", keys))
            writer.writerows(_csv_row(r, decimal_comma) for r in _document_rows(documents, keys))
    return Written(counts["documents"], counts["claims"], counts["mentions"], str(destination))


# ---------------------------------------------------------------------- XLSX


def _xlsx_cell(sheet: Any, value: Any) -> Any:
    from openpyxl.cell import WriteOnlyCell

    if isinstance(value, str):
        value = _XML_ILLEGAL.sub("\ufffd", value)
        if len(value) > XLSX_CELL_LIMIT:
            value = value[: XLSX_CELL_LIMIT - 1] + "…"
        if not value.startswith(_FORMULA_START):
            return value  # stored as text; only a leading "=" would make openpyxl write a formula
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"  # never a formula, whatever the text starts with
        cell.quotePrefix = True
        return cell
    return value


def export_xlsx(
    project: Any,
    destination: str | os.PathLike[str],
    *,
    scope: Scope | None = None,
    progress: Progress | None = None,
    cancel: Callable[[], bool] | None = None,
) -> Written:
    """Write the four tables as the sheets of one Excel workbook (claims first)."""
    from openpyxl import Workbook

    header, records, total = scoped_corpus(project, scope)
    _header, claim_table, _total = scoped_claims(project, scope)
    rows = _Rows(header, _Uuids(project))
    ticker = Ticker(total, progress, cancel)
    counts = Counter[str]()
    book = Workbook(write_only=True)
    sheets = {name: book.create_sheet(name) for name in TABLES}

    def append(name: str, values: list[Any]) -> None:
        sheets[name].append([_xlsx_cell(sheets[name], v) for v in values])

    for name in ("claims", "mentions"):
        append(name, rows.columns(name))
        sheets[name].freeze_panes = "A2"
    documents: list[dict[str, Any]] = []
    # The same documents in the same order: records for three tables, the store's rows of
    # claims for the claims table (made as the CSV makes it).
    for d, (document, claims) in zip(records, claim_table, strict=True):
        assert d["id"] == document[1]
        counts["documents"] += 1
        counts["claims"] += len(d["claims"])
        counts["mentions"] += len(d["mentions"])
        for r in rows.claims(document, claims):
            append("claims", r)
        for r in rows.mentions(d):
            append("mentions", r)
        rows.count(d)
        documents.append(rows.document(d))
        ticker.tick()
    append("actors", rows.columns("actors"))
    for r in rows.actors():
        append("actors", r)
    keys = _metadata_keys(documents)
    append("documents", rows.columns("documents", keys))
    for r in _document_rows(documents, keys):
        append("documents", r)
    with atomic_path(destination) as tmp:
        book.save(tmp)
    return Written(counts["documents"], counts["claims"], counts["mentions"], str(destination))


def _no_sniff(head: bytes, suffix: str) -> float:
    return 0.0


CSV_FORMAT = register(
    Format(
        name="flat-csv",
        description="Flat table as CSV: claims, mentions, actors or documents (one per file)",
        kind="project",
        extensions=(".csv",),
        sniff=_no_sniff,
        write=export_csv,
    )
)
XLSX_FORMAT = register(
    Format(
        name="flat-xlsx",
        description="Excel workbook with the claims, mentions, actors and documents tables",
        kind="project",
        extensions=(".xlsx",),
        sniff=_no_sniff,
        write=export_xlsx,
    )
)

__all__ = ["TABLES", "excel_delimiter", "export_csv", "export_xlsx", "neutralise"]
