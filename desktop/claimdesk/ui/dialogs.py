"""Dialogs: errors with details to copy, the coder's name, the import report, shortcuts."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)


def show_error(
    parent: QWidget | None, message: str, details: str = "", *, title: str = "Claimdesk"
) -> None:
    """A warning with the reason and, when there are any, details the user can copy."""
    box = QMessageBox(
        QMessageBox.Icon.Warning, title, message, QMessageBox.StandardButton.Ok, parent
    )
    box.setObjectName("errorDialog")
    box.setTextFormat(Qt.TextFormat.PlainText)  # messages name files: never read them as markup
    if details:
        box.setDetailedText(details)
        copy = box.addButton("Copy details", QMessageBox.ButtonRole.ActionRole)
        copy.clicked.disconnect()
        copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(f"{message}\n\n{details}"))
    box.exec()


def ask_coder_name(parent: QWidget | None, current: str) -> str | None:
    """Ask who is coding; the name is stored with every claim."""
    name, ok = QInputDialog.getText(
        parent,
        "Who is coding?",
        "Your name as a coder. It is saved with every claim you code, so that\n"
        "coders can be compared later. You can change it in Tools → Set Coder.",
        text=current,
    )
    name = name.strip()
    return name if ok and name else None


class ImportReportDialog(QDialog):
    """What happened to each file of an import: imported, duplicate or failed, with the reason.

    ``rows`` are ``(file, outcome, reason)`` or ``formats.import_report.FileResult``
    rows (file, outcome, title, details); the table can be copied or saved as CSV.
    """

    def __init__(self, summary: str, rows: list[Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from dataclasses import astuple

        from claimdesk.formats.import_report import FileResult

        self.setObjectName("importReport")
        self.setWindowTitle("Import report")
        self.resize(860, 460)
        self.results = [
            r if isinstance(r, FileResult) else FileResult(r[0], r[1], "", r[2]) for r in rows
        ]
        layout = QVBoxLayout(self)
        label = QLabel(summary)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setWordWrap(True)
        layout.addWidget(label)
        table = QTableWidget(len(self.results), 4)
        table.setObjectName("importReportTable")
        table.setHorizontalHeaderLabels(["File", "Outcome", "Title", "Reason"])
        colors = {"failed": "#b00020", "duplicate": "#8a6d00", "note": "#555555"}
        for r, result in enumerate(self.results):
            for c, value in enumerate(astuple(result)):
                item = QTableWidgetItem(value)
                if c == 1 and value in colors:
                    item.setForeground(QColor(colors[value]))
                table.setItem(r, c, item)
        table.horizontalHeader().setStretchLastSection(True)
        table.resizeColumnsToContents()
        for column, most in ((0, 260), (2, 240)):
            table.setColumnWidth(column, min(table.columnWidth(column), most))
        self.table = table
        layout.addWidget(table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        copy = QPushButton("Copy")
        copy.clicked.connect(
            lambda: QGuiApplication.clipboard().setText(
                "\n".join("\t".join(astuple(r)) for r in self.results)
            )
        )
        buttons.addButton(copy, QDialogButtonBox.ButtonRole.ActionRole)
        save = QPushButton("Save as CSV…")
        save.setObjectName("saveReportCsv")
        save.clicked.connect(self.save_csv_dialog)
        buttons.addButton(save, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)

    def save_csv_dialog(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        path, _ = QFileDialog.getSaveFileName(
            self, "Save the import report", "import-report.csv", "CSV files (*.csv)"
        )
        if path:
            self.save_csv(path)

    def save_csv(self, path: str) -> None:
        from claimdesk.formats.import_report import save_results_csv

        try:
            save_results_csv(self.results, path)
        except OSError as exc:
            show_error(self, f"Cannot save {path}: {exc.strerror or exc}")


class ShortcutsDialog(QDialog):
    """Every keyboard shortcut of the window, read from its actions."""

    def __init__(self, rows: list[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shortcutsDialog")
        self.setWindowTitle("Keyboard shortcuts")
        layout = QVBoxLayout(self)
        form = QFormLayout()
        for keys, what in rows:
            key_label = QLabel(f"<b>{keys}</b>")
            form.addRow(key_label, QLabel(what))
        layout.addLayout(form)
        tips = QLabel(
            "Selections snap to whole words; hold Alt while pressing C or M to keep the exact selection.\n"
            "Click a highlight to select its claim. Every edit is saved at once."
        )
        tips.setWordWrap(True)
        layout.addWidget(tips)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


class DocumentPropertiesDialog(QDialog):
    """Edit a document's title, date, source, language and URL."""

    def __init__(
        self, values: dict[str, str], parent: QWidget | None = None, *, extra: QWidget | None = None
    ) -> None:
        """:param extra: more fields under the metadata (the codebook's document variables)"""
        super().__init__(parent)
        from PySide6.QtWidgets import QLineEdit

        self.setObjectName("documentProperties")
        self.setWindowTitle("Document properties")
        self.resize(560, 0)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.edits: dict[str, QLineEdit] = {}
        for key, label in (
            ("title", "Title"),
            ("published", "Date (YYYY, YYYY-MM or YYYY-MM-DD)"),
            ("source", "Source"),
            ("language", "Language"),
            ("url", "URL"),
        ):
            edit = QLineEdit(values.get(key) or "")
            edit.setObjectName(f"{key}Edit")
            self.edits[key] = edit
            form.addRow(label, edit)
        layout.addLayout(form)
        if extra is not None:
            layout.addWidget(extra)
        memo_label = QLabel("Memo")
        layout.addWidget(memo_label)
        self.memo = QPlainTextEdit(values.get("memo") or "")
        layout.addWidget(self.memo)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def values(self) -> dict[str, str | None]:
        data: dict[str, str | None] = {k: e.text().strip() for k, e in self.edits.items()}
        data["published"] = data["published"] or None
        data["language"] = data["language"] or None
        data["memo"] = self.memo.toPlainText()
        return data
