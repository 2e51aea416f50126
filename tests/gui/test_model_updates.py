"""The models follow each operation's Changes record in place: rows inserted, removed or
moved, cells changed, no model reset (a reset makes every view forget its state and re-read
every row), and after any sequence of commands and undos they show what a fresh model would."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtTest import QAbstractItemModelTester, QSignalSpy

from briefing.core.model import Article, ClipKind
from briefing.core.ops import make_clip
from briefing.gui import commands
from briefing.gui.models import ClipTrayModel, IdRole, LibraryModel, OutlineModel

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
        model.rowsMoved.connect(
            lambda parent, first, last, target, row: self.events.append(
                ("moved", parent.row(), first, target.row(), row)
            )
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
    assert seen.events[-1] == ("inserted", -1, 3)  # a new article: one row more, no reset
    assert "reset" not in seen.kinds()
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
    assert seen.events[-1] == ("inserted", -1, 2)
    assert "reset" not in seen.kinds()
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


def _watch(model):
    """A tester that aborts on any inconsistency, and spies on resets and inserts."""
    QAbstractItemModelTester(model, Mode.Fatal)
    return QSignalSpy(model.modelReset), QSignalSpy(model.rowsInserted)


def test_undoing_a_deleted_article_inserts_its_rows_back_without_a_reset(setup):
    session, first = setup
    library, outline = LibraryModel(session), OutlineModel(session)
    tray = ClipTrayModel(session)
    tray.set_article("a-1")
    spies = {name: _watch(model) for name, model in
             [("library", library), ("outline", outline), ("tray", tray)]}
    session.run(commands.remove_article(session, "a-1"))
    assert library.row_of("a-1") == -1 and outline.index_of(first.id) == QModelIndex()
    assert tray.rowCount() == 0
    resets_after_delete = {name: resets.count() for name, (resets, _) in spies.items()}
    session.undo_stack.undo()
    for name, (resets, _) in spies.items():
        assert resets.count() == resets_after_delete[name], name  # the undo reset nothing
    assert spies["library"][1].count() == 1  # the article's row
    assert spies["outline"][1].count() == 1  # its clip's place in section Two
    assert spies["tray"][1].count() == 1  # the article's clip, listed again
    assert tray.article_id == "a-1" and tray.index(0).data(IdRole) == first.id
    assert library.row_of("a-1") == 1
    assert library.data(library.index(1, LibraryModel.CLIPS)) == 1
    assert outline.index_of(first.id).parent().data(IdRole) == session.briefing.sections[1].id
    # The outline's deletion and undo were rows, not resets, from the start.
    assert spies["outline"][0].count() == 0 and spies["library"][0].count() == 0


def test_undoing_a_deleted_clip_or_section_inserts_rows(setup):
    session, first = setup
    outline = OutlineModel(session)
    tray = ClipTrayModel(session)
    tray.set_article("a-1")
    unplaced = ClipTrayModel(session)
    unplaced.set_show_unplaced(True)
    spies = [_watch(model) for model in (outline, tray, unplaced)]
    session.run(commands.add_note(session, session.briefing.sections[1].id, "why it matters"))
    session.run(commands.remove_clip(session, first.id))
    assert [tray.rowCount(), outline.rowCount(outline.index(1, 0))] == [0, 1]
    inserted = [spy.count() for _, spy in spies]
    session.undo_stack.undo()
    assert [spy.count() for _, spy in spies] == [inserted[0] + 1, inserted[1] + 1, inserted[2]]
    assert tray.index(0).data(IdRole) == first.id
    assert outline.index(0, 0, outline.index(1, 0)).data(IdRole) == first.id

    seen = Recorder(outline)
    session.run(commands.remove_section(session, session.briefing.sections[1].id))
    # its note and clip first, then the section itself
    rows = [event for event in seen.events if event[0] != "data"]
    assert rows == [("removed", 1, 1), ("removed", 1, 0), ("removed", -1, 1)]
    assert [unplaced.index(r).data(IdRole) for r in range(unplaced.rowCount())] == [first.id]
    session.undo_stack.undo()
    assert [e for e in seen.events if e[0] == "inserted"] == [
        ("inserted", -1, 1), ("inserted", 1, 0), ("inserted", 1, 1)]
    assert unplaced.rowCount() == 0
    assert all(resets.count() == 0 for resets, _ in spies)


def test_moving_a_section_moves_its_row_and_its_items_stay_reachable(setup):
    session, first = setup
    model = OutlineModel(session)
    QAbstractItemModelTester(model, Mode.Fatal)
    seen = Recorder(model)
    item = QPersistentModelIndex(model.index_of(first.id))
    section_two = session.briefing.sections[1].id
    session.run(commands.move_section(session, section_two, 0))
    assert seen.events[0] == ("moved", -1, 1, -1, 0)
    assert item.isValid() and item.data(IdRole) == first.id
    assert item.parent().row() == 0 and item.parent().data(IdRole) == section_two
    session.run(commands.add_section(session, "Above all", 0))
    assert item.parent().row() == 1 and item.data(IdRole) == first.id
    session.run(commands.step_item(session, first.id, +1))  # past its section's end
    assert ("moved", 1, 0, 2, 0) in seen.events
    assert item.isValid() and item.data(IdRole) == first.id and item.parent().row() == 2
    session.run(commands.remove_section(session, session.briefing.sections[0].id))
    assert item.parent().row() == 1 and model.parent(model.index_of(first.id)).row() == 1
    assert "reset" not in seen.kinds()


def _dump(model, parent=None):
    """Every row's id, label and tooltip, depth first: what a view can see."""
    parent = parent or QModelIndex()
    rows = []
    for row in range(model.rowCount(parent)):
        columns = model.columnCount(parent) if isinstance(model, LibraryModel) else 1
        cells = tuple(model.index(row, column, parent).data() for column in range(columns))
        index = model.index(row, 0, parent)
        rows.append((index.data(IdRole), cells, index.data(Qt.ItemDataRole.ToolTipRole),
                     _dump(model, index) if model.rowCount(index) else []))
    return rows


def _fresh_models(session):
    tray = ClipTrayModel(session)
    tray.set_article("a-1")
    unplaced = ClipTrayModel(session)
    unplaced.set_show_unplaced(True)
    return [LibraryModel(session), OutlineModel(session), tray, unplaced]


def test_after_every_command_undo_and_redo_the_models_match_fresh_ones(setup):
    session, first = setup
    live = _fresh_models(session)
    for model in live:
        QAbstractItemModelTester(model, Mode.Fatal)
    briefing = session.briefing
    one, two = (s.id for s in briefing.sections)
    second = make_clip(briefing, "a-1", 32, 45, ClipKind.EXCERPT)
    third = make_clip(briefing, "a-0", 0, 31)
    note = commands.add_note(session, one, "a note")
    steps = [
        commands.add_clip(session, second),
        commands.add_clip(session, third),
        commands.place_clip(session, second.id, one),
        note,
        commands.place_clip(session, third.id, one, 0),
        commands.move_item(session, first.id, one, 1),
        commands.step_item(session, second.id, +1),
        commands.edit_clip(session, third.id, "speaker", "Minister"),
        commands.rename_section(session, one, "First"),
        commands.move_section(session, two, 0),
        commands.remove_item(session, third.id),
        commands.edit_article(session, "a-1", "title", "Renamed story"),
        commands.add_articles(session, [Article(id="a-7", title="Late", text=TEXT)]),
        commands.remove_section(session, one),
        commands.remove_clip(session, second.id),
        commands.remove_article(session, "a-1"),
        commands.add_section(session, "Again", 1),
    ]
    stack = session.undo_stack

    def check(when: str) -> None:
        for model, fresh in zip(live, _fresh_models(session), strict=True):
            assert _dump(model) == _dump(fresh), (when, type(model).__name__)

    for n, command in enumerate(steps):
        assert session.run(command), (n, session.last_error)
        check(f"after step {n}")
    for n in range(len(steps)):
        stack.undo()
        check(f"after undo {n}")
    for n in range(len(steps)):
        stack.redo()
        check(f"after redo {n}")


def test_cells_that_show_a_change_are_announced(setup):
    """Views repaint only what dataChanged names: a placement changes a tray label, an item
    count changes a section's tooltip, an edit changes its object's row."""
    session, first = setup
    one, two = (s.id for s in session.briefing.sections)
    tray, outline, library = ClipTrayModel(session), OutlineModel(session), LibraryModel(session)
    tray.set_article("a-1")
    seen = {model: Recorder(model) for model in (tray, outline, library)}

    def run(command) -> dict:
        """The events each model sent for this command alone."""
        before = {model: len(recorder.events) for model, recorder in seen.items()}
        assert session.run(command)
        return {model: recorder.events[before[model]:] for model, recorder in seen.items()}

    events = run(commands.move_item(session, first.id, one))
    assert events[tray] == [("data", 0, 0, 0, 0)]  # its tooltip names the section
    assert events[outline] == [("moved", 1, 0, 0, 0), ("data", 1, 0, 1, 0), ("data", 0, 0, 0, 0)]
    events = run(commands.remove_item(session, first.id))
    assert events[tray] == [("data", 0, 0, 0, 0)]  # now "(not placed)"
    assert events[outline] == [("removed", 0, 0), ("data", 0, 0, 0, 0)]
    events = run(commands.place_clip(session, first.id, two))
    assert events[tray] == [("data", 0, 0, 0, 0)]  # placed again
    assert events[outline] == [("inserted", 1, 0), ("data", 1, 0, 1, 0)]
    assert events[library] == []
    events = run(commands.rename_section(session, two, "Renamed"))
    assert events[outline] == [("data", 1, 0, 1, 0)]
    events = run(commands.edit_article(session, "a-2", "outlet", "Wire"))
    assert events[library] == [("data", 2, 0, 2, len(LibraryModel.HEADERS) - 1)]
    assert events[outline] == [] and events[tray] == []
    assert all("reset" not in recorder.kinds() for recorder in seen.values())


def test_the_outline_view_opens_sections_that_rows_bring_in(setup, qtbot):
    from briefing.gui.views.outline import OutlineView

    session, first = setup
    model = OutlineModel(session)
    view = OutlineView(model)
    qtbot.addWidget(view)
    two = session.briefing.sections[1].id
    view.collapse(model.index_of(two))  # the user folds this one: it stays folded
    session.run(commands.add_section(session, "New", 0))
    assert view.isExpanded(model.index(0, 0))
    session.run(commands.remove_section(session, session.briefing.sections[1].id))
    session.undo_stack.undo()
    assert view.isExpanded(model.index_of(session.briefing.sections[1].id))
    session.run(commands.remove_section(session, two))
    session.undo_stack.undo()
    assert not view.isExpanded(model.index_of(two))
    assert model.index_of(first.id).parent() == model.index_of(two)


@pytest.mark.parametrize("tray_first", [True, False])
def test_a_model_rebuilt_while_a_change_is_announced_skips_the_rest_of_it(setup, tray_first):
    """The window switches the clip tray to another article when the library's current row
    is removed, in the middle of the session's broadcast; the tray must not apply the
    remaining steps to the list it has just rebuilt."""
    session, first = setup
    second = make_clip(session.briefing, "a-2", 0, 31)
    session.run(commands.add_clip(session, second))
    tray = ClipTrayModel(session) if tray_first else None
    library = LibraryModel(session)
    tray = tray or ClipTrayModel(session)
    tray.set_article("a-1")
    QAbstractItemModelTester(tray, Mode.Fatal)
    # As the window does: the library's current row goes, a neighbour is shown; an article
    # coming back is selected again.
    library.rowsAboutToBeRemoved.connect(lambda *_: tray.set_article("a-2"))
    library.rowsInserted.connect(
        lambda _parent, row, _last: tray.set_article(library.index(row, 0).data(IdRole)))
    session.run(commands.remove_article(session, "a-1"))
    assert [tray.index(r).data(IdRole) for r in range(tray.rowCount())] == [second.id]
    session.undo_stack.undo()
    assert [tray.index(r).data(IdRole) for r in range(tray.rowCount())] == [first.id]
