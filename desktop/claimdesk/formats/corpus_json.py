"""The native annotated-corpus JSON (and JSON Lines), validated by ``resources/schema/``.

Export is streamed: the header is written, then one document at a time, so
memory stays flat however large the project. A ``.json`` file is one JSON
object whose ``documents`` array holds one document per line; a ``.jsonl``
file has the header (without ``documents``) on its first line and one
document per line after it.

>>> export_corpus(project, "corpus.json").documents
14
"""

from __future__ import annotations

import functools
import io
import itertools
import json
import os
import re
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import orjson

from claimdesk import __version__
from claimdesk.core.codebook import codebook_to_json
from claimdesk.core.errors import Cancelled, FormatError
from claimdesk.core.matching import MergeReport, merge_corpus
from claimdesk.core.model import Document, text_sha256, utc_now
from claimdesk.core.store import Project, json_value
from claimdesk.core.text import newline_offset_map, normalise_newlines, span_context
from claimdesk.formats import Format, register
from claimdesk.paths import resource_path

if TYPE_CHECKING:  # jsonschema loads only when a file is read (it is slow to import)
    import jsonschema

FORMAT_NAME = "claimdesk-corpus"
FORMAT_VERSION = 1


@dataclass(frozen=True, slots=True)
class ExportResult:
    documents: int
    claims: int
    mentions: int
    path: str


# ---------------------------------------------------------------------- writing


def corpus_header(project: Project) -> dict[str, Any]:
    """Everything of the export but the documents."""
    info = project.info()
    actors = project.actors()
    actor_uuid = {a.id: a.uuid for a in actors}
    return {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "exported": utc_now(),
        "generator": f"claimdesk {__version__}",
        "project": {
            "id": info["uuid"],
            "name": info["name"],
            "memo": info["memo"],
            "created": info["created"],
        },
        "codebook": codebook_to_json(project.codebook()),
        "coders": [{"id": c.uuid, "name": c.name} for c in project.coders(coding_only=True)],
        "actors": [
            {
                "id": a.uuid,
                "name": a.name,
                "type": a.type,
                "aliases": a.aliases,
                "parent": actor_uuid.get(a.parent) if a.parent else None,
                "color": a.color,
                "notes": a.notes,
                "created": a.created,
                "modified": a.modified,
            }
            for a in actors
        ],
    }


class _ActorUuids(dict[int | None, str | None]):
    """Actor id → uuid; an actor in the trash (not in the header) is looked up when first met."""

    def __init__(self, project: Project) -> None:
        super().__init__((a.id, a.uuid) for a in project.actors())
        self[None] = None
        self.project = project

    def __missing__(self, actor_id: int | None) -> str | None:
        uuid = self.project.record_uuid("actors", actor_id) or None
        self[actor_id] = uuid
        return uuid


class _Uuids:
    """id → uuid for the records documents refer to, read once per export."""

    def __init__(self, project: Project) -> None:
        book = project.codebook()
        self.stances = {s.id: s.uuid for s in book.stances}
        self.issues = {i.id: i.uuid for i in book.issues}
        self.coders = {c.id: c.uuid for c in project.coders()}
        self.actors = _ActorUuids(project)


def _record(
    row: tuple,
    claims: list[tuple],
    mentions: list[tuple],
    status: dict[str, str],
    uuids: _Uuids,
) -> dict[str, Any]:
    """One document of the export, made straight from the stored rows.

    :param row: the document (:attr:`Project.DOCUMENT_COLUMNS`)
    :param claims: its claims (:attr:`Project.CLAIM_COLUMNS`), in text order
    :param mentions: its mentions (:attr:`Project.MENTION_COLUMNS`), in text order
    :param status: ``{coder uuid: status}``
    """
    (
        _id, uuid, title, text, published, source, language, url, file, other_files, encoding,
        sha256, metadata, variables, structure, memo, created, modified,
    ) = row  # fmt: skip
    return {
        "id": uuid,
        "title": title,
        "published": published,
        "source": source,
        "language": language,
        "url": url,
        "file": file,
        "other_files": json_value(other_files),
        "encoding": encoding,
        "sha256": sha256,
        "text": text,
        "metadata": json_value(metadata),
        "variables": json_value(variables),
        "status": status,
        "memo": memo,
        # Stored as StructureRange.to_json() wrote it: kind, start, end and a level if any.
        "structure": json_value(structure),
        "created": created,
        "modified": modified,
        "claims": _claim_records(claims, uuids),
        "mentions": _mention_records(mentions, uuids),
    }


def _claim_records(claims: list[tuple], uuids: _Uuids) -> list[dict[str, Any]]:
    actors, stances, issues, coders = uuids.actors, uuids.stances, uuids.issues, uuids.coders
    records = []
    for row in claims:
        (
            _id, uuid, _document, start, end, quote, prefix, suffix, claimant, stance, issue,
            actor, addressee, tags, variables, note, coder, created, modified,
        ) = row  # fmt: skip
        if issue is not None:
            target: dict[str, str | None] | None = {"issue": issues.get(issue)}
        elif actor is not None:
            target = {"actor": actors[actor]}
        else:
            target = None
        records.append(
            {
                "id": uuid,
                "start": start,
                "end": end,
                "quote": quote,
                "prefix": prefix,
                "suffix": suffix,
                "claimant": actors[claimant],
                "stance": stances.get(stance),
                "target": target,
                "addressee": actors[addressee],
                "variables": json_value(variables),
                "tags": json_value(tags),
                "note": note,
                "coder": coders.get(coder),
                "created": created,
                "modified": modified,
            }
        )
    return records


def _mention_records(mentions: list[tuple], uuids: _Uuids) -> list[dict[str, Any]]:
    actors, coders = uuids.actors, uuids.coders
    records = []
    for row in mentions:
        (
            _id, uuid, _document, start, end, actor, quote, prefix, suffix, coder, created,
            modified,
        ) = row  # fmt: skip
        records.append(
            {
                "id": uuid,
                "start": start,
                "end": end,
                "quote": quote,
                "prefix": prefix,
                "suffix": suffix,
                "actor": actors[actor],
                "coder": coders.get(coder),
                "created": created,
                "modified": modified,
            }
        )
    return records


def document_record(project: Project, doc: Document | int, uuids: _Uuids) -> dict[str, Any]:
    """One document of the export (by its id, or as a :class:`Document` the store gave),
    with its claims and mentions, read from the project."""
    document_id = doc if isinstance(doc, int) else doc.id
    assert document_id is not None
    [row] = project.document_rows(ids=[document_id])
    return _record(
        row,
        project.claim_rows_by_document([document_id]).get(document_id, []),
        project.mention_rows_by_document([document_id]).get(document_id, []),
        project.statuses(document_id),
        uuids,
    )


def iter_corpus(
    project: Project, *, documents: Iterable[int] | None = None
) -> tuple[dict[str, Any], Iterator[dict[str, Any]]]:
    """The header and a lazy stream of document records, for writers of any format."""
    uuids = _Uuids(project)
    return corpus_header(project), _records(project, uuids, documents)


#: Documents whose claims, mentions and statuses are read together (one query each).
RECORD_BATCH = 200


def _records(
    project: Project, uuids: _Uuids, documents: Iterable[int] | None
) -> Iterator[dict[str, Any]]:
    """Document records in batches: three queries per batch, not three per document."""
    stream = project.document_rows(ids=documents)
    while batch := list(itertools.islice(stream, RECORD_BATCH)):
        ids = [row[0] for row in batch]
        claims = project.claim_rows_by_document(ids)
        mentions = project.mention_rows_by_document(ids)
        statuses = project.statuses_by_document(ids)
        for row in batch:
            document_id = row[0]
            yield _record(
                row,
                claims.get(document_id, []),
                mentions.get(document_id, []),
                statuses.get(document_id, {}),
                uuids,
            )


_json_dumps = functools.partial(json.dumps, ensure_ascii=False, separators=(",", ":"))


def _dumps(record: dict[str, Any]) -> str:
    """One record as compact JSON: orjson writes it three times faster than the standard
    library, into the same text (the standard library remains for what orjson refuses,
    such as integers beyond 64 bits)."""
    try:
        return orjson.dumps(record).decode("utf-8")
    except (TypeError, orjson.JSONEncodeError):
        return _json_dumps(record)


def _dumps_utf8(record: dict[str, Any]) -> bytes:
    """:func:`_dumps` as the UTF-8 that orjson makes, for a file: no decoding and encoding again."""
    try:
        return orjson.dumps(record)
    except (TypeError, orjson.JSONEncodeError):
        return _json_dumps(record).encode("utf-8")


def write_corpus(
    project: Project,
    out: IO[str] | IO[bytes],
    *,
    lines: bool = False,
    documents: Iterable[int] | None = None,
    progress: Callable[[int], None] | None = None,
    cancel: Callable[[], bool] | None = None,
    scope: Any = None,
) -> ExportResult:
    """Stream the corpus as JSON (``lines=False``) or JSON Lines into a text stream, or
    into a binary one as UTF-8.

    :param scope: a :class:`claimdesk.formats.scope.Scope` (documents, coder, dates)
    """
    if scope is not None:
        from claimdesk.formats.scope import scoped_corpus

        header, records, _total = scoped_corpus(project, scope)
    else:
        header, records = iter_corpus(project, documents=documents)
    binary = isinstance(out, (io.BufferedIOBase, io.RawIOBase))
    write: Callable[[Any], Any] = out.write
    dumps: Callable[[dict[str, Any]], Any] = _dumps_utf8 if binary else _dumps

    def text(value: str) -> Any:
        return value.encode("utf-8") if binary else value

    newline, comma = text("\n"), text(",\n")
    n_docs = n_claims = n_mentions = 0
    if lines:
        write(dumps(header))
        write(newline)
    else:
        head = json.dumps(header, ensure_ascii=False, indent=1)
        write(text(head[:-2] + ',\n "documents": [\n'))
    for record in records:
        if cancel and cancel():
            raise Cancelled("the export was cancelled")
        if not lines and n_docs:
            write(comma)
        write(dumps(record))
        if lines:
            write(newline)
        n_docs += 1
        n_claims += len(record["claims"])
        n_mentions += len(record["mentions"])
        if progress:
            progress(n_docs)
    if not lines:
        write(text("\n ]\n}\n"))
    return ExportResult(n_docs, n_claims, n_mentions, "")


def export_corpus(
    project: Project,
    destination: str | os.PathLike[str],
    *,
    lines: bool | None = None,
    documents: Iterable[int] | None = None,
    progress: Callable[[int], None] | None = None,
    cancel: Callable[[], bool] | None = None,
    scope: Any = None,
) -> ExportResult:
    """Export the project to ``destination`` (``-`` for standard output).

    The file is written next to its destination and moved into place when
    complete, so a failed or cancelled export never leaves half a file.

    :param lines: JSON Lines instead of JSON (default: by the extension, ``.jsonl``)
    """
    if str(destination) == "-":
        result = write_corpus(
            project,
            sys.stdout,
            lines=bool(lines),
            documents=documents,
            progress=progress,
            cancel=cancel,
            scope=scope,
        )
        return ExportResult(result.documents, result.claims, result.mentions, "-")
    path = Path(destination)
    if lines is None:
        lines = path.suffix.lower() in (".jsonl", ".ndjson")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent or ".")
    try:
        with open(fd, "wb") as out:
            result = write_corpus(
                project,
                out,
                lines=lines,
                documents=documents,
                progress=progress,
                cancel=cancel,
                scope=scope,
            )
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return ExportResult(result.documents, result.claims, result.mentions, str(path))


# ---------------------------------------------------------------------- reading


@functools.cache
def schema() -> dict[str, Any]:
    """The JSON Schema of format version 1."""
    return json.loads(resource_path("schema", "corpus.schema.json").read_text(encoding="utf-8"))


@functools.cache
def _validator(definition: str | None = None) -> jsonschema.Draft202012Validator:
    import jsonschema

    base = schema()
    if definition is None:
        return jsonschema.Draft202012Validator(base)
    return jsonschema.Draft202012Validator(
        {"$defs": base["$defs"], "$ref": f"#/$defs/{definition}"}
    )


def _validate(data: Any, where: str, definition: str | None = None) -> None:
    errors = list(_validator(definition).iter_errors(data))
    # A span with one bad value also fails "unevaluatedProperties", which names every
    # property as unexpected; the error about the value itself is the one to show.
    errors = [e for e in errors if e.validator != "unevaluatedProperties"] or errors
    from jsonschema.exceptions import best_match

    error = best_match(errors)
    if error is not None:
        path = "/".join(str(p) for p in error.absolute_path)
        raise FormatError(
            f"{where}: not a valid Claimdesk export{' at ' + path if path else ''}: {error.message}"
        )


def _check_format(header: Any, where: str) -> None:
    if isinstance(header, dict) and header.get("format") == "claimdesk-codebook":
        raise FormatError(
            f"{where}: a Claimdesk codebook, not a corpus export; import it with "
            "Tools → Codebook… or `claimdesk codebook import`"
        )
    if not isinstance(header, dict) or header.get("format") != FORMAT_NAME:
        raise FormatError(f'{where}: not a Claimdesk corpus export (no "format": "{FORMAT_NAME}")')
    version = header.get("version")
    if isinstance(version, int) and version > FORMAT_VERSION:
        raise FormatError(
            f"{where}: made by a newer Claimdesk (format version {version}; this one reads up to "
            f"{FORMAT_VERSION})"
        )


def _reject_surrogates(value: str, where: str) -> None:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise FormatError(
            f"{where}: contains a lone surrogate (\\ud800–\\udfff), not valid text"
        ) from None


class _References:
    """Checks that every reference in the documents points at a record of the header."""

    def __init__(self, header: dict[str, Any], where: str) -> None:
        book = header["codebook"]
        self.where = where
        self.stances = {s["id"] for s in book["stances"]}
        self.issues = {i["id"] for i in book["issues"]}
        self.tags = {t["id"] for t in book["tags"]}
        self.variables = {v["id"] for v in book["variables"]}
        self.coders = {c["id"] for c in header["coders"]}
        self.actors = {a["id"] for a in header["actors"]}
        self.documents: set[str] = set()
        for a in header["actors"]:
            self._need(self.actors, a.get("parent"), f"actor {a['id']} parent")
        for i in book["issues"]:
            self._need(self.issues, i.get("parent"), f"issue {i['id']} parent")

    def _need(self, known: set[str], ref: str | None, what: str) -> None:
        if ref is not None and ref not in known:
            raise FormatError(f"{self.where}: {what} refers to {ref}, which is not in the file")

    def document(self, d: dict[str, Any]) -> None:
        where = f"document {d['id']}"
        if d["id"] in self.documents:
            raise FormatError(f"{self.where}: {where} appears twice")
        self.documents.add(d["id"])
        for coder in d.get("status", {}):
            self._need(self.coders, coder, f"{where} status")
        for key in d.get("variables", {}):
            self._need(self.variables, key, f"{where} variable")
        for c in d["claims"]:
            what = f"{where} claim {c['id']}"
            self._need(self.actors, c.get("claimant"), what + " claimant")
            self._need(self.actors, c.get("addressee"), what + " addressee")
            self._need(self.stances, c.get("stance"), what + " stance")
            self._need(self.coders, c.get("coder"), what + " coder")
            target = c.get("target") or {}
            self._need(self.issues, target.get("issue"), what + " target issue")
            self._need(self.actors, target.get("actor"), what + " target actor")
            for tag in c.get("tags", []):
                self._need(self.tags, tag, what + " tag")
            for key in c.get("variables", {}):
                self._need(self.variables, key, what + " variable")
        for m in d["mentions"]:
            self._need(self.actors, m.get("actor"), f"{where} mention {m['id']} actor")
            self._need(self.coders, m.get("coder"), f"{where} mention {m['id']} coder")


def _reject_surrogates_anywhere(data: Any, where: str) -> None:
    """Refuse lone surrogates in any string of parsed JSON (they come from ``\\ud800``-style escapes)."""
    stack = [data]
    while stack:
        value = stack.pop()
        if isinstance(value, str):
            _reject_surrogates(value, where)
        elif isinstance(value, dict):
            stack.extend(value.keys())
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)


#: A JSON escape of a surrogate code unit; only text containing one can hold a lone surrogate.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


def _check_span(text: str, span: dict[str, Any], label: str) -> None:
    start, end = span["start"], span["end"]
    if not start < end <= len(text):
        raise FormatError(
            f"{label}: span [{start}, {end}) is outside the text ({len(text)} characters)"
        )
    if text[start:end] != span["quote"]:
        raise FormatError(
            f"{label}: quote {span['quote']!r} does not match the text {text[start:end]!r}"
        )


def normalise_document(d: dict[str, Any], where: str) -> dict[str, Any]:
    """Check a document's spans against its text; text with CR/CRLF is normalised and offsets re-mapped."""
    text = d["text"]
    _reject_surrogates(text, f"{where}: document {d['id']}")
    if "\x00" in text:
        raise FormatError(f"{where}: document {d['id']}: contains NUL characters, not text")
    if "\r" in text:
        # Quotes are checked against the text as given, before their offsets move.
        for kind in ("claims", "mentions"):
            for span in d[kind]:
                _check_span(text, span, f"{where}: document {d['id']} {kind[:-1]} {span['id']}")
        mapping = newline_offset_map(text)
        for span in [*d["claims"], *d["mentions"], *d.get("structure", [])]:
            if span["end"] > len(text):
                break
            span["start"], span["end"] = mapping[span["start"]], mapping[span["end"]]
        text = d["text"] = normalise_newlines(text)
        for span in [*d["claims"], *d["mentions"]]:
            if span["end"] <= len(text):
                span["quote"] = text[span["start"] : span["end"]]
    d["sha256"] = text_sha256(text)
    for kind in ("claims", "mentions"):
        for span in d[kind]:
            _check_span(text, span, f"{where}: document {d['id']} {kind[:-1]} {span['id']}")
            span["prefix"], span["suffix"] = span_context(text, span["start"], span["end"])
    for s in d.get("structure", []):
        if not s["start"] <= s["end"] <= len(text):
            raise FormatError(f"{where}: document {d['id']} structure range outside the text")
    return d


def _json_problem(exc: Exception) -> str:
    """What is wrong with a JSON text, in words (hostile files: deep nesting, endless numbers)."""
    if isinstance(exc, RecursionError):
        return "nested too deeply"
    if isinstance(exc, json.JSONDecodeError):
        return str(exc)
    if "digits" in str(exc):
        return "holds a number too long to read"
    return str(exc)


def load_corpus(path: str | os.PathLike[str]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Read, validate and check a JSON or JSON Lines export completely.

    Every document is checked before anything is written anywhere: the
    schema, the references between records, and every span against its text.

    :raises FormatError: with the file and the first problem found
    """
    path = Path(path)
    where = path.name
    try:
        with path.open("r", encoding="utf-8-sig") as fh:
            first = fh.readline()
            stripped = first.strip()
            is_lines = False
            if stripped.startswith("{") and stripped.endswith("}"):
                try:
                    candidate = json.loads(stripped)
                    is_lines = isinstance(candidate, dict) and "documents" not in candidate
                except (ValueError, RecursionError):
                    is_lines = False
            if is_lines:
                header = candidate
                _check_format(header, where)
                _validate(header, where)
                if _SURROGATE_ESCAPE.search(first):
                    _reject_surrogates_anywhere(header, where)
                docs = []
                for number, line in enumerate(fh, start=2):
                    if not line.strip():
                        continue
                    try:
                        doc = json.loads(line)
                    except (ValueError, RecursionError) as exc:
                        raise FormatError(
                            f"{where}, line {number}: not valid JSON ({_json_problem(exc)})"
                        ) from None
                    _validate(doc, f"{where}, line {number}", "document")
                    if _SURROGATE_ESCAPE.search(line):
                        _reject_surrogates_anywhere(doc, f"{where}, line {number}")
                    docs.append(doc)
            else:
                raw = first + fh.read()
                try:
                    data = json.loads(raw)
                except (ValueError, RecursionError) as exc:
                    raise FormatError(f"{where}: not valid JSON ({_json_problem(exc)})") from None
                _check_format(data, where)
                _validate(data, where)
                if _SURROGATE_ESCAPE.search(raw):
                    _reject_surrogates_anywhere(data, where)
                docs = data.pop("documents", [])
                header = data
    except UnicodeDecodeError:
        raise FormatError(f"{where}: not UTF-8 text, so not a Claimdesk export") from None
    except OSError as exc:
        raise FormatError(f"{where}: cannot be read ({exc.strerror or exc})") from None
    refs = _References(header, where)
    for doc in docs:
        refs.document(doc)
        normalise_document(doc, where)
    return header, docs


def check_corpus(
    header: dict[str, Any], docs: list[dict[str, Any]], where: str
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Check a corpus that another format's reader built, exactly as :func:`load_corpus` checks a file.

    :raises FormatError: with ``where`` and the first problem found
    """
    _validate(header, where)
    for doc in docs:
        _validate(doc, where, "document")
    refs = _References(header, where)
    for doc in docs:
        refs.document(doc)
        normalise_document(doc, where)
    return header, docs


def import_corpus(
    project: Project,
    path: str | os.PathLike[str],
    *,
    progress: Callable[[int], None] | None = None,
    cancel: Callable[[], bool] | None = None,
) -> MergeReport:
    """Bring a Claimdesk JSON or JSON Lines export into the project (one undo step).

    Into an untouched project the export comes back losslessly, with its
    project id and codebook; into a project with work it is merged
    (``claimdesk.core.matching``).

    :raises FormatError: the file is not a valid export; nothing is written
    """
    header, docs = load_corpus(path)
    return merge_corpus(
        project, header, docs, name=f"Import {Path(path).name}", progress=progress, cancel=cancel
    )


def sniff(head: bytes, suffix: str) -> float:
    text = head.decode("utf-8", "ignore").lstrip("\ufeff \t\r\n")
    if text.startswith("{") and f'"{FORMAT_NAME}"' in text[:2000]:
        return 1.0
    return 0.3 if suffix in (".json", ".jsonl", ".ndjson") else 0.0


FORMAT = register(
    Format(
        name="claimdesk-json",
        description="Claimdesk annotated-corpus JSON or JSON Lines (the whole project, lossless)",
        kind="project",
        extensions=(".json", ".jsonl", ".ndjson"),
        sniff=sniff,
        write=export_corpus,
        load=load_corpus,
    )
)
