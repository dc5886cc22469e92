"""core.actors: finding actors' names and aliases in a text, and tagging them in the corpus."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import rawdb
from claimdesk.core import Project
from claimdesk.core.actors import (
    FoldedText,
    MentionFinder,
    Suggestion,
    find_mentions,
    fold,
    new_suggestions,
    tag_all_mentions,
)
from claimdesk.core.errors import Cancelled
from claimdesk.core.model import Actor, Mention

USA, TRUMP, HUAWEI, HUAWEI_NL, KABINET, SANCHEZ = 1, 2, 3, 4, 5, 6

ACTORS = [
    Actor("Verenigde Staten", aliases=["de VS", "VS", "Amerika", "the US"], id=USA),
    Actor("Donald Trump", aliases=["Trump", "president Donald Trump"], id=TRUMP),
    Actor("Huawei", aliases=["the Chinese company"], id=HUAWEI),
    Actor("Huawei Nederland", id=HUAWEI_NL),
    Actor("Nederlands kabinet", aliases=["het kabinet"], id=KABINET),
    Actor("Pedro Sánchez", aliases=["Sánchez"], id=SANCHEZ),
]


def found(text: str, actors: list[Actor] = ACTORS) -> list[tuple[str, int]]:
    """What the finder finds: each quote with its actor."""
    return [(text[s.start : s.end], s.actor) for s in MentionFinder(actors).find(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Dutch: the article is part of the alias "de VS"; the possessive apostrophe of "VS'".
        ("Volgens de VS is dat onveilig.", [("de VS", USA)]),
        ("De VS' plannen zijn bekend.", [("De VS", USA)]),
        ("De plannen van de VS.", [("de VS", USA)]),
        ("Amerika en Trumps beleid", [("Amerika", USA), ("Trumps", TRUMP)]),
        # English: possessive 's, and the alias with its article.
        ("Huawei's equipment is banned.", [("Huawei", HUAWEI)]),
        ("Huawei’s equipment", [("Huawei", HUAWEI)]),
        ("the US said so; the US' allies", [("the US", USA), ("the US", USA)]),
        # Longest match wins on overlap.
        ("Dat heeft president Donald Trump gezegd.", [("president Donald Trump", TRUMP)]),
        ("Donald Trump en Trump", [("Donald Trump", TRUMP), ("Trump", TRUMP)]),
        ("Huawei Nederland reageert", [("Huawei Nederland", HUAWEI_NL)]),
        # Whole words only: compounds with a hyphen hold the word, glued words do not.
        ("Geen Huawei-apparatuur", [("Huawei", HUAWEI)]),
        ("Huaweiapparatuur en Trumpisme", []),
        # Case and diacritics do not matter.
        ("HUAWEI en huawei", [("HUAWEI", HUAWEI), ("huawei", HUAWEI)]),
        (
            "Sanchez, SÁNCHEZ en Sánchez",
            [("Sanchez", SANCHEZ), ("SÁNCHEZ", SANCHEZ), ("Sánchez", SANCHEZ)],
        ),
        # A name broken over a line is still found; over a paragraph break it is not.
        ("Donald\nTrump", [("Donald\nTrump", TRUMP)]),
        ("Donald\n\nTrump", [("Trump", TRUMP)]),
        ("het kabinet besluit", [("het kabinet", KABINET)]),
    ],
)
def test_find_mentions_dutch_and_english(text: str, expected: list[tuple[str, int]]) -> None:
    assert found(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("They told us it was over.", []),
        ("US officials", [("US", 9)]),
        ("vs. de VS", [("de VS", 9)]),
    ],
)
def test_short_capital_aliases_match_only_capitals(
    text: str, expected: list[tuple[str, int]]
) -> None:
    # "US" and "VS" are acronyms: the pronoun "us" and the abbreviation "vs." are not the country.
    actors = [Actor("Verenigde Staten", aliases=["US", "de VS"], id=9)]
    assert found(text, actors) == expected


def test_overlapping_names_of_two_actors_longest_wins_whoever_starts_first() -> None:
    actors = [Actor("the US", id=1), Actor("US government", id=2)]
    assert found("Yesterday the US government said", actors) == [("US government", 2)]
    assert found("the US said", actors) == [("the US", 1)]


def test_find_keeps_code_points_of_the_stored_text_with_emoji_and_expanding_folds() -> None:
    # "ß" folds to "ss", the emoji is one code point and two UTF-16 units, "e" + U+0301 is decomposed.
    actors = [Actor("Straße", id=1), Actor("José", id=2), Actor("Trump", id=3)]
    text = "🇳🇱 Die Straße 📶 en Jose\u0301 en Trump."
    result = MentionFinder(actors).find(text)
    assert [(text[s.start : s.end], s.actor) for s in result] == [
        ("Straße", 1),
        ("Jose\u0301", 2),
        ("Trump", 3),
    ]


def test_find_only_one_actor_after_settling_overlaps_among_all() -> None:
    finder = MentionFinder(ACTORS)
    text = "Huawei Nederland en Huawei"
    assert [(s.start, s.end) for s in finder.find(text, actor=HUAWEI)] == [(20, 26)]


def test_find_mentions_reports_the_name_that_matched() -> None:
    assert find_mentions("Zegt Trump.", ACTORS) == [Suggestion(5, 10, TRUMP, "Trump")]


def test_finder_with_no_actors_or_no_text_finds_nothing() -> None:
    assert MentionFinder([]).find("Trump") == []
    assert MentionFinder(ACTORS).find("") == []
    assert MentionFinder([Actor("---", id=1)]).names == 0


def test_fold_removes_case_and_diacritics() -> None:
    assert fold("Sánchez ÇA Straße") == "sanchez ca strasse"
    assert FoldedText("abc").text == "abc"


@given(st.text(alphabet=st.sampled_from(list("aéß🙂 \nTrumpHuawei's-")), max_size=60))
def test_every_suggestion_quotes_a_name_of_its_actor(text: str) -> None:
    finder = MentionFinder(ACTORS)
    previous_end = 0
    for s in finder.find(text):
        assert 0 <= previous_end <= s.start < s.end <= len(text)
        previous_end = s.end
        words = fold(text[s.start : s.end]).replace("\n", " ").split()
        assert words[0][:1] == fold(s.name)[:1]


def test_new_suggestions_leave_out_places_already_tagged() -> None:
    suggestions = [Suggestion(0, 5, 1, "a"), Suggestion(10, 15, 1, "a"), Suggestion(20, 25, 2, "b")]
    mentions = [
        Mention(document=1, start=12, end=14, actor=1),
        Mention(document=1, start=0, end=30),
    ]
    assert new_suggestions(suggestions, mentions[:1]) == [suggestions[0], suggestions[2]]
    assert new_suggestions(suggestions, mentions) == []
    assert new_suggestions(suggestions, []) == suggestions


# ---------------------------------------------------------------------- the corpus


@pytest.fixture
def demo(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Project:
    project = Project.open(rawdb.demo_copy(tmp_path, tmp_path_factory), coder="demo")
    yield project
    project.close()


def test_tag_all_mentions_tags_every_occurrence_in_one_undo_step(demo: Project) -> None:
    huawei = demo.find_actor("Huawei")
    assert huawei is not None and huawei.id is not None
    before = rawdb.dump(demo.path)
    already = {(m.document, m.start) for m in demo.mentions() if m.actor == huawei.id}
    changes = tag_all_mentions(demo, actor=huawei.id)
    assert changes.name == "Tag All Mentions of Huawei"
    added = [demo.mention(i) for i in changes.mentions]
    assert len(added) > 20
    assert all(m.actor == huawei.id for m in added)
    assert {m.quote.casefold() for m in added} <= {n.casefold() for n in huawei.names()} | {
        "huaweis"
    }
    assert not already & {(m.document, m.start) for m in added}
    assert demo.check() == []
    # Again: everything is tagged already, and no empty undo step is left.
    again = tag_all_mentions(demo, actor=huawei.id)
    assert (again.mentions, again.step) == (set(), None)
    assert demo.undo().name == "Undo Tag All Mentions of Huawei"
    assert rawdb.dump(demo.path) == before


def test_tag_all_mentions_cancelled_writes_nothing(demo: Project) -> None:
    before = rawdb.dump(demo.path)
    progress: list[tuple[int, int]] = []
    with pytest.raises(Cancelled):
        tag_all_mentions(
            demo,
            actor=demo.find_actor("Trump").id,  # type: ignore[union-attr]
            progress=lambda done, total: progress.append((done, total)),
            cancel=lambda: len(progress) >= 3,
        )
    assert progress == [(1, 14), (2, 14), (3, 14)]
    assert rawdb.dump(demo.path) == before
