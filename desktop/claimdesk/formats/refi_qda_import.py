"""Reading a REFI-QDA project (.qdpx) made by NVivo, ATLAS.ti, MAXQDA, QualCoder or Claimdesk.

The archive is opened as hostile (:mod:`claimdesk.formats._safe`). Its text
sources become documents and their ``PlainTextSelection`` elements become
claims, coded as follows:

- a project Claimdesk exported comes back as it was: claimant, stance,
  target, addressee, tags, notes, mentions, coders (the codes' guids say
  what each code is, see :mod:`claimdesk.formats.refi_qda`);
- in a project from another program, every code becomes a tag (its parent
  codes form the tag's category), and a selection becomes a claim tagged
  with its codes, its memo and notes as the claim's note.

Real exports do not all count positions as the standard does: NVivo counts
UTF-16 code units over Windows line ends. Each selection is checked against
its source's text (and the selection's name, when that is the quoted text);
where code points do not fit, UTF-16 units and CRLF counting are tried
(:func:`claimdesk.core.text.place_foreign_span`). A selection that fits no
counting is reported, never dropped silently and never forced in.
"""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath
from typing import Any

from claimdesk.core.codebook import codebook_to_json, default_codebook
from claimdesk.core.dates import parse_date
from claimdesk.core.errors import ClaimdeskError, FormatError
from claimdesk.core.model import new_uuid
from claimdesk.core.text import decode_bytes, normalise_newlines, place_foreign_span
from claimdesk.formats._safe import SafeZip, child, children, local, parse_xml, text_of
from claimdesk.formats.refi_qda import DOCUMENT_FIELDS, GROUPS, field_variable, role_code

_GUID = re.compile(
    r"^\{?([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\}?$"
)
_STANCE_VALUE = re.compile(r"(?:\n\n)?Stance value: (\S+)\s*$")
#: Bytes one project.qde may unpack to.
QDE_LIMIT = 256 * 1024 * 1024
#: Bytes one source text may unpack to.
SOURCE_LIMIT = 64 * 1024 * 1024
_OTHER_SOURCES = ("PictureSource", "PDFSource", "AudioSource", "VideoSource")


def _guid(value: str | None, where: str) -> str:
    m = _GUID.match((value or "").strip())
    if not m:
        raise FormatError(f"{where}: {value!r} is not a guid")
    return m.group(1).lower()


def _time(value: str | None) -> str | None:
    """A REFI dateTime as our UTC timestamp, or None when it is not in UTC."""
    if not value:
        return None
    m = re.fullmatch(r"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(\.\d+)?(Z|\+00:00)?", value.strip())
    if not m or not m.group(3):
        return None
    return f"{m.group(1)}{(m.group(2) or '.000')[:4].ljust(4, '0')}Z"


class _Codes:
    """The project's code tree: what each code means for Claimdesk."""

    def __init__(self, root: Any, where: str) -> None:
        self.where = where
        self.codes: dict[str, dict[str, Any]] = {}
        # A project holds its <CodeBook>; a codebook file (.qdc) is one.
        codebook = root if local(root) == "CodeBook" else child(root, "CodeBook")
        codes = child(codebook, "Codes") if codebook is not None else None
        if codes is not None:
            for code in children(codes, "Code"):
                self._walk(code, None)
        self.claimdesk = GROUPS["claims"] in self.codes
        self.stances: list[dict[str, Any]] = []
        self.issues: list[dict[str, Any]] = []
        self.actors: list[dict[str, Any]] = []
        self.tags: list[dict[str, Any]] = []
        self.role: dict[str, tuple[str, str]] = {}  # derived guid -> (role, actor)
        self._sort()

    def _walk(self, code: Any, parent: str | None) -> None:
        guid = _guid(code.get("guid"), f"{self.where}: code {code.get('name')!r}")
        self.codes[guid] = {
            "id": guid,
            "name": (code.get("name") or "").strip() or "(unnamed code)",
            "parent": parent,
            "description": text_of(code, "Description"),
            "color": code.get("color") or "",
            "codable": (code.get("isCodable") or "true").strip() not in ("false", "0"),
        }
        for sub in children(code, "Code"):
            self._walk(sub, guid)

    def _group(self, guid: str) -> str | None:
        """The Claimdesk group a code belongs to (its top-level code), if any."""
        seen = set()
        while guid in self.codes and guid not in seen:
            seen.add(guid)
            parent = self.codes[guid]["parent"]
            if parent is None:
                return next((g for g, v in GROUPS.items() if v == guid), None)
            guid = parent
        return None

    def _path(self, guid: str, *, below: str | None = None) -> str:
        """The names of a code's ancestors, from the top (or from under ``below``) down."""
        names, seen = [], set()
        parent = self.codes[guid]["parent"]
        while parent and parent != below and parent in self.codes and parent not in seen:
            seen.add(parent)
            names.append(self.codes[parent]["name"])
            parent = self.codes[parent]["parent"]
        return " / ".join(reversed(names))

    def _sort(self) -> None:
        groups = set(GROUPS.values()) if self.claimdesk else set()
        for guid, code in self.codes.items():
            if guid in groups:
                continue
            group = self._group(guid) if self.claimdesk else None
            parent = code["parent"] if code["parent"] not in groups else None
            if group == "stances":
                m = _STANCE_VALUE.search(code["description"])
                value: float | int | None = None
                if m and m.group(1) != "none":
                    try:
                        number = float(m.group(1))
                        value = int(number) if number.is_integer() else number
                    except ValueError:
                        value = None
                description = _STANCE_VALUE.sub("", code["description"]).strip()
                self.stances.append(
                    {
                        "id": guid,
                        "label": code["name"],
                        "value": value,
                        "color": code["color"],
                        "description": description,
                    }
                )
            elif group == "issues":
                self.issues.append(
                    {
                        "id": guid,
                        "label": code["name"],
                        "parent": parent,
                        "description": code["description"],
                    }
                )
            elif group == "actors":
                self.actors.append(_actor(guid, code, parent))
            elif group in ("target", "addressee", "mention"):
                continue  # resolved through the actors' derived guids below
            elif group == "tags" and not code["codable"]:
                continue  # a category: its tags name it
            else:
                tag = {"id": guid, "label": code["name"], "color": code["color"]}
                below = GROUPS["tags"] if group == "tags" else None
                tag["category"] = self._path(guid, below=below)
                tag["description"] = code["description"]
                self.tags.append(tag)
        for actor in self.actors:
            for role in ("target", "addressee", "mention"):
                self.role[role_code(role, actor["id"])] = (role, actor["id"])


def _actor(guid: str, code: dict[str, Any], parent: str | None) -> dict[str, Any]:
    actor = {"id": guid, "name": code["name"], "type": "other", "aliases": [], "notes": ""}
    lines = code["description"].split("\n")
    rest = []
    for i, line in enumerate(lines):
        if line.startswith("Type: ") and i < 2:
            actor["type"] = line[6:].strip() or "other"
        elif line.startswith("Aliases: ") and i < 2:
            actor["aliases"] = [a.strip() for a in line[9:].split(";") if a.strip()]
        else:
            rest.append(line)
    actor["notes"] = "\n".join(rest).strip()
    actor["parent"] = parent
    if code["color"]:
        actor["color"] = code["color"]
    return actor


class _Reader:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.where = path.name
        self.problems: list[str] = []

    # ------------------------------------------------------------------ the archive

    def qde_name(self, archive: SafeZip) -> str:
        found = archive.find("project.qde")
        if found:
            return found
        candidates = [n for n in archive.names if n.lower().endswith(".qde") and "/" not in n]
        if len(candidates) == 1:  # ATLAS.ti names it after the project
            return candidates[0]
        if not candidates:
            raise FormatError(f"{self.where}: no project.qde inside, so not a REFI-QDA project")
        raise FormatError(
            f"{self.where}: several project files inside ({', '.join(sorted(candidates))})"
        )

    def source_text(self, archive: SafeZip, source: Any, label: str) -> str | None:
        content = child(source, "PlainTextContent")
        if content is not None:
            return "".join(content.itertext())
        path = (source.get("plainTextPath") or "").strip()
        if not path:
            self.problems.append(f"source {label!r}: no plain text (only rich text); skipped")
            return None
        if path.lower().startswith("internal://"):
            inner = path[len("internal://") :].lstrip("/")
            name = archive.find(f"sources/{inner}") or archive.find(inner)
        elif "://" in path or path.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", path):
            self.problems.append(
                f"source {label!r}: its text is outside the archive ({path}); skipped"
            )
            return None
        else:
            rel = PurePosixPath(path.replace("\\", "/"))
            name = None if ".." in rel.parts else archive.find(str(rel))
        if name is None:
            self.problems.append(f"source {label!r}: its text file {path!r} is missing; skipped")
            return None
        data = archive.read(name, SOURCE_LIMIT)
        try:
            text, _encoding = decode_bytes(data)
        except ClaimdeskError as exc:
            self.problems.append(f"source {label!r}: {exc}; skipped")
            return None
        return text

    # ------------------------------------------------------------------ the project

    def load(self) -> tuple[dict[str, Any], list[dict[str, Any]], list[str]]:
        with SafeZip(self.path) as archive:
            qde = self.qde_name(archive)
            root = parse_xml(archive.read(qde, QDE_LIMIT), f"{self.where}: {qde}")
            if local(root) != "Project":
                raise FormatError(f"{self.where}: {qde} is not a REFI-QDA project (no <Project>)")
            self.codes = _Codes(root, self.where)
            self.coders: dict[str, str] = {}
            users = child(root, "Users")
            for user in children(users, "User") if users is not None else []:
                guid = _guid(user.get("guid"), f"{self.where}: user")
                self.coders[guid] = (user.get("name") or "").strip() or f"user {guid[:8]}"
            self.notes = self._notes(root, archive)
            self.variables = self._variables(root)
            docs = []
            sources = child(root, "Sources")
            skipped: dict[str, int] = {}
            for source in list(sources) if sources is not None else []:
                kind = local(source)
                if kind in _OTHER_SOURCES:
                    skipped[kind] = skipped.get(kind, 0) + 1
                elif kind == "TextSource":
                    doc = self._document(archive, source)
                    if doc is not None:
                        docs.append(doc)
            for kind, n in sorted(skipped.items()):
                self.problems.append(
                    f"{n} {kind.removesuffix('Source').lower()} source(s) skipped: "
                    "Claimdesk reads text sources only"
                )
        header = self._header(root)
        return header, docs, self.problems

    def _notes(self, root: Any, archive: SafeZip) -> dict[str, str]:
        notes: dict[str, str] = {}
        holder = child(root, "Notes")
        for note in children(holder, "Note") if holder is not None else []:
            guid = _guid(note.get("guid"), f"{self.where}: note")
            text = self.source_text(archive, note, note.get("name") or guid) or ""
            notes[guid] = normalise_newlines(text).strip()
        return notes

    def _variables(self, root: Any) -> dict[str, str]:
        names: dict[str, str] = {}
        holder = child(root, "Variables")
        for var in children(holder, "Variable") if holder is not None else []:
            names[_guid(var.get("guid"), f"{self.where}: variable")] = var.get("name") or ""
        return names

    def _header(self, root: Any) -> dict[str, Any]:
        book = codebook_to_json(default_codebook())
        if self.codes.claimdesk and self.codes.stances:
            book["stances"] = [{**s, "key": ""} for s in self.codes.stances]
            for i, s in enumerate(book["stances"][:9], start=1):
                s["key"] = str(i)
        book["issues"] = self.codes.issues
        book["tags"] = self.codes.tags
        types = list(book["actor_types"])
        for a in self.codes.actors:
            if a["type"] not in types:
                types.append(a["type"])
        book["actor_types"] = types
        return {
            "format": "claimdesk-corpus",
            "version": 1,
            "project": {
                "id": new_uuid(),
                "name": root.get("name") or self.path.stem,
                "memo": text_of(root, "Description"),
            },
            "codebook": book,
            "coders": [{"id": g, "name": n} for g, n in self.coders.items()],
            "actors": self.codes.actors,
        }

    def _coder(self, guid: str | None) -> str | None:
        if not guid:
            return None
        try:
            coder = _guid(guid, self.where)
        except FormatError:
            return None
        self.coders.setdefault(coder, f"user {coder[:8]}")
        return coder

    def _document(self, archive: SafeZip, source: Any) -> dict[str, Any] | None:
        guid = _guid(source.get("guid"), f"{self.where}: source")
        label = (source.get("name") or "").strip() or guid
        raw = self.source_text(archive, source, label)
        if raw is None:
            return None
        text = normalise_newlines(raw)
        if not text.strip():
            self.problems.append(f"source {label!r}: empty text; skipped")
            return None
        doc: dict[str, Any] = {
            "id": guid,
            "title": label,
            "text": text,
            "file": label,
            "memo": text_of(source, "Description"),
            "metadata": {},
            "claims": [],
            "mentions": [],
        }
        for value in children(source, "VariableValue"):
            ref = child(value, "VariableRef")
            if ref is None:
                continue
            var = (ref.get("targetGUID") or "").strip("{}").lower()
            name = self.variables.get(var, var)
            content = next((c for c in value if local(c) != "VariableRef"), None)
            if content is None or content.text is None:
                continue
            self._field(doc, var, name, content.text.strip())
        codes = [self.codes.codes[c]["name"] for c in _coderefs(source) if c in self.codes.codes]
        if codes:
            doc["metadata"]["codes"] = "; ".join(codes)
        flat = " ".join(text.split())
        for selection in children(source, "PlainTextSelection"):
            self._selection(doc, raw, flat, selection, label)
        return doc

    def _field(self, doc: dict[str, Any], var: str, name: str, value: str) -> None:
        fields = {field_variable(f): f for f in DOCUMENT_FIELDS}
        field = fields.get(var) or (name if name in DOCUMENT_FIELDS else None)
        if field == "published":
            try:
                doc["published"] = parse_date(value)
            except ClaimdeskError:
                doc["metadata"]["published"] = value
        elif field == "language":
            doc["language"] = value or None
        elif field == "file":
            doc["file"] = value
        elif field in ("source", "url"):
            doc[field] = value
        else:
            doc["metadata"][name or var] = value

    def _selection(
        self, doc: dict[str, Any], raw: str, flat: str, selection: Any, label: str
    ) -> None:
        guid = _guid(selection.get("guid"), f"{self.where}: selection in {label!r}")
        name = (selection.get("name") or "").strip()
        try:
            start = int(selection.get("startPosition"))
            end = int(selection.get("endPosition"))
        except (TypeError, ValueError):
            self.problems.append(f"{label}: selection {guid} has no valid positions; not placed")
            return
        text = doc["text"]
        # The name is often the selected text (or its beginning); it decides between countings.
        expected = name if name and " ".join(name.split()) in flat else None
        placed = place_foreign_span(raw, start, end, expected) if 0 <= start < end else None
        if placed is None:
            what = f"[{start}, {end})" + (f" {name[:60]!r}" if name else "")
            self.problems.append(
                f"{label}: selection {what} does not fit the source's "
                f"{len(text)} characters in any counting; not placed"
            )
            return
        s, e, _counting = placed
        codes = [c for c in _coderefs(selection) if c in self.codes.codes]
        span = {
            "id": guid,
            "start": s,
            "end": e,
            "quote": text[s:e],
            "coder": self._coder(selection.get("creatingUser")),
        }
        for key, attr in (("created", "creationDateTime"), ("modified", "modifiedDateTime")):
            stamp = _time(selection.get(attr))
            if stamp:
                span[key] = stamp
        note_parts = [text_of(selection, "Description").strip()]
        note_parts += [
            self.notes.get((r.get("targetGUID") or "").strip("{}").lower(), "")
            for r in children(selection, "NoteRef")
        ]
        note = "\n\n".join(p for p in note_parts if p)
        claimdesk = self.codes.claimdesk
        if claimdesk and GROUPS["claims"] not in codes and self._is_mention(codes):
            actor = next(
                (
                    self.codes.role[c][1]
                    for c in codes
                    if self.codes.role.get(c, ("",))[0] == "mention"
                ),
                None,
            )
            doc["mentions"].append({**span, "actor": actor})
            return
        claim = {**span, "claimant": None, "stance": None, "target": None, "addressee": None}
        claim["tags"], claim["note"] = [], note
        stances = {s["id"] for s in self.codes.stances}
        issues = {i["id"] for i in self.codes.issues}
        actors = {a["id"] for a in self.codes.actors}
        tags = {t["id"] for t in self.codes.tags}
        for code in codes:
            role = self.codes.role.get(code)
            if code in stances and claim["stance"] is None:
                claim["stance"] = code
            elif code in issues and claim["target"] is None:
                claim["target"] = {"issue": code}
            elif code in actors and claim["claimant"] is None:
                claim["claimant"] = code
            elif role and role[0] == "target" and claim["target"] is None:
                claim["target"] = {"actor": role[1]}
            elif role and role[0] == "addressee" and claim["addressee"] is None:
                claim["addressee"] = role[1]
            elif code in tags and code not in claim["tags"]:
                claim["tags"].append(code)
        doc["claims"].append(claim)

    def _is_mention(self, codes: list[str]) -> bool:
        return any(
            self.codes.role.get(c, ("",))[0] == "mention" or c == GROUPS["mention"] for c in codes
        )


def _coderefs(element: Any) -> list[str]:
    found = []
    for coding in children(element, "Coding"):
        ref = child(coding, "CodeRef")
        if ref is not None and ref.get("targetGUID"):
            found.append(ref.get("targetGUID").strip().strip("{}").lower())
    return found


def load_qdpx(path: str | Path) -> tuple[dict[str, Any], list[dict[str, Any]], list[str]]:
    """Read and check a .qdpx completely; returns the corpus and what could not be placed.

    :raises FormatError: the archive or its XML is malformed or hostile; nothing is imported
    """
    from claimdesk.formats.corpus_json import check_corpus

    path = Path(path)
    header, docs, problems = _Reader(path).load()
    check_corpus(header, docs, path.name)
    return header, docs, problems
