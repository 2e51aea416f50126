"""The inspector's prose editors: the formatting toolbar and shortcuts write the Markdown
subset around the selection, quotes go inline from the menu or by a drop, every edit is an
undo step through the session's commands, and the preview's HTML shows the result."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from briefing.core.compile import compile_briefing
from briefing.core.model import Article, ClipKind
from briefing.core.ops import make_clip
from briefing.core.theme import Theme
from briefing.gui import commands
from briefing.gui.models.common import encode_items
from briefing.gui.views.inspector import InspectorView
from briefing.render.html import render_html

TEXT = "Rutte said it was a real breakthrough for the alliance."


def _section_page(session, qtbot):
    session.run(commands.add_articles(session, [Article(id="a-1", title="Summit", text=TEXT,
                                                        outlet="Wire")]))  # fmt: skip
    start = TEXT.index("real")
    clip = make_clip(session.briefing, "a-1", start, start + 17, ClipKind.QUOTE)
    session.run(commands.add_clip(session, clip))
    add = commands.add_section(session, "Summit")
    session.run(add)
    inspector = InspectorView(session)
    qtbot.addWidget(inspector)
    inspector.show_section(add.created_id)
    page = inspector.section_page
    return page, session.briefing.section(add.created_id), clip


def _select(edit, start: int, end: int) -> None:
    cursor = edit.textCursor()
    cursor.setPosition(start)
    cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
    edit.setTextCursor(cursor)


def test_ctrl_b_and_ctrl_i_wrap_the_selection_and_undo_takes_it_back(session, qtbot):
    page, section, _clip = _section_page(session, qtbot)
    edit = page.commentary
    window = page.window()
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    edit.setFocus()
    qtbot.waitUntil(edit.hasFocus)
    qtbot.keyClicks(edit, "a big step")
    _select(edit, 2, 5)
    qtbot.keyClick(edit, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    assert section.commentary == "a **big** step"
    assert edit.textCursor().selectedText() == "big"  # still selected: Ctrl+I adds italics
    qtbot.keyClick(edit, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    assert section.commentary == "a ***big*** step"
    session.undo_stack.undo()
    assert section.commentary == "a **big** step" and edit.toPlainText() == section.commentary
    session.undo_stack.undo()  # each formatting action is an undo step of its own
    assert section.commentary == "a big step"
    session.undo_stack.redo()
    html = render_html(compile_briefing(session.briefing, Theme()), Theme())
    assert "a <strong>big</strong> step" in html


def test_list_and_link_buttons(session, qtbot):
    page, section, _clip = _section_page(session, qtbot)
    edit = page.commentary
    edit.setPlainText("one\ntwo\nthree")
    _select(edit, 0, len("one\ntwo"))
    field = edit.parentWidget()
    field.actions_by_name["numbers"].trigger()
    assert section.commentary == "1. one\n2. two\nthree"
    edit.setPlainText("see the site")
    _select(edit, 4, 12)
    field.actions_by_name["link"].trigger()
    assert section.commentary == "see [the site](https://)"
    assert edit.textCursor().selectedText() == "https://"  # type the address over it
    edit.insertPlainText("https://example.org")
    assert section.commentary == "see [the site](https://example.org)"
    field.actions_by_name["bullets"].trigger()
    assert section.commentary == "- see [the site](https://example.org)"


def test_a_quote_goes_inline_from_the_menu_or_a_drop(session, qtbot):
    page, section, clip = _section_page(session, qtbot)
    edit = page.commentary
    edit.setPlainText("Rutte called it a")
    edit.moveCursor(QTextCursor.MoveOperation.End)
    field = edit.parentWidget()
    field.quote_menu.aboutToShow.emit()
    (action,) = field.quote_menu.actions()
    assert "real breakthrough" in action.text()
    action.trigger()
    assert section.commentary == f"Rutte called it a [@{clip.id}]"
    document = compile_briefing(session.briefing, Theme())
    html = render_html(document, Theme())
    assert "Rutte called it a “real breakthrough”\u00a0<a class=\"cite\"" in html
    # dropped from the clip list: the same markup where the text cursor is
    edit.setPlainText("Also .")
    cursor = edit.textCursor()
    cursor.setPosition(4)
    edit.setTextCursor(cursor)
    mime = encode_items([("clip", clip.id)])
    assert edit.canInsertFromMimeData(mime)
    edit.insertFromMimeData(mime)
    assert section.commentary == f"Also [@{clip.id}] ."
    assert session.undo_stack.undoText()  # recorded as an ordinary edit


def test_help_lists_the_prose_shortcuts() -> None:
    from briefing.gui.dialogs.shortcuts import PANEL_KEYS

    keys = dict((key, what) for what, key in PANEL_KEYS)
    assert keys["Ctrl+B"].startswith("Bold") and keys["Ctrl+Shift+7"].startswith("Numbered")
