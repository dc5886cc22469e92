"""The actor manager dock and suggested mentions, driven through the real widgets."""

from __future__ import annotations

from pathlib import Path

import pytest
from modal import when_dialog
from PySide6.QtCore import QEvent, QItemSelectionModel, QObject, QPoint, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication, QLineEdit

import rawdb
from claimdesk.core.text import Utf16Offsets
from claimdesk.ui import open_main_window
from claimdesk.ui.actors_dock import CLAIMS, NAME, ActorsDock
from claimdesk.ui.mainwindow import MainWindow


@pytest.fixture
def window(qtbot, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> MainWindow:
    win = open_main_window(rawdb.demo_copy(tmp_path, tmp_path_factory))
    qtbot.addWidget(win)
    win.activateWindow()
    qtbot.waitExposed(win)
    return win  # type: ignore[return-value]


@pytest.fixture
def dock(qtbot, window: MainWindow) -> ActorsDock:
    window.aids.actionActors.trigger()
    qtbot.waitUntil(lambda: window.aids.dock.isVisible())
    return window.aids.dock


def select_names(dock: ActorsDock, *names: str) -> None:
    """Select rows the way a user does: click the first, Ctrl+click the others."""
    selection = dock.table.selectionModel()
    selection.clearSelection()
    for name in names:
        for row in range(dock.proxy.rowCount()):
            index = dock.proxy.index(row, NAME)
            if index.data() == name:
                selection.select(
                    index,
                    QItemSelectionModel.SelectionFlag.Select
                    | QItemSelectionModel.SelectionFlag.Rows,
                )
                break
        else:
            raise AssertionError(f"{name} is not in the list")


def names(dock: ActorsDock) -> list[str]:
    return [dock.proxy.index(r, NAME).data() for r in range(dock.proxy.rowCount())]


# ---------------------------------------------------------------------- the list


def test_dock_lists_actors_with_counts_sorts_and_filters(
    qtbot, window: MainWindow, dock: ActorsDock
) -> None:
    assert window.findChild(ActorsDock, "actorsDock") is dock
    assert len(names(dock)) == 16 and names(dock)[:2] == ["AIVD", "Angela Merkel"]
    dock.table.sortByColumn(CLAIMS, Qt.SortOrder.DescendingOrder)
    assert names(dock)[0] == "Verenigde Staten"  # 2 claims, 2 addressed
    qtbot.keyClicks(dock.filter, "fabrikant")  # aliases count: "de Chinese fabrikant"
    assert names(dock) == ["Huawei"]
    dock.filter.clear()
    qtbot.keyClicks(dock.filter, "company")  # and types
    assert sorted(names(dock)) == ["Huawei", "KPN", "VodafoneZiggo"]


def test_edit_a_name_in_place(qtbot, window: MainWindow, dock: ActorsDock) -> None:
    select_names(dock, "KPN")
    dock.table.setCurrentIndex(dock.table.selectionModel().selectedRows()[0])
    dock.table.setFocus()
    qtbot.keyClick(dock.table, Qt.Key.Key_F2)  # as a double-click does
    editor = dock.table.findChild(QLineEdit)
    assert editor is not None
    editor.selectAll()
    qtbot.keyClicks(editor, "KPN Mobile")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(
        lambda: (
            rawdb.rows(window.project.path, "SELECT name FROM actors WHERE name LIKE 'KPN%'")
            == [("KPN Mobile",)]
        )
    )
    assert "KPN Mobile" in names(dock)
    assert window.actionUndo.text() == "&Undo Edit Actor"


def test_notes_are_saved_and_rendered_as_markdown(
    qtbot, window: MainWindow, dock: ActorsDock
) -> None:
    select_names(dock, "Huawei")
    assert dock.notes.isEnabled() and dock.notes_label.text() == "Notes on Huawei"
    dock.notes.setFocus()
    qtbot.keyClicks(dock.notes, "Chinese **leverancier**")
    dock.table.setFocus()  # leaving the field saves it
    assert rawdb.rows(window.project.path, "SELECT notes FROM actors WHERE name = 'Huawei'") == [
        ("Chinese **leverancier**",)
    ]
    assert dock.preview.toPlainText().strip() == "Chinese leverancier"  # rendered, no asterisks
    cursor = dock.preview.document().find("leverancier")
    assert cursor.charFormat().fontWeight() > 400


# ---------------------------------------------------------------------- merge and delete


def test_merge_actors_in_the_dock_moves_claims_and_undo_restores_them(
    qtbot, window: MainWindow, dock: ActorsDock
) -> None:
    before = rawdb.dump(window.project.path, exclude=["coders"])
    select_names(dock, "Verenigde Staten", "Donald Trump", "Mike Pompeo")
    assert dock.buttons["actorMerge"].isEnabled()

    def keep_usa(dialog: object) -> None:
        dialog.choose(window.project.find_actor("Verenigde Staten").id)  # type: ignore[attr-defined, union-attr]
        dialog.accept()  # type: ignore[attr-defined]

    when_dialog("mergeActorsDialog", keep_usa)
    qtbot.mouseClick(dock.buttons["actorMerge"], Qt.MouseButton.LeftButton)
    assert "Donald Trump" not in names(dock) and "Mike Pompeo" not in names(dock)
    rows = rawdb.rows(
        window.project.path,
        "SELECT COUNT(*) FROM claims c JOIN actors a ON a.id = c.claimant_id "
        "WHERE a.name = 'Verenigde Staten' AND c.deleted IS NULL",
    )
    assert rows == [(5,)]
    aliases = rawdb.rows(
        window.project.path, "SELECT aliases FROM actors WHERE name = 'Verenigde Staten'"
    )[0][0]
    assert '"Trump"' in aliases and '"Pompeo"' in aliases
    assert window.actionUndo.text() == "&Undo Merge Actors into Verenigde Staten"
    window.actionUndo.trigger()
    assert rawdb.dump(window.project.path, exclude=["coders"]) == before
    assert "Donald Trump" in names(dock)


def test_delete_an_actor_in_use_asks_and_reassigns_its_claims(
    qtbot, window: MainWindow, dock: ActorsDock
) -> None:
    huawei_claims = rawdb.rows(
        window.project.path,
        "SELECT c.id FROM claims c JOIN actors a ON a.id = c.claimant_id WHERE a.name = 'Huawei'",
    )
    select_names(dock, "Huawei")

    def reassign_to_kpn(dialog: object) -> None:
        target = dialog.target  # type: ignore[attr-defined]
        target.setCurrentIndex(target.findText("KPN"))
        dialog.reassign.setChecked(True)  # type: ignore[attr-defined]
        dialog.accept()  # type: ignore[attr-defined]

    when_dialog("deleteActorDialog", reassign_to_kpn)
    qtbot.mouseClick(dock.buttons["actorDelete"], Qt.MouseButton.LeftButton)
    assert "Huawei" not in names(dock)
    assert rawdb.rows(
        window.project.path, "SELECT deleted IS NOT NULL FROM actors WHERE name = 'Huawei'"
    ) == [(1,)]
    kpn = rawdb.rows(window.project.path, "SELECT id FROM actors WHERE name = 'KPN'")[0][0]
    for (claim_id,) in huawei_claims:
        assert rawdb.rows(
            window.project.path, "SELECT claimant_id FROM claims WHERE id = ?", claim_id
        ) == [(kpn,)]


def test_delete_an_actor_in_use_can_be_cancelled(
    qtbot, window: MainWindow, dock: ActorsDock
) -> None:
    before = rawdb.dump(window.project.path, exclude=["coders"])
    select_names(dock, "Huawei")
    when_dialog("deleteActorDialog", lambda dialog: dialog.reject())  # type: ignore[attr-defined]
    qtbot.mouseClick(dock.buttons["actorDelete"], Qt.MouseButton.LeftButton)
    assert rawdb.dump(window.project.path, exclude=["coders"]) == before


def test_delete_an_actor_in_use_clearing_its_claims(
    qtbot, window: MainWindow, dock: ActorsDock
) -> None:
    select_names(dock, "AIVD")

    def clear(dialog: object) -> None:
        dialog.clear.setChecked(True)  # type: ignore[attr-defined]
        dialog.accept()  # type: ignore[attr-defined]

    when_dialog("deleteActorDialog", clear)
    qtbot.mouseClick(dock.buttons["actorDelete"], Qt.MouseButton.LeftButton)
    aivd = rawdb.rows(window.project.path, "SELECT id FROM actors WHERE name = 'AIVD'")[0][0]
    assert rawdb.rows(
        window.project.path, "SELECT COUNT(*) FROM claims WHERE target_actor_id = ?", aivd
    ) == [(0,)]
    assert rawdb.rows(
        window.project.path,
        "SELECT COUNT(*) FROM mentions WHERE actor_id = ? AND deleted IS NULL",
        aivd,
    ) == [(0,)]


def test_an_unused_actor_is_deleted_without_asking(
    qtbot, window: MainWindow, dock: ActorsDock
) -> None:
    new_id = dock.add_actor("Ericsson")
    assert new_id is not None and "Ericsson" in names(dock)
    select_names(dock, "Ericsson")
    qtbot.mouseClick(dock.buttons["actorDelete"], Qt.MouseButton.LeftButton)  # no dialog opens
    assert "Ericsson" not in names(dock)


# ---------------------------------------------------------------------- suggested mentions


def open_first(window: MainWindow) -> None:
    window.select_document_row(0)
    assert window.reader.text.startswith("De Verenigde Staten is van plan")
    QApplication.processEvents()  # the suggestions follow the article's first paint


def click_at(qtbot, window: MainWindow, offset: int) -> None:
    cursor = QTextCursor(window.reader.document())
    cursor.setPosition(Utf16Offsets(window.reader.text).to_utf16(offset))
    point = window.reader.cursorRect(cursor).center() + QPoint(3, 0)
    qtbot.mouseClick(window.reader.viewport(), Qt.MouseButton.LeftButton, pos=point)


def suggested(window: MainWindow) -> list[str]:
    return [window.reader.text[s.start : s.end] for s in window.aids.suggestions]


def test_suggestions_underline_known_names_not_yet_tagged(window: MainWindow) -> None:
    open_first(window)
    found = suggested(window)
    assert found[:4] == ["Verenigde Staten", "De VS", "Trump", "de VS"]
    assert "president Donald Trump" not in found  # already tagged as a mention in the demo
    window.aids.actionShowSuggestions.trigger()
    assert window.aids.suggestions == []
    window.aids.actionShowSuggestions.trigger()
    assert suggested(window) == found


class PaintRecorder(QObject):
    """Notes how many suggestions were known at each paint of the reader."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.seen: list[int] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.seen.append(len(self.window.aids.suggestions))
        return False


def test_suggestions_follow_the_first_paint_of_an_article_just_opened(
    qtbot, window: MainWindow
) -> None:
    """Scanning a long article for every actor's names must not hold up showing it."""
    recorder = PaintRecorder(window)
    window.reader.viewport().installEventFilter(recorder)
    window.select_document_row(1)
    assert window.aids.suggestions == []  # not yet: the article paints first
    qtbot.waitUntil(lambda: bool(window.aids.suggestions))
    qtbot.waitUntil(lambda: bool(recorder.seen) and recorder.seen[-1] > 0)  # painted with them
    assert recorder.seen[0] == 0
    window.reader.viewport().removeEventFilter(recorder)


def test_click_a_suggestion_and_press_a_to_accept_it(qtbot, window: MainWindow) -> None:
    open_first(window)
    text = window.reader.text
    offset = text.index("De VS")
    click_at(qtbot, window, offset + 1)
    assert "may be a mention of Verenigde Staten" in window.statusBar().currentMessage()
    qtbot.keyClick(window.reader, Qt.Key.Key_A)
    rows = rawdb.rows(
        window.project.path,
        "SELECT m.quote, a.name, m.start FROM mentions m JOIN actors a ON a.id = m.actor_id "
        "WHERE m.document_id = 1 AND m.start = ?",
        offset,
    )
    assert rows == [("De VS", "Verenigde Staten", offset)]
    assert offset not in [s.start for s in window.aids.suggestions]  # a mention now
    assert window.actionUndo.text() == "&Undo Accept Suggestion"


def test_accept_all_suggestions_in_the_document_is_one_undo_step(qtbot, window: MainWindow) -> None:
    open_first(window)
    count = len(window.aids.suggestions)
    assert count >= 5
    before = rawdb.rows(window.project.path, "SELECT COUNT(*) FROM mentions WHERE document_id = 1")[
        0
    ][0]
    qtbot.keyClick(window.reader, Qt.Key.Key_A, Qt.KeyboardModifier.ShiftModifier)
    after = rawdb.rows(window.project.path, "SELECT COUNT(*) FROM mentions WHERE document_id = 1")[
        0
    ][0]
    assert after == before + count
    assert window.aids.suggestions == []
    window.actionUndo.trigger()
    assert (
        rawdb.rows(
            window.project.path,
            "SELECT COUNT(*) FROM mentions WHERE document_id = 1 AND deleted IS NULL",
        )[0][0]
        == before
    )
    assert len(window.aids.suggestions) == count


def test_tag_all_mentions_in_the_corpus_runs_in_the_background(qtbot, window: MainWindow) -> None:
    open_first(window)
    huawei = window.project.find_actor("Huawei").id  # type: ignore[union-attr]
    before = rawdb.rows(
        window.project.path, "SELECT COUNT(*) FROM mentions WHERE actor_id = ?", huawei
    )[0][0]
    task = window.aids.tag_all(huawei)  # type: ignore[arg-type]
    with qtbot.waitSignal(task.done, timeout=30_000):
        pass
    after = rawdb.rows(
        window.project.path, "SELECT COUNT(*) FROM mentions WHERE actor_id = ?", huawei
    )[0][0]
    documents = rawdb.rows(
        window.project.path,
        "SELECT COUNT(DISTINCT document_id) FROM mentions WHERE actor_id = ?",
        huawei,
    )[0][0]
    assert after > before + 20 and documents > 5
    assert "Huawei" not in [window.reader.text[s.start : s.end] for s in window.aids.suggestions]
    assert window.actionUndo.text() == "&Undo Tag All Mentions of Huawei"
    window.actionUndo.trigger()
    assert (
        rawdb.rows(
            window.project.path,
            "SELECT COUNT(*) FROM mentions WHERE actor_id = ? AND deleted IS NULL",
            huawei,
        )[0][0]
        == before
    )


def test_keywords_are_painted_in_the_reader(qtbot, window: MainWindow) -> None:
    from claimdesk.core.keywords import Keyword
    from claimdesk.ui.keywords_dialog import KeywordsDialog
    from claimdesk.ui.operations.codebook import set_keywords

    open_first(window)
    text = window.reader.text
    offset = text.index("veiligheid")
    cursor = QTextCursor(window.reader.document())
    cursor.setPosition(Utf16Offsets(text).to_utf16(offset) + 2)
    rect = window.reader.cursorRect(cursor)

    def pixel() -> object:
        image = window.reader.viewport().grab().toImage()
        return image.pixelColor(rect.center().x() + 2, rect.bottom() - 3)

    plain = pixel()
    dialog = KeywordsDialog([], window)
    qtbot.addWidget(dialog)
    row = dialog.add_keyword(Keyword("veiligh*", "#D55E00"), edit=False)
    assert dialog.keywords()[row].pattern == "veiligh*"
    window.perform(set_keywords, keywords=dialog.keywords())
    assert window.project.setting("keywords") == [
        {"pattern": "veiligh*", "color": "#D55E00", "regex": False}
    ]
    assert pixel() != plain
    window.aids.actionShowKeywords.trigger()
    assert pixel() == plain


def test_view_actors_shows_and_hides_the_manager_and_follows_its_close_button(
    qtbot, window: MainWindow
) -> None:
    """The window starts without the manager; View → Actors builds it, counts filled in."""
    action = window.aids.actionActors
    assert not action.isChecked()
    assert window.findChild(ActorsDock) is None  # nothing built or counted until asked for
    action.trigger()
    dock = window.findChild(ActorsDock)
    assert dock is not None
    qtbot.waitUntil(dock.isVisible)
    assert action.isChecked()
    counts = [dock.proxy.index(r, CLAIMS).data() for r in range(dock.proxy.rowCount())]
    usage = window.project.actor_usage().values()
    assert dock.proxy.rowCount() == 16
    assert sum(int(c) for c in counts) == sum(u.claims + u.targeted + u.addressed for u in usage)
    assert sum(u.claims for u in usage) == 16  # every demo claim has its claimant
    dock.close()  # the dock's own close button
    qtbot.waitUntil(lambda: not dock.isVisible())
    assert not action.isChecked()
    action.trigger()
    qtbot.waitUntil(dock.isVisible)
    assert action.isChecked() and window.findChildren(ActorsDock) == [dock]
