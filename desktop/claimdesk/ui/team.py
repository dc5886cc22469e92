"""Coding in a team: who is coding, whose claims show, and the window's team actions.

The status bar holds the coder switcher (the project's coders and "New
coder…") and the claim filter (all coders, only mine, or one other coder).
When claims of several coders show, each is outlined in its coder's colour.
The functions at the end open the team dialogs: assigning documents, coder
progress, merging another coder's work, and agreement.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QFileDialog, QHBoxLayout, QLabel, QWidget

from claimdesk.core.model import Claim
from claimdesk.core.store import Project
from claimdesk.ui.reader import PaintedSpan
from claimdesk.ui.theme import UNCODED

if TYPE_CHECKING:
    from claimdesk.ui.mainwindow import MainWindow

#: Outline colours of coders (Paul Tol's "vibrant" scheme, told apart with colour-blindness too).
CODER_COLORS = ["#0077BB", "#EE7733", "#009988", "#CC3311", "#33BBEE", "#EE3377", "#555555"]
NEW_CODER = "New coder…"
ALL, MINE = "all", "mine"


def coder_color(coder_id: int | None) -> str:
    return CODER_COLORS[(coder_id or 0) % len(CODER_COLORS)]


def visible_claims(claims: Iterable[Claim], show: str | int, me: int | None) -> list[Claim]:
    """The claims a filter lets through: ``all``, ``mine``, or one coder's id."""
    if show == ALL:
        return list(claims)
    wanted = me if show == MINE else show
    return [c for c in claims if c.coder == wanted]


def painted_claims(claims: list[Claim], stance_colors: dict[int | None, str]) -> list[PaintedSpan]:
    """Claims as the reader paints them; outlined by coder when more than one coder's show."""
    outlined = len({c.coder for c in claims}) > 1
    return [
        PaintedSpan(
            c.id or 0,
            c.start,
            c.end,
            stance_colors.get(c.stance) or UNCODED,
            coder_color(c.coder) if outlined else "",
        )
        for c in claims
    ]


def coder_legend(claims: list[Claim], names: dict[int, str]) -> str:
    """HTML for the document header: each coder's outline colour, when several coders show."""
    coders = sorted({c.coder for c in claims if c.coder is not None})
    if len(coders) < 2:
        return ""
    return "&nbsp;&nbsp;&nbsp;&nbsp;" + " ".join(
        f'<span style="color:{coder_color(i)}">▢</span>&nbsp;{html.escape(names.get(i, "?"))}'
        for i in coders
    )


def progress_text(project: Project, coder: str) -> str:
    """The status bar's account of the coder's progress: assigned documents if any, else all."""
    done, assigned, sample_done, sample = project.assignment_progress(coder)
    if assigned:
        text = f"{done} of {assigned} assigned documents done by {coder}"
        if sample:
            text += f" (reliability sample {sample_done} of {sample})"
        return text
    done, total = project.progress(coder)
    return f"{done} of {total} documents done by {coder}"


class TeamBar(QWidget):
    """The coder switcher and the claim filter, in the status bar."""

    coderChosen = Signal(str)
    newCoderRequested = Signal()
    showChanged = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("teamBar")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 6, 0)
        layout.setSpacing(4)
        layout.addWidget(QLabel("Coder"))
        self.coderCombo = QComboBox()
        self.coderCombo.setObjectName("coderCombo")
        self.coderCombo.setToolTip("Who is coding: new claims, statuses and edits are theirs")
        self.coderCombo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.coderCombo.activated.connect(self._coder_activated)
        layout.addWidget(self.coderCombo)
        layout.addSpacing(8)
        layout.addWidget(QLabel("Show"))
        self.showCombo = QComboBox()
        self.showCombo.setObjectName("claimFilter")
        self.showCombo.setToolTip(
            "Whose claims the article shows; each coder has an outline colour"
        )
        self.showCombo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.showCombo.currentIndexChanged.connect(lambda _i: self.showChanged.emit())
        layout.addWidget(self.showCombo)
        self._current = ""

    def set_coders(self, names: list[str], current: str, coding: dict[int, str]) -> None:
        """Fill both combos: the project's coders, and the coders whose claims can be shown."""
        self._current = current
        self.coderCombo.blockSignals(True)
        self.coderCombo.clear()
        for name in dict.fromkeys([current, *names]):
            self.coderCombo.addItem(name)
        self.coderCombo.insertSeparator(self.coderCombo.count())
        self.coderCombo.addItem(NEW_CODER)
        self.coderCombo.setCurrentIndex(0)
        self.coderCombo.blockSignals(False)
        shown = self.showCombo.currentData()
        self.showCombo.blockSignals(True)
        self.showCombo.clear()
        self.showCombo.addItem("All coders", ALL)
        self.showCombo.addItem("Only mine", MINE)
        for coder_id, name in coding.items():
            if name != current:
                self.showCombo.addItem(f"Only {name}", coder_id)
        index = self.showCombo.findData(shown) if shown is not None else 0
        self.showCombo.setCurrentIndex(max(0, index))
        self.showCombo.blockSignals(False)

    @property
    def show(self) -> str | int:
        """``all``, ``mine`` or the id of the coder whose claims show."""
        data = self.showCombo.currentData()
        return ALL if data is None else data

    def set_show(self, show: str | int) -> None:
        index = self.showCombo.findData(show)
        if index >= 0:
            self.showCombo.setCurrentIndex(index)

    def _coder_activated(self, index: int) -> None:
        text = self.coderCombo.itemText(index)
        if text == NEW_CODER:
            self.coderCombo.setCurrentIndex(0)
            self.newCoderRequested.emit()
        elif text and text != self._current:
            self.coderChosen.emit(text)


# ---------------------------------------------------------------------- the window's team actions


def assign_dialog(window: MainWindow) -> None:
    """Tools → Assign Documents: choose coders and the reliability sample."""
    from claimdesk.ui.assign_dialog import AssignDialog
    from claimdesk.ui.operations import team as team_ops

    project = window.project
    names = [c.name for c in project.coders()]
    dialog = AssignDialog(names, project.document_count(), window)
    window._team_dialog = dialog
    if dialog.exec():
        values = dialog.values()
        changes = window.perform(team_ops.assign_documents, **values)
        if changes is not None:
            progress_dialog(window)


def progress_dialog(window: MainWindow) -> None:
    """Tools → Coder Progress: a table of every coder's assigned, done and coded documents."""
    from claimdesk.ui.assign_dialog import CoderProgressDialog

    dialog = CoderProgressDialog(window.project.coder_progress(), window)
    window._team_dialog = dialog
    dialog.open()


def agreement_dialog(window: MainWindow) -> None:
    """Tools → Agreement: statistics per variable and coder pair, and the disagreements."""
    from claimdesk.ui.agreement_dialog import AgreementDialog

    dialog = AgreementDialog(window.project, window, open_claim=window.show_claim)
    window._team_dialog = dialog
    dialog.show()


def merge_dialog(window: MainWindow, path: Path | None = None) -> None:
    """File → Merge: pick another coder's copy, preview the merge, settle conflicts, merge."""
    from claimdesk.formats.merging import MERGE_FILTER

    if path is None:
        chosen, _ = QFileDialog.getOpenFileName(
            window, "Merge another coder's work", str(window.project.path.parent), MERGE_FILTER
        )
        if not chosen:
            return
        path = Path(chosen)
    start_merge(window, path, dry_run=True, done=lambda report: _show_preview(window, path, report))


def start_merge(
    window: MainWindow,
    path: Path,
    *,
    dry_run: bool,
    done: Callable[[Any], None],
    resolutions: dict[str, str] | None = None,
) -> Any:
    """Run a merge (or its preview) in the background, with progress and Cancel."""
    from claimdesk.ui.operations import team as team_ops
    from claimdesk.ui.workers import Task

    def job(project: Project, progress: Callable[[str, int, int], None], cancelled: Any) -> Any:
        return team_ops.merge(
            project,
            path=path,
            resolutions=resolutions,
            dry_run=dry_run,
            progress=progress,
            cancel=cancelled,
        )

    task = Task(
        window,
        title="Reading " + path.name if dry_run else "Merging " + path.name,
        path=window.project.path,
        coder=window.settings.coder,
        job=job,
    )
    task.done.connect(done)
    task.error.connect(window._task_failed)
    window._tasks.append(task)
    task.start()
    return task


def _show_preview(window: MainWindow, path: Path, report: Any) -> None:
    from claimdesk.ui.merge_dialog import MergeDialog

    if report.cancelled:
        return
    dialog = MergeDialog(path.name, report, window)
    window._team_dialog = dialog
    dialog.accepted.connect(
        lambda: start_merge(
            window,
            path,
            dry_run=False,
            resolutions=dialog.resolutions(),
            done=lambda merged: _merged(window, path, merged),
        )
    )
    dialog.open()


def _merged(window: MainWindow, path: Path, report: Any) -> None:
    window.apply_changes(report.changes)
    window.refresh_team()
    window.statusBar().showMessage(f"Merged {path.name}: {report.summary()}", 15000)
    if report.problems:
        from claimdesk.ui import dialogs

        dialogs.show_error(
            window,
            f"{len(report.problems)} records of {path.name} could not be placed; "
            "the rest was merged.",
            "\n".join(report.problems),
        )
