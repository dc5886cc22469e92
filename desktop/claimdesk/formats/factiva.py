"""Factiva exports (``.rtf``, ``.html``, also ``.txt`` and ``.pdf``), split into one document per article.

Two layouts, told apart by the text inside the file:

* **Article format** (Factiva's default): per article the headline, an
  optional byline (``By ...``) or section line, ``N words``, the date, an
  optional time, the source name, the source code (``GRDN``), optional page
  and volume lines, the language, a copyright line, the body paragraphs, and
  a closing line ``Document GRDN000020100105e6150001x`` (the accession number).
* **Full article with indexing**: two- or three-letter field codes at the start
  of a line or in a table cell: ``HD`` headline, ``BY`` byline, ``WC`` word
  count, ``PD`` date, ``SN`` source, ``SC`` source code, ``SE`` section, ``PG``
  page, ``LA`` language, ``CY`` copyright, ``LP`` lead paragraphs, ``TD`` text,
  ``CO``/``IN``/``NS``/``RE`` companies, industries, subjects, regions, ``PUB``
  publisher and ``AN`` the accession number, which ends an article. Inside the
  text a code counts only alone on its line or followed by a tab.

Each article's stored text is its headline (marked as the title) and its
body; the rest goes into the document's metadata. These layouts were
reconstructed from Factiva's documentation and published descriptions of
its exports, not from real export files.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from claimdesk.core.errors import FormatError
from claimdesk.core.language import language_code
from claimdesk.core.model import Document
from claimdesk.formats import Format, Note, Problem, ReadOptions, register
from claimdesk.formats._containers import file_lines
from claimdesk.formats.nexis import Article, batch_article

DOCUMENT_LINE = re.compile(r"^\s*Document\s+([A-Za-z0-9]{16,40})\s*$")
CODES = ("SE", "HD", "CR", "BY", "WC", "PD", "ET", "SN", "SC", "ED", "PG", "VOL", "LA", "CY",
         "LP", "TD", "CT", "RF", "CO", "IN", "NS", "RE", "IPC", "IPD", "PUB", "AN", "ART", "CLM")  # fmt: skip
_CODE_LINE = re.compile(
    r"^\s*(" + "|".join(CODES) + r")(?:(\t|\s*\|)\s*(.*?)|[ \t]+(.*?))?\s*\|?\s*$"
)
_WORDS = re.compile(r"^\s*(\d[\d,.]*)\s+words?\s*$", re.IGNORECASE)
_TIME = re.compile(r"^\s*\d{1,2}[:.]\d{2}(?:\s*[AP]\.?M\.?)?(?:\s+[A-Z]{2,4})?\s*$", re.IGNORECASE)
_SOURCE_CODE = re.compile(r"^[A-Z0-9]{2,10}$")
_PAGE = re.compile(r"^\s*(?:Page|Pg\.?|P\.)?\s*[A-Z]?\d{1,4}[A-Z]?\s*$", re.IGNORECASE)
_VOLUME = re.compile(r"^\s*(?:Vol(?:ume)?\.?|No\.|Issue)\s*\S+", re.IGNORECASE)
_COPYRIGHT = re.compile(r"(?:^\s*(?:Copyright|©|\(c\))|All Rights Reserved)", re.IGNORECASE)
_FIELD_NAMES = {"SE": "section", "BY": "byline", "CR": "credit", "WC": "length", "ET": "time",
                "SC": "source_code", "ED": "edition", "PG": "page", "VOL": "volume",
                "CY": "copyright", "CT": "contact", "RF": "reference", "CO": "companies",
                "IN": "industries", "NS": "subjects", "RE": "regions", "IPC": "ipc",
                "IPD": "descriptors", "PUB": "publisher", "ART": "art", "CLM": "column"}  # fmt: skip


# --------------------------------------------------------------------------- article format


def parse_article_format(lines: list[str], accession: str) -> Article:
    """One article of Factiva's default layout (its lines before ``Document ...``).

    :raises FormatError: no word count or date where they belong
    """
    lines = [" ".join(line.split()) for line in lines if line.strip()]
    words_at = next((i for i, line in enumerate(lines[:8]) if _WORDS.match(line)), None)
    if words_at is None or words_at == 0:
        raise FormatError("has no 'N words' line under its headline")
    article = Article(title=lines[0])
    for line in lines[1:words_at]:
        if line.lower().startswith("by "):
            article.fields["byline"] = line[3:].strip()
        else:
            article.fields["section"] = line
    article.fields["length"] = lines[words_at]
    i = words_at + 1
    if i >= len(lines):
        raise FormatError("ends after its word count")
    article.date = lines[i]
    i += 1
    if i < len(lines) and _TIME.match(lines[i]):
        article.fields["time"] = lines[i]
        i += 1
    header_end = next(
        (k for k in range(i, min(len(lines), i + 10)) if _COPYRIGHT.search(lines[k])), None
    )
    if header_end is None:
        header_end = next(
            (k for k in range(i, min(len(lines), i + 8)) if language_code(lines[k])), None
        )
        if header_end is None:
            raise FormatError(
                "has neither a copyright nor a language line: where does the text start?"
            )
    else:
        article.fields["copyright"] = lines[header_end]
    for line in lines[i:header_end]:
        if not article.source:
            article.source = line
        elif "source_code" not in article.fields and _SOURCE_CODE.match(line):
            article.fields["source_code"] = line
        elif language_code(line) and "language" not in article.fields:
            article.fields["language"] = line
        elif _PAGE.match(line) and "page" not in article.fields:
            article.fields["page"] = line
        elif _VOLUME.match(line):
            article.fields["volume"] = line
        else:
            article.fields["edition"] = (article.fields.get("edition", "") + " " + line).strip()
    if header_end < len(lines) and "copyright" not in article.fields:
        article.fields["language"] = lines[header_end]
    article.body = lines[header_end + 1 :]
    article.fields["document_id"] = accession
    return article


# --------------------------------------------------------------------------- field codes


def _code_fields(lines: list[str]) -> list[dict[str, list[str]]]:
    """Articles as ``{code: lines}``, each closed by its ``AN`` field."""
    articles: list[dict[str, list[str]]] = []
    current: dict[str, list[str]] = {}
    code = ""
    for raw in lines:
        line = raw.rstrip()
        m = _CODE_LINE.match(line)
        if m:
            rest = m.group(3) if m.group(2) else m.group(4)
            in_text = code in ("LP", "TD")
            if in_text and m.group(4) is not None and m.group(2) is None:
                m = None  # "IN 2010 the..." inside the text is text
            else:
                code = m.group(1)
                current.setdefault(code, [])
                if rest:
                    current[code].append(rest.strip())
                if code == "AN" and rest:
                    articles.append(current)
                    current, code = {}, ""
                continue
        if code and line.strip():
            current.setdefault(code, []).append(line.strip().strip("|").strip())
            if code == "AN":
                articles.append(current)
                current, code = {}, ""
    if current.get("HD") or current.get("TD"):
        current.setdefault("AN", [])
        articles.append(current)
    return articles


def parse_coded(fields: dict[str, list[str]]) -> Article:
    """One article of the field-code layout."""

    def one(code: str) -> str:
        return " ".join(" ".join(fields.get(code, [])).split())

    article = Article(title=one("HD"), source=one("SN"), date=one("PD"))
    article.body = [*fields.get("LP", []), *fields.get("TD", [])]
    for code, name in _FIELD_NAMES.items():
        if fields.get(code):
            article.fields[name] = one(code)
    if fields.get("LA"):
        article.fields["language"] = one("LA")
    accession = one("AN")
    article.fields["document_id"] = accession.removeprefix("Document ").strip()
    return article


# --------------------------------------------------------------------------- splitting


def split_factiva(
    lines: list[str], name: str, options: ReadOptions, encoding: str = ""
) -> Iterator[Document | Problem]:
    """Articles of a Factiva export, in either layout."""
    coded = sum(1 for line in lines if (m := _CODE_LINE.match(line)) and m.group(1) in ("HD", "AN"))
    if coded >= 2:
        articles = _code_fields(lines)
        parsed = [(n, lambda f=f: parse_coded(f)) for n, f in enumerate(articles, start=1)]
        if any(not f.get("AN") for f in articles):
            yield Problem(
                name, "the last article has no 'AN' (accession number): the file seems cut off"
            )
    else:
        chunks: list[tuple[list[str], str]] = []
        current: list[str] = []
        for line in lines:
            m = DOCUMENT_LINE.match(line)
            if m:
                chunks.append((current, m.group(1)))
                current = []
            else:
                current.append(line)
        if not chunks:
            yield Problem(
                name, "looks like a Factiva export but has no 'Document …' line ending an article"
            )
            return
        if any(line.strip() for line in current):
            yield Problem(
                name,
                f"the text after article {len(chunks)} has no 'Document …' line: "
                "the export seems cut off; that last part was not imported",
            )
        parsed = [
            (n, lambda c=c, a=a: parse_article_format(c, a))
            for n, (c, a) in enumerate(chunks, start=1)
        ]
    for number, parse in parsed:
        yield batch_article(
            parse, name=name, number=number, database="Factiva", options=options, encoding=encoding
        )


def read(path: Path, name: str, options: ReadOptions) -> Iterator[Document | Problem | Note]:
    notes: list[str] = []
    try:
        lines, encoding = file_lines(path, options, notes=notes)
    except FormatError as exc:
        yield Problem(name, str(exc))
        return
    yield from (Note(name, note) for note in notes)
    yield from split_factiva(lines, name, options, encoding)


def sniff_text(text: str, suffix: str) -> float:
    codes: set[str] = set()
    for line in text.split("\n"):
        if DOCUMENT_LINE.match(line):
            return 0.95
        m = _CODE_LINE.match(line)
        if m and m.group(1) in ("HD", "WC", "PD", "SN", "AN"):
            codes.add(m.group(1))
    return 0.95 if len(codes) >= 3 else 0.0


def _sniff(head: bytes, suffix: str) -> float:
    return 0.0


FORMAT = register(
    Format(
        name="factiva",
        description="Factiva exports (.rtf, .html): articles ending in 'Document <accession number>'",
        kind="documents",
        extensions=(".rtf", ".html", ".htm", ".txt", ".pdf"),
        sniff=_sniff,
        read=read,
        sniff_text=sniff_text,
    )
)
