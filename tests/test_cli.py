"""The ``claimdesk`` command, run in-process with click's CliRunner; exact output where stable."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

import rawdb
from claimdesk import __version__
from claimdesk.cli import cli, main, wants_window
from claimdesk.core import Project
from claimdesk.core.schema import SCHEMA_VERSION
from claimdesk.formats import all_formats
from claimdesk.paths import seeds_path

SEED = "000_976797ab8663bd03.txt"


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run every command in an empty folder, with paths relative to it as a user types them."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def articles(here: Path) -> Path:
    """articles/: two short articles and a copy of the first seed."""
    folder = here / "articles"
    folder.mkdir()
    (folder / "a.txt").write_text(
        " date 2019-10 Huawei weert kritiek. De fabrikant ontkent spionage.", encoding="utf-8"
    )
    (folder / "b.txt").write_bytes(
        " date 2020 Noorwegen laat Huawei toe. Coördinatie met Europa.".encode("cp1252")
    )
    shutil.copy(seeds_path(SEED), folder / SEED)
    return folder


def run(*args: str) -> Result:
    result = CliRunner().invoke(cli, list(args), prog_name="claimdesk")
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result


def project(here: Path, *, demo: bool = False) -> str:
    result = run("demo" if demo else "new", "study.claimdesk")
    assert result.exit_code == 0, result.output
    return "study.claimdesk"


# ---------------------------------------------------------------------- new, demo, info


def test_new(here: Path) -> None:
    result = run("new", "study.claimdesk", "--name", "5G coverage")
    assert (result.exit_code, result.stdout, result.stderr) == (
        0,
        "Created study.claimdesk (5G coverage)\n",
        "",
    )
    assert Project.open(here / "study.claimdesk").info()["name"] == "5G coverage"


def test_new_default_name(here: Path) -> None:
    assert run("new", "study.claimdesk").stdout == "Created study.claimdesk (study)\n"


def test_new_refuses_an_existing_file(here: Path) -> None:
    project(here)
    result = run("new", "study.claimdesk")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == "Error: study.claimdesk: a file of that name already exists\n"


def test_demo(here: Path) -> None:
    result = run("demo", "demo.claimdesk")
    assert (result.exit_code, result.stdout) == (
        0,
        "Created demo.claimdesk: 14 documents, 16 claims, 16 actors\n",
    )


def test_info(here: Path) -> None:
    project(here, demo=True)
    with Project.open(here / "study.claimdesk") as opened:
        info = opened.info()
    result = run("info", "study.claimdesk")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        f"uuid:           {info['uuid']}",
        "name:           5G security coverage (demo)",
        f"memo:           {info['memo']}",
        f"created:        {info['created']}",
        f"modified:       {info['modified']}",
        f"schema_version: {SCHEMA_VERSION}",
        "documents:      14",
        "claims:         16",
        "mentions:       11",
        "actors:         16",
        "coders:         1",
    ]


def test_info_json(here: Path) -> None:
    project(here)
    with Project.open(here / "study.claimdesk") as opened:
        info = opened.info()
    result = run("info", "study.claimdesk", "--json")
    assert json.loads(result.stdout) == {
        **info,
        "schema_version": SCHEMA_VERSION,
        "documents": 0,
        "claims": 0,
        "mentions": 0,
        "actors": 0,
        "coders": 0,
    }
    assert result.stdout.startswith('{\n  "uuid": ')


# ---------------------------------------------------------------------- import


def test_import(here: Path, articles: Path) -> None:
    project(here)
    result = run("import", "study.claimdesk", "articles")
    assert (result.exit_code, result.stdout, result.stderr) == (
        0,
        "3 imported, 0 duplicates, 0 failed (decoded as: 1 cp1252)\n",
        "",
    )


def test_import_duplicates(here: Path, articles: Path) -> None:
    project(here)
    run("import", "study.claimdesk", "articles")
    result = run("import", "study.claimdesk", f"articles/{SEED}")
    assert (result.exit_code, result.stdout) == (
        0,
        f"duplicate: {SEED} (same text as {SEED})\n0 imported, 1 duplicates, 0 failed\n",
    )
    quiet = run("import", "study.claimdesk", f"articles/{SEED}", "--quiet")
    assert quiet.stdout == "0 imported, 1 duplicates, 0 failed\n"


def test_import_some_failed_exits_3(here: Path, articles: Path) -> None:
    project(here)
    (articles / "broken.txt").write_bytes(b"\x00\x01\x02")
    (articles / "empty.txt").write_bytes(b"")
    result = run("import", "study.claimdesk", "articles")
    assert result.exit_code == 3
    assert result.stdout == "3 imported, 0 duplicates, 2 failed (decoded as: 1 cp1252)\n"
    assert result.stderr == (
        "failed: broken.txt: binary file (contains NUL bytes), not text\n"
        "failed: empty.txt: empty file\n"
    )


def test_import_nothing_written_exits_1(here: Path, articles: Path) -> None:
    project(here)
    (articles / "broken.txt").write_bytes(b"\x00\x01\x02")
    result = run("import", "study.claimdesk", "articles/broken.txt", "missing.txt")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        "failed: missing.txt: no such file or folder\n"
        "failed: broken.txt: binary file (contains NUL bytes), not text\n"
        "Error: nothing imported: 0 imported, 0 duplicates, 2 failed\n"
    )


def test_import_strict(here: Path, articles: Path) -> None:
    project(here)
    (articles / "broken.txt").write_bytes(b"\x00\x01\x02")
    result = run("import", "study.claimdesk", "articles", "--strict")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "failed: broken.txt: binary file (contains NUL bytes), not text",
        "Error: nothing imported: 0 imported, 0 duplicates, 1 failed (--strict: nothing was written)"
        " (decoded as: 1 cp1252)",
    ]
    assert Project.open(here / "study.claimdesk").document_count() == 0


def test_import_with_format_and_encoding(here: Path, articles: Path) -> None:
    project(here)
    (articles / "c.text").write_bytes("# Kop\n\nZürich.".encode("latin-1"))
    result = run(
        "import",
        "study.claimdesk",
        "articles/c.text",
        "--format",
        "article-markdown",
        "--encoding",
        "latin-1",
    )
    assert result.stdout == "1 imported, 0 duplicates, 0 failed (decoded as: 1 iso8859-1)\n"


def test_import_unknown_format(here: Path, articles: Path) -> None:
    project(here)
    result = run("import", "study.claimdesk", "articles", "--format", "docx")
    assert result.exit_code == 1
    known = ", ".join(sorted(f.name for f in all_formats()))
    assert result.stderr == f"Error: unknown format 'docx' (known: {known})\n"
    assert "article-text, " in known


def test_import_a_corpus_export(here: Path) -> None:
    run("demo", "demo.claimdesk")
    run("export", "demo.claimdesk", "-o", "corpus.json")
    project(here)
    result = run("import", "study.claimdesk", "corpus.json")
    assert (result.exit_code, result.stdout) == (
        0,
        "0 imported, 0 duplicates, 0 failed; corpus: 14 documents added, 0 matched, "
        "16 claims and 11 mentions added\n",
    )


# ---------------------------------------------------------------------- list, search


def test_list(here: Path, articles: Path) -> None:
    project(here)
    run("import", "study.claimdesk", "articles")
    result = run("list", "study.claimdesk", "--sort", "published")
    assert result.stdout == (
        "id  date     title                                                         characters  claims\n"
        "--  -------  ------------------------------------------------------------  ----------  ------\n"
        "1   2019-10  De Verenigde Staten is van plan om met ‘gelijkgestemde’ lan…  2229        0\n"
        "2   2019-10  Huawei weert kritiek.                                         52          0\n"
        "3   2020     Noorwegen laat Huawei toe.                                    50          0\n"
    )


def test_list_json(here: Path, articles: Path) -> None:
    project(here)
    run("import", "study.claimdesk", "articles/a.txt")
    with Project.open(here / "study.claimdesk") as opened:
        uuid = opened.document(1).uuid
    result = run("list", "study.claimdesk", "--json")
    assert result.stdout == (
        "[\n"
        "  {\n"
        '    "id": 1,\n'
        f'    "uuid": "{uuid}",\n'
        '    "published": "2019-10",\n'
        '    "title": "Huawei weert kritiek.",\n'
        '    "source": "",\n'
        '    "file": "a.txt",\n'
        '    "characters": 52,\n'
        '    "claims": 0\n'
        "  }\n"
        "]\n"
    )


def test_list_empty_project(here: Path) -> None:
    project(here)
    assert run("list", "study.claimdesk").stdout == (
        "id  date  title  characters  claims\n--  ----  -----  ----------  ------\n"
    )


def test_search(here: Path, articles: Path) -> None:
    project(here)
    run("import", "study.claimdesk", "articles")
    result = run("search", "study.claimdesk", "coordinatie")
    assert result.stdout == (
        "3  2020        Noorwegen laat Huawei toe.\n"
        "    Noorwegen laat Huawei toe. [Coördinatie] met Europa.\n"
    )


def test_search_json(here: Path, articles: Path) -> None:
    project(here)
    run("import", "study.claimdesk", "articles")
    result = run("search", "study.claimdesk", "spionage", "--json")
    hits = json.loads(result.stdout)
    assert [(h["id"], h["published"], h["claims"]) for h in hits] == [
        (2, "2019-10", []),
        (1, "2019-10", []),
    ]
    assert hits[0]["snippet"] == "Huawei weert kritiek. De fabrikant ontkent [spionage]."
    assert set(hits[0]) == {"id", "uuid", "published", "title", "snippet", "rank", "claims"}


def test_search_nothing_found(here: Path) -> None:
    project(here)
    assert run("search", "study.claimdesk", "zzz").stdout == "No documents found.\n"


@pytest.mark.parametrize("dashes", [(), ("--",)])
def test_search_only_exclusions(here: Path, dashes: tuple[str, ...]) -> None:
    project(here)
    result = run("search", "study.claimdesk", *dashes, "-Huawei")
    assert (result.exit_code, result.stderr) == (
        1,
        "Error: a search needs at least one word that is not excluded with -\n",
    )


def test_search_query_may_start_with_an_exclusion(here: Path, articles: Path) -> None:
    """``-Noorwegen Huawei`` is a query, not an option, without ``--`` before it."""
    project(here)
    run("import", "study.claimdesk", "articles")
    found = json.loads(run("search", "study.claimdesk", "-Noorwegen Huawei", "--json").stdout)
    as_before = run("search", "study.claimdesk", "--json", "--", "-Noorwegen Huawei").stdout
    everything = json.loads(run("search", "study.claimdesk", "Huawei", "--json").stdout)
    assert found == json.loads(as_before)
    assert 3 in [h["id"] for h in everything] and 3 not in [h["id"] for h in found]
    assert found  # "Noorwegen laat Huawei toe." is left out, the other Huawei articles not


# ---------------------------------------------------------------------- export


@pytest.mark.parametrize(("fmt", "name"), [("json", "corpus.json"), ("jsonl", "corpus.jsonl")])
def test_export_to_a_file(here: Path, fmt: str, name: str) -> None:
    project(here, demo=True)
    result = run("export", "study.claimdesk", "--format", fmt, "-o", name)
    assert (result.exit_code, result.stdout, result.stderr) == (
        0,
        f"Exported 14 documents, 16 claims, 11 mentions to {name}\n",
        "",
    )
    text = (here / name).read_text(encoding="utf-8")
    if fmt == "json":
        assert len(json.loads(text)["documents"]) == 14
    else:
        header, *documents = text.splitlines()
        assert json.loads(header)["format"] == "claimdesk-corpus"
        assert [json.loads(d)["file"][:3] for d in documents] == [f"{i:03d}" for i in range(14)]


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_export_to_standard_output(here: Path, fmt: str) -> None:
    project(here, demo=True)
    result = run("export", "study.claimdesk", "--format", fmt, "-o", "-")
    assert result.exit_code == 0
    assert result.stderr == "Exported 14 documents, 16 claims, 11 mentions to -\n"
    if fmt == "json":
        assert len(json.loads(result.stdout)["documents"]) == 14
    else:
        header, *documents = result.stdout.splitlines()
        assert (json.loads(header)["version"], len(documents)) == (1, 14)


# ---------------------------------------------------------------------- check, undo, redo


def test_check_ok(here: Path) -> None:
    project(here, demo=True)
    result = run("check", "study.claimdesk")
    assert (result.exit_code, result.stdout) == (
        0,
        "ok: 14 documents, 16 claims, 11 mentions checked\n",
    )


def test_check_finds_a_tampered_quote(here: Path) -> None:
    project(here, demo=True)
    rawdb.execute(here / "study.claimdesk", "UPDATE claims SET quote = 'Iets anders' WHERE id = 1")
    result = run("check", "study.claimdesk")
    assert result.exit_code == 1
    [problem] = result.stdout.splitlines()
    assert problem.startswith("claim ") and "quote 'Iets anders' does not match the text" in problem
    assert result.stderr == "Error: 1 problems found in study.claimdesk\n"


def test_undo_and_redo(here: Path, articles: Path) -> None:
    project(here)
    run("import", "study.claimdesk", "articles")
    result = run("undo", "study.claimdesk")
    assert (result.exit_code, result.stdout) == (0, "Undo Import articles (3 records)\n")
    assert run("list", "study.claimdesk", "--json").stdout == "[]\n"
    assert run("redo", "study.claimdesk").stdout == "Redo Import articles (3 records)\n"
    assert len(json.loads(run("list", "study.claimdesk", "--json").stdout)) == 3


@pytest.mark.parametrize(
    ("command", "message"), [("undo", "nothing to undo"), ("redo", "nothing to redo")]
)
def test_undo_and_redo_with_nothing_to_do(here: Path, command: str, message: str) -> None:
    project(here)
    result = run(command, "study.claimdesk")
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", f"Error: {message}\n")


# ---------------------------------------------------------------------- errors, help, version


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["info", "missing.claimdesk"], "Error: missing.claimdesk: no such file\n"),
        (["list", "missing.claimdesk"], "Error: missing.claimdesk: no such file\n"),
        (["check", "missing.claimdesk"], "Error: missing.claimdesk: no such file\n"),
        (["undo", "missing.claimdesk"], "Error: missing.claimdesk: no such file\n"),
        (["import", "missing.claimdesk", "x.txt"], "Error: missing.claimdesk: no such file\n"),
        (
            ["export", "missing.claimdesk", "-o", "x.json"],
            "Error: missing.claimdesk: no such file\n",
        ),
        (["search", "missing.claimdesk", "x"], "Error: missing.claimdesk: no such file\n"),
        (
            ["info", "notes.txt"],
            "Error: notes.txt: not a Claimdesk project (not an SQLite database)\n",
        ),
    ],
)
def test_a_missing_or_wrong_project_is_one_line_on_stderr(
    here: Path, args: list[str], message: str
) -> None:
    (here / "notes.txt").write_text(
        "Some notes, long enough to be more than a header. " * 3, encoding="utf-8"
    )
    result = run(*args)
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", message)
    assert isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output


@pytest.mark.parametrize("command", sorted(cli.commands))
def test_help_of_every_command_has_an_example(command: str) -> None:
    result = run(command, "--help")
    assert result.exit_code == 0
    assert result.stdout.startswith(f"Usage: claimdesk {command} [OPTIONS]")
    assert "Example:" in result.stdout
    assert f"claimdesk {command} " in result.stdout.split("Example:")[1]


def test_help(here: Path) -> None:
    result = run("--help")
    assert result.exit_code == 0
    assert "Example:" in result.stdout
    for command in cli.commands:
        assert f"  {command} " in result.stdout


def test_version() -> None:
    result = run("--version")
    assert (result.exit_code, result.stdout) == (0, f"claimdesk {__version__}\n")


def test_main_runs_a_command(here: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["new", "study.claimdesk"])
    assert exited.value.code == 0
    assert capsys.readouterr().out == "Created study.claimdesk (study)\n"


@pytest.mark.parametrize(
    ("argv", "window"),
    [
        ([], True),
        (["study.claimdesk"], True),
        (["folder/study.claimdesk"], True),
        (["--smoke"], True),
        (["--project", "x.claimdesk"], True),
        (["--screenshot=out.png"], True),
        (["list", "x"], False),
        (["list", "study.claimdesk"], False),
        (["--version"], False),
        (["--help"], False),
        (["-h"], False),
        (["--bogus"], False),
        (["no-such-command"], False),
    ],
)
def test_wants_window(argv: list[str], window: bool) -> None:
    assert wants_window(argv) is window


def test_wants_window_for_an_existing_file(here: Path) -> None:
    (here / "old-name.db").write_bytes(b"")
    assert wants_window(["old-name.db"]) is True
