"""The reader's find bar (Ctrl+F): finds text in the article, steps through the matches
(Enter / Shift+Enter, F3 / Shift+F3, the arrow buttons) and says how many there are.

Matches are found with QTextDocument.find, so positions stay in the editor's UTF-16 units and
the match is simply the text edit's selection: Add Quote works on a found phrase at once.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QTextCursor, QTextDocument
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QToolButton,
    QWidget,
)

MAX_COUNTED = 10_000  # more matches than this are reported as "10000+"


class FindBar(QWidget):
    def __init__(self, text: QPlainTextEdit, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("findBar")
        self._text = text
        self._starts: list[int] = []  # UTF-16 start of every match, in order

        self.field = QLineEdit()
        self.field.setObjectName("findField")
        self.field.setPlaceholderText("Find in the article")
        self.field.setClearButtonEnabled(True)
        self.field.setAccessibleName("Find in the article")
        self.field.textChanged.connect(self._on_text_changed)
        self.field.returnPressed.connect(self.find_next)
        self.count = QLabel()
        self.count.setObjectName("findCount")
        self.count.setMinimumWidth(self.fontMetrics().horizontalAdvance("0000 of 0000"))
        self.previous_button = self._button("▲", "Previous match (Shift+Enter)", self.find_previous)
        self.next_button = self._button("▼", "Next match (Enter)", self.find_next)
        self.close_button = self._button("✕", "Close the find bar (Escape)", self.close_bar)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 3, 8, 3)
        layout.addWidget(QLabel("Find:"))
        layout.addWidget(self.field, 1)
        layout.addWidget(self.count)
        layout.addWidget(self.previous_button)
        layout.addWidget(self.next_button)
        layout.addWidget(self.close_button)
        self.field.installEventFilter(self)  # Escape and Shift+Enter in the field
        self.hide()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.field and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key, shift = event.key(), event.modifiers() & Qt.KeyboardModifier.ShiftModifier
            if key == Qt.Key.Key_Escape:
                self.close_bar()
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and shift:
                self.find_previous()
                return True
        return super().eventFilter(watched, event)

    def _button(self, label: str, tip: str, slot) -> QToolButton:
        button = QToolButton()
        button.setText(label)
        button.setToolTip(tip)
        button.setAccessibleName(tip.split(" (")[0])
        button.setAutoRaise(True)
        button.clicked.connect(slot)
        return button

    # ---- opening and closing -----------------------------------------------------------------
    def open_bar(self) -> None:
        """Show the bar with the focus in its field; a short selection becomes the search."""
        selected = self._text.textCursor().selectedText()
        if selected and len(selected) <= 100 and "\u2029" not in selected:
            self.field.setText(selected)
        self.show()
        self.field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.field.selectAll()
        self.refresh()

    def close_bar(self) -> None:
        self.hide()
        self._text.setFocus(Qt.FocusReason.OtherFocusReason)

    # ---- finding -----------------------------------------------------------------------------
    def refresh(self) -> None:
        """Count the matches again (the text or the search changed)."""
        self._starts = self._find_all(self.field.text())
        self._show_count()

    def find_next(self) -> bool:
        return self._step(forward=True)

    def find_previous(self) -> bool:
        return self._step(forward=False)

    @property
    def match_count(self) -> int:
        return len(self._starts)

    def current_match(self) -> int | None:
        """The 0-based number of the selected match, None when no match is selected."""
        cursor = self._text.textCursor()
        if not cursor.hasSelection() or cursor.selectionStart() not in self._starts:
            return None
        if cursor.selectedText().casefold() != self.field.text().casefold():
            return None
        return self._starts.index(cursor.selectionStart())

    def _find_all(self, needle: str) -> list[int]:
        if not needle:
            return []
        document = self._text.document()
        starts: list[int] = []
        cursor = QTextCursor(document)
        while len(starts) < MAX_COUNTED:
            cursor = document.find(needle, cursor)
            if cursor.isNull():
                break
            starts.append(cursor.selectionStart())
        return starts

    def _step(self, *, forward: bool) -> bool:
        needle = self.field.text()
        if not needle:
            if self.isHidden():
                self.open_bar()
            return False
        if self.isHidden():
            self.show()
        document = self._text.document()
        flags = QTextDocument.FindFlag(0) if forward else QTextDocument.FindFlag.FindBackward
        found = document.find(needle, self._text.textCursor(), flags)
        if found.isNull():  # wrap round to the other end
            start = QTextCursor(document)
            if not forward:
                start.movePosition(QTextCursor.MoveOperation.End)
            found = document.find(needle, start, flags)
        if found.isNull():
            self._show_count()
            return False
        self._text.setTextCursor(found)
        self._text.ensureCursorVisible()
        self._show_count()
        return True

    def _on_text_changed(self, _text: str) -> None:
        self.refresh()
        if self._starts:
            # Find as you type, from where the reader is: the start of the current selection.
            cursor = self._text.textCursor()
            cursor.setPosition(cursor.selectionStart())
            self._text.setTextCursor(cursor)
            self.find_next()

    def _show_count(self) -> None:
        total = len(self._starts)
        if not self.field.text():
            self.count.setText("")
        elif not total:
            self.count.setText("No matches")
        else:
            shown = f"{MAX_COUNTED}+" if total >= MAX_COUNTED else str(total)
            current = self.current_match()
            self.count.setText(f"{current + 1} of {shown}" if current is not None
                               else f"{shown} matches" if total != 1 else "1 match")
        self.count.setStyleSheet("color: #a33;" if self.field.text() and not total else "")
