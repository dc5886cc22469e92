"""The codebook as a REFI-QDA codebook (.qdc), for NVivo, ATLAS.ti, MAXQDA and QualCoder.

A ``.qdc`` is one XML file valid against the REFI-QDA 1.5 Codebook schema
(namespace ``urn:QDA-XML:codebook:1.0``). It holds codes only, so it carries
the part of the codebook that is codes, laid out as in a ``.qdpx`` export
(:mod:`claimdesk.formats.refi_qda`, whose code writer and reader it shares):

- ``Claims``, the code for every claim;
- ``Stances`` with one code per point of the scale (the value in the
  description, "Stance value: -1");
- ``Issues`` with the issue tree;
- ``Tags`` with a code per category holding its tags.

Actor types and claim and document variables are not codes: they travel in
the JSON codebook (:mod:`claimdesk.formats.codebook_json`) only. A codebook
made by another program comes in as tags: each code a tag, its parent codes
its category.

>>> export_qdc(project, "scheme.qdc")
PosixPath('scheme.qdc')
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from claimdesk import __version__
from claimdesk.core.codebook import codebook_to_json
from claimdesk.core.errors import FormatError
from claimdesk.core.store import Project
from claimdesk.formats import Format, register
from claimdesk.formats._output import atomic_path
from claimdesk.formats._safe import local, parse_xml
from claimdesk.formats.codebook_json import FORMAT_NAME, FORMAT_VERSION, check_codebook
from claimdesk.formats.refi_qda import _Qde

NAMESPACE = "urn:QDA-XML:codebook:1.0"
#: A codebook file larger than this is not a codebook.
SIZE_LIMIT = 64 * 1024 * 1024


def codebook_element(project: Project) -> Any:
    """The ``<CodeBook>`` element of the project's codebook."""
    header = {
        "codebook": codebook_to_json(project.codebook()),
        "actors": [],
        "coders": [],
    }
    writer = _Qde(None, header, namespace=NAMESPACE)
    root = writer.element("CodeBook", {"origin": f"Claimdesk {__version__}"})
    codes = writer.sub(root, "Codes", {})
    writer.scheme_codes(codes)
    writer.tag_codes(codes)
    return root


def export_qdc(project: Project, destination: str | os.PathLike[str]) -> Path:
    """Write the project's codebook as a REFI-QDA codebook file (.qdc)."""
    from lxml import etree

    data = etree.tostring(
        codebook_element(project), xml_declaration=True, encoding="utf-8", pretty_print=True
    )
    with atomic_path(destination) as tmp:
        tmp.write_bytes(data)
    return Path(destination)


def load_qdc(path: str | os.PathLike[str]) -> tuple[dict[str, Any], list[str]]:
    """Read a REFI-QDA codebook as a Claimdesk codebook (its JSON form, checked).

    :returns: the codebook, and notes on what it could not carry
    :raises FormatError: not a well-formed REFI-QDA codebook; names the file and the problem
    """
    from claimdesk.formats.refi_qda_import import _Codes

    path = Path(path)
    where = path.name
    try:
        if path.stat().st_size > SIZE_LIMIT:
            raise FormatError(f"{where}: too large for a codebook ({path.stat().st_size:,} bytes)")
        raw = path.read_bytes()
    except OSError as exc:
        raise FormatError(f"{where}: cannot be read ({exc.strerror or exc})") from None
    root = parse_xml(raw, where)
    if local(root) == "Project":
        raise FormatError(
            f"{where}: a REFI-QDA project, not a codebook; import the .qdpx as a project instead"
        )
    if local(root) != "CodeBook":
        raise FormatError(f"{where}: not a REFI-QDA codebook (no <CodeBook>)")
    codes = _Codes(root, where)
    problems: list[str] = []
    stances = []
    for i, stance in enumerate(codes.stances, start=1):
        stances.append({**stance, "key": str(i) if i <= 9 else ""})
    if not codes.claimdesk:
        problems.append(
            f"{where}: made by another program: its {len(codes.tags)} codes come in as tags"
        )
    if codes.actors:
        problems.append(f"{where}: {len(codes.actors)} actor codes left out (a codebook has none)")
    data: dict[str, Any] = {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "name": path.stem,
        "issues": codes.issues,
        "tags": codes.tags,
    }
    if codes.claimdesk:
        data["stances"] = stances
    else:
        # Codes of the same name under different parents are told apart by their category.
        seen: dict[str, int] = {}
        for tag in codes.tags:
            key = " ".join(tag["label"].casefold().split())
            seen[key] = seen.get(key, 0) + 1
        for tag in codes.tags:
            key = " ".join(tag["label"].casefold().split())
            if seen[key] > 1 and tag["category"]:
                tag["label"] = f"{tag['label']} ({tag['category']})"
    return check_codebook(data, where), problems


def _sniff(head: bytes, suffix: str) -> float:
    text = head.decode("utf-8", "ignore")
    if "urn:QDA-XML:codebook" in text and "CodeBook" in text:
        return 1.0
    return 0.5 if suffix == ".qdc" else 0.0


FORMAT = register(
    Format(
        name="refi-qdc",
        description="REFI-QDA codebook (.qdc) for NVivo, ATLAS.ti, MAXQDA and QualCoder",
        kind="codebook",
        extensions=(".qdc",),
        sniff=_sniff,
        write=export_qdc,
        load=load_qdc,
    )
)
