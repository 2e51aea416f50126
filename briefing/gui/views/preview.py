"""Live preview: the HTML writer's output for the current briefing, the same render tree the
DOCX and PDF writers get. It refreshes a moment after the last edit (debounced) and only while
it is visible, so typing never waits for a render."""

from __future__ import annotations

import logging
from functools import cache

from PySide6.QtCore import QTimer, QUrl
from PySide6.QtGui import QDesktopServices
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
            html = render_html(compile_briefing(briefing, theme), theme)
        except Exception as exc:  # a preview must never take the window down
            log.exception("preview failed")
            html = f"<p style='color:#a00'>The preview cannot be shown: {exc}</p>"
        scroll = self.verticalScrollBar().value()
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
