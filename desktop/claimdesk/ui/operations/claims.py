"""Claim and mention operations, as the coding window offers them."""

from __future__ import annotations

from claimdesk.core.model import Changes
from claimdesk.core.store import UNSET, Project
from claimdesk.core.text import snap_to_words, trim_span
from claimdesk.ui.operations.actors import find_or_add_actor


def _start_coding(project: Project, document: int) -> None:
    """A document the coder starts on moves from to-do to in progress (inside the caller's step)."""
    if (
        project.statuses(document).get(
            project.record_uuid("coders", project.coder_id()) or "", "todo"
        )
        == "todo"
    ):
        project.set_status(document, "in-progress")


def selection_span(text: str, start: int, end: int, *, exact: bool = False) -> tuple[int, int]:
    """The span a selection makes: snapped to whole words (unless ``exact``) and trimmed."""
    return trim_span(text, start, end) if exact else snap_to_words(text, start, end)


def add_claim(project: Project, *, document: int, start: int, end: int) -> Changes:
    """Make ``[start, end)`` a claim; the document becomes 'in progress' for the coder."""
    with project.write("Add Claim") as step:
        changes = project.add_claim(document=document, start=start, end=end)
        _start_coding(project, document)
        step.changes.id = changes.id
    return step.changes


def add_mention(
    project: Project, *, document: int, start: int, end: int, actor_name: str
) -> Changes:
    """Tag ``[start, end)`` as a mention of the named actor (created when new)."""
    with project.write("Add Mention") as step:
        actor_id, _ = find_or_add_actor(project, name=actor_name)
        changes = project.add_mention(document=document, start=start, end=end, actor=actor_id)
        _start_coding(project, document)
        step.changes.id = changes.id
    return step.changes


def set_claimant(project: Project, *, claim: int, name: str) -> Changes:
    """Set the claimant by name or alias; an unknown name creates the actor in the same step."""
    with project.write("Set Claimant") as step:
        actor_id = find_or_add_actor(project, name=name)[0] if name.strip() else None
        project.update_claim(claim, claimant=actor_id)
    return step.changes


def set_addressee(project: Project, *, claim: int, name: str) -> Changes:
    with project.write("Set Addressee") as step:
        actor_id = find_or_add_actor(project, name=name)[0] if name.strip() else None
        project.update_claim(claim, addressee=actor_id)
    return step.changes


def set_stance(project: Project, *, claim: int, stance: int | None) -> Changes:
    return project.update_claim(claim, stance=stance, name="Set Stance")


def set_target(project: Project, *, claim: int, label: str) -> Changes:
    """Set the target: an issue by its label, or an actor by name; unknown text becomes a new issue.

    ``"actor: Huawei"`` forces an actor, ``"issue: ..."`` an issue.
    """
    label = label.strip()
    with project.write("Set Target") as step:
        if not label:
            project.update_claim(claim, target_issue=None, target_actor=None)
            return step.changes
        kind, _, rest = label.partition(":")
        if kind.strip().casefold() == "actor" and rest.strip():
            actor_id, _ = find_or_add_actor(project, name=rest.strip())
            project.update_claim(claim, target_actor=actor_id)
            return step.changes
        if kind.strip().casefold() == "issue" and rest.strip():
            label = rest.strip()
        issue = next(
            (i for i in project.codebook().issues if i.label.casefold() == label.casefold()), None
        )
        if issue is None and kind.strip().casefold() != "issue":
            actor = project.find_actor(label)
            if actor is not None:
                project.update_claim(claim, target_actor=actor.id)
                return step.changes
        issue_id = issue.id if issue is not None else project.add_issue(label).id
        project.update_claim(claim, target_issue=issue_id)
    return step.changes


def set_tags(project: Project, *, claim: int, labels: list[str]) -> Changes:
    """Set the claim's tags by label; unknown labels become new tags."""
    with project.write("Set Tags") as step:
        tags = {t.label.casefold(): t.uuid for t in project.codebook().tags}
        uuids = []
        for label in (x.strip() for x in labels):
            if not label:
                continue
            if label.casefold() not in tags:
                tag_id = project.add_tag(label).id
                tags[label.casefold()] = project.record_uuid("tags", tag_id) or ""
            if tags[label.casefold()] not in uuids:
                uuids.append(tags[label.casefold()])
        project.update_claim(claim, tags=uuids)
    return step.changes


def set_note(project: Project, *, claim: int, note: str) -> Changes:
    return project.update_claim(claim, note=note, name="Edit Note")


def delete_claims(project: Project, *, claims: list[int]) -> Changes:
    return project.delete_claims(claims)


def delete_mentions(project: Project, *, mentions: list[int]) -> Changes:
    return project.delete_mentions(mentions)


__all__ = [
    "UNSET",
    "add_claim",
    "add_mention",
    "delete_claims",
    "delete_mentions",
    "selection_span",
    "set_addressee",
    "set_claimant",
    "set_note",
    "set_stance",
    "set_tags",
    "set_target",
]
