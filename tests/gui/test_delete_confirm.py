"""Deleting is never silent (issue 13, "nothing lost"): an article with clips or a section
with items goes only after a question naming what goes with it."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from briefing.core.model import (
    Article,
    Briefing,
    Clip,
    ClipKind,
    ClipRef,
    KeyJudgment,
    Note,
    Section,
)
from briefing.gui.dialogs import confirm
from briefing.gui.dialogs.confirm import DeleteQuestion, ask_delete, delete_question

TEXT = "The minister said: “We will not yield.” Talks resume on Monday. Prices rose."


def _briefing() -> Briefing:
    article = Article(id="a-1", title="Talks fail", outlet="Daily", text=TEXT)
    clips = [
        Clip(id=f"c-{n}", article_id="a-1", kind=ClipKind.QUOTE, text=TEXT[s:e], start=s, end=e)
        for n, (s, e) in enumerate([(19, 39), (40, 63), (64, 75)])
    ]
    section = Section(id="s-1", heading="Talks",
                      items=[ClipRef("c-0"), ClipRef("c-1"), Note(id="n-1", text="Watch")])
    briefing = Briefing(articles=[article, Article(id="a-2", title="Bare", text="x")],
                        clips=clips, sections=[section, Section(id="s-2", heading="Empty")])
    briefing.meta.key_judgments = [KeyJudgment(id="k-1", text="Firm", clip_ids=["c-0"])]
    return briefing


def test_the_article_question_names_its_clips_placements_and_judgments():
    question = delete_question(_briefing(), "article", "a-1")
    assert question is not None
    assert question.text == "Delete the article “Talks fail”?"
    assert question.details.startswith(
        "Its 3 clips go with it (2 placed in the outline, cited by 1 key judgment).")
    assert "Undo" in question.details


def test_the_section_question_names_its_clips_and_notes():
    question = delete_question(_briefing(), "section", "s-1")
    assert question is not None and question.text == "Delete the section “Talks”?"
    assert question.details.startswith(
        "Its 2 placed clips go back to the clip list, unplaced; its 1 note is deleted.")


def test_nothing_goes_with_a_bare_article_or_an_empty_section():
    briefing = _briefing()
    assert delete_question(briefing, "article", "a-2") is None
    assert delete_question(briefing, "section", "s-2") is None

    class Refuses:
        def confirm_delete(self, _question):
            raise AssertionError("not asked")

    assert confirm.allowed(Refuses(), briefing, "section", "s-2")


def test_the_dialog_cancels_on_escape_and_deletes_on_enter(qtbot):
    question = DeleteQuestion("Delete Section", "Delete the section “Talks”?", "Its 2 …")
    answers = []
    for key in (Qt.Key.Key_Escape, Qt.Key.Key_Return):
        def press(key=key):
            box = QApplication.activeModalWidget()
            assert isinstance(box, QMessageBox) and box.text() == question.text
            assert box.informativeText() == question.details
            qtbot.keyClick(box, key)

        QTimer.singleShot(0, press)
        answers.append(ask_delete(None, question))
    assert answers == [False, True]


def _window_with(window, briefing):
    window.session.replace(briefing, None)
    return window


def test_delete_in_the_library_asks_and_a_no_keeps_everything(window, qtbot):
    window = _window_with(window, _briefing())
    window.document.asker.delete_answer = False
    window.library.select_article("a-1")
    window.library.table.setFocus()
    qtbot.waitUntil(window.library.table.hasFocus)
    window.actions.delete.trigger()
    [(what, question)] = window.questions
    assert what == "delete" and "3 clips" in question.details
    assert window.session.briefing.article("a-1") is not None
    assert len(window.session.briefing.clips) == 3

    window.document.asker.delete_answer = True
    window.actions.delete.trigger()
    assert window.session.briefing.article("a-1") is None
    assert window.session.briefing.clips == []
    window.actions.undo.trigger()
    assert len(window.session.briefing.clips) == 3


def test_delete_in_the_outline_asks_before_a_section_with_items_goes(window, qtbot):
    window = _window_with(window, _briefing())
    window.document.asker.delete_answer = False
    window.outline.setFocus()
    window.outline.select_id("s-1")
    qtbot.keyClick(window.outline, Qt.Key.Key_Delete)
    assert window.session.briefing.section("s-1") is not None
    assert [q.text for _w, q in window.questions] == ["Delete the section “Talks”?"]
    window.outline.select_id("s-2")  # empty: no question
    qtbot.keyClick(window.outline, Qt.Key.Key_Delete)
    assert window.session.briefing.section("s-2") is None and len(window.questions) == 1


def test_a_placed_clip_in_the_outline_goes_without_a_question(window, qtbot):
    window = _window_with(window, _briefing())
    window.outline.setFocus()
    window.outline.select_id("c-1")
    qtbot.keyClick(window.outline, Qt.Key.Key_Delete)
    assert window.questions == []  # the clip itself stays in the clip list
    assert window.session.briefing.placement("c-1") is None
