"""What an export covers: the whole project, chosen documents, one coder's work, a date range.

Every exporter takes a :class:`Scope` and reads the corpus through
:func:`scoped_corpus`, so the choice means the same in every format, in the
Export dialog and on the command line.

>>> header, records, total = scoped_corpus(project, Scope(coder="anna", date_from="2019-10"))
>>> total
9
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from claimdesk.core.dates import parse_date
from claimdesk.core.errors import ClaimdeskError, FormatError
from claimdesk.core.model import Coder
from claimdesk.core.store import Project


@dataclass(frozen=True, slots=True)
class Scope:
    """A selection of the project; the default is everything.

    :param documents: document ids (None: every document not in the trash)
    :param coder: a coder's name; only that coder's claims and mentions are kept
    :param date_from: first publication date kept (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``)
    :param date_to: last publication date kept (same forms); documents without a
        date are left out when either end is set
    """

    documents: tuple[int, ...] | None = None
    coder: str | None = None
    date_from: str | None = None
    date_to: str | None = None

    @classmethod
    def of(
        cls,
        *,
        documents: Sequence[int] | None = None,
        coder: str | None = None,
        date_from: str | None = None,
        date_to: str | None = None,
    ) -> Scope:
        """A scope from user input: dates are checked and normalised.

        :raises FormatError: a date that is not ``YYYY[-MM[-DD]]`` or a range that ends before it starts
        """
        start = _date(date_from, "--from") if date_from else None
        end = _date(date_to, "--to") if date_to else None
        if start and end and _first_day(start) > _last_day(end):
            raise FormatError(f"the date range {start} … {end} ends before it starts")
        return cls(
            documents=tuple(documents) if documents is not None else None,
            coder=(coder or "").strip() or None,
            date_from=start,
            date_to=end,
        )

    @property
    def is_everything(self) -> bool:
        return self == Scope()

    def describe(self) -> str:
        """The scope in a few words, for reports and status messages."""
        parts = []
        if self.documents is not None:
            parts.append(f"{len(self.documents)} selected documents")
        if self.coder:
            parts.append(f"coder {self.coder}")
        if self.date_from or self.date_to:
            parts.append(f"published {self.date_from or '…'} to {self.date_to or '…'}")
        return ", ".join(parts) or "the whole project"

    def covers_date(self, published: str | None) -> bool:
        """True when a document with this (possibly partial) date falls in the range.

        A partial date counts as the whole period it names: ``2019-10`` is in
        a range that starts on 2019-10-15.
        """
        if not (self.date_from or self.date_to):
            return True
        if not published:
            return False
        if self.date_from and _last_day(published) < _first_day(self.date_from):
            return False
        return not (self.date_to and _first_day(published) > _last_day(self.date_to))


def _date(value: str, option: str) -> str:
    try:
        return parse_date(value.strip())
    except (ClaimdeskError, ValueError):
        raise FormatError(
            f"{option} {value!r} is not a date (write YYYY, YYYY-MM or YYYY-MM-DD)"
        ) from None


def _first_day(date: str) -> str:
    return (date + "-01-01")[:10] if len(date) == 4 else (date + "-01")[:10]


def _last_day(date: str) -> str:
    # Day 31 of any month sorts after every real day of it, which is all a comparison needs.
    return (date + "-12-31")[:10] if len(date) == 4 else (date + "-31")[:10]


def document_ids(project: Project, scope: Scope) -> list[int]:
    """The ids of the documents in scope, in import order (or the order chosen)."""
    ids = list(scope.documents) if scope.documents is not None else project.document_ids()
    if scope.documents is not None:
        visible = project.visible_documents(ids)
        ids = [i for i in ids if i in visible]
    if scope.date_from or scope.date_to:
        dated = {s.id: s.published for s in project.document_summaries(ids)}
        ids = [i for i in ids if scope.covers_date(dated.get(i))]
    return ids


def scope_coder(project: Project, scope: Scope) -> Coder | None:
    """The scope's coder (None when the scope keeps every coder).

    :raises FormatError: no coder of that name in the project
    """
    if not scope.coder:
        return None
    coders = project.coders()
    for coder in coders:
        if coder.name == scope.coder:
            return coder
    names = ", ".join(sorted(c.name for c in coders)) or "none"
    raise FormatError(f"no coder named {scope.coder!r} in this project (coders: {names})")


def coder_uuid(project: Project, scope: Scope) -> str | None:
    """The uuid of the scope's coder (None when the scope keeps every coder).

    :raises FormatError: no coder of that name in the project
    """
    coder = scope_coder(project, scope)
    return coder.uuid if coder else None


def scoped_corpus(
    project: Project, scope: Scope | None = None
) -> tuple[dict[str, Any], Iterator[dict[str, Any]], int]:
    """The corpus header, a lazy stream of document records in scope, and their number.

    Records have the shape of the native JSON export
    (:func:`claimdesk.formats.corpus_json.iter_corpus`); with a coder in the
    scope, each record keeps only that coder's claims and mentions.
    """
    from claimdesk.formats.corpus_json import iter_corpus

    scope = scope or Scope()
    ids = None if scope.is_everything else document_ids(project, scope)
    wanted = coder_uuid(project, scope)
    header, records = iter_corpus(project, documents=ids)
    total = len(ids) if ids is not None else project.document_count()
    if wanted is None:
        return header, records, total

    def only_coder() -> Iterator[dict[str, Any]]:
        for record in records:
            record["claims"] = [c for c in record["claims"] if c["coder"] == wanted]
            record["mentions"] = [m for m in record["mentions"] if m["coder"] == wanted]
            yield record

    return header, only_coder(), total


def scoped_claims(
    project: Project, scope: Scope | None = None
) -> tuple[dict[str, Any], Iterator[tuple[tuple, list[tuple]]], int]:
    """The corpus header, each document in scope with its claims as the store's rows, and
    the number of documents.

    What a table of claims needs and no more (:meth:`Project.claim_table`: no texts, no
    mentions, no records), in the order and with the coder of :func:`scoped_corpus`.
    """
    from claimdesk.formats.corpus_json import corpus_header

    scope = scope or Scope()
    ids = project.document_ids() if scope.is_everything else document_ids(project, scope)
    coder = scope_coder(project, scope)
    claims = project.claim_table(ids, coder=coder.id if coder else None)
    return corpus_header(project), claims, len(ids)


class Lookup:
    """The header's records by uuid, for writers that print names instead of ids."""

    def __init__(self, header: dict[str, Any]) -> None:
        book = header["codebook"]
        self.actors = {a["id"]: a for a in header["actors"]}
        self.stances = {s["id"]: s for s in book["stances"]}
        self.issues = {i["id"]: i for i in book["issues"]}
        self.tags = {t["id"]: t for t in book["tags"]}
        self.variables = {v["id"]: v for v in book["variables"]}
        self.coders = {c["id"]: c["name"] for c in header["coders"]}

    def actor_name(self, uuid: str | None) -> str:
        return self.actors[uuid]["name"] if uuid in self.actors else ""

    def target(self, claim: dict[str, Any]) -> tuple[str, str, str]:
        """``(kind, uuid, label)`` of a claim's target: kind is ``issue``, ``actor`` or ``""``."""
        target = claim.get("target") or {}
        if target.get("issue"):
            issue = self.issues.get(target["issue"])
            return "issue", target["issue"], issue["label"] if issue else ""
        if target.get("actor"):
            return "actor", target["actor"], self.actor_name(target["actor"])
        return "", "", ""

    def tag_labels(self, tags: list[str]) -> list[str]:
        return [self.tags[t]["label"] if t in self.tags else t for t in tags]
