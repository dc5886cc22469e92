"""The ways in that need a dialog: dropped files, tables that need a column mapping, pasted text.

The window calls these; the reading and the writing happen in
``formats.importing`` (in the background) and ``ui.operations.documents``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QMimeData
from PySide6.QtGui import QBrush, QColor, QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from claimdesk.core.errors import FormatError
from claimdesk.formats.table_rows import FIELDS, TablePreview, resolve_mapping
from claimdesk.ui.safety import plain_tip

#: What each field is called in the dialog.
FIELD_LABELS = {
    "text": "Text (required)",
    "title": "Title",
    "date": "Date",
    "source": "Source",
    "url": "URL",
    "language": "Language",
}
NONE = "(none)"
#: Extensions of the files that may be tables: only these are sniffed before an import.
TABLE_SUFFIXES = (".csv", ".tsv", ".xlsx", ".xlsm", ".jsonl", ".ndjson")


def dropped_paths(mime: QMimeData) -> list[Path]:
    """The local files and folders of a drag and drop (web links are ignored: nothing is fetched)."""
    if not mime.hasUrls():
        return []
    return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]


def first_table(paths: list[Path]) -> Path | None:
    """The first file among ``paths`` (and in their folders) that reads as a table."""
    from claimdesk.formats import guess_format
    from claimdesk.formats.importing import collect_files
    from claimdesk.formats.table_rows import TABLE_FORMATS

    for path, _name in collect_files(paths):
        if path.suffix.lower() in TABLE_SUFFIXES and path.is_file():
            fmt = guess_format(path)
            if fmt is not None and fmt.name in TABLE_FORMATS:
                return path
    return None


class TableMappingDialog(QDialog):
    """Which column holds the text, the title, the date...: with the first rows as a preview."""

    def __init__(
        self,
        file_name: str,
        preview: TablePreview,
        mapping: dict[str, Any] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("tableMappingDialog")
        self.setWindowTitle("Columns of the table")
        self.resize(900, 560)
        self.preview = preview
        layout = QVBoxLayout(self)
        intro = QLabel(
            f"<b>{file_name}</b>: one article per row. Choose the column that holds each "
            "field; every other column is kept as metadata of the document. The choice is "
            "remembered for this project."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        grid = QGridLayout()
        self.combos: dict[str, QComboBox] = {}
        try:
            chosen = resolve_mapping(preview.columns, {**(mapping or {}), "remembered": True})
        except FormatError:
            chosen = preview.guess
        for i, key in enumerate(FIELDS):
            combo = QComboBox()
            combo.setObjectName(f"map{key.capitalize()}")
            combo.addItems([NONE, *preview.columns])
            current = getattr(chosen, key)
            combo.setCurrentText(current if current in preview.columns else NONE)
            combo.currentIndexChanged.connect(self._update)
            self.combos[key] = combo
            label = QLabel(FIELD_LABELS[key])
            label.setBuddy(combo)
            grid.addWidget(label, i // 3, (i % 3) * 2)
            grid.addWidget(combo, i // 3, (i % 3) * 2 + 1)
        layout.addLayout(grid)
        self.table = QTableWidget(len(preview.rows), len(preview.columns))
        self.table.setObjectName("mappingPreview")
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        for r, row in enumerate(preview.rows):
            for c, value in enumerate(row):
                shown = " ".join(value.split())
                item = QTableWidgetItem(shown if len(shown) < 200 else shown[:199] + "…")
                item.setToolTip(plain_tip(value[:2000]))
                self.table.setItem(r, c, item)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setDefaultSectionSize(150)
        layout.addWidget(self.table, 1)
        self.status = QLabel("")
        self.status.setObjectName("mappingStatus")
        layout.addWidget(self.status)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Import")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._update()

    def mapping(self) -> dict[str, Any]:
        """The chosen mapping; a field set to "(none)" is mapped to no column."""
        return {
            key: ("" if combo.currentText() == NONE else combo.currentText())
            for key, combo in self.combos.items()
        }

    def _update(self) -> None:
        roles = {column: key for key, column in self.mapping().items() if column}
        highlight = QBrush(QColor("#e8f0fe"))
        for c, column in enumerate(self.preview.columns):
            role = roles.get(column)
            label = f"{column}\n→ {role}" if role else f"{column}\n(metadata)"
            self.table.setHorizontalHeaderItem(c, QTableWidgetItem(label))
            for r in range(self.table.rowCount()):
                item = self.table.item(r, c)
                if item is not None:
                    item.setBackground(highlight if role else QBrush())
        has_text = bool(self.mapping()["text"])
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(has_text)
        self.status.setText(
            f"{len(self.preview.rows)} first rows shown · {len(self.preview.columns)} columns"
            if has_text
            else "Choose the column that holds the article text."
        )


class PasteArticleDialog(QDialog):
    """A new article from the clipboard: the text (editable) and its title, date, source and URL."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pasteArticleDialog")
        self.setWindowTitle("Paste as new article")
        self.resize(720, 620)
        layout = QVBoxLayout(self)
        self.text = QPlainTextEdit(text)
        self.text.setObjectName("pasteText")
        self.text.setPlaceholderText("Paste the article text here (Ctrl+V).")
        layout.addWidget(self.text, 1)
        form = QFormLayout()
        self.edits: dict[str, QLineEdit] = {}
        for key, label, hint in (
            ("title", "Title", "empty: the first line or sentence"),
            ("published", "Date", "YYYY, YYYY-MM or YYYY-MM-DD"),
            ("source", "Source", "newspaper, site or broadcaster"),
            ("url", "URL", ""),
        ):
            edit = QLineEdit()
            edit.setObjectName(f"paste{key.capitalize()}")
            edit.setPlaceholderText(hint)
            self.edits[key] = edit
            form.addRow(label, edit)
        layout.addLayout(form)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Add Article")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.text.textChanged.connect(self._update)
        self._update()

    def _update(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(
            bool(self.text.toPlainText().strip())
        )

    def values(self) -> dict[str, Any]:
        data: dict[str, Any] = {k: e.text().strip() for k, e in self.edits.items()}
        data["published"] = data["published"] or None
        # Qt hands paragraph separators back as U+2029; the stored text uses LF.
        data["text"] = self.text.toPlainText().replace("\u2029", "\n")
        return data


def clipboard_text() -> str:
    return QGuiApplication.clipboard().text() or ""


__all__ = [
    "PasteArticleDialog",
    "TableMappingDialog",
    "clipboard_text",
    "dropped_paths",
    "first_table",
]
