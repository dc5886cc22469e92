"""The actors part of the store."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
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
        return self._edit_row("Edit Actor", "actors", actor_id, values, stamp=True)

    def delete_actors(
        self,
        actor_ids: Iterable[int],
        *,
        claims: str = "keep",
        reassign_to: int | None = None,
    ) -> Changes:
        """Move actors to the trash, deciding what happens to the claims that use them.

        :param claims: ``keep`` (claims and mentions keep pointing at the actor
            until the trash is emptied), ``reassign`` (claims, mentions and
            sub-actors move to ``reassign_to``) or ``clear`` (the actor is
            removed from its claims, its mentions go to the trash with it)
        :param reassign_to: the actor that takes over, with ``claims="reassign"``
        """
        ids = list(dict.fromkeys(actor_ids))
        if claims not in ("keep", "reassign", "clear"):
            raise ProjectError(f"unknown choice {claims!r} for the claims (keep, reassign, clear)")
        if claims == "reassign":
            if reassign_to is None:
                raise ProjectError("say which actor takes over the claims")
            if reassign_to in ids:
                raise ProjectError("an actor cannot take over its own claims")
            self._live_actor(reassign_to)
        name = "Delete Actor" + ("s" if len(ids) > 1 else "")
        now = utc_now()
        with self.write(name) as step:
            for actor_id in ids:
                actor = self.actor(actor_id)
                if claims == "reassign":
                    assert reassign_to is not None
                    self._move_actor_references(actor, self.actor(reassign_to))
                elif claims == "clear":
                    self._move_actor_references(actor, None)
                step.update("actors", actor_id, {"deleted": now})
        return step.changes

    def restore_actors(self, actor_ids: Iterable[int]) -> Changes:
        return self._restore("actors", actor_ids, "Restore Actor")

    # ------------------------------------------------------------------ usage and merging

    def actor_usage(self) -> dict[int, ActorUsage]:
        """How each actor not in the trash is used: claims by role, mentions, sub-actors.

        Claims and mentions in the trash, or in documents in the trash, do not count.

        >>> project.actor_usage()[trump].claims
        3
        """
        usage = {
            a: ActorUsage()
            for (a,) in self._conn.execute("SELECT id FROM actors WHERE deleted IS NULL")
        }
        # Documents in the trash are left out by their ids, read from an index: joining
        # would read every document's row, text and all (covering indexes count the rest).
        live = (
            "FROM {table} x WHERE x.{column} IS NOT NULL AND x.deleted IS NULL "
            "AND x.document_id NOT IN (SELECT id FROM documents WHERE deleted IS NOT NULL) "
            "GROUP BY x.{column}"
        )
        for field, table, column in (
            ("claims", "claims", "claimant_id"),
            ("targeted", "claims", "target_actor_id"),
            ("addressed", "claims", "addressee_id"),
            ("mentions", "mentions", "actor_id"),
        ):
            sql = f"SELECT x.{column}, COUNT(*) " + live.format(table=table, column=column)
            for actor_id, count in self._conn.execute(sql):
                if actor_id in usage:
                    setattr(usage[actor_id], field, count)
        for actor_id, count in self._conn.execute(
            "SELECT parent_id, COUNT(*) FROM actors WHERE deleted IS NULL AND parent_id IS NOT NULL "
            "GROUP BY parent_id"
        ):
            if actor_id in usage:
                usage[actor_id].children = count
        return usage

    def merge_actors(self, *, into: int, actors: Iterable[int]) -> Changes:
        """Merge actors into one (one undo step).

        Their claims (as claimant, target and addressee), mentions,
        sub-actors and actor-variable values move to ``into``; their names
        and aliases become aliases of ``into``; their notes are added to its
        notes; then they go to the trash.

        >>> project.merge_actors(into=usa, actors=[vs, amerika]).name
        'Merge Actors into Verenigde Staten'
        """
        others = [a for a in dict.fromkeys(actors) if a != into]
        if not others:
            raise ProjectError("choose at least one other actor to merge")
        target = self._live_actor(into)
        with self.write(f"Merge Actors into {target.name}") as step:
            aliases = list(target.aliases)
            known = {n.strip() for n in target.names()}
            notes = [target.notes.strip()] if target.notes.strip() else []
            parent = target.parent
            for other_id in others:
                other = self._live_actor(other_id)
                for name in other.names():
                    if name.strip() not in known:
                        aliases.append(name.strip())
                        known.add(name.strip())
                if other.notes.strip():
                    notes.append(f"From {other.name}:\n\n{other.notes.strip()}")
                if parent == other_id:
                    parent = other.parent if other.parent not in (into, *others) else None
                self._move_actor_references(other, target)
                step.update("actors", other_id, {"deleted": utc_now()})
            step.update(
                "actors",
                into,
                {
                    "aliases": _json(aliases),
                    "notes": "\n\n".join(notes),
                    "parent_id": parent,
                    "modified": utc_now(),
                },
            )
        return step.changes

    def _live_actor(self, actor_id: int) -> Actor:
        actor = self.actor(actor_id)
        if self._conn.execute("SELECT deleted FROM actors WHERE id = ?", (actor_id,)).fetchone()[0]:
            raise ProjectError(f"the actor {actor.name!r} is in the trash")
        return actor

    def _move_actor_references(self, old: Actor, new: Actor | None) -> None:
        """Point every claim, mention, sub-actor and actor variable at ``new`` instead of ``old``.

        ``new=None`` removes the actor from its claims and puts its mentions in the trash.
        Runs inside the caller's write; references in the trash move too.
        """
        step = self._step
        assert step is not None, "runs inside Project.write()"
        conn = self._conn
        assert old.id is not None
        new_id = new.id if new is not None else None
        now = utc_now()
        roles = ("claimant_id", "target_actor_id", "addressee_id")
        rows = conn.execute(
            f"SELECT id, document_id, {', '.join(roles)} FROM claims "
            f"WHERE {' OR '.join(f'{r} = ?' for r in roles)}",
            (old.id,) * len(roles),
        ).fetchall()
        for claim_id, document_id, *refs in rows:
            values: dict[str, Any] = {
                role: new_id for role, ref in zip(roles, refs, strict=True) if ref == old.id
            }
            step.update("claims", claim_id, {**values, "modified": now})
            step.changes.documents.add(document_id)
        mentions = conn.execute(
            "SELECT id, document_id, deleted FROM mentions WHERE actor_id = ?", (old.id,)
        ).fetchall()
        for mention_id, document_id, deleted in mentions:
            if new_id is not None:
                step.update("mentions", mention_id, {"actor_id": new_id, "modified": now})
            elif deleted is None:
                step.update("mentions", mention_id, {"deleted": now})
            step.changes.documents.add(document_id)
        for (child,) in conn.execute(
            "SELECT id FROM actors WHERE parent_id = ? AND id != ?", (old.id, new_id or 0)
        ).fetchall():
            step.update("actors", child, {"parent_id": new_id, "modified": now})
        actor_variables = {
            r[0] for r in conn.execute("SELECT uuid FROM variables WHERE kind = 'actor'")
        }
        if not actor_variables:
            return
        for table in ("claims", "documents"):
            found = conn.execute(
                f"SELECT id, variables FROM {table} WHERE instr(variables, ?) > 0", (old.uuid,)
            ).fetchall()
            for row_id, raw in found:
                variables = json.loads(raw)
                changed = {
                    k: v for k, v in variables.items() if k in actor_variables and v == old.uuid
                }
                if not changed:
                    continue
                for key in changed:
                    if new is None:
                        del variables[key]
                    else:
                        variables[key] = new.uuid
                step.update(table, row_id, {"variables": _json(variables), "modified": now})


@dataclass(slots=True)
class ActorUsage:
    """How one actor is used (see :meth:`ActorsMixin.actor_usage`)."""

    #: Claims it makes (as claimant).
    claims: int = 0
    #: Claims that target it.
    targeted: int = 0
    #: Claims addressed to it.
    addressed: int = 0
    mentions: int = 0
    #: Actors that have it as their parent.
    children: int = 0

    @property
    def in_use(self) -> bool:
        """True when a claim or mention refers to the actor."""
        return bool(self.claims or self.targeted or self.addressed or self.mentions)

    def describe(self) -> str:
        """In words: "the claimant of 3 claims, the target of 1 and 5 mentions"."""
        parts = []
        if self.claims:
            parts.append(f"the claimant of {_n(self.claims, 'claim')}")
        if self.targeted:
            parts.append(f"the target of {_n(self.targeted, 'claim')}")
        if self.addressed:
            parts.append(f"the addressee of {_n(self.addressed, 'claim')}")
        if self.mentions:
            parts.append(_n(self.mentions, "mention"))
        if not parts:
            return "not used"
        return ", ".join(parts[:-1]) + (" and " if len(parts) > 1 else "") + parts[-1]


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")
