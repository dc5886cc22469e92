"""The reading view: an article's stored text, with claims and mentions painted over it.

The document is built from the stored text and its structure ranges, never
from markup (DESIGN decision 1), so ``toRawText()`` with U+2029 read as a
newline equals the stored text. Highlights are translucent rectangles
painted in the viewport before the text is drawn: the measured fastest way,
which also blends overlapping and nested claims without extra code and never
touches the document. Qt positions count UTF-16 code units; every position
crossing this class's public methods is a code point (``core.text``).
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from PySide6.QtCore import QPoint, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QResizeEvent,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QWheelEvent,
)
from PySide6.QtWidgets import QTextEdit, QWidget

from claimdesk.core.model import StructureRange
from claimdesk.core.text import Utf16Offsets
from claimdesk.ui.theme import CLAIM_ALPHA, SELECTED_ALPHA, translucent

#: Opacity of a keyword's marker band and of a suggestion's dotted underline (0–255).
KEYWORD_ALPHA = 80
SUGGESTION_ALPHA = 190

#: Widest line of text, in pixels at 100 % zoom (about 75 characters).
MAX_LINE_WIDTH = 740
READING_FONTS = [
    "Source Serif 4",
    "Source Serif Pro",
    "Charter",
    "Georgia",
    "DejaVu Serif",
    "serif",
]
_HEADING_SCALE = {"title": 1.3, "heading": 1.25, "subheading": 1.1}


@dataclass(frozen=True, slots=True)
class PaintedSpan:
    """A span to paint: a claim (filled) or a mention (underlined), in code points.

    ``outline`` borders a claim in that colour (its coder's, when several coders' claims show).
    """

    id: int
    start: int
    end: int
    color: str
    outline: str = ""


#: What a painted span is: a claim (filled), a mention (underlined), a suggested mention
#: (dotted underline) or a keyword of the highlighter (a marker band under the words).
CLAIM, MENTION, SUGGESTION, KEYWORD = "claim", "mention", "suggestion", "keyword"


class ReaderView(QTextEdit):
    """A read-only, selectable view of one document."""

    claimClicked = Signal(int)
    mentionClicked = Signal(int)
    emptyClicked = Signal()
    #: A click on a suggested mention (its id), besides ``emptyClicked``.
    suggestionClicked = Signal(int)
    #: The right-click menu is about to open at this code-point offset.
    contextRequested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reader")
        self.setReadOnly(True)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setUndoRedoEnabled(False)
        self.setFrameShape(QTextEdit.Shape.NoFrame)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.DefaultContextMenu)
        self._text = ""
        self._offsets = Utf16Offsets("")
        self._claims: list[PaintedSpan] = []
        self._mentions: list[PaintedSpan] = []
        self._suggestions: list[PaintedSpan] = []
        self._keywords: list[PaintedSpan] = []
        self._selected: int | None = None
        self._rects: dict[int, list[tuple[PaintedSpan, str, QRectF]]] | None = None
        self._span_index: dict[int, list[tuple[PaintedSpan, str]]] = {}
        self._zoom = 0
        self._base_point_size = 12.0
        self._press: QPoint | None = None
        self._context_actions: list = []
        self.document().documentLayout().documentSizeChanged.connect(self._invalidate)

    # ------------------------------------------------------------------ content

    @property
    def text(self) -> str:
        return self._text

    def show_document(self, text: str, structure: list[StructureRange] = ()) -> None:  # type: ignore[assignment]
        """Show ``text`` (the stored text), formatted by its structure ranges."""
        self._text = text
        self._offsets = Utf16Offsets(text)
        self._claims, self._mentions, self._selected = [], [], None
        self._suggestions, self._keywords = [], []
        doc = QTextDocument(self)
        doc.setDefaultFont(self._reading_font())
        doc.setUndoRedoEnabled(False)
        doc.setPlainText(text)
        cursor = QTextCursor(doc)
        cursor.select(QTextCursor.SelectionType.Document)
        block = QTextBlockFormat()
        block.setLineHeight(150, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
        cursor.mergeBlockFormat(block)
        for part in structure:
            scale = _HEADING_SCALE.get(part.kind)
            fmt = QTextCharFormat()
            if scale:
                fmt.setFontWeight(QFont.Weight.DemiBold)
                fmt.setFontPointSize(self._base_point_size * scale)
            elif part.kind == "quote":
                fmt.setFontItalic(True)
            elif part.kind == "code":
                fmt.setFontFamilies(["DejaVu Sans Mono", "monospace"])
            else:
                continue
            cursor.setPosition(self._offsets.to_utf16(part.start))
            cursor.setPosition(self._offsets.to_utf16(part.end), QTextCursor.MoveMode.KeepAnchor)
            cursor.mergeCharFormat(fmt)
        self.setDocument(doc)
        doc.documentLayout().documentSizeChanged.connect(self._invalidate)
        self._apply_zoom()
        self._fit_line_width()
        self.verticalScrollBar().setValue(0)
        self._invalidate()

    def plain_text(self) -> str:
        """The document's text as Qt holds it, paragraph separators read as newlines."""
        return self.document().toRawText().replace("\u2029", "\n")

    def set_spans(self, claims: list[PaintedSpan], mentions: list[PaintedSpan]) -> None:
        """Replace the painted claims and mentions."""
        self._claims = [s for s in claims if 0 <= s.start < s.end <= len(self._text)]
        self._mentions = [s for s in mentions if 0 <= s.start < s.end <= len(self._text)]
        self._invalidate()

    def set_aids(self, suggestions: list[PaintedSpan], keywords: list[PaintedSpan]) -> None:
        """Replace the reading aids: suggested mentions and the keyword highlighter's words."""
        self._suggestions = [s for s in suggestions if 0 <= s.start < s.end <= len(self._text)]
        self._keywords = [s for s in keywords if 0 <= s.start < s.end <= len(self._text)]
        self._invalidate()

    def set_selected_claim(self, claim_id: int | None) -> None:
        self._selected = claim_id
        self.viewport().update()

    @property
    def selected_claim(self) -> int | None:
        return self._selected

    # ------------------------------------------------------------------ selection in code points

    def selection(self) -> tuple[int, int] | None:
        """The selected range in code points, or None."""
        cursor = self.textCursor()
        if not cursor.hasSelection():
            return None
        start = self._offsets.from_utf16(cursor.selectionStart(), snap="backward")
        end = self._offsets.from_utf16(cursor.selectionEnd(), snap="forward")
        return (start, end) if start < end else None

    def select_range(self, start: int, end: int) -> None:
        """Select ``[start, end)`` (code points) and scroll it into view."""
        cursor = self.textCursor()
        cursor.setPosition(self._offsets.to_utf16(start))
        cursor.setPosition(self._offsets.to_utf16(end), QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)
        self.ensureCursorVisible()

    def clear_selection(self) -> None:
        cursor = self.textCursor()
        cursor.clearSelection()
        self.setTextCursor(cursor)

    def scroll_to(self, start: int) -> None:
        cursor = QTextCursor(self.document())
        cursor.setPosition(self._offsets.to_utf16(start))
        rect = self.cursorRect(cursor)
        bar = self.verticalScrollBar()
        if rect.top() < 0 or rect.bottom() > self.viewport().height():
            bar.setValue(bar.value() + rect.top() - self.viewport().height() // 3)

    def position_at(self, point: QPoint) -> int:
        """The code-point offset under a viewport point."""
        return self._offsets.from_utf16(self.cursorForPosition(point).position(), snap="backward")

    def claims_at(self, offset: int) -> list[int]:
        """Claims covering an offset, innermost (shortest) first."""
        found = [s for s in self._claims if s.start <= offset < s.end]
        return [s.id for s in sorted(found, key=lambda s: s.end - s.start)]

    def mentions_at(self, offset: int) -> list[int]:
        return [s.id for s in self._mentions if s.start <= offset < s.end]

    def suggestions_at(self, offset: int) -> list[int]:
        """Suggested mentions covering an offset (their ids)."""
        return [s.id for s in self._suggestions if s.start <= offset < s.end]

    # ------------------------------------------------------------------ zoom and layout

    def _reading_font(self) -> QFont:
        font = QFont()
        font.setFamilies(READING_FONTS)
        font.setPointSizeF(self._base_point_size)
        return font

    def zoom(self, steps: int) -> None:
        """Make the text larger (positive) or smaller (negative); 0 resets."""
        self._zoom = 0 if steps == 0 else max(-4, min(10, self._zoom + steps))
        self._apply_zoom()
        self._fit_line_width()

    @property
    def zoom_level(self) -> int:
        return self._zoom

    def _apply_zoom(self) -> None:
        factor = 1.0 + 0.1 * self._zoom
        font = self.document().defaultFont()
        font.setPointSizeF(self._base_point_size * factor)
        self.document().setDefaultFont(font)

    def _fit_line_width(self) -> None:
        width = self.viewport().width()
        limit = MAX_LINE_WIDTH * (1.0 + 0.1 * self._zoom)
        margin = max(24.0, (width - limit) / 2)
        frame = self.document().rootFrame()
        fmt = frame.frameFormat()
        if abs(fmt.leftMargin() - margin) > 0.5:
            fmt.setLeftMargin(margin)
            fmt.setRightMargin(margin)
            fmt.setTopMargin(20)
            fmt.setBottomMargin(40)
            frame.setFrameFormat(fmt)
        self._invalidate()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_line_width()

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.zoom(1 if event.angleDelta().y() > 0 else -1)
            event.accept()
            return
        super().wheelEvent(event)

    # ------------------------------------------------------------------ painting

    def _invalidate(self, *_: object) -> None:
        self._rects = None
        self.viewport().update()

    def _index_spans(self) -> dict[int, list[tuple[PaintedSpan, str]]]:
        """Which spans touch which block (by block number), keywords first so they lie underneath."""
        doc = self.document()
        # Block start positions, to find a span's blocks by bisection (findBlock per span
        # costs a call into Qt each; a thousand claims made that the larger part of a paint).
        starts = []
        block = doc.begin()
        while block.isValid():
            starts.append(block.position())
            block = block.next()
        index: dict[int, list[tuple[PaintedSpan, str]]] = {}
        for spans, kind in (
            (self._keywords, KEYWORD),
            (self._claims, CLAIM),
            (self._mentions, MENTION),
            (self._suggestions, SUGGESTION),
        ):
            for span in spans:
                first = max(0, bisect_right(starts, self._offsets.to_utf16(span.start)) - 1)
                last = max(0, bisect_right(starts, self._offsets.to_utf16(span.end) - 1) - 1)
                for number in range(first, last + 1):
                    index.setdefault(number, []).append((span, kind))
        return index

    def _block_rects(
        self, block, spans: list[tuple[PaintedSpan, str]]
    ) -> list[tuple[PaintedSpan, str, QRectF]]:
        """Rectangles of the spans in one block, in document coordinates, one per line."""
        text_layout = block.layout()
        origin = self.document().documentLayout().blockBoundingRect(block).topLeft()
        bpos = block.position()
        blen = block.length() - 1
        lines = [text_layout.lineAt(i) for i in range(text_layout.lineCount())]
        rects = []
        for span, kind in spans:
            a0 = max(self._offsets.to_utf16(span.start) - bpos, 0)
            b0 = min(self._offsets.to_utf16(span.end) - bpos, blen)
            for line in lines:
                a = max(a0, line.textStart())
                b = min(b0, line.textStart() + line.textLength())
                if a >= b:
                    continue
                x1, x2 = line.cursorToX(a)[0], line.cursorToX(b)[0]
                rect = QRectF(
                    origin.x() + min(x1, x2), origin.y() + line.y(), abs(x2 - x1), line.height()
                )
                rects.append((span, kind, rect))
        return rects

    def _visible_rects(self, visible: QRectF) -> list[tuple[PaintedSpan, str, QRectF]]:
        """Rectangles of the spans in the blocks that intersect ``visible`` (cached per block)."""
        if self._rects is None:
            self._rects = {}
            self._span_index = self._index_spans()
        doc = self.document()
        layout = doc.documentLayout()
        block = doc.findBlock(self.cursorForPosition(QPoint(0, 0)).position())
        if layout.blockBoundingRect(block).top() > visible.top():
            # While a long text is still being laid out the hit test can land far below the
            # view (the first paint of a long article then had no highlights): find the first
            # block reaching into view by bisection over the blocks above it.
            low, high = 0, block.blockNumber()
            while low < high:
                middle = (low + high) // 2
                box = layout.blockBoundingRect(doc.findBlockByNumber(middle))
                if box.bottom() < visible.top():
                    low = middle + 1
                else:
                    high = middle
            block = doc.findBlockByNumber(low)
        result = []
        while block.isValid():
            box = layout.blockBoundingRect(block)
            if box.top() > visible.bottom():
                break
            if box.bottom() >= visible.top():
                number = block.blockNumber()
                if number not in self._rects:
                    self._rects[number] = self._block_rects(block, self._span_index.get(number, []))
                result.extend(self._rects[number])
            block = block.next()
        return result

    def paintEvent(self, event: QPaintEvent) -> None:
        dx, dy = self.horizontalScrollBar().value(), self.verticalScrollBar().value()
        visible = QRectF(event.rect()).translated(dx, dy)
        painter = QPainter(self.viewport())
        painter.translate(-dx, -dy)
        painter.setPen(Qt.PenStyle.NoPen)
        outline: list[QRectF] = []
        bordered: list[tuple[QRectF, str]] = []
        # Line heights are 150 %: keep highlights to the text's own height, centred.
        for span, kind, rect in self._visible_rects(visible):
            if not rect.intersects(visible):
                continue
            inner = QRectF(
                rect.x(), rect.y() + rect.height() * 0.12, rect.width(), rect.height() * 0.8
            )
            if kind == KEYWORD:
                half = inner.height() * 0.45
                painter.fillRect(
                    QRectF(inner.x(), inner.bottom() - half, inner.width(), half),
                    translucent(span.color, KEYWORD_ALPHA),
                )
            elif kind == SUGGESTION:
                color = QColor(span.color)
                color.setAlpha(SUGGESTION_ALPHA)
                painter.setPen(QPen(color, 1.6, Qt.PenStyle.DotLine))
                y = inner.bottom() + 0.5
                painter.drawLine(QPointF(inner.x(), y), QPointF(inner.right(), y))
                painter.setPen(Qt.PenStyle.NoPen)
            elif kind == CLAIM:
                selected = span.id == self._selected
                painter.fillRect(
                    inner, translucent(span.color, SELECTED_ALPHA if selected else CLAIM_ALPHA)
                )
                if selected:
                    outline.append(inner)
                elif span.outline:
                    bordered.append((inner, span.outline))
            else:
                painter.fillRect(
                    QRectF(inner.x(), inner.bottom() - 1.0, inner.width(), 2.5), QColor(span.color)
                )
        painter.setBrush(Qt.BrushStyle.NoBrush)
        drawn: dict[tuple[float, float, float, float], int] = {}
        for rect, color in bordered:
            # Claims of several coders on the same words: each outline inside the last.
            key = (rect.x(), rect.y(), rect.width(), rect.height())
            inset = 2.0 * drawn.get(key, 0)
            drawn[key] = drawn.get(key, 0) + 1
            painter.setPen(QPen(QColor(color), 1.5))
            painter.drawRect(rect.adjusted(inset, inset, -inset, -inset))
        if outline:
            pen = QPen(self.palette().highlight().color(), 1.5)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            for rect in outline:
                painter.drawRect(rect)
        painter.end()
        super().paintEvent(event)

    # ------------------------------------------------------------------ clicks

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._press = event.position().toPoint()
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        if event.button() != Qt.MouseButton.LeftButton or self._press is None:
            return
        moved = (event.position().toPoint() - self._press).manhattanLength()
        self._press = None
        if moved > 3 or self.textCursor().hasSelection():
            return
        offset = self.position_at(event.position().toPoint())
        claims = self.claims_at(offset)
        if claims:
            self.claimClicked.emit(claims[0])
            return
        mentions = self.mentions_at(offset)
        if mentions:
            self.mentionClicked.emit(mentions[0])
        else:
            self.emptyClicked.emit()
            suggestions = self.suggestions_at(offset)
            if suggestions:
                self.suggestionClicked.emit(suggestions[0])

    def set_context_actions(self, actions: list) -> None:
        """Actions offered first in the right-click menu (coding actions)."""
        self._context_actions = actions

    def add_context_actions(self, actions: list) -> None:
        """More actions for the right-click menu, after those given before."""
        self._context_actions = [*self._context_actions, *actions]

    def contextMenuEvent(self, event) -> None:
        self.contextRequested.emit(self.position_at(event.pos()))
        menu = self.createStandardContextMenu(event.pos())
        if self._context_actions:
            first = menu.actions()[0] if menu.actions() else None
            for action in self._context_actions:
                menu.insertAction(first, action)
            menu.insertSeparator(first)
        menu.exec(event.globalPos())
        menu.deleteLater()
