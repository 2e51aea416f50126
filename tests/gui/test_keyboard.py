"""The reader and the keyboard (issue 13, point 3): find in the article, the library filter,
Escape, Tab, Place In, the shortcut list, move keys, the reader after Open, Add Quote, Place
and undo, and the first start's sample."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication

from briefing.core import storage
from briefing.core.model import Article, Briefing, BriefingMeta, ClipKind, Section
from briefing.core.ops import make_clip
from briefing.gui import commands
from briefing.gui.dialogs.shortcuts import shortcut_rows

CTRL, SHIFT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier
PARAGRAPH = ("The minister said the grid would hold. Prices rose again in the north. "
             "Officials said the winter plan was ready. ")
LONG = "\n\n".join(f"{n}. {PARAGRAPH}" for n in range(120)) + "\n\nThe end: a rare word."


def _briefing() -> Briefing:
    return Briefing(
        meta=BriefingMeta(title="Grid winter"),
        articles=[Article(id="a-1", title="Grid holds", outlet="Daily", text=LONG),
                  Article(id="a-2", title="Ports reopen", outlet="Wire", text="Ships sail.")],
        sections=[Section(id="s-1", heading="Energy"), Section(id="s-2", heading="Trade")],
    )


def _active(window, qtbot):
    window.session.replace(_briefing(), None)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.library.select_article("a-1")
    window.centre.setCurrentWidget(window.reader)
    return window


def test_ctrl_f_finds_in_the_article_with_a_count_and_wraps(window, qtbot):
    window = _active(window, qtbot)
    window.reader.text.setFocus()
    qtbot.keyClick(window.reader.text, Qt.Key.Key_F, CTRL)
    bar = window.reader.find_bar
    assert bar.isVisible() and bar.field.hasFocus()
    qtbot.keyClicks(bar.field, "rare word")
    assert bar.match_count == 1 and bar.count.text() == "1 of 1"
    assert window.reader.text.textCursor().selectedText() == "rare word"
    assert window.actions.add_quote.isEnabled()  # a found phrase can be clipped at once
    bar.field.clear()
    qtbot.keyClicks(bar.field, "winter plan")
    assert bar.count.text() == "1 of 120"
    qtbot.keyClick(bar.field, Qt.Key.Key_Return)
    assert bar.count.text() == "2 of 120"
    qtbot.keyClick(bar.field, Qt.Key.Key_Return, SHIFT)
    qtbot.keyClick(bar.field, Qt.Key.Key_Return, SHIFT)  # wraps to the last one
    assert bar.count.text() == "120 of 120"
    window.actions.find_next.trigger()  # F3 wraps back to the first
    assert bar.count.text() == "1 of 120"
    bar.field.setText("no such phrase")
    assert bar.count.text() == "No matches" and not bar.find_next()
    qtbot.keyClick(bar.field, Qt.Key.Key_Escape)
    assert not bar.isVisible() and window.reader.text.hasFocus()


def test_the_find_bar_starts_from_a_short_selection(window, qtbot):
    window = _active(window, qtbot)
    start = LONG.index("Prices rose")
    window.reader.select_span(start, start + len("Prices rose"))
    window.actions.find.trigger()
    bar = window.reader.find_bar
    assert bar.field.text() == "Prices rose" and bar.count.text() == "1 of 120"


def test_the_library_filter_has_its_own_shortcut_and_escape_clears_it(window, qtbot):
    window = _active(window, qtbot)
    window.reader.text.setFocus()
    qtbot.keyClick(window.reader.text, Qt.Key.Key_F, CTRL | SHIFT)
    search = window.library.search
    assert search.hasFocus()
    qtbot.keyClicks(search, "ports")
    assert window.library.proxy.rowCount() == 1
    qtbot.keyClick(search, Qt.Key.Key_Escape)
    assert search.text() == "" and window.library.proxy.rowCount() == 2
    assert search.hasFocus()
    qtbot.keyClick(search, Qt.Key.Key_Escape)  # nothing left to clear: on to the table
    assert window.library.table.hasFocus()


def test_tab_leaves_the_library_table(window, qtbot):
    window = _active(window, qtbot)
    table = window.library.table
    table.setFocus()
    qtbot.waitUntil(table.hasFocus)
    row = table.currentIndex().row()
    qtbot.keyClick(table, Qt.Key.Key_Tab)
    assert not table.hasFocus()
    assert table.currentIndex().row() == row


def test_place_in_offers_every_section_and_places_there(window, qtbot):
    window = _active(window, qtbot)
    session = window.session
    clip = make_clip(session.briefing, "a-1", 0, 20, ClipKind.QUOTE)
    session.run(commands.add_clip(session, clip))
    window.tray.select_clip(clip.id)
    window.tray.list.selectionModel().select(
        window.tray_model.index(window.tray_model.row_of(clip.id)),
        window.tray.list.selectionModel().SelectionFlag.ClearAndSelect)
    menu = window.keyboard.place_menu
    window.keyboard.fill_place_menu()
    assert [a.text() for a in menu.actions()] == ["&1 Energy", "&2 Trade"]
    assert menu.menuAction() in window.tray.list.actions()  # also on the clip's right-click
    [trade] = [a for a in menu.actions() if a.text().endswith("Trade")]
    trade.trigger()
    assert session.briefing.placement(clip.id)[0].id == "s-2"


def test_place_in_says_when_there_are_no_sections(window):
    window.session.replace(Briefing(), None)
    window.keyboard.fill_place_menu()
    [only] = window.keyboard.place_menu.actions()
    assert not only.isEnabled() and "No sections" in only.text()


def test_the_shortcut_list_has_every_shortcut_of_the_registry(window):
    dialog = window.keyboard.show_shortcuts()
    rows = dict(dialog.rows())
    for action in window.actions.all():
        for key in action.shortcuts():
            text = key.toString(QKeySequence.SequenceFormat.NativeText)
            name = action.text().replace("&", "").rstrip("…")
            assert text in rows[name], (name, text)
    assert rows["Find in Article"] == QKeySequence(QKeySequence.StandardKey.Find).toString(
        QKeySequence.SequenceFormat.NativeText)
    assert "Clear the library filter" in rows
    assert dialog.rows() == shortcut_rows(window.actions)


def test_the_shortcuts_are_in_the_help_menu(window):
    help_menu = window.menuBar().actions()[-1].menu()
    assert window.actions.shortcuts in help_menu.actions()


def test_move_keys_avoid_what_desktops_take(window):
    reserved = {"Ctrl+Alt+Up", "Ctrl+Alt+Down", "Meta+Up", "Meta+Down", "Meta+Shift+Up",
                "Meta+Shift+Down", "Ctrl+Alt+Shift+Up", "Ctrl+Alt+Shift+Down"}
    for action in (window.actions.move_up, window.actions.move_down):
        keys = [k.toString() for k in action.shortcuts()]
        assert len(keys) == 2 and not reserved.intersection(keys)
    assert [k.toString() for k in window.actions.move_up.shortcuts()] == [
        "Alt+Shift+Up", "Ctrl+Shift+Up"]


def test_ctrl_shift_down_moves_a_section_in_the_outline(window, qtbot):
    window = _active(window, qtbot)
    window.outline.setFocus()
    qtbot.waitUntil(window.outline.hasFocus)
    for key in (Qt.Key.Key_Home, Qt.Key.Key_Down, Qt.Key.Key_Up):  # as a user gets to it
        qtbot.keyClick(window.outline, key)
    assert window.outline.current_selection() == ("section", "s-1")
    qtbot.keyClick(window.outline, Qt.Key.Key_Down, CTRL | SHIFT)
    assert [s.id for s in window.session.briefing.sections] == ["s-2", "s-1"]


def test_after_open_the_reader_shows_the_selected_article(window, tmp_path):
    path = tmp_path / "grid.briefing"
    storage.save_briefing(_briefing(), path)
    assert window.document.open(path)
    shown = window.library.current_article_id()
    assert shown is not None and window.reader.article is not None
    assert window.reader.article.id == shown
    assert "No article selected" not in window.reader.header.text()


def _scrolled_to_the_middle(window, qtbot):
    window = _active(window, qtbot)
    reader = window.reader
    qtbot.waitUntil(lambda: reader.text.verticalScrollBar().maximum() > 0)
    bar = reader.text.verticalScrollBar()
    bar.setValue(bar.maximum() // 2)
    middle = reader.text.cursorForPosition(reader.text.viewport().rect().center())
    index = reader._map.to_index(middle.position())
    start = LONG.index("Prices rose", index)
    reader.select_span(start, start + len("Prices rose again"))
    bar.setValue(bar.maximum() // 2)  # select_span centres; the user had scrolled here
    return window, bar, bar.value()


def test_add_quote_place_and_undo_keep_the_reader_where_it_was(window, qtbot):
    window, bar, where = _scrolled_to_the_middle(window, qtbot)
    clip_id = window.add_clip(ClipKind.QUOTE)
    assert clip_id is not None
    assert bar.value() == where
    window.tray.select_clip(clip_id)
    window.tray.list.selectionModel().select(
        window.tray_model.index(window.tray_model.row_of(clip_id)),
        window.tray.list.selectionModel().SelectionFlag.ClearAndSelect)
    assert window.place_selected_clips("s-1")
    assert bar.value() == where
    window.actions.undo.trigger()
    window.actions.undo.trigger()
    assert bar.value() == where


def test_place_and_undo_keep_the_readers_selection(window, qtbot):
    window, bar, where = _scrolled_to_the_middle(window, qtbot)
    session = window.session
    clip = make_clip(session.briefing, "a-1", 0, 20, ClipKind.QUOTE)
    session.run(commands.add_clip(session, clip))
    selected, where = window.reader.selected_span(), bar.value()
    assert selected is not None
    session.run(commands.place_clip(session, clip.id, "s-1"))
    window.actions.undo.trigger()
    assert window.reader.selected_span() == selected and bar.value() == where


def test_the_sample_says_plainly_it_is_a_copy_and_save_as_proposes_its_title(window):
    messages = []
    window.document.status.connect(lambda text, _ms: messages.append(text))
    assert window.document.open_sample()
    assert messages and messages[-1].startswith("Opened the sample briefing")
    assert "Saving asks for a new name" in messages[-1]
    window.document.save()  # untitled: asks where (the scripted asker cancels)
    [(_what, suggestion)] = [q for q in window.questions if q[0] == "save"]
    title = window.session.briefing.meta.title
    assert suggestion.name.endswith(".briefing") and suggestion.stem == title.replace(":", "_")
