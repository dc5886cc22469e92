"""DNA 3 import: a small .dna file built here from the tables DNA 3 creates (its Sql.java)."""

from __future__ import annotations

import calendar
import hashlib
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimdesk.cli import cli
from claimdesk.core import Project
from claimdesk.formats.dna import load_dna
from claimdesk.formats.importing import import_paths

# The tables of a DNA 3 SQLite project, with the columns the importer reads.
DNA3_TABLES = """
CREATE TABLE SETTINGS (Property TEXT PRIMARY KEY, Value TEXT NOT NULL);
CREATE TABLE CODERS (ID INTEGER PRIMARY KEY, Name TEXT NOT NULL, Red INTEGER, Green INTEGER,
  Blue INTEGER, Password TEXT NOT NULL DEFAULT '');
CREATE TABLE DOCUMENTS (ID INTEGER PRIMARY KEY, Title TEXT NOT NULL, Text TEXT NOT NULL,
  Coder INTEGER REFERENCES CODERS(ID), Author TEXT NOT NULL DEFAULT '',
  Source TEXT NOT NULL DEFAULT '', Section TEXT NOT NULL DEFAULT '', Notes TEXT NOT NULL DEFAULT '',
  Type TEXT NOT NULL DEFAULT '', Date INTEGER NOT NULL);
CREATE TABLE STATEMENTTYPES (ID INTEGER PRIMARY KEY, Label TEXT NOT NULL, Red INTEGER,
  Green INTEGER, Blue INTEGER);
CREATE TABLE VARIABLES (ID INTEGER PRIMARY KEY, Variable TEXT NOT NULL, DataType TEXT NOT NULL,
  StatementTypeId INTEGER REFERENCES STATEMENTTYPES(ID));
CREATE TABLE STATEMENTS (ID INTEGER PRIMARY KEY, StatementTypeId INTEGER, DocumentId INTEGER,
  Start INTEGER NOT NULL, Stop INTEGER NOT NULL, Coder INTEGER);
CREATE TABLE ENTITIES (ID INTEGER PRIMARY KEY, VariableId INTEGER NOT NULL,
  Value TEXT NOT NULL DEFAULT '', Red INTEGER, Green INTEGER, Blue INTEGER, ChildOf INTEGER);
CREATE TABLE DATASHORTTEXT (ID INTEGER PRIMARY KEY, StatementId INTEGER NOT NULL,
  VariableId INTEGER NOT NULL, Entity INTEGER NOT NULL);
CREATE TABLE DATALONGTEXT (ID INTEGER PRIMARY KEY, StatementId INTEGER NOT NULL,
  VariableId INTEGER NOT NULL, Value TEXT DEFAULT '');
CREATE TABLE DATABOOLEAN (ID INTEGER PRIMARY KEY, StatementId INTEGER NOT NULL,
  VariableId INTEGER NOT NULL, Value INTEGER NOT NULL DEFAULT 1);
CREATE TABLE DATAINTEGER (ID INTEGER PRIMARY KEY, StatementId INTEGER NOT NULL,
  VariableId INTEGER NOT NULL, Value INTEGER NOT NULL DEFAULT 0);
CREATE TABLE ATTRIBUTEVARIABLES (ID INTEGER PRIMARY KEY, VariableId INTEGER NOT NULL,
  AttributeVariable TEXT NOT NULL);
CREATE TABLE ATTRIBUTEVALUES (ID INTEGER PRIMARY KEY, EntityId INTEGER NOT NULL,
  AttributeVariableId INTEGER NOT NULL, AttributeValue TEXT NOT NULL DEFAULT '');
"""

TEXT = "Intro 😀 kort\r\nMinister Jansen: we reject Huawei 🇳🇱 gear.\r\nGreenpeace supports the ban."


def utf16_span(text: str, quote: str) -> tuple[int, int]:
    """Positions as Java's text components count them: UTF-16 units over LF line ends."""
    text = text.replace("\r\n", "\n")
    start = text.index(quote)
    before = len(text[:start].encode("utf-16-le")) // 2
    return before, before + len(quote.encode("utf-16-le")) // 2


def build_dna(path: Path, *, version: str = "3.0.11") -> Path:
    db = sqlite3.connect(path)
    db.executescript(DNA3_TABLES)
    x = db.execute
    x("INSERT INTO SETTINGS VALUES ('version', ?)", (version,))
    x("INSERT INTO CODERS (ID, Name, Red, Green, Blue) VALUES (1, 'Admin', 255, 255, 0)")
    x("INSERT INTO CODERS (ID, Name, Red, Green, Blue) VALUES (2, 'Eva', 0, 0, 255)")
    x("INSERT INTO STATEMENTTYPES VALUES (1, 'DNA Statement', 239, 208, 51)")
    x("INSERT INTO STATEMENTTYPES VALUES (3, 'Annotation', 211, 211, 211)")
    for row in [
        (1, "person", "short text", 1),
        (2, "organization", "short text", 1),
        (3, "concept", "short text", 1),
        (4, "agreement", "boolean", 1),
        (11, "note", "long text", 3),
    ]:
        x("INSERT INTO VARIABLES VALUES (?, ?, ?, ?)", row)
    for n, (var, name) in enumerate(
        [(v, a) for v in (1, 2, 3) for a in ("Type", "Alias", "Notes")], 1
    ):
        x("INSERT INTO ATTRIBUTEVARIABLES VALUES (?, ?, ?)", (n, var, name))
    entities = [
        (1, 1, "Jansen", 10, 20, 30, None),
        (2, 2, "Kabinet", None, None, None, None),
        (3, 2, "Greenpeace", 0, 128, 0, None),
        (4, 3, "Huawei ban", None, None, None, None),
        (5, 3, "Huawei ban in core", None, None, None, 4),
    ]
    x("INSERT INTO ENTITIES VALUES " + ",".join(["(?, ?, ?, ?, ?, ?, ?)"] * len(entities)),
      [v for e in entities for v in e])  # fmt: skip
    x(
        "INSERT INTO ATTRIBUTEVALUES (EntityId, AttributeVariableId, AttributeValue) VALUES (1, 1, 'minister')"
    )
    x(
        "INSERT INTO ATTRIBUTEVALUES (EntityId, AttributeVariableId, AttributeValue) VALUES (1, 2, 'J.; Minister J.')"
    )
    x(
        "INSERT INTO ATTRIBUTEVALUES (EntityId, AttributeVariableId, AttributeValue) VALUES (3, 6, 'An NGO')"
    )
    date = calendar.timegm((2019, 10, 3, 0, 0, 0))
    x("INSERT INTO DOCUMENTS VALUES (1, 'Kabinet en Huawei', ?, 1, 'A. Writer', 'NRC', 'Economie', "
      "'Read twice.', 'news', ?)", (TEXT, date))  # fmt: skip
    statements = [
        (1, 1, 1, *utf16_span(TEXT, "we reject Huawei 🇳🇱 gear"), 1),
        (2, 1, 1, *utf16_span(TEXT, "Greenpeace supports the ban"), 2),
        (3, 3, 1, *utf16_span(TEXT, "Minister Jansen"), 2),
        (4, 1, 1, 500, 520, 1),
    ]
    x("INSERT INTO STATEMENTS VALUES " + ",".join(["(?, ?, ?, ?, ?, ?)"] * 4),
      [v for s in statements for v in s])  # fmt: skip
    for row in [(1, 1, 1), (1, 2, 2), (1, 3, 4), (2, 2, 3), (2, 3, 5), (4, 2, 3)]:
        x("INSERT INTO DATASHORTTEXT (StatementId, VariableId, Entity) VALUES (?, ?, ?)", row)
    x("INSERT INTO DATABOOLEAN (StatementId, VariableId, Value) VALUES (1, 4, 0), (2, 4, 1)")
    x("INSERT INTO DATALONGTEXT (StatementId, VariableId, Value) VALUES (3, 11, 'check this')")
    db.commit()
    db.close()
    return path


@pytest.fixture
def dna_file(tmp_path: Path) -> Path:
    return build_dna(tmp_path / "study.dna")


def test_load_dna_documents_statements_entities(dna_file: Path) -> None:
    _header, docs, problems = load_dna(dna_file)
    (doc,) = docs
    assert doc["text"] == TEXT.replace("\r\n", "\n")
    assert doc["published"] == "2019-10-03"
    assert doc["source"] == "NRC"
    assert doc["memo"] == "Read twice."
    assert doc["metadata"]["author"] == "A. Writer"
    assert doc["metadata"]["section"] == "Economie"
    assert [c["quote"] for c in doc["claims"]] == [
        "Minister Jansen",
        "we reject Huawei 🇳🇱 gear",
        "Greenpeace supports the ban",
    ]
    assert len(problems) == 1 and "statement 4" in problems[0] and "not placed" in problems[0]


def test_import_dna_maps_statements_to_claims(dna_file: Path, empty_project: Project) -> None:
    before = hashlib.sha256(dna_file.read_bytes()).hexdigest()
    report = import_paths(empty_project, [dna_file])
    assert report.exit_code == 3  # one statement could not be placed, the rest came in
    assert hashlib.sha256(dna_file.read_bytes()).hexdigest() == before
    p = empty_project
    actors = {a.name: a for a in p.actors()}
    assert actors["Jansen"].type == "minister"
    assert actors["Jansen"].aliases == ["J.", "Minister J."]
    assert actors["Jansen"].parent == actors["Kabinet"].id
    assert actors["Jansen"].color == "#0a141e"
    assert actors["Greenpeace"].type == "organisation"
    assert actors["Greenpeace"].notes == "An NGO"
    book = p.codebook()
    issues = {i.label: i for i in book.issues}
    assert issues["Huawei ban in core"].parent == issues["Huawei ban"].id
    stances = {s.id: s.label for s in book.stances}
    coders = {c.id: c.name for c in p.coders()}
    claims = {c.quote: c for c in p.claims()}
    reject = claims["we reject Huawei 🇳🇱 gear"]
    assert reject.claimant == actors["Jansen"].id
    assert stances[reject.stance] == "oppose"
    assert reject.target_issue == issues["Huawei ban"].id
    organisation = next(v for v in book.variables if v.name == "organization")
    assert reject.variables == {organisation.uuid: "Kabinet"}
    assert coders[reject.coder] == "Admin"
    support = claims["Greenpeace supports the ban"]
    assert (support.claimant, stances[support.stance]) == (actors["Greenpeace"].id, "support")
    assert coders[support.coder] == "Eva"
    note = claims["Minister Jansen"]
    assert note.note == "check this"
    assert [t.label for t in book.tags if t.uuid in note.tags] == ["Annotation"]
    assert p.check() == []


def test_import_dna_twice_adds_nothing_new(dna_file: Path, empty_project: Project) -> None:
    import_paths(empty_project, [dna_file])
    counts = empty_project.counts()
    import_paths(empty_project, [dna_file])
    assert empty_project.counts() == counts


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (
            lambda p: p.write_bytes(b"not a database at all"),
            "not a DNA project (not an SQLite database)",
        ),
        (
            lambda p: Project.create(p).close(),
            "not a DNA 3 project (missing tables: ENTITIES, STATEMENTS",
        ),
        (
            lambda p: build_dna(p, version="2.0 beta 25"),
            "a DNA 2.0 beta 25 project; open it in DNA 3",
        ),
    ],
    ids=["text", "other-sqlite", "dna2"],
)
def test_not_a_dna3_file_is_refused(
    tmp_path: Path, empty_project: Project, make, message: str
) -> None:
    path = tmp_path / "x.dna"
    make(path)
    report = import_paths(empty_project, [path], format="dna")
    assert report.exit_code == 1
    assert message in report.failed[0].message
    assert empty_project.counts()["documents"] == 0


def test_cli_import_dna(dna_file: Path, project_path: Path) -> None:
    Project.create(project_path).close()
    result = CliRunner().invoke(cli, ["import", str(project_path), str(dna_file)])
    assert result.exit_code == 3
    assert "1 documents added, 0 matched, 3 claims and 0 mentions added" in result.output
    assert "statement 4" in result.output
