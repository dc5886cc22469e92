"""The concepts of Claimdesk as plain dataclasses, named in the researchers' words.

Every record has ``id`` (an integer key inside one project file, ``None`` until
stored) and ``uuid`` (a bare lowercase UUID string, stable across exports and
merges). References between records use integer ids inside the store and
UUIDs in exports.
"""

from __future__ import annotations

import uuid as _uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

#: Namespace of the deterministic ids of records that ship with Claimdesk
#: (the default codebook, the demo project), so two copies are mergeable.
CLAIMDESK_NAMESPACE = _uuid.UUID("e1c183e7-0d6c-49ab-8158-49429ba82a49")

STATUSES = ("todo", "in-progress", "done")
VARIABLE_KINDS = ("categorical", "text", "number", "actor")
VARIABLE_TARGETS = ("claim", "document")


def new_uuid() -> str:
    return str(_uuid.uuid4())


def stable_uuid(name: str) -> str:
    """The deterministic id of a built-in record, e.g. ``stable_uuid("stance/support")``."""
    return str(_uuid.uuid5(CLAIMDESK_NAMESPACE, name))


def utc_now() -> str:
    """The current time as ISO 8601 in UTC with a ``Z``, to the millisecond."""
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


@dataclass(slots=True)
class Coder:
    name: str
    uuid: str = field(default_factory=new_uuid)
    id: int | None = None


@dataclass(slots=True)
class Stance:
    label: str
    value: float | None = None
    color: str = "#999999"
    key: str = ""
    description: str = ""
    uuid: str = field(default_factory=new_uuid)
    id: int | None = None


@dataclass(slots=True)
class Issue:
    label: str
    parent: int | None = None
    #: The parent's uuid, for issues on their way in from a file.
    parent_uuid: str | None = None
    description: str = ""
    uuid: str = field(default_factory=new_uuid)
    id: int | None = None


@dataclass(slots=True)
class Tag:
    label: str
    category: str = ""
    color: str = ""
    description: str = ""
    uuid: str = field(default_factory=new_uuid)
    id: int | None = None


@dataclass(slots=True)
class Variable:
    """A further claim or document variable defined by the codebook (DESIGN decision 9)."""

    name: str
    applies_to: str = "claim"
    kind: str = "categorical"
    values: list[str] = field(default_factory=list)
    description: str = ""
    uuid: str = field(default_factory=new_uuid)
    id: int | None = None


@dataclass(slots=True)
class Codebook:
    stances: list[Stance] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    tags: list[Tag] = field(default_factory=list)
    actor_types: list[str] = field(default_factory=list)
    variables: list[Variable] = field(default_factory=list)

    def stance(self, stance_id: int | None) -> Stance | None:
        return next((s for s in self.stances if s.id == stance_id), None)

    def issue(self, issue_id: int | None) -> Issue | None:
        return next((i for i in self.issues if i.id == issue_id), None)


@dataclass(slots=True)
class Actor:
    name: str
    type: str = "other"
    aliases: list[str] = field(default_factory=list)
    parent: int | None = None
    color: str = ""
    notes: str = ""
    uuid: str = field(default_factory=new_uuid)
    id: int | None = None
    created: str = ""
    modified: str = ""

    def names(self) -> list[str]:
        """The name and every alias."""
        return [self.name, *self.aliases]


@dataclass(slots=True)
class StructureRange:
    """A stand-off range of the text: a subheading, a heading, a list item..."""

    kind: str
    start: int
    end: int
    level: int | None = None

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"kind": self.kind, "start": self.start, "end": self.end}
        if self.level is not None:
            data["level"] = self.level
        return data


@dataclass(slots=True)
class Document:
    """One article: its text exactly as stored, and its metadata."""

    text: str
    title: str = ""
    published: str | None = None
    source: str = ""
    language: str | None = None
    url: str = ""
    file: str = ""
    other_files: list[str] = field(default_factory=list)
    encoding: str = ""
    sha256: str = ""
    metadata: dict[str, Any] = field(default_factory=dict)
    variables: dict[str, Any] = field(default_factory=dict)
    structure: list[StructureRange] = field(default_factory=list)
    memo: str = ""
    uuid: str = field(default_factory=new_uuid)
    id: int | None = None
    created: str = ""
    modified: str = ""

    def __post_init__(self) -> None:
        if not self.sha256:
            self.sha256 = text_sha256(self.text)


def text_sha256(text: str) -> str:
    import hashlib

    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(slots=True)
class Claim:
    document: int
    start: int
    end: int
    quote: str = ""
    prefix: str = ""
    suffix: str = ""
    claimant: int | None = None
    stance: int | None = None
    target_issue: int | None = None
    target_actor: int | None = None
    addressee: int | None = None
    tags: list[str] = field(default_factory=list)
    variables: dict[str, Any] = field(default_factory=dict)
    note: str = ""
    coder: int | None = None
    uuid: str = field(default_factory=new_uuid)
    id: int | None = None
    created: str = ""
    modified: str = ""


@dataclass(slots=True)
class Mention:
    document: int
    start: int
    end: int
    actor: int | None = None
    quote: str = ""
    prefix: str = ""
    suffix: str = ""
    coder: int | None = None
    uuid: str = field(default_factory=new_uuid)
    id: int | None = None
    created: str = ""
    modified: str = ""


@dataclass(slots=True)
class Changes:
    """What one store write changed, so each view can decide what to redraw.

    ``step`` is the undo step the write was logged as (None for writes that
    are not undoable, such as settings).
    """

    name: str = ""
    documents: set[int] = field(default_factory=set)
    claims: set[int] = field(default_factory=set)
    mentions: set[int] = field(default_factory=set)
    actors: set[int] = field(default_factory=set)
    codebook: bool = False
    project: bool = False
    count: int = 0
    step: int | None = None
    #: The id of the record a single ``add_*`` call created.
    id: int | None = None

    def merge(self, other: Changes) -> None:
        self.documents |= other.documents
        self.claims |= other.claims
        self.mentions |= other.mentions
        self.actors |= other.actors
        self.codebook |= other.codebook
        self.project |= other.project
        self.count += other.count


@dataclass(slots=True)
class DocumentSummary:
    """A row of the document list: what the list shows, without the text."""

    id: int
    uuid: str
    title: str
    published: str | None
    source: str
    file: str
    characters: int
    claims: int
    status: str = "todo"
    language: str | None = None
