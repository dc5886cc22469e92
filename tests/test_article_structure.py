"""``article_structure`` finds by one regular expression the subheadings paragraphs define."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from claimdesk.core.model import StructureRange
from claimdesk.core.text import is_subheading, paragraphs
from claimdesk.formats.article_text import article_structure

#: Pieces of text around which paragraphs and subheadings are decided.
PIECES = st.sampled_from(
    ["\n", " ", "\t", "\u00a0", "\u2003", "\u2028", "\x0b", "\x0c", "A", "b", ".", "Kop",
     "Tekst.", "“Q”", "1", "Huawei 📶", "Lange kop " * 5, " " * 30]
)  # fmt: skip


def by_paragraphs(text: str) -> list[StructureRange]:
    """The definition: paragraphs that read as subheadings, the first one a title."""
    return [
        StructureRange("title" if i == 0 else "subheading", p.start, p.end)
        for i, p in enumerate(paragraphs(text))
        if is_subheading(p.text)
    ]


@settings(max_examples=1500, deadline=None)
@given(st.lists(PIECES, max_size=40).map("".join))
def test_article_structure_equals_the_paragraph_definition(text: str) -> None:
    assert article_structure(text) == by_paragraphs(text)


def test_article_structure_of_an_article() -> None:
    text = "Geen Huawei\n\nDe VS wil dat.\n  \n  Reacties uit de sector \n\nMeer tekst."
    assert article_structure(text) == [
        StructureRange("title", 0, 11),
        StructureRange("subheading", 33, 55),
    ]
    assert text[33:55] == "Reacties uit de sector"
