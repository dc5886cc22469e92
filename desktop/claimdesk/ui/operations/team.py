"""Team operations: assigning documents to coders, and merging another coder's work."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

from claimdesk.core.matching import MergeReport
from claimdesk.core.model import Changes
from claimdesk.core.store import Project


def assign_documents(
    project: Project, *, coders: list[str], reliability: int, seed: int | None = None
) -> Changes:
    """Every coder gets the reliability sample; the other documents are split between them."""
    return project.assign_documents(coders=coders, reliability=reliability, seed=seed)


def merge(
    project: Project,
    *,
    path: Path,
    resolutions: Mapping[str, str] | None = None,
    dry_run: bool = False,
    progress: Callable[[str, int, int], None] | None = None,
    cancel: Callable[[], bool] | None = None,
) -> MergeReport:
    """Merge another coder's project file or export (a preview with ``dry_run``); one undo step."""
    from claimdesk.formats.merging import merge_file

    return merge_file(
        project,
        path,
        resolutions=resolutions,
        dry_run=dry_run,
        progress=progress,
        cancel=cancel,
    )
