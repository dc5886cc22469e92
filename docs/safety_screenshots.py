"""Regenerate the screenshots of docs/safety.md: restoring a backup, orphans, a project in use.

    xvfb-run -a -s "-screen 0 1400x900x24" .venv/bin/python docs/safety_screenshots.py

The scenario: the demo project, backed up; an article's text is then edited
so that one claim loses its place (an orphan), and a second Claimdesk has
another project open, which this window opens read-only.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from PySide6.QtWidgets import QApplication

HERE = Path(__file__).resolve().parent
FIRST = "000_976797ab8663bd03.txt"
HOLD = """
import sys
from claimdesk.core import Project
project = Project.open(sys.argv[1], coder="ben")
print("open", flush=True)
sys.stdin.readline()
project.close()
"""


def settle(app: QApplication) -> None:
    for _ in range(8):
        app.processEvents()


def main() -> int:
    work = Path(tempfile.mkdtemp(prefix="claimdesk-safety-shots-"))
    os.environ["CLAIMDESK_CONFIG_DIR"] = str(work / "config")
    os.environ["CLAIMDESK_DATA_DIR"] = str(work / "data")
    (work / "config").mkdir()
    (work / "config" / "settings.json").write_text(
        '{"coder": "anna", "coder_confirmed": true, "welcome_seen": true}', encoding="utf-8"
    )
    app = QApplication.instance() or QApplication(sys.argv[:1])

    from claimdesk.core import Project
    from claimdesk.core.backups import make_backup
    from claimdesk.demo import build_demo_project
    from claimdesk.ui import open_main_window, safety

    path = work / "study.claimdesk"
    with build_demo_project(path, coder="anna") as project:
        make_backup(project, "manual")
    with Project.open(path, coder="anna") as project:
        doc = project.document_id(FIRST)
        text = project.document(doc).text
        cut = text.index("De VS denkt")
        end = text.index("altijd ontkend.") + len("altijd ontkend.")
        project.edit_document_text(
            doc, text[:cut] + "Volgens Washington is de apparatuur een risico." + text[end:]
        )

    window = open_main_window(path)
    window.resize(1400, 900)
    settle(app)
    window.grab().save(str(HERE / "screenshot-orphans-window.png"))
    dialog = safety.orphans_dialog(window)
    select = window.reader.document().find("Volgens Washington is de apparatuur een risico.")
    window.reader.setTextCursor(select)
    settle(app)
    dialog.grab().save(str(HERE / "screenshot-orphans.png"))
    dialog.close()

    restore = safety.RestoreDialog(window)
    restore.resize(820, 380)
    restore.show()
    settle(app)
    restore.grab().save(str(HERE / "screenshot-restore.png"))
    restore.close()

    shared = work / "shared.claimdesk"
    build_demo_project(shared, coder="ben").close()
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(shared)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
        safety.ask_read_only = lambda parent, where, exc: True  # the user's choice
        window.open_project(shared)
        settle(app)
        window.grab().save(str(HERE / "screenshot-read-only.png"))
    finally:
        assert holder.stdin is not None
        holder.stdin.write("\n")
        holder.stdin.close()
        holder.wait(timeout=30)
    window.close()
    print(
        "wrote docs/screenshot-orphans-window.png, screenshot-orphans.png, screenshot-restore.png, "
        "screenshot-read-only.png"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
