"""The exports part of the store: the corpus as stored rows, streamed in batches.

Exporters turn these rows into records or table rows of their own: making
:class:`~claimdesk.core.model.Document`, :class:`~claimdesk.core.model.Claim`
and :class:`~claimdesk.core.model.Mention` objects of them first took longer
than reading them (10,000 documents with 100,000 claims and 110,000 mentions).

>>> for document, claims in project.claim_table(project.document_ids()):
...     print(document[2], len(claims))
Kabinet besluit 5
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from itertools import groupby, pairwise
from operator import itemgetter
from typing import Any

from claimdesk.core.errors import NotFound
from claimdesk.core.store._base import ProjectBase
from claimdesk.core.store._documents import DocumentsMixin

#: Documents (and their claims) read per query.
ROW_BATCH = 500


def _columns(sql: str) -> tuple[str, ...]:
    return tuple(c.strip().rsplit(".", 1)[-1].strip('"') for c in sql.split(","))


def json_value(text: str) -> Any:
    """The value of a JSON column: the empty list and object (most rows) without parsing."""
    if text == "[]":
        return []
    if text == "{}":
        return {}
    return json.loads(text)


class ExportsMixin(ProjectBase):
    #: The columns of :meth:`document_rows`, in order.
    DOCUMENT_COLUMNS = _columns(DocumentsMixin._DOC_COLS)

    _TABLE_DOCUMENT = "d.id, d.uuid, d.title, d.published, d.source, d.language, d.url, d.file"
    _TABLE_CLAIM = (
        'document_id, uuid, start, "end", quote, claimant_id, stance_id, target_issue_id, '
        "target_actor_id, addressee_id, tags, variables, note, coder_id, created, modified"
    )
    #: The columns of each document of :meth:`claim_table`: its metadata and the number
    #: of its mentions (of the coder asked for).
    TABLE_DOCUMENT_COLUMNS = (*_columns(_TABLE_DOCUMENT), "mentions")
    #: The columns of each claim of :meth:`claim_table`.
    TABLE_CLAIM_COLUMNS = _columns(_TABLE_CLAIM)

    def claim_table(
        self, document_ids: Sequence[int], *, coder: int | None = None
    ) -> Iterator[tuple[tuple, list[tuple]]]:
        """Each document of ``document_ids`` in that order, with its claims in text order.

        What a table of claims shows, and no more: the document's metadata
        (:attr:`TABLE_DOCUMENT_COLUMNS`, not its text) and each claim's coding
        (:attr:`TABLE_CLAIM_COLUMNS`, not its context; ``tags`` and
        ``variables`` as JSON text). Two queries per :data:`ROW_BATCH`
        documents; claims in the trash or orphaned are left out.

        :param coder: a coder's id: only that coder's claims (and mentions counted)
        :raises NotFound: an id of no document
        """
        ids = list(document_ids)
        # "+coder_id" keeps SQLite from reading every claim of the coder for each batch
        # (through the coder's index) instead of the batch's claims (through the document's).
        of_claims = "" if coder is None else "AND +coder_id = ?"
        of_mentions = "" if coder is None else "AND +m.coder_id = ?"
        coder_value = () if coder is None else (coder,)
        for begin in range(0, len(ids), ROW_BATCH):
            chunk = ids[begin : begin + ROW_BATCH]
            marks = ",".join("?" * len(chunk))
            documents = {
                r[0]: r
                for r in self._conn.execute(
                    f"SELECT {self._TABLE_DOCUMENT}, "
                    "(SELECT COUNT(*) FROM mentions m WHERE m.document_id = d.id "
                    f"AND m.deleted IS NULL AND m.orphaned IS NULL {of_mentions}) "
                    f"FROM documents d WHERE d.id IN ({marks})",
                    (*coder_value, *chunk),
                )
            }
            rows = self._conn.execute(
                f"SELECT {self._TABLE_CLAIM} FROM claims WHERE deleted IS NULL "
                f"AND orphaned IS NULL AND document_id IN ({marks}) {of_claims} "
                "ORDER BY document_id, start, id",
                (*chunk, *coder_value),
            )
            by_document = groupby(rows, itemgetter(0))
            if all(a < b for a, b in pairwise(chunk)):
                # In the rows' own order: each claim is handed over as it is read and freed
                # once used, not kept with the batch's others (which Python's garbage
                # collector would pass over again and again).
                yield from _merge(chunk, documents, by_document)
            else:  # an order of the caller's: the batch's claims are sorted out in memory
                kept = {document: list(claims) for document, claims in by_document}
                for document_id in chunk:
                    yield _known(documents, document_id), kept.get(document_id, [])


def _merge(
    ids: list[int], documents: dict[int, tuple], claims: Iterator[tuple[int, Iterator[tuple]]]
) -> Iterator[tuple[tuple, list[tuple]]]:
    """Each document of ``ids`` (ascending) with its claims, from ``(document id, claims)``
    pairs in the same order (documents without claims have none)."""
    current, group = next(claims, (None, iter(())))
    for document_id in ids:
        document = _known(documents, document_id)
        if current == document_id:
            yield document, list(group)
            current, group = next(claims, (None, iter(())))
        else:
            yield document, []


def _known(documents: dict[int, tuple], document_id: int) -> tuple:
    if document_id not in documents:
        raise NotFound(f"no document with id {document_id}")
    return documents[document_id]
