"""Crash safety, proven: kill a process that imports and edits, at random moments, then look.

Each kill point starts ``tests/crash_child.py`` on the project, lets it work
through the core API (imports in batches, claims, mentions, actors, text
edits that re-anchor claims, undo and redo, backups, emptying the trash), and
kills it with SIGKILL after a random delay. The project is then opened again
(taking over the dead process's lock) and must:

- pass ``PRAGMA integrity_check`` and :meth:`Project.check`;
- hold every write the child reported as committed, and nothing of a write
  it had not finished: its state is exactly the last reported state, or that
  state plus the one write under way, complete (an import: whole batches);
- have only backups that open and check out;
- carry on: the next kill point continues on the same file.

The default run tries :data:`DEFAULT_POINTS` kill points; the full run:

    CLAIMDESK_CRASH_POINTS=150 .venv/bin/python -m pytest -m crash -s

prints the figures (kill points, writes checked, failures).
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

import crash_child
from claimdesk.core import Project
from claimdesk.core.backups import list_backups
from claimdesk.core.locks import lock_path
from claimdesk.core.model import new_uuid, text_sha256
from claimdesk.core.schema import APPLICATION_ID, migrate
from claimdesk.core.store._files import check_copy

pytestmark = [
    pytest.mark.crash,
    pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="SIGKILL is a POSIX signal"),
]

CHILD = Path(__file__).with_name("crash_child.py")
DEFAULT_POINTS = 12
POINTS = int(os.environ.get("CLAIMDESK_CRASH_POINTS", DEFAULT_POINTS))


@dataclass
class Figures:
    kill_points: int = 0
    writes_checked: int = 0
    unfinished_found_complete: int = 0
    unfinished_found_absent: int = 0
    killed_while_opening: int = 0
    backups_checked: int = 0
    failures: list[str] = field(default_factory=list)


@dataclass
class Run:
    lines: list[str]

    @property
    def events(self) -> list[list[str]]:
        return [line.split(" ", 3) for line in self.lines if line.strip()]


def _start(
    path: Path, seed: int, run: int, mode: str
) -> tuple[subprocess.Popen[str], list[str], threading.Event, threading.Thread]:
    proc = subprocess.Popen(
        [sys.executable, str(CHILD), str(path), str(seed), str(run), mode],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        env={**os.environ, "PYTHONHASHSEED": "0"},
    )
    lines: list[str] = []
    ready = threading.Event()
    assert proc.stdout is not None
    stdout = proc.stdout

    def read() -> None:
        for line in stdout:
            lines.append(line.rstrip("\n"))
            if line.startswith(("ready", "opening")):
                ready.set()
        ready.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    return proc, lines, ready, reader


def _kill_after(
    path: Path, seed: int, run: int, mode: str, rng: random.Random, *, while_opening: bool
) -> list[str]:
    proc, lines, ready, reader = _start(path, seed, run, mode)
    wanted = "opening" if while_opening else "ready"
    deadline = time.monotonic() + 60
    while not any(line.startswith(wanted) for line in lines) and proc.poll() is None:
        if time.monotonic() > deadline:
            break
        ready.wait(0.005)
    time.sleep(rng.uniform(0, 0.08) if while_opening else rng.uniform(0.0, 0.45))
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    reader.join(timeout=30)
    assert proc.stderr is not None
    errors = proc.stderr.read()
    assert "Traceback" not in errors, errors
    return lines


def _effect_visible(project: Project, op: str, expect: dict[str, Any], before: str) -> bool:
    """Whether the write under way at the kill is in the project (complete, as checked here)."""
    if "claim_note" in expect:
        return any(c.note == expect["claim_note"] for c in project.claims()) or any(
            project.claim(r["id"]).note == expect["claim_note"] for r in project.trash()["claims"]
        )
    if "trashed_claim" in expect:
        return any(r["id"] == expect["trashed_claim"] for r in project.trash()["claims"])
    if "mentions" in expect:
        return project.counts()["mentions"] == expect["mentions"]
    if "actor" in expect:
        return project.find_actor(expect["actor"]) is not None
    if "status" in expect:
        doc, status = expect["status"]
        return status in project.statuses(doc).values()
    if "title" in expect:
        doc, title = expect["title"]
        return project.document(doc).title == title
    if "text" in expect:
        doc, marker = expect["text"]
        return marker in project.document(doc).text
    if "undo_status_not" in expect:
        return list(project.undo_status()) != expect["undo_status_not"]
    if "setting" in expect:
        return project.setting("crash-marker") == expect["setting"]
    if "trash_empty" in expect:
        return not any(project.trash().values())
    if "import" in expect:
        marker, total, batch = expect["import"]
        n = sum(1 for d in project.iter_documents() if d.title.startswith(marker))
        return n > 0 and (n % batch == 0 or n == total)
    return False


def _verify(path: Path, lines: list[str], expected: str, figures: Figures) -> str:
    """Open the project after a kill and check it; returns its fingerprint for the next round."""
    last = expected
    pending: tuple[str, dict[str, Any]] | None = None
    opened = False
    reported = 0
    for line in lines:
        kind, _, rest = line.partition(" ")
        if kind == "ready":
            opened = True
            last = rest.split(" ")[0]
            assert last == expected, "the child found another state than the last one checked"
        elif kind == "begin":
            _n, op, expect = rest.split(" ", 2)
            pending = (op, json.loads(expect))
        elif kind == "batch":
            last = rest.split(" ")[1]
            reported += 1
        elif kind == "done":
            last = rest.split(" ")[1]
            reported += 1
            pending = None
        elif kind == "skip":
            pending = None
    if not opened:
        figures.killed_while_opening += 1
    with Project.open(path, coder="checker") as project:
        problems = project.check()
        assert problems == [], problems
        state = crash_child.fingerprint(project)
        if state != last:
            assert pending is not None, "the project changed, but no write was under way"
            op, expect = pending
            assert _effect_visible(project, op, expect, last), (
                f"the unfinished {op} left the project in a state that is neither before nor after it"
            )
            figures.unfinished_found_complete += 1
        elif pending is not None:
            figures.unfinished_found_absent += 1
        for backup in list_backups(path):
            assert check_copy(backup.path) == [], backup.path
            figures.backups_checked += 1
    assert not lock_path(path).exists(), "the lock stayed after the project was closed"
    with closing(sqlite3.connect(path)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    figures.writes_checked += reported
    return state


def _make_old_project(path: Path) -> None:
    """A project as the first Claimdesk wrote it (schema version 1), with one coded article."""
    text = "De VS wil dat bondgenoten Huawei weren. Noorwegen twijfelt nog."
    now = "2019-10-01T12:00:00.000Z"
    with closing(sqlite3.connect(path, isolation_level=None)) as conn:
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.execute("BEGIN")
        migrate(conn, current=0, target=1)
        conn.execute(
            "INSERT INTO project (id, uuid, name, memo, created, modified) VALUES (1, ?, 'oud', '', ?, ?)",
            (new_uuid(), now, now),
        )
        conn.execute(
            "INSERT INTO documents (uuid, title, text, sha256, file, created, modified) "
            "VALUES (?, 'Oud', ?, ?, 'oud.txt', ?, ?)",
            (new_uuid(), text, text_sha256(text), now, now),
        )
        conn.execute("COMMIT")


def _campaign(path: Path, points: int, seed: int, figures: Figures) -> None:
    rng = random.Random(seed)
    with Project.open(path) as project:
        expected = crash_child.fingerprint(project)
    for run in range(points):
        mode = "import" if run % 3 == 0 else "edit"
        while_opening = run % 7 == 6
        lines = _kill_after(path, seed, run, mode, rng, while_opening=while_opening)
        try:
            expected = _verify(path, lines, expected, figures)
        except AssertionError as exc:
            figures.failures.append(f"seed {seed} run {run}: {exc}")
            raise
        figures.kill_points += 1


def test_kills_during_imports_and_edits_lose_nothing(demo_project: Project) -> None:
    path = demo_project.path
    demo_project.close()
    figures = Figures()
    _campaign(path, POINTS, seed=20261125, figures=figures)
    print(
        f"\ncrash safety: {figures.kill_points} kill points, {figures.writes_checked} committed "
        f"writes checked; the write under way at the kill had committed in "
        f"{figures.unfinished_found_complete} cases and left no trace in "
        f"{figures.unfinished_found_absent}; {figures.killed_while_opening} "
        f"kills while opening, {figures.backups_checked} backup checks, "
        f"{len(figures.failures)} failures"
    )
    assert figures.failures == []
    assert figures.kill_points == POINTS
    assert figures.writes_checked > POINTS  # the child got to work before most kills


def test_kills_while_an_old_project_is_upgraded_lose_nothing(tmp_path: Path) -> None:
    rng = random.Random(7)
    runs = max(3, POINTS // 4)
    for run in range(runs):
        folder = tmp_path / f"run{run}"
        folder.mkdir()
        path = folder / "oud.claimdesk"
        _make_old_project(path)
        lines = _kill_after(path, 7, run, "edit", rng, while_opening=True)
        assert lines[:1] == ["opening"]
        with Project.open(path, coder="checker") as project:  # upgrades what the kill left old
            assert project.check() == []
            assert project.document(project.document_id("oud.txt")).file == "oud.txt"
        kinds = [b.kind for b in list_backups(path)]
        assert 1 <= kinds.count("migration") <= 2  # the child's, if it got that far, and ours
        for backup in list_backups(path):
            assert check_copy(backup.path) == [], backup.path
        assert not [
            p
            for p in (folder / "backups").iterdir()
            if not p.name.startswith(".") and p.suffix != ".claimdesk"
        ]
    print(f"\ncrash safety while upgrading: {runs} kill points, 0 failures")
