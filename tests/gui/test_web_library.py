"""The web in the Library pane: unread marks (bold rows, the Unread filter, Mark as Read /
Unread, opening marks read, the Feeds pane's counts follow), partial texts shown as such, and
the proxy setting used by Add from URL."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from PySide6.QtCore import Qt

from benchmarks.web_site import LocalSite, article_page, story_text
from briefing.core.library import open_library
from briefing.core.library.feeds import LibraryFeedStore
from briefing.core.model import Article
from briefing.gui.views.shelf import PARTIAL_MARK, LibraryPane, UnreadRole
from briefing.gui.web import PROXY_KEY, fetch_policy

NOW = datetime(2026, 12, 1, 6, 0, tzinfo=UTC)


def _file_from_feed() -> tuple[int, list[int]]:
    """A feed with two unread articles (one partial) and one article filed by hand."""
    with open_library() as library:
        store = LibraryFeedStore(library)
        feed, _ = store.add_feed("https://news.example/wire.rss", ["wire"], NOW)
        ids = []
        for n, partial in ((1, False), (2, True)):
            article = Article(
                id=f"a{n}", title=f"Wire story {n}", outlet="Wire", source_kind="url",
                text="\n\n".join(story_text(40 + n)),
                description=f"Summary of story {n}", accessed_at="2026-12-01T06:00:00Z",
                partial=partial, partial_reason="the text stops at a paywall" if partial else "",
            )  # fmt: skip
            ident = store.file_article(article, feed, n, NOW)
            assert ident is not None
            ids.append(int(ident))
        library.add(Article(id="h", title="Hand filed", text="\n\n".join(story_text(60))),
                    now=NOW)
    return feed.id, ids


def _row_of(shelf, ident: int) -> int:  # type: ignore[no-untyped-def]
    return next(r for r, hit in enumerate(shelf.model.hits) if hit.article.id == ident)


def _bold(shelf, row: int) -> bool:  # type: ignore[no-untyped-def]
    font = shelf.model.index(row, 0).data(Qt.ItemDataRole.FontRole)
    return font is not None and font.bold()


@pytest.fixture(autouse=True)
def _suggestions_done(window):  # type: ignore[no-untyped-def]
    yield
    window.suggestions.wait(120_000)


def test_unread_rows_are_bold_and_partial_ones_say_so(window, wait_library) -> None:  # type: ignore[no-untyped-def]
    _feed, (first, second) = _file_from_feed()
    wait_library(window.library_link.access)
    window.library_link.pane.show_scope(LibraryPane.ALL_ARTICLES)
    shelf = window.library_link.shelf
    assert shelf.model.rowCount() == 3
    assert _bold(shelf, _row_of(shelf, first)) and _bold(shelf, _row_of(shelf, second))
    hand = next(r for r, h in enumerate(shelf.model.hits) if h.article.title == "Hand filed")
    assert not _bold(shelf, hand) and not shelf.model.index(hand, 0).data(UnreadRole)
    partial = shelf.model.index(_row_of(shelf, second), 0)
    assert partial.data() == f"{PARTIAL_MARK} Wire story 2"
    assert shelf.model.index(_row_of(shelf, first), 0).data() == "Wire story 1"
    tip = partial.data(Qt.ItemDataRole.ToolTipRole)
    assert "Partial text: the text stops at a paywall" in tip and "Summary of story 2" in tip
    assert "Unread" in tip
    shelf.unread_only.setChecked(True)
    assert sorted(h.article.id for h in shelf.model.hits) == sorted([first, second])


def test_mark_read_and_unread_and_the_feeds_pane_counts_follow(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    feed_id, (first, second) = _file_from_feed()
    panel = window.feeds_panel
    panel.reload()
    assert panel.list.item(0).text().startswith("Opening the library at ")
    assert not panel.add_button.isEnabled()
    qtbot.waitUntil(lambda: "(2 unread)" in panel.list.item(0).text(), timeout=15_000)
    assert panel.list.item(0).text() == "https://news.example/wire.rss  (2 unread)"
    assert panel.add_button.isEnabled()
    window.library_link.pane.show_scope(LibraryPane.ALL_ARTICLES)
    shelf = window.library_link.shelf
    shelf.table.selectionModel().select(
        shelf.model.index(_row_of(shelf, first), 0),
        shelf.table.selectionModel().SelectionFlag.ClearAndSelect
        | shelf.table.selectionModel().SelectionFlag.Rows,
    )  # fmt: skip
    assert shelf.mark_read_action in shelf.table.actions()
    shelf.mark_read_action.trigger()
    assert not _bold(shelf, _row_of(shelf, first))
    assert panel.list.item(0).text() == "https://news.example/wire.rss  (1 unread)"
    shelf.mark_unread_action.trigger()
    assert _bold(shelf, _row_of(shelf, first))
    assert panel.list.item(0).text() == "https://news.example/wire.rss  (2 unread)"
    # Opening an article in the reader is reading it.
    window.library_link.open_in_reader(second)
    assert not _bold(shelf, _row_of(shelf, second))
    with open_library() as library:
        assert not library.get(second).unread and library.get(first).unread
        assert LibraryFeedStore(library).unread_counts() == {feed_id: 1}


def test_a_library_article_copied_into_the_briefing_keeps_its_web_facts(  # type: ignore[no-untyped-def]
        window, wait_library) -> None:
    _feed, (_first, second) = _file_from_feed()
    wait_library(window.library_link.access)
    [article] = window.library_link.add_to_briefing([second])
    assert (article.description, article.accessed_at, article.partial) == (
        "Summary of story 2", "2026-12-01T06:00:00Z", True)


def test_the_proxy_setting_is_used_by_add_from_url(window, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from local_proxy import LocalProxy  # tests/local_proxy.py

    monkeypatch.setenv("BRIEFING_ALLOW_PRIVATE_HOSTS", "1")
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "http_proxy", "https_proxy",
                 "no_proxy"):  # fmt: skip
        monkeypatch.delenv(name, raising=False)
    settings = window._settings
    assert fetch_policy(settings).proxy is None  # empty: the environment decides
    with LocalSite() as site, LocalProxy() as proxy:
        url = site.page("/p", article_page("Via the office proxy", story_text(5)))
        settings.qsettings.setValue(PROXY_KEY, proxy.url)
        assert fetch_policy(settings).proxy == proxy.url
        job = window.transfers.add_from_url(url)
        with qtbot.waitSignal(job.finished, timeout=30_000):
            pass
        assert job.wait(30_000)
        assert [t for _, t, _ in proxy.requests] == [url]
    assert [a.title for a in window.session.briefing.articles] == ["Via the office proxy"]


def test_the_proxy_setting_speaks_the_fetchers_language(window) -> None:  # type: ignore[no-untyped-def]
    from briefing.gui.settings import proxy_problem

    settings = window._settings
    settings.proxy = "Direct"  # never a proxy, whatever the environment says
    assert settings.proxy == "direct" and fetch_policy(settings).proxy == "direct"
    settings.proxy = "proxy.example:3128"
    assert fetch_policy(settings).proxy == "http://proxy.example:3128"
    settings.proxy = ""
    assert fetch_policy(settings).proxy is None  # the environment decides
    assert "starts with" in proxy_problem("socks5://127.0.0.1:1080")  # the fetcher has no SOCKS
    settings.qsettings.setValue(PROXY_KEY, "http://no-port.example")  # hand-edited, unusable
    assert fetch_policy(settings).proxy is None


def test_a_feed_double_clicked_shows_its_articles_in_the_library(window, wait_library) -> None:  # type: ignore[no-untyped-def]
    _feed, ids = _file_from_feed()
    wait_library(window.library_link.access)
    panel = window.feeds_panel
    panel.reload()
    panel.show_articles(panel.list.item(0))
    shelf = window.library_link.shelf
    assert window.library_link.pane.stack.currentIndex() == LibraryPane.ALL_ARTICLES
    assert sorted(h.article.id for h in shelf.model.hits) == sorted(ids)  # not the hand-filed
    assert shelf.feed_button.isVisibleTo(shelf) and "wire.rss" in shelf.feed_button.text()
    shelf.feed_button.click()
    assert shelf.model.rowCount() == 3 and not shelf.feed_button.isVisibleTo(shelf)
