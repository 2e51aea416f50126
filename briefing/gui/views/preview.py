"""Live preview: the HTML writer's output for the current briefing, the same render tree the
DOCX and PDF writers get. It refreshes a moment after the last edit (debounced) and only while
it is visible, so typing never waits for a render."""

from __future__ import annotations

import logging
import re
from functools import cache

from PySide6.QtCore import QTimer, QUrl
from PySide6.QtGui import QDesktopServices, QFont
from PySide6.QtWidgets import QTextBrowser, QWidget

from briefing.core.compile import compile_briefing
from briefing.core.model import Briefing
from briefing.core.theme import Theme, ThemeError, load_theme
from briefing.render.html import render_html

log = logging.getLogger(__name__)

DEBOUNCE_MS = 300


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

    def schedule(self) -> None:
        """Ask for a refresh; edits in quick succession give one render after the last."""
        self._stale = True
        self.timer.start()

    def render_now(self) -> None:
        if not self.isVisible():
            return  # showEvent renders when the preview is shown again
        briefing: Briefing = self._source()
        theme = theme_for(briefing.meta.theme)
        try:
            html = lighten_for_preview(render_html(compile_briefing(briefing, theme), theme), theme)
        except Exception as exc:  # a preview must never take the window down
            log.exception("preview failed")
            html = f"<p style='color:#a00'>The preview cannot be shown: {exc}</p>"
        scroll = self.verticalScrollBar().value()
        if theme.body_fonts:
            font = QFont(self.document().defaultFont())
            font.setFamilies(list(theme.body_fonts))
            self.document().setDefaultFont(font)
        self.setHtml(html)
        self.verticalScrollBar().setValue(scroll)
        self._stale = False
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
