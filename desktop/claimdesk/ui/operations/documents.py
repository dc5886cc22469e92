"""Document operations: status, metadata, trash."""

from __future__ import annotations

from typing import Any

from claimdesk.core.model import Changes
from claimdesk.core.store import Project


def toggle_done(project: Project, *, document: int) -> Changes:
    """Mark a document done for the current coder, or back to in progress when it was done."""
    coder_uuid = project.record_uuid("coders", project.coder_id()) or ""
    current = project.statuses(document).get(coder_uuid, "todo")
    return project.set_status(document, "in-progress" if current == "done" else "done")


def edit_metadata(project: Project, *, document: int, **fields: Any) -> Changes:
    return project.update_document(document, **fields)


def delete_documents(project: Project, *, documents: list[int]) -> Changes:
    return project.delete_documents(documents)


def restore_documents(project: Project, *, documents: list[int]) -> Changes:
    return project.restore_documents(documents)


def restore_from_trash(project: Project, *, kind: str, ids: list[int]) -> Changes:
    """Bring records of one kind (documents, claims, mentions, actors) back from the trash."""
    restore = {
        "documents": project.restore_documents,
        "claims": project.restore_claims,
        "mentions": project.restore_mentions,
        "actors": project.restore_actors,
    }[kind]
    return restore(ids)


def empty_trash(project: Project) -> Changes:
    """Delete what is in the trash for good (not undoable; it also clears the undo history)."""
    count = project.empty_trash()
    return Changes(name=f"Empty Trash ({count} records deleted)", count=count)


def paste_article(
    project: Project,
    *,
    text: str,
    title: str = "",
    published: str | None = None,
    source: str = "",
    url: str = "",
) -> Changes:
    """Add pasted text as a new article, through the same duplicate check as every import."""
    from claimdesk.core.errors import ProjectError
    from claimdesk.core.model import utc_now
    from claimdesk.formats import ReadOptions
    from claimdesk.formats._blocks import article_from_text

    document = article_from_text(
        text,
        file=f"pasted {utc_now()[:16].replace('T', ' ')}",
        title=title,
        published=published,
        source=source,
        url=url,
        options=ReadOptions(max_chars=int(project.setting("max_article_chars", 10_000_000))),
    )
    existing = project.existing_document(document.sha256)
    if existing is not None:
        other = project.document(existing)
        raise ProjectError(f"This text is already in the project: “{other.title or other.file}”")
    result = project.import_documents([document], source="clipboard", name="Paste Article")
    result.changes.id = result.imported[0] if result.imported else None
    return result.changes
