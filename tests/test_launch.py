"""``claimdesk``: the window straight away, or a command; the window's start loads no commands."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from claimdesk.cli import wants_window
from claimdesk.launch import arguments, opens_window


@pytest.mark.parametrize(
    ("args", "window"),
    [
        ([], True),
        (["study.claimdesk"], True),
        (["--smoke"], True),
        (["--screenshot", "out.png", "study.claimdesk"], True),
        (["--project=study.claimdesk"], True),
        (["list", "study.claimdesk"], False),
        (["--help"], False),
        (["--version"], False),
        (["notes.txt"], False),  # the command line decides (a file without the extension)
    ],
)
def test_opens_window(args: list[str], window: bool) -> None:
    assert opens_window(args) is window
    if window:
        assert wants_window(args), "the command line agrees whenever the shortcut is taken"


def test_arguments_drop_the_macos_process_number() -> None:
    assert arguments(["-psn_0_12345", "study.claimdesk"]) == ["study.claimdesk"]


def test_launch_loads_no_command_line() -> None:
    """Importing the entry point costs nothing: click and the forty commands load only for a command."""
    code = "import sys, claimdesk.launch; print(sorted(m for m in ('click', 'claimdesk.cli', 'PySide6') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_launch_runs_a_command() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "claimdesk", "--version"], capture_output=True, text=True, check=True
    )
    assert out.stdout.startswith("claimdesk ")


@pytest.mark.parametrize(
    "code",
    [
        "import claimdesk.cli, claimdesk.formats as f; f.all_formats()",
        "from PySide6.QtWidgets import QApplication; app = QApplication([]); "
        "import claimdesk.ui.app, claimdesk.ui.mainwindow",
    ],
    ids=["command-line", "window"],
)
def test_start_leaves_slow_modules_unloaded(code: str) -> None:
    """jsonschema (seconds with the test extra's format checkers), sqlite-utils and numpy load on use."""
    slow = ("jsonschema", "sqlite_utils", "numpy")
    check = f"{code}; import sys; print(sorted(m for m in {slow!r} if m in sys.modules))"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run(
        [sys.executable, "-c", check], capture_output=True, text=True, check=True, env=env
    )
    assert out.stdout.strip().splitlines()[-1] == "[]"
