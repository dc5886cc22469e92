"""The Qt front end: a thin layer of widgets and models over ``claimdesk.core``."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the package itself loads no Qt: ui.operations is Qt-free
    from PySide6.QtWidgets import QMainWindow


def open_main_window(project_path: str | os.PathLike[str]) -> QMainWindow:
    """Open a project and show its main window inside an existing QApplication.

    For tests and scripted checks; raises ``ClaimdeskError`` when the project cannot be opened.
    """
    from claimdesk.core.settings import Settings
    from claimdesk.ui.app import apply_look
    from claimdesk.ui.mainwindow import MainWindow
    from claimdesk.ui.safety import open_for_window

    apply_look()
    project = open_for_window(Path(project_path), Settings.load().coder)
    window = MainWindow(project)
    window.show()
    return window
