"""The reading view on its own: exact text, code-point selections, painted highlights."""

from __future__ import annotations

from PySide6.QtGui import QColor, QTextCursor

from claimdesk.core.model import StructureRange
from claimdesk.core.text import Utf16Offsets
from claimdesk.ui.reader import PaintedSpan, ReaderView

TEXT = "Kop met 🇳🇱 vlag\n\nDe minister 😀 zegt dat Huawei 👍 welkom is.\n\nمرحبا بالعالم and e\u0301 combined."


def make_reader(qtbot) -> ReaderView:
    reader = ReaderView()
    qtbot.addWidget(reader)
    reader.resize(900, 500)
    reader.show()
    reader.show_document(TEXT, [StructureRange("title", 0, 15)])
    qtbot.waitExposed(reader)
    return reader


def pixel_at(reader: ReaderView, offset: int) -> QColor:
    cursor = QTextCursor(reader.document())
    cursor.setPosition(Utf16Offsets(TEXT).to_utf16(offset))
    rect = reader.cursorRect(cursor)
    image = reader.viewport().grab().toImage()
    return image.pixelColor(rect.center().x() + 3, rect.center().y())


def test_plain_text_is_the_stored_text(qtbot) -> None:
    reader = make_reader(qtbot)
    assert reader.plain_text() == TEXT


def test_selection_is_in_code_points_after_astral_characters(qtbot) -> None:
    reader = make_reader(qtbot)
    start = TEXT.index("Huawei")
    reader.select_range(start, start + len("Huawei"))
    # Qt counts the flag (two astral characters) and 😀 as two units each.
    assert reader.textCursor().selectionStart() == start + 3
    assert reader.selection() == (start, start + 6)
    assert TEXT[slice(*reader.selection())] == "Huawei"


def test_claims_are_painted_and_overlaps_blend(qtbot) -> None:
    reader = make_reader(qtbot)
    plain = pixel_at(reader, TEXT.index("minister"))
    start = TEXT.index("De minister")
    end = TEXT.index("welkom")
    inner = TEXT.index("zegt")
    reader.set_spans([PaintedSpan(1, start, end, "#009E73")], [])
    single = pixel_at(reader, TEXT.index("minister"))
    assert single != plain
    reader.set_spans(
        [PaintedSpan(1, start, end, "#009E73"), PaintedSpan(2, inner, end, "#D55E00")], []
    )
    outer_only = pixel_at(reader, TEXT.index("minister"))
    both = pixel_at(reader, TEXT.index("dat"))
    assert outer_only == single
    assert both != single  # the nested claim stays visible on top of the outer one


def test_clicking_a_claim_emits_the_innermost(qtbot) -> None:
    from PySide6.QtCore import Qt

    reader = make_reader(qtbot)
    start, end, inner = TEXT.index("De minister"), TEXT.index("welkom"), TEXT.index("zegt")
    reader.set_spans(
        [PaintedSpan(1, start, end, "#009E73"), PaintedSpan(2, inner, end, "#D55E00")], []
    )
    cursor = QTextCursor(reader.document())
    cursor.setPosition(Utf16Offsets(TEXT).to_utf16(TEXT.index("dat")) + 1)
    with qtbot.waitSignal(reader.claimClicked) as signal:
        qtbot.mouseClick(
            reader.viewport(), Qt.MouseButton.LeftButton, pos=reader.cursorRect(cursor).center()
        )
    assert signal.args == [2]


def test_zoom_changes_the_font_not_the_text(qtbot) -> None:
    reader = make_reader(qtbot)
    before = reader.document().defaultFont().pointSizeF()
    reader.zoom(2)
    assert reader.document().defaultFont().pointSizeF() > before
    assert reader.plain_text() == TEXT
