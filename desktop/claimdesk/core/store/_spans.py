"""The spans part of the store: claims, mentions and the trash."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from itertools import groupby
from operator import itemgetter
from typing import Any

from claimdesk.core.errors import (
    NotFound,
    ProjectError,
    ReadOnlyProject,
    SpanMismatch,
    SpanOutOfRange,
)
from claimdesk.core.model import (
    Changes,
    Claim,
    Mention,
    new_uuid,
    utc_now,
)
from claimdesk.core.store._base import (
    UNSET,
    ProjectBase,
    _json,
)
from claimdesk.core.text import span_context

#: The document id of a claim or mention row (``document_id`` is their third column).
_DOCUMENT = itemgetter(2)


class SpansMixin(ProjectBase):
    # ------------------------------------------------------------------ spans: claims and mentions

    def _span(self, document_id: int, start: int, end: int, quote: str | None) -> dict[str, Any]:
        row = self._conn.execute(
            "SELECT text FROM documents WHERE id = ? AND deleted IS NULL", (document_id,)
        ).fetchone()
        if row is None:
            raise NotFound(f"no document with id {document_id}")
        return self._span_in(row[0], start, end, quote)

    @staticmethod
    def _span_in(text: str, start: int, end: int, quote: str | None) -> dict[str, Any]:
        """The stored columns of span ``[start, end)`` of ``text``, checked against ``quote``."""
        if not (isinstance(start, int) and isinstance(end, int)) or not 0 <= start < end <= len(
            text
        ):
            raise SpanOutOfRange(
                f"span [{start}, {end}) is not inside the document's {len(text)} characters"
            )
        found = text[start:end]
        if quote is not None and quote != found:
            raise SpanMismatch(
                f"the quote {quote!r} is not the text at [{start}, {end}): {found!r}"
            )
        prefix, suffix = span_context(text, start, end)
        return {"start": start, "end": end, "quote": found, "prefix": prefix, "suffix": suffix}

    def add_claim(
        self,
        *,
        document: int,
        start: int,
        end: int,
        quote: str | None = None,
        claimant: int | None = None,
        stance: int | None = None,
        target_issue: int | None = None,
        target_actor: int | None = None,
        addressee: int | None = None,
        tags: Sequence[str] = (),
        variables: dict[str, Any] | None = None,
        note: str = "",
        uuid: str | None = None,
        coder: str | None = None,
    ) -> Changes:
        """Make ``[start, end)`` of a document a claim; ``changes.id`` is its id.

        The quote, and 32 characters of prefix and suffix, are taken from the
        text; a ``quote`` given must equal the text at those offsets.

        :raises SpanOutOfRange: offsets outside the text
        :raises SpanMismatch: ``quote`` differs from the text there
        """
        if target_issue is not None and target_actor is not None:
            raise ProjectError("a claim targets either an issue or an actor, not both")
        now = utc_now()
        with self.write("Add Claim") as step:
            row = self._span(document, start, end, quote)
            row.update(
                uuid=uuid or new_uuid(),
                document_id=document,
                claimant_id=claimant,
                stance_id=stance,
                target_issue_id=target_issue,
                target_actor_id=target_actor,
                addressee_id=addressee,
                tags=_json(list(tags)),
                variables=_json(variables or {}),
                note=note,
                coder_id=self.coder_id(coder),
                created=now,
                modified=now,
            )
            step.changes.id = step.insert("claims", row)
            step.changes.documents.add(document)
        return step.changes

    def add_claims(self, claims: Iterable[Claim], *, name: str = "Add Claims") -> Changes:
        """Store many claims as one undo step, in batched inserts; ``changes.claims`` holds their ids.

        Each claim gives its document, offsets and coding (``quote``, when not
        empty, must equal the text there); quote and context are taken from
        the text, the coder is the claim's or the project's current one.
        Synthetic corpora, bulk coding and scripts use it; one claim is
        :meth:`add_claim`.

        :raises SpanOutOfRange: a claim's offsets lie outside its text; nothing is stored
        """
        now = utc_now()
        current = self.coder_id()
        columns = (
            'uuid, document_id, start, "end", quote, prefix, suffix, claimant_id, stance_id, '
            "target_issue_id, target_actor_id, addressee_id, tags, variables, note, coder_id, "
            "created, modified"
        )

        def row(c: Claim, span: dict[str, Any]) -> tuple[Any, ...]:
            if c.target_issue is not None and c.target_actor is not None:
                raise ProjectError("a claim targets either an issue or an actor, not both")
            return (
                c.uuid or new_uuid(),
                c.document,
                span["start"],
                span["end"],
                span["quote"],
                span["prefix"],
                span["suffix"],
                c.claimant,
                c.stance,
                c.target_issue,
                c.target_actor,
                c.addressee,
                _json(list(c.tags)),
                _json(c.variables or {}),
                c.note,
                c.coder if c.coder is not None else current,
                c.created or now,
                c.modified or now,
            )

        return self._add_spans("claims", columns, claims, row, name)

    def add_mentions(self, mentions: Iterable[Mention], *, name: str = "Add Mentions") -> Changes:
        """Store many mentions as one undo step, in batched inserts (see :meth:`add_claims`)."""
        now = utc_now()
        current = self.coder_id()
        columns = (
            'uuid, document_id, start, "end", quote, prefix, suffix, actor_id, coder_id, '
            "created, modified"
        )

        def row(m: Mention, span: dict[str, Any]) -> tuple[Any, ...]:
            return (
                m.uuid or new_uuid(),
                m.document,
                span["start"],
                span["end"],
                span["quote"],
                span["prefix"],
                span["suffix"],
                m.actor,
                m.coder if m.coder is not None else current,
                m.created or now,
                m.modified or now,
            )

        return self._add_spans("mentions", columns, mentions, row, name)

    def _add_spans(
        self,
        table: str,
        columns: str,
        spans: Iterable[Any],
        row: Callable[[Any, dict[str, Any]], tuple[Any, ...]],
        name: str,
        batch: int = 5000,
    ) -> Changes:
        """Check spans against their texts (each text read once) and insert them in batches."""
        marks = ", ".join("?" * (columns.count(",") + 1))
        sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"
        with self.write(name) as step:
            texts: dict[int, str] = {}
            rows: list[tuple[Any, ...]] = []

            def flush() -> None:
                first = self._conn.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}").fetchone()
                self._conn.executemany(sql, rows)
                ids = [
                    r[0]
                    for r in self._conn.execute(
                        f"SELECT id FROM {table} WHERE id > ? ORDER BY id", (first[0],)
                    )
                ]
                step.inserted(table, ids)
                rows.clear()

            for span in spans:
                if span.document not in texts:
                    if len(texts) > 64:
                        texts.clear()
                    found = self._conn.execute(
                        "SELECT text FROM documents WHERE id = ? AND deleted IS NULL",
                        (span.document,),
                    ).fetchone()
                    if found is None:
                        raise NotFound(f"no document with id {span.document}")
                    texts[span.document] = found[0]
                    step.changes.documents.add(span.document)
                checked = self._span_in(
                    texts[span.document], span.start, span.end, span.quote or None
                )
                rows.append(row(span, checked))
                if len(rows) >= batch:
                    flush()
            if rows:
                flush()
        return step.changes

    _CLAIM_COLS = (
        'id, uuid, document_id, start, "end", quote, prefix, suffix, claimant_id, stance_id, '
        "target_issue_id, target_actor_id, addressee_id, tags, variables, note, coder_id, created, modified"
    )

    @staticmethod
    def _claim(r: Sequence[Any]) -> Claim:
        return Claim(
            id=r[0],
            uuid=r[1],
            document=r[2],
            start=r[3],
            end=r[4],
            quote=r[5],
            prefix=r[6],
            suffix=r[7],
            claimant=r[8],
            stance=r[9],
            target_issue=r[10],
            target_actor=r[11],
            addressee=r[12],
            # Most claims have neither: no JSON to parse (a thousand claims open faster).
            tags=json.loads(r[13]) if r[13] != "[]" else [],
            variables=json.loads(r[14]) if r[14] != "{}" else {},
            note=r[15],
            coder=r[16],
            created=r[17],
            modified=r[18],
        )

    def claims(self, *, document: int | None = None) -> list[Claim]:
        """Claims not in the trash, of one document or of all, in text order.

        Orphans (claims that lost their place when the text changed) are left
        out: see :meth:`Project.orphans`.
        """
        if document is None:
            sql = (
                f"SELECT {self._CLAIM_COLS} FROM claims WHERE deleted IS NULL "
                "AND orphaned IS NULL ORDER BY document_id, start, id"
            )
            rows = self._conn.execute(sql)
        else:
            sql = (
                f"SELECT {self._CLAIM_COLS} FROM claims WHERE deleted IS NULL AND document_id = ? "
                "AND orphaned IS NULL ORDER BY start, id"
            )
            rows = self._conn.execute(sql, (document,))
        return [self._claim(r) for r in rows]

    def claims_by_document(self, document_ids: Sequence[int]) -> dict[int, list[Claim]]:
        """The claims of several documents at once, as :meth:`claims` gives each: ``{id: [...]}``.

        One query per 500 documents instead of one per document (exports
        stream the corpus this way). Documents without claims are left out.
        """
        rows = self.claim_rows_by_document(document_ids)
        return {document: [self._claim(r) for r in spans] for document, spans in rows.items()}

    def mentions_by_document(self, document_ids: Sequence[int]) -> dict[int, list[Mention]]:
        """The mentions of several documents at once (see :meth:`claims_by_document`)."""
        rows = self.mention_rows_by_document(document_ids)
        return {document: [self._mention(r) for r in spans] for document, spans in rows.items()}

    #: The columns of :meth:`claim_rows_by_document`, in order.
    CLAIM_COLUMNS = tuple(c.strip().strip('"') for c in _CLAIM_COLS.split(","))

    def claim_rows_by_document(self, document_ids: Sequence[int]) -> dict[int, list[tuple]]:
        """:meth:`claims_by_document` as the stored rows, for exports that turn them into
        records of their own without making :class:`Claim` objects first.

        Each row holds :attr:`CLAIM_COLUMNS`; ``tags`` and ``variables`` are JSON text.
        """
        return self._span_rows_by_document("claims", self._CLAIM_COLS, document_ids)

    def mention_rows_by_document(self, document_ids: Sequence[int]) -> dict[int, list[tuple]]:
        """:meth:`mentions_by_document` as the stored rows (:attr:`MENTION_COLUMNS`)."""
        return self._span_rows_by_document("mentions", self._MENTION_COLS, document_ids)

    def _span_rows_by_document(
        self, table: str, columns: str, document_ids: Sequence[int]
    ) -> dict[int, list[tuple]]:
        found: dict[int, list[tuple]] = {}
        ids = list(document_ids)
        for begin in range(0, len(ids), 500):
            chunk = ids[begin : begin + 500]
            rows = self._conn.execute(
                f"SELECT {columns} FROM {table} WHERE deleted IS NULL AND orphaned IS NULL "
                f"AND document_id IN ({','.join('?' * len(chunk))}) "
                "ORDER BY document_id, start, id",
                chunk,
            ).fetchall()
            # Rows come ordered by document (column 2): one list per run of equal ids.
            found.update((document, list(spans)) for document, spans in groupby(rows, _DOCUMENT))
        return found

    def claim(self, claim_id: int) -> Claim:
        row = self._conn.execute(
            f"SELECT {self._CLAIM_COLS} FROM claims WHERE id = ?", (claim_id,)
        ).fetchone()
        if row is None:
            raise NotFound(f"no claim with id {claim_id}")
        return self._claim(row)

    def update_claim(
        self,
        claim_id: int,
        *,
        claimant: int | None = UNSET,
        stance: int | None = UNSET,
        target_issue: int | None = UNSET,
        target_actor: int | None = UNSET,
        addressee: int | None = UNSET,
        tags: Sequence[str] = UNSET,
        variables: dict[str, Any] = UNSET,
        note: str = UNSET,
        name: str = "Edit Claim",
    ) -> Changes:
        """Change a claim's coding; arguments left out stay, None clears.

        Setting one kind of target clears the other.
        """
        values: dict[str, Any] = {}
        for key, value in (
            ("claimant_id", claimant),
            ("stance_id", stance),
            ("addressee_id", addressee),
            ("note", note),
        ):
            if value is not UNSET:
                values[key] = value
        if target_issue is not UNSET:
            values["target_issue_id"] = target_issue
            if target_issue is not None:
                values["target_actor_id"] = None
        if target_actor is not UNSET:
            values["target_actor_id"] = target_actor
            if target_actor is not None:
                values["target_issue_id"] = None
        if tags is not UNSET:
            values["tags"] = _json(list(tags))
        if variables is not UNSET:
            values["variables"] = _json(variables)
        with self.write(name) as step:
            if values:
                step.update("claims", claim_id, {**values, "modified": utc_now()})
                step.changes.documents.add(self.claim(claim_id).document)
        return step.changes

    def move_claim(self, claim_id: int, *, start: int, end: int) -> Changes:
        """Give a claim new offsets in its document (its quote and context follow)."""
        claim = self.claim(claim_id)
        with self.write("Move Claim") as step:
            span = self._span(claim.document, start, end, None)
            step.update("claims", claim_id, {**span, "modified": utc_now()})
            step.changes.documents.add(claim.document)
        return step.changes

    def delete_claims(self, claim_ids: Iterable[int]) -> Changes:
        """Move claims to the trash."""
        return self._soft_delete("claims", claim_ids, "Delete Claim")

    def restore_claims(self, claim_ids: Iterable[int]) -> Changes:
        return self._restore("claims", claim_ids, "Restore Claim")

    _MENTION_COLS = 'id, uuid, document_id, start, "end", actor_id, quote, prefix, suffix, coder_id, created, modified'
    #: The columns of :meth:`mention_rows_by_document`, in order.
    MENTION_COLUMNS = tuple(c.strip().strip('"') for c in _MENTION_COLS.split(","))

    @staticmethod
    def _mention(r: Sequence[Any]) -> Mention:
        return Mention(
            id=r[0],
            uuid=r[1],
            document=r[2],
            start=r[3],
            end=r[4],
            actor=r[5],
            quote=r[6],
            prefix=r[7],
            suffix=r[8],
            coder=r[9],
            created=r[10],
            modified=r[11],
        )

    def add_mention(
        self,
        *,
        document: int,
        start: int,
        end: int,
        actor: int | None,
        quote: str | None = None,
        uuid: str | None = None,
        coder: str | None = None,
    ) -> Changes:
        """Tag ``[start, end)`` as a mention of an actor; ``changes.id`` is its id."""
        now = utc_now()
        with self.write("Add Mention") as step:
            row = self._span(document, start, end, quote)
            row.update(
                uuid=uuid or new_uuid(),
                document_id=document,
                actor_id=actor,
                coder_id=self.coder_id(coder),
                created=now,
                modified=now,
            )
            step.changes.id = step.insert("mentions", row)
            step.changes.documents.add(document)
        return step.changes

    def mentions(self, *, document: int | None = None) -> list[Mention]:
        """Mentions not in the trash (nor orphaned), of one document or of all, in text order."""
        if document is None:
            rows = self._conn.execute(
                f"SELECT {self._MENTION_COLS} FROM mentions WHERE deleted IS NULL "
                "AND orphaned IS NULL ORDER BY document_id, start, id"
            )
        else:
            rows = self._conn.execute(
                f"SELECT {self._MENTION_COLS} FROM mentions WHERE deleted IS NULL AND document_id = ? "
                "AND orphaned IS NULL ORDER BY start, id",
                (document,),
            )
        return [self._mention(r) for r in rows]

    def mention(self, mention_id: int) -> Mention:
        """One mention, in the trash or not."""
        row = self._conn.execute(
            f"SELECT {self._MENTION_COLS} FROM mentions WHERE id = ?", (mention_id,)
        ).fetchone()
        if row is None:
            raise NotFound(f"no mention with id {mention_id}")
        return self._mention(row)

    def update_mention(self, mention_id: int, *, actor: int | None) -> Changes:
        with self.write("Edit Mention") as step:
            step.update("mentions", mention_id, {"actor_id": actor, "modified": utc_now()})
        return step.changes

    def restore_mentions(self, mention_ids: Iterable[int]) -> Changes:
        return self._restore("mentions", mention_ids, "Restore Mention")

    def delete_mentions(self, mention_ids: Iterable[int]) -> Changes:
        return self._soft_delete("mentions", mention_ids, "Delete Mention")

    # ------------------------------------------------------------------ trash

    def trash(self) -> dict[str, list[dict[str, Any]]]:
        """What is in the trash: ``{"documents": [...], "claims": [...], ...}`` with labels."""
        conn = self._conn
        return {
            "documents": [
                dict(id=r[0], label=r[1], deleted=r[2])
                for r in conn.execute(
                    "SELECT id, title, deleted FROM documents WHERE deleted IS NOT NULL ORDER BY deleted DESC"
                )
            ],
            "claims": [
                dict(id=r[0], label=r[1], deleted=r[2])
                for r in conn.execute(
                    "SELECT id, quote, deleted FROM claims WHERE deleted IS NOT NULL ORDER BY deleted DESC"
                )
            ],
            "mentions": [
                dict(id=r[0], label=r[1], deleted=r[2])
                for r in conn.execute(
                    "SELECT id, quote, deleted FROM mentions WHERE deleted IS NOT NULL ORDER BY deleted DESC"
                )
            ],
            "actors": [
                dict(id=r[0], label=r[1], deleted=r[2])
                for r in conn.execute(
                    "SELECT id, name, deleted FROM actors WHERE deleted IS NOT NULL ORDER BY deleted DESC"
                )
            ],
        }

    def empty_trash(self) -> int:
        """Delete for good what is in the trash (this cannot be undone); returns the number of records."""
        if self.readonly:
            raise ReadOnlyProject(f"{self.path}: the project is open read-only")
        conn = self._conn
        with self._autocommit():
            gone_docs = "SELECT id FROM documents WHERE deleted IS NOT NULL"
            count = 0
            for table in ("claims", "mentions"):
                count += conn.execute(
                    f"DELETE FROM {table} WHERE deleted IS NOT NULL OR document_id IN ({gone_docs})"
                ).rowcount
            conn.execute(f"DELETE FROM document_status WHERE document_id IN ({gone_docs})")
            gone_actors = "SELECT id FROM actors WHERE deleted IS NOT NULL"
            for column in ("claimant_id", "target_actor_id", "addressee_id"):
                conn.execute(f"UPDATE claims SET {column} = NULL WHERE {column} IN ({gone_actors})")
            conn.execute(f"UPDATE mentions SET actor_id = NULL WHERE actor_id IN ({gone_actors})")
            conn.execute(f"UPDATE actors SET parent_id = NULL WHERE parent_id IN ({gone_actors})")
            count += conn.execute("DELETE FROM actors WHERE deleted IS NOT NULL").rowcount
            count += conn.execute("DELETE FROM documents WHERE deleted IS NOT NULL").rowcount
            # Undo images may refer to rows that no longer exist: the history ends here.
            conn.execute("DELETE FROM undo_rows")
            conn.execute("DELETE FROM undo_steps")
        return count
