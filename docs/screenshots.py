"""Regenerate the screenshots in docs/ from the demo project.

Run under a virtual display so that the window is real:

    xvfb-run -s "-screen 0 1400x900x24" .venv/bin/python docs/screenshots.py
"""

from __future__ import annotations

import shots

HERE = shots.HERE


def main() -> int:
    app, scratch = shots.start()
    from claimdesk.demo import build_demo_project
    from claimdesk.ui import open_main_window

    path = scratch / "demo.claimdesk"
    build_demo_project(path).close()
    window = open_main_window(path)
    window.resize(1400, 900)
    shots.settle(app)
    window.grab().save(str(HERE / "screenshot-main.png"))

    # Coding a claim: select a sentence, press C, set claimant and stance.
    window.step_document(2)
    reader = window.reader
    cursor = reader.document().find("Pompeo")
    reader.setTextCursor(cursor)
    window.extend_to_sentence()
    window.new_claim()
    panel = window.claimPanel
    panel.claimant.setText("Pompeo")
    panel.claimant.returnPressed.emit()
    panel.set_stance_by_key("1")
    panel.target.setText("Ban on Chinese 5G equipment")
    panel.target.returnPressed.emit()
    shots.settle(app)
    window.grab().save(str(HERE / "screenshot-coding.png"))
    window.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
