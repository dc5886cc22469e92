"""Markdown articles (``.md``): YAML front matter for metadata, markup removed into structure.

The stored text is what a reader sees: markup is rendered away (emphasis,
links, list markers, heading hashes) and kept as stand-off structure ranges
(headings with their level, list items, quotes, code), paragraphs separated
by blank lines (DESIGN decision 1).
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import markdown
import yaml

from claimdesk.core.dates import parse_date
from claimdesk.core.errors import FormatError
from claimdesk.core.model import Document, StructureRange
from claimdesk.core.text import derive_title, guess_language
from claimdesk.formats import Format, Problem, ReadOptions, register
from claimdesk.formats._articles import decode_text, read_text

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_BLOCKS = {
    "p": None,
    "li": "list_item",
    "blockquote": "quote",
    "pre": "code",
    "h1": "heading",
    "h2": "heading",
    "h3": "heading",
    "h4": "heading",
    "h5": "heading",
    "h6": "heading",
    "td": None,
    "th": None,
    "dt": None,
    "dd": None,
}
_SKIP = {"script", "style", "head", "title"}
_KNOWN_KEYS = {"title", "date", "published", "source", "url", "language", "lang"}


class _TextCollector(HTMLParser):
    """Walks rendered Markdown and collects blocks of text with their kind."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[str | None, int | None, str]] = []
        self._stack: list[tuple[str | None, int | None]] = []
        self._buffer: list[str] = []
        self._skip = 0
        self._pre = 0

    def _flush(self) -> None:
        raw = "".join(self._buffer)
        self._buffer = []
        text = raw.strip("\n") if self._pre else " ".join(raw.split())
        if text.strip():
            kind, level = self._stack[-1] if self._stack else (None, None)
            self.blocks.append((kind, level, text))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self._skip += 1
        elif tag in _BLOCKS:
            self._flush()
            level = int(tag[1]) if tag[0] == "h" and tag[1:].isdigit() else None
            kind = _BLOCKS[tag]
            if kind is None and self._stack:
                kind, level = self._stack[-1]
            self._stack.append((kind, level))
            if tag == "pre":
                self._pre += 1
        elif tag == "br":
            self._buffer.append("\n" if self._pre else " ")
        elif tag == "img":
            alt = dict(attrs).get("alt")
            if alt:
                self._buffer.append(alt)

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self._skip = max(0, self._skip - 1)
        elif tag in _BLOCKS:
            self._flush()
            if self._stack:
                self._stack.pop()
            if tag == "pre":
                self._pre -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self._buffer.append(data)

    def close(self) -> None:
        super().close()
        self._flush()


def markdown_to_text(source: str) -> tuple[str, list[StructureRange]]:
    """Render Markdown to plain text with stand-off structure.

    >>> markdown_to_text("# Kop\\n\\nEen *nadruk* en [link](https://x).\\n\\n- punt")
    ('Kop\\n\\nEen nadruk en link.\\n\\npunt', [StructureRange(kind='heading', start=0, end=3, level=1), StructureRange(kind='list_item', start=26, end=30, level=None)])
    """
    html = markdown.markdown(source, extensions=["extra", "sane_lists"], output_format="html")
    collector = _TextCollector()
    collector.feed(html)
    collector.close()
    parts: list[str] = []
    structure: list[StructureRange] = []
    offset = 0
    for kind, level, text in collector.blocks:
        if parts:
            offset += 2
        if kind is not None:
            structure.append(StructureRange(kind, offset, offset + len(text), level))
        parts.append(text)
        offset += len(text)
    return "\n\n".join(parts), structure


def parse_markdown(raw: str, *, file: str = "", encoding: str = "utf-8") -> Document:
    """Turn a Markdown article (with optional YAML front matter) into a :class:`Document`."""
    meta: dict[str, Any] = {}
    m = _FRONT_MATTER.match(raw)
    if m:
        try:
            loaded = yaml.safe_load(m.group(1))
        except yaml.YAMLError as exc:
            raise FormatError(
                f"front matter is not valid YAML ({exc.__class__.__name__})"
            ) from None
        if loaded is not None and not isinstance(loaded, dict):
            raise FormatError("front matter must be a list of 'key: value' lines")
        meta = loaded or {}
        raw = raw[m.end() :]
    text, structure = markdown_to_text(raw)
    if not text.strip():
        raise FormatError("no text")
    date = meta.get("published", meta.get("date"))
    published = None
    if date is not None:
        published = parse_date(date.isoformat() if isinstance(date, _dt.date) else str(date))
    headings = [s for s in structure if s.kind == "heading"]
    title = str(meta.get("title") or "")
    if not title:
        title = (
            text[headings[0].start : headings[0].end]
            if headings and headings[0].start == 0
            else derive_title(text)
        )
    extra = {k: _plain(v) for k, v in meta.items() if k not in _KNOWN_KEYS}
    return Document(
        text=text,
        title=title,
        published=published,
        source=str(meta.get("source") or ""),
        url=str(meta.get("url") or ""),
        language=str(meta.get("language") or meta.get("lang") or "")
        or guess_language(text, sample=1500),
        file=file,
        encoding=encoding,
        metadata=extra,
        structure=structure,
    )


def _plain(value: Any) -> Any:
    """Front-matter values as JSON-safe values."""
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def read(path: Path, name: str, options: ReadOptions) -> Iterator[Document | Problem]:
    try:
        raw, encoding = read_text(path, options)
        yield parse_markdown(raw, file=name, encoding=encoding)
    except FormatError as exc:
        yield Problem(name, str(exc))


def read_data(data: bytes, name: str, options: ReadOptions) -> Iterator[Document | Problem]:
    """:func:`read` from the bytes of a file the importer has already read."""
    try:
        raw, encoding = decode_text(data, options)
        yield parse_markdown(raw, file=name, encoding=encoding)
    except FormatError as exc:
        yield Problem(name, str(exc))


def sniff(head: bytes, suffix: str) -> float:
    if suffix in (".md", ".markdown"):
        return 0.9
    if suffix == ".txt" and head.startswith(b"---\n") and b"\n---" in head[4:]:
        return 0.6
    return 0.0


FORMAT = register(
    Format(
        name="article-markdown",
        description="Markdown articles with optional YAML front matter (title, date, source, url)",
        kind="documents",
        extensions=(".md", ".markdown"),
        sniff=sniff,
        read=read,
        read_data=read_data,
    )
)
