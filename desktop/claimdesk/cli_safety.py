"""The safety commands of ``claimdesk``: backup, backups, restore, orphans, versions.

They register themselves on the ``claimdesk`` command group when
:mod:`claimdesk.cli` is imported, and follow its rules: parse, call the
core, print; errors are one line on standard error with exit code 1.
"""

from __future__ import annotations

from pathlib import Path

import click

from claimdesk.cli import _PROJECT, _clip, _json_option, _open, _print_json, _table, cli
from claimdesk.core import backups as _backups


def _backup_row(number: int, backup: _backups.Backup) -> dict[str, object]:
    return {
        "number": number,
        "created": backup.created.isoformat(timespec="seconds").replace("+00:00", "Z"),
        "kind": backup.kind,
        "size": backup.size,
        "version": backup.version,
        "path": str(backup.path),
    }


@cli.command()
@_PROJECT
def backup(project: Path) -> None:
    """Back up the project now, check the copy, and keep the newest backups.

    The copy goes to the backups/ folder beside the project (or to the
    user's data folder when that cannot be written) and is checked by
    opening it. It is consistent also while the project is open elsewhere. Claimdesk also backs up by itself: once a day when a project
    opens, and before a new version upgrades the file. The project setting
    backups_keep (default 10) says how many daily and manual backups stay.

    \b
    Example:
        claimdesk backup study.claimdesk
    """
    with _open(project, readonly=True) as opened:  # a consistent copy, also while in use
        made = _backups.make_backup(opened)
    click.echo(f"Backed up to {made.path} ({_backups.human_size(made.size)}, checked: ok)")


@cli.command()
@_PROJECT
@_json_option
def backups(project: Path, as_json: bool) -> None:
    """List the backups of a project, newest first, numbered for `claimdesk restore`.

    \b
    Example:
        claimdesk backups study.claimdesk
    """
    found = _backups.list_backups(project)
    if as_json:
        _print_json([_backup_row(n, b) for n, b in enumerate(found, start=1)])
        return
    if not found:
        click.echo(f"No backups of {project} yet (make one with: claimdesk backup {project}).")
        return
    _table(
        [
            [
                str(n),
                b.created.astimezone().strftime("%Y-%m-%d %H:%M"),
                b.kind + (f" (from v{b.version})" if b.version is not None else ""),
                _backups.human_size(b.size),
                _clip(b.path.name, 60),
            ]
            for n, b in enumerate(found, start=1)
        ],
        ["#", "made", "kind", "size", "file"],
    )


@cli.command()
@_PROJECT
@click.argument("backup_ref", metavar="BACKUP")
def restore(project: Path, backup_ref: str) -> None:
    """Make the project what a backup holds; the current state is backed up first.

    BACKUP is a number from `claimdesk backups` (1 is the newest), a backup's
    file name, or the path of any copy of the project. The backup is checked
    before anything changes, and the project must not be open anywhere.

    \b
    Example:
        claimdesk restore study.claimdesk 2
    """
    source = _backups.find_backup(project, backup_ref)
    result = _backups.restore_backup(project, source)
    before = result.previous.path.name if result.previous else "nothing"
    click.echo(f"Restored {project} from {source.name}; the state before is kept as {before}")


@cli.command()
@_PROJECT
@_json_option
def orphans(project: Path, as_json: bool) -> None:
    """List claims and mentions that lost their place when a document's text changed.

    They are kept, with their old quote, until a coder re-attaches them to
    the text in the window (Code → Orphaned Claims) or deletes them.

    \b
    Example:
        claimdesk orphans study.claimdesk
    """
    with _open(project, readonly=True) as opened:
        found = opened.orphans()
    if as_json:
        _print_json(
            [
                {
                    "kind": o.kind,
                    "id": o.id,
                    "uuid": o.uuid,
                    "document": o.document,
                    "quote": o.quote,
                    "since": o.since,
                }
                for o in found
            ]
        )
        return
    if not found:
        click.echo("No orphans: every claim and mention has its place in the text.")
        return
    _table(
        [
            [o.kind, str(o.id), str(o.document), o.since[:16].replace("T", " "), _clip(o.quote, 60)]
            for o in found
        ],
        ["kind", "id", "document", "since", "quote"],
    )


@cli.command()
@_PROJECT
@click.argument("document")
@click.option("--show", "show", type=int, metavar="N", help="Print the text of version N.")
def versions(project: Path, document: str, show: int | None) -> None:
    """List the earlier texts of a document (edited, or re-imported with new text).

    DOCUMENT is an id, a uuid or a file name, as `claimdesk list` shows them.

    \b
    Example:
        claimdesk versions study.claimdesk 000_976797ab8663bd03.txt
        claimdesk versions study.claimdesk 3 --show 1
    """
    with _open(project, readonly=True) as opened:
        document_id = opened.document_id(document)
        found = opened.document_versions(document_id)
        if show is not None:
            chosen = next((v for v in found if v.number == show), None)
            if chosen is None:
                raise click.ClickException(
                    f"document {document_id} has no version {show} ({len(found)} versions)"
                )
            click.echo(opened.document_version_text(chosen.id), nl=False)
            return
    if not found:
        click.echo(f"Document {document_id} has had one text only.")
        return
    _table(
        [
            [
                str(v.number),
                v.replaced[:16].replace("T", " "),
                v.reason,
                str(v.characters),
                _clip(v.title, 50),
            ]
            for v in found
        ],
        ["version", "replaced", "why", "characters", "title"],
    )
