"""Main-window behaviour beyond the journey: errors lose nothing, recovery, locks, closing,
panels that follow the selection."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QMimeData, Qt
from PySide6.QtGui import QGuiApplication

from briefing.__main__ import wants_gui
from briefing.core import storage
from briefing.core.checks import Severity, check_with_its_theme
from briefing.core.model import Article, Briefing, ClipKind
from briefing.core.ops import make_clip
from briefing.gui import commands

TEXT = "The minister said: “talks failed”. Then he left the\u00a0room 😀 quickly."


@pytest.fixture
def filled(window):
    """A window holding one article, one quote placed in one section."""
    session = window.session
    article = Article(id="a-1", title="Talks fail", outlet="Daily", published="2024-05-01",
                      text=TEXT)
    session.run(commands.add_articles(session, [article]))
    start = TEXT.index("“")
    clip = make_clip(session.briefing, "a-1", start, TEXT.index(".") , ClipKind.QUOTE)
    session.run(commands.add_clip(session, clip))
    add = commands.add_section(session, "Talks")
    session.run(add)
    session.run(commands.place_clip(session, clip.id, add.created_id))
    window.library.select_article("a-1")
    return window, clip, add.created_id


def _state(window):
    return storage.dumps(window.session.briefing), window.session.undo_stack.count()


def test_importing_a_binary_file_shows_one_message_and_loses_nothing(filled, qtbot, tmp_path,
                                                                      errors):
    window, *_ = filled
    before = _state(window)
    binary = tmp_path / "photo.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20)
    job = window.transfers.import_files([binary])
    with qtbot.waitSignal(job.finished, timeout=20_000):
        pass
    assert len(errors) == 1
    _title, message = errors[0]
    assert "photo.txt" in message and "\n" not in message
    assert _state(window) == before
    assert window.isWindowModified()


def test_saving_to_an_unwritable_path_shows_a_message_and_keeps_the_edits(filled, tmp_path,
                                                                          errors):
    window, *_ = filled
    before = _state(window)
    (tmp_path / "afile").write_text("not a folder")
    assert not window.document.save_as(tmp_path / "afile" / "x.briefing")
    assert len(errors) == 1 and "x.briefing" in errors[0][1]
    assert _state(window) == before
    assert window.session.path is None
    assert window.isWindowModified() and window.session.undo_stack.canUndo()
    window.session.undo_stack.undo()  # the undo history still works
    assert window.session.briefing.sections[0].items == []


def test_opening_a_corrupt_briefing_shows_a_message_and_keeps_the_open_one(filled, tmp_path,
                                                                           errors):
    window, *_ = filled
    before = _state(window)
    broken = tmp_path / "broken.briefing"
    broken.write_text('{"format_version": 1, "articles": [', encoding="utf-8")
    assert not window.document.open(broken)
    assert len(errors) == 1 and "broken.briefing" in errors[0][1]
    assert _state(window) == before
    assert window.isWindowModified()


def test_a_briefing_open_elsewhere_warns_before_opening(window, tmp_path):
    from briefing.core.locking import BriefingLock

    path = tmp_path / "shared.briefing"
    storage.save_briefing(Briefing(), path)
    other = BriefingLock(path)  # another instance holds it
    assert other.acquire() is None
    try:
        assert not window.document.open(path)  # the test's answer is "Cancel"
        assert window.questions == [("locked", path)]
        assert window.session.path is None
    finally:
        other.release()


def test_a_recovery_file_left_behind_is_offered_and_restores_the_edits(window, tmp_path,
                                                                        monkeypatch):
    from briefing.gui import recovery

    left = Briefing()
    left.meta.title = "Unsaved work"
    path = tmp_path / "left.briefing"
    storage.save_briefing(left, path)
    info = recovery.RecoveryInfo(path=path, original_path=None, saved_at="2024-05-01T10:00:00")
    monkeypatch.setattr(recovery, "pending_recoveries", lambda *a, **k: [info])
    monkeypatch.setattr(window.document.asker, "restore", lambda offered: offered is info)
    assert window.document.offer_recovery()
    assert window.session.briefing.meta.title == "Unsaved work"
    assert window.isWindowModified()  # restored, not yet saved


def test_closing_with_unsaved_changes_asks_and_cancel_keeps_the_window(filled, monkeypatch):
    window, *_ = filled
    asked = []
    monkeypatch.setattr(window.document.asker, "save_changes",
                        lambda _name: asked.append(1) or "cancel")
    assert not window.close()
    assert asked and window.isVisible()
    monkeypatch.setattr(window.document.asker, "save_changes", lambda _name: "discard")
    assert window.close()


def test_delete_key_in_the_outline_deletes_the_section_and_undo_brings_it_back(filled, qtbot):
    window, clip, section_id = filled
    window.outline.setFocus()
    window.outline.select_id(section_id)
    qtbot.keyClick(window.outline, Qt.Key.Key_Delete)
    assert window.session.briefing.sections == []
    assert window.session.briefing.clip(clip.id) is not None  # the clip stays, unplaced
    window.actions.undo.trigger()
    assert window.session.briefing.sections[0].id == section_id
    assert window.outline_model.index_of(clip.id).isValid()


def test_add_note_goes_into_the_selected_section(filled):
    window, clip, section_id = filled
    window.outline.select_id(clip.id)
    note_id = window.add_note()
    items = window.session.briefing.section(section_id).items
    assert [getattr(i, "id", None) for i in items][1] == note_id
    assert window.inspector.current_page() is window.inspector.note_page


def _paste(window, data: QMimeData) -> None:
    """Put `data` on the clipboard and choose Paste as New Article."""
    clipboard = QGuiApplication.clipboard()
    clipboard.setMimeData(data)
    try:
        window.actions.paste_article.trigger()
    finally:
        clipboard.clear()  # the clipboard owns the data: do not leave it for shutdown


@pytest.mark.parametrize("as_html", [False, True])
def test_paste_as_new_article(window, as_html):
    data = QMimeData()
    if as_html:
        data.setHtml("<html><head><title>Pasted page</title></head><body><article>"
                     "<h1>Pasted page</h1><p>Ports reopened on Monday after a week of storms "
                     "closed the coast, officials said.</p></article></body></html>")
    else:
        data.setText("Pasted headline\n\nPorts reopened on Monday, officials said.")
    _paste(window, data)
    (article,) = window.session.briefing.articles
    assert "Ports reopened on Monday" in article.text
    assert window.reader.article is article
    assert window.session.undo_stack.undoText().startswith("Import")


def test_clicking_a_clip_in_the_outline_scrolls_the_reader_to_its_span(filled):
    window, clip, _ = filled
    window.library.select_article(None)
    window.outline.select_id(clip.id)
    assert window.reader.article.id == "a-1"
    cursor = window.reader.text.textCursor()
    assert window.reader._map.to_index(cursor.position()) == clip.start
    assert window.inspector.current_page() is window.inspector.clip_page


def test_preview_and_checks_refresh_after_an_edit(filled, qtbot):
    window, clip, _ = filled

    def shown() -> list[str]:
        return [window.checks.item(r).text() for r in range(window.checks.count())]

    def lines(findings) -> list[str]:
        return [f"{'Error' if f.severity == Severity.ERROR else 'Warning'}: {f.message}"
                for f in findings]

    [no_speaker] = lines(f for f in check_with_its_theme(window.session.briefing)
                         if f.code == "quote-no-speaker" and f.target_id == clip.id)
    # the check the fixture's edits scheduled runs by itself (and is then done)
    qtbot.waitUntil(lambda: no_speaker in shown(), timeout=10_000)
    window.actions.show_preview.trigger()
    window.session.run(commands.edit_clip(window.session, clip.id, "speaker", "Olaf Scholz"))
    qtbot.waitUntil(lambda: "Olaf Scholz" in window.preview.toPlainText(), timeout=5_000)
    # the panel re-checks by itself after an edit: the warning the edit fixed goes
    qtbot.waitUntil(lambda: no_speaker not in shown(), timeout=10_000)
    expected = lines(check_with_its_theme(window.session.briefing))
    assert shown() == (expected or ["No problems found: the briefing is ready to export."])


def test_a_check_finding_goes_to_its_item(filled, qtbot):
    window, clip, _ = filled
    # A quote whose text no longer matches its source is an error that names the clip.
    window.session.run(commands.edit_clip(window.session, clip.id, "text", "“talks worked”"))
    window.checks.run_now()
    rows = [r for r in range(window.checks.count())
            if window.checks.item(r).data(Qt.ItemDataRole.UserRole) == clip.id]
    assert rows, [window.checks.item(r).text() for r in range(window.checks.count())]
    window.library.select_article(None)
    window.checks.itemActivated.emit(window.checks.item(rows[0]))
    assert window.reader.article.id == "a-1"
    assert window.inspector.clip_page.clip_id == clip.id


def test_findings_of_a_closed_briefing_give_way_at_once_to_a_pending_line(filled, qtbot):
    window, clip, _ = filled
    window.session.run(commands.edit_clip(window.session, clip.id, "text", "“talks worked”"))
    window.checks.run_now()
    assert any(f.target_id == clip.id for f in window.checks.findings)
    assert window.checks_dock.windowTitle().startswith("Checks (")

    window.session.replace(Briefing(), None)
    shown = [window.checks.item(r).text() for r in range(window.checks.count())]
    assert shown == ["Checking the briefing…"] and window.checks.findings == []
    assert window.checks_dock.windowTitle() == "Checks"
    qtbot.waitUntil(lambda: window.checks.item(0).text() != "Checking the briefing…",
                    timeout=5_000)
    targets = [window.checks.item(r).data(Qt.ItemDataRole.UserRole)
               for r in range(window.checks.count())]
    assert clip.id not in targets


def test_title_shows_the_file_name_and_the_unsaved_mark(filled, tmp_path):
    window, *_ = filled
    assert window.windowTitle() == "Untitled[*] — Briefing Builder"
    assert window.isWindowModified()
    assert window.document.save_as(tmp_path / "title")
    assert window.windowTitle() == "title.briefing[*] — Briefing Builder"
    assert not window.isWindowModified()
    window.actions.undo.trigger()
    assert window.isWindowModified()
    window.actions.redo.trigger()
    assert not window.isWindowModified()


@pytest.mark.parametrize(("argv", "gui"), [
    ([], True), (["my.briefing"], True), (["export", "x"], False), (["--version"], False),
    (["check", "a.briefing"], False), (["a", "b"], False),
])
def test_main_starts_the_gui_only_without_a_subcommand(argv, gui):
    assert wants_gui(argv) is gui


def test_every_action_has_a_shortcut_or_a_menu(window):
    in_menus = set()
    for menu_action in window.menuBar().actions():
        for action in menu_action.menu().actions():
            in_menus.add(action)
            if action.menu():
                in_menus.update(action.menu().actions())
    for action in window.actions.all():
        assert action in in_menus, action.text()
    assert window.minimumSize().width() >= 900


def test_files_dropped_on_the_window_are_imported(window, qtbot, tmp_path):
    from PySide6.QtCore import QPoint, QPointF, QUrl
    from PySide6.QtGui import QDragEnterEvent, QDropEvent

    article = tmp_path / "dropped.txt"
    article.write_text("Dropped article\n\nThe port reopened on Monday.", encoding="utf-8")
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(article))])
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, data,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    # As a real drag: Qt delivers the drop only to the widget that accepted its enter.
    enter = QDragEnterEvent(QPoint(10, 10), Qt.DropAction.CopyAction, data,
                            Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QGuiApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    QGuiApplication.sendEvent(window, event)
    qtbot.waitUntil(lambda: len(window.session.briefing.articles) == 1, timeout=20_000)
    assert "port reopened" in window.session.briefing.articles[0].text


def test_delete_in_the_clip_list_deletes_the_clip_everywhere(filled, qtbot):
    window, clip, section_id = filled
    window.tray.list.setFocus()
    window.tray.select_clip(clip.id)
    window.tray.list.selectionModel().select(
        window.tray_model.index(window.tray_model.row_of(clip.id)),
        window.tray.list.selectionModel().SelectionFlag.ClearAndSelect)
    window.actions.delete.trigger()
    assert window.session.briefing.clips == []
    assert window.session.briefing.section(section_id).items == []
    assert window.actions.undo.text() == "&Undo Delete quote"
    window.actions.undo.trigger()
    assert window.session.briefing.section(section_id).items[0].clip_id == clip.id


def test_the_library_keeps_the_article_selected_across_structural_changes(filled):
    window, *_ = filled
    assert window.library.current_article_id() == "a-1"
    window.actions.add_section.trigger()
    assert window.library.current_article_id() == "a-1"
    assert window.inspector.current_page() is window.inspector.section_page


def test_an_export_that_cannot_be_written_shows_one_message(filled, qtbot, tmp_path, errors):
    window, *_ = filled
    before = _state(window)
    job = window.transfers.export("docx", tmp_path / "missing-folder" / "out.docx")
    with qtbot.waitSignal(job.failed, timeout=30_000):
        pass
    assert len(errors) == 1 and "missing-folder" in errors[0][1]
    assert _state(window) == before
    assert window.actions.export_docx.isEnabled()  # ready for another try


def test_delete_does_nothing_when_the_focus_is_in_the_reader(filled, qtbot):
    window, _, section_id = filled
    window.activateWindow()
    window.outline.select_id(section_id)
    window.reader.text.setFocus()
    qtbot.waitUntil(window.reader.text.hasFocus)
    window.delete_selected()
    assert window.session.briefing.section(section_id) is not None
    window.outline.setFocus()  # the same action with the focus in the outline deletes
    qtbot.waitUntil(window.outline.hasFocus)
    window.delete_selected()
    assert window.session.briefing.section(section_id) is None


def test_unsaved_work_is_autosaved_and_the_file_goes_after_a_save(filled, tmp_path):
    window, *_ = filled
    autosave = window.document.autosave
    assert autosave is not None
    autosave.save_now(block=True)
    recovery_file = autosave.recovery_path
    assert recovery_file is not None and recovery_file.exists()
    saved = storage.load_briefing(recovery_file)
    assert saved.clips[0].text == window.session.briefing.clips[0].text
    assert window.document.save_as(tmp_path / "kept.briefing")
    assert not recovery_file.exists()


def test_a_failed_autosave_is_named_in_the_status_bar(filled, qtbot, monkeypatch):
    window, *_ = filled

    def full_disk(_briefing, path):
        raise storage.BriefingFileError(f"{path}: cannot write: the disk is full")

    monkeypatch.setattr(storage, "save_briefing", full_disk)
    window.document.autosave.save_now(block=True)
    qtbot.waitUntil(lambda: "Autosave failed" in window.statusBar().currentMessage())
    assert "the disk is full" in window.statusBar().currentMessage()


def test_the_sample_opens_as_an_untitled_copy(window):
    assert window.document.open_sample()
    assert window.session.briefing.articles and window.session.briefing.sections
    assert window.session.path is None  # Save asks for a new name
    assert window.library.current_article_id() is not None


def test_keyboard_alternatives_to_dragging(filled, qtbot):
    window, clip, section_id = filled
    session = window.session
    second = commands.add_section(session, "Second")
    session.run(second)
    # A second quote, placed from the clip list with the keyboard action.
    other = make_clip(session.briefing, "a-1", TEXT.index("Then"), len(TEXT), ClipKind.EXCERPT)
    session.run(commands.add_clip(session, other))
    window.outline.select_id(section_id)
    window.tray.select_clip(other.id)
    window.tray.list.selectionModel().select(
        window.tray_model.index(window.tray_model.row_of(other.id)),
        window.tray.list.selectionModel().SelectionFlag.ClearAndSelect)
    assert window.place_selected_clips()
    items = session.briefing.section(section_id).items
    assert [i.clip_id for i in items] == [clip.id, other.id]
    # Alt+Shift+Up moves it up; at the top of a section, Down past the end moves on.
    window.outline.select_id(other.id)
    window.actions.move_up.trigger()
    assert [i.clip_id for i in session.briefing.section(section_id).items] == [other.id, clip.id]
    window.outline.select_id(clip.id)
    window.actions.move_down.trigger()
    assert [i.clip_id for i in session.briefing.section(second.created_id).items] == [clip.id]
    window.outline.select_id(second.created_id)
    window.actions.move_up.trigger()
    assert session.briefing.sections[0].id == second.created_id
    assert window.actions.undo.text() == "&Undo Move section"


def test_clipping_the_same_text_twice_shows_the_existing_clip(filled):
    window, clip, _ = filled
    window.library.select_article("a-1")
    window.reader.select_span(clip.start, clip.end)
    assert window.add_clip(ClipKind.QUOTE) == clip.id
    assert len(window.session.briefing.clips) == 1


def test_pasting_an_unreadable_html_fragment_falls_back_to_its_text(window, errors):
    data = QMimeData()
    data.setHtml("<span>x</span>")
    data.setText("Fragment headline\n\nThe harbour reopened on Monday after the storm.")
    _paste(window, data)
    assert errors == []
    (article,) = window.session.briefing.articles
    assert "harbour reopened" in article.text


def test_pasting_with_an_empty_clipboard_says_so(window, errors):
    QGuiApplication.clipboard().clear()
    window.actions.paste_article.trigger()
    assert errors and errors[0][0] == "Nothing to paste"
    assert window.session.briefing.articles == []


def test_the_preview_stays_in_front_while_clips_are_picked_in_the_outline(filled, qtbot):
    window, clip, _ = filled
    window.actions.show_preview.trigger()
    window.outline.select_id(clip.id)
    assert window.centre.currentWidget() is window.preview
    assert window.inspector.clip_page.clip_id == clip.id
    table = window.library.table
    rect = table.visualRect(table.model().index(0, 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.centre.currentWidget() is window.reader  # choosing an article: reading it


def test_opening_a_briefing_shows_its_properties(window, tmp_path):
    briefing = Briefing()
    briefing.meta.title = "Opened"
    briefing.articles.append(Article(id="a-9", title="Only article", text="Some text."))
    storage.save_briefing(briefing, tmp_path / "opened.briefing")
    assert window.document.open(tmp_path / "opened.briefing")
    assert window.inspector.current_page() is window.inspector.briefing_page
    assert window.inspector.briefing_page.fields["title"].text() == "Opened"
    assert window.reader.article.id == "a-9"


def test_opening_a_briefing_shows_the_article_in_the_librarys_top_row(window, tmp_path):
    briefing = Briefing()
    briefing.articles += [
        Article(id="a-old", title="Older", published="2026-01-01", text="Old news."),
        Article(id="a-new", title="Newer", published="2026-02-01", text="New news."),
    ]
    storage.save_briefing(briefing, tmp_path / "two.briefing")
    assert window.document.open(tmp_path / "two.briefing")
    assert window.library.top_article_id() == "a-new"  # the newest first
    assert window.reader.article.id == "a-new"
    assert window.library.current_article_id() == "a-new"


def test_a_new_unplaced_clip_leaves_nothing_selected_in_the_outline(filled):
    window, _, section_id = filled
    window.outline.select_id(section_id)
    assert window.outline.current_selection() == ("section", section_id)
    window.reader.select_span(TEXT.index("Then"), TEXT.index(" quickly"))
    clip_id = window.add_clip(ClipKind.EXCERPT)
    assert window.inspector.clip_page.clip_id == clip_id
    assert window.outline.current_selection() == (None, None)
    assert not window.actions.move_up.isEnabled()


def test_export_stays_on_the_toolbar_in_the_smallest_window(window, qtbot):
    minimum = window.minimumSize()
    window.resize(minimum.width(), minimum.height())
    qtbot.waitUntil(lambda: window.width() == minimum.width(), timeout=2_000)
    for action in (window.actions.export_docx, window.actions.export_pdf):
        button = window.toolbar.widgetForAction(action)
        qtbot.waitUntil(button.isVisible, timeout=2_000)  # not moved into the overflow menu
        assert button.geometry().right() <= window.toolbar.width()
    add_quote = window.toolbar.widgetForAction(window.actions.add_quote)
    assert add_quote.toolButtonStyle() == Qt.ToolButtonStyle.ToolButtonIconOnly
    assert add_quote.toolTip()  # its name is still there on hover

    window.resize(1400, 900)
    qtbot.waitUntil(lambda: add_quote.toolButtonStyle()
                    == Qt.ToolButtonStyle.ToolButtonTextBesideIcon, timeout=2_000)


def test_open_recent_lists_opened_files_and_opens_them(window, tmp_path, monkeypatch):
    from PySide6.QtCore import QSettings

    from briefing.gui.settings import AppSettings

    # Settings of its own: tests in other processes add recent files to the shared ones.
    own = AppSettings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    monkeypatch.setattr(window.document, "_settings", own)
    first = tmp_path / "first.briefing"
    second = tmp_path / "second.briefing"
    for path, title in ((first, "First"), (second, "Second")):
        briefing = Briefing()
        briefing.meta.title = title
        storage.save_briefing(briefing, path)
    assert window.document.open(first) and window.document.open(second)
    window.recent_menu.aboutToShow.emit()
    entries = window.recent_menu.actions()
    assert [a.text() for a in entries] == ["&1 second.briefing", "&2 first.briefing"]
    entries[1].trigger()
    assert window.session.path == first
    assert window.session.briefing.meta.title == "First"
