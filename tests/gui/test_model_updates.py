"""Adding and placing a clip updates the models in place: rows inserted or removed, cells
changed, no model reset (a reset makes every view forget its state and re-read every row)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QAbstractItemModelTester

from briefing.core.model import Article, ClipKind
from briefing.core.ops import make_clip
from briefing.gui import commands
from briefing.gui.models import ClipTrayModel, IdRole, LibraryModel, OutlineModel, _single_edit

Mode = QAbstractItemModelTester.FailureReportingMode
TEXT = "The minister said talks failed. Then he left. Exports rose by a third."


class Recorder:
    """Which change signals a model sent, with their rows."""

    def __init__(self, model) -> None:
        self.events: list[tuple] = []
        model.modelReset.connect(lambda: self.events.append(("reset",)))
        model.rowsInserted.connect(
            lambda parent, first, last: self.events.append(("inserted", parent.row(), first))
        )
        model.rowsRemoved.connect(
            lambda parent, first, last: self.events.append(("removed", parent.row(), first))
        )
        model.dataChanged.connect(
            lambda top, bottom, roles=(): self.events.append(
                ("data", top.row(), top.column(), bottom.row(), bottom.column())
            )
        )

    def kinds(self) -> set[str]:
        return {event[0] for event in self.events}


@pytest.fixture
def setup(session):
    articles = [Article(id=f"a-{n}", title=f"Story {n}", text=TEXT) for n in range(3)]
    session.run(commands.add_articles(session, articles))
    first = make_clip(session.briefing, "a-1", 0, 31)
    session.run(commands.add_clip(session, first))
    for heading in ("One", "Two"):
        session.run(commands.add_section(session, heading))
    session.run(commands.place_clip(session, first.id, session.briefing.sections[1].id))
    return session, first


def test_adding_a_clip_changes_only_its_articles_count_cell(setup):
    session, _ = setup
    model = LibraryModel(session)
    QAbstractItemModelTester(model, Mode.Fatal)
    seen = Recorder(model)
    clip = make_clip(session.briefing, "a-2", 0, 31)
    session.run(commands.add_clip(session, clip))
    assert seen.events == [("data", 2, LibraryModel.CLIPS, 2, LibraryModel.CLIPS)]
    assert model.data(model.index(2, LibraryModel.CLIPS)) == 1
    session.undo_stack.undo()
    assert model.data(model.index(2, LibraryModel.CLIPS)) == 0
    assert "reset" not in seen.kinds()
    session.run(commands.add_articles(session, [Article(id="a-9", title="New", text=TEXT)]))
    assert "reset" in seen.kinds()  # a new article: the rows themselves change
    assert model.rowCount() == 4


def test_adding_and_placing_a_clip_inserts_one_outline_row(setup):
    session, first = setup
    model = OutlineModel(session)
    QAbstractItemModelTester(model, Mode.Fatal)
    seen = Recorder(model)
    clip = make_clip(session.briefing, "a-0", 32, 45, ClipKind.EXCERPT)
    session.run(commands.add_clip(session, clip))
    assert seen.events == []  # not placed yet: nothing the outline shows
    session.run(commands.place_clip(session, clip.id, session.briefing.sections[1].id, 0))
    assert seen.events[0] == ("inserted", 1, 0)
    assert "reset" not in seen.kinds()
    section = model.index(1, 0)
    assert [model.index(r, 0, section).data(IdRole) for r in range(2)] == [clip.id, first.id]
    session.undo_stack.undo()  # the placement
    assert ("removed", 1, 0) in seen.events
    assert model.rowCount(section) == 1
    assert model.index(0, 0, section).data(IdRole) == first.id
    session.run(commands.add_section(session, "Three"))
    assert "reset" in seen.kinds()
    assert model.rowCount() == 3


def test_the_clip_tray_inserts_and_removes_the_one_clip(setup):
    session, first = setup
    model = ClipTrayModel(session)
    model.set_article("a-1")
    QAbstractItemModelTester(model, Mode.Fatal)
    seen = Recorder(model)
    clip = make_clip(session.briefing, "a-1", 32, 45)
    session.run(commands.add_clip(session, clip))
    assert seen.events[0][:1] == ("inserted",)
    assert "reset" not in seen.kinds()
    ids = [model.index(r).data(IdRole) for r in range(model.rowCount())]
    assert sorted(ids) == sorted([first.id, clip.id])
    row = ids.index(clip.id)
    assert "(not placed)" in model.index(row).data(Qt.ItemDataRole.DisplayRole)
    session.run(commands.place_clip(session, clip.id, session.briefing.sections[0].id))
    assert "(not placed)" not in model.index(row).data(Qt.ItemDataRole.DisplayRole)
    session.undo_stack.undo()
    session.undo_stack.undo()  # the clip is gone again
    assert [model.index(r).data(IdRole) for r in range(model.rowCount())] == [first.id]
    assert "reset" not in seen.kinds()


def test_single_edit_finds_one_insertion_or_removal_only():
    assert _single_edit(["a", "b"], ["a", "x", "b"]) == (True, 1)
    assert _single_edit(["a", "b"], ["a", "b", "x"]) == (True, 2)
    assert _single_edit(["a", "b", "c"], ["b", "c"]) == (False, 0)
    assert _single_edit(["a", "b"], ["b", "a"]) is None
    assert _single_edit(["a", "b"], ["x", "y", "z"]) is None
    assert _single_edit(["a", "b"], ["a", "c", "x"]) is None
