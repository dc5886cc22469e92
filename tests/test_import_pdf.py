"""PDF articles: paragraphs rebuilt from printed lines, running headers dropped, scans and passwords refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimdesk.core import Project
from claimdesk.formats import Note, Problem, ReadOptions, guess_format
from claimdesk.formats.importing import import_paths
from claimdesk.formats.pdf import drop_running_lines, lines_to_paragraphs
from importfiles import page_lines, write_pdf

PARAGRAPHS = [
    "The government said on Sunday that Huawei would be kept out of the core of the new 5G "
    "network, after months of pressure from Washington and from its own security services.",
    "Critics called the decision a compromise.",
    "Operators expect billions in extra costs if they must replace the equipment they "
    "already bought, and some of them want compensation from the state for it.",
    "The minister will explain the decision to parliament next week.",
]


def three_pages(path: Path, *, title: str = "Huawei kept out of 5G core") -> Path:
    """Three pages with a running header, a dated line, and 'Page n of 3' at the bottom."""
    chunks = [PARAGRAPHS[:2], PARAGRAPHS[2:3], PARAGRAPHS[3:]]
    pages = []
    for n, chunk in enumerate(chunks, start=1):
        pages.append(
            [
                (72, 810, "THE DAILY PAPER — Foreign news"),
                (72, 796, f"Monday {n + 4} January 2020"),
                *page_lines(chunk),
                (270, 40, f"Page {n} of 3"),
            ]
        )
    return write_pdf(path, pages, title=title)


def test_read_pdf_rebuilds_paragraphs_and_drops_running_lines(tmp_path: Path) -> None:
    path = three_pages(tmp_path / "article.pdf")
    fmt = guess_format(path)
    assert fmt is not None and fmt.name == "pdf"
    items = list(fmt.read(path, "article.pdf", ReadOptions()))
    document, note = items
    assert document.text == "\n\n".join(PARAGRAPHS)
    assert document.title == "Huawei kept out of 5G core"
    assert document.language == "en"
    assert document.metadata["pages"] == 3
    assert isinstance(note, Note)
    assert note.message == "9 running header, footer and page-number lines left out"


def test_pdf_title_from_text_when_the_properties_name_a_file(tmp_path: Path) -> None:
    path = write_pdf(
        tmp_path / "a.pdf",
        [[(72, 760, "Huawei kept out"), *page_lines(PARAGRAPHS[:1], top=730)]],
        title="Microsoft Word - draft3.docx",
    )
    document = next(iter(guess_format(path).read(path, "a.pdf", ReadOptions())))
    assert document.title == "Huawei kept out"
    assert document.text.startswith("Huawei kept out\n\nThe government said")
    assert document.structure[0].kind == "title"


@pytest.mark.parametrize(
    ("lines", "paragraphs"),
    [
        (
            ["A long line of text that fills the whole width of", "the page. Short end.", "Next."],
            ["A long line of text that fills the whole width of the page. Short end.", "Next."],
        ),
        (
            [
                "A line that ends with a hyphen- and it is long enough to",
                "be a full printed line. End.",
            ],
            [
                "A line that ends with a hyphen- and it is long enough to be a full printed line. End."
            ],
        ),
        (
            ["Words that were hyphen-", "ated across two lines of the printed page of it."],
            ["Words that were hyphenated across two lines of the printed page of it."],
        ),
        (
            ["Een kop", "A long paragraph line that is about as wide as the others", "ends here."],
            ["Een kop", "A long paragraph line that is about as wide as the others ends here."],
        ),
        (["One.", "", "Two."], ["One.", "Two."]),
        ([], []),
    ],
)
def test_lines_to_paragraphs(lines: list[str], paragraphs: list[str]) -> None:
    assert lines_to_paragraphs(lines) == paragraphs


def test_drop_running_lines_keeps_a_single_page() -> None:
    page = ["Header", "Text.", "1"]
    assert drop_running_lines([page]) == ([page], 0)


def test_drop_running_lines_counts_digits_as_the_same() -> None:
    pages = [["Paper — 5 January", f"Body {n}.", f"- {n} -"] for n in range(1, 5)]
    kept, dropped = drop_running_lines(pages)
    assert kept == [[f"Body {n}."] for n in range(1, 5)]
    assert dropped == 8


def encrypted(path: Path, user_password: str) -> Path:
    from pypdf import PdfWriter

    plain = write_pdf(path.with_suffix(".plain.pdf"), [page_lines(PARAGRAPHS[:1])])
    writer = PdfWriter(clone_from=str(plain))
    writer.encrypt(user_password=user_password, owner_password="owner", algorithm="RC4-128")
    writer.write(path)
    plain.unlink()
    return path


@pytest.mark.parametrize(
    ("name", "make", "message"),
    [
        (
            "scan.pdf",
            lambda p: write_pdf(p, [[], []], images=True),
            "needs OCR: its 2 page(s) hold no text layer (a scan?)",
        ),
        ("locked.pdf", lambda p: encrypted(p, "secret"), "is password-protected"),
        (
            "broken.pdf",
            lambda p: p.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> garbage"),
            "is damaged or not a PDF",
        ),
    ],
)
def test_unreadable_pdfs_are_reported(tmp_path: Path, name: str, make, message: str) -> None:
    path = tmp_path / name
    make(path)
    items = list(guess_format(path).read(path, name, ReadOptions()))
    assert len(items) == 1 and isinstance(items[0], Problem)
    assert message in items[0].message


def test_a_pdf_with_only_an_owner_password_is_read(tmp_path: Path) -> None:
    path = encrypted(tmp_path / "owner.pdf", "")
    document = next(iter(guess_format(path).read(path, "owner.pdf", ReadOptions())))
    assert document.text == PARAGRAPHS[0]


def test_import_pdfs_reports_the_scan_and_imports_the_rest(
    tmp_path: Path, empty_project: Project
) -> None:
    three_pages(tmp_path / "article.pdf")
    write_pdf(tmp_path / "scan.pdf", [[]], images=True)
    report = import_paths(empty_project, [tmp_path])
    assert [d.file for d in report.imported] == ["article.pdf"]
    assert [(p.file, p.message.split(":")[0]) for p in report.failed] == [("scan.pdf", "needs OCR")]
    assert [n.file for n in report.notes] == ["article.pdf"]
    assert report.exit_code == 3
