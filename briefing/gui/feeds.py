"""The Feeds pane: subscriptions with unread counts; add, remove, refresh now, and a refresh
every N minutes while the app runs. The feeds live in the library (its unread marks give the
counts); refreshing runs in a worker thread with its own library connection and files new
articles there."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QInputDialog,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from briefing.core.errors import BriefingError
from briefing.core.feeds import Feed, FeedPolicy, refresh_feeds
from briefing.core.feeds_store import open_feed_store
from briefing.core.library import Library
from briefing.core.library.feeds import LibraryFeedStore
from briefing.core.web.fetcher import FetchPolicy
from briefing.gui import messages
from briefing.gui.web import fetch_policy, is_web_url
from briefing.gui.workers import _Job, _WorkerThread

REFRESH_KEY = "web/feed_refresh_minutes"
DEFAULT_REFRESH_MINUTES = 30


class FeedsJob(_Job):
    """Refresh every feed; `finished` carries one line per feed ("url: 2 new, …")."""

    finished = Signal(list, int)  # list[str] lines, articles filed
    failed = Signal(str)

    def __init__(
        self, library_location: str, policy: FetchPolicy, parent: QObject | None = None,
    ) -> None:  # fmt: skip
        super().__init__(parent)
        self.library_location = library_location
        self.policy = FeedPolicy(fetch=policy)

    def start(self) -> None:
        self._start_thread(self._work)

    def _work(self, thread: _WorkerThread) -> object:
        from briefing.core.library import open_library

        self.policy.cancelled = thread.cancel_requested.is_set
        with open_library(self.library_location) as library:
            store = open_feed_store(library)
            results = refresh_feeds(store, now=datetime.now(UTC), policy=self.policy)
        lines = [f"{r.feed.title or r.feed.url}: {r.summary()}" for r in results]
        return lines, sum(len(r.new) for r in results)

    def _emit_progress(self, value: object) -> None:
        pass

    def _emit_success(self, result: object) -> None:
        lines, filed = result  # type: ignore[misc]
        self.finished.emit(lines, filed)

    def _emit_failure(self, message: str) -> None:
        self.failed.emit(message)


class FeedsPanel(QWidget):
    """`window` is the main window: its library link, settings and status bar are used."""

    refreshed = Signal(int)  # articles filed by the refresh that just ended

    def __init__(self, window: Any) -> None:
        super().__init__()
        self.window = window
        self.loaded = False
        self.job: FeedsJob | None = None
        self.list = QListWidget()
        self.list.setObjectName("feedsList")
        self.list.setToolTip("Double-click a feed to see its articles in the library")
        self.list.itemActivated.connect(self.show_articles)
        add = QPushButton("Add…")
        add.clicked.connect(lambda: self.add_feed())
        self.add_button = add
        remove = QPushButton("Remove")
        remove.clicked.connect(self.remove_selected)
        self.refresh_button = QPushButton("Refresh")
        self.refresh_button.clicked.connect(lambda: self.refresh())
        buttons = QHBoxLayout()
        for button in (add, remove, self.refresh_button):
            buttons.addWidget(button)
        self._buttons = (add, remove, self.refresh_button)
        access = window.library_link.access
        # The library opens in the background: the list is read once it is open.
        access.opened.connect(lambda: self.reload() if self.loaded else None)
        access.openingChanged.connect(self._opening)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.list)
        layout.addLayout(buttons)
        self.timer = QTimer(self)
        self.timer.timeout.connect(lambda: self.refresh(quiet=True))
        minutes = self._int_setting(REFRESH_KEY, DEFAULT_REFRESH_MINUTES)
        if minutes > 0:
            self.timer.start(minutes * 60_000)

    def _int_setting(self, key: str, default: int) -> int:
        try:
            return int(str(self.window._settings.qsettings.value(key, str(default))).strip())
        except ValueError:
            return default

    def _with_store(self, work: Callable[[LibraryFeedStore], object], default: object = None
                    ) -> object:
        """`work(store)` on the library's feeds; `default` (reported by the library link)
        when the library cannot be used."""

        def call(library: Library) -> object:
            return work(open_feed_store(library))

        try:
            return self.window.library_link.access.call(call, default=default)
        except BriefingError as exc:  # an unreadable old feeds file: say so, go on
            messages.show_error(self, "Feeds", str(exc))
            return default

    def _opening(self, opening: bool) -> None:
        for button in self._buttons:
            button.setEnabled(not opening and (button is not self.refresh_button
                                               or self.job is None))
        if not opening and self.loaded and not self.window.library_link.access.is_open():
            self.reload()  # it failed: say so in the list (the dialog was shown once)

    def feeds(self) -> list[Feed]:
        return self._with_store(lambda store: store.feeds(), default=[])  # type: ignore[return-value]

    def load(self) -> None:
        """Fill the pane the first time it is shown (the library opens then, not at start)."""
        if not self.loaded:
            self.reload()

    def reload(self) -> None:
        self.loaded = True
        self.list.clear()
        access = self.window.library_link.access
        if not access.is_open():
            if access.open_error and not access.opening():
                # Not tried again from here: that failure's end would reload, and so on.
                self.list.addItem(f"The library is not available: {access.open_error}")
            else:
                access.library()  # starts opening it; `opened` reloads
                self.list.addItem(f"Opening the library at {access.shown_location()}…")
            return
        found = self._with_store(lambda store: (store.feeds(), store.unread_counts()))
        if found is None:
            self.list.addItem("The library is not available.")
            return
        feeds, unread = found  # type: ignore[misc]
        for feed in feeds:
            count = unread.get(feed.id, 0)
            text = f"{feed.title or feed.url}  ({count} unread)" if count else (
                feed.title or feed.url
            )  # fmt: skip
            if feed.last_error:
                text += f"  — failed: {feed.last_error}"
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, feed.id)
            item.setData(Qt.ItemDataRole.UserRole + 1, feed.title or feed.url)
            item.setToolTip(f"{feed.url}\nDouble-click to see its articles in the library")
            self.list.addItem(item)

    def add_feed(self, url: str | None = None) -> bool:
        if url is None:
            url, accepted = QInputDialog.getText(
                self, "Add Feed", "Address of the RSS, Atom or JSON feed:",
                QLineEdit.EchoMode.Normal, "",
            )  # fmt: skip
            if not accepted:
                return False
        url = url.strip()
        if not is_web_url(url):
            messages.show_error(self, "Add Feed", f"{url}: a feed address starts with http(s)://")
            return False
        added = self._with_store(lambda store: store.add_feed(url, [], datetime.now(UTC)))
        self.reload()
        return added is not None

    def remove_selected(self) -> None:
        item = self.list.currentItem()
        if item is None or item.data(Qt.ItemDataRole.UserRole) is None:
            return
        ident = str(item.data(Qt.ItemDataRole.UserRole))
        self._with_store(lambda store: store.remove_feed(ident))
        self.reload()

    def show_articles(self, item: QListWidgetItem | None = None) -> None:
        """Show the feed's articles in the Library pane (its unread ones in bold)."""
        from briefing.gui.views.shelf import LibraryPane

        item = item or self.list.currentItem()
        if item is None or item.data(Qt.ItemDataRole.UserRole) is None:
            return
        link = self.window.library_link
        link.pane.show_scope(LibraryPane.ALL_ARTICLES)
        link.shelf.show_feed(int(item.data(Qt.ItemDataRole.UserRole)),
                             str(item.data(Qt.ItemDataRole.UserRole + 1)))
        self.window.library_dock.raise_()

    def refresh(self, *, quiet: bool = False) -> FeedsJob | None:
        if self.job is not None or not self.feeds():
            return None
        link = self.window.library_link
        job = FeedsJob(link.access.location(), fetch_policy(self.window._settings), self)
        self.job = job
        self.refresh_button.setEnabled(False)
        job.finished.connect(lambda lines, filed: self._done(lines, filed, quiet))
        job.failed.connect(lambda message: self._failed(message, quiet))
        job.cancelled.connect(lambda: self._done([], 0, True))
        self.window.statusBar().showMessage("Refreshing the feeds…")
        job.start()
        return job

    def _end_job(self) -> None:
        self.job = None
        self.refresh_button.setEnabled(True)
        self.reload()

    def _done(self, lines: list[str], filed: int, quiet: bool) -> None:
        self._end_job()
        self.window.statusBar().showMessage(f"Feeds refreshed: {filed} new article(s)", 8000)
        self.window.library_link.shelf.refresh()
        self.setToolTip("\n".join(lines))
        self.refreshed.emit(filed)

    def _failed(self, message: str, quiet: bool) -> None:
        self._end_job()
        if quiet:  # the timer's refresh: a passing note, not a dialog in the analyst's face
            self.window.statusBar().showMessage(f"Feeds not refreshed: {message}", 8000)
        else:
            messages.show_error(self, "Cannot refresh the feeds", message)
        self.refreshed.emit(0)

    def stop(self) -> None:
        self.timer.stop()
        if self.job is not None:
            self.job.cancel()
            self.job.wait(30_000)


def install_feeds(window: Any) -> FeedsPanel:
    """The Feeds pane as a dock tabbed with the window's suggestions dock."""
    panel = FeedsPanel(window)
    dock = window._dock("Feeds", "feedsDock", panel, Qt.DockWidgetArea.LeftDockWidgetArea)
    window.tabifyDockWidget(window.suggestions_dock, dock)
    window.tray_dock.raise_()
    window.feeds_dock = dock
    dock.visibilityChanged.connect(lambda shown: panel.load() if shown else None)
    window.library_link.shelf.unreadChanged.connect(panel.reload)
    return panel
