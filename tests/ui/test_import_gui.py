"""The ways in, through the window: drop files, map a table's columns, paste an article, read the report."""

from __future__ import annotations

import csv
from pathlib import Path

import docx
import pytest
from modal import when_dialog
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QGuiApplication
from PySide6.QtWidgets import QApplication, QComboBox, QDialogButtonBox, QLineEdit, QPlainTextEdit

import rawdb
from claimdesk.core import Project
from claimdesk.ui import open_main_window
from claimdesk.ui.mainwindow import MainWindow
from importfiles import factiva_html, nexis_uni_paragraphs, page_lines, write_pdf, write_rtf


@pytest.fixture
def window(qtbot, project_path: Path) -> MainWindow:
    Project.create(project_path).close()
    win = open_main_window(project_path)
    qtbot.addWidget(win)
    qtbot.waitExposed(win)
    return win  # type: ignore[return-value]


def wait_for_import(qtbot, window: MainWindow, before: int) -> object:
    qtbot.waitUntil(lambda: len(window._tasks) > before, timeout=10_000)
    task = window._tasks[-1]
    if task.running or task.result is None:
        with qtbot.waitSignal(task.done, timeout=30_000):
            pass
    return task.result


def word_file(path: Path) -> Path:
    document = docx.Document()
    document.add_heading("Geen Huawei 😀 in de kern", level=1)
    document.add_paragraph(
        "De Verenigde Staten is van plan om met gelijkgestemde landen samen te werken."
    )
    document.save(path)
    return path


def drop(window: MainWindow, paths: list[Path]) -> bool:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    position = QPointF(window.width() / 2, window.height() / 2)
    enter = QDragEnterEvent(
        position.toPoint(), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )  # fmt: skip
    QApplication.sendEvent(window, enter)
    accepted = enter.isAccepted()
    event = QDropEvent(
        position, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )  # fmt: skip
    QApplication.sendEvent(window, event)
    return accepted


def test_dropping_files_and_a_folder_imports_them(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:
    word = word_file(tmp_path / "artikel.docx")
    folder = tmp_path / "batch"
    folder.mkdir()
    write_rtf(folder / "nexis.rtf", nexis_uni_paragraphs(cover=False))
    (folder / "factiva.html").write_text(factiva_html(), encoding="utf-8")
    assert drop(window, [word, folder])
    report = wait_for_import(qtbot, window, 0)
    assert report.exit_code == 0
    files = sorted(r[0] for r in rawdb.rows(window.project.path, "SELECT file FROM documents"))
    assert files == ["artikel.docx", "factiva.html#1", "factiva.html#2", "factiva.html#3"]
    # The same three articles again, from Nexis Uni: duplicates.
    assert report.duplicates == [(f"nexis.rtf#{n}", f"factiva.html#{n}") for n in (1, 2, 3)]
    assert window.model.rowCount() == 4
    dialog = window._last_report
    assert dialog.isVisible()
    table = dialog.table
    outcomes = sorted(table.item(r, 1).text() for r in range(table.rowCount()))
    assert outcomes == ["duplicate"] * 3 + ["imported"] * 4 + ["note"]


def test_the_language_column_shows_the_detected_language(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:
    drop(window, [word_file(tmp_path / "artikel.docx")])
    wait_for_import(qtbot, window, 0)
    assert window.model.headerData(5, Qt.Orientation.Horizontal) == "Lang"
    assert window.model.data(window.model.index(0, 5)) == "nl"
    window.model.sort(5, Qt.SortOrder.DescendingOrder)
    assert window.model.rowCount() == 1


def test_a_dropped_table_asks_for_its_columns_with_a_preview(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:
    table = tmp_path / "artikelen.csv"
    table.write_text(
        "kop,inhoud,dag,krant\nEen,Eerste tekst over Huawei.,2020-01-01,NRC\n"
        "Twee,Tweede tekst over 5G.,2020-02-02,Trouw\n",
        encoding="utf-8",
    )
    seen: dict[str, object] = {}

    def choose(dialog) -> None:
        preview = dialog.findChild(object, "mappingPreview")
        seen["rows"] = preview.rowCount()
        seen["first"] = preview.item(0, 1).text()
        text = dialog.findChild(QComboBox, "mapText")
        seen["guessed"] = text.currentText()
        text.setCurrentText("inhoud")
        dialog.findChild(QComboBox, "mapTitle").setCurrentText("kop")
        dialog.findChild(QComboBox, "mapDate").setCurrentText("dag")
        dialog.findChild(QComboBox, "mapSource").setCurrentText("krant")
        seen["header"] = preview.horizontalHeaderItem(1).text()
        dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()

    when_dialog("tableMappingDialog", choose)
    drop(window, [table])
    wait_for_import(qtbot, window, 0)
    assert seen == {"rows": 2, "first": "Eerste tekst over Huawei.", "guessed": "(none)",
                    "header": "inhoud\n→ text"}  # fmt: skip
    rows = rawdb.rows(
        window.project.path, "SELECT title, published, source, file FROM documents ORDER BY id"
    )
    assert rows == [
        ("Een", "2020-01-01", "NRC", "artikelen.csv#row2"),
        ("Twee", "2020-02-02", "Trouw", "artikelen.csv#row3"),
    ]
    assert window.project.setting("table_mapping") == {
        "text": "inhoud", "title": "kop", "date": "dag", "source": "krant", "url": "", "language": "",
    }  # fmt: skip


def test_cancelling_the_mapping_imports_nothing(qtbot, window: MainWindow, tmp_path: Path) -> None:
    table = tmp_path / "a.csv"
    table.write_text("text\nEen tekst.\n", encoding="utf-8")
    when_dialog("tableMappingDialog", lambda d: d.reject())
    assert window.start_import([table]) is None
    assert rawdb.rows(window.project.path, "SELECT COUNT(*) FROM documents") == [(0,)]


def test_paste_as_new_article(qtbot, window: MainWindow) -> None:
    QGuiApplication.clipboard().setText(
        "Geen Huawei 😀\n\nDe Verenigde Staten is van plan om met gelijkgestemde landen samen te werken."
    )

    def fill(dialog) -> None:
        assert dialog.findChild(QPlainTextEdit, "pasteText").toPlainText().startswith("Geen Huawei")
        dialog.findChild(QLineEdit, "pastePublished").setText("2019-10")
        dialog.findChild(QLineEdit, "pasteSource").setText("Tweakers")
        dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()

    when_dialog("pasteArticleDialog", fill)
    window.findChild(object, "actionPasteArticle").trigger()
    rows = rawdb.rows(
        window.project.path, "SELECT title, published, source, language, text FROM documents"
    )
    assert rows == [
        (
            "Geen Huawei 😀",
            "2019-10",
            "Tweakers",
            "nl",
            "Geen Huawei 😀\n\nDe Verenigde Staten is van plan om met gelijkgestemde landen samen te werken.",
        )
    ]
    assert window.reader.toPlainText() == rows[0][4]
    assert window.actionUndo.text() == "&Undo Paste Article"


def test_pasting_a_text_that_is_already_there_is_refused(
    qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    errors: list[str] = []
    monkeypatch.setattr(
        "claimdesk.ui.dialogs.show_error", lambda _p, message, *a, **k: errors.append(message)
    )
    QGuiApplication.clipboard().setText("Een tekst die er al is, over Huawei en de overheid.")
    for _ in range(2):
        when_dialog("pasteArticleDialog", lambda d: d.accept())
        window.paste_article_dialog()
    assert rawdb.rows(window.project.path, "SELECT COUNT(*) FROM documents") == [(1,)]
    assert errors == [
        "This text is already in the project: “Een tekst die er al is, over Huawei en de overheid.”"
    ]


def test_the_import_report_lists_every_file_and_saves_csv(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:
    folder = tmp_path / "mixed"
    folder.mkdir()
    word_file(folder / "goed.docx")
    write_pdf(folder / "scan.pdf", [[]], images=True)
    (folder / "kapot.docx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)
    task = window.import_paths([folder])
    with qtbot.waitSignal(task.done, timeout=30_000):
        pass
    dialog = window._last_report
    table = dialog.table
    rows = [tuple(table.item(r, c).text() for c in range(4)) for r in range(table.rowCount())]
    assert rows[0] == ("goed.docx", "imported", "Geen Huawei 😀 in de kern", "")
    assert [r[:2] for r in rows[1:]] == [("kapot.docx", "failed"), ("scan.pdf", "failed")]
    assert rows[2][3].startswith("needs OCR")
    out = tmp_path / "report.csv"
    dialog.save_csv(str(out))
    with out.open(encoding="utf-8-sig", newline="") as fh:
        saved = list(csv.reader(fh))
    assert saved[0] == ["file", "outcome", "title", "details"]
    assert [tuple(r) for r in saved[1:]] == rows


@pytest.mark.parametrize("kind", ["docx", "rtf", "html", "pdf", "batch"])
def test_reader_shows_the_stored_text_of_every_format(
    qtbot, window: MainWindow, tmp_path: Path, kind: str
) -> None:
    path = {
        "docx": lambda: word_file(tmp_path / "a.docx"),
        "rtf": lambda: write_rtf(tmp_path / "a.rtf", ["Kop 😀", "Een alinea\tmet tab."]),
        "html": lambda: (tmp_path / "a.html").write_text(
            "<html><body><article><h1>Kop 😀</h1><p>Een alinea over het 5G-netwerk en Huawei "
            "in Nederland en de rest van Europa.</p></article></body></html>", encoding="utf-8"
        ) and tmp_path / "a.html",
        "pdf": lambda: write_pdf(tmp_path / "a.pdf", [page_lines(["Een alinea in een PDF.", "Nog een."])]),
        "batch": lambda: write_rtf(tmp_path / "b.rtf", nexis_uni_paragraphs(cover=False)),
    }[kind]()  # fmt: skip
    task = window.import_paths([path])
    with qtbot.waitSignal(task.done, timeout=30_000):
        pass
    assert task.result.exit_code == 0, task.result.failed
    for row in range(window.model.rowCount()):
        window.select_document_row(row)
        document = window.project.document(window.current_document)
        assert window.reader.toPlainText() == document.text
