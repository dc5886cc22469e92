"""Starting Claimdesk: the window or a command, loading only what that one needs.

``claimdesk`` alone, with a project file or with a window option opens the
window straight away, without loading the command line's forty commands;
anything else goes to :func:`claimdesk.cli.main`, which decides the rest
(a file given without the ``.claimdesk`` extension, ``--help``...).

>>> opens_window([]), opens_window(["study.claimdesk"]), opens_window(["list", "a.claimdesk"])
(True, True, False)
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

#: Options that belong to the window rather than to a sub-command.
GUI_OPTIONS = ("--smoke", "--project", "--screenshot", "--document")


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
    args = arguments(argv)
    if opens_window(args):
        from claimdesk.ui.app import main as window_main

        sys.exit(window_main(args))
    from claimdesk.cli import main as cli_main

    cli_main(args)
