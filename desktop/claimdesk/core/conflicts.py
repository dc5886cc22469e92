"""Merge conflicts: the same claim or mention, edited differently in two copies of a project.

When a merge brings in a claim whose uuid the project already has, the two
versions are compared field by field (span, claimant, stance, target,
addressee, tags, variables, note, and whether ours is in the trash). Equal
versions are simply "already there"; different ones are a :class:`Conflict`,
settled one of three ways:

- ``ours``: keep the project's version (the default: nothing is overwritten
  unless the user chooses so);
- ``theirs``: overwrite it with the incoming version (undoable, like the merge);
- ``both``: keep ours and add theirs as a new claim beside it, with an id
  derived from theirs, so merging the same file again adds it only once.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from claimdesk.core.errors import ClaimdeskError, NotFound
from claimdesk.core.model import Claim, Mention, stable_uuid

if TYPE_CHECKING:
    from claimdesk.core.store import Project

#: How a conflict can be settled.
RESOLUTIONS = ("ours", "theirs", "both")

_CLAIM_FIELDS = ("span", "claimant", "stance", "target", "addressee", "tags", "variables", "note")
_MENTION_FIELDS = ("span", "actor")


@dataclass
class Conflict:
    """One record edited differently here and in the incoming file, with both versions readable."""

    kind: str
    uuid: str
    document: str
    document_id: int
    #: The fields that differ, e.g. ``["stance", "note"]``.
    fields: list[str]
    ours: dict[str, str]
    theirs: dict[str, str]
    resolution: str = "ours"
    extra: dict[str, Any] = field(default_factory=dict, repr=False)

    def describe(self) -> str:
        """One line: what differs, ours against theirs, and how it is settled."""
        parts = [
            f"{name}: ours {self.ours.get(name, '')!r}, theirs {self.theirs.get(name, '')!r}"
            for name in self.fields
        ]
        return (
            f"{self.kind} {self.uuid[:8]} in {self.document}: {'; '.join(parts)} "
            f"→ {RESOLUTION_NAMES[self.resolution]}"
        )


RESOLUTION_NAMES = {"ours": "keep ours", "theirs": "take theirs", "both": "keep both"}


def claim_key(claim: Claim) -> dict[str, Any]:
    """What is compared between two versions of a claim (ids are the project's)."""
    return {
        "span": (claim.document, claim.start, claim.end),
        "claimant": claim.claimant,
        "stance": claim.stance,
        "target": (claim.target_issue, claim.target_actor),
        "addressee": claim.addressee,
        "tags": sorted(claim.tags),
        "variables": json.dumps(claim.variables, sort_keys=True),
        "note": claim.note.strip(),
    }


def claim_differences(ours: Claim, theirs: Claim, *, ours_in_trash: bool = False) -> list[str]:
    """The names of the fields in which two versions of a claim differ."""
    a, b = claim_key(ours), claim_key(theirs)
    fields = [name for name in _CLAIM_FIELDS if a[name] != b[name]]
    if ours_in_trash:
        fields.append("trash")
    return fields


def mention_differences(
    ours: Mention, theirs: Mention, *, ours_in_trash: bool = False
) -> list[str]:
    fields = []
    if (ours.document, ours.start, ours.end) != (theirs.document, theirs.start, theirs.end):
        fields.append("span")
    if ours.actor != theirs.actor:
        fields.append("actor")
    if ours_in_trash:
        fields.append("trash")
    return fields


def copy_uuid(uuid: str, version: dict[str, str]) -> str:
    """The id of "their" version kept beside ours: the same for the same incoming version."""
    digest = hashlib.sha256(json.dumps(version, sort_keys=True).encode()).hexdigest()[:16]
    return stable_uuid(f"merge/{uuid}/{digest}")


class Describer:
    """Readable values of a claim's or mention's fields: names and labels instead of ids."""

    def __init__(self, project: Project) -> None:
        self.project = project

    def _actor(self, actor_id: int | None) -> str:
        if actor_id is None:
            return ""
        try:
            return self.project.actor(actor_id).name
        except NotFound:
            return f"#{actor_id}"

    def claim(self, claim: Claim, *, in_trash: bool = False) -> dict[str, str]:
        book = self.project.codebook()
        stances = {s.id: s.label for s in book.stances}
        issues = {i.id: i.label for i in book.issues}
        tags = {t.uuid: t.label for t in book.tags}
        variables = {v.uuid: v.name for v in book.variables}
        target = ""
        if claim.target_issue is not None:
            target = issues.get(claim.target_issue, f"#{claim.target_issue}")
        elif claim.target_actor is not None:
            target = "actor: " + self._actor(claim.target_actor)
        return {
            "span": f"[{claim.start}, {claim.end})",
            "quote": claim.quote,
            "claimant": self._actor(claim.claimant),
            "stance": stances.get(claim.stance, "") if claim.stance is not None else "",
            "target": target,
            "addressee": self._actor(claim.addressee),
            "tags": ", ".join(sorted(tags.get(t, t) for t in claim.tags)),
            "variables": ", ".join(
                f"{variables.get(k, k)}={v}" for k, v in sorted(claim.variables.items())
            ),
            "note": claim.note,
            "coder": self._coder(claim.coder),
            "modified": claim.modified,
            "trash": "in the trash" if in_trash else "",
        }

    def mention(self, mention: Mention, *, in_trash: bool = False) -> dict[str, str]:
        return {
            "span": f"[{mention.start}, {mention.end})",
            "quote": mention.quote,
            "actor": self._actor(mention.actor),
            "coder": self._coder(mention.coder),
            "modified": mention.modified,
            "trash": "in the trash" if in_trash else "",
        }

    def _coder(self, coder_id: int | None) -> str:
        if coder_id is None:
            return ""
        return next((c.name for c in self.project.coders() if c.id == coder_id), "")


def check_resolution(resolution: str) -> str:
    if resolution not in RESOLUTIONS:
        raise ClaimdeskError(
            f"unknown way to settle a conflict: {resolution!r}; use one of {', '.join(RESOLUTIONS)}"
        )
    return resolution
