"""A readable line length for the reader and the preview: in a wide window their text keeps
to a column of about N characters (a setting), centred, instead of running the whole width.

The column is made with the scroll area's viewport margins, so the scroll bar stays at the
window's edge and the documents themselves (their spans and formats) are left alone; the
margins are painted in the text's background colour.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QFont, QFontMetricsF, QPalette
from PySide6.QtWidgets import QAbstractScrollArea

# Ordinary prose, so the average advance counts spaces and a mix of narrow and wide letters
# as running text has them: "N characters" means N characters of a sentence like this.
_SAMPLE = "The quick brown fox jumps over the lazy dog, then rests a while. "


def column_width(font: QFont, chars: int) -> float:
    """The width of `chars` characters of running text in `font`, in pixels."""
    return QFontMetricsF(font).horizontalAdvance(_SAMPLE) / len(_SAMPLE) * chars


def side_margin(available: float, column: float) -> int:
    """The margin on each side that centres a column of `column` pixels in `available`; 0
    when the space is narrower than the column."""
    return max(0, int((available - column) / 2))


class ReadableColumn(QObject):
    """Keeps `view`'s text column at most `chars` characters of `font()` wide (0: no limit).
    `extra` is what the column needs besides the text (the document's own margins)."""

    def __init__(self, view: QAbstractScrollArea, chars: int, font: Callable[[], QFont],
                 extra: Callable[[], float] = lambda: 0.0) -> None:
        super().__init__(view)
        self.view = view
        self.chars = chars
        self._font = font
        self._extra = extra
        self.margin = 0
        # The margins are the scroll area's own background: give it the text's colour.
        palette = view.palette()
        palette.setColor(QPalette.ColorRole.Window, palette.color(QPalette.ColorRole.Base))
        view.setPalette(palette)
        view.setAutoFillBackground(True)
        view.installEventFilter(self)
        self.apply()

    def set_chars(self, chars: int) -> None:
        self.chars = chars
        self.apply()

    def apply(self) -> None:
        """Recompute the margins for the view's current width (and font)."""
        view = self.view
        if self.chars <= 0:
            margin = 0
        else:
            # Room for the scroll bar whether it shows or not: its coming and going must
            # not move the column (nor get a resize to follow it).
            reserved = view.verticalScrollBar().sizeHint().width()
            available = view.width() - 2 * view.frameWidth() - reserved
            column = column_width(self._font(), self.chars) + self._extra()
            margin = side_margin(available, column)
        if margin != self.margin:
            self.margin = margin
            view.setViewportMargins(margin, 0, margin, 0)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.view and event.type() in (QEvent.Type.Resize,
                                                     QEvent.Type.FontChange):
            self.apply()
        return False
