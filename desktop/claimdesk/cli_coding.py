"""The coding-scheme commands of ``claimdesk``: ``actors ...`` and ``codebook ...``.

They register themselves on the ``claimdesk`` command group when
:mod:`claimdesk.cli` is imported, and follow its rules: parse, call the
core or the formats, print; errors are one line on standard error.
"""

from __future__ import annotations

from pathlib import Path

import click

from claimdesk.cli import (
    _PROJECT,
    _clip,
    _coder_option,
    _json_option,
    _open,
    _print_json,
    _table,
    cli,
)
from claimdesk.core.errors import ClaimdeskError, NotFound
from claimdesk.core.model import Actor
from claimdesk.core.store import Project


def _actor(project: Project, ref: str) -> Actor:
    """An actor by id, name or alias."""
    ref = ref.strip()
    if ref.isdigit():
        try:
            actor = project.actor(int(ref))
        except NotFound:
            actor = None
        if actor is not None and not project.in_trash("actors", int(ref)):
            return actor
    found = project.find_actor(ref)
    if found is None:
        raise ClaimdeskError(f"no actor called {ref!r} (see `claimdesk actors list`)")
    return found


def _parent(project: Project, ref: str | None) -> int | None:
    if ref is None or not ref.strip():
        return None
    found = _actor(project, ref).id
    return found


# ---------------------------------------------------------------------- actors


@cli.group()
def actors() -> None:
    """List, add, edit, merge and delete actors; tag their mentions in the corpus.

    Actors are found by id, name or alias. Each change is one undo step
    (`claimdesk undo` takes it back).

    \b
    Example:
        claimdesk actors list study.claimdesk --sort claims
        claimdesk actors add study.claimdesk "Verenigde Staten" --type government --alias "de VS" --alias VS
        claimdesk actors merge study.claimdesk "Verenigde Staten" Amerika "the US"
        claimdesk actors delete study.claimdesk Amerika --reassign-to "Verenigde Staten"
    """


@actors.command(name="list")
@_PROJECT
@_json_option
@click.option(
    "--sort",
    type=click.Choice(["name", "type", "claims", "mentions"]),
    default="name",
    show_default=True,
    help="Order of the actors (claims and mentions: most used first).",
)
@click.option(
    "--filter", "filter_text", metavar="TEXT", help="Only actors whose name or alias has TEXT."
)
def actors_list(project: Path, as_json: bool, sort: str, filter_text: str | None) -> None:
    """List the actors: type, aliases, parent, and how many claims and mentions use them.

    \b
    Example:
        claimdesk actors list study.claimdesk --sort claims --filter trump
    """
    with _open(project, readonly=True) as opened:
        found = opened.actors()
        usage = opened.actor_usage()
    names = {a.id: a.name for a in found}
    if filter_text:
        wanted = filter_text.casefold()
        found = [a for a in found if any(wanted in n.casefold() for n in a.names())]
    if sort == "type":
        found.sort(key=lambda a: (a.type.casefold(), a.name.casefold()))
    elif sort in ("claims", "mentions"):
        found.sort(key=lambda a: (-getattr(usage[a.id], sort), a.name.casefold()))
    if as_json:
        _print_json(
            [
                {
                    "id": a.id,
                    "uuid": a.uuid,
                    "name": a.name,
                    "type": a.type,
                    "aliases": a.aliases,
                    "parent": names.get(a.parent),
                    "color": a.color,
                    "notes": a.notes,
                    "claims": usage[a.id].claims,
                    "targeted": usage[a.id].targeted,
                    "addressed": usage[a.id].addressed,
                    "mentions": usage[a.id].mentions,
                }
                for a in found
            ]
        )
        return
    if not found:
        click.echo("No actors.")
        return
    _table(
        [
            [
                str(a.id),
                _clip(a.name, 30),
                a.type,
                _clip("; ".join(a.aliases), 40),
                _clip(names.get(a.parent, ""), 20),
                str(usage[a.id].claims),
                str(usage[a.id].mentions),
            ]
            for a in found
        ],
        ["id", "name", "type", "aliases", "parent", "claims", "mentions"],
    )


def _aliases(values: tuple[str, ...]) -> list[str]:
    return [v.strip() for v in values if v.strip()]


@actors.command(name="add")
@_PROJECT
@click.argument("name")
@click.option(
    "--type", "type_", metavar="TYPE", default="other", show_default=True, help="Actor type."
)
@click.option("--alias", "aliases", metavar="NAME", multiple=True, help="Another name (repeat).")
@click.option(
    "--parent", metavar="ACTOR", help="The actor it belongs to (a minister's government)."
)
@click.option("--color", metavar="#RRGGBB", default="", help="Its colour in the window.")
@click.option("--notes", default="", help="Notes (Markdown).")
@_coder_option
def actors_add(
    project: Path,
    name: str,
    type_: str,
    aliases: tuple[str, ...],
    parent: str | None,
    color: str,
    notes: str,
    coder: str | None,
) -> None:
    """Add an actor.

    \b
    Example:
        claimdesk actors add study.claimdesk "Donald Trump" --type person --alias Trump --parent "Verenigde Staten"
    """
    with _open(project, coder=coder) as opened:
        if opened.find_actor(name) is not None:
            raise ClaimdeskError(f"there is already an actor called {name!r}")
        with opened.write("Add Actor") as step:
            if type_ not in opened.codebook().actor_types:
                opened.add_actor_type(type_)
            changes = opened.add_actor(
                name,
                type=type_,
                aliases=_aliases(aliases),
                parent=_parent(opened, parent),
                color=color,
                notes=notes,
            )
            step.changes.id = changes.id
    click.echo(f"Added actor {changes.id}: {name.strip()}")


@actors.command(name="edit")
@_PROJECT
@click.argument("actor")
@click.option("--name", metavar="NAME", help="A new name.")
@click.option("--type", "type_", metavar="TYPE", help="Another type.")
@click.option("--alias", "aliases", metavar="NAME", multiple=True, help="Add an alias (repeat).")
@click.option(
    "--remove-alias", "removed", metavar="NAME", multiple=True, help="Remove an alias (repeat)."
)
@click.option("--parent", metavar="ACTOR", help="Another parent ('' for none).")
@click.option("--color", metavar="#RRGGBB", help="Another colour ('' for the default).")
@click.option("--notes", help="New notes (Markdown; replaces the old ones).")
@_coder_option
def actors_edit(
    project: Path,
    actor: str,
    name: str | None,
    type_: str | None,
    aliases: tuple[str, ...],
    removed: tuple[str, ...],
    parent: str | None,
    color: str | None,
    notes: str | None,
    coder: str | None,
) -> None:
    """Change an actor's name, type, aliases, parent, colour or notes.

    \b
    Example:
        claimdesk actors edit study.claimdesk Trump --alias "president Trump" --notes "45th president"
    """
    with _open(project, coder=coder) as opened:
        found = _actor(opened, actor)
        fields: dict[str, object] = {}
        if name is not None:
            fields["name"] = name
        if type_ is not None:
            fields["type"] = type_.strip()
        if aliases or removed:
            gone = {r.strip().casefold() for r in removed}
            kept = [a for a in found.aliases if a.casefold() not in gone]
            fields["aliases"] = kept + [a for a in _aliases(aliases) if a not in kept]
        if parent is not None:
            fields["parent"] = _parent(opened, parent)
        if color is not None:
            fields["color"] = color
        if notes is not None:
            fields["notes"] = notes
        if not fields:
            raise ClaimdeskError("nothing to change: give --name, --type, --alias, --parent ...")
        assert found.id is not None
        with opened.write("Edit Actor"):
            if type_ and type_.strip() not in opened.codebook().actor_types:
                opened.add_actor_type(type_.strip())
            opened.update_actor(found.id, **fields)  # type: ignore[arg-type]
        shown = opened.actor(found.id)
    click.echo(
        f"Edited actor {shown.id}: {shown.name} ({shown.type}; aliases: {'; '.join(shown.aliases) or 'none'})"
    )


@actors.command(name="merge")
@_PROJECT
@click.argument("into")
@click.argument("others", nargs=-1, required=True)
@_coder_option
def actors_merge(project: Path, into: str, others: tuple[str, ...], coder: str | None) -> None:
    """Merge actors into the first one: their claims, mentions and aliases move over.

    The others go to the trash; `claimdesk undo` takes the whole merge back.

    \b
    Example:
        claimdesk actors merge study.claimdesk "Verenigde Staten" Amerika "the US"
    """
    with _open(project, coder=coder) as opened:
        target = _actor(opened, into)
        ids = [_actor(opened, ref).id for ref in others]
        before = opened.actor_usage()
        assert target.id is not None
        moved_claims = sum(
            before[i].claims + before[i].targeted + before[i].addressed for i in ids if i
        )
        moved_mentions = sum(before[i].mentions for i in ids if i)
        changes = opened.merge_actors(into=target.id, actors=[i for i in ids if i is not None])
    click.echo(
        f"{changes.name}: {_n(len(ids), 'actor')} merged; {_n(moved_claims, 'claim reference')} "
        f"and {_n(moved_mentions, 'mention')} moved"
    )


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")


@actors.command(name="delete")
@_PROJECT
@click.argument("actor")
@click.option("--reassign-to", metavar="ACTOR", help="Give its claims and mentions to this actor.")
@click.option(
    "--clear", is_flag=True, help="Remove it from its claims; its mentions go to the trash."
)
@_coder_option
def actors_delete(
    project: Path, actor: str, reassign_to: str | None, clear: bool, coder: str | None
) -> None:
    """Move an actor to the trash; one still in use needs --reassign-to or --clear.

    \b
    Example:
        claimdesk actors delete study.claimdesk Amerika --reassign-to "Verenigde Staten"
        claimdesk actors delete study.claimdesk "the Commission" --clear
    """
    if reassign_to and clear:
        raise ClaimdeskError("give --reassign-to or --clear, not both")
    with _open(project, coder=coder) as opened:
        found = _actor(opened, actor)
        assert found.id is not None
        usage = opened.actor_usage()[found.id]
        if usage.in_use and not (reassign_to or clear):
            raise ClaimdeskError(
                f"{found.name} is {usage.describe()}; say what happens to them with "
                "--reassign-to ACTOR or --clear"
            )
        if reassign_to:
            other = _actor(opened, reassign_to)
            changes = opened.delete_actors([found.id], claims="reassign", reassign_to=other.id)
            what = f"; its claims and mentions now belong to {other.name}"
        elif clear:
            changes = opened.delete_actors([found.id], claims="clear")
            what = "; it was removed from its claims"
        else:
            changes = opened.delete_actors([found.id])
            what = ""
    click.echo(f"{changes.name}: {found.name} moved to the trash{what}")


@actors.command(name="tag-mentions")
@_PROJECT
@click.argument("actor")
@_coder_option
def actors_tag_mentions(project: Path, actor: str, coder: str | None) -> None:
    """Tag every occurrence of an actor's name and aliases in the corpus as a mention.

    Words are matched whole, ignoring case and accents, with possessives
    ("Huawei's", "VS'"); places already tagged are left alone. One undo step.

    \b
    Example:
        claimdesk actors tag-mentions study.claimdesk Huawei
    """
    from claimdesk.core.actors import tag_all_mentions

    with _open(project, coder=coder) as opened:
        found = _actor(opened, actor)
        assert found.id is not None
        changes = tag_all_mentions(opened, actor=found.id)
    click.echo(
        f"{changes.name}: {len(changes.mentions)} mentions in {len(changes.documents)} documents"
    )


# ---------------------------------------------------------------------- codebook


@cli.group()
def codebook() -> None:
    """Show, export and import the codebook (stances, issues, tags, actor types, variables).

    A codebook file is Claimdesk's JSON (everything) or a REFI-QDA codebook
    (.qdc, for NVivo, ATLAS.ti, MAXQDA: stances, issues and tags).

    \b
    Example:
        claimdesk codebook export study.claimdesk scheme.json
        claimdesk codebook import other.claimdesk scheme.json
    """


@codebook.command(name="show")
@_PROJECT
@_json_option
def codebook_show(project: Path, as_json: bool) -> None:
    """Print the codebook.

    \b
    Example:
        claimdesk codebook show study.claimdesk
    """
    from claimdesk.core.codebook import codebook_to_json

    with _open(project, readonly=True) as opened:
        book = opened.codebook()
    if as_json:
        _print_json(codebook_to_json(book))
        return
    click.echo("Stances:")
    for s in book.stances:
        value = "none" if s.value is None else f"{s.value:g}"
        click.echo(f"  {s.key or '-'}  {s.label} (value {value}, {s.color or 'no colour'})")
    labels = {i.id: i.label for i in book.issues}
    click.echo("Issues:")
    depth = {}
    for i in book.issues:
        depth[i.id] = depth.get(i.parent, -1) + 1 if i.parent else 0
        click.echo(
            f"  {'  ' * depth[i.id]}{i.label}"
            + (f"  (under {labels[i.parent]})" if i.parent and depth[i.id] == 0 else "")
        )
    click.echo("Tags:")
    for t in book.tags:
        click.echo(f"  {t.category + ' / ' if t.category else ''}{t.label}")
    click.echo("Actor types: " + ", ".join(book.actor_types))
    click.echo("Variables:")
    for v in book.variables:
        values = f": {', '.join(v.values)}" if v.kind == "categorical" else ""
        click.echo(f"  {v.name} ({v.applies_to}, {v.kind}){values}")


@codebook.command(name="export")
@_PROJECT
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
def codebook_export(project: Path, file: Path) -> None:
    """Write the codebook to a file: .json (Claimdesk) or .qdc (REFI-QDA).

    \b
    Example:
        claimdesk codebook export study.claimdesk scheme.json
        claimdesk codebook export study.claimdesk scheme.qdc
    """
    from claimdesk.formats.codebooks import export_codebook_file

    with _open(project, readonly=True) as opened:
        fmt = export_codebook_file(opened, file)
        book = opened.codebook()
    click.echo(
        f"Wrote {file} ({fmt.name}): {len(book.stances)} stances, {len(book.issues)} issues, "
        f"{len(book.tags)} tags, {len(book.variables)} variables"
    )


@codebook.command(name="import")
@_PROJECT
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--replace",
    is_flag=True,
    help="Make the project's codebook the file's: matched records take its fields, records it "
    "lacks are removed (refused when coded values would be lost).",
)
@click.option("--dry-run", is_flag=True, help="Only say what would happen.")
@_coder_option
def codebook_import(
    project: Path, file: Path, replace: bool, dry_run: bool, coder: str | None
) -> None:
    """Bring a codebook file into the project, matching records by id, then by name.

    By default new stances, issues, tags, actor types and variables are
    added and the project's own are kept; where the file describes one
    differently, that is reported as a conflict and not overwritten.

    \b
    Example:
        claimdesk codebook import study.claimdesk scheme.json --dry-run
        claimdesk codebook import study.claimdesk scheme.qdc --replace
    """
    from claimdesk.formats.codebooks import import_codebook_file

    with _open(project, coder=coder) as opened:
        report = import_codebook_file(opened, file, replace=replace, dry_run=dry_run)
    for note in report.notes:
        click.echo(f"note: {note}")
    label = "changed" if replace else "conflict (kept ours)"
    for conflict in report.conflicts:
        click.echo(f"{label}: {conflict.describe()}")
    click.echo(("Would import: " if dry_run else "Imported: ") + report.summary())
