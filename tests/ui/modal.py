"""Driving modal dialogs in GUI tests: they block the caller until someone answers them."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget


def when_dialog(name: str, act: Callable[[QWidget], None]) -> None:
    """Act on the modal dialog called ``name`` as soon as it is open."""

    def attempt() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None or dialog.objectName() != name:
            QTimer.singleShot(20, attempt)
            return
        act(dialog)

    QTimer.singleShot(0, attempt)
