"""News-database batches (LexisNexis, Nexis Uni, Factiva): told apart by content, split per article.

The files are written in the layouts documented in formats/nexis.py and
formats/factiva.py (see tests/importfiles.py); every article's text and
metadata are checked.
"""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from claimdesk.core import Project
from claimdesk.formats import Note, Problem, ReadOptions, guess_format
from claimdesk.formats.importing import import_paths
from importfiles import (
    ARTICLES,
    classic_nexis_lines,
    factiva_coded_paragraphs,
    factiva_html,
    factiva_paragraphs,
    nexis_uni_paragraphs,
    write_pdf,
    write_rtf,
)

LANGUAGES = {"ENGLISH": "en", "DUTCH": "nl"}
#: The same articles without the emoji, which the PDF fixture's standard font cannot print.
PLAIN = [{**a, "title": a["title"].replace(" 😀", "")} for a in ARTICLES]
CODED_TEXT = "IN 2020 this sentence starts with a field code but is text."


def word_batch(path: Path, paragraphs: list[str]) -> Path:
    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    document.save(path)
    return path


def pdf_batch(path: Path, paragraphs: list[str]) -> Path:
    lines, y, pages = [], 800, []
    for paragraph in paragraphs:
        lines.append((72, y, paragraph, 9))
        y -= 20
        if y < 60:
            pages.append(lines)
            lines, y = [], 800
    pages.append(lines)
    return write_pdf(path, pages)


BATCHES = {
    "classic.txt": (
        "nexis",
        lambda p: p.write_text(classic_nexis_lines(), encoding="utf-8"),
    ),
    "nexis-uni.docx": ("nexis", lambda p: word_batch(p, nexis_uni_paragraphs())),
    "nexis-uni.rtf": ("nexis", lambda p: write_rtf(p, nexis_uni_paragraphs(cover=False))),
    "nexis-uni.pdf": ("nexis", lambda p: pdf_batch(p, nexis_uni_paragraphs(PLAIN, cover=False))),
    "factiva.rtf": ("factiva", lambda p: write_rtf(p, factiva_paragraphs())),
    "factiva.html": ("factiva", lambda p: p.write_text(factiva_html(), encoding="utf-8")),
    "factiva-indexed.txt": (
        "factiva",
        lambda p: p.write_text("\n".join(factiva_coded_paragraphs()), encoding="utf-8"),
    ),
}


def make(tmp_path: Path, name: str) -> Path:
    path = tmp_path / name
    BATCHES[name][1](path)
    return path


@pytest.mark.parametrize("name", sorted(BATCHES))
def test_batches_are_detected_from_content_and_split_per_article(tmp_path: Path, name: str) -> None:
    path = make(tmp_path, name)
    fmt = guess_format(path)
    assert fmt is not None and fmt.name == BATCHES[name][0]
    items = list(fmt.read(path, name, ReadOptions()))
    documents = [i for i in items if not isinstance(i, Note)]
    notes = [i.message for i in items if isinstance(i, Note)]
    if name.endswith(".html"):  # its script and tracking pixel
        assert notes == [
            "1 scripts, styles or embedded objects removed and 3 external resources ignored "
            "(nothing was run or fetched)"
        ]
    else:
        assert notes == []
    assert [getattr(d, "file", d) for d in documents] == [f"{name}#{n}" for n in (1, 2, 3)]
    articles = PLAIN if name.endswith(".pdf") else ARTICLES
    for document, article in zip(documents, articles, strict=True):
        body = article["body"] + ([CODED_TEXT] if name == "factiva-indexed.txt" else [])
        assert document.title == article["title"]
        assert document.text == "\n\n".join([article["title"], *body])
        assert document.structure[0].kind == "title"
        assert document.source == article["source"]
        assert document.published == article["iso"]
        assert document.language == LANGUAGES[article["language"]]
        meta = document.metadata
        assert meta["byline"] == article["byline"]
        assert meta["length"] == article["length"]
        assert meta["batch_position"] == documents.index(document) + 1
        assert meta["database"] == {"nexis": "Nexis Uni", "factiva": "Factiva"}[fmt.name] or (
            name == "classic.txt"
        )
        if fmt.name == "nexis":
            assert meta["section"] == article["section"]
            assert meta["publication_type"] == "Newspaper"
            assert meta["load_date"] == article["date"].rsplit(" ", 1)[0]
        else:
            assert meta["document_id"].startswith(f"SRC{meta['batch_position']}0000")
            assert meta["source_code"] == f"SRC{meta['batch_position']}"


def test_classic_batch_keeps_edition_and_copyright(tmp_path: Path) -> None:
    path = make(tmp_path, "classic.txt")
    first = next(iter(guess_format(path).read(path, "classic.txt", ReadOptions())))
    assert first.metadata["database"] == "LexisNexis"
    assert first.metadata["edition"] == "Final Edition"
    assert first.metadata["copyright"] == "Copyright 2020 The Guardian (London)"


def test_classic_batch_with_a_missing_article_names_it(tmp_path: Path) -> None:
    path = tmp_path / "gap.txt"
    text = classic_nexis_lines([ARTICLES[0], ARTICLES[2]], total=3).replace("2 of 3", "3 of 3")
    path.write_text(text, encoding="utf-8")
    items = list(guess_format(path).read(path, "gap.txt", ReadOptions()))
    assert [getattr(i, "file", None) for i in items[:2]] == ["gap.txt#1", "gap.txt#3"]
    assert items[2] == Problem(
        "gap.txt",
        "the batch says 3 documents but 2 are in the file (missing: 2); the others were read",
    )


def test_nexis_uni_cut_off_and_bodiless_articles_are_reported(tmp_path: Path) -> None:
    paragraphs = nexis_uni_paragraphs()
    paragraphs.pop()  # the last "End of Document"
    second_body = paragraphs.index("Body", paragraphs.index("Body") + 1)
    paragraphs[second_body] = "Summary"
    path = word_batch(tmp_path / "cut.docx", paragraphs)
    items = list(guess_format(path).read(path, "cut.docx", ReadOptions()))
    assert items[0].file == "cut.docx#1" and items[0].title == ARTICLES[0]["title"]
    assert items[1] == Problem(
        "cut.docx#2", "article 2 has no line 'Body' between its header and its text"
    )
    assert items[2] == Problem(
        "cut.docx",
        "the text after article 2 has no 'End of Document' line: the batch seems cut off; "
        "that last part was not imported",
    )
    assert items[3] == Problem(
        "cut.docx", "the cover page announces 3 documents but 2 are in the file"
    )


def test_a_file_forced_as_factiva_that_has_no_articles_says_why(
    tmp_path: Path, empty_project: Project
) -> None:
    path = tmp_path / "plain.txt"
    path.write_text("Gewoon een artikel.\n\nMet twee alinea's.", encoding="utf-8")
    report = import_paths(empty_project, [path], format="factiva")
    assert report.failed == [
        Problem(
            "plain.txt",
            "looks like a Factiva export but has no 'Document …' line ending an article",
        )
    ]
    assert report.exit_code == 1


def test_an_ordinary_docx_and_txt_stay_single_articles(tmp_path: Path) -> None:
    word = word_batch(tmp_path / "gewoon.docx", ["Een kop", "Een gewone alinea."])
    text = tmp_path / "gewoon.txt"
    text.write_text("Een kop\n\nEen gewone alinea.", encoding="utf-8")
    assert guess_format(word).name == "word"
    assert guess_format(text).name == "article-text"


def test_the_same_articles_from_two_databases_are_duplicates(
    tmp_path: Path, empty_project: Project
) -> None:
    make(tmp_path, "nexis-uni.docx")
    make(tmp_path, "factiva.rtf")
    report = import_paths(empty_project, [tmp_path / "nexis-uni.docx", tmp_path / "factiva.rtf"])
    assert [d.file for d in report.imported] == [f"nexis-uni.docx#{n}" for n in (1, 2, 3)]
    assert report.duplicates == [(f"factiva.rtf#{n}", f"nexis-uni.docx#{n}") for n in (1, 2, 3)]
    assert report.exit_code == 0
    stored = empty_project.document(report.imported[1].id)
    assert stored.other_files == ["factiva.rtf#2"]
    assert stored.metadata["byline"] == "Anna de Vries"
