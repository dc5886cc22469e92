"""Colours and the look of the window: calm, readable, colour-blind-safe."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette

#: Okabe–Ito colours, distinguishable with every common colour-vision deficiency.
OKABE_ITO = ["#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000"]
#: Highlight of a claim whose stance is not set yet.
UNCODED = "#9E9E9E"
CLAIM_ALPHA = 70
SELECTED_ALPHA = 120


def is_dark() -> bool:
    app = QGuiApplication.instance()
    if app is None:
        return False
    hints = QGuiApplication.styleHints()
    scheme = getattr(hints, "colorScheme", None)
    if scheme is not None and scheme() == Qt.ColorScheme.Dark:
        return True
    return QGuiApplication.palette().color(QPalette.ColorRole.Window).lightness() < 128


def actor_color(actor_id: int | None, explicit: str = "") -> QColor:
    """An actor's colour: its own, or one of the palette by its id."""
    if explicit and QColor(explicit).isValid():
        return QColor(explicit)
    if actor_id is None:
        return QColor(UNCODED)
    return QColor(OKABE_ITO[(actor_id - 1) % (len(OKABE_ITO) - 1)])


def translucent(color: str | QColor, alpha: int) -> QColor:
    c = QColor(color)
    if not c.isValid():
        c = QColor(UNCODED)
    c.setAlpha(alpha)
    return c


STYLESHEET = """
QMainWindow::separator { width: 1px; height: 1px; background: palette(mid); }
QTableView, QListView, QTreeView { border: none; }
QTableView::item { padding: 2px 6px; }
QLineEdit, QPlainTextEdit, QComboBox { padding: 3px 5px; }
QToolBar { border: none; spacing: 6px; padding: 3px; }
QStatusBar { border-top: 1px solid palette(mid); }
QLabel#documentHeader { font-size: 14pt; font-weight: 600; }
QLabel#documentMeta { color: palette(placeholder-text); }
QLabel.sectionTitle, QLabel[sectionTitle="true"] { font-weight: 600; padding-top: 6px; }
QPushButton[stance="true"] { padding: 4px 8px; border-radius: 4px; border: 1px solid palette(mid); }
QPushButton[stance="true"]:checked { font-weight: 600; border: 2px solid palette(highlight); }
QFrame#claimPanel { border-left: 1px solid palette(mid); }
"""
