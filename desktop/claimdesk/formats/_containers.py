"""Getting the text out of container files: Word, OpenDocument, RTF, HTML (and PDF via ``pdf``).

One place for every reader that needs the paragraphs of such a file: the
single-article formats (``office``, ``pdf``, ``html_article``) and the
news-database batches (``nexis``, ``factiva``), which share these
containers and are told apart by the text inside (``preview_text`` feeds the
registry's ``sniff_text``).

Hostile files are refused before they are parsed: zip bombs and archives
with climbing member names (``formats._safe``), encrypted Office files (which
are OLE containers, not zips), XML with a DTD; nothing is ever fetched.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from claimdesk.core.errors import FormatError
from claimdesk.core.text import decode_bytes, normalise_newlines
from claimdesk.formats import ReadOptions
from claimdesk.formats._blocks import Block, collapse_spaces
from claimdesk.formats._safe import SafeZip, parse_xml

#: Characters of text that ``preview_text`` extracts for sniffing.
PREVIEW_CHARS = 60_000

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
DC = "{http://purl.org/dc/elements/1.1/}"
META = "{urn:oasis:names:tc:opendocument:xmlns:meta:1.0}"
MANIFEST = "{urn:oasis:names:tc:opendocument:xmlns:manifest:1.0}"


def container_kind(head: bytes, suffix: str = "") -> str:
    """``zip``, ``ole``, ``rtf``, ``pdf``, ``html`` or ``text`` from a file's first bytes."""
    if head.startswith(ZIP_MAGIC):
        return "zip"
    if head.startswith(OLE_MAGIC):
        return "ole"
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith(b"{\\rtf"):
        return "rtf"
    if head[:1024].lstrip().startswith(b"%PDF-") or b"%PDF-" in head[:1024]:
        return "pdf"
    lowered = stripped[:1024].lower()
    if lowered.startswith((b"<!doctype html", b"<html", b"<?xml", b"<head", b"<meta", b"<!--")) or (
        suffix in (".html", ".htm", ".xhtml") and b"<" in lowered
    ):
        return "html"
    return "text"


def _head(path: Path, size: int = 4096) -> bytes:
    try:
        with path.open("rb") as fh:
            return fh.read(size)
    except OSError as exc:
        raise FormatError(f"cannot be read ({exc.strerror or exc})") from None


def refuse_encrypted(head: bytes, what: str) -> None:
    """Office files with a password are OLE containers, not zips: say so."""
    if head.startswith(OLE_MAGIC):
        raise FormatError(
            f"is password-protected (encrypted) or an old binary {what} file: "
            "open it and save it without a password in the current format first"
        )


def open_zip(path: Path, what: str) -> SafeZip:
    """Open a zip container after checking what its members would unpack to.

    :raises FormatError: encrypted, not a zip, damaged, or a zip bomb
    """
    refuse_encrypted(_head(path, 8), what)
    try:
        return SafeZip(path, where=path.name)
    except FormatError as exc:
        message = str(exc).removeprefix(f"{path.name}: ")
        if message.startswith("not a zip archive"):
            message = f"is damaged or not a {what} file ({message.partition('(')[2].rstrip(')')})"
        raise FormatError(message) from None


def _parse_member(archive: SafeZip, name: str, what: str) -> Any:
    member = archive.find(name)
    if member is None:
        raise FormatError(f"is damaged or not a {what} file (no {name})")
    try:
        return parse_xml(archive.read(member), name)
    except FormatError as exc:
        raise FormatError(f"is damaged ({exc})") from None


# --------------------------------------------------------------------------- Word (.docx)

_HEADING_STYLE = re.compile(r"(?:heading|kop|überschrift|titre)\s*(\d)", re.IGNORECASE)


def docx_blocks(path: Path) -> tuple[list[Block], dict[str, Any]]:
    """The body of a .docx (headers, footers and footnotes left out) and its properties.

    :raises FormatError: encrypted, damaged or a zip bomb
    """
    with open_zip(path, "Word (.docx)"):
        pass
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table
    from lxml import etree

    try:
        document = docx.Document(str(path))
        blocks: list[Block] = []
        # Style names by id, read once (python-docx's paragraph.style looks them up every time).
        styles = {style.style_id: style.name or "" for style in document.styles}
        for item in document.iter_inner_content():
            if isinstance(item, Table):
                blocks.extend(_docx_table(item))
                continue
            blocks.append(_docx_paragraph(item, styles))
        props = document.core_properties
        properties = {
            "title": props.title or "",
            "author": props.author or "",
            "created": props.created.date().isoformat() if props.created else "",
            "subject": props.subject or "",
            "keywords": props.keywords or "",
        }
    except (
        PackageNotFoundError,
        KeyError,
        ValueError,
        etree.XMLSyntaxError,
        zipfile.BadZipFile,
    ) as exc:
        raise FormatError(f"is damaged or not a Word (.docx) file ({exc})") from None
    return blocks, properties


def _docx_paragraph(paragraph: Any, styles: dict[str, str]) -> Block:
    text = paragraph.text
    ppr = paragraph._p.pPr
    style_id = ppr.pStyle.val if ppr is not None and ppr.pStyle is not None else ""
    style = styles.get(style_id, style_id)
    lowered = style.lower()
    if lowered == "title":
        return Block(text, "title")
    m = _HEADING_STYLE.match(style)
    if m:
        return Block(text, "heading", int(m.group(1)))
    if "quote" in lowered:
        return Block(text, "quote")
    if lowered.startswith("list") or (ppr is not None and ppr.numPr is not None):
        return Block(text, "list_item")
    return Block(text)


def _docx_table(table: Any) -> Iterator[Block]:
    for row in table.rows:
        cells: list[str] = []
        for cell in row.cells:
            text = " ".join(cell.text.split())
            if text and (not cells or cells[-1] != text):
                cells.append(text)
        if cells:
            yield Block("\t".join(cells))


def _docx_preview(archive: SafeZip, limit: int) -> str:
    from lxml import etree

    parts: list[str] = []
    size = 0
    with archive.zip.open(archive.names["word/document.xml"]) as fh:
        current: list[str] = []
        for event, element in etree.iterparse(
            fh, events=("end",), resolve_entities=False, no_network=True, huge_tree=False
        ):
            if element.tag == f"{W}t" and element.text:
                current.append(element.text)
            elif element.tag == f"{W}tab":
                current.append("\t")
            elif element.tag == f"{W}p":
                line = "".join(current)
                current = []
                parts.append(line)
                size += len(line) + 1
                element.clear()
                if size > limit:
                    break
            del event
    return "\n".join(parts)


# --------------------------------------------------------------------------- OpenDocument (.odt)


def odt_blocks(path: Path) -> tuple[list[Block], dict[str, Any]]:
    """The body of an .odt text document (notes and annotations left out) and its properties."""
    with open_zip(path, "OpenDocument text (.odt)") as archive:
        found = archive.find("mimetype")
        mimetype = archive.read(found, 1024).decode("ascii", "replace").strip() if found else ""
        if mimetype and not mimetype.startswith("application/vnd.oasis.opendocument.text"):
            raise FormatError(f"is an OpenDocument file of another kind ({mimetype}), not text")
        if archive.find("META-INF/manifest.xml"):
            manifest = _parse_member(archive, "META-INF/manifest.xml", "OpenDocument")
            if manifest.find(f".//{MANIFEST}encryption-data") is not None:
                raise FormatError(
                    "is password-protected (encrypted): save it without a password first"
                )
        content = _parse_member(archive, "content.xml", "OpenDocument text (.odt)")
        properties: dict[str, Any] = {}
        if archive.find("meta.xml"):
            meta = _parse_member(archive, "meta.xml", "OpenDocument")
            for key, tag in (
                ("title", f"{DC}title"),
                ("author", f"{DC}creator"),
                ("subject", f"{DC}subject"),
                ("created", f"{META}creation-date"),
            ):
                found = meta.find(f".//{tag}")
                if found is not None and found.text:
                    properties[key] = (
                        found.text.strip()[:10] if key == "created" else found.text.strip()
                    )
    body = content.find(f"{OFFICE}body/{OFFICE}text")
    if body is None:
        raise FormatError("is damaged or not an OpenDocument text (no text body)")
    blocks: list[Block] = []
    _odt_walk(body, blocks, in_list=False)
    return blocks, properties


def _odt_walk(element: Any, blocks: list[Block], *, in_list: bool) -> None:
    for child in element:
        tag = child.tag
        if tag == f"{TEXT}h":
            level = child.get(f"{TEXT}outline-level")
            blocks.append(
                Block(_odt_text(child), "heading", int(level) if level and level.isdigit() else 1)
            )
        elif tag == f"{TEXT}p":
            blocks.append(Block(_odt_text(child), "list_item" if in_list else None))
        elif tag in (f"{TEXT}list", f"{TEXT}list-item", f"{TEXT}list-header"):
            _odt_walk(child, blocks, in_list=True)
        elif tag == f"{TABLE}table":
            for row in child.iter(f"{TABLE}table-row"):
                cells = [
                    " ".join(_odt_text(p) for p in cell.iter(f"{TEXT}p")).strip()
                    for cell in row.iter(f"{TABLE}table-cell")
                ]
                cells = [c for c in cells if c]
                if cells:
                    blocks.append(Block("\t".join(cells)))
        elif tag in (f"{TEXT}section", f"{TEXT}soft-page-break") or tag.endswith("}div"):
            _odt_walk(child, blocks, in_list=in_list)


def _odt_text(element: Any) -> str:
    parts: list[str] = []

    def walk(node: Any) -> None:
        if node.text:
            parts.append(node.text)
        for child in node:
            tag = child.tag
            if tag == f"{TEXT}s":
                parts.append(" " * int(child.get(f"{TEXT}c", "1") or 1))
            elif tag == f"{TEXT}tab":
                parts.append("\t")
            elif tag == f"{TEXT}line-break":
                parts.append("\n")
            elif tag in (f"{TEXT}note", f"{OFFICE}annotation", f"{OFFICE}annotation-end"):
                pass
            else:
                walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(element)
    return "".join(parts)


# --------------------------------------------------------------------------- RTF


def rtf_text(path: Path, options: ReadOptions) -> str:
    """The text of an RTF file (headers, footers, pictures and fields' codes left out), LF newlines.

    :raises FormatError: not RTF, or too large
    """
    from striprtf.striprtf import rtf_to_text

    data = _read_limited(path, options)
    if container_kind(data[:64]) != "rtf":
        raise FormatError("is not an RTF file (it does not start with {\\rtf)")
    raw = data.decode("latin-1")
    try:
        text = rtf_to_text(raw, encoding=options.fallback_encoding or "cp1252", errors="replace")
    except (ValueError, LookupError, IndexError, RecursionError) as exc:
        raise FormatError(f"is damaged RTF ({exc.__class__.__name__})") from None
    # RTF writes characters outside the BMP as two \\u surrogates: join them.
    text = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    return normalise_newlines(text).replace("\x00", "")


def _read_limited(path: Path, options: ReadOptions) -> bytes:
    try:
        size = path.stat().st_size
        if size > options.max_chars * 8:
            raise FormatError(
                f"too large ({size:,} bytes; the limit is {options.max_chars * 8:,} bytes)"
            )
        data = path.read_bytes()
    except OSError as exc:
        raise FormatError(f"cannot be read ({exc.strerror or exc})") from None
    if not data:
        raise FormatError("empty file")
    return data


# --------------------------------------------------------------------------- HTML

_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_HTML_BLOCKS = {
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr", "td", "th", "blockquote",
    "pre", "br", "section", "article", "header", "footer", "table", "ul", "ol", "dt", "dd",
    "hr", "title", "span_block",
}  # fmt: skip
_HTML_SKIP = {"script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "head"}


def decode_html(data: bytes, options: ReadOptions) -> tuple[str, str]:
    """Decode a saved web page: a forced encoding, a BOM, its ``<meta charset>``, then as text files."""
    if not options.encoding and not data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        m = _CHARSET.search(data[:4096])
        if m:
            import codecs

            try:
                codec = codecs.lookup(m.group(1).decode("ascii")).name
            except LookupError:
                codec = None
            if codec and "utf-16" not in codec:
                return data.decode(codec, errors="replace"), codec
    text, encoding = decode_bytes(
        data, fallback=options.fallback_encoding, encoding=options.encoding
    )
    return text, encoding


def read_html(path: Path, options: ReadOptions) -> tuple[Any, str]:
    """Parse a saved web page into an lxml tree (nothing is run or fetched): ``(tree, encoding)``."""
    import lxml.html
    from lxml import etree

    text, encoding = decode_html(_read_limited(path, options), options)
    text = text.replace("\x00", "")
    if not text.strip():
        raise FormatError("empty web page")
    try:
        parser = lxml.html.HTMLParser(no_network=True, remove_comments=True, remove_pis=True)
        tree = lxml.html.document_fromstring(text, parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise FormatError(f"is not a readable web page ({exc})") from None
    return tree, encoding


_DROPPED = ("script", "style", "noscript", "iframe", "frame", "object", "embed", "applet",
            "template")  # fmt: skip
_EXTERNAL = ("src", "href", "srcset", "data", "poster", "action")


def clean_page(tree: Any) -> tuple[int, int]:
    """Remove what could run or load from a parsed page: ``(elements removed, external references)``.

    Scripts, styles, frames and embedded objects go, and so do event-handler
    attributes (``onload``...); references to other servers are counted, never followed.
    """
    external = 0
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        for attribute in _EXTERNAL:
            value = (element.get(attribute) or "").strip().lower()
            if value.startswith(("http:", "https:", "//", "ftp:")) and element.tag != "a":
                external += 1
        for attribute in list(element.attrib):
            if attribute.lower().startswith("on"):
                del element.attrib[attribute]
    removed = 0
    for element in list(tree.iter(*_DROPPED)):
        if element.getparent() is not None:
            element.drop_tree()
            removed += 1
    return removed, external


def cleaning_note(removed: int, external: int) -> str:
    """What the import report says about a cleaned page."""
    return (
        f"{removed} scripts, styles or embedded objects removed and "
        f"{external} external resources ignored (nothing was run or fetched)"
    )


def html_blocks(tree: Any) -> list[str]:
    """The visible text of a web page, one entry per block element (for batches)."""
    lines: list[str] = []
    current: list[str] = []

    def flush() -> None:
        text = collapse_spaces("".join(current))
        current.clear()
        if text:
            lines.append(text)

    def walk(node: Any) -> None:
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag in _HTML_SKIP:
            return
        block = tag in _HTML_BLOCKS
        if block:
            flush()
        if node.text and tag:
            current.append(node.text)
        for child in node:
            walk(child)
            if child.tail:
                current.append(child.tail)
        if block:
            flush()

    body = tree.find("body")
    walk(body if body is not None else tree)
    flush()
    return lines


# --------------------------------------------------------------------------- lines of any container


def file_lines(
    path: Path,
    options: ReadOptions,
    *,
    limit: int | None = None,
    notes: list[str] | None = None,
) -> tuple[list[str], str]:
    """The lines of text in any container, for the batch formats: ``(lines, encoding)``.

    Plain text keeps its blank lines and indentation; Word, OpenDocument,
    HTML and RTF give one line per paragraph; PDF one per paragraph.

    :param notes: gets what was left out (a web page's scripts)
    """
    head = _head(path, 4096)
    kind = container_kind(head, path.suffix.lower())
    if kind == "ole":
        refuse_encrypted(head, "Word")
    if kind == "zip":
        suffix = path.suffix.lower()
        if suffix == ".odt":
            blocks, _ = odt_blocks(path)
            return [b.text for b in blocks], "utf-8"
        if limit is not None:
            with open_zip(path, "Word (.docx)") as archive:
                try:
                    return _docx_preview(archive, limit).split("\n"), "utf-8"
                except KeyError:
                    raise FormatError("is not a Word (.docx) file (no word/document.xml)") from None
        blocks, _ = docx_blocks(path)
        return [b.text for b in blocks], "utf-8"
    if kind == "rtf":
        return rtf_text(path, options).split("\n"), ""
    if kind == "pdf":
        from claimdesk.formats.pdf import pdf_lines

        return pdf_lines(path, max_pages=5 if limit is not None else None), ""
    if kind == "html":
        tree, encoding = read_html(path, options)
        removed, external = clean_page(tree)
        if notes is not None and (removed or external):
            notes.append(cleaning_note(removed, external))
        return html_blocks(tree), encoding
    from claimdesk.formats._articles import read_text

    text, encoding = read_text(path, options)
    return text.split("\n"), encoding


def preview_text(path: Path, head: bytes | None = None, *, whole: bool = False) -> str:
    """The first :data:`PREVIEW_CHARS` characters of text inside a file, for ``sniff_text``.

    Returns "" for files that cannot be read: the format that reads them
    reports the problem. ``head`` is the file's beginning when already read
    (``whole``: the whole file).
    """
    options = ReadOptions()
    try:
        if head is None:
            head = _head(path)
        if container_kind(head, path.suffix.lower()) == "text":
            if not whole and len(head) < PREVIEW_CHARS:
                head = _head(path, PREVIEW_CHARS)
            try:
                return normalise_newlines(decode_bytes(head[:PREVIEW_CHARS])[0])
            except FormatError:
                return ""
        lines, _ = file_lines(path, options, limit=PREVIEW_CHARS)
    except FormatError:
        return ""
    except Exception:  # a preview never stops a guess; reading reports the real error
        return ""
    return "\n".join(lines)[:PREVIEW_CHARS]
