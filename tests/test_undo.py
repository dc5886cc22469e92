"""Project.undo and Project.redo: every write, undone, leaves exactly the rows it found.

Rows are compared with a raw dump of every table but the undo log itself and
the full-text index tables (whose internal pages need not be byte-identical);
``check()`` proves the indexes still match their tables.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import rawdb
from claimdesk.core import Project
from claimdesk.core.errors import NotFound
from claimdesk.core.model import Changes, Document, Stance, Variable
from claimdesk.formats.corpus_json import export_corpus, import_corpus


@pytest.fixture
def demo_project(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Project]:
    """conftest's demo project, as a copy of one built once per run (much quicker)."""
    with Project.open(rawdb.demo_copy(tmp_path, tmp_path_factory), coder="demo") as project:
        yield project


Write = Callable[[Project], Any]


def _import_documents(project: Project) -> Any:
    return project.import_documents(
        [
            Document(text="Een nieuw artikel.", file="nieuw.txt"),
            Document(text=project.document(1).text, file="kopie-van-000.txt"),  # a duplicate
            Document(text="Nog een nieuw artikel.", file="b.txt"),
            Document(text="Een nieuw artikel.", file="nieuw-kopie.txt"),  # a duplicate in the run
        ],
        batch_size=2,
    )


WRITES: list[tuple[str, Write]] = [
    ("Add Claim", lambda p: p.add_claim(document=1, start=0, end=19, claimant=1, note="n")),
    ("Edit Claim", lambda p: p.update_claim(1, note="anders", target_actor=2, tags=["t"])),
    ("Move Claim", lambda p: p.move_claim(1, start=3, end=30)),
    ("Delete Claim", lambda p: p.delete_claims([1])),
    ("Delete Claims", lambda p: p.delete_claims([1, 2, 3])),
    ("Add Mention", lambda p: p.add_mention(document=2, start=0, end=2, actor=3)),
    ("Edit Mention", lambda p: p.update_mention(1, actor=None)),
    ("Delete Mention", lambda p: p.delete_mentions([1])),
    ("Add Actor", lambda p: p.add_actor("Nieuwe actor", aliases=["NA"])),
    ("Edit Actor", lambda p: p.update_actor(2, name="Trump", aliases=[], parent=None)),
    ("Delete Actor", lambda p: p.delete_actors([2])),
    ("Add Issue", lambda p: p.add_issue("Nieuw issue", parent=1)),
    ("Add Tag", lambda p: p.add_tag("veiligheid", category="thema")),
    ("Add Stance", lambda p: p.add_stance(Stance("twijfel", value=0.5, key="5"))),
    ("Add Variable", lambda p: p.add_variable(Variable("vorm", values=["brief", "protest"]))),
    ("Add Actor Type", lambda p: p.add_actor_type("ngo")),
    ("Mark Document Done", lambda p: p.set_status(1, "done")),
    ("Edit Document", lambda p: p.update_document(1, title="Titel", published="2019", memo="m")),
    ("Delete Document", lambda p: p.delete_documents([1])),
    ("Edit Project Properties", lambda p: p.set_project_info(name="Anders", memo="memo")),
    ("Import Documents", _import_documents),
]


def _changes(result: Any) -> Changes:
    return result if isinstance(result, Changes) else result.changes


def _assert_undo_and_redo(
    project: Project, write: Write, name: str, *, exclude: tuple[str, ...] = ()
) -> None:
    path = project.path
    before = rawdb.dump(path, exclude=exclude)
    changes = _changes(write(project))
    after = rawdb.dump(path, exclude=exclude)
    assert rawdb.changed_tables(before, after), "the write changed nothing"
    assert changes.step is not None
    assert project.undo_status() == (name, None)

    undone = project.undo()
    assert undone.name == f"Undo {name}"
    assert rawdb.dump(path, exclude=exclude) == before
    assert project.check() == []
    assert project.undo_status()[1] == name

    redone = project.redo()
    assert redone.name == f"Redo {name}"
    assert rawdb.dump(path, exclude=exclude) == after
    assert project.check() == []
    assert project.undo_status() == (name, None)


@pytest.mark.parametrize(("name", "write"), WRITES, ids=[n for n, _ in WRITES])
def test_undo_and_redo_every_write(demo_project: Project, name: str, write: Write) -> None:
    _assert_undo_and_redo(demo_project, write, name)


def test_undo_and_redo_set_status_twice(demo_project: Project) -> None:
    demo_project.set_status(1, "in-progress")
    _assert_undo_and_redo(demo_project, lambda p: p.set_status(1, "done"), "Mark Document Done")


def test_undo_and_redo_restore(demo_project: Project) -> None:
    demo_project.delete_claims([1])
    demo_project.delete_documents([2])
    _assert_undo_and_redo(demo_project, lambda p: p.restore_claims([1]), "Restore Claim")
    _assert_undo_and_redo(demo_project, lambda p: p.restore_documents([2]), "Restore Document")


def test_undo_and_redo_replace_codebook(seeded_project: Project) -> None:
    from claimdesk.core.codebook import codebook_from_json

    book = codebook_from_json(
        {
            "stances": [
                {"id": "9c4f0f4e-42a8-4d39-8f0e-1f7c2d7a5b01", "label": "voor", "value": 1}
            ],
            "issues": [
                {"id": "9c4f0f4e-42a8-4d39-8f0e-1f7c2d7a5b02", "label": "5G"},
                {
                    "id": "9c4f0f4e-42a8-4d39-8f0e-1f7c2d7a5b03",
                    "label": "Huawei",
                    "parent": "9c4f0f4e-42a8-4d39-8f0e-1f7c2d7a5b02",
                },
            ],
            "actor_types": ["persoon", "bedrijf"],
        }
    )
    _assert_undo_and_redo(seeded_project, lambda p: p.replace_codebook(book), "Replace Codebook")


def test_undo_and_redo_a_step_of_many_writes(seeded_project: Project) -> None:
    from claimdesk.synthetic import annotate_project

    seeded_project.coder_id()  # the coder exists before the snapshot (coders are not undone)
    _assert_undo_and_redo(
        seeded_project, lambda p: annotate_project(p, seed=3), "Add Synthetic Annotations"
    )


def _export_of_other_work(tmp_path: Path, demo_project: Project) -> Path:
    """An export that overlaps the demo: a document with the same text, an actor by alias, new things."""
    with Project.create(tmp_path / "other.claimdesk", coder="bram") as other:
        other.add_actor_type("ngo")
        other.import_documents(
            [
                Document(text=demo_project.document(1).text, file="000.txt"),
                Document(text="Amnesty zegt dat Trump ongelijk heeft.", file="nieuw.txt"),
            ]
        )
        trump = other.add_actor("Trump").id  # matches the demo's Donald Trump by alias
        amnesty = other.add_actor("Amnesty", type="ngo").id
        issue = other.add_issue("Mensenrechten").id
        other.add_claim(document=1, start=0, end=19, claimant=trump, target_issue=issue)
        other.add_claim(document=2, start=0, end=7, claimant=amnesty, target_actor=trump)
        other.add_mention(document=2, start=17, end=22, actor=trump)
        other.set_status(2, "done")
        export_corpus(other, tmp_path / "other.json")
    return tmp_path / "other.json"


def test_undo_and_redo_corpus_import_into_a_project_with_work(
    demo_project: Project, tmp_path: Path
) -> None:
    export = _export_of_other_work(tmp_path, demo_project)
    # Coders are people, registered when they first appear and never undone.
    _assert_undo_and_redo(
        demo_project, lambda p: import_corpus(p, export), "Import other.json", exclude=("coders",)
    )


def test_undo_and_redo_corpus_import_into_a_new_project(
    demo_project: Project, project_path: Path, tmp_path: Path
) -> None:
    export = _export_of_other_work(tmp_path, demo_project)
    with Project.create(project_path) as project:
        project.coder_id()
        _assert_undo_and_redo(
            project, lambda p: import_corpus(p, export), "Import other.json", exclude=("coders",)
        )


def test_undo_corpus_import_into_a_new_project_restores_its_codebook(
    demo_project: Project, project_path: Path, tmp_path: Path
) -> None:
    export = _export_of_other_work(tmp_path, demo_project)
    with Project.create(project_path) as project:
        project.coder_id()
        before = rawdb.dump(project_path, exclude=("coders",))
        import_corpus(project, export)
        assert "ngo" in project.codebook().actor_types
        assert project.info()["name"] == "other"
        project.undo()
        assert rawdb.dump(project_path, exclude=("coders",)) == before
        assert "ngo" not in project.codebook().actor_types
        assert project.info()["name"] == "study"
        assert project.check() == []


def test_undo_status_names(empty_project: Project) -> None:
    assert empty_project.undo_status() == (None, None)
    empty_project.add_actor("A")
    empty_project.add_issue("I")
    assert empty_project.undo_status() == ("Add Issue", None)
    assert empty_project.undo().name == "Undo Add Issue"
    assert empty_project.undo_status() == ("Add Actor", "Add Issue")
    assert empty_project.undo().name == "Undo Add Actor"
    assert empty_project.undo_status() == (None, "Add Actor")
    assert empty_project.redo().name == "Redo Add Actor"
    assert empty_project.undo_status() == ("Add Actor", "Add Issue")


def test_undo_changes_report_what_was_touched(demo_project: Project) -> None:
    claim = demo_project.add_claim(document=2, start=0, end=3).id
    changes = demo_project.undo()
    assert (changes.claims, changes.count) == ({claim}, 1)
    assert demo_project.redo().claims == {claim}


def test_a_new_write_after_undo_clears_redo(empty_project: Project) -> None:
    empty_project.add_actor("A")
    empty_project.undo()
    assert empty_project.undo_status() == (None, "Add Actor")
    empty_project.add_actor("B")
    assert empty_project.undo_status() == ("Add Actor", None)
    with pytest.raises(NotFound, match="nothing to redo"):
        empty_project.redo()
    assert [a.name for a in empty_project.actors()] == ["B"]


def test_undo_with_nothing_to_undo(empty_project: Project) -> None:
    with pytest.raises(NotFound, match="nothing to undo"):
        empty_project.undo()
    with pytest.raises(NotFound, match="nothing to redo"):
        empty_project.redo()


def test_undo_history_survives_closing_the_file(project_path: Path) -> None:
    with Project.create(project_path) as project:
        project.add_actor("A")
    with Project.open(project_path) as project:
        assert project.undo().name == "Undo Add Actor"
        assert project.actors() == []


def test_undo_keeps_a_limited_history(
    empty_project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("claimdesk.core.store._base.UNDO_LIMIT", 3)
    for name in "ABCDE":
        empty_project.add_actor(name)
    for _ in range(3):
        empty_project.undo()
    with pytest.raises(NotFound, match="nothing to undo"):
        empty_project.undo()
    assert [a.name for a in empty_project.actors()] == ["A", "B"]


def test_clear_history(empty_project: Project) -> None:
    empty_project.add_actor("A")
    empty_project.clear_history()
    assert empty_project.undo_status() == (None, None)
    assert [a.name for a in empty_project.actors()] == ["A"]
