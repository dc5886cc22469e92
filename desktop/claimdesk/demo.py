"""The demo project: the articles of ``seeds/`` with sample actors, issues, claims and mentions.

Every record gets a deterministic id (``uuid5``), so two copies of the demo
are mergeable. The window opens it when started without a project.

>>> project = build_demo_project("demo.claimdesk")
>>> project.counts()["documents"]
14
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from claimdesk.core.errors import ClaimdeskError
from claimdesk.core.model import Coder, stable_uuid
from claimdesk.core.store import Project
from claimdesk.formats import ReadOptions
from claimdesk.formats.article_text import read as read_article
from claimdesk.paths import seeds_path


def build_demo_project(path: str | os.PathLike[str], *, coder: str = "demo") -> Project:
    """Create the demo project at ``path`` from ``seeds/`` and ``seeds/demo.json``."""
    seeds = seeds_path()
    definition = json.loads((seeds / "demo.json").read_text(encoding="utf-8"))
    project = Project.create(
        path, name=definition["name"], uuid=stable_uuid("demo/project"), coder=coder
    )
    try:
        _fill(project, seeds, definition)
    except BaseException:
        project.close()
        Path(path).unlink(missing_ok=True)
        raise
    return project


def _fill(project: Project, seeds: Path, definition: dict) -> None:
    project.add_coders([Coder(name=project.coder, uuid=stable_uuid(f"demo/coder/{project.coder}"))])
    documents = []
    for file in sorted(seeds.glob("*.txt")):
        for item in read_article(file, file.name, ReadOptions()):
            if not hasattr(item, "text"):
                raise ClaimdeskError(f"demo article {item}")
            item.uuid = stable_uuid(f"demo/document/{file.name}")
            documents.append(item)
    project.import_documents(documents, source="seeds", name="Import Demo Articles")
    by_file = {d.file: d for d in documents}
    with project.write("Build Demo Project") as step:
        project.set_project_info(memo=definition.get("memo", ""))
        issues = {}
        for issue in definition.get("issues", []):
            issues[issue["label"]] = project.add_issue(
                issue["label"],
                description=issue.get("description", ""),
                uuid=stable_uuid(f"demo/issue/{issue['label']}"),
            ).id
        actors: dict[str, int] = {}
        for actor in definition.get("actors", []):
            actors[actor["name"]] = project.add_actor(
                actor["name"],
                type=actor.get("type", "other"),
                aliases=actor.get("aliases", []),
                color=actor.get("color", ""),
                uuid=stable_uuid(f"demo/actor/{actor['name']}"),
            ).id  # type: ignore[assignment]
        for actor in definition.get("actors", []):
            if actor.get("parent"):
                project.update_actor(actors[actor["name"]], parent=actors[actor["parent"]])
        stances = {s.label: s.id for s in project.codebook().stances}
        for claim in definition.get("claims", []):
            doc = by_file[claim["file"]]
            start = doc.text.index(claim["quote"])
            target = claim.get("target") or {}
            assert doc.id is not None
            project.add_claim(
                document=doc.id,
                start=start,
                end=start + len(claim["quote"]),
                quote=claim["quote"],
                claimant=actors.get(claim.get("claimant")),
                stance=stances.get(claim.get("stance")),
                target_issue=issues.get(target.get("issue")),
                target_actor=actors.get(target.get("actor")),
                addressee=actors.get(claim.get("addressee") or ""),
                note=claim.get("note", ""),
                uuid=stable_uuid(f"demo/claim/{claim['file']}/{start}"),
            )
        for mention in definition.get("mentions", []):
            doc = by_file[mention["file"]]
            start = doc.text.index(mention["quote"])
            assert doc.id is not None
            project.add_mention(
                document=doc.id,
                start=start,
                end=start + len(mention["quote"]),
                actor=actors[mention["actor"]],
                uuid=stable_uuid(f"demo/mention/{mention['file']}/{start}"),
            )
    del step
    # Building the demo is not something a user would want to undo step by step.
    project.clear_history()
