"""Word, OpenDocument and RTF articles: paragraphs, structure, metadata, and hostile files."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest

from claimdesk.core import Project
from claimdesk.formats import Problem, ReadOptions, get_format, guess_format
from claimdesk.formats.importing import import_paths
from importfiles import rtf_escape, write_odt, write_rtf

EMOJI = "😀"


def word_file(path: Path, *, title: str = "Geen Huawei in 5G") -> Path:
    """A Word article: a page header and footer, a title heading, paragraphs, a list, a table."""
    document = docx.Document()
    document.core_properties.title = title
    document.core_properties.author = "Anna Jansen"
    section = document.sections[0]
    section.header.paragraphs[0].text = "NRC Handelsblad — running header"
    section.footer.paragraphs[0].text = "Page 1"
    document.add_heading(f"Geen Huawei {EMOJI} in het 5G-netwerk", level=1)
    document.add_paragraph(
        "De Verenigde Staten is van plan om met gelijkgestemde landen samen te werken. "
        "Dat heeft president Donald Trump laten weten."
    )
    document.add_heading("Reactie van het kabinet", level=2)
    document.add_paragraph("Het kabinet wil eerst een onderzoek.")
    document.add_paragraph("veiligheid", style="List Bullet")
    document.add_paragraph("kosten", style="List Bullet")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "KPN"
    table.cell(0, 1).text = "Ericsson"
    document.save(path)
    return path


def read_one(path: Path, name: str | None = None):
    fmt = guess_format(path)
    assert fmt is not None
    items = list(fmt.read(path, name or path.name, ReadOptions()))
    assert len(items) == 1, items
    return fmt, items[0]


def test_read_docx_keeps_paragraphs_structure_and_metadata(tmp_path: Path) -> None:
    fmt, doc = read_one(word_file(tmp_path / "artikel.docx"))
    assert fmt.name == "word"
    assert doc.text == (
        f"Geen Huawei {EMOJI} in het 5G-netwerk\n\n"
        "De Verenigde Staten is van plan om met gelijkgestemde landen samen te werken. "
        "Dat heeft president Donald Trump laten weten.\n\n"
        "Reactie van het kabinet\n\n"
        "Het kabinet wil eerst een onderzoek.\n\n"
        "veiligheid\n\nkosten\n\nKPN\tEricsson"
    )
    assert "running header" not in doc.text and "Page 1" not in doc.text
    assert doc.title == "Geen Huawei in 5G"
    assert doc.metadata["author"] == "Anna Jansen"
    assert doc.language == "nl"
    kinds = [(s.kind, doc.text[s.start : s.end], s.level) for s in doc.structure]
    assert kinds == [
        ("heading", f"Geen Huawei {EMOJI} in het 5G-netwerk", 1),
        ("heading", "Reactie van het kabinet", 2),
        ("list_item", "veiligheid", None),
        ("list_item", "kosten", None),
    ]


def test_read_docx_without_title_property_takes_the_first_heading(tmp_path: Path) -> None:
    _fmt, doc = read_one(word_file(tmp_path / "a.docx", title=""))
    assert doc.title == f"Geen Huawei {EMOJI} in het 5G-netwerk"


def test_read_odt_headings_spaces_lists_and_no_footnotes(tmp_path: Path) -> None:
    path = write_odt(
        tmp_path / "artikel.odt",
        f'<text:h text:outline-level="1">Kop {EMOJI}</text:h>'
        '<text:p>Een<text:s text:c="2"/>alinea met <text:span>opmaak</text:span>'
        "<text:note><text:note-body><text:p>een voetnoot</text:p></text:note-body></text:note>."
        "<text:line-break/>Tweede regel.</text:p>"
        "<text:list><text:list-item><text:p>punt</text:p></text:list-item></text:list>",
        title="De titel",
    )
    fmt, doc = read_one(path)
    assert fmt.name == "odt"
    assert doc.text == f"Kop {EMOJI}\n\nEen  alinea met opmaak.\nTweede regel.\n\npunt"
    assert doc.title == "De titel"
    assert doc.metadata == {"author": "Anna Jansen", "file_created": "2019-10-03"}
    assert [(s.kind, doc.text[s.start : s.end]) for s in doc.structure] == [
        ("heading", f"Kop {EMOJI}"),
        ("list_item", "punt"),
    ]


def test_read_rtf_leaves_out_headers_and_joins_surrogate_pairs(tmp_path: Path) -> None:
    path = write_rtf(
        tmp_path / "artikel.rtf",
        [f"Geen Huawei {EMOJI}", "", "Een alinea met café en “aanhalingstekens”.", "Nog een."],
        header="RUNNING HEADER",
    )
    fmt, doc = read_one(path)
    assert fmt.name == "rtf"
    assert (
        doc.text == f"Geen Huawei {EMOJI}\n\nEen alinea met café en “aanhalingstekens”.\n\nNog een."
    )
    assert doc.title == f"Geen Huawei {EMOJI}"
    assert doc.structure[0].kind == "title"


def test_rtf_escape_writes_astral_characters_as_two_units() -> None:
    assert rtf_escape(EMOJI) == "\\u-10179?\\u-8704?"


# --------------------------------------------------------------------------- hostile files


def zip_bomb(path: Path) -> Path:
    """A real .docx plus a member that unpacks 50 MB of zeros from about 50 KB."""
    buffer = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("Gewone tekst.")
    document.save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            out.writestr(info, source.read(info))
        out.writestr("word/media/image1.bin", b"\0" * (50 * 1024 * 1024))
    return path


@pytest.mark.parametrize(
    ("name", "make", "message"),
    [
        (
            "bomb.docx",
            zip_bomb,
            "refused: 'word/media/image1.bin' would unpack to 52,428,800 bytes",
        ),
        (
            "locked.docx",
            lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 1000) and p,
            "is password-protected (encrypted) or an old binary Word (.docx) file",
        ),
        ("cut.docx", lambda p: p.write_bytes(b"PK\x03\x04" + b"\x14" * 200) and p, "is damaged"),
        (
            "locked.odt",
            lambda p: write_odt(p, "<text:p>x</text:p>", encrypted=True),
            "is password-protected (encrypted)",
        ),
        (
            "sheet.odt",
            lambda p: (
                zipfile.ZipFile(p, "w").writestr(
                    "mimetype", "application/vnd.oasis.opendocument.spreadsheet"
                )
                or p
            ),
            "is an OpenDocument file of another kind",
        ),
        ("fake.rtf", lambda p: p.write_text("just text, no rtf") and p, "is not an RTF file"),
    ],
)
def test_hostile_office_files_are_refused_with_a_reason(
    tmp_path: Path, name: str, make, message: str
) -> None:
    path = tmp_path / name
    make(path)
    fmt = guess_format(path)
    assert fmt is not None and fmt.name in ("word", "odt", "rtf")
    items = list(fmt.read(path, name, ReadOptions()))
    assert len(items) == 1 and isinstance(items[0], Problem)
    assert items[0].file == name
    assert message in items[0].message


def test_a_bad_file_in_a_batch_leaves_the_rest_to_import(
    tmp_path: Path, empty_project: Project
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    word_file(folder / "good.docx")
    zip_bomb(folder / "bomb.docx")
    (folder / "locked.docx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)
    report = import_paths(empty_project, [folder])
    assert [d.file for d in report.imported] == ["good.docx"]
    assert sorted(p.file for p in report.failed) == ["bomb.docx", "locked.docx"]
    assert report.exit_code == 3
    stored = empty_project.document(report.imported[0].id)
    assert stored.text.startswith(f"Geen Huawei {EMOJI}")
    assert stored.language == "nl"


def test_the_same_word_file_twice_is_a_duplicate(tmp_path: Path, empty_project: Project) -> None:
    path = word_file(tmp_path / "a.docx")
    copy = tmp_path / "copy.docx"
    copy.write_bytes(path.read_bytes())
    report = import_paths(empty_project, [path, copy])
    assert len(report.imported) == 1
    assert report.duplicates == [("copy.docx", "a.docx")]


def test_format_can_be_forced_by_name(tmp_path: Path, empty_project: Project) -> None:
    path = word_file(tmp_path / "article.bin")
    assert get_format("word").read is not None
    report = import_paths(empty_project, [path], format="word")
    assert report.exit_code == 0 and len(report.imported) == 1
