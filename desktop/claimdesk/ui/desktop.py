"""Desktop integration: project files the system hands over, and the log folder.

A double-clicked ``.claimdesk`` file reaches the program as an argument on Windows
and Linux, but on macOS as a ``QFileOpenEvent`` (also while the program runs).
:class:`FileOpenHandler` catches those and opens the project in the window.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QUrl
from PySide6.QtGui import QDesktopServices, QFileOpenEvent
from PySide6.QtWidgets import QApplication

from claimdesk.core.settings import log_dir

if TYPE_CHECKING:
    from claimdesk.ui.mainwindow import MainWindow

log = logging.getLogger("claimdesk")


class FileOpenHandler(QObject):
    """Opens the files of QFileOpenEvents in the window (paths that arrive early wait for it)."""

    def __init__(self, app: QApplication, *, listen: bool = True) -> None:
        """:param listen: watch the application's events (a filter there sees every event
        of every widget, so :meth:`install` listens only where the system sends these)"""
        super().__init__(app)
        self.setObjectName("fileOpenHandler")
        self.window: MainWindow | None = None
        self.pending: list[Path] = []
        if listen:
            app.installEventFilter(self)

    @classmethod
    def install(cls, app: QApplication) -> FileOpenHandler:
        """The application's handler (one per application); it listens on macOS only."""
        existing = app.findChild(cls, "fileOpenHandler")
        return existing if existing is not None else cls(app, listen=sys.platform == "darwin")

    def attach(self, window: MainWindow) -> None:
        """From now on open files in ``window``; opens the last file that waited."""
        self.window = window
        if self.pending:
            path = self.pending[-1]
            self.pending.clear()
            self.open(path)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FileOpen and isinstance(event, QFileOpenEvent):
            path = Path(event.file())
            if path.suffix.lower() == ".claimdesk" or path.is_file():
                if self.window is None:
                    self.pending.append(path)
                else:
                    self.open(path)
                return True
        return False

    def open(self, path: Path) -> None:
        assert self.window is not None
        log.info("the system asked to open %s", path)
        if path.resolve() != self.window.project.path.resolve():
            self.window.open_project(path)
        self.window.raise_()
        self.window.activateWindow()


def open_log_folder() -> Path:
    """Show the log folder (log, crash reports) in the file manager; returns it."""
    folder = log_dir()
    folder.mkdir(parents=True, exist_ok=True)
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))
    return folder
