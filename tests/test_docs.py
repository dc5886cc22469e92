"""The documentation stays true: its Python examples run, and every command is documented."""

from __future__ import annotations

import doctest
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimdesk.cli import cli
from claimdesk.paths import seeds_path

DOCS = Path(__file__).resolve().parent.parent / "docs"


def test_python_api_examples_run(tmp_path: Path) -> None:
    result = doctest.testfile(
        str(DOCS / "python-api.md"),
        module_relative=False,
        globs={"folder": tmp_path, "seeds": seeds_path()},
        optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE,
        verbose=False,
    )
    assert result.attempted > 20
    assert result.failed == 0


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_every_command_is_documented_with_its_help(name: str) -> None:
    text = (DOCS / "cli.md").read_text(encoding="utf-8")
    assert f"### `claimdesk {name}`" in text, f"docs/cli.md has no reference for {name}"
    help_text = (
        CliRunner().invoke(cli, [name, "--help"], prog_name="claimdesk", terminal_width=100).output
    )
    assert help_text.strip() in text, "docs/cli.md is stale: run docs/cli_docs.py"
    assert "Example:" in help_text
