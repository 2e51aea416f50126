from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from briefing.core.model import Article, Clip, ClipKind
from briefing.gui.views.reader import ReaderView, SpanMap, index_to_utf16, utf16_to_index

TEXT = "Ahead 😀 of\u00a0talks, “we 🇺🇦 will”\nsaid 𝔄."


def test_span_map_round_trips_every_code_point_index():
    span_map = SpanMap(TEXT)
    assert span_map.utf16_length == len(TEXT.encode("utf-16-le")) // 2
    for index in range(len(TEXT) + 1):
        position = index_to_utf16(TEXT, index)
        assert position == len(TEXT[:index].encode("utf-16-le")) // 2
        assert utf16_to_index(TEXT, position) == index


def test_a_position_inside_a_surrogate_pair_rounds_to_the_character_edges():
    emoji = TEXT.index("😀")
    middle = index_to_utf16(TEXT, emoji) + 1
    assert utf16_to_index(TEXT, middle) == emoji
    assert utf16_to_index(TEXT, middle, round_up=True) == emoji + 1


@pytest.mark.parametrize("fragment", ["of\u00a0talks", "“we 🇺🇦 will”", "𝔄", "😀 of"])
def test_a_selection_in_the_reader_is_the_exact_python_span(qtbot, fragment):
    reader = ReaderView()
    qtbot.addWidget(reader)
    reader.set_article(Article(id="a-1", title="T", text=TEXT), [])
    start = TEXT.index(fragment)
    cursor = QTextCursor(reader.text.document())
    cursor.setPosition(index_to_utf16(TEXT, start))
    cursor.setPosition(index_to_utf16(TEXT, start + len(fragment)), QTextCursor.MoveMode.KeepAnchor)
    reader.text.setTextCursor(cursor)
    span = reader.selected_span()
    assert span == (start, start + len(fragment))
    assert TEXT[span[0]:span[1]] == fragment
    # The document really holds the NBSP (only toPlainText() would flatten it).
    assert reader.text.document().characterCount() - 1 == SpanMap(TEXT).utf16_length


def test_clipped_spans_are_highlighted_and_clicking_one_reports_it(qtbot):
    reader = ReaderView()
    qtbot.addWidget(reader)
    start = TEXT.index("“")
    end = TEXT.index("\n")
    clip = Clip(id="c-1", article_id="a-1", kind=ClipKind.QUOTE, text=TEXT[start:end],
                start=start, end=end)
    reader.set_article(Article(id="a-1", text=TEXT), [clip])
    (highlight,) = reader.text.extraSelections()
    assert highlight.cursor.selectedText() == TEXT[start:end]
    reader.resize(600, 300)
    reader.show()
    qtbot.waitExposed(reader)
    cursor = QTextCursor(reader.text.document())
    cursor.setPosition(index_to_utf16(TEXT, start + 3))
    point = reader.text.cursorRect(cursor).center()
    with qtbot.waitSignal(reader.clipClicked) as blocker:
        qtbot.mouseClick(reader.text.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert blocker.args == ["c-1"]


def test_bools_survive_many_signal_emits(qtbot):
    """Guards the qtcompat work-around: 100k emits must not free the True object."""
    from PySide6.QtCore import QObject, Signal

    class Emitter(QObject):
        ping = Signal(int)

    emitter = Emitter()
    received = []
    emitter.ping.connect(received.append)
    for value in range(100_000):
        emitter.ping.emit(value)
    assert len(received) == 100_000 and True is not False


def test_none_survives_many_empty_item_lookups(qtbot):
    """Guards the qtcompat work-around for calls that return None."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QListWidget

    widget = QListWidget()
    qtbot.addWidget(widget)
    widget.addItem("no user data")
    for _ in range(100_000):
        assert widget.item(0).data(Qt.ItemDataRole.UserRole) is None
