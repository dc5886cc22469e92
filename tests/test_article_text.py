"""claimdesk.formats.article_text: the plain-text article format of seeds/."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from claimdesk.core.errors import FormatError
from claimdesk.core.model import Document, StructureRange
from claimdesk.formats import Problem, ReadOptions
from claimdesk.formats.article_text import article_structure, parse_article, read
from claimdesk.paths import seeds_path

SEED = seeds_path("000_976797ab8663bd03.txt")
SEED_FILES = sorted(seeds_path().glob("*.txt"))


def read_one(path: Path, options: ReadOptions | None = None) -> Document | Problem:
    [item] = list(read(path, path.name, options or ReadOptions()))
    return item


def read_document(path: Path, options: ReadOptions | None = None) -> Document:
    item = read_one(path, options)
    assert isinstance(item, Document), item
    return item


def test_read_the_seed_article_exactly() -> None:
    content = SEED.read_text(encoding="utf-8")
    doc = read_document(SEED)
    assert content.startswith(" date 2019-10 ")
    assert doc.published == "2019-10"
    assert doc.text == content.removeprefix(" date 2019-10 ")
    assert doc.text.startswith("De Verenigde Staten is van plan")
    assert doc.text.endswith("telefoonnetwerken gelden.")  # no final newline, none added
    assert len(doc.text) == 2229
    assert doc.structure == [
        StructureRange("subheading", 564, 586),
        StructureRange("subheading", 1461, 1485),
    ]
    assert [doc.text[s.start : s.end] for s in doc.structure] == [
        "Geen Huawei-apparatuur",
        "Druk op bevriende landen",
    ]
    assert doc.title == (
        "De Verenigde Staten is van plan om met ‘gelijkgestemde’ landen samen te gaan werken om "
        "meer security door te voeren in…"
    )
    assert doc.language == "nl"
    assert doc.encoding == "utf-8"
    assert doc.file == "000_976797ab8663bd03.txt"


@pytest.mark.parametrize("path", SEED_FILES, ids=lambda p: p.name)
def test_read_every_seed_keeps_the_text_minus_the_date_token(path: Path) -> None:
    content = path.read_text(encoding="utf-8")
    doc = read_document(path)
    token = f" date {doc.published} "
    assert content.startswith(token)
    assert doc.text == content[len(token) :]
    for s in doc.structure:
        assert doc.text[s.start : s.end].strip() == doc.text[s.start : s.end] != ""


def test_read_the_seed_with_an_astral_character() -> None:
    doc = read_document(seeds_path("012_c532cc135086d82e.txt"))
    assert "📶" in doc.text
    assert doc.language == "en"
    assert doc.published == "2020-07"


@pytest.mark.parametrize(
    ("content", "published", "text"),
    [
        (" date 2019 Tekst hier.", "2019", "Tekst hier."),
        (" date 2019-10 Tekst hier.", "2019-10", "Tekst hier."),
        (" date 2019-10-03 Tekst hier.", "2019-10-03", "Tekst hier."),
        (" date 2019-7-3 Tekst hier.", "2019-07-03", "Tekst hier."),
        ("date 2019-10 Tekst hier.", "2019-10", "Tekst hier."),
        (" date 2019-10\nTekst hier.", "2019-10", "Tekst hier."),
        (" date 2019-10  Twee spaties.", "2019-10", " Twee spaties."),
        ("Tekst zonder datum.", None, "Tekst zonder datum."),
        ("Een date 2019-10 verderop.", None, "Een date 2019-10 verderop."),
    ],
)
def test_parse_article_date_token(content: str, published: str | None, text: str) -> None:
    doc = parse_article(content)
    assert (doc.published, doc.text) == (published, text)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (" date 2019-13 Tekst.", "not a valid date"),
        (" date oktober Tekst.", "is not a date"),
        (" date 2019-10 ", "no text after the date"),
        (" date 2019-10 \n\n  ", "no text after the date"),
        ("  \n\t ", "no text"),
    ],
)
def test_parse_article_errors(content: str, message: str) -> None:
    with pytest.raises(FormatError, match=message):
        parse_article(content)


@pytest.mark.parametrize(
    ("text", "structure"),
    [
        ("Geen Huawei\n\nDe VS wil dat. Meer.", [StructureRange("title", 0, 11)]),
        ("De VS wil dat.\n\nKop hier\n\nMeer.", [StructureRange("subheading", 16, 24)]),
        ("De VS wil dat.\n\nGeen kop.\n\nMeer.", []),
        ("Alleen tekst, met een komma,\nen nog een regel.", []),
    ],
)
def test_article_structure(text: str, structure: list[StructureRange]) -> None:
    assert article_structure(text) == structure


def test_read_crlf_file_is_normalised(tmp_path: Path) -> None:
    path = tmp_path / "crlf.txt"
    path.write_bytes(b" date 2019-10 Eerste alinea.\r\n\r\nKop\r\n\r\nTweede alinea.\rDerde.")
    doc = read_document(path)
    assert doc.text == "Eerste alinea.\n\nKop\n\nTweede alinea.\nDerde."
    assert doc.structure == [StructureRange("subheading", 16, 19)]


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (" date 2019-10 Coördinatie en ideeën: naïef, hè? ‘Ja’.".encode("cp1252"), "cp1252"),
        (
            codecs.BOM_UTF16_LE
            + " date 2019-10 Coördinatie en ideeën: naïef, hè? ‘Ja’.".encode("utf-16-le"),
            "utf-16-le",
        ),
        (
            codecs.BOM_UTF8 + " date 2019-10 Coördinatie en ideeën: naïef, hè? ‘Ja’.".encode(),
            "utf-8-sig",
        ),
    ],
    ids=["cp1252", "utf-16-bom", "utf-8-bom"],
)
def test_read_other_encodings(tmp_path: Path, data: bytes, encoding: str) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(data)
    doc = read_document(path)
    assert doc.text == "Coördinatie en ideeën: naïef, hè? ‘Ja’."
    assert doc.published == "2019-10"
    assert doc.encoding == encoding


def test_read_forced_encoding(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(" date 2019-10 Zürich.".encode("latin-1"))
    doc = read_document(path, ReadOptions(encoding="latin-1"))
    assert (doc.text, doc.encoding) == ("Zürich.", "iso8859-1")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty file"),
        (b"   \n\n\t  ", "no text"),
        (b" date 2019-10 ", "no text after the date"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
        (b"Tekst met \x00 erin.", "binary file"),
        (
            codecs.BOM_UTF16_LE + "Tekst met \x00 erin.".encode("utf-16-le"),
            "contains NUL characters",
        ),
        (codecs.BOM_UTF8 + b"\xff\xfe kapot", "not valid utf-8"),
    ],
    ids=["empty", "white-space", "date-only", "png", "nul-in-bytes", "nul-in-text", "bad-bom"],
)
def test_read_problem(tmp_path: Path, data: bytes, message: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    problem = read_one(path)
    assert isinstance(problem, Problem)
    assert problem.file == "bad.txt"
    assert message in problem.message
    assert str(problem) == f"bad.txt: {problem.message}"


def test_read_too_many_characters(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text(" date 2019-10 " + "x" * 30, encoding="utf-8")
    problem = read_one(path, ReadOptions(max_chars=20))
    assert problem == Problem("big.txt", "too large (44 characters; the limit is 20)")


def test_read_too_many_bytes_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text("x" * 1000, encoding="utf-8")
    problem = read_one(path, ReadOptions(max_chars=100))
    assert problem == Problem("big.txt", "too large (1,000 bytes; the limit is 100 characters)")


def test_read_missing_file(tmp_path: Path) -> None:
    problem = read_one(tmp_path / "gone.txt")
    assert isinstance(problem, Problem)
    assert problem.message.startswith("cannot be read")
