"""PDF articles with a text layer (``.pdf``), read with pypdf (BSD licence).

Printed lines are joined back into paragraphs: a line ends its paragraph
when it is clearly shorter than a full line and ends a sentence, or reads as
a heading; a word hyphenated at a line end is joined when a lower-case letter
follows. Running headers, footers and page numbers — lines at the top or
bottom of the pages that repeat on at least half of them, digits aside — are
dropped. A PDF without a text layer (a scan) is reported as needing OCR, not
imported empty; a password-protected one is refused with that reason.
"""

from __future__ import annotations

import logging
import math
import re
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from claimdesk.core.errors import FormatError
from claimdesk.core.model import Document
from claimdesk.core.text import is_subheading
from claimdesk.formats import Format, Note, Problem, ReadOptions, register
from claimdesk.formats._blocks import Block, article_document

#: Lines at each end of a page that may be running headers or footers.
EDGE_LINES = 3
_PAGE_NUMBER = re.compile(
    r"^(?:(?:page|pagina|seite|p\.)\s*)?[-–—(\[]?\s*\d{1,4}\s*[-–—)\]]?(?:\s*(?:of|/|van|von)\s*\d{1,4})?$",
    re.IGNORECASE,
)
_SENTENCE_END = tuple('.!?:;"”’)»')
_COLUMN_GAP = re.compile(r"\S {6,}\S")
_JUNK_TITLES = re.compile(r"^(?:untitled|microsoft word - .*|.*\.(?:docx?|pdf|rtf|odt))$", re.I)


@contextmanager
def _quiet() -> Iterator[None]:
    """pypdf logs every oddity of a damaged file; the import reports the one that matters."""
    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


def pdf_pages(path: Path) -> tuple[list[list[str]], dict[str, str]]:
    """The printed lines of every page and the document's properties.

    :raises FormatError: damaged, password-protected
    """
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    with _quiet():
        try:
            reader = PdfReader(str(path), strict=False)
            if reader.is_encrypted:
                try:
                    opened = reader.decrypt("")
                except (NotImplementedError, PyPdfError) as exc:
                    raise FormatError(
                        f"is encrypted in a way that cannot be opened here ({exc})"
                    ) from None
                if not opened:
                    raise FormatError(
                        "is password-protected: open it, save a copy without the password "
                        "and import that"
                    )
            pages = [_page_lines(page) for page in reader.pages]
            info = reader.metadata or {}
            properties = {
                "title": str(info.get("/Title") or "").strip(),
                "author": str(info.get("/Author") or "").strip(),
                "created": _pdf_date(str(info.get("/CreationDate") or "")),
            }
        except FormatError:
            raise
        except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, OSError,
                RecursionError, IndexError, ZeroDivisionError) as exc:  # fmt: skip
            raise FormatError(
                f"is damaged or not a PDF ({exc.__class__.__name__}: {exc})"
            ) from None
    return pages, properties


def _page_lines(page: object) -> list[str]:
    """A page's printed lines; a blank line where the vertical gap is wider than the leading.

    pypdf's layout mode keeps those gaps, but puts the lines of side-by-side
    columns on one line: for a page in columns the plain mode is used.
    """
    laid = [
        line.rstrip() for line in (page.extract_text(extraction_mode="layout") or "").split("\n")
    ]  # type: ignore[attr-defined]
    filled = [line.strip() for line in laid if line.strip()]
    columns = sum(1 for line in filled if _COLUMN_GAP.search(line))
    if filled and columns <= 0.3 * len(filled):
        return [" ".join(line.split()) for line in laid]
    return [line.rstrip() for line in (page.extract_text() or "").split("\n")]  # type: ignore[attr-defined]


def _pdf_date(value: str) -> str:
    m = re.match(r"(?:D:)?(\d{4})(\d{2})?(\d{2})?", value)
    if not m:
        return ""
    return "-".join(part for part in m.groups() if part)


def _line_key(line: str) -> str:
    return re.sub(r"\d+", "#", " ".join(line.split()).lower())


def drop_running_lines(pages: list[list[str]]) -> tuple[list[list[str]], int]:
    """Remove running headers, footers and page numbers: ``(pages, lines dropped)``."""
    if len(pages) < 2:
        return pages, 0
    edges: list[list[int]] = []
    counts: Counter[str] = Counter()
    for lines in pages:
        filled = [i for i, line in enumerate(lines) if line.strip()]
        # A short page keeps its middle line(s) whatever repeats.
        size = EDGE_LINES if len(filled) > 2 * EDGE_LINES else max(1, (len(filled) - 1) // 2)
        edge = (filled[:size] + filled[-size:]) if len(filled) > 1 else []
        edges.append(edge)
        counts.update({_line_key(lines[i]) for i in edge})
    threshold = max(2, math.ceil(len(pages) / 2))
    repeated = {key for key, n in counts.items() if n >= threshold}
    result: list[list[str]] = []
    dropped = 0
    for lines, edge in zip(pages, edges, strict=True):
        drop = {
            i
            for i in edge
            if _line_key(lines[i]) in repeated or _PAGE_NUMBER.match(lines[i].strip())
        }
        dropped += len(drop)
        result.append([line for i, line in enumerate(lines) if i not in drop])
    return result, dropped


def lines_to_paragraphs(lines: list[str]) -> list[str]:
    """Join printed lines back into paragraphs."""
    lengths = sorted(len(line.strip()) for line in lines if line.strip())
    if not lengths:
        return []
    full = lengths[min(len(lengths) - 1, int(len(lengths) * 0.8))]
    paragraphs: list[str] = []
    current = ""
    for line in lines:
        text = " ".join(line.split())
        if not text:
            if current:
                paragraphs.append(current)
            current = ""
            continue
        if not current:
            current = text
        elif (
            current.endswith("-")
            and len(current) > 1
            and current[-2].isalpha()
            and text[0].islower()
        ):
            current = current[:-1] + text
        else:
            current += " " + text
        short = len(text) < 0.75 * full and not text.endswith("-")
        if short and (text.endswith(_SENTENCE_END) or is_subheading(text)):
            paragraphs.append(current)
            current = ""
    if current:
        paragraphs.append(current)
    return paragraphs


def pdf_lines(path: Path, *, max_pages: int | None = None) -> list[str]:
    """The paragraphs of a PDF, headers and footers dropped (for the batch formats)."""
    pages, _ = pdf_pages(path)
    if max_pages is not None:
        pages = pages[:max_pages]
    pages, _ = drop_running_lines(pages)
    return lines_to_paragraphs([line for page in pages for line in page])


def parse_pdf(path: Path, *, file: str, options: ReadOptions) -> tuple[Document, int]:
    """One article from a PDF: ``(document, running lines dropped)``.

    :raises FormatError: damaged, encrypted, no text layer (needs OCR)
    """
    pages, properties = pdf_pages(path)
    letters = sum(ch.isalpha() for page in pages for line in page for ch in line)
    if letters < 20:
        raise FormatError(
            f"needs OCR: its {len(pages)} page(s) hold no text layer (a scan?); "
            "run it through OCR software and import the result"
        )
    pages, dropped = drop_running_lines(pages)
    paragraphs = lines_to_paragraphs([line for page in pages for line in page])
    title = properties["title"]
    document = article_document(
        [Block(p) for p in paragraphs],
        file=file,
        options=options,
        encoding="",
        title="" if _JUNK_TITLES.match(title) else title,
        metadata={
            "author": properties["author"],
            "pdf_created": properties["created"],
            "pages": len(pages),
        },
        infer_structure=True,
    )
    return document, dropped


def read(path: Path, name: str, options: ReadOptions) -> Iterator[Document | Problem | Note]:
    try:
        document, dropped = parse_pdf(path, file=name, options=options)
    except FormatError as exc:
        yield Problem(name, str(exc))
        return
    yield document
    if dropped:
        yield Note(name, f"{dropped} running header, footer and page-number lines left out")


def sniff(head: bytes, suffix: str) -> float:
    if head[:1024].lstrip().startswith(b"%PDF-"):
        return 0.6
    return 0.5 if suffix == ".pdf" else 0.0


FORMAT = register(
    Format(
        name="pdf",
        description="PDF articles with a text layer (scans need OCR first)",
        kind="documents",
        extensions=(".pdf",),
        sniff=sniff,
        read=read,
    )
)
