"""Tools → Agreement: how well coders agree, per variable and coder pair, and where they differ.

A thin view of :func:`claimdesk.core.reliability.agreement_report`: choose the
coders, the documents and the overlap at which two claims count as the same;
the table shows Krippendorff's alpha (and, per pair, Cohen's kappa and percent
agreement); the list below puts every disagreement side by side, and a double
click opens the claim in the reader. Both export as CSV.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from claimdesk.core.agreement import MATCH_THRESHOLD
from claimdesk.core.errors import ClaimdeskError
from claimdesk.core.reliability import (
    AgreementReport,
    Statistics,
    agreement_report,
    default_coders,
)
from claimdesk.core.store import Project
from claimdesk.formats._output import atomic_path
from claimdesk.ui.dialogs import show_error

DOCUMENT_LABELS = {
    "auto": "The reliability sample, if there is one",
    "reliability": "The reliability sample",
    "all": "Every document coded by two or more",
}
#: Krippendorff's guidance: α ≥ .800 to rely on a variable, ≥ .667 for tentative conclusions.
GOOD, TENTATIVE = 0.800, 0.667


def _number(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


def _cell_color(alpha: float | None) -> QColor | None:
    if alpha is None:
        return None
    if alpha >= GOOD:
        return QColor("#d9f0d3")
    if alpha >= TENTATIVE:
        return QColor("#fdeccf")
    return QColor("#f8d3cf")


class AgreementDialog(QDialog):
    """The agreement report of the open project, recomputed as the choices change."""

    COLUMNS = ("Variable", "Level", "Units", "Krippendorff's α", "Cohen's κ", "Agreement")

    def __init__(
        self,
        project: Project,
        parent: QWidget | None = None,
        *,
        open_claim: Callable[[int, int | None], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("agreementDialog")
        self.setWindowTitle("Agreement between coders")
        self.resize(1000, 720)
        self.project = project
        self.open_claim = open_claim
        self.report: AgreementReport | None = None
        layout = QVBoxLayout(self)

        controls = QHBoxLayout()
        controls.addWidget(QLabel("Coders"))
        self.coderList = QListWidget()
        self.coderList.setObjectName("agreementCoders")
        self.coderList.setFlow(QListView.Flow.LeftToRight)
        self.coderList.setMaximumHeight(34)
        coded = project.coded_documents()
        chosen = default_coders(project)
        for coder in project.coders():
            if coder.id is not None and coded.get(coder.id):
                item = QListWidgetItem(coder.name)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                checked = coder.name in chosen
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
                self.coderList.addItem(item)
        controls.addWidget(self.coderList, 2)
        controls.addWidget(QLabel("Documents"))
        self.documentsCombo = QComboBox()
        self.documentsCombo.setObjectName("agreementDocuments")
        for key, label in DOCUMENT_LABELS.items():
            self.documentsCombo.addItem(label, key)
        controls.addWidget(self.documentsCombo)
        controls.addWidget(QLabel("Same claim at overlap ≥"))
        self.threshold = QDoubleSpinBox()
        self.threshold.setObjectName("thresholdSpin")
        self.threshold.setRange(0.05, 1.0)
        self.threshold.setSingleStep(0.05)
        self.threshold.setValue(MATCH_THRESHOLD)
        self.threshold.setToolTip(
            "Two coders' claims are the same claim when they share at least this share of "
            "their characters (intersection over union)"
        )
        controls.addWidget(self.threshold)
        layout.addLayout(controls)

        self.summary = QLabel("")
        self.summary.setObjectName("agreementSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.summary)
        scope_row = QHBoxLayout()
        scope_row.addWidget(QLabel("Statistics of"))
        self.scopeCombo = QComboBox()
        self.scopeCombo.setObjectName("agreementScope")
        scope_row.addWidget(self.scopeCombo)
        scope_row.addStretch(1)
        layout.addLayout(scope_row)

        splitter = QSplitter(Qt.Orientation.Vertical)
        self.table = QTableWidget(0, len(self.COLUMNS))
        self.table.setObjectName("agreementTable")
        self.table.setHorizontalHeaderLabels(self.COLUMNS)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        splitter.addWidget(self.table)
        box = QWidget()
        box_layout = QVBoxLayout(box)
        box_layout.setContentsMargins(0, 6, 0, 0)
        self.disagreementTitle = QLabel("Disagreements")
        self.disagreementTitle.setProperty("sectionTitle", True)
        box_layout.addWidget(self.disagreementTitle)
        self.disagreements = QTableWidget(0, 5)
        self.disagreements.setObjectName("disagreementTable")
        self.disagreements.setHorizontalHeaderLabels(
            ["Document", "What", "Coder", "Other coder", "At character"]
        )
        self.disagreements.verticalHeader().hide()
        self.disagreements.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.disagreements.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.disagreements.setWordWrap(True)
        self.disagreements.setToolTip("Double-click a row to open the claim in the article")
        header = self.disagreements.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(0, 200)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.ResizeToContents)
        self.disagreements.cellDoubleClicked.connect(self._open_row)
        box_layout.addWidget(self.disagreements)
        splitter.addWidget(box)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([330, 300])
        layout.addWidget(splitter, 1)
        legend = QLabel(
            "Units: matched claims coded by two or more of the coders. α of .800 or more is "
            "commonly required to rely on a variable, .667 for tentative conclusions "
            "(Krippendorff). Unitizing: |uα over the characters of the documents. "
            "docs/teams.md explains the measures."
        )
        legend.setObjectName("documentMeta")
        legend.setWordWrap(True)
        layout.addWidget(legend)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.exportStats = QPushButton("Export Statistics (CSV)…")
        self.exportStats.setObjectName("exportAgreement")
        self.exportStats.clicked.connect(lambda: self.export_dialog(disagreements=False))
        self.exportDisagreements = QPushButton("Export Disagreements (CSV)…")
        self.exportDisagreements.setObjectName("exportDisagreements")
        self.exportDisagreements.clicked.connect(lambda: self.export_dialog(disagreements=True))
        buttons.addButton(self.exportStats, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.exportDisagreements, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

        self.coderList.itemChanged.connect(lambda _item: self.recompute())
        self.documentsCombo.currentIndexChanged.connect(lambda _i: self.recompute())
        self.threshold.valueChanged.connect(lambda _v: self.recompute())
        self.scopeCombo.currentIndexChanged.connect(lambda _i: self._fill_table())
        self.recompute()

    # ------------------------------------------------------------------ computing

    def chosen_coders(self) -> list[str]:
        return [
            self.coderList.item(i).text()
            for i in range(self.coderList.count())
            if self.coderList.item(i).checkState() == Qt.CheckState.Checked
        ]

    def set_coders(self, names: list[str]) -> None:
        self.coderList.blockSignals(True)
        for i in range(self.coderList.count()):
            item = self.coderList.item(i)
            checked = item.text() in names
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        self.coderList.blockSignals(False)
        self.recompute()

    def recompute(self) -> None:
        try:
            self.report = agreement_report(
                self.project,
                coders=self.chosen_coders(),
                documents=self.documentsCombo.currentData(),
                threshold=round(self.threshold.value(), 2),
            )
        except ClaimdeskError as exc:
            self.report = None
            self.summary.setText(html.escape(str(exc)))
        self._fill()

    def _fill(self) -> None:
        report = self.report
        self.exportStats.setEnabled(report is not None)
        self.exportDisagreements.setEnabled(report is not None and bool(report.disagreements))
        self.scopeCombo.blockSignals(True)
        self.scopeCombo.clear()
        if report is not None:
            if len(report.coders) > 2:
                self.scopeCombo.addItem("All coders", "all")
            for pair in report.pairs:
                self.scopeCombo.addItem(f"{pair.coder_a} and {pair.coder_b}", pair)
            self.summary.setText(self._summary(report))
        self.scopeCombo.blockSignals(False)
        self._fill_table()
        self._fill_disagreements()

    @staticmethod
    def _summary(report: AgreementReport) -> str:
        counts = ", ".join(f"{html.escape(n)} {c}" for n, c in report.claims.items())
        if len(report.coders) == 2:
            pair = report.pairs[0]
            unitizing = (
                f"{pair.matched} matched, unitizing |uα = <b>{_number(pair.unitizing_alpha)}</b>"
            )
        else:
            unitizing = f"unitizing |uα = <b>{_number(report.unitizing_alpha)}</b> (all coders)"
        return (
            f"{len(report.documents)} documents ({html.escape(report.basis)}). "
            f"Claims: {counts}; {unitizing}."
        )

    def current_rows(self) -> list[Statistics]:
        if self.report is None:
            return []
        scope = self.scopeCombo.currentData()
        if scope == "all" or scope is None:
            return self.report.variables
        return scope.variables

    def _fill_table(self) -> None:
        rows = self.current_rows()
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            percent = "–" if row.percent is None else f"{100 * row.percent:.0f} %"
            cells = [row.variable, row.level, str(row.units), _number(row.alpha)]
            cells += [_number(row.kappa), percent]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c >= 2:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                if c == 3 and (color := _cell_color(row.alpha)) is not None:
                    item.setBackground(color)
                    item.setForeground(QColor("#1a1a1a"))
                self.table.setItem(r, c, item)

    def _fill_disagreements(self) -> None:
        rows = self.report.disagreements if self.report else []
        self.disagreementTitle.setText(f"Disagreements ({len(rows)}) — double-click to open")
        self.disagreements.setRowCount(len(rows))
        for r, d in enumerate(rows):
            first = d.value_a if d.variable not in ("claim", "span") else ""
            second = d.value_b if d.variable not in ("claim", "span") else ""
            cells = [
                d.document,
                d.variable,
                _side(d.coder_a, d.quote_a, first, d.variable),
                _side(d.coder_b, d.quote_b, second, d.variable),
                str(d.start),
            ]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, r)
                self.disagreements.setItem(r, c, item)
        self.disagreements.resizeRowsToContents()

    def _open_row(self, row: int, _column: int) -> None:
        if self.report is None or self.open_claim is None:
            return
        d = self.report.disagreements[row]
        self.open_claim(d.document_id, d.claim_a if d.claim_a is not None else d.claim_b)

    # ------------------------------------------------------------------ export

    def export_dialog(self, *, disagreements: bool) -> None:
        name = "disagreements" if disagreements else "agreement"
        path, _ = QFileDialog.getSaveFileName(
            self,
            "Export disagreements" if disagreements else "Export agreement statistics",
            str(self.project.path.with_name(f"{self.project.path.stem}-{name}.csv")),
            "CSV (*.csv)",
        )
        if path:
            self.export_to(Path(path), disagreements=disagreements)

    def export_to(self, path: Path, *, disagreements: bool) -> None:
        if self.report is None:
            return
        text = self.report.disagreements_csv() if disagreements else self.report.to_csv()
        try:  # a complete file or none, beside the one chosen
            with atomic_path(path) as tmp:
                tmp.write_text(text, encoding="utf-8-sig")
        except (OSError, ClaimdeskError) as exc:
            show_error(self, f"Cannot write {path.name}: {getattr(exc, 'strerror', None) or exc}")


def _side(coder: str, quote: str, value: str, variable: str) -> str:
    if variable in ("claim", "span"):
        return f"{coder}: “{quote}”" if quote else f"{coder}: (no claim here)"
    return f"{coder}: {value or '(empty)'}\n“{quote}”"
