"""Project.check: integrity, foreign keys, full-text indexes, and every span against its text."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

import rawdb
from claimdesk.core import Project


@pytest.fixture
def demo_project(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Project]:
    """conftest's demo project, as a copy of one built once per run (much quicker)."""
    with Project.open(rawdb.demo_copy(tmp_path, tmp_path_factory), coder="demo") as project:
        yield project


@pytest.fixture
def demo_file(demo_project: Project) -> Project:
    """The demo project, closed, so a test can damage its file and open it again."""
    demo_project.close()
    return demo_project


def test_check_the_demo_is_clean(demo_project: Project) -> None:
    assert demo_project.check() == []


def test_check_finds_a_tampered_quote(demo_file: Project) -> None:
    rawdb.execute(demo_file.path, "UPDATE claims SET quote = 'Iets anders' WHERE id = 1")
    with Project.open(demo_file.path) as project:
        claim = project.claim(1)
        assert project.check() == [
            f"claim {claim.uuid} (document {claim.document}, [{claim.start}, {claim.end})): "
            f"quote 'Iets anders' does not match the text "
            f"{project.document(claim.document).text[claim.start : claim.end]!r}"
        ]


def test_check_finds_a_tampered_mention_offset(demo_file: Project) -> None:
    rawdb.execute(
        demo_file.path, 'UPDATE mentions SET start = start + 1, "end" = "end" + 1 WHERE id = 2'
    )
    with Project.open(demo_file.path) as project:
        [problem] = project.check()
        assert problem.startswith(f"mention {project.mentions()[1].uuid} ")
        assert "does not match the text" in problem


def test_check_finds_a_tampered_prefix(demo_file: Project) -> None:
    rawdb.execute(demo_file.path, "UPDATE claims SET prefix = 'x' WHERE id = 3")
    with Project.open(demo_file.path) as project:
        [problem] = project.check()
        assert problem.endswith("its prefix or suffix does not match the text")


def test_check_finds_a_changed_text(demo_file: Project) -> None:
    rawdb.execute(demo_file.path, "UPDATE documents SET text = 'Korter.' WHERE id = 1")
    with Project.open(demo_file.path) as project:
        problems = project.check()
        assert len(problems) == len(project.claims(document=1)) + len(project.mentions(document=1))
        assert project.search("Korter")  # the index followed the text (its update trigger)


def test_check_finds_a_stale_search_index(demo_file: Project) -> None:
    rawdb.execute(demo_file.path, "DROP TRIGGER documents_au")
    rawdb.execute(demo_file.path, "UPDATE documents SET title = 'ongeindexeerd' WHERE id = 1")
    with Project.open(demo_file.path) as project:
        assert project.check() == ["search index documents_fts: database disk image is malformed"]


def test_check_finds_a_broken_reference(demo_file: Project) -> None:
    rawdb.execute(demo_file.path, "UPDATE claims SET claimant_id = 999 WHERE id = 1")
    with Project.open(demo_file.path) as project:
        assert project.check() == ["foreign key: claims row 1 refers to a missing actors row"]


def test_check_on_a_readonly_project(demo_file: Project) -> None:
    rawdb.execute(demo_file.path, "UPDATE claims SET quote = 'Iets anders' WHERE id = 1")
    with Project.open(demo_file.path, readonly=True) as project:
        [problem] = project.check()
        assert "quote 'Iets anders'" in problem
