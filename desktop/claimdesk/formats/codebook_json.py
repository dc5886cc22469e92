"""The codebook as a JSON file, so that a research team codes with one scheme.

The file holds the stance scale, the target issues (a tree), tags with their
categories, actor types and further claim and document variables, in the
same shape as the ``codebook`` part of a corpus export, with a small header
(``"format": "claimdesk-codebook"``). Its JSON Schema is
``resources/schema/codebook.schema.json``; the bundled default codebook is
such a file.

Reading checks everything before anything is imported: the schema, that
every issue's parent is in the file, and that no two stances, issues, tags
or variables share a label (they are matched by label).

>>> export_codebook(project, "scheme.json")
PosixPath('scheme.json')
>>> load_codebook("scheme.json")[0]["stances"][0]["label"]
'support'
"""

from __future__ import annotations

import functools
import json
import os
from pathlib import Path
from typing import Any

from claimdesk import __version__
from claimdesk.core.codebook import codebook_to_json
from claimdesk.core.errors import FormatError
from claimdesk.core.model import utc_now
from claimdesk.core.store import Project
from claimdesk.formats import Format, register
from claimdesk.formats._output import atomic_path
from claimdesk.paths import resource_path

FORMAT_NAME = "claimdesk-codebook"
FORMAT_VERSION = 1
#: A codebook file larger than this is not a codebook.
SIZE_LIMIT = 20 * 1024 * 1024


def codebook_document(project: Project) -> dict[str, Any]:
    """The project's codebook with the file's header, as written by :func:`export_codebook`."""
    return {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "name": project.info()["name"],
        "exported": utc_now(),
        "generator": f"claimdesk {__version__}",
        **codebook_to_json(project.codebook()),
    }


def export_codebook(project: Project, destination: str | os.PathLike[str]) -> Path:
    """Write the project's codebook as a JSON file (replaced whole, never half-written)."""
    data = codebook_document(project)
    with atomic_path(destination) as tmp:
        tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return Path(destination)


@functools.cache
def schema() -> dict[str, Any]:
    """The JSON Schema of a codebook file, format version 1."""
    return json.loads(resource_path("schema", "codebook.schema.json").read_text(encoding="utf-8"))


def check_codebook(data: Any, where: str) -> dict[str, Any]:
    """Check a codebook in its JSON form: the schema, parents and unique labels.

    :raises FormatError: naming ``where`` and the first problem found
    """
    if not isinstance(data, dict):
        raise FormatError(f"{where}: not a Claimdesk codebook (the file holds no JSON object)")
    if data.get("format") == "claimdesk-corpus":
        raise FormatError(
            f"{where}: a Claimdesk corpus export, not a codebook; import it as articles "
            "(File → Import Articles or `claimdesk import`)"
        )
    if data.get("format") != FORMAT_NAME:
        raise FormatError(f'{where}: not a Claimdesk codebook (no "format": "{FORMAT_NAME}")')
    version = data.get("version")
    if isinstance(version, int) and version > FORMAT_VERSION:
        raise FormatError(
            f"{where}: made by a newer Claimdesk (codebook version {version}; this one reads up "
            f"to {FORMAT_VERSION})"
        )
    from jsonschema import Draft202012Validator  # slow to import: only when a file is read
    from jsonschema.exceptions import best_match

    errors = list(Draft202012Validator(schema()).iter_errors(data))
    error = best_match(errors)
    if error is not None:
        path = "/".join(str(p) for p in error.absolute_path)
        raise FormatError(
            f"{where}: not a valid codebook{' at ' + path if path else ''}: {error.message}"
        )
    ids: set[str] = set()
    for section in ("stances", "issues", "tags", "variables"):
        labels: dict[str, str] = {}
        for record in data.get(section, []):
            if record["id"] in ids:
                raise FormatError(f"{where}: the id {record['id']} appears twice")
            ids.add(record["id"])
            label = record.get("label") or record.get("name") or ""
            key = " ".join(label.casefold().split())
            if section == "variables":
                key = f"{record.get('applies_to', 'claim')}:{key}"
            if key in labels:
                noun = section[:-1]
                raise FormatError(f"{where}: two {noun}s are called {label!r}")
            labels[key] = label
    issues = {i["id"] for i in data.get("issues", [])}
    for issue in data.get("issues", []):
        parent = issue.get("parent")
        if parent is not None and parent not in issues:
            raise FormatError(
                f"{where}: the issue {issue['label']!r} has a parent ({parent}) "
                "that is not in the file"
            )
    keys: dict[str, str] = {}
    for stance in data.get("stances", []):
        key = stance.get("key", "")
        if key and key in keys:
            raise FormatError(
                f"{where}: the stances {keys[key]!r} and {stance['label']!r} share the key {key}"
            )
        if key:
            keys[key] = stance["label"]
    return data


def load_codebook(path: str | os.PathLike[str]) -> tuple[dict[str, Any], list[str]]:
    """Read and check a codebook file; returns the codebook and what was left out (nothing).

    :raises FormatError: the file is not a valid codebook; it names the file and the problem
    """
    path = Path(path)
    where = path.name
    try:
        if path.stat().st_size > SIZE_LIMIT:
            raise FormatError(f"{where}: too large for a codebook ({path.stat().st_size:,} bytes)")
        raw = path.read_bytes()
    except OSError as exc:
        raise FormatError(f"{where}: cannot be read ({exc.strerror or exc})") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FormatError(f"{where}: not UTF-8 text, so not a Claimdesk codebook") from None
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise FormatError(f"{where}: not valid JSON ({exc})") from None
    return check_codebook(data, where), []


def sniff(head: bytes, suffix: str) -> float:
    text = head.decode("utf-8", "ignore").lstrip("\ufeff \t\r\n")
    if text.startswith("{") and f'"{FORMAT_NAME}"' in text[:4000]:
        return 1.0
    return 0.2 if suffix == ".json" else 0.0


FORMAT = register(
    Format(
        name="codebook-json",
        description="Claimdesk codebook (JSON): stances, issues, tags, actor types, variables",
        kind="codebook",
        extensions=(".json",),
        sniff=sniff,
        write=export_codebook,
        load=load_codebook,
    )
)
