"""Word (.docx), OpenDocument text (.odt) and RTF articles: one article per file.

The body is read with its paragraphs; headings (by style or outline level),
list items and quotes become stand-off structure; headers, footers,
footnotes and comments are left out. The title comes from the document's
properties, else its first heading, else its first sentence; the author and
the creation date of the file go into the free metadata (a file's creation
date is not the article's publication date).

Word and RTF files are also what news databases export their batches in:
those are told apart by the text inside (``nexis``, ``factiva``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from claimdesk.core.errors import FormatError
from claimdesk.core.model import Document
from claimdesk.formats import Format, Problem, ReadOptions, register
from claimdesk.formats._blocks import Block, article_document
from claimdesk.formats._containers import container_kind, docx_blocks, odt_blocks, rtf_text


def parse_docx(path: Path, *, file: str, options: ReadOptions) -> Document:
    blocks, properties = docx_blocks(path)
    return _document(blocks, properties, file=file, options=options, encoding="utf-8")


def parse_odt(path: Path, *, file: str, options: ReadOptions) -> Document:
    blocks, properties = odt_blocks(path)
    return _document(blocks, properties, file=file, options=options, encoding="utf-8")


def parse_rtf(path: Path, *, file: str, options: ReadOptions) -> Document:
    text = rtf_text(path, options)
    blocks = [Block(line) for line in text.split("\n")]
    return article_document(blocks, file=file, options=options, encoding="", infer_structure=True)


def _document(
    blocks: list[Block],
    properties: dict[str, Any],
    *,
    file: str,
    options: ReadOptions,
    encoding: str,
) -> Document:
    styled = any(b.kind in ("title", "heading") for b in blocks)
    return article_document(
        blocks,
        file=file,
        options=options,
        encoding=encoding,
        title=properties.get("title", ""),
        metadata={
            "author": properties.get("author"),
            "file_created": properties.get("created"),
            "subject": properties.get("subject"),
            "keywords": properties.get("keywords"),
        },
        infer_structure=not styled,
    )


def _reader(
    parse: Callable[..., Document],
) -> Callable[[Path, str, ReadOptions], Iterator[Document | Problem]]:
    def read(path: Path, name: str, options: ReadOptions) -> Iterator[Document | Problem]:
        try:
            yield parse(path, file=name, options=options)
        except FormatError as exc:
            yield Problem(name, str(exc))

    return read


def _sniff(suffixes: tuple[str, ...], kinds: tuple[str, ...]) -> Callable[[bytes, str], float]:
    def sniff(head: bytes, suffix: str) -> float:
        kind = container_kind(head, suffix)
        if suffix in suffixes:
            # An encrypted Office file is an OLE container: still ours, to say why it is refused.
            return 0.5 if kind in (*kinds, "ole") else 0.3
        return 0.0

    return sniff


def _sniff_rtf(head: bytes, suffix: str) -> float:
    if container_kind(head, suffix) == "rtf":
        return 0.5
    return 0.3 if suffix == ".rtf" else 0.0


WORD = register(
    Format(
        name="word",
        description="Word articles (.docx), one per file: paragraphs, headings, lists",
        kind="documents",
        extensions=(".docx",),
        sniff=_sniff((".docx",), ("zip",)),
        read=_reader(parse_docx),
    )
)

ODT = register(
    Format(
        name="odt",
        description="OpenDocument text articles (.odt), one per file",
        kind="documents",
        extensions=(".odt",),
        sniff=_sniff((".odt",), ("zip",)),
        read=_reader(parse_odt),
    )
)

RTF = register(
    Format(
        name="rtf",
        description="RTF articles, one per file",
        kind="documents",
        extensions=(".rtf",),
        sniff=_sniff_rtf,
        read=_reader(parse_rtf),
    )
)
