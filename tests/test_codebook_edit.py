"""Editing and removing codebook records: update_*, remove_*, rename_*, reorder_codebook."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

import rawdb
from claimdesk.core import Project, ProjectError
from claimdesk.core.errors import NotFound
from claimdesk.core.model import Variable


@pytest.fixture
def demo(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Project]:
    with Project.open(rawdb.demo_copy(tmp_path, tmp_path_factory), coder="demo") as project:
        yield project


def stance(project: Project, label: str) -> int:
    return next(s.id for s in project.codebook().stances if s.label == label)  # type: ignore[misc]


def test_update_stance(empty_project: Project) -> None:
    oppose = stance(empty_project, "oppose")
    changes = empty_project.update_stance(
        oppose, label="against", value=-2, color="#123ABC", key="9", description="Contra."
    )
    assert (changes.name, changes.codebook) == ("Edit Stance", True)
    found = empty_project.codebook().stance(oppose)
    assert found is not None
    assert (found.label, found.value, found.color, found.key, found.description) == (
        "against",
        -2,
        "#123ABC",
        "9",
        "Contra.",
    )
    empty_project.update_stance(oppose, value=None)
    assert empty_project.codebook().stance(oppose).value is None  # type: ignore[union-attr]
    empty_project.undo()
    empty_project.undo()
    assert empty_project.codebook().stance(oppose).label == "oppose"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"label": " "}, "needs a label"),
        ({"label": "SUPPORT"}, "already a stance called 'support'"),
        ({"key": "1"}, "the key 1 already sets the stance 'support'"),
        ({"key": "0"}, "one digit from 1 to 9"),
        ({"key": "12"}, "one digit from 1 to 9"),
        ({"color": "red"}, "not a colour"),
        ({"value": "much"}, "a number or none"),
        ({"value": float("nan")}, "a number or none"),
    ],
)
def test_update_stance_refuses(empty_project: Project, fields: dict, message: str) -> None:
    before = rawdb.dump(empty_project.path)
    with pytest.raises(ProjectError, match=message):
        empty_project.update_stance(stance(empty_project, "oppose"), **fields)
    assert rawdb.dump(empty_project.path) == before


def test_remove_stance_in_use_is_refused_naming_the_count(demo: Project) -> None:
    oppose = stance(demo, "oppose")
    used = sum(1 for c in demo.claims() if c.stance == oppose)
    assert used > 1
    with pytest.raises(ProjectError, match=f"the stance 'oppose' is used by {used} claims"):
        demo.remove_stance(oppose)
    assert oppose in {s.id for s in demo.codebook().stances}


def test_remove_stance_unused_is_soft_and_undone(empty_project: Project) -> None:
    ambivalent = stance(empty_project, "ambivalent")
    assert empty_project.remove_stance(ambivalent).name == "Remove Stance"
    assert "ambivalent" not in [s.label for s in empty_project.codebook().stances]
    assert empty_project.in_trash("stances", ambivalent)
    empty_project.undo()
    assert "ambivalent" in [s.label for s in empty_project.codebook().stances]


def test_update_issue_moves_it_in_the_tree_but_never_under_itself(demo: Project) -> None:
    first, second = (i.id for i in demo.codebook().issues[:2])
    assert first is not None and second is not None
    demo.update_issue(second, parent=first, description="Onder het eerste.")
    assert demo.codebook().issue(second).parent == first  # type: ignore[union-attr]
    with pytest.raises(ProjectError, match="under itself or its sub-issues"):
        demo.update_issue(first, parent=second)
    with pytest.raises(ProjectError, match="under itself"):
        demo.update_issue(first, parent=first)
    with pytest.raises(NotFound):
        demo.update_issue(first, parent=999)


def test_remove_issue_refused_while_claims_target_it_or_it_has_sub_issues(demo: Project) -> None:
    issues = demo.codebook().issues
    targeted = next(i for i in issues if any(c.target_issue == i.id for c in demo.claims()))
    with pytest.raises(ProjectError, match=f"the issue '{targeted.label}' is used by"):
        demo.remove_issue(targeted.id)  # type: ignore[arg-type]
    parent = demo.add_issue("Bovenaan").id
    demo.add_issue("Eronder", parent=parent)
    with pytest.raises(ProjectError, match="has 1 sub-issue; move or remove them first"):
        demo.remove_issue(parent)  # type: ignore[arg-type]


def test_update_and_remove_tag(demo: Project) -> None:
    tag = demo.add_tag("veiligheid", category="frame").id
    assert tag is not None
    demo.update_tag(tag, label="security", category="Frames", color="#00FF00")
    found = next(t for t in demo.codebook().tags if t.id == tag)
    assert (found.label, found.category, found.color) == ("security", "Frames", "#00FF00")
    claim = demo.claims()[0]
    demo.update_claim(claim.id, tags=[found.uuid])  # type: ignore[arg-type]
    with pytest.raises(ProjectError, match="the tag 'security' is used by 1 claim;"):
        demo.remove_tag(tag)
    demo.update_claim(claim.id, tags=[])  # type: ignore[arg-type]
    demo.remove_tag(tag)
    assert demo.codebook().tags == []


@pytest.fixture
def form(demo: Project) -> int:
    """A claim variable "form" with values, one of them used by two claims."""
    variable = demo.add_variable(Variable("form", values=["statement", "protest", "letter"])).id
    assert variable is not None
    uuid = demo.record_uuid("variables", variable)
    for claim in demo.claims()[:2]:
        demo.update_claim(claim.id, variables={uuid: "protest"})  # type: ignore[arg-type, dict-item]
    return variable


def test_update_variable_refuses_to_drop_a_value_in_use(demo: Project, form: int) -> None:
    with pytest.raises(
        ProjectError,
        match="the value 'protest' of 'form' is used by 2 claims; it cannot be removed",
    ):
        demo.update_variable(form, values=["statement", "letter"])
    demo.update_variable(form, values=["statement", "protest", "interview"])
    assert demo.codebook().variables[0].values == ["statement", "protest", "interview"]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"kind": "number"}, "its kind cannot change"),
        ({"applies_to": "document"}, "cannot move from claims to documents"),
        ({"kind": "colour"}, "unknown kind"),
        ({"applies_to": "actor"}, "applies to a claim or a document"),
        ({"name": ""}, "needs a name"),
    ],
)
def test_update_variable_refuses(demo: Project, form: int, fields: dict, message: str) -> None:
    with pytest.raises(ProjectError, match=message):
        demo.update_variable(form, **fields)


def test_variable_names_are_unique_per_target(demo: Project, form: int) -> None:
    other = demo.add_variable(Variable("place", applies_to="document", kind="text")).id
    assert other is not None
    demo.update_variable(
        other, name="Form"
    )  # a document variable may share a claim variable's name
    with pytest.raises(ProjectError, match="already a claim variable called 'form'"):
        demo.update_variable(other, name="FORM", applies_to="claim")


def test_rename_variable_value_follows_into_the_claims(demo: Project, form: int) -> None:
    uuid = demo.record_uuid("variables", form)
    changes = demo.rename_variable_value(form, "protest", "demonstration")
    assert changes.name == "Rename Value"
    assert demo.codebook().variables[0].values == ["statement", "demonstration", "letter"]
    assert [c.variables.get(uuid) for c in demo.claims()[:2]] == ["demonstration"] * 2  # type: ignore[arg-type]
    assert demo.variable_usage(form, value="demonstration") == 2
    demo.undo()
    assert demo.variable_usage(form, value="protest") == 2


def test_remove_variable_refused_while_it_has_values(demo: Project, form: int) -> None:
    with pytest.raises(ProjectError, match="the variable 'form' has values in 2 claims"):
        demo.remove_variable(form)
    unused = demo.add_variable(Variable("unused", kind="text")).id
    demo.remove_variable(unused)  # type: ignore[arg-type]
    assert [v.name for v in demo.codebook().variables] == ["form"]


def test_rename_and_remove_actor_types(demo: Project) -> None:
    demo.rename_actor_type("government", "state")
    assert demo.actor(demo.find_actor("VS").id).type == "state"  # type: ignore[arg-type, union-attr]
    assert "state" in demo.codebook().actor_types
    with pytest.raises(ProjectError, match="the actor type 'state' is used by 6 actors"):
        demo.remove_actor_type("state")
    with pytest.raises(ProjectError, match="already an actor type 'person'"):
        demo.rename_actor_type("state", "person")
    demo.remove_actor_type("party")
    assert "party" not in demo.codebook().actor_types
    demo.undo()
    assert "party" in demo.codebook().actor_types


def test_reorder_codebook(empty_project: Project) -> None:
    ids = [s.id for s in empty_project.codebook().stances]
    empty_project.reorder_codebook("stance", list(reversed(ids)))  # type: ignore[arg-type]
    assert [s.label for s in empty_project.codebook().stances] == [
        "ambivalent",
        "neutral",
        "oppose",
        "support",
    ]
