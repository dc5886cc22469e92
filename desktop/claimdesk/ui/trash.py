"""The trash: restore deleted documents, claims, mentions and actors, or empty it for good."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from claimdesk.core.store import Project
from claimdesk.ui.operations import documents as document_ops

_KINDS = {"documents": "Documents", "claims": "Claims", "mentions": "Mentions", "actors": "Actors"}


class TrashDialog(QDialog):
    def __init__(
        self, project: Project, perform: Callable[..., Any], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("trashDialog")
        self.setWindowTitle("Trash")
        self.resize(640, 420)
        self.project = project
        self.perform = perform
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                "Deleted records stay here until the trash is emptied. Restore brings them back."
            )
        )
        self.tree = QTreeWidget()
        self.tree.setObjectName("trashTree")
        self.tree.setHeaderLabels(["What", "Deleted"])
        self.tree.setSelectionMode(QTreeWidget.SelectionMode.ExtendedSelection)
        layout.addWidget(self.tree)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.restoreButton = QPushButton("Restore")
        self.restoreButton.clicked.connect(self.restore_selected)
        self.emptyButton = QPushButton("Empty Trash…")
        self.emptyButton.clicked.connect(self.empty)
        buttons.addButton(self.restoreButton, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.emptyButton, QDialogButtonBox.ButtonRole.DestructiveRole)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.fill()

    def fill(self) -> None:
        self.tree.clear()
        for kind, rows in self.project.trash().items():
            parent = QTreeWidgetItem([f"{_KINDS[kind]} ({len(rows)})", ""])
            parent.setFlags(parent.flags() & ~Qt.ItemFlag.ItemIsSelectable)
            self.tree.addTopLevelItem(parent)
            for row in rows:
                label = row["label"] if len(row["label"]) < 100 else row["label"][:99] + "…"
                item = QTreeWidgetItem([label, row["deleted"][:16].replace("T", " ")])
                item.setData(0, Qt.ItemDataRole.UserRole, (kind, row["id"]))
                parent.addChild(item)
            parent.setExpanded(True)
        self.tree.resizeColumnToContents(1)
        self.emptyButton.setEnabled(
            any(self.project.trash().values()) and not self.project.readonly
        )

    def restore_selected(self) -> None:
        chosen: dict[str, list[int]] = {}
        for item in self.tree.selectedItems():
            data = item.data(0, Qt.ItemDataRole.UserRole)
            if data:
                chosen.setdefault(data[0], []).append(data[1])
        for kind, ids in chosen.items():
            self.perform(document_ops.restore_from_trash, kind=kind, ids=ids)
        self.fill()

    def empty(self) -> None:
        answer = QMessageBox.question(
            self,
            "Empty trash",
            "Delete everything in the trash for good? This cannot be undone, "
            "and it clears the undo history.",
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.perform(document_ops.empty_trash)
            self.fill()
