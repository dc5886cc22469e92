"""The actor manager: a dock listing every actor, to sort, filter, edit in place, merge and delete.

Each row shows an actor's name, type, aliases, parent, colour, notes and how
many claims and mentions use it; double-click a cell to edit it. Every edit
goes through ``ui.operations.actors`` as one undo step. Merging moves the
claims, mentions and aliases of the selected actors into the one the coder
keeps; deleting an actor still in use asks what happens to its claims.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QColorDialog,
    QComboBox,
    QDialog,
    QDockWidget,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSplitter,
    QStyledItemDelegate,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from claimdesk.core.model import Actor
from claimdesk.core.store import ActorUsage
from claimdesk.ui.actor_dialogs import DeleteActorDialog, MergeActorsDialog
from claimdesk.ui.claimpanel import NoteEdit
from claimdesk.ui.memos import MarkdownView
from claimdesk.ui.operations import actors as actor_ops
from claimdesk.ui.safety import plain_tip
from claimdesk.ui.theme import actor_color

if TYPE_CHECKING:
    from claimdesk.ui.mainwindow import MainWindow

Index = QModelIndex | QPersistentModelIndex

COLUMNS = ["Name", "Type", "Aliases", "Parent", "Colour", "Claims", "Mentions", "Notes"]
NAME, TYPE, ALIASES, PARENT, COLOUR, CLAIMS, MENTIONS, NOTES = range(len(COLUMNS))
#: The raw value of a cell, for sorting (numbers as numbers).
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
#: Everything the filter looks in: name, aliases, type, notes.
FILTER_ROLE = Qt.ItemDataRole.UserRole + 2
ID_ROLE = Qt.ItemDataRole.UserRole + 3


def split_aliases(text: str) -> list[str]:
    """Aliases typed in one cell, separated by semicolons (a name may hold a comma)."""
    return [a.strip() for a in text.split(";") if a.strip()]


class ActorTableModel(QAbstractTableModel):
    """The project's actors (not in the trash) with their usage; re-read on :meth:`reload`."""

    #: ``edit(actor id, field, value)``: a cell was edited.
    edited = Signal(int, str, object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ids: list[int] = []
        self._actors: dict[int, Actor] = {}
        self._usage: dict[int, ActorUsage] = {}

    def reload(self, actors: list[Actor], usage: dict[int, ActorUsage]) -> None:
        self.beginResetModel()
        self._actors = {a.id: a for a in actors if a.id is not None}
        self._ids = list(self._actors)
        self._usage = usage
        self.endResetModel()

    def actor(self, row: int) -> Actor | None:
        return self._actors.get(self._ids[row]) if 0 <= row < len(self._ids) else None

    def row_of(self, actor_id: int) -> int | None:
        try:
            return self._ids.index(actor_id)
        except ValueError:
            return None

    def usage(self, actor_id: int) -> ActorUsage:
        return self._usage.get(actor_id) or ActorUsage()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.column() in (NAME, TYPE, ALIASES, PARENT, COLOUR):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        actor = self.actor(index.row())
        if actor is None or actor.id is None:
            return None
        column = index.column()
        usage = self.usage(actor.id)
        parent = self._actors.get(actor.parent) if actor.parent is not None else None
        if role == ID_ROLE:
            return actor.id
        if role == FILTER_ROLE:
            return " ".join([*actor.names(), actor.type, actor.notes])
        if role in (Qt.ItemDataRole.DisplayRole, SORT_ROLE):
            values = {
                NAME: actor.name,
                TYPE: actor.type,
                ALIASES: "; ".join(actor.aliases),
                PARENT: parent.name if parent else "",
                COLOUR: actor.color,
                CLAIMS: usage.claims + usage.targeted + usage.addressed,
                MENTIONS: usage.mentions,
                NOTES: " ".join(actor.notes.split())[:80],
            }
            value = values[column]
            if role == SORT_ROLE and isinstance(value, str):
                return value.casefold()
            return value
        if role == Qt.ItemDataRole.EditRole:
            return {
                NAME: actor.name,
                TYPE: actor.type,
                ALIASES: "; ".join(actor.aliases),
                PARENT: parent.name if parent else "",
                COLOUR: actor.color,
            }.get(column)
        if role == Qt.ItemDataRole.DecorationRole and column == COLOUR:
            return actor_color(actor.id, actor.color)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == CLAIMS:
                return plain_tip(f"{actor.name} is {usage.describe()}")
            if column == NOTES and actor.notes:
                return plain_tip(actor.notes)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (CLAIMS, MENTIONS):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        actor = self.actor(index.row())
        if actor is None or actor.id is None or role != Qt.ItemDataRole.EditRole:
            return False
        column = index.column()
        if column == NAME:
            self.edited.emit(actor.id, "name", str(value))
        elif column == TYPE:
            self.edited.emit(actor.id, "type", str(value))
        elif column == ALIASES:
            self.edited.emit(actor.id, "aliases", split_aliases(str(value)))
        elif column == PARENT:
            self.edited.emit(actor.id, "parent", value)
        elif column == COLOUR:
            self.edited.emit(actor.id, "color", str(value).strip())
        else:
            return False
        return True


class _ChoiceDelegate(QStyledItemDelegate):
    """An editable list for the type column, a list of actors for the parent column."""

    def __init__(self, dock: ActorsDock) -> None:
        super().__init__(dock)
        self.dock = dock

    def createEditor(self, parent: QWidget, option: Any, index: Index) -> QWidget:
        column = index.column()
        if column == TYPE:
            combo = QComboBox(parent)
            combo.setEditable(True)
            combo.addItems(self.dock.actor_types())
            return combo
        if column == PARENT:
            combo = QComboBox(parent)
            me = index.data(ID_ROLE)
            combo.addItem("(none)", None)
            for actor in sorted(self.dock.all_actors(), key=lambda a: a.name.casefold()):
                if actor.id != me:
                    combo.addItem(actor.name, actor.id)
            return combo
        return super().createEditor(parent, option, index)

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        if isinstance(editor, QComboBox):
            text = index.data(Qt.ItemDataRole.EditRole) or ""
            found = editor.findText(text) if text else 0
            if found >= 0:
                editor.setCurrentIndex(found)
            else:
                editor.setEditText(text)
            return
        super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: Any, index: Index) -> None:
        if isinstance(editor, QComboBox):
            value = editor.currentData() if index.column() == PARENT else editor.currentText()
            current = index.data(Qt.ItemDataRole.EditRole) or ""
            if index.column() == PARENT:
                me = self.dock.model.actor(self.dock.proxy.mapToSource(index).row())
                if me is not None and me.parent == value:
                    return
            elif value == current:
                return
            model.setData(index, value, Qt.ItemDataRole.EditRole)
            return
        if isinstance(editor, QLineEdit) and editor.text() == index.data(Qt.ItemDataRole.EditRole):
            return
        super().setModelData(editor, model, index)


class ActorsDock(QDockWidget):
    """The actor manager beside the reader (View → Actors)."""

    #: The coder asked to tag every mention of an actor in the corpus.
    tagAllRequested = Signal(int)

    def __init__(self, window: MainWindow) -> None:
        super().__init__("Actors", window)
        self.setObjectName("actorsDock")
        self.window_ = window
        self.model = ActorTableModel(self)
        self.model.edited.connect(self._edited)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.proxy.setFilterRole(FILTER_ROLE)
        self.proxy.setFilterKeyColumn(NAME)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(6, 6, 6, 6)
        top = QHBoxLayout()
        self.filter = QLineEdit()
        self.filter.setObjectName("actorFilter")
        self.filter.setPlaceholderText("Filter actors by name, alias, type or notes")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self.proxy.setFilterFixedString)
        top.addWidget(self.filter, 1)
        self.buttons: dict[str, QToolButton] = {}
        for name, text, tip, slot in (
            ("actorAdd", "Add", "Add an actor", self.add_actor),
            ("actorMerge", "Merge…", "Merge the selected actors into one", self.merge_selected),
            (
                "actorDelete",
                "Delete…",
                "Move the selected actors to the trash",
                self.delete_selected,
            ),
            ("actorColor", "Colour…", "Choose the selected actor's colour", self.choose_color),
            (
                "actorTagAll",
                "Tag All…",
                "Tag every occurrence of the selected actor's names in the corpus as a mention",
                self._tag_all,
            ),
        ):
            button = QToolButton()
            button.setObjectName(name)
            button.setText(text)
            button.setToolTip(tip)
            button.clicked.connect(lambda _c=False, s=slot: s())
            top.addWidget(button)
            self.buttons[name] = button
        layout.addLayout(top)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        self.table = QTableView()
        self.table.setObjectName("actorTable")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(NAME, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setItemDelegate(_ChoiceDelegate(self))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in (
            (NAME, 170),
            (TYPE, 90),
            (ALIASES, 200),
            (PARENT, 120),
            (COLOUR, 80),
            (CLAIMS, 56),
            (MENTIONS, 70),
        ):
            header.resizeSection(column, width)
        header.setStretchLastSection(True)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        splitter.addWidget(self.table)

        notes_box = QWidget()
        notes_layout = QVBoxLayout(notes_box)
        notes_layout.setContentsMargins(0, 4, 0, 0)
        self.notes_label = QLabel("Notes")
        self.notes_label.setTextFormat(Qt.TextFormat.PlainText)
        self.notes_label.setProperty("sectionTitle", True)
        notes_layout.addWidget(self.notes_label)
        self.notes = NoteEdit()
        self.notes.setObjectName("actorNotes")
        self.notes.setPlaceholderText("Notes on this actor (Markdown)")
        self.notes.committed.connect(self._notes_committed)
        notes_layout.addWidget(self.notes, 1)
        self.preview = MarkdownView()
        self.preview.setObjectName("actorNotesPreview")
        notes_layout.addWidget(self.preview, 1)
        splitter.addWidget(notes_box)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([900, 300])
        layout.addWidget(splitter, 1)
        self.setWidget(box)
        self._notes_actor: int | None = None
        self._selection_changed()

    # ------------------------------------------------------------------ data

    @property
    def project(self) -> Any:
        return self.window_.project

    def reload(self) -> None:
        """Re-read the actors and their usage; the selection is kept."""
        selected = self.selected_ids()
        self.notes.commit()
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.NoEditTriggers
            if self.project.readonly
            else QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.model.reload(self.project.actors(), self.project.actor_usage())
        self.select_actors(selected)
        self._selection_changed()

    def all_actors(self) -> list[Actor]:
        return [a for a in (self.model.actor(r) for r in range(self.model.rowCount())) if a]

    def actor_types(self) -> list[str]:
        return list(self.project.codebook().actor_types)

    def selected_ids(self) -> list[int]:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        ids = [self.proxy.data(r, ID_ROLE) for r in rows]
        return [i for i in ids if i is not None]

    def select_actors(self, ids: list[int]) -> None:
        """Select these actors' rows (the first is scrolled into view)."""
        selection = self.table.selectionModel()
        selection.clearSelection()
        first = None
        for actor_id in ids:
            row = self.model.row_of(actor_id)
            if row is None:
                continue
            index = self.proxy.mapFromSource(self.model.index(row, 0))
            if not index.isValid():
                continue
            selection.select(
                index,
                selection.SelectionFlag.Select | selection.SelectionFlag.Rows,
            )
            first = first or index
        if first is not None:
            selection.setCurrentIndex(first, selection.SelectionFlag.NoUpdate)
            self.table.scrollTo(first)

    def _selection_changed(self, *_: object) -> None:
        ids = self.selected_ids()
        writable = not self.project.readonly
        self.buttons["actorAdd"].setEnabled(writable)
        self.buttons["actorMerge"].setEnabled(writable and len(ids) >= 2)
        self.buttons["actorDelete"].setEnabled(writable and bool(ids))
        self.buttons["actorColor"].setEnabled(writable and len(ids) == 1)
        self.buttons["actorTagAll"].setEnabled(writable and len(ids) == 1)
        self.notes.commit()
        actor = self.project.actor(ids[0]) if len(ids) == 1 else None
        self._notes_actor = actor.id if actor else None
        self.notes.setEnabled(actor is not None and writable)
        self.notes.set_value(actor.notes if actor else "")
        self.notes_label.setText(f"Notes on {actor.name}" if actor else "Notes")
        self.preview.set_markdown(
            actor.notes if actor else "",
            empty="Select one actor to read and edit its notes." if actor is None else "No notes.",
        )

    # ------------------------------------------------------------------ edits

    def _perform(self, operation: Any, **kwargs: Any) -> Any:
        return self.window_.perform(operation, **kwargs)

    def _edited(self, actor_id: int, field: str, value: Any) -> None:
        # Saved once the view has closed its editor: the reload after saving resets the model.
        QTimer.singleShot(
            0, lambda: self._perform(actor_ops.edit_actor, actor=actor_id, **{field: value})
        )

    def _notes_committed(self, text: str) -> None:
        if self._notes_actor is not None:
            self._perform(actor_ops.edit_actor, actor=self._notes_actor, notes=text)

    def add_actor(self, name: str = "") -> int | None:
        """Add an actor (a free name like "new actor 2" unless given) and start editing its name."""
        names = {a.name.casefold() for a in self.all_actors()}
        base = name.strip() or "new actor"
        candidate, n = base, 1
        while candidate.casefold() in names:
            n += 1
            candidate = f"{base} {n}"
        changes = self._perform(actor_ops.add_actor, name=candidate)
        if changes is None or changes.id is None:
            return None
        self.filter.clear()
        self.select_actors([changes.id])
        row = self.model.row_of(changes.id)
        if row is not None and not name:
            self.table.edit(self.proxy.mapFromSource(self.model.index(row, NAME)))
        return changes.id

    def choose_color(self) -> None:
        ids = self.selected_ids()
        if len(ids) != 1:
            return
        actor = self.project.actor(ids[0])
        color = QColorDialog.getColor(actor_color(actor.id, actor.color), self, "Actor colour")
        if color.isValid():
            self._perform(actor_ops.edit_actor, actor=ids[0], color=color.name())

    def merge_selected(self) -> None:
        """Merge the selected actors; a dialog asks which one to keep."""
        ids = self.selected_ids()
        if len(ids) < 2:
            return
        actors = [self.project.actor(i) for i in ids]
        dialog = MergeActorsDialog(actors, {i: self.model.usage(i) for i in ids}, self)
        self._dialog = dialog
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        into = dialog.chosen()
        changes = self._perform(
            actor_ops.merge_actors, into=into, actors=[i for i in ids if i != into]
        )
        if changes is not None:
            self.select_actors([into])

    def delete_selected(self) -> None:
        """Delete the selected actors; for those still in use, a dialog asks about their claims."""
        ids = self.selected_ids()
        if not ids:
            return
        used = {i: self.model.usage(i) for i in ids if self.model.usage(i).in_use}
        claims, reassign_to = "keep", None
        if used:
            actors = [self.project.actor(i) for i in ids]
            others = [a for a in self.all_actors() if a.id not in ids]
            dialog = DeleteActorDialog(actors, used, others, self)
            self._dialog = dialog
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return
            claims, reassign_to = dialog.choice()
        self._perform(actor_ops.delete_actors, actors=ids, claims=claims, reassign_to=reassign_to)

    def _tag_all(self) -> None:
        ids = self.selected_ids()
        if len(ids) == 1:
            self.tagAllRequested.emit(ids[0])
