"""The actors part of the store."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from claimdesk.core.errors import (
    NotFound,
    ProjectError,
)
from claimdesk.core.model import (
    Actor,
    Changes,
    new_uuid,
    utc_now,
)
from claimdesk.core.store._base import (
    UNSET,
    ProjectBase,
    _json,
)


class ActorsMixin(ProjectBase):
    # ------------------------------------------------------------------ actors

    _ACTOR_COLS = "id, uuid, name, type, aliases, parent_id, color, notes, created, modified"

    @staticmethod
    def _actor(r: Sequence[Any]) -> Actor:
        return Actor(
            id=r[0],
            uuid=r[1],
            name=r[2],
            type=r[3],
            aliases=json.loads(r[4]),
            parent=r[5],
            color=r[6],
            notes=r[7],
            created=r[8],
            modified=r[9],
        )

    def actors(self) -> list[Actor]:
        """Every actor not in the trash, by name."""
        rows = self._conn.execute(
            f"SELECT {self._ACTOR_COLS} FROM actors WHERE deleted IS NULL ORDER BY name COLLATE NOCASE"
        )
        return [self._actor(r) for r in rows]

    def actor(self, actor_id: int) -> Actor:
        row = self._conn.execute(
            f"SELECT {self._ACTOR_COLS} FROM actors WHERE id = ?", (actor_id,)
        ).fetchone()
        if row is None:
            raise NotFound(f"no actor with id {actor_id}")
        return self._actor(row)

    def find_actor(self, name: str) -> Actor | None:
        """The actor whose name or one of whose aliases is ``name`` (case-insensitive)."""
        wanted = name.strip().casefold()
        for actor in self.actors():
            if any(n.casefold() == wanted for n in actor.names()):
                return actor
        return None

    def add_actor(
        self,
        name: str,
        *,
        type: str = "other",
        aliases: Sequence[str] = (),
        parent: int | None = None,
        color: str = "",
        notes: str = "",
        uuid: str | None = None,
    ) -> Changes:
        """Add an actor; ``changes.id`` is its id.

        >>> project.add_actor("Huawei", type="company", aliases=["Huawei's"]).name
        'Add Actor'
        """
        name = name.strip()
        if not name:
            raise ProjectError("an actor needs a name")
        now = utc_now()
        with self.write("Add Actor") as step:
            step.changes.id = step.insert(
                "actors",
                {
                    "uuid": uuid or new_uuid(),
                    "name": name,
                    "type": type,
                    "aliases": _json([a.strip() for a in aliases if a.strip()]),
                    "parent_id": parent,
                    "color": color,
                    "notes": notes,
                    "created": now,
                    "modified": now,
                },
            )
        return step.changes

    def update_actor(
        self,
        actor_id: int,
        *,
        name: str = UNSET,
        type: str = UNSET,
        aliases: Sequence[str] = UNSET,
        parent: int | None = UNSET,
        color: str = UNSET,
        notes: str = UNSET,
    ) -> Changes:
        """Change an actor's fields; arguments left out stay as they are."""
        values: dict[str, Any] = {}
        for key, value in (("name", name), ("type", type), ("color", color), ("notes", notes)):
            if value is not UNSET:
                values[key] = value
        if aliases is not UNSET:
            values["aliases"] = _json(list(aliases))
        if parent is not UNSET:
            if parent == actor_id:
                raise ProjectError("an actor cannot be its own parent")
            values["parent_id"] = parent
        with self.write("Edit Actor") as step:
            if values:
                step.update("actors", actor_id, {**values, "modified": utc_now()})
        return step.changes

    def delete_actors(self, actor_ids: Iterable[int]) -> Changes:
        """Move actors to the trash (their claims keep pointing at them until it is emptied)."""
        return self._soft_delete("actors", actor_ids, "Delete Actor")

    def restore_actors(self, actor_ids: Iterable[int]) -> Changes:
        return self._restore("actors", actor_ids, "Restore Actor")
