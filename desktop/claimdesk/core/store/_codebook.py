"""The codebook part of the store: stances, issues, tags, actor types, variables."""

from __future__ import annotations

import json

from claimdesk.core.errors import (
    ProjectError,
)
from claimdesk.core.model import (
    Changes,
    Codebook,
    Issue,
    Stance,
    Tag,
    Variable,
    new_uuid,
)
from claimdesk.core.store._base import (
    ProjectBase,
    _json,
)


class CodebookMixin(ProjectBase):
    # ------------------------------------------------------------------ codebook

    def codebook(self) -> Codebook:
        """The project's codebook: stances, issues, tags, actor types, variables."""
        conn = self._conn
        stances = [
            Stance(
                id=r[0], uuid=r[1], label=r[2], value=r[3], color=r[4], key=r[5], description=r[6]
            )
            for r in conn.execute(
                "SELECT id, uuid, label, value, color, key, description FROM stances "
                "WHERE deleted IS NULL ORDER BY position, id"
            )
        ]
        issues = [
            Issue(id=r[0], uuid=r[1], label=r[2], parent=r[3], description=r[4])
            for r in conn.execute(
                "SELECT id, uuid, label, parent_id, description FROM issues "
                "WHERE deleted IS NULL ORDER BY position, id"
            )
        ]
        tags = [
            Tag(id=r[0], uuid=r[1], label=r[2], category=r[3], color=r[4], description=r[5])
            for r in conn.execute(
                "SELECT id, uuid, label, category, color, description FROM tags "
                "WHERE deleted IS NULL ORDER BY position, id"
            )
        ]
        types = [r[0] for r in conn.execute("SELECT name FROM actor_types ORDER BY position, id")]
        variables = [
            Variable(
                id=r[0],
                uuid=r[1],
                name=r[2],
                applies_to=r[3],
                kind=r[4],
                values=json.loads(r[5]),
                description=r[6],
            )
            for r in conn.execute(
                'SELECT id, uuid, name, applies_to, kind, "values", description FROM variables '
                "WHERE deleted IS NULL ORDER BY position, id"
            )
        ]
        return Codebook(stances, issues, tags, types, variables)

    def _insert_codebook(self, codebook: Codebook) -> None:
        """Add a codebook's records (by their uuids) to an empty or matching project."""
        conn = self._conn
        for pos, s in enumerate(codebook.stances):
            s.id = conn.execute(
                "INSERT INTO stances (uuid, label, value, color, key, description, position) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (s.uuid, s.label, s.value, s.color, s.key, s.description, pos),
            ).lastrowid
        by_uuid: dict[str, int] = {}
        for pos, i in enumerate(codebook.issues):
            i.id = conn.execute(
                "INSERT INTO issues (uuid, label, description, position) VALUES (?, ?, ?, ?)",
                (i.uuid, i.label, i.description, pos),
            ).lastrowid
            assert i.id is not None
            by_uuid[i.uuid] = i.id
        for i in codebook.issues:
            parent = i.parent_uuid
            if parent is not None:
                conn.execute(
                    "UPDATE issues SET parent_id = ? WHERE id = ?", (by_uuid.get(parent), i.id)
                )
        for pos, t in enumerate(codebook.tags):
            t.id = conn.execute(
                "INSERT INTO tags (uuid, label, category, color, description, position) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (t.uuid, t.label, t.category, t.color, t.description, pos),
            ).lastrowid
        for pos, name in enumerate(codebook.actor_types):
            conn.execute(
                "INSERT OR IGNORE INTO actor_types (name, position) VALUES (?, ?)", (name, pos)
            )
        for pos, v in enumerate(codebook.variables):
            v.id = conn.execute(
                'INSERT INTO variables (uuid, name, applies_to, kind, "values", description, position) '
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (v.uuid, v.name, v.applies_to, v.kind, _json(v.values), v.description, pos),
            ).lastrowid

    def replace_codebook(self, codebook: Codebook) -> Changes:
        """Replace the codebook of a project that has no claims yet (one undo step)."""
        if self._conn.execute("SELECT 1 FROM claims LIMIT 1").fetchone():
            raise ProjectError("the codebook of a project with claims cannot be replaced")
        with self.write("Replace Codebook") as step:
            self.delete_codebook_records()
            self._insert_codebook_logged(codebook)
            step.changes.codebook = True
        return step.changes

    def _insert_codebook_logged(self, codebook: Codebook) -> None:
        for pos, stance in enumerate(codebook.stances):
            stance.id = self.store_stance(stance, pos)
        for pos, issue in enumerate(codebook.issues):
            issue.id = self.store_issue(issue, pos)
        ids = {i.uuid: i.id for i in codebook.issues}
        for issue in codebook.issues:
            if issue.parent_uuid and issue.id is not None:
                self.set_issue_parent(issue.id, ids.get(issue.parent_uuid))
        for pos, tag in enumerate(codebook.tags):
            tag.id = self.store_tag(tag, pos)
        for pos, variable in enumerate(codebook.variables):
            variable.id = self.store_variable(variable, pos)
        for name in codebook.actor_types:
            self.add_actor_type(name)

    def add_issue(
        self,
        label: str,
        *,
        parent: int | None = None,
        description: str = "",
        uuid: str | None = None,
    ) -> Changes:
        """Add a target issue to the codebook; ``changes.id`` is its id."""
        label = label.strip()
        if not label:
            raise ProjectError("an issue needs a label")
        with self.write("Add Issue") as step:
            pos = self._conn.execute(
                "SELECT COALESCE(MAX(position), -1) + 1 FROM issues"
            ).fetchone()
            step.changes.id = step.insert(
                "issues",
                {
                    "uuid": uuid or new_uuid(),
                    "label": label,
                    "parent_id": parent,
                    "description": description,
                    "position": pos[0],
                },
            )
        return step.changes

    def add_tag(
        self, label: str, *, category: str = "", color: str = "", uuid: str | None = None
    ) -> Changes:
        """Add a tag to the codebook; ``changes.id`` is its id."""
        label = label.strip()
        if not label:
            raise ProjectError("a tag needs a label")
        with self.write("Add Tag") as step:
            pos = self._conn.execute("SELECT COALESCE(MAX(position), -1) + 1 FROM tags").fetchone()
            step.changes.id = step.insert(
                "tags",
                {
                    "uuid": uuid or new_uuid(),
                    "label": label,
                    "category": category,
                    "color": color,
                    "position": pos[0],
                },
            )
        return step.changes

    def add_stance(self, stance: Stance) -> Changes:
        """Add a point to the stance scale; ``changes.id`` is its id."""
        with self.write("Add Stance") as step:
            pos = self._conn.execute(
                "SELECT COALESCE(MAX(position), -1) + 1 FROM stances"
            ).fetchone()
            step.changes.id = step.insert(
                "stances",
                {
                    "uuid": stance.uuid,
                    "label": stance.label,
                    "value": stance.value,
                    "color": stance.color,
                    "key": stance.key,
                    "description": stance.description,
                    "position": pos[0],
                },
            )
        return step.changes

    def add_variable(self, variable: Variable) -> Changes:
        """Add a claim or document variable to the codebook; ``changes.id`` is its id."""
        with self.write("Add Variable") as step:
            pos = self._conn.execute(
                "SELECT COALESCE(MAX(position), -1) + 1 FROM variables"
            ).fetchone()
            step.changes.id = step.insert(
                "variables",
                {
                    "uuid": variable.uuid,
                    "name": variable.name,
                    "applies_to": variable.applies_to,
                    "kind": variable.kind,
                    "values": _json(variable.values),
                    "description": variable.description,
                    "position": pos[0],
                },
            )
        return step.changes

    def add_actor_type(self, name: str) -> Changes:
        """Add an actor type to the codebook unless it is there (an undo step of its own)."""
        with self.write("Add Actor Type") as step:
            if self._conn.execute("SELECT 1 FROM actor_types WHERE name = ?", (name,)).fetchone():
                return step.changes
            pos = self._conn.execute(
                "SELECT COALESCE(MAX(position), -1) + 1 FROM actor_types"
            ).fetchone()
            step.insert("actor_types", {"name": name, "position": pos[0]})
        return step.changes
