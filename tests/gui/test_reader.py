from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
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


def test_crlf_counts_as_one_document_position(qtbot):
    text = "First line\r\nSecond 😀 line\r\n"
    reader = ReaderView()
    qtbot.addWidget(reader)
    reader.set_article(Article(id="a-1", text=text), [])
    span_map = SpanMap(text)
    assert reader.text.document().characterCount() - 1 == span_map.utf16_length
    start = text.index("Second")
    cursor = QTextCursor(reader.text.document())
    cursor.setPosition(span_map.to_utf16(start))
    cursor.setPosition(span_map.to_utf16(start + len("Second 😀 line")),
                       QTextCursor.MoveMode.KeepAnchor)
    assert cursor.selectedText() == "Second 😀 line"
    reader.text.setTextCursor(cursor)
    assert reader.selected_span() == (start, start + len("Second 😀 line"))


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
    """Guards the qtcompat work-around: 100k emits must not free the True object.

    Each emit returns True; a binding that drops that reference (PySide6 6.12.0 on Python
    3.11) takes one off True's count per emit. Whatever the binding does, what is left must
    last a hundred times as many emits as these, on the way to the count of zero that aborts
    the interpreter."""
    import sys

    from PySide6.QtCore import QObject, Signal

    class Emitter(QObject):
        ping = Signal(int)

    emitter = Emitter()
    received = []
    emitter.ping.connect(received.append)
    before = sys.getrefcount(True)
    for value in range(100_000):
        assert emitter.ping.emit(value) is True
    used = max(0, before - sys.getrefcount(True))
    assert received == list(range(100_000))
    assert sys.getrefcount(True) > 100 * used


def test_none_survives_many_empty_item_lookups(qtbot):
    """Guards the qtcompat work-around for calls that return None."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QListWidget

    widget = QListWidget()
    qtbot.addWidget(widget)
    widget.addItem("no user data")
    for _ in range(100_000):
        assert widget.item(0).data(Qt.ItemDataRole.UserRole) is None


def _reference_position(text: str, index: int) -> int:
    units = len(text[:index].encode("utf-16-le")) // 2
    collapsed = sum(1 for j in range(index) if text[j] == "\r" and text[j + 1 : j + 2] == "\n")
    return units - collapsed


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(["a", " ", "\u00a0", "\r", "\n", "😀", "𝔄", "é", "中"]),
               max_size=40))
def test_span_map_agrees_with_a_reference_and_round_trips(text):
    span_map = SpanMap(text)
    positions = [span_map.to_utf16(i) for i in range(len(text) + 1)]
    assert positions == [_reference_position(text, i) for i in range(len(text) + 1)]
    for index, position in enumerate(positions):
        if not (index and text[index - 1] == "\r" and text[index : index + 1] == "\n"):
            assert span_map.to_index(position, round_up=True) == index
        assert span_map.to_index(position) >= index
