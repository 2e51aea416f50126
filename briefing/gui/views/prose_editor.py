"""Editing the analyst's prose (commentary, notes, key judgments): the Markdown subset of
briefing.core.prose in a plain-text editor, with a formatting toolbar and shortcuts whose
actions write the markup around the selection, and inline quotes inserted from a menu of the
briefing's clips or by dropping a clip (from the clip list or the outline) into the text.

Every action edits the text through a QTextCursor in one edit block, so the field's usual
textChanged → undo command path records it (one undo step, like typing); the preview shows
the result. Cursor positions stay Qt's own (UTF-16) throughout: no Python index is mixed in.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QMimeData, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QTextCursor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QMenu,
    QPlainTextEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from briefing.gui.commands import BriefingSession, OpCommand
from briefing.gui.models import clip_label
from briefing.gui.models.common import decode_items

LINK_PLACEHOLDER = "https://"
# (action, key, what it does): the toolbar is made from this table, and Help ▸ Keyboard
# Shortcuts lists it, so the two cannot drift apart.
PROSE_SHORTCUTS: tuple[tuple[str, str, str], ...] = (
    ("bold", "Ctrl+B", "Bold (**text**)"),
    ("italic", "Ctrl+I", "Italic (*text*)"),
    ("bullets", "Ctrl+Shift+8", "Bulleted list"),
    ("numbers", "Ctrl+Shift+7", "Numbered list"),
    ("link", "Ctrl+K", "Link ([text](https://…))"),
)


def clip_reference(clip_id: str) -> str:
    """The markup that places a clip inline."""
    return f"[@{clip_id}]"


class ProseEdit(QPlainTextEdit):
    """A plain-text editor for prose that takes dropped clips as inline quotes."""

    clipDropped = Signal()  # before and after a drop's insertion: it is an undo step of its own

    def __init__(self, placeholder: str, lines: int) -> None:
        super().__init__()
        self.setPlaceholderText(placeholder)
        self.setTabChangesFocus(True)
        self.setFixedHeight(self.fontMetrics().lineSpacing() * lines + 14)
        self.setToolTip(
            "**bold**, *italic*, - bullets, 1. numbers, [text](https://…); "
            "drop a clip here to quote it inline"
        )

    # -- formatting (public: the toolbar and the tests call them)
    def wrap_selection(self, marker: str) -> None:
        """Put `marker` around the selection (or remove it when the selection already has
        it); with nothing selected, insert a pair and leave the cursor between them."""
        cursor = self.textCursor()
        selected = cursor.selectedText()
        cursor.beginEditBlock()
        if selected and len(selected) > 2 * len(marker) and selected.startswith(marker) \
                and selected.endswith(marker):  # fmt: skip
            inner = selected[len(marker) : -len(marker)]
            cursor.insertText(inner.replace("\u2029", "\n"))
        elif selected:
            start = cursor.selectionStart()
            cursor.insertText(f"{marker}{selected.replace(chr(0x2029), chr(10))}{marker}")
            end = cursor.position()
            cursor.setPosition(start + len(marker))
            cursor.setPosition(end - len(marker), QTextCursor.MoveMode.KeepAnchor)
        else:
            cursor.insertText(marker * 2)
            cursor.movePosition(
                QTextCursor.MoveOperation.Left, QTextCursor.MoveMode.MoveAnchor, len(marker)
            )
        cursor.endEditBlock()
        self.setTextCursor(cursor)

    def make_list(self, ordered: bool) -> None:
        """Start every line the selection touches with "- " (or "1. ", "2. " …)."""
        cursor = self.textCursor()
        document = self.document()
        first = document.findBlock(cursor.selectionStart())
        last = document.findBlock(cursor.selectionEnd())
        cursor.beginEditBlock()
        block, number = first, 1
        while block.isValid():
            edit = QTextCursor(block)
            edit.insertText(f"{number}. " if ordered else "- ")
            number += 1
            if block == last:
                break
            block = block.next()
        cursor.endEditBlock()
        self.setTextCursor(cursor)

    def insert_link(self) -> None:
        """Make the selection (or "link") a link and select the URL to type over."""
        cursor = self.textCursor()
        text = cursor.selectedText().replace("\u2029", " ") or "link"
        cursor.beginEditBlock()
        cursor.insertText(f"[{text}]({LINK_PLACEHOLDER})")
        end = cursor.position() - 1
        cursor.setPosition(end - len(LINK_PLACEHOLDER))
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        cursor.endEditBlock()
        self.setTextCursor(cursor)

    def insert_clip(self, clip_id: str) -> None:
        """Place the clip inline at the cursor, with a space on either side where needed."""
        cursor = self.textCursor()
        cursor.beginEditBlock()
        cursor.removeSelectedText()
        before = self._char_at(cursor.position() - 1)
        after = self._char_at(cursor.position())
        text = clip_reference(clip_id)
        if before and not before.isspace() and before not in "([“\"'":
            text = " " + text
        if after and after.isalnum():
            text += " "
        cursor.insertText(text)
        cursor.endEditBlock()
        self.setTextCursor(cursor)

    def _char_at(self, position: int) -> str:
        if position < 0:
            return ""
        char = self.document().characterAt(position)
        return "" if char in ("", "\u2029", "\x00") else char

    # -- drops: a clip becomes an inline quote where it is dropped
    @staticmethod
    def dropped_clips(mime: QMimeData | None) -> list[str]:
        if mime is None:
            return []
        return [ident for kind, ident in decode_items(mime) if kind == "clip"]

    def canInsertFromMimeData(self, source: QMimeData) -> bool:
        return bool(self.dropped_clips(source)) or super().canInsertFromMimeData(source)

    def insertFromMimeData(self, source: QMimeData) -> None:
        clips = self.dropped_clips(source)
        if not clips:
            super().insertFromMimeData(source)
            return
        self.clipDropped.emit()
        for clip_id in clips:
            self.insert_clip(clip_id)
        self.clipDropped.emit()


def _step(session: BriefingSession, change: Callable[[], None]) -> Callable[[], None]:
    """`change` as an undo step of its own: it merges neither with the typing before it nor
    with the typing after it."""

    def run() -> None:
        _end_merging(session)
        change()
        _end_merging(session)

    return run


def _end_merging(session: BriefingSession) -> None:
    stack = session.undo_stack
    top = stack.command(stack.index() - 1) if stack.index() > 0 else None
    if isinstance(top, OpCommand):
        top.end_merging()


class ProseField(QWidget):
    """A ProseEdit under its formatting toolbar; the session's briefing gives the clips to
    offer and its undo stack the steps."""

    def __init__(self, edit: ProseEdit, session: BriefingSession) -> None:
        super().__init__()
        self.edit = edit
        self._session = session
        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        bar.setSpacing(2)
        self.actions_by_name: dict[str, QAction] = {}
        labels = {"bold": "B", "italic": "I", "bullets": "•", "numbers": "1.", "link": "Link"}
        runs: dict[str, Callable[[], None]] = {
            "bold": lambda: edit.wrap_selection("**"),
            "italic": lambda: edit.wrap_selection("*"),
            "bullets": lambda: edit.make_list(False),
            "numbers": lambda: edit.make_list(True),
            "link": edit.insert_link,
        }
        for name, shortcut, tip in PROSE_SHORTCUTS:
            text, run = labels[name], runs[name]
            action = QAction(text, edit)
            action.setObjectName(f"prose_{name}")
            action.setShortcut(QKeySequence(shortcut))
            # Only while this editor has the focus: the window's own shortcuts stay free.
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.setToolTip(f"{tip} — {QKeySequence(shortcut).toString()}")
            action.triggered.connect(_step(session, run))
            edit.addAction(action)
            self.actions_by_name[name] = action
            button = QToolButton()
            button.setDefaultAction(action)
            button.setAutoRaise(True)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the selection stays in the text
            if name in ("bold", "italic"):
                font = button.font()
                font.setBold(name == "bold")
                font.setItalic(name == "italic")
                button.setFont(font)
            bar.addWidget(button)
        self.quote_menu = QMenu("Insert quote inline", self)
        self.quote_menu.setObjectName("insertQuoteMenu")
        self.quote_menu.aboutToShow.connect(self._fill_quote_menu)
        quote = QToolButton()
        quote.setObjectName("insertQuoteInline")
        quote.setText("Insert quote inline")
        quote.setToolTip("Place one of the briefing's clips here, printed as “its words” [n]")
        quote.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        quote.setMenu(self.quote_menu)
        quote.setAutoRaise(True)
        quote.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        bar.addWidget(quote)
        bar.addStretch(1)
        edit.clipDropped.connect(lambda: _end_merging(session))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(bar)
        layout.addWidget(edit)

    def _fill_quote_menu(self) -> None:
        self.quote_menu.clear()
        clips = self._session.briefing.clips
        if not clips:
            self.quote_menu.addAction("No clips yet: add a quote in the Reader").setEnabled(False)
            return
        for clip in clips:
            action = self.quote_menu.addAction(clip_label(clip, 70))
            action.setData(clip.id)
            insert = _step(self._session, lambda ident=clip.id: self.edit.insert_clip(ident))
            action.triggered.connect(lambda _checked=False, run=insert: run())


def prose_edit(placeholder: str, lines: int = 4) -> ProseEdit:
    return ProseEdit(placeholder, lines)
