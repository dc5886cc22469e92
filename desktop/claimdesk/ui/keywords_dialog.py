"""The keyword highlighter's list: words or regular expressions, each with its colour."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QColorDialog,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from claimdesk.core.errors import ProjectError
from claimdesk.core.keywords import DEFAULT_COLOR, Keyword, check_keywords
from claimdesk.ui import dialogs
from claimdesk.ui.operations.codebook import PALETTE

PATTERN, REGEX, COLOUR = range(3)


class KeywordsDialog(QDialog):
    """Edit the keywords painted as reading aids; saved in the project when accepted."""

    def __init__(self, keywords: list[Keyword], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("keywordsDialog")
        self.setWindowTitle("Keyword highlighter")
        self.resize(560, 420)
        layout = QVBoxLayout(self)
        intro = QLabel(
            "Words to look out for while reading, painted in their colour. A word matches whole "
            "words, ignoring case and accents; end it with * for any ending (minist*). Tick "
            "“regex” for a regular expression (spionage|espionage)."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("keywordTable")
        self.table.setHorizontalHeaderLabels(["Word, phrase or expression", "Regex", "Colour"])
        self.table.horizontalHeader().setSectionResizeMode(PATTERN, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.cellDoubleClicked.connect(self._double_clicked)
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        add = QPushButton("Add")
        add.setObjectName("keywordAdd")
        add.clicked.connect(lambda: self.add_keyword(Keyword("", self._next_color())))
        remove = QPushButton("Remove")
        remove.setObjectName("keywordRemove")
        remove.clicked.connect(self.remove_selected)
        row.addWidget(add)
        row.addWidget(remove)
        row.addStretch(1)
        layout.addLayout(row)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        for keyword in keywords:
            self.add_keyword(keyword, edit=False)

    def _next_color(self) -> str:
        return PALETTE[self.table.rowCount() % len(PALETTE)]

    def add_keyword(self, keyword: Keyword, *, edit: bool = True) -> int:
        row = self.table.rowCount()
        self.table.insertRow(row)
        self.table.setItem(row, PATTERN, QTableWidgetItem(keyword.pattern))
        regex = QTableWidgetItem()
        regex.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
        regex.setCheckState(Qt.CheckState.Checked if keyword.regex else Qt.CheckState.Unchecked)
        self.table.setItem(row, REGEX, regex)
        self._set_color(row, keyword.color or DEFAULT_COLOR)
        if edit:
            self.table.setCurrentCell(row, PATTERN)
            self.table.editItem(self.table.item(row, PATTERN))
        return row

    def _set_color(self, row: int, color: str) -> None:
        item = QTableWidgetItem(color)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
        item.setBackground(QColor(color))
        item.setToolTip("Double-click to choose another colour")
        self.table.setItem(row, COLOUR, item)

    def _double_clicked(self, row: int, column: int) -> None:
        if column != COLOUR:
            return
        current = QColor(self.table.item(row, COLOUR).text())
        color = QColorDialog.getColor(current, self, "Keyword colour")
        if color.isValid():
            self._set_color(row, color.name())

    def remove_selected(self) -> None:
        for row in sorted({i.row() for i in self.table.selectedIndexes()}, reverse=True):
            self.table.removeRow(row)

    def keywords(self) -> list[Keyword]:
        """The keywords as the table holds them."""
        result = []
        for row in range(self.table.rowCount()):
            result.append(
                Keyword(
                    self.table.item(row, PATTERN).text(),
                    self.table.item(row, COLOUR).text(),
                    self.table.item(row, REGEX).checkState() == Qt.CheckState.Checked,
                )
            )
        return result

    def accept(self) -> None:
        try:
            check_keywords(self.keywords())
        except ProjectError as exc:
            dialogs.show_error(self, f"Cannot save the keywords: {exc}.")
            return
        super().accept()
