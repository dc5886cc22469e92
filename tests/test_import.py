"""claimdesk.formats.importing.import_paths and Project.import_documents: outcomes, batches, undo."""

from __future__ import annotations

import codecs
from collections import Counter
from pathlib import Path

import pytest

import rawdb
from claimdesk.core import FormatError, Project
from claimdesk.core.model import Document
from claimdesk.formats.corpus_json import export_corpus
from claimdesk.formats.importing import collect_files, import_paths
from claimdesk.paths import seeds_path


def article(n: int, extra: str = "") -> str:
    return (
        f" date 2019-{n % 12 + 1:02d} Artikel nummer {n} over Huawei en 5G.{extra}\n\nMeer tekst."
    )


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """a.txt, b.md, sub/c.txt, sub/deeper/d.TXT; hidden files and folders; files of no format."""
    root = tmp_path / "articles"
    (root / "sub" / "deeper").mkdir(parents=True)
    (root / ".git").mkdir()
    (root / "a.txt").write_text(article(1), encoding="utf-8")
    (root / "b.md").write_text("# Kop\n\nEen Markdown-artikel over Huawei.", encoding="utf-8")
    (root / "sub" / "c.txt").write_text(article(2), encoding="utf-8")
    (root / "sub" / "deeper" / "d.TXT").write_text(article(3), encoding="utf-8")
    (root / ".hidden.txt").write_text(article(4), encoding="utf-8")
    (root / ".git" / "e.txt").write_text(article(5), encoding="utf-8")
    (root / "notes.bak").write_text("a,b\n1,2\n", encoding="utf-8")
    (root / "picture.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    return root


def test_collect_files(folder: Path, tmp_path: Path) -> None:
    loose = tmp_path / "loose.bak"
    loose.write_text("x", encoding="utf-8")
    assert [name for _, name in collect_files([folder, loose])] == [
        "a.txt",
        "b.md",
        "sub/c.txt",
        "sub/deeper/d.TXT",
        "loose.bak",  # named explicitly, so taken (and refused later if no format reads it)
    ]


def test_import_paths_folder(empty_project: Project, folder: Path) -> None:
    report = import_paths(empty_project, [folder])
    assert report.summary() == "4 imported, 0 duplicates, 0 failed"
    assert report.exit_code == 0
    assert [d.file for d in report.imported] == ["a.txt", "b.md", "sub/c.txt", "sub/deeper/d.TXT"]
    assert [empty_project.document(i).file for i in empty_project.document_ids()] == [
        "a.txt",
        "b.md",
        "sub/c.txt",
        "sub/deeper/d.TXT",
    ]
    assert report.encodings == Counter({"utf-8": 4})
    assert report.changes.documents == set(empty_project.document_ids())
    assert empty_project.undo_status() == ("Import articles", None)


def test_import_paths_seeds(empty_project: Project) -> None:
    report = import_paths(empty_project, [seeds_path()])
    assert report.summary() == "14 imported, 0 duplicates, 0 failed"
    assert empty_project.document_count() == 14
    assert empty_project.check() == []
    hits = empty_project.search("Huawei-apparatuur")
    assert {empty_project.document(h.document).file for h in hits} == {
        "000_976797ab8663bd03.txt",
        "010_43cc3a3117e0dd37.txt",
    }


def test_import_paths_names_the_step_after_its_sources(
    empty_project: Project, folder: Path
) -> None:
    import_paths(empty_project, [folder / "a.txt", folder / "sub"])
    assert empty_project.undo_status() == ("Import 2 Sources", None)


@pytest.mark.parametrize(
    ("files", "code", "summary", "failed"),
    [
        ({"a.txt": article(1), "b.txt": article(2)}, 0, "2 imported, 0 duplicates, 0 failed", []),
        ({"a.txt": article(1), "b.txt": article(1)}, 0, "1 imported, 1 duplicates, 0 failed", []),
        (
            {"a.txt": article(1), "bad.txt": b"\x00\x01binary"},
            3,
            "1 imported, 0 duplicates, 1 failed",
            ["bad.txt: binary file (contains NUL bytes), not text"],
        ),
        (
            {"bad.txt": " date 2019-13 Tekst.", "empty.txt": ""},
            1,
            "0 imported, 0 duplicates, 2 failed",
            [
                "bad.txt: '2019-13' is not a valid date (month must be in 1..12)",
                "empty.txt: empty file",
            ],
        ),
    ],
    ids=["all-good", "duplicate", "some-failed", "all-failed"],
)
def test_import_paths_exit_codes(
    empty_project: Project,
    tmp_path: Path,
    files: dict[str, str | bytes],
    code: int,
    summary: str,
    failed: list[str],
) -> None:
    for name, content in files.items():
        path = tmp_path / "in" / name
        path.parent.mkdir(exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    report = import_paths(empty_project, [tmp_path / "in"])
    assert (report.exit_code, report.summary()) == (code, summary)
    assert [str(p) for p in report.failed] == failed


def test_import_paths_missing_and_unreadable_paths(empty_project: Project, tmp_path: Path) -> None:
    unknown = tmp_path / "data.bin"
    unknown.write_bytes(b"\x00\x01\x02\x03")
    report = import_paths(empty_project, [tmp_path / "gone.txt", unknown])
    assert report.exit_code == 1
    assert [p.message for p in report.failed] == [
        "no such file or folder",
        "not a file format Claimdesk reads",
    ]


def test_import_paths_strict_writes_nothing(empty_project: Project, folder: Path) -> None:
    (folder / "bad.txt").write_bytes(b"")
    before = rawdb.dump(empty_project.path)
    report = import_paths(empty_project, [folder], strict=True)
    assert report.exit_code == 1
    assert report.imported == []
    assert report.summary() == "0 imported, 0 duplicates, 1 failed (--strict: nothing was written)"
    assert rawdb.dump(empty_project.path) == before
    assert empty_project.undo_status() == (None, None)


def test_import_paths_strict_with_good_files(empty_project: Project, folder: Path) -> None:
    assert import_paths(empty_project, [folder], strict=True).exit_code == 0
    assert empty_project.document_count() == 4


def test_import_paths_duplicates_keep_both_names(empty_project: Project, tmp_path: Path) -> None:
    text = "Dezelfde tekst in twee bestanden, één keer in cp1252."
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(" date 2019-10 " + text, encoding="utf-8")
    (tmp_path / "in" / "b.txt").write_bytes((" date 2019-10 " + text).encode("cp1252"))
    (tmp_path / "in" / "c.txt").write_bytes((" date 2019-10 " + text).encode("utf-8"))
    report = import_paths(empty_project, [tmp_path / "in"])
    assert report.summary() == "1 imported, 2 duplicates, 0 failed"
    assert report.duplicates == [("b.txt", "a.txt"), ("c.txt", "a.txt")]
    [doc] = empty_project.iter_documents()
    assert (doc.file, doc.other_files, doc.text) == ("a.txt", ["b.txt", "c.txt"], text)


def test_import_paths_again_adds_nothing(empty_project: Project, folder: Path) -> None:
    import_paths(empty_project, [folder])
    before = rawdb.dump(empty_project.path, exclude=("imports",))
    report = import_paths(empty_project, [folder])
    assert (report.exit_code, report.summary()) == (0, "0 imported, 4 duplicates, 0 failed")
    assert rawdb.dump(empty_project.path, exclude=("imports",)) == before


def test_import_paths_duplicate_of_an_earlier_import(
    empty_project: Project, folder: Path, tmp_path: Path
) -> None:
    import_paths(empty_project, [folder])
    copy = tmp_path / "kopie.txt"
    copy.write_text(article(1), encoding="utf-8")
    report = import_paths(empty_project, [copy])
    assert report.duplicates == [("kopie.txt", "a.txt")]
    assert empty_project.document(1).other_files == ["kopie.txt"]
    empty_project.undo()
    assert empty_project.document(1).other_files == []


def test_import_paths_counts_encodings(empty_project: Project, tmp_path: Path) -> None:
    root = tmp_path / "in"
    root.mkdir()
    (root / "utf8.txt").write_text(article(1, " Coördinatie."), encoding="utf-8")
    (root / "cp1252.txt").write_bytes(article(2, " Coördinatie, naïef.").encode("cp1252"))
    (root / "utf16.txt").write_bytes(codecs.BOM_UTF16_LE + article(3, " 📶").encode("utf-16-le"))
    (root / "bom.txt").write_bytes(codecs.BOM_UTF8 + article(4).encode("utf-8"))
    (root / "crlf.txt").write_bytes(article(5).replace("\n", "\r\n").encode("utf-8"))
    report = import_paths(empty_project, [root])
    assert report.encodings == Counter({"utf-8": 2, "cp1252": 1, "utf-16-le": 1, "utf-8-sig": 1})
    texts = {d.file: d.text for d in empty_project.iter_documents()}
    assert texts["cp1252.txt"].endswith("Coördinatie, naïef.\n\nMeer tekst.")
    assert texts["utf16.txt"].endswith("📶\n\nMeer tekst.")
    assert "\r" not in texts["crlf.txt"]
    assert {d.file: d.encoding for d in empty_project.iter_documents()}["cp1252.txt"] == "cp1252"


def test_import_paths_forced_encoding_and_format(empty_project: Project, tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes("# Kop\n\nZürich.".encode("latin-1"))
    report = import_paths(empty_project, [path], encoding="latin-1", format="article-markdown")
    [doc] = report.imported
    assert (doc.text, doc.encoding, doc.title) == ("Kop\n\nZürich.", "iso8859-1", "Kop")


def test_import_paths_unknown_format(empty_project: Project, folder: Path) -> None:
    with pytest.raises(FormatError, match="unknown format 'docx'"):
        import_paths(empty_project, [folder], format="docx")


def test_import_paths_uses_the_project_fallback_encoding(
    empty_project: Project, tmp_path: Path
) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(" date 2019-10 Zürich «ja».".encode("latin-1").replace(b"\xab", b"\x81"))
    empty_project.set_setting("fallback_encoding", "latin-1")
    [doc] = import_paths(empty_project, [path]).imported
    assert (doc.text, doc.encoding) == ("Zürich \x81ja».", "iso8859-1")


def test_import_paths_article_size_limit_is_a_project_setting(
    empty_project: Project, tmp_path: Path
) -> None:
    path = tmp_path / "a.txt"
    path.write_text(article(1), encoding="utf-8")
    empty_project.set_setting("max_article_chars", 10)
    report = import_paths(empty_project, [path])
    size = path.stat().st_size
    assert [str(p) for p in report.failed] == [
        f"a.txt: too large ({size} bytes; the limit is 10 characters)"
    ]


def test_import_paths_progress(empty_project: Project, folder: Path) -> None:
    calls: list[tuple[str, int, int]] = []
    import_paths(empty_project, [folder], progress=lambda *args: calls.append(args))
    assert calls == [("reading", 4, 4), ("writing", 4, 4)]


def test_import_paths_cancelled_while_reading_writes_nothing(
    empty_project: Project, folder: Path
) -> None:
    report = import_paths(empty_project, [folder], cancel=lambda: True)
    assert report.cancelled
    assert report.summary() == "0 imported, 0 duplicates, 0 failed (cancelled)"
    assert empty_project.document_count() == 0


def test_import_paths_with_a_corpus_export(
    demo_project: Project, empty_project: Project, folder: Path, tmp_path: Path
) -> None:
    export = tmp_path / "demo.json"
    export_corpus(demo_project, export)
    report = import_paths(empty_project, [folder / "a.txt", export])
    assert report.exit_code == 0
    assert report.summary() == (
        "1 imported, 0 duplicates, 0 failed; corpus: 14 documents added, 0 matched, "
        "16 claims and 11 mentions added"
    )
    assert empty_project.counts()["documents"] == 15


def test_import_paths_with_a_bad_corpus_export(empty_project: Project, tmp_path: Path) -> None:
    export = tmp_path / "broken.json"
    export.write_text('{"format": "claimdesk-corpus", "version": 1', encoding="utf-8")
    report = import_paths(empty_project, [export])
    assert report.exit_code == 1
    [problem] = report.failed
    assert problem.file == "broken.json"
    assert problem.message.startswith("not valid JSON")


def _documents(n: int) -> list[Document]:
    return [Document(text=f"Artikel {i} over Huawei.", file=f"{i:03d}.txt") for i in range(n)]


def test_import_documents_in_batches_is_one_undo_step(empty_project: Project) -> None:
    empty_project.coder_id()  # coders are registered on first use, outside undo
    before = rawdb.dump(empty_project.path)
    seen: list[int] = []
    result = empty_project.import_documents(_documents(7), batch_size=3, progress=seen.append)
    assert seen == [3, 6, 7]
    assert result.imported == list(range(1, 8))
    assert (result.changes.name, result.changes.count) == ("Import Documents", 7)
    assert empty_project.check() == []
    assert len(empty_project.search("Huawei")) == 7
    changes = empty_project.undo()
    assert changes.name == "Undo Import Documents"
    assert changes.documents == set(range(1, 8))
    assert rawdb.dump(empty_project.path) == before
    assert empty_project.search("Huawei") == []
    assert empty_project.check() == []


def test_import_documents_cancel_keeps_what_was_committed(empty_project: Project) -> None:
    polls = 0

    def cancel() -> bool:
        nonlocal polls
        polls += 1
        return polls == 2

    result = empty_project.import_documents(_documents(10), batch_size=3, cancel=cancel)
    assert result.cancelled
    assert result.imported == [1, 2, 3, 4, 5, 6]
    assert empty_project.document_count() == 6
    assert empty_project.check() == []
    assert empty_project.undo_status() == ("Import Documents", None)
    empty_project.undo()
    assert empty_project.document_count() == 0


def test_import_documents_duplicates_within_one_batch(empty_project: Project) -> None:
    docs = [
        Document(text="Zelfde.", file="a.txt"),
        Document(text="Zelfde.", file="b.txt"),
        Document(text="Ander.", file="c.txt"),
    ]
    result = empty_project.import_documents(docs)
    assert result.imported == [1, 2]
    assert [(d.file, existing) for d, existing in result.duplicates] == [("b.txt", 1)]
    assert empty_project.document(1).other_files == ["b.txt"]


def test_import_documents_keeps_the_full_text_index_in_sync(seeded_project: Project) -> None:
    seeded_project.import_documents(_documents(5), batch_size=2)
    assert seeded_project.check() == []
    assert len(seeded_project.search("Artikel Huawei")) == 5
    seeded_project.update_document(15, title="Onvindbaar woord")
    assert [h.document for h in seeded_project.search("onvindbaar")] == [15]
