from __future__ import annotations

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtTest import QAbstractItemModelTester

from briefing.core.model import Article, ClipKind
from briefing.core.ops import make_clip
from briefing.gui import commands
from briefing.gui.models import (
    ClipTrayModel,
    LibraryFilterModel,
    LibraryModel,
    OutlineModel,
    encode_items,
)

MOVE = Qt.DropAction.MoveAction
Mode = QAbstractItemModelTester.FailureReportingMode


@pytest.fixture
def filled(session):
    """Two articles, three clips, two sections: 'One' holds clips 0 and 1, 'Two' is empty."""
    articles = [
        Article(id="a-1", title="Summit ends", outlet="Daily Bugle", authors=["Ann Lee"],
                published="2024-05-02", text="The minister said talks failed. Then he left."),
        Article(id="a-2", title="Grain deal", outlet="Agence", published="2024-04-01",
                text="Exports of grain rose by a third, officials said."),
    ]
    session.run(commands.add_articles(session, articles))
    clips = [
        make_clip(session.briefing, "a-1", 0, 31),
        make_clip(session.briefing, "a-1", 32, 45, ClipKind.EXCERPT),
        make_clip(session.briefing, "a-2", 0, 33),
    ]
    for clip in clips:
        session.run(commands.add_clip(session, clip))
    one = commands.add_section(session, "One")
    two = commands.add_section(session, "Two")
    session.run(one)
    session.run(two)
    session.run(commands.place_clip(session, clips[0].id, one.created_id))
    session.run(commands.place_clip(session, clips[1].id, one.created_id))
    session.undo_stack.setClean()
    return session, clips, one.created_id, two.created_id


def _exercise(session, clips, section_id):
    """Structural and field changes, undone and redone again, while a tester watches."""
    session.run(commands.add_section(session, "Three"))
    session.run(commands.add_note(session, section_id, "note text"))
    session.run(commands.edit_clip(session, clips[0].id, "speaker", "Minister"))
    session.run(commands.remove_clip(session, clips[2].id))
    session.run(commands.step_item(session, clips[1].id, +1))  # on into the next section
    session.run(commands.move_section(session, section_id, 1))
    session.run(commands.remove_section(session, section_id))
    session.run(commands.remove_article(session, "a-1"))
    while session.undo_stack.canUndo():
        session.undo_stack.undo()
    while session.undo_stack.canRedo():
        session.undo_stack.redo()


def test_library_model_passes_the_model_tester(filled, qtbot):
    session, clips, one, _ = filled
    model = LibraryModel(session)
    proxy = LibraryFilterModel()
    proxy.setSourceModel(model)
    QAbstractItemModelTester(model, Mode.Fatal)
    QAbstractItemModelTester(proxy, Mode.Fatal)
    assert model.rowCount() == 2
    assert model.data(model.index(0, LibraryModel.CLIPS)) == 2
    _exercise(session, clips, one)


def test_library_search_looks_in_title_outlet_author_and_full_text(filled):
    session, *_ = filled
    proxy = LibraryFilterModel()
    proxy.setSourceModel(LibraryModel(session))

    def titles() -> list[str]:
        return [proxy.index(r, 0).data() for r in range(proxy.rowCount())]

    for query, expected in [("grain", ["Grain deal"]), ("bugle", ["Summit ends"]),
                            ("ann lee", ["Summit ends"]), ("TALKS failed", ["Summit ends"]),
                            ("nothing-like-this", []), ("", ["Summit ends", "Grain deal"])]:
        proxy.set_query(query)
        assert titles() == expected, query
    proxy.sort(LibraryModel.DATE, Qt.SortOrder.AscendingOrder)
    assert titles() == ["Grain deal", "Summit ends"]
    proxy.sort(LibraryModel.OUTLET, Qt.SortOrder.AscendingOrder)
    assert titles() == ["Grain deal", "Summit ends"]  # Agence < Daily Bugle
    proxy.sort(LibraryModel.OUTLET, Qt.SortOrder.DescendingOrder)
    assert titles() == ["Summit ends", "Grain deal"]


def test_clip_tray_model_passes_the_model_tester(filled):
    session, clips, one, _ = filled
    model = ClipTrayModel(session)
    QAbstractItemModelTester(model, Mode.Fatal)
    model.set_article("a-1")
    assert model.rowCount() == 2
    model.set_show_unplaced(True)
    assert [model.index(r).data(Qt.ItemDataRole.UserRole + 1) for r in range(model.rowCount())] \
        == [clips[2].id]
    _exercise(session, clips, one)


def test_outline_model_passes_the_model_tester(filled):
    session, clips, one, _ = filled
    model = OutlineModel(session)
    QAbstractItemModelTester(model, Mode.Fatal)
    assert model.rowCount() == 2
    assert model.rowCount(model.index(0, 0)) == 2
    _exercise(session, clips, one)


def test_dropping_a_tray_clip_into_a_section_places_it_in_one_undo_step(filled):
    session, clips, _, two = filled
    tray = ClipTrayModel(session)
    tray.set_article("a-2")
    outline = OutlineModel(session)
    data = tray.mimeData([tray.index(0)])
    target = outline.index_of(two)
    assert outline.canDropMimeData(data, MOVE, -1, 0, target)
    assert outline.dropMimeData(data, MOVE, -1, 0, target)
    assert session.briefing.section(two).items[0].clip_id == clips[2].id
    assert session.undo_stack.undoText() == "Place quote"
    session.undo_stack.undo()
    assert session.briefing.section(two).items == []


def test_reorder_items_and_move_between_sections(filled):
    session, clips, one, two = filled
    outline = OutlineModel(session)
    first = outline.index_of(clips[0].id)
    data = outline.mimeData([first])
    section_one = outline.index_of(one)
    # Qt drop rows are insertion points before removal: row 2 means "after the second item".
    assert outline.dropMimeData(data, MOVE, 2, 0, section_one)
    assert [i.clip_id for i in session.briefing.section(one).items] == [clips[1].id, clips[0].id]
    data = outline.mimeData([outline.index_of(clips[1].id)])
    assert outline.dropMimeData(data, MOVE, 0, 0, outline.index_of(two))
    assert [i.clip_id for i in session.briefing.section(two).items] == [clips[1].id]
    # Sections reorder by a drop on the root.
    data = outline.mimeData([outline.index_of(two)])
    assert outline.dropMimeData(data, MOVE, 0, 0, QModelIndex())
    assert [s.heading for s in session.briefing.sections] == ["Two", "One"]


def test_a_drop_onto_its_own_descendant_is_refused_and_changes_nothing(filled):
    session, clips, one, _ = filled
    outline = OutlineModel(session)
    section = outline.index_of(one)
    child = outline.index_of(clips[0].id)
    data = outline.mimeData([section])
    count = session.undo_stack.count()
    for row, parent in [(-1, section), (0, section), (-1, child), (1, section)]:
        assert not outline.canDropMimeData(data, MOVE, row, 0, parent)
        assert not outline.dropMimeData(data, MOVE, row, 0, parent)
    assert session.undo_stack.count() == count
    assert session.briefing.sections[0].id == one
    assert len(session.briefing.section(one).items) == 2


def test_items_dropped_between_sections_go_to_the_end_of_the_one_above(filled):
    session, clips, one, two = filled
    outline = OutlineModel(session)
    data = encode_items([("clip", clips[2].id)])
    assert not outline.canDropMimeData(data, MOVE, 0, 0, QModelIndex())  # above everything
    assert not outline.canDropMimeData(data, MOVE, -1, 0, outline.index_of(clips[0].id))
    assert not outline.canDropMimeData(encode_items([("clip", "c-gone")]), MOVE, -1, 0,
                                       outline.index_of(one))
    assert outline.flags(QModelIndex()) & Qt.ItemFlag.ItemIsDropEnabled
    assert outline.dropMimeData(data, MOVE, 1, 0, QModelIndex())  # between One and Two
    assert session.briefing.section(one).items[-1].clip_id == clips[2].id
    assert outline.dropMimeData(data, MOVE, -1, 0, QModelIndex())  # below the last section
    assert [i.clip_id for i in session.briefing.section(two).items] == [clips[2].id]


def test_inline_rename_is_an_undo_command(filled):
    session, _, one, _ = filled
    outline = OutlineModel(session)
    index = outline.index_of(one)
    assert outline.setData(index, "Renamed", Qt.ItemDataRole.EditRole)
    assert session.briefing.section(one).heading == "Renamed"
    assert outline.index_of(one).data() == "Renamed"
    assert session.undo_stack.undoText() == "Rename section"
    session.undo_stack.undo()
    assert session.briefing.section(one).heading == "One"
