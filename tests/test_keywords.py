"""core.keywords: the keyword highlighter's words and regular expressions, saved in the project."""

from __future__ import annotations

import pytest

from claimdesk.core import Project, ProjectError
from claimdesk.core.keywords import (
    DEFAULT_COLOR,
    Keyword,
    check_keywords,
    find_keywords,
    project_keywords,
    save_keywords,
)

TEXT = "De Veiligheid van 5G-netwerken 📶: spionage, espionage en VEILIGHEIDSRISICO'S. Ministers."


def quotes(keywords: list[Keyword], text: str = TEXT) -> list[str]:
    return [text[s.start : s.end] for s in find_keywords(text, keywords)]


@pytest.mark.parametrize(
    ("keyword", "expected"),
    [
        (Keyword("veiligheid"), ["Veiligheid"]),
        (Keyword("veiligheid*"), ["Veiligheid", "VEILIGHEIDSRISICO"]),
        (Keyword("5G netwerken"), []),  # a hyphen is not a space
        (Keyword("5G"), ["5G"]),
        (Keyword("minister*"), ["Ministers"]),
        (Keyword("minister"), []),  # whole words only
        (Keyword("spionage|espionage", regex=True), ["spionage", "espionage"]),
        (Keyword(r"\bveilig\w+", regex=True), ["Veiligheid", "VEILIGHEIDSRISICO"]),
        (Keyword("📶"), ["📶"]),  # an astral character, in code points
    ],
)
def test_find_keywords(keyword: Keyword, expected: list[str]) -> None:
    assert quotes([keyword]) == expected


def test_find_keywords_ignores_accents_and_keeps_code_points() -> None:
    text = "😀 Het Ministère en het ministere."
    spans = find_keywords(text, [Keyword("ministère", color="#123456")])
    assert [(text[s.start : s.end], s.color) for s in spans] == [
        ("Ministère", "#123456"),
        ("ministere", "#123456"),
    ]


def test_find_keywords_sorts_by_position_and_skips_broken_ones() -> None:
    found = find_keywords(TEXT, [Keyword("spionage"), Keyword("("), Keyword("Veiligheid")])
    assert [s.pattern for s in found] == ["Veiligheid", "spionage"]
    assert found[0].color == DEFAULT_COLOR


@pytest.mark.parametrize(
    ("keyword", "message"),
    [
        (Keyword("(", regex=True), "the regular expression '\\(' has an error"),
        (Keyword("a*", regex=True), "matches empty text"),
        (Keyword("*"), "has a \\* without a word"),
        (Keyword("x", color="red"), "not a colour"),
    ],
)
def test_check_keywords_names_the_problem(keyword: Keyword, message: str) -> None:
    with pytest.raises(ProjectError, match=message):
        check_keywords([keyword])


def test_keywords_are_saved_in_the_project(empty_project: Project) -> None:
    assert project_keywords(empty_project) == []
    saved = save_keywords(
        empty_project,
        [
            Keyword(" veiligheid* ", "#E69F00"),
            Keyword("", "#000000"),
            Keyword("veiligheid*", "#E69F00"),
        ],
    )
    assert saved == [Keyword("veiligheid*", "#E69F00")]
    empty_project.close()
    with Project.open(empty_project.path) as reopened:
        assert project_keywords(reopened) == [Keyword("veiligheid*", "#E69F00", False)]


def test_saving_bad_keywords_keeps_the_old_list(empty_project: Project) -> None:
    save_keywords(empty_project, [Keyword("huawei")])
    with pytest.raises(ProjectError):
        save_keywords(empty_project, [Keyword("zte"), Keyword("[", regex=True)])
    assert project_keywords(empty_project) == [Keyword("huawei")]
