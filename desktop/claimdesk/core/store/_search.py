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
    """One document found by :meth:`Project.search` (or, asked for, an actor or the project memo)."""

    document: int | None
    uuid: str
    title: str
    published: str | None
    snippet: str
    rank: float
    claims: list[int] = field(default_factory=list)
    #: ``document``; with ``notes=True`` also ``actor`` (name, aliases, notes) or ``project`` (its memo).
    kind: str = "document"
    #: The actor found, for ``kind == "actor"``.
    actor: int | None = None


class SearchMixin(ProjectBase):
    # ------------------------------------------------------------------ search

    def search(
        self,
        query: str,
        *,
        raw: bool = False,
        limit: int = 100,
        marks: tuple[str, str] = ("[", "]"),
        notes: bool = False,
    ) -> list[SearchHit]:
        """Full-text search over titles, texts, memos, claim quotes and claim notes.

        Users type words, ``"phrases"``, ``OR``, ``-word`` and ``prefix*``;
        ``raw=True`` passes FTS5 syntax through. Results are ranked (bm25),
        best first, with a snippet whose matches are wrapped in ``marks``.
        With ``notes=True``, actors (their names, aliases and notes) and the
        project memo are searched too and come after the documents, as hits
        of kind ``actor`` and ``project`` (see :meth:`search_notes`).

        >>> [hit.title for hit in project.search("Huawei 5G")][:1]
        ['VS wil met ‘gelijkgestemde’ landen 5G beveiligen']
        """
        fts = query if raw else _search.to_fts5(query)
        ranked, snippets, claim_snippets = self._ranked(
            query, fts, raw=raw, limit=limit, marks=marks
        )
        # Only the documents found are read (a document found only through its claims shows
        # the snippet of its best claim).
        details: dict[int, tuple[str, str, str | None]] = {}
        ids = [document_id for document_id, _, _, _ in ranked]
        for chunk in _chunks(ids):
            details.update(
                (r[0], (r[1], r[2], r[3]))
                for r in self._conn.execute(
                    "SELECT id, uuid, title, published FROM documents "
                    f"WHERE id IN ({','.join('?' * len(chunk))})",
                    chunk,
                )
            )
        found = []
        for document_id, rank, claims, first in ranked:
            uuid, title, published = details[document_id]
            snippet = (
                claim_snippets.get(first, "")
                if first is not None
                else snippets.get(document_id, "")
            )
            found.append(SearchHit(document_id, uuid, title, published, snippet, rank, claims))
        if notes:
            found += self.search_notes(query, raw=raw, limit=limit, marks=marks)
        return found

    def search_documents(self, query: str, *, raw: bool = False, limit: int = 1000) -> list[int]:
        """The ids of the documents :meth:`search` finds, best first, without reading them.

        What the window's search box lists: ranking only, so that it stays
        quick over ten thousand articles (no titles, no snippets).

        >>> project.search_documents("Huawei 5G")[:1] == [project.search("Huawei 5G")[0].document]
        True
        """
        fts = query if raw else _search.to_fts5(query)
        ranked, _, _ = self._ranked(query, fts, raw=raw, limit=limit)
        return [document_id for document_id, _, _, _ in ranked]

    def _ranked(
        self,
        query: str,
        fts: str,
        *,
        raw: bool,
        limit: int,
        marks: tuple[str, str] | None = None,
    ) -> tuple[list[tuple[int, float, list[int], int | None]], dict[int, str], dict[int, str]]:
        """``(document, rank, claims found in it, claim whose snippet stands for it)``, best first;
        with ``marks`` also the snippets of the documents and of the claims found.

        Documents match by title, text or memo, and by the quotes and notes of
        their claims; a document found only through claims takes the rank of
        its best claim (and that claim's snippet). FTS5 orders by its
        configured ``rank`` (bm25, titles weighing ten times the text) itself,
        and makes snippets only for the rows it hands out; the trash is left
        out by ids read from an index, rather than by reading every row found.
        """
        trashed = "SELECT id FROM documents WHERE deleted IS NOT NULL"
        snippet = "snippet({}, {}, ?, ?, '…', 12)" if marks else "''"
        try:
            doc_rows = self._conn.execute(
                f"SELECT rowid, rank, {snippet.format('documents_fts', 1)} FROM documents_fts "
                f"WHERE documents_fts MATCH ? AND rowid NOT IN ({trashed}) ORDER BY rank LIMIT ?",
                (*(marks or ()), fts, limit),
            ).fetchall()
        except sqlite3.OperationalError as exc:
            raise _search.SearchSyntaxError(f"cannot search for {query!r}: {exc}") from exc
        claim_rows: list[tuple[int, int, float, str]] = []
        try:
            # Best first from FTS5; claims in the trash, in trashed documents or no longer in
            # their text (orphans) are dropped a batch at a time (joining in SQL would make
            # SQLite sort, and snippet, them all).
            cursor = self._conn.execute(
                f"SELECT rowid, rank, {snippet.format('claims_fts', -1)} FROM claims_fts "
                "WHERE claims_fts MATCH ? ORDER BY rank",
                (*(marks or ()), fts),
            )
            while len(claim_rows) < limit and (batch := cursor.fetchmany(limit)):
                placed = dict(
                    self._conn.execute(
                        "SELECT id, document_id FROM claims WHERE deleted IS NULL "
                        f"AND orphaned IS NULL AND id IN ({','.join('?' * len(batch))}) "
                        f"AND document_id NOT IN ({trashed})",
                        [row[0] for row in batch],
                    ).fetchall()
                )
                claim_rows += [(r[0], placed[r[0]], r[1], r[2]) for r in batch if r[0] in placed]
            cursor.close()
        except sqlite3.OperationalError as exc:
            # A raw query may filter on a column only the documents have ("title:Huawei").
            if not raw:
                raise _search.SearchSyntaxError(f"cannot search for {query!r}: {exc}") from exc
            claim_rows = []
        hits: dict[int, tuple[int, float, list[int], int | None]] = {
            document_id: (document_id, rank, [], None) for document_id, rank, _ in doc_rows
        }
        for claim_id, document_id, rank, _ in claim_rows[:limit]:
            if document_id not in hits:
                hits[document_id] = (document_id, rank, [], claim_id)
            hits[document_id][2].append(claim_id)
        ranked = sorted(hits.values(), key=lambda hit: hit[1])[:limit]
        return (
            ranked,
            {document_id: text for document_id, _, text in doc_rows},
            {claim_id: text for claim_id, _, _, text in claim_rows},
        )

    def search_notes(
        self,
        query: str,
        *,
        raw: bool = False,
        limit: int = 100,
        marks: tuple[str, str] = ("[", "]"),
    ) -> list[SearchHit]:
        """Search the actors (name, aliases, notes) and the project memo; best first.

        >>> [(hit.kind, hit.title) for hit in project.search_notes("Huawei")][:1]
        [('actor', 'Huawei')]
        """
        fts = query if raw else _search.to_fts5(query)
        left, right = marks
        try:
            actors = self._conn.execute(
                "SELECT a.id, a.uuid, a.name, snippet(actors_fts, -1, ?, ?, '…', 12), "
                "bm25(actors_fts, 10.0, 5.0, 1.0) AS r FROM actors_fts "
                "JOIN actors a ON a.id = actors_fts.rowid "
                "WHERE actors_fts MATCH ? AND a.deleted IS NULL ORDER BY r LIMIT ?",
                (left, right, fts, limit),
            ).fetchall()
            memo = self._conn.execute(
                "SELECT p.uuid, p.name, snippet(project_fts, 1, ?, ?, '…', 12), "
                "bm25(project_fts) FROM project_fts JOIN project p ON p.id = project_fts.rowid "
                "WHERE project_fts MATCH ?",
                (left, right, fts),
            ).fetchall()
        except sqlite3.OperationalError as exc:
            raise _search.SearchSyntaxError(f"cannot search for {query!r}: {exc}") from exc
        hits = [
            SearchHit(None, r[1], r[2], None, _aliases_text(r[3]), r[4], kind="actor", actor=r[0])
            for r in actors
        ]
        hits += [SearchHit(None, r[0], r[1], None, r[2], r[3], kind="project") for r in memo]
        return hits

    # ------------------------------------------------------------------ statistics and checks

    def counts(self) -> dict[str, int]:
        """How many documents, claims, mentions, actors and coders the project holds.

        Claims and mentions that lost their place (orphans) are not counted.
        """
        conn = self._conn
        # Claims and mentions are kept counted by triggers (schema ``tallies``): the window
        # shows these counts after every edit, and half a million claims take long to count.
        tallied = dict(conn.execute("SELECT name, n FROM tallies").fetchall())
        return {
            table: tallied[table]
            if table in tallied
            else conn.execute(f"SELECT COUNT(*) FROM {table} WHERE deleted IS NULL").fetchone()[0]
            for table in ("documents", "claims", "mentions", "actors")
        } | {"coders": conn.execute("SELECT COUNT(*) FROM coders").fetchone()[0]}

    def progress(self, coder: str | None = None) -> tuple[int, int]:
        """``(documents done by the coder, documents in the project)``."""
        coder_id = self.coder_id(coder)
        done = self._conn.execute(
            # The trash is left out by its ids (from an index), not by reading each document's row.
            "SELECT COUNT(*) FROM document_status s WHERE s.coder_id = ? AND s.status = 'done' "
            "AND s.document_id NOT IN (SELECT id FROM documents WHERE deleted IS NOT NULL)",
            (coder_id,),
        ).fetchone()[0]
        return done, self.document_count()

    def check(self) -> list[str]:
        """Every problem found in the file; an empty list means all is well.

        Runs SQLite's integrity and foreign-key checks, the full-text
        indexes' own checks, and checks that every claim's and mention's
        quote, prefix and suffix still match its document's text (orphans,
        which lost their place when a text changed, keep their old quote).
        A file too damaged to be read through gives one problem naming the damage.
        """
        try:
            return self._check_file()
        except sqlite3.DatabaseError as exc:
            return [f"integrity: {exc}; restore the project from a backup"]

    def _check_file(self) -> list[str]:
        conn = self._conn
        problems = [
            f"integrity: {r[0]}" for r in conn.execute("PRAGMA integrity_check") if r[0] != "ok"
        ]
        problems += [
            f"foreign key: {r[0]} row {r[1]} refers to a missing {r[2]} row"
            for r in conn.execute("PRAGMA foreign_key_check")
        ]
        for index in ("documents_fts", "claims_fts", "actors_fts", "project_fts"):
            try:
                conn.execute(
                    f"INSERT INTO {index}({index}, rank) VALUES ('integrity-check', 1)"
                ) if not self.readonly else None
            except sqlite3.DatabaseError as exc:
                problems.append(f"search index {index}: {exc}")
        for table, tallied in conn.execute("SELECT name, n FROM tallies").fetchall():
            real = conn.execute(
                f"SELECT COUNT(*) FROM {table} WHERE deleted IS NULL AND orphaned IS NULL"
            ).fetchone()[0]
            if real != tallied:
                problems.append(f"count of {table}: kept as {tallied:,}, but there are {real:,}")
        texts: dict[int, str] = {}
        for table in ("claims", "mentions"):
            rows = conn.execute(
                f'SELECT id, uuid, document_id, start, "end", quote, prefix, suffix FROM {table} '
                "WHERE deleted IS NULL AND orphaned IS NULL ORDER BY document_id"
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


def _aliases_text(snippet: str) -> str:
    """A snippet of an actor's aliases (stored as a JSON list) as a reader would write them."""
    return snippet.replace('","', "; ").replace('["', "").replace('"]', "")


def _chunks(ids: list[int], size: int = 500) -> list[list[int]]:
    """``ids`` in pieces small enough for one ``IN (...)`` each."""
    return [ids[i : i + size] for i in range(0, len(ids), size)]
