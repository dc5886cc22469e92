"""Backups: checked copies made on request, once a day and before migrations; rotation; restore."""

from __future__ import annotations

import json
import os
import sqlite3
import time
from contextlib import closing
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

import rawdb
from claimdesk.cli import cli
from claimdesk.core import Project, ProjectError
from claimdesk.core import backups as b
from claimdesk.core.errors import ProjectLocked, StorageError
from claimdesk.core.schema import APPLICATION_ID, SCHEMA_VERSION, migrate
from claimdesk.core.settings import data_dir
from claimdesk.core.store._files import check_copy


@pytest.fixture
def saved(demo_project: Project) -> Path:
    path = demo_project.path
    demo_project.close()
    return path


def _age(backup: b.Backup, days: int) -> Path:
    """Pretend a backup was made ``days`` ago (its name carries the time)."""
    when = backup.created - timedelta(days=days)
    stamp = when.strftime("%Y%m%dT%H%M%S") + f"{when.microsecond // 1000:03d}Z"
    older = backup.path.with_name(
        f"{backup.path.stem.split('-')[0]}-{stamp}-{backup.kind}.claimdesk"
    )
    backup.path.rename(older)
    moment = when.timestamp()
    os.utime(older, (moment, moment))
    return older


def _touch(path: Path, seconds_ago: float = 0) -> None:
    moment = time.time() - seconds_ago
    os.utime(path, (moment, moment))


# ---------------------------------------------------------------------- making backups


def test_make_backup_is_a_checked_self_contained_copy(demo_project: Project) -> None:
    backup = b.make_backup(demo_project)
    assert backup.kind == "manual" and backup.path.parent == demo_project.path.parent / "backups"
    assert backup.path.name.startswith("demo-") and backup.path.name.endswith("-manual.claimdesk")
    assert backup.size == backup.path.stat().st_size
    assert abs((datetime.now(UTC) - backup.created).total_seconds()) < 60
    assert rawdb.pragma(backup.path, "journal_mode") == "delete"
    assert sorted(p.name for p in backup.path.parent.iterdir()) == [backup.path.name]
    assert check_copy(backup.path) == []
    with Project.open(backup.path, readonly=True) as copy:
        assert copy.counts() == demo_project.counts()
        assert copy.check() == []
    assert b.list_backups(demo_project.path) == [backup]


def test_a_backup_that_does_not_check_out_is_not_kept(
    demo_project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        "claimdesk.core.store._files.check_copy", lambda path: ["integrity: page 3 is damaged"]
    )
    with pytest.raises(StorageError, match="the backup did not check out: integrity: page 3"):
        b.make_backup(demo_project)
    folder = demo_project.path.parent / "backups"
    assert list(folder.iterdir()) == []  # neither the copy nor its temporary file


def test_leftovers_of_an_interrupted_backup_are_cleaned_and_never_listed(
    demo_project: Project,
) -> None:
    folder = demo_project.path.parent / "backups"
    folder.mkdir()
    part = folder / ".demo-20260101T000000000Z-daily.claimdesk.part"
    part.write_bytes(b"SQLite format 3\x00half")
    assert b.list_backups(demo_project.path) == []
    _touch(part, seconds_ago=7200)
    b.make_backup(demo_project)
    assert not part.exists()


@pytest.mark.parametrize("keep", [1, 3])
def test_rotation_keeps_the_newest_and_every_migration_copy(
    demo_project: Project, keep: int
) -> None:
    demo_project.set_setting("backups_keep", keep)
    folder = demo_project.path.parent / "backups"
    folder.mkdir()
    migration = folder / "demo-v1-20200101T000000000Z.claimdesk"
    demo_project.backup(migration)
    made = [b.make_backup(demo_project) for _ in range(5)]
    kept = b.list_backups(demo_project.path)
    assert [k.path for k in kept if k.kind == "manual"] == [m.path for m in made[::-1][:keep]]
    assert [k.kind for k in kept if k.kind == "migration"] == ["migration"]


def test_backups_go_to_the_data_folder_when_beside_the_project_cannot_be_written(
    demo_project: Project,
) -> None:
    (demo_project.path.parent / "backups").write_text("a file where the folder would be")
    backup = b.make_backup(demo_project)
    assert backup.path.parent.parent == data_dir() / "backups"
    assert backup.path.parent.name.startswith("demo-")
    assert b.list_backups(demo_project.path) == [backup]


# ---------------------------------------------------------------------- once a day, on open


def test_opening_makes_the_daily_backup_once_a_day(saved: Path) -> None:
    Project.open(saved).close()
    [daily] = b.list_backups(saved)
    assert daily.kind == "daily"
    with Project.open(saved) as project:
        project.add_actor("Vandaag")
    assert b.list_backups(saved) == [daily]  # at most once a day
    _age(daily, days=1)
    Project.open(saved).close()
    assert [x.kind for x in b.list_backups(saved)] == ["daily", "daily"]


def test_opening_without_the_daily_backup_leaves_it_to_the_caller(saved: Path) -> None:
    """The window opens this way and makes the backup in the background."""
    with Project.open(saved, daily_backup=False) as project:
        assert b.list_backups(saved) == []
        assert b.backup_on_open(project) is None
    assert [x.kind for x in b.list_backups(saved)] == ["daily"]


def test_no_daily_backup_when_nothing_changed_since_the_last(saved: Path) -> None:
    Project.open(saved).close()
    [daily] = b.list_backups(saved)
    older = _age(daily, days=3)
    _touch(saved, seconds_ago=5 * 86400)
    Project.open(saved).close()
    assert [x.path for x in b.list_backups(saved)] == [older]


@pytest.mark.parametrize(
    "how", ["read-only", "empty project", "switched off"], ids=lambda how: how.replace(" ", "-")
)
def test_no_daily_backup(project_path: Path, saved: Path, how: str) -> None:
    if how == "read-only":
        Project.open(saved, readonly=True).close()
        assert b.list_backups(saved) == []
    elif how == "empty project":
        Project.create(project_path).close()
        Project.open(project_path).close()
        assert b.list_backups(project_path) == []
    else:
        with Project.open(saved) as project:
            for backup in b.list_backups(saved):
                backup.path.unlink()
            project.set_setting("backups_daily", False)
        Project.open(saved).close()
        assert b.list_backups(saved) == []


def test_a_failed_daily_backup_is_a_warning_and_the_project_opens(
    saved: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(*args: object, **kwargs: object) -> None:
        raise StorageError("demo.claimdesk: the disk is full, so nothing was written")

    monkeypatch.setattr(b, "make_backup", full)
    with Project.open(saved) as project:
        assert project.warnings == [
            "The daily backup could not be made: demo.claimdesk: the disk is full, so nothing "
            "was written"
        ]
        project.add_actor("Toch opgeslagen")
    result = CliRunner().invoke(cli, ["info", str(saved)])  # read-only: no backup, no warning
    assert (result.exit_code, result.stderr) == (0, "")


# ---------------------------------------------------------------------- before a migration


def _old_project(path: Path) -> None:
    with closing(sqlite3.connect(path, isolation_level=None)) as conn:
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.execute("BEGIN")
        migrate(conn, current=0, target=1)
        conn.execute(
            "INSERT INTO project (id, uuid, name, memo, created, modified) "
            "VALUES (1, 'a2d1c0de-0000-4000-8000-000000000001', 'oud', '', '2019', '2019')"
        )
        conn.execute("COMMIT")


def test_a_migration_is_preceded_by_a_checked_backup_that_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "oud.claimdesk"
    _old_project(path)
    before = rawdb.dump(path)
    with Project.open(path) as project:
        assert project.schema_version == SCHEMA_VERSION
    [backup] = b.list_backups(path)
    assert (backup.kind, backup.version) == ("migration", 1)
    assert rawdb.dump(backup.path) == before
    assert check_copy(backup.path) == []
    assert b.rotate(path, keep=1) == []


# ---------------------------------------------------------------------- restoring


def test_restore_brings_the_backup_back_and_keeps_what_was_there(saved: Path) -> None:
    with Project.open(saved) as project:
        backup = b.make_backup(project)
        project.add_actor("Na de backup")
        after = rawdb.dump(saved)
    result = b.restore_backup(saved, backup.path)
    assert result.restored == backup.path
    assert result.previous is not None and result.previous.kind == "before-restore"
    assert rawdb.dump(saved) == rawdb.dump(backup.path)
    assert rawdb.dump(result.previous.path) == after
    with Project.open(saved) as project:
        assert project.find_actor("Na de backup") is None
        assert project.check() == []
        project.add_actor("Verder werken")


def test_restore_refuses_a_damaged_backup_and_changes_nothing(saved: Path) -> None:
    with Project.open(saved) as project:
        backup = b.make_backup(project)
    data = bytearray(backup.path.read_bytes())
    data[4096 * 3 : 4096 * 6] = b"\xff" * (4096 * 3)
    backup.path.write_bytes(bytes(data))
    before = saved.read_bytes()
    with pytest.raises(
        ProjectError, match=r"-manual.claimdesk cannot be restored: (integrity|data)"
    ):
        b.restore_backup(saved, backup.path)
    assert saved.read_bytes() == before


@pytest.mark.parametrize(
    ("ref", "message"),
    [
        ("9", "there is no backup number 9 of demo.claimdesk"),
        ("nergens.claimdesk", "nergens.claimdesk: no such backup"),
    ],
)
def test_find_backup_refuses_what_is_not_there(saved: Path, ref: str, message: str) -> None:
    with pytest.raises(ProjectError, match=message):
        b.find_backup(saved, ref)


def test_restore_refuses_while_the_project_is_open(saved: Path) -> None:
    with Project.open(saved) as project:
        backup = b.make_backup(project)
        with pytest.raises(ProjectLocked, match="still open in this Claimdesk"):
            b.restore_backup(saved, backup.path)


def test_restore_a_damaged_project_keeps_its_bytes(saved: Path) -> None:
    with Project.open(saved) as project:
        backup = b.make_backup(project)
    saved.write_bytes(saved.read_bytes()[:4096])  # truncated: not a readable project any more
    damaged = saved.read_bytes()
    result = b.restore_backup(saved, backup.path)
    assert result.previous is not None and result.previous.kind == "damaged"
    assert result.previous.path.read_bytes() == damaged
    with Project.open(saved) as project:
        assert project.check() == []


def test_restore_the_copy_made_before_a_migration(tmp_path: Path) -> None:
    path = tmp_path / "oud.claimdesk"
    _old_project(path)
    Project.open(path).close()
    [old] = b.list_backups(path)
    b.restore_backup(path, old.path)
    assert rawdb.pragma(path, "user_version") == 1
    with Project.open(path) as project:  # upgraded again, with a backup of its own
        assert project.schema_version == SCHEMA_VERSION


# ---------------------------------------------------------------------- the command line


def test_cli_backup_backups_restore(saved: Path) -> None:
    runner = CliRunner()
    made = runner.invoke(cli, ["backup", str(saved)])
    assert made.exit_code == 0, made.output
    assert made.stdout.startswith("Backed up to ") and made.stdout.endswith(", checked: ok)\n")
    with Project.open(saved) as project:  # no daily backup: there is one of today
        project.add_actor("Na de backups")
    assert runner.invoke(cli, ["backup", str(saved)]).exit_code == 0
    listed = runner.invoke(cli, ["backups", str(saved)])
    lines = listed.stdout.splitlines()
    assert lines[0].split() == ["#", "made", "kind", "size", "file"]
    assert [line.split()[3] for line in lines[2:]] == ["manual", "manual"]
    rows = json.loads(runner.invoke(cli, ["backups", str(saved), "--json"]).stdout)
    assert [r["number"] for r in rows] == [1, 2] and rows[1]["kind"] == "manual"
    restored = runner.invoke(cli, ["restore", str(saved), "2"])
    assert restored.exit_code == 0, restored.output
    assert restored.stdout.startswith(f"Restored {saved} from {Path(rows[1]['path']).name}; ")
    assert "-before-restore.claimdesk" in restored.stdout
    assert len(json.loads(runner.invoke(cli, ["backups", str(saved), "--json"]).stdout)) == 3
    with Project.open(saved, readonly=True) as project:
        assert project.find_actor("Na de backups") is None


def test_cli_backups_of_a_project_without_any(project_path: Path) -> None:
    Project.create(project_path).close()
    result = CliRunner().invoke(cli, ["backups", str(project_path)])
    assert result.stdout == (
        f"No backups of {project_path} yet (make one with: claimdesk backup {project_path}).\n"
    )


def test_cli_restore_of_a_missing_backup_is_one_line(saved: Path) -> None:
    result = CliRunner().invoke(cli, ["restore", str(saved), "3"])
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: there is no backup number 3 of demo.claimdesk (0 backups; see: claimdesk "
        "backups demo.claimdesk)\n"
    )
