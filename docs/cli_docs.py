"""Write docs/cli.md: every command run for real on the demo articles, then each --help.

    .venv/bin/python docs/cli_docs.py

tests/test_docs.py fails when a command or its --help text is missing from docs/cli.md.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

EXAMPLES = [
    ("Create a project", "claimdesk new study.claimdesk --name '5G coverage'"),
    ("Import a folder of articles", "claimdesk import study.claimdesk articles/"),
    (
        "Importing the same files again finds duplicates",
        "claimdesk import study.claimdesk articles/000_976797ab8663bd03.txt",
    ),
    (
        "A file that is not text is refused (exit code 1: nothing written)",
        "claimdesk import study.claimdesk broken.txt",
    ),
    (
        "Import a table with one article per row, saying which column holds what",
        "claimdesk new tables.claimdesk && claimdesk import tables.claimdesk articles.csv "
        "--map text=body,date=published,source=paper",
    ),
    ("List the documents", "claimdesk list study.claimdesk --sort published"),
    ("Search", "claimdesk search study.claimdesk 'Huawei-apparatuur OR ZTE -Noorwegen'"),
    (
        "Search, as JSON",
        "claimdesk search study.claimdesk '\"gelijkgestemde landen\"' --json --limit 1",
    ),
    (
        "The demo project: the articles with sample actors and claims",
        "claimdesk demo demo.claimdesk",
    ),
    ("Export the annotated corpus", "claimdesk export demo.claimdesk --format json -o corpus.json"),
    ("Export as JSON Lines", "claimdesk export demo.claimdesk --format jsonl -o corpus.jsonl"),
    (
        "The claims as a table for Excel in a Dutch locale (docs/exports.md)",
        "LANG=nl_NL.UTF-8 claimdesk export demo.claimdesk --format csv --table claims --excel "
        "-o claims.csv && head -c 160 claims.csv",
    ),
    (
        "A congruence network of the last months of 2019, for Gephi",
        "claimdesk export demo.claimdesk --format graphml --network congruence "
        "--from 2019-10 --to 2019-12 -o congruence.graphml",
    ),
    (
        "A REFI-QDA project for NVivo, ATLAS.ti or MAXQDA, and back into a new project",
        "claimdesk export demo.claimdesk --format qdpx -o demo.qdpx && "
        "claimdesk new back.claimdesk && claimdesk import back.claimdesk demo.qdpx",
    ),
    ("Project facts", "claimdesk info demo.claimdesk"),
    (
        "Bring an export back into a new project",
        "claimdesk new copy.claimdesk && claimdesk import copy.claimdesk corpus.json",
    ),
    (
        "The actors, most used first (docs/coding-aids.md)",
        "claimdesk actors list demo.claimdesk --sort claims",
    ),
    (
        "Search the actors and the project memo too",
        "claimdesk search demo.claimdesk fabrikant --notes --limit 1",
    ),
    (
        "Merge actors: claims, mentions and aliases move to the first",
        "claimdesk actors merge demo.claimdesk 'Verenigde Staten' Trump",
    ),
    (
        "Deleting an actor that claims use needs a decision about them",
        "claimdesk actors delete demo.claimdesk Huawei",
    ),
    (
        "Give its claims to another actor",
        "claimdesk actors delete demo.claimdesk Huawei --reassign-to KPN",
    ),
    (
        "Tag every mention of an actor in the corpus",
        "claimdesk actors tag-mentions demo.claimdesk AIVD",
    ),
    (
        "Share the codebook: export it, then bring it into another project",
        "claimdesk codebook export demo.claimdesk scheme.json && claimdesk codebook export "
        "demo.claimdesk scheme.qdc && claimdesk codebook import copy.claimdesk scheme.qdc --dry-run",
    ),
    ("Check the project file", "claimdesk check demo.claimdesk"),
    (
        "Back up a project now (Claimdesk also does so once a day and before an upgrade), "
        "and list its backups (docs/safety.md)",
        "claimdesk backup demo.claimdesk && claimdesk backups demo.claimdesk",
    ),
    ("Undo the last change (here: the import of the folder)", "claimdesk undo study.claimdesk"),
    ("Redo it", "claimdesk redo study.claimdesk"),
    (
        "Assign documents: a reliability sample for every coder, the rest split (docs/teams.md)",
        "claimdesk assign demo.claimdesk --coders anna,ben --reliability 30% --seed 7",
    ),
    ("Each coder's progress", "claimdesk progress demo.claimdesk"),
    (
        "Preview a merge: the demo's export into the project of the same articles",
        "claimdesk merge study.claimdesk corpus.json --dry-run",
    ),
]


def run(command: str, cwd: Path, env: dict[str, str]) -> str:
    result = subprocess.run(command, shell=True, cwd=cwd, env=env, capture_output=True, text=True)
    out = result.stdout + result.stderr
    if result.returncode:
        out += f"[exit code {result.returncode}]\n"
    return out


def main() -> int:
    work = Path(tempfile.mkdtemp(prefix="claimdesk-cli-docs-"))
    shutil.copytree(
        ROOT / "seeds", work / "articles", ignore=shutil.ignore_patterns("*.json", "*.md")
    )
    (work / "broken.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (work / "articles.csv").write_text(
        "headline,body,published,paper,section\n"
        "Kabinet twijfelt over Huawei,Het kabinet twijfelt nog over de rol van Huawei.,"
        "2020-02-12,NRC,Binnenland\n"
        "Operators count the cost,Mobile operators expect billions in extra costs.,"
        "1 March 2020,Financial Times,Companies\n",
        encoding="utf-8",
    )
    bindir = Path(sys.executable).parent
    env = {
        **os.environ,
        "PATH": f"{bindir}{os.pathsep}{os.environ['PATH']}",
        "CLAIMDESK_CONFIG_DIR": str(work / "config"),
        "CLAIMDESK_DATA_DIR": str(work / "data"),
        "COLUMNS": "100",
    }
    (work / "config").mkdir()
    (work / "config" / "settings.json").write_text('{"coder": "anna", "coder_confirmed": true}')
    parts = [
        "# The `claimdesk` command\n",
        "Every sub-command works without a display. `claimdesk` alone (or with a project file) opens the window.\n"
        "Each command exits 0 on success and non-zero with a one-line message on standard error on failure;\n"
        "`import` exits 0 when every file was imported or was a duplicate, 1 when nothing was written because\n"
        "of an error, and 3 when some files failed and the rest were imported. Every command that writes\n"
        "accepts `--coder NAME` (default: the coder in the settings, shared with the window).\n",
        "This page is generated by `docs/cli_docs.py`, which runs each command for real on the demo articles.\n",
        "## Examples\n",
    ]
    for title, command in EXAMPLES:
        output = run(command, work, env)
        parts.append(f"### {title}\n\n```console\n$ {command}\n{output.rstrip()}\n```\n")
    parts.append("## Reference\n")
    import click
    from click.testing import CliRunner

    from claimdesk.cli import cli

    names = [""]
    for name in sorted(cli.commands):
        names.append(name)
        command = cli.commands[name]
        if isinstance(command, click.Group):  # `claimdesk actors list` and the like
            names += [f"{name} {sub}" for sub in sorted(command.commands)]
    for name in names:
        args = [*name.split(), "--help"] if name else ["--help"]
        output = CliRunner().invoke(cli, args, prog_name="claimdesk", terminal_width=100).output
        title = f"`claimdesk {name}`" if name else "`claimdesk`"
        parts.append(f"### {title}\n\n```text\n{output.rstrip()}\n```\n")
    (HERE / "cli.md").write_text("\n".join(parts), encoding="utf-8")
    shutil.rmtree(work)
    print(f"wrote {HERE / 'cli.md'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
