"""The Suggestions list beside the reader: found in a worker, accepted with Enter (one undo
step), rejected with Delete (remembered), accepted all at once, underlined in the reader."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QTextCharFormat

from briefing.core import ops
from briefing.core.model import Article
from briefing.core.suggest import has_model
from briefing.gui.commands import BriefingSession
from briefing.gui.views.reader import ReaderView
from briefing.gui.views.suggestions import RejectedStore, SuggestionsView

pytestmark = pytest.mark.skipif(not has_model("en"), reason="the English pipeline is not installed")

TEXT = (
    "NATO Secretary General Marten Holvik spoke on Tuesday.\n\n"
    "“This is not a gesture, it is a commitment,” Holvik told reporters. "
    "“Every system will be in place by June.”\n\n"
    "Defence Minister Oksana Dremliuk called it “a real breakthrough” for Kyiv.\n"
)


@pytest.fixture
def view(qtbot, tmp_path):
    session = BriefingSession()
    article = Article(id="a-1", title="T", text=TEXT, language="en")
    ops.add_article(session.briefing, article)
    reader = ReaderView()
    qtbot.addWidget(reader)
    reader.set_article(article, [])
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    view = SuggestionsView(session, reader, RejectedStore(settings))
    qtbot.addWidget(view)
    view.show_article(article)
    qtbot.waitUntil(lambda: view.list.count() == 3, timeout=60_000)
    return view


def _underlines(reader: ReaderView) -> list[QTextCharFormat.UnderlineStyle]:
    return [
        s.format.underlineStyle()
        for s in reader.text.extraSelections()
        if s.format.underlineStyle() != QTextCharFormat.UnderlineStyle.NoUnderline
    ]


def test_suggestions_are_found_off_the_gui_thread_and_underlined(view) -> None:
    assert [s.speaker for s in view.suggestions()] == ["Marten Holvik"] * 2 + ["Oksana Dremliuk"]
    styles = _underlines(view.reader)
    assert len(styles) == 3
    assert QTextCharFormat.UnderlineStyle.WaveUnderline in styles  # the current one


def test_enter_accepts_as_a_clip_with_speaker_and_role_in_one_undo_step(view, qtbot) -> None:
    session = view.session
    view.list.setFocus()
    view.list.setCurrentRow(0)
    qtbot.keyClick(view.list, Qt.Key.Key_Return)
    [clip] = session.briefing.clips
    assert (clip.text, clip.speaker, clip.speaker_role, clip.suggested) == (
        "This is not a gesture, it is a commitment,",
        "Marten Holvik",
        "NATO Secretary General",
        False,
    )
    assert view.list.count() == 2  # an accepted suggestion leaves the list
    session.undo_stack.undo()
    assert session.briefing.clips == []
    assert view.list.count() == 3


def test_delete_rejects_and_it_stays_rejected(view, qtbot) -> None:
    view.list.setCurrentRow(2)
    qtbot.keyClick(view.list, Qt.Key.Key_Delete)
    assert view.list.count() == 2
    view.show_article(None)
    view.show_article(view.session.briefing.articles[0])
    assert view.list.count() == 2
    assert view.session.briefing.clips == []


def test_accept_all_is_one_undo_step(view) -> None:
    assert view.accept_all() == 3
    assert len(view.session.briefing.clips) == 3
    assert view.session.undo_stack.count() == 1
    view.session.undo_stack.undo()
    assert view.session.briefing.clips == []


def test_a_selection_overlapping_the_suggestion_changes_the_span_accepted(view) -> None:
    start = TEXT.index("This is not a gesture")
    view.reader.select_span(start, start + len("This is not a gesture"))
    view.list.setCurrentRow(0)
    assert view.accept_current()
    assert view.session.briefing.clips[0].text == "This is not a gesture"


def test_clips_filed_unconfirmed_are_listed_first_and_confirmed_with_enter(qtbot, tmp_path):
    from briefing.core.suggest.clips import file_suggestions

    session = BriefingSession()
    article = Article(id="a-1", title="T", text=TEXT, language="en")
    ops.add_article(session.briefing, article)
    filed = file_suggestions(session.briefing, article)
    reader = ReaderView()
    qtbot.addWidget(reader)
    reader.set_article(article, session.briefing.clips)
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    view = SuggestionsView(session, reader, RejectedStore(settings))
    qtbot.addWidget(view)
    view.show_article(article)
    view.wait()
    qtbot.waitUntil(lambda: "suggestion(s)" in view.status.text(), timeout=60_000)
    assert len(view.unconfirmed()) == len(filed) == 3 and view.suggestions() == []
    view.list.setCurrentRow(0)
    qtbot.keyClick(view.list, Qt.Key.Key_Return)
    assert [c.suggested for c in session.briefing.clips] == [False, True, True]
    view.list.setCurrentRow(0)
    qtbot.keyClick(view.list, Qt.Key.Key_Delete)  # the next filed one: removed and remembered
    assert len(session.briefing.clips) == 2
    assert len(view.unconfirmed()) == 1
