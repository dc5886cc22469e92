"""The list of the shown article's claims: who, which stance, and the quote.

A model over the claims the window already read, so the list makes its rows
only for what it paints: an article with a thousand claims opens without a
thousand items (DESIGN: lists are models, not widgets or items per row).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import QAbstractItemView, QListView, QWidget

from claimdesk.core.model import Claim, Stance
from claimdesk.ui.theme import UNCODED

#: A quote longer than this is cut in the list (its tooltip holds more, the panel all of it).
LIST_QUOTE = 90
TOOLTIP_QUOTE = 600
#: The role that holds a row's claim id.
CLAIM_ID = Qt.ItemDataRole.UserRole

_Index = QModelIndex | QPersistentModelIndex


@functools.cache  # a thousand claims share a handful of stance colours
def swatch(color: str) -> QIcon:
    """A small square of ``color``."""
    pixmap = QPixmap(12, 12)
    pixmap.fill(QColor(color))
    return QIcon(pixmap)


def _cut(text: str, limit: int) -> str:
    return text if len(text) < limit else text[: limit - 2] + "…"


class ClaimListModel(QAbstractListModel):
    """Rows for a list of claims, made when the view asks for them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._claims: list[Claim] = []
        self._stances: dict[int | None, Stance] = {}
        self._actor_name: Callable[[int | None], str] = lambda _actor: ""
        self._coders: dict[int, str] = {}
        self._several = False

    def set_claims(
        self,
        claims: list[Claim],
        *,
        stances: list[Stance],
        actor_name: Callable[[int | None], str],
        coders: dict[int, str],
    ) -> None:
        """Show these claims; a coder's name follows each when more than one coder made them."""
        self.beginResetModel()
        self._claims = list(claims)
        self._stances = {s.id: s for s in stances}
        self._actor_name = actor_name
        self._coders = coders
        self._several = len({c.coder for c in claims}) > 1
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self._claims)

    def claim_id(self, row: int) -> int | None:
        return self._claims[row].id if 0 <= row < len(self._claims) else None

    def row_of(self, claim_id: int) -> int | None:
        return next((r for r, c in enumerate(self._claims) if c.id == claim_id), None)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._claims):
            return None
        claim = self._claims[index.row()]
        if role == CLAIM_ID:
            return claim.id
        stance = self._stances.get(claim.stance)
        if role == Qt.ItemDataRole.DecorationRole:
            return swatch(stance.color if stance else UNCODED)
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        whole = " ".join(claim.quote.split())
        if role == Qt.ItemDataRole.ToolTipRole:
            return _cut(whole, TOOLTIP_QUOTE)
        who = self._actor_name(claim.claimant) or "(no claimant)"
        coder = f"  · {self._coders.get(claim.coder or 0, '?')}" if self._several else ""
        # One line per quote (rows share one height); the whole quote is in the tooltip.
        return (
            f"{who} — {stance.label if stance else 'no stance'}{coder}\n“{_cut(whole, LIST_QUOTE)}”"
        )


class ClaimList(QListView):
    """The claim list under the panel; says which claim the user picked."""

    #: The user made this claim current (by click or keys), not the window.
    claimChosen = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.claims = ClaimListModel(self)
        self.setModel(self.claims)
        # Two lines per claim, cut to the list's width: rows of one height are laid out at
        # once, so an article with a thousand claims opens without measuring wrapped texts.
        self.setWordWrap(False)
        self.setUniformItemSizes(True)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSpacing(2)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self._quiet = False
        self.selectionModel().currentChanged.connect(self._current_changed)

    def count(self) -> int:
        """How many claims the list shows."""
        return self.claims.rowCount()

    def index_of(self, row: int) -> QModelIndex:
        return self.claims.index(row, 0)

    def current_claim(self) -> int | None:
        index = self.currentIndex()
        return self.claims.claim_id(index.row()) if index.isValid() else None

    def set_current_claim(self, claim_id: int | None) -> None:
        """Make a claim current (scrolled into view), or none; ``claimChosen`` stays silent."""
        row = self.claims.row_of(claim_id) if claim_id is not None else None
        selection = self.selectionModel()
        self._quiet = True
        try:
            if row is None:
                selection.clear()
                return
            index = self.index_of(row)
            selection.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
            self.scrollTo(index)
        finally:
            self._quiet = False

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._quiet or not current.isValid():
            return
        claim_id = self.claims.claim_id(current.row())
        if claim_id is not None:
            self.claimChosen.emit(claim_id)
