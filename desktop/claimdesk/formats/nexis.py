"""LexisNexis and Nexis Uni batch exports, split into one document per article.

Two layouts, told apart by the text inside the file (whatever its container):

* **LexisNexis (classic)** text exports (``.txt``, also in ``.rtf``/``.docx``):
  each article starts with a centred ``N of M DOCUMENTS`` line, then the
  centred source, date and edition lines, the headline, upper-case fields
  (``BYLINE:``, ``SECTION:``, ``LENGTH:``, ``DATELINE:``), the body, and
  trailing fields (``LOAD-DATE:``, ``LANGUAGE:``, ``PUBLICATION-TYPE:``...)
  and a copyright line.
* **Nexis Uni** batches (``.docx``, ``.rtf``, ``.pdf``): an optional cover page
  (``Documents (N)`` and a numbered list of titles), then per article the
  title, source, date and edition lines, ``Copyright``, ``Section:``,
  ``Length:``, ``Byline:``, ``Highlight:``, a line ``Body``, the body,
  ``Classification`` with ``Language:``, ``Publication-Type:``,
  ``Subject:``, ``Load-Date:``, and a line ``End of Document``.

Each article's stored text is its headline (marked as the title) and its
body paragraphs; the fields go into the document's metadata. A batch that
looks like one of these but cannot be split is reported with the reason;
missing articles (``3 of 5`` without a ``4 of 5``) are named.

These layouts were reconstructed from the databases' documentation and from
published descriptions of their exports, not from real export files.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from claimdesk.core.dates import parse_written_date
from claimdesk.core.errors import FormatError
from claimdesk.core.language import language_code
from claimdesk.core.model import Document
from claimdesk.formats import Format, Note, Problem, ReadOptions, register
from claimdesk.formats._blocks import Block, article_document
from claimdesk.formats._containers import file_lines

CLASSIC_MARK = re.compile(r"^\s*(\d+)\s+of\s+(\d+)\s+DOCUMENTS?\s*$", re.IGNORECASE)
END_MARK = re.compile(r"^\s*End of Document\s*$", re.IGNORECASE)
_COVER_COUNT = re.compile(r"^\s*Documents\s*\((\d+)\)\s*$", re.IGNORECASE)
_COPYRIGHT = re.compile(r"^\s*(?:Copyright|©|\(c\))", re.IGNORECASE)
_FIELD = re.compile(r"^\s*([A-Za-z][A-Za-z-]*(?: [A-Za-z-]+)?):\s*(.*)$")
_CLASSIC_HEAD = {"HEADLINE", "BYLINE", "SECTION", "LENGTH", "DATELINE", "HIGHLIGHT", "SOURCE",
                 "EDITION", "BODY", "DISTRIBUTION", "ABSTRACT", "SERIES"}  # fmt: skip
_CLASSIC_TAIL = {"LOAD-DATE", "LANGUAGE", "PUBLICATION-TYPE", "GRAPHIC", "URL", "SUBJECT",
                 "CORRECTION-DATE", "CORRECTION", "NOTES", "TYPE", "DOCUMENT-TYPE", "JOURNAL-CODE",
                 "ORGANIZATION", "PERSON", "GEOGRAPHIC", "INDUSTRY", "COMPANY", "TICKER",
                 "ACC-NO", "COUNTRY", "CITY", "STATE", "PUB-TYPE"}  # fmt: skip
_UNI_HEAD = {"section", "length", "byline", "highlight", "dateline", "edition"}
_UNI_TAIL = {"classification", "language", "publication-type", "subject", "geographic",
             "industry", "person", "organization", "company", "ticker", "load-date", "graphic",
             "notes", "url", "document-type", "journal-code", "country", "state", "city",
             "terms", "correction-date"}  # fmt: skip


_UNI_HEAD = {k.replace("-", "_") for k in _UNI_HEAD}
_UNI_TAIL = {k.replace("-", "_") for k in _UNI_TAIL}


@dataclass(slots=True)
class Article:
    """The parts of one article of a batch, before it becomes a Document."""

    title: str = ""
    source: str = ""
    date: str = ""
    body: list[str] = field(default_factory=list)
    fields: dict[str, str] = field(default_factory=dict)


def _field_key(name: str) -> str:
    return name.strip().lower().replace(" ", "_").replace("-", "_")


def article_to_document(
    article: Article,
    *,
    file: str,
    options: ReadOptions,
    database: str,
    position: int,
    encoding: str = "",
) -> Document:
    """A stored document from a split article: headline (as title) and body paragraphs.

    :raises FormatError: no body text
    """
    body = [p for p in article.body if p.strip()]
    if not body:
        raise FormatError("has a header but no body text")
    fields = dict(article.fields)
    language = fields.get("language", "")
    blocks = ([Block(article.title, "title")] if article.title else []) + [Block(p) for p in body]
    published = parse_written_date(article.date) if article.date else None
    if article.date and published is None:
        fields["date"] = article.date
    return article_document(
        blocks,
        file=file,
        options=options,
        encoding=encoding,
        title=article.title,
        published=published,
        source=article.source,
        url=fields.pop("url", ""),
        language=language_code(language) if language else None,
        metadata={"database": database, "batch_position": position, **fields},
    )


def batch_article(
    parse: Callable[[], Article],
    *,
    name: str,
    number: int,
    database: str,
    options: ReadOptions,
    encoding: str,
    of: int | None = None,
) -> Document | Problem:
    """Article ``number`` of the batch file ``name`` as a document, or what stops it.

    :param parse: splits the article out of the batch (it may raise :class:`FormatError`)
    :param of: how many articles the batch says it holds, when it says so
    """
    where = f"{name}#{number}"
    try:
        return article_to_document(
            parse(),
            file=where,
            options=options,
            database=database,
            position=number,
            encoding=encoding,
        )
    except FormatError as exc:
        counted = f"{number} of {of}" if of else str(number)
        return Problem(where, f"article {counted} {exc}")


# --------------------------------------------------------------------------- classic


def _classic_paragraphs(lines: list[str]) -> list[tuple[str, bool]]:
    """``(paragraph, centred)``: centred (indented) lines stand alone, others join until a blank."""
    result: list[tuple[str, bool]] = []
    current: list[str] = []

    def flush() -> None:
        if current:
            result.append((" ".join(current), False))
            current.clear()

    for line in lines:
        if not line.strip():
            flush()
        elif line[:2].isspace() and len(line) - len(line.lstrip()) >= 2:
            flush()
            result.append((" ".join(line.split()), True))
        else:
            current.append(" ".join(line.split()))
    flush()
    return result


def parse_classic_article(lines: list[str]) -> Article:
    """One article of a classic LexisNexis export (the lines after its ``N of M DOCUMENTS``)."""
    article = Article()
    paragraphs = _classic_paragraphs(lines)
    i = 0
    header: list[str] = []
    while i < len(paragraphs) and (paragraphs[i][1] or _COPYRIGHT.match(paragraphs[i][0])):
        header.append(paragraphs[i][0])
        i += 1
    for text in header:
        if _COPYRIGHT.match(text):
            article.fields["copyright"] = text
        elif not article.source:
            article.source = text
        elif not article.date and parse_written_date(text):
            article.date = text
        else:
            article.fields["edition"] = (article.fields.get("edition", "") + " " + text).strip()
    # The headline, then the upper-case fields before the body.
    rest = paragraphs[i:]
    tail_start = len(rest)
    while tail_start > 0:
        text, centred = rest[tail_start - 1]
        m = _FIELD.match(text)
        if centred or _COPYRIGHT.match(text) or (m and m.group(1).upper() in _CLASSIC_TAIL):
            tail_start -= 1
        else:
            break
    body_part, tail = rest[:tail_start], rest[tail_start:]
    j = 0
    fields_seen = False
    while j < len(body_part):
        text = body_part[j][0]
        m = _FIELD.match(text)
        if m and m.group(1) == m.group(1).upper() and m.group(1).upper() in _CLASSIC_HEAD:
            key = _field_key(m.group(1))
            fields_seen = True
            if key == "headline":
                article.title = m.group(2).strip()
            elif key != "body":
                article.fields[key] = m.group(2).strip()
        elif not article.title and not fields_seen:
            article.title = text
        else:
            break
        j += 1
    article.body = [text for text, _ in body_part[j:]]
    for text, _ in tail:
        m = _FIELD.match(text)
        if m and not _COPYRIGHT.match(text):
            article.fields[_field_key(m.group(1))] = m.group(2).strip()
        elif _COPYRIGHT.match(text):
            article.fields["copyright"] = text
    return article


def split_classic(
    lines: list[str], name: str, options: ReadOptions, encoding: str = ""
) -> Iterator[Document | Problem]:
    """Articles of a classic ``N of M DOCUMENTS`` export."""
    starts = [(i, int(m.group(1)), int(m.group(2))) for i, line in enumerate(lines)
              if (m := CLASSIC_MARK.match(line))]  # fmt: skip
    if not starts:
        yield Problem(name, "looks like a LexisNexis batch but has no 'N of M DOCUMENTS' line")
        return
    expected = starts[0][2]
    for k, (start, number, _total) in enumerate(starts):
        end = starts[k + 1][0] if k + 1 < len(starts) else len(lines)
        yield batch_article(
            lambda start=start, end=end: parse_classic_article(lines[start + 1 : end]),
            name=name,
            number=number,
            of=expected,
            database="LexisNexis",
            options=options,
            encoding=encoding,
        )
    found = [n for _, n, _ in starts]
    missing = sorted(set(range(1, expected + 1)) - set(found))
    if missing:
        shown = ", ".join(str(n) for n in missing[:10]) + (" …" if len(missing) > 10 else "")
        yield Problem(
            name,
            f"the batch says {expected} documents but {len(found)} are in the file "
            f"(missing: {shown}); the others were read",
        )


# --------------------------------------------------------------------------- Nexis Uni


def _strip_cover(chunk: list[str]) -> tuple[list[str], int | None]:
    """Remove a Nexis Uni cover page from the first article: ``(lines, documents announced)``."""
    for i, line in enumerate(chunk):
        m = _COVER_COUNT.match(line)
        if not m:
            continue
        announced = int(m.group(1))
        # The cover lists "1. Title"; the first article starts at that title, repeated.
        for j in range(i + 1, len(chunk)):
            item = re.match(r"^\s*1\.\s+(.+?)\s*$", chunk[j])
            if item:
                title = item.group(1)
                for k in range(j + 1, len(chunk)):
                    if chunk[k].strip() == title:
                        return chunk[k:], announced
                break
        return chunk[i + 1 :], announced
    return chunk, None


def parse_uni_article(lines: list[str]) -> Article:
    """One article of a Nexis Uni batch (its lines up to ``End of Document``).

    :raises FormatError: no ``Body`` line
    """
    lines = [" ".join(line.split()) for line in lines]
    body_at = next((i for i, line in enumerate(lines) if line == "Body"), None)
    if body_at is None:
        raise FormatError("has no line 'Body' between its header and its text")
    header = [line for line in lines[:body_at] if line]
    article = Article()
    date_at = None
    for i in range(len(header) - 1, -1, -1):
        line = header[i]
        m = _FIELD.match(line)
        if m and _field_key(m.group(1)) in _UNI_HEAD:
            continue
        if not _COPYRIGHT.match(line) and parse_written_date(line) and i >= 1:
            date_at = i
            break
    if date_at is None:
        raise FormatError("has no date line in its header")
    article.date = header[date_at]
    article.source = header[date_at - 1]
    article.title = " ".join(header[: date_at - 1])
    for line in header[date_at + 1 :]:
        m = _FIELD.match(line)
        if _COPYRIGHT.match(line):
            article.fields["copyright"] = line
        elif m and _field_key(m.group(1)) in _UNI_HEAD:
            article.fields[_field_key(m.group(1))] = m.group(2).strip()
        else:
            article.fields["edition"] = (article.fields.get("edition", "") + " " + line).strip()
    body: list[str] = []
    tail: list[str] = []
    for line in lines[body_at + 1 :]:
        m = _FIELD.match(line)
        key = _field_key(m.group(1)) if m else line.lower()
        if tail or (
            key in _UNI_TAIL and (m or line.lower() in ("classification", "graphic", "notes"))
        ):
            tail.append(line)
        else:
            body.append(line)
    article.body = body
    for line in tail:
        m = _FIELD.match(line)
        if m and m.group(2).strip():
            article.fields[_field_key(m.group(1))] = m.group(2).strip()
    return article


def split_uni(
    lines: list[str], name: str, options: ReadOptions, encoding: str = ""
) -> Iterator[Document | Problem]:
    """Articles of a Nexis Uni batch, separated by ``End of Document`` lines."""
    chunks: list[list[str]] = [[]]
    for line in lines:
        if END_MARK.match(line):
            chunks.append([])
        else:
            chunks[-1].append(line)
    rest = chunks.pop()
    if not chunks:
        yield Problem(name, "looks like a Nexis Uni batch but has no 'End of Document' line")
        return
    chunks[0], announced = _strip_cover(chunks[0])
    for number, chunk in enumerate(chunks, start=1):
        yield batch_article(
            lambda chunk=chunk: parse_uni_article(chunk),
            name=name,
            number=number,
            database="Nexis Uni",
            options=options,
            encoding=encoding,
        )
    if any(line.strip() == "Body" for line in rest):
        yield Problem(
            name,
            f"the text after article {len(chunks)} has no 'End of Document' line: "
            "the batch seems cut off; that last part was not imported",
        )
    if announced is not None and announced != len(chunks):
        yield Problem(
            name,
            f"the cover page announces {announced} documents but {len(chunks)} are in the file",
        )


# --------------------------------------------------------------------------- the format


def read(path: Path, name: str, options: ReadOptions) -> Iterator[Document | Problem | Note]:
    notes: list[str] = []
    try:
        lines, encoding = file_lines(path, options, notes=notes)
    except FormatError as exc:
        yield Problem(name, str(exc))
        return
    yield from (Note(name, note) for note in notes)
    if any(CLASSIC_MARK.match(line) for line in lines[:2000]):
        yield from split_classic(lines, name, options, encoding)
    else:
        yield from split_uni(lines, name, options, encoding)


def sniff_text(text: str, suffix: str) -> float:
    for line in text.split("\n"):
        if CLASSIC_MARK.match(line) or END_MARK.match(line):
            return 0.95
    return 0.0


def _sniff(head: bytes, suffix: str) -> float:
    return 0.0


FORMAT = register(
    Format(
        name="nexis",
        description="LexisNexis ('N of M DOCUMENTS') and Nexis Uni ('End of Document') batches",
        kind="documents",
        extensions=(".txt", ".docx", ".rtf", ".pdf"),
        sniff=_sniff,
        read=read,
        sniff_text=sniff_text,
    )
)

__all__ = ["Article", "parse_classic_article", "parse_uni_article", "split_classic", "split_uni"]
