"""From blocks of text (paragraphs, headings, list items) to one stored article.

Word, OpenDocument, RTF, PDF, web pages and news-database batches all come
apart into blocks; this module turns a list of blocks into the stored text
(blocks separated by a blank line, as the reader shows them) and stand-off
structure ranges (DESIGN decision 1), and builds the :class:`Document`.

>>> text, structure = assemble([Block("Kop", "heading", 1), Block("Een alinea.")])
>>> text, structure
('Kop\\n\\nEen alinea.', [StructureRange(kind='heading', start=0, end=3, level=1)])
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from claimdesk.core.errors import FormatError
from claimdesk.core.model import Document, StructureRange
from claimdesk.core.text import derive_title, guess_language, normalise_newlines
from claimdesk.formats import ReadOptions

_BLANK_LINES = re.compile(r"\n[ \t\u00a0]*(?:\n[ \t\u00a0]*)+")
_SPACES = re.compile(r"[ \t\u00a0]+")


@dataclass(slots=True)
class Block:
    """A paragraph-like piece of an article; ``kind`` is None for a plain paragraph."""

    text: str
    kind: str | None = None
    level: int | None = None


def clean_block_text(text: str) -> str:
    """One block's text: LF newlines, no blank lines inside, no spaces at the ends of lines."""
    text = normalise_newlines(text).replace("\u2029", "\n").replace("\u2028", "\n")
    text = text.replace("\x0b", "\n").replace("\x0c", "\n")
    text = _BLANK_LINES.sub("\n", text)
    return "\n".join(line.strip(" \t") for line in text.split("\n")).strip("\n")


def collapse_spaces(text: str) -> str:
    """Runs of spaces, tabs and no-break spaces as one space (for HTML-like sources)."""
    return _SPACES.sub(" ", text).strip()


def assemble(blocks: list[Block]) -> tuple[str, list[StructureRange]]:
    """The stored text of ``blocks`` (a blank line between them) and their structure ranges."""
    parts: list[str] = []
    structure: list[StructureRange] = []
    offset = 0
    for block in blocks:
        text = clean_block_text(block.text)
        if not text.strip():
            continue
        if parts:
            offset += 2
        if block.kind is not None:
            structure.append(StructureRange(block.kind, offset, offset + len(text), block.level))
        parts.append(text)
        offset += len(text)
    return "\n\n".join(parts), structure


def article_document(
    blocks: list[Block],
    *,
    file: str,
    options: ReadOptions,
    encoding: str = "",
    title: str = "",
    published: str | None = None,
    source: str = "",
    url: str = "",
    language: str | None = None,
    metadata: dict[str, Any] | None = None,
    infer_structure: bool = False,
) -> Document:
    """Build one :class:`Document` from the blocks of an article.

    :param infer_structure: the source has no styles (PDF, RTF, plain lines):
        mark a heading-like first line as the title and short unpunctuated
        lines as subheadings, as for plain-text articles
    :raises FormatError: no text, or more than the article size limit
    """
    text, structure = assemble(blocks)
    if not text.strip():
        raise FormatError("no text")
    if len(text) > options.max_chars:
        raise FormatError(
            f"too large ({len(text):,} characters; the limit is {options.max_chars:,})"
        )
    if infer_structure and not structure:
        from claimdesk.formats.article_text import article_structure

        structure = article_structure(text)
    if not title:
        first = structure[0] if structure else None
        if first is not None and first.start == 0 and first.kind in ("title", "heading"):
            title = text[first.start : first.end]
        else:
            title = derive_title(text)
    return Document(
        text=text,
        title=" ".join(title.split()),
        published=published,
        source=source,
        url=url,
        language=language or guess_language(text),
        file=file,
        encoding=encoding,
        metadata={k: v for k, v in (metadata or {}).items() if v not in (None, "", [], {})},
        structure=structure,
    )


def article_from_text(
    text: str,
    *,
    file: str,
    title: str = "",
    published: str | None = None,
    source: str = "",
    url: str = "",
    options: ReadOptions | None = None,
) -> Document:
    """One article from plain text (pasted, or a table cell): paragraphs at blank lines.

    :raises FormatError: no text, or a date that is not ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``
    """
    from claimdesk.core.dates import parse_date

    paragraphs = re.split(r"\n[ \t\u00a0]*\n", normalise_newlines(text).strip())
    return article_document(
        [Block(p) for p in paragraphs],
        file=file,
        options=options or ReadOptions(),
        title=title,
        published=parse_date(published) if published else None,
        source=source,
        url=url,
        infer_structure=True,
    )
