"""Building the files that import tests read: PDF, OpenDocument, RTF and news-database batches.

Everything is written here, in code, in the documented layouts; nothing is
downloaded or copied from real exports. Word files are written with
python-docx in the tests themselves.
"""

from __future__ import annotations

import zipfile
from collections.abc import Sequence
from pathlib import Path

# --------------------------------------------------------------------------- PDF

#: A printed line: ``(x, y, text)`` in points from the bottom left, or ``(x, y, text, size)``.
Line = tuple


def _pdf_string(text: str) -> bytes:
    data = text.encode("cp1252")
    return b"(" + data.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def write_pdf(
    path: Path,
    pages: Sequence[Sequence[Line]],
    *,
    title: str = "",
    images: bool = False,
) -> Path:
    """A small PDF: Helvetica text lines per page (WinAnsi), or only a grey image per page.

    :param images: put an image on every page and no text (a scanned document)
    """
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    catalog = add(b"")  # filled in below
    pages_id = add(b"")
    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    image = add(
        b"<< /Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceGray "
        b"/BitsPerComponent 8 /Length 4 >>\nstream\n\x80\x90\xa0\xb0\nendstream"
    )
    kids = []
    for lines in pages:
        if images:
            content = b"q 500 0 0 700 50 50 cm /Im1 Do Q"
        else:
            parts = []
            for line in lines:
                x, y, text, *rest = line
                size = rest[0] if rest else 11
                parts.append(
                    b"BT /F1 %d Tf %d %d Td " % (size, x, y) + _pdf_string(text) + b" Tj ET"
                )
            content = b"\n".join(parts)
        stream = add(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
        page = add(
            b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
            b"/Resources << /Font << /F1 %d 0 R >> /XObject << /Im1 %d 0 R >> >> >>"
            % (pages_id, stream, font, image)
        )
        kids.append(page)
    objects[catalog - 1] = b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id
    objects[pages_id - 1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % k for k in kids),
        len(kids),
    )
    info = add(b"<< /Title " + _pdf_string(title) + b" /Producer (tests) >>") if title else None
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    trailer = b"<< /Size %d /Root %d 0 R" % (len(objects) + 1, catalog)
    if info:
        trailer += b" /Info %d 0 R" % info
    out += b"trailer\n" + trailer + b" >>\nstartxref\n%d\n%%%%EOF\n" % xref
    path.write_bytes(bytes(out))
    return path


def page_lines(paragraphs: Sequence[str], *, width: int = 60, top: int = 760) -> list[Line]:
    """Lines of paragraphs wrapped at ``width`` characters, a blank line's gap between them."""
    lines: list[Line] = []
    y = top
    for paragraph in paragraphs:
        current = ""
        for word in paragraph.split():
            if current and len(current) + 1 + len(word) > width:
                lines.append((72, y, current))
                y -= 14
                current = word
            else:
                current = f"{current} {word}".strip()
        if current:
            lines.append((72, y, current))
            y -= 14
        y -= 8
    return lines


# --------------------------------------------------------------------------- OpenDocument

ODT_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" '
    'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" '
    'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"'
)


def write_odt(path: Path, body: str, *, title: str = "", encrypted: bool = False) -> Path:
    """An .odt whose ``office:text`` holds ``body`` (ODF XML elements)."""
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ODT_NS}>'
        f"<office:body><office:text>{body}</office:text></office:body></office:document-content>"
    )
    meta = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-meta {ODT_NS}><office:meta>'
        f"<dc:title>{title}</dc:title><dc:creator>Anna Jansen</dc:creator>"
        "<meta:creation-date>2019-10-03T08:00:00</meta:creation-date></office:meta>"
        "</office:document-meta>"
    )
    encryption = (
        '<manifest:encryption-data manifest:checksum-type="SHA1/1K" manifest:checksum="x"/>'
        if encrypted
        else ""
    )
    manifest = (
        f'<?xml version="1.0" encoding="UTF-8"?><manifest:manifest {ODT_NS}>'
        '<manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.text"/>'
        f'<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml">'
        f"{encryption}</manifest:file-entry></manifest:manifest>"
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text", zipfile.ZIP_STORED)
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
        archive.writestr("meta.xml", meta, zipfile.ZIP_DEFLATED)
        archive.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
    return path


# --------------------------------------------------------------------------- RTF


def rtf_escape(text: str) -> str:
    """Text as RTF: control characters escaped, non-ASCII as ``\\uN?`` (surrogate pairs for astral)."""
    out = []
    for ch in text:
        if ch in "\\{}":
            out.append("\\" + ch)
        elif ord(ch) < 128:
            out.append(ch)
        else:
            data = ch.encode("utf-16-le")
            for i in range(0, len(data), 2):
                unit = int.from_bytes(data[i : i + 2], "little")
                out.append(f"\\u{unit - 65536 if unit > 32767 else unit}?")
    return "".join(out)


def write_rtf(path: Path, paragraphs: Sequence[str], *, header: str = "") -> Path:
    """An RTF file with one ``\\par`` per paragraph, and optionally a page header."""
    head = r"{\header\pard " + rtf_escape(header) + r"\par}" if header else ""
    body = "".join(rtf_escape(p) + "\\par\n" for p in paragraphs)
    path.write_text(
        r"{\rtf1\ansi\ansicpg1252\deff0{\fonttbl{\f0 Times New Roman;}}" + head + "\n" + body + "}",
        encoding="ascii",
    )
    return path


# --------------------------------------------------------------------------- news-database batches

#: Three articles as the batch writers below lay them out.
ARTICLES = [
    {
        "title": "Huawei barred from 5G core 😀",
        "source": "The Guardian (London)",
        "date": "January 5, 2020 Sunday",
        "iso": "2020-01-05",
        "byline": "John Smith",
        "section": "WORLD NEWS; Pg. 5",
        "length": "45 words",
        "language": "ENGLISH",
        "body": [
            "The government said on Sunday that Huawei would be kept out of the core of the 5G network.",
            "Critics called the decision a compromise that satisfies nobody.",
        ],
    },
    {
        "title": "Kabinet twijfelt over Huawei",
        "source": "NRC Handelsblad",
        "date": "February 12, 2020 Wednesday",
        "iso": "2020-02-12",
        "byline": "Anna de Vries",
        "section": "Binnenland; Blz. 3",
        "length": "38 words",
        "language": "DUTCH",
        "body": [
            "Het kabinet twijfelt nog over de rol van Huawei in het nieuwe mobiele netwerk.",
            "De Tweede Kamer wil dat de minister snel een besluit neemt.",
        ],
    },
    {
        "title": "Operators count the cost",
        "source": "Financial Times",
        "date": "March 1, 2020 Sunday",
        "iso": "2020-03-01",
        "byline": "Sam Lee",
        "section": "COMPANIES",
        "length": "30 words",
        "language": "ENGLISH",
        "body": [
            "Mobile operators in Europe expect billions in extra costs if they must replace equipment.",
        ],
    },
]


def classic_nexis_lines(articles: Sequence[dict] = ARTICLES, *, total: int | None = None) -> str:
    """The classic LexisNexis text layout: centred ``N of M DOCUMENTS``, source, date, fields."""
    total = total or len(articles)
    out = []
    for n, a in enumerate(articles, start=1):
        out += [
            "",
            f"                               {n} of {total} DOCUMENTS",
            "",
            "",
            f"                            {a['source']}",
            "",
            f"                          {a['date']}",
            "                                Final Edition",
            "",
            a["title"],
            "",
            f"BYLINE: {a['byline']}",
            "",
            f"SECTION: {a['section']}",
            "",
            f"LENGTH: {a['length']}",
            "",
        ]
        for paragraph in a["body"]:
            out += [paragraph, ""]
        out += [
            f"LOAD-DATE: {a['date'].rsplit(' ', 1)[0]}",
            "",
            f"LANGUAGE: {a['language']}",
            "",
            "PUBLICATION-TYPE: Newspaper",
            "",
            f"                  Copyright 2020 {a['source']}",
            "                              All Rights Reserved",
            "",
        ]
    return "\n".join(out)


def nexis_uni_paragraphs(articles: Sequence[dict] = ARTICLES, *, cover: bool = True) -> list[str]:
    """The Nexis Uni batch layout (.docx/.rtf): cover page, then articles ending 'End of Document'."""
    out: list[str] = []
    if cover:
        out += [
            "User Name: = Anna",
            "Date and Time: = 2020-03-05",
            "Job Number: = 123456",
            f"Documents ({len(articles)})",
        ]
        out += [f"{n}. {a['title']}" for n, a in enumerate(articles, start=1)]
        out += ["Client/Matter: -None-", "Search Terms: huawei", "Search Type: Boolean"]
    for a in articles:
        out += [
            a["title"],
            a["source"],
            a["date"],
            "Online Edition",
            f"Copyright 2020 {a['source']} All Rights Reserved",
            f"Section: {a['section']}",
            f"Length: {a['length']}",
            f"Byline: {a['byline']}",
            "Body",
            *a["body"],
            "Classification",
            f"Language: {a['language']}",
            "Publication-Type: Newspaper",
            "Subject: TELECOMMUNICATIONS (90%)",
            f"Load-Date: {a['date'].rsplit(' ', 1)[0]}",
            "End of Document",
        ]
    return out


def factiva_paragraphs(articles: Sequence[dict] = ARTICLES) -> list[str]:
    """Factiva's default article layout: headline, byline, word count, date, source... 'Document AN'."""
    out: list[str] = []
    for n, a in enumerate(articles, start=1):
        day = a["iso"]
        out += [
            a["title"],
            f"By {a['byline']}",
            a["length"],
            a["date"].rsplit(" ", 1)[0],
            a["source"],
            "SRC" + str(n),
            a["language"].title(),
            f"(c) 2020 {a['source']}. All rights reserved.",
            *a["body"],
            f"Document SRC{n}000020{day.replace('-', '')}eg1500001",
        ]
    return out


def factiva_coded_paragraphs(articles: Sequence[dict] = ARTICLES) -> list[str]:
    """Factiva's 'full article with indexing' layout: a field code, a tab, the value."""
    out: list[str] = []
    for n, a in enumerate(articles, start=1):
        out += [
            f"HD\t{a['title']}",
            f"BY\t{a['byline']}",
            f"WC\t{a['length']}",
            f"PD\t{a['date'].rsplit(' ', 1)[0]}",
            f"SN\t{a['source']}",
            f"SC\tSRC{n}",
            f"LA\t{a['language'].title()}",
            f"CY\t(c) 2020 {a['source']}",
            f"LP\t{a['body'][0]}",
            "TD",
            *a["body"][1:],
            "IN 2020 this sentence starts with a field code but is text.",
            "NS\tTelecommunications",
            f"AN\tDocument SRC{n}000020{a['iso'].replace('-', '')}eg1500001",
        ]
    return out


def factiva_html(articles: Sequence[dict] = ARTICLES) -> str:
    """Factiva's HTML export: one ``div.article`` per article, with a script and a tracker."""
    parts = [
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>Factiva</title>",
        "<script>document.write('x')</script></head><body>",
    ]
    for n, a in enumerate(articles, start=1):
        parts.append(
            f"<div class='article enArticle'><div id='hd'><span class='enHeadline'>{a['title']}"
            f"</span></div><div>By {a['byline']}</div><div>{a['length']}</div>"
            f"<div>{a['date'].rsplit(' ', 1)[0]}</div><div>{a['source']}</div><div>SRC{n}</div>"
            f"<div>{a['language'].title()}</div><div>(c) 2020 {a['source']}</div>"
            + "".join(f"<p class='articleParagraph enarticleParagraph'>{p}</p>" for p in a["body"])
            + f"<p>Document SRC{n}000020{a['iso'].replace('-', '')}eg1500001</p>"
            "<img src='https://tracker.example/pixel.gif'></div>"
        )
    parts.append("</body></html>")
    return "".join(parts)
