"""The store's hot queries use indexes: no pass over every document, claim or mention row.

Each case runs one thing the window (or an import or export) does, records
the SQL the store sends with SQLite's trace hook, and asks SQLite for the
plan of every statement with ``EXPLAIN QUERY PLAN``. SQLite plans without
table statistics here, exactly as in a user's project file, so the plans of
this small demo project are the plans of a project with 10,000 documents.

A plan fails when it reads every row of ``documents``, ``claims`` or
``mentions`` (``SCAN claims``, or ``SCAN documents USING INDEX x`` which
visits each row through an index). A document's row holds its whole text,
so even reading one column of every document means reading the corpus.
Passing over an index that holds all the columns asked for (``USING
COVERING INDEX``) is allowed: the document list lists every document.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest

from claimdesk.core import Project
from claimdesk.ui.documents import DocumentListModel
from claimdesk.ui.operations import claims as claim_ops

BIG_TABLES = ("documents", "claims", "mentions")


def statements(project: Project, action: Callable[[Project], Any]) -> list[str]:
    """The SQL statements (with their values) that ``action`` makes the store run."""
    seen: list[str] = []
    project._conn.set_trace_callback(seen.append)
    try:
        action(project)
    finally:
        project._conn.set_trace_callback(None)
    return [sql for sql in seen if re.match(r"\s*(SELECT|WITH|UPDATE|DELETE|INSERT)\b", sql, re.I)]


def aliases(sql: str) -> dict[str, str]:
    """``{name or alias: table}`` for the big tables in ``sql``."""
    found = {table: table for table in BIG_TABLES}
    for table, alias in re.findall(
        r"\b(documents|claims|mentions)\s+(?:AS\s+)?(\w+)", sql, re.IGNORECASE
    ):
        if alias.upper() not in ("WHERE", "ON", "SET", "JOIN", "LEFT", "ORDER", "GROUP", "USING"):
            found[alias] = table.lower()
    return found


def full_passes(project: Project, sql: str) -> list[str]:
    """The steps of ``sql``'s plan that read every row of a big table."""
    names = aliases(sql)
    bad = []
    for row in project._conn.execute("EXPLAIN QUERY PLAN " + sql):
        detail = row[3]
        m = re.match(r"SCAN (\w+)(.*)", detail)
        if not m or m.group(1) not in names:
            continue
        if "COVERING INDEX" in m.group(2):
            continue
        bad.append(f"{detail}  ({names[m.group(1)]})")
    return bad


def _list_rows(project: Project, _: dict[str, int]) -> None:
    """What the document list reads to draw its first screenful."""
    model = DocumentListModel(project)
    for row in range(min(30, model.rowCount())):
        model.data(model.index(row, 2))


def _edit_undo_redo(project: Project, known: dict[str, int]) -> None:
    claim_ops.set_stance(project, claim=known["claim"], stance=known["stance"])
    project.undo()
    project.redo()


def _export_batch(project: Project, known: dict[str, int]) -> None:
    """What the export asks per batch of documents (it reads every document's text by design)."""
    ids = project.document_ids()[:200]
    project.claims_by_document(ids)
    project.mentions_by_document(ids)
    project.statuses_by_document(ids)


def _export_rows(project: Project, known: dict[str, int]) -> None:
    """What the JSON export reads per batch of documents, as rows."""
    ids = project.document_ids()[:200]
    list(project.document_rows(ids=ids))
    project.claim_rows_by_document(ids)
    project.mention_rows_by_document(ids)


def _claim_table(project: Project, known: dict[str, int], *, coder: bool = False) -> None:
    """What the claims table reads: claims and their documents' metadata, never a text."""
    coder_id = project.coders()[0].id if coder else None
    list(project.claim_table(project.document_ids(), coder=coder_id))


Action = Callable[[Project, dict[str, int]], Any]

HOT: dict[str, Action] = {
    **{
        f"document list sorted by {key}": (lambda p, _, key=key: p.document_ids(sort=key))
        for key in DocumentListModel.SORT_KEYS
    },
    **{
        f"document list sorted by {key}, descending": (
            lambda p, _, key=key: p.document_ids(sort=key, descending=True)
        )
        for key in ("published", "title", "claims")
    },
    "document list filter": lambda p, _: p.document_ids(filter_text="Huawei"),
    "document list filter, sorted by date": lambda p, _: p.document_ids(
        sort="published", filter_text="2019"
    ),
    "document list rows": _list_rows,
    "open a document": lambda p, k: p.document(k["document"]),
    "claims of a document": lambda p, k: p.claims(document=k["document"]),
    "mentions of a document": lambda p, k: p.mentions(document=k["document"]),
    "statuses of a document": lambda p, k: p.statuses(k["document"]),
    "set a document's status": lambda p, k: p.set_status(k["document"], "done"),
    "coder's progress": lambda p, _: p.progress(),
    "counts": lambda p, _: p.counts(),
    "document count": lambda p, _: p.document_count(),
    "coders who coded": lambda p, _: p.coders(coding_only=True),
    "search the window's way": lambda p, _: p.search_documents("Huawei OR kabinet"),
    "search with snippets": lambda p, _: p.search("Huawei OR kabinet"),
    "edit a claim's stance": lambda p, k: claim_ops.set_stance(
        p, claim=k["claim"], stance=k["stance"]
    ),
    "add a claim": lambda p, k: claim_ops.add_claim(p, document=k["document"], start=0, end=5),
    "undo and redo": _edit_undo_redo,
    "undo status": lambda p, _: p.undo_status(),
    "duplicate check on import": lambda p, _: p.existing_document("0" * 64),
    "re-import check": lambda p, k: p.reimport_target(p.document(k["document"])),
    "export, per batch of documents": _export_batch,
    "export, rows per batch of documents": _export_rows,
    "claims table": _claim_table,
    "claims table of one coder": lambda p, k: _claim_table(p, k, coder=True),
    "actors' use (the actors dock)": lambda p, _: p.actor_usage(),
    "orphans (the window's start)": lambda p, _: p.orphans(),
    "orphans of a document": lambda p, k: p.orphans(document=k["document"]),
}


@pytest.mark.parametrize("action", HOT.values(), ids=HOT.keys())
def test_query_plans_use_indexes(demo_project: Project, action: Action) -> None:
    claim = demo_project.claims()[0]
    known = {
        "document": claim.document,
        "claim": claim.id or 0,
        "stance": demo_project.codebook().stances[-1].id or 0,
    }
    sqls = statements(demo_project, lambda project: action(project, known))
    assert sqls, "the action ran no query at all"
    problems = {sql: full_passes(demo_project, sql) for sql in sqls}
    assert {sql: bad for sql, bad in problems.items() if bad} == {}


def test_query_plans_catch_a_full_scan(demo_project: Project) -> None:
    """The check itself: a query on a column without an index reads every row."""
    sql = "SELECT id FROM claims WHERE note = 'x'"
    assert full_passes(demo_project, sql) == ["SCAN claims  (claims)"]
    sql = "SELECT d.id FROM documents d WHERE d.url = 'x'"
    assert full_passes(demo_project, sql) == ["SCAN d  (documents)"]


@pytest.mark.parametrize("coder", [False, True], ids=["every coder", "one coder"])
def test_query_plans_claims_table_finds_spans_by_document(
    demo_project: Project, coder: bool
) -> None:
    """One coder's claims are most of them: the claims table looks claims and mentions up
    by document even then, never every claim of the coder for each batch."""
    sqls = statements(demo_project, lambda project: _claim_table(project, {}, coder=coder))
    steps = [
        row[3] for sql in sqls for row in demo_project._conn.execute("EXPLAIN QUERY PLAN " + sql)
    ]
    spans = [step for step in steps if re.match(r"SEARCH (claims|m)\b", step)]
    assert len(spans) == 2
    assert all(step.endswith("(document_id=?)") for step in spans), spans
