"""Memos: notes written in Markdown on the project, documents, actors and claims.

What people write is rendered through the ``markdown`` package and the
``nh3`` sanitiser (DESIGN decision 11, the same function the HTML report
uses), never shown as raw HTML. Memos are searchable with the rest of the
project (``Project.search(..., notes=True)``).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QTimer, QUrl
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from claimdesk.formats.report_html import render_markdown
from claimdesk.ui.safety import open_clicked_link


class MarkdownView(QTextBrowser):
    """A read-only view of Markdown a user wrote, sanitised; a web link clicked opens in the
    browser. Nothing else is followed or loaded: no local files, images or style sheets."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenExternalLinks(False)
        self.setOpenLinks(False)
        self.anchorClicked.connect(open_clicked_link)

    def loadResource(self, kind: int, url: QUrl) -> Any:
        return None

    def set_markdown(self, text: str, *, empty: str = "") -> None:
        if text.strip():
            self.setHtml(render_markdown(text))
        else:
            self.setHtml(f"<p style='color: gray'>{empty}</p>" if empty else "")


class MemoEditor(QWidget):
    """A Markdown memo: the text to edit over its rendered preview, which follows as you type."""

    def __init__(
        self, text: str = "", parent: QWidget | None = None, *, placeholder: str = ""
    ) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        splitter = QSplitter()
        self.edit = QPlainTextEdit(text)
        self.edit.setObjectName("memoEdit")
        self.edit.setPlaceholderText(placeholder or "Write in Markdown: *emphasis*, lists, links…")
        self.preview = MarkdownView()
        self.preview.setObjectName("memoPreview")
        splitter.addWidget(self.edit)
        splitter.addWidget(self.preview)
        layout.addWidget(splitter)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(250)
        self._timer.timeout.connect(self._render)
        self.edit.textChanged.connect(self._timer.start)
        self._render()

    def _render(self) -> None:
        self.preview.set_markdown(self.edit.toPlainText(), empty="The preview shows here.")

    def text(self) -> str:
        return self.edit.toPlainText()


class ProjectPropertiesDialog(QDialog):
    """The project's name and memo (Markdown, with a preview)."""

    def __init__(self, name: str, memo: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("projectProperties")
        self.setWindowTitle("Project properties")
        self.resize(760, 480)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.name = QLineEdit(name)
        self.name.setObjectName("projectNameEdit")
        form.addRow("Name", self.name)
        layout.addLayout(form)
        label = QLabel(
            "Memo: the research question, coding decisions, anything the team should know. "
            "It is searched with the corpus."
        )
        label.setWordWrap(True)
        layout.addWidget(label)
        self.memo = MemoEditor(memo)
        layout.addWidget(self.memo, 1)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def values(self) -> dict[str, str]:
        return {"name": self.name.text().strip(), "memo": self.memo.text()}
