"""The clip tray's hint line: what to do with the clips, or why there are none."""

from __future__ import annotations

from briefing.core.model import Article, ClipKind
from briefing.core.ops import make_clip
from briefing.gui import commands
from briefing.gui.models import ClipTrayModel
from briefing.gui.models.common import TOOLTIP
from briefing.gui.views.library import ClipTrayView


def test_the_hint_says_why_the_clip_list_is_empty(session, qtbot):
    model = ClipTrayModel(session)
    view = ClipTrayView(model)
    qtbot.addWidget(view)
    assert view.hint.text().startswith("Select an article")

    text = "The mayor said: “we rebuild”. Work starts in May."
    session.run(commands.add_articles(session, [Article(id="a-1", title="Bridge", text=text)]))
    model.set_article("a-1")
    assert view.hint.text().startswith("No clips of this article yet")

    clip = make_clip(session.briefing, "a-1", 0, 9, ClipKind.EXCERPT)
    session.run(commands.add_clip(session, clip))
    assert model.rowCount() == 1
    assert view.hint.text() == "Drag a clip onto a section in the outline."

    section = commands.add_section(session, "Works")
    session.run(section)
    session.run(commands.place_clip(session, clip.id, section.created_id))
    view.scope.setCurrentIndex(1)  # all unplaced clips: there are none left
    assert view.hint.text().startswith("No unplaced clips")
    session.undo_stack.undo()  # the clip is unplaced again and listed
    assert model.rowCount() == 1
    assert view.hint.text() == "Drag a clip onto a section in the outline."


def test_a_clip_quoted_inline_is_not_listed_as_unplaced(session, qtbot):
    # A clip that prose quotes with [@ID] is printed, so it is not waiting for a place: it
    # leaves the unplaced list when the prose quotes it, and comes back when it no longer does.
    model = ClipTrayModel(session)
    view = ClipTrayView(model)
    qtbot.addWidget(view)
    text = "The mayor said: “we rebuild”. Work starts in May."
    session.run(commands.add_articles(session, [Article(id="a-1", title="Bridge", text=text)]))
    first = make_clip(session.briefing, "a-1", 0, 9, ClipKind.EXCERPT)
    session.run(commands.add_clip(session, first))
    second = make_clip(session.briefing, "a-1", 30, 48, ClipKind.EXCERPT)
    session.run(commands.add_clip(session, second))
    section = commands.add_section(session, "Works")
    session.run(section)
    view.scope.setCurrentIndex(1)
    assert [model.clip_at(r).id for r in range(model.rowCount())] == [first.id, second.id]

    session.run(commands.edit_section(session, section.created_id, "commentary",
                                      f"As [@{first.id}] put it."))
    assert [model.clip_at(r).id for r in range(model.rowCount())] == [second.id]
    session.undo_stack.undo()  # the prose no longer quotes it: listed again, in clip order
    assert [model.clip_at(r).id for r in range(model.rowCount())] == [first.id, second.id]

    session.undo_stack.redo()
    session.run(commands.edit_section(session, section.created_id, "commentary",
                                      f"[@{first.id}] and [@{second.id}]."))
    assert model.rowCount() == 0
    assert view.hint.text().startswith("No unplaced clips")

    view.scope.setCurrentIndex(0)  # the article's own list says how each clip is used
    model.set_article("a-1")
    assert model.index(0).data().endswith("(quoted inline)")
    assert "Quoted inline" in model.index(0).data(TOOLTIP)
    session.run(commands.edit_section(session, section.created_id, "commentary",
                                      f"Only [@{second.id}]."))
    assert model.index(0).data().endswith("(not placed)")
    assert model.index(1).data().endswith("(quoted inline)")
