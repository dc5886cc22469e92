"""Dialogs: errors with details to copy, the coder's name, the import report, shortcuts."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
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
    """What an import skipped: duplicates and failed files, each with the reason."""

    def __init__(
        self, summary: str, rows: list[tuple[str, str, str]], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("importReport")
        self.setWindowTitle("Import report")
        self.resize(760, 420)
        layout = QVBoxLayout(self)
        label = QLabel(summary)
        label.setWordWrap(True)
        layout.addWidget(label)
        table = QTableWidget(len(rows), 3)
        table.setObjectName("importReportTable")
        table.setHorizontalHeaderLabels(["File", "Outcome", "Reason"])
        for r, (file, outcome, reason) in enumerate(rows):
            for c, value in enumerate((file, outcome, reason)):
                table.setItem(r, c, QTableWidgetItem(value))
        table.horizontalHeader().setStretchLastSection(True)
        table.resizeColumnsToContents()
        layout.addWidget(table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        copy = QPushButton("Copy")
        copy.clicked.connect(
            lambda: QGuiApplication.clipboard().setText("\n".join("\t".join(r) for r in rows))
        )
        buttons.addButton(copy, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)


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

    def __init__(self, values: dict[str, str], parent: QWidget | None = None) -> None:
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
