"""A document's text changes (edited, re-imported): versions kept, claims carried, orphans kept."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

import rawdb
from claimdesk.cli import cli
from claimdesk.core import Document, FormatError, Project, ProjectError
from claimdesk.formats.corpus_json import export_corpus, import_corpus
from claimdesk.formats.import_report import file_results
from claimdesk.formats.importing import import_paths
from claimdesk.paths import seeds_path

FIRST = "000_976797ab8663bd03.txt"


def _quotes(project: Project, document: int) -> list[str]:
    return [c.quote for c in project.claims(document=document)]


def _spans_hold(project: Project) -> None:
    """Every stored span is its quote in its document's text (orphans aside)."""
    for span in [*project.claims(), *project.mentions()]:
        assert project.document(span.document).text[span.start : span.end] == span.quote
    assert project.check() == []


@pytest.fixture
def doc(demo_project: Project) -> int:
    return demo_project.document_id(FIRST)


# ---------------------------------------------------------------------- editing a text


def test_edit_text_carries_claims_and_keeps_the_old_text(demo_project: Project, doc: int) -> None:
    old = demo_project.document(doc)
    quotes = _quotes(demo_project, doc)
    new_text = "Van onze correspondent.\n\n" + old.text.replace("De VS denkt", "Washington denkt")
    change = demo_project.edit_document_text(doc, new_text)
    assert change.carried("claims") == len(quotes) and change.orphaned("claims") == 0
    assert change.claims["fuzzy"] == 1 and change.moved("claims") == len(quotes)
    assert change.summary().startswith(
        f"{len(quotes)} claims carried over ({len(quotes)} moved, 1 with"
    )
    assert demo_project.document(doc).text == new_text
    assert [q.replace("De VS denkt", "Washington denkt") for q in quotes] == _quotes(
        demo_project, doc
    )
    [version] = demo_project.document_versions(doc)
    assert (version.number, version.reason, version.sha256) == (1, "edit", old.sha256)
    assert demo_project.document_version_text(version.id) == old.text
    _spans_hold(demo_project)


def test_edit_text_is_one_undo_step(demo_project: Project, doc: int) -> None:
    path = demo_project.path
    before = rawdb.dump(path)
    demo_project.edit_document_text(doc, "Alles anders nu. " * 5)
    assert demo_project.undo_status()[0] == "Edit Text"
    assert demo_project.undo().name == "Undo Edit Text"
    assert rawdb.dump(path) == before
    assert [h.document for h in demo_project.search("Reuters")][:1] == [doc]
    demo_project.redo()
    assert not demo_project.search("Reuters")  # the index follows the text
    assert demo_project.search("anders")[0].document == doc


def test_claims_that_cannot_be_placed_become_orphans_never_deleted(
    demo_project: Project, doc: int
) -> None:
    claims = demo_project.claims(document=doc)
    text = demo_project.document(doc).text
    lost = next(c for c in claims if "telecomapparatuur" in c.quote)
    change = demo_project.edit_document_text(doc, text.replace(lost.quote, "Dat is onbekend"))
    assert change.orphaned("claims") == 1
    assert lost.id not in {c.id for c in demo_project.claims(document=doc)}
    [orphan] = [o for o in demo_project.orphans() if o.kind == "claim"]
    assert (orphan.id, orphan.quote, orphan.document) == (lost.id, lost.quote, doc)
    assert demo_project.claim(lost.id).quote == lost.quote  # kept as it was
    assert demo_project.counts()["claims"] == 15  # the list, the counts and exports skip it
    _spans_hold(demo_project)
    new_text = demo_project.document(doc).text
    start = new_text.index("Dat is onbekend")
    demo_project.reattach("claim", lost.id, start=start, end=start + len("Dat is onbekend"))
    assert demo_project.orphans() == [o for o in demo_project.orphans() if o.kind == "mention"]
    assert demo_project.claim(lost.id).quote == "Dat is onbekend"
    assert demo_project.claim(lost.id).claimant == lost.claimant
    _spans_hold(demo_project)
    demo_project.undo()
    assert [o.id for o in demo_project.orphans() if o.kind == "claim"] == [lost.id]


def test_search_finds_no_document_through_its_orphans(demo_project: Project, doc: int) -> None:
    """An orphan's quote is no longer in the text: it must not find the document."""
    lost = next(c for c in demo_project.claims(document=doc) if "telecomapparatuur" in c.quote)
    text = demo_project.document(doc).text
    new_text = text.replace(lost.quote, "Dat is onbekend")
    word = next(w for w in re.findall(r"\w{6,}", lost.quote) if w.lower() not in new_text.lower())
    assert doc in {h.document for h in demo_project.search(word)}
    demo_project.edit_document_text(doc, new_text)
    assert [o.id for o in demo_project.orphans() if o.kind == "claim"] == [lost.id]
    assert doc not in {h.document for h in demo_project.search(word)}
    assert doc not in demo_project.search_documents(word)
    demo_project.undo()  # placed again: found again
    assert doc in {h.document for h in demo_project.search(word)}


def test_an_orphan_is_placed_again_when_its_text_comes_back(
    demo_project: Project, doc: int
) -> None:
    text = demo_project.document(doc).text
    lost = next(c for c in demo_project.claims(document=doc) if "telecomapparatuur" in c.quote)
    demo_project.edit_document_text(doc, text.replace(lost.quote, "Weg."))
    change = demo_project.edit_document_text(doc, text + "\n\nEen naschrift.")
    assert change.claims["recovered"] == 1
    assert demo_project.orphans() == []
    _spans_hold(demo_project)


@pytest.mark.parametrize(
    ("text", "error", "message"),
    [
        ("  \n ", FormatError, "the new text is empty"),
        ("tekst\x00met NUL", FormatError, "NUL characters"),
    ],
)
def test_edit_text_refuses(
    demo_project: Project, doc: int, text: str, error: type, message: str
) -> None:
    before = rawdb.dump(demo_project.path)
    with pytest.raises(error, match=message):
        demo_project.edit_document_text(doc, text)
    assert rawdb.dump(demo_project.path) == before


def test_edit_text_refuses_the_text_of_another_document(demo_project: Project, doc: int) -> None:
    other = demo_project.document(demo_project.document_ids()[1]).text
    with pytest.raises(ProjectError, match="the new text is exactly that of document"):
        demo_project.edit_document_text(doc, other)


def test_edit_text_normalises_newlines_and_moves_structure(demo_project: Project, doc: int) -> None:
    old = demo_project.document(doc)
    heading = next(s for s in old.structure if s.kind == "subheading")
    heading_text = old.text[heading.start : heading.end]
    demo_project.edit_document_text(doc, "Vooraf.\r\n\r\n" + old.text.replace("\n", "\r\n"))
    new = demo_project.document(doc)
    assert "\r" not in new.text
    headings = [new.text[s.start : s.end] for s in new.structure if s.kind == "subheading"]
    assert headings[0] == heading_text
    _spans_hold(demo_project)


def test_unchanged_text_changes_nothing(demo_project: Project, doc: int) -> None:
    before = rawdb.dump(demo_project.path)
    change = demo_project.edit_document_text(doc, demo_project.document(doc).text)
    assert change.version is None
    assert rawdb.dump(demo_project.path) == before


# ---------------------------------------------------------------------- importing a changed file


@pytest.fixture
def articles(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    for name in (FIRST, "001_014a362b6ea5d783.txt"):
        (folder / name).write_bytes((seeds_path() / name).read_bytes())
    return folder


def test_importing_a_changed_file_updates_its_document(
    demo_project: Project, articles: Path, doc: int
) -> None:
    file = articles / FIRST
    raw = file.read_text(encoding="utf-8")
    lost = next(c for c in demo_project.claims(document=doc) if "telecomapparatuur" in c.quote)
    file.write_text(
        raw.replace(lost.quote, "Dat is onbekend.") + "\nEen correctie.\n", encoding="utf-8"
    )
    report = import_paths(demo_project, [articles])
    assert report.exit_code == 0
    assert report.imported == [] and [d for d, _ in report.duplicates] == [
        "001_014a362b6ea5d783.txt"
    ]
    [(updated, change)] = report.updated
    assert updated.file == FIRST and change.document == doc and change.orphaned("claims") == 1
    assert report.summary() == (
        "0 imported, 1 duplicates, 0 failed; 1 changed document updated: 3 claims carried over "
        "(1 moved), 1 claim orphaned"
    )
    assert [r.outcome for r in file_results(report)] == ["updated", "duplicate"]
    assert demo_project.document_count() == 14
    assert "Een correctie." in demo_project.document(doc).text
    assert demo_project.document_versions(doc)[0].reason == "re-import"
    _spans_hold(demo_project)
    assert demo_project.undo().name.startswith("Undo Update")
    assert demo_project.orphans() == []


def test_another_article_with_the_same_file_name_is_a_new_document(
    demo_project: Project, tmp_path: Path
) -> None:
    other = tmp_path / "elders"
    other.mkdir()
    (other / FIRST).write_text(
        " date 2021-03 Een heel ander artikel over windmolens in Friesland en hun bouwers.",
        encoding="utf-8",
    )
    report = import_paths(demo_project, [other])
    assert (len(report.imported), report.updated) == (1, [])
    assert demo_project.document_count() == 15


def test_cli_import_reports_moved_and_orphaned_claims(
    demo_project: Project, articles: Path, doc: int
) -> None:
    path = demo_project.path
    old_text = demo_project.document(doc).text
    demo_project.close()
    file = articles / FIRST
    file.write_text(
        "Een nieuwe inleiding.\n\n" + file.read_text(encoding="utf-8"), encoding="utf-8"
    )
    result = CliRunner().invoke(cli, ["import", str(path), str(file)])
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "0 imported, 0 duplicates, 0 failed; 1 changed document updated: 4 claims carried over "
        "(4 moved), 0 claims orphaned\n"
    )
    versions = CliRunner().invoke(cli, ["versions", str(path), FIRST])
    assert versions.stdout.splitlines()[2].split()[:1] == ["1"]
    shown = CliRunner().invoke(cli, ["versions", str(path), FIRST, "--show", "1"])
    assert shown.stdout == old_text
    orphans = CliRunner().invoke(cli, ["orphans", str(path)])
    assert orphans.stdout == "No orphans: every claim and mention has its place in the text.\n"


def test_cli_orphans_and_check_name_the_orphans(demo_project: Project, doc: int) -> None:
    text = demo_project.document(doc).text
    demo_project.edit_document_text(doc, text[:200])
    path = demo_project.path
    demo_project.close()
    listed = json.loads(CliRunner().invoke(cli, ["orphans", str(path), "--json"]).stdout)
    assert {o["kind"] for o in listed} == {"claim", "mention"} and listed[0]["document"] == doc
    checked = CliRunner().invoke(cli, ["check", str(path)])
    assert checked.exit_code == 0
    assert checked.stdout.splitlines()[-1] == (
        f"note: {len(listed)} claims or mentions lost their place when a text changed and wait "
        f"to be re-attached or deleted (claimdesk orphans {path})"
    )


# ---------------------------------------------------------------------- the same document in JSON


def test_a_newer_text_of_the_same_document_in_an_export_is_taken(
    demo_project: Project, doc: int, tmp_path: Path
) -> None:
    export_corpus(demo_project, tmp_path / "corpus.json")
    data = json.loads((tmp_path / "corpus.json").read_text(encoding="utf-8"))
    record = next(d for d in data["documents"] if d["file"] == FIRST)
    prefix = "Van onze correspondent. "
    record["text"] = prefix + record["text"]
    record["modified"] = "2999-01-01T00:00:00.000Z"
    for span in [*record["claims"], *record["mentions"]]:
        span["start"] += len(prefix)
        span["end"] += len(prefix)
    (tmp_path / "newer.json").write_text(json.dumps(data), encoding="utf-8")
    report = import_corpus(demo_project, tmp_path / "newer.json")
    assert report.problems == [] and len(report.texts_updated) == 1
    assert report.claims_present == 16 and report.conflicts == []
    assert demo_project.document(doc).text.startswith(prefix)
    _spans_hold(demo_project)


def test_claims_from_an_older_text_are_carried_to_the_project_text(
    demo_project: Project, doc: int, tmp_path: Path
) -> None:
    export_corpus(demo_project, tmp_path / "corpus.json")
    demo_project.edit_document_text(doc, "Eerst dit. " + demo_project.document(doc).text)
    data = json.loads((tmp_path / "corpus.json").read_text(encoding="utf-8"))
    record = next(d for d in data["documents"] if d["file"] == FIRST)
    record["claims"].append({**record["claims"][0], "id": "5d8e3a1c-0000-4000-8000-00000000beef"})
    (tmp_path / "older.json").write_text(json.dumps(data), encoding="utf-8")
    report = import_corpus(demo_project, tmp_path / "older.json")
    assert report.problems == [] and report.texts_updated == []
    assert report.claims_added == 1 and report.conflicts == []
    assert demo_project.document(doc).text.startswith("Eerst dit. ")
    _spans_hold(demo_project)


def test_import_documents_then_edit_in_one_project_keeps_spans(project_path: Path) -> None:
    with Project.create(project_path) as project:
        project.import_documents([Document(text="a😀b c\u0301d שלום e", file="x.txt")])
        project.add_claim(document=1, start=4, end=7)
        project.add_mention(document=1, start=8, end=12, actor=None)
        project.edit_document_text(1, "nieuw: a😀b c\u0301d שלום e")
        _spans_hold(project)
        assert project.orphans() == []
