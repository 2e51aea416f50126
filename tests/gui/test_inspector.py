"""The inspector's forms: every field edit is an undo step; undo shows in the form."""

from __future__ import annotations

from PySide6.QtCore import Qt

from briefing.core.model import Article, ClipKind
from briefing.core.ops import make_clip
from briefing.gui import commands
from briefing.gui.views.inspector import InspectorView

TEXT = "“We will rebuild the bridge,” the mayor said. Work starts in May."


def _session_with_clip(session):
    session.run(commands.add_articles(session, [Article(id="a-1", title="Bridge", text=TEXT)]))
    clip = make_clip(session.briefing, "a-1", 0, TEXT.index(" the mayor"), ClipKind.QUOTE)
    session.run(commands.add_clip(session, clip))
    return clip


def test_typing_a_speaker_then_undo_shows_the_old_value_in_the_form(session, qtbot):
    clip = _session_with_clip(session)
    inspector = InspectorView(session)
    qtbot.addWidget(inspector)
    inspector.show_clip(clip.id)
    page = inspector.clip_page
    qtbot.keyClicks(page.speaker, "Mayor Ruiz")
    qtbot.keyClicks(page.role, "Mayor of Ostrava")
    assert (clip.speaker, clip.speaker_role) == ("Mayor Ruiz", "Mayor of Ostrava")
    session.undo_stack.undo()
    assert page.role.text() == "" and page.speaker.text() == "Mayor Ruiz"
    session.undo_stack.undo()
    assert page.speaker.text() == ""
    page.marking.setEditText("SECRET")
    assert clip.marking == "SECRET"
    page.kind.setCurrentIndex(page.kind.findData("excerpt"))
    assert clip.kind == ClipKind.EXCERPT and not page.speaker.isEnabled()


def test_key_judgments_with_their_supporting_clips(session, qtbot):
    clip = _session_with_clip(session)
    inspector = InspectorView(session)
    qtbot.addWidget(inspector)
    page = inspector.briefing_page
    assert inspector.current_page() is page
    page._add_judgment()
    (judgment,) = session.briefing.meta.key_judgments
    qtbot.keyClicks(page.judgment_text, "The bridge will be rebuilt this year.")
    assert judgment.text == "The bridge will be rebuilt this year."
    assert page.judgments.item(0).text().startswith("The bridge will be rebuilt")
    support = page.support.item(0)
    assert support.data(Qt.ItemDataRole.UserRole) == clip.id
    support.setCheckState(Qt.CheckState.Checked)
    assert judgment.clip_ids == [clip.id]
    assert session.undo_stack.undoText() == "Edit key judgment supporting clips"
    session.undo_stack.undo()
    assert judgment.clip_ids == []
    assert page.support.item(0).checkState() == Qt.CheckState.Unchecked
    page.page_size.setCurrentIndex(page.page_size.findData("letter"))
    assert session.briefing.meta.page_size == "letter"


def test_a_deleted_object_falls_back_to_the_briefing_properties(session, qtbot):
    clip = _session_with_clip(session)
    inspector = InspectorView(session)
    qtbot.addWidget(inspector)
    inspector.show_clip(clip.id)
    assert inspector.current_page() is inspector.clip_page
    session.run(commands.remove_clip(session, clip.id))
    assert inspector.current_page() is inspector.briefing_page


def test_the_article_page_says_where_the_article_came_from(session, qtbot):
    pasted = Article(id="a-1", title="Bridge", text=TEXT, source_kind="paste-text")
    imported = Article(id="a-2", title="Dam", text="Water.", source_path="/news/dam.html",
                       source_kind="html", encoding="cp1251")
    session.run(commands.add_articles(session, [pasted, imported]))
    inspector = InspectorView(session)
    qtbot.addWidget(inspector)
    inspector.show_article("a-1")
    assert inspector.article_page.info.text() == f"{len(TEXT)} characters · from pasted text"
    inspector.show_article("a-2")
    assert inspector.article_page.info.text() == (
        "6 characters · from /news/dam.html (html, cp1251)"
    )


def test_a_theme_the_app_does_not_ship_is_shown_by_its_name(session, qtbot):
    session.briefing.meta.theme = "/themes/corporate.json"
    inspector = InspectorView(session)
    qtbot.addWidget(inspector)
    combo = inspector.briefing_page.theme
    assert combo.currentData() == "/themes/corporate.json"
    assert session.undo_stack.count() == 0  # showing it is no edit
    combo.setCurrentIndex(combo.findData("default"))
    assert session.briefing.meta.theme == "default"
