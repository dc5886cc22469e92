"""``Project.counts()``: claims and mentions are kept counted, and the count never drifts."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from claimdesk.core import Project
from claimdesk.core.model import Claim, Mention


def real_counts(project: Project) -> dict[str, int]:
    """Counted the slow way, row by row."""
    return {
        table: project._conn.execute(
            f"SELECT COUNT(*) FROM {table} WHERE deleted IS NULL AND orphaned IS NULL"
        ).fetchone()[0]
        for table in ("claims", "mentions")
    }


def _first(project: Project) -> int:
    return project.document_ids()[0]


def _claims_of(project: Project) -> list[int]:
    return [c.id for c in project.claims(document=_first(project)) if c.id is not None]


STEPS: dict[str, Callable[[Project], Any]] = {
    "add a claim": lambda p: p.add_claim(document=_first(p), start=0, end=4),
    "add a mention": lambda p: p.add_mention(document=_first(p), start=0, end=4, actor=None),
    "add many": lambda p: (
        p.add_claims([Claim(document=_first(p), start=i, end=i + 3) for i in range(0, 30, 3)]),
        p.add_mentions([Mention(document=_first(p), start=i, end=i + 2) for i in range(0, 8, 2)]),
    ),
    "delete claims": lambda p: p.delete_claims(_claims_of(p)),
    "delete and restore": lambda p: (
        p.delete_claims(_claims_of(p)),
        p.restore_claims([c["id"] for c in p.trash()["claims"]]),
    ),
    "delete, undo, redo": lambda p: (p.delete_claims(_claims_of(p)), p.undo(), p.redo()),
    "add, undo": lambda p: (p.add_claim(document=_first(p), start=0, end=4), p.undo()),
    "empty the trash": lambda p: (
        p.delete_claims([p.claims()[-1].id]),
        p.delete_documents([_first(p)]),
        p.empty_trash(),
    ),
}


@pytest.mark.parametrize("step", STEPS.values(), ids=STEPS.keys())
def test_counts_follow_every_change(demo_project: Project, step: Callable[[Project], Any]) -> None:
    before = demo_project.counts()
    step(demo_project)
    counts = demo_project.counts()
    assert {k: counts[k] for k in ("claims", "mentions")} == real_counts(demo_project)
    assert demo_project.check() == []
    assert counts["documents"] <= before["documents"]


def test_counts_leave_out_orphans(demo_project: Project) -> None:
    claim = demo_project.claims()[0].id
    demo_project._conn.execute(
        "UPDATE claims SET orphaned = '2026-01-01T00:00:00Z' WHERE id = ?", (claim,)
    )
    assert demo_project.counts()["claims"] == real_counts(demo_project)["claims"]


def test_check_reports_a_count_that_drifted(demo_project: Project) -> None:
    claims = demo_project.counts()["claims"]
    demo_project._conn.execute("UPDATE tallies SET n = n + 5 WHERE name = 'claims'")
    assert demo_project.check() == [
        f"count of claims: kept as {claims + 5:,}, but there are {claims:,}"
    ]
