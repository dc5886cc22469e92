"""What happened to each file of an import, as rows for the report dialog and a CSV file.

>>> rows = file_results(report)
>>> rows[0]
FileResult(file='nexis.docx#1', outcome='imported', title='Huawei barred from 5G core', details='')
>>> save_results_csv(rows, "import-report.csv")
"""

from __future__ import annotations

import csv
import os
from collections import defaultdict
from dataclasses import astuple, dataclass
from pathlib import Path

from claimdesk.formats._output import atomic_path
from claimdesk.formats.importing import ImportReport

#: The outcomes, in the order the report lists them.
OUTCOMES = ("imported", "updated", "duplicate", "failed", "note")


@dataclass(frozen=True, slots=True)
class FileResult:
    """One file (or one article of a batch, ``batch.docx#3``, or one row, ``table.csv#row7``)."""

    file: str
    outcome: str
    title: str = ""
    details: str = ""


def file_results(report: ImportReport) -> list[FileResult]:
    """Every imported, duplicate and failed file with its reason; notes go with their file."""
    notes: dict[str, list[str]] = defaultdict(list)
    for note in report.notes:
        notes[note.file].append(note.message)
    rows: list[FileResult] = []
    for document in report.imported:
        rows.append(
            FileResult(
                document.file, "imported", document.title, "; ".join(notes.pop(document.file, []))
            )
        )
    for document, change in report.updated:
        rows.append(
            FileResult(document.file, "updated", document.title, f"new text: {change.summary()}")
        )
    for file, existing in report.duplicates:
        rows.append(FileResult(file, "duplicate", "", f"same text as {existing}"))
    for problem in report.failed:
        rows.append(FileResult(problem.file, "failed", "", problem.message))
    for file, messages in notes.items():
        rows.append(FileResult(file, "note", "", "; ".join(messages)))
    return rows


def save_results_csv(rows: list[FileResult], destination: str | os.PathLike[str]) -> Path:
    """Write the rows as CSV (UTF-8 with a BOM, so that spreadsheet programs read accents)."""
    path = Path(destination)
    with atomic_path(path) as tmp, tmp.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["file", "outcome", "title", "details"])
        writer.writerows(astuple(row) for row in rows)
    return path
