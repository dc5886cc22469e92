"""Tables of codebook records for the codebook editor: one row per record, edits reported by id."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

#: The record's id, kept in each row's items.
ID_ROLE = Qt.ItemDataRole.UserRole + 1


def record_item(
    text: str, record_id: int | None = None, *, editable: bool = True
) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    if record_id is not None:
        item.setData(ID_ROLE, record_id)
    flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
    if editable:
        flags |= Qt.ItemFlag.ItemIsEditable
    item.setFlags(flags)
    return item


def color_item(color: str, record_id: int) -> QTableWidgetItem:
    item = record_item(color, record_id, editable=False)
    if color:
        item.setBackground(QColor(color))
        item.setForeground(QColor("white" if QColor(color).lightness() < 140 else "black"))
    item.setToolTip("Double-click to choose a colour")
    return item


def number_text(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else str(value)


def values_text(values: list[str]) -> str:
    """A categorical variable's values in one cell, separated by semicolons."""
    return "; ".join(values)


def parse_values(text: str) -> list[str]:
    return [v.strip() for v in text.split(";") if v.strip()]


class RecordTable(QTableWidget):
    """A table of codebook records whose edits go to ``edited(record id, column, text)``."""

    def __init__(self, name: str, headers: list[str], edited: Callable[[int, int, str], None]):
        super().__init__(0, len(headers))
        self.setObjectName(name)
        self.setHorizontalHeaderLabels(headers)
        self.verticalHeader().hide()
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.horizontalHeader().setSectionResizeMode(
            len(headers) - 1, QHeaderView.ResizeMode.Stretch
        )
        self._edited = edited
        self._loading = False
        self.itemChanged.connect(self._changed)

    def fill(self, rows: list[list[QTableWidgetItem | QWidget]]) -> None:
        self._loading = True
        try:
            selected = self.current_id()
            self.setRowCount(0)
            self.setRowCount(len(rows))
            for r, row in enumerate(rows):
                for c, cell in enumerate(row):
                    if isinstance(cell, QTableWidgetItem):
                        self.setItem(r, c, cell)
                    else:
                        self.setCellWidget(r, c, cell)
            if selected is not None:
                self.select_id(selected)
        finally:
            self._loading = False

    def _changed(self, item: QTableWidgetItem) -> None:
        if self._loading:
            return
        record_id = item.data(ID_ROLE)
        if record_id is not None:
            column, text = item.column(), item.text()
            # Saved once the editor is closed: saving re-reads the table, which replaces the items.
            QTimer.singleShot(0, lambda: self._edited(record_id, column, text))

    def current_id(self) -> int | None:
        row = self.currentRow()
        item = self.item(row, 0) if row >= 0 else None
        return item.data(ID_ROLE) if item is not None else None

    def select_id(self, record_id: int) -> None:
        for row in range(self.rowCount()):
            item = self.item(row, 0)
            if item is not None and item.data(ID_ROLE) == record_id:
                self.setCurrentCell(row, 0)
                return
