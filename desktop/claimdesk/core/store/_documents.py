"""The documents part of the store: reading, importing in batches, editing, statuses."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

from claimdesk.core.errors import (
    NotFound,
    ProjectError,
    ReadOnlyProject,
)
from claimdesk.core.model import (
    STATUSES,
    Changes,
    Document,
    DocumentSummary,
    StructureRange,
    new_uuid,
    utc_now,
)
from claimdesk.core.schema import (
    DOCUMENTS_FTS_INSERT_TRIGGER,
)
from claimdesk.core.store._base import (
    IMPORT_BATCH,
    IMPORT_BATCH_CHARS,
    UNSET,
    ProjectBase,
    _json,
    _raise_storage_error,
)


@dataclass(slots=True)
class ImportResult:
    """What :meth:`Project.import_documents` wrote and skipped."""

    imported: list[int] = field(default_factory=list)
    #: ``(document, id of the stored document with the same text)``
    duplicates: list[tuple[Document, int]] = field(default_factory=list)
    cancelled: bool = False
    import_id: int | None = None
    changes: Changes = field(default_factory=Changes)


class DocumentsMixin(ProjectBase):
    # ------------------------------------------------------------------ documents

    _DOC_COLS = (
        "id, uuid, title, text, published, source, language, url, file, other_files, encoding, "
        "sha256, metadata, variables, structure, memo, created, modified"
    )

    @staticmethod
    def _document(r: Sequence[Any]) -> Document:
        return Document(
            id=r[0],
            uuid=r[1],
            title=r[2],
            text=r[3],
            published=r[4],
            source=r[5],
            language=r[6],
            url=r[7],
            file=r[8],
            other_files=json.loads(r[9]),
            encoding=r[10],
            sha256=r[11],
            metadata=json.loads(r[12]),
            variables=json.loads(r[13]),
            structure=[StructureRange(**s) for s in json.loads(r[14])],
            memo=r[15],
            created=r[16],
            modified=r[17],
        )

    def document(self, document_id: int) -> Document:
        """One document with its text and metadata.

        :raises NotFound: no such document
        """
        row = self._conn.execute(
            f"SELECT {self._DOC_COLS} FROM documents WHERE id = ?", (document_id,)
        ).fetchone()
        if row is None:
            raise NotFound(f"no document with id {document_id}")
        return self._document(row)

    def document_id(self, ref: str | int) -> int:
        """The id of a document given its id, its uuid (or a unique uuid prefix) or its file name."""
        if isinstance(ref, int) or str(ref).isdigit():
            row = self._conn.execute(
                "SELECT id FROM documents WHERE id = ?", (int(ref),)
            ).fetchone()
            if row:
                return row[0]
        rows = self._conn.execute(
            "SELECT id FROM documents WHERE deleted IS NULL AND (uuid LIKE ? OR file = ?) LIMIT 2",
            (f"{ref}%", str(ref)),
        ).fetchall()
        if len(rows) != 1:
            raise NotFound(f"no single document matches {ref!r}")
        return rows[0][0]

    def iter_documents(self, *, ids: Iterable[int] | None = None) -> Iterator[Document]:
        """Every document not in the trash (or those of ``ids``), in import order, one at a time."""
        for row in self.document_rows(ids=ids):
            yield self._document(row)

    def document_rows(self, *, ids: Iterable[int] | None = None) -> Iterator[tuple]:
        """:meth:`iter_documents` as the stored rows (``Project.DOCUMENT_COLUMNS``), one at a time.

        ``other_files``, ``metadata``, ``variables`` and ``structure`` are JSON
        text (:func:`json_value` reads them).

        :param ids: these documents, in this order (default: every document not
            in the trash, in import order)
        :raises NotFound: an id of no document
        """
        columns = self._DOC_COLS
        if ids is None:
            cur = self._conn.execute(
                f"SELECT {columns} FROM documents WHERE deleted IS NULL ORDER BY id"
            )
            while batch := cur.fetchmany(200):
                yield from batch
            return
        ids = list(ids)
        for begin in range(0, len(ids), 200):
            chunk = ids[begin : begin + 200]
            marks = ",".join("?" * len(chunk))
            rows = {
                r[0]: r
                for r in self._conn.execute(
                    f"SELECT {columns} FROM documents WHERE id IN ({marks})", chunk
                )
            }
            for document_id in chunk:
                if document_id not in rows:
                    raise NotFound(f"no document with id {document_id}")
                yield rows[document_id]

    def document_count(self) -> int:
        return self._conn.execute(
            "SELECT COUNT(*) FROM documents WHERE deleted IS NULL"
        ).fetchone()[0]

    _SORTS: ClassVar[dict[str, str]] = {
        "published": "published {dir} NULLS LAST, id",
        "title": "title COLLATE NOCASE {dir}, id",
        "source": "source COLLATE NOCASE {dir}, id",
        "id": "id {dir}",
        "claims": "(SELECT COUNT(*) FROM claims c WHERE c.document_id = documents.id "
        "AND c.deleted IS NULL AND c.orphaned IS NULL) {dir}, id",
        "characters": "length(text) {dir}, id",
        "language": "language {dir} NULLS LAST, id",
    }

    def document_ids(
        self, *, sort: str = "id", descending: bool = False, filter_text: str = ""
    ) -> list[int]:
        """The ids of documents not in the trash, sorted, optionally filtered by title, source or file."""
        order = self._SORTS.get(sort, self._SORTS["id"]).format(dir="DESC" if descending else "ASC")
        where, params = "deleted IS NULL", []
        if filter_text.strip():
            where += " AND (title LIKE ? OR source LIKE ? OR file LIKE ? OR published LIKE ?)"
            like = f"%{filter_text.strip()}%"
            params = [like, like, like, like]
        return [
            r[0]
            for r in self._conn.execute(
                f"SELECT id FROM documents WHERE {where} ORDER BY {order}", params
            )
        ]

    def document_summaries(
        self, ids: Sequence[int] | None = None, *, coder: str | None = None
    ) -> list[DocumentSummary]:
        """List rows (no text) for ``ids`` in that order, or for every document by id."""
        coder_id = self.coder_id(coder) if coder or not self.readonly else None
        sql = (
            "SELECT d.id, d.uuid, d.title, d.published, d.source, d.file, length(d.text), "
            "(SELECT COUNT(*) FROM claims c WHERE c.document_id = d.id AND c.deleted IS NULL "
            "AND c.orphaned IS NULL), "
            "COALESCE((SELECT status FROM document_status s WHERE s.document_id = d.id "
            "AND s.coder_id = ?), 'todo'), d.language FROM documents d "
        )
        if ids is None:
            rows = self._conn.execute(sql + "WHERE d.deleted IS NULL ORDER BY d.id", (coder_id,))
            return [DocumentSummary(*r) for r in rows]
        found: dict[int, DocumentSummary] = {}
        ids = list(ids)
        for chunk_start in range(0, len(ids), 500):
            chunk = ids[chunk_start : chunk_start + 500]
            marks = ",".join("?" * len(chunk))
            for r in self._conn.execute(sql + f"WHERE d.id IN ({marks})", (coder_id, *chunk)):
                found[r[0]] = DocumentSummary(*r)
        return [found[i] for i in ids if i in found]

    def visible_documents(self, document_ids: Iterable[int]) -> set[int]:
        """Those of ``document_ids`` that exist and are not in the trash."""
        ids = list(document_ids)
        found: set[int] = set()
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            found.update(
                r[0]
                for r in self._conn.execute(
                    f"SELECT id FROM documents WHERE deleted IS NULL AND id IN ({marks})", chunk
                )
            )
        return found

    def existing_document(self, sha256: str) -> int | None:
        """The id of the stored document (not in the trash) whose text has this hash."""
        row = self._conn.execute(
            "SELECT id FROM documents WHERE sha256 = ? AND deleted IS NULL", (sha256,)
        ).fetchone()
        return row[0] if row else None

    def document_files(self) -> set[str]:
        """The source files (``file``) of the documents not in the trash, read from an index."""
        return {
            r[0]
            for r in self._conn.execute("SELECT DISTINCT file FROM documents WHERE deleted IS NULL")
        }

    def _document_row(self, doc: Document, import_id: int | None, now: str) -> dict[str, Any]:
        return {
            "uuid": doc.uuid,
            "title": doc.title,
            "text": doc.text,
            "published": doc.published,
            "source": doc.source,
            "language": doc.language,
            "url": doc.url,
            "file": doc.file,
            "other_files": _json(doc.other_files) if doc.other_files else "[]",
            "encoding": doc.encoding,
            "sha256": doc.sha256,
            "metadata": _json(doc.metadata) if doc.metadata else "{}",
            "variables": _json(doc.variables) if doc.variables else "{}",
            "structure": _json([s.to_json() for s in doc.structure]),
            "memo": doc.memo,
            "import_id": import_id,
            "created": doc.created or now,
            "modified": doc.modified or now,
        }

    def import_documents(
        self,
        documents: Iterable[Document],
        *,
        source: str = "",
        name: str = "Import Documents",
        batch_size: int = IMPORT_BATCH,
        progress: Callable[[int], None] | None = None,
        cancel: Callable[[], bool] | None = None,
    ) -> ImportResult:
        """Store documents in batches, skipping those whose text is already in the project.

        The whole run is one undo step, although each batch of ``batch_size``
        (or of ``IMPORT_BATCH_CHARS`` characters of text) is committed on its own
        so that a long import can be cancelled and what was committed stays. The
        full-text index is filled once per batch instead of row by row (measured:
        twice as fast).

        :param progress: called with the number of documents handled so far
        :param cancel: polled between batches; True stops after the current batch
        """
        if self.readonly:
            raise ReadOnlyProject(f"{self.path}: the project is open read-only")
        result = ImportResult()
        result.changes.name = name
        coder_id = self.coder_id()
        seen: dict[str, int] = {}
        now = utc_now()
        batch: list[Document] = []
        batch_chars = 0
        handled = 0
        step_id: int | None = None

        def flush() -> None:
            nonlocal batch, batch_chars, step_id
            if not batch:
                return
            step_id = self._write_import_batch(batch, result, seen, now, step_id, name)
            batch, batch_chars = [], 0

        with self._autocommit():
            result.import_id = self._conn.execute(
                "INSERT INTO imports (uuid, started, coder_id, source) VALUES (?, ?, ?, ?)",
                (new_uuid(), now, coder_id, source),
            ).lastrowid
        for doc in documents:
            batch.append(doc)
            batch_chars += len(doc.text)
            handled += 1
            if len(batch) >= batch_size or batch_chars >= IMPORT_BATCH_CHARS:
                flush()
                if progress:
                    progress(handled)
                if cancel and cancel():
                    result.cancelled = True
                    break
        if not result.cancelled:
            flush()
            if progress:
                progress(handled)
        with self._autocommit():
            self._conn.execute(
                "UPDATE imports SET finished = ?, report = ? WHERE id = ?",
                (
                    utc_now(),
                    _json(
                        {
                            "imported": len(result.imported),
                            "duplicates": len(result.duplicates),
                            "cancelled": result.cancelled,
                        }
                    ),
                    result.import_id,
                ),
            )
        result.changes.step = step_id
        return result

    def _write_import_batch(
        self,
        batch: list[Document],
        result: ImportResult,
        seen: dict[str, int],
        now: str,
        step_id: int | None,
        name: str,
    ) -> int | None:
        """Write one batch and log it as part of the run's undo step, in one transaction.

        Returns the id of the run's undo step (created with the first batch that changed anything).
        """
        rows = []
        fresh: dict[str, Document] = {}
        # Files whose text is that of another file of this batch: noted once its id is known.
        repeats: list[Document] = []
        entries: list[tuple[str, int, str | None]] = []
        self._check_lock()
        self._begin()
        try:
            for doc in batch:
                if doc.sha256 in fresh:
                    repeats.append(doc)
                    continue
                existing = seen.get(doc.sha256) or self.existing_document(doc.sha256)
                if existing is not None:
                    result.duplicates.append((doc, existing))
                    self._note_other_file(existing, doc.file, entries)
                    continue
                rows.append(self._document_row(doc, result.import_id, now))
                fresh[doc.sha256] = doc
            if rows:
                max_before = self._conn.execute(
                    "SELECT COALESCE(MAX(id), 0) FROM documents"
                ).fetchone()[0]
                self._conn.execute("DROP TRIGGER documents_ai")
                # Plain executemany: sqlite-utils' insert_all costs about a third more here (measured).
                columns = list(rows[0])
                self._conn.executemany(
                    f"INSERT INTO documents ({', '.join(columns)}) "
                    f"VALUES ({', '.join('?' * len(columns))})",
                    [tuple(row.values()) for row in rows],
                )
                ids = [
                    r[0]
                    for r in self._conn.execute(
                        "SELECT id FROM documents WHERE id > ? ORDER BY id", (max_before,)
                    )
                ]
                # The full-text index from the values at hand: reading the texts back from
                # the rows just written costs a tenth more (measured).
                self._conn.executemany(
                    "INSERT INTO documents_fts(rowid, title, text, memo) VALUES (?, ?, ?, ?)",
                    [
                        (i, d.title, d.text, d.memo)
                        for i, d in zip(ids, fresh.values(), strict=True)
                    ],
                )
                self._conn.execute(DOCUMENTS_FTS_INSERT_TRIGGER)
                for doc, doc_id in zip(fresh.values(), ids, strict=True):
                    doc.id = doc_id
                    seen[doc.sha256] = doc_id
                entries.extend(("documents", i, None) for i in ids)
                result.imported.extend(ids)
                result.changes.documents.update(ids)
                result.changes.count += len(ids)
            for doc in repeats:
                first = fresh[doc.sha256].id
                assert first is not None
                result.duplicates.append((doc, first))
                self._note_other_file(first, doc.file, entries)
            if entries:
                if step_id is None:
                    # The run's record goes first, so undo removes it last and redo writes it first.
                    step_id = self._log_step(name, [("imports", result.import_id, None), *entries])
                else:
                    self._conn.executemany(
                        "INSERT INTO undo_rows (step_id, tbl, row_id, before) VALUES (?, ?, ?, ?)",
                        [(step_id, tbl, row_id, before) for tbl, row_id, before in entries],
                    )
            self._conn.execute("COMMIT")
        except sqlite3.DatabaseError as exc:  # a full disk, a damaged file: said in words
            if self._conn.in_transaction:
                self._conn.execute("ROLLBACK")
            _raise_storage_error(exc, self.path)
        except BaseException:
            self._conn.execute("ROLLBACK")
            raise
        return step_id

    def _note_other_file(
        self, document_id: int, file: str, entries: list[tuple[str, int, str | None]]
    ) -> None:
        """Add ``file`` to a document's other files, logging its before-image in ``entries``."""
        if not file:
            return
        before = self._row("documents", document_id)
        if before is None:
            return
        others = json.loads(before["other_files"])
        if file != before["file"] and file not in others:
            others.append(file)
            entries.append(("documents", document_id, json.dumps(before, ensure_ascii=False)))
            self._conn.execute(
                "UPDATE documents SET other_files = ? WHERE id = ?", (_json(others), document_id)
            )

    def add_document(self, document: Document) -> Changes:
        """Store one document (no duplicate check beyond the unique text hash); ``changes.id`` is its id."""
        with self.write("Add Document") as step:
            if self.existing_document(document.sha256) is not None:
                raise ProjectError(
                    f"{document.title or document.file}: the same text is already in the project"
                )
            step.changes.id = document.id = step.insert(
                "documents", self._document_row(document, None, utc_now())
            )
        return step.changes

    def update_document(
        self,
        document_id: int,
        *,
        title: str = UNSET,
        published: str | None = UNSET,
        source: str = UNSET,
        language: str | None = UNSET,
        url: str = UNSET,
        memo: str = UNSET,
        metadata: dict[str, Any] = UNSET,
        variables: dict[str, Any] = UNSET,
    ) -> Changes:
        """Edit a document's metadata (never its text); arguments left out stay as they are."""
        values: dict[str, Any] = {}
        for key, value in (
            ("title", title),
            ("published", published),
            ("source", source),
            ("language", language),
            ("url", url),
            ("memo", memo),
        ):
            if value is not UNSET:
                values[key] = value
        if metadata is not UNSET:
            values["metadata"] = _json(metadata)
        if variables is not UNSET:
            values["variables"] = _json(variables)
        if "published" in values:
            from claimdesk.core.dates import parse_date

            # An emptied date field clears the date ("" is no date the export could carry).
            published = values["published"]
            values["published"] = parse_date(published) if published else None
        return self._edit_row("Edit Document", "documents", document_id, values, stamp=True)

    def delete_documents(self, document_ids: Iterable[int]) -> Changes:
        """Move documents (and so their claims and mentions) to the trash."""
        return self._soft_delete("documents", document_ids, "Delete Document")

    def restore_documents(self, document_ids: Iterable[int]) -> Changes:
        return self._restore("documents", document_ids, "Restore Document")

    def set_status(self, document_id: int, status: str, *, coder: str | None = None) -> Changes:
        """Set a document's coding status (``todo``, ``in-progress``, ``done``) for a coder."""
        if status not in STATUSES:
            raise ProjectError(f"unknown status {status!r}; use one of {', '.join(STATUSES)}")
        coder_id = self.coder_id(coder)
        with self.write("Mark Document " + status.replace("-", " ").title()) as step:
            row = self._conn.execute(
                "SELECT id FROM document_status WHERE document_id = ? AND coder_id = ?",
                (document_id, coder_id),
            ).fetchone()
            if row:
                step.update("document_status", row[0], {"status": status, "modified": utc_now()})
            else:
                step.insert(
                    "document_status",
                    {
                        "document_id": document_id,
                        "coder_id": coder_id,
                        "status": status,
                        "modified": utc_now(),
                    },
                )
            step.changes.documents.add(document_id)
        return step.changes

    def statuses(self, document_id: int) -> dict[str, str]:
        """``{coder uuid: status}`` for one document."""
        rows = self._conn.execute(
            "SELECT c.uuid, s.status FROM document_status s JOIN coders c ON c.id = s.coder_id "
            "WHERE s.document_id = ? ORDER BY c.id",
            (document_id,),
        )
        return dict(rows.fetchall())

    def statuses_by_document(self, document_ids: Sequence[int]) -> dict[int, dict[str, str]]:
        """:meth:`statuses` of several documents in one query per 500: ``{id: {coder uuid: status}}``."""
        found: dict[int, dict[str, str]] = {}
        ids = list(document_ids)
        for begin in range(0, len(ids), 500):
            chunk = ids[begin : begin + 500]
            rows = self._conn.execute(
                "SELECT s.document_id, c.uuid, s.status FROM document_status s "
                "JOIN coders c ON c.id = s.coder_id "
                f"WHERE s.document_id IN ({','.join('?' * len(chunk))}) ORDER BY s.document_id, c.id",
                chunk,
            )
            for document_id, coder, status in rows:
                found.setdefault(document_id, {})[coder] = status
        return found

    def store_status(self, document_id: int, coder_id: int, status: str) -> bool:
        """Record a coder's status for a document unless one is there (inside a write)."""
        exists = self._conn.execute(
            "SELECT 1 FROM document_status WHERE document_id = ? AND coder_id = ?",
            (document_id, coder_id),
        ).fetchone()
        if exists:
            return False
        self._open_step().insert(
            "document_status",
            {
                "document_id": document_id,
                "coder_id": coder_id,
                "status": status,
                "modified": utc_now(),
            },
        )
        return True

    def advance_status(self, document_id: int, coder_id: int, status: str) -> bool:
        """Move a coder's status forward to ``status`` (never back), inside a write (merges).

        Returns True when the stored status changed.
        """
        row = self._conn.execute(
            "SELECT id, status FROM document_status WHERE document_id = ? AND coder_id = ?",
            (document_id, coder_id),
        ).fetchone()
        if row is None or STATUSES.index(status) <= STATUSES.index(row[1]):
            return False
        self._open_step().update(
            "document_status", row[0], {"status": status, "modified": utc_now()}
        )
        return True
