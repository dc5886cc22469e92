"""The first start: the "how to code a claim" guide, the Help menu, files handed over, crashes."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QFileOpenEvent
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from claimdesk.core import Project
from claimdesk.core.settings import Settings, data_dir, log_dir
from claimdesk.demo import build_demo_project
from claimdesk.ui import app as app_module
from claimdesk.ui import dialogs, open_main_window
from claimdesk.ui.desktop import FileOpenHandler
from claimdesk.ui.mainwindow import MainWindow
from claimdesk.ui.welcome import WelcomePanel


@pytest.fixture
def window(qtbot, tmp_path: Path) -> MainWindow:
    path = tmp_path / "demo.claimdesk"
    build_demo_project(path).close()
    win = open_main_window(path)
    qtbot.addWidget(win)
    qtbot.waitExposed(win)
    return win  # type: ignore[return-value]


def guide(window: MainWindow) -> WelcomePanel | None:
    return window.findChild(WelcomePanel, "welcomePanel")


def help_menu_actions(window: MainWindow) -> list[str]:
    (menu,) = [a.menu() for a in window.menuBar().actions() if a.text() == "&Help"]
    return [a.objectName() for a in menu.actions() if not a.isSeparator()]


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Let ``app.main`` run in the test process and undo what it sets up for a real run."""
    monkeypatch.setattr(QApplication, "exec", lambda self: 0)  # no event loop: return at once
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr("claimdesk.logs.enable_fatal_log", lambda: None)  # pytest's own stays
    logger = logging.getLogger("claimdesk")
    handlers = logger.handlers[:]
    yield
    for handler in logger.handlers[:]:
        if handler not in handlers:
            handler.close()
            logger.removeHandler(handler)


def test_first_start_opens_the_demo_project_with_the_guide(qtbot, started: None) -> None:
    """`claimdesk` without a project on a fresh machine: demo project, guide in view."""
    assert app_module.main([]) == 0
    (win,) = [
        w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()
    ]
    qtbot.addWidget(win)
    assert win.project.path == data_dir() / "demo.claimdesk"
    panel = guide(win)
    assert panel is not None and panel.isVisible()
    assert panel.parent() is win.reader
    assert "This is the demo project" in panel.footer.text()
    assert (log_dir() / "claimdesk.log").is_file()  # logs go to the log folder


def test_guide_names_the_codebooks_stance_keys(window: MainWindow) -> None:
    from claimdesk.ui.welcome import show_on_first_run

    assert show_on_first_run(window) is True
    panel = guide(window)
    assert panel is not None and panel.isVisible()
    text = panel.steps.text()
    for stance in window.project.codebook().stances:
        if stance.key:
            assert stance.label in text
    # bottom right of the reading view, inside it
    viewport = window.reader.viewport().geometry()
    assert viewport.contains(panel.geometry().bottomRight())
    assert panel.geometry().right() > viewport.center().x()


def test_guide_leaves_the_focus_to_the_reader(qtbot, window: MainWindow) -> None:
    from claimdesk.ui.welcome import show_on_first_run

    window.reader.setFocus()
    show_on_first_run(window)
    qtbot.waitUntil(lambda: guide(window) is not None and guide(window).isVisible())
    assert window.reader.hasFocus()
    cursor = window.reader.document().find("Donald Trump")
    window.reader.setTextCursor(cursor)
    claims = len(window.project.claims(document=window.current_document))
    qtbot.keyClick(window.reader, Qt.Key.Key_C)
    assert len(window.project.claims(document=window.current_document)) == claims + 1


def test_dismissing_the_guide_is_remembered(qtbot, window: MainWindow, tmp_path: Path) -> None:
    from claimdesk.ui.welcome import show_on_first_run

    show_on_first_run(window)
    panel = guide(window)
    assert panel is not None
    qtbot.mouseClick(panel.gotIt, Qt.MouseButton.LeftButton)
    assert not panel.isVisible()
    assert Settings.load().welcome_seen is True
    other = open_main_window(window.project.path)
    qtbot.addWidget(other)
    assert show_on_first_run(other) is False
    assert guide(other) is None or not guide(other).isVisible()


def test_help_menu_shows_the_guide_again(qtbot, window: MainWindow) -> None:
    settings = Settings.load()
    settings.welcome_seen = True
    settings.save()
    assert help_menu_actions(window)[:3] == [
        "actionHowToCode",
        "actionShortcuts",
        "actionOpenLogFolder",
    ]
    window.actionHowToCode.trigger()
    panel = guide(window)
    assert panel is not None and panel.isVisible()
    qtbot.mouseClick(panel.gotIt, Qt.MouseButton.LeftButton)
    window.actionHowToCode.trigger()
    assert panel.isVisible()


def test_guide_for_a_project_of_ones_own_does_not_call_it_the_demo(qtbot, tmp_path: Path) -> None:
    path = tmp_path / "study.claimdesk"
    Project.create(path).close()
    win = open_main_window(path)
    qtbot.addWidget(win)
    win.actionHowToCode.trigger()
    panel = guide(win)  # type: ignore[arg-type]
    assert panel is not None and "demo project" not in panel.footer.text()


def test_open_log_folder_shows_the_log_folder(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    window.actionOpenLogFolder.trigger()
    assert [Path(url.toLocalFile()) for url in opened] == [log_dir()]
    assert log_dir().is_dir()


@pytest.mark.parametrize("early", [False, True])
def test_a_project_handed_over_as_a_file_open_event_opens(
    early: bool, qtbot, window: MainWindow, tmp_path: Path
) -> None:
    """macOS passes a double-clicked .claimdesk file as a QFileOpenEvent, also before the window is up."""
    other = tmp_path / "other study.claimdesk"
    Project.create(other).close()
    app = QApplication.instance()
    handler = FileOpenHandler(app)  # type: ignore[arg-type]
    try:
        if not early:
            handler.attach(window)
        QApplication.sendEvent(app, QFileOpenEvent(str(other)))
        if early:
            assert window.project.path != other and handler.pending == [other]
            handler.attach(window)
        assert window.project.path == other
    finally:
        app.removeEventFilter(handler)  # type: ignore[union-attr]
        handler.deleteLater()


def test_unhandled_error_writes_a_crash_report_and_says_where(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(
        dialogs, "show_error", lambda parent, message, details="": shown.append(message)
    )
    monkeypatch.setattr(app_module, "_headless", False)
    try:
        raise RuntimeError("the claim panel lost its claim")
    except RuntimeError:
        app_module._excepthook(*sys.exc_info())  # type: ignore[arg-type]
    (report,) = log_dir().glob("crash-*.txt")
    assert "RuntimeError: the claim panel lost its claim" in report.read_text(encoding="utf-8")
    (message,) = shown
    assert report.name in message and "Help → Open Log Folder" in message


def test_unhandled_error_without_a_display_is_printed_not_shown(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """--smoke and --screenshot must end, never wait on a dialog nobody can click."""
    monkeypatch.setattr(dialogs, "show_error", lambda *a, **k: pytest.fail("a dialog was shown"))
    monkeypatch.setattr(app_module, "_headless", True)
    try:
        raise RuntimeError("no display")
    except RuntimeError:
        app_module._excepthook(*sys.exc_info())  # type: ignore[arg-type]
    assert "RuntimeError: no display" in capsys.readouterr().err


def test_new_project_is_suggested_in_documents_with_a_onedrive_note_once(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    documents = tmp_path / "OneDrive" / "Documents"
    documents.mkdir(parents=True)
    monkeypatch.setattr("claimdesk.ui.mainwindow.default_project_dir", lambda: documents)
    monkeypatch.setenv("OneDrive", str(tmp_path / "OneDrive"))
    notes: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: notes.append(box.text()) or 0)
    suggested: list[str] = []
    monkeypatch.setattr(
        QFileDialog,
        "getSaveFileName",
        lambda parent, title, path, *a, **k: suggested.append(path) or ("", ""),
    )
    window.new_project_dialog()
    window.new_project_dialog()
    assert suggested == [str(documents / "study.claimdesk")] * 2
    assert len(notes) == 1 and "OneDrive" in notes[0]
    assert Settings.load().cloud_folder_noted is True


@pytest.mark.parametrize(
    ("system", "listens"), [("darwin", True), ("linux", False), ("win32", False)]
)
def test_the_file_open_handler_listens_only_where_the_system_sends_such_events(
    system: str, listens: bool, qtbot, window: MainWindow, tmp_path: Path, monkeypatch
) -> None:
    """A filter on the application sees every event of every widget: only macOS needs it."""
    other = tmp_path / "other.claimdesk"
    Project.create(other).close()
    app = QApplication.instance()
    for earlier in app.findChildren(FileOpenHandler):  # type: ignore[union-attr]
        earlier.setObjectName("")  # waiting for deletion: install makes a new one
    monkeypatch.setattr(sys, "platform", system)
    handler = FileOpenHandler.install(app)  # type: ignore[arg-type]
    try:
        handler.attach(window)
        QApplication.sendEvent(app, QFileOpenEvent(str(other)))
        assert (window.project.path == other) is listens
    finally:
        app.removeEventFilter(handler)  # type: ignore[union-attr]
        handler.setObjectName("")
        handler.deleteLater()
