"""Regenerate docs/screenshot-dense-article.png: the article with 1,000 claims the benchmark opens.

The demo project with the benchmark's dense article added (``bench/corpora.py``: 50,000
characters, 1,000 overlapping claims, 300 mentions), opened in the window. Run under a
virtual display so that the window is real:

    xvfb-run -s "-screen 0 1400x900x24" .venv/bin/python docs/performance_screenshot.py
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from PySide6.QtWidgets import QApplication

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "bench"))


def main() -> int:
    scratch = Path(tempfile.mkdtemp(prefix="claimdesk-docs-"))
    os.environ["CLAIMDESK_CONFIG_DIR"] = str(scratch / "config")
    os.environ["CLAIMDESK_DATA_DIR"] = str(scratch / "data")
    from claimdesk.core.settings import Settings

    settings = Settings.load()
    settings.coder, settings.coder_confirmed = "anna", True
    settings.save()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    from claimdesk.demo import build_demo_project
    from claimdesk.ui import open_main_window
    from corpora import add_dense_document

    path = scratch / "demo.claimdesk"
    with build_demo_project(path) as project:
        project.coder = "anna"
        dense = add_dense_document(project)
    window = open_main_window(path)
    window.resize(1400, 900)
    for _ in range(10):
        app.processEvents()
    window.select_document_row(window.model.row_of(dense))
    window.select_claim(window.project.claims(document=dense)[3].id)
    for _ in range(10):
        app.processEvents()
    out = HERE / "screenshot-dense-article.png"
    window.grab().save(str(out))
    window.close()
    print(out.name)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
