"""Hostile and broken input, generated here: each gets a clear message, never a traceback,
and leaves the project as it was.

Every case runs the ``claimdesk`` command in-process (as a user would), and
checks the exit code, the one-line message naming the file and the problem,
that no exception escaped, and that the project's records did not change
(for input that is refused) or that what came in is sound (for input that is
read after all, such as a file in an unexpected encoding). Categories:
encodings, UTF-16, binary disguised as text, empty files, NUL bytes, lone
surrogates in JSON, a 100 MB article, many tiny files, malformed exports,
zip slip and zip bombs, XML entities, damaged or foreign project files, a
read-only project, a full disk, and hostile content on its way out.

The many-files case imports 20,000 files by default; the full figure:

    CLAIMDESK_HOSTILE_FILES=100000 .venv/bin/python -m pytest tests/test_hostile.py -k tiny
"""

from __future__ import annotations

import codecs
import io
import json
import os
import re
import sqlite3
import tracemalloc
import zipfile
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

import rawdb
from claimdesk.cli import cli
from claimdesk.core import Project
from claimdesk.core.errors import NotAProject, ProjectTooNew, StorageError
from claimdesk.core.schema import SCHEMA_VERSION
from claimdesk.core.store import _base
from claimdesk.formats.corpus_json import export_corpus

TINY_FILES = int(os.environ.get("CLAIMDESK_HOSTILE_FILES", 20_000))
ARTICLE = "Het kabinet twijfelt over Huawei. Minister Grapperhaus zegt dat een besluit volgt.\n"
PASSWD_MARK = "root:"


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=True)


def assert_clean(result: Result) -> None:
    """The command ended by itself (exit code, no exception) and printed no traceback."""
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output


@pytest.fixture
def target(demo_project: Project) -> Path:
    """A project with work in it, closed: what a hostile file is imported into."""
    path = demo_project.path
    demo_project.close()
    return path


def state(path: Path) -> rawdb.Rows:
    """The records a coder sees: all but the undo log and the bookkeeping an import run does
    before its first batch (the record of the run, the current coder's name)."""
    return rawdb.dump(path, exclude=["imports", "coders"])


# ---------------------------------------------------------------------- generated input


def _zip(entries: dict[str, bytes | str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


XXE = '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
LAUGHS = (
    '<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 2 else "") + ";") * 10}">'
        for i in range(2, 10)
    )
    + "]>"
)
QDE = '<?xml version="1.0" encoding="utf-8"?>{dtd}<Project xmlns="urn:QDA-XML:project:1.0" name="{name}"/>'


def _docx(document_xml: str | None = None) -> bytes:
    import docx

    buffer = io.BytesIO()
    made = docx.Document()
    made.add_paragraph(ARTICLE)
    made.save(buffer)
    if document_xml is None:
        return buffer.getvalue()
    with zipfile.ZipFile(buffer) as source:
        entries = {n: source.read(n) for n in source.namelist()}
    entries["word/document.xml"] = document_xml
    return _zip(entries)


def _docx_with_entity(dtd: str, reference: str) -> bytes:
    return _docx(
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{dtd}'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f"<w:body><w:p><w:r><w:t>{reference} {ARTICLE.strip()}</w:t></w:r></w:p></w:body>"
        "</w:document>"
    )


def _bomb(name: str, *, extra: dict[str, str] | None = None) -> bytes:
    """A zip whose one member unpacks to 300 MB from about 300 KB."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for member, data in (extra or {}).items():
            archive.writestr(member, data)
        with archive.open(name, "w", force_zip64=True) as out:
            chunk = b"a" * (1024 * 1024)
            for _ in range(300):
                out.write(chunk)
    return buffer.getvalue()


def _export(tmp: Path, change: Callable[[dict[str, Any]], None] | None = None) -> bytes:
    """A valid Claimdesk export of a small project, changed by ``change``."""
    path = tmp / "source.claimdesk"
    with Project.create(path, coder="anna") as project:
        project.import_documents(
            [
                __import__("claimdesk.core", fromlist=["Document"]).Document(
                    text=ARTICLE, file="a.txt"
                )
            ]
        )
        actor = project.add_actor("Grapperhaus").id
        project.add_claim(document=1, start=34, end=56, claimant=actor, note="een notitie")
        export_corpus(project, tmp / "export.json")
    data = json.loads((tmp / "export.json").read_text(encoding="utf-8"))
    if change is not None:
        change(data)
    return json.dumps(data, ensure_ascii=False).encode("utf-8")


def _with_surrogate(field: str) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        if field == "text":
            data["documents"][0]["text"] += "LONE"
        else:
            data["documents"][0]["claims"][0]["note"] = "LONE"

    return change


@dataclass(frozen=True)
class Case:
    id: str
    category: str
    file: str
    make: Callable[[Path], bytes]
    exit: int
    message: str
    args: tuple[str, ...] = ()


def text(data: bytes) -> Callable[[Path], bytes]:
    return lambda _tmp: data


CASES = [
    # --- wrong and mixed encodings
    Case(
        "cp1252",
        "encoding",
        "a.txt",
        text("Café naïve Zürich — “quotes”".encode("cp1252")),
        0,
        r"1 imported.*decoded as: 1 cp1252",
    ),
    Case(
        "mixed-utf8-cp1252",
        "encoding",
        "a.txt",
        text("Café ".encode() + "naïve, Zürich".encode("cp1252")),
        0,
        r"1 imported.*decoded as: 1 utf-8\+cp1252",
    ),
    Case(
        "shift-jis",
        "encoding",
        "a.txt",
        text("日本語のニュース記事です。政府は本日発表した。".encode("shift_jis")),
        0,
        r"1 imported",
    ),
    Case(
        "bad-utf8-after-bom",
        "encoding",
        "a.txt",
        text(codecs.BOM_UTF8 + b"Hallo \xff\xfe wereld"),
        1,
        r"failed: a\.txt: starts with a utf-8-sig byte-order mark but is not valid",
    ),
    Case(
        "forced-wrong-encoding",
        "encoding",
        "a.txt",
        text("Café".encode("cp1252")),
        1,
        r"failed: a\.txt: not valid utf-8 at byte 3",
        ("--encoding", "utf-8"),
    ),
    Case(
        "unknown-encoding",
        "encoding",
        "a.txt",
        text(b"Hallo"),
        1,
        r"failed: a\.txt: unknown encoding 'klingon'",
        ("--encoding", "klingon"),
    ),
    # --- UTF-16 with and without a byte-order mark
    Case(
        "utf16le-bom",
        "utf-16",
        "a.txt",
        text(codecs.BOM_UTF16_LE + "Hallo wereld 📶".encode("utf-16-le")),
        0,
        r"1 imported.*utf-16-le",
    ),
    Case(
        "utf16be-bom",
        "utf-16",
        "a.txt",
        text(codecs.BOM_UTF16_BE + "Hallo wereld 📶".encode("utf-16-be")),
        0,
        r"1 imported.*utf-16-be",
    ),
    Case(
        "utf16le-no-bom",
        "utf-16",
        "a.txt",
        text("Hallo wereld, dit is een artikel.".encode("utf-16-le")),
        0,
        r"1 imported.*utf-16-le",
    ),
    Case(
        "utf16be-no-bom-greek",
        "utf-16",
        "a.txt",
        text("Γειά σου κόσμε, ειδήσεις της ημέρας 12".encode("utf-16-be")),
        0,
        r"1 imported.*utf-16-be",
    ),
    Case(
        "utf16-bom-odd-length",
        "utf-16",
        "a.txt",
        text(codecs.BOM_UTF16_LE + "Hallo".encode("utf-16-le") + b"\x41"),
        1,
        r"failed: a\.txt: starts with a utf-16-le byte-order mark but is not valid",
    ),
    # --- binary disguised as text
    Case(
        "png-as-txt",
        "binary",
        "a.txt",
        text(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4),
        1,
        r"failed: a\.txt: binary file \(contains NUL bytes\), not text",
    ),
    Case(
        "random-as-txt",
        "binary",
        "a.txt",
        text(bytes((i * 7919 + 13) % 256 for i in range(8192))),
        1,
        r"failed: a\.txt: binary file",
    ),
    Case(
        "elf-as-md",
        "binary",
        "a.md",
        text(b"\x7fELF\x02\x01\x01" + b"\x00" * 200),
        1,
        r"failed: a\.md: binary file",
    ),
    Case("docx-as-txt", "binary", "a.txt", lambda _t: _docx(), 1, r"failed: a\.txt: binary file"),
    Case(
        "pdf-garbage",
        "binary",
        "a.pdf",
        text(b"%PDF-1.4\n" + bytes(range(256)) * 8),
        1,
        r"failed: a\.pdf: is damaged or not a PDF",
    ),
    Case(
        "xlsx-not-zip",
        "binary",
        "a.xlsx",
        text(b"PK\x03\x04 not really a zip"),
        1,
        r"failed: a\.xlsx: is damaged or not a",
    ),
    # --- empty
    Case("empty", "empty", "a.txt", text(b""), 1, r"failed: a\.txt: empty file"),
    Case("whitespace", "empty", "a.txt", text(b" \n\n\t \r\n"), 1, r"failed: a\.txt: no text"),
    Case("bom-only", "empty", "a.txt", text(codecs.BOM_UTF8), 1, r"failed: a\.txt: no text"),
    Case("empty-csv", "empty", "a.csv", text(b""), 1, r"failed: a\.csv"),
    Case("empty-json", "empty", "a.json", text(b""), 1, r"failed: a\.json: not valid JSON"),
    # --- NUL bytes
    Case(
        "nul-in-text",
        "nul",
        "a.txt",
        text(b"Hallo\x00wereld, dit is tekst"),
        1,
        r"failed: a\.txt: binary file \(contains NUL bytes\)",
    ),
    Case(
        "nul-in-csv",
        "nul",
        "a.csv",
        text(b"text,date\nHallo\x00wereld,2019\n"),
        1,
        r"failed: a\.csv: binary file",
    ),
    Case(
        "nul-escaped-in-json",
        "nul",
        "a.json",
        lambda t: _export(t, lambda d: d["documents"][0].update(text=ARTICLE + "\x00")),
        1,
        r"failed: a\.json: document [0-9a-f-]+: contains NUL characters, not text",
    ),
    # --- lone surrogates in JSON
    Case(
        "surrogate-in-text",
        "surrogate",
        "a.json",
        lambda t: _export(t, _with_surrogate("text")).replace(b"LONE", b"\\ud800"),
        1,
        r"failed: a\.json: .*lone surrogate",
    ),
    Case(
        "surrogate-in-note",
        "surrogate",
        "a.json",
        lambda t: _export(t, _with_surrogate("note")).replace(b"LONE", b"\\udfff"),
        1,
        r"failed: a\.json: .*lone surrogate",
    ),
    # --- malformed, truncated, wrong-version exports
    Case(
        "not-json",
        "json",
        "a.json",
        text(b"{ this is not json"),
        1,
        r"failed: a\.json: not valid JSON",
    ),
    Case(
        "truncated-export",
        "json",
        "a.json",
        lambda t: (lambda data: data[: len(data) // 2])(_export(t)),
        1,
        r"failed: a\.json: not valid JSON",
    ),
    Case(
        "newer-version",
        "json",
        "a.json",
        lambda t: _export(t, lambda d: d.update(version=99)),
        1,
        r"failed: a\.json: made by a newer Claimdesk \(format version 99",
    ),
    Case(
        "other-format",
        "json",
        "a.json",
        text(b'{"format": "something-else", "version": 1}'),
        1,
        r"failed: a\.json",
    ),
    Case(
        "json-list",
        "json",
        "a.json",
        text(b"[1, 2, 3]"),
        1,
        r"failed: a\.json: not a Claimdesk corpus export",
    ),
    Case(
        "deep-nesting",
        "json",
        "a.json",
        text(b'{"format": "claimdesk-corpus", "x": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"),
        1,
        r"failed: a\.json: not valid JSON \(nested too deeply\)",
    ),
    Case(
        "endless-number",
        "json",
        "a.json",
        text(b'{"format": "claimdesk-corpus", "version": ' + b"9" * 100_000 + b"}"),
        1,
        r"failed: a\.json: not valid JSON \(holds a number too long",
    ),
    Case(
        "span-reversed",
        "json",
        "a.json",
        lambda t: _export(t, lambda d: d["documents"][0]["claims"][0].update(start=50, end=10)),
        1,
        r"failed: a\.json",
    ),
    Case(
        "quote-mismatch",
        "json",
        "a.json",
        lambda t: _export(t, lambda d: d["documents"][0]["claims"][0].update(quote="iets anders")),
        1,
        r"failed: a\.json: .*quote 'iets anders' does not match",
    ),
    Case(
        "unknown-actor",
        "json",
        "a.json",
        lambda t: _export(
            t,
            lambda d: d["documents"][0]["claims"][0].update(
                claimant="00000000-0000-4000-8000-000000000000"
            ),
        ),
        1,
        r"failed: a\.json: .*which is not in the file",
    ),
    Case(
        "jsonl-broken-line",
        "json",
        "a.jsonl",
        text(b'{"format": "claimdesk-corpus", "version": 1}\n{broken\n'),
        1,
        r"failed: a\.jsonl",
    ),
    # --- zip slip and zip bombs in archives
    Case(
        "docx-zip-slip",
        "archive",
        "a.docx",
        text(_zip({"../../evil.txt": "x", "word/document.xml": "<w/>"})),
        1,
        r"failed: a\.docx: refused: the archive holds a file named '\.\./\.\./evil\.txt'",
    ),
    Case(
        "docx-zip-bomb",
        "archive",
        "a.docx",
        lambda _t: _bomb("word/document.xml", extra={"[Content_Types].xml": "<Types/>"}),
        1,
        r"failed: a\.docx: refused: .*a zip bomb",
    ),
    Case(
        "qdpx-zip-slip",
        "archive",
        "a.qdpx",
        text(_zip({"project.qde": QDE.format(dtd="", name="x"), "../../../escaped.txt": "x"})),
        1,
        r"failed: a\.qdpx: refused: the archive holds a file named '\.\./\.\./\.\./escaped\.txt'",
    ),
    Case(
        "qdpx-absolute-path",
        "archive",
        "a.qdpx",
        text(_zip({"project.qde": QDE.format(dtd="", name="x"), "/escaped.txt": "x"})),
        1,
        r"failed: a\.qdpx: refused: the archive holds a file named '/escaped\.txt'",
    ),
    Case(
        "qdpx-zip-bomb",
        "archive",
        "a.qdpx",
        lambda _t: _bomb("project.qde"),
        1,
        r"failed: a\.qdpx: refused: .*a zip bomb",
    ),
    Case(
        "xlsx-zip-bomb",
        "archive",
        "a.xlsx",
        lambda _t: _bomb("xl/workbook.xml", extra={"[Content_Types].xml": "<Types/>"}),
        1,
        r"failed: a\.xlsx: refused: .*a zip bomb",
    ),
    # --- XML external entities and billion laughs
    Case(
        "qdpx-xxe",
        "xml",
        "a.qdpx",
        text(_zip({"project.qde": QDE.format(dtd=XXE, name="&e;")})),
        1,
        r"failed: a\.qdpx: project\.qde: refused: the XML declares a DTD",
    ),
    Case(
        "qdpx-billion-laughs",
        "xml",
        "a.qdpx",
        text(_zip({"project.qde": QDE.format(dtd=LAUGHS, name="&lol9;")})),
        1,
        r"failed: a\.qdpx: project\.qde: refused: the XML declares a DTD",
    ),
    Case(
        "docx-xxe", "xml", "a.docx", lambda _t: _docx_with_entity(XXE, "&e;"), 1, r"failed: a\.docx"
    ),
    Case(
        "docx-billion-laughs",
        "xml",
        "a.docx",
        lambda _t: _docx_with_entity(LAUGHS, "&lol9;"),
        1,
        r"failed: a\.docx",
    ),
    Case(
        "odt-xxe",
        "xml",
        "a.odt",
        text(
            _zip(
                {
                    "mimetype": "application/vnd.oasis.opendocument.text",
                    "content.xml": f'<?xml version="1.0"?>{XXE}<r>&e;</r>',
                }
            )
        ),
        1,
        r"failed: a\.odt: .*refused: the XML declares a DTD",
    ),
    Case(
        "html-xxe",
        "xml",
        "a.html",
        text(
            f'<?xml version="1.0"?>{XXE}<html><body><p>&e;</p><p>{ARTICLE}</p></body></html>'.encode()
        ),
        0,
        r"1 imported",
    ),
    Case(
        "html-billion-laughs",
        "xml",
        "a.html",
        text(
            f"<?xml version='1.0'?>{LAUGHS}<html><body><p>&lol9;</p><p>{ARTICLE}</p></body></html>".encode()
        ),
        0,
        r"1 imported",
    ),
]


def test_the_corpus_covers_every_category() -> None:
    assert len(CASES) >= 40
    assert {c.category for c in CASES} == {
        "encoding",
        "utf-16",
        "binary",
        "empty",
        "nul",
        "surrogate",
        "json",
        "archive",
        "xml",
    }


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_import_hostile_file(case: Case, target: Path, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    file = folder / case.file
    file.write_bytes(case.make(tmp_path))
    before = state(target)
    result = run("import", str(target), str(file), *case.args)
    assert_clean(result)
    assert result.exit_code == case.exit, result.output
    assert re.search(case.message, result.output), result.output
    if case.exit == 1:
        assert result.stderr.splitlines()[-1].startswith("Error: nothing imported")
        assert state(target) == before
    with Project.open(target, readonly=True) as project:
        assert project.check() == []
        texts = [d.text for d in project.iter_documents()]
    assert not any(PASSWD_MARK in t or "lollol" in t for t in texts)
    assert not (tmp_path / "escaped.txt").exists() and not (tmp_path.parent / "evil.txt").exists()


def test_mixed_encodings_are_decoded_line_by_line_not_as_mojibake(
    target: Path, tmp_path: Path
) -> None:
    file = tmp_path / "mixed.txt"
    file.write_bytes("Het café ".encode() + "van Zürich".encode("cp1252") + " — ja".encode())
    assert run("import", str(target), str(file)).exit_code == 0
    with Project.open(target, readonly=True) as project:
        [doc] = [d for d in project.iter_documents() if d.file == "mixed.txt"]
    assert (doc.text, doc.encoding) == ("Het café van Zürich — ja", "utf-8+cp1252")


# ---------------------------------------------------------------------- a 100 MB article, many files


def test_a_100_mb_article_is_refused_without_reading_it(target: Path, tmp_path: Path) -> None:
    big = tmp_path / "huge.txt"
    line = ("Het kabinet twijfelt over Huawei en 5G. " * 25 + "\n").encode()
    with big.open("wb") as out:
        for _ in range(100 * 1024 * 1024 // len(line) + 1):
            out.write(line)
    assert big.stat().st_size >= 100 * 1024 * 1024
    before = state(target)
    tracemalloc.start()
    try:
        result = run("import", str(target), str(big))
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert_clean(result)
    assert result.exit_code == 1
    assert re.search(
        r"failed: huge\.txt: too large \([\d,]+ bytes; the limit is 10,000,000 characters\)",
        result.stderr,
    )
    assert peak < 20 * 1024 * 1024  # the file was never read into memory
    assert state(target) == before


def test_an_article_over_the_project_limit_is_refused_by_its_characters(
    target: Path, tmp_path: Path
) -> None:
    with Project.open(target) as project:
        project.set_setting("max_article_chars", 1000)
    file = tmp_path / "long.txt"
    file.write_text("woord " * 300, encoding="utf-8")
    result = run("import", str(target), str(file))
    assert result.exit_code == 1
    assert "failed: long.txt: too large (1,800 characters; the limit is 1,000)" in result.stderr


def test_tiny_files_by_the_thousand(empty_project: Project, tmp_path: Path) -> None:
    folder = tmp_path / "tiny"
    for i in range(TINY_FILES):
        sub = folder / f"{i // 1000:03d}"
        if i % 1000 == 0:
            sub.mkdir(parents=True)
        (sub / f"{i:06d}.txt").write_text(f"Bericht {i}: kort.", encoding="utf-8")
    path = empty_project.path
    empty_project.close()
    result = run("import", str(path), str(folder), "--quiet")
    assert_clean(result)
    assert result.stdout == f"{TINY_FILES} imported, 0 duplicates, 0 failed\n"
    with Project.open(path, readonly=True) as project:
        assert project.document_count() == TINY_FILES
        assert project.document_id(f"{TINY_FILES // 2 // 1000:03d}/{TINY_FILES // 2:06d}.txt")


# ---------------------------------------------------------------------- hostile project files


def _truncated(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 3])


def _not_sqlite(path: Path) -> None:
    path.write_text("Dit is geen project maar een brief. " * 40, encoding="utf-8")


def _other_app(path: Path) -> None:
    path.unlink()
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("CREATE TABLE notes (body TEXT)")
        conn.commit()


def _newer(path: Path) -> None:
    rawdb.execute(path, f"PRAGMA user_version = {SCHEMA_VERSION + 7}")


def _damaged_pages(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[8192 : 8192 + 40_000] = b"\xff" * 40_000
    path.write_bytes(bytes(data))


PROJECT_CASES = [
    (
        "truncated",
        _truncated,
        NotAProject,
        r"cannot be read as a project \(database disk image is malformed\); if it is a project, restore it from a backup",
    ),
    ("not-sqlite", _not_sqlite, NotAProject, r"not a Claimdesk project \(not an SQLite database\)"),
    (
        "other-application",
        _other_app,
        NotAProject,
        r"an SQLite database, but not a Claimdesk project",
    ),
    (
        "newer-version",
        _newer,
        ProjectTooNew,
        rf"made by a newer Claimdesk \(file version {SCHEMA_VERSION + 7}",
    ),
    ("damaged-pages", _damaged_pages, (StorageError, NotAProject), r"damaged|malformed"),
]


@pytest.mark.parametrize(
    ("damage", "error", "message"),
    [c[1:] for c in PROJECT_CASES],
    ids=[c[0] for c in PROJECT_CASES],
)
@pytest.mark.parametrize("stage", ["open", "import", "export"])
def test_hostile_project_file(
    target: Path,
    tmp_path: Path,
    damage: Callable[[Path], None],
    error: Any,
    message: str,
    stage: str,
) -> None:
    damage(target)
    before = target.read_bytes()
    if stage == "open":
        try:
            project = Project.open(target)
        except error as exc:
            assert re.search(message, str(exc)), exc
        else:  # damage beyond the first pages: the project opens, and its check names it
            with project:
                problems = project.check()
            assert problems and re.search(message, problems[0]), problems
    else:
        article = tmp_path / "a.txt"
        article.write_text(ARTICLE, encoding="utf-8")
        args = (
            ["import", str(target), str(article)]
            if stage == "import"
            else ["export", str(target), "--format", "json", "-o", str(tmp_path / "out.json")]
        )
        result = run(*args)
        assert_clean(result)
        assert result.exit_code == 1
        last = result.stderr.strip().splitlines()[-1]
        assert last.startswith("Error: ") and re.search(message, last), result.stderr
        assert not (tmp_path / "out.json").exists()
    assert target.read_bytes() == before
    assert not (target.parent / "demo.claimdesk.lock").exists()


def test_read_only_project_refuses_import_and_still_exports(
    target: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_access = os.access

    def no_writing(path: Any, mode: int, **kwargs: Any) -> bool:
        if mode == os.W_OK and Path(path) in (target, target.parent):
            return False
        return real_access(path, mode, **kwargs)

    monkeypatch.setattr(_base.os, "access", no_writing)
    before = state(target)
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    imported = run("import", str(target), str(article))
    assert_clean(imported)
    assert imported.exit_code == 1
    assert imported.stderr.endswith("the project is open read-only\n")
    exported = run("export", str(target), "--format", "json", "-o", str(tmp_path / "out.json"))
    assert exported.exit_code == 0 and (tmp_path / "out.json").exists()
    assert state(target) == before


# ---------------------------------------------------------------------- a full disk


@pytest.fixture
def full_disk(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every project opened for writing can grow by two pages at most (as on a full disk)."""
    configure = _base._configure

    def tight(conn: sqlite3.Connection) -> None:
        configure(conn)
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count = {pages + 2}")

    monkeypatch.setattr(_base, "_configure", tight)


def test_full_disk_during_an_import(target: Path, tmp_path: Path, full_disk: None) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(60):
        (folder / f"{i}.txt").write_text(f"Artikel {i}. " + "Lange tekst over Huawei. " * 200)
    before = state(target)
    result = run("import", str(target), str(folder))
    assert_clean(result)
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: demo.claimdesk: the disk is full, so nothing was written (the project is as it "
        "was before); free some space and try again\n"
    )
    assert state(target) == before
    with Project.open(target, readonly=True) as project:
        assert project.check() == []


def test_full_disk_during_edits(target: Path, full_disk: None) -> None:
    before = state(target)
    with Project.open(target) as project:
        doc = project.document_ids()[0]
        with pytest.raises(StorageError, match="the disk is full"):
            project.edit_document_text(doc, "Nieuwe tekst. " * 3000)
        with pytest.raises(StorageError, match="the disk is full"), project.write("Many Actors"):
            for i in range(500):
                project.add_actor(f"Actor {i} " + "x" * 200)
        assert project.check() == []
    assert state(target) == before


# ---------------------------------------------------------------------- hostile content on its way out


def test_full_disk_during_an_export_leaves_the_earlier_file(
    target: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "corpus.json"
    out.write_text("an earlier export", encoding="utf-8")

    def full(*args: Any, **kwargs: Any) -> Any:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("claimdesk.formats.corpus_json.write_corpus", full)
    result = run("export", str(target), "--format", "json", "-o", str(out))
    assert_clean(result)
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ") and "the disk is full" in result.stderr
    assert out.read_text(encoding="utf-8") == "an earlier export"
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "corpus.json",
        "demo.claimdesk",
    ] or not list(tmp_path.glob(".*part"))


@pytest.mark.parametrize(
    ("destination", "message"),
    [
        ("missing/out.json", r"no such folder|No such file or directory"),
        ("a-folder", r"Is a directory|is a folder"),
    ],
)
def test_export_to_an_impossible_place(
    target: Path, tmp_path: Path, destination: str, message: str
) -> None:
    (tmp_path / "a-folder").mkdir()
    for fmt in ("json", "csv", "html"):
        result = run("export", str(target), "--format", fmt, "-o", str(tmp_path / destination))
        assert_clean(result)
        assert result.exit_code == 1, result.output
        assert result.stderr.count("\n") == 1 and re.search(message, result.stderr), result.stderr
    assert not list(tmp_path.rglob("*.part"))


HOSTILE_TEXT = (
    '</script><script>alert(1)</script><img src="http://example.invalid/x.png" onerror="alert(2)">'
    '\x1b]0;pwned\x07 \u202eevil =HYPERLINK("http://example.invalid")'
)


def test_hostile_content_is_inert_in_every_export(project_path: Path, tmp_path: Path) -> None:
    from claimdesk.core import Document

    with Project.create(project_path, name=HOSTILE_TEXT) as project:
        project.import_documents(
            [Document(text=HOSTILE_TEXT + "\n\nTekst.", title=HOSTILE_TEXT, file="x.txt")]
        )
        actor = project.add_actor(HOSTILE_TEXT).id
        project.add_claim(document=1, start=0, end=9, claimant=actor, note=HOSTILE_TEXT)
    for fmt, name in (
        ("html", "r.html"),
        ("csv", "c.csv"),
        ("json", "c.json"),
        ("webanno", "w.jsonld"),
    ):
        result = run("export", str(project_path), "--format", fmt, "-o", str(tmp_path / name))
        assert result.exit_code == 0, result.output
    report = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "<script>alert" not in report and '<img src="http' not in report
    assert "&lt;/script&gt;&lt;script&gt;alert(1)" in report
    csv_text = (tmp_path / "c.csv").read_text(encoding="utf-8")
    assert '"=HYPERLINK' not in csv_text and ",=HYPERLINK" not in csv_text
    listed = run("list", str(project_path))
    assert (
        "\x1b" not in listed.stdout
        and "\u202e" not in listed.stdout
        and "\x07" not in listed.stdout
    )
