"""Text operations: editing a document's text, and what to do with orphans."""

from __future__ import annotations

from claimdesk.core.model import Changes
from claimdesk.core.store import Project


def edit_text(project: Project, *, document: int, text: str) -> Changes:
    """Give a document a new text; its claims and mentions follow it (one undo step).

    The returned changes are named after what happened to the claims, for the status bar.
    """
    change = project.edit_document_text(document, text)
    if change.version is None:
        change.changes.name = "Edit Text: the text is unchanged"
    else:
        change.changes.name = f"Edit Text: {change.summary()}"
    return change.changes


def reattach(project: Project, *, kind: str, span: int, start: int, end: int) -> Changes:
    """Give an orphaned claim or mention a place again: ``[start, end)`` of its document."""
    return project.reattach(kind, span, start=start, end=end)


def delete_orphans(project: Project, *, orphans: list[tuple[str, int]]) -> Changes:
    """Move orphaned claims and mentions to the trash (one undo step)."""
    claims = [i for kind, i in orphans if kind == "claim"]
    mentions = [i for kind, i in orphans if kind == "mention"]
    name = "Delete Orphan" + ("s" if len(orphans) > 1 else "")
    with project.write(name) as step:
        if claims:
            project.delete_claims(claims)
        if mentions:
            project.delete_mentions(mentions)
    return step.changes
