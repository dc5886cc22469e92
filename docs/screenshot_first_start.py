"""Regenerate docs/screenshot-first-start.png: the window as a first start shows it.

The demo project with the "how to code a claim" guide over the reading view. Run under
a virtual display so that the window is real:

    xvfb-run -s "-screen 0 1400x900x24" .venv/bin/python docs/screenshot_first_start.py
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
    os.environ["CLAIMDESK_CONFIG_DIR"] = str(scratch / "config")
    os.environ["CLAIMDESK_DATA_DIR"] = str(scratch / "data")
    from claimdesk.core.settings import Settings, data_dir

    settings = Settings.load()
    settings.coder, settings.coder_confirmed = "anna", True
    settings.save()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    from claimdesk.demo import build_demo_project
    from claimdesk.ui import open_main_window
    from claimdesk.ui.welcome import show_on_first_run

    path = data_dir() / "demo.claimdesk"
    path.parent.mkdir(parents=True)
    build_demo_project(path).close()
    window = open_main_window(path)
    window.resize(1400, 900)
    for _ in range(10):
        app.processEvents()
    show_on_first_run(window)
    for _ in range(10):
        app.processEvents()
    window.grab().save(str(HERE / "screenshot-first-start.png"))
    window.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
