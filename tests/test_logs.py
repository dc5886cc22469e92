"""The log folder: where it is, the window's log, crash reports, and hard crashes caught next start."""

from __future__ import annotations

import logging
import subprocess
import sys
import textwrap
from pathlib import Path

import platformdirs
import pytest

from claimdesk import __version__, logs
from claimdesk.core.settings import data_dir, log_dir


def test_log_dir_is_the_platforms_log_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CLAIMDESK_DATA_DIR")
    monkeypatch.delenv("CLAIMDESK_LOG_DIR", raising=False)
    assert log_dir() == Path(platformdirs.user_log_dir("Claimdesk", appauthor=False))


@pytest.mark.parametrize(
    ("variables", "expected"),
    [
        ({"CLAIMDESK_LOG_DIR": "elsewhere/logs"}, Path("elsewhere/logs")),
        ({}, None),  # only CLAIMDESK_DATA_DIR (set for every test): its logs folder
    ],
)
def test_log_dir_follows_the_environment(
    variables: dict[str, str], expected: Path | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    assert log_dir() == (expected or data_dir() / "logs")


def test_setup_logging_writes_to_the_log_folder_once() -> None:
    logger = logging.getLogger("claimdesk.test-setup")
    try:
        assert logs.setup_logging(logger) == log_dir()
        assert logs.setup_logging(logger) == log_dir()
        assert len(logger.handlers) == 1
        logger.info("a line to find")
        logger.handlers[0].flush()
        text = (log_dir() / logs.LOG_FILE).read_text(encoding="utf-8")
        assert f"Claimdesk {__version__} starting" in text
        assert "a line to find" in text
    finally:
        for handler in logger.handlers[:]:
            handler.close()
            logger.removeHandler(handler)


def _raise(message: str) -> tuple[type[BaseException], BaseException, object]:
    try:
        raise ValueError(message)
    except ValueError:
        return sys.exc_info()  # type: ignore[return-value]


def test_crash_report_holds_version_system_traceback_and_log_tail() -> None:
    log_dir().mkdir(parents=True)
    (log_dir() / logs.LOG_FILE).write_text("earlier line\nthe last line\n", encoding="utf-8")
    kind, value, tb = _raise("the reader lost its document")
    path = logs.write_crash_report(kind, value, tb, context={"Qt": "6.11.3"})  # type: ignore[arg-type]
    assert path is not None and path.parent == log_dir() and path.name.startswith("crash-")
    text = path.read_text(encoding="utf-8")
    for expected in (
        "What: ValueError: the reader lost its document",
        f"Version: Claimdesk {__version__}",
        "Qt: 6.11.3",
        "raise ValueError(message)",
        "the last line",
    ):
        assert expected in text
    assert logs.crash_reports() == [path]


def test_crash_reports_keep_only_the_newest(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(logs, "KEEP_REPORTS", 3)
    log_dir().mkdir(parents=True)
    for n in range(5):
        (log_dir() / f"crash-2020010{n}-000000.txt").write_text("old", encoding="utf-8")
    newest = logs.write_crash_report(*_raise("new"))  # type: ignore[arg-type]
    assert [p.name for p in logs.crash_reports()] == [
        newest.name,  # type: ignore[union-attr]
        "crash-20200104-000000.txt",
        "crash-20200103-000000.txt",
    ]


def test_a_hard_crash_becomes_a_crash_report_on_the_next_start(tmp_path: Path) -> None:
    """A fault in native code kills the process; the next start turns its trace into a report."""
    script = textwrap.dedent(
        """
        import faulthandler, sys
        from claimdesk import logs
        previous = logs.enable_fatal_log()
        print(previous or "")
        if sys.argv[1] == "crash":
            faulthandler._sigsegv()
        """
    )
    env = {"CLAIMDESK_LOG_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}
    crashed = subprocess.run(
        [sys.executable, "-c", script, "crash"], env=env, capture_output=True, text=True
    )
    assert crashed.returncode != 0
    assert "Fatal Python error" in (tmp_path / logs.FATAL_FILE).read_text(encoding="utf-8")
    restarted = subprocess.run(
        [sys.executable, "-c", script, "start"], env=env, capture_output=True, text=True
    )
    report = Path(restarted.stdout.strip())
    assert report.parent == tmp_path and report.name.startswith("crash-")
    text = report.read_text(encoding="utf-8")
    assert "the program stopped with a fatal error" in text and "Fatal Python error" in text
    assert (tmp_path / logs.FATAL_FILE).read_text(encoding="utf-8") == ""


def test_system_summary_starts_no_other_program(monkeypatch: pytest.MonkeyPatch) -> None:
    """The log's first line is written at every start: asking ``uname -p`` would cost a process."""
    import platform

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"started a process: {args}")

    monkeypatch.setattr(subprocess, "Popen", refuse)
    monkeypatch.setattr(platform, "_uname_cache", None)  # as at a start: nothing asked yet
    monkeypatch.setattr(platform, "_platform_cache", {})
    summary = logs.system_summary()
    assert summary.startswith(platform.system())
    assert f"Python {platform.python_version()}" in summary
