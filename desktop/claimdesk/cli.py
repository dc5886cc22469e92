"""The ``claimdesk`` command: the window, or a sub-command without a display.

Each sub-command parses its arguments, calls ``claimdesk.core`` or
``claimdesk.formats`` and prints. ``claimdesk`` alone, or with a project
file, opens the window (imported only then, so this module never loads Qt).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import click

from claimdesk import __version__
from claimdesk.core.errors import ClaimdeskError
from claimdesk.core.store import Project

#: Options that belong to the window rather than to a sub-command.
GUI_OPTIONS = ("--smoke", "--project", "--screenshot", "--document")


class _Group(click.Group):
    """Turns every ClaimdeskError into a one-line message and exit code 1."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ClaimdeskError as exc:
            raise click.ClickException(str(exc)) from None


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(
    __version__, "--version", prog_name="claimdesk", message="%(prog)s %(version)s"
)
def cli() -> None:
    """Claimdesk: read news articles, highlight claims, tag actors and stances.

    Run without a command to open the window (on the last project, or the
    demo project the first time); give a project file to open that one.

    \b
    Example:
        claimdesk new study.claimdesk
        claimdesk import study.claimdesk articles/
        claimdesk export study.claimdesk --format json -o corpus.json
    """


def _coder_option(f: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--coder",
        metavar="NAME",
        help="Who is making this change (default: the coder in the settings).",
    )(f)


def _json_option(f: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")(f)


_PROJECT = click.argument("project", type=click.Path(dir_okay=False, path_type=Path))


def _open(path: Path, *, coder: str | None = None, readonly: bool = False) -> Project:
    return Project.open(path, coder=coder, readonly=readonly)


def _print_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


# ---------------------------------------------------------------------- new, demo, info


@cli.command()
@_PROJECT
@click.option("--name", help="The project's name (default: the file name).")
@_coder_option
def new(project: Path, name: str | None, coder: str | None) -> None:
    """Create a new, empty project file with the default codebook.

    \b
    Example:
        claimdesk new study.claimdesk --name "5G coverage 2019"
    """
    with Project.create(project, name=name, coder=coder) as created:
        click.echo(f"Created {project} ({created.info()['name']})")


@cli.command()
@_PROJECT
@_coder_option
def demo(project: Path, coder: str | None) -> None:
    """Create the demo project: sample articles with actors, claims and mentions.

    \b
    Example:
        claimdesk demo demo.claimdesk
    """
    from claimdesk.demo import build_demo_project

    with build_demo_project(project, coder=coder or "demo") as built:
        counts = built.counts()
    click.echo(
        f"Created {project}: {counts['documents']} documents, {counts['claims']} claims, "
        f"{counts['actors']} actors"
    )


@cli.command()
@_PROJECT
@_json_option
def info(project: Path, as_json: bool) -> None:
    """Show a project's name, id, schema version and what it holds.

    \b
    Example:
        claimdesk info study.claimdesk
    """
    with _open(project, readonly=True) as opened:
        data = {**opened.info(), "schema_version": opened.schema_version, **opened.counts()}
    if as_json:
        _print_json(data)
        return
    for key, value in data.items():
        click.echo(f"{key + ':':<16}{value}")


# ---------------------------------------------------------------------- import


@cli.command(name="import")
@_PROJECT
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "format_name",
    metavar="NAME",
    help="Read every file as this format "
    "(article-text, article-markdown, claimdesk-json) instead of guessing.",
)
@click.option(
    "--encoding",
    metavar="CODEC",
    help="Decode articles with this encoding (e.g. cp1252) instead of detecting it.",
)
@click.option("--strict", is_flag=True, help="Import nothing unless every file can be imported.")
@click.option("--quiet", "-q", is_flag=True, help="Print only the summary and the problems.")
@_coder_option
def import_(
    project: Path,
    paths: Sequence[Path],
    format_name: str | None,
    encoding: str | None,
    strict: bool,
    quiet: bool,
    coder: str | None,
) -> None:
    """Import articles (.txt, .md; folders recursively) or a Claimdesk JSON export.

    Exit code 0 when every file was imported or was a duplicate, 1 when
    nothing was written because of an error, 3 when some files failed and
    the rest were imported. Problems go to standard error, one line each.

    \b
    Example:
        claimdesk import study.claimdesk articles/ --encoding cp1252
        claimdesk import study.claimdesk corpus.json
    """
    from claimdesk.formats.importing import import_paths

    with _open(project, coder=coder) as opened:
        report = import_paths(opened, paths, format=format_name, encoding=encoding, strict=strict)
    if not quiet:
        for file, existing in report.duplicates:
            click.echo(f"duplicate: {file} (same text as {existing})")
    for problem in report.failed:
        click.echo(f"failed: {problem}", err=True)
    encodings = ", ".join(
        f"{n} {enc}" for enc, n in sorted(report.encodings.items()) if enc != "utf-8"
    )
    summary = report.summary() + (f" (decoded as: {encodings})" if encodings else "")
    if report.exit_code == 1:
        click.echo(f"Error: nothing imported: {summary}", err=True)
    else:
        click.echo(summary)
    sys.exit(report.exit_code)


# ---------------------------------------------------------------------- list, search


def _table(rows: list[list[str]], header: list[str]) -> None:
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    for row in [header, ["-" * w for w in widths], *rows]:
        click.echo(
            "  ".join(str(cell).ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
        )


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


@cli.command(name="list")
@_PROJECT
@_json_option
@click.option(
    "--sort",
    type=click.Choice(["id", "published", "title", "source", "claims", "characters"]),
    default="id",
    show_default=True,
    help="Order of the documents.",
)
def list_(project: Path, as_json: bool, sort: str) -> None:
    """List the documents: id, date, title, characters, claims.

    \b
    Example:
        claimdesk list study.claimdesk --sort published
    """
    with _open(project, readonly=True) as opened:
        rows = opened.document_summaries(opened.document_ids(sort=sort))
    if as_json:
        _print_json(
            [
                {
                    "id": r.id,
                    "uuid": r.uuid,
                    "published": r.published,
                    "title": r.title,
                    "source": r.source,
                    "file": r.file,
                    "characters": r.characters,
                    "claims": r.claims,
                }
                for r in rows
            ]
        )
        return
    _table(
        [
            [str(r.id), r.published or "", _clip(r.title, 60), str(r.characters), str(r.claims)]
            for r in rows
        ],
        ["id", "date", "title", "characters", "claims"],
    )


@cli.command()
@_PROJECT
@click.argument("query")
@_json_option
@click.option("--raw", is_flag=True, help="Pass the query to SQLite FTS5 as it is.")
@click.option("--limit", default=20, show_default=True, help="At most this many documents.")
def search(project: Path, query: str, as_json: bool, raw: bool, limit: int) -> None:
    """Full-text search: words, "phrases", OR, -word, prefix*; best first.

    Titles, article texts, memos, claim quotes and claim notes are searched;
    accents and case are ignored.

    \b
    Example:
        claimdesk search study.claimdesk 'Huawei 5G -Noorwegen'
    """
    with _open(project, readonly=True) as opened:
        hits = opened.search(query, raw=raw, limit=limit)
    if as_json:
        _print_json(
            [
                {
                    "id": h.document,
                    "uuid": h.uuid,
                    "published": h.published,
                    "title": h.title,
                    "snippet": h.snippet,
                    "rank": round(h.rank, 4),
                    "claims": h.claims,
                }
                for h in hits
            ]
        )
        return
    if not hits:
        click.echo("No documents found.")
    for h in hits:
        click.echo(f"{h.document}  {h.published or '':<10}  {_clip(h.title, 70)}")
        click.echo(f"    {' '.join(h.snippet.split())}")


# ---------------------------------------------------------------------- export


@cli.command()
@_PROJECT
@click.option(
    "--format",
    "format_name",
    type=click.Choice(["json", "jsonl"]),
    default="json",
    show_default=True,
    help="JSON (one object) or JSON Lines (header, then a document a line).",
)
@click.option(
    "-o",
    "--output",
    required=True,
    metavar="FILE",
    help="Where to write ('-' for standard output).",
)
def export(project: Path, format_name: str, output: str) -> None:
    """Export the annotated corpus: documents, codebook, actors, claims, mentions.

    The JSON format and its schema are described in docs/json-format.md.

    \b
    Example:
        claimdesk export study.claimdesk --format jsonl -o corpus.jsonl
    """
    from claimdesk.formats.corpus_json import export_corpus

    with _open(project, readonly=True) as opened:
        result = export_corpus(opened, output, lines=format_name == "jsonl")
    message = (
        f"Exported {result.documents} documents, {result.claims} claims, "
        f"{result.mentions} mentions to {output}"
    )
    click.echo(message, err=output == "-")


# ---------------------------------------------------------------------- check, undo, redo


@cli.command()
@_PROJECT
def check(project: Path) -> None:
    """Check the file's integrity and that every span's quote still matches its text.

    Exit code 0 when all is well, 1 with the problems listed otherwise.

    \b
    Example:
        claimdesk check study.claimdesk
    """
    with _open(project) as opened:
        problems = opened.check()
        counts = opened.counts()
    if problems:
        for problem in problems:
            click.echo(problem)
        raise click.ClickException(f"{len(problems)} problems found in {project}")
    click.echo(
        f"ok: {counts['documents']} documents, {counts['claims']} claims, "
        f"{counts['mentions']} mentions checked"
    )


def _replay(project: Path, coder: str | None, undo: bool) -> None:
    with _open(project, coder=coder) as opened:
        changes = opened.undo() if undo else opened.redo()
    click.echo(f"{changes.name} ({changes.count} records)")


@cli.command()
@_PROJECT
@_coder_option
def undo(project: Path, coder: str | None) -> None:
    """Undo the last change made to the project (from the window or the command line).

    \b
    Example:
        claimdesk undo study.claimdesk
    """
    _replay(project, coder, undo=True)


@cli.command()
@_PROJECT
@_coder_option
def redo(project: Path, coder: str | None) -> None:
    """Redo the change undone last.

    \b
    Example:
        claimdesk redo study.claimdesk
    """
    _replay(project, coder, undo=False)


# ---------------------------------------------------------------------- entry point


def wants_window(argv: Sequence[str]) -> bool:
    """True when the arguments ask for the window rather than a sub-command."""
    if not argv:
        return True
    first = argv[0]
    if first in cli.commands or first in ("-h", "--help", "--version"):
        return False
    if first.startswith(GUI_OPTIONS):
        return True
    return not first.startswith("-") and (first.endswith(".claimdesk") or Path(first).is_file())


def main(argv: Sequence[str] | None = None) -> None:
    """Entry point of the ``claimdesk`` command."""
    args = list(sys.argv[1:] if argv is None else argv)
    if wants_window(args):
        from claimdesk.ui.app import main as window_main

        sys.exit(window_main(args))
    cli.main(args=args, prog_name="claimdesk")
