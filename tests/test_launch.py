"""``claimdesk``: the window straight away, or a command; the window's start loads no commands."""

from __future__ import annotations

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
