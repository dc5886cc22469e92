"""Memos on the project, documents, actors and claims are searchable (schema version 4)."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from claimdesk.core import Project
from claimdesk.core.model import new_uuid
from claimdesk.core.schema import APPLICATION_ID, SCHEMA_VERSION, migrate
from claimdesk.core.search import SearchSyntaxError


@pytest.fixture
def memos(demo_project: Project) -> Project:
    project = demo_project
    huawei = project.find_actor("Huawei")
    assert huawei is not None and huawei.id is not None
    project.update_actor(huawei.id, notes="Leverancier; zie het **spionage**-rapport.")
    project.set_project_info(memo="Onderzoeksvraag: hoe wordt spionage geframed?")
    first = project.claims()[0]
    project.update_claim(first.id, note="Geen spionage genoemd.")  # type: ignore[arg-type]
    project.update_document(2, memo="Over spionage door staten.")
    return project


def test_search_with_notes_finds_documents_claims_actors_and_the_project_memo(
    memos: Project,
) -> None:
    hits = memos.search("spionage", notes=True)
    kinds = [h.kind for h in hits]
    assert kinds.count("actor") == 1 and kinds.count("project") == 1
    documents = [h for h in hits if h.kind == "document"]
    assert 2 in {h.document for h in documents}  # by its memo
    assert any(h.claims for h in documents)  # by a claim's note
    actor = next(h for h in hits if h.kind == "actor")
    assert (actor.title, actor.document) == ("Huawei", None)
    assert actor.actor == memos.find_actor("Huawei").id  # type: ignore[union-attr]
    assert "[spionage]" in actor.snippet
    assert next(h for h in hits if h.kind == "project").snippet.startswith("Onderzoeksvraag")


def test_search_without_notes_returns_documents_only(memos: Project) -> None:
    assert {h.kind for h in memos.search("spionage")} == {"document"}


def test_search_notes_finds_actors_by_alias_without_accents_and_leaves_out_the_trash(
    memos: Project,
) -> None:
    assert [h.title for h in memos.search_notes("Pompeo")] == ["Mike Pompeo"]
    assert [h.title for h in memos.search_notes("fabrikant")] == ["Huawei"]
    memos.delete_actors([memos.find_actor("Pompeo").id])  # type: ignore[list-item, union-attr]
    assert memos.search_notes("Pompeo") == []


def test_edits_and_undo_keep_the_note_index_in_step(memos: Project) -> None:
    huawei = memos.find_actor("Huawei").id  # type: ignore[union-attr]
    memos.update_actor(huawei, notes="Nu over sancties.")  # type: ignore[arg-type]
    assert [h.title for h in memos.search_notes("sancties")] == ["Huawei"]
    assert [h.kind for h in memos.search_notes("rapport")] == []
    memos.undo()
    assert memos.search_notes("sancties") == []
    assert [h.title for h in memos.search_notes("rapport")] == ["Huawei"]
    assert memos.check() == []


def test_search_notes_with_nothing_to_look_for_says_so(memos: Project) -> None:
    with pytest.raises(SearchSyntaxError):
        memos.search_notes("-")


def test_a_version_3_project_gets_its_actors_and_memo_indexed(tmp_path: Path) -> None:
    path = tmp_path / "v3.claimdesk"
    with closing(sqlite3.connect(path, isolation_level=None)) as conn:
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.execute("BEGIN")
        migrate(conn, current=0, target=3)
        conn.execute(
            "INSERT INTO project (id, uuid, name, memo, created, modified) "
            "VALUES (1, ?, 'oud', 'een memo over spionage', 'x', 'x')",
            (new_uuid(),),
        )
        conn.execute(
            "INSERT INTO actors (uuid, name, aliases, notes, created, modified) "
            "VALUES (?, 'Huawei', '[\"Huawei Nederland\"]', 'verdacht van spionage', 'x', 'x')",
            (new_uuid(),),
        )
        conn.execute("COMMIT")
    with Project.open(path) as project:
        assert project.schema_version == SCHEMA_VERSION
        assert [h.kind for h in project.search_notes("spionage")] == ["actor", "project"]
        assert project.check() == []
