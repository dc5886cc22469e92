"""The codebook editor, claim and document variables, and the project memo, driven as a user would."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from modal import when_dialog
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QColorDialog,
    QComboBox,
    QFileDialog,
    QLineEdit,
    QMessageBox,
    QTableWidget,
)

import rawdb
from claimdesk.ui import open_main_window
from claimdesk.ui.codebook_dialog import CodebookDialog
from claimdesk.ui.mainwindow import MainWindow


@pytest.fixture
def window(qtbot, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> MainWindow:
    win = open_main_window(rawdb.demo_copy(tmp_path, tmp_path_factory))
    qtbot.addWidget(win)
    win.activateWindow()
    qtbot.waitExposed(win)
    return win  # type: ignore[return-value]


@pytest.fixture
def dialog(qtbot, window: MainWindow) -> CodebookDialog:
    found = CodebookDialog(window)
    qtbot.addWidget(found)
    found.show()
    found.activateWindow()
    qtbot.waitExposed(found)
    return found


@pytest.fixture
def errors(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr(
        "claimdesk.ui.dialogs.show_error", lambda parent, message, *a, **k: shown.append(message)
    )
    return shown


def edit_cell(qtbot, table: QTableWidget, row: int, column: int, text: str) -> None:
    """Type into a cell as a user does: F2, the new text, Enter."""
    table.setCurrentCell(row, column)
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_F2)
    editors = [e for e in table.viewport().findChildren(QLineEdit) if e.isVisible()]
    assert len(editors) == 1
    editor = editors[0]
    editor.selectAll()
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)


def show_tab(dialog: CodebookDialog, title: str) -> None:
    """Click the tab called ``title``, as a user does before its buttons."""
    tabs = dialog.tabs
    tabs.setCurrentIndex(next(i for i in range(tabs.count()) if tabs.tabText(i) == title))


def type_in_new_row(qtbot, table: QTableWidget, text: str) -> None:
    """After Add, the new row's first cell is open for typing: type its name and press Enter."""
    editors = [e for e in table.viewport().findChildren(QLineEdit) if e.isVisible()]
    assert len(editors) == 1
    editors[0].selectAll()
    qtbot.keyClicks(editors[0], text)
    qtbot.keyClick(editors[0], Qt.Key.Key_Return)


def row_of(table: QTableWidget, label: str) -> int:
    for row in range(table.rowCount()):
        if table.item(row, 0).text() == label:
            return row
    raise AssertionError(f"{label} is not in {table.objectName()}")


# ---------------------------------------------------------------------- stances


def test_the_codebook_dialog_opens_from_the_tools_menu(qtbot, window: MainWindow) -> None:
    seen: list[str] = []

    def close(found: object) -> None:
        seen.append(found.tabs.tabText(0))  # type: ignore[attr-defined]
        found.reject()  # type: ignore[attr-defined]

    when_dialog("codebookDialog", close)
    window.aids.actionCodebook.trigger()
    assert seen == ["Stances"]
    assert window.aids.actionCodebook in window.toolsMenu.actions()


def test_edit_a_stance_in_place_and_the_claim_panel_follows(
    qtbot, window: MainWindow, dialog: CodebookDialog
) -> None:
    table = dialog.stanceTable
    edit_cell(qtbot, table, row_of(table, "oppose"), 0, "against")
    qtbot.waitUntil(
        lambda: (
            rawdb.rows(window.project.path, "SELECT label FROM stances WHERE key = '2'")
            == [("against",)]
        )
    )
    assert table.item(row_of(table, "against"), 3).text() == "2"
    assert window.claimPanel.findChild(object, "stanceButton_against") is not None  # type: ignore[arg-type]
    edit_cell(qtbot, table, row_of(table, "against"), 1, "-2,5")
    qtbot.waitUntil(
        lambda: (
            rawdb.rows(window.project.path, "SELECT value FROM stances WHERE key = '2'")
            == [(-2.5,)]
        )
    )
    assert window.actionUndo.text() == "&Undo Edit Stance"


def test_add_a_stance_and_pick_its_colour(
    qtbot, window: MainWindow, dialog: CodebookDialog, monkeypatch: pytest.MonkeyPatch
) -> None:
    qtbot.mouseClick(dialog.findChild(object, "stanceAdd"), Qt.MouseButton.LeftButton)  # type: ignore[arg-type]
    assert rawdb.rows(
        window.project.path, "SELECT label, key FROM stances ORDER BY position DESC LIMIT 1"
    ) == [("new stance", "5")]
    table = dialog.stanceTable
    row = row_of(table, "new stance")
    monkeypatch.setattr(QColorDialog, "getColor", lambda *a, **k: QColor("#112233"))
    rect = table.visualItemRect(table.item(row, 2))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert rawdb.rows(
        window.project.path, "SELECT color FROM stances WHERE label = 'new stance'"
    ) == [("#112233",)]


def test_removing_a_stance_in_use_is_refused_with_the_reason(
    qtbot, window: MainWindow, dialog: CodebookDialog, errors: list[str]
) -> None:
    table = dialog.stanceTable
    table.setCurrentCell(row_of(table, "oppose"), 0)
    qtbot.mouseClick(dialog.findChild(object, "stanceRemove"), Qt.MouseButton.LeftButton)  # type: ignore[arg-type]
    assert len(errors) == 1 and errors[0].startswith("the stance 'oppose' is used by")
    assert row_of(table, "oppose") >= 0


def test_a_duplicate_label_is_refused_and_the_table_shows_the_stored_one(
    qtbot, window: MainWindow, dialog: CodebookDialog, errors: list[str]
) -> None:
    table = dialog.stanceTable
    edit_cell(qtbot, table, row_of(table, "neutral"), 0, "Support")
    qtbot.waitUntil(lambda: bool(errors))
    assert errors == ["there is already a stance called 'support'"]
    assert row_of(table, "neutral") == 2


# ---------------------------------------------------------------------- issues, tags, types


def test_add_a_sub_issue_and_move_it(
    qtbot, window: MainWindow, dialog: CodebookDialog, monkeypatch
) -> None:
    show_tab(dialog, "Issues")
    tree = dialog.issueTree
    tree.setCurrentItem(tree.topLevelItem(0))
    parent_label = tree.topLevelItem(0).text(0)
    qtbot.mouseClick(dialog.findChild(object, "issueAddSub"), Qt.MouseButton.LeftButton)  # type: ignore[arg-type]
    assert tree.topLevelItem(0).child(0).text(0) == "new issue"
    assert rawdb.rows(
        window.project.path,
        "SELECT p.label FROM issues i JOIN issues p ON p.id = i.parent_id WHERE i.label = 'new issue'",
    ) == [(parent_label,)]
    monkeypatch.setattr(
        "claimdesk.ui.codebook_dialog.QInputDialog.getItem", lambda *a, **k: ("(top level)", True)
    )
    dialog.select_issue(tree.topLevelItem(0).child(0).data(0, Qt.ItemDataRole.UserRole + 1))
    qtbot.mouseClick(dialog.findChild(object, "issueMove"), Qt.MouseButton.LeftButton)  # type: ignore[arg-type]
    assert rawdb.rows(
        window.project.path, "SELECT parent_id FROM issues WHERE label = 'new issue'"
    ) == [(None,)]


def test_add_a_tag_with_a_category(qtbot, window: MainWindow, dialog: CodebookDialog) -> None:
    show_tab(dialog, "Tags")
    qtbot.mouseClick(dialog.findChild(object, "tagAdd"), Qt.MouseButton.LeftButton)  # type: ignore[arg-type]
    table = dialog.tagTable
    type_in_new_row(qtbot, table, "security")
    qtbot.waitUntil(
        lambda: rawdb.rows(window.project.path, "SELECT label FROM tags") == [("security",)]
    )
    edit_cell(qtbot, table, row_of(table, "security"), 1, "Frame")
    qtbot.waitUntil(
        lambda: (
            rawdb.rows(window.project.path, "SELECT label, category FROM tags")
            == [("security", "Frame")]
        )
    )


def test_rename_an_actor_type_renames_it_on_the_actors(
    qtbot, window: MainWindow, dialog: CodebookDialog
) -> None:
    show_tab(dialog, "Actor types")
    types = dialog.typeList
    item = types.findItems("government", Qt.MatchFlag.MatchExactly)[0]
    item.setText("state")
    qtbot.waitUntil(
        lambda: ("state",) in rawdb.rows(window.project.path, "SELECT name FROM actor_types")
    )
    assert rawdb.rows(window.project.path, "SELECT COUNT(*) FROM actors WHERE type = 'state'") == [
        (6,)
    ]


# ---------------------------------------------------------------------- variables


def add_claim_variable(qtbot, window: MainWindow, dialog: CodebookDialog) -> None:
    show_tab(dialog, "Variables")
    qtbot.mouseClick(dialog.findChild(object, "variableAddClaim"), Qt.MouseButton.LeftButton)  # type: ignore[arg-type]
    table = dialog.variableTable
    type_in_new_row(qtbot, table, "form")
    qtbot.waitUntil(
        lambda: rawdb.rows(window.project.path, "SELECT name FROM variables") == [("form",)]
    )
    edit_cell(qtbot, table, row_of(table, "form"), 3, "statement; protest; letter")
    qtbot.waitUntil(
        lambda: (
            rawdb.rows(window.project.path, 'SELECT "values" FROM variables')
            == [('["statement","protest","letter"]',)]
        )
    )


def test_claim_variables_appear_in_the_claim_panel_and_save(
    qtbot, window: MainWindow, dialog: CodebookDialog
) -> None:
    add_claim_variable(qtbot, window, dialog)
    dialog.close()
    window.select_document_row(0)
    claim = next(iter(window._claims))
    window.select_claim(claim)
    combo = window.claimPanel.findChild(QComboBox, "variable_form")
    assert combo is not None and combo.isEnabled()
    qtbot.waitUntil(combo.isVisible)
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "",
        "statement",
        "protest",
        "letter",
    ]
    combo.setCurrentIndex(2)
    combo.activated.emit(2)
    uuid = rawdb.rows(window.project.path, "SELECT uuid FROM variables")[0][0]
    assert json.loads(
        rawdb.rows(window.project.path, "SELECT variables FROM claims WHERE id = ?", claim)[0][0]
    ) == {uuid: "protest"}
    assert window.actionUndo.text() == "&Undo Set form"
    # Renaming the value in the codebook follows into the claim.
    again = CodebookDialog(window)
    qtbot.addWidget(again)
    again.show()
    again.activateWindow()
    qtbot.waitExposed(again)
    show_tab(again, "Variables")
    edit_cell(qtbot, again.variableTable, 0, 3, "statement; demonstration; letter")
    qtbot.waitUntil(
        lambda: (
            json.loads(
                rawdb.rows(window.project.path, "SELECT variables FROM claims WHERE id = ?", claim)[
                    0
                ][0]
            )
            == {uuid: "demonstration"}
        )
    )


def test_changing_the_kind_of_a_variable_in_use_is_refused(
    qtbot, window: MainWindow, dialog: CodebookDialog, errors: list[str]
) -> None:
    add_claim_variable(qtbot, window, dialog)
    uuid = rawdb.rows(window.project.path, "SELECT uuid FROM variables")[0][0]
    window.project.update_claim(1, variables={uuid: "letter"})
    dialog.reload()
    kind = dialog.variableTable.cellWidget(0, 2)
    assert isinstance(kind, QComboBox)
    kind.setCurrentText("number")
    kind.activated.emit(kind.currentIndex())
    qtbot.waitUntil(lambda: bool(errors))
    assert errors == ["the variable 'form' has values in 1 record; its kind cannot change"]
    assert rawdb.rows(window.project.path, "SELECT kind FROM variables") == [("categorical",)]


def test_document_variables_appear_in_the_document_properties(
    qtbot, window: MainWindow, dialog: CodebookDialog
) -> None:
    show_tab(dialog, "Variables")
    qtbot.mouseClick(dialog.findChild(object, "variableAddDocument"), Qt.MouseButton.LeftButton)  # type: ignore[arg-type]
    type_in_new_row(qtbot, dialog.variableTable, "section")
    qtbot.waitUntil(
        lambda: rawdb.rows(window.project.path, "SELECT name FROM variables") == [("section",)]
    )
    kind = dialog.variableTable.cellWidget(0, 2)
    kind.setCurrentText("text")  # type: ignore[union-attr]
    kind.activated.emit(kind.currentIndex())  # type: ignore[union-attr]
    qtbot.waitUntil(
        lambda: rawdb.rows(window.project.path, "SELECT kind FROM variables") == [("text",)]
    )
    dialog.close()
    window.select_document_row(0)

    def fill(found: object) -> None:
        field = found.findChild(QLineEdit, "variable_section")  # type: ignore[attr-defined]
        field.setText("Binnenland")
        found.accept()  # type: ignore[attr-defined]

    when_dialog("documentProperties", fill)
    window.actionDocumentProperties.trigger()
    uuid = rawdb.rows(window.project.path, "SELECT uuid FROM variables")[0][0]
    variables = rawdb.rows(
        window.project.path, "SELECT variables FROM documents WHERE id = ?", window.current_document
    )
    assert json.loads(variables[0][0]) == {uuid: "Binnenland"}


# ---------------------------------------------------------------------- files and memos


def test_export_then_import_a_codebook_with_the_preview(
    qtbot, window: MainWindow, dialog: CodebookDialog, tmp_path: Path, monkeypatch
) -> None:
    path = tmp_path / "team.json"
    assert dialog.export_file(path)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["tags"] = [
        {"id": "0b5b8b1e-7d8a-4c2e-9a55-4c1d2f3e4a5b", "label": "security", "category": "Frame"}
    ]
    data["stances"][0]["color"] = "#000000"
    path.write_text(json.dumps(data), encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    previews: list[str] = []

    def merge(box: object) -> None:
        previews.append(box.text())  # type: ignore[attr-defined]
        button = next(b for b in box.buttons() if b.text() == "Merge")  # type: ignore[attr-defined]
        button.click()

    when_dialog("codebookImportPreview", merge)
    qtbot.mouseClick(dialog.importButton, Qt.MouseButton.LeftButton)
    assert previews[0].startswith("team.json: 1 added, 8 matched, 1 conflict (kept ours).")
    assert "stance 'support': colour ours '#009E73', theirs '#000000'" in previews[0]
    assert rawdb.rows(window.project.path, "SELECT label, category FROM tags") == [
        ("security", "Frame")
    ]
    assert rawdb.rows(window.project.path, "SELECT color FROM stances WHERE label = 'support'") == [
        ("#009E73",)
    ]
    assert dialog.tagTable.rowCount() == 1


def test_project_memo_is_edited_with_a_preview_and_searchable(qtbot, window: MainWindow) -> None:
    def write(found: object) -> None:
        memo = found.memo  # type: ignore[attr-defined]
        memo.edit.setPlainText("Vraag: hoe wordt **spionage** geframed?")
        qtbot.waitUntil(lambda: "spionage" in memo.preview.toPlainText())
        assert "**" not in memo.preview.toPlainText()
        found.accept()  # type: ignore[attr-defined]

    when_dialog("projectProperties", write)
    window.actionProperties.trigger()
    assert rawdb.rows(window.project.path, "SELECT memo FROM project") == [
        ("Vraag: hoe wordt **spionage** geframed?",)
    ]
    assert [h.kind for h in window.project.search_notes("spionage")] == ["project"]
    assert window.actionUndo.text() == "&Undo Edit Project Properties"


def test_nothing_is_written_when_the_import_preview_is_cancelled(
    qtbot, window: MainWindow, dialog: CodebookDialog, tmp_path: Path, monkeypatch
) -> None:
    path = tmp_path / "team.qdc"
    assert dialog.export_file(path)
    before = rawdb.dump(window.project.path, exclude=["coders"])
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    when_dialog(
        "codebookImportPreview",
        lambda box: box.button(QMessageBox.StandardButton.Cancel).click(),  # type: ignore[attr-defined]
    )
    qtbot.mouseClick(dialog.importButton, Qt.MouseButton.LeftButton)
    assert rawdb.dump(window.project.path, exclude=["coders"]) == before
