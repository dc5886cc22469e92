"""Make docs/screenshot-export.png: the Export dialog on the demo project.

QT_QPA_PLATFORM=offscreen .venv/bin/python docs/screenshot_export.py
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from PySide6.QtWidgets import QApplication

HERE = Path(__file__).resolve().parent


def main() -> int:
    scratch = Path(tempfile.mkdtemp(prefix="claimdesk-docs-"))
    os.environ.setdefault("CLAIMDESK_CONFIG_DIR", str(scratch / "config"))
    os.environ.setdefault("CLAIMDESK_DATA_DIR", str(scratch / "data"))
    app = QApplication.instance() or QApplication(sys.argv[:1])
    from claimdesk.demo import build_demo_project
    from claimdesk.ui.export_dialog import ExportDialog

    project = build_demo_project(scratch / "demo.claimdesk")
    dialog = ExportDialog(project, current=1, listed=[1, 2, 3])
    dialog.format.setCurrentIndex(dialog.format.findData("graphml"))
    dialog.network.setCurrentIndex(dialog.network.findData("congruence"))
    dialog.date_from.setText("2019-10")
    dialog.date_to.setText("2019-12")
    dialog.path.setText("5g-study/congruence.graphml")
    dialog.show()
    for _ in range(10):
        app.processEvents()
    dialog.grab().save(str(HERE / "screenshot-export.png"))
    dialog.close()
    project.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
