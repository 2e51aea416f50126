"""The library panel: searching filters the table without choosing another article."""

from __future__ import annotations

from briefing.core.model import Article
from briefing.gui import commands
from briefing.gui.models import LibraryModel
from briefing.gui.views.library import LibraryView


def test_a_search_that_hides_the_selected_article_opens_no_other(session, qtbot):
    session.run(commands.add_articles(session, [
        Article(id="a-1", title="Bridge works", outlet="Daily", text="The bridge reopens."),
        Article(id="a-2", title="Harbour strike", outlet="Ledger", text="Dockers walk out."),
    ]))
    view = LibraryView(LibraryModel(session))
    qtbot.addWidget(view)
    view.select_article("a-1")
    chosen: list[str | None] = []
    view.articleSelected.connect(chosen.append)

    qtbot.keyClicks(view.search, "dockers")
    assert view.proxy.rowCount() == 1
    assert chosen == []  # not a-2, the row that took the hidden one's place
    assert view.current_article_id() is None

    view.search.clear()
    assert view.current_article_id() == "a-1"  # selected again, without announcing it
    assert chosen == []

    view.search.setText("bridge")
    assert view.current_article_id() == "a-1" and chosen == []
    view.select_article("a-2")  # choosing one hidden by the search clears the search
    assert view.search.text() == "" and chosen == ["a-2"]


def test_a_narrow_library_gives_the_outlet_column_up_for_the_titles(session, qtbot):
    session.run(commands.add_articles(session, [
        Article(id="a-1", title="Bridge works", outlet="Daily", text="The bridge reopens."),
    ]))
    view = LibraryView(LibraryModel(session))
    qtbot.addWidget(view)
    view.resize(240, 300)
    view.show()
    qtbot.waitExposed(view)
    assert view.table.isColumnHidden(LibraryModel.OUTLET)
    header = view.table.horizontalHeader()
    # the titles get the outlet's room, and every column fits without scrolling sideways
    assert header.sectionSize(LibraryModel.TITLE) > 2 * header.minimumSectionSize()
    assert not view.table.horizontalScrollBar().isVisible()

    view.resize(520, 300)
    qtbot.waitUntil(lambda: not view.table.isColumnHidden(LibraryModel.OUTLET), timeout=2_000)
