"""``claimdesk actors ...`` and ``claimdesk codebook ...``, run in-process; exact output where stable."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

import rawdb
from claimdesk.cli import cli
from claimdesk.core import Project


@pytest.fixture
def demo(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> str:
    """The demo project as ``demo.claimdesk`` in the current folder."""
    monkeypatch.chdir(tmp_path)
    rawdb.demo_copy(tmp_path, tmp_path_factory)
    return "demo.claimdesk"


def run(*args: str) -> Result:
    result = CliRunner().invoke(cli, list(args), prog_name="claimdesk")
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result


def test_actors_list_sorted_and_filtered(demo: str) -> None:
    result = run("actors", "list", demo, "--filter", "trump", "--sort", "claims")
    assert result.exit_code == 0
    assert result.output.splitlines() == [
        "id  name          type    aliases                                   parent            claims  mentions",
        "--  ------------  ------  ----------------------------------------  ----------------  ------  --------",
        "2   Donald Trump  person  Trump; president Donald Trump; Presiden…  Verenigde Staten  1       1",
    ]


def test_actors_list_as_json(demo: str) -> None:
    rows = json.loads(run("actors", "list", demo, "--json", "--sort", "mentions").output)
    assert [(r["name"], r["mentions"]) for r in rows[:3]] == [
        ("Europese Commissie", 2),
        ("Verenigde Staten", 2),
        ("AIVD", 1),
    ]
    assert rows[0]["aliases"] == ["European Commission", "the Commission", "Brussel"]


def test_actors_add_edit_merge_and_undo(demo: str) -> None:
    assert run(
        "actors",
        "add",
        demo,
        "Amerikaanse regering",
        "--type",
        "state",
        "--alias",
        "Washington DC",
        "--parent",
        "VS",
    ).output == ("Added actor 17: Amerikaanse regering\n")
    assert run(
        "actors",
        "edit",
        demo,
        "Washington DC",
        "--alias",
        "de regering",
        "--remove-alias",
        "washington dc",
        "--notes",
        "De *federale* regering.",
    ).output == ("Edited actor 17: Amerikaanse regering (state; aliases: de regering)\n")
    result = run("actors", "merge", demo, "Verenigde Staten", "Amerikaanse regering", "Trump")
    assert result.output == (
        "Merge Actors into Verenigde Staten: 2 actors merged; 1 claim reference and 1 mention moved\n"
    )
    with Project.open(demo, readonly=True) as project:
        usa = project.find_actor("de regering")
        assert usa is not None and usa.name == "Verenigde Staten"
        assert "De *federale* regering." in usa.notes
        assert "state" in project.codebook().actor_types
    assert run("undo", demo).output.startswith("Undo Merge Actors into Verenigde Staten")


def test_actors_delete_in_use_needs_a_choice(demo: str) -> None:
    before = rawdb.dump(Path(demo))
    result = run("actors", "delete", demo, "Huawei")
    assert result.exit_code == 1
    assert result.output == (
        "Error: Huawei is the claimant of 2 claims, the target of 1 claim and 1 mention; say what "
        "happens to them with --reassign-to ACTOR or --clear\n"
    )
    assert rawdb.dump(Path(demo)) == before
    result = run("actors", "delete", demo, "Huawei", "--reassign-to", "KPN")
    assert result.output == (
        "Delete Actor: Huawei moved to the trash; its claims and mentions now belong to KPN\n"
    )
    assert run("actors", "delete", demo, "AIVD", "--clear").output == (
        "Delete Actor: AIVD moved to the trash; it was removed from its claims\n"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["actors", "edit", "{p}", "Nobody", "--name", "x"], "Error: no actor called 'Nobody'"),
        (["actors", "edit", "{p}", "KPN"], "Error: nothing to change"),
        (["actors", "add", "{p}", "trump"], "Error: there is already an actor called 'trump'"),
        (
            ["actors", "delete", "{p}", "KPN", "--clear", "--reassign-to", "VS"],
            "Error: give --reassign-to or --clear, not both",
        ),
        (
            ["actors", "merge", "{p}", "KPN", "KPN"],
            "Error: choose at least one other actor to merge",
        ),
    ],
)
def test_actors_commands_refuse_with_one_line(demo: str, args: list[str], message: str) -> None:
    result = run(*[a.replace("{p}", demo) for a in args])
    assert result.exit_code == 1
    assert result.output.startswith(message) and result.output.count("\n") == 1


def test_actors_tag_mentions(demo: str) -> None:
    result = run("actors", "tag-mentions", demo, "Grapperhaus")
    assert result.exit_code == 0
    assert result.output.startswith("Tag All Mentions of Ferd Grapperhaus: ")
    with Project.open(demo, readonly=True) as project:
        assert project.check() == []


def test_codebook_export_show_and_import(demo: str) -> None:
    assert run("codebook", "export", demo, "scheme.json").output == (
        "Wrote scheme.json (codebook-json): 4 stances, 4 issues, 0 tags, 0 variables\n"
    )
    assert run("codebook", "export", demo, "scheme.qdc").output == (
        "Wrote scheme.qdc (refi-qdc): 4 stances, 4 issues, 0 tags, 0 variables\n"
    )
    shown = run("codebook", "show", demo).output.splitlines()
    assert shown[:3] == [
        "Stances:",
        "  1  support (value 1, #009E73)",
        "  2  oppose (value -1, #D55E00)",
    ]
    assert run("new", "other.claimdesk").exit_code == 0
    assert run("codebook", "import", "other.claimdesk", "scheme.qdc", "--dry-run").output == (
        "Would import: 4 added, 4 matched, 0 conflicts\n"
    )
    assert run("codebook", "import", "other.claimdesk", "scheme.json").output == (
        "Imported: 4 added, 4 matched, 0 conflicts\n"
    )
    book = json.loads(run("codebook", "show", "other.claimdesk", "--json").output)
    assert book["issues"][0]["label"] == "Huawei in 5G networks"


def test_codebook_import_reports_conflicts(demo: str, tmp_path: Path) -> None:
    run("codebook", "export", demo, "scheme.json")
    data = json.loads((tmp_path / "scheme.json").read_text(encoding="utf-8"))
    data["stances"][1]["color"] = "#FF0000"
    (tmp_path / "scheme.json").write_text(json.dumps(data), encoding="utf-8")
    assert run("codebook", "import", demo, "scheme.json").output == (
        "conflict (kept ours): stance 'oppose': colour ours '#D55E00', theirs '#FF0000'\n"
        "Imported: 0 added, 8 matched, 1 conflict (kept ours)\n"
    )


def test_codebook_import_of_a_bad_file_is_one_line_and_changes_nothing(
    demo: str, tmp_path: Path
) -> None:
    (tmp_path / "notes.txt").write_text("Just some notes", encoding="utf-8")
    before = rawdb.dump(Path(demo))
    result = run("codebook", "import", demo, "notes.txt")
    assert (result.exit_code, result.output) == (
        1,
        "Error: notes.txt: not a codebook (a Claimdesk codebook .json or a REFI-QDA .qdc)\n",
    )
    assert rawdb.dump(Path(demo)) == before
