"""Starting the window: which project, first-run questions, error reporting, --smoke and --screenshot."""

from __future__ import annotations

import argparse
import logging
import logging.handlers
import sys
import tempfile
import traceback
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from claimdesk import __version__
from claimdesk.core.errors import ClaimdeskError, ProjectLocked
from claimdesk.core.settings import Settings, data_dir
from claimdesk.core.store import Project

log = logging.getLogger("claimdesk")


def demo_project_path() -> Path:
    return data_dir() / "demo.claimdesk"


def open_demo_project(path: Path | None = None, *, coder: str = "") -> Project:
    """The demo project (built from seeds/ the first time)."""
    from claimdesk.demo import build_demo_project

    path = path or demo_project_path()
    if path.exists():
        from claimdesk.ui.safety import open_for_window, open_read_only

        try:
            return open_for_window(path, coder)
        except ProjectLocked as exc:  # another Claimdesk shows the demo: read along
            return open_read_only(path, exc, coder)
    path.parent.mkdir(parents=True, exist_ok=True)
    project = build_demo_project(path)
    project.coder = coder or project.coder
    return project


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="claimdesk", description="Open the Claimdesk window.")
    parser.add_argument("file", nargs="?", help="a project file to open")
    parser.add_argument("--project", help="the project file to open")
    parser.add_argument(
        "--smoke",
        action="store_true",
        help="open the demo project, paint the first article and exit 0",
    )
    parser.add_argument(
        "--screenshot", metavar="OUT.png", help="render the window to a PNG and exit"
    )
    parser.add_argument(
        "--document", metavar="UUID", help="with --screenshot: the document to show"
    )
    return parser


_look_applied = False


def apply_look() -> None:
    """The application's style sheet and names (once per QApplication)."""
    global _look_applied
    app = QApplication.instance()
    if app is None or _look_applied:
        return
    from claimdesk.ui.theme import STYLESHEET

    QApplication.setApplicationName("Claimdesk")
    QApplication.setApplicationVersion(__version__)
    QApplication.setOrganizationName("Claimdesk")
    app.setStyleSheet(STYLESHEET)  # type: ignore[attr-defined]
    from PySide6.QtGui import QIcon

    from claimdesk.paths import resource_path

    QApplication.setWindowIcon(QIcon(str(resource_path("icons", "claimdesk.svg"))))
    _look_applied = True


def _setup_logging() -> Path | None:
    """Log to the platform's log folder; a hard crash of the last run becomes a crash report."""
    from claimdesk.logs import enable_fatal_log, setup_logging

    folder = setup_logging(log)
    previous = enable_fatal_log()
    if previous is not None:
        log.warning("the last run stopped with a fatal error; crash report %s", previous)
    return folder


#: No dialogs (--smoke, --screenshot): an unhandled error is printed and the program ends.
_headless = False


def _excepthook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
    details = "".join(traceback.format_exception(kind, value, tb))
    log.error("unhandled exception\n%s", details)
    value = _in_words(value)
    report = None
    if not isinstance(value, ClaimdeskError):
        from PySide6.QtCore import qVersion

        from claimdesk.logs import write_crash_report

        report = write_crash_report(kind, value, tb, context={"Qt": qVersion()})
    if QApplication.instance() is None or _headless:
        sys.__excepthook__(kind, value, tb)
        return
    from claimdesk.ui.dialogs import show_error

    message = (
        str(value)
        if isinstance(value, ClaimdeskError)
        else (
            f"Something went wrong: {value}\n\nYour work up to the last edit is saved. "
            "The details below help the developers find the cause."
        )
    )
    if report is not None:
        message += (
            f"\n\nA crash report was saved as {report.name} in the log folder "
            "(Help → Open Log Folder); please send it with a description of what you did."
        )
    show_error(QApplication.activeWindow(), message, details)


def _in_words(value: BaseException) -> BaseException:
    """A full disk or a damaged project file, as SQLite or the system reports it, in words."""
    import sqlite3

    if not isinstance(value, sqlite3.Error | OSError):
        return value
    from claimdesk.core.store._files import storage_error

    window = QApplication.activeWindow() if QApplication.instance() else None
    project = getattr(getattr(window, "project", None), "path", None)
    where = getattr(value, "filename", None) or project or "the project file"
    return storage_error(value, Path(where))  # type: ignore[arg-type]


def _render(window: object, out: Path | None) -> None:
    app = QApplication.instance()
    assert app is not None
    for _ in range(5):
        app.processEvents()
    pixmap = window.grab()  # type: ignore[attr-defined]
    if out is not None:
        pixmap.save(str(out))


def main(argv: Sequence[str] | None = None) -> int:
    """Run the window; returns the exit code."""
    args = _parser().parse_args(list(sys.argv[1:] if argv is None else argv))
    app = QApplication.instance() or QApplication([sys.argv[0]])
    apply_look()
    global _headless
    _headless = args.smoke or bool(args.screenshot)
    _setup_logging()
    sys.excepthook = _excepthook
    from claimdesk.ui.desktop import FileOpenHandler

    file_open = FileOpenHandler.install(app)  # type: ignore[arg-type]  # macOS: files as events
    from claimdesk.ui.dialogs import ask_coder_name, show_error
    from claimdesk.ui.mainwindow import MainWindow
    from claimdesk.ui.safety import open_for_window

    settings = Settings.load()
    headless = args.smoke or bool(args.screenshot)
    target = args.project or args.file
    try:
        if args.smoke:
            folder = Path(tempfile.mkdtemp(prefix="claimdesk-smoke-"))
            project = open_demo_project(folder / "demo.claimdesk", coder=settings.coder)
        elif target:
            project = open_for_window(Path(target), settings.coder)
        elif (
            settings.recent_projects and Path(settings.recent_projects[0]).exists() and not headless
        ):
            project = open_for_window(Path(settings.recent_projects[0]), settings.coder)
        else:
            project = open_demo_project(coder=settings.coder)
    except ProjectLocked as exc:  # open for writing in another Claimdesk: read-only, or the demo
        if headless:
            print(f"Error: {exc}", file=sys.stderr)
            return 1
        from claimdesk.ui.safety import ask_read_only, open_read_only

        path = Path(target or settings.recent_projects[0])
        if ask_read_only(None, path, exc):
            project = open_read_only(path, exc, settings.coder)
        else:
            project = open_demo_project(coder=settings.coder)
    except ClaimdeskError as exc:
        if headless:
            print(f"Error: {exc}", file=sys.stderr)
            return 1
        show_error(None, f"Cannot open the project.\n\n{exc}\n\nThe demo project opens instead.")
        project = open_demo_project(coder=settings.coder)
    if not headless and not settings.coder_confirmed:
        name = ask_coder_name(None, settings.coder)
        settings.coder = name or settings.coder
        settings.coder_confirmed = True
    if not headless and not args.smoke:
        settings.add_recent(project.path)
        settings.save()
    window = MainWindow(project)
    if args.document:
        try:
            row = window.model.row_of(project.document_id(args.document))
            if row is not None:
                window.select_document_row(row)
        except ClaimdeskError as exc:
            print(f"Error: {exc}", file=sys.stderr)
            return 1
    window.show()
    if headless:
        if args.smoke:
            window.select_document_row(0)
        _render(window, Path(args.screenshot) if args.screenshot else None)
        ok = window.reader.plain_text() == window.reader.text and bool(window.reader.text)
        window.close()
        if args.smoke:
            print("smoke: ok" if ok else "smoke: the first article did not render", file=sys.stderr)
        return 0 if ok else 1
    file_open.attach(window)
    from claimdesk.ui.welcome import show_on_first_run

    show_on_first_run(window, settings)  # the "how to code a claim" guide, until dismissed
    QTimer.singleShot(0, lambda: QGuiApplication.setDesktopFileName("claimdesk"))
    return app.exec()  # type: ignore[attr-defined]
