"""The document list: a table model over document ids that fetches rows when drawn.

Like Anki's browser, the model holds ids, not copies of rows: rows are read
from the store in chunks when a view asks for them, and dropped from the
cache when an operation reports them changed. Ten thousand documents open as
fast as ten.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from claimdesk.core.model import DocumentSummary
from claimdesk.core.store import Project
from claimdesk.ui.safety import plain_tip

_Index = QModelIndex | QPersistentModelIndex

STATUS_MARKS = {"todo": "○", "in-progress": "◐", "done": "●"}
STATUS_NAMES = {"todo": "to do", "in-progress": "in progress", "done": "done"}
IdRole = Qt.ItemDataRole.UserRole + 1


class DocumentListModel(QAbstractTableModel):
    """Documents of a project: status for the current coder, date, title, source, claims, language."""

    COLUMNS = ("", "Date", "Title", "Source", "Claims", "Lang")
    SORT_KEYS = ("id", "published", "title", "source", "claims", "language")
    CHUNK = 200

    def __init__(self, project: Project, parent: Any = None) -> None:
        super().__init__(parent)
        self.project = project
        self._ids: list[int] = []
        self._cache: dict[int, DocumentSummary] = {}
        self._sort = ("id", False)
        self._filter = ""
        self._search: list[int] | None = None
        #: Only these documents (a coder's assigned ones), or None for all.
        self._restrict: set[int] | None = None
        self.reload()

    # ------------------------------------------------------------------ loading

    def reload(self) -> None:
        """Read the list of ids again (after documents were added, removed or re-sorted)."""
        self.beginResetModel()
        self._cache.clear()
        if self._search is not None:
            self._ids = list(self._search)
        else:
            self._ids = self._sorted_ids()
        self.endResetModel()

    def _sorted_ids(self) -> list[int]:
        sort, descending = self._sort
        ids = self.project.document_ids(sort=sort, descending=descending, filter_text=self._filter)
        if self._restrict is not None:
            ids = [i for i in ids if i in self._restrict]
        return ids

    def set_restriction(self, ids: set[int] | None) -> None:
        """List only these documents (None: all again)."""
        self._restrict = ids
        self.reload()

    def set_filter(self, text: str) -> None:
        self._filter = text
        self.reload()

    def set_search_results(self, ids: list[int] | None) -> None:
        """Show only these documents, in this order (None: all again)."""
        self._search = ids
        self.reload()

    @property
    def searching(self) -> bool:
        return self._search is not None

    def membership_changed(self, document_ids: set[int]) -> bool:
        """True when some of these documents appeared in or left the project (not the trash)."""
        if self._search is not None:
            return False
        present = self.project.visible_documents(document_ids)
        if self._restrict is not None:
            present &= self._restrict
        return any((self.row_of(i) is not None) != (i in present) for i in document_ids)

    def refresh(self, document_ids: set[int]) -> None:
        """Re-read the rows of changed documents."""
        for document_id in document_ids:
            self._cache.pop(document_id, None)
        rows = [self._ids.index(i) for i in document_ids if i in self._ids]
        if rows:
            self.dataChanged.emit(
                self.index(min(rows), 0), self.index(max(rows), len(self.COLUMNS) - 1)
            )

    def refresh_all(self) -> None:
        self._cache.clear()
        if self._ids:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._ids) - 1, len(self.COLUMNS) - 1)
            )

    def summary(self, row: int) -> DocumentSummary | None:
        if not 0 <= row < len(self._ids):
            return None
        document_id = self._ids[row]
        if document_id not in self._cache:
            start = (row // self.CHUNK) * self.CHUNK
            chunk = [i for i in self._ids[start : start + self.CHUNK] if i not in self._cache]
            for item in self.project.document_summaries(chunk):
                self._cache[item.id] = item
        return self._cache.get(document_id)

    def document_id(self, row: int) -> int | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, document_id: int) -> int | None:
        try:
            return self._ids.index(document_id)
        except ValueError:
            return None

    # ------------------------------------------------------------------ Qt model

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.COLUMNS[section]
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.ToolTipRole
            and section == 0
        ):
            return "Coding status: ○ to do, ◐ in progress, ● done"
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole:
            return (
                "Language, detected on import (edit it in Document Properties)"
                if section == 5
                else None
            )
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        item = self.summary(index.row())
        if item is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                STATUS_MARKS.get(item.status, "○"),
                item.published or "",
                item.title or item.file,
                item.source,
                item.claims or "",
                item.language or "",
            )[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == 0:
                return f"Coding status: {STATUS_NAMES.get(item.status, item.status)}"
            return plain_tip(
                f"{item.title}\n{item.file}\n{item.characters:,} characters · {item.claims} claims"
            )
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (0, 4, 5):
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == IdRole:
            return item.id
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        wanted = (self.SORT_KEYS[column], order == Qt.SortOrder.DescendingOrder)
        if wanted == self._sort and self._ids:
            return  # listed in this order already (the header's first sort indicator)
        self._sort = wanted
        if self._search is None:
            self.layoutAboutToBeChanged.emit()
            self._ids = self._sorted_ids()
            self.layoutChanged.emit()
