"""Regenerate the coding-aids screenshots in docs/: actor manager, suggestions, codebook editor.

Run under a virtual display so that the windows are real:

    xvfb-run -s "-screen 0 1400x900x24" .venv/bin/python docs/coding_aids_screenshots.py

The scenario is docs/coding-aids.md's: the demo project with a keyword list
and a claim variable, the actor manager open below the reader, and the
codebook editor on its stance scale and its variables.
"""

from __future__ import annotations

import shots

HERE = shots.HERE


def main() -> int:
    app, scratch = shots.start()
    from claimdesk.core.keywords import Keyword, save_keywords
    from claimdesk.demo import build_demo_project
    from claimdesk.ui import open_main_window
    from claimdesk.ui.codebook_dialog import CodebookDialog
    from claimdesk.ui.operations import codebook as ops

    path = scratch / "demo.claimdesk"
    with build_demo_project(path) as project:
        ops.add_variable(project, name="form", values=["statement", "interview", "letter"])
        ops.add_variable(project, name="section", applies_to="document", kind="text")
        ops.add_tag(project, label="security", category="Frame")
        ops.add_tag(project, label="economy", category="Frame")
        save_keywords(
            project,
            [
                Keyword("veiligheid*", "#E69F00"),
                Keyword("spionage|espionage|security", "#56B4E9", True),
            ],
        )
        huawei = project.find_actor("Huawei")
        assert huawei is not None and huawei.id is not None
        project.update_actor(
            huawei.id,
            notes="Chinese maker of telecom equipment.\n\n- **2019**: on the US Entity List\n"
            "- see the AIVD annual report",
        )
        project.clear_history()

    window = open_main_window(path)
    window.resize(1400, 900)
    window.select_document_row(0)
    window.aids.dock.show()
    shots.settle(app, 20)
    dock = window.aids.dock
    dock.select_actors([huawei.id])
    first = next(iter(window._claims))
    window.select_claim(first)
    shots.settle(app, 20)
    window.grab().save(str(HERE / "screenshot-actors.png"))

    dialog = CodebookDialog(window)
    dialog.resize(860, 520)
    dialog.show()
    shots.settle(app, 20)
    dialog.grab().save(str(HERE / "screenshot-codebook.png"))
    dialog.tabs.setCurrentIndex(4)
    shots.settle(app, 20)
    dialog.grab().save(str(HERE / "screenshot-codebook-variables.png"))
    dialog.close()
    window.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
