"""Starting Claimdesk: the window or a command, loading only what that one needs.

``claimdesk`` alone, with a project file or with a window option opens the
window straight away, without loading the command line's forty commands;
anything else goes to :func:`claimdesk.cli.main`, which decides the rest
(a file given without the ``.claimdesk`` extension, ``--help``...).

>>> opens_window([]), opens_window(["study.claimdesk"]), opens_window(["list", "a.claimdesk"])
(True, True, False)
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Sequence

#: Options that belong to the window rather than to a sub-command.
GUI_OPTIONS = ("--smoke", "--project", "--screenshot", "--document")

#: The Qt-free modules the window needs, loaded before Qt. Once PySide6 is imported, its
#: import hook reads the source of every module imported after it (looking for
#: ``from __feature__ import``): loading these first takes about 0.1 s off the start.
LOADED_BEFORE_QT = (
    "claimdesk.core.store",
    "claimdesk.core.settings",
    "claimdesk.core.actors",
    "claimdesk.core.backups",
    "claimdesk.core.keywords",
    "claimdesk.core.places",
    "claimdesk.logs",
    "claimdesk.ui.operations.actors",
    "claimdesk.ui.operations.claims",
    "claimdesk.ui.operations.documents",
    "claimdesk.ui.operations.versions",
    "argparse",
    "html",
    "tempfile",
)


def arguments(argv: Sequence[str] | None = None) -> list[str]:
    """The program's arguments, without the process serial number older macOS versions add."""
    return [a for a in (sys.argv[1:] if argv is None else argv) if not a.startswith("-psn_")]


def opens_window(args: Sequence[str]) -> bool:
    """True when the arguments can only mean the window (no command has these shapes)."""
    if not args:
        return True
    first = args[0]
    return first.startswith(GUI_OPTIONS) or (
        first.endswith(".claimdesk") and not first.startswith("-")
    )


def main(argv: Sequence[str] | None = None) -> None:
    """Entry point of the ``claimdesk`` program."""
    if getattr(sys, "frozen", False):  # the bundle started as a reading process (formats.reading)
        __import__("multiprocessing").freeze_support()
    args = arguments(argv)
    if opens_window(args):
        for name in LOADED_BEFORE_QT:
            importlib.import_module(name)
        from claimdesk.ui.app import main as window_main

        sys.exit(window_main(args))
    from claimdesk.cli import main as cli_main

    cli_main(args)
