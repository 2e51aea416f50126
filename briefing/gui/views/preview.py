"""Live preview: the HTML writer's output for the current briefing, the same render tree the
DOCX and PDF writers get. It refreshes a moment after the last edit (debounced) and only while
it is visible, parses only the chunks of the page an edit changed (see preview_plan), one per
event-loop turn, so typing never waits for a render."""

from __future__ import annotations

import logging
import re
import time
from dataclasses import dataclass, field
from functools import cache
from html import escape

from PySide6.QtCore import Qt, QTimer, QUrl, Signal
from PySide6.QtGui import (
    QDesktopServices,
    QFont,
    QTextCursor,
    QTextDocument,
    QTextDocumentFragment,
)
from PySide6.QtWidgets import QTextBrowser, QWidget

from briefing.core.compile import compile_briefing, safe_url
from briefing.core.model import Briefing
from briefing.core.theme import Theme, ThemeError, load_briefing_theme
from briefing.gui.views.preview_plan import Chunk, Patch, chunk_items, plan_patch
from briefing.render.html import HtmlParts, render_html_parts

log = logging.getLogger(__name__)

# The wait after the last edit before the preview follows: twice what compiling the briefing
# took last time, within these bounds, so a long briefing is not recompiled between two
# key presses of someone typing while a short one follows almost at once.
DEBOUNCE_MS = 100
MAX_DEBOUNCE_MS = 600
# Parsing HTML into a QTextDocument cannot leave the GUI thread without stalling it (measured:
# a worker's setHtml() held the GUI thread up for longer than a setHtml() on it), so the page
# is parsed in chunks of about this many characters, one per event-loop turn (each some 40 ms
# at most), and after an edit only the chunks around the change are parsed again.
PIECE_CHARS = 15_000
# When an edit changes more than this share of the page, a new document is built and swapped
# in instead of editing the shown one in place.
REBUILD_SHARE = 0.5


@cache
def theme_for(name: str) -> Theme:
    """A theme by name, falling back to the built-in default when it cannot be read."""
    try:
        return load_briefing_theme(name or "default")
    except ThemeError:
        log.warning("theme %r cannot be read; using the default theme", name)
        return Theme()


_STYLE = re.compile(r"<style[^>]*>(.*?)</style>", re.DOTALL)
_FONT_FAMILY = re.compile(r"font-family:[^;}]*;?")
_HEAD_METADATA = re.compile(r"<title>.*?</title>|<meta [^>]*>", re.DOTALL)


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


@dataclass
class _Job:
    """One refresh in progress: chunks still to parse, and where the parsed ones go."""

    head: str
    tail: str
    font: QFont  # the documents' default font: the theme's body font
    patch: Patch | None  # None: build a new document from `chunks`
    chunks: list[Chunk]
    parsed: list[QTextDocument] = field(default_factory=list)
    building: QTextDocument | None = None  # the new document, for a full build
    spans: list[int] = field(default_factory=list)  # characters each finished chunk took


def _copy_chunk(cursor: QTextCursor, parsed: QTextDocument, *, into_current: bool) -> None:
    """Insert a parsed chunk at the cursor (the end of a block) as blocks of their own.

    A fragment's first paragraph joins the block at the cursor and keeps that block's format,
    so that block is first given the format the paragraph had when parsed: a new block after
    the cursor's, or the cursor's own block when it is an emptied first block."""
    first = parsed.begin()
    if into_current:
        cursor.setBlockFormat(first.blockFormat())
        cursor.setBlockCharFormat(first.charFormat())
    else:
        cursor.insertBlock(first.blockFormat(), first.charFormat())
    cursor.insertFragment(QTextDocumentFragment(parsed))


class PreviewView(QTextBrowser):
    documentShown = Signal()  # a new document (and its default font) is shown
    # The id of the section, clip, figure or article shown where the user clicked.
    itemClicked = Signal(str)

    def __init__(self, briefing_source, parent: QWidget | None = None) -> None:
        """`briefing_source()` returns the briefing to show (read at render time)."""
        super().__init__(parent)
        self.setObjectName("preview")
        self._source = briefing_source
        self._stale = True
        self.anchor_targets: dict[str, str] = {}  # anchor -> model id, of the shown briefing
        self.render_count = 0
        # how the last refresh went: "patch" (shown document edited), "full" or "unchanged",
        # and how many characters of HTML it parsed
        self.last_refresh = ""
        self.last_parsed_chars = 0
        self.setOpenLinks(False)
        self.anchorClicked.connect(self._follow)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DEBOUNCE_MS)
        self.timer.timeout.connect(self.render_now)
        # What the shown document holds: the page head it was parsed with, its chunks of
        # items and the characters each chunk takes in the document, in order.
        self._shown_head: str | None = None
        self._shown_chunks: list[Chunk] = []
        self._shown_spans: list[int] = []
        self._job: _Job | None = None
        self._step = QTimer(self)
        self._step.setSingleShot(True)
        self._step.setInterval(0)
        self._step.timeout.connect(self._next_step)

    def schedule(self) -> None:
        """Ask for a refresh; edits in quick succession give one render after the last."""
        self._stale = True
        self.timer.start()

    def render_now(self) -> None:
        """Start bringing the preview up to date; it changes on screen once, when complete."""
        if not self.isVisible():
            return  # showEvent renders when the preview is shown again
        began = time.perf_counter()
        briefing: Briefing = self._source()
        theme = theme_for(briefing.meta.theme)
        targets: dict[str, str] = {}
        try:
            parts = render_html_parts(
                compile_briefing(briefing, theme, anchor_targets=targets), theme
            )
            self.anchor_targets = targets
        except Exception as exc:  # a preview must never take the window down
            log.exception("preview failed")
            message = f"<p style='color:#a00'>The preview cannot be shown: {escape(str(exc))}</p>"
            parts = HtmlParts("<html><body>", (message,), "</body></html>")
        # The title and meta tags show nowhere in the view; without them the head, and so the
        # shown document, survives an edit of the briefing's title.
        head = _HEAD_METADATA.sub("", lighten_for_preview(parts.head, theme))
        compile_ms = (time.perf_counter() - began) * 1000
        self.timer.setInterval(int(min(MAX_DEBOUNCE_MS, max(DEBOUNCE_MS, 2 * compile_ms))))
        items = list(parts.items)
        self._cancel_job()
        self._stale = False
        patch = None
        if head == self._shown_head:
            patch = plan_patch(self._shown_chunks, items, PIECE_CHARS)
            too_big = patch.chars > REBUILD_SHARE * sum(map(len, items))
            # emptying the top of the page would leave an empty paragraph above the rest
            top_removed = patch.first == 0 and not patch.chunks and patch.stop > 0
            if too_big or top_removed:
                patch = None
        if patch is not None and patch.is_empty:
            self.last_refresh, self.last_parsed_chars = "unchanged", 0
            self.render_count += 1
            return
        chunks = patch.chunks if patch is not None else chunk_items(items, PIECE_CHARS)
        self.last_refresh = "full" if patch is None else "patch"
        self.last_parsed_chars = sum(len(item) for chunk in chunks for item in chunk)
        font = QFont(self.document().defaultFont())
        if theme.body_fonts:
            font.setFamilies(list(theme.body_fonts))
        self._job = _Job(head, parts.tail, font, patch, chunks)
        if patch is None:
            document = QTextDocument(self)
            document.setUndoRedoEnabled(False)
            document.setDefaultFont(font)
            self._job.building = document
        self._step.start()  # parsing starts in the next turn: compiling took this one

    def _cancel_job(self) -> None:
        job, self._job = self._job, None
        self._step.stop()
        if job is None:
            return
        job.parsed.clear()  # parentless: Python frees them
        if job.building is not None:
            job.building.deleteLater()

    def _parse(self, job: _Job, chunk: Chunk) -> QTextDocument:
        parsed = QTextDocument()
        parsed.setUndoRedoEnabled(False)
        parsed.setDefaultFont(job.font)
        parsed.setHtml(job.head + "\n".join(chunk) + job.tail)
        return parsed

    def _next_step(self) -> None:
        """One chunk per event-loop turn, so key presses are handled between any two."""
        job = self._job
        if job is None:
            return
        index = len(job.spans) if job.building is not None else len(job.parsed)
        if index < len(job.chunks):
            chunk = job.chunks[index]
            if job.building is not None:
                self._append_chunk(job, chunk)
            else:
                job.parsed.append(self._parse(job, chunk))
            self._step.start()
            return
        self._job = None
        if job.building is not None:
            self._show_new_document(job)
        else:
            self._apply_patch(job)
        self._shown_head = job.head
        self.render_count += 1

    def _append_chunk(self, job: _Job, chunk: Chunk) -> None:
        document = job.building
        assert document is not None
        before = document.characterCount() if job.spans else 0
        if not job.spans:  # the first chunk sets the page-wide formats as the whole page would
            document.setHtml(job.head + "\n".join(chunk) + job.tail)
        else:
            parsed = self._parse(job, chunk)
            cursor = QTextCursor(document)
            cursor.movePosition(QTextCursor.MoveOperation.End)
            _copy_chunk(cursor, parsed, into_current=False)
        job.spans.append(document.characterCount() - before)

    def _show_new_document(self, job: _Job) -> None:
        document = job.building
        assert document is not None
        scroll = self.verticalScrollBar().value()
        old = self.document()
        ours = old.parent() is self  # the editor deletes its own first document itself
        self.setDocument(document)
        if ours:
            old.deleteLater()
        self.verticalScrollBar().setValue(scroll)
        self._shown_chunks = list(job.chunks)
        self._shown_spans = job.spans
        self.documentShown.emit()

    def _apply_patch(self, job: _Job) -> None:
        """Swap the patch's chunks into the shown document in one edit."""
        patch = job.patch
        assert patch is not None
        document = self.document()
        starts = [0]
        for span in self._shown_spans:
            starts.append(starts[-1] + span)
        end = starts[patch.stop]
        scroll = self.verticalScrollBar().value()
        cursor = QTextCursor(document)
        cursor.beginEditBlock()
        # From the end of the block before the run to the end of the run's last block: the
        # separator after the run stays, and so does the format of the block before it.
        begin = starts[patch.first] - 1 if patch.first > 0 else 0
        cursor.setPosition(begin)
        cursor.setPosition(end - 1, QTextCursor.MoveMode.KeepAnchor)
        cursor.removeSelectedText()
        spans = []
        into_current = patch.first == 0
        for parsed in job.parsed:
            before = document.characterCount()
            _copy_chunk(cursor, parsed, into_current=into_current)
            spans.append(document.characterCount() - before)
            into_current = False
        cursor.endEditBlock()
        if patch.first == 0 and spans:
            spans[0] += 1  # the emptied first block the first chunk went into
        self.verticalScrollBar().setValue(scroll)
        self._shown_chunks[patch.first : patch.stop] = job.chunks
        self._shown_spans[patch.first : patch.stop] = spans

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._stale:
            # a one-off zero delay: timer.start(0) would set the debounce interval to 0 for good
            self.timer.stop()
            QTimer.singleShot(0, self, self._render_if_stale)

    def _render_if_stale(self) -> None:
        if self._stale:
            self.render_now()

    def mouseReleaseEvent(self, event) -> None:
        super().mouseReleaseEvent(event)
        if event.button() != Qt.MouseButton.LeftButton or self.textCursor().hasSelection():
            return  # a drag that selected text is not a click on an item
        if self.anchorAt(event.position().toPoint()):
            return  # a link: anchorClicked follows it
        position = self.cursorForPosition(event.position().toPoint()).position()
        ident = self.item_at(position)
        if ident:
            self.itemClicked.emit(ident)

    def item_at(self, position: int) -> str | None:
        """The id of the item whose part of the page holds `position`: the nearest anchor at
        or before it that names a model object (a quote's anchor heads its block quote)."""
        block = self.document().findBlock(position)
        while block.isValid():
            found = None
            fragment_iter = block.begin()
            while not fragment_iter.atEnd():
                fragment = fragment_iter.fragment()
                if fragment.position() > position:
                    break
                for name in fragment.charFormat().anchorNames():
                    if name in self.anchor_targets:
                        found = name
                fragment_iter += 1
            if found is not None:
                return self.anchor_targets[found]
            block = block.previous()
        return None

    def _follow(self, url: QUrl) -> None:
        if url.scheme() in ("", "file") and url.hasFragment() and not url.path():
            self.scrollToAnchor(url.fragment())
        elif safe_url(url.toString()):  # the writers' rule: http, https and mailto only
            QDesktopServices.openUrl(url)
