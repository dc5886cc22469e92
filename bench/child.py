"""What ``bench/run.py`` measures in a process of its own: memory, fsyncs, the window.

    python bench/child.py export FORMAT PROJECT OUT      # one export; prints its peak memory
    python bench/child.py edits PROJECT COUNT            # COUNT claim edits through the store
    python bench/child.py raw-edits PROJECT COUNT        # the same with plain sqlite3 (the floor)
    python bench/child.py window PNG PROJECT             # claimdesk --screenshot PNG PROJECT
    python bench/child.py bare-window PNG                # a bare PySide6 window, painted once
    python bench/child.py gui PROJECT                    # the window's figures, as JSON

Each prints one line of JSON on standard output. Nothing here decides whether
a figure is good: ``run.py`` compares.
"""

from __future__ import annotations

import json
import os
import random
import resource
import sqlite3
import statistics
import sys
import time
from pathlib import Path

STARTED = time.perf_counter()  # the start phases count from here


def peak_rss_mb() -> float:
    """This process's peak resident memory, in MB.

    On Linux from ``VmHWM``, which starts afresh with the program: ``ru_maxrss``
    would also count the pages of the benchmark that started this process
    (the kernel carries it over a fork and exec).
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def export(fmt: str, project_path: str, out: str) -> dict[str, float]:
    from claimdesk.core import Project
    from claimdesk.formats.exporting import ExportOptions, export

    with Project.open(project_path, readonly=True, coder="bench") as project:
        before = peak_rss_mb()
        started = time.perf_counter()
        export(project, out, ExportOptions(fmt))
        seconds = time.perf_counter() - started
    return {"seconds": seconds, "rss_mb": peak_rss_mb(), "rss_before_mb": before}


def _edit_targets(conn: sqlite3.Connection, count: int) -> list[tuple[int, int]]:
    """``count`` random claims, each with a stance other than its own (an unchanged row
    would not be written at all, and so never synced)."""
    rng = random.Random()
    top = conn.execute("SELECT MAX(id) FROM claims").fetchone()[0]
    stances = [r[0] for r in conn.execute("SELECT id FROM stances WHERE deleted IS NULL")]
    targets = []
    for claim in (rng.randint(1, top) for _ in range(count)):
        current = conn.execute("SELECT stance_id FROM claims WHERE id = ?", (claim,)).fetchone()
        targets.append((claim, rng.choice([s for s in stances if s != current[0]])))
    return targets


def edits(project_path: str, count: int) -> dict[str, object]:
    """Set the stance of ``count`` random claims, one undo step each, as the window does."""
    from claimdesk.core import Project
    from claimdesk.ui.operations.claims import set_stance

    with Project.open(project_path, coder="bench") as project:
        times = []
        for claim, stance in _edit_targets(project._conn, count):
            started = time.perf_counter()
            set_stance(project, claim=claim, stance=stance)
            times.append((time.perf_counter() - started) * 1000)
    return {"ms": times}


def raw_edits(project_path: str, count: int) -> dict[str, object]:
    """The floor: one ``UPDATE`` per transaction on the same file, WAL and ``synchronous = FULL``."""
    conn = sqlite3.connect(project_path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    times = []
    for claim, stance in _edit_targets(conn, count):
        started = time.perf_counter()
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("UPDATE claims SET stance_id = ? WHERE id = ?", (stance, claim))
        conn.execute("COMMIT")
        times.append((time.perf_counter() - started) * 1000)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return {"ms": times}


class Phases:
    """Milliseconds spent in each phase of a start, from the first line of this script."""

    def __init__(self) -> None:
        self.last = STARTED
        self.ms: dict[str, float] = {}

    def __call__(self, name: str) -> None:
        now = time.perf_counter()
        self.ms[name] = self.ms.get(name, 0.0) + (now - self.last) * 1000
        self.last = now


def window(png: str, project: str) -> dict[str, object]:
    """``claimdesk --screenshot PNG PROJECT``: start, open, paint the first article, exit.

    The phases are timed by wrapping the window's constructor and its rendering
    from outside; the program runs unchanged.
    """
    phase = Phases()
    import importlib

    from claimdesk.launch import LOADED_BEFORE_QT
    from claimdesk.launch import main as claimdesk

    for name in LOADED_BEFORE_QT:  # in the order the program loads them
        importlib.import_module(name)
    phase("Claimdesk's Qt-free modules")
    import PySide6.QtWidgets  # noqa: F401

    phase("Qt")
    import claimdesk.ui.app as app_module
    import claimdesk.ui.mainwindow as window_module

    phase("Claimdesk's window modules")
    build, render = window_module.MainWindow.__init__, app_module._render

    def timed_build(self, *args, **kwargs) -> None:
        phase("application, log and project file")
        build(self, *args, **kwargs)
        phase("building the window")

    def timed_render(*args) -> None:
        phase("building the window")
        render(*args)
        phase("painting and saving the PNG")

    window_module.MainWindow.__init__ = timed_build  # type: ignore[method-assign]
    app_module._render = timed_render
    try:
        claimdesk(["--screenshot", png, project])
    except SystemExit as exc:
        if exc.code:
            raise
    phase("closing")
    return {"rss_mb": peak_rss_mb(), "phases": phase.ms}


def bare_window(png: str) -> dict[str, object]:
    """A QMainWindow of the same size, shown and painted the way ``claimdesk --screenshot`` does."""
    phase = Phases()
    from PySide6.QtWidgets import QApplication, QMainWindow

    phase("Qt")
    app = QApplication([sys.argv[0]])
    window = QMainWindow()
    window.resize(1400, 900)
    window.show()
    phase("building the window")
    for _ in range(5):
        app.processEvents()
    window.grab().save(png)
    phase("painting and saving the PNG")
    window.close()
    phase("closing")
    return {"rss_mb": peak_rss_mb(), "phases": phase.ms}


def _median_ms(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def gui(project_path: str) -> dict[str, object]:
    """Filter the document list, open and paint the dense article, in the real window."""
    from PySide6.QtWidgets import QApplication, QTextEdit

    from claimdesk.core import Project
    from claimdesk.ui.app import apply_look
    from claimdesk.ui.mainwindow import MainWindow

    app = QApplication([sys.argv[0]])
    apply_look()
    project = Project.open(project_path, readonly=True, coder="bench")
    window = MainWindow(project)
    window.resize(1400, 900)
    window.show()
    for _ in range(5):
        app.processEvents()
    view = window.documentList
    rows_visible = max(
        1, view.viewport().height() // max(1, view.verticalHeader().defaultSectionSize())
    )

    def screenful() -> None:
        model = window.model
        for row in range(min(rows_visible, model.rowCount())):
            for column in range(model.columnCount()):
                model.data(model.index(row, column))

    typed = ["H", "Hu", "Hua", "Huaw", "Huawe", "Huawei", "2019", "2019-1", "kabinet", "zzz"]
    filter_ms = []
    for _ in range(3):
        for text in typed:
            started = time.perf_counter()
            window.model.set_filter(text)
            screenful()
            filter_ms.append((time.perf_counter() - started) * 1000)
    window.model.set_filter("")
    conn = sqlite3.connect(Path(project_path).resolve().as_uri() + "?mode=ro", uri=True)
    like_ms = []
    for _ in range(3):
        for text in typed:
            started = time.perf_counter()
            conn.execute(
                "SELECT id FROM documents WHERE title LIKE ? ORDER BY id", (f"%{text}%",)
            ).fetchall()
            like_ms.append((time.perf_counter() - started) * 1000)
    conn.close()

    dense = project.document_id("dense/long-article.txt")
    other = window.model.document_id(0)
    assert other is not None and other != dense
    text = project.document(dense).text
    claims = len(project.claims(document=dense))

    def painted() -> bool:
        """The reader's highlights are drawn and the claim list shows its first claims."""
        first = window.claimList.visualRect(window.claimList.index_of(0))
        return bool(window.reader._rects) and first.height() > 0

    def open_dense() -> int:
        window.show_document(dense)
        rounds = 0
        while rounds < 50:  # the event loop paints what changed, as the user sees it
            app.sendPostedEvents()  # layout and paint requests: what the screen shows
            rounds += 1
            if painted():
                break
            app.processEvents()
        return rounds

    def aids_shown() -> None:
        """The suggested mentions, which follow the first paint, are found and painted."""
        while window.aids.suggestions == [] or window.aids._aids_timer.isActive():
            app.processEvents()
        app.processEvents()

    open_ms, aids_ms, rounds = [], [], []
    for _ in range(7):
        window.show_document(other)
        for _ in range(3):
            app.processEvents()
        started = time.perf_counter()
        rounds.append(open_dense())
        open_ms.append((time.perf_counter() - started) * 1000)
        aids_shown()
        aids_ms.append((time.perf_counter() - started) * 1000)
    window.grab().save(str(Path(project_path).with_name("dense-article.png")))
    plain = QTextEdit()
    plain.resize(window.reader.size())
    plain.show()
    app.processEvents()
    plain_ms = _median_ms(lambda: (plain.setPlainText(text), plain.viewport().grab()), 7)
    reader_ms = _median_ms(
        lambda: (window.reader.show_document(text), window.reader.viewport().grab()), 7
    )
    window.close()
    return {
        "filter_ms": filter_ms,
        "like_ms": like_ms,
        "rows_visible": rows_visible,
        "open_ms": open_ms,
        "aids_ms": aids_ms,
        "open_rounds": rounds,
        "plain_ms": plain_ms,
        "reader_text_ms": reader_ms,
        "claims": claims,
        "characters": len(text),
    }


def main(argv: list[str]) -> int:
    command, *args = argv
    if command == "export":
        result: dict[str, object] = export(*args)
    elif command == "edits":
        result = edits(args[0], int(args[1]))
    elif command == "raw-edits":
        result = raw_edits(args[0], int(args[1]))
    elif command == "bare-window":
        result = bare_window(args[0])
    elif command == "window":
        result = window(args[0], args[1])
    elif command == "gui":
        result = gui(args[0])
    else:
        raise SystemExit(f"unknown command {command!r}")
    sys.stdout.write(json.dumps(result) + "\n")
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    raise SystemExit(main(sys.argv[1:]))
