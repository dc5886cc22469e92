"""Exports read the store's rows: ``document_rows``, ``claim_rows_by_document``,
``mention_rows_by_document`` and ``claim_table``, and what the JSON and table exports make of them.

The JSON export and the claims table read the project by different queries
(whole documents with their claims and mentions; claims with their
documents' metadata only), so these tests hold them against each other and
against the store's objects, on a project with every awkward case: an actor
in the trash still named as claimant, a document in the trash, an orphaned
claim, a stance worth 0.5, claim variables of each kind, an unknown tag,
astral characters before the offsets and texts that start like formulas.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from claimdesk.core import Project
from claimdesk.core.errors import NotFound
from claimdesk.core.model import Document, Stance, Variable
from claimdesk.core.store import json_value
from claimdesk.formats.corpus_json import _Uuids, document_record, iter_corpus, write_corpus
from claimdesk.formats.scope import Scope, scoped_claims, scoped_corpus
from claimdesk.formats.tables import export_csv, export_xlsx, neutralise
from export_sample import TEXT_B, Sample, build_sample

ORPHAN_TEXT = "Eerste zin blijft. Tweede zin verdwijnt helemaal uit de tekst."


@pytest.fixture
def sample(tmp_path: Path) -> Iterator[Sample]:
    """The export sample, plus what a long-used project collects."""
    s = build_sample(tmp_path / "sample.claimdesk")
    p = s.project
    half = p.add_stance(Stance(label="half", value=0.5)).id
    score = Variable(name="Score", kind="number")
    who = Variable(name="Who else", kind="actor")
    frames = Variable(name="Frames", kind="text")
    for variable in (score, who, frames):
        p.add_variable(variable)
    huawei = p.record_uuid("actors", s.actors["huawei"])
    p.add_claim(
        document=s.docs["b"], start=0, end=10, stance=half, claimant=s.actors["merkel"],
        target_actor=s.actors["merkel"], addressee=s.actors["merkel"], tags=["no-such-tag"],
        variables={score.uuid: 2.25, who.uuid: huawei, frames.uuid: ["a", "=b"]},
        note="=cmd|' /C calc'!A0",
    )  # fmt: skip
    gone = p.add_document(Document(text="Weg 😀 ermee.", title="+Gone", file="c.txt")).id
    p.add_claim(document=gone, start=0, end=3)
    p.delete_documents([gone])
    text = "Geen datum. -Minus 🙂 begint."
    undated = p.add_document(Document(text=text, title="-Undated", file="d.txt")).id
    p.add_claim(document=undated, start=12, end=len(text), claimant=s.actors["jansen"])
    orphaned = p.add_document(Document(text=ORPHAN_TEXT, title="Orphan", published="2019-11")).id
    p.add_claim(document=orphaned, start=19, end=len(ORPHAN_TEXT))
    p.add_claim(document=orphaned, start=0, end=17)
    p.edit_document_text(orphaned, "Eerste zin blijft. Iets heel anders nu.")
    p.delete_actors([s.actors["merkel"]], claims="keep")
    s.docs.update(undated=undated, orphaned=orphaned, gone=gone)
    yield s
    p.close()


def as_dicts(columns: tuple[str, ...], rows: list[tuple]) -> list[dict[str, Any]]:
    return [dict(zip(columns, row, strict=True)) for row in rows]


# ---------------------------------------------------------------------- the store's rows


def test_document_rows_hold_what_iter_documents_gives(sample: Sample) -> None:
    project = sample.project
    for row, doc in zip(project.document_rows(), project.iter_documents(), strict=True):
        stored = dict(zip(Project.DOCUMENT_COLUMNS, row, strict=True))
        for column in ("other_files", "metadata", "variables"):
            assert json_value(stored.pop(column)) == getattr(doc, column)
        assert json_value(stored.pop("structure")) == [s.to_json() for s in doc.structure]
        assert stored == {column: getattr(doc, column) for column in stored}


def test_document_rows_by_ids_keep_their_order(sample: Sample) -> None:
    ids = [sample.docs["undated"], sample.docs["a"], sample.docs["gone"]]  # the trash too
    assert [row[0] for row in sample.project.document_rows(ids=ids)] == ids
    with pytest.raises(NotFound, match="no document with id 999"):
        list(sample.project.document_rows(ids=[sample.docs["a"], 999]))


@pytest.mark.parametrize("kind", ["claims", "mentions"])
def test_span_rows_by_document_hold_what_the_objects_hold(sample: Sample, kind: str) -> None:
    project = sample.project
    ids = project.document_ids()
    if kind == "claims":
        rows, objects = project.claim_rows_by_document(ids), project.claims_by_document(ids)
        columns = Project.CLAIM_COLUMNS
    else:
        rows, objects = project.mention_rows_by_document(ids), project.mentions_by_document(ids)
        columns = Project.MENTION_COLUMNS
    assert rows.keys() == objects.keys()
    renamed = {"document_id": "document", "claimant_id": "claimant", "stance_id": "stance",
               "target_issue_id": "target_issue", "target_actor_id": "target_actor",
               "addressee_id": "addressee", "actor_id": "actor", "coder_id": "coder"}  # fmt: skip
    for document, spans in rows.items():
        for row, span in zip(as_dicts(columns, spans), objects[document], strict=True):
            for column, value in row.items():
                if column in ("tags", "variables"):
                    value = json_value(value)
                assert getattr(span, renamed.get(column, column)) == value, column


def test_claim_table_gives_each_document_with_its_claims_in_text_order(sample: Sample) -> None:
    project = sample.project
    order = [sample.docs["orphaned"], sample.docs["b"], sample.docs["a"], sample.docs["undated"]]
    found = list(project.claim_table(order))
    documents = [dict(zip(Project.TABLE_DOCUMENT_COLUMNS, d, strict=True)) for d, _ in found]
    assert [d["id"] for d in documents] == order
    assert "text" not in Project.TABLE_DOCUMENT_COLUMNS
    assert documents[1]["title"] == "Duitsland twijfelt" and documents[1]["published"] == "2020-03"
    assert [d["mentions"] for d in documents] == [0, 1, 1, 0]
    claims = {
        d["id"]: as_dicts(Project.TABLE_CLAIM_COLUMNS, c)
        for d, (_, c) in zip(documents, found, strict=True)
    }
    # the orphaned claim is left out, the one that kept its place stays
    assert [c["quote"] for c in claims[sample.docs["orphaned"]]] == ["Eerste zin blijft"]
    quotes = [c["quote"] for c in claims[sample.docs["b"]]]
    assert quotes == ["Duitsland ", "Merkel wil Huawei niet uitsluiten", "Het kabinet wil dat wel"]
    starts = [c["start"] for c in claims[sample.docs["a"]]]
    assert starts == sorted(starts) and len(starts) == 5
    for c in claims[sample.docs["b"]]:  # offsets count code points, past the emoji
        assert TEXT_B[c["start"] : c["end"]] == c["quote"]


def test_claim_table_of_one_coder(sample: Sample) -> None:
    project = sample.project
    bob = next(c.id for c in project.coders() if c.name == "bob")
    found = list(project.claim_table(project.document_ids(), coder=bob))
    assert len(found) == 4  # every document, with or without bob's work
    claims = [c for _, spans in found for c in as_dicts(Project.TABLE_CLAIM_COLUMNS, spans)]
    assert [c["quote"] for c in claims] == ["Merkel wil Huawei niet uitsluiten"]
    assert {c["coder_id"] for c in claims} == {bob}
    assert sum(document[-1] for document, _ in found) == 1  # bob's one mention


@pytest.mark.parametrize("first", [True, False], ids=["ascending", "any order"])
def test_claim_table_unknown_document(sample: Sample, first: bool) -> None:
    ids = [sample.docs["a"], 404] if first else [404, sample.docs["a"]]
    with pytest.raises(NotFound, match="no document with id 404"):
        list(sample.project.claim_table(ids))


# ---------------------------------------------------------------------- records and rows


def test_document_record_by_id_is_the_exported_record(sample: Sample) -> None:
    header, records = iter_corpus(sample.project)
    uuids = _Uuids(sample.project)
    by_id = {r["id"]: r for r in records}
    for document_id in sample.project.document_ids():
        record = document_record(sample.project, document_id, uuids)
        assert by_id[record["id"]] == record
    merkel = next(c for r in by_id.values() for c in r["claims"] if c["quote"] == "Duitsland ")
    assert merkel["claimant"] == sample.project.record_uuid("actors", sample.actors["merkel"])
    assert merkel["claimant"] not in {a["id"] for a in header["actors"]}  # in the trash


@pytest.mark.parametrize(
    "scope",
    [
        Scope(),
        Scope(coder="bob"),
        Scope(coder="anna"),
        Scope.of(date_from="2019-10", date_to="2019-12"),
        "selection",
    ],
    ids=["everything", "bob", "anna", "autumn-2019", "selection-reversed"],
)
def test_export_csv_claims_agree_with_the_json_records(
    sample: Sample, tmp_path: Path, scope: Scope | str
) -> None:
    """The claims table and the JSON export read the project differently and say the same."""
    if scope == "selection":
        scope = Scope.of(documents=[sample.docs["undated"], sample.docs["b"], sample.docs["a"]])
    assert isinstance(scope, Scope)
    header, records, total = scoped_corpus(sample.project, scope)
    actors = {a["id"]: a["name"] for a in header["actors"]}
    coders = {c["id"]: c["name"] for c in header["coders"]}
    stances = {s["id"]: s for s in header["codebook"]["stances"]}
    expected = []
    for d in records:
        for c in d["claims"]:
            stance = stances.get(c["stance"], {})
            target = c["target"] or {}
            expected.append(
                {
                    "document_id": d["id"],
                    "document_title": neutralise(d["title"]),
                    "document_published": d["published"] or "",
                    "claim_id": c["id"],
                    "start": str(c["start"]),
                    "end": str(c["end"]),
                    "quote": neutralise(c["quote"]),
                    "claimant_id": c["claimant"] or "",
                    "claimant": actors.get(c["claimant"], ""),
                    "stance": stance.get("label", ""),
                    "stance_value": "" if stance.get("value") is None else f"{stance['value']:g}",
                    "target_id": target.get("issue") or target.get("actor") or "",
                    "addressee_id": c["addressee"] or "",
                    "note": neutralise(c["note"]),
                    "coder": coders.get(c["coder"], ""),
                    "modified": c["modified"],
                }
            )
    out = tmp_path / "claims.csv"
    result = export_csv(sample.project, out, scope=scope)
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert [{k: r[k] for k in expected[0]} for r in rows] == expected
    assert (result.documents, result.claims) == (total, len(expected))


def test_export_csv_claims_cells(sample: Sample, tmp_path: Path) -> None:
    out = tmp_path / "claims.csv"
    export_csv(sample.project, out, excel=True, locale_name="nl_NL")
    text = out.read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    row = next(r for r in rows if r["quote"] == "Duitsland ")
    assert row["claimant"] == "" and row["claimant_id"]  # in the trash: an id, no name
    assert (row["target_type"], row["target"]) == ("actor", "")
    assert (row["stance"], row["stance_value"]) == ("half", "0,5")  # a Dutch decimal comma
    assert (row["var_score"], row["var_who_else"], row["var_frames"]) == ("2,25", "Huawei", "a; =b")
    assert row["tags"] == "no-such-tag"
    assert row["note"] == "'=cmd|' /C calc'!A0"
    undated = next(r for r in rows if r["document_title"] == "'-Undated")
    assert undated["quote"] == "'-Minus 🙂 begint."
    assert (undated["document_published"], undated["claimant"]) == ("", "Jansen")


def test_export_xlsx_claims_sheet_has_the_csv_rows(sample: Sample, tmp_path: Path) -> None:
    export_csv(sample.project, tmp_path / "claims.csv")
    export_xlsx(sample.project, tmp_path / "study.xlsx")
    rows = list(csv.reader(io.StringIO((tmp_path / "claims.csv").read_text(encoding="utf-8"))))
    sheet = list(load_workbook(tmp_path / "study.xlsx")["claims"].iter_rows(values_only=True))
    assert len(sheet) == len(rows) == 1 + 10  # the header and the claims
    for cells, values in zip(rows, sheet, strict=True):
        # text as typed (CSV neutralises formulas), numbers as numbers, empty cells empty
        assert [as_csv(v) for v in values] == cells


def as_csv(value: Any) -> str:
    """A value of an XLSX cell as the CSV export writes it."""
    if value is None:
        return ""
    if isinstance(value, str):
        return neutralise(value)
    return f"{value:g}" if isinstance(value, float) else str(value)


def test_export_csv_actors_count_claims_in_scope(sample: Sample, tmp_path: Path) -> None:
    out = tmp_path / "actors.csv"
    export_csv(sample.project, out, table="actors", scope=Scope(coder="anna"))
    counts = {r["name"]: (r["claims"], r["mentions"]) for r in csv.DictReader(out.open())}
    assert counts == {
        "Nederlands kabinet": ("3", "0"),
        "Jansen": ("3", "0"),
        "Huawei": ("1", "1"),
    }


def test_scoped_claims_counts_documents_in_scope(sample: Sample) -> None:
    _header, claims, total = scoped_claims(sample.project, Scope.of(date_from="2019-11"))
    titles = [document[2] for document, _ in claims]
    assert (titles, total) == (["Duitsland twijfelt", "Orphan"], 2)


def test_write_corpus_binary_stream_is_the_text_stream_encoded(
    sample: Sample, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("claimdesk.formats.corpus_json.utc_now", lambda: "2020-01-01T00:00:00Z")
    for lines in (True, False):
        text, data = io.StringIO(), io.BytesIO()
        write_corpus(sample.project, text, lines=lines)
        write_corpus(sample.project, data, lines=lines)
        assert data.getvalue() == text.getvalue().encode("utf-8")
        assert "😀".encode() in data.getvalue()  # UTF-8, not escaped
