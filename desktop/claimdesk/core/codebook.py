"""The codebook as JSON: the bundled default, and the ``codebook`` part of exports."""

from __future__ import annotations

import json
from typing import Any

from claimdesk.core.model import Codebook, Issue, Stance, Tag, Variable


def default_codebook() -> Codebook:
    """The codebook a new project starts with (stance scale support / oppose / neutral / ambivalent)."""
    from claimdesk.paths import resource_path

    data = json.loads(resource_path("codebook", "default.json").read_text(encoding="utf-8"))
    return codebook_from_json(data)


def codebook_from_json(data: dict[str, Any]) -> Codebook:
    """Build a :class:`Codebook` from its JSON form (ids are the records' uuids)."""
    return Codebook(
        stances=[
            Stance(
                uuid=s["id"],
                label=s["label"],
                value=s.get("value"),
                color=s.get("color", ""),
                key=s.get("key", ""),
                description=s.get("description", ""),
            )
            for s in data.get("stances", [])
        ],
        issues=[
            Issue(
                uuid=i["id"],
                label=i["label"],
                parent_uuid=i.get("parent"),
                description=i.get("description", ""),
            )
            for i in data.get("issues", [])
        ],
        tags=[
            Tag(
                uuid=t["id"],
                label=t["label"],
                category=t.get("category", ""),
                color=t.get("color", ""),
                description=t.get("description", ""),
            )
            for t in data.get("tags", [])
        ],
        actor_types=list(data.get("actor_types", [])),
        variables=[
            Variable(
                uuid=v["id"],
                name=v["name"],
                applies_to=v.get("applies_to", "claim"),
                kind=v.get("kind", "categorical"),
                values=list(v.get("values", [])),
                description=v.get("description", ""),
            )
            for v in data.get("variables", [])
        ],
    )


def codebook_to_json(codebook: Codebook) -> dict[str, Any]:
    """The JSON form of a codebook: references by uuid, nothing repeated."""
    issue_uuid = {i.id: i.uuid for i in codebook.issues}
    return {
        "stances": [
            {
                "id": s.uuid,
                "label": s.label,
                "value": _number(s.value),
                "color": s.color,
                "key": s.key,
                "description": s.description,
            }
            for s in codebook.stances
        ],
        "issues": [
            {
                "id": i.uuid,
                "label": i.label,
                "parent": issue_uuid.get(i.parent) if i.parent else None,
                "description": i.description,
            }
            for i in codebook.issues
        ],
        "tags": [
            {
                "id": t.uuid,
                "label": t.label,
                "category": t.category,
                "color": t.color,
                "description": t.description,
            }
            for t in codebook.tags
        ],
        "actor_types": list(codebook.actor_types),
        "variables": [
            {
                "id": v.uuid,
                "name": v.name,
                "applies_to": v.applies_to,
                "kind": v.kind,
                "values": list(v.values),
                "description": v.description,
            }
            for v in codebook.variables
        ],
    }


def _number(value: float | None) -> float | int | None:
    """Whole numbers as ints, so a stance value reads ``1`` rather than ``1.0``."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value
