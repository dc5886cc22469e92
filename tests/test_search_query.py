"""claimdesk.core.search.to_fts5, and Project.search running what users type."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

import rawdb
from claimdesk.core import Project
from claimdesk.core.search import SearchSyntaxError, to_fts5


@pytest.fixture
def demo_project(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Project]:
    """conftest's demo project, as a copy of one built once per run (much quicker)."""
    with Project.open(rawdb.demo_copy(tmp_path, tmp_path_factory), coder="demo") as project:
        yield project


QUERIES = [
    ("Huawei", '"Huawei"'),
    ("Huawei 5G", '"Huawei" AND "5G"'),
    ('"de VS"', '"de VS"'),
    ('"unterminated phrase', '"unterminated phrase"'),
    ("Huawei OR ZTE", '("Huawei" OR "ZTE")'),
    ("Huawei OR ZTE 5G", '("Huawei" OR "ZTE") AND "5G"'),
    ("Huawei -ZTE", '"Huawei" NOT "ZTE"'),
    ('Huawei -"de VS"', '"Huawei" NOT "de VS"'),
    ("Huawei OR ZTE -Noorwegen", '(("Huawei" OR "ZTE")) NOT "Noorwegen"'),
    ("-Noorwegen Huawei -ZTE", '"Huawei" NOT "Noorwegen" NOT "ZTE"'),
    ("spion*", '"spion"*'),
    ("Huawei-app*", '"Huawei app"*'),
    ("Huawei-apparatuur", '"Huawei apparatuur"'),
    ("Huawei's", '"Huawei s"'),
    ("Huawei’s", '"Huawei s"'),
    ("de VS'", '"de" AND "VS"'),
    ("NOT AND NEAR", '"NOT" AND "AND" AND "NEAR"'),
    ("OR Huawei", '"Huawei"'),
    ("Huawei OR", '"Huawei"'),
    ("één", '"één"'),
    (
        'Huawei-apparatuur OR ZTE "de VS" -Noorwegen 5G*',
        '(("Huawei apparatuur" OR "ZTE") AND "de VS" AND "5G"*) NOT "Noorwegen"',
    ),
]


@pytest.mark.parametrize(("query", "fts"), QUERIES)
def test_to_fts5(query: str, fts: str) -> None:
    assert to_fts5(query) == fts


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("-Huawei", "not excluded"),
        ("-Huawei -ZTE", "not excluded"),
        ("", "nothing to search for"),
        ("   ", "nothing to search for"),
        ("OR", "nothing to search for"),
        ("- * ' \"", "nothing to search for"),
    ],
)
def test_to_fts5_errors(query: str, message: str) -> None:
    with pytest.raises(SearchSyntaxError, match=message):
        to_fts5(query)


def _files(project: Project, query: str) -> list[str]:
    return [project.document(hit.document).file for hit in project.search(query)]


@pytest.mark.parametrize("query", [q for q, _ in QUERIES])
def test_search_runs_every_query(seeded_project: Project, query: str) -> None:
    for hit in seeded_project.search(query):
        assert hit.rank <= 0  # bm25: lower is better, never positive


def test_search_puts_the_title_match_first(seeded_project: Project) -> None:
    # 005's title is about Merkel; other articles only mention her in passing, if at all.
    files = _files(seeded_project, "Merkel")
    assert files[0] == "005_083d534df2731b2c.txt"


def test_search_finds_words_with_diacritics_typed_without(seeded_project: Project) -> None:
    assert _files(seeded_project, "parlementariers") == ["005_083d534df2731b2c.txt"]
    assert _files(seeded_project, "commerciele") == ["007_c6dee578db8f3957.txt"]


def test_search_ignores_case(seeded_project: Project) -> None:
    assert _files(seeded_project, "HUAWEI-APPARATUUR") == _files(
        seeded_project, "huawei-apparatuur"
    )


def test_search_phrase_with_hyphen(seeded_project: Project) -> None:
    assert sorted(_files(seeded_project, "Huawei-apparatuur")) == [
        "000_976797ab8663bd03.txt",
        "010_43cc3a3117e0dd37.txt",
    ]


def test_search_excludes(seeded_project: Project) -> None:
    with_norway = set(_files(seeded_project, "spionage Noorwegen"))
    assert with_norway == {"000_976797ab8663bd03.txt", "013_ec71e9d4bd1d4c24.txt"}
    assert set(_files(seeded_project, "spionage -Noorwegen")) == {"011_e64e4afb88a05eb4.txt"}


def test_search_prefix(seeded_project: Project) -> None:
    assert set(_files(seeded_project, "spion*")) == {
        "000_976797ab8663bd03.txt",
        "001_014a362b6ea5d783.txt",
        "011_e64e4afb88a05eb4.txt",
        "013_ec71e9d4bd1d4c24.txt",
    }


def test_search_or(seeded_project: Project) -> None:
    either = set(_files(seeded_project, "parlementariers OR commerciele"))
    assert either == {"005_083d534df2731b2c.txt", "007_c6dee578db8f3957.txt"}


def test_search_apostrophes(seeded_project: Project) -> None:
    # "risico’s" is two tokens for unicode61; the user's apostrophe of either kind matches.
    assert _files(seeded_project, "risico's") == _files(seeded_project, "risico’s")
    assert "005_083d534df2731b2c.txt" in _files(seeded_project, "risico's")


def test_search_snippet_marks_the_match(seeded_project: Project) -> None:
    [hit] = seeded_project.search("parlementariers", marks=("<b>", "</b>"))
    assert "<b>parlementariërs</b>" in hit.snippet


def test_search_raw_passes_fts5_through(seeded_project: Project) -> None:
    hits = seeded_project.search("NEAR(spionage Noorwegen, 50)", raw=True)
    assert [seeded_project.document(h.document).file for h in hits] == ["000_976797ab8663bd03.txt"]


def test_search_raw_column_filter(demo_project: Project) -> None:
    # A column only the documents have: claims (quote, note) are not searched, nothing fails.
    hits = demo_project.search("title:Merkel", raw=True)
    assert [demo_project.document(h.document).file for h in hits] == ["005_083d534df2731b2c.txt"]
    assert hits[0].claims == []


def test_search_raw_bad_syntax(seeded_project: Project) -> None:
    with pytest.raises(SearchSyntaxError, match="cannot search for"):
        seeded_project.search('"unbalanced', raw=True)


def test_search_finds_claim_notes(demo_project: Project) -> None:
    claim = demo_project.claims()[0]
    demo_project.update_claim(claim.id, note="zeldzaamwoord in een notitie")
    [hit] = demo_project.search("zeldzaamwoord")
    assert hit.document == claim.document
    assert hit.claims == [claim.id]


def test_search_skips_documents_in_the_trash(seeded_project: Project) -> None:
    [hit] = seeded_project.search("parlementariers")
    seeded_project.delete_documents([hit.document])
    assert seeded_project.search("parlementariers") == []
