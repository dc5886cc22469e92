"""Actor operations: find or create, edit, merge, delete, and accept suggested mentions."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from claimdesk.core.model import Changes
from claimdesk.core.store import Project


def find_or_add_actor(
    project: Project, *, name: str, type: str = "other"
) -> tuple[int, Changes | None]:
    """The id of the actor called ``name`` (or with that alias); a new actor if there is none."""
    actor = project.find_actor(name)
    if actor is not None and actor.id is not None:
        return actor.id, None
    changes = project.add_actor(name, type=type)
    assert changes.id is not None
    return changes.id, changes


def add_actor(
    project: Project, *, name: str, type: str = "other", aliases: list[str] | None = None
) -> Changes:
    return project.add_actor(name, type=type, aliases=aliases or [])


def edit_actor(project: Project, *, actor: int, **fields: Any) -> Changes:
    """Change an actor's name, type, aliases, parent, colour or notes (one undo step).

    A new type is added to the codebook's actor types in the same step.
    """
    with project.write("Edit Actor") as step:
        kind = fields.get("type")
        if isinstance(kind, str) and kind.strip():
            fields["type"] = kind.strip()
            if fields["type"] not in project.codebook().actor_types:
                project.add_actor_type(fields["type"])
        project.update_actor(actor, **fields)
    return step.changes


def merge_actors(project: Project, *, into: int, actors: list[int]) -> Changes:
    """Merge actors into one: claims, mentions and aliases move over (one undo step)."""
    return project.merge_actors(into=into, actors=actors)


def delete_actors(
    project: Project, *, actors: list[int], claims: str = "keep", reassign_to: int | None = None
) -> Changes:
    """Move actors to the trash; ``claims`` says what happens to their claims (see the store)."""
    return project.delete_actors(actors, claims=claims, reassign_to=reassign_to)


def accept_suggestions(
    project: Project, *, document: int, suggestions: list[tuple[int, int, int]]
) -> Changes:
    """Tag suggested places ``(start, end, actor)`` as mentions, all in one undo step."""
    if not suggestions:
        return Changes(name="Nothing to accept")
    name = "Accept Suggestion" if len(suggestions) == 1 else "Accept Suggestions"
    with project.write(name) as step:
        for start, end, actor in suggestions:
            project.add_mention(document=document, start=start, end=end, actor=actor)
        from claimdesk.ui.operations.claims import _start_coding

        _start_coding(project, document)
    return step.changes


def tag_all_mentions(
    project: Project,
    *,
    actor: int,
    progress: Callable[[int, int], None] | None = None,
    cancel: Callable[[], bool] | None = None,
) -> Changes:
    """Tag every occurrence of an actor's names in the corpus (one undo step)."""
    from claimdesk.core.actors import tag_all_mentions as tag_all

    return tag_all(project, actor=actor, progress=progress, cancel=cancel)
