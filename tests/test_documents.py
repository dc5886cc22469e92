"""Documents in the store: document_ids, document_summaries, set_status, counts, progress, edits."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

import rawdb
from claimdesk.core import FormatError, Project, ProjectError
from claimdesk.core.errors import NotFound
from claimdesk.core.model import Document


@pytest.fixture
def demo_project(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Project]:
    """conftest's demo project, as a copy of one built once per run (much quicker)."""
    with Project.open(rawdb.demo_copy(tmp_path, tmp_path_factory), coder="demo") as project:
        yield project


#: The demo's document ids in import order are the seed numbers plus one.
FILES = {
    i + 1: f
    for i, f in enumerate(
        [
            "000_976797ab8663bd03.txt",
            "001_014a362b6ea5d783.txt",
            "002_bc5ebd5afebce3a5.txt",
            "003_d0d43a23e7db1d79.txt",
            "004_ab5e73e80423f3eb.txt",
            "005_083d534df2731b2c.txt",
            "006_c46d9ff759d615ee.txt",
            "007_c6dee578db8f3957.txt",
            "008_2d98245efc909d41.txt",
            "009_cc2873eeb30e3456.txt",
            "010_43cc3a3117e0dd37.txt",
            "011_e64e4afb88a05eb4.txt",
            "012_c532cc135086d82e.txt",
            "013_ec71e9d4bd1d4c24.txt",
        ]
    )
}


@pytest.mark.parametrize(
    ("sort", "descending", "ids"),
    [
        ("id", False, list(range(1, 15))),
        ("id", True, list(range(14, 0, -1))),
        ("published", False, [2, 3, 4, 5, 1, 6, 7, 8, 14, 9, 10, 11, 12, 13]),
        ("published", True, [13, 12, 11, 10, 9, 14, 8, 7, 1, 6, 5, 4, 3, 2]),
        ("claims", True, [1, 13, 10, 2, 3, 4, 6, 9, 11, 12, 5, 7, 8, 14]),
        ("characters", False, [5, 8, 6, 9, 12, 4, 7, 11, 3, 2, 10, 13, 14, 1]),
        ("no-such-sort", False, list(range(1, 15))),
    ],
)
def test_document_ids_sorted(
    demo_project: Project, sort: str, descending: bool, ids: list[int]
) -> None:
    assert demo_project.document_ids(sort=sort, descending=descending) == ids


def test_document_ids_by_title_ignores_case(demo_project: Project) -> None:
    titles = [demo_project.document(i).title for i in demo_project.document_ids(sort="title")]
    assert titles == sorted(titles, key=str.casefold)


@pytest.mark.parametrize(
    ("text", "ids"),
    [
        ("2019-10", [1, 6]),
        ("uk government", [9, 13]),
        ("005_", [6]),
        ("  Merkel ", [6]),
        ("", list(range(1, 15))),
        ("nothing like this", []),
    ],
)
def test_document_ids_filtered(demo_project: Project, text: str, ids: list[int]) -> None:
    assert demo_project.document_ids(filter_text=text) == ids


def test_document_ids_leave_out_the_trash(demo_project: Project) -> None:
    demo_project.delete_documents([2, 3])
    assert demo_project.document_ids()[:3] == [1, 4, 5]
    assert demo_project.document_count() == 12
    assert [d.id for d in demo_project.iter_documents()][:2] == [1, 4]
    demo_project.restore_documents([2])
    assert demo_project.document_ids()[:3] == [1, 2, 4]


def test_document_summaries(demo_project: Project) -> None:
    demo_project.set_status(13, "done", coder="anna")
    rows = demo_project.document_summaries([13, 999, 1], coder="anna")
    assert [(r.id, r.file, r.characters, r.claims, r.status) for r in rows] == [
        (13, FILES[13], 1960, 3, "done"),
        (1, FILES[1], 2229, 4, "todo"),
    ]
    assert rows[1].published == "2019-10"
    assert rows[1].title.startswith("De Verenigde Staten is van plan")
    assert [r.status for r in demo_project.document_summaries([13])] == ["todo"]  # coder "demo"
    assert [r.id for r in demo_project.document_summaries()] == list(range(1, 15))


@pytest.mark.parametrize(
    ("status", "name"),
    [
        ("done", "Mark Document Done"),
        ("in-progress", "Mark Document In Progress"),
        ("todo", "Mark Document Todo"),
    ],
)
def test_set_status(demo_project: Project, status: str, name: str) -> None:
    changes = demo_project.set_status(1, status)
    assert (changes.name, changes.documents) == (name, {1})
    coder = next(c for c in demo_project.coders() if c.name == "demo")
    assert demo_project.statuses(1) == {coder.uuid: status}


def test_set_status_per_coder(demo_project: Project) -> None:
    demo_project.set_status(1, "done", coder="anna")
    demo_project.set_status(1, "in-progress", coder="bram")
    demo_project.set_status(1, "todo", coder="anna")
    names = {c.uuid: c.name for c in demo_project.coders()}
    assert {names[k]: v for k, v in demo_project.statuses(1).items()} == {
        "anna": "todo",
        "bram": "in-progress",
    }


def test_set_status_unknown(demo_project: Project) -> None:
    with pytest.raises(ProjectError, match="unknown status 'finished'"):
        demo_project.set_status(1, "finished")


def test_counts_and_progress(demo_project: Project) -> None:
    assert demo_project.counts() == {
        "documents": 14,
        "claims": 16,
        "mentions": 11,
        "actors": 16,
        "coders": 1,
    }
    assert demo_project.progress() == (0, 14)
    for document in (1, 2, 3):
        demo_project.set_status(document, "done")
    demo_project.set_status(4, "in-progress")
    demo_project.set_status(5, "done", coder="anna")
    assert demo_project.progress() == (3, 14)
    assert demo_project.progress("anna") == (1, 14)
    demo_project.delete_documents([1])
    assert demo_project.progress() == (2, 13)
    assert demo_project.counts()["coders"] == 2


def test_update_document(demo_project: Project) -> None:
    changes = demo_project.update_document(
        1, title="Nieuw", published="2019-10-3", source="Tweakers", memo="nota", metadata={"a": 1}
    )
    assert (changes.name, changes.documents) == ("Edit Document", {1})
    doc = demo_project.document(1)
    assert (doc.title, doc.published, doc.source, doc.memo, doc.metadata) == (
        "Nieuw",
        "2019-10-03",
        "Tweakers",
        "nota",
        {"a": 1},
    )
    assert doc.text.startswith("De Verenigde Staten")


@pytest.mark.parametrize("cleared", [None, ""])
def test_update_document_clears_the_date(demo_project: Project, cleared: str | None) -> None:
    demo_project.update_document(1, published=cleared)
    assert demo_project.document(1).published is None


def test_update_document_refuses_a_bad_date(demo_project: Project) -> None:
    with pytest.raises(FormatError, match="not a valid date"):
        demo_project.update_document(1, title="x", published="2019-13")
    assert demo_project.document(1).title != "x"


def test_document_id(demo_project: Project) -> None:
    doc = demo_project.document(6)
    assert demo_project.document_id(6) == 6
    assert demo_project.document_id("6") == 6
    assert demo_project.document_id(doc.uuid) == 6
    assert demo_project.document_id(doc.uuid[:8]) == 6
    assert demo_project.document_id(FILES[6]) == 6
    with pytest.raises(NotFound, match="no single document"):
        demo_project.document_id("nothing")


def test_add_document(empty_project: Project) -> None:
    changes = empty_project.add_document(Document(text="Een tekst.", title="T", file="a.txt"))
    assert (changes.name, changes.id) == ("Add Document", 1)
    assert empty_project.document(1).sha256 == Document(text="Een tekst.").sha256
    with pytest.raises(ProjectError, match="the same text is already in the project"):
        empty_project.add_document(Document(text="Een tekst.", file="b.txt"))
    assert empty_project.document_count() == 1
