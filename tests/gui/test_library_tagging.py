"""Tagging the articles selected in the Library pane: the "Tag…" dialog (add with completion,
take off, give a half-present tag to all), on a real SQLite library in tmp_path and on a
PostgreSQL server the test starts; the rows and the tag filter follow; failures are one
message."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QKeySequence

from briefing.core.library import LibraryUnavailable, open_library
from briefing.core.model import Article
from briefing.gui.views.shelf import LibraryPane, ShelfModel
from briefing.gui.views.shelf_tagging import TagChanges, retagged

CHECKED, PARTLY, UNCHECKED = (Qt.CheckState.Checked, Qt.CheckState.PartiallyChecked,
                              Qt.CheckState.Unchecked)
STORIES = [  # title, tags; published on consecutive days, newest first in the pane
    ("Patriot batteries for the east", ["NATO", "air defence"]),
    ("Kremlin promises a response", ["NATO", "Russia"]),
    ("Budget talks resume", ["economy"]),
]


@pytest.fixture(scope="module")
def pg_server() -> Iterator[object]:
    from benchmarks.pgserver import TemporaryPostgres, postgres_bin_dir

    if postgres_bin_dir() is None:
        pytest.skip("no PostgreSQL server binaries on this machine (.ci/run installs them)")
    with TemporaryPostgres() as server:
        yield server


@pytest.fixture(params=["sqlite", "postgres"])
def location(request, tmp_path, monkeypatch) -> str:
    """The app's library: a SQLite file in tmp_path, or a fresh PostgreSQL database."""
    if request.param == "sqlite":
        where = str(tmp_path / "library.sqlite3")
    else:
        where = request.getfixturevalue("pg_server").new_database(f"tagging_{id(request)}")
    monkeypatch.setenv("BRIEFING_LIBRARY", where)
    return where


def fill(location: str) -> dict[str, int]:
    ids = {}
    with open_library(location) as library:
        for day, (title, tags) in enumerate(reversed(STORIES), start=1):
            article = Article(id="a", title=title, text=f"the story: {title.lower()}",
                              published=f"2026-03-{day:02d}")
            ids[title] = library.add(article, tags=tags).article.id
    return ids


def tags_in_library(location: str) -> dict[str, list[str]]:
    with open_library(location) as library:
        return {hit.article.title: hit.article.tags for hit in library.search("", limit=50)}


def open_shelf(window, qtbot):
    link = window.library_link
    link.pane.show_scope(LibraryPane.ALL_ARTICLES)
    qtbot.waitUntil(lambda: link.access.is_open() and link.shelf.tag.count() > 1,
                    timeout=20_000)
    return link.shelf


def select(shelf, *titles: str) -> None:
    """Select rows as clicks do (not selectRow, which follows the modifiers Qt believes held)."""
    model = shelf.table.selectionModel()
    model.clearSelection()
    for row, hit in enumerate(shelf.model.hits):
        if hit.article.title in titles:
            model.select(shelf.model.index(row, 0), QItemSelectionModel.SelectionFlag.Select
                         | QItemSelectionModel.SelectionFlag.Rows)


def shown_tags(shelf) -> dict[str, str]:
    return {shelf.model.index(r, ShelfModel.TITLE).data(): shelf.model.index(r, ShelfModel.TAGS)
            .data() for r in range(shelf.model.rowCount())}


def filter_items(shelf) -> list[str]:
    return [shelf.tag.itemText(i) for i in range(shelf.tag.count())]


def test_tagging_the_selection_adds_removes_and_gives_to_all(window, qtbot, location):
    fill(location)
    shelf = open_shelf(window, qtbot)
    tagging = shelf.tagging
    assert not tagging.action.isEnabled() and not tagging.button.isEnabled()  # nothing selected
    select(shelf, "Patriot batteries for the east", "Kremlin promises a response")
    assert tagging.action.isEnabled() and tagging.button.isEnabled()
    assert tagging.action in shelf.table.actions()  # the right-click menu
    assert tagging.action.shortcut() == QKeySequence("Ctrl+T")
    tagging.button.click()
    dialog = tagging.dialog
    assert dialog is not None and dialog.isVisible() and dialog.windowTitle() == "Tag 2 Articles"
    assert {dialog.tags.topLevelItem(r).text(0): dialog.tags.topLevelItem(r).checkState(0)
            for r in range(dialog.tags.topLevelItemCount())} == {
        "air defence": PARTLY, "NATO": CHECKED, "Russia": PARTLY}
    assert dialog.item("russia").text(1) == "1 of 2"
    # Completion offers every tag of the library, also those the selection does not have.
    completer = dialog.field.completer()
    assert completer.model().stringList() == ["air defence", "economy", "NATO", "Russia"]
    completer.setCompletionPrefix("ECON")
    assert completer.currentCompletion() == "economy"
    assert dialog.add_tag("  Economy ")  # spelled as the library spells it
    assert dialog.item("economy").text(0) == "economy" and dialog.field.text() == ""
    dialog.set_state("NATO", UNCHECKED)
    dialog.set_state("Russia", CHECKED)
    assert dialog.item("NATO").text(1) == "taken off"
    assert dialog.item("Russia").text(1) == "all 2 (was 1)"
    qtbot.keyClicks(dialog.field, "Eastern flank")  # typed, not Added: Apply takes it too
    assert dialog.changes() == TagChanges(add=["Russia", "economy"], remove=["NATO"])
    dialog.apply_button.click()
    assert not dialog.isVisible()

    assert tags_in_library(location) == {
        "Patriot batteries for the east": ["air defence", "Eastern flank", "economy", "Russia"],
        "Kremlin promises a response": ["Eastern flank", "economy", "Russia"],
        "Budget talks resume": ["economy"],  # not selected: unchanged
    }
    assert shown_tags(shelf) == {
        "Patriot batteries for the east": "air defence, Eastern flank, economy, Russia",
        "Kremlin promises a response": "Eastern flank, economy, Russia",
        "Budget talks resume": "economy",
    }
    assert filter_items(shelf) == ["All tags", "air defence (1)", "Eastern flank (2)",
                                   "economy (3)", "NATO (0)", "Russia (2)"]
    assert sorted(shelf.selected_ids()) == sorted(  # the selection stays for the next step
        h.article.id for h in shelf.model.hits if h.article.title != "Budget talks resume")
    assert window.statusBar().currentMessage() == (
        "Tagged 2 articles “Russia”, “economy”, “Eastern flank” and took “NATO” off them")


def test_typing_a_tag_and_enter_tags_the_selection(window, qtbot, tmp_path, monkeypatch):
    location = str(tmp_path / "library.sqlite3")
    monkeypatch.setenv("BRIEFING_LIBRARY", location)
    fill(location)
    shelf = open_shelf(window, qtbot)
    select(shelf, "Budget talks resume")
    dialog = shelf.tagging.open_dialog()
    assert dialog is not None and dialog.windowTitle() == "Tag Article"
    assert dialog.item("economy").text(1) == "yes"
    qtbot.keyClicks(dialog.field, "Finance")
    qtbot.keyClick(dialog.field, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    assert tags_in_library(location)["Budget talks resume"] == ["economy", "Finance"]
    assert "Finance (1)" in filter_items(shelf)


def test_ctrl_t_in_the_pane_opens_the_dialog(window, qtbot, tmp_path, monkeypatch):
    location = str(tmp_path / "library.sqlite3")
    monkeypatch.setenv("BRIEFING_LIBRARY", location)
    fill(location)
    shelf = open_shelf(window, qtbot)
    select(shelf, "Budget talks resume", "Kremlin promises a response")
    window.activateWindow()
    shelf.table.setFocus()
    qtbot.keyClick(shelf.table, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: shelf.tagging.dialog is not None and shelf.tagging.dialog.isVisible())
    assert shelf.tagging.dialog.windowTitle() == "Tag 2 Articles"
    shelf.tagging.dialog.reject()


def test_a_tag_that_cannot_be_is_refused_in_the_dialog(window, qtbot, tmp_path, monkeypatch):
    location = str(tmp_path / "library.sqlite3")
    monkeypatch.setenv("BRIEFING_LIBRARY", location)
    fill(location)
    shelf = open_shelf(window, qtbot)
    select(shelf, "Budget talks resume")
    dialog = shelf.tagging.open_dialog()
    dialog.field.setText("x" * 101)
    dialog.apply_button.click()
    assert dialog.isVisible()  # kept open, with the reason
    assert dialog.problem.isVisibleTo(dialog) and "too long" in dialog.problem.text()
    dialog.field.setText("fine")
    assert not dialog.problem.isVisibleTo(dialog)
    dialog.reject()
    assert tags_in_library(location)["Budget talks resume"] == ["economy"]


def test_taking_off_the_filtered_tag_removes_the_rows(window, qtbot, tmp_path, monkeypatch):
    location = str(tmp_path / "library.sqlite3")
    monkeypatch.setenv("BRIEFING_LIBRARY", location)
    fill(location)
    shelf = open_shelf(window, qtbot)
    shelf.tag.setCurrentIndex(shelf.tag.findData("NATO"))
    assert shelf.model.rowCount() == 2
    select(shelf, "Kremlin promises a response")
    dialog = shelf.tagging.open_dialog()
    dialog.set_state("NATO", UNCHECKED)
    dialog.accept()
    assert [h.article.title for h in shelf.model.hits] == ["Patriot batteries for the east"]
    assert shelf.tag.currentData() == "NATO" and "NATO (1)" in filter_items(shelf)


def test_an_article_deleted_meanwhile_is_one_message_and_nothing_is_tagged(
        window, qtbot, errors, tmp_path, monkeypatch):
    location = str(tmp_path / "library.sqlite3")
    monkeypatch.setenv("BRIEFING_LIBRARY", location)
    ids = fill(location)
    shelf = open_shelf(window, qtbot)
    select(shelf, "Budget talks resume", "Kremlin promises a response")
    dialog = shelf.tagging.open_dialog()
    with open_library(location) as library:  # someone else, elsewhere
        library.delete(ids["Budget talks resume"])
    dialog.add_tag("checked")
    dialog.accept()
    assert [m for t, m in errors if t == "Library"] == [
        f"there is no article {ids['Budget talks resume']} in the library: someone deleted it "
        "meanwhile. Nothing was tagged; the list now shows the library as it is."]
    assert tags_in_library(location)["Kremlin promises a response"] == ["NATO", "Russia"]
    assert "Budget talks resume" not in shown_tags(shelf)  # refreshed


def test_a_server_gone_while_tagging_is_one_message(window, qtbot, errors, tmp_path,
                                                    monkeypatch):
    location = str(tmp_path / "library.sqlite3")
    monkeypatch.setenv("BRIEFING_LIBRARY", location)
    fill(location)
    shelf = open_shelf(window, qtbot)
    library = shelf.access.library()

    def gone(*_args, **_kwargs):
        raise LibraryUnavailable("db.example: the library server is not reachable")

    monkeypatch.setattr(library, "tag", gone)
    select(shelf, "Budget talks resume")
    dialog = shelf.tagging.open_dialog()
    dialog.add_tag("later")
    dialog.accept()
    assert [m for t, m in errors if t == "Library"] == [
        "db.example: the library server is not reachable"]
    assert not shelf.tagging.apply([1], TagChanges())  # nothing to do: no call, no message
    assert len(errors) == 1


def test_retagged_keeps_the_librarys_spelling_and_order():
    changes = TagChanges(add=["nato", "Zeta"], remove=["ALPHA"])
    assert retagged(["alpha", "Beta"], changes, {"nato": "NATO"}) == ["Beta", "NATO", "Zeta"]
