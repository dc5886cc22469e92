"""REFI-QDA project exchange (.qdpx): export for NVivo, ATLAS.ti, MAXQDA and QualCoder.

A ``.qdpx`` is a zip with ``project.qde`` (QDA-XML, valid against the
REFI-QDA 1.5 Project schema) and each article as a UTF-8 text file in
``sources/``. Claims and mentions become ``PlainTextSelection`` elements with
code point positions, coded with codes built from the codebook and the
actors:

- ``Claims`` marks every claim; ``Mentions`` holds a code per mentioned actor;
- ``Stances``, ``Issues`` and ``Tags`` hold the codebook;
- ``Actors`` holds every actor (in their hierarchy); a claim is coded with its
  claimant there; ``Targeted actors`` and ``Addressees`` hold the actors in
  those roles.

The codes' guids are the records' uuids (or derived from them), so
:mod:`claimdesk.formats.refi_qda_import` brings a Claimdesk-made project back
with every span and its coding.

>>> export_qdpx(project, "study.qdpx").claims
17
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import uuid as _uuid
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from claimdesk import __version__
from claimdesk.core.model import CLAIMDESK_NAMESPACE, stable_uuid, utc_now
from claimdesk.formats import Format, register
from claimdesk.formats._output import Progress, Ticker, Written, atomic_path
from claimdesk.formats.scope import Lookup, Scope, scoped_corpus

NAMESPACE = "urn:QDA-XML:project:1.0"

#: The guids of the top-level codes, the same in every Claimdesk export.
GROUPS = {
    "claims": stable_uuid("qdpx/claims"),
    "stances": stable_uuid("qdpx/stances"),
    "issues": stable_uuid("qdpx/issues"),
    "actors": stable_uuid("qdpx/actors"),
    "target": stable_uuid("qdpx/targeted-actors"),
    "addressee": stable_uuid("qdpx/addressees"),
    "mention": stable_uuid("qdpx/mentions"),
    "tags": stable_uuid("qdpx/tags"),
}
GROUP_NAMES = {
    "claims": "Claims",
    "stances": "Stances",
    "issues": "Issues",
    "actors": "Actors",
    "target": "Targeted actors",
    "addressee": "Addressees",
    "mention": "Mentions",
    "tags": "Tags",
}
#: Document fields exported as REFI variables of each source, by variable name.
DOCUMENT_FIELDS = ("published", "source", "url", "language", "file")
_COLOR = re.compile(r"^#([0-9A-Fa-f]{6}|[0-9A-Fa-f]{3})$")
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def role_code(role: str, actor: str) -> str:
    """The guid of an actor's code in a role branch (``target``, ``addressee``, ``mention``)."""
    return str(_uuid.uuid5(CLAIMDESK_NAMESPACE, f"qdpx/{role}/{actor}"))


def tag_category_code(category: str) -> str:
    """The guid of the (not codable) code that holds the tags of a category."""
    return _guid("tag-category", category)


def field_variable(name: str) -> str:
    return stable_uuid(f"qdpx/variable/{name}")


def _guid(*parts: str) -> str:
    return str(_uuid.uuid5(CLAIMDESK_NAMESPACE, "qdpx/" + "/".join(parts)))


def _clean(text: str) -> str:
    return _XML_ILLEGAL.sub("\ufffd", text)


def actor_description(actor: dict[str, Any]) -> str:
    """The readable description of an actor's code; the importer reads type and aliases back."""
    lines = [f"Type: {actor['type']}"]
    if actor["aliases"]:
        lines.append("Aliases: " + "; ".join(actor["aliases"]))
    if actor["notes"]:
        lines += ["", actor["notes"]]
    return "\n".join(lines)


def stance_description(stance: dict[str, Any]) -> str:
    value = stance["value"]
    line = f"Stance value: {value if value is not None else 'none'}"
    return f"{stance['description']}\n\n{line}" if stance["description"] else line


class _Qde:
    """Writes project.qde with lxml's incremental writer."""

    def __init__(self, xf: Any, header: dict[str, Any], *, namespace: str = NAMESPACE) -> None:
        from lxml import etree

        self.etree = etree
        self.xf = xf
        self.header = header
        self.look = Lookup(header)
        #: The project namespace; a REFI codebook (.qdc) has its own (formats.refi_codebook).
        self.namespace = namespace

    def element(self, name: str, attrs: dict[str, Any], *, text: str | None = None) -> Any:
        el = self.etree.Element(
            f"{{{self.namespace}}}{name}",
            {k: _clean(str(v)) for k, v in attrs.items() if v not in (None, "")},
            nsmap={None: self.namespace},
        )
        if text is not None:
            el.text = _clean(text)
        return el

    def sub(self, parent: Any, name: str, attrs: dict[str, Any], *, text: str | None = None) -> Any:
        el = self.element(name, attrs, text=text)
        parent.append(el)
        return el

    # ------------------------------------------------------------------ codebook

    def _code(
        self,
        parent: Any,
        guid: str,
        name: str,
        *,
        codable: bool = True,
        color: str = "",
        description: str = "",
    ) -> Any:
        code = self.sub(
            parent,
            "Code",
            {
                "guid": guid,
                "name": name or "(unnamed)",
                "isCodable": "true" if codable else "false",
                "color": color if _COLOR.match(color or "") else None,
            },
        )
        if description:
            self.sub(code, "Description", {}, text=description)
        return code

    def _tree(
        self,
        parent: Any,
        records: list[dict[str, Any]],
        parent_of: Callable[[dict[str, Any]], str | None],
        make: Callable[[Any, dict[str, Any]], Any],
    ) -> None:
        ids = {r["id"] for r in records}
        children: dict[str | None, list[dict[str, Any]]] = {}
        for r in records:
            p = parent_of(r)
            children.setdefault(p if p in ids else None, []).append(r)
        seen: set[str] = set()

        def add(node: Any, key: str | None) -> None:
            for r in children.get(key, []):
                if r["id"] in seen:
                    continue
                seen.add(r["id"])
                add(make(node, r), r["id"])

        add(parent, None)

    def codebook(self, roles: dict[str, set[str]]) -> Any:
        look = self.look
        codebook = self.element("CodeBook", {})
        codes = self.sub(codebook, "Codes", {})
        g = GROUPS
        self.scheme_codes(codes)
        actors = self._code(codes, g["actors"], GROUP_NAMES["actors"], codable=False)
        self._tree(
            actors,
            self.header["actors"],
            lambda a: a["parent"],
            lambda node, a: self._code(
                node, a["id"], a["name"], color=a["color"], description=actor_description(a)
            ),
        )
        for role in ("target", "addressee", "mention"):
            branch = self._code(codes, g[role], GROUP_NAMES[role], codable=role == "mention")
            for actor in sorted(roles[role], key=look.actor_name):
                self._code(branch, role_code(role, actor), look.actor_name(actor) or actor)
        self.tag_codes(codes)
        return codebook

    def scheme_codes(self, codes: Any) -> None:
        """The Claims code, and the stances and the issue tree under their group codes."""
        book = self.header["codebook"]
        g = GROUPS
        self._code(
            codes,
            g["claims"],
            GROUP_NAMES["claims"],
            description="Every claim coded in Claimdesk.",
        )
        stances = self._code(codes, g["stances"], GROUP_NAMES["stances"], codable=False)
        for s in book["stances"]:
            self._code(
                stances, s["id"], s["label"], color=s["color"], description=stance_description(s)
            )
        issues = self._code(codes, g["issues"], GROUP_NAMES["issues"], codable=False)
        self._tree(
            issues,
            book["issues"],
            lambda i: i["parent"],
            lambda node, i: self._code(node, i["id"], i["label"], description=i["description"]),
        )

    def tag_codes(self, codes: Any) -> None:
        """The tags under the Tags group code, each category a code (not codable) of its own."""
        tags = self._code(codes, GROUPS["tags"], GROUP_NAMES["tags"], codable=False)
        categories: dict[str, Any] = {}
        for t in self.header["codebook"]["tags"]:
            parent = tags
            category = t.get("category", "")
            if category:
                if category not in categories:
                    categories[category] = self._code(
                        tags, tag_category_code(category), category, codable=False
                    )
                parent = categories[category]
            self._code(parent, t["id"], t["label"], color=t["color"], description=t["description"])

    def variables(self) -> Any:
        variables = self.element("Variables", {})
        for name in DOCUMENT_FIELDS:
            self.sub(
                variables,
                "Variable",
                {"guid": field_variable(name), "name": name, "typeOfVariable": "Text"},
            )
        for v in self.header["codebook"]["variables"]:
            if v["applies_to"] != "document":
                continue
            kind = "Float" if v["kind"] == "number" else "Text"
            var = self.sub(
                variables, "Variable", {"guid": v["id"], "name": v["name"], "typeOfVariable": kind}
            )
            if v["description"]:
                self.sub(var, "Description", {}, text=v["description"])
        return variables

    # ------------------------------------------------------------------ sources

    def _coding(self, parent: Any, span: dict[str, Any], code: str) -> None:
        coding = self.sub(
            parent,
            "Coding",
            {
                "guid": _guid("coding", span["id"], code),
                "creatingUser": span.get("coder"),
                "creationDateTime": span.get("created"),
            },
        )
        self.sub(coding, "CodeRef", {"targetGUID": code})

    def _selection(self, source: Any, span: dict[str, Any]) -> Any:
        return self.sub(
            source,
            "PlainTextSelection",
            {
                "guid": span["id"],
                "name": span["quote"],
                "startPosition": span["start"],
                "endPosition": span["end"],
                "creatingUser": span.get("coder"),
                "creationDateTime": span.get("created"),
                "modifiedDateTime": span.get("modified"),
            },
        )

    def source(self, d: dict[str, Any]) -> Any:
        source = self.element(
            "TextSource",
            {
                "guid": d["id"],
                "name": d["title"] or d["file"] or d["id"],
                "plainTextPath": f"internal://{d['id']}.txt",
                "creationDateTime": d.get("created"),
                "modifiedDateTime": d.get("modified"),
            },
        )
        if d["memo"]:
            self.sub(source, "Description", {}, text=d["memo"])
        look = self.look
        for c in d["claims"]:
            selection = self._selection(source, c)
            if c["note"]:
                self.sub(selection, "Description", {}, text=c["note"])
            codes = [GROUPS["claims"]]
            if c["claimant"]:
                codes.append(c["claimant"])
            if c["stance"]:
                codes.append(c["stance"])
            kind, target, _label = look.target(c)
            if kind == "issue":
                codes.append(target)
            elif kind == "actor":
                codes.append(role_code("target", target))
            if c["addressee"]:
                codes.append(role_code("addressee", c["addressee"]))
            codes += c["tags"]
            for code in codes:
                self._coding(selection, c, code)
        for m in d["mentions"]:
            selection = self._selection(source, m)
            self._coding(
                selection, m, role_code("mention", m["actor"]) if m["actor"] else GROUPS["mention"]
            )
        values = [(field_variable(name), d.get(name) or "") for name in DOCUMENT_FIELDS]
        values += [(key, value) for key, value in d["variables"].items()]
        for guid, value in values:
            if value in ("", None):
                continue
            holder = self.sub(source, "VariableValue", {})
            self.sub(holder, "VariableRef", {"targetGUID": guid})
            variable = look.variables.get(guid)
            if variable and variable["kind"] == "number" and isinstance(value, (int, float)):
                self.sub(holder, "FloatValue", {}, text=repr(float(value)))
            else:
                self.sub(holder, "TextValue", {}, text=str(value))
        return source


def _roles(records: Iterator[dict[str, Any]], look: Lookup) -> dict[str, set[str]]:
    roles: dict[str, set[str]] = {"target": set(), "addressee": set(), "mention": set()}
    for d in records:
        for c in d["claims"]:
            kind, target, _ = look.target(c)
            if kind == "actor":
                roles["target"].add(target)
            if c["addressee"]:
                roles["addressee"].add(c["addressee"])
        for m in d["mentions"]:
            if m["actor"]:
                roles["mention"].add(m["actor"])
    return roles


def export_qdpx(
    project: Any,
    destination: str | os.PathLike[str],
    *,
    scope: Scope | None = None,
    progress: Progress | None = None,
    cancel: Callable[[], bool] | None = None,
) -> Written:
    """Write the documents, codebook, actors, claims and mentions in scope as a .qdpx file."""
    from lxml import etree

    header, first_pass, _ = scoped_corpus(project, scope)
    look = Lookup(header)
    roles = _roles(first_pass, look)
    header, records, total = scoped_corpus(project, scope)
    ticker = Ticker(total, progress, cancel)
    n_docs = n_claims = n_mentions = 0
    info = header["project"]
    with (
        atomic_path(destination) as tmp,
        tempfile.TemporaryFile() as qde,
        zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as archive,
    ):
        with etree.xmlfile(qde, encoding="utf-8") as xf:
            xf.write_declaration()
            writer = _Qde(xf, header)
            project_attrs = {
                "name": _clean(info["name"] or "Claimdesk project"),
                "origin": f"Claimdesk {__version__}",
                "creationDateTime": info.get("created") or None,
                "modifiedDateTime": utc_now(),
            }
            attrs = {k: v for k, v in project_attrs.items() if v}
            with xf.element(f"{{{NAMESPACE}}}Project", attrs, nsmap={None: NAMESPACE}):
                if header["coders"]:
                    users = writer.element("Users", {})
                    for coder in header["coders"]:
                        writer.sub(users, "User", {"guid": coder["id"], "name": coder["name"]})
                    xf.write(users)
                xf.write(writer.codebook(roles))
                xf.write(writer.variables())
                if total:  # the schema wants at least one source in <Sources>
                    with xf.element(f"{{{NAMESPACE}}}Sources"):
                        for d in records:
                            archive.writestr(f"sources/{d['id']}.txt", d["text"].encode("utf-8"))
                            xf.write(writer.source(d))
                            n_docs += 1
                            n_claims += len(d["claims"])
                            n_mentions += len(d["mentions"])
                            ticker.tick()
                if info.get("memo"):
                    xf.write(writer.element("Description", {}, text=info["memo"]))
        qde.seek(0)
        with archive.open("project.qde", "w") as out:
            shutil.copyfileobj(qde, out)
    return Written(n_docs, n_claims, n_mentions, str(destination))


def _sniff(head: bytes, suffix: str) -> float:
    if head.startswith(b"PK\x03\x04"):
        return 0.9 if suffix == ".qdpx" else 0.0
    return 0.0


def _load(path: Path) -> tuple[Any, ...]:
    from claimdesk.formats.refi_qda_import import load_qdpx

    return load_qdpx(path)


FORMAT = register(
    Format(
        name="qdpx",
        description="REFI-QDA project (.qdpx) for NVivo, ATLAS.ti, MAXQDA and QualCoder",
        kind="project",
        extensions=(".qdpx",),
        sniff=_sniff,
        write=export_qdpx,
        load=_load,
    )
)
