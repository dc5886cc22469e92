"""The window's side of safety: a project in use elsewhere, restoring a backup, editing a text,
orphans, and text from files shown as text (never as markup that loads or opens anything)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import Qt as QtText
from PySide6.QtWidgets import QLabel, QWidget

import rawdb
from claimdesk.core import Document, Project
from claimdesk.core import backups as core_backups
from claimdesk.core.errors import StorageError
from claimdesk.demo import build_demo_project
from claimdesk.ui import open_main_window, safety
from claimdesk.ui.mainwindow import MainWindow
from claimdesk.ui.memos import MarkdownView

FIRST = "000_976797ab8663bd03.txt"
HOLD = """
import sys
from claimdesk.core import Project
project = Project.open(sys.argv[1], coder="bert")
print("open", flush=True)
sys.stdin.readline()
project.close()
"""


@pytest.fixture
def demo_path(tmp_path: Path) -> Path:
    path = tmp_path / "demo.claimdesk"
    with build_demo_project(path) as project:  # the tests count backups: no daily one among them
        project.set_setting("backups_daily", False)
    return path


@pytest.fixture
def window(qtbot, demo_path: Path) -> MainWindow:
    win = open_main_window(demo_path)
    qtbot.addWidget(win)
    qtbot.waitExposed(win)
    return win  # type: ignore[return-value]


def select_text(window: MainWindow, needle: str) -> None:
    found = window.reader.document().find(needle)
    assert not found.isNull(), needle
    window.reader.setTextCursor(found)


# ---------------------------------------------------------------------- a project in use elsewhere


@pytest.fixture
def other_claimdesk(tmp_path: Path):  # type: ignore[no-untyped-def]
    """A second project, held open for writing by another process."""
    path = tmp_path / "shared.claimdesk"
    build_demo_project(path, coder="bert").close()
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None and proc.stdout.readline().strip() == "open"
    yield path
    assert proc.stdin is not None
    proc.stdin.write("\n")
    proc.stdin.close()
    proc.wait(timeout=30)


def test_opening_a_project_in_use_offers_read_only(
    window: MainWindow, other_claimdesk: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked = []
    monkeypatch.setattr(
        safety, "ask_read_only", lambda parent, path, exc: asked.append(exc) or True
    )
    assert window.open_project(other_claimdesk)
    assert asked[0].owner.coder == "bert"
    assert window.project.path == other_claimdesk and window.project.readonly
    assert window.banner.isVisible() and window.banner.textFormat() == QtText.TextFormat.PlainText
    lines = window.banner.text().splitlines()
    assert lines[0].startswith("This project is open read-only")
    assert lines[1].startswith("bert (user ") and lines[1].endswith(
        "has this project open for writing."
    )
    assert not window.actionNewClaim.isEnabled() and not window.actionEditText.isEnabled()
    assert "[read-only]" in window.windowTitle()


def test_declining_keeps_the_current_project(
    window: MainWindow, other_claimdesk: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    current = window.project.path
    monkeypatch.setattr(safety, "ask_read_only", lambda parent, path, exc: False)
    assert not window.open_project(other_claimdesk)
    assert window.project.path == current and not window.project.readonly


def test_the_lock_dialog_names_who_has_the_project(
    qtbot, other_claimdesk: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QMessageBox

    from claimdesk.core.errors import ProjectLocked

    shown = {}

    def fake_exec(box: QMessageBox) -> int:
        shown["text"], shown["name"] = box.text(), box.objectName()
        box.findChild(QWidget, "openReadOnlyButton").click()  # type: ignore[union-attr]
        return 0

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    with pytest.raises(ProjectLocked) as raised:
        Project.open(other_claimdesk)
    assert safety.ask_read_only(None, other_claimdesk, raised.value)
    assert shown["name"] == "projectLockedDialog"
    assert shown["text"].startswith("shared.claimdesk is open for writing by bert (user ")


def test_a_synced_folder_shows_in_the_banner(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "OneDrive" / "studie"
    folder.mkdir(parents=True)
    build_demo_project(folder / "s.claimdesk").close()
    win = open_main_window(folder / "s.claimdesk")
    qtbot.addWidget(win)
    assert win.banner.isVisible()
    assert win.banner.text().startswith("s.claimdesk is in a OneDrive folder")


# ---------------------------------------------------------------------- backups


def test_the_daily_backup_is_made_in_the_background_after_the_project_shows(
    qtbot, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "study.claimdesk"
    build_demo_project(path).close()
    win = open_main_window(path)
    qtbot.addWidget(win)
    assert core_backups.list_backups(path) == []  # the window shows without waiting for the copy
    qtbot.waitUntil(lambda: len(core_backups.list_backups(path)) == 1, timeout=15_000)
    [daily] = core_backups.list_backups(path)
    assert daily.kind == "daily" and not win.banner.isVisible()
    win.project.add_actor("Na de backup")  # the window goes on writing
    win.close()
    assert core_backups.list_backups(path) == [daily]  # once a day


def test_a_daily_backup_that_fails_is_said_in_the_banner(
    qtbot, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    def full(*args: object, **kwargs: object) -> None:
        raise StorageError("study.claimdesk: the disk is full, so nothing was written")

    monkeypatch.setattr(core_backups, "make_backup", full)
    path = tmp_path / "study.claimdesk"
    build_demo_project(path).close()
    win = open_main_window(path)
    qtbot.addWidget(win)
    qtbot.waitUntil(win.banner.isVisible, timeout=15_000)
    assert win.banner.text() == (
        "The daily backup could not be made: study.claimdesk: the disk is full, so nothing was "
        "written"
    )
    win.project.add_actor("Toch opgeslagen")  # the project stays open for writing


def test_restore_from_backup_in_the_window(window: MainWindow, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    path = window.project.path
    dialog = safety.RestoreDialog(window)
    qtbot.addWidget(dialog)
    assert window.findChild(object, "actionRestoreBackup") is window.actionRestoreBackup  # type: ignore[arg-type]
    before = dialog.table.rowCount()
    dialog.backup_button.click()
    assert dialog.table.rowCount() == before + 1
    assert dialog.table.item(0, 1).text() == "manual"
    backup = dialog.selected()
    assert backup is not None
    window.project.add_actor("Na de backup")
    assert dialog.restore_selected(confirm=False)
    assert window.project.find_actor("Na de backup") is None
    assert not window.project.readonly and window.model.rowCount() == 14
    assert window.statusBar().currentMessage().startswith(f"Restored from {backup.path.name};")
    kinds = [b.kind for b in core_backups.list_backups(path)]
    assert kinds[0] == "before-restore"
    window.project.add_actor("Verder")  # the window works on the restored project


def test_a_damaged_backup_is_refused_and_the_window_keeps_its_project(
    window: MainWindow,
    qtbot,
    monkeypatch,  # type: ignore[no-untyped-def]
) -> None:
    backup = core_backups.make_backup(window.project)
    backup.path.write_bytes(b"SQLite format 3\x00" + b"\x00" * 200)
    errors = []
    monkeypatch.setattr(
        safety.dialogs, "show_error", lambda parent, message, *a, **k: errors.append(message)
    )
    before = rawdb.dump(window.project.path)
    assert not safety.restore_into_window(window, backup.path)
    assert errors and errors[0].startswith("The project was not restored.")
    assert window.project._conn is not None and window.model.rowCount() == 14
    assert rawdb.dump(window.project.path) == before


# ---------------------------------------------------------------------- editing a text, orphans


def test_edit_text_in_the_window_is_undoable(window: MainWindow, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    document = window.current_document
    old = window.reader.text
    monkeypatch.setattr(
        safety.EditTextDialog,
        "exec",
        lambda self: (
            self.editor.setPlainText("Van onze redactie.\n\n" + self.editor.toPlainText()) or 1
        ),
    )
    window.actionEditText.trigger()
    assert window.reader.text == "Van onze redactie.\n\n" + old
    assert window.claimList.count() == 4
    assert (
        window.statusBar().currentMessage().startswith("Edit Text: 4 claims carried over (4 moved)")
    )
    assert window.actionUndo.text() == "&Undo Edit Text"
    window.actionUndo.trigger()
    assert window.reader.text == old and window.current_document == document


def test_orphans_are_listed_reattached_and_deleted(window: MainWindow, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    text = window.reader.text
    lost = "De VS denkt dat telecomapparatuur"
    cut = text.index(lost)
    end = text.index("spionage", cut) + len("spionage")
    monkeypatch.setattr(
        safety.EditTextDialog,
        "exec",
        lambda self: (
            self.editor.setPlainText(text[:cut] + "Washington vreest spionage" + text[end:]) or 1
        ),
    )
    window.actionEditText.trigger()  # opens the orphans dialog: a claim lost its place
    dialog = window._orphans_dialog
    qtbot.addWidget(dialog)
    assert dialog.isVisible() and dialog.table.rowCount() == 1
    assert dialog.table.item(0, 2).text().startswith(lost)
    assert window.orphansButton.isVisible()
    assert window.orphansButton.text() == "⚠ 1 orphaned claim or mention"
    assert window.claimList.count() == 3
    select_text(window, "Washington vreest spionage")
    dialog.reattach_button.click()
    assert dialog.table.rowCount() == 0 and not window.orphansButton.isVisible()
    assert window.claimList.count() == 4
    assert any(c.quote == "Washington vreest spionage" for c in window.project.claims())
    window.actionUndo.trigger()  # back to an orphan; then delete it (to the trash)
    dialog.reload()
    dialog.delete_button.click()
    assert window.project.orphans() == [] and len(window.project.trash()["claims"]) == 1


# ---------------------------------------------------------------------- text shown as text

HOSTILE = '<a href="https://example.invalid/x"><img src="file:///etc/hostile.png">HOSTILE</a><b>'


def _rich_labels_with_markup(root: QWidget) -> list[str]:
    found = []
    for widget in [root, *root.findChildren(QWidget)]:
        if isinstance(widget, QLabel):
            text, fmt = widget.text(), widget.textFormat()
            rich = fmt == QtText.TextFormat.RichText or (
                fmt == QtText.TextFormat.AutoText and QtText.mightBeRichText(text)
            )
            if rich and "example.invalid" in text and "&lt;a href" not in text:
                found.append(f"{widget.objectName() or type(widget).__name__}: {text[:60]}")
            if widget.openExternalLinks():
                found.append(f"{widget.objectName()}: opens links by itself")
        tip = widget.toolTip()
        if tip and QtText.mightBeRichText(tip) and '<a href="https://example.invalid' in tip:
            found.append(f"tooltip of {widget.objectName()}: {tip[:60]}")
    return found


def test_text_from_files_is_never_shown_as_markup(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "h.claimdesk"
    with Project.create(path, name="P" + HOSTILE, coder="coder" + HOSTILE) as project:
        project.import_documents(
            [
                Document(
                    text=f"Intro {HOSTILE} en tekst.\n\nMeer.",
                    title="T" + HOSTILE,
                    source="S" + HOSTILE,
                    file="f.txt",
                )
            ]
        )
        actor = project.add_actor("Actor" + HOSTILE, aliases=["alias" + HOSTILE]).id
        claim = project.add_claim(
            document=1, start=0, end=20, claimant=actor, note="n" + HOSTILE
        ).id
        project.add_mention(document=1, start=0, end=5, actor=actor)
        project.edit_document_text(1, "Anders. " + project.document(1).text[25:])  # an orphan too
    win = open_main_window(path)
    qtbot.addWidget(win)
    win.select_document_row(0)
    win.select_claim(claim)
    orphans = safety.orphans_dialog(win)
    qtbot.addWidget(orphans)
    restore = safety.RestoreDialog(win)
    qtbot.addWidget(restore)
    assert _rich_labels_with_markup(win) == []
    assert _rich_labels_with_markup(orphans) == []
    assert win.documentHeader.text() == "T" + HOSTILE
    tip = win.model.data(win.model.index(0, 2), QtText.ItemDataRole.ToolTipRole)
    assert "&lt;a" in tip and "<a" not in tip  # the list's tooltip shows the markup as text


def test_rendered_markdown_opens_only_clicked_web_links(qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QDesktopServices

    opened = []
    monkeypatch.setattr(
        QDesktopServices, "openUrl", lambda url: opened.append(url.toString()) or True
    )
    view = MarkdownView()
    qtbot.addWidget(view)
    view.set_markdown(
        "[site](https://example.org) ![x](http://example.invalid/x.png) "
        "[local](file:///etc/passwd) <script>alert(1)</script>"
    )
    assert not view.openLinks() and not view.openExternalLinks()
    assert "<script" not in view.toHtml() and "example.invalid" not in view.toHtml()
    assert view.loadResource(2, QUrl("http://example.invalid/x.png")) is None
    assert opened == []  # nothing opened by rendering
    view.anchorClicked.emit(QUrl("file:///etc/passwd"))
    view.anchorClicked.emit(QUrl("https://example.org"))
    assert opened == ["https://example.org"]
    assert not safety.open_clicked_link(QUrl("javascript:alert(1)"))
