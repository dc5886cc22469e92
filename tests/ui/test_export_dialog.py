"""The Export dialog, driven through its widgets; the exported files are read back."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import networkx as nx
import pytest
from PySide6.QtWidgets import QDialog, QDialogButtonBox

from claimdesk.demo import build_demo_project
from claimdesk.ui import open_main_window
from claimdesk.ui.export_dialog import ExportDialog
from claimdesk.ui.mainwindow import MainWindow


@pytest.fixture
def window(qtbot, tmp_path: Path) -> MainWindow:
    path = tmp_path / "demo.claimdesk"
    build_demo_project(path).close()
    win = open_main_window(path)
    qtbot.addWidget(win)
    qtbot.waitExposed(win)
    return win  # type: ignore[return-value]


def choose(combo, data: str) -> None:
    combo.setCurrentIndex(combo.findData(data))


def test_file_export_opens_the_dialog_and_exports_a_table(
    qtbot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "actors.csv"
    seen: list[ExportDialog] = []

    def fill_and_accept(dialog: ExportDialog) -> int:
        seen.append(dialog)
        choose(dialog.format, "csv")
        assert dialog.table.isEnabled() and not dialog.network.isEnabled()
        choose(dialog.table, "actors")
        dialog.path.setText(str(out))
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
        return dialog.result()

    monkeypatch.setattr(ExportDialog, "exec", fill_and_accept)
    window.findChild(type(window.actionExport), "actionExport").trigger()
    task = window._tasks[-1]
    with qtbot.waitSignal(task.done, timeout=20_000):
        pass
    assert seen and seen[0].objectName() == "exportDialog"
    with out.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == window.project.counts()["actors"]
    assert "Exported 14 documents" in window.statusBar().currentMessage()


def test_dialog_scope_current_document_and_coder(qtbot, window: MainWindow, tmp_path: Path) -> None:
    window.select_document_row(0)
    listed = [window.model.document_id(r) for r in range(window.model.rowCount())]
    dialog = ExportDialog(window.project, current=window.current_document, listed=listed)
    qtbot.addWidget(dialog)
    choose(dialog.format, "json")
    choose(dialog.documents, "current")
    choose(dialog.coder, "demo")
    out = tmp_path / "one.json"
    dialog.path.setText(str(out))
    path, options, scope = dialog.choices()
    assert (options.format, scope.documents, scope.coder) == (
        "json",
        (window.current_document,),
        "demo",
    )
    from claimdesk.ui.export_dialog import run_export

    task = run_export(window, path, options, scope)
    with qtbot.waitSignal(task.done, timeout=20_000):
        pass
    data = json.loads(out.read_text(encoding="utf-8"))
    assert [d["id"] for d in data["documents"]] == [
        window.project.document(window.current_document).uuid
    ]


def test_dialog_network_options_and_date_range(qtbot, window: MainWindow, tmp_path: Path) -> None:
    dialog = ExportDialog(window.project)
    qtbot.addWidget(dialog)
    choose(dialog.format, "graphml")
    assert dialog.path.text().endswith(".graphml")
    assert dialog.network.isEnabled() and not dialog.table.isEnabled()
    choose(dialog.network, "congruence")
    dialog.date_from.setText("2019-10")
    dialog.date_to.setText("2019-12")
    out = tmp_path / "net.graphml"
    dialog.path.setText(str(out))
    path, options, scope = dialog.choices()
    from claimdesk.ui.export_dialog import run_export

    task = run_export(window, path, options, scope)
    with qtbot.waitSignal(task.done, timeout=20_000):
        pass
    graph = nx.read_graphml(out)
    assert all(d["weight"] > 0 for _, _, d in graph.edges(data=True))
    assert task.result.network == "congruence"


def test_dialog_refuses_a_bad_date_and_stays_open(qtbot, window: MainWindow) -> None:
    dialog = ExportDialog(window.project)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.date_from.setText("last spring")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert dialog.isVisible()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert "--from 'last spring' is not a date" in dialog.problem.text()


def test_cancelled_export_leaves_no_file(
    qtbot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(
        "claimdesk.ui.dialogs.show_error", lambda parent, message, *a, **k: shown.append(message)
    )
    from claimdesk.formats.exporting import ExportOptions
    from claimdesk.formats.scope import Scope
    from claimdesk.ui.export_dialog import run_export

    out = tmp_path / "report.html"
    task = run_export(window, out, ExportOptions("html"), Scope())
    task.cancel()
    with qtbot.waitSignal(task.error, timeout=20_000):
        pass
    assert not out.exists()
    assert shown and "cancelled" in shown[0]
