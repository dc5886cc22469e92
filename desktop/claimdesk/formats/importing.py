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

from claimdesk.core.errors import Cancelled, FormatError
from claimdesk.core.matching import MergeReport
from claimdesk.core.model import Changes, Document
from claimdesk.core.store import Project
from claimdesk.formats import (
    Format,
    Problem,
    ReadOptions,
    all_formats,
    document_extensions,
    get_format,
    guess_format,
)

#: Called with ``(phase, done, total)``; phase is ``"reading"`` or ``"writing"``.
Progress = Callable[[str, int, int], None]


@dataclass
class ImportReport:
    """The outcome of one import run."""

    imported: list[Document] = field(default_factory=list)
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (file, existing document)
    failed: list[Problem] = field(default_factory=list)
    encodings: Counter[str] = field(default_factory=Counter)
    merges: list[MergeReport] = field(default_factory=list)
    cancelled: bool = False
    strict_refused: bool = False
    changes: Changes = field(default_factory=Changes)

    @property
    def written(self) -> bool:
        return bool(self.imported) or any(m.changes.count for m in self.merges)

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
        if self.strict_refused:
            text += " (--strict: nothing was written)"
        if self.cancelled:
            text += " (cancelled)"
        return text


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
                for name in sorted(files):
                    file = Path(root, name)
                    if not name.startswith(".") and file.suffix.lower() in extensions:
                        found.append((file, file.relative_to(path).as_posix()))
        else:
            found.append((path, path.name))
    return found


def import_paths(
    project: Project,
    paths: Sequence[str | os.PathLike[str]],
    *,
    format: str | None = None,
    encoding: str | None = None,
    strict: bool = False,
    progress: Progress | None = None,
    cancel: Callable[[], bool] | None = None,
) -> ImportReport:
    """Import article files, folders of them, and Claimdesk exports into ``project``.

    :param format: a format name that overrides the guess from content and extension
    :param encoding: decode every article with this codec instead of detecting
    :param strict: import nothing unless every file is good
    :param progress: ``progress(phase, done, total)`` while reading and writing
    :param cancel: polled regularly; True stops (documents already committed stay,
        and the report says so)
    """
    report = ImportReport()
    forced: Format | None = get_format(format) if format else None
    options = ReadOptions(
        encoding=encoding,
        fallback_encoding=project.setting("fallback_encoding", "cp1252"),
        max_chars=int(project.setting("max_article_chars", 10_000_000)),
    )
    files = collect_files(paths)
    for path, _name in files:
        if not path.exists():
            report.failed.append(Problem(str(path), "no such file or folder"))
    files = [(p, n) for p, n in files if p.exists()]
    documents: list[Document] = []
    corpora: list[Path] = []
    total = len(files)
    for done, (path, name) in enumerate(files, start=1):
        fmt = forced or guess_format(path)
        if fmt is None:
            report.failed.append(Problem(name, "not a file format Claimdesk reads"))
        elif fmt.kind == "project":
            corpora.append(path)
        elif fmt.read is None:
            report.failed.append(Problem(name, f"{fmt.name} files cannot be imported"))
        else:
            for item in fmt.read(path, name, options):
                if isinstance(item, Problem):
                    report.failed.append(item)
                else:
                    documents.append(item)
                    report.encodings[item.encoding] += 1
        if progress and (done % 50 == 0 or done == total):
            progress("reading", done, total)
        if cancel and cancel():
            report.cancelled = True
            return report
    from claimdesk.formats.corpus_json import load_corpus

    loaded = []
    for path in corpora:
        try:
            loaded.append((path, *load_corpus(path)))
        except FormatError as exc:
            report.failed.append(Problem(path.name, str(exc).removeprefix(f"{path.name}: ")))
    if strict and report.failed:
        report.strict_refused = True
        return report
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


def readable_formats() -> list[Format]:
    return [f for f in all_formats() if f.read is not None or f.kind == "project"]


__all__ = ["Cancelled", "ImportReport", "collect_files", "import_paths", "readable_formats"]
