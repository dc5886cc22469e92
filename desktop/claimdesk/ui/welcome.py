"""The first start: a short "how to code a claim" guide over the reading view.

The guide shows on the first start (until the user dismisses it with "Got it",
which is remembered in the settings) and again from Help → How to Code a Claim.
It does not take the focus: the user can select text and press C while it is up.
Also here: the one-time note on a Documents folder kept in OneDrive.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QFrame,
    QGraphicsDropShadowEffect,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from claimdesk.core.model import stable_uuid
from claimdesk.core.places import cloud_folder_note
from claimdesk.core.settings import Settings
from claimdesk.core.store import Project

if TYPE_CHECKING:
    from claimdesk.ui.mainwindow import MainWindow

MARGIN = 16
WIDTH = 380

STYLE = """
QFrame#welcomePanel {
    background: palette(base);
    border: 1px solid palette(mid);
    border-left: 4px solid #0072B2;
    border-radius: 6px;
}
QLabel#welcomeTitle { font-size: 12pt; font-weight: 600; }
QLabel#welcomeSteps, QLabel#welcomeFooter { color: palette(text); }
QLabel#welcomeFooter { color: palette(placeholder-text); }
"""


def _key(text: str) -> str:
    return (
        "<span style='font-family: monospace; font-weight: 600; "
        f"background-color: rgba(128, 128, 128, 48);'>&nbsp;{html.escape(text)}&nbsp;</span>"
    )


def steps_html(stances: list[tuple[str, str]]) -> str:
    """The guide's steps; ``stances`` are the codebook's (key, label) pairs."""
    stance_keys = ", ".join(f"{_key(k)} {html.escape(label)}" for k, label in stances[:4])
    if not stance_keys:
        stance_keys = "a digit"
    items = [
        "<b>Select the words</b> of a claim in the article: drag with the mouse, or "
        f"Shift+arrows. {_key('S')} widens the selection to the whole sentence.",
        f"<b>Press {_key('C')}</b>. The claim is highlighted, and the panel on the right "
        "asks who makes it.",
        "<b>Type the first letters</b> of who makes the claim (the claimant) and press "
        f"{_key('Enter')}. A new name becomes a new actor.",
        f"<b>Press the stance's key</b>: {stance_keys}.",
        f"<b>Press {_key('N')}</b> for the next article. Every edit is saved at once; "
        f"{_key('Ctrl+Z')} undoes it.",
    ]
    return (
        "<ol style='margin-left: -18px;'>"
        + "".join(f"<li style='margin-bottom: 4px;'>{item}</li>" for item in items)
        + "</ol>"
    )


class WelcomePanel(QFrame):
    """The guide, floating in the bottom right corner of the reading view."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window.reader)
        self.window_ = window
        self.setObjectName("welcomePanel")
        self.setStyleSheet(STYLE)
        self.setFixedWidth(WIDTH)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        shadow = QGraphicsDropShadowEffect(self)
        shadow.setBlurRadius(18)
        shadow.setOffset(0, 3)
        shadow.setColor(QColor(0, 0, 0, 70))
        self.setGraphicsEffect(shadow)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(6)
        self.title = QLabel("How to code a claim")
        self.title.setObjectName("welcomeTitle")
        layout.addWidget(self.title)
        self.steps = QLabel()
        self.steps.setObjectName("welcomeSteps")
        self.steps.setTextFormat(Qt.TextFormat.RichText)
        self.steps.setWordWrap(True)
        layout.addWidget(self.steps)
        self.footer = QLabel()
        self.footer.setObjectName("welcomeFooter")
        self.footer.setWordWrap(True)
        layout.addWidget(self.footer)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.gotIt = QPushButton("Got it")
        self.gotIt.setObjectName("welcomeGotIt")
        self.gotIt.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.gotIt.setDefault(False)
        self.gotIt.clicked.connect(self.dismiss)
        buttons.addWidget(self.gotIt)
        layout.addLayout(buttons)
        window.reader.installEventFilter(self)
        self.refresh()
        self.hide()

    def refresh(self) -> None:
        """Fill in the stances of the open project's codebook and what the project is."""
        codebook = self.window_.project.codebook()
        stances = [(s.key, s.label) for s in codebook.stances if s.key]
        self.steps.setText(steps_html(sorted(stances)))
        demo = is_demo(self.window_.project)
        self.footer.setText(
            ("This is the demo project: sample articles to try things out. Start your own with "
             "File → New Project, then File → Import Articles. " if demo else "")
            + "F1 lists every shortcut; Help → How to Code a Claim shows this again."
        )  # fmt: skip
        self.adjustSize()
        self.place()

    def place(self) -> None:
        """Bottom right of the reader, clear of its scroll bar."""
        reader = self.window_.reader
        self.adjustSize()
        area = reader.viewport().geometry()
        x = max(MARGIN, area.right() - self.width() - MARGIN)
        y = max(MARGIN, area.bottom() - self.height() - MARGIN)
        self.move(x, y)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.Resize, QEvent.Type.Show) and self.isVisible():
            # The reader lays out its viewport after this filter has seen the event.
            QTimer.singleShot(0, self.place)
        return False

    def open(self) -> None:
        self.refresh()
        self.show()
        self.raise_()

    def dismiss(self) -> None:
        """Hide the guide and remember that it was seen."""
        self.hide()
        settings = Settings.load()
        if not settings.welcome_seen:
            settings.welcome_seen = True
            settings.save()
        self.window_.reader.setFocus()


def is_demo(project: Project) -> bool:
    """True for a copy of the demo project (its id is the same everywhere)."""
    return str(project.info().get("uuid")) == stable_uuid("demo/project")


def welcome_panel(window: MainWindow) -> WelcomePanel:
    """The window's guide (made on first use)."""
    panel = window.findChild(WelcomePanel, "welcomePanel")
    return panel if panel is not None else WelcomePanel(window)


def show_how_to_code(window: MainWindow) -> WelcomePanel:
    """Show the guide (Help → How to Code a Claim)."""
    panel = welcome_panel(window)
    panel.open()
    return panel


def show_on_first_run(window: MainWindow, settings: Settings | None = None) -> bool:
    """Show the guide unless the user has dismissed it before; True when shown."""
    settings = settings or Settings.load()
    if settings.welcome_seen:
        return False
    show_how_to_code(window)
    return True


def note_cloud_folder_once(parent: QWidget | None, folder: Path) -> bool:
    """Explain, the first time only, what a Documents folder kept in OneDrive means."""
    settings = Settings.load()
    if settings.cloud_folder_noted:
        return False
    note = cloud_folder_note(folder)
    if note is None:
        return False
    box = QMessageBox(QMessageBox.Icon.Information, "Projects in OneDrive", note, parent=parent)
    box.setObjectName("cloudFolderNote")
    box.exec()
    settings.cloud_folder_noted = True
    settings.save()
    return True
