"""Merging another coder's copy: matching, conflicts settled as chosen, previews, undo, the CLI."""

from __future__ import annotations

import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimdesk.cli import cli
from claimdesk.core import FormatError, Project
from claimdesk.core.model import new_uuid, text_sha256
from claimdesk.core.schema import APPLICATION_ID, migrate
from claimdesk.demo import build_demo_project
from claimdesk.formats.corpus_json import export_corpus
from claimdesk.formats.merging import merge_file

FIRST = "000_976797ab8663bd03.txt"


@pytest.fixture
def copies(tmp_path: Path) -> dict[str, Path]:
    """The demo project, and two coders' copies of it (nothing coded in them yet)."""
    master = tmp_path / "master.claimdesk"
    build_demo_project(master).close()
    paths = {"master": master}
    for name in ("anna", "ben"):
        paths[name] = tmp_path / f"{name}.claimdesk"
        shutil.copyfile(master, paths[name])
    return paths


def first_document(project: Project) -> int:
    return project.document_id(FIRST)


def add_claim(project: Project, phrase: str, **coding) -> int:
    doc = first_document(project)
    start = project.document(doc).text.index(phrase)
    changes = project.add_claim(document=doc, start=start, end=start + len(phrase), **coding)
    assert changes.id is not None
    return changes.id


def demo_claim(project: Project) -> int:
    """The first demo claim of the first article (the same uuid in every copy)."""
    claim = project.claims(document=first_document(project))[0]
    assert claim.id is not None
    return claim.id


def stance(project: Project, label: str) -> int:
    return next(s.id for s in project.codebook().stances if s.label == label)


def snapshot(project: Project) -> list[tuple]:
    return sorted(
        (c.uuid, c.start, c.end, c.stance, c.note, c.coder, c.claimant) for c in project.claims()
    )


def test_merge_adds_the_other_coders_claims_and_keeps_what_is_there(copies) -> None:
    with Project.open(copies["anna"], coder="anna") as anna:
        new = anna.claim(add_claim(anna, "samen te gaan werken")).uuid
        anna.set_status(first_document(anna), "done")
    with Project.open(copies["master"], coder="lead") as master:
        report = merge_file(master, copies["anna"])
        assert (report.documents_added, report.documents_matched) == (0, 14)
        assert (report.claims_added, report.claims_present, report.conflicts) == (1, 16, [])
        assert (report.actors_added, report.actors_matched) == (0, 16)
        assert report.statuses_added == 1
        merged = next(c for c in master.claims() if c.uuid == new)
        assert merged.coder == master.coder_id("anna")
        assert merged.quote == "samen te gaan werken"
        assert master.undo_status()[0] == "Merge anna.claimdesk"
        assert master.check() == []


def test_a_dry_run_reports_the_merge_and_writes_nothing(copies) -> None:
    with Project.open(copies["anna"], coder="anna") as anna:
        add_claim(anna, "samen te gaan werken")
        anna.update_claim(demo_claim(anna), stance=stance(anna, "oppose"))
        anna.add_actor("Mike Pompeo")
    with Project.open(copies["master"], coder="lead") as master:
        before = (snapshot(master), master.counts()["actors"], master.undo_status())
        preview = merge_file(master, copies["anna"], dry_run=True)
        assert preview.dry_run
        assert (preview.claims_added, len(preview.conflicts)) == (1, 1)
        assert preview.conflicts[0].fields == ["stance"]
        assert (snapshot(master), master.counts()["actors"], master.undo_status()) == before
        # The preview said what the merge then does.
        report = merge_file(master, copies["anna"])
        assert report.summary() == preview.summary()


@pytest.mark.parametrize(
    ("resolution", "stances", "claims"),
    [
        ("ours", ["support"], 17),
        ("theirs", ["oppose"], 17),
        ("both", ["oppose", "support"], 18),
    ],
)
def test_a_claim_edited_in_both_copies_is_settled_as_chosen(
    copies, resolution, stances, claims
) -> None:
    with Project.open(copies["anna"], coder="anna") as anna:
        anna.update_claim(demo_claim(anna), stance=stance(anna, "oppose"), note="anna: oppose")
        uuid = anna.claim(demo_claim(anna)).uuid
        add_claim(anna, "samen te gaan werken")  # so that every merge writes something
    with Project.open(copies["master"], coder="lead") as master:
        ours = master.claim(demo_claim(master))
        assert master.codebook().stance(ours.stance).label == "support"
        report = merge_file(master, copies["anna"], resolutions={uuid: resolution})
        (conflict,) = report.conflicts
        assert (conflict.uuid, conflict.fields, conflict.resolution) == (
            uuid,
            ["stance", "note"],
            resolution,
        )
        assert (conflict.ours["stance"], conflict.theirs["stance"]) == ("support", "oppose")
        quote = ours.quote
        found = sorted(
            master.codebook().stance(c.stance).label for c in master.claims() if c.quote == quote
        )
        assert found == stances
        assert master.counts()["claims"] == claims
        # Undo puts the project back as it was before the merge.
        master.undo()
        assert master.claim(ours.id).stance == ours.stance
        assert master.counts()["claims"] == 16


def test_keeping_both_twice_adds_their_version_once(copies) -> None:
    with Project.open(copies["anna"], coder="anna") as anna:
        anna.update_claim(demo_claim(anna), note="anna's note")
    with Project.open(copies["master"], coder="lead") as master:
        merge_file(master, copies["anna"], prefer="both")
        again = merge_file(master, copies["anna"], prefer="both")
        assert again.claims_added == 0
        assert master.counts()["claims"] == 17


def test_a_claim_we_moved_to_the_trash_is_a_conflict_theirs_restores(copies) -> None:
    with Project.open(copies["master"], coder="lead") as master:
        claim_id = demo_claim(master)
        master.delete_claims([claim_id])
        report = merge_file(master, copies["anna"], dry_run=True)
        assert [c.fields for c in report.conflicts] == [["trash"]]
        assert report.conflicts[0].ours["trash"] == "in the trash"
        merge_file(master, copies["anna"], prefer="theirs")
        assert not master.in_trash("claims", claim_id)


def test_a_mention_edited_in_both_copies_is_a_conflict(copies) -> None:
    with Project.open(copies["anna"], coder="anna") as anna:
        mention = anna.mentions()[0]
        other = next(a for a in anna.actors() if a.id != mention.actor)
        anna.update_mention(mention.id, actor=other.id)
    with Project.open(copies["master"], coder="lead") as master:
        report = merge_file(master, copies["anna"], prefer="theirs")
        assert [(c.kind, c.fields) for c in report.conflicts] == [("mention", ["actor"])]
        assert master.mention(mention.id).actor == other.id


def test_merging_a_json_export_is_the_same_as_merging_the_project(copies, tmp_path) -> None:
    with Project.open(copies["anna"], coder="anna") as anna:
        add_claim(anna, "samen te gaan werken")
        anna.update_claim(demo_claim(anna), note="anna's note")
        export_corpus(anna, tmp_path / "anna.json")
    shutil.copyfile(copies["master"], tmp_path / "second.claimdesk")
    with Project.open(copies["master"], coder="lead") as master:
        from_project = merge_file(master, copies["anna"], prefer="theirs")
        expected = snapshot(master)
    with Project.open(tmp_path / "second.claimdesk", coder="lead") as second:
        from_json = merge_file(second, tmp_path / "anna.json", prefer="theirs")
        assert from_json.summary() == from_project.summary()
        assert snapshot(second) == expected


def test_a_coders_status_only_moves_forward(copies) -> None:
    with Project.open(copies["anna"], coder="anna") as anna:
        anna.set_status(first_document(anna), "done")
    with Project.open(copies["master"], coder="lead") as master:
        master.set_status(first_document(master), "in-progress", coder="anna")
        report = merge_file(master, copies["anna"])
        assert report.statuses_advanced == 1
        assert master.progress("anna")[0] == 1


def test_actors_are_matched_by_name_or_alias(copies) -> None:
    with Project.open(copies["anna"], coder="anna") as anna:
        nato = anna.add_actor("Jens Stoltenberg", aliases=["Stoltenberg"]).id
        add_claim(anna, "samen te gaan werken", claimant=nato)
    with Project.open(copies["master"], coder="lead") as master:
        master.add_actor("Stoltenberg")  # made by someone else, under the alias
        report = merge_file(master, copies["anna"])
        assert report.actors_added == 0
        claim = next(c for c in master.claims() if c.quote == "samen te gaan werken")
        assert master.actor(claim.claimant).name == "Stoltenberg"


def make_version_2(path: Path, text: str) -> str:
    """A project file as a Claimdesk with schema version 2 wrote it, with one claim."""
    claim_uuid = new_uuid()
    with closing(sqlite3.connect(path, isolation_level=None)) as conn:
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.execute("BEGIN")
        migrate(conn, current=0, target=2)
        now = "2019-10-01T12:00:00.000Z"
        conn.execute(
            "INSERT INTO project (id, uuid, name, created, modified) VALUES (1, ?, 'old', ?, ?)",
            (new_uuid(), now, now),
        )
        conn.execute(
            "INSERT INTO coders (uuid, name, created) VALUES (?, 'olga', ?)", (new_uuid(), now)
        )
        conn.execute(
            "INSERT INTO documents (uuid, text, sha256, file, created, modified) VALUES (?, ?, ?, 'x.txt', ?, ?)",
            (new_uuid(), text, text_sha256(text), now, now),
        )
        conn.execute(
            'INSERT INTO claims (uuid, document_id, start, "end", quote, coder_id, created, modified) '
            "VALUES (?, 1, 0, 2, ?, 1, ?, ?)",
            (claim_uuid, text[:2], now, now),
        )
        conn.execute("COMMIT")
    return claim_uuid


def test_a_copy_made_by_an_older_claimdesk_is_merged_without_touching_it(copies, tmp_path) -> None:
    old = tmp_path / "olga.claimdesk"
    with Project.open(copies["master"]) as master:
        text = master.document(first_document(master)).text
    claim_uuid = make_version_2(old, text)
    before = old.read_bytes()
    with Project.open(copies["master"], coder="lead") as master:
        report = merge_file(master, old)
        assert (report.documents_matched, report.claims_added) == (1, 1)
        assert master.record_id("claims", claim_uuid) is not None
    assert old.read_bytes() == before


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("notes.txt", b"a plain text file", "not a Claimdesk project or export"),
        ("bad.json", b"", "bad.json: not valid JSON"),
        ("bad.json", b'{"format": "something-else"}', "not a Claimdesk corpus export"),
        ("bad.claimdesk", b"SQLite format 3\x00" + bytes(100), "not a Claimdesk project"),
    ],
)
def test_a_file_that_cannot_be_merged_leaves_the_project_unchanged(
    copies, tmp_path, name, content, message
) -> None:
    bad = tmp_path / name
    bad.write_bytes(content)
    with Project.open(copies["master"], coder="lead") as master:
        before = snapshot(master)
        with pytest.raises(Exception, match=message):
            merge_file(master, bad)
        assert snapshot(master) == before


def test_the_open_project_cannot_be_merged_into_itself(copies) -> None:
    with (
        Project.open(copies["master"], coder="lead") as master,
        pytest.raises(FormatError, match="this is the open project"),
    ):
        merge_file(master, copies["master"])


def test_cli_merge_previews_then_merges_and_undo_takes_it_back(copies) -> None:
    with Project.open(copies["anna"], coder="anna") as anna:
        add_claim(anna, "samen te gaan werken")
        anna.update_claim(demo_claim(anna), stance=stance(anna, "oppose"))
    runner = CliRunner()
    master, anna_path = str(copies["master"]), str(copies["anna"])
    preview = runner.invoke(cli, ["merge", master, anna_path, "--dry-run"])
    assert preview.exit_code == 0, preview.output
    assert "Dry run, nothing written" in preview.output
    assert "1 conflicts" in preview.output
    assert "stance: ours 'support', theirs 'oppose' → keep ours" in preview.output
    merged = runner.invoke(cli, ["merge", master, anna_path, "--prefer", "theirs"])
    assert merged.exit_code == 0, merged.output
    assert "→ take theirs" in merged.output
    with Project.open(copies["master"]) as project:
        assert (
            project.codebook().stance(project.claim(demo_claim(project)).stance).label == "oppose"
        )
    undone = runner.invoke(cli, ["undo", master])
    assert undone.output.startswith("Undo Merge anna.claimdesk")
    missing = runner.invoke(cli, ["merge", master, "nowhere.claimdesk"])
    assert missing.exit_code == 1
    assert missing.output.strip() == "Error: nowhere.claimdesk: no such file"
