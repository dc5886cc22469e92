"""Importing files and folders into a project: the outcome rules of DESIGN decision 6.

Every file is parsed and checked before anything is written; good documents
are then committed in batches; bad files and duplicates are reported with
reasons. Exit codes: 0 when every file was imported or was a duplicate,
1 when nothing was written because of an error, 3 when some files failed
and the rest were imported. ``strict=True`` makes it all or nothing.

>>> report = import_paths(project, ["seeds/"])
>>> report.summary()
'14 imported, 0 duplicates, 0 failed'
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from claimdesk.core.errors import Cancelled, FormatError
from claimdesk.core.matching import MergeReport
from claimdesk.core.model import Changes, Document
from claimdesk.core.store import Project, TextChange
from claimdesk.formats import (
    Format,
    Note,
    Problem,
    ReadOptions,
    all_formats,
    document_extensions,
    get_format,
)
from claimdesk.formats.reading import Corpus, read_files

#: Called with ``(phase, done, total)``; phase is ``"reading"`` or ``"writing"``.
Progress = Callable[[str, int, int], None]


@dataclass
class ImportReport:
    """The outcome of one import run."""

    imported: list[Document] = field(default_factory=list)
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (file, existing document)
    failed: list[Problem] = field(default_factory=list)
    #: What readers changed or left out of files they did read (scripts removed, rows skipped).
    notes: list[Note] = field(default_factory=list)
    #: Articles imported before from the same file, now with another text: ``(document, what
    #: re-anchoring did)``; the old text is kept as a version (``core.store._versions``).
    updated: list[tuple[Document, TextChange]] = field(default_factory=list)
    encodings: Counter[str] = field(default_factory=Counter)
    merges: list[MergeReport] = field(default_factory=list)
    cancelled: bool = False
    strict_refused: bool = False
    changes: Changes = field(default_factory=Changes)

    @property
    def written(self) -> bool:
        return (
            bool(self.imported) or bool(self.updated) or any(m.changes.count for m in self.merges)
        )

    @property
    def exit_code(self) -> int:
        if not self.failed:
            return 0
        return 3 if self.written else 1

    def summary(self) -> str:
        text = f"{len(self.imported)} imported, {len(self.duplicates)} duplicates, {len(self.failed)} failed"
        for merge in self.merges:
            text += (
                f"; corpus: {merge.documents_added} documents added, {merge.documents_matched} matched, "
                f"{merge.claims_added} claims and {merge.mentions_added} mentions added"
            )
        if self.updated:
            text += "; " + _updated_summary(self.updated)
        if self.strict_refused:
            text += " (--strict: nothing was written)"
        if self.cancelled:
            text += " (cancelled)"
        return text


def _updated_summary(updated: list[tuple[Document, TextChange]]) -> str:
    """``1 changed document updated: 12 claims carried over (3 moved), 1 claim orphaned``."""
    n = len(updated)
    carried = sum(c.carried("claims") for _, c in updated)
    moved = sum(c.moved("claims") for _, c in updated)
    orphaned = sum(c.orphaned("claims") for _, c in updated)
    lost_mentions = sum(c.orphaned("mentions") for _, c in updated)
    text = (
        f"{n} changed document{'' if n == 1 else 's'} updated: {carried} claim"
        f"{'' if carried == 1 else 's'} carried over ({moved} moved), {orphaned} claim"
        f"{'' if orphaned == 1 else 's'} orphaned"
    )
    if lost_mentions:
        text += f", {lost_mentions} mention{'' if lost_mentions == 1 else 's'} orphaned"
    return text


def _update_changed(
    project: Project, documents: list[Document], report: ImportReport
) -> list[Document]:
    """Articles imported before from the same file with another text become new versions of
    their documents (claims re-anchored, the old text kept); the others are returned."""
    files = Counter(d.file for d in documents)
    stored = project.document_files()  # only these can be imported again
    pairs: list[tuple[int, Document]] = []
    rest: list[Document] = []
    for doc in documents:
        again = doc.file and doc.file in stored and files[doc.file] == 1
        target = project.reimport_target(doc) if again else None
        if target is None:
            rest.append(doc)
        else:
            pairs.append((target, doc))
    if pairs:
        name = "Update " + (pairs[0][1].file if len(pairs) == 1 else f"{len(pairs)} Documents")
        changes = project.reimport_documents(pairs, name=name)
        report.updated = [(doc, change) for (_, doc), change in zip(pairs, changes, strict=True)]
        report.changes.merge(changes[0].changes)
    return rest


def collect_files(paths: Iterable[str | os.PathLike[str]]) -> list[tuple[Path, str]]:
    """``(file, name relative to what the user gave)`` for files and folders (recursive).

    Folders contribute the files with an article extension, skipping hidden
    files and folders; a file named explicitly is always taken.
    """
    extensions = document_extensions()
    found: list[tuple[Path, str]] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                folder = Path(root)
                prefix = folder.relative_to(path).as_posix() + "/"
                prefix = "" if prefix == "./" else prefix
                for name in sorted(files):
                    if not name.startswith(".") and _suffix(name) in extensions:
                        found.append((folder / name, prefix + name))
        else:
            found.append((path, path.name))
    return found


def _suffix(name: str) -> str:
    """``Path(name).suffix.lower()`` without making a path of every file in a folder."""
    dot = name.rfind(".")
    return name[dot:].lower() if 0 < dot < len(name) - 1 else ""


def import_paths(
    project: Project,
    paths: Sequence[str | os.PathLike[str]],
    *,
    format: str | None = None,
    encoding: str | None = None,
    strict: bool = False,
    mapping: dict[str, Any] | None = None,
    progress: Progress | None = None,
    cancel: Callable[[], bool] | None = None,
    processes: int | None = None,
) -> ImportReport:
    """Import article files, folders of them, and Claimdesk exports into ``project``.

    :param format: a format name that overrides the guess from content and extension
    :param encoding: decode every article with this codec instead of detecting
    :param strict: import nothing unless every file is good
    :param mapping: for tables, which column holds what (``{"text": "body", "date":
        "published"}``, see ``formats.table_rows``); remembered in the project. Without
        it the mapping used last in this project applies where it fits.
    :param progress: ``progress(phase, done, total)`` while reading and writing
    :param cancel: polled regularly; True stops (documents already committed stay,
        and the report says so)
    :param processes: processes that read files beside this one (``formats.reading``):
        None decides by how long reading would take; 0 reads every file here
    """
    report = ImportReport()
    if format:
        get_format(format)  # an unknown format name stops the import before anything is read
    options = ReadOptions(
        encoding=encoding,
        fallback_encoding=project.setting("fallback_encoding", "cp1252"),
        max_chars=int(project.setting("max_article_chars", 10_000_000)),
        mapping=mapping or _remembered_mapping(project),
    )
    # Files found in folders exist; only those named explicitly may not.
    for given in paths:
        if not os.path.exists(given):
            report.failed.append(Problem(str(Path(given)), "no such file or folder"))
    files = collect_files([p for p in paths if os.path.exists(p)])
    documents: list[Document] = []
    corpora: list[tuple[Path, Format]] = []
    reading = read_files(
        files,
        options=options,
        format=format,
        progress=(lambda done, total: progress("reading", done, total)) if progress else None,
        cancel=cancel,
        processes=processes,
    )
    for item in reading.items:
        if isinstance(item, Document):
            documents.append(item)
            if item.encoding:
                report.encodings[item.encoding] += 1
        elif isinstance(item, Problem):
            report.failed.append(item)
        elif isinstance(item, Note):
            report.notes.append(item)
        elif isinstance(item, Corpus):
            corpora.append((item.path, get_format(item.format)))
    if reading.cancelled:
        report.cancelled = True
        return report
    loaded = []
    for path, fmt in corpora:
        assert fmt.load is not None
        try:
            # A project format's loader may add what it could not place (a third item).
            header, docs, *unplaced = fmt.load(path)
        except FormatError as exc:
            report.failed.append(Problem(path.name, str(exc).removeprefix(f"{path.name}: ")))
            continue
        loaded.append((path, header, docs))
        report.failed.extend(Problem(path.name, p) for p in (unplaced[0] if unplaced else []))
    if strict and report.failed:
        report.strict_refused = True
        return report
    if mapping and not project.readonly:
        project.set_setting("table_mapping", mapping)
    if documents and not project.readonly:
        documents = _update_changed(project, documents, report)
    if documents:
        total_docs = len(documents)
        result = project.import_documents(
            documents,
            source=", ".join(str(p) for p in paths),
            name="Import " + (Path(paths[0]).name if len(paths) == 1 else f"{len(paths)} Sources"),
            progress=(lambda n: progress("writing", n, total_docs)) if progress else None,
            cancel=cancel,
        )
        by_id = {d.id: d for d in documents if d.id is not None}
        report.imported = [by_id[i] for i in result.imported]
        for doc, existing in result.duplicates:
            other = project.document(existing)
            report.duplicates.append((doc.file, other.file or other.title))
        report.cancelled = result.cancelled
        report.changes.merge(result.changes)
    from claimdesk.core.matching import merge_corpus

    for path, header, docs in loaded:
        if report.cancelled:
            break
        merge = merge_corpus(project, header, docs, name=f"Import {path.name}", cancel=cancel)
        report.merges.append(merge)
        report.cancelled = merge.cancelled
        report.changes.merge(merge.changes)
        report.failed.extend(Problem(path.name, p) for p in merge.problems)
    return report


def _remembered_mapping(project: Project) -> dict[str, Any] | None:
    """The table mapping used last in this project, applied only where its columns exist."""
    remembered = project.setting("table_mapping")
    return {**remembered, "remembered": True} if isinstance(remembered, dict) else None


def readable_formats() -> list[Format]:
    return [f for f in all_formats() if f.read is not None or f.load is not None]


__all__ = ["Cancelled", "ImportReport", "collect_files", "import_paths", "readable_formats"]
