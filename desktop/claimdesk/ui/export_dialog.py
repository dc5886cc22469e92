"""The Export dialog: format, scope, options and file; the export runs in the background.

The dialog only gathers choices; :func:`claimdesk.formats.exporting.export`
does the work in a :class:`~claimdesk.ui.workers.Task` with a progress bar
and Cancel, on its own connection to the project file.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from claimdesk.core.errors import ClaimdeskError
from claimdesk.core.store import Project
from claimdesk.formats.exporting import EXPORT_FORMATS, ExportOptions, export
from claimdesk.formats.networks import NETWORKS, QUALIFIERS
from claimdesk.formats.scope import Scope
from claimdesk.formats.tables import TABLES
from claimdesk.ui.workers import Task

if TYPE_CHECKING:
    from claimdesk.ui.mainwindow import MainWindow

_NETWORK_LABELS = {
    "twomode": "Actors × issues (two-mode)",
    "congruence": "Congruence: same stance on an issue",
    "conflict": "Conflict: opposite stances on an issue",
    "subtract": "Congruence minus conflict",
}
_QUALIFIER_LABELS = {
    "ignore": "Weight = number of claims",
    "subtract": "Weight = agreeing minus disagreeing claims",
    "combine": "Weight = 1 agree, 2 disagree, 3 both",
}
_SCOPES = {
    "all": "All documents",
    "current": "The open document",
    "listed": "The documents listed (after filter or search)",
}


class ExportDialog(QDialog):
    """Choose what to export and where; :meth:`choices` gives the result."""

    def __init__(
        self,
        project: Project,
        *,
        current: int | None = None,
        listed: list[int] | None = None,
        coder: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("exportDialog")
        self.setWindowTitle("Export")
        self.resize(620, 0)
        self.project = project
        self.current = current
        self.listed = listed or []
        layout = QVBoxLayout(self)

        what = QGroupBox("Format")
        form = QFormLayout(what)
        self.format = QComboBox()
        self.format.setObjectName("exportFormat")
        for name, fmt in EXPORT_FORMATS.items():
            self.format.addItem(f"{fmt.label} ({fmt.extension})", name)
        form.addRow("Format", self.format)
        self.about = QLabel()
        self.about.setObjectName("exportAbout")
        self.about.setWordWrap(True)
        form.addRow("", self.about)
        self.table = QComboBox()
        self.table.setObjectName("exportTable")
        for name in TABLES:
            self.table.addItem(name.capitalize(), name)
        form.addRow("Table", self.table)
        self.excel = QCheckBox("For Excel (byte-order mark, the separator of your locale)")
        self.excel.setObjectName("exportExcel")
        form.addRow("", self.excel)
        self.network = QComboBox()
        self.network.setObjectName("exportNetwork")
        for name in NETWORKS:
            self.network.addItem(_NETWORK_LABELS[name], name)
        form.addRow("Network", self.network)
        self.qualifier = QComboBox()
        self.qualifier.setObjectName("exportQualifier")
        for name in QUALIFIERS:
            self.qualifier.addItem(_QUALIFIER_LABELS[name], name)
        form.addRow("Edge weight", self.qualifier)
        layout.addWidget(what)

        scope = QGroupBox("Scope")
        sform = QFormLayout(scope)
        self.documents = QComboBox()
        self.documents.setObjectName("scopeDocuments")
        for key, label in _SCOPES.items():
            self.documents.addItem(label, key)
        if current is None:
            self.documents.model().item(1).setEnabled(False)  # type: ignore[attr-defined]
        sform.addRow("Documents", self.documents)
        self.coder = QComboBox()
        self.coder.setObjectName("scopeCoder")
        self.coder.addItem("Every coder", "")
        for c in project.coders():
            self.coder.addItem(c.name, c.name)
        sform.addRow("Coder", self.coder)
        dates = QHBoxLayout()
        self.date_from = QLineEdit()
        self.date_from.setObjectName("scopeFrom")
        self.date_from.setPlaceholderText("from, e.g. 2019-10")
        self.date_to = QLineEdit()
        self.date_to.setObjectName("scopeTo")
        self.date_to.setPlaceholderText("to, e.g. 2020")
        dates.addWidget(self.date_from)
        dates.addWidget(QLabel("–"))
        dates.addWidget(self.date_to)
        sform.addRow("Published", dates)
        layout.addWidget(scope)

        where = QHBoxLayout()
        self.path = QLineEdit()
        self.path.setObjectName("exportPath")
        browse = QPushButton("Choose…")
        browse.setObjectName("exportBrowse")
        browse.clicked.connect(self.browse)
        where.addWidget(QLabel("File"))
        where.addWidget(self.path, 1)
        where.addWidget(browse)
        layout.addLayout(where)
        self.problem = QLabel()
        self.problem.setObjectName("exportProblem")
        self.problem.setStyleSheet("color: #b00020")
        self.problem.setWordWrap(True)
        layout.addWidget(self.problem)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Export")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setObjectName("exportRun")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.format.currentIndexChanged.connect(self._format_changed)
        self.network.currentIndexChanged.connect(self._network_changed)
        self._folder = project.path.parent
        self._format_changed()

    def _format_changed(self) -> None:
        name = self.format.currentData()
        fmt = EXPORT_FORMATS[name]
        self.about.setText(fmt.about)
        for widget, formats in (
            (self.table, {"csv"}),
            (self.excel, {"csv"}),
            (self.network, {"graphml", "edges"}),
        ):
            widget.setEnabled(name in formats)
        self.qualifier.setEnabled(
            name in ("graphml", "edges") and self.network.currentData() == "twomode"
        )
        current = Path(self.path.text()) if self.path.text().strip() else None
        folder = current.parent if current else self._folder
        stem = current.stem if current else self.project.path.stem
        self.path.setText(str(folder / f"{stem}{fmt.extension}"))

    def _network_changed(self) -> None:
        self.qualifier.setEnabled(
            self.format.currentData() in ("graphml", "edges")
            and self.network.currentData() == "twomode"
        )

    def browse(self) -> None:
        fmt = EXPORT_FORMATS[self.format.currentData()]
        path, _ = QFileDialog.getSaveFileName(
            self, "Export to", self.path.text(), f"{fmt.label} (*{fmt.extension});;All files (*)"
        )
        if path:
            self.path.setText(path)

    def choices(self) -> tuple[Path, ExportOptions, Scope]:
        """The file, the options and the scope chosen.

        :raises ClaimdeskError: a date that is not a date, no file, no document
        """
        path = self.path.text().strip()
        if not path:
            raise ClaimdeskError("Choose a file to export to.")
        options = ExportOptions(
            format=self.format.currentData(),
            table=self.table.currentData(),
            excel=self.excel.isChecked(),
            locale_name=QLocale().name(),
            network=self.network.currentData(),
            qualifier=self.qualifier.currentData(),
        )
        which = self.documents.currentData()
        ids: list[int] | None = None
        if which == "current":
            if self.current is None:
                raise ClaimdeskError("No document is open.")
            ids = [self.current]
        elif which == "listed":
            ids = list(self.listed)
        scope = Scope.of(
            documents=ids,
            coder=self.coder.currentData() or None,
            date_from=self.date_from.text().strip() or None,
            date_to=self.date_to.text().strip() or None,
        )
        return Path(path), options, scope

    def accept(self) -> None:
        try:
            self.choices()
        except ClaimdeskError as exc:
            self.problem.setText(str(exc))
            return
        super().accept()


def run_export(
    window: MainWindow,
    path: Path,
    options: ExportOptions,
    scope: Scope,
    *,
    done: Callable[[Any], None] | None = None,
) -> Task:
    """Export in the background with a progress dialog and Cancel; reports in the status bar."""

    def job(
        project: Project,
        progress: Callable[[str, int, int], None],
        cancelled: Callable[[], bool],
    ) -> Any:
        return export(
            project,
            path,
            options,
            scope=scope,
            progress=lambda n, total: progress("exporting", n, total),
            cancel=cancelled,
        )

    task = Task(
        window, title="Exporting", path=window.project.path, coder=window.settings.coder, job=job
    )
    task.done.connect(lambda result: window.statusBar().showMessage(result.summary(), 15000))
    if done is not None:
        task.done.connect(done)
    task.error.connect(window._task_failed)
    window._tasks.append(task)
    task.start()
    return task


def export_dialog(window: MainWindow) -> Task | None:
    """Ask what to export (File → Export…), then run it."""
    listed = [i for i in (window.model.document_id(r) for r in range(window.model.rowCount())) if i]
    dialog = ExportDialog(
        window.project,
        current=window.current_document,
        listed=listed,
        coder=window.settings.coder,
        parent=window,
    )
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    path, options, scope = dialog.choices()
    return run_export(window, path, options, scope)
