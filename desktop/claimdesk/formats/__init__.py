"""File formats: one module per format, all registered in one Qt-free registry.

Each format declares a name, the extensions it claims, a kind (``documents``
for article files, ``project`` for whole annotated corpora, ``codebook``),
and ``sniff(head, suffix) -> confidence`` so that content decides between the
formats that share an extension (DESIGN decision 5).

>>> from claimdesk import formats
>>> formats.guess_format("seeds/000_976797ab8663bd03.txt").name
'article-text'
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from claimdesk.core.errors import FormatError
from claimdesk.core.model import Document

#: Bytes of a file's beginning that ``sniff`` sees.
SNIFF_BYTES = 4096
#: A sniff score that only one format gives (a format's own marker): :func:`guess_format`
#: stops there. Scores stay at or below it, so the first certain format is also the best.
CERTAIN = 1.0


@dataclass(frozen=True, slots=True)
class Problem:
    """A file that could not be read, with the reason in the user's words."""

    file: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.message}"


@dataclass(frozen=True, slots=True)
class Note:
    """Something a reader changed or left out of a file it did read (scripts removed, rows skipped)."""

    file: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.message}"


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """How document formats decode their input."""

    encoding: str | None = None
    fallback_encoding: str = "cp1252"
    max_chars: int = 10_000_000
    #: Table formats: which column holds what, e.g. ``{"text": "body", "date": "published"}``.
    mapping: dict[str, Any] | None = None


@dataclass(frozen=True)
class Format:
    name: str
    description: str
    kind: str
    extensions: tuple[str, ...]
    sniff: Callable[[bytes, str], float]
    #: documents kind: ``read(path, relative_name, options) -> Iterator[Document | Problem | Note]``
    read: Callable[[Path, str, ReadOptions], Iterator[Document | Problem | Note]] | None = None
    #: writers: ``write(project, destination, **options)``
    write: Callable[..., Any] | None = None
    options: dict[str, Any] = field(default_factory=dict)
    #: project kind: ``load(path) -> (header, documents[, problems])``, a checked corpus in
    #: the native JSON shape (and what could not be placed), merged by ``core.matching``
    load: Callable[[Path], tuple[Any, ...]] | None = None
    #: For formats that share a container (.docx, .rtf, .html, .pdf) with others:
    #: ``sniff_text(text, suffix) -> confidence`` on the text inside the file's beginning.
    sniff_text: Callable[[str, str], float] | None = None
    #: Formats that read a file whole: ``read_data(data, relative_name, options)``, the same
    #: as ``read`` from the file's bytes, which the importer has already read to guess the
    #: format (``formats.reading``): each article file is opened once.
    read_data: Callable[[bytes, str, ReadOptions], Iterator[Document | Problem | Note]] | None = (
        None
    )


_REGISTRY: dict[str, Format] = {}


def register(fmt: Format) -> Format:
    """Add a format to the registry (built-in formats register themselves on import)."""
    _REGISTRY[fmt.name] = fmt
    return fmt


def all_formats() -> list[Format]:
    _load_builtins()
    return list(_REGISTRY.values())


def get_format(name: str) -> Format:
    """The format called ``name``.

    :raises FormatError: no such format
    """
    _load_builtins()
    try:
        return _REGISTRY[name]
    except KeyError:
        names = ", ".join(sorted(_REGISTRY))
        raise FormatError(f"unknown format {name!r} (known: {names})") from None


def document_extensions() -> set[str]:
    """Extensions that a folder import picks up."""
    return {ext for f in all_formats() if f.kind == "documents" for ext in f.extensions}


def guess_format(
    path: str | os.PathLike[str], head: bytes | None = None, *, whole: bool = False
) -> Format | None:
    """The format that reads ``path`` best, by its first bytes and its extension.

    :param head: the file's first bytes when already read (sniffers see ``SNIFF_BYTES``)
    :param whole: ``head`` is the whole file, so a look at the text inside needs no reading
    """
    path = path if isinstance(path, Path) else Path(path)  # a path is made anew in 2.5 µs
    if head is None:
        try:
            with path.open("rb") as fh:
                head = fh.read(SNIFF_BYTES)
        except OSError:
            head = b""
    suffix = path.suffix.lower()
    candidates = [f for f in all_formats() if f.read is not None or f.kind == "project"]
    scored = []
    start = head[:SNIFF_BYTES]
    for f in candidates:
        score = f.sniff(start, suffix)
        if score >= CERTAIN and not f.sniff_text:
            # Content that only one format writes ends the search (one sniffer, not twenty).
            return f
        scored.append((score, f))
    if any(f.sniff_text and suffix in f.extensions for f in candidates):
        from claimdesk.formats._containers import preview_text

        text = preview_text(path, head, whole=whole)
        scored += [
            (f.sniff_text(text, suffix), f)
            for f in candidates
            if f.sniff_text and suffix in f.extensions and text
        ]
    scored = [(score, f) for score, f in scored if score > 0]
    if not scored:
        return None
    return max(scored, key=lambda item: item[0])[1]


_builtins_loaded = False


def _load_builtins() -> None:
    global _builtins_loaded
    if _builtins_loaded:
        return
    _builtins_loaded = True
    from claimdesk.formats import (  # noqa: F401
        article_markdown,
        article_text,
        codebook_json,
        corpus_json,
        dna,
        factiva,
        html_article,
        networks,
        nexis,
        office,
        pdf,
        refi_codebook,
        refi_qda,
        report_html,
        table_rows,
        tables,
        web_annotation,
    )
