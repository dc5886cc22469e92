"""The window's log and crash reports, in the platform's log folder.

``core.settings.log_dir()`` names the folder (``~/.local/state/Claimdesk/log`` on
Linux, ``~/Library/Logs/Claimdesk`` on macOS, ``%LOCALAPPDATA%\\Claimdesk\\Logs`` on
Windows). It holds:

- ``claimdesk.log``: what the window did, rotated at 1 MB (three old files kept);
- ``crash-YYYYMMDD-HHMMSS.txt``: one report per unhandled error, with the program's
  version, the system, the traceback and the end of the log (the last
  :data:`KEEP_REPORTS` are kept);
- ``fatal.log``: where Python writes the stack of a hard crash (a fault in a
  library); on the next start it becomes a crash report of its own.

No Qt here: the command line may use it too.
"""

from __future__ import annotations

import datetime as dt
import faulthandler
import logging
import logging.handlers
import platform
import sys
import traceback
from pathlib import Path
from types import TracebackType
from typing import IO

from claimdesk import __version__
from claimdesk.core.settings import log_dir

LOG_FILE = "claimdesk.log"
FATAL_FILE = "fatal.log"
KEEP_REPORTS = 20
_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
_fatal_stream: IO[str] | None = None


def setup_logging(logger: logging.Logger | None = None) -> Path | None:
    """Log ``claimdesk`` messages to the log folder; returns it (None if it cannot be written)."""
    logger = logger or logging.getLogger("claimdesk")
    folder = log_dir()
    target = folder / LOG_FILE
    for handler in logger.handlers:
        if getattr(handler, "baseFilename", None) == str(target):
            return folder
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(
            target, maxBytes=1_000_000, backupCount=3, encoding="utf-8"
        )
    except OSError:
        return None
    handler.setFormatter(logging.Formatter(_FORMAT))
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.info("Claimdesk %s starting on %s", __version__, system_summary())
    return folder


def system_summary() -> str:
    """The system in one line, e.g. ``Linux 6.1.0 x86_64, Python 3.11.7``.

    Built from the parts that need no other program: ``platform.platform()`` asks
    ``uname -p`` for the processor, which costs a process start every time.
    """
    frozen = " (installed bundle)" if getattr(sys, "frozen", False) else ""
    system = " ".join(p for p in (platform.system(), platform.release(), platform.machine()) if p)
    return f"{system}, Python {platform.python_version()}{frozen}"


def enable_fatal_log() -> Path | None:
    """Have Python write the stack of a hard crash to ``fatal.log`` in the log folder.

    A ``fatal.log`` left by the previous run becomes a crash report first; its
    path is returned (None when the last run ended normally).
    """
    global _fatal_stream
    folder = log_dir()
    path = folder / FATAL_FILE
    previous = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if _fatal_stream is None and path.exists() and path.stat().st_size:
            when = dt.datetime.fromtimestamp(path.stat().st_mtime)
            previous = _report_path(folder, when)
            text = path.read_text(encoding="utf-8", errors="replace")
            previous.write_text(
                _header(when, "the program stopped with a fatal error") + text, encoding="utf-8"
            )
            path.write_text("", encoding="utf-8")
        if _fatal_stream is None:
            _fatal_stream = open(path, "a", encoding="utf-8")  # noqa: SIM115 (open while running)
            faulthandler.enable(_fatal_stream, all_threads=True)
    except OSError:
        return previous
    return previous


def write_crash_report(
    kind: type[BaseException],
    value: BaseException,
    tb: TracebackType | None,
    *,
    context: dict[str, str] | None = None,
) -> Path | None:
    """Write a crash report for an unhandled error; returns its path (None if it cannot)."""
    folder = log_dir()
    now = dt.datetime.now()
    lines = [_header(now, f"{kind.__name__}: {value}")]
    for key, text in (context or {}).items():
        lines.append(f"{key}: {text}\n")
    lines.append("\nTraceback\n---------\n")
    lines.append("".join(traceback.format_exception(kind, value, tb)))
    log_file = folder / LOG_FILE
    if log_file.exists():
        tail = log_file.read_text(encoding="utf-8", errors="replace").splitlines()[-40:]
        lines.append("\nThe end of claimdesk.log\n------------------------\n")
        lines.append("\n".join(tail) + "\n")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        path = _report_path(folder, now)
        path.write_text("".join(lines), encoding="utf-8")
    except OSError:
        return None
    _prune(folder)
    return path


def crash_reports() -> list[Path]:
    """The crash reports in the log folder, newest first."""
    folder = log_dir()
    if not folder.is_dir():
        return []
    return sorted(folder.glob("crash-*.txt"), reverse=True)


def _header(when: dt.datetime, what: str) -> str:
    return (
        f"Claimdesk crash report\n======================\n\n"
        f"What: {what}\nWhen: {when:%Y-%m-%d %H:%M:%S}\n"
        f"Version: Claimdesk {__version__}\nSystem: {system_summary()}\n"
    )


def _report_path(folder: Path, when: dt.datetime) -> Path:
    path = folder / f"crash-{when:%Y%m%d-%H%M%S}.txt"
    n = 1
    while path.exists():
        n += 1
        path = folder / f"crash-{when:%Y%m%d-%H%M%S}-{n}.txt"
    return path


def _prune(folder: Path) -> None:
    for old in sorted(folder.glob("crash-*.txt"), reverse=True)[KEEP_REPORTS:]:
        old.unlink(missing_ok=True)
