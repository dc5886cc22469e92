"""Coding in a team, through the real window: assign, code in two copies, merge, read agreement."""

from __future__ import annotations

import csv
import shutil
import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QDialogButtonBox

from claimdesk.core import Project
from claimdesk.core.text import sentence_bounds
from claimdesk.demo import build_demo_project
from claimdesk.ui import open_main_window
from claimdesk.ui import team as team_ui
from claimdesk.ui.agreement_dialog import AgreementDialog
from claimdesk.ui.assign_dialog import AssignDialog, CoderProgressDialog
from claimdesk.ui.mainwindow import MainWindow
from claimdesk.ui.merge_dialog import MergeDialog

DEMO_FILE = "000_976797ab8663bd03.txt"


def db_rows(path: Path, sql: str, *args: object) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql, args).fetchall()
    finally:
        conn.close()


def open_window(qtbot, path: Path) -> MainWindow:
    window = open_main_window(path)
    qtbot.addWidget(window)
    with qtbot.waitActive(window):
        window.activateWindow()
    return window  # type: ignore[return-value]


def become(window: MainWindow, name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Pick "New coder…" in the status bar's coder switcher and give a name."""
    monkeypatch.setattr("claimdesk.ui.dialogs.ask_coder_name", lambda *_a, **_k: name)
    combo = window.teamBar.coderCombo
    combo.activated.emit(combo.findText(team_ui.NEW_CODER))
    assert window.settings.coder == name
    assert combo.currentText() == name


def painted(window: MainWindow, color: str) -> bool:
    """True when the reader shows pixels of this colour (an outline drawn in it)."""
    from PySide6.QtGui import QColor

    window.reader.scroll_to(min(s.start for s in window.reader._claims))
    image = window.reader.viewport().grab().toImage()
    wanted = QColor(color)
    for y in range(0, image.height(), 1):
        for x in range(0, image.width(), 2):
            pixel = image.pixelColor(x, y)
            if (
                abs(pixel.red() - wanted.red())
                + abs(pixel.green() - wanted.green())
                + abs(pixel.blue() - wanted.blue())
                < 40
            ):
                return True
    return False


def open_document(window: MainWindow, document: int) -> None:
    window.documentList.setCurrentIndex(window.model.index(window.model.row_of(document), 2))


def sentence(text: str, number: int) -> tuple[int, int]:
    """The offsets of the ``number``-th sentence (from 0) of a text."""
    start, end = 0, 0
    for _ in range(number + 1):
        start, end = sentence_bounds(text, end, end + 1)
        while end < len(text) and text[end] in " \n":
            end += 1
    return sentence_bounds(text, start, start + 1)


def code_sentence(qtbot, window: MainWindow, number: int, claimant: str, stance_key: str) -> None:
    """Select a sentence, press C, type the claimant and Enter, press the stance's digit."""
    start, end = sentence(window.reader.text, number)
    window.reader.select_range(start, end)
    window.reader.setFocus()
    qtbot.keyClick(window.reader, Qt.Key.Key_C)
    qtbot.keyClicks(window.claimPanel.claimant, claimant)
    qtbot.keyClick(window.claimPanel.claimant, Qt.Key.Key_Return)
    qtbot.keyClick(window.reader, getattr(Qt.Key, f"Key_{stance_key}"))


def restance_demo_claim(qtbot, window: MainWindow, stance_key: str) -> None:
    """Click the demo's first claim in the claim list and give it another stance."""
    document = window.project.document_id(DEMO_FILE)
    open_document(window, document)
    window.claimList.setCurrentIndex(window.claimList.index_of(0))
    qtbot.keyClick(window.reader, getattr(Qt.Key, f"Key_{stance_key}"))


@pytest.fixture
def study(tmp_path: Path) -> Path:
    path = tmp_path / "study.claimdesk"
    build_demo_project(path).close()
    return path


def assign_in_window(qtbot, window: MainWindow) -> None:
    """Tools → Assign Documents: add anna and ben, a sample of 4, a fixed seed, Assign."""

    def fill() -> None:
        dialog = window._team_dialog
        assert isinstance(dialog, AssignDialog)
        for name in ("anna", "ben"):
            qtbot.keyClicks(dialog.newCoder, name)
            qtbot.keyClick(dialog.newCoder, Qt.Key.Key_Return)
        dialog.sample.setValue(4)
        dialog.seedCheck.setChecked(True)
        dialog.seed.setValue(7)
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()

    QTimer.singleShot(0, fill)
    window.actionAssign.trigger()


def merge_in_window(qtbot, window: MainWindow, other: Path, keep: str) -> MergeDialog:
    """File → Merge: wait for the preview, settle the conflict as ``keep``, click Merge."""
    window._team_dialog = None
    team_ui.merge_dialog(window, other)
    qtbot.waitUntil(
        lambda: (
            isinstance(dialog := getattr(window, "_team_dialog", None), MergeDialog)
            and dialog.isVisible()
        ),
        timeout=20_000,
    )
    dialog = window._team_dialog
    assert len(dialog.combos) == 1
    combo = dialog.combos[0]
    combo.setCurrentIndex(combo.findData(keep))
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: window.actionUndo.text() == f"&Undo Merge {other.name}", timeout=20_000)
    return dialog


def test_two_coders_code_copies_merge_and_read_their_agreement(
    qtbot, study: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The lead assigns the documents, then hands out copies of the project file.
    lead = open_window(qtbot, study)
    become(lead, "lead", monkeypatch)
    assign_in_window(qtbot, lead)
    progress = lead._team_dialog
    assert isinstance(progress, CoderProgressDialog)
    table = progress.table
    assert [table.item(r, 0).text() for r in range(table.rowCount())] == ["demo", "anna", "ben"]
    assert table.item(1, 1).text() == "9"
    progress.close()
    sample = lead.project.reliability_sample()
    assert len(sample) == 4
    lead.close()
    for name in ("anna", "ben"):
        shutil.copyfile(study, study.with_name(f"{name}.claimdesk"))

    # anna codes two sentences of the first sample article, marks it done, and edits a demo claim.
    anna = open_window(qtbot, study.with_name("anna.claimdesk"))
    become(anna, "anna", monkeypatch)
    anna.actionOnlyAssigned.trigger()
    assert anna.model.rowCount() == 9
    open_document(anna, sample[0])
    code_sentence(qtbot, anna, 1, "Trump", "1")
    code_sentence(qtbot, anna, 2, "Huawei", "2")
    anna.actionMarkDone.trigger()
    assert "1 of 9 assigned documents done by anna" in anna.progressLabel.text()
    anna.actionOnlyAssigned.trigger()
    restance_demo_claim(qtbot, anna, "3")
    anna.close()

    # ben codes the same sentences (one stance differs) and a third one.
    ben = open_window(qtbot, study.with_name("ben.claimdesk"))
    become(ben, "ben", monkeypatch)
    open_document(ben, sample[0])
    code_sentence(qtbot, ben, 1, "Trump", "2")
    code_sentence(qtbot, ben, 2, "Huawei", "2")
    code_sentence(qtbot, ben, 3, "Huawei", "3")
    ben.actionMarkDone.trigger()
    restance_demo_claim(qtbot, ben, "4")
    ben.close()

    # The lead merges both copies: anna's edit of the demo claim is taken, ben's kept beside it.
    lead = open_window(qtbot, study)
    assert lead.settings.coder == "ben"  # the settings remember the last coder
    lead.teamBar.coderCombo.activated.emit(lead.teamBar.coderCombo.findText("lead"))
    assert lead.settings.coder == "lead"
    first = merge_in_window(qtbot, lead, study.with_name("anna.claimdesk"), "theirs")
    assert (first.report.claims_added, first.report.conflicts[0].fields) == (2, ["stance"])
    merge_in_window(qtbot, lead, study.with_name("ben.claimdesk"), "both")
    demo_quote = lead.project.claims(document=lead.project.document_id(DEMO_FILE))[0].quote
    assert sorted(
        db_rows(
            study,
            "SELECT s.label FROM claims c JOIN stances s ON s.id = c.stance_id WHERE c.quote = ?",
            demo_quote,
        )
    ) == [("ambivalent",), ("neutral",)]
    coded = db_rows(
        study,
        "SELECT k.name, COUNT(*) FROM claims c JOIN coders k ON k.id = c.coder_id "
        "WHERE c.document_id = ? AND c.deleted IS NULL GROUP BY k.name ORDER BY k.name",
        sample[0],
    )
    assert ("anna", 2) in coded and ("ben", 3) in coded

    # Both coders' claims show in the reader, outlined in their colours; the filter picks one.
    open_document(lead, sample[0])
    ids = {c.id: c for c in lead.project.claims(document=sample[0])}
    outlines = {s.outline for s in lead.reader._claims if ids[s.id].coder is not None}
    assert {team_ui.coder_color(lead.project.coder_id(n)) for n in ("anna", "ben")} <= outlines
    assert painted(lead, team_ui.coder_color(lead.project.coder_id("anna")))
    lead.teamBar.set_show(lead.project.coder_id("ben"))
    assert len(lead.reader._claims) == 3
    assert {s.outline for s in lead.reader._claims} == {""}
    assert not painted(lead, team_ui.coder_color(lead.project.coder_id("anna")))

    # Tools → Agreement: anna and ben on the sample they both coded.
    lead.actionAgreement.trigger()
    dialog = lead._team_dialog
    assert isinstance(dialog, AgreementDialog)
    assert dialog.chosen_coders() == ["anna", "ben"]  # the coders of the reliability sample
    dialog.set_coders(["anna", "ben"])
    assert "Claims: anna 2, ben 3; 2 matched" in dialog.summary.text()
    rows = {
        (dialog.table.item(r, 0).text(), dialog.table.item(r, 1).text()): [
            dialog.table.item(r, c).text() for c in range(2, 6)
        ]
        for r in range(dialog.table.rowCount())
    }
    assert rows["claimant", "nominal"] == ["2", "1.000", "1.000", "100 %"]
    # Stances (support, oppose) and (oppose, oppose): alpha 0, kappa 0, half agree.
    assert rows["stance", "nominal"] == ["2", "0.000", "0.000", "50 %"]
    whats = [dialog.disagreements.item(r, 1).text() for r in range(dialog.disagreements.rowCount())]
    assert sorted(whats) == ["claim", "stance"]
    # A double click on a disagreement opens the claim in the reader.
    row = whats.index("claim")
    dialog.disagreements.cellDoubleClicked.emit(row, 0)
    assert lead.current_document == sample[0]
    assert lead.claimPanel.claim is not None
    assert lead.claimPanel.claim.coder == lead.project.coder_id("ben")
    out = study.with_name("agreement.csv")
    dialog.export_to(out, disagreements=False)
    exported = list(csv.DictReader(out.open(encoding="utf-8-sig")))
    assert {"scope": "anna – ben", "variable": "stance", "level": "nominal"}.items() <= next(
        r for r in exported if r["variable"] == "stance"
    ).items()
    dialog.close()

    # Undo takes the last merge back, as one step.
    lead.actionUndo.trigger()
    assert db_rows(
        study,
        "SELECT COUNT(*) FROM claims c JOIN coders k ON k.id = c.coder_id "
        "WHERE k.name = 'ben' AND c.deleted IS NULL",
    ) == [(0,)]
    lead.close()


def test_the_merge_preview_writes_nothing_until_merge_is_clicked(
    qtbot, study: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    other = study.with_name("anna.claimdesk")
    shutil.copyfile(study, other)
    with Project.open(other, coder="anna") as anna:
        document = anna.document_id(DEMO_FILE)
        text = anna.document(document).text
        start = text.index("samen te gaan werken")
        anna.add_claim(document=document, start=start, end=start + 20)
    window = open_window(qtbot, study)
    before = window.project.counts()["claims"]
    team_ui.merge_dialog(window, other)
    qtbot.waitUntil(
        lambda: isinstance(getattr(window, "_team_dialog", None), MergeDialog), timeout=20_000
    )
    dialog = window._team_dialog
    assert dialog.summaryTable.item(2, 1).text() == "1"  # claims that will be added
    assert dialog.conflictTable.isHidden()
    dialog.reject()
    qtbot.wait(200)
    assert window.project.counts()["claims"] == before
    assert window.actionUndo.text() == "&Undo"
    window.close()


def test_a_read_only_project_offers_no_merge_or_assignment(qtbot, study: Path) -> None:
    window = MainWindow(Project.open(study, readonly=True))
    qtbot.addWidget(window)
    assert not window.actionMerge.isEnabled()
    assert not window.actionAssign.isEnabled()
    assert window.actionAgreement.isEnabled()
    assert window.actionCoderProgress.isEnabled()
    window.close()
