"""Importing a Discourse Network Analyzer (DNA 3) project (.dna, an SQLite file).

What comes in (DNA's tables in brackets):

- documents (``DOCUMENTS``): title, text, date, source; author, section and
  type as metadata; notes as the memo;
- coders (``CODERS``), by name;
- statements (``STATEMENTS`` with their values) become claims: the
  ``person`` (or, without one, the ``organization``) is the claimant, the
  ``concept`` the target issue, ``agreement`` the stance (yes → support,
  no → oppose; an integer agreement by its sign), a long-text value the note;
  further variables become claim variables, and a statement type other than
  "DNA Statement" becomes a tag;
- entities (``ENTITIES`` with ``ATTRIBUTEVALUES``): persons and organisations
  become actors (attribute ``Type`` → type, ``Alias`` → aliases, ``Notes`` and
  other attributes → notes, colour, ``ChildOf`` → parent; a person coded with
  an organisation belongs to it), concepts become issues.

DNA is a Java program: statement positions count UTF-16 code units; they
are converted, and a statement that does not fit its document is reported.
The file is opened read-only and never changed.
"""

from __future__ import annotations

import datetime as _dt
import sqlite3
import uuid as _uuid
from collections import defaultdict
from pathlib import Path
from typing import Any

from claimdesk.core.codebook import codebook_to_json, default_codebook
from claimdesk.core.errors import FormatError
from claimdesk.core.model import CLAIMDESK_NAMESPACE, new_uuid, text_sha256
from claimdesk.core.text import normalise_newlines, place_foreign_span
from claimdesk.formats import Format, register

SQLITE_MAGIC = b"SQLite format 3\x00"
_NEEDED = {"DOCUMENTS", "STATEMENTS", "STATEMENTTYPES", "VARIABLES", "ENTITIES", "CODERS"}
ACTOR_VARIABLES = ("person", "organization")


def _id(*parts: object) -> str:
    return str(_uuid.uuid5(CLAIMDESK_NAMESPACE, "dna/" + "/".join(str(p) for p in parts)))


def _color(r: Any, g: Any, b: Any) -> str:
    if None in (r, g, b):
        return ""
    try:
        return "#{:02x}{:02x}{:02x}".format(*(max(0, min(255, int(v))) for v in (r, g, b)))
    except (TypeError, ValueError):
        return ""


class _Dna:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.where = path.name
        self.problems: list[str] = []
        try:
            with path.open("rb") as fh:
                magic = fh.read(16)
        except OSError as exc:
            raise FormatError(f"{self.where}: cannot be read ({exc.strerror or exc})") from None
        if magic != SQLITE_MAGIC:
            raise FormatError(f"{self.where}: not a DNA project (not an SQLite database)")
        uri = path.resolve().as_uri() + "?mode=ro&immutable=1"
        try:
            self.db = sqlite3.connect(uri, uri=True)
            tables = {r[0].upper() for r in self.db.execute("SELECT name FROM sqlite_master")}
        except sqlite3.DatabaseError as exc:
            raise FormatError(f"{self.where}: cannot be read as a database ({exc})") from None
        missing = _NEEDED - tables
        if missing:
            self.db.close()
            raise FormatError(
                f"{self.where}: not a DNA 3 project (missing tables: {', '.join(sorted(missing))})"
            )
        self.tables = tables
        version = self._setting("version")
        if version.startswith("2"):
            self.db.close()
            raise FormatError(
                f"{self.where}: a DNA {version or '2'} project; open it in DNA 3 once to "
                "convert it, then import the converted file"
            )

    def _setting(self, name: str) -> str:
        if "SETTINGS" not in self.tables:
            return ""
        row = self.db.execute("SELECT Value FROM SETTINGS WHERE Property = ?", (name,)).fetchone()
        return str(row[0]) if row else ""

    def rows(self, sql: str, *args: Any) -> list[sqlite3.Row]:
        self.db.row_factory = sqlite3.Row
        try:
            return self.db.execute(sql, args).fetchall()
        except sqlite3.DatabaseError as exc:
            raise FormatError(f"{self.where}: unexpected DNA data ({exc})") from None

    # ------------------------------------------------------------------ reading

    def load(self) -> tuple[dict[str, Any], list[dict[str, Any]], list[str]]:
        try:
            return self._load()
        finally:
            self.db.close()

    def _load(self) -> tuple[dict[str, Any], list[dict[str, Any]], list[str]]:
        book = codebook_to_json(default_codebook())
        stance_by_label = {s["label"]: s["id"] for s in book["stances"]}
        coders = {
            r["ID"]: {"id": _id("coder", r["Name"]), "name": r["Name"] or f"coder {r['ID']}"}
            for r in self.rows("SELECT ID, Name FROM CODERS")
        }
        variables = {r["ID"]: dict(r) for r in self.rows("SELECT * FROM VARIABLES")}
        types = {r["ID"]: r["Label"] for r in self.rows("SELECT ID, Label FROM STATEMENTTYPES")}
        entities = {r["ID"]: dict(r) for r in self.rows("SELECT * FROM ENTITIES")}
        attributes: dict[int, list[tuple[str, str]]] = defaultdict(list)
        if {"ATTRIBUTEVALUES", "ATTRIBUTEVARIABLES"} <= self.tables:
            for r in self.rows(
                "SELECT v.EntityId, a.AttributeVariable, v.AttributeValue FROM ATTRIBUTEVALUES v "
                "JOIN ATTRIBUTEVARIABLES a ON a.ID = v.AttributeVariableId ORDER BY a.ID"
            ):
                if (r["AttributeValue"] or "").strip():
                    attributes[r["EntityId"]].append((r["AttributeVariable"], r["AttributeValue"]))

        # entities: actors and issues
        actors: dict[int, dict[str, Any]] = {}
        issues: dict[int, dict[str, Any]] = {}
        actor_types = list(book["actor_types"])
        for eid, e in entities.items():
            name = (e["Value"] or "").strip()
            var = (variables.get(e["VariableId"]) or {}).get("Variable", "")
            if not name:
                continue
            if var in ACTOR_VARIABLES:
                actor = {
                    "id": _id("actor", name),
                    "name": name,
                    "type": "person" if var == "person" else "organisation",
                    "aliases": [],
                    "notes": "",
                    "color": _color(e.get("Red"), e.get("Green"), e.get("Blue")),
                    "parent": None,
                }
                notes = []
                for key, value in attributes.get(eid, []):
                    if key.lower() == "type":
                        actor["type"] = value.strip()
                    elif key.lower() == "alias":
                        actor["aliases"] = [a.strip() for a in value.split(";") if a.strip()]
                    elif key.lower() == "notes":
                        notes.insert(0, value.strip())
                    else:
                        notes.append(f"{key}: {value.strip()}")
                actor["notes"] = "\n".join(notes)
                if actor["type"] not in actor_types:
                    actor_types.append(actor["type"])
                actors[eid] = actor
            elif var == "concept":
                notes = [v for k, v in attributes.get(eid, []) if k.lower() == "notes"]
                issues[eid] = {
                    "id": _id("issue", name),
                    "label": name,
                    "parent": None,
                    "description": "\n".join(n.strip() for n in notes),
                }
        for eid, e in entities.items():
            parent = e.get("ChildOf")
            if eid in actors and parent in actors and actors[parent]["id"] != actors[eid]["id"]:
                actors[eid]["parent"] = actors[parent]["id"]
            if eid in issues and parent in issues and issues[parent]["id"] != issues[eid]["id"]:
                issues[eid]["parent"] = issues[parent]["id"]

        # statement values
        values: dict[int, dict[str, Any]] = defaultdict(dict)
        for r in self.rows("SELECT StatementId, VariableId, Entity FROM DATASHORTTEXT"):
            values[r["StatementId"]][r["VariableId"]] = ("entity", r["Entity"])
        for table, kind in (
            ("DATALONGTEXT", "text"),
            ("DATABOOLEAN", "boolean"),
            ("DATAINTEGER", "integer"),
        ):
            if table in self.tables:
                for r in self.rows(f"SELECT StatementId, VariableId, Value FROM {table}"):
                    values[r["StatementId"]][r["VariableId"]] = (kind, r["Value"])

        claim_vars: dict[str, dict[str, Any]] = {}
        tags: dict[str, dict[str, Any]] = {}

        def claim_variable(name: str, kind: str) -> dict[str, Any]:
            if name not in claim_vars:
                claim_vars[name] = {
                    "id": _id("variable", name),
                    "name": name,
                    "applies_to": "claim",
                    "kind": kind,
                    "values": [],
                    "description": "From DNA",
                }
            return claim_vars[name]

        docs = []
        statements: dict[int, list[sqlite3.Row]] = defaultdict(list)
        for r in self.rows("SELECT * FROM STATEMENTS ORDER BY DocumentId, Start, ID"):
            statements[r["DocumentId"]].append(r)
        for d in self.rows("SELECT * FROM DOCUMENTS ORDER BY ID"):
            raw = d["Text"] or ""
            text = normalise_newlines(raw)
            label = (d["Title"] or "").strip() or f"document {d['ID']}"
            if not text.strip():
                self.problems.append(f"document {label!r}: no text; skipped")
                continue
            doc_id = _id("document", text_sha256(text), d["ID"])
            metadata = {"dna_id": d["ID"]}
            for key in ("Author", "Section", "Type"):
                if (d[key] or "").strip():
                    metadata[key.lower()] = d[key].strip()
            published = None
            try:
                moment = _dt.datetime.fromtimestamp(int(d["Date"]), _dt.UTC)
                published = moment.date().isoformat()
                if moment.time() != _dt.time(0, 0):
                    metadata["time"] = moment.time().isoformat()
            except (TypeError, ValueError, OverflowError, OSError):
                self.problems.append(f"document {label!r}: date {d['Date']!r} not understood")
            doc = {
                "id": doc_id,
                "title": label,
                "text": text,
                "published": published,
                "source": (d["Source"] or "").strip(),
                "memo": (d["Notes"] or "").strip(),
                "metadata": metadata,
                "claims": [],
                "mentions": [],
            }
            for s in statements.get(d["ID"], []):
                claim = self._claim(
                    s, raw, doc, label, values, variables, types, actors, issues, coders,
                    stance_by_label, claim_variable, tags,
                )  # fmt: skip
                if claim:
                    doc["claims"].append(claim)
            docs.append(doc)
        book["issues"] = list({i["id"]: i for i in issues.values()}.values())
        book["tags"] = list(tags.values())
        book["variables"] = list(claim_vars.values())
        book["actor_types"] = actor_types
        for v in book["variables"]:
            v["values"] = sorted(set(v["values"])) if v["kind"] == "categorical" else []
        header = {
            "format": "claimdesk-corpus",
            "version": 1,
            "project": {"id": new_uuid(), "name": self.path.stem, "memo": ""},
            "codebook": book,
            "coders": list({c["id"]: c for c in coders.values()}.values()),
            "actors": list({a["id"]: a for a in actors.values()}.values()),
        }
        return header, docs, self.problems

    def _claim(
        self,
        s: sqlite3.Row,
        raw: str,
        doc: dict[str, Any],
        label: str,
        values: dict[int, dict[str, Any]],
        variables: dict[int, dict[str, Any]],
        types: dict[int, str],
        actors: dict[int, dict[str, Any]],
        issues: dict[int, dict[str, Any]],
        coders: dict[int, dict[str, Any]],
        stance_by_label: dict[str, str],
        claim_variable: Any,
        tags: dict[str, dict[str, Any]],
    ) -> dict[str, Any] | None:
        placed = place_foreign_span(raw, s["Start"], s["Stop"], utf16_first=True)
        if placed is None:
            self.problems.append(
                f"document {label!r}: statement {s['ID']} at [{s['Start']}, {s['Stop']}) lies "
                f"outside its {len(doc['text'])} characters; not placed"
            )
            return None
        start, end, _counting = placed
        text = doc["text"]
        claim: dict[str, Any] = {
            "id": _id("statement", doc["id"], s["ID"]),
            "start": start,
            "end": end,
            "quote": text[start:end],
            "claimant": None,
            "stance": None,
            "target": None,
            "addressee": None,
            "tags": [],
            "variables": {},
            "note": "",
            "coder": (coders.get(s["Coder"]) or {}).get("id"),
        }
        person = organisation = None
        notes = []
        for var_id, (kind, value) in values.get(s["ID"], {}).items():
            name = (variables.get(var_id) or {}).get("Variable", f"variable {var_id}")
            if kind == "entity":
                if name == "person" and value in actors:
                    person = actors[value]
                elif name == "organization" and value in actors:
                    organisation = actors[value]
                elif name == "concept" and value in issues:
                    claim["target"] = {"issue": issues[value]["id"]}
                elif value in (None, 0):
                    continue
                else:
                    entity_name = self._entity_name(value)
                    if entity_name:
                        variable = claim_variable(name, "categorical")
                        variable["values"].append(entity_name)
                        claim["variables"][variable["id"]] = entity_name
            elif name == "agreement" and kind in ("boolean", "integer") and value is not None:
                number = int(value)
                if kind == "boolean":
                    label_ = "support" if number else "oppose"
                else:
                    label_ = "support" if number > 0 else "oppose" if number < 0 else "neutral"
                claim["stance"] = stance_by_label.get(label_)
            elif kind == "text":
                if (value or "").strip():
                    notes.append(value.strip())
            elif value is not None:
                variable = claim_variable(name, "number")
                claim["variables"][variable["id"]] = int(value)
        claimant = person or organisation
        if claimant:
            claim["claimant"] = claimant["id"]
        if person and organisation:
            if person["parent"] is None and person["id"] != organisation["id"]:
                person["parent"] = organisation["id"]
            variable = claim_variable("organization", "categorical")
            variable["values"].append(organisation["name"])
            claim["variables"][variable["id"]] = organisation["name"]
        claim["note"] = "\n\n".join(notes)
        kind_label = types.get(s["StatementTypeId"], "")
        if kind_label and kind_label != "DNA Statement":
            tag = tags.setdefault(
                kind_label,
                {
                    "id": _id("tag", kind_label),
                    "label": kind_label,
                    "category": "DNA statement type",
                },
            )
            claim["tags"].append(tag["id"])
        return claim

    def _entity_name(self, entity_id: Any) -> str:
        row = self.db.execute("SELECT Value FROM ENTITIES WHERE ID = ?", (entity_id,)).fetchone()
        return (row[0] or "").strip() if row else ""


def load_dna(path: str | Path) -> tuple[dict[str, Any], list[dict[str, Any]], list[str]]:
    """Read and check a DNA 3 project completely; returns the corpus and what could not be placed.

    :raises FormatError: not a DNA 3 project, or its data cannot be used; nothing is imported
    """
    from claimdesk.formats.corpus_json import check_corpus

    path = Path(path)
    header, docs, problems = _Dna(path).load()
    check_corpus(header, docs, path.name)
    return header, docs, problems


def _sniff(head: bytes, suffix: str) -> float:
    if head.startswith(SQLITE_MAGIC):
        return 1.0 if suffix == ".dna" else 0.0
    return 0.0


FORMAT = register(
    Format(
        name="dna",
        description="Discourse Network Analyzer 3 project (.dna): documents, statements, entities",
        kind="project",
        extensions=(".dna",),
        sniff=_sniff,
        load=load_dna,
    )
)
