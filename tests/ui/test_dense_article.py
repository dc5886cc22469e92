"""A densely coded article in the window: highlights in the first paint, a claim list of one-line items."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

import rawdb
from claimdesk.core import Project
from claimdesk.core.model import Claim
from claimdesk.core.text import sentence_bounds
from claimdesk.synthetic import make_article
from claimdesk.ui import open_main_window
from claimdesk.ui.mainwindow import MainWindow
from claimdesk.ui.reader import CLAIM

CLAIMS = 300


@pytest.fixture
def window(qtbot, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> MainWindow:
    """The demo project with one long article (emoji included) carrying 300 overlapping claims."""
    path = rawdb.demo_copy(tmp_path, tmp_path_factory)
    rng = random.Random(3)
    with Project.open(path) as project:
        from claimdesk.formats.article_text import parse_article

        doc = parse_article(make_article(rng, language="nl", size=30_000), file="long.txt")
        document = project.add_document(doc).id
        assert document is not None
        text = doc.text
        claims = []
        for _ in range(CLAIMS):
            start, end = sentence_bounds(text, *sorted(rng.sample(range(len(text)), 2)))
            if start < end:
                claims.append(Claim(document=document, start=start, end=end))
        project.add_claims(claims)
    win = open_main_window(path)
    qtbot.addWidget(win)
    qtbot.waitExposed(win)
    return win  # type: ignore[return-value]


def _open_long_article(window: MainWindow) -> int:
    document = window.project.document_id("long.txt")
    window.show_document(document)
    return document


def test_dense_article_highlights_in_the_first_paint(window: MainWindow) -> None:
    _open_long_article(window)
    window.reader.viewport().grab()  # the first paint, before any other event
    assert window.reader._rects, "the visible claims were painted at once"
    painted = {
        span.id
        for rects in window.reader._rects.values()
        for span, kind, _ in rects
        if kind == CLAIM
    }
    assert painted and painted <= {c.id for c in window.project.claims()}


def test_dense_article_claim_list_has_one_line_per_quote(window: MainWindow) -> None:
    document = _open_long_article(window)
    QApplication.processEvents()
    claims = window.project.claims(document=document)
    rows = [window.claimList.index_of(row) for row in range(window.claimList.count())]
    assert len(rows) == len(claims) == window.claimList.count()
    assert window.claimListTitle.text() == f"Claims in this article ({len(claims)})"
    for row, claim in zip(rows, claims, strict=True):
        lines = row.data(Qt.ItemDataRole.DisplayRole).split("\n")
        assert len(lines) == 2 and len(lines[1]) <= 91  # who and stance; the quote, cut
        assert row.data(Qt.ItemDataRole.ToolTipRole).startswith(" ".join(claim.quote.split())[:80])
    heights = {window.claimList.visualRect(row).height() for row in rows[:20]}
    assert len(heights) == 1, "rows of one height, laid out at once"


def test_dense_article_clicking_a_listed_claim_selects_it(qtbot, window: MainWindow) -> None:
    document = _open_long_article(window)
    QApplication.processEvents()
    last = window.claimList.index_of(window.claimList.count() - 1)
    window.claimList.scrollTo(last)
    rect = window.claimList.visualRect(last)
    qtbot.mouseClick(window.claimList.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    claim = window.project.claims(document=document)[-1]
    assert window.reader.selected_claim == claim.id
    assert window.claimPanel.claim is not None and window.claimPanel.claim.id == claim.id


def test_dense_article_arrow_keys_in_the_claim_list_walk_the_claims(
    qtbot, window: MainWindow
) -> None:
    document = _open_long_article(window)
    QApplication.processEvents()
    claims = window.project.claims(document=document)
    first = window.claimList.visualRect(window.claimList.index_of(0))
    qtbot.mouseClick(window.claimList.viewport(), Qt.MouseButton.LeftButton, pos=first.center())
    assert window.claimPanel.claim is not None and window.claimPanel.claim.id == claims[0].id
    qtbot.keyClick(window.claimList, Qt.Key.Key_Down)
    qtbot.keyClick(window.claimList, Qt.Key.Key_Down)
    assert window.reader.selected_claim == claims[2].id
    assert window.claimList.current_claim() == claims[2].id
