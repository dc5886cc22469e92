"""claimdesk.formats.article_markdown: Markdown articles, markup removed into structure."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimdesk.core.errors import FormatError
from claimdesk.core.model import Document, StructureRange
from claimdesk.formats import Problem, ReadOptions
from claimdesk.formats.article_markdown import markdown_to_text, parse_markdown, read

ARTICLE = """\
---
title: Huawei en 5G
date: 2019-10-03
source: Tweakers
url: https://example.org/a
tags: [5g, huawei]
author: Anna
---
# Kop een

Een *nadruk*, **vet** en [een link](https://x.org) met `code`.

## Tweede kop

- punt een
- punt *twee*

1. eerste
2. tweede

> Een citaat
> over twee regels.

```
def f():
    return 1 < 2
```

<script>alert("weg")</script>

Tekst met &amp; en &lt;tag&gt;.
"""

ARTICLE_TEXT = (
    "Kop een\n\n"
    "Een nadruk, vet en een link met code.\n\n"
    "Tweede kop\n\n"
    "punt een\n\n"
    "punt twee\n\n"
    "eerste\n\n"
    "tweede\n\n"
    "Een citaat over twee regels.\n\n"
    "def f():\n    return 1 < 2\n\n"
    "Tekst met & en <tag>."
)


def test_parse_markdown_article() -> None:
    doc = parse_markdown(ARTICLE, file="a.md")
    assert doc.text == ARTICLE_TEXT
    assert doc.title == "Huawei en 5G"
    assert doc.published == "2019-10-03"
    assert doc.source == "Tweakers"
    assert doc.url == "https://example.org/a"
    assert doc.metadata == {"tags": ["5g", "huawei"], "author": "Anna"}
    assert doc.language == "nl"
    assert doc.file == "a.md"


def test_parse_markdown_structure() -> None:
    doc = parse_markdown(ARTICLE)
    assert [(s.kind, s.level, doc.text[s.start : s.end]) for s in doc.structure] == [
        ("heading", 1, "Kop een"),
        ("heading", 2, "Tweede kop"),
        ("list_item", None, "punt een"),
        ("list_item", None, "punt twee"),
        ("list_item", None, "eerste"),
        ("list_item", None, "tweede"),
        ("quote", None, "Een citaat over twee regels."),
        ("code", None, "def f():\n    return 1 < 2"),
    ]


@pytest.mark.parametrize(
    ("source", "text"),
    [
        ("Een *nadruk* en _nog een_.", "Een nadruk en nog een."),
        ("**Vet** en ***beide***.", "Vet en beide."),
        ("Een [link](https://x.org 'titel') hier.", "Een link hier."),
        ("Een <https://x.org> los.", "Een https://x.org los."),
        ("Voor.\n\n<script>alert('x')</script>\n\nNa.", "Voor.\n\nNa."),
        ("Tekst <style>p {}</style> hier.", "Tekst hier."),
        ("Regel een\nregel twee.", "Regel een regel twee."),
        ("Harde  \nbreak.", "Harde break."),
        ("![een foto](a.png)", "een foto"),
        ("A &amp; B &lt;C&gt;", "A & B <C>"),
        ("Inline `x < y` code.", "Inline x < y code."),
    ],
)
def test_markdown_to_text_removes_markup(source: str, text: str) -> None:
    assert markdown_to_text(source)[0] == text


@pytest.mark.parametrize(
    ("source", "structure"),
    [
        ("# Een", [StructureRange("heading", 0, 3, 1)]),
        ("###### Zes", [StructureRange("heading", 0, 3, 6)]),
        ("Kop\n===\n\nTekst.", [StructureRange("heading", 0, 3, 1)]),
        (
            "Tekst.\n\n- a\n- bb",
            [StructureRange("list_item", 8, 9), StructureRange("list_item", 11, 13)],
        ),
        ("> citaat", [StructureRange("quote", 0, 6)]),
        ("    code\n    meer", [StructureRange("code", 0, 9)]),
        ("Alleen tekst.", []),
    ],
)
def test_markdown_to_text_structure(source: str, structure: list[StructureRange]) -> None:
    assert markdown_to_text(source)[1] == structure


@pytest.mark.parametrize(
    ("front", "published"),
    [
        ("date: 2019-10-03", "2019-10-03"),
        ("date: '2019-10'", "2019-10"),
        ("date: 2019-10", "2019-10"),
        ("date: 2019", "2019"),
        ("date: 2019-10-03 08:30:00", "2019-10-03"),
        ("published: 2020-01\ndate: 2019", "2020-01"),
        ("title: zonder datum", None),
    ],
)
def test_parse_markdown_front_matter_dates(front: str, published: str | None) -> None:
    doc = parse_markdown(f"---\n{front}\n---\nTekst.")
    assert doc.published == published


def test_parse_markdown_front_matter_extra_values_are_json_safe() -> None:
    doc = parse_markdown(
        "---\nupdated: 2019-11-01\nwords: 120\nnested: {a: [1, 2020-01-02]}\n---\nTekst."
    )
    assert doc.metadata == {
        "updated": "2019-11-01",
        "words": 120,
        "nested": {"a": [1, "2020-01-02"]},
    }


@pytest.mark.parametrize(
    ("source", "title"),
    [
        ("# De kop\n\nTekst. Meer.", "De kop"),
        ("Eerste zin hier. Tweede zin.\n\n# Kop later", "Eerste zin hier."),
        ("---\ntitle: Uit front matter\n---\n# De kop", "Uit front matter"),
    ],
)
def test_parse_markdown_title(source: str, title: str) -> None:
    assert parse_markdown(source).title == title


def test_parse_markdown_language_from_front_matter() -> None:
    assert (
        parse_markdown("---\nlang: fr\n---\nThe text is English and it is not French.").language
        == "fr"
    )


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("---\ntitle: [unclosed\n---\nTekst.", "front matter is not valid YAML"),
        ("---\n- a\n- b\n---\nTekst.", "front matter must be a list of 'key: value' lines"),
        ("---\ndate: 2019-13\n---\nTekst.", "not a valid date"),
        ("---\ntitle: leeg\n---\n", "no text"),
        ("<script>alert(1)</script>", "no text"),
    ],
)
def test_parse_markdown_errors(source: str, message: str) -> None:
    with pytest.raises(FormatError, match=message):
        parse_markdown(source)


def test_read_markdown_file(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_bytes(ARTICLE.replace("\n", "\r\n").encode("utf-8"))
    [doc] = list(read(path, "sub/a.md", ReadOptions()))
    assert isinstance(doc, Document)
    assert doc.text == ARTICLE_TEXT
    assert doc.file == "sub/a.md"
    assert doc.title == "Huawei en 5G"


def test_read_markdown_bad_yaml_is_a_problem(tmp_path: Path) -> None:
    path = tmp_path / "bad.md"
    path.write_text("---\ntitle: [unclosed\n---\nTekst.", encoding="utf-8")
    [problem] = list(read(path, "bad.md", ReadOptions()))
    assert problem == Problem("bad.md", "front matter is not valid YAML (ParserError)")


MARKDOWN_SAMPLES = [
    ARTICLE,
    "# Kop\n\nTekst met 📶 en 🇳🇱.\n\n- één\n- twee\n\n> שלום עולם\n\n## مرحبا\n\nSlot.",
    "1. a\n    - genest\n    - ook\n2. b\n\n| kol | twee |\n|---|---|\n| x | y |",
    "Term\n: Definitie\n\n*[HTML]: Hyper Text\n\nHTML hier.",
]


@pytest.mark.parametrize("source", MARKDOWN_SAMPLES)
def test_markdown_structure_slices_the_text(source: str) -> None:
    text, structure = markdown_to_text(source)
    for s in structure:
        part = text[s.start : s.end]
        assert part and part == part.strip()
        assert "\n\n" not in part or s.kind == "code"
    assert "<" not in text.replace("<tag>", "").replace("1 < 2", "")
