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
from claimdesk.core.errors import ClaimdeskError
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
        return Project.open(path, coder=coder or None)
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
    folder = data_dir() / "logs"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(
            folder / "claimdesk.log", maxBytes=1_000_000, backupCount=3, encoding="utf-8"
        )
    except OSError:
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    return folder


def _excepthook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
    details = "".join(traceback.format_exception(kind, value, tb))
    log.error("unhandled exception\n%s", details)
    if QApplication.instance() is None:
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
    show_error(QApplication.activeWindow(), message, details)


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
    _setup_logging()
    sys.excepthook = _excepthook
    from claimdesk.ui.dialogs import ask_coder_name, show_error
    from claimdesk.ui.mainwindow import MainWindow

    settings = Settings.load()
    headless = args.smoke or bool(args.screenshot)
    target = args.project or args.file
    try:
        if args.smoke:
            folder = Path(tempfile.mkdtemp(prefix="claimdesk-smoke-"))
            project = open_demo_project(folder / "demo.claimdesk", coder=settings.coder)
        elif target:
            project = Project.open(Path(target), coder=settings.coder)
        elif (
            settings.recent_projects and Path(settings.recent_projects[0]).exists() and not headless
        ):
            project = Project.open(Path(settings.recent_projects[0]), coder=settings.coder)
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
    QTimer.singleShot(0, lambda: QGuiApplication.setDesktopFileName("claimdesk"))
    return app.exec()  # type: ignore[attr-defined]
