"""Document versions: a text that changes, the claims that follow it, and orphans.

A document's text changes when the coder edits it or when its article is
imported again with new text. The text it replaces is kept in
``document_versions``; every claim and mention is placed in the new text by
:mod:`claimdesk.core.anchoring`; those that cannot be placed become orphans
(``orphaned`` is set, their old quote kept) for the coder to re-attach or
delete: nothing is deleted automatically. The whole change is one undo step.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

from claimdesk.core.anchoring import Selector, TextDiff, place
from claimdesk.core.errors import FormatError, NotFound, ProjectError
from claimdesk.core.model import Changes, Document, StructureRange, text_sha256, utc_now
from claimdesk.core.store._base import ProjectBase, _json, _Step
from claimdesk.core.text import derive_title, normalise_newlines, span_context

#: Share of a stored text's word pairs an article file must still hold to count as a new
#: version of it (rather than another article that happens to have the same file name).
REIMPORT_SIMILARITY = 0.5
_SPAN_TABLES = ("claims", "mentions")


@dataclass(frozen=True, slots=True)
class DocumentVersion:
    """A text a document had before it changed."""

    id: int
    document: int
    #: 1 for the first text the document had, and so on.
    number: int
    sha256: str
    title: str
    #: When this text was replaced.
    replaced: str
    #: ``edit`` or ``re-import``.
    reason: str
    characters: int


@dataclass(frozen=True, slots=True)
class Orphan:
    """A claim or mention that lost its place when its document's text changed."""

    kind: str
    id: int
    uuid: str
    document: int
    quote: str
    prefix: str
    suffix: str
    since: str
    in_trash: bool = False


@dataclass(slots=True)
class TextChange:
    """What changing one document's text did to its claims and mentions.

    ``claims`` and ``mentions`` count how each span was placed: ``unchanged``,
    ``diff`` (moved with the text), ``quote`` (found again by its quote),
    ``fuzzy`` (found with small edits; its quote follows the new text),
    ``orphan`` (newly orphaned), ``recovered`` (an orphan placed again) and
    ``still-orphan``.
    """

    document: int
    #: The id of the ``document_versions`` row keeping the old text (None: the text was the same).
    version: int | None = None
    claims: Counter[str] = field(default_factory=Counter)
    mentions: Counter[str] = field(default_factory=Counter)
    changes: Changes = field(default_factory=Changes)

    def carried(self, kind: str = "claims") -> int:
        counts: Counter[str] = getattr(self, kind)
        return sum(counts[m] for m in ("unchanged", "diff", "quote", "fuzzy", "recovered"))

    def moved(self, kind: str = "claims") -> int:
        counts: Counter[str] = getattr(self, kind)
        return sum(counts[m] for m in ("diff", "quote", "fuzzy", "recovered"))

    def orphaned(self, kind: str = "claims") -> int:
        return getattr(self, kind)["orphan"]

    def summary(self) -> str:
        """``5 claims carried over (2 moved, 1 with small edits), 1 orphaned; 3 mentions carried over``."""
        parts = []
        for kind in ("claims", "mentions"):
            counts: Counter[str] = getattr(self, kind)
            if not sum(counts.values()):
                continue
            noun = kind if self.carried(kind) != 1 else kind[:-1]
            text = f"{self.carried(kind)} {noun} carried over"
            details = []
            if self.moved(kind):
                details.append(f"{self.moved(kind)} moved")
            if counts["fuzzy"]:
                details.append(f"{counts['fuzzy']} with small edits")
            if details:
                text += f" ({', '.join(details)})"
            if self.orphaned(kind):
                text += f", {self.orphaned(kind)} orphaned"
            parts.append(text)
        return "; ".join(parts) or "no claims or mentions to carry over"


def _pairs(text: str) -> set[tuple[str, str]]:
    words = re.findall(r"\w+", text.casefold())
    return set(pairwise(words))


def similar_texts(old: str, new: str) -> float:
    """How much of the shorter text's word pairs the other holds (0: unrelated, 1: contained)."""
    a, b = _pairs(old), _pairs(new)
    if not a or not b:
        return 1.0 if old.strip() == new.strip() else 0.0
    return len(a & b) / min(len(a), len(b))


class VersionsMixin(ProjectBase):
    # ------------------------------------------------------------------ versions of a text

    def document_versions(self, document_id: int) -> list[DocumentVersion]:
        """The texts a document had before its current one, oldest first."""
        rows = self._conn.execute(
            "SELECT id, document_id, sha256, title, replaced, reason, length(text) "
            "FROM document_versions WHERE document_id = ? ORDER BY id",
            (document_id,),
        ).fetchall()
        return [
            DocumentVersion(r[0], r[1], n, r[2], r[3], r[4], r[5], r[6])
            for n, r in enumerate(rows, start=1)
        ]

    def document_version_text(self, version_id: int) -> str:
        """The text of one earlier version.

        :raises NotFound: no such version
        """
        row = self._conn.execute(
            "SELECT text FROM document_versions WHERE id = ?", (version_id,)
        ).fetchone()
        if row is None:
            raise NotFound(f"no document version with id {version_id}")
        return row[0]

    def edit_document_text(
        self, document_id: int, text: str, *, name: str = "Edit Text"
    ) -> TextChange:
        """Give a document a new text (one undo step); its claims and mentions follow it.

        The text is normalised as imports normalise (CR and CRLF become LF).
        The old text is kept as a version.

        :raises FormatError: an empty text, NUL characters, or over the size limit
        :raises ProjectError: another document has exactly this text
        """
        text = normalise_newlines(text)
        if not text.strip():
            raise FormatError("the new text is empty; delete the document instead")
        if "\x00" in text:
            raise FormatError("the new text contains NUL characters")
        limit = int(self.setting("max_article_chars", 10_000_000))
        if len(text) > limit:
            raise FormatError(
                f"the new text is too large ({len(text):,} characters; the limit is {limit:,})"
            )
        with self.write(name) as step:
            return self._replace_text(
                step, document_id, text, None, reason="edit", title=derive_title(text)
            )

    def reimport_target(self, document: Document) -> int | None:
        """The stored document an incoming one is a new version of, or None.

        The same relative source path (``file``), one document only, another
        text, and enough of the old text still in it (:data:`REIMPORT_SIMILARITY`):
        another article that merely has the same file name stays a new document.
        """
        if not document.file:
            return None
        rows = self._conn.execute(
            "SELECT id, sha256, text FROM documents WHERE deleted IS NULL AND file = ? LIMIT 2",
            (document.file,),
        ).fetchall()
        if len(rows) != 1 or self.existing_document(document.sha256) is not None:  # type: ignore[attr-defined]
            return None
        if similar_texts(rows[0][2], document.text) < REIMPORT_SIMILARITY:
            return None
        return rows[0][0]

    def reimport_document(
        self, document_id: int, document: Document, *, import_id: int | None = None
    ) -> TextChange:
        """Take an incoming document's text (and structure) as the new version of a stored one.

        Inside an open write it joins that step; otherwise it is its own
        ("Re-import Document").
        """
        with self.write("Re-import Document") as step:
            change = self._replace_text(
                step,
                document_id,
                document.text,
                list(document.structure),
                reason="re-import",
                import_id=import_id,
                encoding=document.encoding or None,
                title=document.title or None,
            )
        return change

    def reimport_documents(
        self, pairs: Sequence[tuple[int, Document]], *, name: str = "Re-import Documents"
    ) -> list[TextChange]:
        """Several :meth:`reimport_document` calls as one undo step."""
        with self.write(name):
            return [self.reimport_document(document_id, doc) for document_id, doc in pairs]

    def _replace_text(
        self,
        step: _Step,
        document_id: int,
        text: str,
        structure: list[StructureRange] | None,
        *,
        reason: str,
        import_id: int | None = None,
        encoding: str | None = None,
        title: str | None = None,
    ) -> TextChange:
        row = self._row("documents", document_id)
        if row is None or row["deleted"] is not None:
            raise NotFound(f"no document with id {document_id}")
        change = TextChange(document_id, changes=step.changes)
        sha = text_sha256(text)
        if sha == row["sha256"]:
            return change
        other = self.existing_document(sha)
        if other is not None and other != document_id:
            raise ProjectError(
                f"document {document_id}: the new text is exactly that of document {other}"
            )
        old = row["text"]
        now = utc_now()
        change.version = step.insert(
            "document_versions",
            {
                "document_id": document_id,
                "text": old,
                "sha256": row["sha256"],
                "title": row["title"],
                "structure": row["structure"],
                "replaced": now,
                "reason": reason,
                "coder_id": self.coder_id(),
                "import_id": import_id,
            },
        )
        diff = TextDiff(old, text)
        if structure is None:
            structure = []
            for s in json.loads(row["structure"]):
                mapped = diff.map_range(s["start"], s["end"])
                if mapped is not None:
                    structure.append(StructureRange(**{**s, "start": mapped[0], "end": mapped[1]}))
        values: dict[str, Any] = {
            "text": text,
            "sha256": sha,
            "structure": _json([s.to_json() for s in structure]),
            "modified": now,
        }
        if encoding:
            values["encoding"] = encoding
        if title and row["title"] == derive_title(
            old
        ):  # a title that came from the text follows it
            values["title"] = title
        step.update("documents", document_id, values)
        for table in _SPAN_TABLES:
            counts: Counter[str] = getattr(change, table)
            spans = self._conn.execute(
                f'SELECT id, start, "end", quote, prefix, suffix, orphaned FROM {table} '
                "WHERE document_id = ? ORDER BY id",
                (document_id,),
            ).fetchall()
            for span_id, start, end, quote, prefix, suffix, orphaned in spans:
                selector = Selector(start, end, quote, prefix, suffix)
                placement = place(selector, text, None if orphaned else diff)
                if placement.placed:
                    counts["recovered" if orphaned else placement.method] += 1
                    new_prefix, new_suffix = span_context(text, placement.start, placement.end)
                    step.update(
                        table,
                        span_id,
                        {
                            "start": placement.start,
                            "end": placement.end,
                            "quote": placement.quote,
                            "prefix": new_prefix,
                            "suffix": new_suffix,
                            "orphaned": None,
                        },
                    )
                elif orphaned:
                    counts["still-orphan"] += 1
                else:
                    counts["orphan"] += 1
                    step.update(table, span_id, {"orphaned": now})
        step.changes.documents.add(document_id)
        return change

    # ------------------------------------------------------------------ orphans

    def orphans(self, *, document: int | None = None, include_trash: bool = False) -> list[Orphan]:
        """Claims and mentions that lost their place, oldest first (of one document, or all)."""
        found: list[Orphan] = []
        for table in _SPAN_TABLES:
            # Documents in the trash are left out by their ids (an index), so that the few
            # orphans are found from their own index rather than document by document.
            where = (
                "s.orphaned IS NOT NULL "
                "AND s.document_id NOT IN (SELECT id FROM documents WHERE deleted IS NOT NULL)"
            )
            params: list[Any] = []
            if not include_trash:
                where += " AND s.deleted IS NULL"
            if document is not None:
                where += " AND s.document_id = ?"
                params.append(document)
            rows = self._conn.execute(
                f"SELECT s.id, s.uuid, s.document_id, s.quote, s.prefix, s.suffix, s.orphaned, "
                f"s.deleted FROM {table} s WHERE {where} ORDER BY s.orphaned, s.id",
                params,
            )
            found += [
                Orphan(table[:-1], r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7] is not None)
                for r in rows
            ]
        return sorted(found, key=lambda o: (o.since, o.kind, o.id))

    def reattach(self, kind: str, span_id: int, *, start: int, end: int) -> Changes:
        """Give an orphaned claim (``kind="claim"``) or mention a place in its document's text."""
        if kind not in ("claim", "mention"):
            raise ValueError(f"not a span kind: {kind!r}")
        table = kind + "s"
        row = self._conn.execute(
            f"SELECT document_id FROM {table} WHERE id = ?", (span_id,)
        ).fetchone()
        if row is None:
            raise NotFound(f"no {kind} with id {span_id}")
        with self.write(f"Re-attach {kind.title()}") as step:
            span = self._span(row[0], start, end, None)  # type: ignore[attr-defined]
            step.update(table, span_id, {**span, "orphaned": None, "modified": utc_now()})
            step.changes.documents.add(row[0])
        return step.changes
