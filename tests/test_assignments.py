"""Assigning documents to coders: the reliability sample, the split, progress, and the CLI."""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from contextlib import closing
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimdesk.cli import cli
from claimdesk.cli_team import reliability_count
from claimdesk.core import ClaimdeskError, Project
from claimdesk.core.schema import APPLICATION_ID, SCHEMA_VERSION, migrate
from claimdesk.core.store import CoderProgress
from claimdesk.core.store._assignments import plan_assignments


@pytest.mark.parametrize(
    ("documents", "coders", "reliability"),
    [
        (14, ["anna", "ben"], 4),
        (14, ["anna", "ben", "carla"], 0),
        (10, ["anna"], 10),
        (7, ["anna", "ben", "carla"], 2),
    ],
)
def test_plan_gives_the_sample_to_everyone_and_splits_the_rest(documents, coders, reliability):
    ids = list(range(1, documents + 1))
    plan = plan_assignments(ids, coders, reliability=reliability, seed=3)
    sample = {d for d, _, s in plan if s}
    assert len(sample) == reliability
    for coder in coders:
        assert {d for d, c, s in plan if s and c == coder} == sample
    rest = [(d, c) for d, c, s in plan if not s]
    assert sorted(d for d, _ in rest) == sorted(set(ids) - sample)  # each once
    shares = Counter(c for _, c in rest)
    assert max(shares.values(), default=0) - min(shares.values(), default=0) <= 1
    assert plan == plan_assignments(ids, coders, reliability=reliability, seed=3)


@pytest.mark.parametrize(
    ("coders", "reliability", "message"),
    [
        ([], 0, "at least one coder"),
        ([" "], 0, "at least one coder"),
        (["anna"], 15, "cannot hold 15 of 14"),
    ],
)
def test_plan_refuses_what_cannot_be_done(coders, reliability, message) -> None:
    with pytest.raises(ClaimdeskError, match=message):
        plan_assignments(list(range(14)), coders, reliability=reliability)


def test_assign_documents_stores_the_plan_as_one_undo_step(seeded_project: Project) -> None:
    project = seeded_project
    changes = project.assign_documents(coders=["anna", "ben"], reliability=4, seed=7)
    assert changes.name == "Assign Documents"
    progress = {p.coder: p for p in project.coder_progress()}
    assert progress["anna"] == CoderProgress("anna", project.coder_id("anna"), 9, 4)
    assert progress["ben"].assigned == 9
    sample = project.reliability_sample()
    assert len(sample) == 4
    assert all(project.assignments()[d] == {"anna": True, "ben": True} for d in sample)
    assert set(project.assigned_documents("anna")) | set(project.assigned_documents("ben")) == set(
        project.document_ids()
    )
    # Assigning again replaces the earlier plan; undo brings it back.
    project.assign_documents(coders=["carla"], seed=1)
    assert project.assigned_documents("anna") == []
    assert len(project.assigned_documents("carla")) == 14
    project.undo()
    assert project.reliability_sample() == sample
    project.undo()
    assert project.assignments() == {}


def test_coder_progress_counts_done_and_in_progress_documents(seeded_project: Project) -> None:
    project = seeded_project
    project.assign_documents(coders=["anna", "ben"], reliability=2, seed=5)
    mine = project.assigned_documents("anna")
    sample = set(project.reliability_sample())
    project.set_status(mine[0], "done", coder="anna")
    project.set_status(mine[1], "in-progress", coder="anna")
    other = next(d for d in project.document_ids() if d not in mine)
    project.set_status(other, "done", coder="anna")  # not hers, still counted in done_total
    text = project.document(mine[0]).text
    project.add_claim(document=mine[0], start=0, end=len(text.split()[0]), coder="anna")
    anna = next(p for p in project.coder_progress() if p.coder == "anna")
    assert (anna.assigned, anna.done, anna.in_progress, anna.to_do) == (8, 1, 1, 6)
    assert anna.reliability_done == (1 if mine[0] in sample else 0)
    assert (anna.claims, anna.done_total) == (1, 2)
    assert project.coded_documents()[project.coder_id("anna")] == {mine[0], other}


def test_assignments_leave_with_their_documents_when_the_trash_is_emptied(
    seeded_project: Project,
) -> None:
    project = seeded_project
    project.assign_documents(coders=["anna"], seed=1)
    first = project.document_ids()[0]
    project.delete_documents([first])
    assert first not in project.assigned_documents("anna")
    project.empty_trash()
    assert len(project.assigned_documents("anna")) == 13
    assert project.check() == []


def test_an_older_project_gets_the_assignments_table(tmp_path: Path) -> None:
    path = tmp_path / "old.claimdesk"
    with closing(sqlite3.connect(path, isolation_level=None)) as conn:
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.execute("BEGIN")
        migrate(conn, current=0, target=2)
        conn.execute(
            "INSERT INTO project (id, uuid, name, created, modified) "
            "VALUES (1, 'a3d1c8f2-0000-4000-8000-000000000000', 'old', 'x', 'x')"
        )
        conn.execute("COMMIT")
    with Project.open(path, coder="anna") as project:
        assert project.schema_version == SCHEMA_VERSION
        assert project.coder_progress() == []
        assert project.assignments() == {}


@pytest.mark.parametrize(
    ("text", "total", "count"),
    [("0", 14, 0), ("4", 14, 4), ("20%", 14, 3), ("1%", 14, 1), ("100%", 14, 14), ("0%", 14, 0)],
)
def test_reliability_count_reads_numbers_and_percentages(text, total, count) -> None:
    assert reliability_count(text, total) == count


@pytest.mark.parametrize("text", ["-1", "150%", "a few"])
def test_reliability_count_refuses_nonsense(text) -> None:
    with pytest.raises(ClaimdeskError, match="give a number of documents"):
        reliability_count(text, 14)


def test_cli_assign_and_progress(seeded_project: Project) -> None:
    path = str(seeded_project.path)
    seeded_project.close()
    runner = CliRunner()
    result = runner.invoke(
        cli, ["assign", path, "--coders", "anna,ben", "--reliability", "30%", "--seed", "7"]
    )
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == (
        "Assigned 14 documents to anna, ben: 4 in the reliability sample (coded by all), "
        "10 split between the coders."
    )
    table = runner.invoke(cli, ["progress", path])
    assert table.output.splitlines()[2].split() == ["anna", "9", "0/4", "0", "0", "9", "0"]
    data = json.loads(runner.invoke(cli, ["progress", path, "--json"]).output)
    assert [(r["coder"], r["assigned"], r["reliability"]) for r in data] == [
        ("anna", 9, 4),
        ("ben", 9, 4),
    ]
    bad = runner.invoke(cli, ["assign", path, "--coders", "anna", "--reliability", "lots"])
    assert bad.exit_code == 1
    assert bad.output.startswith("Error: --reliability 'lots'")
