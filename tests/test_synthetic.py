"""claimdesk.synthetic: deterministic corpora in the seed format, and annotations for them."""

from __future__ import annotations

import codecs
import random
import re
from collections import Counter
from pathlib import Path

import pytest

from claimdesk.core import Project
from claimdesk.core.model import Document
from claimdesk.formats import ReadOptions
from claimdesk.formats.article_text import read
from claimdesk.formats.importing import import_paths
from claimdesk.synthetic import ACTORS, annotate_project, make_article, write_articles

NAME = re.compile(r"^\d{3}_[0-9a-f]{16}\.txt$")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return write_articles(
        tmp_path_factory.mktemp("corpus"),
        60,
        seed=7,
        cp1252_share=0.1,
        utf16_share=0.05,
        crlf_share=0.2,
        duplicate_share=0.1,
    )


def _encoding(data: bytes) -> str:
    if data.startswith(codecs.BOM_UTF16_LE):
        return "utf-16-le"
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8"


def test_write_articles_names_and_shares(corpus: list[Path]) -> None:
    assert len(corpus) == 60
    assert all(NAME.match(p.name) for p in corpus)
    assert [p.name[:3] for p in corpus] == [f"{i:03d}" for i in range(60)]
    contents = [p.read_bytes() for p in corpus]
    assert len(set(contents)) == 54  # 10 % repeat an earlier file
    assert Counter(_encoding(c) for c in set(contents)) == {
        "utf-8": 45,
        "cp1252": 6,
        "utf-16-le": 3,
    }
    assert sum(b"\r\n" in c or b"\r\x00\n\x00" in c for c in set(contents)) == 12


def test_write_articles_files_read_as_articles(corpus: list[Path]) -> None:
    for path in corpus:
        [doc] = list(read(path, path.name, ReadOptions()))
        assert isinstance(doc, Document), doc
        assert doc.published is not None
        assert "\r" not in doc.text
        assert doc.language in ("nl", "en")
        assert 2000 <= len(doc.text.encode("utf-8")) <= 11_000
        assert doc.structure, "every article has subheadings"
        for s in doc.structure:
            heading = doc.text[s.start : s.end]
            assert heading and not heading.endswith(".")
        assert any(ch in doc.text for ch in "‘’“”")


def test_write_articles_import(corpus: list[Path], empty_project: Project) -> None:
    report = import_paths(empty_project, [corpus[0].parent])
    assert report.summary() == "54 imported, 6 duplicates, 0 failed"
    assert set(report.encodings) == {"utf-8", "cp1252", "utf-16-le"}
    assert empty_project.check() == []


def test_write_articles_is_deterministic(tmp_path: Path) -> None:
    one = write_articles(
        tmp_path / "one", 12, seed=3, cp1252_share=0.2, crlf_share=0.2, duplicate_share=0.2
    )
    two = write_articles(
        tmp_path / "two", 12, seed=3, cp1252_share=0.2, crlf_share=0.2, duplicate_share=0.2
    )
    other = write_articles(tmp_path / "other", 12, seed=4)
    assert [p.name for p in one] == [p.name for p in two]
    assert [p.read_bytes() for p in one] == [p.read_bytes() for p in two]
    assert [p.name for p in one] != [p.name for p in other]


def test_write_articles_sizes(tmp_path: Path) -> None:
    paths = write_articles(tmp_path, 10, seed=1, min_bytes=500, max_bytes=800)
    for path in paths:
        assert 500 <= len(path.read_bytes()) <= 2000  # the last paragraph may run over


def test_make_article_languages() -> None:
    rng = random.Random(5)
    dutch = make_article(rng, language="nl", size=1500)
    english = make_article(rng, language="en", size=1500)
    assert re.match(r"^ date \d{4}(-\d{2}(-\d{2})?)? \S", dutch)
    assert " de " in dutch and " the " in english
    plain = make_article(random.Random(1), size=5000, astral=False)
    plain.encode("cp1252")  # no character outside cp1252


def test_annotate_project(corpus: list[Path], empty_project: Project) -> None:
    import_paths(empty_project, [corpus[0].parent])
    changes = annotate_project(
        empty_project, seed=2, claims_per_document=4, mentions_per_document=5
    )
    counts = empty_project.counts()
    assert counts["actors"] == len(ACTORS)
    assert 54 <= counts["claims"] <= 54 * 4
    assert 54 <= counts["mentions"] <= 54 * 5
    assert changes.name == "Add Synthetic Annotations"
    assert empty_project.check() == []
    trump = empty_project.find_actor("Trump")
    assert trump is not None and trump.name == "Donald Trump"
    assert any(c.claimant == trump.id for c in empty_project.claims())
    assert len(empty_project.codebook().issues) == 4
    empty_project.undo()
    assert empty_project.counts()["claims"] == 0
    assert empty_project.actors() == []


def test_annotate_project_is_deterministic(tmp_path: Path) -> None:
    def coding(path: Path) -> list[tuple[int, int, int | None]]:
        with Project.create(path) as project:
            project.import_documents(
                Document(text=make_article(random.Random(i), size=1500)) for i in range(5)
            )
            annotate_project(project, seed=9)
            return [(c.start, c.end, c.claimant) for c in project.claims()]

    assert coding(tmp_path / "a.claimdesk") == coding(tmp_path / "b.claimdesk")


def test_annotate_project_texts_without_actors(seeded_project: Project) -> None:
    seeded_project.import_documents(
        [Document(text="Geen enkele naam hier. Alleen zinnen. Nog een.")]
    )
    annotate_project(seeded_project, seed=1, claims_per_document=2, documents=[15])
    claims = seeded_project.claims(document=15)
    assert claims and all(c.claimant is None for c in claims)
    assert seeded_project.mentions(document=15) == []
    assert seeded_project.check() == []
