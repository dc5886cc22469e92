"""Tables with one article per row: CSV, XLSX, JSON Lines; column mapping; a million empty rows."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from claimdesk.cli import cli
from claimdesk.core import FormatError, Project
from claimdesk.formats import Note, Problem, ReadOptions, guess_format
from claimdesk.formats.importing import import_paths
from claimdesk.formats.table_rows import (
    ColumnMapping,
    guess_mapping,
    parse_mapping,
    preview_table,
    resolve_mapping,
)

CSV = (
    "headline;body;published;outlet;section\n"
    'Geen Huawei 😀;"De VS willen met gelijkgestemde landen samenwerken.\n\nDat schreef Trump.";'
    "2019-10-03;NRC;Economie\n"
    ";;;;\n"
    "Kabinet twijfelt;Het kabinet twijfelt nog over Huawei.;5 januari 2020;Trouw;Binnenland\n"
    "Zonder datum;Een tekst zonder bruikbare datum.;gisteren;AD;\n"
    "Leeg;;2020-01-01;AD;\n"
)


def items(path: Path, mapping: dict | None = None) -> list:
    fmt = guess_format(path)
    assert fmt is not None
    return list(fmt.read(path, path.name, ReadOptions(mapping=mapping)))


def test_csv_rows_become_documents_with_guessed_columns(tmp_path: Path) -> None:
    path = tmp_path / "artikelen.csv"
    path.write_text(CSV, encoding="utf-8")
    assert guess_format(path).name == "table-csv"
    first, second, third, note, problem = items(path)
    assert (first.file, first.title, first.published, first.source) == (
        "artikelen.csv#row2",
        "Geen Huawei 😀",
        "2019-10-03",
        "NRC",
    )
    assert first.text == "De VS willen met gelijkgestemde landen samenwerken.\n\nDat schreef Trump."
    assert first.metadata == {"section": "Economie"}
    assert (second.file, second.published) == ("artikelen.csv#row4", "2020-01-05")
    assert (third.file, third.published, third.metadata) == (
        "artikelen.csv#row5",
        None,
        {"date": "gisteren"},
    )
    assert note == Note(
        "artikelen.csv#row5", "'gisteren' in column 'published' is not a date; kept as metadata"
    )
    assert problem == Problem("artikelen.csv#row6", "no text in column 'body'")


def test_explicit_mapping_wins_and_meta_limits_the_metadata(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text(CSV, encoding="utf-8")
    document = items(path, {"text": "body", "title": "", "source": "section", "meta": ["outlet"]})[
        0
    ]
    assert document.title == "De VS willen met gelijkgestemde landen samenwerken."
    assert document.source == "Economie"
    assert document.published == "2019-10-03"  # not named: still guessed
    assert document.metadata == {"outlet": "NRC"}


def test_a_mapping_naming_a_missing_column_fails_the_file(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text(CSV, encoding="utf-8")
    assert items(path, {"text": "tekst"}) == [
        Problem(
            "a.csv",
            "no column 'tekst' (the columns are: headline, body, published, outlet, section)",
        )
    ]


def test_a_table_without_a_text_column_says_how_to_map_it(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text("kop,inhoud_x\nA,B\n", encoding="utf-8")
    [problem] = items(path)
    assert problem.message == (
        "which column holds the text? Map it with --map text=COLUMN (the columns are: kop, inhoud_x)"
    )


@pytest.mark.parametrize(
    ("spec", "mapping"),
    [
        ("text=body", {"text": "body"}),
        (
            "text=body, date=published ,meta=a,meta=b",
            {"text": "body", "date": "published", "meta": ["a", "b"]},
        ),
        ("title=", {"title": ""}),
    ],
)
def test_parse_mapping(spec: str, mapping: dict) -> None:
    assert parse_mapping(spec) == mapping


@pytest.mark.parametrize(
    ("spec", "message"), [("txt=body", "unknown field 'txt'"), ("body", "is not FIELD=COLUMN")]
)
def test_parse_mapping_refuses(spec: str, message: str) -> None:
    with pytest.raises(FormatError, match=message):
        parse_mapping(spec)


@pytest.mark.parametrize(
    ("columns", "expected"),
    [
        (
            ["Headline", "Body", "Date", "Source", "URL"],
            ColumnMapping("Body", "Headline", "Date", "Source", "URL"),
        ),
        (["tekst", "titel", "datum", "bron"], ColumnMapping("tekst", "titel", "datum", "bron")),
        (["id", "content", "pub_date"], ColumnMapping(text="content", date="pub_date")),
    ],
)
def test_guess_mapping(columns: list[str], expected: ColumnMapping) -> None:
    assert guess_mapping(columns) == expected


def test_a_remembered_mapping_that_does_not_fit_falls_back_to_guessing() -> None:
    assert resolve_mapping(["text", "title"], {"text": "body", "remembered": True}).text == "text"


def xlsx(path: Path, rows: list[list]) -> Path:
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    workbook.save(path)
    return path


def test_xlsx_rows_with_dates_and_numbers(tmp_path: Path) -> None:
    path = xlsx(
        tmp_path / "sheet.xlsx",
        [
            ["Title", "Text", "Date", "Pages"],
            ["Geen Huawei", "De VS willen samenwerken 😀.", dt.datetime(2019, 10, 3), 2.0],
            [None, None, None, None],
            ["Tweede", "Meer tekst.", "2020-02", 1],
        ],
    )
    assert guess_format(path).name == "table-xlsx"
    first, second = items(path)
    assert (first.file, first.title, first.text, first.published, first.metadata) == (
        "sheet.xlsx#row2",
        "Geen Huawei",
        "De VS willen samenwerken 😀.",
        "2019-10-03",
        {"Pages": 2},
    )
    assert (second.file, second.published) == ("sheet.xlsx#row4", "2020-02")


def xlsx_with_a_million_empty_rows(path: Path) -> Path:
    """A header, one article, 1,000,000 empty rows (the sheet says so), then one more article."""
    buffer = io.BytesIO()
    workbook = openpyxl.Workbook()
    workbook.active.append(["title", "text"])
    workbook.active.append(["A", "Text one."])
    workbook.save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    last = 1_000_003
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                empty = "".join(f'<row r="{n}"/>' for n in range(3, last))
                late = (
                    f'<row r="{last}"><c r="A{last}" t="inlineStr"><is><t>Z</t></is></c>'
                    f'<c r="B{last}" t="inlineStr"><is><t>Late text.</t></is></c></row>'
                )
                text = data.decode().replace(
                    '<dimension ref="A1:B2"/>', f'<dimension ref="A1:B{last}"/>'
                )
                data = text.replace("</sheetData>", empty + late + "</sheetData>").encode()
            out.writestr(info, data)
    return path


def test_a_sheet_of_a_million_empty_rows_stops_reading(tmp_path: Path) -> None:
    path = xlsx_with_a_million_empty_rows(tmp_path / "huge.xlsx")
    document, note = items(path)
    assert document.text == "Text one."
    assert note == Note(
        "huge.xlsx", "stopped at row 1,002: 1,000 empty rows in a row, the rest was not read"
    )


def test_a_csv_of_a_million_empty_rows_stops_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.csv"
    path.write_text(
        "title,text\nA,Text one.\n" + ",\n" * 1_000_000 + "Z,Late text.\n", encoding="utf-8"
    )
    document, note = items(path)
    assert document.text == "Text one."
    assert note.message.startswith("stopped at row 1,002")


def test_jsonl_objects_become_documents(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    lines = [
        {
            "text": "A piece of text about Huawei and the government.",
            "date": "2020-01-02",
            "tags": ["a", "b"],
        },
        {"text": "", "date": "2020-01-03"},
    ]
    path.write_text(
        "\n".join(json.dumps(r) for r in lines) + "\nnot json\n[1, 2]\n", encoding="utf-8"
    )
    assert guess_format(path).name == "table-jsonl"
    document, empty, bad, not_object = items(path)
    assert (document.file, document.published, document.metadata) == (
        "a.jsonl#row1",
        "2020-01-02",
        {"tags": ["a", "b"]},
    )
    assert empty == Problem("a.jsonl#row2", "no text in column 'text'")
    assert bad.file == "a.jsonl#row3" and bad.message.startswith("line 3 is not valid JSON")
    assert not_object == Problem("a.jsonl#row4", "line 4 is not a JSON object")


def test_a_claimdesk_jsonl_export_is_not_taken_for_a_table(tmp_path: Path) -> None:
    path = tmp_path / "corpus.jsonl"
    path.write_text('{"format": "claimdesk-corpus", "version": 1}\n', encoding="utf-8")
    assert guess_format(path).name == "claimdesk-json"


def test_preview_table_shows_columns_rows_and_the_guess(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text(CSV, encoding="utf-8")
    preview = preview_table(path, rows=2)
    assert preview.columns == ["headline", "body", "published", "outlet", "section"]
    assert [r[0] for r in preview.rows] == ["Geen Huawei 😀", "Kabinet twijfelt"]
    assert preview.guess.text == "body"


def test_cli_import_with_map_remembers_the_mapping(tmp_path: Path, project_path: Path) -> None:
    Project.create(project_path).close()
    table = tmp_path / "a.csv"
    table.write_text("kop,inhoud,dag\nEen,Eerste tekst.,2020-01-01\n", encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(
        cli, ["import", str(project_path), str(table), "--map", "text=inhoud,title=kop,date=dag"]
    )
    assert result.exit_code == 0, result.output
    assert result.output == "1 imported, 0 duplicates, 0 failed\n"
    with Project.open(project_path) as project:
        assert project.setting("table_mapping") == {"text": "inhoud", "title": "kop", "date": "dag"}
        [document] = project.iter_documents()
        assert (document.title, document.published) == ("Een", "2020-01-01")
    second = tmp_path / "b.csv"
    second.write_text("kop,inhoud,dag\nTwee,Tweede tekst.,2020-02-02\n", encoding="utf-8")
    result = runner.invoke(cli, ["import", str(project_path), str(second)])
    assert result.exit_code == 0, result.output
    with Project.open(project_path) as project:
        titles = sorted(d.title for d in project.iter_documents())
    assert titles == ["Een", "Twee"]


def test_cli_refuses_a_bad_map(tmp_path: Path, project_path: Path) -> None:
    Project.create(project_path).close()
    table = tmp_path / "a.csv"
    table.write_text("a,b\n1,2\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["import", str(project_path), str(table), "--map", "body"])
    assert result.exit_code == 1
    assert result.output == "Error: --map: 'body' is not FIELD=COLUMN\n"


def test_rows_go_through_the_duplicate_check(tmp_path: Path, empty_project: Project) -> None:
    path = tmp_path / "a.csv"
    path.write_text("title,text\nA,Same text.\nB,Same text.\nC,Other text.\n", encoding="utf-8")
    report = import_paths(empty_project, [path])
    assert [d.file for d in report.imported] == ["a.csv#row2", "a.csv#row4"]
    assert report.duplicates == [("a.csv#row3", "a.csv#row2")]
