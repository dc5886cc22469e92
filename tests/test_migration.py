"""Opening a project made by an older Claimdesk: backup, migration, data kept."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

import rawdb
from claimdesk.core import Project, ProjectError
from claimdesk.core.model import new_uuid, text_sha256
from claimdesk.core.schema import APPLICATION_ID, SCHEMA_VERSION, migrate

TEXT = "De VS wil dat bondgenoten Huawei weren. Noorwegen twijfelt nog."
QUOTE = "bondgenoten Huawei weren"
NOW = "2019-10-01T12:00:00.000Z"


def make_version_1(path: Path) -> None:
    """A project file as Claimdesk with schema version 1 wrote it: no claims_fts yet."""
    with closing(sqlite3.connect(path, isolation_level=None)) as conn:
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.execute("BEGIN")
        migrate(conn, current=0, target=1)
        conn.execute(
            "INSERT INTO project (id, uuid, name, memo, created, modified) VALUES (1, ?, 'oud', '', ?, ?)",
            (new_uuid(), NOW, NOW),
        )
        conn.execute(
            "INSERT INTO coders (uuid, name, created) VALUES (?, 'anna', ?)", (new_uuid(), NOW)
        )
        conn.execute(
            "INSERT INTO documents (uuid, title, text, sha256, file, created, modified) "
            "VALUES (?, 'Oud artikel', ?, ?, 'oud.txt', ?, ?)",
            (new_uuid(), TEXT, text_sha256(TEXT), NOW, NOW),
        )
        start = TEXT.index(QUOTE)
        conn.execute(
            'INSERT INTO claims (uuid, document_id, start, "end", quote, prefix, suffix, note, '
            "coder_id, created, modified) VALUES (?, 1, ?, ?, ?, ?, ?, 'een oude notitie', 1, ?, ?)",
            (
                new_uuid(),
                start,
                start + len(QUOTE),
                QUOTE,
                TEXT[max(0, start - 32) : start],
                TEXT[start + len(QUOTE) : start + len(QUOTE) + 32],
                NOW,
                NOW,
            ),
        )
        conn.execute("COMMIT")


@pytest.fixture
def old_project(tmp_path: Path) -> Path:
    path = tmp_path / "oud.claimdesk"
    make_version_1(path)
    assert rawdb.pragma(path, "user_version") == 1
    return path


def has_claims_index(path: Path) -> bool:
    with closing(sqlite3.connect(path)) as conn:
        return bool(
            conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'claims_fts'").fetchone()
        )


def test_open_migrates_a_version_1_file(old_project: Path) -> None:
    assert not has_claims_index(old_project)
    with Project.open(old_project) as project:
        assert project.schema_version == SCHEMA_VERSION
        assert project.counts()["documents"] == 1
        [claim] = project.claims()
        assert (claim.quote, claim.note) == (QUOTE, "een oude notitie")
        assert project.info()["name"] == "oud"
        assert project.check() == []
    assert rawdb.pragma(old_project, "user_version") == SCHEMA_VERSION
    assert has_claims_index(old_project)


def test_open_backs_up_before_migrating(old_project: Path) -> None:
    before = rawdb.dump(old_project)
    Project.open(old_project).close()
    [backup] = (old_project.parent / "backups").iterdir()
    assert backup.name.startswith("oud-v1-") and backup.suffix == ".claimdesk"
    assert rawdb.pragma(backup, "user_version") == 1
    assert rawdb.dump(backup) == before
    assert not has_claims_index(backup)


def test_search_finds_claims_of_a_migrated_file(old_project: Path) -> None:
    with Project.open(old_project) as project:
        [hit] = project.search("notitie")  # only in the claim's note: claims_fts came with v2
        assert hit.title == "Oud artikel"
        assert hit.claims == [1]
        assert [h.claims for h in project.search("bondgenoten")] == [[1]]


def test_open_a_migrated_file_again_makes_no_new_backup(old_project: Path) -> None:
    Project.open(old_project).close()
    Project.open(old_project).close()
    assert len(list((old_project.parent / "backups").iterdir())) == 1


def test_open_an_old_read_only_file_refuses_to_migrate(
    old_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Tests run as root, where file modes do not bind: make the file look unwritable.
    import claimdesk.core.store._base as base

    real_access = base.os.access
    monkeypatch.setattr(
        base.os, "access", lambda p, mode: False if mode == base.os.W_OK else real_access(p, mode)
    )
    before = old_project.read_bytes()
    with pytest.raises(
        ProjectError, match="made by an older Claimdesk \\(file version 1\\) and read-only"
    ):
        Project.open(old_project, readonly=True)
    assert old_project.read_bytes() == before
    assert not (old_project.parent / "backups").exists()


def test_migrate_step_by_step_gives_the_new_schema(tmp_path: Path) -> None:
    new = tmp_path / "new.claimdesk"
    Project.create(new).close()
    old = tmp_path / "old.claimdesk"
    make_version_1(old)
    Project.open(old).close()

    def schema(path: Path) -> set[tuple[str, str]]:
        with closing(sqlite3.connect(path)) as conn:
            return set(
                conn.execute("SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'")
            )

    assert schema(old) == schema(new)
