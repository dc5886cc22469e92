"""Project.create, Project.open and Project.close: the project file itself."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import closing
from pathlib import Path

import pytest

import rawdb
from claimdesk.core import (
    NotAProject,
    Project,
    ProjectError,
    ProjectTooNew,
    ReadOnlyProject,
)
from claimdesk.core.model import Document
from claimdesk.core.schema import APPLICATION_ID, SCHEMA_VERSION


@pytest.fixture
def demo_project(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Project]:
    """conftest's demo project, as a copy of one built once per run (much quicker)."""
    with Project.open(rawdb.demo_copy(tmp_path, tmp_path_factory), coder="demo") as project:
        yield project


def test_create_marks_the_file(project_path: Path) -> None:
    Project.create(project_path).close()
    assert rawdb.pragma(project_path, "application_id") == APPLICATION_ID
    assert rawdb.pragma(project_path, "user_version") == SCHEMA_VERSION
    header = project_path.read_bytes()[:100]
    assert header.startswith(b"SQLite format 3\x00")
    assert header[68:72] == b"CLMD"


def test_create_defaults(project_path: Path) -> None:
    with Project.create(project_path) as project:
        info = project.info()
        assert info["name"] == "study"
        assert info["memo"] == ""
        assert info["created"] == info["modified"]
        assert [s.label for s in project.codebook().stances] == [
            "support",
            "oppose",
            "neutral",
            "ambivalent",
        ]
        assert project.counts() == {
            "documents": 0,
            "claims": 0,
            "mentions": 0,
            "actors": 0,
            "coders": 0,
        }
        assert project.coder == "tester"  # from the settings of conftest's isolated_settings
        assert project.schema_version == SCHEMA_VERSION
        assert project.undo_status() == (None, None)


def test_create_with_name_uuid_and_coder(project_path: Path) -> None:
    uuid = "0a4e5b0c-2f6e-4a37-9b1e-7d1d4e7f3c11"
    with Project.create(project_path, name="5G", uuid=uuid, coder="anna") as project:
        assert (project.info()["name"], project.info()["uuid"], project.coder) == (
            "5G",
            uuid,
            "anna",
        )


def test_create_refuses_an_existing_file(project_path: Path) -> None:
    project_path.write_bytes(b"precious")
    with pytest.raises(ProjectError, match="already exists"):
        Project.create(project_path)
    assert project_path.read_bytes() == b"precious"


def test_create_in_a_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(ProjectError, match="no such folder"):
        Project.create(tmp_path / "nowhere" / "study.claimdesk")


def _other_apps_database(path: Path) -> None:
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
        conn.execute("INSERT INTO notes (body) VALUES ('not ours')")
        conn.commit()


def _truncated_project(path: Path) -> None:
    Project.create(path).close()
    path.write_bytes(path.read_bytes()[:5000])


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (
            lambda p: p.write_text("just some text, long enough to fill a header " * 5),
            "not an SQLite database",
        ),
        (lambda p: p.write_bytes(b""), "an empty file"),
        (lambda p: p.write_bytes(b"SQLite format 3\x00"), "not an SQLite database"),
        (_other_apps_database, "not a Claimdesk project"),
        (_truncated_project, "cannot be read as a project"),
    ],
    ids=["text", "empty", "short-header", "other-app", "truncated"],
)
def test_open_refuses_what_is_not_a_project(
    project_path: Path, make: Callable[[Path], object], message: str
) -> None:
    make(project_path)
    before = project_path.read_bytes()
    with pytest.raises(NotAProject, match=message):
        Project.open(project_path)
    assert project_path.read_bytes() == before
    assert sorted(p.name for p in project_path.parent.iterdir()) == [project_path.name]


def test_open_refuses_a_folder(tmp_path: Path) -> None:
    folder = tmp_path / "folder.claimdesk"
    folder.mkdir()
    with pytest.raises(NotAProject, match="a folder, not a project file"):
        Project.open(folder)


def test_open_missing_file(project_path: Path) -> None:
    with pytest.raises(ProjectError, match="no such file") as raised:
        Project.open(project_path)
    assert not isinstance(raised.value, NotAProject)
    assert not project_path.exists()


def test_open_refuses_a_newer_schema_untouched(project_path: Path) -> None:
    Project.create(project_path).close()
    rawdb.execute(project_path, f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    before = project_path.read_bytes()
    with pytest.raises(ProjectTooNew, match=f"file version {SCHEMA_VERSION + 1}"):
        Project.open(project_path)
    assert project_path.read_bytes() == before


def _write_everything(project: Project) -> list[tuple[str, Callable[[], object]]]:
    doc = project.document_ids()[0]
    claim = project.claims()[0].id
    return [
        ("add_claim", lambda: project.add_claim(document=doc, start=0, end=2)),
        ("update_claim", lambda: project.update_claim(claim, note="x")),
        ("delete_claims", lambda: project.delete_claims([claim])),
        ("add_mention", lambda: project.add_mention(document=doc, start=0, end=2, actor=None)),
        ("add_actor", lambda: project.add_actor("Nieuw")),
        ("add_issue", lambda: project.add_issue("Nieuw")),
        ("add_actor_type", lambda: project.add_actor_type("nieuw")),
        ("set_status", lambda: project.set_status(doc, "done")),
        ("update_document", lambda: project.update_document(doc, title="x")),
        ("import_documents", lambda: project.import_documents([Document(text="nieuw")])),
        ("set_setting", lambda: project.set_setting("a", 1)),
        ("undo", lambda: project.undo()),
        ("redo", lambda: project.redo()),
        ("clear_history", lambda: project.clear_history()),
        ("empty_trash", lambda: project.empty_trash()),
    ]


def test_open_readonly_refuses_every_write(demo_project: Project) -> None:
    path = demo_project.path
    demo_project.add_actor("Something to undo")
    demo_project.close()
    before = path.read_bytes()
    with Project.open(path, readonly=True) as project:
        assert project.readonly
        assert project.counts()["documents"] == 14
        assert project.search("Huawei")
        assert project.check() == []
        for name, write in _write_everything(project):
            with pytest.raises(ReadOnlyProject, match="open read-only"):
                write()
                pytest.fail(f"{name} wrote to a read-only project")
    assert path.read_bytes() == before


def test_open_a_file_without_write_permission_is_readonly(demo_project: Project) -> None:
    path = demo_project.path
    demo_project.close()
    path.chmod(0o444)
    try:
        if os.access(path, os.W_OK):
            pytest.skip("file modes do not bind this user (root): see the readonly=True test")
        before = path.read_bytes()
        with Project.open(path) as project:
            assert project.readonly
            with pytest.raises(ReadOnlyProject):
                project.add_actor("x")
        assert path.read_bytes() == before
    finally:
        path.chmod(0o644)


def test_open_configures_wal_and_full_sync(demo_project: Project) -> None:
    path = demo_project.path
    demo_project.close()
    for project in (Project.open(path), Project.create(path.with_name("new.claimdesk"))):
        with project:
            assert project.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
            assert project.db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
            assert project.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_close_truncates_and_removes_the_wal(seeded_project: Project) -> None:
    path = seeded_project.path
    wal = path.with_name(path.name + "-wal")
    seeded_project.add_actor("Huawei")
    assert wal.exists() and wal.stat().st_size > 0
    seeded_project.close()
    assert not wal.exists() or wal.stat().st_size == 0
    assert not path.with_name(path.name + "-shm").exists()
    seeded_project.close()  # closing twice is harmless
    with Project.open(path) as project:
        assert project.find_actor("huawei") is not None


def test_open_sees_what_was_written(project_path: Path) -> None:
    with Project.create(project_path) as project:
        project.add_actor("Donald Trump", aliases=["Trump"])
        project.set_setting("fallback_encoding", "latin-1")
    with Project.open(project_path, coder="anna") as project:
        assert [a.name for a in project.actors()] == ["Donald Trump"]
        assert project.setting("fallback_encoding") == "latin-1"
        assert project.setting("missing", "default") == "default"
        assert project.coder == "anna"


def test_backup_is_a_project(demo_project: Project, tmp_path: Path) -> None:
    copy = demo_project.backup(tmp_path / "copy.claimdesk")
    with Project.open(copy) as project:
        assert project.counts() == demo_project.counts()
        assert project.info() == demo_project.info()
