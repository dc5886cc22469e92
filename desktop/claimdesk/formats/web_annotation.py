"""W3C Web Annotation (JSON-LD): one ``Annotation`` per claim and per mention.

The file is an ``AnnotationCollection`` whose first ``AnnotationPage``
holds every annotation. Each annotation targets its document with a
``TextQuoteSelector`` (the quote with 32 characters of context) and a
``TextPositionSelector`` (offsets in Unicode code points, as the W3C model
counts them). A document is named ``urn:uuid:<document id>``; when its web
address is known, that address is the target's ``source`` (so web
annotation clients can anchor the quote on the page) and the document's urn
stays in ``document``.

Bodies carry the coding with the W3C purposes: the stance is
``classifying``, the claimant, target, addressee, tags and a mention's
actor are ``tagging``, the note is ``commenting``, further variables are
``describing``. Claimdesk's own fields (``role``, ``stance``, ``actor``…)
are defined by the JSON-LD context in ``resources/jsonld/``, embedded in
every annotation, so each annotation stands alone.

>>> export_web_annotation(project, "annotations.jsonld").claims
17
"""

from __future__ import annotations

import functools
import json
import os
import uuid as _uuid
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import urlsplit

from claimdesk import __version__
from claimdesk.core.model import CLAIMDESK_NAMESPACE, utc_now
from claimdesk.formats import Format, register
from claimdesk.formats._output import Progress, Ticker, Written, atomic_path
from claimdesk.formats.scope import Lookup, Scope, scoped_corpus
from claimdesk.paths import resource_path

ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"


@functools.cache
def claimdesk_context() -> dict[str, Any]:
    """Claimdesk's JSON-LD context for the terms the W3C vocabulary does not have."""
    data = json.loads(
        resource_path("jsonld", "claimdesk-annotation.jsonld").read_text(encoding="utf-8")
    )
    return data["@context"]


def context() -> list[Any]:
    """The ``@context`` of every annotation and of the collection."""
    return [ANNO_CONTEXT, claimdesk_context()]


def urn(uuid: str) -> str:
    return f"urn:uuid:{uuid}"


def _web_address(url: str) -> str | None:
    """The document's URL when it is an absolute http(s) address without spaces."""
    url = (url or "").strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme in ("http", "https") and parts.netloc and not any(c.isspace() for c in url):
        return url
    return None


class AnnotationWriter:
    """Builds annotations from scoped document records."""

    def __init__(self, header: dict[str, Any]) -> None:
        self.look = Lookup(header)
        self.context = context()

    def _creator(self, coder: str | None) -> dict[str, Any] | None:
        if not coder:
            return None
        return {"id": urn(coder), "type": "Person", "name": self.look.coders.get(coder, "")}

    def _target(self, d: dict[str, Any], span: dict[str, Any]) -> dict[str, Any]:
        return {
            "type": "SpecificResource",
            "source": _web_address(d["url"]) or urn(d["id"]),
            "document": urn(d["id"]),
            "selector": [
                {
                    "type": "TextQuoteSelector",
                    "exact": span["quote"],
                    "prefix": span["prefix"],
                    "suffix": span["suffix"],
                },
                {"type": "TextPositionSelector", "start": span["start"], "end": span["end"]},
            ],
        }

    def _actor_body(self, actor: str, role: str) -> dict[str, Any]:
        known = self.look.actors.get(actor) or {}
        body = {
            "type": "TextualBody",
            "purpose": "tagging",
            "format": "text/plain",
            "value": known.get("name") or actor,
            "role": role,
            "actor": urn(actor),
        }
        if known.get("type"):
            body["actorType"] = known["type"]
        return body

    def _common(self, record: dict[str, Any], kind: str) -> dict[str, Any]:
        annotation: dict[str, Any] = {
            "@context": self.context,
            "id": urn(record["id"]),
            "type": "Annotation",
            "kind": kind,
            "motivation": "classifying" if kind == "claim" else "tagging",
        }
        creator = self._creator(record.get("coder"))
        if creator:
            annotation["creator"] = creator
        if record.get("created"):
            annotation["created"] = record["created"]
        if record.get("modified"):
            annotation["modified"] = record["modified"]
        return annotation

    def claim(self, d: dict[str, Any], c: dict[str, Any]) -> dict[str, Any]:
        look = self.look
        bodies: list[dict[str, Any]] = []
        if c["claimant"]:
            bodies.append(self._actor_body(c["claimant"], "claimant"))
        if c["stance"]:
            stance = look.stances.get(c["stance"]) or {}
            body: dict[str, Any] = {
                "type": "TextualBody",
                "purpose": "classifying",
                "format": "text/plain",
                "value": stance.get("label", ""),
                "stance": urn(c["stance"]),
            }
            if stance.get("value") is not None:
                body["stanceValue"] = stance["value"]
            bodies.append(body)
        kind, target, label = look.target(c)
        if kind == "issue":
            bodies.append(
                {
                    "type": "TextualBody",
                    "purpose": "tagging",
                    "format": "text/plain",
                    "value": label,
                    "role": "target",
                    "issue": urn(target),
                }
            )
        elif kind == "actor":
            bodies.append(self._actor_body(target, "target"))
        if c["addressee"]:
            bodies.append(self._actor_body(c["addressee"], "addressee"))
        for tag in c["tags"]:
            known = look.tags.get(tag) or {}
            body = {
                "type": "TextualBody",
                "purpose": "tagging",
                "format": "text/plain",
                "value": known.get("label") or tag,
                "tag": urn(tag),
            }
            if known.get("category"):
                body["tagCategory"] = known["category"]
            bodies.append(body)
        for key, value in c["variables"].items():
            variable = look.variables.get(key) or {}
            body = {
                "type": "TextualBody",
                "purpose": "describing",
                "format": "text/plain",
                "value": str(value),
                "variable": urn(key),
                "variableName": variable.get("name", ""),
            }
            if variable.get("kind") == "actor" and isinstance(value, str) and value in look.actors:
                body["value"] = look.actor_name(value)
                body["actor"] = urn(value)
            bodies.append(body)
        if c["note"]:
            bodies.append(
                {
                    "type": "TextualBody",
                    "purpose": "commenting",
                    "format": "text/markdown",
                    "value": c["note"],
                }
            )
        annotation = self._common(c, "claim")
        if bodies:
            annotation["body"] = bodies
        annotation["target"] = self._target(d, c)
        return annotation

    def mention(self, d: dict[str, Any], m: dict[str, Any]) -> dict[str, Any]:
        annotation = self._common(m, "mention")
        if m["actor"]:
            annotation["body"] = [self._actor_body(m["actor"], "mentioned")]
        annotation["target"] = self._target(d, m)
        return annotation

    def annotations(self, d: dict[str, Any]) -> Iterator[dict[str, Any]]:
        for c in d["claims"]:
            yield self.claim(d, c)
        for m in d["mentions"]:
            yield self.mention(d, m)


def _collection_id(project_uuid: str, scope: Scope | None) -> str:
    if scope is None or scope.is_everything:
        return urn(project_uuid)
    return urn(str(_uuid.uuid5(CLAIMDESK_NAMESPACE, f"webanno/{project_uuid}/{scope!r}")))


def export_web_annotation(
    project: Any,
    destination: str | os.PathLike[str],
    *,
    scope: Scope | None = None,
    progress: Progress | None = None,
    cancel: Callable[[], bool] | None = None,
) -> Written:
    """Write the claims and mentions in scope as a W3C ``AnnotationCollection`` (JSON-LD)."""
    header, records, total = scoped_corpus(project, scope)
    writer = AnnotationWriter(header)
    collection_id = _collection_id(header["project"]["id"], scope)
    page_id = urn(str(_uuid.uuid5(CLAIMDESK_NAMESPACE, f"webanno-page/{collection_id}/1")))
    head = {
        "@context": writer.context,
        "id": collection_id,
        "type": "AnnotationCollection",
        "label": header["project"]["name"]
        + ("" if scope is None or scope.is_everything else f" ({scope.describe()})"),
        "generator": {"type": "Software", "name": f"Claimdesk {__version__}"},
        "generated": utc_now(),
    }
    ticker = Ticker(total, progress, cancel)
    n_docs = n_claims = n_mentions = 0
    dumps = functools.partial(json.dumps, ensure_ascii=False, separators=(",", ":"))
    with atomic_path(destination) as tmp, tmp.open("w", encoding="utf-8", newline="\n") as out:
        out.write(json.dumps(head, ensure_ascii=False, indent=1)[:-2] + ",\n")
        page_head = {"id": page_id, "type": "AnnotationPage", "startIndex": 0}
        out.write(' "first": ' + dumps(page_head)[:-1] + ',"items":[\n')
        first = True
        for d in records:
            for annotation in writer.annotations(d):
                if not first:
                    out.write(",\n")
                out.write(dumps(annotation))
                first = False
            n_docs += 1
            n_claims += len(d["claims"])
            n_mentions += len(d["mentions"])
            ticker.tick()
        out.write(f'\n]}},\n "total": {n_claims + n_mentions}\n}}\n')
    return Written(n_docs, n_claims, n_mentions, str(destination))


def _no_sniff(head: bytes, suffix: str) -> float:
    return 0.0


FORMAT = register(
    Format(
        name="webanno",
        description="W3C Web Annotation collection (JSON-LD), one annotation per claim and mention",
        kind="project",
        extensions=(".jsonld",),
        sniff=_no_sniff,
        write=export_web_annotation,
    )
)
