"""Flat tables: CSV read back with the csv module, XLSX with openpyxl and as raw XML."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from claimdesk.cli import cli
from claimdesk.core.errors import Cancelled, FormatError
from claimdesk.formats.scope import Scope
from claimdesk.formats.tables import excel_delimiter, export_csv, export_xlsx, neutralise
from export_sample import TEXT_A, TEXT_B, Sample, build_sample


@pytest.fixture
def sample(tmp_path: Path) -> Sample:
    s = build_sample(tmp_path / "sample.claimdesk")
    yield s
    s.project.close()


def read_csv(path: Path, **kw: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8")), **kw))


def test_export_csv_claims_one_row_per_claim_with_names(sample: Sample, tmp_path: Path) -> None:
    out = tmp_path / "claims.csv"
    result = export_csv(sample.project, out, table="claims")
    rows = read_csv(out)
    assert (result.documents, result.claims, len(rows)) == (2, 7, 7)
    support = next(r for r in rows if r["quote"] == "wij steunen strenge 5G-regels")
    assert support["claimant"] == "Jansen"
    assert support["claimant_type"] == "person"
    assert support["claimant_parent"] == "Nederlands kabinet"
    assert (support["stance"], support["stance_value"]) == ("support", "1")
    assert (support["target_type"], support["target"]) == ("issue", "Huawei in 5G")
    assert support["tags"] == "security"
    assert support["var_form"] == "statement"
    assert support["coder"] == "anna"
    assert support["document_title"] == "Kabinet besluit"
    assert support["document_published"] == "2019-10-03"
    start, end = int(support["start"]), int(support["end"])
    assert TEXT_A[start:end] == support["quote"]  # code points, emoji included
    formula = next(r for r in rows if "SUM" in r["quote"])
    assert (formula["target_type"], formula["target"]) == ("actor", "Huawei")
    assert formula["addressee"] == "Nederlands kabinet"
    assert next(r for r in rows if r["quote"].startswith("Merkel"))["coder"] == "bob"


@pytest.mark.parametrize(
    ("quote_start", "written"),
    [
        ("=SUM(A1)", "'=SUM(A1) is geen beleid"),
        ("-1 stem", "'-1 stem voor Huawei 🇳🇱 in het kernnetwerk"),
        ("@Huawei", "'@Huawei reageert: de regels zijn onterecht & <oneerlijk>"),
    ],
)
def test_export_csv_neutralises_formula_cells(
    sample: Sample, tmp_path: Path, quote_start: str, written: str
) -> None:
    out = tmp_path / "claims.csv"
    export_csv(sample.project, out)
    quotes = [r["quote"] for r in read_csv(out)]
    assert written in quotes
    assert not any(q.startswith(("=", "+", "-", "@")) for q in quotes)
    # numbers stay numbers: a negative stance value is not text
    values = {r["stance"]: r["stance_value"] for r in read_csv(out)}
    assert values["oppose"] == "-1"


@pytest.mark.parametrize(
    ("locale_name", "separator"),
    [
        ("nl_NL", ";"),
        ("de_DE.UTF-8", ";"),
        ("Dutch_Netherlands", ";"),
        ("en_US", ","),
        ("en_GB", ","),
    ],
)
def test_excel_delimiter_by_locale(locale_name: str, separator: str) -> None:
    assert excel_delimiter(locale_name) == separator


def test_export_csv_excel_dutch_has_bom_semicolons(sample: Sample, tmp_path: Path) -> None:
    out = tmp_path / "claims.csv"
    export_csv(sample.project, out, table="claims", excel=True, locale_name="nl_NL")
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 7
    assert rows[0]["document_id"]


@pytest.mark.parametrize("table", ["mentions", "actors", "documents"])
def test_export_csv_other_tables(sample: Sample, tmp_path: Path, table: str) -> None:
    out = tmp_path / f"{table}.csv"
    export_csv(sample.project, out, table=table)
    rows = read_csv(out)
    if table == "mentions":
        assert sorted(r["actor"] for r in rows) == ["Huawei", "Jansen"]
        r = next(r for r in rows if r["actor"] == "Jansen")
        assert TEXT_B[int(r["start"]) : int(r["end"])] == r["quote"] == "Jansen 🙂"
    elif table == "actors":
        by_name = {r["name"]: r for r in rows}
        assert by_name["Jansen"]["parent"] == "Nederlands kabinet"
        assert by_name["Jansen"]["claims"] == "2"
        assert by_name["Nederlands kabinet"]["aliases"] == "het kabinet"
        assert by_name["Huawei"]["mentions"] == "1"
    else:
        by_title = {r["title"]: r for r in rows}
        a = by_title["Kabinet besluit"]
        assert a["claims"] == "5"
        assert a["characters"] == str(len(TEXT_A))
        assert a["meta_author"] == "Piet"
        assert a["status"] == ""


@pytest.mark.parametrize(
    ("scope", "claims"),
    [
        (Scope(), 7),
        (Scope(coder="bob"), 1),
        (Scope.of(date_from="2020"), 2),
        (Scope.of(date_to="2019-10"), 5),
        (Scope.of(date_from="2019-10-04", date_to="2020-03-01"), 2),  # 2020-03 overlaps
    ],
)
def test_export_csv_scope(sample: Sample, tmp_path: Path, scope: Scope, claims: int) -> None:
    out = tmp_path / "claims.csv"
    assert export_csv(sample.project, out, scope=scope).claims == claims
    assert len(read_csv(out)) == claims


def test_export_csv_selected_documents(sample: Sample, tmp_path: Path) -> None:
    out = tmp_path / "claims.csv"
    export_csv(sample.project, out, scope=Scope.of(documents=[sample.docs["b"]]))
    assert {r["document_title"] for r in read_csv(out)} == {"Duitsland twijfelt"}


def test_export_xlsx_one_sheet_per_table_and_no_formulas(sample: Sample, tmp_path: Path) -> None:
    out = tmp_path / "study.xlsx"
    export_xlsx(sample.project, out)
    book = load_workbook(out)
    assert book.sheetnames == ["claims", "mentions", "actors", "documents"]
    claims = list(book["claims"].iter_rows(values_only=True))
    header = claims[0]
    quotes = [row[header.index("quote")] for row in claims[1:]]
    assert "=SUM(A1) is geen beleid" in quotes  # the text itself, unchanged
    values = {row[header.index("stance")]: row[header.index("stance_value")] for row in claims[1:]}
    assert values["oppose"] == -1  # a number cell
    with zipfile.ZipFile(out) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet and "<f " not in sheet  # no formula anywhere
    cell = book["claims"].cell(
        row=quotes.index("=SUM(A1) is geen beleid") + 2, column=header.index("quote") + 1
    )
    assert cell.data_type == "s"
    assert cell.quotePrefix
    assert len(list(book["documents"].iter_rows())) == 3


def test_export_is_cancelled_without_leaving_a_file(sample: Sample, tmp_path: Path) -> None:
    out = tmp_path / "claims.csv"
    with pytest.raises(Cancelled):
        export_csv(sample.project, out, cancel=lambda: True)
    assert not out.exists()
    assert list(tmp_path.glob("*.part")) == []


def test_neutralise_leaves_numbers_and_plain_text() -> None:
    assert neutralise("Huawei") == "Huawei"
    assert neutralise(-3) == -3
    assert neutralise("+31 6") == "'+31 6"


def test_cli_export_csv_table_and_scope(sample: Sample, tmp_path: Path) -> None:
    path = sample.project.path
    sample.project.close()
    out = tmp_path / "m.csv"
    result = CliRunner().invoke(
        cli,
        [
            "export",
            str(path),
            "--format",
            "csv",
            "--table",
            "mentions",
            "--only-coder",
            "bob",
            "-o",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    assert result.output == f"Exported 2 documents, 1 claims, 1 mentions to {out}\n"
    assert [r["quote"] for r in read_csv(out)] == ["Jansen 🙂"]


def test_cli_export_bad_date_is_one_line(sample: Sample, tmp_path: Path) -> None:
    path = sample.project.path
    sample.project.close()
    result = CliRunner().invoke(
        cli,
        [
            "export",
            str(path),
            "--format",
            "xlsx",
            "--from",
            "2019-13",
            "-o",
            str(tmp_path / "x.xlsx"),
        ],
    )
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        "Error: --from '2019-13' is not a date (write YYYY, YYYY-MM or YYYY-MM-DD)"
    ]
    assert not (tmp_path / "x.xlsx").exists()


def test_scope_range_that_ends_before_it_starts() -> None:
    with pytest.raises(FormatError, match="ends before it starts"):
        Scope.of(date_from="2020", date_to="2019-12")
