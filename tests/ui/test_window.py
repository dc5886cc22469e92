"""The coding window, driven through its real widgets: select, press keys, check the project file."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextCursor

from claimdesk.core import Project
from claimdesk.demo import build_demo_project
from claimdesk.paths import seeds_path
from claimdesk.ui import open_main_window
from claimdesk.ui.mainwindow import MainWindow

EMOJI_FILE = "012_c532cc135086d82e.txt"


@pytest.fixture
def demo_path(tmp_path: Path) -> Path:
    path = tmp_path / "demo.claimdesk"
    build_demo_project(path).close()
    return path


@pytest.fixture
def window(qtbot, demo_path: Path) -> MainWindow:
    win = open_main_window(demo_path)
    qtbot.addWidget(win)
    win.activateWindow()
    qtbot.waitExposed(win)
    return win  # type: ignore[return-value]


def db_rows(path: Path, sql: str, *args: object) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql, args).fetchall()
    finally:
        conn.close()


def open_file(window: MainWindow, file: str) -> None:
    for row in range(window.model.rowCount()):
        if window.model.summary(row).file == file:
            window.documentList.setCurrentIndex(window.model.index(row, 2))
            return
    raise AssertionError(f"{file} not in the list")


def select_text(window: MainWindow, needle: str) -> None:
    """Select the first occurrence of ``needle`` in the reader, as a user would."""
    found = window.reader.document().find(needle)
    assert not found.isNull(), needle
    window.reader.setTextCursor(found)
    window.reader.setFocus()


def test_window_opens_on_the_project_with_its_documents(window: MainWindow) -> None:
    assert window.model.rowCount() == 14
    assert window.findChild(type(window.reader), "reader") is window.reader
    assert window.reader.text.startswith("De Verenigde Staten is van plan")
    assert window.claimList.count() == 4
    for name in ("documentList", "claimPanel"):
        assert window.findChild(object, name) is not None  # type: ignore[arg-type]
    for name in (
        "actionNewClaim",
        "actionNewMention",
        "actionUndo",
        "actionRedo",
        "actionDeleteClaim",
        "actionNextDocument",
        "actionImport",
        "actionExport",
    ):
        assert getattr(window, name).objectName() == name


def test_reader_shows_every_seed_text_exactly(window: MainWindow) -> None:
    project = Project.open(window.project.path, readonly=True)
    try:
        for row in range(window.model.rowCount()):
            window.select_document_row(row)
            stored = project.document(window.current_document).text  # type: ignore[arg-type]
            assert window.reader.plain_text() == stored
    finally:
        project.close()


def test_select_press_c_then_claimant_and_stance_are_saved(qtbot, window: MainWindow) -> None:
    open_file(window, "000_976797ab8663bd03.txt")
    select_text(window, "Dat heeft president Donald Trump in een brief laten weten")
    qtbot.keyClick(window.reader, Qt.Key.Key_C)
    claim = window.claimPanel.claim
    assert (
        claim is not None
        and claim.quote == "Dat heeft president Donald Trump in een brief laten weten"
    )
    # Two letters of a name and Enter set the claimant (an alias of Donald Trump).
    assert window.claimPanel.claimant.hasFocus()
    qtbot.keyClicks(window.claimPanel.claimant, "Tr")
    qtbot.keyClick(window.claimPanel.claimant, Qt.Key.Key_Return)
    # Focus returns to the reader, where a digit sets the stance.
    qtbot.keyClick(window.reader, Qt.Key.Key_2)
    rows = db_rows(
        window.project.path,
        "SELECT a.name, s.label, c.quote FROM claims c JOIN actors a ON a.id = c.claimant_id "
        "JOIN stances s ON s.id = c.stance_id WHERE c.id = ?",
        claim.id,
    )
    assert rows == [
        ("Donald Trump", "oppose", "Dat heeft president Donald Trump in een brief laten weten")
    ]
    assert window.actionUndo.text() == "&Undo Set Stance"
    # The document is now in progress for this coder.
    assert window.model.summary(window.documentList.currentIndex().row()).status == "in-progress"


def test_selection_snaps_to_words_and_is_trimmed(qtbot, window: MainWindow) -> None:
    open_file(window, "000_976797ab8663bd03.txt")
    select_text(window, "ident Donald Tru")
    window.actionNewClaim.trigger()
    assert window.claimPanel.claim is not None
    assert window.claimPanel.claim.quote == "president Donald Trump"
    select_text(window, " De VS heeft ")
    window.actionNewClaim.trigger()
    assert window.claimPanel.claim.quote == "De VS heeft"


def test_claim_after_an_emoji_stores_code_point_offsets(qtbot, window: MainWindow) -> None:
    open_file(window, EMOJI_FILE)
    text = window.reader.text
    emoji = next(i for i, ch in enumerate(text) if ord(ch) > 0xFFFF)
    # A sentence after the emoji: its UTF-16 position differs from its code-point offset.
    start = text.index(". ", emoji) + 2
    end = text.index(".", start)
    quote = text[start:end]
    select_text(window, quote)
    assert window.reader.textCursor().selectionStart() == start + 1  # Qt counts UTF-16
    window.actionNewClaim.trigger()
    claim_id = window.claimPanel.claim.id
    assert db_rows(
        window.project.path, 'SELECT start, "end", quote FROM claims WHERE id = ?', claim_id
    ) == [(start, end, quote)]


def test_undo_and_redo_through_the_actions(qtbot, window: MainWindow) -> None:
    open_file(window, "000_976797ab8663bd03.txt")
    before = db_rows(window.project.path, "SELECT COUNT(*) FROM claims WHERE deleted IS NULL")[0][0]
    select_text(window, "De resultaten van die oproep zijn gemixt")
    window.actionNewClaim.trigger()
    window.claimPanel.stances.button(window.codebook.stances[0].id).click()
    claim_id = window.claimPanel.claim.id
    assert db_rows(window.project.path, "SELECT stance_id FROM claims WHERE id = ?", claim_id) == [
        (window.codebook.stances[0].id,)
    ]
    window.actionUndo.trigger()  # the stance
    assert db_rows(window.project.path, "SELECT stance_id FROM claims WHERE id = ?", claim_id) == [
        (None,)
    ]
    assert window.actionUndo.text() == "&Undo Add Claim"
    window.actionUndo.trigger()  # the claim
    assert (
        db_rows(window.project.path, "SELECT COUNT(*) FROM claims WHERE deleted IS NULL")[0][0]
        == before
    )
    assert window.claimList.count() == 4
    window.actionRedo.trigger()
    window.actionRedo.trigger()
    assert db_rows(window.project.path, "SELECT stance_id FROM claims WHERE id = ?", claim_id) == [
        (window.codebook.stances[0].id,)
    ]
    assert window.claimList.count() == 5


def test_delete_claim_key_and_click_on_a_highlight(qtbot, window: MainWindow) -> None:
    open_file(window, "000_976797ab8663bd03.txt")
    first = window.project.claims(document=window.current_document)[0]
    # Click in the middle of the first claim's highlight.
    cursor = QTextCursor(window.reader.document())
    cursor.setPosition(first.start + 5)
    point = window.reader.cursorRect(cursor).center()
    qtbot.mouseClick(window.reader.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert window.claimPanel.claim is not None and window.claimPanel.claim.id == first.id
    assert window.claimList.current_claim() == first.id
    window.reader.setFocus()
    qtbot.keyClick(window.reader, Qt.Key.Key_Delete)
    assert db_rows(
        window.project.path, "SELECT deleted IS NOT NULL FROM claims WHERE id = ?", first.id
    ) == [(1,)]
    assert window.claimList.count() == 3
    # Clicking where there is no claim clears the selection.
    qtbot.mouseClick(window.reader.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
    assert window.claimPanel.claim is None


def test_next_and_previous_document_keys(qtbot, window: MainWindow) -> None:
    first = window.current_document
    window.reader.setFocus()
    qtbot.keyClick(window.reader, Qt.Key.Key_N)
    second = window.current_document
    assert second != first
    qtbot.keyClick(window.reader, Qt.Key.Key_P)
    assert window.current_document == first


def test_mention_of_a_known_alias(qtbot, window: MainWindow) -> None:
    open_file(window, "000_976797ab8663bd03.txt")
    select_text(window, "Reuters")
    # Reuters is no actor yet: answer the dialog by typing a new one.
    from PySide6.QtWidgets import QInputDialog

    original = QInputDialog.getItem
    QInputDialog.getItem = staticmethod(lambda *a, **k: ("Reuters", True))  # type: ignore[method-assign]
    try:
        window.actionNewMention.trigger()
    finally:
        QInputDialog.getItem = original  # type: ignore[method-assign]
    assert db_rows(
        window.project.path,
        "SELECT m.quote, a.name FROM mentions m JOIN actors a ON a.id = m.actor_id WHERE m.quote = 'Reuters'",
    ) == [("Reuters", "Reuters")]
    count = "SELECT COUNT(*) FROM mentions WHERE quote = 'Noorwegen' AND deleted IS NULL"
    before = db_rows(window.project.path, count)[0][0]
    select_text(window, "Noorwegen")
    window.actionNewMention.trigger()  # a known name: no question asked
    assert db_rows(window.project.path, count)[0][0] == before + 1


def test_target_issue_typed_in_the_panel(qtbot, window: MainWindow) -> None:
    open_file(window, "000_976797ab8663bd03.txt")
    select_text(window, "Daarmee moet spionage voorkomen worden")
    window.actionNewClaim.trigger()
    panel = window.claimPanel
    qtbot.keyClicks(panel.target, "Huawei in 5G networks")
    qtbot.keyClick(panel.target, Qt.Key.Key_Return)
    qtbot.keyClicks(panel.tags, "security, regulation")
    qtbot.keyClick(panel.tags, Qt.Key.Key_Return)
    rows = db_rows(
        window.project.path,
        "SELECT i.label, c.tags FROM claims c JOIN issues i ON i.id = c.target_issue_id WHERE c.id = ?",
        panel.claim.id,
    )
    assert rows[0][0] == "Huawei in 5G networks"
    labels = {t.uuid: t.label for t in window.project.codebook().tags}
    assert [labels[u] for u in json.loads(rows[0][1])] == ["security", "regulation"]


def test_search_and_filter_the_document_list(qtbot, window: MainWindow) -> None:
    qtbot.keyClicks(window.searchEdit, "Noorwegen")
    qtbot.keyClick(window.searchEdit, Qt.Key.Key_Return)
    assert 0 < window.model.rowCount() < 14
    window.searchEdit.clear()
    assert window.model.rowCount() == 14
    window.filterEdit.setText("2020")
    qtbot.waitUntil(lambda: window.model.rowCount() < 14)
    assert all(
        (window.model.summary(r).published or "").startswith("2020")
        for r in range(window.model.rowCount())
    )


def test_mark_done_updates_the_list_and_status_bar(qtbot, window: MainWindow) -> None:
    window.actionMarkDone.trigger()
    assert window.model.summary(window.documentList.currentIndex().row()).status == "done"
    assert window.progressLabel.text().startswith("1 of 14 documents done")


def test_import_runs_in_the_background(qtbot, window: MainWindow, tmp_path: Path) -> None:
    folder = tmp_path / "more"
    folder.mkdir()
    (folder / "a.txt").write_text(
        " date 2021-03 Een nieuw artikel over 5G en Huawei.", encoding="utf-8"
    )
    (folder / "b.txt").write_bytes(b"\x00\x01\x02binary")
    task = window.import_paths([folder])
    with qtbot.waitSignal(task.done, timeout=20_000):
        pass
    assert window.model.rowCount() == 15
    assert task.result.exit_code == 3
    assert window._last_report.isVisible()


def test_export_writes_a_valid_corpus(qtbot, window: MainWindow, tmp_path: Path) -> None:
    out = tmp_path / "corpus.json"
    task = window.export_to(out)
    with qtbot.waitSignal(task.done, timeout=20_000):
        pass
    data = json.loads(out.read_text(encoding="utf-8"))
    assert len(data["documents"]) == 14


def test_opening_a_broken_project_reports_and_leaves_it(
    qtbot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = tmp_path / "broken.claimdesk"
    broken.write_bytes(b"this is not a database at all" * 10)
    shown: list[str] = []
    monkeypatch.setattr(
        "claimdesk.ui.dialogs.show_error", lambda parent, message, *a, **k: shown.append(message)
    )
    assert window.open_project(broken) is False
    assert shown and "not a Claimdesk project" in shown[0]
    assert broken.read_bytes() == b"this is not a database at all" * 10
    assert window.model.rowCount() == 14


def test_read_only_project_disables_editing(qtbot, demo_path: Path) -> None:
    project = Project.open(demo_path, readonly=True)
    win = MainWindow(project)
    qtbot.addWidget(win)
    win.show()
    assert win.banner.isVisible()
    assert not win.actionNewClaim.isEnabled()
    assert not win.actionUndo.isEnabled()
    win.reader.setFocus()
    select_text(win, "De Verenigde Staten")
    win.actionNewClaim.trigger()
    assert db_rows(demo_path, "SELECT COUNT(*) FROM claims")[0][0] == 16


def test_trash_restores_a_deleted_document(qtbot, window: MainWindow) -> None:
    doc = window.current_document
    window.actionDeleteDocument.trigger()
    assert window.model.rowCount() == 13
    window.actionUndo.trigger()
    assert window.model.rowCount() == 14
    window.actionRedo.trigger()
    from claimdesk.ui.operations.documents import restore_from_trash

    window.perform(restore_from_trash, kind="documents", ids=[doc])
    assert window.model.rowCount() == 14


def test_zoom_keeps_text_and_changes_size(qtbot, window: MainWindow) -> None:
    size = window.reader.document().defaultFont().pointSizeF()
    window.actionZoomIn.trigger()
    assert window.reader.document().defaultFont().pointSizeF() > size
    window.actionZoomReset.trigger()
    assert window.reader.document().defaultFont().pointSizeF() == size


def test_shortcuts_help_lists_the_coding_keys(qtbot, window: MainWindow, monkeypatch) -> None:
    captured = {}

    def fake_exec(self) -> int:
        from PySide6.QtWidgets import QLabel

        captured["text"] = " ".join(label.text() for label in self.findChildren(QLabel))
        return 0

    monkeypatch.setattr("claimdesk.ui.dialogs.ShortcutsDialog.exec", fake_exec)
    window.actionShortcuts.trigger()
    for key in ("<b>C</b>", "<b>M</b>", "<b>N</b>", "<b>P</b>", "<b>1</b>"):
        assert key in captured["text"]


def test_smoke_and_screenshot_commands(tmp_path: Path) -> None:
    env = {**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"}
    smoke = subprocess.run(
        [sys.executable, "-m", "claimdesk", "--smoke"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert smoke.returncode == 0, smoke.stderr
    out = tmp_path / "shot.png"
    demo = tmp_path / "demo.claimdesk"
    build_demo_project(demo).close()
    shot = subprocess.run(
        [sys.executable, "-m", "claimdesk", "--project", str(demo), "--screenshot", str(out)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert shot.returncode == 0, shot.stderr
    assert out.stat().st_size > 10_000


def test_seeds_folder_is_the_demo_corpus() -> None:
    assert len(list(seeds_path().glob("*.txt"))) == 14
