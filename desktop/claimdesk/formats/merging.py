"""Merging another coder's work into a project, from a Claimdesk project file or an export.

The other project file is opened read-only and read as the native corpus
(:func:`claimdesk.formats.corpus_json.iter_corpus`); a JSON export, or any
other project format of the registry, is loaded and checked first. Both then
go through :func:`claimdesk.core.matching.merge_corpus`: documents are matched
by uuid or text hash, actors by uuid or name/alias, the codebook by uuid or
label; what is new is added, what is there is kept, and a claim or mention
edited differently in both copies is a conflict settled as the user chose
(:mod:`claimdesk.core.conflicts`). The merge is one undo step; a dry run
works everything out and writes nothing.

>>> report = merge_file(project, "anna.claimdesk", dry_run=True)
>>> report.summary()
'0 documents added, 14 matched; 3 claims added, 16 already there; ...'
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from claimdesk.core.conflicts import Conflict, check_resolution
from claimdesk.core.errors import FormatError, NotAProject, ProjectError, ProjectTooNew
from claimdesk.core.matching import MergeReport, merge_corpus
from claimdesk.core.store import Project
from claimdesk.formats import guess_format

SQLITE_MAGIC = b"SQLite format 3\x00"
#: What the open dialog offers.
MERGE_FILTER = "Claimdesk projects and exports (*.claimdesk *.json *.jsonl);;All files (*)"


def _is_project_file(path: Path) -> bool:
    try:
        with path.open("rb") as fh:
            return fh.read(len(SQLITE_MAGIC)) == SQLITE_MAGIC
    except OSError:
        return False


@contextmanager
def _open_project_file(path: Path) -> Iterator[Project]:
    """The other project, read-only; one made by an older Claimdesk is upgraded in a copy."""
    scratch: Path | None = None
    try:
        other = Project.open(path, readonly=True)
    except (NotAProject, ProjectTooNew):
        raise
    except ProjectError:
        # A read-only open cannot upgrade an older schema: read an upgraded copy instead.
        scratch = Path(tempfile.mkdtemp(prefix="claimdesk-merge-"))
    try:
        if scratch is not None:
            copy = scratch / path.name
            shutil.copyfile(path, copy)
            other = Project.open(copy)
        try:
            yield other
        finally:
            other.close()
    finally:
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)


@contextmanager
def open_merge_source(
    path: str | os.PathLike[str],
) -> Iterator[tuple[dict[str, Any], Any, int]]:
    """``(header, documents, number of documents)`` of another project file or export.

    :raises FormatError: not a file Claimdesk can merge (with the reason)
    """
    path = Path(path)
    if not path.is_file():
        raise FormatError(f"{path}: no such file")
    if _is_project_file(path):
        from claimdesk.formats.corpus_json import iter_corpus

        with _open_project_file(path) as other:
            header, documents = iter_corpus(other)
            yield header, documents, other.document_count()
        return
    fmt = guess_format(path)
    if fmt is None or fmt.load is None:
        raise FormatError(
            f"{path.name}: not a Claimdesk project or export, so there is nothing to merge"
        )
    header, documents, *_unplaced = fmt.load(path)
    yield header, documents, len(documents)


def merge_file(
    project: Project,
    path: str | os.PathLike[str],
    *,
    prefer: str = "ours",
    resolutions: Mapping[str, str] | None = None,
    dry_run: bool = False,
    progress: Callable[[str, int, int], None] | None = None,
    cancel: Callable[[], bool] | None = None,
) -> MergeReport:
    """Merge another coder's project file or JSON export into ``project`` (one undo step).

    :param prefer: how conflicts are settled unless ``resolutions`` names
        them: ``ours`` (keep the project's version, the default), ``theirs``
        or ``both``
    :param resolutions: ``{record uuid: "ours" | "theirs" | "both"}``, as the
        user chose them in the preview
    :param dry_run: work the merge out and report it, but write nothing
    :raises FormatError: the file cannot be read; nothing is written
    """
    path = Path(path)
    check_resolution(prefer)
    chosen = {uuid: check_resolution(r) for uuid, r in (resolutions or {}).items()}
    if path.exists() and project.path.exists() and path.resolve() == project.path.resolve():
        raise FormatError(f"{path.name}: this is the open project; choose another coder's copy")

    def resolve(conflict: Conflict) -> str:
        return chosen.get(conflict.uuid, prefer)

    with open_merge_source(path) as (header, documents, total):
        return merge_corpus(
            project,
            header,
            documents,
            name=f"Merge {path.name}",
            progress=(lambda n: progress("merging", n, total)) if progress else None,
            cancel=cancel,
            resolve=resolve,
            dry_run=dry_run,
        )


__all__ = ["MERGE_FILTER", "merge_file", "open_merge_source"]
