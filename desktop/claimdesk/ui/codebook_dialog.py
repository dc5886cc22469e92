"""The codebook editor: stance scale, issues, tags, actor types and further variables.

Each tab edits one part of the codebook in place; every change is saved at
once through ``ui.operations.codebook`` as one undo step, and the tables are
re-read from the project afterwards (so a refused change, such as removing a
stance claims still use, shows as it was, with the reason in a message). The
codebook can be exported and imported as Claimdesk JSON or a REFI-QDA
codebook (.qdc); an import first shows what it would add and where the file
differs.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QColorDialog,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from claimdesk.core.errors import ClaimdeskError
from claimdesk.core.model import VARIABLE_KINDS, VARIABLE_TARGETS, Codebook
from claimdesk.ui import dialogs
from claimdesk.ui.operations import codebook as ops
from claimdesk.ui.record_table import (
    ID_ROLE,
    RecordTable,
    color_item,
    number_text,
    parse_values,
    record_item,
    values_text,
)

if TYPE_CHECKING:
    from claimdesk.ui.mainwindow import MainWindow


class CodebookDialog(QDialog):
    """Tools → Codebook…: edit the coding scheme of the open project."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window_ = window
        self.setObjectName("codebookDialog")
        self.setWindowTitle("Codebook")
        self.resize(860, 560)
        layout = QVBoxLayout(self)
        self.summary = QLabel("")
        self.summary.setObjectName("codebookSummary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("codebookTabs")
        layout.addWidget(self.tabs, 1)
        self._build_stances()
        self._build_issues()
        self._build_tags()
        self._build_types()
        self._build_variables()
        bottom = QHBoxLayout()
        self.importButton = QPushButton("Import…")
        self.importButton.setObjectName("codebookImport")
        self.importButton.setToolTip("Bring in a codebook file (.json or REFI-QDA .qdc)")
        self.importButton.clicked.connect(self.import_dialog)
        self.exportButton = QPushButton("Export…")
        self.exportButton.setObjectName("codebookExport")
        self.exportButton.setToolTip(
            "Save the codebook for the team (.json) or NVivo, ATLAS.ti, MAXQDA (.qdc)"
        )
        self.exportButton.clicked.connect(self.export_dialog)
        bottom.addWidget(self.importButton)
        bottom.addWidget(self.exportButton)
        bottom.addStretch(1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        bottom.addWidget(buttons)
        layout.addLayout(bottom)
        readonly = self.project.readonly
        for button in self.findChildren(QPushButton):
            if button is not self.exportButton and button.objectName():
                button.setEnabled(not readonly)
        if readonly:
            for view in (
                self.stanceTable,
                self.issueTree,
                self.tagTable,
                self.typeList,
                self.variableTable,
            ):
                view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.reload()

    @property
    def project(self) -> Any:
        return self.window_.project

    def perform(self, operation: Callable[..., Any], **kwargs: Any) -> Any:
        """Run an operation through the window (errors shown there), then re-read the tables."""
        changes = self.window_.perform(operation, **kwargs)
        self.reload()
        return changes

    def reload(self) -> None:
        book = self.project.codebook()
        self.book = book
        self._fill_stances(book)
        self._fill_issues(book)
        self._fill_tags(book)
        self._fill_types(book)
        self._fill_variables(book)
        self.summary.setText(
            f"{show_codebook_summary(book)}. Every change is saved at once; Undo (Ctrl+Z in the "
            "window) takes it back."
        )

    # ------------------------------------------------------------------ helpers

    def _tab(self, title: str, widget: QWidget, buttons: list[tuple[str, str, Callable]]) -> None:
        page = QWidget()
        box = QVBoxLayout(page)
        box.addWidget(widget, 1)
        row = QHBoxLayout()
        for name, text, slot in buttons:
            button = QPushButton(text)
            button.setObjectName(name)
            button.clicked.connect(lambda _c=False, s=slot: s())
            row.addWidget(button)
        row.addStretch(1)
        box.addLayout(row)
        self.tabs.addTab(page, title)

    def _pick_color(self, table: RecordTable, row: int, column: int, apply: Callable) -> None:
        item = table.item(row, column)
        if item is None:
            return
        color = QColorDialog.getColor(QColor(item.text() or "#999999"), self, "Colour")
        if color.isValid():
            apply(item.data(ID_ROLE), color.name().upper())

    # ------------------------------------------------------------------ stances

    def _build_stances(self) -> None:
        self.stanceTable = RecordTable(
            "stanceTable",
            ["Label", "Value", "Colour", "Key", "Description"],
            self._stance_edited,
        )
        self.stanceTable.cellDoubleClicked.connect(
            lambda r, c: (
                c == 2
                and self._pick_color(
                    self.stanceTable,
                    r,
                    c,
                    lambda i, col: self.perform(ops.edit_stance, stance=i, color=col),
                )
            )
        )
        self._tab(
            "Stances",
            self.stanceTable,
            [
                (
                    "stanceAdd",
                    "Add",
                    lambda: self._added(self.stanceTable, self.perform(ops.add_stance)),
                ),
                ("stanceRemove", "Remove", self._remove_stance),
                ("stanceUp", "Up", lambda: self._move(self.stanceTable, "stance", -1)),
                ("stanceDown", "Down", lambda: self._move(self.stanceTable, "stance", 1)),
            ],
        )

    def _fill_stances(self, book: Codebook) -> None:
        rows: list[list[Any]] = []
        for s in book.stances:
            rows.append(
                [
                    record_item(s.label, s.id),
                    record_item(number_text(s.value), s.id),
                    color_item(s.color, s.id or 0),
                    record_item(s.key, s.id),
                    record_item(s.description, s.id),
                ]
            )
        self.stanceTable.fill(rows)
        self.stanceTable.setToolTip(
            "Value: the stance's place on a numeric scale (empty: none, as for ambivalent). "
            "Key: the digit that sets it while coding."
        )

    def _stance_edited(self, stance: int, column: int, text: str) -> None:
        field = {0: "label", 1: "value", 3: "key", 4: "description"}.get(column)
        if field is None:
            return
        value: Any = text
        if field == "value":
            value = text.strip().replace(",", ".") or None
        self.perform(ops.edit_stance, stance=stance, **{field: value})

    def _remove_stance(self) -> None:
        stance = self.stanceTable.current_id()
        if stance is not None:
            self.perform(ops.remove_stance, stance=stance)

    # ------------------------------------------------------------------ issues

    def _build_issues(self) -> None:
        self.issueTree = QTreeWidget()
        self.issueTree.setObjectName("issueTree")
        self.issueTree.setHeaderLabels(["Issue or target", "Description"])
        self.issueTree.setColumnWidth(0, 320)
        self.issueTree.itemChanged.connect(self._issue_edited)
        self._issues_loading = False
        self._tab(
            "Issues",
            self.issueTree,
            [
                ("issueAdd", "Add", lambda: self._add_issue(sub=False)),
                ("issueAddSub", "Add Sub-issue", lambda: self._add_issue(sub=True)),
                ("issueMove", "Move Under…", self.move_issue_dialog),
                ("issueRemove", "Remove", self._remove_issue),
            ],
        )

    def _fill_issues(self, book: Codebook) -> None:
        self._issues_loading = True
        try:
            current = self.current_issue()
            self.issueTree.clear()
            items: dict[int, QTreeWidgetItem] = {}
            ids = {i.id for i in book.issues}
            pending = list(book.issues)
            # Parents first, whatever their positions.
            while pending:
                rest = []
                for issue in pending:
                    parent = issue.parent if issue.parent in ids else None
                    if parent is not None and parent not in items:
                        rest.append(issue)
                        continue
                    item = QTreeWidgetItem([issue.label, issue.description])
                    item.setData(0, ID_ROLE, issue.id)
                    item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
                    if parent is None:
                        self.issueTree.addTopLevelItem(item)
                    else:
                        items[parent].addChild(item)
                    assert issue.id is not None
                    items[issue.id] = item
                if len(rest) == len(pending):  # a cycle: show the rest at the top
                    for issue in rest:
                        item = QTreeWidgetItem([issue.label, issue.description])
                        item.setData(0, ID_ROLE, issue.id)
                        self.issueTree.addTopLevelItem(item)
                    break
                pending = rest
            self.issueTree.expandAll()
            if current is not None and current in items:
                self.issueTree.setCurrentItem(items[current])
        finally:
            self._issues_loading = False

    def current_issue(self) -> int | None:
        item = self.issueTree.currentItem()
        return item.data(0, ID_ROLE) if item is not None else None

    def select_issue(self, issue_id: int) -> None:
        for item in self._issue_items():
            if item.data(0, ID_ROLE) == issue_id:
                self.issueTree.setCurrentItem(item)

    def _issue_items(self) -> list[QTreeWidgetItem]:
        found = []
        stack = [self.issueTree.topLevelItem(i) for i in range(self.issueTree.topLevelItemCount())]
        while stack:
            item = stack.pop()
            found.append(item)
            stack.extend(item.child(i) for i in range(item.childCount()))
        return found

    def _issue_edited(self, item: QTreeWidgetItem, column: int) -> None:
        if self._issues_loading:
            return
        field = "label" if column == 0 else "description"
        issue, text = item.data(0, ID_ROLE), item.text(column)
        QTimer.singleShot(0, lambda: self.perform(ops.edit_issue, issue=issue, **{field: text}))

    def _add_issue(self, *, sub: bool) -> None:
        parent = self.current_issue() if sub else None
        changes = self.perform(ops.add_issue, parent=parent)
        if changes is not None and changes.id is not None:
            self.select_issue(changes.id)
            item = self.issueTree.currentItem()
            if item is not None:
                self.issueTree.editItem(item, 0)

    def move_issue_dialog(self) -> None:
        issue = self.current_issue()
        if issue is None:
            return
        others = [i for i in self.book.issues if i.id != issue]
        labels = ["(top level)", *[i.label for i in others]]
        label, ok = QInputDialog.getItem(self, "Move issue", "Place it under:", labels, 0, False)
        if ok:
            parent = next((i.id for i in others if i.label == label), None)
            self.perform(ops.edit_issue, issue=issue, parent=parent)

    def _remove_issue(self) -> None:
        issue = self.current_issue()
        if issue is not None:
            self.perform(ops.remove_issue, issue=issue)

    # ------------------------------------------------------------------ tags

    def _build_tags(self) -> None:
        self.tagTable = RecordTable(
            "tagTable", ["Tag", "Category", "Colour", "Description"], self._tag_edited
        )
        self.tagTable.cellDoubleClicked.connect(
            lambda r, c: (
                c == 2
                and self._pick_color(
                    self.tagTable, r, c, lambda i, col: self.perform(ops.edit_tag, tag=i, color=col)
                )
            )
        )
        self._tab(
            "Tags",
            self.tagTable,
            [
                ("tagAdd", "Add", lambda: self._added(self.tagTable, self.perform(ops.add_tag))),
                ("tagRemove", "Remove", self._remove_tag),
                ("tagUp", "Up", lambda: self._move(self.tagTable, "tag", -1)),
                ("tagDown", "Down", lambda: self._move(self.tagTable, "tag", 1)),
            ],
        )

    def _fill_tags(self, book: Codebook) -> None:
        self.tagTable.fill(
            [
                [
                    record_item(t.label, t.id),
                    record_item(t.category, t.id),
                    color_item(t.color, t.id or 0),
                    record_item(t.description, t.id),
                ]
                for t in book.tags
            ]
        )

    def _tag_edited(self, tag: int, column: int, text: str) -> None:
        field = {0: "label", 1: "category", 3: "description"}.get(column)
        if field is not None:
            self.perform(ops.edit_tag, tag=tag, **{field: text})

    def _remove_tag(self) -> None:
        tag = self.tagTable.current_id()
        if tag is not None:
            self.perform(ops.remove_tag, tag=tag)

    # ------------------------------------------------------------------ actor types

    def _build_types(self) -> None:
        self.typeList = QListWidget()
        self.typeList.setObjectName("actorTypeList")
        self.typeList.itemChanged.connect(self._type_edited)
        self._types_loading = False
        self._tab(
            "Actor types",
            self.typeList,
            [
                ("actorTypeAdd", "Add", self._add_type),
                ("actorTypeRemove", "Remove", self._remove_type),
            ],
        )

    def _fill_types(self, book: Codebook) -> None:
        self._types_loading = True
        try:
            self.typeList.clear()
            for name in book.actor_types:
                item = QListWidgetItem(name)
                item.setData(ID_ROLE, name)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
                self.typeList.addItem(item)
        finally:
            self._types_loading = False

    def _type_edited(self, item: QListWidgetItem) -> None:
        if not self._types_loading and item.text() != item.data(ID_ROLE):
            old, new = item.data(ID_ROLE), item.text()
            QTimer.singleShot(0, lambda: self.perform(ops.rename_actor_type, old=old, new=new))

    def _add_type(self) -> None:
        self.perform(ops.add_actor_type)
        item = self.typeList.item(self.typeList.count() - 1)
        if item is not None:
            self.typeList.setCurrentItem(item)
            self.typeList.editItem(item)

    def _remove_type(self) -> None:
        item = self.typeList.currentItem()
        if item is not None:
            self.perform(ops.remove_actor_type, name=item.data(ID_ROLE))

    # ------------------------------------------------------------------ variables

    def _build_variables(self) -> None:
        self.variableTable = RecordTable(
            "variableTable",
            ["Name", "Applies to", "Kind", "Values (categorical, separated by ;)", "Description"],
            self._variable_edited,
        )
        self.variableTable.setColumnWidth(0, 150)
        self.variableTable.setColumnWidth(2, 130)
        self.variableTable.setColumnWidth(3, 260)
        self._tab(
            "Variables",
            self.variableTable,
            [
                (
                    "variableAddClaim",
                    "Add Claim Variable",
                    lambda: self._added(self.variableTable, self.perform(ops.add_variable)),
                ),
                (
                    "variableAddDocument",
                    "Add Document Variable",
                    lambda: self._added(
                        self.variableTable, self.perform(ops.add_variable, applies_to="document")
                    ),
                ),
                ("variableRemove", "Remove", self._remove_variable),
                ("variableUp", "Up", lambda: self._move(self.variableTable, "variable", -1)),
                ("variableDown", "Down", lambda: self._move(self.variableTable, "variable", 1)),
            ],
        )

    def _combo(self, name: str, choices: tuple[str, ...], value: str, apply: Callable) -> QComboBox:
        combo = QComboBox()
        combo.setObjectName(name)
        combo.addItems(list(choices))
        combo.setCurrentText(value)
        combo.setEnabled(not self.project.readonly)
        combo.activated.connect(
            lambda _i: (
                combo.currentText() != value
                and QTimer.singleShot(0, lambda: apply(combo.currentText()))
            )
        )
        return combo

    def _fill_variables(self, book: Codebook) -> None:
        rows: list[list[Any]] = []
        for v in book.variables:
            vid = v.id
            rows.append(
                [
                    record_item(v.name, vid),
                    self._combo(
                        f"appliesTo_{v.name}",
                        VARIABLE_TARGETS,
                        v.applies_to,
                        lambda text, i=vid: self.perform(
                            ops.edit_variable, variable=i, applies_to=text
                        ),
                    ),
                    self._combo(
                        f"kind_{v.name}",
                        VARIABLE_KINDS,
                        v.kind,
                        lambda text, i=vid: self.perform(ops.edit_variable, variable=i, kind=text),
                    ),
                    record_item(values_text(v.values), vid, editable=v.kind == "categorical"),
                    record_item(v.description, vid),
                ]
            )
        self.variableTable.fill(rows)

    def _variable_edited(self, variable: int, column: int, text: str) -> None:
        if column == 0:
            self.perform(ops.edit_variable, variable=variable, name=text)
        elif column == 4:
            self.perform(ops.edit_variable, variable=variable, description=text)
        elif column == 3:
            old = next((v.values for v in self.book.variables if v.id == variable), [])
            new = parse_values(text)
            changed = [(a, b) for a, b in zip(old, new, strict=False) if a != b]
            if len(old) == len(new) and len(changed) == 1:
                # One value written differently in its place: a rename, claims follow.
                self.perform(
                    ops.rename_value, variable=variable, old=changed[0][0], new=changed[0][1]
                )
            else:
                self.perform(ops.edit_variable, variable=variable, values=new)

    def _remove_variable(self) -> None:
        variable = self.variableTable.current_id()
        if variable is not None:
            self.perform(ops.remove_variable, variable=variable)

    # ------------------------------------------------------------------ shared

    def _added(self, table: RecordTable, changes: Any) -> None:
        if changes is None or changes.id is None:
            return
        table.select_id(changes.id)
        item = table.item(table.currentRow(), 0)
        if item is not None:
            table.editItem(item)

    def _move(self, table: RecordTable, kind: str, by: int) -> None:
        record = table.current_id()
        if record is not None:
            self.perform(ops.move_record, kind=kind, record=record, by=by)
            table.select_id(record)

    # ------------------------------------------------------------------ files

    def export_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self,
            "Export the codebook",
            str(self.project.path.with_name(f"{self.project.path.stem}-codebook.json")),
            "Claimdesk codebook (*.json);;REFI-QDA codebook for NVivo, ATLAS.ti, MAXQDA (*.qdc)",
        )
        if path:
            if not Path(path).suffix:
                path += ".json"
            self.export_file(Path(path))

    def export_file(self, path: Path) -> bool:
        from claimdesk.formats.codebooks import export_codebook_file

        try:
            export_codebook_file(self.project, path)
        except ClaimdeskError as exc:
            dialogs.show_error(self, str(exc))
            return False
        self.window_.statusBar().showMessage(f"Codebook exported to {path.name}", 6000)
        return True

    def import_dialog(self) -> None:
        """Choose a codebook file, see what it would change, then merge it or replace ours."""
        path, _ = QFileDialog.getOpenFileName(
            self,
            "Import a codebook",
            str(self.project.path.parent),
            "Codebooks (*.json *.qdc);;All files (*)",
        )
        if not path:
            return
        from claimdesk.ui.codebook_files import import_preview

        choice = import_preview(self, self.project, Path(path))
        if choice is not None:
            self.import_file(Path(path), replace=choice == "replace")

    def import_file(self, path: Path, *, replace: bool = False) -> Any:
        """Import a codebook file (merge, or replace ours); one undo step."""
        return self.perform(ops.import_codebook, path=str(path), replace=replace)


def show_codebook_summary(book: Codebook) -> str:
    """One line about a codebook, for a label."""
    return (
        f"{len(book.stances)} stances, {len(book.issues)} issues, {len(book.tags)} tags, "
        f"{len(book.actor_types)} actor types, {len(book.variables)} variables"
    )
