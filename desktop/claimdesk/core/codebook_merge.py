"""Bringing a shared codebook into a project: merged by name, or replacing the project's own.

A team shares one coding scheme as a codebook file. Importing it maps each
incoming stance, issue, tag and variable to the project's by id, then by
label (variables by name and what they apply to): the matching of
:class:`claimdesk.core.matching.Matcher`, the one place that decides when two
records are the same.

- **Merge** (the default): records the project lacks are added; records it
  has are kept as they are, and where the file says something else (another
  colour, value, key, description, parent, list of values) that is reported
  as a conflict, never overwritten.
- **Replace**: the project's codebook becomes the file's: matched records
  take the file's fields and order, records the file lacks are removed. A
  change that would lose coded values (a stance, issue, tag, variable, value
  or actor type still in use) is refused with a message naming it, and
  nothing is changed.

Either way the import is one undo step, and ``dry_run`` works it all out and
rolls it back: the preview.

>>> import_codebook(project, data).summary()
'2 added, 4 matched, 1 conflict'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from claimdesk.core.matching import Matcher, MergeReport
from claimdesk.core.model import Changes, Codebook
from claimdesk.core.store import Project

#: The sections of a codebook that hold records, with the store table and the
#: field that names them.
SECTIONS = {
    "stances": ("stance", "label"),
    "issues": ("issue", "label"),
    "tags": ("tag", "label"),
    "variables": ("variable", "name"),
}


@dataclass
class CodebookConflict:
    """A record the project and the file both have, described differently."""

    kind: str
    label: str
    #: ``{field: (ours, theirs)}`` for each field that differs.
    fields: dict[str, tuple[Any, Any]]

    def describe(self) -> str:
        """One line: ``stance 'oppose': colour ours '#D55E00', theirs '#FF0000'``."""
        parts = [
            f"{name} ours {_show(ours)}, theirs {_show(theirs)}"
            for name, (ours, theirs) in self.fields.items()
        ]
        return f"{self.kind} {self.label!r}: " + "; ".join(parts)


def _show(value: Any) -> str:
    if value is None or value == "":
        return "none"
    if isinstance(value, list):
        return "[" + ", ".join(str(v) for v in value) + "]"
    return repr(value)


@dataclass
class CodebookReport:
    """What a codebook import added, matched, changed, removed and found in conflict."""

    added: int = 0
    matched: int = 0
    #: With ``replace``: records (and actor types) removed because the file does not have them.
    removed: int = 0
    actor_types_added: int = 0
    #: Records described differently in the file: kept as ours, or with ``replace`` changed to theirs.
    conflicts: list[CodebookConflict] = field(default_factory=list)
    replace: bool = False
    dry_run: bool = False
    changes: Changes = field(default_factory=Changes)
    #: What the file could not carry (from the format that read it).
    notes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """One line, e.g. ``2 added, 4 matched, 1 conflict (kept ours)``."""
        parts = [f"{self.added} added", f"{self.matched} matched"]
        if self.actor_types_added:
            parts.append(_count(self.actor_types_added, "actor type") + " added")
        if self.replace:
            parts += [f"{len(self.conflicts)} changed", f"{self.removed} removed"]
        elif self.conflicts:
            parts.append(_count(len(self.conflicts), "conflict") + " (kept ours)")
        else:
            parts.append("0 conflicts")
        return ", ".join(parts)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


class _DryRun(Exception):
    """Rolls a previewed import back."""


def import_codebook(
    project: Project,
    data: dict[str, Any],
    *,
    replace: bool = False,
    dry_run: bool = False,
    name: str = "Import Codebook",
) -> CodebookReport:
    """Merge a codebook (its JSON form, checked) into the project, or make it the project's.

    :param data: the codebook as :func:`claimdesk.core.codebook.codebook_to_json` gives it;
        sections it lacks are left alone
    :param replace: make the project's codebook the file's (refused when coded values would be lost)
    :param dry_run: work everything out, report it, and write nothing
    :raises ProjectError: with ``replace``, a change that would lose coded values; nothing is written
    """
    report = CodebookReport(replace=replace, dry_run=dry_run)
    if dry_run:
        project.coder_id()  # the coder exists before the rolled-back transaction
    try:
        with project.write(name) as step:
            report.changes = step.changes
            _import(project, data, report)
            if dry_run:
                raise _DryRun
    except _DryRun:
        report.changes.step = None
    return report


def _ids(book: Codebook) -> dict[str, dict[int, Any]]:
    return {
        "stances": {s.id: s for s in book.stances},
        "issues": {i.id: i for i in book.issues},
        "tags": {t.id: t for t in book.tags},
        "variables": {v.id: v for v in book.variables},
    }


def _import(project: Project, data: dict[str, Any], report: CodebookReport) -> None:
    before = project.codebook()
    ours = _ids(before)
    types_before = set(before.actor_types)
    matcher = Matcher(project, MergeReport())
    matcher.codebook(data)
    report.actor_types_added = len(set(data.get("actor_types", [])) - types_before)
    issue_label = {i.id: i.label for i in before.issues}
    incoming_issue = {i["id"]: i["label"] for i in data.get("issues", [])}
    for section, (kind, label_field) in SECTIONS.items():
        for record in data.get(section, []):
            found = matcher.ids[section][record["id"]]
            mine = ours[section].get(found)
            if mine is None:
                if project.in_trash(section, found):
                    # The project had it and removed it: it comes back as the file has it.
                    project.restore_codebook_record(kind, found)
                    _set_fields(project, section, found, record, matcher)
                report.added += 1
                continue
            report.matched += 1
            differences = _differences(section, mine, record, issue_label, incoming_issue)
            if differences:
                report.conflicts.append(
                    CodebookConflict(kind, getattr(mine, label_field), differences)
                )
    if report.replace:
        _replace(project, data, matcher, before, report)


def _number(value: Any) -> float | None:
    return None if value is None else float(value)


def _differences(
    section: str,
    mine: Any,
    theirs: dict[str, Any],
    issue_label: dict[int | None, str],
    incoming_issue: dict[str, str],
) -> dict[str, tuple[Any, Any]]:
    label_field = SECTIONS[section][1]
    pairs: dict[str, tuple[Any, Any]] = {
        label_field: (getattr(mine, label_field), theirs[label_field]),
    }
    if section == "stances":
        pairs |= {
            "value": (_number(mine.value), _number(theirs.get("value"))),
            "colour": (mine.color.upper(), theirs.get("color", "").upper()),
            "key": (mine.key, theirs.get("key", "")),
        }
    elif section == "issues":
        pairs["parent"] = (
            issue_label.get(mine.parent) if mine.parent else None,
            incoming_issue.get(theirs.get("parent") or ""),
        )
    elif section == "tags":
        pairs |= {
            "category": (mine.category, theirs.get("category", "")),
            "colour": (mine.color.upper(), theirs.get("color", "").upper()),
        }
    elif section == "variables":
        pairs |= {
            "applies to": (mine.applies_to, theirs.get("applies_to", "claim")),
            "kind": (mine.kind, theirs.get("kind", "categorical")),
            "values": (list(mine.values), list(theirs.get("values", []))),
        }
    pairs["description"] = (mine.description.strip(), theirs.get("description", "").strip())
    return {k: v for k, v in pairs.items() if v[0] != v[1]}


def _set_fields(
    project: Project, section: str, record_id: int, record: dict[str, Any], matcher: Matcher
) -> None:
    """Give a project's record the fields an incoming record has (inside the import's write)."""
    if section == "stances":
        project.update_stance(
            record_id,
            label=record["label"],
            value=record.get("value"),
            color=record.get("color", ""),
            key=record.get("key", ""),
            description=record.get("description", ""),
        )
    elif section == "issues":
        parent = record.get("parent")
        project.update_issue(
            record_id,
            label=record["label"],
            parent=matcher.ids["issues"].get(parent) if parent else None,
            description=record.get("description", ""),
        )
    elif section == "tags":
        project.update_tag(
            record_id,
            label=record["label"],
            category=record.get("category", ""),
            color=record.get("color", ""),
            description=record.get("description", ""),
        )
    else:
        project.update_variable(
            record_id,
            name=record["name"],
            applies_to=record.get("applies_to", "claim"),
            kind=record.get("kind", "categorical"),
            values=list(record.get("values", [])),
            description=record.get("description", ""),
        )


def _replace(
    project: Project,
    data: dict[str, Any],
    matcher: Matcher,
    before: Codebook,
    report: CodebookReport,
) -> None:
    """Make the project's codebook equal the file's (inside the import's write)."""
    ours = _ids(before)
    # First remove what the file does not have, so that its labels and keys are free.
    for section, (kind, _label) in SECTIONS.items():
        if section not in data:
            continue
        kept = set(matcher.ids[section].values())
        gone = [record_id for record_id in ours[section] if record_id not in kept]
        if section == "issues":  # sub-issues before their parents
            gone.sort(key=lambda i: -_depth(before, i))
        for record_id in gone:
            project.remove_codebook_record(kind, record_id)
            report.removed += 1
    if "actor_types" in data:
        for name in before.actor_types:
            if name not in data["actor_types"]:
                project.remove_actor_type(name)
                report.removed += 1
    # Stances swap keys freely: clear them all before giving each its own.
    for s in data.get("stances", []):
        project.update_stance(matcher.ids["stances"][s["id"]], key="")
    for section in SECTIONS:
        for record in data.get(section, []):
            _set_fields(project, section, matcher.ids[section][record["id"]], record, matcher)
        if section in data:
            project.reorder_codebook(
                SECTIONS[section][0], [matcher.ids[section][r["id"]] for r in data[section]]
            )


def _depth(book: Codebook, issue_id: int) -> int:
    parents = {i.id: i.parent for i in book.issues}
    depth, seen = 0, set()
    current = parents.get(issue_id)
    while current is not None and current not in seen:
        seen.add(current)
        depth += 1
        current = parents.get(current)
    return depth
