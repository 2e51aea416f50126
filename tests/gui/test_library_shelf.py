"""The Library pane's "All articles": lazy search results, filters, adding to the briefing,
the folder import, the Speaker completer, and a library that fails."""

from __future__ import annotations

import os
from datetime import UTC, datetime

import pytest
from PySide6.QtCore import QItemSelectionModel, QMimeData, QModelIndex, QPointF, Qt
from PySide6.QtGui import QDropEvent
from PySide6.QtTest import QAbstractItemModelTester

from briefing.core.library import open_library
from briefing.core.model import Article, Clip, ClipKind
from briefing.gui import commands
from briefing.gui.library_access import LibraryAccess
from briefing.gui.views.shelf import MIME_TYPE, PAGE_SIZE, LibraryPane, ShelfModel, ids_from_mime


def fill(count: int, **fields) -> list[int]:
    with open_library() as library:
        results = library.add_many(
            [Article(id="a", title=f"Report {n}", text=f"report number {n} about NATO air defence",
                     outlet="Reuters", published=f"2026-01-{1 + n % 28:02d}", **fields)
             for n in range(count)],
            tags=["NATO"],
        )
    return [r.article.id for r in results]


def show_all(window, qtbot) -> None:
    """Show "All articles" and wait for the library to open (in the background)."""
    window.library_link.pane.show_scope(LibraryPane.ALL_ARTICLES)
    qtbot.waitUntil(window.library_link.access.is_open, timeout=15_000)


def test_results_are_fetched_page_by_page(qapp, wait_library):
    fill(PAGE_SIZE * 2 + 5)
    access = LibraryAccess()
    wait_library(access)
    model = ShelfModel(access)
    QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    model.search("nato")
    assert model.rowCount() == PAGE_SIZE and model.canFetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    assert model.rowCount() == PAGE_SIZE * 2 + 5
    assert not model.canFetchMore(QModelIndex())
    ids = model.ids_of([model.index(0, 0), model.index(3, 1)])
    assert ids_from_mime(model.mimeData([model.index(0, 0), model.index(3, 1)])) == ids


def test_search_and_filters_in_the_pane(window, qtbot):
    fill(3)
    with open_library() as library:
        library.add(Article(id="a", title="Budget", text="the finance minister spoke"),
                    tags=["economy"], now=datetime(2026, 3, 14, tzinfo=UTC))
    show_all(window, qtbot)
    shelf = window.library_link.shelf
    assert shelf.model.rowCount() == 4
    qtbot.waitUntil(lambda: shelf.tag.count() == 3)  # the tags come just after the rows
    assert [shelf.tag.itemText(i) for i in range(shelf.tag.count())] == [
        "All tags", "economy (1)", "NATO (3)"]
    shelf.search.setText("minist*")
    qtbot.waitUntil(lambda: shelf.model.rowCount() == 1)
    assert shelf.model.index(0, 0).data() == "Budget"
    shelf.search.setText("")
    shelf.tag.setCurrentIndex(shelf.tag.findData("NATO"))
    qtbot.waitUntil(lambda: shelf.model.rowCount() == 3)
    assert shelf.status.text() == "3 articles"
    shelf.tag.setCurrentIndex(0)
    shelf.since.setText("2026-01-03")  # Report 2 only (Report 0, 1: the 1st and 2nd)
    qtbot.waitUntil(lambda: shelf.model.rowCount() == 2)  # and Budget: added on 2026-03-14
    shelf.since.setText("")
    shelf.outlet.setText("reuters")
    qtbot.waitUntil(lambda: shelf.model.rowCount() == 3)
    shelf.language.setText("fr")
    qtbot.waitUntil(lambda: shelf.model.rowCount() == 0)
    assert shelf.status.text() == "No article matches."


def test_since_and_until_in_the_pane_and_a_bad_date_says_so(window, qtbot):
    fill(4)  # published 2026-01-01 … 2026-01-04
    show_all(window, qtbot)
    shelf = window.library_link.shelf
    assert shelf.until.isVisibleTo(shelf) and shelf.until.placeholderText() == "Until"
    shelf.until.setText("2026-01-02")  # inclusive
    qtbot.waitUntil(lambda: shelf.model.rowCount() == 2)
    shelf.since.setText("2026-01-02")
    qtbot.waitUntil(lambda: shelf.model.rowCount() == 1)
    assert shelf.model.index(0, 0).data() == "Report 1" and shelf.status.text() == "1 articles"
    for bad in ("2026-02-30", "2026-1", "02.01.2026"):
        shelf.until.setText(bad)  # shown as wrong and left out: Since alone applies
        qtbot.waitUntil(lambda: f'"{bad}"' in shelf.status.text())  # noqa: B023 (waited here)
        assert shelf.model.rowCount() == 3
        assert shelf.until.property("invalid") is True
        assert shelf.status.text() == (
            f'Until "{bad}" is not a date (YYYY-MM-DD, or YYYY-MM for a month, YYYY for a '
            "year): not applied. 3 articles")
        assert shelf.filters().until == ""
    shelf.since.setText("2026-13-01")  # once taken as a prefix and sent to the search
    qtbot.waitUntil(lambda: shelf.model.rowCount() == 4)
    assert shelf.since.property("invalid") is True and "Since \"2026-13-01\"" in shelf.status.text()
    shelf.since.setText("")
    shelf.until.setText("2026-01")  # a whole month
    qtbot.waitUntil(lambda: not shelf.until.property("invalid"))
    assert shelf.model.rowCount() == 4 and shelf.filters().until == "2026-01"
    shelf.until.setText("2025")
    qtbot.waitUntil(lambda: shelf.model.rowCount() == 0)
    assert shelf.status.text() == "No article matches."


def select_row(table, row: int) -> None:
    """Select one row as a click does. Not `QTableView.selectRow`: with extended selection it
    follows the keyboard modifiers Qt believes are held, and a key test before this one (its
    Ctrl+Shift presses) can leave those set in the same process."""
    flags = (QItemSelectionModel.SelectionFlag.ClearAndSelect
             | QItemSelectionModel.SelectionFlag.Rows)
    table.selectionModel().select(table.model().index(row, 0), flags)
    table.selectionModel().setCurrentIndex(
        table.model().index(row, 0), QItemSelectionModel.SelectionFlag.NoUpdate)


def test_adding_to_the_briefing_by_button_enter_and_drop(window, qtbot):
    ids = fill(3)
    show_all(window, qtbot)
    shelf = window.library_link.shelf
    select_row(shelf.table, 0)
    shelf.add_button.click()
    briefing = window.session.briefing
    assert len(briefing.articles) == 1
    first = briefing.articles[0]
    assert first.library_id == str(shelf.model.hits[0].article.id) and len(first.text_sha256) == 64
    shelf.add_button.click()  # not twice
    assert len(briefing.articles) == 1
    select_row(shelf.table, 1)
    qtbot.keyClick(shelf.table, Qt.Key.Key_Return)
    assert len(briefing.articles) == 2
    mime = QMimeData()
    mime.setData(MIME_TYPE, str([ids[0], ids[1], ids[2]]).encode("ascii"))
    # Real drags cannot run offscreen: hand the drop event to the reader's drop filter.
    viewport = window.reader.text.viewport()
    drop = QDropEvent(QPointF(5, 5), Qt.DropAction.CopyAction, mime,
                      Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    assert window.library_link.drop_target.eventFilter(viewport, drop)
    assert len(briefing.articles) == 3
    assert not window.library_link.drop_target.drop(QMimeData())
    window.session.undo_stack.undo()  # one undo step per add
    assert len(briefing.articles) == 2
    with open_library() as library:
        assert library.get(ids[2]).uses in (0, 1)
        assert sum(library.get(i).uses for i in ids) >= 2


def test_open_in_the_reader(window, qtbot):
    ids = fill(1)
    show_all(window, qtbot)
    window.library_link.open_in_reader(ids[0])
    assert window.reader.article.title == "Report 0"
    assert not window.session.briefing.articles
    window.library_link.add_to_briefing(ids)
    window.library_link.open_in_reader(ids[0])
    assert window.library_link.pane.scope.currentIndex() == LibraryPane.THIS_BRIEFING
    assert window.library.current_article_id() == window.session.briefing.articles[0].id


def test_imported_articles_are_filed_in_the_library(window, wait_library):
    wait_library(window.library_link.access)
    article = Article(id="a-1", title="Imported", text="an imported article text")
    window.transfers.articlesRead.emit([article])
    assert window.session.briefing.articles[0].library_id != ""
    with open_library() as library:
        assert library.count("imported") == 1


def test_an_import_starts_opening_the_library_while_it_reads(window, qtbot, tmp_path):
    source = tmp_path / "imported.txt"
    source.write_text("Imported\n\nan imported article text", encoding="utf-8")
    access = window.library_link.access
    assert not access.opening() and not access.is_open()
    job = window.transfers.import_files([source])
    assert access.opening()  # so it is usually open when the articles arrive
    with qtbot.waitSignal(job.finished, timeout=30_000):
        pass
    qtbot.waitUntil(access.is_open, timeout=15_000)
    assert [a.title for a in window.session.briefing.articles] == ["Imported"]
    with open_library() as library:
        assert library.count("imported") == 1  # filed, with its id or as a copy


def test_a_paste_while_the_library_opens_is_filed_once_it_is_open(window, qtbot):
    access = window.library_link.access
    assert not access.is_open() and not access.opening()  # nothing opened it yet
    article = Article(id="a-1", title="Pasted", text="a pasted article text")
    window.transfers.articlesRead.emit([article])  # what a paste does, at once
    assert [a.title for a in window.session.briefing.articles] == ["Pasted"]  # not waiting
    assert access.opening()
    qtbot.waitUntil(access.is_open, timeout=15_000)
    with open_library() as library:
        assert library.count("pasted") == 1
    # Filed as a copy: the briefing's article was not changed behind the undo stack's back.
    assert window.session.briefing.articles[0].library_id == ""


def test_a_broken_library_is_one_message_and_the_briefing_works(window, qtbot, errors, tmp_path,
                                                               monkeypatch):
    broken = tmp_path / "broken.sqlite3"
    broken.write_bytes(b"not a database" * 100)
    monkeypatch.setenv("BRIEFING_LIBRARY", str(broken))
    link = window.library_link
    link.pane.show_scope(LibraryPane.ALL_ARTICLES)
    assert "Opening the library at" in link.shelf.status.text()
    qtbot.waitUntil(lambda: not link.access.opening(), timeout=15_000)
    for typed in ("x", "xy"):  # each search tries again: still one message
        link.shelf.search.setText(typed)
        link.shelf.refresh()
        qtbot.waitUntil(lambda: not link.access.opening(), timeout=15_000)
    library_errors = [e for e in errors if e[0] == "Library"]
    assert len(library_errors) == 1 and "damaged" in library_errors[0][1]
    assert "not available" in link.shelf.status.text()
    assert "damaged" in link.shelf.status.text() and link.shelf.table.isEnabled()
    window.transfers.articlesRead.emit([Article(id="a-1", title="Still", text="still works")])
    assert [a.title for a in window.session.briefing.articles] == ["Still"]
    qtbot.waitUntil(lambda: not link.access.opening(), timeout=15_000)
    assert len([e for e in errors if e[0] == "Library"]) == 1


def test_a_folder_is_imported_in_a_worker_with_progress(window, qtbot, tmp_path):
    folder = tmp_path / "articles"
    (folder / "sub").mkdir(parents=True)
    for n in range(7):
        (folder / ("sub" if n % 2 else "") / f"a{n}.txt").write_text(
            f"Article {n}\n\ntext of article number {n}", encoding="utf-8")
    (folder / "ignored.png").write_bytes(b"\x89PNG")
    progress = []
    job = window.library_link.import_folder(folder)
    job.progress.connect(lambda done, total: progress.append((done, total)))
    with qtbot.waitSignal(job.finished, timeout=30_000) as finished:
        pass
    assert finished.args[0] == 7 and finished.args[2] == []
    assert progress[-1] == (7, 7)
    with open_library() as library:
        assert library.count() == 7


def test_a_folder_import_can_be_cancelled(window, qtbot, tmp_path):
    folder = tmp_path / "many"
    folder.mkdir()
    for n in range(40):
        (folder / f"a{n}.txt").write_text(f"text {n}", encoding="utf-8")
    job = window.library_link.import_folder(folder)
    job.cancel()
    with qtbot.waitSignal(job.cancelled, timeout=30_000):
        pass
    assert window.library_link.folder_job is None
    assert "cancelled" in window.statusBar().currentMessage()


def test_the_speaker_field_completes_and_fills_the_role(window, qtbot, wait_library):
    with open_library() as library:
        library.remember_person("Volodymyr Zelensky", "President of Ukraine")
    wait_library(window.library_link.access)
    session = window.session
    article = Article(id="a-1", title="T", text="He said: we will win.")
    window.run(commands.add_articles(session, [article]))
    clip = Clip(id="c-1", article_id="a-1", kind=ClipKind.QUOTE, text="we will win.",
                start=9, end=21)
    from briefing.core import ops

    ops.add_clip(session.briefing, clip)
    window.inspector.show_clip("c-1")
    completer = window.library_link.completer
    assert completer is not None
    qtbot.keyClicks(completer.speaker, "zel")
    assert completer.names.stringList() == ["Volodymyr Zelensky"]
    completer.choose("Volodymyr Zelensky")
    assert completer.speaker.text() == "Volodymyr Zelensky"
    assert completer.role.text() == "President of Ukraine"
    # The same edits typing makes: the clip itself has the speaker and the role now.
    assert (clip.speaker, clip.speaker_role) == ("Volodymyr Zelensky", "President of Ukraine")
    completer.speaker.editingFinished.emit()
    with open_library() as library:
        assert library.people("volod")[0].uses == 2  # remembered again


@pytest.mark.skipif(os.environ.get("QT_QPA_PLATFORM") != "offscreen", reason="offscreen only")
def test_pane_scope_switch_keeps_the_briefing_view(window):
    pane = window.library_link.pane
    pane.show_scope(LibraryPane.ALL_ARTICLES)
    assert pane.stack.currentWidget() is window.library_link.shelf
    pane.show_scope(LibraryPane.THIS_BRIEFING)
    assert pane.stack.currentWidget() is window.library


def test_the_library_location_is_a_setting(window, qtbot, tmp_path, monkeypatch):
    monkeypatch.delenv("BRIEFING_LIBRARY")
    link = window.library_link
    other = tmp_path / "team.sqlite3"
    with open_library(other) as library:
        library.add(Article(id="a", title="From the other library", text="other text"))
    show_all(window, qtbot)
    link.set_location(str(other))
    qtbot.waitUntil(lambda: link.shelf.model.index(0, 0).data() == "From the other library",
                    timeout=15_000)
    assert link.access.location() == str(other)
    link.file_imports_action.setChecked(False)
    window.transfers.articlesRead.emit([Article(id="a-1", title="Kept out", text="not filed")])
    assert window.session.briefing.articles[0].library_id == ""
    link.set_location("")
    link.file_imports_action.setChecked(True)


def test_a_server_that_goes_away_is_reported_once_per_outage(qapp, wait_library):
    from briefing.core.library import LibraryUnavailable

    access = LibraryAccess()
    wait_library(access)
    shown: list[str] = []
    access.failed.connect(shown.append)

    def down(_library):
        raise LibraryUnavailable("db: the library server is not reachable")

    assert access.call(down, default="fallback") == "fallback"
    access.call(down)
    assert shown == ["db: the library server is not reachable"]
    assert access.call(lambda library: library.count()) == 0  # back
    access.call(down)
    assert len(shown) == 2
    access.close()
