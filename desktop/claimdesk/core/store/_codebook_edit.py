"""Editing and removing codebook records: stances, issues, tags, variables, actor types.

Records that claims refer to are soft-deleted (a ``deleted`` timestamp), so
undo brings them back; a removal or an edit that would lose coded values is
refused with a message saying how many claims or documents use the value.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any

from claimdesk.core.errors import NotFound, ProjectError
from claimdesk.core.model import (
    VARIABLE_KINDS,
    VARIABLE_TARGETS,
    Changes,
    Variable,
    utc_now,
)
from claimdesk.core.store._base import UNSET, ProjectBase, _json


class CodebookEditMixin(ProjectBase):
    # ------------------------------------------------------------------ editing the codebook

    def update_stance(
        self,
        stance_id: int,
        *,
        label: str = UNSET,
        value: float | None = UNSET,
        color: str = UNSET,
        key: str = UNSET,
        description: str = UNSET,
    ) -> Changes:
        """Change a point of the stance scale; arguments left out stay as they are.

        :raises ProjectError: an empty or duplicate label, a key that is not one
            digit 1–9 or belongs to another stance, a colour that is not ``#rrggbb``
        """
        values: dict[str, Any] = {}
        if label is not UNSET:
            values["label"] = self._unique_label("stances", "label", label, stance_id, "stance")
        if value is not UNSET:
            values["value"] = _stance_value(value)
        if color is not UNSET:
            values["color"] = _color(color)
        if key is not UNSET:
            values["key"] = self._stance_key(key, stance_id)
        if description is not UNSET:
            values["description"] = description
        return self._edit_row("Edit Stance", "stances", stance_id, values)

    def update_issue(
        self,
        issue_id: int,
        *,
        label: str = UNSET,
        parent: int | None = UNSET,
        description: str = UNSET,
    ) -> Changes:
        """Change a target issue; ``parent`` moves it in the tree (None: to the top)."""
        values: dict[str, Any] = {}
        if label is not UNSET:
            values["label"] = self._unique_label("issues", "label", label, issue_id, "issue")
        if parent is not UNSET:
            seen = {issue_id}
            ancestor = parent
            while ancestor is not None:
                if ancestor in seen:
                    raise ProjectError("an issue cannot be placed under itself or its sub-issues")
                seen.add(ancestor)
                row = self._conn.execute(
                    "SELECT parent_id FROM issues WHERE id = ?", (ancestor,)
                ).fetchone()
                if row is None:
                    raise NotFound(f"no issue with id {ancestor}")
                ancestor = row[0]
            values["parent_id"] = parent
        if description is not UNSET:
            values["description"] = description
        return self._edit_row("Edit Issue", "issues", issue_id, values)

    def update_tag(
        self,
        tag_id: int,
        *,
        label: str = UNSET,
        category: str = UNSET,
        color: str = UNSET,
        description: str = UNSET,
    ) -> Changes:
        """Change a tag (claims refer to it by uuid, so a new label shows on every claim)."""
        values: dict[str, Any] = {}
        if label is not UNSET:
            values["label"] = self._unique_label("tags", "label", label, tag_id, "tag")
        if category is not UNSET:
            values["category"] = category.strip()
        if color is not UNSET:
            values["color"] = _color(color)
        if description is not UNSET:
            values["description"] = description
        return self._edit_row("Edit Tag", "tags", tag_id, values)

    def update_variable(
        self,
        variable_id: int,
        *,
        name: str = UNSET,
        applies_to: str = UNSET,
        kind: str = UNSET,
        values: Sequence[str] = UNSET,
        description: str = UNSET,
    ) -> Changes:
        """Change a claim or document variable.

        :raises ProjectError: when the change would lose coded values: another
            kind or target for a variable in use, or a categorical value
            removed while claims or documents still have it
        """
        variable = self._variable(variable_id)
        used = self.variable_usage(variable_id)
        row: dict[str, Any] = {}
        target = variable.applies_to if applies_to is UNSET else applies_to
        if target not in VARIABLE_TARGETS:
            raise ProjectError(f"a variable applies to a claim or a document, not {target!r}")
        if name is not UNSET or applies_to is not UNSET:
            wanted = variable.name if name is UNSET else name
            row["name"] = self._unique_variable_name(wanted, target, variable_id)
            row["applies_to"] = target
        if kind is not UNSET and kind != variable.kind:
            if kind not in VARIABLE_KINDS:
                raise ProjectError(f"unknown kind {kind!r} (kinds: {', '.join(VARIABLE_KINDS)})")
            if used:
                raise ProjectError(
                    f"the variable {variable.name!r} has values in {_count(used, 'record')}; "
                    "its kind cannot change"
                )
            row["kind"] = kind
        if applies_to is not UNSET and applies_to != variable.applies_to and used:
            raise ProjectError(
                f"the variable {variable.name!r} has values in {_count(used, 'record')}; "
                f"it cannot move from {variable.applies_to}s to {applies_to}s"
            )
        if values is not UNSET:
            cleaned = _value_list(values)
            for dropped in [v for v in variable.values if v not in cleaned]:
                n = self.variable_usage(variable_id, value=dropped)
                if n:
                    raise ProjectError(
                        f"the value {dropped!r} of {variable.name!r} is used by "
                        f"{_count(n, variable.applies_to)}; it cannot be removed"
                    )
            row["values"] = _json(cleaned)
        if description is not UNSET:
            row["description"] = description
        with self.write("Edit Variable") as step:
            if row:
                step.update("variables", variable_id, row)
        return step.changes

    def rename_variable_value(self, variable_id: int, old: str, new: str) -> Changes:
        """Rename a categorical value, in the codebook and in every claim or document that has it."""
        variable = self._variable(variable_id)
        new = new.strip()
        if old not in variable.values:
            raise NotFound(f"{variable.name!r} has no value {old!r}")
        if not new:
            raise ProjectError("a value needs a name")
        if new != old and new in variable.values:
            raise ProjectError(f"{variable.name!r} already has the value {new!r}")
        table = "claims" if variable.applies_to == "claim" else "documents"
        with self.write("Rename Value") as step:
            step.update(
                "variables",
                variable_id,
                {"values": _json([new if v == old else v for v in variable.values])},
            )
            rows = self._conn.execute(
                f"SELECT id, variables FROM {table} WHERE json_extract(variables, ?) = ?",
                (_json_path(variable.uuid), old),
            ).fetchall()
            for row_id, raw in rows:
                data = json.loads(raw)
                data[variable.uuid] = new
                step.update(table, row_id, {"variables": _json(data), "modified": utc_now()})
                if table == "claims":
                    document = self._conn.execute(
                        "SELECT document_id FROM claims WHERE id = ?", (row_id,)
                    ).fetchone()
                    step.changes.documents.add(document[0])
        return step.changes

    def rename_actor_type(self, old: str, new: str) -> Changes:
        """Rename an actor type, in the codebook and on every actor of that type."""
        new = new.strip()
        if not new:
            raise ProjectError("an actor type needs a name")
        row = self._conn.execute("SELECT id FROM actor_types WHERE name = ?", (old,)).fetchone()
        if row is None:
            raise NotFound(f"no actor type {old!r}")
        if (
            new != old
            and self._conn.execute("SELECT 1 FROM actor_types WHERE name = ?", (new,)).fetchone()
        ):
            raise ProjectError(f"there is already an actor type {new!r}")
        with self.write("Rename Actor Type") as step:
            step.update("actor_types", row[0], {"name": new})
            for (actor_id,) in self._conn.execute(
                "SELECT id FROM actors WHERE type = ?", (old,)
            ).fetchall():
                step.update("actors", actor_id, {"type": new, "modified": utc_now()})
        return step.changes

    # ------------------------------------------------------------------ removing codebook records

    def codebook_usage(self, kind: str, record_id: int) -> int:
        """How many claims (not in the trash) use a stance, issue or tag; for an issue,
        its sub-issues count too."""
        conn = self._conn
        if kind == "stance":
            sql, args = (
                "SELECT COUNT(*) FROM claims WHERE deleted IS NULL AND stance_id = ?",
                (record_id,),
            )
        elif kind == "issue":
            sql, args = (
                "SELECT COUNT(*) FROM claims WHERE deleted IS NULL AND target_issue_id = ?",
                (record_id,),
            )
        elif kind == "tag":
            uuid = self._codebook_uuid("tags", record_id)
            sql, args = (
                "SELECT COUNT(*) FROM claims, json_each(claims.tags) "
                "WHERE claims.deleted IS NULL AND json_each.value = ?",
                (uuid,),
            )
        else:
            raise ValueError(f"no usage of {kind!r}")
        return conn.execute(sql, args).fetchone()[0]

    def variable_usage(self, variable_id: int, *, value: str | None = None) -> int:
        """How many claims or documents (not in the trash) have a value for a variable
        (or this categorical ``value``)."""
        variable = self._variable(variable_id)
        table = "claims" if variable.applies_to == "claim" else "documents"
        sql = f"SELECT COUNT(*) FROM {table} WHERE deleted IS NULL AND "
        if value is None:
            sql += "json_type(variables, ?) IS NOT NULL"
            args: tuple[Any, ...] = (_json_path(variable.uuid),)
        else:
            sql += "json_extract(variables, ?) = ?"
            args = (_json_path(variable.uuid), value)
        return self._conn.execute(sql, args).fetchone()[0]

    def remove_stance(self, stance_id: int) -> Changes:
        """Take a stance off the scale (refused while claims have it)."""
        return self._remove_codebook_record("stances", "stance", stance_id)

    def remove_issue(self, issue_id: int) -> Changes:
        """Remove a target issue (refused while claims target it or it has sub-issues)."""
        children = self._conn.execute(
            "SELECT COUNT(*) FROM issues WHERE deleted IS NULL AND parent_id = ?", (issue_id,)
        ).fetchone()[0]
        if children:
            label = self._codebook_label("issues", issue_id)
            raise ProjectError(
                f"the issue {label!r} has {_count(children, 'sub-issue')}; "
                "move or remove them first"
            )
        return self._remove_codebook_record("issues", "issue", issue_id)

    def remove_tag(self, tag_id: int) -> Changes:
        """Remove a tag (refused while claims have it)."""
        return self._remove_codebook_record("tags", "tag", tag_id)

    def remove_variable(self, variable_id: int) -> Changes:
        """Remove a claim or document variable (refused while any has a value for it)."""
        variable = self._variable(variable_id)
        used = self.variable_usage(variable_id)
        if used:
            raise ProjectError(
                f"the variable {variable.name!r} has values in "
                f"{_count(used, variable.applies_to)}; clear them first"
            )
        with self.write("Remove Variable") as step:
            step.update("variables", variable_id, {"deleted": utc_now()})
        return step.changes

    def remove_actor_type(self, name: str) -> Changes:
        """Remove an actor type (refused while actors have it)."""
        row = self._conn.execute("SELECT id FROM actor_types WHERE name = ?", (name,)).fetchone()
        if row is None:
            raise NotFound(f"no actor type {name!r}")
        used = self._conn.execute(
            "SELECT COUNT(*) FROM actors WHERE deleted IS NULL AND type = ?", (name,)
        ).fetchone()[0]
        if used:
            raise ProjectError(
                f"the actor type {name!r} is used by {_count(used, 'actor')}; "
                "give them another type first"
            )
        with self.write("Remove Actor Type") as step:
            step.delete("actor_types", row[0])
        return step.changes

    def remove_codebook_record(self, kind: str, record_id: int) -> Changes:
        """Remove a ``stance``, ``issue``, ``tag`` or ``variable`` (see the ``remove_*`` methods)."""
        remove = {
            "stance": self.remove_stance,
            "issue": self.remove_issue,
            "tag": self.remove_tag,
            "variable": self.remove_variable,
        }
        if kind not in remove:
            raise ValueError(f"cannot remove {kind!r}")
        return remove[kind](record_id)

    def restore_codebook_record(self, kind: str, record_id: int) -> Changes:
        """Bring a removed stance, issue, tag or variable back."""
        if kind not in _TABLES:
            raise ValueError(f"cannot restore {kind!r}")
        with self.write(f"Restore {kind.capitalize()}") as step:
            step.update(_TABLES[kind], record_id, {"deleted": None})
        return step.changes

    def reorder_codebook(self, kind: str, ids: Sequence[int]) -> Changes:
        """Put the stances, issues, tags or variables in this order (others follow)."""
        if kind not in _TABLES:
            raise ValueError(f"cannot order {kind!r}")
        with self.write("Reorder Codebook") as step:
            for position, record_id in enumerate(ids):
                step.update(_TABLES[kind], record_id, {"position": position})
        return step.changes

    def _remove_codebook_record(self, table: str, kind: str, record_id: int) -> Changes:
        label = self._codebook_label(table, record_id)
        used = self.codebook_usage(kind, record_id)
        if used:
            raise ProjectError(
                f"the {kind} {label!r} is used by {_count(used, 'claim')}; "
                f"give those claims another {kind} first"
            )
        with self.write(f"Remove {kind.capitalize()}") as step:
            step.update(table, record_id, {"deleted": utc_now()})
        return step.changes

    # ------------------------------------------------------------------ helpers

    def _codebook_label(self, table: str, record_id: int) -> str:
        column = "name" if table == "variables" else "label"
        row = self._conn.execute(
            f"SELECT {column} FROM {table} WHERE id = ?", (record_id,)
        ).fetchone()
        if row is None:
            raise NotFound(f"no {table[:-1]} with id {record_id}")
        return row[0]

    def _codebook_uuid(self, table: str, record_id: int) -> str:
        row = self._conn.execute(f"SELECT uuid FROM {table} WHERE id = ?", (record_id,)).fetchone()
        if row is None:
            raise NotFound(f"no {table[:-1]} with id {record_id}")
        return row[0]

    def _variable(self, variable_id: int) -> Variable:
        row = self._conn.execute(
            'SELECT id, uuid, name, applies_to, kind, "values", description FROM variables '
            "WHERE id = ?",
            (variable_id,),
        ).fetchone()
        if row is None:
            raise NotFound(f"no variable with id {variable_id}")
        return Variable(
            id=row[0],
            uuid=row[1],
            name=row[2],
            applies_to=row[3],
            kind=row[4],
            values=json.loads(row[5]),
            description=row[6],
        )

    def _unique_label(
        self, table: str, column: str, label: str, record_id: int | None, kind: str
    ) -> str:
        label = label.strip()
        if not label:
            raise ProjectError(f"a {kind} needs a label")
        for other_id, other in self._conn.execute(
            f"SELECT id, {column} FROM {table} WHERE deleted IS NULL"
        ):
            if other_id != record_id and _fold(other) == _fold(label):
                raise ProjectError(f"there is already a {kind} called {other!r}")
        return label

    def _unique_variable_name(self, name: str, applies_to: str, variable_id: int | None) -> str:
        name = name.strip()
        if not name:
            raise ProjectError("a variable needs a name")
        for other_id, other in self._conn.execute(
            "SELECT id, name FROM variables WHERE deleted IS NULL AND applies_to = ?",
            (applies_to,),
        ):
            if other_id != variable_id and _fold(other) == _fold(name):
                raise ProjectError(f"there is already a {applies_to} variable called {other!r}")
        return name

    def _stance_key(self, key: str, stance_id: int | None) -> str:
        key = key.strip()
        if key and (len(key) != 1 or key not in "123456789"):
            raise ProjectError(f"a stance's key is one digit from 1 to 9, not {key!r}")
        if key:
            row = self._conn.execute(
                "SELECT id, label FROM stances WHERE deleted IS NULL AND key = ? AND id != ?",
                (key, stance_id or 0),
            ).fetchone()
            if row:
                raise ProjectError(f"the key {key} already sets the stance {row[1]!r}")
        return key


_TABLES = {"stance": "stances", "issue": "issues", "tag": "tags", "variable": "variables"}
_COLOR = re.compile(r"^#(?:[0-9A-Fa-f]{6}|[0-9A-Fa-f]{3})$")


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def _color(color: str) -> str:
    color = color.strip()
    if color and not _COLOR.match(color):
        raise ProjectError(f"{color!r} is not a colour like #0072B2")
    return color


def _stance_value(value: Any) -> float | None:
    if value is None or value == "":
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ProjectError(f"a stance's value is a number or none, not {value!r}") from None
    if number != number or number in (float("inf"), float("-inf")):
        raise ProjectError(f"a stance's value is a number or none, not {value!r}")
    return number


def _value_list(values: Sequence[str]) -> list[str]:
    cleaned: list[str] = []
    for value in values:
        value = str(value).strip()
        if value and value not in cleaned:
            cleaned.append(value)
    return cleaned


def _json_path(key: str) -> str:
    return '$."' + key.replace('"', "") + '"'
