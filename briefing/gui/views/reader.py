"""The reader: one article's text, its clipped spans highlighted, selections turned into spans.

Qt counts text positions in UTF-16 code units; the core's clip spans are Python code-point
indexes. The text shown is exactly `Article.text` (set with setPlainText, which keeps
non-breaking spaces in the document) and every position is converted through `SpanMap`, never
recomputed from `toPlainText()` (which turns non-breaking spaces into plain spaces).
"""

from __future__ import annotations

from bisect import bisect_left
from html import escape

from PySide6.QtCore import QEvent, Qt, QUrl, Signal
from PySide6.QtGui import (
    QAction,
    QColor,
    QDesktopServices,
    QTextCharFormat,
    QTextCursor,
    QTextFormat,
)
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QTextEdit, QVBoxLayout, QWidget

from briefing.core.compile import safe_url
from briefing.core.model import Article, Clip, ClipKind
from briefing.gui.views.findbar import FindBar


class SpanMap:
    """Converts between code-point indexes of one text and positions in a QTextDocument
    holding it: a character outside the BMP takes two positions (UTF-16), and setPlainText
    turns "\r\n" into one block separator, so that "\r" takes none."""

    def __init__(self, text: str) -> None:
        self.length = len(text)
        # (index, width - 1) for every character whose width in positions is not 1.
        specials = [
            (i, 1) if ord(ch) > 0xFFFF else (i, -1)
            for i, ch in enumerate(text)
            if ord(ch) > 0xFFFF or (ch == "\r" and text[i + 1 : i + 2] == "\n")
        ]
        self._special_index = [i for i, _ in specials]
        self._offset_after: list[int] = []  # running sum of the deltas
        total = 0
        for _, delta in specials:
            total += delta
            self._offset_after.append(total)
        self.utf16_length = self.length + total

    def to_utf16(self, index: int) -> int:
        index = max(0, min(index, self.length))
        before = bisect_left(self._special_index, index)  # specials wholly before `index`
        return index + (self._offset_after[before - 1] if before else 0)

    def to_index(self, position: int, *, round_up: bool = False) -> int:
        """The code-point index at a document position. A position inside a surrogate pair
        rounds down to the character's start, or up past it with `round_up`."""
        position = max(0, min(position, self.utf16_length))
        if not self._special_index:
            return position
        low, high = 0, self.length
        if round_up:  # the smallest index at or after the position
            while low < high:
                middle = (low + high) // 2
                if self.to_utf16(middle) >= position:
                    high = middle
                else:
                    low = middle + 1
            return low
        while low < high:  # the largest index at or before the position
            middle = (low + high + 1) // 2
            if self.to_utf16(middle) <= position:
                low = middle
            else:
                high = middle - 1
        return low


def utf16_to_index(text: str, position: int, *, round_up: bool = False) -> int:
    return SpanMap(text).to_index(position, round_up=round_up)


def index_to_utf16(text: str, index: int) -> int:
    return SpanMap(text).to_utf16(index)


_QUOTE_COLOUR = QColor("#FFE9A8")
_EXCERPT_COLOUR = QColor("#D6E8FF")
_CURRENT_COLOUR = QColor("#FFC857")
_SUGGESTION_COLOUR = QColor("#7B4FD6")  # suggested quotes: an underline, never a fill


class ReaderView(QWidget):
    """Article header and read-only text; Add quote/excerpt act on the selected span."""

    selectionChanged = Signal(bool)  # whether a non-empty span is selected
    clipClicked = Signal(str)  # a click (without selecting) inside a clipped span

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reader")
        self._article: Article | None = None
        self._clips: list[Clip] = []
        self._current_clip: str | None = None
        self._suggestions: list[tuple[int, int]] = []  # code-point spans, underlined
        self._current_suggestion: tuple[int, int] | None = None
        self._map_text = ""  # the text `_map` was built for and the editor holds
        self._map = SpanMap("")
        self._context_actions: list[QAction] = []

        self.header = QLabel()
        self.header.setObjectName("readerHeader")
        self.header.setWordWrap(True)
        self.header.setTextFormat(Qt.TextFormat.RichText)
        # Links open through `_open_link`, which opens only what the writers would link.
        self.header.setOpenExternalLinks(False)
        self.header.linkActivated.connect(self._open_link)
        self.header.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.header.setContentsMargins(10, 8, 10, 6)

        self.text = QPlainTextEdit()
        self.text.setObjectName("readerText")
        self.text.setReadOnly(True)
        self.text.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.text.document().setDocumentMargin(14)
        font = self.text.font()
        font.setPointSizeF(max(font.pointSizeF() * 1.15, 11.0))
        self.text.setFont(font)
        self.text.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.text.customContextMenuRequested.connect(self._show_context_menu)
        self.text.selectionChanged.connect(self._on_selection_changed)
        # A click in a clipped span shows that clip, but only on release: a press that starts
        # a new selection over an old clip must not move the view.
        self.text.viewport().installEventFilter(self)
        self.text.setPlaceholderText(
            "Select an article in the library to read it here.\n\n"
            "No articles yet? Import files (Ctrl+Shift+I), drop them on this window, or paste "
            "an article's text or web page (Ctrl+Shift+V).\n\n"
            "Then select a sentence and choose Add Quote or Add Excerpt "
            "(toolbar, right-click, Ctrl+Shift+Q / Ctrl+Shift+E)."
        )

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.header)
        layout.addWidget(self.text, 1)
        self.find_bar = FindBar(self.text)
        layout.addWidget(self.find_bar)
        self._show_header()

    # -- content
    @property
    def article(self) -> Article | None:
        return self._article

    def set_article(self, article: Article | None, clips: list[Clip]) -> None:
        if article is not self._article or (article and article.text != self._map_text):
            self._article = article
            self._map_text = article.text if article else ""
            self._map = SpanMap(self._map_text)
            self.text.setPlainText(self._map_text)
            self.text.moveCursor(QTextCursor.MoveOperation.Start)
            self._suggestions, self._current_suggestion = [], None  # they were the old text's
            if self.find_bar.isVisible():
                self.find_bar.refresh()
        self.set_clips(clips)  # redraws the header too

    def set_clips(self, clips: list[Clip], current: str | None = None) -> None:
        self._clips = list(clips)
        if current is not None:
            self._current_clip = current
        self._highlight()

    def set_suggestions(
        self, spans: list[tuple[int, int]], current: tuple[int, int] | None = None
    ) -> None:
        """Underline suggested quotes (dotted; the current one wavy), apart from the clips'
        highlight, so a suggestion never looks like a clip."""
        self._suggestions = list(spans)
        self._current_suggestion = current
        self._highlight()

    def scroll_to(self, index: int) -> None:
        """Scroll a code-point index into view without changing the selection."""
        cursor = QTextCursor(self.text.document())
        cursor.setPosition(self._map.to_utf16(index))
        rect = self.text.cursorRect(cursor)
        if not self.text.viewport().rect().contains(rect):
            keep = self.text.textCursor()
            self.text.setTextCursor(cursor)
            self.text.centerCursor()
            self.text.setTextCursor(keep)

    def _suggestion_selections(self) -> list[QTextEdit.ExtraSelection]:
        selections = []
        for span in self._suggestions:
            fmt = QTextCharFormat()
            style = (
                QTextCharFormat.UnderlineStyle.WaveUnderline
                if span == self._current_suggestion
                else QTextCharFormat.UnderlineStyle.DotLine
            )
            fmt.setUnderlineStyle(style)
            fmt.setUnderlineColor(_SUGGESTION_COLOUR)
            fmt.setProperty(QTextFormat.Property.UserProperty + 1, f"{span[0]}-{span[1]}")
            selection = QTextEdit.ExtraSelection()
            selection.format = fmt
            cursor = QTextCursor(self.text.document())
            cursor.setPosition(self._map.to_utf16(span[0]))
            cursor.setPosition(self._map.to_utf16(span[1]), QTextCursor.MoveMode.KeepAnchor)
            selection.cursor = cursor
            selections.append(selection)
        return selections

    def _show_header(self) -> None:
        article = self._article
        if article is None:
            self.header.setText("<span style='color:#667'>No article selected</span>")
            return
        details = [escape(article.outlet), escape(", ".join(article.authors)),
                   escape(article.published)]
        line = " · ".join(d for d in details if d) or "no outlet, author or date"
        link = ""
        url = safe_url(article.url)
        if url:
            link = f" · <a href='{escape(url, quote=True)}'>source</a>"
        elif article.url.strip():
            # Another scheme (file:, javascript:, smb:, a UNC path…) is shown, never opened.
            link = f" · source: {escape(article.url.strip()[:200])}"
        clips = len(self._clips)
        count = f" · {clips} clip{'s' if clips != 1 else ''}" if clips else ""
        self.header.setText(
            f"<div style='font-size:13pt; font-weight:600'>"
            f"{escape(article.title or '(untitled)')}</div>"
            f"<div style='color:#555'>{line}{link}{count}</div>"
        )

    def _open_link(self, url: str) -> None:
        # A .briefing comes from anyone: only http, https and mailto leave the app.
        if safe_url(url):
            QDesktopServices.openUrl(QUrl(url))

    def _highlight(self) -> None:
        selections = []
        for clip in self._clips:
            selection = QTextEdit.ExtraSelection()
            colour = _QUOTE_COLOUR if clip.kind == ClipKind.QUOTE else _EXCERPT_COLOUR
            if clip.id == self._current_clip:
                colour = _CURRENT_COLOUR
            fmt = QTextCharFormat()
            fmt.setBackground(colour)
            fmt.setProperty(QTextFormat.Property.UserProperty, clip.id)
            selection.format = fmt
            cursor = QTextCursor(self.text.document())
            cursor.setPosition(self._map.to_utf16(clip.start))
            cursor.setPosition(self._map.to_utf16(clip.end), QTextCursor.MoveMode.KeepAnchor)
            selection.cursor = cursor
            selections.append(selection)
        self.text.setExtraSelections(selections + self._suggestion_selections())
        self._show_header()

    # -- spans
    def selected_span(self) -> tuple[int, int] | None:
        """The selection as a code-point span of Article.text, or None."""
        cursor = self.text.textCursor()
        if self._article is None or not cursor.hasSelection():
            return None
        start = self._map.to_index(cursor.selectionStart())
        end = self._map.to_index(cursor.selectionEnd(), round_up=True)
        return (start, end) if start < end else None

    def select_span(self, start: int, end: int) -> None:
        """Select a code-point span and scroll it into view."""
        cursor = QTextCursor(self.text.document())
        cursor.setPosition(self._map.to_utf16(start))
        cursor.setPosition(self._map.to_utf16(end), QTextCursor.MoveMode.KeepAnchor)
        self.text.setTextCursor(cursor)
        self.text.centerCursor()

    def show_clip(self, clip: Clip, *, scroll: bool = True) -> None:
        """Scroll to a clip's span and mark it as the current clip (without selecting). A clip
        already in view (just added, placed, or brought back by undo) keeps the scroll
        position, and the user's selection if there is one: the reader never jumps."""
        self._current_clip = clip.id
        self._highlight()
        if not scroll or (self._in_view(clip.start) and self.text.textCursor().hasSelection()):
            return
        if self._in_view(clip.start):  # the caret goes to the clip; the view stays put
            cursor = QTextCursor(self.text.document())
            cursor.setPosition(self._map.to_utf16(clip.start))
            self.text.setTextCursor(cursor)
            return
        cursor = QTextCursor(self.text.document())
        cursor.setPosition(self._map.to_utf16(clip.end))
        cursor.setPosition(self._map.to_utf16(clip.start))
        self.text.setTextCursor(cursor)
        self.text.centerCursor()

    def _in_view(self, index: int) -> bool:
        cursor = QTextCursor(self.text.document())
        cursor.setPosition(self._map.to_utf16(index))
        return self.text.isVisible() and self.text.viewport().rect().contains(
            self.text.cursorRect(cursor))

    def clear_selection(self) -> None:
        cursor = self.text.textCursor()
        cursor.clearSelection()
        self.text.setTextCursor(cursor)

    # -- interaction
    def set_context_actions(self, actions: list[QAction]) -> None:
        self._context_actions = actions

    def _show_context_menu(self, pos) -> None:
        menu = self.text.createStandardContextMenu(pos)
        first = menu.actions()[0] if menu.actions() else None
        for action in self._context_actions:
            menu.insertAction(first, action)
        if self._context_actions:
            menu.insertSeparator(first)
        menu.exec(self.text.viewport().mapToGlobal(pos))
        menu.deleteLater()

    def _on_selection_changed(self) -> None:
        self.selectionChanged.emit(self.selected_span() is not None)

    def eventFilter(self, watched, event) -> bool:
        if (
            watched is self.text.viewport()
            and event.type() == QEvent.Type.MouseButtonRelease
            and event.button() == Qt.MouseButton.LeftButton
        ):
            self._on_click(event.position().toPoint())
        return super().eventFilter(watched, event)

    def clip_at(self, index: int) -> Clip | None:
        """The clip whose span holds this code-point index (the shortest if several do)."""
        holding = [c for c in self._clips if c.start <= index < c.end]
        return min(holding, key=lambda c: c.end - c.start) if holding else None

    def _on_click(self, point) -> None:
        if self._article is None or self.text.textCursor().hasSelection():
            return
        clip = self.clip_at(self._map.to_index(self.text.cursorForPosition(point).position()))
        if clip is not None and clip.id != self._current_clip:
            self._current_clip = clip.id
            self._highlight()
            self.clipClicked.emit(clip.id)
