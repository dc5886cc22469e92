"""The main window: document list, reading view, claim panel and claim list.

The window holds no copy of the project's data: it asks the store, calls
``ui.operations`` for every edit, and redraws what the returned ``Changes``
name.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QItemSelectionModel, QModelIndex, QSettings, Qt, QTimer
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QGuiApplication,
    QKeySequence,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from claimdesk import __version__
from claimdesk.core.errors import ClaimdeskError, NotFound
from claimdesk.core.model import Changes, Claim
from claimdesk.core.places import default_project_dir
from claimdesk.core.settings import Settings, config_dir
from claimdesk.core.store import Project
from claimdesk.core.text import sentence_bounds
from claimdesk.ui import dialogs, safety, welcome
from claimdesk.ui import team as team_ui
from claimdesk.ui.claim_list import ClaimList
from claimdesk.ui.claimpanel import ClaimPanel, resolve_name
from claimdesk.ui.desktop import open_log_folder
from claimdesk.ui.documents import DocumentListModel
from claimdesk.ui.operations import claims as claim_ops
from claimdesk.ui.operations import documents as document_ops
from claimdesk.ui.reader import PaintedSpan, ReaderView
from claimdesk.ui.theme import actor_color
from claimdesk.ui.workers import Task

#: How long after a project shows its daily backup starts (the first paint and clicks come first).
BACKUP_DELAY_MS = 1500


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}" + ("" if n == 1 else "s")


class MainWindow(QMainWindow):
    """The coding window on one open project."""

    def __init__(self, project: Project, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.project = project
        self.settings = Settings.load()
        self.project.coder = self.settings.coder
        self._document: int | None = None
        self._claims: dict[int, Claim] = {}
        self._coders: dict[int, str] = {}
        self._tasks: list[Task] = []
        self.resize(1400, 900)
        self.setAcceptDrops(True)
        self._build_actions()
        self._build_menus()
        self._build_central()
        self._build_statusbar()
        self._backup_timer = QTimer(self)  # the daily backup, a moment after a project shows
        self._backup_timer.setSingleShot(True)
        self._backup_timer.setInterval(BACKUP_DELAY_MS)
        self._backup_timer.timeout.connect(self._daily_backup)
        from claimdesk.ui.coding_aids import CodingAids

        self.aids = CodingAids(self)  # actor manager, suggested mentions, keywords, codebook
        self._attach_project()
        self._restore_state()

    # ================================================================== building

    def _action(
        self,
        name: str,
        text: str,
        slot: Callable[[], Any],
        shortcut: str | QKeySequence | None = None,
        tip: str = "",
    ) -> QAction:
        action = QAction(text, self)
        action.setObjectName(name)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(tip)
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        a = self._action
        self.actionNewProject = a(
            "actionNewProject",
            "&New Project…",
            self.new_project_dialog,
            QKeySequence.StandardKey.New,
        )
        self.actionOpen = a(
            "actionOpen", "&Open Project…", self.open_project_dialog, QKeySequence.StandardKey.Open
        )
        self.actionImport = a(
            "actionImport",
            "&Import Articles…",
            self.import_files_dialog,
            "Ctrl+I",
            "Import articles (text, Markdown, Word, PDF, web pages, tables, news-database "
            "batches) or a Claimdesk JSON export; you can also drop files on the window",
        )
        self.actionPasteArticle = a(
            "actionPasteArticle",
            "&Paste as New Article…",
            self.paste_article_dialog,
            "Ctrl+Shift+V",
            "Add the text on the clipboard as a new article, with its title, date and source",
        )
        self.actionImportFolder = a(
            "actionImportFolder",
            "Import &Folder…",
            self.import_folder_dialog,
            "Ctrl+Shift+I",
            "Import every article in a folder and its subfolders",
        )
        self.actionExport = a(
            "actionExport",
            "&Export…",
            self.export_dialog,
            "Ctrl+E",
            "Export the corpus, tables, networks, a REFI-QDA project or an HTML report",
        )
        self.actionProperties = a(
            "actionProjectProperties", "Project &Properties…", self.project_properties_dialog
        )
        self.actionRestoreBackup = a(
            "actionRestoreBackup",
            "Restore from &Backup…",
            lambda: safety.RestoreDialog(self).exec(),
            tip="See the project's backups, back up now, or make the project what a backup holds",
        )
        self.actionQuit = a("actionQuit", "&Quit", self.close, QKeySequence.StandardKey.Quit)
        self.actionUndo = a("actionUndo", "&Undo", self.undo, QKeySequence.StandardKey.Undo)
        self.actionRedo = a("actionRedo", "&Redo", self.redo, QKeySequence.StandardKey.Redo)
        self.actionTrash = a("actionTrash", "&Trash…", self.trash_dialog)
        self.actionNewClaim = a(
            "actionNewClaim", "New &Claim", self.new_claim, "C", "Make the selected text a claim"
        )
        self.actionNewMention = a(
            "actionNewMention",
            "New &Mention",
            self.new_mention,
            "M",
            "Tag the selected text as a mention of an actor",
        )
        self.actionExtendSentence = a(
            "actionExtendSentence",
            "Extend to &Sentence",
            self.extend_to_sentence,
            "S",
            "Widen the selection to whole sentences",
        )
        self.actionDeleteClaim = a(
            "actionDeleteClaim", "&Delete Claim", self.delete_claim, QKeySequence.StandardKey.Delete
        )
        self.actionNextDocument = a(
            "actionNextDocument", "&Next Document", lambda: self.step_document(1), "N"
        )
        self.actionPreviousDocument = a(
            "actionPreviousDocument", "&Previous Document", lambda: self.step_document(-1), "P"
        )
        self.actionMarkDone = a(
            "actionMarkDone",
            "Mark Document &Done",
            self.toggle_done,
            "Ctrl+D",
            "Mark the document done for you (again: back to in progress)",
        )
        self.actionDocumentProperties = a(
            "actionDocumentProperties",
            "Document P&roperties…",
            self.document_properties_dialog,
            "Ctrl+Shift+P",
        )
        self.actionDeleteDocument = a(
            "actionDeleteDocument", "Move Document to Trash", self.delete_document
        )
        self.actionEditText = a(
            "actionEditText",
            "&Edit Text…",
            lambda: safety.edit_text(self),
            tip="Correct the article's text; claims and mentions follow it (undoable)",
        )
        self.actionOrphans = a(
            "actionOrphans",
            "&Orphaned Claims…",
            lambda: safety.orphans_dialog(self),
            tip="Claims and mentions that lost their place when a text changed",
        )
        self.actionZoomIn = a(
            "actionZoomIn", "Zoom &In", lambda: self.reader.zoom(1), QKeySequence.StandardKey.ZoomIn
        )
        self.actionZoomOut = a(
            "actionZoomOut",
            "Zoom &Out",
            lambda: self.reader.zoom(-1),
            QKeySequence.StandardKey.ZoomOut,
        )
        self.actionZoomReset = a(
            "actionZoomReset", "&Actual Size", lambda: self.reader.zoom(0), "Ctrl+0"
        )
        self.actionFind = a(
            "actionSearch", "&Search the Corpus", self._focus_search, QKeySequence.StandardKey.Find
        )
        self.actionFilter = a("actionFilter", "&Filter Documents", self._focus_filter, "Ctrl+L")
        self.actionSetCoder = a("actionSetCoder", "Set &Coder…", self.set_coder_dialog)
        self.actionCheck = a("actionCheck", "&Check Project", self.check_project)
        self.actionMerge = a(
            "actionMerge",
            "&Merge Another Coder's Work…",
            lambda: team_ui.merge_dialog(self),
            tip="Bring in a coder's copy of this project or a JSON export, after a preview",
        )
        self.actionAssign = a(
            "actionAssign",
            "&Assign Documents…",
            lambda: team_ui.assign_dialog(self),
            tip="Give every coder the reliability sample and split the other documents",
        )
        self.actionCoderProgress = a(
            "actionCoderProgress", "Coder &Progress…", lambda: team_ui.progress_dialog(self)
        )
        self.actionAgreement = a(
            "actionAgreement",
            "A&greement…",
            lambda: team_ui.agreement_dialog(self),
            tip="How well coders agree: unitizing, Krippendorff's alpha, Cohen's kappa",
        )
        self.actionOnlyAssigned = a(
            "actionOnlyAssigned",
            "Only &My Assigned Documents",
            self._only_assigned_toggled,
            tip="List only the documents assigned to you",
        )
        self.actionOnlyAssigned.setCheckable(True)
        self.actionShortcuts = a(
            "actionShortcuts", "&Keyboard Shortcuts", self.shortcuts_dialog, "F1"
        )
        self.actionAbout = a("actionAbout", "&About Claimdesk", self.about_dialog)
        self.actionHowToCode = a(
            "actionHowToCode",
            "How to &Code a Claim",
            lambda: welcome.show_how_to_code(self),
            tip="Show the short guide to coding a claim",
        )
        self.actionOpenLogFolder = a(
            "actionOpenLogFolder",
            "Open &Log Folder",
            open_log_folder,
            tip="Show the folder with Claimdesk's log and crash reports",
        )
        self.stanceActions: list[QAction] = []
        for digit in "123456789":
            action = a(
                f"actionStance{digit}",
                f"Stance {digit}",
                lambda d=digit: self.set_stance_key(d),
                digit,
            )
            self.stanceActions.append(action)
        self.edit_actions = [
            self.actionImport,
            self.actionImportFolder,
            self.actionPasteArticle,
            self.actionUndo,
            self.actionRedo,
            self.actionNewClaim,
            self.actionNewMention,
            self.actionDeleteClaim,
            self.actionMarkDone,
            self.actionDocumentProperties,
            self.actionDeleteDocument,
            self.actionEditText,
            self.actionTrash,
            self.actionProperties,
            self.actionMerge,
            self.actionAssign,
            *self.stanceActions,
        ]

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        file_menu.addActions([self.actionNewProject, self.actionOpen])
        self.recentMenu = file_menu.addMenu("Open &Recent")
        self.recentMenu.aboutToShow.connect(self._fill_recent)
        file_menu.addSeparator()
        file_menu.addActions(
            [self.actionImport, self.actionImportFolder, self.actionPasteArticle, self.actionExport]
        )
        file_menu.addAction(self.actionMerge)
        file_menu.addSeparator()
        file_menu.addActions([self.actionProperties, self.actionRestoreBackup])
        file_menu.addSeparator()
        file_menu.addAction(self.actionQuit)
        edit = bar.addMenu("&Edit")
        edit.addActions([self.actionUndo, self.actionRedo])
        edit.addSeparator()
        edit.addActions([self.actionFind, self.actionFilter])
        edit.addSeparator()
        edit.addAction(self.actionTrash)
        code = bar.addMenu("&Code")
        code.addActions([self.actionNewClaim, self.actionNewMention, self.actionExtendSentence])
        self.stanceMenu = code.addMenu("&Stance")
        code.addAction(self.actionDeleteClaim)
        code.addSeparator()
        code.addActions(
            [self.actionMarkDone, self.actionDocumentProperties, self.actionDeleteDocument]
        )
        code.addSeparator()
        code.addActions([self.actionEditText, self.actionOrphans])
        view = bar.addMenu("&View")
        view.addActions([self.actionNextDocument, self.actionPreviousDocument])
        view.addSeparator()
        view.addActions([self.actionZoomIn, self.actionZoomOut, self.actionZoomReset])
        view.addSeparator()
        view.addAction(self.actionOnlyAssigned)
        self.codeMenu, self.viewMenu = code, view
        tools = bar.addMenu("&Tools")
        self.toolsMenu = tools
        tools.addAction(self.actionSetCoder)
        tools.addSeparator()
        tools.addActions([self.actionAssign, self.actionCoderProgress, self.actionAgreement])
        tools.addSeparator()
        tools.addAction(self.actionCheck)
        help_menu = bar.addMenu("&Help")
        help_menu.addActions([self.actionHowToCode, self.actionShortcuts])
        help_menu.addSeparator()
        help_menu.addAction(self.actionOpenLogFolder)
        help_menu.addSeparator()
        help_menu.addAction(self.actionAbout)

    def _build_central(self) -> None:
        # Left: filter, search and the document list.
        left = QWidget()
        left.setMinimumWidth(280)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(8, 8, 0, 0)
        self.searchEdit = QLineEdit()
        self.searchEdit.setObjectName("searchEdit")
        self.searchEdit.setPlaceholderText("Search the corpus…  (Ctrl+F)")
        self.searchEdit.setClearButtonEnabled(True)
        self.searchEdit.returnPressed.connect(self.run_search)
        self.searchEdit.textChanged.connect(lambda text: text or self.clear_search())
        left_layout.addWidget(self.searchEdit)
        self.filterEdit = QLineEdit()
        self.filterEdit.setObjectName("filterEdit")
        self.filterEdit.setPlaceholderText("Filter by title, date, source or file")
        self.filterEdit.setClearButtonEnabled(True)
        self._filter_timer = QTimer(self)
        self._filter_timer.setSingleShot(True)
        self._filter_timer.setInterval(150)
        self._filter_timer.timeout.connect(lambda: self.model.set_filter(self.filterEdit.text()))
        self.filterEdit.textChanged.connect(self._filter_timer.start)
        left_layout.addWidget(self.filterEdit)
        self.documentList = QTableView()
        self.documentList.setObjectName("documentList")
        self.documentList.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.documentList.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.documentList.setSortingEnabled(True)
        self.documentList.verticalHeader().hide()
        self.documentList.setShowGrid(False)
        self.documentList.setWordWrap(False)
        self.documentList.setAlternatingRowColors(True)
        self.documentList.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.documentList.addActions(
            [self.actionMarkDone, self.actionDocumentProperties, self.actionDeleteDocument]
        )
        left_layout.addWidget(self.documentList)
        self.searchInfo = QLabel("")
        self.searchInfo.setObjectName("documentMeta")
        self.searchInfo.setWordWrap(True)
        self.searchInfo.hide()
        left_layout.addWidget(self.searchInfo)

        # Centre: the document header and the reader.
        centre = QWidget()
        centre_layout = QVBoxLayout(centre)
        centre_layout.setContentsMargins(0, 0, 0, 0)
        centre_layout.setSpacing(0)
        self.banner = QLabel("")
        self.banner.setObjectName("readOnlyBanner")
        self.banner.setStyleSheet("background: #fff3cd; color: #5c4400; padding: 6px 12px;")
        self.banner.setTextFormat(Qt.TextFormat.PlainText)
        self.banner.setWordWrap(True)
        self.banner.hide()
        centre_layout.addWidget(self.banner)
        header = QWidget()
        header_layout = QVBoxLayout(header)
        header_layout.setContentsMargins(32, 14, 32, 6)
        self.documentHeader = QLabel("")
        self.documentHeader.setTextFormat(Qt.TextFormat.PlainText)  # a title from a file
        self.documentHeader.setObjectName("documentHeader")
        self.documentHeader.setWordWrap(True)
        self.documentMeta = QLabel("")
        self.documentMeta.setObjectName("documentMeta")
        self.documentMeta.setTextFormat(Qt.TextFormat.RichText)
        self.documentMeta.setWordWrap(True)
        header_layout.addWidget(self.documentHeader)
        header_layout.addWidget(self.documentMeta)
        centre_layout.addWidget(header)
        self.reader = ReaderView()
        self.reader.setTabChangesFocus(True)
        self.reader.claimClicked.connect(self.select_claim)
        self.reader.emptyClicked.connect(lambda: self.select_claim(None))
        self.reader.set_context_actions(
            [
                self.actionNewClaim,
                self.actionNewMention,
                self.actionExtendSentence,
                self.actionDeleteClaim,
            ]
        )
        centre_layout.addWidget(self.reader, 1)

        # Right: the claim panel over the claim list.
        right = QSplitter(Qt.Orientation.Vertical)
        right.setMinimumWidth(300)
        right.setObjectName("rightSplitter")
        self.claimPanel = ClaimPanel(self.perform)
        self.claimPanel.delete_button.clicked.connect(self.delete_claim)
        self.claimPanel.claimant.returnPressed.connect(self.reader.setFocus)
        right.addWidget(self.claimPanel)
        list_box = QWidget()
        list_layout = QVBoxLayout(list_box)
        list_layout.setContentsMargins(12, 4, 12, 8)
        self.claimListTitle = QLabel("Claims in this article")
        self.claimListTitle.setProperty("sectionTitle", True)
        list_layout.addWidget(self.claimListTitle)
        self.claimList = ClaimList()
        self.claimList.setObjectName("claimList")
        self.claimList.claimChosen.connect(self._claim_list_changed)
        list_layout.addWidget(self.claimList)
        right.addWidget(list_box)
        right.setStretchFactor(0, 3)
        right.setStretchFactor(1, 2)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(left)
        self.splitter.addWidget(centre)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setStretchFactor(2, 0)
        self.splitter.setSizes([380, 680, 340])
        self.setCentralWidget(self.splitter)
        self.setTabOrder(self.reader, self.claimPanel.claimant)

    def _build_statusbar(self) -> None:
        self.teamBar = team_ui.TeamBar(self)
        self.teamBar.coderChosen.connect(self.set_coder)
        self.teamBar.newCoderRequested.connect(self.set_coder_dialog)
        self.teamBar.showChanged.connect(lambda: self._refresh_document(select=None))
        self.statusBar().addPermanentWidget(self.teamBar)
        self.orphansButton = QPushButton("")
        self.orphansButton.setObjectName("orphansButton")
        self.orphansButton.setFlat(True)
        self.orphansButton.setToolTip(
            "Claims and mentions that lost their place: re-attach or delete"
        )
        self.orphansButton.clicked.connect(lambda: safety.orphans_dialog(self))
        self.orphansButton.hide()
        self.statusBar().addPermanentWidget(self.orphansButton)
        self.progressLabel = QLabel("")
        self.progressLabel.setObjectName("progressLabel")
        self.statusBar().addPermanentWidget(self.progressLabel)

    # ================================================================== the project

    def _attach_project(self) -> None:
        """(Re)build every view for ``self.project``."""
        self.model = DocumentListModel(self.project, self)
        self.documentList.setModel(self.model)
        header = self.documentList.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(0, 28)
        header.resizeSection(1, 92)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(3, 80)
        header.resizeSection(4, 52)
        header.resizeSection(5, 44)
        header.setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        self.documentList.selectionModel().currentRowChanged.connect(self._document_row_changed)
        self._reload_codebook()
        self._reload_actors()
        self.aids.attach()
        self._coders = {c.id: c.name for c in self.project.coders() if c.id is not None}
        self.actionOnlyAssigned.setChecked(False)
        self.refresh_team()
        readonly = self.project.readonly
        for action in self.edit_actions:
            action.setEnabled(not readonly)
        self.claimPanel.setEnabled(not readonly)
        self._show_banner()
        self._update_title()
        self._update_undo_actions()
        self._update_progress()
        if self.model.rowCount():
            self.select_document_row(0)
        else:
            self._show_empty()
        if not readonly:
            self._backup_timer.start()

    def _show_banner(self) -> None:
        banner = safety.banner_text(self.project)  # read-only, a synced folder, a failed backup
        self.banner.setText(banner)
        self.banner.setVisible(bool(banner))

    def _daily_backup(self) -> Task | None:
        """Make the project's daily backup in the background (at most once a day).

        It starts a moment after the project shows, so that opening it never waits
        for the copy; a backup that fails is said in the banner, like at the command line.
        """
        if self.project.readonly:
            return None
        from claimdesk.core.backups import backup_on_open

        project = self.project
        task = Task(
            self,
            title="Daily backup",
            path=project.path,
            coder=self.settings.coder,
            job=lambda p, _progress, _cancelled: backup_on_open(p),
            progress_dialog=False,
        )

        def finished(warning: object) -> None:
            if warning and project is self.project:
                project.warnings.append(str(warning))
                self._show_banner()

        task.done.connect(finished)
        task.error.connect(
            lambda exc, _details: finished(f"The daily backup could not be made: {exc}")
        )
        self._tasks.append(task)
        task.start()
        return task

    def set_project(self, project: Project) -> None:
        """Show another project in this window (the old one is closed)."""
        old = self.project
        self.project = project
        self.project.coder = self.settings.coder
        self._document = None
        self._attach_project()
        old.close()
        self.settings = Settings.load()
        self.settings.add_recent(project.path)
        self.settings.save()

    def _update_title(self) -> None:
        name = self.project.path.name
        ro = " [read-only]" if self.project.readonly else ""
        self.setWindowTitle(f"{name}{ro} — coder: {self.settings.coder} — Claimdesk")
        self.setWindowFilePath(str(self.project.path))

    def _reload_codebook(self) -> None:
        self.codebook = self.project.codebook()
        self.claimPanel.set_codebook(self.codebook)
        self.stanceMenu.clear()
        keyed = {s.key: s for s in self.codebook.stances if s.key}
        for digit, action in zip("123456789", self.stanceActions, strict=True):
            stance = keyed.get(digit)
            action.setText(f"{digit}  {stance.label}" if stance else f"Stance {digit}")
            action.setVisible(stance is not None)
            if stance:
                self.stanceMenu.addAction(action)

    def _reload_actors(self) -> None:
        self.actors = {a.id: a for a in self.project.actors() if a.id is not None}
        self.claimPanel.set_actors(list(self.actors.values()))

    # ================================================================== performing edits

    def perform(self, operation: Callable[..., Changes], **kwargs: Any) -> Changes | None:
        """Run an operation on the project and redraw what it changed; errors become dialogs."""
        try:
            changes = operation(self.project, **kwargs)
        except ClaimdeskError as exc:
            dialogs.show_error(self, str(exc))
            return None
        self.apply_changes(changes)
        return changes

    def apply_changes(self, changes: Changes, *, select: int | None = None) -> None:
        """Redraw what ``changes`` touched."""
        self.aids.apply_changes(changes)
        if changes.codebook:
            self._reload_codebook()
        if changes.actors:
            self._reload_actors()
        if changes.documents and self.model.membership_changed(changes.documents):
            current = self._document
            self.model.reload()
            row = self.model.row_of(current) if current is not None else None
            if row is not None:
                self.select_document_row(row)
            elif self.model.rowCount():
                self.select_document_row(0)
            else:
                self._show_empty()
        else:
            self.model.refresh(changes.documents)
        if self._document is not None and (
            self._document in changes.documents
            or changes.claims
            or changes.mentions
            or changes.actors
            or changes.codebook
        ):
            selected = select if select is not None else self.reader.selected_claim
            self._refresh_document(select=selected)
        coders = {c.id: c.name for c in self.project.coders() if c.id is not None}
        if coders != self._coders:
            self._coders = coders
            self.refresh_team()
        self._update_undo_actions()
        self._update_progress()
        if changes.name:
            self.statusBar().showMessage(f"{changes.name} — saved", 4000)

    def _update_undo_actions(self) -> None:
        undo, redo = self.project.undo_status()
        writable = not self.project.readonly
        self.actionUndo.setText(f"&Undo {undo}" if undo else "&Undo")
        self.actionUndo.setEnabled(writable and undo is not None)
        self.actionRedo.setText(f"&Redo {redo}" if redo else "&Redo")
        self.actionRedo.setEnabled(writable and redo is not None)

    def _update_progress(self) -> None:
        orphans = safety.orphans_note(self.project)
        self.orphansButton.setText(orphans)
        self.orphansButton.setVisible(bool(orphans))
        counts = self.project.counts()
        self.progressLabel.setText(
            f"{team_ui.progress_text(self.project, self.settings.coder)} · "
            f"{counts['claims']} claims · {counts['actors']} actors · saved"
        )

    def undo(self) -> None:
        try:
            changes = self.project.undo()
        except NotFound:
            return
        self.apply_changes(changes)

    def redo(self) -> None:
        try:
            changes = self.project.redo()
        except NotFound:
            return
        self.apply_changes(changes)

    # ================================================================== documents

    def _document_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        document_id = self.model.document_id(current.row())
        if document_id is not None and document_id != self._document:
            self.show_document(document_id)

    def select_document_row(self, row: int) -> None:
        index = self.model.index(row, 0)
        self.documentList.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.documentList.scrollTo(index)
        document_id = self.model.document_id(row)
        if document_id is not None and document_id != self._document:
            self.show_document(document_id)

    def show_document(self, document_id: int) -> None:
        """Open a document in the reader."""
        self.claimPanel.note.commit()
        self._document = document_id
        self._refresh_document(select=None, opened=True)
        self.reader.setFocus()

    def _show_empty(self) -> None:
        self._document = None
        self.reader.show_document("")
        self.documentHeader.setText("No documents yet")
        self.documentMeta.setText(
            "Import articles with File → Import Articles… (Ctrl+I) or Import Folder…"
        )
        self._fill_claim_list([])
        self.claimPanel.show_claim(None)

    def _refresh_document(self, *, select: int | None, opened: bool = False) -> None:
        """Re-read the current document's header, claims and mentions.

        :param opened: the document was just opened: the reader shows it (its reading aids
            follow its first paint)
        """
        if self._document is None:
            return
        try:
            document = self.project.document(self._document)
        except NotFound:
            self._show_empty()
            return
        if opened or document.text != self.reader.text:  # or edited, re-imported, undone
            self.reader.show_document(document.text, document.structure)
        claims = team_ui.visible_claims(
            self.project.claims(document=self._document),
            self.teamBar.show,
            self.project.coder_id(),
        )
        mentions = self.project.mentions(document=self._document)
        self._claims = {c.id: c for c in claims if c.id is not None}
        stance_color = {s.id: s.color for s in self.codebook.stances}
        self.reader.set_spans(
            team_ui.painted_claims(claims, stance_color),
            [
                PaintedSpan(
                    m.id or 0,
                    m.start,
                    m.end,
                    actor_color(
                        m.actor, self.actors[m.actor].color if m.actor in self.actors else ""
                    ).name(),
                )
                for m in mentions
            ],
        )
        self.aids.document_refreshed(document, opened=opened)
        words = len(document.text.split())
        parts = [
            document.published or "no date",
            document.source or "",
            f"{words:,} words",
            _count(len(claims), "claim"),
            _count(len(mentions), "mention"),
            document.file,
        ]
        legend = " ".join(
            f'<span style="color:{s.color}">■</span>&nbsp;{html.escape(s.label)}'
            for s in self.codebook.stances
        )
        self.documentHeader.setText(document.title or document.file)
        self.documentMeta.setText(
            html.escape(" · ".join(p for p in parts if p))
            + f"&nbsp;&nbsp;&nbsp;&nbsp;{legend}"
            + team_ui.coder_legend(claims, self._coders)
        )
        self._fill_claim_list(claims)
        self.select_claim(select if select in self._claims else None)

    def _fill_claim_list(self, claims: list[Claim]) -> None:
        self.claimList.claims.set_claims(
            claims,
            stances=self.codebook.stances,
            actor_name=self.claimPanel.actor_name,
            coders=self._coders,
        )
        self.claimListTitle.setText(f"Claims in this article ({len(claims)})")

    def step_document(self, step: int) -> None:
        row = self.documentList.currentIndex().row()
        target = row + step
        if 0 <= target < self.model.rowCount():
            self.select_document_row(target)

    @property
    def current_document(self) -> int | None:
        return self._document

    def toggle_done(self) -> None:
        if self._document is not None:
            self.perform(document_ops.toggle_done, document=self._document)

    def delete_document(self) -> None:
        if self._document is not None:
            self.perform(document_ops.delete_documents, documents=[self._document])

    def document_properties_dialog(self) -> None:
        if self._document is None:
            return
        document = self.project.document(self._document)
        from claimdesk.ui.operations.codebook import edit_document_properties
        from claimdesk.ui.variables_form import VariablesForm

        variables = VariablesForm()
        variables.set_actors(list(self.actors.values()))
        variables.set_variables([v for v in self.codebook.variables if v.applies_to == "document"])
        variables.show_values(document.variables)
        dialog = dialogs.DocumentPropertiesDialog(
            {
                "title": document.title,
                "published": document.published or "",
                "source": document.source,
                "language": document.language or "",
                "url": document.url,
                "memo": document.memo,
            },
            self,
            extra=None if variables.empty else variables,
        )
        if dialog.exec():
            self.perform(
                edit_document_properties,
                document=self._document,
                variables=variables.values(),
                **dialog.values(),
            )

    # ================================================================== search

    def run_search(self) -> None:
        query = self.searchEdit.text().strip()
        if not query:
            self.clear_search()
            return
        try:
            # Ranked ids only: the list reads its rows as it draws them (no snippets to make).
            hits = self.project.search_documents(query, limit=1000)
        except ClaimdeskError as exc:
            self.searchInfo.setText(html.escape(str(exc)))
            self.searchInfo.show()
            return
        self.model.set_search_results(hits)
        self.searchInfo.setText(
            f"{len(hits)} documents match “{html.escape(query)}”, best first. Clear the search "
            "box to see all documents." + self.aids.notes_found(query)
        )
        self.searchInfo.show()
        if hits:
            self.select_document_row(0)

    def clear_search(self) -> None:
        if self.model.searching:
            self.model.set_search_results(None)
            self.searchInfo.hide()
            row = self.model.row_of(self._document) if self._document is not None else None
            if row is not None:
                self.select_document_row(row)

    def _focus_search(self) -> None:
        self.searchEdit.setFocus()
        self.searchEdit.selectAll()

    def _focus_filter(self) -> None:
        self.filterEdit.setFocus()
        self.filterEdit.selectAll()

    # ================================================================== coding

    def select_claim(self, claim_id: int | None) -> None:
        """Select a claim: highlight it, show it in the panel and the list."""
        claim = self._claims.get(claim_id) if claim_id is not None else None
        self.reader.set_selected_claim(claim.id if claim else None)
        self.claimPanel.show_claim(
            claim, coder=self._coders.get(claim.coder, "") if claim and claim.coder else ""
        )
        self.claimList.set_current_claim(claim.id if claim else None)
        self.actionDeleteClaim.setEnabled(claim is not None and not self.project.readonly)

    def _claim_list_changed(self, claim_id: int) -> None:
        self.select_claim(claim_id)
        claim = self._claims.get(claim_id)
        if claim:
            self.reader.scroll_to(claim.start)

    def _coding_span(self) -> tuple[int, int] | None:
        selection = self.reader.selection()
        if self._document is None or selection is None:
            self.statusBar().showMessage("Select the words in the article first.", 4000)
            return None
        exact = bool(QGuiApplication.queryKeyboardModifiers() & Qt.KeyboardModifier.AltModifier)
        start, end = claim_ops.selection_span(self.reader.text, *selection, exact=exact)
        if start >= end:
            self.statusBar().showMessage("The selection holds no words.", 4000)
            return None
        return start, end

    def new_claim(self) -> None:
        span = self._coding_span()
        if span is None or self._document is None:
            return
        changes = self.perform(
            claim_ops.add_claim, document=self._document, start=span[0], end=span[1]
        )
        if changes is not None and changes.id is not None:
            self.reader.clear_selection()
            self.select_claim(changes.id)
            self.claimPanel.claimant.setFocus()

    def new_mention(self) -> None:
        span = self._coding_span()
        if span is None or self._document is None:
            return
        selected = self.reader.text[span[0] : span[1]]
        actor = self.project.find_actor(selected)
        if actor is not None:
            name = actor.name
        else:
            names = sorted({n for a in self.actors.values() for n in [a.name]}, key=str.casefold)
            guess = resolve_name(selected, names) or selected
            name, ok = QInputDialog.getItem(
                self,
                "New mention",
                f"Which actor is “{selected}”?",
                [guess, *[n for n in names if n != guess]],
                0,
                True,
            )
            if not ok or not name.strip():
                return
        if self.perform(
            claim_ops.add_mention,
            document=self._document,
            start=span[0],
            end=span[1],
            actor_name=name.strip(),
        ):
            self.reader.clear_selection()

    def extend_to_sentence(self) -> None:
        selection = self.reader.selection()
        if selection is None:
            cursor_pos = self.reader.position_at(self.reader.cursorRect().center())
            selection = (cursor_pos, cursor_pos + 1)
        start, end = sentence_bounds(self.reader.text, *selection)
        if start < end:
            self.reader.select_range(start, end)

    def delete_claim(self) -> None:
        claim = self.claimPanel.claim
        if claim is not None and claim.id is not None:
            self.perform(claim_ops.delete_claims, claims=[claim.id])

    def set_stance_key(self, digit: str) -> None:
        if self.claimPanel.claim is None:
            self.statusBar().showMessage("Select a claim first (click its highlight).", 4000)
            return
        self.claimPanel.set_stance_by_key(digit)

    # ================================================================== project files

    def new_project_dialog(self) -> None:
        folder = default_project_dir()
        welcome.note_cloud_folder_once(self, folder)
        path, _ = QFileDialog.getSaveFileName(
            self,
            "New project",
            str(folder / "study.claimdesk"),
            "Claimdesk projects (*.claimdesk)",
        )
        if not path:
            return
        if not path.endswith(".claimdesk"):
            path += ".claimdesk"
        try:
            if Path(path).exists():
                raise ClaimdeskError(f"{path} already exists; choose another name")
            project = Project.create(path, coder=self.settings.coder)
        except ClaimdeskError as exc:
            dialogs.show_error(self, str(exc))
            return
        self.set_project(project)

    def open_project_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            "Open project",
            str(self.project.path.parent),
            "Claimdesk projects (*.claimdesk);;All files (*)",
        )
        if path:
            self.open_project(Path(path))

    def open_project(self, path: Path) -> bool:
        try:
            project = safety.open_project(self, path, self.settings.coder)
        except ClaimdeskError as exc:
            dialogs.show_error(self, f"Cannot open {path.name}.\n\n{exc}")
            return False
        if project is None:  # in use elsewhere, and the user chose not to open it read-only
            return False
        self.set_project(project)
        return True

    def release_project(self) -> None:
        """Close the project file, its background tasks first (to restore it from a backup).

        The window shows nothing from it until :meth:`set_project` gives it a project again.
        """
        self.claimPanel.note.commit()
        for task in self._tasks:
            if task.running:
                task.cancel()
                task.wait()
        self.aids.stop()
        self._backup_timer.stop()
        self.project.close()

    def _fill_recent(self) -> None:
        self.recentMenu.clear()
        for entry in Settings.load().recent_projects:
            action = self.recentMenu.addAction(entry)
            action.triggered.connect(lambda _c=False, p=entry: self.open_project(Path(p)))
        if self.recentMenu.isEmpty():
            self.recentMenu.addAction("(none)").setEnabled(False)

    def project_properties_dialog(self) -> None:
        """The project's name and memo (Markdown with a preview; searched with the corpus)."""
        from claimdesk.ui.memos import ProjectPropertiesDialog

        info = self.project.info()
        dialog = ProjectPropertiesDialog(info["name"], info["memo"], self)
        self._properties_dialog = dialog
        if dialog.exec():
            values = dialog.values()
            if not values["name"]:
                values.pop("name")
            self.perform(lambda project, **kw: project.set_project_info(**kw), **values)

    def set_coder_dialog(self) -> None:
        name = dialogs.ask_coder_name(self, self.settings.coder)
        if name:
            self.set_coder(name)

    def set_coder(self, name: str) -> None:
        """Code as ``name`` from now on (kept in the settings the command line shares)."""
        self.settings = Settings.load()
        self.settings.coder = name
        self.settings.coder_confirmed = True
        self.settings.save()
        self.project.coder = name
        if not self.project.readonly:
            self.project.coder_id(name)  # a new name becomes one of the project's coders
        self._coders = {c.id: c.name for c in self.project.coders() if c.id is not None}
        self.refresh_team()
        if self.actionOnlyAssigned.isChecked():
            self._only_assigned_toggled()
        self.model.refresh_all()
        self._update_title()
        self._update_progress()
        self._refresh_document(select=None)

    def refresh_team(self) -> None:
        """Refill the coder switcher and the claim filter from the project."""
        coding = {c.id: c.name for c in self.project.coders(coding_only=True) if c.id is not None}
        self.teamBar.set_coders(list(self._coders.values()), self.settings.coder, coding)

    def _only_assigned_toggled(self) -> None:
        only = self.actionOnlyAssigned.isChecked()
        self.model.set_restriction(
            set(self.project.assigned_documents(self.settings.coder)) if only else None
        )
        if self._document is not None and self.model.row_of(self._document) is None:
            if self.model.rowCount():
                self.select_document_row(0)
            else:
                self._show_empty()

    def show_claim(self, document_id: int, claim_id: int | None) -> None:
        """Open a document and select one of its claims, whoever coded it."""
        row = self.model.row_of(document_id)
        if row is None:
            self.actionOnlyAssigned.setChecked(False)
            self.model.set_restriction(None)
            self.clear_search()
            row = self.model.row_of(document_id)
        self.teamBar.set_show(team_ui.ALL)
        if row is not None:
            self.select_document_row(row)
        if claim_id is not None and claim_id in self._claims:
            self.select_claim(claim_id)
            self.reader.scroll_to(self._claims[claim_id].start)

    # ================================================================== import and export

    def import_files_dialog(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(
            self,
            "Import articles",
            str(Path.home()),
            "Articles and exports (*.txt *.text *.md *.markdown *.docx *.odt *.rtf *.pdf *.html "
            "*.htm *.csv *.tsv *.xlsx *.jsonl *.json *.qdpx *.dna);;All files (*)",
        )
        if paths:
            self.start_import([Path(p) for p in paths])

    def import_folder_dialog(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, "Import a folder of articles", str(Path.home())
        )
        if folder:
            self.start_import([Path(folder)])

    def start_import(self, paths: list[Path]) -> Task | None:
        """Import files and folders; a table first asks which column holds what (with a preview)."""
        from claimdesk.formats.table_rows import preview_table
        from claimdesk.ui.importing import TableMappingDialog, first_table

        if self.project.readonly or not paths:
            return None
        mapping = None
        table = first_table(paths)
        if table is not None:
            try:
                preview = preview_table(table)
            except ClaimdeskError as exc:
                dialogs.show_error(self, f"Cannot read {table.name}: {exc}")
                return None
            dialog = TableMappingDialog(
                table.name, preview, self.project.setting("table_mapping"), self
            )
            self._mapping_dialog = dialog
            if not dialog.exec():
                return None
            mapping = dialog.mapping()
        return self.import_paths(paths, mapping=mapping)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        from claimdesk.ui.importing import dropped_paths

        if dropped_paths(event.mimeData()) and not self.project.readonly:
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        """Files and folders dropped on the window are imported."""
        from claimdesk.ui.importing import dropped_paths

        paths = dropped_paths(event.mimeData())
        if paths:
            event.acceptProposedAction()
            QTimer.singleShot(0, lambda: self.start_import(paths))

    def paste_article_dialog(self) -> None:
        """File → Paste as New Article: the clipboard's text with a small metadata form."""
        from claimdesk.ui.importing import PasteArticleDialog, clipboard_text

        dialog = PasteArticleDialog(clipboard_text(), self)
        self._paste_dialog = dialog
        if dialog.exec():
            changes = self.perform(document_ops.paste_article, **dialog.values())
            if changes is not None and changes.id is not None:
                row = self.model.row_of(changes.id)
                if row is not None:
                    self.select_document_row(row)

    def import_paths(self, paths: list[Path], *, mapping: dict[str, Any] | None = None) -> Task:
        """Import in the background with a progress dialog; reports what happened to each file.

        :param mapping: for tables, which column holds what (see ``formats.table_rows``)
        """
        from claimdesk.formats.importing import import_paths

        def job(
            project: Project,
            progress: Callable[[str, int, int], None],
            cancelled: Callable[[], bool],
        ) -> Any:
            return import_paths(
                project, paths, mapping=mapping, progress=progress, cancel=cancelled
            )

        task = Task(
            self,
            title="Importing articles",
            path=self.project.path,
            coder=self.settings.coder,
            job=job,
        )
        task.done.connect(self._import_done)
        task.error.connect(self._task_failed)
        self._tasks.append(task)
        task.start()
        return task

    def _import_done(self, report: Any) -> None:
        self.apply_changes(report.changes)
        self.model.reload()
        if self._document is None and self.model.rowCount():
            self.select_document_row(0)
        self.statusBar().showMessage(f"Import: {report.summary()}", 10000)
        from claimdesk.formats.import_report import file_results

        rows = file_results(report)
        if any(r.outcome != "imported" or r.details for r in rows):
            dialog = dialogs.ImportReportDialog(f"Import: {report.summary()}.", rows, self)
            dialog.open()
            self._last_report = dialog

    def _task_failed(self, exc: Exception, details: str) -> None:
        message = str(exc) if isinstance(exc, ClaimdeskError) else f"The task failed: {exc}"
        dialogs.show_error(self, message, "" if isinstance(exc, ClaimdeskError) else details)
        self.model.reload()

    def export_dialog(self) -> Task | None:
        """File → Export…: format, scope and options (ui/export_dialog.py), run in the background."""
        from claimdesk.ui.export_dialog import export_dialog

        return export_dialog(self)

    def export_to(self, path: Path, *, lines: bool = False) -> Task:
        from claimdesk.formats.corpus_json import export_corpus

        def job(
            project: Project,
            progress: Callable[[str, int, int], None],
            cancelled: Callable[[], bool],
        ) -> Any:
            total = project.document_count()
            return export_corpus(
                project,
                path,
                lines=lines,
                progress=lambda n: progress("exporting", n, total),
                cancel=cancelled,
            )

        task = Task(
            self, title="Exporting", path=self.project.path, coder=self.settings.coder, job=job
        )
        task.done.connect(
            lambda r: self.statusBar().showMessage(
                f"Exported {r.documents} documents, {r.claims} claims, {r.mentions} mentions to {path.name}",
                10000,
            )
        )
        task.error.connect(self._task_failed)
        self._tasks.append(task)
        task.start()
        return task

    # ================================================================== other dialogs

    def trash_dialog(self) -> None:
        from claimdesk.ui.trash import TrashDialog

        TrashDialog(self.project, self.perform, self).exec()

    def check_project(self) -> None:
        problems = self.project.check()
        if problems:
            dialogs.show_error(
                self,
                f"{len(problems)} problems found in {self.project.path.name}.",
                "\n".join(problems),
            )
        else:
            QMessageBox.information(
                self, "Check project", "The project file is sound: every span matches its text."
            )

    def shortcuts_dialog(self) -> None:
        rows = []
        for action in self.actions():
            if action.shortcut().isEmpty() or not action.isVisible():
                continue
            keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            rows.append((keys, action.text().replace("&", "")))
        dialogs.ShortcutsDialog(rows, self).exec()

    def about_dialog(self) -> None:
        QMessageBox.about(
            self,
            "About Claimdesk",
            f"<b>Claimdesk {__version__}</b><p>Read news articles, highlight claims, tag who makes "
            "them and the stance they take, and export the annotated corpus.</p>",
        )

    # ================================================================== state

    def _qsettings(self) -> QSettings:
        return QSettings(str(config_dir() / "window.ini"), QSettings.Format.IniFormat)

    def _restore_state(self) -> None:
        state = self._qsettings()
        geometry = state.value("geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        splitter = state.value("splitter")
        self._splitter_restored = isinstance(splitter, QByteArray) and self.splitter.restoreState(
            splitter
        )
        zoom = state.value("zoom", 0)
        try:
            if int(zoom):
                self.reader.zoom(int(zoom))
        except (TypeError, ValueError):
            pass

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not getattr(self, "_splitter_restored", True):
            self._splitter_restored = True
            QTimer.singleShot(0, self._default_sizes)

    def _default_sizes(self) -> None:
        right, left = 340, 400
        self.splitter.setSizes([left, max(400, self.width() - left - right), right])
        self.splitter.widget(0).layout().activate()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.claimPanel.note.commit()
        for task in self._tasks:
            if task.running:
                task.cancel()
                task.wait()
        state = self._qsettings()
        state.setValue("geometry", self.saveGeometry())
        state.setValue("splitter", self.splitter.saveState())
        state.setValue("zoom", self.reader.zoom_level)
        state.sync()
        self.aids.stop()
        self._backup_timer.stop()
        self.project.close()
        super().closeEvent(event)
