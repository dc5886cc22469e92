"""Looking at a project file from outside, with a plain sqlite3 connection (tests only).

The application never does this: every read and write goes through
``Project``. Tests do it to compare whole files before and after a write,
and to damage a file on purpose.
"""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterable
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest

Rows = dict[str, list[tuple[Any, ...]]]


def table_names(path: Path) -> list[str]:
    """The ordinary tables of the file: no SQLite internals, no full-text index tables."""
    with closing(sqlite3.connect(path)) as conn:
        names = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            )
        ]
    return [n for n in names if not n.startswith("sqlite_") and "_fts" not in n]


def dump(path: Path, *, exclude: Iterable[str] = ()) -> Rows:
    """Every row of every table except the undo log (``undo_*``) and ``exclude``, sorted by id."""
    skip = set(exclude)
    with closing(sqlite3.connect(path)) as conn:
        return {
            table: conn.execute(f'SELECT * FROM "{table}" ORDER BY 1').fetchall()
            for table in table_names(path)
            if not table.startswith("undo_") and table not in skip
        }


def changed_tables(before: Rows, after: Rows) -> set[str]:
    return {t for t in before.keys() | after.keys() if before.get(t) != after.get(t)}


def execute(path: Path, sql: str, params: Iterable[Any] = ()) -> None:
    """Run one statement on the file and commit (to tamper with a project)."""
    with closing(sqlite3.connect(path)) as conn:
        conn.execute(sql, tuple(params))
        conn.commit()


def rows(path: Path, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    """The rows of one query, read from the file by a connection of its own."""
    with closing(sqlite3.connect(path)) as conn:
        return conn.execute(sql, params).fetchall()


def pragma(path: Path, name: str) -> Any:
    with closing(sqlite3.connect(path)) as conn:
        return conn.execute(f"PRAGMA {name}").fetchone()[0]


_demo_template: Path | None = None


def demo_copy(folder: Path, factory: pytest.TempPathFactory) -> Path:
    """``folder/demo.claimdesk``: a copy of the demo project, which is built once per test run.

    Copying a closed project file takes milliseconds; building the demo takes a
    tenth of a second or more. Tests that change the demo each get their own copy.
    """
    global _demo_template
    if _demo_template is None:
        from claimdesk.demo import build_demo_project

        template = factory.mktemp("demo-template") / "demo.claimdesk"
        build_demo_project(template).close()
        _demo_template = template
    destination = folder / "demo.claimdesk"
    shutil.copyfile(_demo_template, destination)
    return destination
