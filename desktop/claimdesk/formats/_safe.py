"""Opening files from elsewhere as hostile: zip archives and XML.

An archive whose member names climb out of it (``../``, absolute paths,
drive letters) is refused whole; members are read in pieces with a limit, so
a zip bomb stops at the limit whatever its header claims. XML is parsed
without entity expansion, DTD loading or network access, and a document that
declares a DTD at all is refused: no exchange format Claimdesk reads needs one.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path, PurePosixPath
from typing import Any

from claimdesk.core.errors import FormatError

#: The most bytes one archive member may unpack to.
MEMBER_LIMIT = 512 * 1024 * 1024
#: Members that claim to unpack to more than this many times their packed size are bombs.
RATIO_LIMIT = 200
_DRIVE = re.compile(r"^[A-Za-z]:")


class SafeZip:
    """A zip archive whose member names were checked; read members with :meth:`read`."""

    def __init__(self, path: Path, *, where: str | None = None) -> None:
        self.where = where or path.name
        try:
            self.zip = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            raise FormatError(f"{self.where}: not a zip archive ({exc})") from None
        self.names: dict[str, zipfile.ZipInfo] = {}
        for info in self.zip.infolist():
            name = info.filename
            parts = PurePosixPath(name.replace("\\", "/")).parts
            if name.startswith(("/", "\\")) or _DRIVE.match(name) or ".." in parts:
                self.zip.close()
                raise FormatError(
                    f"{self.where}: refused: the archive holds a file named {name!r} "
                    "that points outside the archive"
                )
            # Sizes are checked again while unpacking (headers can lie); large media that
            # are never read (an NVivo project's videos) do not count against the archive.
            if info.file_size > 1024 * 1024 and info.file_size > RATIO_LIMIT * max(
                info.compress_size, 1
            ):
                self.zip.close()
                raise FormatError(
                    f"{self.where}: refused: {name!r} would unpack to {info.file_size:,} bytes "
                    f"from {info.compress_size:,} (a zip bomb?)"
                )
            self.names[name.replace("\\", "/")] = info

    def __enter__(self) -> SafeZip:
        return self

    def __exit__(self, *exc: object) -> None:
        self.zip.close()

    def find(self, name: str) -> str | None:
        """The member called ``name`` (also with a different case), or None."""
        if name in self.names:
            return name
        folded = name.casefold()
        return next((n for n in self.names if n.casefold() == folded), None)

    def read(self, name: str, limit: int = MEMBER_LIMIT) -> bytes:
        """The bytes of a member, refusing to unpack more than ``limit``."""
        info = self.names[name]
        chunks, size = [], 0
        try:
            with self.zip.open(info) as fh:
                while chunk := fh.read(1024 * 1024):
                    size += len(chunk)
                    if size > limit:
                        raise FormatError(
                            f"{self.where}: refused: {name!r} unpacks to more than {limit:,} bytes"
                        )
                    chunks.append(chunk)
        except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
            raise FormatError(f"{self.where}: {name!r} cannot be unpacked ({exc})") from None
        return b"".join(chunks)


_DTD_REFUSAL = (
    "the XML declares a DTD (entity declarations or external files), which this format never needs"
)
#: ``<!DOCTYPE`` in the encodings an XML file may use.
_DTD_MARKERS = tuple("<!DOCTYPE".encode(c) for c in ("utf-8", "utf-16-le", "utf-16-be"))


def parse_xml(data: bytes, where: str) -> Any:
    """The root element of an XML document, parsed with every expansion switched off.

    :raises FormatError: not well-formed, or declares a DTD (entities, external files)
    """
    from lxml import etree

    if any(marker in data for marker in _DTD_MARKERS):
        raise FormatError(f"{where}: refused: {_DTD_REFUSAL}")
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise FormatError(f"{where}: not well-formed XML ({exc})") from None
    info = root.getroottree().docinfo
    if info.doctype or info.internalDTD is not None or info.externalDTD is not None:
        raise FormatError(f"{where}: refused: {_DTD_REFUSAL}")
    return root


def local(element: Any) -> str:
    """An element's tag without its namespace."""
    tag = element.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def children(element: Any, name: str) -> list[Any]:
    """The child elements called ``name``, in any namespace."""
    return [c for c in element if local(c) == name]


def child(element: Any, name: str) -> Any | None:
    found = children(element, name)
    return found[0] if found else None


def text_of(element: Any, name: str) -> str:
    found = child(element, name)
    return "".join(found.itertext()) if found is not None else ""
