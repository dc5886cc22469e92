"""Saved web pages (``.html``, ``.htm``): the article body and its metadata.

The page is parsed, never rendered: scripts, styles, frames and embedded
objects are dropped before anything else looks at it, and no resource is
fetched (the import says how many scripts and external references it
ignored). trafilatura (Apache licence) finds the article among the
navigation, adverts and comments and reads its title, date, author, site
name, URL, description, categories and tags from the page's metadata.
Headings, list items, quotes and code blocks become stand-off structure.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from claimdesk.core.dates import parse_written_date
from claimdesk.core.errors import FormatError
from claimdesk.core.model import Document
from claimdesk.formats import Format, Note, Problem, ReadOptions, register
from claimdesk.formats._blocks import Block, article_document, collapse_spaces
from claimdesk.formats._containers import clean_page, cleaning_note, container_kind, read_html


def _blocks(body: Any) -> list[Block]:
    """Blocks of trafilatura's body (``head``, ``p``, ``list/item``, ``quote``, ``code``, ``table``)."""
    blocks: list[Block] = []

    def text_of(element: Any) -> str:
        parts: list[str] = []

        def walk(node: Any) -> None:
            if node.text:
                parts.append(node.text)
            for child in node:
                if child.tag == "lb":
                    parts.append("\n")
                else:
                    walk(child)
                if child.tail:
                    parts.append(child.tail)

        walk(element)
        return "\n".join(collapse_spaces(line) for line in "".join(parts).split("\n"))

    for element in body:
        tag = element.tag
        if tag == "head":
            rend = element.get("rend", "h2")
            level = int(rend[1]) if len(rend) == 2 and rend[1].isdigit() else 2
            blocks.append(Block(text_of(element), "heading", level))
        elif tag == "list":
            for item in element.iter("item"):
                blocks.append(Block(text_of(item), "list_item"))
        elif tag == "quote":
            blocks.append(Block(text_of(element), "quote"))
        elif tag == "code":
            blocks.append(Block("".join(element.itertext()), "code"))
        elif tag == "table":
            for row in element.iter("row"):
                cells = [collapse_spaces("".join(c.itertext())) for c in row.iter("cell")]
                if any(cells):
                    blocks.append(Block("\t".join(c for c in cells if c)))
        else:
            blocks.append(Block(text_of(element)))
    return blocks


def parse_html(path: Path, *, file: str, options: ReadOptions) -> tuple[Document, tuple[int, int]]:
    """One article from a saved web page: ``(document, (elements removed, external references))``."""
    import trafilatura

    tree, encoding = read_html(path, options)
    cleaned = clean_page(tree)
    result = trafilatura.bare_extraction(
        tree,
        url=None,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_links=False,
        output_format="python",
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    if result is None or result.body is None or not len(result.body):
        raise FormatError("no article text found in this web page")
    meta: dict[str, Any] = result.as_dict()
    blocks = _blocks(result.body)
    title = str(meta.get("title") or "")
    if title and blocks and blocks[0].kind is None and " ".join(blocks[0].text.split()) == title:
        blocks[0].kind = "title"
    date = str(meta.get("date") or "")
    published = parse_written_date(date) if date else None
    document = article_document(
        blocks,
        file=file,
        options=options,
        encoding=encoding,
        title=title,
        published=published,
        source=str(meta.get("sitename") or meta.get("hostname") or ""),
        url=str(meta.get("url") or ""),
        language=str(meta.get("language") or "")[:2] or None,
        metadata={
            "author": meta.get("author"),
            "description": meta.get("description"),
            "categories": meta.get("categories"),
            "tags": meta.get("tags"),
        },
    )
    return document, cleaned


def read(path: Path, name: str, options: ReadOptions) -> Iterator[Document | Problem | Note]:
    try:
        document, (removed, external) = parse_html(path, file=name, options=options)
    except FormatError as exc:
        yield Problem(name, str(exc))
        return
    yield document
    if removed or external:
        yield Note(name, cleaning_note(removed, external))


def sniff(head: bytes, suffix: str) -> float:
    if suffix in (".html", ".htm", ".xhtml"):
        return 0.5
    return 0.2 if container_kind(head, suffix) == "html" else 0.0


FORMAT = register(
    Format(
        name="web-page",
        description="Saved web pages (.html, .htm): the article body with title, date, author, site",
        kind="documents",
        extensions=(".html", ".htm", ".xhtml"),
        sniff=sniff,
        read=read,
    )
)
