"""Project.add_actor, update_actor, find_actor, delete_actors."""

from __future__ import annotations

import pytest

from claimdesk.core import Project, ProjectError
from claimdesk.core.errors import NotFound


@pytest.fixture
def trump(empty_project: Project) -> int:
    changes = empty_project.add_actor(
        "Donald Trump", type="person", aliases=["Trump", "president Donald Trump"]
    )
    assert changes.id is not None
    return changes.id


def test_add_actor(empty_project: Project) -> None:
    changes = empty_project.add_actor(
        "  Verenigde Staten ",
        type="government",
        aliases=[" de VS", "", "  ", "VS "],
        color="#123456",
    )
    assert (changes.name, changes.actors, changes.count) == ("Add Actor", {changes.id}, 1)
    actor = empty_project.actor(changes.id)  # type: ignore[arg-type]
    assert (actor.name, actor.type, actor.aliases, actor.color) == (
        "Verenigde Staten",
        "government",
        ["de VS", "VS"],
        "#123456",
    )
    assert actor.names() == ["Verenigde Staten", "de VS", "VS"]
    assert actor.created == actor.modified != ""


@pytest.mark.parametrize("name", ["", "   "])
def test_add_actor_needs_a_name(empty_project: Project, name: str) -> None:
    with pytest.raises(ProjectError, match="needs a name"):
        empty_project.add_actor(name)
    assert empty_project.actors() == []


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("Donald Trump", True),
        ("donald trump", True),
        ("TRUMP", True),
        ("  Trump  ", True),
        ("President Donald Trump", True),
        ("Trum", False),
        ("Donald", False),
        ("", False),
    ],
)
def test_find_actor_by_name_or_alias_ignoring_case(
    empty_project: Project, trump: int, query: str, found: bool
) -> None:
    actor = empty_project.find_actor(query)
    assert (actor.id if actor else None) == (trump if found else None)


def test_find_actor_folds_unicode_case(empty_project: Project) -> None:
    actor_id = empty_project.add_actor("Straße", aliases=["ÇA"]).id
    assert empty_project.find_actor("STRASSE").id == actor_id  # type: ignore[union-attr]
    assert empty_project.find_actor("ça").id == actor_id  # type: ignore[union-attr]


def test_actors_are_sorted_by_name_ignoring_case(empty_project: Project) -> None:
    for name in ["ZTE", "huawei", "Ericsson", "AIVD"]:
        empty_project.add_actor(name)
    assert [a.name for a in empty_project.actors()] == ["AIVD", "Ericsson", "huawei", "ZTE"]


def test_update_actor(empty_project: Project, trump: int) -> None:
    usa = empty_project.add_actor("Verenigde Staten").id
    changes = empty_project.update_actor(trump, name="D. Trump", aliases=["The Donald"], parent=usa)
    assert (changes.name, changes.actors) == ("Edit Actor", {trump})
    actor = empty_project.actor(trump)
    assert (actor.name, actor.aliases, actor.parent, actor.type) == (
        "D. Trump",
        ["The Donald"],
        usa,
        "person",
    )
    assert empty_project.find_actor("trump") is None
    assert empty_project.find_actor("the donald").id == trump  # type: ignore[union-attr]
    empty_project.update_actor(trump, parent=None)
    assert empty_project.actor(trump).parent is None


def test_update_actor_cannot_be_its_own_parent(empty_project: Project, trump: int) -> None:
    with pytest.raises(ProjectError, match="its own parent"):
        empty_project.update_actor(trump, parent=trump)


def test_update_actor_missing(empty_project: Project) -> None:
    with pytest.raises(NotFound, match="no actor with id 7"):
        empty_project.update_actor(7, name="x")
    with pytest.raises(NotFound):
        empty_project.actor(7)


def test_delete_actors(empty_project: Project, trump: int) -> None:
    assert empty_project.delete_actors([trump]).name == "Delete Actor"
    assert empty_project.actors() == []
    assert empty_project.find_actor("Trump") is None
    assert empty_project.actor(trump).name == "Donald Trump"  # in the trash, still readable
    assert [a["label"] for a in empty_project.trash()["actors"]] == ["Donald Trump"]
    assert empty_project.counts()["actors"] == 0
