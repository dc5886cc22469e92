"""Plain-text news articles, as in ``seeds/``: one article a file.

The layout (``seeds/README.md``): an optional leading `` date YYYY-MM ``
token (also ``YYYY`` or ``YYYY-MM-DD``), a single space, then the article;
paragraphs separated by blank lines; short lines without final punctuation
are subheadings. The date token and the space after it are metadata; the
rest is the stored text, character for character (DESIGN decision 1).

>>> doc = parse_article(" date 2019-10 Geen Huawei\\n\\nDe VS wil dat. Meer.", file="a.txt")
>>> doc.published, doc.title, doc.text[:11]
('2019-10', 'Geen Huawei', 'Geen Huawei')
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from claimdesk.core.dates import parse_date
from claimdesk.core.errors import FormatError
from claimdesk.core.model import Document, StructureRange
from claimdesk.core.text import derive_title, guess_language, is_subheading
from claimdesk.formats import Format, Problem, ReadOptions, register
from claimdesk.formats._articles import decode_text, read_text

_DATE_TOKEN = re.compile(r"\A[ \t]*date[ \t]+(\S+)(?:[ \t]|\n|\Z)")


def parse_article(raw: str, *, file: str = "", encoding: str = "utf-8") -> Document:
    """Turn the decoded content of an article file into a :class:`Document`.

    :raises FormatError: a date token with an impossible date, or no text
    """
    published = None
    text = raw
    m = _DATE_TOKEN.match(raw)
    if m:
        published = parse_date(m.group(1))
        text = raw[m.end() :]
    if not text.strip():
        raise FormatError("no text" if not m else "no text after the date")
    structure = article_structure(text)
    title = derive_title(text)
    return Document(
        text=text,
        title=title,
        published=published,
        language=guess_language(text, sample=1500),
        file=file,
        encoding=encoding,
        structure=structure,
    )


#: A line that may be a subheading: after a blank line (the text is searched with one blank
#: line put before it), at most 100 characters without the white space around them (the
#: length ``is_subheading`` allows), and before a blank line or the end. ``[^\S\n]`` is white
#: space other than a line break.
_SHORT_PARAGRAPH = re.compile(
    r"\n[^\S\n]*+\n[^\S\n]*+(\S[^\n]{0,99}+)[^\S\n]*+(?=\n[^\S\n]*+(?:\n|\Z)|\Z)"
)


def article_structure(text: str) -> list[StructureRange]:
    """Stand-off subheadings of a plain-text article (the first one is its title line).

    A subheading is a paragraph of one line (:func:`~claimdesk.core.text.is_subheading`):
    a short line with blank lines (or the text's ends) on both sides. One regular
    expression finds those lines, so only they reach Python: the same ranges as going
    through :func:`~claimdesk.core.text.paragraphs` (a property test checks it), at a
    fraction of the cost, which counts when importing ten thousand articles.
    """
    result = []
    first = -1  # where the text's first paragraph starts: a subheading there is the title
    for m in _SHORT_PARAGRAPH.finditer("\n\n" + text):
        body = m.group(1).rstrip()
        if is_subheading(body):
            start = m.start(1) - 2
            if first < 0:
                first = len(text) - len(text.lstrip())
            kind = "title" if start == first else "subheading"
            result.append(StructureRange(kind, start, start + len(body)))
    return result


def read(path: Path, name: str, options: ReadOptions) -> Iterator[Document | Problem]:
    try:
        raw, encoding = read_text(path, options)
        yield parse_article(raw, file=name, encoding=encoding)
    except FormatError as exc:
        yield Problem(name, str(exc))


def read_data(data: bytes, name: str, options: ReadOptions) -> Iterator[Document | Problem]:
    """:func:`read` from the bytes of a file the importer has already read."""
    try:
        raw, encoding = decode_text(data, options)
        yield parse_article(raw, file=name, encoding=encoding)
    except FormatError as exc:
        yield Problem(name, str(exc))


#: The token with a date in it (``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``): only this format starts so.
_DATE_SHAPED = re.compile(r"\d{4}(?:-\d{2}){0,2}\Z")


def sniff(head: bytes, suffix: str) -> float:
    m = _DATE_TOKEN.match(head[:64].decode("latin-1"))
    if m:
        return 1.0 if _DATE_SHAPED.match(m.group(1)) else 0.9
    return 0.5 if suffix in (".txt", ".text") else 0.0


FORMAT = register(
    Format(
        name="article-text",
        description="Plain-text articles, one per file, with an optional leading ' date YYYY-MM ' token",
        kind="documents",
        extensions=(".txt", ".text"),
        sniff=sniff,
        read=read,
        read_data=read_data,
    )
)
