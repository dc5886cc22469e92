"""Regenerate the team screenshots in docs/: two coders' claims, the merge preview, agreement.

Run under a virtual display so that the windows are real:

    xvfb-run -s "-screen 0 1400x900x24" .venv/bin/python docs/team_screenshots.py

The scenario is docs/teams.md's: the lead assigns a reliability sample of the
demo articles to anna and ben, both code it in their own copy, and the lead
merges the copies and reads the agreement.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import shots

HERE = shots.HERE

#: ben codes differently: another stance here, a wider span there, a claim left out.
BEN_STANCE = {1: "neutral", 5: "support"}
BEN_WIDER = {2, 6}
BEN_SKIPS = {4}


def code_sample(path: Path, coder: str) -> None:
    """``coder`` codes the reliability sample in their copy, after the demo's sample claims."""
    from claimdesk.core.store import Project
    from claimdesk.paths import seeds_path

    claims = json.loads((seeds_path() / "demo.json").read_text(encoding="utf-8"))["claims"]
    with Project.open(path, coder=coder) as project:
        stances = {s.label: s.id for s in project.codebook().stances}
        issues = {i.label: i.id for i in project.codebook().issues}
        sample = set(project.reliability_sample())
        number = 0
        for claim in claims:
            doc = project.document_id(claim["file"])
            if doc not in sample:
                continue
            number += 1
            if coder == "ben" and number in BEN_SKIPS:
                continue
            text = project.document(doc).text
            start = text.index(claim["quote"])
            end = start + len(claim["quote"])
            if coder == "ben" and number in BEN_WIDER:
                end = min(len(text), text.find(".", end) + 1 or end)
            stance = claim.get("stance")
            if coder == "ben":
                stance = BEN_STANCE.get(number, stance)
            claimant = project.find_actor(claim.get("claimant") or "")
            project.add_claim(
                document=doc,
                start=start,
                end=end,
                claimant=claimant.id if claimant else None,
                stance=stances.get(stance),
                target_issue=issues.get((claim.get("target") or {}).get("issue")),
            )
        for doc in sample:
            project.set_status(doc, "done")


def main() -> int:
    app, scratch = shots.start("lead", prefix="claimdesk-team-docs-")
    from claimdesk.core.store import Project
    from claimdesk.demo import build_demo_project
    from claimdesk.formats.merging import merge_file
    from claimdesk.ui import open_main_window
    from claimdesk.ui.agreement_dialog import AgreementDialog
    from claimdesk.ui.merge_dialog import MergeDialog

    master = scratch / "study.claimdesk"
    with build_demo_project(master, coder="lead") as project:
        kept = project.claims()[0]  # one sample claim stays, and both coders will edit it
        project.delete_claims([c.id for c in project.claims() if c.id != kept.id])
        project.assign_documents(
            coders=["anna", "ben"], reliability=4, seed=3, documents=project.document_ids()
        )
        project.assign([kept.document], coder="anna")
        project.assign([kept.document], coder="ben")
    for coder in ("anna", "ben"):
        shutil.copyfile(master, scratch / f"{coder}.claimdesk")
        code_sample(scratch / f"{coder}.claimdesk", coder)
    with Project.open(scratch / "anna.claimdesk", coder="anna") as anna:
        anna.update_claim(kept.id, note="Trump writes this in a letter to allies.")
    with Project.open(scratch / "ben.claimdesk", coder="ben") as ben:
        neutral = next(s.id for s in ben.codebook().stances if s.label == "neutral")
        ben.update_claim(kept.id, stance=neutral)
    with Project.open(master, coder="lead") as project:
        merge_file(project, scratch / "anna.claimdesk", prefer="theirs")
        preview = merge_file(project, scratch / "ben.claimdesk", dry_run=True)

    window = open_main_window(master)
    window.resize(1400, 900)
    dialog = MergeDialog("ben.claimdesk", preview, window)
    dialog.resize(1000, 560)
    dialog.show()
    shots.settle(app)
    dialog.grab().save(str(HERE / "screenshot-merge.png"))
    dialog.close()
    with Project.open(master, coder="lead") as project:
        merge_file(project, scratch / "ben.claimdesk", prefer="ours")
    window.close()

    window = open_main_window(master)
    window.resize(1400, 900)
    sample = window.project.reliability_sample()
    window.select_document_row(window.model.row_of(sample[1]))
    shots.settle(app)
    window.grab().save(str(HERE / "screenshot-team.png"))

    agreement = AgreementDialog(window.project, window, open_claim=window.show_claim)
    agreement.set_coders(["anna", "ben"])
    agreement.resize(1000, 720)
    agreement.show()
    shots.settle(app)
    agreement.grab().save(str(HERE / "screenshot-agreement.png"))
    agreement.close()
    window.close()
    shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
