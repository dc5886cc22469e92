"""Long work off the GUI thread: a core function run in a QThread, with progress and Cancel.

The job opens its own connection to the project file (one connection per
thread); its result or its error arrives on the main thread through signals.
Jobs never touch widgets.
"""

from __future__ import annotations

import sqlite3
import threading
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, QThread, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from claimdesk.core.store import Project

#: ``job(project, progress, cancelled) -> result``
Job = Callable[[Project, Callable[[str, int, int], None], Callable[[], bool]], Any]


class _Runner(QObject):
    progressed = Signal(str, int, int)
    succeeded = Signal(object)
    failed = Signal(object, str)

    def __init__(self, path: Path, coder: str, job: Job, cancel: threading.Event) -> None:
        super().__init__()
        self.path, self.coder, self.job, self.cancel = path, coder, job, cancel

    def run(self) -> None:
        try:
            with Project.open(self.path, coder=self.coder, daily_backup=False) as project:
                result = self.job(project, self.progressed.emit, self.cancel.is_set)
        except (OSError, sqlite3.Error) as exc:  # a full disk, a damaged file: said in words
            from claimdesk.core.store._files import storage_error

            where = Path(getattr(exc, "filename", None) or self.path)
            self.failed.emit(storage_error(exc, where), traceback.format_exc())
        except Exception as exc:  # handed to the main thread, which shows it
            self.failed.emit(exc, traceback.format_exc())
        else:
            self.succeeded.emit(result)


class Task(QObject):
    """One background job with a progress dialog; emits ``done(result)`` or ``error(exc, details)``.

    A job the user did not ask for (the daily backup) runs without the dialog
    (``progress_dialog=False``): nothing pops up, nothing waits for it but closing.
    """

    done = Signal(object)
    error = Signal(object, str)

    def __init__(
        self,
        parent: QWidget,
        *,
        title: str,
        path: Path,
        coder: str,
        job: Job,
        progress_dialog: bool = True,
    ) -> None:
        super().__init__(parent)
        self._cancel = threading.Event()
        self._thread = QThread(self)
        self._runner = _Runner(path, coder, job, self._cancel)
        self._runner.moveToThread(self._thread)
        self._thread.started.connect(self._runner.run)
        self._runner.progressed.connect(self._progress, Qt.ConnectionType.QueuedConnection)
        self._runner.succeeded.connect(self._finished_ok, Qt.ConnectionType.QueuedConnection)
        self._runner.failed.connect(self._finished_error, Qt.ConnectionType.QueuedConnection)
        self.dialog: QProgressDialog | None = None
        if progress_dialog:
            self.dialog = QProgressDialog(title, "Cancel", 0, 0, parent)
            self.dialog.setObjectName("progressDialog")
            self.dialog.setWindowTitle(title)
            self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
            self.dialog.setMinimumDuration(400)
            self.dialog.setAutoClose(False)
            self.dialog.setAutoReset(False)
            self.dialog.canceled.connect(self.cancel)
        self.result: Any = None

    def start(self) -> None:
        self._thread.start()

    def cancel(self) -> None:
        self._cancel.set()
        if self.dialog is not None:
            self.dialog.setLabelText("Cancelling…")

    @property
    def running(self) -> bool:
        return self._thread.isRunning()

    def wait(self, msecs: int = 60_000) -> bool:
        return self._thread.wait(msecs)

    def _progress(self, phase: str, done: int, total: int) -> None:
        if self._cancel.is_set() or self.dialog is None:
            return
        self.dialog.setMaximum(total)
        self.dialog.setValue(done)
        self.dialog.setLabelText(f"{phase.capitalize()} {done:,} of {total:,}…")

    def _stop(self) -> None:
        self._thread.quit()
        self._thread.wait()
        if self.dialog is not None:
            self.dialog.close()

    def _finished_ok(self, result: Any) -> None:
        self._stop()
        self.result = result
        self.done.emit(result)

    def _finished_error(self, exc: Exception, details: str) -> None:
        self._stop()
        self.error.emit(exc, details)
