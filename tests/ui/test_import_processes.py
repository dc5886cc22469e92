"""A large import from the window: reading processes started from its background thread."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

import rawdb
from claimdesk.core import Project
from claimdesk.formats import _processes, reading
from claimdesk.paths import seeds_path
from claimdesk.ui import open_main_window
from claimdesk.ui.mainwindow import MainWindow


@pytest.fixture
def window(qtbot, project_path: Path) -> MainWindow:
    Project.create(project_path).close()
    win = open_main_window(project_path)
    qtbot.addWidget(win)
    qtbot.waitExposed(win)
    return win  # type: ignore[return-value]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """The seed articles and three variants of each (a word changed): 56 articles."""
    root = tmp_path / "articles"
    root.mkdir()
    for seed in sorted(seeds_path().glob("*.txt")):
        text = seed.read_text(encoding="utf-8")
        shutil.copy(seed, root / seed.name)
        for n in range(1, 4):
            (root / f"{seed.stem}-{n}.txt").write_text(f"{text} Versie {n}.", encoding="utf-8")
    return root


def test_a_large_import_reads_in_processes_and_can_be_cancelled(
    qtbot, window: MainWindow, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pools: list[int] = []

    class CountedPool(_processes.Pool):
        def __init__(self, processes: int, *args: Any) -> None:
            pools.append(processes)
            super().__init__(processes, *args)

    monkeypatch.setattr(_processes, "Pool", CountedPool)
    monkeypatch.setattr(reading, "PARALLEL_AFTER_S", 0.0)  # as if the files took long to read
    monkeypatch.setattr(reading, "CHUNK_FILES", 4)
    monkeypatch.setattr(reading, "_cpus", lambda: 2)
    task = window.import_paths([folder])
    task.cancel()  # before a file is read: nothing is written
    with qtbot.waitSignal(task.done, timeout=60_000):
        pass
    assert (
        task.result.cancelled and rawdb.rows(window.project.path, "SELECT id FROM documents") == []
    )

    task = window.import_paths([folder])
    with qtbot.waitSignal(task.done, timeout=60_000):
        pass
    report = task.result
    assert report.summary() == "56 imported, 0 duplicates, 0 failed"
    assert pools == [1]  # the second run only: the first was cancelled after its first file
    files = [
        r[0] for r in rawdb.rows(window.project.path, "SELECT file FROM documents ORDER BY id")
    ]
    assert files == [p.name for p in sorted(folder.iterdir())]
    assert window.model.rowCount() == 56
