"""claimdesk.formats: the registry, guess_format (content decides), get_format."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import rawdb
from claimdesk import formats
from claimdesk.core import FormatError, Project
from claimdesk.core.model import Document
from claimdesk.formats import (
    Format,
    Problem,
    ReadOptions,
    all_formats,
    document_extensions,
    get_format,
    guess_format,
)
from claimdesk.formats.corpus_json import export_corpus
from claimdesk.paths import seeds_path


@pytest.fixture
def demo_project(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Project]:
    """conftest's demo project, as a copy of one built once per run (much quicker)."""
    with Project.open(rawdb.demo_copy(tmp_path, tmp_path_factory), coder="demo") as project:
        yield project


def write(path: Path, content: str | bytes) -> Path:
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("plain.txt", "Een artikel zonder datum.", "article-text"),
        ("dated.text", " date 2019-10 Een artikel.", "article-text"),
        ("dated.md", "# Kop\n\nTekst.", "article-markdown"),
        ("notes.markdown", "Tekst.", "article-markdown"),
        ("front-matter.txt", "---\ntitle: Kop\n---\nTekst.", "article-markdown"),
        ("UPPER.TXT", "Tekst.", "article-text"),
        ("other.json", '{"rows": []}', "claimdesk-json"),
    ],
)
def test_guess_format(tmp_path: Path, name: str, content: str, expected: str) -> None:
    fmt = guess_format(write(tmp_path / name, content))
    assert fmt is not None and fmt.name == expected


def test_guess_format_of_the_seed_article() -> None:
    fmt = guess_format(seeds_path("000_976797ab8663bd03.txt"))
    assert fmt is not None and fmt.name == "article-text"
    # A date-shaped token is this format's own marker: certain, so the search ends there.
    assert fmt.sniff(seeds_path("000_976797ab8663bd03.txt").read_bytes()[:64], ".dat") == 1.0
    assert fmt.sniff(b" date soon Geen Huawei", ".dat") == 0.9


@pytest.mark.parametrize("suffix", [".json", ".jsonl", ".txt", ".dat"])
def test_guess_format_an_export_by_its_content(
    demo_project: Project, tmp_path: Path, suffix: str
) -> None:
    path = tmp_path / f"export{suffix}"
    export_corpus(demo_project, path, lines=suffix == ".jsonl")
    fmt = guess_format(path)
    assert fmt is not None and fmt.name == "claimdesk-json"
    assert fmt.kind == "project"


def test_guess_format_sniff_prefers_our_own_json(demo_project: Project, tmp_path: Path) -> None:
    ours = tmp_path / "ours.json"
    export_corpus(demo_project, ours)
    fmt = get_format("claimdesk-json")
    assert fmt.sniff(ours.read_bytes()[:4096], ".json") == 1.0
    assert fmt.sniff(b'{"rows": []}', ".json") == 0.3
    assert fmt.sniff(b'{"rows": []}', ".txt") == 0.0


def test_guess_format_with_the_first_bytes_given(tmp_path: Path) -> None:
    fmt = guess_format(tmp_path / "not-there.txt", head=b" date 2019-10 Tekst.")
    assert fmt is not None and fmt.name == "article-text"


def test_guess_format_nothing_reads_it(tmp_path: Path) -> None:
    assert guess_format(write(tmp_path / "picture.xyz", b"\x89PNG\r\n\x1a\n\x00\x00")) is None
    assert guess_format(tmp_path / "missing.xyz") is None


def test_get_format() -> None:
    fmt = get_format("article-text")
    assert (fmt.name, fmt.kind, fmt.extensions) == ("article-text", "documents", (".txt", ".text"))
    assert fmt.read is not None


def test_get_format_unknown_lists_the_known_names() -> None:
    with pytest.raises(FormatError) as raised:
        get_format("docx-ish")
    message = str(raised.value)
    assert message.startswith("unknown format 'docx-ish' (known: ")
    for fmt in all_formats():
        assert fmt.name in message
    assert "article-markdown, article-text" in message  # sorted


def test_all_formats_and_document_extensions() -> None:
    assert {"article-text", "article-markdown", "claimdesk-json"} <= {f.name for f in all_formats()}
    assert {".txt", ".text", ".md", ".markdown"} <= document_extensions()
    assert ".json" not in document_extensions()  # corpora are named, not picked up from folders


@pytest.fixture
def shouting_format(monkeypatch: pytest.MonkeyPatch) -> Iterator[Format]:
    """A format added from outside, registered like the built-in ones (and removed afterwards)."""
    registry = dict(formats._REGISTRY)
    monkeypatch.setattr(formats, "_REGISTRY", registry)

    def read(path: Path, name: str, options: ReadOptions) -> Iterator[Document | Problem]:
        yield Document(text=path.read_text(encoding="utf-8").upper(), file=name)

    yield formats.register(
        Format(
            name="shouting-text",
            description="Text files that start with SHOUT, read in capitals",
            kind="documents",
            extensions=(".shout",),
            sniff=lambda head, suffix: 0.95 if head.startswith(b"SHOUT") else 0.0,
            read=read,
        )
    )


def test_register_a_format(shouting_format: Format, tmp_path: Path, empty_project: Project) -> None:
    assert get_format("shouting-text") is shouting_format
    assert ".shout" in document_extensions()
    path = write(tmp_path / "a.txt", "SHOUT: hallo")
    assert guess_format(path) is shouting_format  # content beats the .txt extension
    from claimdesk.formats.importing import import_paths

    [doc] = import_paths(empty_project, [path]).imported
    assert doc.text == "SHOUT: HALLO"


def test_guess_format_stops_at_a_certain_format(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A format's own marker (score 1.0) ends the search: the sniffers after it never run."""
    registry: dict[str, Format] = {}
    monkeypatch.setattr(formats, "_REGISTRY", registry)
    monkeypatch.setattr(formats, "_builtins_loaded", True)
    asked: list[str] = []

    def sniffer(name: str, score: float) -> Callable[[bytes, str], float]:
        def sniff(head: bytes, suffix: str) -> float:
            asked.append(name)
            return score

        return sniff

    for name, score in (("maybe", 0.9), ("marked", 1.0), ("later", 1.0)):
        formats.register(
            Format(
                name, name, "documents", (".txt",), sniffer(name, score), read=lambda *a: iter(())
            )
        )
    assert guess_format(write(tmp_path / "a.txt", "text")).name == "marked"
    assert asked == ["maybe", "marked"]
