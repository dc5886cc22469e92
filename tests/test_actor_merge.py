"""Project.actor_usage, merge_actors and delete_actors with what happens to their claims."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

import rawdb
from claimdesk.core import Project, ProjectError
from claimdesk.core.model import Variable
from claimdesk.core.store import ActorUsage


@pytest.fixture
def demo(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Project]:
    with Project.open(rawdb.demo_copy(tmp_path, tmp_path_factory), coder="demo") as project:
        yield project


def actor_id(project: Project, name: str) -> int:
    actor = project.find_actor(name)
    assert actor is not None and actor.id is not None, name
    return actor.id


def test_actor_usage_counts_claims_by_role_mentions_and_children(demo: Project) -> None:
    usage = demo.actor_usage()
    usa = actor_id(demo, "Verenigde Staten")
    assert usage[usa] == ActorUsage(claims=2, targeted=0, addressed=2, mentions=2, children=2)
    assert (
        usage[usa].describe()
        == "the claimant of 2 claims, the addressee of 2 claims and 2 mentions"
    )
    assert usage[actor_id(demo, "KPN")].describe() == "1 mention"
    assert not ActorUsage().in_use and ActorUsage().describe() == "not used"


def test_actor_usage_leaves_out_what_is_in_the_trash(demo: Project) -> None:
    trump = actor_id(demo, "Trump")
    claim = next(c for c in demo.claims() if c.claimant == trump)
    demo.delete_claims([claim.id])  # type: ignore[list-item]
    assert demo.actor_usage()[trump].claims == 0
    demo.delete_actors([trump])
    assert trump not in demo.actor_usage()


def test_merge_actors_moves_claims_mentions_aliases_and_notes(demo: Project) -> None:
    usa, trump, pompeo = (actor_id(demo, n) for n in ("Verenigde Staten", "Trump", "Pompeo"))
    demo.update_actor(trump, notes="Spreekt vaak via Twitter.")
    before = demo.actor_usage()
    changes = demo.merge_actors(into=usa, actors=[trump, pompeo, usa])
    assert changes.name == "Merge Actors into Verenigde Staten"
    assert changes.actors >= {usa, trump, pompeo}
    merged = demo.actor(usa)
    assert merged.aliases[-8:] == [
        "Donald Trump",
        "Trump",
        "president Donald Trump",
        "President Donald Trump",
        "Mike Pompeo",
        "Pompeo",
        "Secretary of State Mike Pompeo",
        "minister Pompeo",
    ]
    assert merged.notes == "From Donald Trump:\n\nSpreekt vaak via Twitter."
    after = demo.actor_usage()
    assert after[usa].claims == sum(before[a].claims for a in (usa, trump, pompeo))
    assert after[usa].mentions == sum(before[a].mentions for a in (usa, trump, pompeo))
    assert after[usa].children == 0  # its two children were the merged actors
    assert trump not in after and pompeo not in after
    assert demo.find_actor("Pompeo").id == usa  # type: ignore[union-attr]
    assert demo.check() == []


def test_merge_actors_then_undo_leaves_exactly_the_rows_we_started_with(demo: Project) -> None:
    before = rawdb.dump(demo.path)
    demo.merge_actors(
        into=actor_id(demo, "Nederlands kabinet"),
        actors=[actor_id(demo, n) for n in ("Grapperhaus", "Keijzer", "AIVD")],
    )
    assert rawdb.dump(demo.path) != before
    assert demo.undo().name == "Undo Merge Actors into Nederlands kabinet"
    assert rawdb.dump(demo.path) == before
    demo.redo()
    demo.undo()
    assert rawdb.dump(demo.path) == before
    assert demo.check() == []


def test_merge_actors_moves_actor_variable_values(demo: Project) -> None:
    variable = demo.add_variable(Variable("spokesperson", kind="actor"))
    uuid = demo.record_uuid("variables", variable.id)
    trump, usa = actor_id(demo, "Trump"), actor_id(demo, "Verenigde Staten")
    claim = demo.claims()[0]
    demo.update_claim(claim.id, variables={uuid: demo.actor(trump).uuid})  # type: ignore[arg-type, dict-item]
    demo.merge_actors(into=usa, actors=[trump])
    assert demo.claim(claim.id).variables == {uuid: demo.actor(usa).uuid}  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("into", "others", "message"),
    [
        ("Huawei", ["Huawei"], "at least one other actor"),
        ("Huawei", [], "at least one other actor"),
    ],
)
def test_merge_actors_needs_another_actor(
    demo: Project, into: str, others: list[str], message: str
) -> None:
    with pytest.raises(ProjectError, match=message):
        demo.merge_actors(into=actor_id(demo, into), actors=[actor_id(demo, o) for o in others])


def test_merge_actors_refuses_one_in_the_trash(demo: Project) -> None:
    kpn, huawei = actor_id(demo, "KPN"), actor_id(demo, "Huawei")
    demo.delete_actors([kpn])
    before = rawdb.dump(demo.path)
    with pytest.raises(ProjectError, match="'KPN' is in the trash"):
        demo.merge_actors(into=huawei, actors=[kpn])
    assert rawdb.dump(demo.path) == before


def test_delete_actor_reassigning_its_claims(demo: Project) -> None:
    trump, usa = actor_id(demo, "Trump"), actor_id(demo, "Verenigde Staten")
    claims = [c.id for c in demo.claims() if trump in (c.claimant, c.target_actor, c.addressee)]
    mentions = [m.id for m in demo.mentions() if m.actor == trump]
    aliases = demo.actor(usa).aliases
    before = rawdb.dump(demo.path)
    changes = demo.delete_actors([trump], claims="reassign", reassign_to=usa)
    assert changes.name == "Delete Actor"
    assert all(demo.claim(c).claimant == usa for c in claims)  # type: ignore[arg-type]
    assert all(demo.mention(m).actor == usa for m in mentions)  # type: ignore[arg-type]
    assert demo.actor(usa).aliases == aliases  # not a merge: Trump's names stay his
    demo.undo()
    assert rawdb.dump(demo.path) == before


def test_delete_actor_clearing_its_claims(demo: Project) -> None:
    huawei = actor_id(demo, "Huawei")
    claimed = [c.id for c in demo.claims() if c.claimant == huawei]
    targeted = [c.id for c in demo.claims() if c.target_actor == huawei]
    mentions = [m.id for m in demo.mentions() if m.actor == huawei]
    before = rawdb.dump(demo.path)
    demo.delete_actors([huawei], claims="clear")
    assert [demo.claim(c).claimant for c in claimed] == [None] * len(claimed)  # type: ignore[arg-type]
    assert [demo.claim(c).target_actor for c in targeted] == [None] * len(targeted)  # type: ignore[arg-type]
    assert all(demo.in_trash("mentions", m) for m in mentions)  # type: ignore[arg-type]
    assert len(demo.claims()) == 16  # the claims themselves stay
    demo.undo()
    assert rawdb.dump(demo.path) == before


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"claims": "reassign"}, "which actor takes over"),
        ({"claims": "reassign", "reassign_to": "self"}, "its own claims"),
        ({"claims": "elsewhere"}, "unknown choice"),
    ],
)
def test_delete_actor_refuses_unclear_choices(demo: Project, kwargs: dict, message: str) -> None:
    huawei = actor_id(demo, "Huawei")
    if kwargs.get("reassign_to") == "self":
        kwargs["reassign_to"] = huawei
    with pytest.raises(ProjectError, match=message):
        demo.delete_actors([huawei], **kwargs)
    assert demo.find_actor("Huawei") is not None
