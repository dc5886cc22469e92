"""Codebook files in the window: the preview an import shows before it changes anything."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from claimdesk.core.errors import ClaimdeskError
from claimdesk.core.store import Project
from claimdesk.ui import dialogs


def import_preview(parent: QWidget, project: Project, path: Path) -> str | None:
    """Show what importing a codebook file would do; ``merge``, ``replace`` or None (cancel)."""
    from claimdesk.formats.codebooks import import_codebook_file

    try:
        preview = import_codebook_file(project, path, dry_run=True)
    except ClaimdeskError as exc:
        dialogs.show_error(parent, str(exc))
        return None
    lines = [f"{path.name}: {preview.summary()}.", *preview.notes]
    if preview.conflicts:
        lines += ["", "Described differently in the file (a merge keeps yours):"]
        lines += [f"• {c.describe()}" for c in preview.conflicts[:20]]
        if len(preview.conflicts) > 20:
            lines.append(f"… and {len(preview.conflicts) - 20} more")
    box = QMessageBox(QMessageBox.Icon.Question, "Import codebook", "\n".join(lines), parent=parent)
    box.setObjectName("codebookImportPreview")
    box.setTextFormat(Qt.TextFormat.PlainText)
    merge = box.addButton("Merge", QMessageBox.ButtonRole.AcceptRole)
    replace = box.addButton("Replace Ours", QMessageBox.ButtonRole.DestructiveRole)
    replace.setToolTip(
        "Make this project's codebook the file's: refused if claims still use what it lacks"
    )
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    if box.clickedButton() is merge:
        return "merge"
    if box.clickedButton() is replace:
        return "replace"
    return None
