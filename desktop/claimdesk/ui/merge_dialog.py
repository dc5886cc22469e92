"""The merge preview: what merging another coder's copy adds, and how each conflict is settled.

The preview is a dry run of the real merge (nothing is written until the user
clicks Merge). Every conflict (the same claim or mention edited differently
in both copies) shows our version beside theirs, with a choice: keep ours
(the default), take theirs, or keep both.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from claimdesk.core.conflicts import RESOLUTION_NAMES, RESOLUTIONS, Conflict
from claimdesk.core.matching import MergeReport


def _version(conflict: Conflict, side: dict[str, str]) -> str:
    lines = [f"“{side.get('quote', '')}”"]
    for name in conflict.fields:
        value = side.get(name, "")
        lines.append(f"{name}: {value if value else '(empty)'}")
    when = side.get("modified", "")[:16].replace("T", " ")
    who = ", ".join(x for x in (side.get("coder", ""), when) if x)
    if who:
        lines.append(f"({who})")
    return "\n".join(lines)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


class MergeDialog(QDialog):
    """Shows a merge preview (a dry-run report) and asks how to settle each conflict."""

    def __init__(self, name: str, report: MergeReport, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mergeDialog")
        self.setWindowTitle(f"Merge {name}")
        self.resize(980, 620)
        self.report = report
        layout = QVBoxLayout(self)
        intro = QLabel(
            f"<b>Merging {html.escape(name)}</b> — a preview: nothing has been written yet. "
            "Documents are matched by id or text, actors by id or name; what is new is added, "
            "what is here is kept. The merge is one step that Edit → Undo takes back."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.summaryTable = QTableWidget(5, 3)
        self.summaryTable.setObjectName("mergeSummary")
        self.summaryTable.setHorizontalHeaderLabels(["", "Will be added", "Already here"])
        rows = [
            ("Documents", report.documents_added, report.documents_matched),
            ("Actors", report.actors_added, report.actors_matched),
            ("Claims", report.claims_added, report.claims_present),
            ("Mentions", report.mentions_added, report.mentions_present),
            ("Coding statuses", report.statuses_added, f"{report.statuses_advanced} moved forward"),
        ]
        for r, (label, added, present) in enumerate(rows):
            for c, value in enumerate((label, str(added), str(present))):
                item = QTableWidgetItem(value)
                if c:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.summaryTable.setItem(r, c, item)
        self.summaryTable.verticalHeader().hide()
        self.summaryTable.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.summaryTable.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        self.summaryTable.resizeColumnsToContents()
        self.summaryTable.setFixedSize(
            self.summaryTable.horizontalHeader().length() + 4,
            self.summaryTable.horizontalHeader().height()
            + self.summaryTable.verticalHeader().length()
            + 4,
        )
        layout.addWidget(self.summaryTable)
        conflicts = report.conflicts
        self.conflictLabel = QLabel(
            f"<b>{_count(len(conflicts), 'conflict')}</b>: the same record was edited differently here and "
            f"in {html.escape(name)}. Choose for each which version the project keeps."
            if conflicts
            else "No conflicts: nothing here was edited differently in the other copy."
        )
        self.conflictLabel.setWordWrap(True)
        layout.addWidget(self.conflictLabel)
        self.conflictTable = QTableWidget(len(conflicts), 5)
        self.conflictTable.setObjectName("conflictTable")
        self.conflictTable.setHorizontalHeaderLabels(
            ["Document", "Differs in", "Ours (this project)", "Theirs", "Keep"]
        )
        self.conflictTable.verticalHeader().hide()
        self.conflictTable.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.conflictTable.setWordWrap(True)
        self.combos: list[QComboBox] = []
        for r, conflict in enumerate(conflicts):
            cells = [
                f"{conflict.document}\n{conflict.kind}",
                ", ".join(conflict.fields),
                _version(conflict, conflict.ours),
                _version(conflict, conflict.theirs),
            ]
            for c, text in enumerate(cells):
                self.conflictTable.setItem(r, c, QTableWidgetItem(text))
            combo = QComboBox()
            combo.setObjectName(f"resolution{r}")
            for key in RESOLUTIONS:
                combo.addItem(RESOLUTION_NAMES[key], key)
            combo.setCurrentIndex(RESOLUTIONS.index(conflict.resolution))
            cell = QWidget()
            cell_layout = QVBoxLayout(cell)
            cell_layout.setContentsMargins(6, 0, 6, 0)
            cell_layout.addStretch(1)
            cell_layout.addWidget(combo)
            cell_layout.addStretch(1)
            self.conflictTable.setCellWidget(r, 4, cell)
            self.combos.append(combo)
        header = self.conflictTable.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(0, 190)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(4, QComboBox().sizeHint().width() + 60)
        self.conflictTable.resizeRowsToContents()
        self.conflictTable.setVisible(bool(conflicts))
        layout.addWidget(self.conflictTable, 1)
        if conflicts:
            row = QHBoxLayout()
            row.addWidget(QLabel("For all:"))
            for key in RESOLUTIONS:
                button = QPushButton(RESOLUTION_NAMES[key].capitalize())
                button.setObjectName(f"all_{key}")
                button.clicked.connect(lambda _c=False, k=key: self.set_all(k))
                row.addWidget(button)
            newer = QPushButton("The newer version")
            newer.setObjectName("all_newer")
            newer.setToolTip("Take theirs where it was edited after ours, else keep ours")
            newer.clicked.connect(self.take_newer)
            row.addWidget(newer)
            row.addStretch(1)
            layout.addLayout(row)
        if report.problems:
            problems = QPlainTextEdit("\n".join(report.problems))
            problems.setObjectName("mergeProblems")
            problems.setReadOnly(True)
            problems.setMaximumHeight(90)
            layout.addWidget(QLabel(f"{len(report.problems)} records cannot be placed:"))
            layout.addWidget(problems)
        if not conflicts:
            layout.addStretch(1)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        merge = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        merge.setText("Merge")
        merge.setObjectName("mergeButton")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def set_all(self, resolution: str) -> None:
        for combo in self.combos:
            combo.setCurrentIndex(RESOLUTIONS.index(resolution))

    def take_newer(self) -> None:
        for conflict, combo in zip(self.report.conflicts, self.combos, strict=True):
            newer = conflict.theirs.get("modified", "") > conflict.ours.get("modified", "")
            combo.setCurrentIndex(RESOLUTIONS.index("theirs" if newer else "ours"))

    def resolutions(self) -> dict[str, str]:
        """``{record uuid: "ours" | "theirs" | "both"}`` as chosen."""
        return {
            conflict.uuid: combo.currentData()
            for conflict, combo in zip(self.report.conflicts, self.combos, strict=True)
        }
