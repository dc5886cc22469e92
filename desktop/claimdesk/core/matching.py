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

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from dataclasses import replace as dataclass_replace
from typing import Any

from claimdesk.core.conflicts import (
    Conflict,
    Describer,
    check_resolution,
    claim_differences,
    copy_uuid,
    mention_differences,
)
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
    statuses_added: int = 0
    statuses_advanced: int = 0
    #: Records the project has in another version (same uuid, edited differently).
    conflicts: list[Conflict] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    #: Documents the project has (same id) that came with a newer text, which they now have:
    #: what re-anchoring their claims did (``core.store._versions.TextChange``).
    texts_updated: list[Any] = field(default_factory=list)
    changes: Changes = field(default_factory=Changes)
    cancelled: bool = False
    #: A preview: everything was worked out, then rolled back.
    dry_run: bool = False

    def summary(self) -> str:
        """One line: what was (or, for a preview, would be) added, matched and in conflict."""
        labels = {"ours": "kept ours", "theirs": "took theirs", "both": "kept both"}
        settled = Counter(c.resolution for c in self.conflicts)
        how = ", ".join(f"{settled[r]} {label}" for r, label in labels.items() if settled[r])
        parts = [
            f"{_count(self.documents_added, 'document')} added, {self.documents_matched} matched",
            f"{_count(self.claims_added, 'claim')} added, {self.claims_present} already there",
            f"{_count(self.mentions_added, 'mention')} added",
            f"{_count(self.actors_added, 'actor')} added",
            _count(len(self.conflicts), "conflict") + (f" ({how})" if how else ""),
        ]
        if self.texts_updated:
            orphaned = sum(
                c.orphaned("claims") + c.orphaned("mentions") for c in self.texts_updated
            )
            parts.append(
                f"{_count(len(self.texts_updated), 'document')} with a newer text taken "
                f"({orphaned} claims or mentions orphaned)"
            )
        if self.problems:
            parts.append(f"{len(self.problems)} not placed")
        return "; ".join(parts)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


class Matcher:
    """Maps incoming uuids to the project's ids for one merge."""

    def __init__(
        self,
        project: Project,
        report: MergeReport,
        resolve: Callable[[Conflict], str] | None = None,
    ) -> None:
        self.project = project
        self.report = report
        #: Decides how each conflict is settled (default: keep ours).
        self.resolve = resolve
        self.describer = Describer(project)
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
        if document_id is not None:
            d = self.other_text(document_id, doc, d, label)
        if document_id is None:
            document_id = project.store_document(doc)
            self.report.documents_added += 1
        else:
            self.report.documents_matched += 1
        for coder_uuid, status in d.get("status", {}).items():
            coder_id = self.ids["coders"][coder_uuid]
            if project.store_status(document_id, coder_id, status):
                self.report.statuses_added += 1
            elif project.advance_status(document_id, coder_id, status):
                self.report.statuses_advanced += 1
        for c in d.get("claims", []):
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
            existing = project.record_id("claims", claim.uuid)
            if existing is not None:
                self.existing_claim(existing, claim, label)
                continue
            try:
                project.store_claim(claim)
                self.report.claims_added += 1
            except ClaimdeskError as exc:
                self.report.problems.append(f"{label}: claim {claim.uuid} not placed: {exc}")
        for m in d.get("mentions", []):
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
            existing = project.record_id("mentions", mention.uuid)
            if existing is not None:
                self.existing_mention(existing, mention, label)
                continue
            try:
                project.store_mention(mention)
                self.report.mentions_added += 1
            except ClaimdeskError as exc:
                self.report.problems.append(f"{label}: mention {mention.uuid} not placed: {exc}")

    def other_text(
        self, document_id: int, doc: Document, d: dict[str, Any], label: str
    ) -> dict[str, Any]:
        """The same document with another text (edited, or re-imported, on one side).

        The newer text wins: taken in, the project's text is kept as a version
        and its claims follow the new one; kept, the incoming claims and
        mentions are carried over to it from their own text. Returns the
        incoming document with its spans placed in the text that stays.
        """
        from claimdesk.core.anchoring import Selector, TextDiff, place

        project = self.project
        ours = project.document(document_id)
        if ours.sha256 == doc.sha256 or project.in_trash("documents", document_id):
            return d
        if (d.get("modified") or "") > (ours.modified or ""):
            try:
                self.report.texts_updated.append(project.reimport_document(document_id, doc))
            except ClaimdeskError as exc:
                self.report.problems.append(f"{label}: its newer text was not taken: {exc}")
            return d
        diff = TextDiff(doc.text, ours.text)
        moved = dict(d)
        for kind in ("claims", "mentions"):
            spans = []
            for span in d.get(kind, []):
                selector = Selector(
                    span["start"],
                    span["end"],
                    span["quote"],
                    span.get("prefix", ""),
                    span.get("suffix", ""),
                )
                placed = place(selector, ours.text, diff)
                if placed.placed:
                    span = {**span, "start": placed.start, "end": placed.end, "quote": placed.quote}
                spans.append(span)
            moved[kind] = spans
        return moved

    # -------------------------------------------------------------- the same record, edited twice

    def existing_claim(self, claim_id: int, theirs: Claim, label: str) -> None:
        """An incoming claim the project has: already there, or a conflict to settle."""
        self._existing_span("claim", claim_id, theirs, label)

    def existing_mention(self, mention_id: int, theirs: Mention, label: str) -> None:
        """An incoming mention the project has: already there, or a conflict to settle."""
        self._existing_span("mention", mention_id, theirs, label)

    def _existing_span(
        self, kind: str, record_id: int, theirs: Claim | Mention, label: str
    ) -> None:
        project = self.project
        table = kind + "s"
        if kind == "claim":
            ours: Claim | Mention = project.claim(record_id)
            differences, describe = claim_differences, self.describer.claim
            store, replace = project.store_claim, project.replace_claim
        else:
            ours = project.mention(record_id)
            differences, describe = mention_differences, self.describer.mention
            store, replace = project.store_mention, project.replace_mention
        in_trash = project.in_trash(table, record_id)
        fields = differences(ours, theirs, ours_in_trash=in_trash)  # type: ignore[arg-type]
        if not fields:
            setattr(self.report, f"{table}_present", getattr(self.report, f"{table}_present") + 1)
            return
        theirs_view = describe(theirs)  # type: ignore[arg-type]
        conflict = Conflict(
            kind,
            theirs.uuid,
            label,
            ours.document,
            fields,
            describe(ours, in_trash=in_trash),  # type: ignore[arg-type]
            theirs_view,
        )

        def copy() -> None:
            uuid = copy_uuid(theirs.uuid, theirs_view)
            if project.record_id(table, uuid) is None:
                store(dataclass_replace(theirs, uuid=uuid, id=None))  # type: ignore[arg-type]

        self._settle(conflict, lambda: replace(record_id, theirs), copy)  # type: ignore[arg-type]

    def _settle(
        self, conflict: Conflict, take_theirs: Callable[[], None], keep_both: Callable[[], None]
    ) -> None:
        conflict.resolution = check_resolution(self.resolve(conflict) if self.resolve else "ours")
        self.report.conflicts.append(conflict)
        try:
            if conflict.resolution == "theirs":
                take_theirs()
            elif conflict.resolution == "both":
                keep_both()
        except ClaimdeskError as exc:
            self.report.problems.append(
                f"{conflict.document}: {conflict.kind} {conflict.uuid} not placed: {exc}"
            )


class _DryRun(Exception):
    """Rolls a previewed merge back."""


def merge_corpus(
    project: Project,
    header: dict[str, Any],
    documents: Iterable[dict[str, Any]],
    *,
    name: str = "Import Corpus",
    progress: Callable[[int], None] | None = None,
    cancel: Callable[[], bool] | None = None,
    resolve: Callable[[Conflict], str] | None = None,
    dry_run: bool = False,
) -> MergeReport:
    """Bring a parsed, checked corpus (header and documents) into the project as one undo step.

    A cancelled merge writes nothing. Records the project has in another
    version are conflicts (:mod:`claimdesk.core.conflicts`), settled by
    ``resolve(conflict)`` returning ``ours``, ``theirs`` or ``both``
    (default: ours). With ``dry_run`` the merge is worked out completely,
    reported, and rolled back: the preview.
    """
    report = MergeReport(dry_run=dry_run)
    if dry_run:
        project.coder_id()  # the coder exists before the rolled-back transaction
    try:
        report.changes = _merge(
            project, header, documents, report, name, progress, cancel, resolve, dry_run
        )
    except Cancelled:
        report.cancelled = True
    except _DryRun:
        report.changes.step = None
    return report


def _merge(
    project: Project,
    header: dict[str, Any],
    documents: Iterable[dict[str, Any]],
    report: MergeReport,
    name: str,
    progress: Callable[[int], None] | None,
    cancel: Callable[[], bool] | None,
    resolve: Callable[[Conflict], str] | None = None,
    dry_run: bool = False,
) -> Changes:
    with project.write(name) as step:
        report.changes = step.changes
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
        matcher = Matcher(project, report, resolve)
        matcher.codebook(header.get("codebook") or {})
        matcher.coders(header.get("coders", []))
        matcher.actors(header.get("actors", []))
        for count, doc in enumerate(documents, start=1):
            matcher.document(doc)
            if progress:
                progress(count)
            if cancel and cancel():
                raise Cancelled("the import was cancelled; nothing was written")
        if dry_run:
            raise _DryRun
    return step.changes
