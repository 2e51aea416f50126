"""The clip tray's hint line: what to do with the clips, or why there are none."""

from __future__ import annotations

from briefing.core.model import Article, ClipKind
from briefing.core.ops import make_clip
from briefing.gui import commands
from briefing.gui.models import ClipTrayModel
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
