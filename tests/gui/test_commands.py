from __future__ import annotations

from briefing.core.model import Article, ClipKind
from briefing.core.ops import make_clip
from briefing.gui import commands


def _article(text: str = "Alpha said: “we will”. Beta replied.") -> Article:
    return Article(id="a-1", title="First", outlet="Daily", text=text)


def test_redo_recreates_the_same_section_so_later_commands_still_apply(session):
    stack = session.undo_stack
    assert session.run(commands.add_articles(session, [_article()]))
    clip = make_clip(session.briefing, "a-1", 0, 5)
    assert session.run(commands.add_clip(session, clip))
    add = commands.add_section(session, "Politics")
    assert session.run(add)
    assert session.run(commands.place_clip(session, clip.id, add.created_id, 0))
    for _ in range(4):
        stack.undo()
    assert session.briefing.articles == [] and session.briefing.sections == []
    for _ in range(4):
        stack.redo()
    section = session.briefing.sections[0]
    assert section.id == add.created_id
    assert section.items[0].clip_id == clip.id
    assert stack.undoText() == "Place quote"


def test_typing_in_one_field_merges_into_one_undo_step(session):
    session.run(commands.add_articles(session, [_article()]))
    clip = make_clip(session.briefing, "a-1", 0, 5, ClipKind.QUOTE)
    session.run(commands.add_clip(session, clip))
    for value in ("J", "Jo", "Jon"):
        session.run(commands.edit_clip(session, clip.id, "speaker", value))
    session.run(commands.edit_clip(session, clip.id, "note", "n"))
    assert session.undo_stack.count() == 4
    session.undo_stack.undo()
    assert session.undo_stack.undoText() == "Set speaker"
    session.undo_stack.undo()
    assert session.briefing.clip(clip.id).speaker == ""
    session.undo_stack.redo()
    assert session.briefing.clip(clip.id).speaker == "Jon"


def test_a_refused_operation_leaves_no_command_and_reports_why(session):
    before = session.undo_stack.count()
    assert not session.run(commands.place_clip(session, "c-missing", "s-missing"))
    assert "c-missing" in session.last_error
    assert session.undo_stack.count() == before
    assert session.undo_stack.isClean()


def test_changes_are_announced_as_structural_or_not(session, qtbot):
    seen: list[bool] = []
    session.changed.connect(lambda changes: seen.append(changes.structural))
    session.run(commands.add_section(session, "A"))
    session.run(commands.edit_meta(session, "marking", "OFFICIAL"))
    assert seen == [True, False]
    assert session.is_modified()


def test_a_macro_of_several_commands_is_one_undo_step_and_one_command_keeps_its_name(session):
    stack = session.undo_stack
    with session.macro("Add 2 sections", 2):
        session.run(commands.add_section(session, "A"))
        session.run(commands.add_section(session, "B"))
    assert stack.count() == 1 and stack.undoText() == "Add 2 sections"
    with session.macro("Add 1 sections", 1):
        session.run(commands.add_section(session, "C"))
    assert stack.count() == 2 and stack.undoText() == "Add section"
    stack.undo()
    stack.undo()
    assert session.briefing.sections == []
