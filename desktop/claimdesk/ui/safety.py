"""Nothing lost, nothing let in: the window's side of locks, backups, text edits and orphans.

- Opening a project another Claimdesk is writing asks: open it read-only, or not at all.
- File → Restore from Backup lists the project's backups (date, kind, size); restoring
  first backs up the current state, then reopens the project.
- Code → Edit Text changes an article's text (one undo step); claims follow it.
- Code → Orphaned Claims lists claims and mentions that lost their place, to re-attach
  to a selection or delete.
- Text from projects and files is shown as plain text: never as markup that could
  load files, fetch from the network or open links by itself.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import Qt as QtText
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from claimdesk.core import backups as core_backups
from claimdesk.core.errors import ClaimdeskError, ProjectLocked
from claimdesk.core.store import Orphan, Project
from claimdesk.ui import dialogs
from claimdesk.ui.operations import claims as claim_ops
from claimdesk.ui.operations import versions as version_ops

if TYPE_CHECKING:
    from claimdesk.ui.mainwindow import MainWindow


def plain_tip(text: str) -> str:
    """A tooltip that shows ``text`` as it is: Qt would read text that looks like markup as HTML."""
    return QtText.convertFromPlainText(text) if QtText.mightBeRichText(text) else text


def plain_label(text: str = "", parent: QWidget | None = None) -> QLabel:
    """A label for text from a project or a file: plain text, no links followed."""
    label = QLabel(text, parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setOpenExternalLinks(False)
    return label


#: The only links a click on rendered text opens, in the system's browser or mail program.
LINK_SCHEMES = ("http", "https", "mailto")


def open_clicked_link(url: QUrl) -> bool:
    """Open a link the user clicked, if it is a web or mail link; anything else is ignored."""
    if url.scheme().lower() not in LINK_SCHEMES:
        return False
    from PySide6.QtGui import QDesktopServices

    return QDesktopServices.openUrl(url)


# ---------------------------------------------------------------------- opening: the lock


def ask_read_only(parent: QWidget | None, path: Path, exc: ProjectLocked) -> bool:
    """Say who has the project open for writing; True when the user opens it read-only."""
    who = exc.owner.describe() if exc.owner is not None else "another Claimdesk"
    box = QMessageBox(QMessageBox.Icon.Information, "Project in use", "", parent=parent)
    box.setObjectName("projectLockedDialog")
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(f"{path.name} is open for writing by {who}.")
    box.setInformativeText(
        "Only one Claimdesk at a time can change a project. You can open it read-only to read, "
        "search and export; to code in it, close it in the other Claimdesk first."
    )
    read_only = box.addButton("Open Read-Only", QMessageBox.ButtonRole.AcceptRole)
    read_only.setObjectName("openReadOnlyButton")
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(read_only)
    box.exec()
    return box.clickedButton() is read_only


def open_for_window(path: Path, coder: str, *, readonly: bool = False) -> Project:
    """Open a project to show in the window.

    Its daily backup is left to the window, which makes it in the background once the
    project shows (copying a large project takes seconds).

    :raises ClaimdeskError: the file cannot be opened
    """
    return Project.open(path, coder=coder, readonly=readonly, daily_backup=False)


def open_project(parent: QWidget | None, path: Path, coder: str) -> Project | None:
    """Open a project for writing; when another Claimdesk writes it, offer read-only.

    :raises ClaimdeskError: the file cannot be opened at all
    """
    try:
        return open_for_window(path, coder)
    except ProjectLocked as exc:
        if not ask_read_only(parent, path, exc):
            return None
        return open_read_only(path, exc, coder)


def open_read_only(path: Path, exc: ProjectLocked, coder: str) -> Project:
    """Open a project another Claimdesk writes, read-only, saying who writes it in the banner."""
    project = open_for_window(path, coder, readonly=True)
    who = exc.owner.describe() if exc.owner is not None else "another Claimdesk"
    project.warnings.insert(0, f"{who} has this project open for writing.")
    return project


def banner_text(project: Project) -> str:
    """What the banner above the article says: read-only, a synced folder, a failed backup."""
    lines = []
    if project.readonly:
        lines.append(
            "This project is open read-only: you can read, search and export, but not code."
        )
    lines += project.warnings
    return "\n".join(lines)


# ---------------------------------------------------------------------- backups


class RestoreDialog(QDialog):
    """File → Restore from Backup: the project's backups, newest first; back up now or restore."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window_ = window
        self.setObjectName("restoreDialog")
        self.setWindowTitle("Restore from backup")
        self.resize(760, 420)
        layout = QVBoxLayout(self)
        self.intro = plain_label(
            "Claimdesk backs a project up once a day when it opens and before a new version "
            "upgrades it. Restoring makes the project what the backup holds; its current state "
            "is backed up first, so a restore can be undone by restoring that backup."
        )
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("backupTable")
        self.table.setHorizontalHeaderLabels(["Made", "Kind", "Size", "File"])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        layout.addWidget(self.table)
        self.folder = plain_label()
        self.folder.setObjectName("backupFolder")
        self.folder.setWordWrap(True)
        layout.addWidget(self.folder)
        buttons = QHBoxLayout()
        self.backup_button = QPushButton("Back Up Now")
        self.backup_button.setObjectName("backupNowButton")
        self.backup_button.clicked.connect(self.back_up_now)
        self.restore_button = QPushButton("Restore…")
        self.restore_button.setObjectName("restoreButton")
        self.restore_button.clicked.connect(self.restore_selected)
        close = QPushButton("Close")
        close.clicked.connect(self.reject)
        buttons.addWidget(self.backup_button)
        buttons.addStretch(1)
        buttons.addWidget(self.restore_button)
        buttons.addWidget(close)
        layout.addLayout(buttons)
        self.backups: list[core_backups.Backup] = []
        self.reload()

    def reload(self) -> None:
        project = self.window_.project
        self.backups = core_backups.list_backups(project.path)
        self.table.setRowCount(len(self.backups))
        for row, backup in enumerate(self.backups):
            kind = backup.kind + (f" (from version {backup.version})" if backup.version else "")
            values = [
                backup.created.astimezone().strftime("%Y-%m-%d %H:%M"),
                kind,
                core_backups.human_size(backup.size),
                backup.path.name,
            ]
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setToolTip(plain_tip(str(backup.path)))
                self.table.setItem(row, column, item)
        self.table.resizeColumnsToContents()
        beside = project.path.parent / core_backups.FOLDER_NAME
        folders = sorted({b.path.parent for b in self.backups}) or [beside]
        where = [
            f"the folder “{f.name}” beside {project.path.name}" if f == beside else str(f)
            for f in folders
        ]
        self.folder.setText(f"Backups are kept in {' and '.join(where)}.")
        if self.backups:
            self.table.selectRow(0)
        self.backup_button.setEnabled(not project.readonly)
        self._selection_changed()

    def selected(self) -> core_backups.Backup | None:
        rows = self.table.selectionModel().selectedRows()
        return self.backups[rows[0].row()] if rows else None

    def _selection_changed(self) -> None:
        self.restore_button.setEnabled(self.selected() is not None)

    def back_up_now(self) -> None:
        try:
            made = core_backups.make_backup(self.window_.project, "manual")
        except ClaimdeskError as exc:
            dialogs.show_error(self, str(exc))
            return
        self.window_.statusBar().showMessage(f"Backed up to {made.path.name}", 6000)
        self.reload()

    def restore_selected(self, *, confirm: bool = True) -> bool:
        backup = self.selected()
        if backup is None:
            return False
        if confirm:
            answer = QMessageBox.question(
                self,
                "Restore from backup",
                f"Make {self.window_.project.path.name} what it was on "
                f"{backup.created.astimezone():%Y-%m-%d at %H:%M}? Its current state is backed "
                "up first.",
            )
            if answer != QMessageBox.StandardButton.Yes:
                return False
        if restore_into_window(self.window_, backup.path):
            self.accept()
            return True
        self.reload()
        return False


def restore_into_window(window: MainWindow, backup: Path) -> bool:
    """Close the window's project, restore it from ``backup``, and open it again."""
    path = window.project.path
    coder = window.settings.coder
    window.release_project()
    message, problem = "", ""
    try:
        result = core_backups.restore_backup(path, backup, coder=coder)
        before = result.previous.path.name if result.previous else "nothing"
        message = f"Restored from {backup.name}; the state before is kept as {before}"
    except ClaimdeskError as exc:
        problem = f"The project was not restored.\n\n{exc}"
    try:  # the window gets its project back before anything else is shown
        project = open_for_window(path, coder)
    except ClaimdeskError as exc:
        from claimdesk.ui.app import open_demo_project

        window.set_project(open_demo_project(coder=coder))
        dialogs.show_error(window, f"{problem}\n\nCannot open {path.name} again: {exc}".strip())
        return False
    window.set_project(project)
    if problem:
        dialogs.show_error(window, problem)
        return False
    window.statusBar().showMessage(message, 10000)
    return True


# ---------------------------------------------------------------------- editing a text


class EditTextDialog(QDialog):
    """Code → Edit Text: the article's text in a plain editor; claims follow the change."""

    def __init__(self, title: str, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("editTextDialog")
        self.setWindowTitle("Edit text")
        self.resize(820, 640)
        layout = QVBoxLayout(self)
        heading = plain_label(title)
        heading.setProperty("sectionTitle", True)
        layout.addWidget(heading)
        note = plain_label(
            "Correct the article's text. Claims and mentions follow it; any that can no longer "
            "be found are kept as orphans for you to re-attach or delete (Code → Orphaned "
            "Claims). The text as it was stays in the project, and Undo brings it back."
        )
        note.setWordWrap(True)
        layout.addWidget(note)
        self.editor = QPlainTextEdit()
        self.editor.setObjectName("editTextEditor")
        self.editor.setPlainText(text)
        layout.addWidget(self.editor, 1)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def text(self) -> str:
        return self.editor.toPlainText()


def edit_text(window: MainWindow) -> None:
    """Open the current document's text for editing, then store the new text (undoable)."""
    document_id = window.current_document
    if document_id is None or window.project.readonly:
        return
    document = window.project.document(document_id)
    dialog = EditTextDialog(document.title or document.file, document.text, window)
    window._edit_text_dialog = dialog
    if not dialog.exec():
        return
    changes = window.perform(version_ops.edit_text, document=document_id, text=dialog.text())
    if changes is not None and window.project.orphans(document=document_id):
        orphans_dialog(window)


# ---------------------------------------------------------------------- orphans


class OrphansDialog(QDialog):
    """Claims and mentions that lost their place: show their document, re-attach, or delete."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window_ = window
        self.setObjectName("orphansDialog")
        self.setWindowTitle("Orphaned claims and mentions")
        self.resize(760, 380)
        layout = QVBoxLayout(self)
        intro = plain_label(
            "These lost their place when their article's text changed. Select the words they "
            "belong to in the article and press Re-attach, or delete what is no longer needed. "
            "Nothing here is ever deleted for you."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("orphanTable")
        self.table.setHorizontalHeaderLabels(["Kind", "Article", "Quote", "Since"])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.itemDoubleClicked.connect(lambda _item: self.show_document())
        layout.addWidget(self.table)
        buttons = QHBoxLayout()
        self.show_button = QPushButton("Show Article")
        self.show_button.setObjectName("showOrphanDocument")
        self.show_button.clicked.connect(self.show_document)
        self.reattach_button = QPushButton("Re-attach to Selection")
        self.reattach_button.setObjectName("reattachOrphan")
        self.reattach_button.clicked.connect(self.reattach)
        self.delete_button = QPushButton("Delete")
        self.delete_button.setObjectName("deleteOrphan")
        self.delete_button.clicked.connect(self.delete)
        close = QPushButton("Close")
        close.clicked.connect(self.close)
        for button in (self.show_button, self.reattach_button, self.delete_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout.addLayout(buttons)
        self.orphans: list[Orphan] = []
        self.reload()

    def reload(self) -> None:
        project = self.window_.project
        self.orphans = project.orphans()
        titles = {s.id: s.title or s.file for s in project.document_summaries()}
        self.table.setRowCount(len(self.orphans))
        for row, orphan in enumerate(self.orphans):
            quote = " ".join(orphan.quote.split())
            values = [
                orphan.kind,
                titles.get(orphan.document, str(orphan.document)),
                quote if len(quote) < 160 else quote[:159] + "…",
                _local_time(orphan.since),
            ]
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                if column == 2:
                    item.setToolTip(plain_tip(orphan.quote[:2000]))
                self.table.setItem(row, column, item)
        self.table.resizeColumnToContents(0)
        self.table.resizeColumnToContents(3)
        self.table.setColumnWidth(1, 200)
        if self.orphans and not self.table.selectionModel().selectedRows():
            self.table.selectRow(0)
        self._update_buttons()

    def selected(self) -> Orphan | None:
        rows = self.table.selectionModel().selectedRows()
        return self.orphans[rows[0].row()] if rows and rows[0].row() < len(self.orphans) else None

    def _update_buttons(self) -> None:
        orphan = self.selected()
        writable = not self.window_.project.readonly
        self.show_button.setEnabled(orphan is not None)
        self.reattach_button.setEnabled(orphan is not None and writable)
        self.delete_button.setEnabled(orphan is not None and writable)

    def show_document(self) -> None:
        orphan = self.selected()
        if orphan is None:
            return
        row = self.window_.model.row_of(orphan.document)
        if row is None:
            self.window_.show_claim(orphan.document, None)
        else:
            self.window_.select_document_row(row)

    def reattach(self) -> None:
        orphan = self.selected()
        window = self.window_
        if orphan is None:
            return
        if window.current_document != orphan.document:
            self.show_document()
            window.statusBar().showMessage(
                "Select the words in the article, then press Re-attach again.", 6000
            )
            return
        selection = window.reader.selection()
        if selection is None:
            window.statusBar().showMessage("Select the words in the article first.", 6000)
            return
        start, end = claim_ops.selection_span(window.reader.text, *selection)
        if start >= end:
            window.statusBar().showMessage("The selection holds no words.", 6000)
            return
        if window.perform(
            version_ops.reattach, kind=orphan.kind, span=orphan.id, start=start, end=end
        ):
            window.reader.clear_selection()
        self.reload()

    def delete(self) -> None:
        orphan = self.selected()
        if orphan is None:
            return
        self.window_.perform(version_ops.delete_orphans, orphans=[(orphan.kind, orphan.id)])
        self.reload()


def _local_time(stamp: str) -> str:
    """``2026-11-25T14:02:00.000Z`` as the user's local ``2026-11-25 15:02``."""
    from datetime import datetime

    try:
        return (
            datetime.fromisoformat(stamp.replace("Z", "+00:00"))
            .astimezone()
            .strftime("%Y-%m-%d %H:%M")
        )
    except ValueError:
        return stamp


def orphans_dialog(window: MainWindow) -> OrphansDialog:
    """Show the orphans (one non-modal dialog per window, brought to the front)."""
    dialog = getattr(window, "_orphans_dialog", None)
    if dialog is None:
        dialog = OrphansDialog(window)
        window._orphans_dialog = dialog
    else:
        dialog.reload()
    dialog.show()
    dialog.raise_()
    return dialog


def orphans_note(project: Project) -> str:
    """``2 orphaned claims`` for the status bar; empty without orphans."""
    count = len(project.orphans())
    if not count:
        return ""
    what = "claim or mention" if count == 1 else "claims or mentions"
    return f"⚠ {count} orphaned {what}"
