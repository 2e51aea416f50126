"""The Feeds pane: subscriptions with unread counts; add, remove, refresh now, and a refresh
every N minutes while the app runs. Refreshing runs in a worker thread (it opens its own
library and feeds-store connections there) and files new articles in the library."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
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
from briefing.core.feeds_store import SqliteFeedStore, default_store_path
from briefing.core.web.fetcher import FetchPolicy
from briefing.gui import messages
from briefing.gui.web import is_web_url
from briefing.gui.workers import _Job, _WorkerThread

REFRESH_KEY = "web/feed_refresh_minutes"
DEFAULT_REFRESH_MINUTES = 30


class FeedsJob(_Job):
    """Refresh every feed; `finished` carries one line per feed ("url: 2 new, …")."""

    finished = Signal(list, int)  # list[str] lines, articles filed
    failed = Signal(str)

    def __init__(
        self, store_path: Path, library_location: str, allow_intranet: bool,
        parent: QObject | None = None,
    ) -> None:  # fmt: skip
        super().__init__(parent)
        self.store_path = store_path
        self.library_location = library_location
        self.policy = FeedPolicy(fetch=FetchPolicy(allow_private=True if allow_intranet else None))

    def start(self) -> None:
        self._start_thread(self._work)

    def _work(self, thread: _WorkerThread) -> object:
        from briefing.core.library import open_library

        self.policy.cancelled = thread.cancel_requested.is_set
        library = open_library(self.library_location)
        try:
            with SqliteFeedStore(self.store_path, library=library) as store:
                results = refresh_feeds(store, now=datetime.now(UTC), policy=self.policy)
        finally:
            library.close()
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

    def __init__(self, window: Any, store_path: Path | None = None) -> None:
        super().__init__()
        self.window = window
        self.store_path = store_path or default_store_path()
        self.job: FeedsJob | None = None
        self.list = QListWidget()
        self.list.setObjectName("feedsList")
        add = QPushButton("Add…")
        add.clicked.connect(lambda: self.add_feed())
        remove = QPushButton("Remove")
        remove.clicked.connect(self.remove_selected)
        self.refresh_button = QPushButton("Refresh")
        self.refresh_button.clicked.connect(lambda: self.refresh())
        buttons = QHBoxLayout()
        for button in (add, remove, self.refresh_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.list)
        layout.addLayout(buttons)
        self.timer = QTimer(self)
        self.timer.timeout.connect(lambda: self.refresh(quiet=True))
        minutes = self._int_setting(REFRESH_KEY, DEFAULT_REFRESH_MINUTES)
        if minutes > 0:
            self.timer.start(minutes * 60_000)
        self.reload()

    def _int_setting(self, key: str, default: int) -> int:
        try:
            return int(str(self.window._settings.qsettings.value(key, str(default))).strip())
        except ValueError:
            return default

    def _store(self) -> SqliteFeedStore:
        return SqliteFeedStore(self.store_path)

    def feeds(self) -> list[Feed]:
        with self._store() as store:
            return store.feeds()

    def reload(self) -> None:
        self.list.clear()
        try:
            with self._store() as store:
                feeds, unread = store.feeds(), store.unread_counts()
        except BriefingError as exc:
            self.list.addItem(str(exc))
            return
        for feed in feeds:
            count = unread.get(feed.id, 0)
            text = f"{feed.title or feed.url}  ({count} unread)" if count else (
                feed.title or feed.url
            )  # fmt: skip
            if feed.last_error:
                text += f"  — failed: {feed.last_error}"
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, feed.id)
            item.setToolTip(feed.url)
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
        with self._store() as store:
            store.add_feed(url, [], datetime.now(UTC))
        self.reload()
        return True

    def remove_selected(self) -> None:
        item = self.list.currentItem()
        if item is None or item.data(Qt.ItemDataRole.UserRole) is None:
            return
        with self._store() as store:
            store.remove_feed(str(item.data(Qt.ItemDataRole.UserRole)))
        self.reload()

    def refresh(self, *, quiet: bool = False) -> FeedsJob | None:
        if self.job is not None or not self.feeds():
            return None
        link = self.window.library_link
        job = FeedsJob(
            self.store_path, link.access.location(), self.window._settings.allow_intranet, self
        )
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
    return panel
