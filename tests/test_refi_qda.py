"""REFI-QDA .qdpx: export valid against the REFI-QDA 1.5 schema, import from other programs, hostile files."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from claimdesk.cli import cli
from claimdesk.core import Project
from claimdesk.core.errors import FormatError
from claimdesk.formats.corpus_json import export_corpus, iter_corpus
from claimdesk.formats.importing import import_paths
from claimdesk.formats.refi_qda import GROUPS, export_qdpx
from claimdesk.formats.refi_qda_import import load_qdpx
from export_sample import TEXT_A, Sample, build_sample

XSD = (
    Path(__file__).resolve().parents[2]
    / "shared"
    / "standards"
    / "refi-qda"
    / "Project-mrt2019.xsd"
)
NS = "urn:QDA-XML:project:1.0"


def schema() -> Any:
    from lxml import etree

    if not XSD.is_file():
        if os.environ.get("CI") == "true":
            pytest.fail(f"the REFI-QDA schema is missing at {XSD}")
        pytest.skip(f"the REFI-QDA schema is not beside the checkout ({XSD})")
    return etree.XMLSchema(etree.parse(str(XSD)))


@pytest.fixture
def sample(tmp_path: Path) -> Sample:
    s = build_sample(tmp_path / "sample.claimdesk")
    yield s
    s.project.close()


def qde_of(path: Path) -> Any:
    from lxml import etree

    with zipfile.ZipFile(path) as z:
        return etree.fromstring(z.read("project.qde"))


def test_export_qdpx_is_valid_against_the_refi_qda_schema(sample: Sample, tmp_path: Path) -> None:
    out = tmp_path / "study.qdpx"
    result = export_qdpx(sample.project, out)
    assert (result.documents, result.claims, result.mentions) == (2, 7, 2)
    xsd = schema()
    root = qde_of(out)
    assert xsd.validate(root), xsd.error_log
    # the validator can fail: an element out of order is caught
    broken = qde_of(out)
    broken.append(broken[0].__copy__())
    assert not xsd.validate(broken)


def test_export_qdpx_sources_and_code_point_positions(sample: Sample, tmp_path: Path) -> None:
    out = tmp_path / "study.qdpx"
    export_qdpx(sample.project, out)
    root = qde_of(out)
    with zipfile.ZipFile(out) as z:
        names = z.namelist()
        source = root.find(f".//{{{NS}}}TextSource[@name='Kabinet besluit']")
        path = source.get("plainTextPath")
        assert path.startswith("internal://")
        text = z.read("sources/" + path.removeprefix("internal://")).decode("utf-8")
    assert text == TEXT_A
    assert "project.qde" in names
    selections = source.findall(f"{{{NS}}}PlainTextSelection")
    assert len(selections) == 6  # five claims and one mention
    for sel in selections:
        start, end = int(sel.get("startPosition")), int(sel.get("endPosition"))
        assert text[start:end] == sel.get("name")
    users = {u.get("name") for u in root.iter(f"{{{NS}}}User")}
    assert users == {"anna", "bob"}
    codes = {c.get("name") for c in root.iter(f"{{{NS}}}Code")}
    assert {"Claims", "Stances", "support", "Actors", "Jansen", "Huawei in 5G", "security"} <= codes


def _spans(project: Project) -> list[tuple[Any, ...]]:
    _header, records = iter_corpus(project)
    out = []
    for d in records:
        for c in d["claims"]:
            out.append(
                ("claim", c["id"], d["id"], c["start"], c["end"], c["quote"], c["claimant"],
                 c["stance"], str(c["target"]), c["addressee"], tuple(c["tags"]), c["note"], c["coder"])
            )  # fmt: skip
        for m in d["mentions"]:
            out.append(
                (
                    "mention",
                    m["id"],
                    d["id"],
                    m["start"],
                    m["end"],
                    m["quote"],
                    m["actor"],
                    m["coder"],
                )
            )
    return sorted(out)


@pytest.mark.parametrize("which", ["sample", "demo"])
def test_json_to_qdpx_to_json_keeps_every_span(
    which: str, sample: Sample, demo_project: Project, tmp_path: Path
) -> None:
    original = sample.project if which == "sample" else demo_project
    first = tmp_path / "first.json"
    export_corpus(original, first)
    start = Project.create(tmp_path / "from-json.claimdesk")
    assert import_paths(start, [first]).exit_code == 0
    qdpx = tmp_path / "round.qdpx"
    export_qdpx(start, qdpx)
    back = Project.create(tmp_path / "back.claimdesk")
    report = import_paths(back, [qdpx])
    assert report.exit_code == 0, report.failed
    assert _spans(back) == _spans(start) == _spans(original)
    assert back.check() == []
    assert {a.name: a.type for a in back.actors()} == {a.name: a.type for a in original.actors()}
    stances = {s.label: s.value for s in back.codebook().stances}
    assert stances == {s.label: s.value for s in original.codebook().stances}
    start.close()
    back.close()


# ---------------------------------------------------------------------- from other programs


def make_qdpx(path: Path, qde: str, files: dict[str, bytes], qde_name: str = "project.qde") -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(qde_name, qde.encode("utf-8"))
        for name, data in files.items():
            z.writestr(name, data)
    return path


FOREIGN_TEXT = "Intro 😀 line\r\nThe minister said: we back the 5G rules.\r\nHuawei 🇳🇱 objects."
G = {
    "user": "{0A6F1A2B-1111-4C3D-9E8F-000000000001}",
    "src": "0a6f1a2b-1111-4c3d-9e8f-000000000002",
    "code_parent": "0a6f1a2b-1111-4c3d-9e8f-000000000003",
    "code": "0a6f1a2b-1111-4c3d-9e8f-000000000004",
    "sel1": "0a6f1a2b-1111-4c3d-9e8f-000000000005",
    "sel2": "0a6f1a2b-1111-4c3d-9e8f-000000000006",
    "sel3": "0a6f1a2b-1111-4c3d-9e8f-000000000007",
    "note": "0a6f1a2b-1111-4c3d-9e8f-000000000008",
}


def utf16_crlf(text: str, quote: str) -> tuple[int, int]:
    """Positions as NVivo counts them: UTF-16 code units over the CRLF text."""
    start = text.index(quote)
    before = len(text[:start].encode("utf-16-le")) // 2
    return before, before + len(quote.encode("utf-16-le")) // 2


def nvivo_like(selections: str) -> str:
    return f"""<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="{NS}" name="NVivo study" origin="NVivo">
 <Users><User guid="{G["user"]}" name="Wendy"/></Users>
 <CodeBook><Codes>
  <Code guid="{G["code_parent"]}" name="Policy" isCodable="true">
   <Code guid="{G["code"]}" name="Support for rules" isCodable="true" color="#00AA00"/>
  </Code>
 </Codes></CodeBook>
 <Sources>
  <TextSource guid="{G["src"]}" name="Interview 1" plainTextPath="internal://{G["src"]}.txt">
   {selections}
  </TextSource>
 </Sources>
 <Notes><Note guid="{G["note"]}" name="memo"><PlainTextContent>Check with coder 2.</PlainTextContent></Note></Notes>
</Project>"""


def test_import_nvivo_utf16_positions_over_crlf(tmp_path: Path, empty_project: Project) -> None:
    s1, e1 = utf16_crlf(FOREIGN_TEXT, "we back the 5G rules")
    s2, e2 = utf16_crlf(FOREIGN_TEXT, "Huawei 🇳🇱 objects")
    selections = f"""
   <PlainTextSelection guid="{G["sel1"]}" name="we back the 5G rules" startPosition="{s1}" endPosition="{e1}" creatingUser="{G["user"]}" creationDateTime="2021-03-04T10:00:00Z">
    <Description>Clear support</Description>
    <Coding guid="0a6f1a2b-1111-4c3d-9e8f-0000000000a1"><CodeRef targetGUID="{G["code"]}"/></Coding>
    <NoteRef targetGUID="{G["note"]}"/>
   </PlainTextSelection>
   <PlainTextSelection guid="{G["sel2"]}" name="Huawei 🇳🇱 objects" startPosition="{s2}" endPosition="{e2}">
    <Coding guid="0a6f1a2b-1111-4c3d-9e8f-0000000000a2"><CodeRef targetGUID="{G["code_parent"]}"/></Coding>
   </PlainTextSelection>"""
    path = make_qdpx(
        tmp_path / "nvivo.qdpx",
        nvivo_like(selections),
        {f"sources/{G['src']}.txt": b"\xff\xfe" + FOREIGN_TEXT.encode("utf-16-le")},
    )
    report = import_paths(empty_project, [path])
    assert report.exit_code == 0, report.failed
    (doc,) = list(empty_project.iter_documents())
    assert doc.text == FOREIGN_TEXT.replace("\r\n", "\n")
    claims = {c.quote: c for c in empty_project.claims()}
    assert set(claims) == {"we back the 5G rules", "Huawei 🇳🇱 objects"}
    tags = {t.uuid: t for t in empty_project.codebook().tags}
    first = claims["we back the 5G rules"]
    assert [tags[t].label for t in first.tags] == ["Support for rules"]
    assert tags[first.tags[0]].category == "Policy"
    assert first.note == "Clear support\n\nCheck with coder 2."
    assert first.created == "2021-03-04T10:00:00.000Z"
    coders = {c.id: c.name for c in empty_project.coders()}
    assert coders[first.coder] == "Wendy"
    # a foreign project keeps the new project's stances
    assert [s.label for s in empty_project.codebook().stances][:2] == ["support", "oppose"]


def test_import_reports_what_it_cannot_place(tmp_path: Path, empty_project: Project) -> None:
    s1, e1 = utf16_crlf(FOREIGN_TEXT, "we back the 5G rules")
    selections = f"""
   <PlainTextSelection guid="{G["sel1"]}" name="we back the 5G rules" startPosition="{s1}" endPosition="{e1}"/>
   <PlainTextSelection guid="{G["sel2"]}" name="beyond" startPosition="500" endPosition="510"/>
   <PlainTextSelection guid="{G["sel3"]}" name="The minister said" startPosition="0" endPosition="5"/>"""
    path = make_qdpx(
        tmp_path / "nvivo.qdpx",
        nvivo_like(selections),
        {f"sources/{G['src']}.txt": FOREIGN_TEXT.encode("utf-8")},
    )
    _header, docs, problems = load_qdpx(path)
    assert [c["quote"] for c in docs[0]["claims"]] == ["we back the 5G rules"]
    assert len(problems) == 2
    assert "[500, 510)" in problems[0] and "not placed" in problems[0]
    assert "'The minister said'" in problems[1]
    report = import_paths(empty_project, [path])
    assert report.exit_code == 3
    assert len(report.failed) == 2
    assert len(empty_project.claims()) == 1


def test_import_atlas_ti_names_the_qde_after_the_project(
    tmp_path: Path, empty_project: Project
) -> None:
    selections = '<PlainTextSelection guid="{}" startPosition="7" endPosition="11"/>'.format(
        G["sel1"]
    )
    qde = (
        nvivo_like(selections)
        .replace(f'plainTextPath="internal://{G["src"]}.txt"', "")
        .replace(
            "</TextSource>",
            "<PlainTextContent>Hello, world wide web.</PlainTextContent></TextSource>",
        )
    )
    # PlainTextContent comes before selections in the schema; order does not matter for reading
    path = make_qdpx(tmp_path / "atlas.qdpx", qde, {}, qde_name="My Study.qde")
    report = import_paths(empty_project, [path])
    assert report.exit_code == 0, report.failed
    assert [c.quote for c in empty_project.claims()] == ["worl"]


# ---------------------------------------------------------------------- hostile files


def _unchanged(project: Project) -> bool:
    return project.counts()["documents"] == 0 and project.undo_status() == (None, None)


def test_zip_slip_is_refused_and_nothing_is_imported(
    tmp_path: Path, empty_project: Project
) -> None:
    path = make_qdpx(
        tmp_path / "slip.qdpx",
        nvivo_like(""),
        {"../../evil.txt": b"x", f"sources/{G['src']}.txt": b"Hello"},
    )
    report = import_paths(empty_project, [path])
    assert report.exit_code == 1
    assert "points outside the archive" in report.failed[0].message
    assert _unchanged(empty_project)
    with pytest.raises(FormatError, match="outside the archive"):
        load_qdpx(make_qdpx(tmp_path / "abs.qdpx", nvivo_like(""), {"/etc/passwd": b"x"}))


def test_zip_bomb_is_refused(tmp_path: Path, empty_project: Project) -> None:
    path = tmp_path / "bomb.qdpx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("project.qde", nvivo_like(""))
        with z.open(f"sources/{G['src']}.txt", "w") as fh:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(64):
                fh.write(chunk)
    assert path.stat().st_size < 1024 * 1024
    report = import_paths(empty_project, [path])
    assert report.exit_code == 1
    assert "zip bomb" in report.failed[0].message
    assert _unchanged(empty_project)


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<Project xmlns="urn:QDA-XML:project:1.0" name="&lol9;"/>"""

XXE = f"""<?xml version="1.0"?>
<!DOCTYPE Project [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
<Project xmlns="{NS}" name="&xxe;"><Description>&xxe;</Description></Project>"""


@pytest.mark.parametrize("qde", [BILLION_LAUGHS, XXE], ids=["billion-laughs", "external-entity"])
def test_entity_tricks_are_refused(tmp_path: Path, empty_project: Project, qde: str) -> None:
    path = make_qdpx(tmp_path / "entities.qdpx", qde, {})
    report = import_paths(empty_project, [path])
    assert report.exit_code == 1
    assert "declares a DTD" in report.failed[0].message
    assert "root:" not in report.failed[0].message
    assert _unchanged(empty_project)


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("notzip.qdpx", b"PK\x03\x04 this is not really a zip", "not a zip archive"),
        ("broken.qdpx", None, "not well-formed XML"),
        ("empty.qdpx", b"", "no project.qde"),
    ],
)
def test_malformed_qdpx_gets_a_clear_message(
    tmp_path: Path, empty_project: Project, name: str, data: bytes | None, message: str
) -> None:
    path = tmp_path / name
    if data is None:
        make_qdpx(path, "<Project><Sources>", {})
    elif data == b"":
        with zipfile.ZipFile(path, "w") as z:
            z.writestr("readme.txt", "nothing")
    else:
        path.write_bytes(data)
    report = import_paths(empty_project, [path], format="qdpx")
    assert report.exit_code == 1
    assert message in report.failed[0].message
    assert str(report.failed[0]).startswith(name)
    assert _unchanged(empty_project)


def test_source_in_another_encoding_and_binary_source(
    tmp_path: Path, empty_project: Project
) -> None:
    other = "0a6f1a2b-1111-4c3d-9e8f-0000000000ff"
    qde = nvivo_like(
        '<PlainTextSelection guid="{}" name="Café" startPosition="0" endPosition="4"/>'.format(
            G["sel1"]
        )
    ).replace(
        "</Sources>",
        f'<TextSource guid="{other}" name="garbage" plainTextPath="internal://{other}.txt"/></Sources>',
    )
    path = make_qdpx(
        tmp_path / "enc.qdpx",
        qde,
        {
            f"sources/{G['src']}.txt": "Café au lait, 5G.".encode("cp1252"),
            f"sources/{other}.txt": b"\x00\x01\x02\x03binary\x00",
        },
    )
    report = import_paths(empty_project, [path])
    assert report.exit_code == 3
    assert "garbage" in report.failed[0].message
    assert [c.quote for c in empty_project.claims()] == ["Café"]


def test_cli_imports_a_qdpx(sample: Sample, tmp_path: Path) -> None:
    qdpx = tmp_path / "study.qdpx"
    export_qdpx(sample.project, qdpx)
    target = tmp_path / "copy.claimdesk"
    Project.create(target).close()
    result = CliRunner().invoke(cli, ["import", str(target), str(qdpx)])
    assert result.exit_code == 0, result.output
    assert "2 documents added, 0 matched, 7 claims and 2 mentions added" in result.output


def test_claimdesk_groups_are_stable() -> None:
    assert len(set(GROUPS.values())) == len(GROUPS)
