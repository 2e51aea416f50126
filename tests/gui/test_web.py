"""Add from URL in the app: the action, paste and drop of a link, progress, Cancel, failures.
Every page comes from a local server on 127.0.0.1."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QGuiApplication, QKeySequence

from benchmarks.web_site import LocalSite, article_page, story_text


@pytest.fixture
def site(monkeypatch):
    monkeypatch.setenv("BRIEFING_ALLOW_PRIVATE_HOSTS", "1")
    with LocalSite() as running:
        yield running


@pytest.fixture(autouse=True)
def _suggestions_done(window):
    """A shown article starts the quote finder in a thread of its own; let it end before the
    window goes, so no thread outlives the test."""
    yield
    window.suggestions.wait(120_000)


def test_the_action_has_ctrl_l(window):
    assert window.actions.add_from_url.shortcut() == QKeySequence("Ctrl+L")


def test_add_from_url_adds_the_article(window, site, qtbot, errors):
    url = site.page("/a", article_page("Harbour reopens", story_text(3)))
    job = window.transfers.add_from_url(url)
    with qtbot.waitSignal(job.finished, timeout=30_000):
        pass
    assert job.wait(30_000)  # the thread has ended, not only sent its result
    (article,) = window.session.briefing.articles
    assert article.title == "Harbour reopens" and article.accessed_at
    assert window.session.undo_stack.undoText().startswith("Import")
    assert errors == []


def test_the_dialog_offers_the_clipboard_url_and_cancel_adds_nothing(window, site, monkeypatch):
    from PySide6.QtWidgets import QInputDialog

    offered = []

    def answer(parent, title, label, mode, text):
        offered.append(text)
        return "", False

    monkeypatch.setattr(QInputDialog, "getText", answer)
    QGuiApplication.clipboard().setText("https://news.example/story")
    try:
        assert window.transfers.add_from_url() is None
    finally:
        QGuiApplication.clipboard().clear()
    assert offered == ["https://news.example/story"]
    assert window.session.briefing.articles == []


def test_intranet_pages_need_the_setting_or_the_environment(window, site, qtbot, errors,
                                                             monkeypatch):
    url = site.page("/intra", article_page("Intranet note", story_text(6)))
    monkeypatch.delenv("BRIEFING_ALLOW_PRIVATE_HOSTS")
    job = window.transfers.add_from_url(url)
    with qtbot.waitSignal(job.failed, timeout=30_000):
        pass
    assert job.wait(30_000)
    assert "intranet sources are off" in errors[0][1]
    window._settings.allow_intranet = True
    try:
        job = window.transfers.add_from_url(url)
        with qtbot.waitSignal(job.finished, timeout=30_000):
            pass
        assert job.wait(30_000)
    finally:
        window._settings.allow_intranet = False
    assert [a.title for a in window.session.briefing.articles] == ["Intranet note"]


def test_a_failure_is_one_message(window, site, qtbot, errors):
    job = window.transfers.add_from_url(site.url("/missing"))
    with qtbot.waitSignal(job.failed, timeout=30_000):
        pass
    assert job.wait(30_000)  # the thread has ended, not only sent its result
    assert errors and "HTTP 404" in errors[0][1]
    assert window.session.briefing.articles == []


def test_cancel_stops_a_slow_fetch(window, site, qtbot):
    job = window.transfers.add_from_url(site.slow("/slow", seconds_per_byte=0.05))
    with qtbot.waitSignal(job.cancelled, timeout=30_000):
        window.transfers.cancel()
    assert job.wait(30_000)  # the thread has ended, not only sent its result
    assert window.session.briefing.articles == []
    assert window.transfers.url_job is None


def test_pasting_a_link_fetches_its_article(window, site, qtbot):
    url = site.page("/p", article_page("Pasted link", story_text(4)))
    QGuiApplication.clipboard().setText(url)
    try:
        window.actions.paste_article.trigger()
        job = window.transfers.url_job
        assert job is not None
        with qtbot.waitSignal(job.finished, timeout=30_000):
            pass
    finally:
        QGuiApplication.clipboard().clear()
    assert [a.title for a in window.session.briefing.articles] == ["Pasted link"]


def test_dropping_a_link_from_a_browser_fetches_it(window, site, qtbot):
    url = site.page("/d", article_page("Dropped link", story_text(5)))
    data = QMimeData()
    data.setUrls([QUrl(url)])
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, data,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    # As a real drag: Qt delivers the drop only to the widget that accepted its enter.
    enter = QDragEnterEvent(QPoint(10, 10), Qt.DropAction.CopyAction, data,
                            Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QGuiApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    QGuiApplication.sendEvent(window, event)
    job = window.transfers.url_job
    assert job is not None
    with qtbot.waitSignal(job.finished, timeout=30_000):
        pass
    assert job.wait(30_000)  # the thread has ended, not only sent its result
    assert [a.title for a in window.session.briefing.articles] == ["Dropped link"]


def test_the_feeds_pane_adds_refreshes_and_files_in_the_library(window, site, qtbot, errors,
                                                                wait_library):
    from benchmarks.web_site import rss_feed

    site.page("/f1", article_page("Feed story one", story_text(21)))
    site.page("/f2", article_page("Feed story two", story_text(22)))
    feed = site.page("/feed.rss", rss_feed("Wire", [("1", site.url("/f1"), "One"),
                                                    ("2", site.url("/f2"), "Two")],
                                           base=site.base))  # fmt: skip
    panel = window.feeds_panel
    assert window.feeds_dock.windowTitle() == "Feeds"
    wait_library(window.library_link.access)
    assert panel.add_feed(feed)
    assert not panel.add_feed("ftp://x.example/feed") and "http(s)" in errors[-1][1]
    job = panel.refresh()
    with qtbot.waitSignal(panel.refreshed, timeout=60_000) as blocker:
        pass
    assert job.wait(30_000)
    assert blocker.args == [2]
    assert panel.list.item(0).text() == "Wire  (2 unread)"
    from briefing.core.library import SearchFilters, open_library

    with open_library() as library:
        titles = sorted(h.article.title for h in library.search("", SearchFilters()))
    assert titles == ["Feed story one", "Feed story two"]
    panel.list.setCurrentRow(0)
    panel.remove_selected()
    assert panel.list.count() == 0
