"""Records that ship with Claimdesk have deterministic ids: the default codebook and the demo."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimdesk.core import Project
from claimdesk.core.codebook import codebook_from_json, codebook_to_json, default_codebook
from claimdesk.core.model import stable_uuid
from claimdesk.demo import build_demo_project


@pytest.mark.parametrize(
    ("position", "label", "value", "key"),
    [
        (0, "support", 1, "1"),
        (1, "oppose", -1, "2"),
        (2, "neutral", 0, "3"),
        (3, "ambivalent", None, "4"),
    ],
)
def test_default_codebook_stances(position: int, label: str, value: int | None, key: str) -> None:
    stance = default_codebook().stances[position]
    assert (stance.label, stance.value, stance.key) == (label, value, key)
    assert stance.uuid == stable_uuid(f"codebook/stance/{label}")
    assert stance.color.startswith("#") and stance.description


def test_default_codebook_has_only_the_scale_and_actor_types() -> None:
    book = default_codebook()
    assert len(book.stances) == 4
    assert (book.issues, book.tags, book.variables) == ([], [], [])
    assert book.actor_types == ["person", "organisation", "government", "company", "party", "other"]


def test_default_codebook_json_round_trip() -> None:
    data = codebook_to_json(default_codebook())
    assert [s["value"] for s in data["stances"]] == [1, -1, 0, None]  # whole numbers stay ints
    assert codebook_to_json(codebook_from_json(data)) == data


def test_new_projects_share_the_default_codebook_ids(tmp_path: Path) -> None:
    with (
        Project.create(tmp_path / "a.claimdesk") as a,
        Project.create(tmp_path / "b.claimdesk") as b,
    ):
        assert [s.uuid for s in a.codebook().stances] == [s.uuid for s in b.codebook().stances]
        assert [s.uuid for s in a.codebook().stances] == [
            s.uuid for s in default_codebook().stances
        ]
        assert a.info()["uuid"] != b.info()["uuid"]


def _ids(project: Project) -> dict[str, list[str]]:
    return {
        "project": [project.info()["uuid"]],
        "documents": [project.document(i).uuid for i in project.document_ids()],
        "actors": [a.uuid for a in project.actors()],
        "claims": [c.uuid for c in project.claims()],
        "mentions": [m.uuid for m in project.mentions()],
        "issues": [i.uuid for i in project.codebook().issues],
        "coders": [c.uuid for c in project.coders()],
    }


def test_demo_ids_are_deterministic(tmp_path: Path) -> None:
    with (
        build_demo_project(tmp_path / "one.claimdesk") as one,
        build_demo_project(tmp_path / "two.claimdesk") as two,
    ):
        first, second = _ids(one), _ids(two)
    assert first == second
    assert all(first.values())
    assert first["project"] == [stable_uuid("demo/project")]
    assert first["documents"][0] == stable_uuid("demo/document/000_976797ab8663bd03.txt")
    assert stable_uuid("demo/actor/Donald Trump") in first["actors"]


def test_stable_uuid() -> None:
    assert stable_uuid("codebook/stance/support") == "0854a980-007c-566d-87d4-6b9084a19ac5"
    assert stable_uuid("x") == stable_uuid("x") != stable_uuid("y")
