"""The ``claimdesk`` command: the window, or a sub-command without a display.

Each sub-command parses its arguments, calls ``claimdesk.core`` or
``claimdesk.formats`` and prints. ``claimdesk`` alone, or with a project
file, opens the window (imported only then, so this module never loads Qt).
"""

from __future__ import annotations

import json
import os
import sqlite3
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import click

from claimdesk import __version__
from claimdesk.core.errors import ClaimdeskError, ProjectLocked, ProjectTooOld
from claimdesk.core.store import Project
from claimdesk.launch import GUI_OPTIONS, arguments


class _Group(click.Group):
    """Turns every ClaimdeskError into a one-line message and exit code 1.

    So do the operating system's and SQLite's own errors (a full disk, a
    damaged file): the user gets one line naming the file, never a traceback.
    """

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ClaimdeskError as exc:
            raise click.ClickException(str(exc)) from None
        except (OSError, sqlite3.Error) as exc:
            if isinstance(exc, BrokenPipeError):  # output piped into `head`: click handles it
                raise
            from claimdesk.core.store._files import storage_error

            where = Path(
                getattr(exc, "filename", None) or (_opened[-1] if _opened else "claimdesk")
            )
            raise click.ClickException(str(storage_error(exc, where))) from None


#: The project files this run opened, for naming the file in an unexpected error.
_opened: list[Path] = []


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
    _opened.append(Path(path))
    try:
        project = Project.open(path, coder=coder, readonly=readonly)
    except ProjectTooOld:
        if not (os.access(path, os.W_OK) and os.access(Path(path).parent, os.W_OK)):
            raise
        # A reading command on an older project the user may write: upgrade it (backed up
        # like every migration), then read it.
        Project.open(path, coder=coder).close()
        click.echo(f"Upgraded {path} to this version's format (a backup is in backups/)", err=True)
        project = Project.open(path, coder=coder, readonly=readonly)
    _warn(project)
    return project


def _warn(project: Project) -> None:
    """What the user should know about the project file (a synced folder, a failed backup)."""
    for warning in project.warnings:
        click.echo(f"Warning: {warning}", err=True)


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
        _warn(created)
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
    help="Read every file as this format (article-text, article-markdown, word, odt, rtf, "
    "pdf, web-page, table-csv, table-xlsx, table-jsonl, nexis, factiva, claimdesk-json, qdpx, dna) "
    "instead of guessing from content.",
)
@click.option(
    "--encoding",
    metavar="CODEC",
    help="Decode articles with this encoding (e.g. cp1252) instead of detecting it.",
)
@click.option(
    "--map",
    "mapping",
    metavar="FIELD=COLUMN,...",
    help="For tables (.csv, .xlsx, .jsonl): which column holds the text, title, date, "
    "source, url, language; meta=COLUMN keeps only the columns named as metadata "
    "(default: every other column). Remembered in the project.",
)
@click.option("--strict", is_flag=True, help="Import nothing unless every file can be imported.")
@click.option("--quiet", "-q", is_flag=True, help="Print only the summary and the problems.")
@_coder_option
def import_(
    project: Path,
    paths: Sequence[Path],
    format_name: str | None,
    encoding: str | None,
    mapping: str | None,
    strict: bool,
    quiet: bool,
    coder: str | None,
) -> None:
    """Import articles, folders of them (recursively) or a Claimdesk JSON export.

    Reads plain text and Markdown, Word (.docx), OpenDocument (.odt), RTF,
    PDF with a text layer, saved web pages (.html), tables with one article
    per row (.csv, .xlsx, .jsonl), and LexisNexis, Nexis Uni and Factiva
    batches, which are split into one document per article. The format is
    told from each file's content (see docs/importing.md).

    Whole projects come in too: REFI-QDA projects (.qdpx) from NVivo,
    ATLAS.ti, MAXQDA or QualCoder, and Discourse Network Analyzer projects
    (.dna); what cannot be placed is reported (see docs/exports.md).

    Exit code 0 when every file was imported or was a duplicate, 1 when
    nothing was written because of an error, 3 when some files failed and
    the rest were imported. Problems go to standard error, one line each.

    \b
    Example:
        claimdesk import study.claimdesk articles/ --encoding cp1252
        claimdesk import study.claimdesk nexis-batch.docx factiva.rtf page.html
        claimdesk import study.claimdesk articles.csv --map text=body,date=published
        claimdesk import study.claimdesk corpus.json
        claimdesk import study.claimdesk nvivo-export.qdpx dna-project.dna
    """
    from claimdesk.formats.importing import import_paths
    from claimdesk.formats.table_rows import parse_mapping

    columns = parse_mapping(mapping) if mapping else None
    with _open(project, coder=coder) as opened:
        report = import_paths(
            opened, paths, format=format_name, encoding=encoding, strict=strict, mapping=columns
        )
    if not quiet:
        for file, existing in report.duplicates:
            click.echo(f"duplicate: {file} (same text as {existing})")
        for note in report.notes:
            click.echo(f"note: {note}")
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


def _printable(text: str) -> str:
    """Text from a project or a file made safe for a terminal: control characters (which could
    move the cursor, ring the bell or change the terminal's title) and direction overrides
    (which could disguise the order of a line) are shown as symbols instead of acted on."""
    if text.isprintable():
        return text
    return text.translate(_UNPRINTABLE)


_UNPRINTABLE = {
    **{c: 0x2400 + c for c in range(0x20)},
    0x7F: 0x2421,
    **{c: 0xFFFD for c in range(0x80, 0xA0)},
    **{c: 0xFFFD for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))},
}


def _table(rows: list[list[str]], header: list[str]) -> None:
    rows = [[_printable(str(cell)) for cell in row] for row in rows]
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    for row in [header, ["-" * w for w in widths], *rows]:
        click.echo(
            "  ".join(str(cell).ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
        )


def _clip(text: str, width: int) -> str:
    text = _printable(text)
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


@cli.command(context_settings={"ignore_unknown_options": True})  # a query may start with "-"
@_PROJECT
@click.argument("query")
@_json_option
@click.option("--raw", is_flag=True, help="Pass the query to SQLite FTS5 as it is.")
@click.option("--limit", default=20, show_default=True, help="At most this many documents.")
@click.option(
    "--notes",
    is_flag=True,
    help="Also search the actors (names, aliases, notes) and the project memo.",
)
def search(project: Path, query: str, as_json: bool, raw: bool, limit: int, notes: bool) -> None:
    """Full-text search: words, "phrases", OR, -word, prefix*; best first.

    Titles, article texts, memos, claim quotes and claim notes are searched;
    accents and case are ignored. With --notes, actors and the project memo too.

    \b
    Example:
        claimdesk search study.claimdesk 'Huawei 5G -Noorwegen'
        claimdesk search study.claimdesk spionage --notes
    """
    with _open(project, readonly=True) as opened:
        hits = opened.search(query, raw=raw, limit=limit, notes=notes)
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
                | ({"kind": h.kind, "actor": h.actor} if notes else {})
                for h in hits
            ]
        )
        return
    if not hits:
        click.echo("No documents found.")
    for h in hits:
        if h.kind == "actor":
            click.echo(f"actor {h.actor}  {_clip(h.title, 70)}")
        elif h.kind == "project":
            click.echo(f"project memo  {_clip(h.title, 70)}")
        else:
            click.echo(f"{h.document}  {h.published or '':<10}  {_clip(h.title, 70)}")
        click.echo(f"    {_printable(' '.join(h.snippet.split()))}")


# ---------------------------------------------------------------------- export


@cli.command()
@_PROJECT
@click.option(
    "--format",
    "format_name",
    type=click.Choice(
        ["json", "jsonl", "csv", "xlsx", "webanno", "qdpx", "graphml", "edges", "html"]
    ),
    default="json",
    show_default=True,
    help="json/jsonl: the whole corpus; csv/xlsx: flat tables; webanno: W3C Web Annotation "
    "JSON-LD; qdpx: REFI-QDA for NVivo, ATLAS.ti, MAXQDA; graphml/edges: networks; "
    "html: annotated-article report.",
)
@click.option(
    "-o",
    "--output",
    required=True,
    metavar="FILE",
    help="Where to write ('-' for standard output, json and jsonl only).",
)
@click.option(
    "--table",
    type=click.Choice(["claims", "mentions", "actors", "documents"]),
    default="claims",
    show_default=True,
    help="csv: which table.",
)
@click.option(
    "--excel",
    is_flag=True,
    help="csv: for Excel: a byte-order mark, the locale's separator (';' in Dutch) and decimal mark.",
)
@click.option("--delimiter", metavar="CHAR", help="csv: the field separator (default ',').")
@click.option(
    "--network",
    type=click.Choice(["twomode", "congruence", "conflict", "subtract"]),
    default="twomode",
    show_default=True,
    help="graphml/edges: actor x issue, or actors linked by same/opposite stances on an issue.",
)
@click.option(
    "--qualifier",
    type=click.Choice(["ignore", "subtract", "combine"]),
    default="ignore",
    show_default=True,
    help="graphml/edges with twomode: edge weight = claims, agree minus disagree, or 1/2/3 "
    "(agree/disagree/both), as in DNA.",
)
@click.option("--from", "date_from", metavar="DATE", help="Only documents published from DATE.")
@click.option("--to", "date_to", metavar="DATE", help="Only documents published up to DATE.")
@click.option("--only-coder", metavar="NAME", help="Only the claims and mentions of this coder.")
@click.option(
    "--documents",
    metavar="IDS",
    help="Only these documents: ids, uuids or file names, separated by commas.",
)
def export(
    project: Path,
    format_name: str,
    output: str,
    table: str,
    excel: bool,
    delimiter: str | None,
    network: str,
    qualifier: str,
    date_from: str | None,
    date_to: str | None,
    only_coder: str | None,
    documents: str | None,
) -> None:
    """Export the annotated corpus, a table, a network or a report.

    The whole project, or a scope: chosen documents, one coder's work, a
    range of publication dates. Each format, what it carries and how to read
    it (pandas, R, networkx) is described in docs/exports.md; the JSON format
    and its schema in docs/json-format.md.

    \b
    Example:
        claimdesk export study.claimdesk --format jsonl -o corpus.jsonl
        claimdesk export study.claimdesk --format csv --table claims --excel -o claims.csv
        claimdesk export study.claimdesk --format graphml --network congruence --from 2019 -o net.graphml
        claimdesk export study.claimdesk --format html --documents 1,2 -o report.html
    """
    from claimdesk.formats.exporting import ExportOptions
    from claimdesk.formats.exporting import export as run_export
    from claimdesk.formats.scope import Scope

    options = ExportOptions(
        format=format_name,
        table=table,
        excel=excel,
        delimiter=delimiter,
        network=network,
        qualifier=qualifier,
    )
    with _open(project, readonly=True) as opened:
        ids = None
        if documents:
            ids = [opened.document_id(ref.strip()) for ref in documents.split(",") if ref.strip()]
        scope = Scope.of(documents=ids, coder=only_coder, date_from=date_from, date_to=date_to)
        result = run_export(opened, output, options, scope=scope)
    click.echo(result.summary(), err=output == "-")


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
    try:
        opened = _open(project)
    except ProjectLocked:  # in use in the window: check what it has saved, read-only
        opened = _open(project, readonly=True)
    with opened:
        problems = opened.check()
        counts = opened.counts()
        orphans = len(opened.orphans())
    if problems:
        for problem in problems:
            click.echo(problem)
        raise click.ClickException(f"{len(problems)} problems found in {project}")
    click.echo(
        f"ok: {counts['documents']} documents, {counts['claims']} claims, "
        f"{counts['mentions']} mentions checked"
    )
    if orphans:
        click.echo(
            f"note: {orphans} claims or mentions lost their place when a text changed and wait "
            f"to be re-attached or deleted (claimdesk orphans {project})"
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
    args = arguments(argv)
    if wants_window(args):
        from claimdesk.ui.app import main as window_main

        sys.exit(window_main(args))
    cli.main(args=args, prog_name="claimdesk")


# These register their commands on ``cli``: the team commands (assign, progress, merge,
# agreement), the coding-scheme commands (actors, codebook) and the safety commands
# (backup, backups, restore, orphans, versions).
from claimdesk import cli_coding, cli_safety, cli_team  # noqa: E402, F401
