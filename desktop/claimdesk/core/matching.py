"""Matching incoming records to the project's own, and merging a corpus in.

One place decides when an incoming record *is* one the project already has:
by UUID first, then by content (a document's text hash) or by name (an
actor's name or alias, a stance's or issue's label). JSON import, merging
another coder's work and codebook import all go through here (DESIGN
decision 2). Importing into an untouched project adopts the incoming
project's identity and codebook; into a project with work in it, it merges:
records the project has are kept as they are, new ones are added, and
claims that cannot be placed are reported, never forced in.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from claimdesk.core.errors import Cancelled, ClaimdeskError
from claimdesk.core.model import (
    Actor,
    Changes,
    Claim,
    Document,
    Issue,
    Mention,
    Stance,
    StructureRange,
    Tag,
    Variable,
)
from claimdesk.core.store import Project


@dataclass
class MergeReport:
    """What a corpus import added, found already there, and could not place."""

    adopted: bool = False
    documents_added: int = 0
    documents_matched: int = 0
    claims_added: int = 0
    claims_present: int = 0
    mentions_added: int = 0
    mentions_present: int = 0
    actors_added: int = 0
    actors_matched: int = 0
    problems: list[str] = field(default_factory=list)
    changes: Changes = field(default_factory=Changes)
    cancelled: bool = False


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


class Matcher:
    """Maps incoming uuids to the project's ids for one merge."""

    def __init__(self, project: Project, report: MergeReport) -> None:
        self.project = project
        self.report = report
        self.ids: dict[str, dict[str, int]] = {
            t: {} for t in ("stances", "issues", "tags", "variables", "coders", "actors")
        }
        #: incoming tag/variable uuid -> the project's uuid for it
        self.tag_uuid: dict[str, str] = {}
        self.variable_uuid: dict[str, str] = {}

    # -------------------------------------------------------------- codebook and people

    def _match(self, table: str, uuid: str, label: str, labels: dict[str, int]) -> int | None:
        found = self.project.record_id(table, uuid)
        if found is None:
            found = labels.get(_fold(label))
        return found

    def codebook(self, data: dict[str, Any]) -> None:
        book = self.project.codebook()
        stance_labels = {_fold(s.label): s.id for s in book.stances if s.id}
        for pos, s in enumerate(data.get("stances", []), start=len(book.stances)):
            found = self._match("stances", s["id"], s["label"], stance_labels)
            if found is None:
                found = self.project.store_stance(
                    Stance(
                        uuid=s["id"],
                        label=s["label"],
                        value=s.get("value"),
                        color=s.get("color", ""),
                        key=s.get("key", ""),
                        description=s.get("description", ""),
                    ),
                    pos,
                )
            self.ids["stances"][s["id"]] = found
        issue_labels = {_fold(i.label): i.id for i in book.issues if i.id}
        new_issues = []
        for pos, i in enumerate(data.get("issues", []), start=len(book.issues)):
            found = self._match("issues", i["id"], i["label"], issue_labels)
            if found is None:
                found = self.project.store_issue(
                    Issue(uuid=i["id"], label=i["label"], description=i.get("description", "")), pos
                )
                new_issues.append(i)
            self.ids["issues"][i["id"]] = found
        for i in new_issues:
            if i.get("parent"):
                self.project.set_issue_parent(
                    self.ids["issues"][i["id"]], self.ids["issues"].get(i["parent"])
                )
        tag_labels = {_fold(t.label): t.id for t in book.tags if t.id}
        tag_uuids = {t.id: t.uuid for t in book.tags}
        for pos, t in enumerate(data.get("tags", []), start=len(book.tags)):
            found = self._match("tags", t["id"], t["label"], tag_labels)
            if found is None:
                found = self.project.store_tag(
                    Tag(
                        uuid=t["id"],
                        label=t["label"],
                        category=t.get("category", ""),
                        color=t.get("color", ""),
                        description=t.get("description", ""),
                    ),
                    pos,
                )
                tag_uuids[found] = t["id"]
            self.ids["tags"][t["id"]] = found
            self.tag_uuid[t["id"]] = (
                tag_uuids.get(found) or self.project.record_uuid("tags", found) or t["id"]
            )
        var_labels = {_fold(f"{v.applies_to}:{v.name}"): v.id for v in book.variables if v.id}
        for pos, v in enumerate(data.get("variables", []), start=len(book.variables)):
            key = f"{v.get('applies_to', 'claim')}:{v['name']}"
            found = self._match("variables", v["id"], key, var_labels)
            if found is None:
                found = self.project.store_variable(
                    Variable(
                        uuid=v["id"],
                        name=v["name"],
                        applies_to=v.get("applies_to", "claim"),
                        kind=v.get("kind", "categorical"),
                        values=list(v.get("values", [])),
                        description=v.get("description", ""),
                    ),
                    pos,
                )
            self.ids["variables"][v["id"]] = found
            self.variable_uuid[v["id"]] = self.project.record_uuid("variables", found) or v["id"]
        for name in data.get("actor_types", []):
            self.project.add_actor_type(name)

    def coders(self, coders: Iterable[dict[str, Any]]) -> None:
        from claimdesk.core.model import Coder

        for coder_uuid, coder_id in self.project.add_coders(
            Coder(uuid=c["id"], name=c["name"]) for c in coders
        ).items():
            self.ids["coders"][coder_uuid] = coder_id

    def actors(self, actors: list[dict[str, Any]]) -> None:
        names: dict[str, int] = {}
        for actor in self.project.actors():
            for n in actor.names():
                names.setdefault(_fold(n), actor.id or 0)
        added = []
        for a in actors:
            found = self.project.record_id("actors", a["id"])
            if found is None:
                found = next(
                    (
                        names[_fold(n)]
                        for n in [a["name"], *a.get("aliases", [])]
                        if _fold(n) in names
                    ),
                    None,
                )
            if found is None:
                found = self.project.store_actor(
                    Actor(
                        uuid=a["id"],
                        name=a["name"],
                        type=a.get("type", "other"),
                        aliases=list(a.get("aliases", [])),
                        color=a.get("color", ""),
                        notes=a.get("notes", ""),
                        created=a.get("created", ""),
                        modified=a.get("modified", ""),
                    )
                )
                added.append(a)
                self.report.actors_added += 1
            else:
                self.report.actors_matched += 1
            self.ids["actors"][a["id"]] = found
        for a in added:
            if a.get("parent"):
                self.project.set_actor_parent(
                    self.ids["actors"][a["id"]], self.ids["actors"][a["parent"]]
                )

    # -------------------------------------------------------------- documents and spans

    def _ref(self, table: str, uuid: str | None) -> int | None:
        return None if uuid is None else self.ids[table][uuid]

    def document(self, d: dict[str, Any]) -> None:
        project = self.project
        doc = Document(
            uuid=d["id"],
            text=d["text"],
            title=d.get("title", ""),
            published=d.get("published"),
            source=d.get("source", ""),
            language=d.get("language"),
            url=d.get("url", ""),
            file=d.get("file", ""),
            other_files=list(d.get("other_files", [])),
            encoding=d.get("encoding", ""),
            metadata=dict(d.get("metadata", {})),
            variables={self.variable_uuid.get(k, k): v for k, v in d.get("variables", {}).items()},
            structure=[StructureRange(**s) for s in d.get("structure", [])],
            memo=d.get("memo", ""),
            created=d.get("created", ""),
            modified=d.get("modified", ""),
        )
        document_id = project.record_id("documents", doc.uuid)
        if document_id is None:
            document_id = project.existing_document(doc.sha256)
        label = doc.file or doc.title or doc.uuid
        if document_id is None:
            document_id = project.store_document(doc)
            self.report.documents_added += 1
        else:
            self.report.documents_matched += 1
        for coder_uuid, status in d.get("status", {}).items():
            project.store_status(document_id, self.ids["coders"][coder_uuid], status)
        for c in d.get("claims", []):
            if project.record_id("claims", c["id"]) is not None:
                self.report.claims_present += 1
                continue
            target = c.get("target") or {}
            claim = Claim(
                uuid=c["id"],
                document=document_id,
                start=c["start"],
                end=c["end"],
                quote=c["quote"],
                claimant=self._ref("actors", c.get("claimant")),
                stance=self._ref("stances", c.get("stance")),
                target_issue=self._ref("issues", target.get("issue")),
                target_actor=self._ref("actors", target.get("actor")),
                addressee=self._ref("actors", c.get("addressee")),
                tags=[self.tag_uuid.get(t, t) for t in c.get("tags", [])],
                variables={
                    self.variable_uuid.get(k, k): v for k, v in c.get("variables", {}).items()
                },
                note=c.get("note", ""),
                coder=self._ref("coders", c.get("coder")),
                created=c.get("created", ""),
                modified=c.get("modified", ""),
            )
            try:
                project.store_claim(claim)
                self.report.claims_added += 1
            except ClaimdeskError as exc:
                self.report.problems.append(f"{label}: claim {claim.uuid} not placed: {exc}")
        for m in d.get("mentions", []):
            if project.record_id("mentions", m["id"]) is not None:
                self.report.mentions_present += 1
                continue
            mention = Mention(
                uuid=m["id"],
                document=document_id,
                start=m["start"],
                end=m["end"],
                quote=m["quote"],
                actor=self._ref("actors", m.get("actor")),
                coder=self._ref("coders", m.get("coder")),
                created=m.get("created", ""),
                modified=m.get("modified", ""),
            )
            try:
                project.store_mention(mention)
                self.report.mentions_added += 1
            except ClaimdeskError as exc:
                self.report.problems.append(f"{label}: mention {mention.uuid} not placed: {exc}")


def merge_corpus(
    project: Project,
    header: dict[str, Any],
    documents: Iterable[dict[str, Any]],
    *,
    name: str = "Import Corpus",
    progress: Callable[[int], None] | None = None,
    cancel: Callable[[], bool] | None = None,
) -> MergeReport:
    """Bring a parsed, checked corpus (header and documents) into the project as one undo step.

    A cancelled merge writes nothing.
    """
    report = MergeReport()
    try:
        report.changes = _merge(project, header, documents, report, name, progress, cancel)
    except Cancelled:
        report.cancelled = True
    return report


def _merge(
    project: Project,
    header: dict[str, Any],
    documents: Iterable[dict[str, Any]],
    report: MergeReport,
    name: str,
    progress: Callable[[int], None] | None,
    cancel: Callable[[], bool] | None,
) -> Changes:
    with project.write(name) as step:
        report.adopted = project.is_untouched()
        if report.adopted:
            info = header.get("project") or {}
            if info.get("id"):
                project.set_identity(
                    uuid=info["id"],
                    name=info.get("name") or project.info()["name"],
                    memo=info.get("memo", ""),
                    created=info.get("created") or project.info()["created"],
                )
            project.delete_codebook_records()
        matcher = Matcher(project, report)
        matcher.codebook(header.get("codebook") or {})
        matcher.coders(header.get("coders", []))
        matcher.actors(header.get("actors", []))
        for count, doc in enumerate(documents, start=1):
            matcher.document(doc)
            if progress:
                progress(count)
            if cancel and cancel():
                raise Cancelled("the import was cancelled; nothing was written")
    return step.changes
