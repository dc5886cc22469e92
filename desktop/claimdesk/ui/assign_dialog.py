"""Dialogs to share the documents among coders and to follow each coder's progress."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from claimdesk.core.store import CoderProgress


class AssignDialog(QDialog):
    """Which coders share the documents, and how many every coder codes for reliability."""

    def __init__(self, coders: list[str], documents: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("assignDialog")
        self.setWindowTitle("Assign documents to coders")
        self.resize(460, 480)
        self.documents = documents
        layout = QVBoxLayout(self)
        intro = QLabel(
            "Every coder codes the <b>reliability sample</b>, so that their agreement can be "
            "measured; the other documents are split between the coders at random. Assigning "
            "again replaces the earlier assignment."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addWidget(QLabel("Coders"))
        self.coderList = QListWidget()
        self.coderList.setObjectName("assignCoders")
        for name in coders:
            self._add_coder(name, checked=False)
        layout.addWidget(self.coderList)
        row = QHBoxLayout()
        self.newCoder = QLineEdit()
        self.newCoder.setObjectName("newCoderEdit")
        self.newCoder.setPlaceholderText("Add a coder by name")
        self.newCoder.returnPressed.connect(self._add_typed)
        add = QPushButton("Add")
        add.clicked.connect(self._add_typed)
        row.addWidget(self.newCoder)
        row.addWidget(add)
        layout.addLayout(row)
        form = QFormLayout()
        self.sample = QSpinBox()
        self.sample.setObjectName("reliabilitySpin")
        self.sample.setRange(0, documents)
        self.sample.setValue(min(documents, max(1, round(documents * 0.2))) if documents else 0)
        self.sample.setSuffix(f" of {documents} documents")
        form.addRow("Reliability sample", self.sample)
        self.seedCheck = QCheckBox("Repeatable draw, seed")
        self.seed = QSpinBox()
        self.seed.setRange(0, 999_999)
        self.seed.setEnabled(False)
        self.seedCheck.toggled.connect(self.seed.setEnabled)
        form.addRow(self.seedCheck, self.seed)
        layout.addLayout(form)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Assign")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.coderList.itemChanged.connect(self._update_ok)
        self._update_ok()

    def _add_coder(self, name: str, *, checked: bool) -> None:
        item = QListWidgetItem(name)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        self.coderList.addItem(item)
        if hasattr(self, "buttons"):
            self._update_ok()

    def _add_typed(self) -> None:
        name = self.newCoder.text().strip()
        if name and name not in self.checked_coders() + self._all_names():
            self._add_coder(name, checked=True)
        elif name:
            for item in self.coderList.findItems(name, Qt.MatchFlag.MatchExactly):
                item.setCheckState(Qt.CheckState.Checked)
        self.newCoder.clear()

    def _all_names(self) -> list[str]:
        return [self.coderList.item(i).text() for i in range(self.coderList.count())]

    def checked_coders(self) -> list[str]:
        return [
            self.coderList.item(i).text()
            for i in range(self.coderList.count())
            if self.coderList.item(i).checkState() == Qt.CheckState.Checked
        ]

    def set_checked(self, names: list[str]) -> None:
        for i in range(self.coderList.count()):
            item = self.coderList.item(i)
            state = Qt.CheckState.Checked if item.text() in names else Qt.CheckState.Unchecked
            item.setCheckState(state)

    def _update_ok(self, *_: object) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(bool(self.checked_coders()) and self.documents > 0)

    def values(self) -> dict[str, Any]:
        """The keyword arguments of ``operations.team.assign_documents``."""
        return {
            "coders": self.checked_coders(),
            "reliability": self.sample.value(),
            "seed": self.seed.value() if self.seedCheck.isChecked() else None,
        }


class CoderProgressDialog(QDialog):
    """Each coder's assigned documents, how many are done, and the claims they made."""

    COLUMNS = (
        "Coder",
        "Assigned",
        "Reliability sample done",
        "Done",
        "In progress",
        "To do",
        "Claims",
    )

    def __init__(self, rows: list[CoderProgress], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("coderProgressDialog")
        self.setWindowTitle("Coder progress")
        self.resize(720, 320)
        layout = QVBoxLayout(self)
        self.table = QTableWidget(len(rows), len(self.COLUMNS))
        self.table.setObjectName("coderProgressTable")
        self.table.setHorizontalHeaderLabels(self.COLUMNS)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        for r, p in enumerate(rows):
            cells = [
                p.coder,
                str(p.assigned),
                f"{p.reliability_done} of {p.reliability}" if p.reliability else "–",
                f"{p.done} ({100 * p.done // p.assigned} %)" if p.assigned else str(p.done_total),
                str(p.in_progress),
                str(p.to_do),
                str(p.claims),
            ]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.table.setItem(r, c, item)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.table)
        note = QLabel(
            "Done counts the assigned documents a coder marked done (Ctrl+D); without "
            "assignments, every document they marked done."
            if rows
            else "No coder has been assigned documents or coded anything yet."
        )
        note.setWordWrap(True)
        layout.addWidget(note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
