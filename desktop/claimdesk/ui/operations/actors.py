"""Actor operations: find by name or alias, or create."""

from __future__ import annotations

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
