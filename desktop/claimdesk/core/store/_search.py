"""Full-text search, statistics and integrity checks."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field

from claimdesk.core import search as _search
from claimdesk.core.store._base import (
    ProjectBase,
)
from claimdesk.core.text import span_context


@dataclass(slots=True)
class SearchHit:
    """One document found by :meth:`Project.search`."""

    document: int
    uuid: str
    title: str
    published: str | None
    snippet: str
    rank: float
    claims: list[int] = field(default_factory=list)


class SearchMixin(ProjectBase):
    # ------------------------------------------------------------------ search

    def search(
        self,
        query: str,
        *,
        raw: bool = False,
        limit: int = 100,
        marks: tuple[str, str] = ("[", "]"),
    ) -> list[SearchHit]:
        """Full-text search over titles, texts, memos, claim quotes and claim notes.

        Users type words, ``"phrases"``, ``OR``, ``-word`` and ``prefix*``;
        ``raw=True`` passes FTS5 syntax through. Results are ranked (bm25),
        best first, with a snippet whose matches are wrapped in ``marks``.

        >>> [hit.title for hit in project.search("Huawei 5G")][:1]
        ['VS wil met ‘gelijkgestemde’ landen 5G beveiligen']
        """
        fts = query if raw else _search.to_fts5(query)
        left, right = marks
        try:
            doc_rows = self._conn.execute(
                "SELECT d.id, d.uuid, d.title, d.published, "
                "snippet(documents_fts, 1, ?, ?, '…', 12), bm25(documents_fts, 10.0, 1.0, 1.0) AS r "
                "FROM documents_fts JOIN documents d ON d.id = documents_fts.rowid "
                "WHERE documents_fts MATCH ? AND d.deleted IS NULL ORDER BY r LIMIT ?",
                (left, right, fts, limit),
            ).fetchall()
            claim_rows = self._conn.execute(
                "SELECT c.id, c.document_id, snippet(claims_fts, -1, ?, ?, '…', 12), bm25(claims_fts) AS r "
                "FROM claims_fts JOIN claims c ON c.id = claims_fts.rowid "
                "JOIN documents d ON d.id = c.document_id "
                "WHERE claims_fts MATCH ? AND c.deleted IS NULL AND d.deleted IS NULL ORDER BY r LIMIT ?",
                (left, right, fts, limit),
            ).fetchall()
        except sqlite3.OperationalError as exc:
            raise _search.SearchSyntaxError(f"cannot search for {query!r}: {exc}") from exc
        hits: dict[int, SearchHit] = {
            r[0]: SearchHit(
                document=r[0], uuid=r[1], title=r[2], published=r[3], snippet=r[4], rank=r[5]
            )
            for r in doc_rows
        }
        for claim_id, document_id, snippet, rank in claim_rows:
            hit = hits.get(document_id)
            if hit is None:
                doc = self._conn.execute(
                    "SELECT uuid, title, published FROM documents WHERE id = ?", (document_id,)
                ).fetchone()
                hit = hits[document_id] = SearchHit(
                    document_id, doc[0], doc[1], doc[2], snippet, rank
                )
            hit.claims.append(claim_id)
        return sorted(hits.values(), key=lambda h: h.rank)[:limit]

    # ------------------------------------------------------------------ statistics and checks

    def counts(self) -> dict[str, int]:
        """How many documents, claims, mentions, actors and coders the project holds."""
        conn = self._conn
        return {
            table: conn.execute(f"SELECT COUNT(*) FROM {table} WHERE deleted IS NULL").fetchone()[0]
            for table in ("documents", "claims", "mentions", "actors")
        } | {"coders": conn.execute("SELECT COUNT(*) FROM coders").fetchone()[0]}

    def progress(self, coder: str | None = None) -> tuple[int, int]:
        """``(documents done by the coder, documents in the project)``."""
        coder_id = self.coder_id(coder)
        done = self._conn.execute(
            "SELECT COUNT(*) FROM document_status s JOIN documents d ON d.id = s.document_id "
            "WHERE s.coder_id = ? AND s.status = 'done' AND d.deleted IS NULL",
            (coder_id,),
        ).fetchone()[0]
        return done, self.document_count()

    def check(self) -> list[str]:
        """Every problem found in the file; an empty list means all is well.

        Runs SQLite's integrity and foreign-key checks, the full-text
        indexes' own checks, and checks that every claim's and mention's
        quote, prefix and suffix still match its document's text.
        """
        conn = self._conn
        problems = [
            f"integrity: {r[0]}" for r in conn.execute("PRAGMA integrity_check") if r[0] != "ok"
        ]
        problems += [
            f"foreign key: {r[0]} row {r[1]} refers to a missing {r[2]} row"
            for r in conn.execute("PRAGMA foreign_key_check")
        ]
        for index in ("documents_fts", "claims_fts"):
            try:
                conn.execute(
                    f"INSERT INTO {index}({index}, rank) VALUES ('integrity-check', 1)"
                ) if not self.readonly else None
            except sqlite3.DatabaseError as exc:
                problems.append(f"search index {index}: {exc}")
        texts: dict[int, str] = {}
        for table in ("claims", "mentions"):
            rows = conn.execute(
                f'SELECT id, uuid, document_id, start, "end", quote, prefix, suffix FROM {table} '
                "WHERE deleted IS NULL ORDER BY document_id"
            )
            for _row_id, uuid, doc_id, start, end, quote, prefix, suffix in rows:
                if doc_id not in texts:
                    texts.clear()
                    texts[doc_id] = conn.execute(
                        "SELECT text FROM documents WHERE id = ?", (doc_id,)
                    ).fetchone()[0]
                text = texts[doc_id]
                label = f"{table[:-1]} {uuid} (document {doc_id}, [{start}, {end}))"
                if text[start:end] != quote:
                    problems.append(
                        f"{label}: quote {quote!r} does not match the text {text[start:end]!r}"
                    )
                elif (prefix, suffix) != span_context(text, start, end):
                    problems.append(f"{label}: its prefix or suffix does not match the text")
        return problems
