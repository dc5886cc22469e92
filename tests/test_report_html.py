"""The HTML report, read back with the standard library's HTML parser."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest

from claimdesk.formats.report_html import export_report, highlight_text, render_markdown
from claimdesk.formats.scope import Scope
from export_sample import TEXT_A, TEXT_B, Sample, build_sample


class ArticleText(HTMLParser):
    """Collects each article's text (without the claim numbers) and each claim's highlighted text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self.claims: list[dict[int, str]] = []
        self.tags: list[str] = []
        self.in_text = 0
        self.in_sup = 0
        self.marks: list[list[int]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.tags.append(tag)
        if tag == "div" and a.get("class") == "text":
            self.in_text = 1
            self.texts.append("")
            self.claims.append({})
        elif self.in_text:
            if tag == "div":
                self.in_text += 1
            if tag == "sup":
                self.in_sup += 1
            if tag == "mark":
                self.marks.append([int(n) for n in (a.get("data-claims") or "").split()])

    def handle_endtag(self, tag: str) -> None:
        if not self.in_text:
            return
        if tag == "div":
            self.in_text -= 1
        elif tag == "sup":
            self.in_sup -= 1
        elif tag == "mark":
            self.marks.pop()

    def handle_data(self, data: str) -> None:
        if self.in_text and not self.in_sup:
            self.texts[-1] += data
            for numbers in self.marks:
                for n in numbers:
                    self.claims[-1][n] = self.claims[-1].get(n, "") + data


@pytest.fixture
def report(tmp_path: Path) -> tuple[str, Sample]:
    s = build_sample(tmp_path / "sample.claimdesk")
    out = tmp_path / "report.html"
    result = export_report(s.project, out)
    assert (result.documents, result.claims, result.mentions) == (2, 7, 2)
    yield out.read_text(encoding="utf-8"), s
    s.project.close()


def test_article_text_is_exact_and_highlights_sit_at_the_offsets(
    report: tuple[str, Sample],
) -> None:
    html, sample = report
    parser = ArticleText()
    parser.feed(html)
    assert parser.texts == [TEXT_A, TEXT_B]
    for doc_text, claims, doc in zip(parser.texts, parser.claims, ("a", "b"), strict=True):
        stored = sample.project.claims(document=sample.docs[doc])
        assert {n: claims[n] for n in claims} == {n: c.quote for n, c in enumerate(stored, start=1)}
        assert all(c.quote == doc_text[c.start : c.end] for c in stored)


def test_text_is_escaped_never_rendered(report: tuple[str, Sample]) -> None:
    html, _ = report
    assert "de regels zijn onterecht &amp; &lt;oneerlijk&gt;" in html
    assert "<oneerlijk>" not in html
    assert "=SUM(A1)" in html  # as text, nothing interprets it


def test_no_script_and_nothing_loaded(report: tuple[str, Sample]) -> None:
    html, _ = report
    lowered = html.lower()
    for forbidden in (
        "<script",
        "src=",
        "<link",
        "@import",
        "url(",
        "<img",
        "<iframe",
        "javascript:",
    ):
        assert forbidden not in lowered, forbidden
    parser = ArticleText()
    parser.feed(html)
    assert "script" not in parser.tags and "img" not in parser.tags


def test_notes_and_memos_are_markdown_cleaned(report: tuple[str, Sample]) -> None:
    html, _ = report
    assert "Says <strong>support</strong>" in html
    assert '<a href="https://example.org" rel="noopener noreferrer">the site</a>' in html
    assert "A <em>memo</em> with" in html
    assert "alert(1)" not in html or "&lt;script&gt;" in html


def test_legend_lists_the_stances(report: tuple[str, Sample]) -> None:
    html, _ = report
    legend = html[html.index('class="legend"') : html.index("</header>")]
    for label in ("support", "oppose", "neutral", "ambivalent", "no stance", "mention"):
        assert label in legend


def test_report_of_selected_documents(tmp_path: Path) -> None:
    s = build_sample(tmp_path / "sample.claimdesk")
    out = tmp_path / "b.html"
    result = export_report(s.project, out, scope=Scope.of(documents=[s.docs["b"]]))
    s.project.close()
    parser = ArticleText()
    parser.feed(out.read_text(encoding="utf-8"))
    assert parser.texts == [TEXT_B]
    assert result.claims == 2


def test_overlapping_spans_nest_and_keep_every_character() -> None:
    text = "ab😀cdef"
    claims = [(1, {"start": 0, "end": 4}, "#009E73"), (2, {"start": 2, "end": 6}, "#D55E00")]
    mentions = [({"start": 3, "end": 5}, "#555555")]
    parser = ArticleText()
    parser.feed(f'<div class="text">{highlight_text(text, claims, mentions, "d1")}</div>')
    assert parser.texts == [text]
    assert parser.claims == [{1: "ab😀c", 2: "😀cde"}]


def test_render_markdown_drops_images_and_scripts() -> None:
    cleaned = render_markdown(
        "**x** ![i](http://e.org/i.png) <script>bad()</script> [l](javascript:alert(1))"
    )
    assert "<strong>x</strong>" in cleaned
    assert "<img" not in cleaned and "<script" not in cleaned and "javascript:" not in cleaned
