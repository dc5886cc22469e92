"""Placing spans again after a text changed: diff, exact quote, fuzzy match, orphan."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimdesk.core.anchoring import (
    FUZZY_THRESHOLD,
    Selector,
    TextDiff,
    place,
    reanchor,
    selector_for,
)

ARTICLE = (
    "De Verenigde Staten willen dat bondgenoten Huawei weren uit hun 5G-netwerken. "
    "Dat heeft president Donald Trump in een brief laten weten.\n\n"
    "Noorwegen twijfelt nog. Het kabinet zegt dat een besluit volgt 📶.\n\n"
    "Geen Huawei-apparatuur\n\n"
    "De VS denkt dat telecomapparatuur van Chinese bedrijven misbruikt wordt voor spionage."
)


def span(text: str, quote: str, occurrence: int = 0) -> Selector:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(quote, start + 1)
    return selector_for(text, start, start + len(quote))


@pytest.mark.parametrize(
    ("quote", "new", "method", "found"),
    [
        ("Noorwegen twijfelt nog", ARTICLE, "unchanged", "Noorwegen twijfelt nog"),
        (
            "Noorwegen twijfelt nog",
            "Inleiding van de redactie.\n\n" + ARTICLE,
            "diff",
            "Noorwegen twijfelt nog",
        ),
        (
            "president Donald Trump",
            ARTICLE.replace("De Verenigde Staten willen", "Washington wil"),
            "diff",
            "president Donald Trump",
        ),
        (
            "misbruikt wordt voor spionage",
            ARTICLE.replace("Noorwegen twijfelt nog. ", ""),
            "diff",
            "misbruikt wordt voor spionage",
        ),
        (  # a paragraph moved to the top: the diff loses it, the quote finds it
            "Noorwegen twijfelt nog. Het kabinet zegt dat een besluit volgt 📶.",
            "Noorwegen twijfelt nog. Het kabinet zegt dat een besluit volgt 📶.\n\n"
            + ARTICLE.replace(
                "Noorwegen twijfelt nog. Het kabinet zegt dat een besluit volgt 📶.\n\n", ""
            ),
            "quote",
            "Noorwegen twijfelt nog. Het kabinet zegt dat een besluit volgt 📶.",
        ),
        (  # a typo fixed inside the quote: found with small edits, the quote follows
            "telecomapparatuur van Chinese bedrijven misbruikt wordt",
            ARTICLE.replace("Chinese bedrijven", "Chinese fabrikanten"),
            "fuzzy",
            "telecomapparatuur van Chinese fabrikanten misbruikt wordt",
        ),
        (  # rewritten beyond recognition
            "Het kabinet zegt dat een besluit volgt",
            ARTICLE.replace("Het kabinet zegt dat een besluit volgt", "Den Haag zwijgt"),
            "orphan",
            "",
        ),
        ("Noorwegen twijfelt nog", "Iets heel anders.", "orphan", ""),
    ],
    ids=[
        "same-text",
        "text-added-before",
        "edit-before",
        "text-removed-before",
        "paragraph-moved",
        "small-edit-inside",
        "rewritten",
        "everything-replaced",
    ],
)
def test_place(quote: str, new: str, method: str, found: str) -> None:
    [placed] = reanchor(ARTICLE, new, [span(ARTICLE, quote)])
    assert placed.method == method
    if method == "orphan":
        assert not placed.placed
    else:
        assert placed.quote == found == new[placed.start : placed.end]


def test_a_repeated_quote_lands_where_its_context_says() -> None:
    old = "Trump zegt nee. Daarna zegt Xi ja. Later zegt Trump nee. Einde."
    second = span(old, "zegt", occurrence=2)  # "Later zegt Trump"
    new = "Intro. " + old.replace("Daarna zegt Xi ja. ", "").replace("Einde.", "Slot.")
    [placed] = reanchor(old, new, [second])
    assert new[placed.start - 6 : placed.end + 6] == "Later zegt Trump"


def test_a_short_quote_far_away_without_context_is_an_orphan() -> None:
    old = "Huawei " + "x" * 3000 + " einde"
    new = "y" * 3000 + " ander verhaal over Huawei"
    [placed] = reanchor(old, new, [Selector(0, 6, "Huawei", "", " xxxxx")])
    assert not placed.placed


def test_a_short_quote_is_never_placed_by_similarity() -> None:
    old = "De VS zeggen nee."
    [placed] = reanchor(old, "De VK zeggen nee.", [span(old, "VS")])
    assert placed.method == "orphan"


def test_an_orphan_of_an_older_text_is_found_by_its_quote() -> None:
    new = "Een nieuwe inleiding. Noorwegen twijfelt nog, zegt het kabinet."
    stale = Selector(4000, 4022, "Noorwegen twijfelt nog", "", "")
    placed = place(stale, new)
    assert (placed.method, new[placed.start : placed.end]) == ("quote", "Noorwegen twijfelt nog")


@pytest.mark.parametrize(
    ("old", "new", "start", "end", "expected"),
    [
        ("abc def", "abc XX def", 4, 7, (7, 10)),
        ("abc def", "XXabc def", 0, 3, (2, 5)),
        ("abc def", "abc def!", 4, 7, (4, 7)),
        ("abc def ghi", "abc ghi", 4, 7, (None, None)),
        ("a😀b", "Xa😀b", 1, 3, (2, 4)),
    ],
)
def test_text_diff_maps_offsets(
    old: str, new: str, start: int, end: int, expected: tuple[int | None, int | None]
) -> None:
    diff = TextDiff(old, new)
    assert (diff.map_start(start), diff.map_end(end)) == expected


def test_text_diff_of_long_texts_compares_lines_then_characters() -> None:
    rng = random.Random(3)
    lines = [
        " ".join(rng.choice(["de", "VS", "Huawei", "5G", "nee"]) for _ in range(12))
        for _ in range(800)
    ]
    old = "\n".join(lines)
    lines[400] = lines[400].replace("Huawei", "ZTE", 1)
    new = "\n".join(["Een nieuwe eerste regel.", *lines])
    target = span(old, old.splitlines()[600])
    [placed] = reanchor(old, new, [target])
    assert placed.method == "diff"
    assert new[placed.start : placed.end] == target.quote


def test_map_range_keeps_structure_ranges_on_their_text() -> None:
    old = "Titel\n\nTekst van het artikel.\n\nTussenkop\n\nMeer tekst."
    new = "Titel\n\nEen langere tekst van het artikel.\n\nTussenkop\n\nMeer tekst."
    start = old.index("Tussenkop")
    mapped = TextDiff(old, new).map_range(start, start + len("Tussenkop"))
    assert mapped is not None and new[mapped[0] : mapped[1]] == "Tussenkop"
    assert TextDiff(old, "Titel").map_range(start, start + 9) is None


# ---------------------------------------------------------------------- properties

_WORDS = st.sampled_from(
    ["de", "VS", "Huawei", "5G", "📶", "🇳🇱", "e\u0301", "שלום", "مرحبا", "\u200f", "nee", ".", "\n"]
)
_TEXT = st.lists(_WORDS, min_size=3, max_size=60).map(" ".join)


@st.composite
def edited_texts(draw: st.DrawFn) -> tuple[str, str, list[Selector]]:
    """A text, spans in it, and the text with edits made anywhere (inside spans too)."""
    old = draw(_TEXT)
    spans = []
    for _ in range(draw(st.integers(1, 5))):
        start = draw(st.integers(0, len(old) - 1))
        end = draw(st.integers(start + 1, len(old)))
        spans.append(selector_for(old, start, end))
    new = old
    for _ in range(draw(st.integers(0, 4))):
        at = draw(st.integers(0, len(new)))
        cut = draw(st.integers(0, min(8, len(new) - at)))
        new = new[:at] + draw(st.text(max_size=6)) + new[at + cut :]
    return old, new, spans


@settings(max_examples=200, deadline=None)
@given(edited_texts())
def test_every_placed_span_is_its_quote_in_the_new_text(
    case: tuple[str, str, list[Selector]],
) -> None:
    old, new, spans = case
    for placed in reanchor(old, new, spans):
        if placed.placed:
            assert 0 <= placed.start < placed.end <= len(new)
            assert new[placed.start : placed.end] == placed.quote


@st.composite
def edits_outside(draw: st.DrawFn) -> tuple[str, str, list[Selector], list[int]]:
    """Edits only between spans: every span must come through with its quote unchanged."""
    pieces = draw(st.lists(_TEXT, min_size=2, max_size=6))
    marked = [i for i in range(len(pieces)) if i % 2]
    old = "|".join(pieces)
    spans, offsets = [], []
    pos = 0
    for i, piece in enumerate(pieces):
        if i in marked:
            spans.append(selector_for(old, pos, pos + len(piece)))
        offsets.append(pos)
        pos += len(piece) + 1
    new_pieces = [
        piece if i in marked else draw(st.text(max_size=20)) for i, piece in enumerate(pieces)
    ]
    return old, "|".join(new_pieces), spans, marked


@settings(max_examples=200, deadline=None)
@given(edits_outside())
def test_spans_untouched_by_an_edit_keep_their_quote(
    case: tuple[str, str, list[Selector], list[int]],
) -> None:
    old, new, spans, _marked = case
    for selector, placed in zip(spans, reanchor(old, new, spans), strict=True):
        assert placed.placed, (selector, new)
        assert placed.quote == selector.quote
        assert new[placed.start : placed.end] == selector.quote


def test_fuzzy_threshold_is_strict_enough_to_refuse_an_unrelated_passage() -> None:
    old = "Het kabinet neemt binnenkort een besluit over Huawei."
    new = "Het weer wordt morgen zonnig en warm in het hele land."
    [placed] = reanchor(old, new, [span(old, "neemt binnenkort een besluit")])
    assert placed.method == "orphan"
    assert 0.5 < FUZZY_THRESHOLD < 1
