"""Codebook operations: the stance scale, issues, tags, actor types, variables and keywords.

Each is one undo step (keywords are a project setting and are not). New
records get a label no other record has, so the coder can rename them in
place; every label, key and colour goes through the store's checks.
"""

from __future__ import annotations

from typing import Any

from claimdesk.core.keywords import Keyword, save_keywords
from claimdesk.core.model import Changes, Stance, Variable
from claimdesk.core.store import Project

#: Colours given to new stances and tags in turn (Okabe–Ito, colour-blind safe).
PALETTE = ["#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7"]


def _free_label(taken: list[str], base: str) -> str:
    folded = {t.casefold() for t in taken}
    label, n = base, 1
    while label.casefold() in folded:
        n += 1
        label = f"{base} {n}"
    return label


# ---------------------------------------------------------------------- stances


def add_stance(project: Project, *, label: str = "") -> Changes:
    """Add a point to the stance scale, with the next free digit as its key."""
    book = project.codebook()
    taken_keys = {s.key for s in book.stances}
    key = next((d for d in "123456789" if d not in taken_keys), "")
    with project.write("Add Stance") as step:
        label = label.strip() or _free_label([s.label for s in book.stances], "new stance")
        changes = project.add_stance(
            Stance(label=label, color=PALETTE[len(book.stances) % len(PALETTE)], key=key)
        )
        assert changes.id is not None
        project.update_stance(changes.id, label=label)  # the store's checks
        step.changes.id = changes.id
    return step.changes


def edit_stance(project: Project, *, stance: int, **fields: Any) -> Changes:
    return project.update_stance(stance, **fields)


def remove_stance(project: Project, *, stance: int) -> Changes:
    return project.remove_stance(stance)


# ---------------------------------------------------------------------- issues


def add_issue(project: Project, *, label: str = "", parent: int | None = None) -> Changes:
    """Add a target issue (under ``parent``, or at the top of the tree)."""
    book = project.codebook()
    with project.write("Add Issue") as step:
        label = label.strip() or _free_label([i.label for i in book.issues], "new issue")
        changes = project.add_issue(label, parent=parent)
        assert changes.id is not None
        project.update_issue(changes.id, label=label)
        step.changes.id = changes.id
    return step.changes


def edit_issue(project: Project, *, issue: int, **fields: Any) -> Changes:
    return project.update_issue(issue, **fields)


def remove_issue(project: Project, *, issue: int) -> Changes:
    return project.remove_issue(issue)


# ---------------------------------------------------------------------- tags


def add_tag(project: Project, *, label: str = "", category: str = "") -> Changes:
    book = project.codebook()
    with project.write("Add Tag") as step:
        label = label.strip() or _free_label([t.label for t in book.tags], "new tag")
        changes = project.add_tag(
            label, category=category, color=PALETTE[len(book.tags) % len(PALETTE)]
        )
        assert changes.id is not None
        project.update_tag(changes.id, label=label)
        step.changes.id = changes.id
    return step.changes


def edit_tag(project: Project, *, tag: int, **fields: Any) -> Changes:
    return project.update_tag(tag, **fields)


def remove_tag(project: Project, *, tag: int) -> Changes:
    return project.remove_tag(tag)


# ---------------------------------------------------------------------- actor types


def add_actor_type(project: Project, *, name: str = "") -> Changes:
    types = project.codebook().actor_types
    return project.add_actor_type(name.strip() or _free_label(types, "new type"))


def rename_actor_type(project: Project, *, old: str, new: str) -> Changes:
    return project.rename_actor_type(old, new)


def remove_actor_type(project: Project, *, name: str) -> Changes:
    return project.remove_actor_type(name)


# ---------------------------------------------------------------------- variables


def add_variable(
    project: Project,
    *,
    name: str = "",
    applies_to: str = "claim",
    kind: str = "categorical",
    values: list[str] | None = None,
) -> Changes:
    """Add a claim or document variable (DESIGN decision 9)."""
    book = project.codebook()
    with project.write("Add Variable") as step:
        taken = [v.name for v in book.variables if v.applies_to == applies_to]
        name = name.strip() or _free_label(taken, "new variable")
        changes = project.add_variable(
            Variable(name=name, applies_to=applies_to, kind=kind, values=list(values or []))
        )
        assert changes.id is not None
        project.update_variable(changes.id, name=name, kind=kind, values=list(values or []))
        step.changes.id = changes.id
    return step.changes


def edit_variable(project: Project, *, variable: int, **fields: Any) -> Changes:
    return project.update_variable(variable, **fields)


def rename_value(project: Project, *, variable: int, old: str, new: str) -> Changes:
    return project.rename_variable_value(variable, old, new)


def remove_variable(project: Project, *, variable: int) -> Changes:
    return project.remove_variable(variable)


def move_record(project: Project, *, kind: str, record: int, by: int) -> Changes:
    """Move a stance, tag, issue or variable up (``by=-1``) or down (``by=1``) in its list."""
    book = project.codebook()
    records = {
        "stance": book.stances,
        "issue": book.issues,
        "tag": book.tags,
        "variable": book.variables,
    }[kind]
    ids = [r.id for r in records if r.id is not None]
    if record not in ids:
        return Changes()
    i = ids.index(record)
    j = max(0, min(len(ids) - 1, i + by))
    ids[i], ids[j] = ids[j], ids[i]
    return project.reorder_codebook(kind, ids)


# ---------------------------------------------------------------------- values of variables


def coerce_value(variable: Variable, value: Any) -> Any:
    """A value as the variable stores it: a number for ``number`` (None when empty), else text.

    :raises ProjectError: a number variable given text that is not a number
    """
    from claimdesk.core.errors import ProjectError

    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if variable.kind == "number":
        try:
            number = float(str(value).strip().replace(",", "."))
        except ValueError:
            raise ProjectError(f"{variable.name!r} takes a number, not {value!r}") from None
        return int(number) if number.is_integer() else number
    if variable.kind == "categorical" and str(value) not in variable.values:
        raise ProjectError(
            f"{value!r} is not one of the values of {variable.name!r} "
            f"({', '.join(variable.values) or 'none yet'})"
        )
    return str(value).strip() if isinstance(value, str) else value


def set_claim_variable(project: Project, *, claim: int, variable: str, value: Any) -> Changes:
    """Give a claim a value for a claim variable (by the variable's uuid); empty clears it."""
    found = next((v for v in project.codebook().variables if v.uuid == variable), None)
    if found is None:
        from claimdesk.core.errors import NotFound

        raise NotFound(f"no variable {variable}")
    values = dict(project.claim(claim).variables)
    stored = coerce_value(found, value)
    if stored is None:
        values.pop(variable, None)
    else:
        values[variable] = stored
    return project.update_claim(claim, variables=values, name=f"Set {found.name}")


def set_document_variables(project: Project, *, document: int, values: dict[str, Any]) -> Changes:
    """Set a document's variables (by uuid); empty values clear them, others stay as they are."""
    book = {v.uuid: v for v in project.codebook().variables}
    current = dict(project.document(document).variables)
    for uuid, value in values.items():
        stored = coerce_value(book[uuid], value) if uuid in book else value
        if stored is None:
            current.pop(uuid, None)
        else:
            current[uuid] = stored
    return project.update_document(document, variables=current)


# ---------------------------------------------------------------------- keywords and files


def set_keywords(project: Project, *, keywords: list[Keyword]) -> Changes:
    """Save the keyword highlighter's list in the project (not an undo step)."""
    saved = save_keywords(project, keywords)
    return Changes(name=f"Keywords saved ({len(saved)})", project=True)


def import_codebook(project: Project, *, path: str, replace: bool = False) -> Changes:
    """Import a codebook file (JSON or .qdc), merged by name or replacing ours (one undo step)."""
    from claimdesk.formats.codebooks import import_codebook_file

    report = import_codebook_file(project, path, replace=replace)
    changes = report.changes
    changes.name = f"Import Codebook: {report.summary()}"
    changes.codebook = True
    return changes


def edit_document_properties(
    project: Project, *, document: int, variables: dict[str, Any] | None = None, **fields: Any
) -> Changes:
    """Edit a document's metadata, memo and document variables in one undo step."""
    with project.write("Edit Document") as step:
        project.update_document(document, **fields)
        if variables:
            set_document_variables(project, document=document, values=variables)
    return step.changes
