"""The spans part of the store: claims, mentions and the trash."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
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


class SpansMixin(ProjectBase):
    # ------------------------------------------------------------------ spans: claims and mentions

    def _span(self, document_id: int, start: int, end: int, quote: str | None) -> dict[str, Any]:
        row = self._conn.execute(
            "SELECT text FROM documents WHERE id = ? AND deleted IS NULL", (document_id,)
        ).fetchone()
        if row is None:
            raise NotFound(f"no document with id {document_id}")
        text = row[0]
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
            tags=json.loads(r[13]),
            variables=json.loads(r[14]),
            note=r[15],
            coder=r[16],
            created=r[17],
            modified=r[18],
        )

    def claims(self, *, document: int | None = None) -> list[Claim]:
        """Claims not in the trash, of one document or of all, in text order."""
        if document is None:
            sql = f"SELECT {self._CLAIM_COLS} FROM claims WHERE deleted IS NULL ORDER BY document_id, start, id"
            rows = self._conn.execute(sql)
        else:
            sql = (
                f"SELECT {self._CLAIM_COLS} FROM claims WHERE deleted IS NULL AND document_id = ? "
                "ORDER BY start, id"
            )
            rows = self._conn.execute(sql, (document,))
        return [self._claim(r) for r in rows]

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
        """Mentions not in the trash, of one document or of all, in text order."""
        if document is None:
            rows = self._conn.execute(
                f"SELECT {self._MENTION_COLS} FROM mentions WHERE deleted IS NULL ORDER BY document_id, start, id"
            )
        else:
            rows = self._conn.execute(
                f"SELECT {self._MENTION_COLS} FROM mentions WHERE deleted IS NULL AND document_id = ? "
                "ORDER BY start, id",
                (document,),
            )
        return [self._mention(r) for r in rows]

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
