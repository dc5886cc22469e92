"""claimdesk.formats.corpus_json: export_corpus, load_corpus, import_corpus (JSON and JSON Lines)."""

from __future__ import annotations

import copy
import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import rawdb
from claimdesk.core import FormatError, Project
from claimdesk.core.model import Document
from claimdesk.demo import build_demo_project
from claimdesk.formats.corpus_json import (
    export_corpus,
    import_corpus,
    load_corpus,
    schema,
    write_corpus,
)
from claimdesk.paths import resource_path

UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


def read_export(path: Path) -> dict[str, Any]:
    """A JSON or JSON Lines export as one object with its documents."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".jsonl":
        header, *lines = text.splitlines()
        return {**json.loads(header), "documents": [json.loads(line) for line in lines]}
    return json.loads(text)


def without_export_time(text: str) -> str:
    return re.sub(r'"exported": ?"[^"]*"', '"exported": ""', text)


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    data = json.loads(resource_path("schema", "corpus.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(data)
    return jsonschema.Draft202012Validator(data)


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The demo project (closed) and its JSON export, built once for this module."""
    folder = tmp_path_factory.mktemp("demo-template")
    with build_demo_project(folder / "demo.claimdesk") as project:
        export_corpus(project, folder / "demo.json")
    return folder / "demo.claimdesk", folder / "demo.json"


@pytest.fixture
def demo_project(demo_template: tuple[Path, Path], tmp_path: Path) -> Iterator[Project]:
    """A fresh copy of the demo project (as conftest's fixture, without building it again)."""
    path = tmp_path / "demo.claimdesk"
    shutil.copyfile(demo_template[0], path)
    with Project.open(path, coder="demo") as project:
        yield project


@pytest.fixture
def demo_export(demo_template: tuple[Path, Path], tmp_path: Path) -> Path:
    """A copy of the demo's JSON export, free to change."""
    path = tmp_path / "demo.json"
    shutil.copyfile(demo_template[1], path)
    return path


# ---------------------------------------------------------------------- export


@pytest.mark.parametrize("suffix", [".json", ".jsonl"])
def test_export_corpus_validates_against_the_schema(
    demo_project: Project, tmp_path: Path, validator: jsonschema.Draft202012Validator, suffix: str
) -> None:
    demo_project.set_status(1, "done")
    demo_project.update_document(2, memo="Een memo", metadata={"bron": "seeds"})
    path = tmp_path / f"corpus{suffix}"
    result = export_corpus(demo_project, path)
    assert (result.documents, result.claims, result.mentions, result.path) == (
        14,
        16,
        11,
        str(path),
    )
    data = read_export(path)
    validator.validate(data)
    assert data["format"] == "claimdesk-corpus"
    assert data["version"] == 1
    assert data["generator"].startswith("claimdesk ")
    assert len(data["documents"]) == 14
    assert sum(len(d["claims"]) for d in data["documents"]) == 16
    assert [c["name"] for c in data["coders"]] == ["demo"]
    first = data["documents"][0]
    assert first["file"] == "000_976797ab8663bd03.txt"
    assert first["published"] == "2019-10"
    assert first["structure"][0] == {"kind": "subheading", "start": 564, "end": 586}
    for doc in data["documents"]:
        for span in doc["claims"] + doc["mentions"]:
            assert doc["text"][span["start"] : span["end"]] == span["quote"]


def test_export_corpus_jsonl_has_the_header_first(
    demo_export: Path, demo_project: Project, tmp_path: Path
) -> None:
    path = tmp_path / "corpus.jsonl"
    export_corpus(demo_project, path)
    header, *lines = path.read_text(encoding="utf-8").splitlines()
    assert "documents" not in json.loads(header)
    assert len(lines) == 14
    assert all(set(json.loads(line)) >= {"id", "text", "claims", "mentions"} for line in lines)


def test_export_corpus_lines_option_overrides_the_suffix(
    demo_project: Project, tmp_path: Path
) -> None:
    path = tmp_path / "corpus.json"
    export_corpus(demo_project, path, lines=True)
    assert len(path.read_text(encoding="utf-8").splitlines()) == 15


def test_export_corpus_to_standard_output(
    demo_project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    result = export_corpus(demo_project, "-")
    assert result.path == "-"
    assert len(json.loads(capsys.readouterr().out)["documents"]) == 14


def test_export_corpus_of_some_documents(demo_project: Project, tmp_path: Path) -> None:
    result = export_corpus(demo_project, tmp_path / "two.json", documents=[13, 1])
    assert (result.documents, result.claims) == (2, 7)
    assert [d["file"][:3] for d in read_export(tmp_path / "two.json")["documents"]] == [
        "012",
        "000",
    ]


def test_export_corpus_of_an_empty_project(
    empty_project: Project, tmp_path: Path, validator: jsonschema.Draft202012Validator
) -> None:
    export_corpus(empty_project, tmp_path / "empty.json")
    data = read_export(tmp_path / "empty.json")
    validator.validate(data)
    assert data["documents"] == []


def test_export_corpus_cancelled_leaves_no_file(demo_project: Project, tmp_path: Path) -> None:
    from claimdesk.core.errors import Cancelled

    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(Cancelled):
        export_corpus(demo_project, out / "half.json", cancel=lambda: True)
    assert list(out.iterdir()) == []


def test_schema_is_the_resource() -> None:
    assert schema()["$id"] == "urn:claimdesk:schema:corpus:1"


# ---------------------------------------------------------------------- round trips


@pytest.mark.parametrize("suffix", [".json", ".jsonl"])
def test_export_import_export_is_identical(
    demo_project: Project, tmp_path: Path, suffix: str
) -> None:
    demo_project.set_status(3, "in-progress")
    first = tmp_path / f"first{suffix}"
    export_corpus(demo_project, first)
    with Project.create(tmp_path / "copy.claimdesk") as copy_:
        report = import_corpus(copy_, first)
        assert report.adopted
        assert (report.documents_added, report.claims_added, report.mentions_added) == (14, 16, 11)
        assert report.problems == []
        second = tmp_path / f"second{suffix}"
        export_corpus(copy_, second)
        assert copy_.check() == []
    assert without_export_time(second.read_text(encoding="utf-8")) == without_export_time(
        first.read_text(encoding="utf-8")
    )


def test_import_corpus_adopts_identity_and_codebook_of_an_untouched_project(
    demo_export: Path, empty_project: Project
) -> None:
    data = read_export(demo_export)
    empty_project.add_issue("Weg")  # the codebook of an untouched project is replaced
    import_corpus(empty_project, demo_export)
    info = empty_project.info()
    assert (info["uuid"], info["name"], info["created"]) == (
        data["project"]["id"],
        data["project"]["name"],
        data["project"]["created"],
    )
    assert [i.label for i in empty_project.codebook().issues] == [
        i["label"] for i in data["codebook"]["issues"]
    ]


# ---------------------------------------------------------------------- merging


def test_import_corpus_into_a_copy_of_the_same_project_adds_nothing(
    demo_export: Path, tmp_path: Path
) -> None:
    with build_demo_project(tmp_path / "twin.claimdesk") as twin:
        before = rawdb.dump(twin.path)
        report = import_corpus(twin, demo_export)
        assert not report.adopted
        assert (report.documents_matched, report.claims_present, report.mentions_present) == (
            14,
            16,
            11,
        )
        assert (report.documents_added, report.claims_added, report.mentions_added) == (0, 0, 0)
        assert (report.actors_matched, report.actors_added) == (16, 0)
        assert rawdb.dump(twin.path) == before
        assert twin.undo_status() == (None, None)


def test_import_corpus_matches_documents_by_text(
    demo_export: Path, seeded_project: Project
) -> None:
    seeded_project.add_actor("Trump")  # the demo's "Donald Trump" has the alias "Trump"
    info = seeded_project.info()
    report = import_corpus(seeded_project, demo_export)
    assert not report.adopted
    assert (report.documents_matched, report.documents_added) == (14, 0)
    assert (report.claims_added, report.mentions_added) == (16, 11)
    assert (report.actors_matched, report.actors_added) == (1, 15)
    assert seeded_project.info() == info
    assert seeded_project.counts()["documents"] == 14
    trump = seeded_project.find_actor("Trump")
    assert trump is not None and trump.name == "Trump"
    assert seeded_project.find_actor("Donald Trump") is None
    claimants = {c.claimant for c in seeded_project.claims()}
    assert trump.id in claimants
    assert seeded_project.check() == []


def test_import_corpus_twice_adds_nothing_the_second_time(
    demo_export: Path, seeded_project: Project
) -> None:
    first = import_corpus(seeded_project, demo_export)
    assert first.claims_added == 16
    before = rawdb.dump(seeded_project.path)
    undo = seeded_project.undo_status()
    second = import_corpus(seeded_project, demo_export)
    assert (
        second.documents_added,
        second.claims_added,
        second.mentions_added,
        second.actors_added,
    ) == (0, 0, 0, 0)
    assert (second.documents_matched, second.claims_present, second.mentions_present) == (
        14,
        16,
        11,
    )
    assert second.changes.count == 0
    assert rawdb.dump(seeded_project.path) == before
    assert seeded_project.undo_status() == undo


def test_import_corpus_merges_new_claims_into_known_documents(
    demo_export: Path, demo_project: Project, tmp_path: Path
) -> None:
    # Another coder's copy of the demo: one claim more, coded on a document both have.
    with build_demo_project(tmp_path / "anna.claimdesk", coder="anna") as anna:
        anna.add_claim(document=4, start=0, end=11, claimant=1, note="van anna")
        export_corpus(anna, tmp_path / "anna.json")
    report = import_corpus(demo_project, tmp_path / "anna.json")
    assert (report.claims_added, report.claims_present, report.documents_added) == (1, 16, 0)
    [new] = [c for c in demo_project.claims(document=4) if c.note == "van anna"]
    assert new.coder == demo_project.coder_id("anna")
    assert demo_project.counts()["claims"] == 17


# ---------------------------------------------------------------------- refusals


def _demo_data(demo_export: Path) -> dict[str, Any]:
    return json.loads(demo_export.read_text(encoding="utf-8"))


def _write(path: Path, data: dict[str, Any], *, ascii_only: bool = False) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=ascii_only), encoding="utf-8")
    return path


def _mutate(change: Any) -> Any:
    def make(data: dict[str, Any]) -> dict[str, Any]:
        data = copy.deepcopy(data)
        change(data)
        return data

    return make


def _set(d: dict[str, Any], path: str, value: Any) -> None:
    *parents, last = path.split(".")
    for key in parents:
        d = d[int(key)] if key.isdigit() else d[key]  # type: ignore[index]
    d[int(last) if last.isdigit() else last] = value  # type: ignore[index]


BAD_EXPORTS = [
    (
        "wrong-format",
        _mutate(lambda d: _set(d, "format", "other-corpus")),
        'no "format": "claimdesk-corpus"',
    ),
    (
        "version-2",
        _mutate(lambda d: _set(d, "version", 2)),
        "made by a newer Claimdesk (format version 2",
    ),
    (
        "version-string",
        _mutate(lambda d: _set(d, "version", "1")),
        "not a valid Claimdesk export at version",
    ),
    (
        "missing-actor",
        _mutate(
            lambda d: _set(
                d, "documents.0.claims.0.claimant", "00000000-0000-4000-8000-000000000000"
            )
        ),
        "claimant refers to 00000000-0000-4000-8000-000000000000, which is not in the file",
    ),
    (
        "missing-stance",
        _mutate(
            lambda d: _set(d, "documents.0.claims.0.stance", "00000000-0000-4000-8000-000000000001")
        ),
        "stance refers to",
    ),
    (
        "quote-mismatch",
        _mutate(lambda d: _set(d, "documents.0.claims.0.quote", "Iets anders")),
        "does not match the text",
    ),
    (
        "span-outside",
        _mutate(lambda d: _set(d, "documents.0.claims.0.end", 99_999)),
        "is outside the text",
    ),
    (
        "span-reversed",
        _mutate(lambda d: _set(d, "documents.0.claims.0.start", 200)),
        "is outside the text",
    ),
    (
        "negative-offset",
        _mutate(lambda d: _set(d, "documents.0.mentions.0.start", -1)),
        "mentions/0/start: -1 is less than the minimum of 0",
    ),
    ("no-text", _mutate(lambda d: d["documents"][0].pop("text")), "'text' is a required property"),
    ("bad-uuid", _mutate(lambda d: _set(d, "actors.0.id", "not-a-uuid")), "at actors/0/id"),
    (
        "structure-outside",
        _mutate(lambda d: _set(d, "documents.0.structure.0.end", 99_999)),
        "structure range outside the text",
    ),
    (
        "document-twice",
        _mutate(lambda d: d["documents"].append(copy.deepcopy(d["documents"][0]))),
        "appears twice",
    ),
    (
        "surrogate-in-text",
        _mutate(lambda d: _set(d, "documents.1.text", "Tekst \ud800 hier.")),
        "lone surrogate",
    ),
    (
        "surrogate-in-title",
        _mutate(lambda d: _set(d, "documents.1.title", "Titel \udfff")),
        "lone surrogate",
    ),
    ("surrogate-in-actor", _mutate(lambda d: _set(d, "actors.0.name", "\ud83d")), "lone surrogate"),
    (
        "surrogate-in-note",
        _mutate(lambda d: _set(d, "documents.0.claims.0.note", "x\udc00")),
        "lone surrogate",
    ),
]


@pytest.mark.parametrize(("name", "make", "message"), BAD_EXPORTS, ids=[b[0] for b in BAD_EXPORTS])
@pytest.mark.parametrize("suffix", [".json", ".jsonl"])
def test_import_corpus_refuses_and_changes_nothing(
    demo_export: Path,
    demo_project: Project,
    tmp_path: Path,
    name: str,
    make: Any,
    message: str,
    suffix: str,
) -> None:
    data = make(_demo_data(demo_export))
    path = tmp_path / f"bad{suffix}"
    if suffix == ".jsonl":
        docs = data.pop("documents")
        lines = [json.dumps(data, ensure_ascii=True)] + [
            json.dumps(d, ensure_ascii=True) for d in docs
        ]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    else:
        _write(path, data, ascii_only=True)
    assert "\\ud" in path.read_text(encoding="utf-8") or "surrogate" not in name
    before = rawdb.dump(demo_project.path)
    counts = demo_project.counts()
    with pytest.raises(FormatError, match=re.escape(message)):
        import_corpus(demo_project, path)
    assert demo_project.counts() == counts
    assert rawdb.dump(demo_project.path) == before


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"{not json", "bad.json: not valid JSON"),
        (b"", "bad.json: not valid JSON"),
        (b"[1, 2]", 'not a Claimdesk corpus export (no "format"'),
        (b'"just a string"', 'not a Claimdesk corpus export (no "format"'),
        ('{"format": "claimdesk-corpus", "name": "Café"}'.encode("cp1252"), "not UTF-8 text"),
    ],
    ids=["malformed", "empty", "array", "string", "not-utf8"],
)
def test_import_corpus_refuses_what_is_not_json(
    demo_project: Project, tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    with pytest.raises(FormatError, match=re.escape(message)):
        load_corpus(path)
    before, counts = rawdb.dump(demo_project.path), demo_project.counts()
    with pytest.raises(FormatError, match=re.escape(message)):
        import_corpus(demo_project, path)
    assert (rawdb.dump(demo_project.path), demo_project.counts()) == (before, counts)


@pytest.mark.parametrize("suffix", [".json", ".jsonl"])
def test_import_corpus_refuses_a_truncated_file(
    demo_project: Project, tmp_path: Path, suffix: str
) -> None:
    path = tmp_path / f"demo{suffix}"
    export_corpus(demo_project, path)
    data = path.read_bytes()
    half = data[: len(data) // 2]
    path.write_bytes(half)
    line = half.count(b"\n") + 1
    expected = "not valid JSON" if suffix == ".json" else f", line {line}: not valid JSON"
    before, counts = rawdb.dump(demo_project.path), demo_project.counts()
    with pytest.raises(FormatError, match=re.escape(expected)):
        import_corpus(demo_project, path)
    assert (rawdb.dump(demo_project.path), demo_project.counts()) == (before, counts)


def test_load_corpus_missing_file(tmp_path: Path) -> None:
    with pytest.raises(FormatError, match=r"gone\.json: cannot be read"):
        load_corpus(tmp_path / "gone.json")


def test_load_corpus_accepts_a_byte_order_mark(demo_export: Path) -> None:
    demo_export.write_bytes(b"\xef\xbb\xbf" + demo_export.read_bytes())
    header, docs = load_corpus(demo_export)
    assert (header["format"], len(docs)) == ("claimdesk-corpus", 14)


# ---------------------------------------------------------------------- CRLF from elsewhere


def _with_newlines(doc: dict[str, Any], newline: str) -> dict[str, Any]:
    """The document as another tool would write it: CRLF (or CR) text, offsets counted in it."""
    text = doc["text"]

    def shift(i: int) -> int:
        return i + (len(newline) - 1) * text[:i].count("\n")

    new = copy.deepcopy(doc)
    new["text"] = text.replace("\n", newline)
    for span in [*new["claims"], *new["mentions"], *new["structure"]]:
        span["start"], span["end"] = shift(span["start"]), shift(span["end"])
    for span in [*new["claims"], *new["mentions"]]:
        span["quote"] = new["text"][span["start"] : span["end"]]
        span.pop("prefix")
        span.pop("suffix")
    return new


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_import_corpus_normalises_newlines_and_remaps_offsets(
    demo_export: Path, empty_project: Project, tmp_path: Path, newline: str
) -> None:
    data = _demo_data(demo_export)
    original = data["documents"][0]
    multi_line = [c for c in original["claims"] if "\n" in c["quote"]]
    assert original["structure"] and original["claims"][-1]["start"] > original["text"].index("\n")
    data["documents"][0] = _with_newlines(original, newline)
    data["documents"][0]["sha256"] = "0" * 64  # whatever it says, the hash is of the stored text
    path = _write(tmp_path / "crlf.json", data)
    import_corpus(empty_project, path)
    doc = empty_project.document(1)
    assert doc.text == original["text"]
    assert doc.sha256 == original["sha256"]
    assert [s.to_json() for s in doc.structure] == original["structure"]
    claims = empty_project.claims(document=1)
    assert [(c.start, c.end, c.quote, c.prefix, c.suffix) for c in claims] == [
        (c["start"], c["end"], c["quote"], c["prefix"], c["suffix"]) for c in original["claims"]
    ]
    assert multi_line == [c for c in original["claims"] if "\n" in c["quote"]]
    assert empty_project.check() == []


def test_import_corpus_crlf_with_a_wrong_quote_is_refused(
    demo_export: Path, empty_project: Project, tmp_path: Path
) -> None:
    data = _demo_data(demo_export)
    doc = _with_newlines(data["documents"][0], "\r\n")
    doc["claims"][0]["quote"] = "Iets anders"
    data["documents"][0] = doc
    with pytest.raises(FormatError, match="quote 'Iets anders' does not match the text"):
        import_corpus(empty_project, _write(tmp_path / "crlf.json", data))
    assert empty_project.counts()["documents"] == 0


def test_write_corpus_streams_into_any_text_stream(demo_project: Project) -> None:
    import io

    out = io.StringIO()
    result = write_corpus(demo_project, out, lines=True, documents=[2])
    assert (result.documents, result.claims, result.mentions) == (1, 1, result.mentions)
    header, line = out.getvalue().splitlines()
    assert json.loads(line)["file"] == "001_014a362b6ea5d783.txt"
    assert UUID.match(json.loads(header)["project"]["id"])


# ---------------------------------------------------------------------- any text survives

_ANY_TEXT = st.text(
    alphabet=st.one_of(
        st.characters(codec="utf-8", exclude_characters="\r\x00"),
        st.sampled_from(
            ["📶", "🇳", "🇱", "\u0301", "ש", "م", "\u200f", "\u2028", "\n", " ", "\ufeff"]
        ),
    ),
    min_size=1,
    max_size=120,
)


@st.composite
def corpora(draw: st.DrawFn) -> tuple[list[str], list[list[tuple[int, int]]], str]:
    texts = draw(st.lists(_ANY_TEXT, min_size=1, max_size=3, unique=True))
    spans = []
    for text in texts:
        n = len(text)
        pairs = draw(
            st.lists(
                st.tuples(st.integers(0, n - 1), st.integers(1, n)).filter(lambda p: p[0] < p[1]),
                max_size=4,
            )
        )
        spans.append(pairs)
    actor = draw(_ANY_TEXT.filter(lambda s: s.strip() != ""))
    return texts, spans, actor


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(corpus=corpora())
def test_any_unicode_corpus_survives_export_and_import(
    tmp_path_factory: pytest.TempPathFactory,
    corpus: tuple[list[str], list[list[tuple[int, int]]], str],
) -> None:
    texts, spans, actor_name = corpus
    folder = tmp_path_factory.mktemp("roundtrip")
    with Project.create(folder / "a.claimdesk", coder="ß 📶") as source:
        source.import_documents(
            Document(text=t, title=t[:20], file=f"{i}.txt") for i, t in enumerate(texts)
        )
        with source.write("Code"):  # one transaction for all the coding: quicker
            actor = source.add_actor(actor_name, aliases=[actor_name[::-1]]).id
            for document, pairs in enumerate(spans, start=1):
                for start, end in pairs:
                    source.add_claim(
                        document=document, start=start, end=end, claimant=actor, note=texts[0]
                    )
                    source.add_mention(document=document, start=start, end=end, actor=actor)
        export_corpus(source, folder / "first.json")
    with Project.create(folder / "b.claimdesk") as target:
        report = import_corpus(target, folder / "first.json")
        assert report.problems == []
        for claim in target.claims():
            assert target.document(claim.document).text[claim.start : claim.end] == claim.quote
        assert target.check() == []
        export_corpus(target, folder / "second.json")
    first = (folder / "first.json").read_text(encoding="utf-8")
    assert without_export_time(
        (folder / "second.json").read_text(encoding="utf-8")
    ) == without_export_time(first)
    documents = read_export(folder / "first.json")["documents"]
    assert [d["text"] for d in documents] == texts
