"""Codebook files: JSON and REFI-QDA .qdc round trips, merging by name, replacing, bad input."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest

import rawdb
from claimdesk.core import Project, ProjectError
from claimdesk.core.codebook import codebook_to_json
from claimdesk.core.codebook_merge import import_codebook
from claimdesk.core.errors import FormatError
from claimdesk.core.model import Variable
from claimdesk.formats.codebook_json import export_codebook, load_codebook, schema
from claimdesk.formats.codebooks import (
    codebook_format,
    export_codebook_file,
    import_codebook_file,
    read_codebook_file,
)
from claimdesk.formats.corpus_json import export_corpus
from claimdesk.formats.corpus_json import schema as corpus_schema
from claimdesk.formats.refi_codebook import export_qdc, load_qdc
from claimdesk.paths import resource_path

XSD = (
    Path(__file__).resolve().parents[2]
    / "shared"
    / "standards"
    / "refi-qda"
    / "Codebook-mrt2019.xsd"
)


def qdc_schema() -> Any:
    from lxml import etree

    if not XSD.is_file():
        if os.environ.get("CI") == "true":
            pytest.fail(f"the REFI-QDA codebook schema is missing at {XSD}")
        pytest.skip(f"the REFI-QDA codebook schema is not beside the checkout ({XSD})")
    return etree.XMLSchema(etree.parse(str(XSD)))


@pytest.fixture
def demo(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Project]:
    with Project.open(rawdb.demo_copy(tmp_path, tmp_path_factory), coder="demo") as project:
        yield project


@pytest.fixture
def rich(demo: Project) -> Project:
    """The demo with a sub-issue, tags in categories and variables of every kind."""
    issues = demo.codebook().issues
    demo.add_issue("Huawei in het 5G-kernnetwerk", parent=issues[0].id, description="*Kern*.")
    demo.add_tag("veiligheid", category="Frame", color="#E69F00")
    demo.add_tag("economie", category="Frame", color="#56B4E9")
    demo.add_tag("citaat")
    demo.add_variable(Variable("vorm", values=["uitspraak", "protest", "brief"], description="DNA"))
    demo.add_variable(Variable("aantal", kind="number"))
    demo.add_variable(Variable("woordvoerder", kind="actor"))
    demo.add_variable(Variable("rubriek", applies_to="document", kind="text"))
    demo.add_actor_type("ngo")
    return demo


_OPENED: list[Project] = []


@pytest.fixture(autouse=True)
def _close_other_projects() -> Iterator[None]:
    yield
    while _OPENED:
        _OPENED.pop().close()


def other_project(tmp_path: Path, name: str = "other") -> Project:
    """A new project beside the demo (closed after the test)."""
    project = Project.create(tmp_path / f"{name}.claimdesk", coder="demo")
    _OPENED.append(project)
    return project


# ---------------------------------------------------------------------- the JSON schema


def test_codebook_schema_describes_the_same_records_as_the_corpus_schema() -> None:
    corpus_book = corpus_schema()["$defs"]["codebook"]["properties"]
    properties = schema()["properties"]
    for section in ("stances", "issues", "tags", "actor_types", "variables"):
        assert properties[section] == corpus_book[section], section


def test_the_bundled_default_codebook_is_a_valid_codebook_file() -> None:
    data = json.loads(resource_path("codebook", "default.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema()).validate(data)
    assert load_codebook(resource_path("codebook", "default.json"))[0]["stances"][0]["key"] == "1"


# ---------------------------------------------------------------------- round trips


def test_json_round_trip_into_a_new_project_is_lossless(rich: Project, tmp_path: Path) -> None:
    path = export_codebook(rich, tmp_path / "scheme.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema()).validate(data)
    assert (data["format"], data["version"], data["name"]) == (
        "claimdesk-codebook",
        1,
        "5G security coverage (demo)",
    )
    other = other_project(tmp_path)
    report = import_codebook_file(other, path)
    assert report.summary() == "12 added, 4 matched, 1 actor type added, 0 conflicts"
    assert codebook_to_json(other.codebook()) == codebook_to_json(rich.codebook())
    # The same file again: everything is matched, nothing added.
    assert import_codebook_file(other, path).summary() == "0 added, 16 matched, 0 conflicts"


def test_qdc_is_valid_against_the_refi_qda_codebook_schema(rich: Project, tmp_path: Path) -> None:
    from lxml import etree

    path = export_qdc(rich, tmp_path / "scheme.qdc")
    xsd = qdc_schema()
    assert xsd.validate(etree.parse(str(path))), xsd.error_log
    root = etree.parse(str(path)).getroot()
    assert root.tag == "{urn:QDA-XML:codebook:1.0}CodeBook"
    names = [c.get("name") for c in root.iter("{urn:QDA-XML:codebook:1.0}Code")]
    assert names[:3] == ["Claims", "Stances", "support"]
    assert {"Frame", "veiligheid", "Huawei in het 5G-kernnetwerk"} <= set(names)


def test_qdc_round_trip_keeps_stances_issue_tree_and_tag_categories(
    rich: Project, tmp_path: Path
) -> None:
    path = export_qdc(rich, tmp_path / "scheme.qdc")
    other = other_project(tmp_path)
    report = import_codebook_file(other, path)
    assert report.notes == []
    original, back = codebook_to_json(rich.codebook()), codebook_to_json(other.codebook())
    assert back["stances"] == original["stances"]
    assert back["tags"] == original["tags"]

    def tree(book: dict[str, Any]) -> set[tuple[str, str | None, str]]:
        label = {i["id"]: i["label"] for i in book["issues"]}
        return {(i["label"], label.get(i["parent"]), i["description"]) for i in book["issues"]}

    assert tree(back) == tree(original)
    # A .qdc holds codes only: variables and actor types stay as the project had them.
    assert back["variables"] == []


def test_a_foreign_qdc_comes_in_as_tags_with_categories(tmp_path: Path) -> None:
    path = tmp_path / "nvivo.qdc"
    path.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="NVivo 14"><Codes>'
        '<Code guid="{A1B2C3D4-0000-4000-8000-000000000001}" name="Policy" isCodable="true">'
        '<Code guid="a1b2c3d4-0000-4000-8000-000000000002" name="Other" isCodable="true"/>'
        "</Code>"
        '<Code guid="a1b2c3d4-0000-4000-8000-000000000003" name="Economy" isCodable="true" color="#00FF00">'
        '<Code guid="a1b2c3d4-0000-4000-8000-000000000004" name="Other" isCodable="true"/>'
        "</Code></Codes></CodeBook>",
        encoding="utf-8",
    )
    data, notes = load_qdc(path)
    assert [(t["label"], t["category"]) for t in data["tags"]] == [
        ("Policy", ""),
        ("Other (Policy)", "Policy"),
        ("Economy", ""),
        ("Other (Economy)", "Economy"),
    ]
    assert "stances" not in data  # the project's scale stays
    assert notes == ["nvivo.qdc: made by another program: its 4 codes come in as tags"]


# ---------------------------------------------------------------------- merging by name


def test_import_into_a_project_with_codes_maps_by_name_and_reports_conflicts(
    rich: Project, tmp_path: Path
) -> None:
    theirs = other_project(tmp_path, "theirs")
    oppose = next(s for s in theirs.codebook().stances if s.label == "oppose")
    theirs.update_stance(oppose.id, color="#FF0000", description="Tegen.")  # type: ignore[arg-type]
    theirs.add_tag("Veiligheid", category="Frames")
    theirs.add_variable(Variable("Vorm", values=["uitspraak", "interview"]))
    theirs.add_issue("Nieuw issue")
    path = export_codebook(theirs, tmp_path / "theirs.json")
    before = codebook_to_json(rich.codebook())
    report = import_codebook_file(rich, path)
    assert report.summary() == "1 added, 6 matched, 3 conflicts (kept ours)"
    assert [c.describe() for c in report.conflicts] == [
        "stance 'oppose': colour ours '#D55E00', theirs '#FF0000'; description ours "
        "'The actor is against the target.', theirs 'Tegen.'",
        "tag 'veiligheid': label ours 'veiligheid', theirs 'Veiligheid'; category ours 'Frame', "
        "theirs 'Frames'; colour ours '#E69F00', theirs none",
        "variable 'vorm': name ours 'vorm', theirs 'Vorm'; values ours [uitspraak, protest, brief], "
        "theirs [uitspraak, interview]; description ours 'DNA', theirs none",
    ]
    after = codebook_to_json(rich.codebook())
    assert after["stances"] == before["stances"]  # nothing of ours was overwritten
    assert after["tags"] == before["tags"]
    assert [i["label"] for i in after["issues"]][-1] == "Nieuw issue"
    assert rich.undo().name == "Undo Import Codebook theirs.json"
    assert codebook_to_json(rich.codebook()) == before


def test_import_brings_back_a_removed_record_with_the_same_id(
    empty_project: Project, tmp_path: Path
) -> None:
    path = export_codebook(empty_project, tmp_path / "scheme.json")
    empty_project.remove_stance(
        next(s.id for s in empty_project.codebook().stances if s.label == "neutral")
    )  # type: ignore[arg-type]
    report = import_codebook_file(empty_project, path)
    assert (report.added, report.matched) == (1, 3)
    assert [s.label for s in empty_project.codebook().stances] == [
        "support",
        "oppose",
        "neutral",
        "ambivalent",
    ]


def test_dry_run_reports_and_writes_nothing(rich: Project, tmp_path: Path) -> None:
    path = export_codebook(rich, tmp_path / "scheme.json")
    other = other_project(tmp_path)
    before = rawdb.dump(other.path, exclude=["coders"])
    report = import_codebook_file(other, path, dry_run=True)
    assert (report.added, report.dry_run, report.changes.step) == (12, True, None)
    assert rawdb.dump(other.path, exclude=["coders"]) == before
    with pytest.raises(Exception, match="nothing to undo"):
        other.undo()


# ---------------------------------------------------------------------- replacing ours


def test_replace_makes_the_project_codebook_the_files(rich: Project, tmp_path: Path) -> None:
    theirs = other_project(tmp_path, "theirs")
    book = theirs.codebook()
    theirs.update_stance(book.stances[0].id, label="voor", color="#00AA00")  # type: ignore[arg-type]
    theirs.remove_stance(book.stances[3].id)  # type: ignore[arg-type]
    theirs.reorder_codebook("stance", [s.id for s in book.stances[:3]][::-1])  # type: ignore[misc]
    path = export_codebook(theirs, tmp_path / "theirs.json")
    target = other_project(tmp_path, "target")
    target.add_tag("weg")
    target.add_actor_type("ngo")
    report = import_codebook_file(target, path, replace=True)
    assert report.summary() == "0 added, 3 matched, 1 changed, 3 removed"
    assert codebook_to_json(target.codebook()) == codebook_to_json(theirs.codebook())


def test_replace_that_would_drop_values_in_use_is_refused_and_changes_nothing(
    rich: Project, tmp_path: Path
) -> None:
    form = next(v for v in rich.codebook().variables if v.name == "vorm")
    rich.update_claim(rich.claims()[0].id, variables={form.uuid: "protest"})  # type: ignore[arg-type]
    data = json.loads(export_codebook(rich, tmp_path / "ours.json").read_text(encoding="utf-8"))
    next(v for v in data["variables"] if v["name"] == "vorm")["values"] = ["uitspraak"]
    path = tmp_path / "fewer-values.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    before = rawdb.dump(rich.path)
    with pytest.raises(
        ProjectError,
        match=r"fewer-values\.json: refused: the value 'protest' of 'vorm' is used by 1 claim; "
        r"it cannot be removed; nothing was changed",
    ):
        import_codebook_file(rich, path, replace=True)
    assert rawdb.dump(rich.path) == before


def test_replace_that_would_remove_a_stance_in_use_is_refused(
    demo: Project, tmp_path: Path
) -> None:
    theirs = other_project(tmp_path, "theirs")
    theirs.remove_stance(next(s.id for s in theirs.codebook().stances if s.label == "oppose"))  # type: ignore[arg-type]
    path = export_codebook(theirs, tmp_path / "no-oppose.json")
    before = rawdb.dump(demo.path)
    with pytest.raises(ProjectError, match=r"the stance 'oppose' is used by \d+ claims"):
        import_codebook_file(demo, path, replace=True)
    assert rawdb.dump(demo.path) == before


def test_import_codebook_takes_parsed_data_too(empty_project: Project) -> None:
    data = {"tags": [{"id": "3f0c5e8e-1111-4a1a-9a9a-000000000001", "label": "nieuw"}]}
    assert import_codebook(empty_project, data).summary() == "1 added, 0 matched, 0 conflicts"


# ---------------------------------------------------------------------- bad input


def _valid(tmp_path: Path) -> dict[str, Any]:
    with Project.create(tmp_path / "source.claimdesk") as source:
        return json.loads(export_codebook(source, tmp_path / "v.json").read_text("utf-8"))


BAD_FILES: list[tuple[str, Any, str]] = [
    (
        "broken.json",
        b'{"format": "claimdesk-codebook", "version": 1, "stances": [',
        "not valid JSON",
    ),
    (
        "latin1.json",
        '{"format": "claimdesk-codebook", "name": "café"}'.encode("cp1252"),
        "not UTF-8",
    ),
    ("list.json", b"[1, 2]", "not a Claimdesk codebook"),
    ("other.json", b'{"type": "FeatureCollection"}', 'no "format": "claimdesk-codebook"'),
    ("newer.json", {"version": 7}, "made by a newer Claimdesk"),
    ("badid.json", {"stance_id": "x"}, "not a valid codebook at stances/0/id"),
    ("twice.json", {"duplicate": "stances"}, "two stances are called 'support'"),
    ("orphan.json", {"orphan": True}, "has a parent .* that is not in the file"),
    ("keys.json", {"same_keys": True}, "share the key 1"),
    ("empty.qdc", b"", "not well-formed XML"),
    (
        "project.qdc",
        b'<Project xmlns="urn:QDA-XML:project:1.0" name="x"/>',
        "a REFI-QDA project, not a codebook",
    ),
    ("other.qdc", b"<html><body/></html>", "not a REFI-QDA codebook"),
    (
        "dtd.qdc",
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><CodeBook xmlns="urn:QDA-XML:codebook:1.0"/>',
        "declares a DTD",
    ),
    ("article.txt", b" date 2019-10 De VS zeggen iets.", "not a codebook"),
]


@pytest.mark.parametrize(("name", "content", "message"), BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_a_bad_codebook_file_is_refused_naming_it_and_the_project_is_unchanged(
    demo: Project, tmp_path: Path, name: str, content: Any, message: str
) -> None:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        data = _valid(tmp_path)
        if "version" in content:
            data["version"] = content["version"]
        if "stance_id" in content:
            data["stances"][0]["id"] = content["stance_id"]
        if "duplicate" in content:
            data["stances"].append(
                {**data["stances"][0], "id": "3f0c5e8e-1111-4a1a-9a9a-000000000009"}
            )
        if "orphan" in content:
            data["issues"] = [
                {
                    "id": "3f0c5e8e-1111-4a1a-9a9a-000000000001",
                    "label": "a",
                    "parent": "3f0c5e8e-1111-4a1a-9a9a-000000000002",
                }
            ]
        if "same_keys" in content:
            data["stances"][1]["key"] = "1"
        path.write_text(json.dumps(data), encoding="utf-8")
    before = rawdb.dump(demo.path)
    with pytest.raises(FormatError, match=f"^{name}: .*{message}"):
        import_codebook_file(demo, path)
    assert rawdb.dump(demo.path) == before


def test_a_corpus_export_is_refused_as_a_codebook_with_a_hint(
    demo: Project, tmp_path: Path
) -> None:
    path = tmp_path / "corpus.json"
    export_corpus(demo, path)
    with pytest.raises(
        FormatError, match=r"corpus\.json: a Claimdesk corpus export, not a codebook"
    ):
        read_codebook_file(path, format_name="codebook-json")


@pytest.mark.parametrize(
    ("name", "format_name"),
    [("scheme.json", "codebook-json"), ("scheme.qdc", "refi-qdc"), ("SCHEME.QDC", "refi-qdc")],
)
def test_export_picks_the_format_by_extension(
    empty_project: Project, tmp_path: Path, name: str, format_name: str
) -> None:
    assert export_codebook_file(empty_project, tmp_path / name).name == format_name
    assert codebook_format(tmp_path / name, reading=True).name == format_name


def test_export_to_an_unknown_extension_is_refused(empty_project: Project, tmp_path: Path) -> None:
    with pytest.raises(FormatError, match=r"scheme.xml: a codebook is written as .json, .qdc"):
        export_codebook_file(empty_project, tmp_path / "scheme.xml")
    assert not (tmp_path / "scheme.xml").exists()


@pytest.mark.parametrize("format_name", [None, "codebook-json"])
def test_a_codebook_given_to_the_article_import_says_where_it_belongs(
    demo: Project, tmp_path: Path, format_name: str | None
) -> None:
    from claimdesk.formats.importing import import_paths

    path = export_codebook(demo, tmp_path / "scheme.json")
    before = rawdb.dump(demo.path)
    report = import_paths(demo, [path], format=format_name)
    assert report.exit_code == 1
    assert [str(p) for p in report.failed] == [
        "scheme.json: a Claimdesk codebook, not a corpus export; import it with "
        "Tools → Codebook… or `claimdesk codebook import`"
        if format_name is None
        else "scheme.json: a codebook, not articles: import it with Tools → Codebook… or "
        "`claimdesk codebook import`"
    ]
    assert rawdb.dump(demo.path) == before
