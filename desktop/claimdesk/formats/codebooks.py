"""Codebook files: pick the format (JSON or REFI-QDA .qdc), export, and import into a project.

The window's codebook editor and ``claimdesk codebook export|import`` both
come here; the merging itself is :mod:`claimdesk.core.codebook_merge`.

>>> export_codebook_file(project, "scheme.qdc").name
'refi-qdc'
>>> import_codebook_file(other, "scheme.qdc").summary()
'0 added, 4 matched, 0 conflicts'
"""

from __future__ import annotations

import os
from pathlib import Path

from claimdesk.core.codebook_merge import CodebookReport, import_codebook
from claimdesk.core.errors import FormatError, ProjectError
from claimdesk.core.store import Project
from claimdesk.formats import SNIFF_BYTES, Format, all_formats, get_format


def codebook_formats() -> list[Format]:
    """The registered formats of kind ``codebook``."""
    return [f for f in all_formats() if f.kind == "codebook"]


def codebook_format(path: str | os.PathLike[str], *, reading: bool) -> Format:
    """The codebook format of a file: by its content when reading, by its extension when writing.

    :raises FormatError: no codebook format fits; the message names the file
    """
    path = Path(path)
    suffix = path.suffix.lower()
    formats = codebook_formats()
    if not reading:
        for fmt in formats:
            if suffix in fmt.extensions:
                return fmt
        known = ", ".join(ext for f in formats for ext in f.extensions)
        raise FormatError(f"{path.name}: a codebook is written as {known}; choose one of those")
    try:
        with path.open("rb") as fh:
            head = fh.read(SNIFF_BYTES)
    except OSError as exc:
        raise FormatError(f"{path.name}: cannot be read ({exc.strerror or exc})") from None
    scored = [(fmt.sniff(head, suffix), fmt) for fmt in formats]
    score, best = max(scored, key=lambda item: item[0])
    if score <= 0:
        raise FormatError(
            f"{path.name}: not a codebook (a Claimdesk codebook .json or a REFI-QDA .qdc)"
        )
    return best


def export_codebook_file(
    project: Project, destination: str | os.PathLike[str], *, format_name: str | None = None
) -> Format:
    """Write the project's codebook; the format follows the extension unless ``format_name`` is given."""
    fmt = get_format(format_name) if format_name else codebook_format(destination, reading=False)
    if fmt.kind != "codebook" or fmt.write is None:
        raise FormatError(f"{fmt.name} is not a codebook format")
    fmt.write(project, destination)
    return fmt


def read_codebook_file(
    path: str | os.PathLike[str], *, format_name: str | None = None
) -> tuple[dict, list[str]]:
    """A codebook file as a checked codebook (its JSON form), and notes on what it left out."""
    fmt = get_format(format_name) if format_name else codebook_format(path, reading=True)
    if fmt.kind != "codebook" or fmt.load is None:
        raise FormatError(f"{fmt.name} is not a codebook format")
    data, notes = fmt.load(Path(path))
    return data, notes


def import_codebook_file(
    project: Project,
    path: str | os.PathLike[str],
    *,
    replace: bool = False,
    dry_run: bool = False,
    format_name: str | None = None,
) -> CodebookReport:
    """Import a codebook file into the project (one undo step; see :mod:`core.codebook_merge`).

    :raises FormatError: the file is not a valid codebook; nothing is written
    :raises ProjectError: with ``replace``, the file would drop values still in use; nothing is written
    """
    path = Path(path)
    data, notes = read_codebook_file(path, format_name=format_name)
    try:
        report = import_codebook(
            project, data, replace=replace, dry_run=dry_run, name=f"Import Codebook {path.name}"
        )
    except ProjectError as exc:
        raise ProjectError(f"{path.name}: refused: {exc}; nothing was changed") from None
    report.notes = notes
    return report
