"""Properties that hold for any text: newlines normalised once and stable, spans true to their text.

The round trip of arbitrary Unicode corpora through export and import is
``test_any_unicode_corpus_survives_export_and_import`` in tests/test_corpus_json.py;
these add text with CR and CRLF (from files and from other tools' JSON) and
texts that change under their claims.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimdesk.core import Document, Project
from claimdesk.core.text import newline_offset_map, normalise_newlines
from claimdesk.formats.corpus_json import export_corpus, import_corpus
from claimdesk.formats.importing import import_paths

_PIECES = st.sampled_from(
    ["Huawei", "de VS", "📶", "🇳🇱", "e\u0301", "שלום", "مرحبا", "\u200f", " ", ".", "ß", "\t"]
)
_NEWLINES = st.sampled_from(["\n", "\r\n", "\r", "\r\n\r\n", "\n\n"])
_RAW = (
    st.lists(st.one_of(_PIECES, _NEWLINES), min_size=2, max_size=50)
    .map("".join)
    .filter(lambda t: t.strip() != "" and not t.startswith((" ", "\t")))
)
_SETTINGS = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _spans_hold(project: Project) -> None:
    for span in [*project.claims(), *project.mentions()]:
        assert project.document(span.document).text[span.start : span.end] == span.quote
    assert project.check() == []


@_SETTINGS
@given(raw=_RAW)
def test_an_article_file_with_cr_or_crlf_is_normalised_once_and_stays_so(
    tmp_path_factory: pytest.TempPathFactory, raw: str
) -> None:
    folder = tmp_path_factory.mktemp("newlines")
    (folder / "in").mkdir()
    (folder / "in" / "a.txt").write_bytes(raw.encode("utf-8"))
    with Project.create(folder / "a.claimdesk", coder="tester") as project:
        report = import_paths(project, [folder / "in"])
        assert report.exit_code == 0, report.failed
        [doc] = list(project.iter_documents())
        assert doc.text == normalise_newlines(raw) and "\r" not in doc.text
        again = import_paths(project, [folder / "in"])  # the same file: a duplicate, not a change
        assert (len(again.imported), len(again.duplicates), again.updated) == (0, 1, [])
        if len(doc.text) > 1:
            project.add_claim(document=1, start=0, end=len(doc.text) - 1)
        export_corpus(project, folder / "first.json")
    with Project.create(folder / "b.claimdesk", coder="tester") as copy:
        import_corpus(copy, folder / "first.json")
        _spans_hold(copy)
        export_corpus(copy, folder / "second.json")
    first = json.loads((folder / "first.json").read_text(encoding="utf-8"))["documents"]
    second = json.loads((folder / "second.json").read_text(encoding="utf-8"))["documents"]
    assert [d["text"] for d in first] == [d["text"] for d in second]
    assert [d["claims"] for d in first] == [d["claims"] for d in second]


@st.composite
def crlf_corpora(draw: st.DrawFn) -> tuple[str, list[tuple[int, int]]]:
    """A text with CR/CRLF and spans counted in it (as another tool writes them)."""
    raw = draw(_RAW)
    mapping = newline_offset_map(raw)
    # Offsets between a CR and its LF have no place of their own: not a span boundary.
    boundaries = [
        i for i in range(len(raw) + 1) if not (0 < i < len(raw) and raw[i - 1 : i + 1] == "\r\n")
    ]
    spans = []
    for _ in range(draw(st.integers(0, 4))):
        start = draw(st.sampled_from(boundaries[:-1]))
        end = draw(st.sampled_from([b for b in boundaries if b > start]))
        if mapping[start] < mapping[end]:
            spans.append((start, end))
    return raw, spans


@_SETTINGS
@given(corpus=crlf_corpora())
def test_json_from_elsewhere_with_crlf_is_remapped_once_and_stable(
    tmp_path_factory: pytest.TempPathFactory, corpus: tuple[str, list[tuple[int, int]]]
) -> None:
    raw, spans = corpus
    folder = tmp_path_factory.mktemp("crlf")
    with Project.create(folder / "empty.claimdesk", coder="tester") as project:
        export_corpus(project, folder / "empty.json")
    data = json.loads((folder / "empty.json").read_text(encoding="utf-8"))
    data["documents"] = [
        {
            "id": "0f0f0f0f-0000-4000-8000-000000000001",
            "text": raw,
            "claims": [
                {
                    "id": f"0f0f0f0f-0000-4000-8000-{n:012d}",
                    "start": s,
                    "end": e,
                    "quote": raw[s:e],
                }
                for n, (s, e) in enumerate(spans, start=100)
            ],
            "mentions": [],
        }
    ]
    (folder / "crlf.json").write_text(json.dumps(data), encoding="utf-8")
    text = normalise_newlines(raw)
    mapping = newline_offset_map(raw)
    with Project.create(folder / "a.claimdesk", coder="tester") as project:
        report = import_corpus(project, folder / "crlf.json")
        assert report.problems == []
        assert project.document(1).text == text
        stored = sorted((c.start, c.end, c.quote) for c in project.claims())
        assert stored == sorted(
            (mapping[s], mapping[e], text[mapping[s] : mapping[e]]) for s, e in spans
        )
        _spans_hold(project)
        export_corpus(project, folder / "once.json")
    with Project.create(folder / "b.claimdesk", coder="tester") as project:
        import_corpus(project, folder / "once.json")
        export_corpus(project, folder / "twice.json")
    once = json.loads((folder / "once.json").read_text(encoding="utf-8"))["documents"]
    twice = json.loads((folder / "twice.json").read_text(encoding="utf-8"))["documents"]
    assert once[0]["text"] == twice[0]["text"] == text
    assert once[0]["claims"] == twice[0]["claims"]


_WORDS = st.sampled_from(["Huawei", "VS", "5G", "📶", "e\u0301", "שלום", "nee", "ja", "\n\n", "."])
_TEXT = st.lists(_WORDS, min_size=4, max_size=40).map(" ".join)


@st.composite
def edit_sessions(draw: st.DrawFn) -> tuple[str, list[tuple[int, int]], list[str]]:
    """A text, spans coded in it, and the texts it is edited into, one after the other."""
    text = draw(_TEXT)
    spans = []
    for _ in range(draw(st.integers(1, 6))):
        start = draw(st.integers(0, len(text) - 1))
        spans.append((start, draw(st.integers(start + 1, len(text)))))
    versions = []
    current = text
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(current)))
        cut = draw(st.integers(0, min(12, len(current) - at)))
        current = current[:at] + draw(_TEXT | st.just("")) + current[at + cut :]
        if current.strip():
            versions.append(current)
    return text, spans, versions


@_SETTINGS
@given(session=edit_sessions())
def test_every_stored_span_is_its_quote_after_any_text_edits(
    tmp_path_factory: pytest.TempPathFactory, session: tuple[str, list[tuple[int, int]], list[str]]
) -> None:
    text, spans, versions = session
    folder = tmp_path_factory.mktemp("edits")
    with Project.create(folder / "a.claimdesk", coder="tester") as project:
        project.import_documents([Document(text=text, file="a.txt")])
        with project.write("Code"):
            for start, end in spans:
                project.add_claim(document=1, start=start, end=end)
                project.add_mention(document=1, start=start, end=end, actor=None)
        total = 2 * len(spans)
        edits = 0
        for version in versions:
            edits += project.edit_document_text(1, version).version is not None
            _spans_hold(project)
            placed = len(project.claims()) + len(project.mentions())
            assert placed + len(project.orphans()) == total  # nothing is ever dropped
        for _ in range(edits):  # each edit that changed the text is one undo step
            project.undo()
        assert project.document(1).text == text
        assert sorted((c.start, c.end) for c in project.claims()) == sorted(spans)
        _spans_hold(project)


def test_example_crlf_file(tmp_path: Path) -> None:
    """The same, spelled out: a Windows file with a claim after its first line end."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "w.txt").write_bytes(b"Titel\r\n\r\nDe VS wil dat.\r\nEinde.\r\n")
    with Project.create(tmp_path / "a.claimdesk") as project:
        import_paths(project, [folder])
        text = project.document(1).text
        assert text == "Titel\n\nDe VS wil dat.\nEinde.\n"
        start = text.index("De VS")
        project.add_claim(document=1, start=start, end=start + len("De VS wil dat."))
        _spans_hold(project)
