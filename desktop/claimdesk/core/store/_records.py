"""Storing records as given, for JSON import and merges (inside an open write)."""

from __future__ import annotations

from claimdesk.core.model import (
    Actor,
    Claim,
    Document,
    Issue,
    Mention,
    Stance,
    Tag,
    Variable,
    utc_now,
)
from claimdesk.core.store._base import (
    ProjectBase,
    _json,
    _Step,
)


class RecordsMixin(ProjectBase):
    # ------------------------------------------------------------------ records from files and merges
    # These run inside an open ``write`` (JSON import, merge): ids are already the project's.

    _UUID_TABLES = frozenset(
        {
            "actors",
            "documents",
            "claims",
            "mentions",
            "stances",
            "issues",
            "tags",
            "variables",
            "coders",
        }
    )

    def record_id(self, table: str, uuid: str) -> int | None:
        """The id of the record of ``table`` with this uuid (in the trash or not)."""
        if table not in self._UUID_TABLES:
            raise ValueError(f"no uuids in {table}")
        row = self._conn.execute(f"SELECT id FROM {table} WHERE uuid = ?", (uuid,)).fetchone()
        return row[0] if row else None

    def in_trash(self, table: str, record_id: int) -> bool:
        """True when the record of ``table`` (one with a uuid) is in the trash."""
        if table not in self._UUID_TABLES or table == "coders":
            raise ValueError(f"no trash for {table}")
        row = self._conn.execute(
            f"SELECT deleted FROM {table} WHERE id = ?", (record_id,)
        ).fetchone()
        return bool(row and row[0])

    def record_uuid(self, table: str, record_id: int | None) -> str | None:
        if record_id is None:
            return None
        row = self._conn.execute(f"SELECT uuid FROM {table} WHERE id = ?", (record_id,)).fetchone()
        return row[0] if row else None

    def _open_step(self) -> _Step:
        if self._step is None:
            raise RuntimeError("records are stored inside Project.write()")
        return self._step

    def set_identity(self, *, uuid: str, name: str, memo: str, created: str) -> None:
        """Adopt another project's identity (a JSON export imported into an untouched project)."""
        self._open_step().update(
            "project",
            1,
            {"uuid": uuid, "name": name, "memo": memo, "created": created, "modified": utc_now()},
        )

    def delete_codebook_records(self) -> None:
        """Remove every codebook record of an untouched project (before adopting another codebook)."""
        step = self._open_step()
        for table in ("variables", "tags", "issues", "stances", "actor_types"):
            for (row_id,) in self._conn.execute(f"SELECT id FROM {table}").fetchall():
                step.delete(table, row_id)

    def store_stance(self, stance: Stance, position: int) -> int:
        return self._open_step().insert(
            "stances",
            {
                "uuid": stance.uuid,
                "label": stance.label,
                "value": stance.value,
                "color": stance.color,
                "key": stance.key,
                "description": stance.description,
                "position": position,
            },
        )

    def store_issue(self, issue: Issue, position: int) -> int:
        return self._open_step().insert(
            "issues",
            {
                "uuid": issue.uuid,
                "label": issue.label,
                "parent_id": issue.parent,
                "description": issue.description,
                "position": position,
            },
        )

    def store_tag(self, tag: Tag, position: int) -> int:
        return self._open_step().insert(
            "tags",
            {
                "uuid": tag.uuid,
                "label": tag.label,
                "category": tag.category,
                "color": tag.color,
                "description": tag.description,
                "position": position,
            },
        )

    def store_variable(self, variable: Variable, position: int) -> int:
        return self._open_step().insert(
            "variables",
            {
                "uuid": variable.uuid,
                "name": variable.name,
                "applies_to": variable.applies_to,
                "kind": variable.kind,
                "values": _json(variable.values),
                "description": variable.description,
                "position": position,
            },
        )

    def set_issue_parent(self, issue_id: int, parent_id: int | None) -> None:
        self._open_step().update("issues", issue_id, {"parent_id": parent_id})

    def store_actor(self, actor: Actor) -> int:
        now = utc_now()
        return self._open_step().insert(
            "actors",
            {
                "uuid": actor.uuid,
                "name": actor.name,
                "type": actor.type,
                "aliases": _json(actor.aliases),
                "parent_id": actor.parent,
                "color": actor.color,
                "notes": actor.notes,
                "created": actor.created or now,
                "modified": actor.modified or now,
            },
        )

    def set_actor_parent(self, actor_id: int, parent_id: int | None) -> None:
        self._open_step().update("actors", actor_id, {"parent_id": parent_id})

    def store_document(self, document: Document, *, import_id: int | None = None) -> int:
        document.id = self._open_step().insert(
            "documents", self._document_row(document, import_id, utc_now())
        )
        return document.id

    def store_claim(self, claim: Claim) -> int:
        """Store a claim as given (its span is checked against the text)."""
        span = self._span(claim.document, claim.start, claim.end, claim.quote)
        now = utc_now()
        claim.id = self._open_step().insert(
            "claims",
            {
                **span,
                "uuid": claim.uuid,
                "document_id": claim.document,
                "claimant_id": claim.claimant,
                "stance_id": claim.stance,
                "target_issue_id": claim.target_issue,
                "target_actor_id": claim.target_actor,
                "addressee_id": claim.addressee,
                "tags": _json(claim.tags),
                "variables": _json(claim.variables),
                "note": claim.note,
                "coder_id": claim.coder,
                "created": claim.created or now,
                "modified": claim.modified or now,
            },
        )
        return claim.id

    def store_mention(self, mention: Mention) -> int:
        span = self._span(mention.document, mention.start, mention.end, mention.quote)
        now = utc_now()
        mention.id = self._open_step().insert(
            "mentions",
            {
                **span,
                "uuid": mention.uuid,
                "document_id": mention.document,
                "actor_id": mention.actor,
                "coder_id": mention.coder,
                "created": mention.created or now,
                "modified": mention.modified or now,
            },
        )
        return mention.id

    def replace_claim(self, claim_id: int, claim: Claim) -> None:
        """Overwrite a stored claim with another version of it (a merge taking theirs).

        The claim leaves the trash if it was there; its span is checked against the text.
        """
        span = self._span(claim.document, claim.start, claim.end, claim.quote)
        self._open_step().update(
            "claims",
            claim_id,
            {
                **span,
                "document_id": claim.document,
                "claimant_id": claim.claimant,
                "stance_id": claim.stance,
                "target_issue_id": claim.target_issue,
                "target_actor_id": claim.target_actor,
                "addressee_id": claim.addressee,
                "tags": _json(claim.tags),
                "variables": _json(claim.variables),
                "note": claim.note,
                "coder_id": claim.coder,
                "modified": claim.modified or utc_now(),
                "deleted": None,
            },
        )

    def replace_mention(self, mention_id: int, mention: Mention) -> None:
        """Overwrite a stored mention with another version of it (a merge taking theirs)."""
        span = self._span(mention.document, mention.start, mention.end, mention.quote)
        self._open_step().update(
            "mentions",
            mention_id,
            {
                **span,
                "document_id": mention.document,
                "actor_id": mention.actor,
                "coder_id": mention.coder,
                "modified": mention.modified or utc_now(),
                "deleted": None,
            },
        )

    def is_untouched(self) -> bool:
        """True for a project with no documents, actors or claims, even in the trash."""
        return not any(
            self._conn.execute(f"SELECT 1 FROM {table} LIMIT 1").fetchone()
            for table in ("documents", "actors", "claims", "mentions")
        )
