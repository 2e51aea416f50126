"""Live preview: the HTML writer's output for the current briefing, the same render tree the
DOCX and PDF writers get. It refreshes a moment after the last edit (debounced) and only while
it is visible, so typing never waits for a render."""

from __future__ import annotations

import logging
import re
from functools import cache

from PySide6.QtCore import QTimer, QUrl
from PySide6.QtGui import QDesktopServices, QFont, QTextCursor, QTextDocument
from PySide6.QtWidgets import QTextBrowser, QWidget

from briefing.core.compile import compile_briefing
from briefing.core.model import Briefing
from briefing.core.theme import Theme, ThemeError, load_theme
from briefing.render.html import render_html

log = logging.getLogger(__name__)

DEBOUNCE_MS = 300
# Parsing HTML into a QTextDocument cannot leave the GUI thread without stalling it (measured:
# a worker's setHtml() held the GUI thread up for longer than a setHtml() on it), so a long
# preview is parsed in pieces of about this many characters, one per event-loop turn, into a
# document that replaces the shown one when complete: each piece takes some 40 ms at most.
PIECE_CHARS = 15_000
_PIECE_START = re.compile(r"(?=<h1[\s>]|<blockquote[\s>])")


@cache
def theme_for(name: str) -> Theme:
    """A theme by name, falling back to the built-in default when it cannot be read."""
    try:
        return load_theme(name or "default")
    except ThemeError:
        log.warning("theme %r cannot be read; using the default theme", name)
        return Theme()


_STYLE = re.compile(r"<style[^>]*>(.*?)</style>", re.DOTALL)
_FONT_FAMILY = re.compile(r"font-family:[^;}]*;?")


def lighten_for_preview(html: str, theme: Theme) -> str:
    """The writer's HTML with the font-family declarations taken out of its style sheet.

    QTextDocument spends about a third of setHtml() on a font-family list that every
    element inherits; the preview gets the body font as the document's default font
    instead (see PreviewView) and the heading font on the few heading elements. Qt falls
    back to another installed font for characters the main one lacks, so the rest of the
    family list is not needed on screen. Exported files keep the writer's HTML untouched."""
    match = _STYLE.search(html)
    if match is None:
        return html
    css = _FONT_FAMILY.sub("", match.group(1))
    if theme.heading_fonts:
        family = theme.heading_fonts[0]
        css += f"\nh1, h2, .title, .subtitle, .marking {{ font-family: '{family}'; }}\n"
    return html[: match.start(1)] + css + html[match.end(1) :]


def split_for_preview(html: str, piece_chars: int = PIECE_CHARS) -> list[str]:
    """The document as complete HTML documents of about `piece_chars` body characters each,
    split only before a heading or a quote and each with the original head (style sheet)."""
    body_open = re.search(r"<body[^>]*>", html)
    body_close = html.rfind("</body>")
    if body_open is None or body_close < body_open.end() or len(html) <= piece_chars:
        return [html]
    head, tail = html[: body_open.end()], html[body_close:]
    pieces: list[str] = []
    current = ""
    for part in _PIECE_START.split(html[body_open.end() : body_close]):
        current += part
        if len(current) >= piece_chars:
            pieces.append(current)
            current = ""
    if current or not pieces:
        pieces.append(current)
    return [head + piece + tail for piece in pieces]


class PreviewView(QTextBrowser):
    def __init__(self, briefing_source, parent: QWidget | None = None) -> None:
        """`briefing_source()` returns the briefing to show (read at render time)."""
        super().__init__(parent)
        self.setObjectName("preview")
        self._source = briefing_source
        self._stale = True
        self.render_count = 0
        self.setOpenLinks(False)
        self.anchorClicked.connect(self._follow)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DEBOUNCE_MS)
        self.timer.timeout.connect(self.render_now)
        self._html: str | None = None  # to split into pieces in the next turn
        self._pieces: list[str] = []  # still to parse into self._building
        self._building: QTextDocument | None = None
        self._step = QTimer(self)
        self._step.setSingleShot(True)
        self._step.setInterval(0)
        self._step.timeout.connect(self._parse_next_piece)

    def schedule(self) -> None:
        """Ask for a refresh; edits in quick succession give one render after the last."""
        self._stale = True
        self.timer.start()

    def render_now(self) -> None:
        """Start building the preview; it is shown once all its pieces are parsed."""
        if not self.isVisible():
            return  # showEvent renders when the preview is shown again
        briefing: Briefing = self._source()
        theme = theme_for(briefing.meta.theme)
        try:
            html = lighten_for_preview(render_html(compile_briefing(briefing, theme), theme), theme)
        except Exception as exc:  # a preview must never take the window down
            log.exception("preview failed")
            html = f"<p style='color:#a00'>The preview cannot be shown: {exc}</p>"
        if self._building is not None:  # an older build: the newer briefing wins
            self._building.deleteLater()
        document = QTextDocument(self)
        font = QFont(self.document().defaultFont())
        if theme.body_fonts:
            font.setFamilies(list(theme.body_fonts))
        document.setDefaultFont(font)
        self._building = document
        self._html = html
        self._pieces = []
        self._stale = False
        self._step.start()  # splitting in the next turn: compiling took this one

    def _parse_next_piece(self) -> None:
        document = self._building
        if document is None:
            return
        # One step per event-loop turn, so key presses are handled between any two of them:
        # split, parse each piece, swap the finished document in.
        if self._html is not None:
            self._pieces = split_for_preview(self._html, PIECE_CHARS)
            self._pieces.reverse()  # pop() from the end
            self._html = None
            self._step.start()
            return
        if self._pieces:
            if len(self._pieces) == 1 and document.isEmpty():
                document.setHtml(self._pieces.pop())  # short: one go keeps the HTML exact
            else:
                cursor = QTextCursor(document)
                cursor.movePosition(QTextCursor.MoveOperation.End)
                if not document.isEmpty():
                    cursor.insertBlock()  # so the piece's first block does not join the last
                cursor.insertHtml(self._pieces.pop())
            self._step.start()
            return
        self._building = None
        scroll = self.verticalScrollBar().value()
        old = self.document()
        ours = old.parent() is self  # the editor deletes its own first document itself
        self.setDocument(document)
        if ours:
            old.deleteLater()
        self.verticalScrollBar().setValue(scroll)
        self.render_count += 1

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._stale:
            # a one-off zero delay: timer.start(0) would set the debounce interval to 0 for good
            self.timer.stop()
            QTimer.singleShot(0, self, self._render_if_stale)

    def _render_if_stale(self) -> None:
        if self._stale:
            self.render_now()

    def _follow(self, url: QUrl) -> None:
        if url.scheme() in ("", "file") and url.hasFragment() and not url.path():
            self.scrollToAnchor(url.fragment())
        elif url.scheme() in ("http", "https"):
            QDesktopServices.openUrl(url)
