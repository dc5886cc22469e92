"""Reading commands upgrade an older project they may write, instead of refusing it."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from claimdesk.core import Project
from claimdesk.core.errors import ProjectTooOld
from claimdesk.core.schema import APPLICATION_ID, SCHEMA_VERSION, migrate


def make_version_1(path: Path) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute("BEGIN")
    migrate(conn, current=0, target=1)
    conn.execute(
        "INSERT INTO project (id, uuid, name, memo, created, modified) "
        "VALUES (1, '00000000-0000-4000-8000-000000000001', 'old', '', '2019-01-01T00:00:00Z', "
        "'2019-01-01T00:00:00Z')"
    )
    conn.execute("COMMIT")
    conn.close()


def test_open_readonly_never_upgrades_an_older_file(tmp_path: Path) -> None:
    path = tmp_path / "old.claimdesk"
    make_version_1(path)
    before = path.read_bytes()
    with pytest.raises(ProjectTooOld):
        Project.open(path, readonly=True)
    assert path.read_bytes() == before


def test_cli_list_reads_an_older_project(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from claimdesk.cli import cli

    path = tmp_path / "old.claimdesk"
    make_version_1(path)
    result = CliRunner().invoke(cli, ["list", str(path), "--json"])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "[]"
    assert "Upgraded" in result.stderr
    with Project.open(path, readonly=True) as project:
        assert project.schema_version == SCHEMA_VERSION
    assert list((tmp_path / "backups").glob("old-v1-*"))
