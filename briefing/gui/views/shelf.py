"""The Library pane: "This briefing" (the briefing's own articles) or "All articles" (the
library, searched as you type, filtered, fetched page by page so 100,000 articles stay fast).
Articles that came in from feeds and were not opened yet are shown in bold ("unread"); a
partial text (paywall, teaser) says so before its title.

Adding to the briefing (button, Enter, or dragging rows onto the reader) copies the library
articles through the window's undo-able add; nothing here changes a briefing itself. Tagging
the selected rows ("Tag…", Ctrl+T) lives in `shelf_tagging`. Since and Until take a day, a
month or a year (`core.library.dates`); anything else is outlined and named, not searched.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QFont, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from briefing.core.library import LibraryError, SearchFilters, SearchHit
from briefing.core.library.dates import FORMAT_HINT, date_bound
from briefing.gui.library_access import LibraryAccess
from briefing.gui.views.shelf_tagging import ShelfTagging

MIME_TYPE = "application/x-briefing-library-ids"
PAGE_SIZE = 100
SEARCH_DELAY_MS = 150
LibraryIdRole = Qt.ItemDataRole.UserRole + 1
UnreadRole = Qt.ItemDataRole.UserRole + 2
PARTIAL_MARK = "[partial]"
_Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()  # the invalid index: the table's root


class ShelfModel(QAbstractTableModel):
    """Search results from the library, fetched a page at a time as the view scrolls."""

    TITLE, OUTLET, DATE, TAGS = range(4)
    HEADERS = ("Title", "Outlet", "Date", "Tags")

    def __init__(self, access: LibraryAccess, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.access = access
        self.hits: list[SearchHit] = []
        self.query = ""
        self.filters = SearchFilters()
        self._more = False
        self.error = ""

    # ---- fetching ------------------------------------------------------------------------------
    def search(self, query: str, filters: SearchFilters | None = None) -> None:
        self.beginResetModel()
        self.query, self.filters = query, filters or SearchFilters()
        self.hits, self._more = [], True
        self.error = ""
        self.hits = self._fetch_page()
        self.endResetModel()

    def _fetch_page(self) -> list[SearchHit]:
        page = self.access.call(
            lambda lib: lib.search(self.query, self.filters, limit=PAGE_SIZE,
                                   offset=len(self.hits)),
            default=None,
        )
        if page is None:
            self._more = False
            # While it opens the pane says so; the search runs again once it is open.
            self.error = "" if self.access.opening() else "The library is not available."
            return []
        self._more = len(page) == PAGE_SIZE  # type: ignore[arg-type]
        return list(page)  # type: ignore[call-overload]

    def canFetchMore(self, parent: _Index = _ROOT) -> bool:
        return not parent.isValid() and self._more

    def fetchMore(self, parent: _Index = _ROOT) -> None:
        if parent.isValid() or not self._more:
            return
        page = self._fetch_page()
        if page:
            start = len(self.hits)
            self.beginInsertRows(QModelIndex(), start, start + len(page) - 1)
            self.hits.extend(page)
            self.endInsertRows()

    # ---- the model -----------------------------------------------------------------------------
    def rowCount(self, parent: _Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.hits)

    def columnCount(self, parent: _Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.hits):
            return None
        hit = self.hits[index.row()]
        article = hit.article
        if role == LibraryIdRole:
            return article.id
        if role == Qt.ItemDataRole.DisplayRole:
            # First, not after the title: a narrow pane cuts the end of long titles off.
            title = f"{PARTIAL_MARK} {article.title}" if article.partial else article.title
            return (title, article.outlet, article.published or article.added_at[:10],
                    ", ".join(article.tags))[index.column()]
        if role == Qt.ItemDataRole.FontRole and article.unread:
            font = QFont()
            font.setBold(True)
            return font
        if role == UnreadRole:
            return article.unread
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [article.title, article.outlet]
            if article.unread:
                lines.append("Unread: came in from a feed, not opened yet")
            if article.partial:
                lines.append(f"Partial text: {article.partial_reason or 'a teaser'}")
            if article.description:
                lines += ["", article.description]
            return "\n".join([*lines, "", hit.snippet.text])
        return None

    def set_unread(self, ids: list[int], unread: bool) -> None:
        """Show the new mark on the rows of these articles (the library is changed by the
        caller)."""
        wanted = set(ids)
        for row, hit in enumerate(self.hits):
            if hit.article.id in wanted and hit.article.unread != unread:
                hit.article.unread = unread
                self.dataChanged.emit(self.index(row, 0), self.index(row, self.TAGS))

    def set_tags(self, tags: dict[int, list[str]]) -> None:
        """Show new tags on the rows of these articles (tagged by the caller)."""
        for row, hit in enumerate(self.hits):
            if hit.article.id in tags:
                hit.article.tags = list(tags[hit.article.id])
                self.dataChanged.emit(self.index(row, self.TAGS), self.index(row, self.TAGS))

    def flags(self, index: _Index) -> Qt.ItemFlag:
        base = super().flags(index)
        return base | Qt.ItemFlag.ItemIsDragEnabled if index.isValid() else base

    def mimeTypes(self) -> list[str]:
        return [MIME_TYPE]

    def mimeData(self, indexes: list[QModelIndex]) -> QMimeData:
        mime = QMimeData()
        mime.setData(MIME_TYPE, json.dumps(self.ids_of(indexes)).encode("ascii"))
        return mime

    def ids_of(self, indexes: list[QModelIndex]) -> list[int]:
        rows = sorted({i.row() for i in indexes if i.isValid()})
        return [self.hits[r].article.id for r in rows if r < len(self.hits)]


def ids_from_mime(mime: QMimeData | None) -> list[int]:
    if mime is None or not mime.hasFormat(MIME_TYPE):
        return []
    try:
        value = json.loads(bytes(mime.data(MIME_TYPE).data()).decode("ascii"))
    except ValueError:
        return []
    return [int(v) for v in value if isinstance(v, int)] if isinstance(value, list) else []


class ShelfView(QWidget):
    """Search box, filters and the result table of the whole library."""

    addRequested = Signal(list)  # library ids
    openRequested = Signal(int)  # a library id
    importFolderRequested = Signal()
    unreadChanged = Signal()  # articles were marked read or unread here

    def __init__(self, access: LibraryAccess, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shelf")
        self.access = access
        self.model = ShelfModel(access, self)

        self.search = QLineEdit()
        self.search.setObjectName("shelfSearch")
        self.search.setPlaceholderText('Search the library: words, "phrase", OR, -not, pre*')
        self.search.setClearButtonEnabled(True)
        self.tag = QComboBox()
        self.tag.setObjectName("shelfTag")
        self.tag.setToolTip("Only articles with this tag")
        self.outlet = QLineEdit()
        self.outlet.setObjectName("shelfOutlet")
        self.outlet.setPlaceholderText("Outlet")
        self.outlet.setToolTip("Only articles from this outlet")
        self.language = QLineEdit()
        self.language.setObjectName("shelfLanguage")
        self.language.setPlaceholderText("Lang.")
        self.language.setToolTip("Only articles in this language (en, ru, zh …)")
        self.language.setMaximumWidth(self.fontMetrics().horizontalAdvance("Lang.") + 24)
        self.since = self._date_field("shelfSince", "Since", "on or after this date")
        self.until = self._date_field("shelfUntil", "Until", "on or before this date")
        self.unused = QCheckBox("Not used yet")
        self.unused.setObjectName("shelfUnused")
        self.unused.setToolTip("Only articles not yet copied into any briefing")
        self.unread_only = QCheckBox("Unread")
        self.unread_only.setObjectName("shelfUnread")
        self.unread_only.setToolTip("Only articles from feeds not opened yet")
        self.unread_only.toggled.connect(lambda _on: self.refresh())
        self.feed = 0  # only the articles of this feed (set from the Feeds pane); 0: any
        self.feed_button = QPushButton()
        self.feed_button.setObjectName("shelfFeed")
        self.feed_button.setToolTip("Showing one feed's articles: click to show all again")
        self.feed_button.clicked.connect(lambda: self.show_feed(0))
        self.feed_button.hide()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda _text: self._timer.start())
        for edit in (self.outlet, self.language, self.since, self.until):
            edit.textChanged.connect(lambda _text: self._timer.start())
        self.tag.currentIndexChanged.connect(lambda _i: self.refresh())
        self.unused.toggled.connect(lambda _on: self.refresh())

        self.table = QTableView()
        self.table.setObjectName("shelfTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setDragEnabled(True)
        self.table.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.table.setDefaultDropAction(Qt.DropAction.CopyAction)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        # Fixed row heights: the view then never asks rows it does not show for their size.
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(ShelfModel.TITLE, QHeaderView.ResizeMode.Stretch)
        for column in (ShelfModel.OUTLET, ShelfModel.DATE, ShelfModel.TAGS):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, self.fontMetrics().horizontalAdvance("0000-00-00") + 16)
        self.table.doubleClicked.connect(self._open_current)
        self.table.installEventFilter(self)
        self.mark_read_action = QAction("Mark as Read", self.table)
        self.mark_read_action.setObjectName("shelfMarkRead")
        self.mark_read_action.triggered.connect(lambda: self.mark_selected(unread=False))
        self.mark_unread_action = QAction("Mark as Unread", self.table)
        self.mark_unread_action.setObjectName("shelfMarkUnread")
        self.mark_unread_action.triggered.connect(lambda: self.mark_selected(unread=True))
        self.tagging = ShelfTagging(self)
        separator = QAction(self.table)
        separator.setSeparator(True)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.table.addActions([self.tagging.action, separator, self.mark_read_action,
                               self.mark_unread_action])

        self.add_button = QPushButton("Add to Briefing")
        self.add_button.setObjectName("shelfAdd")
        self.add_button.setToolTip("Copy the selected articles into this briefing (Enter)")
        self.add_button.clicked.connect(self._add_selected)
        self.import_button = QPushButton("Import Folder…")
        self.import_button.setObjectName("shelfImportFolder")
        self.import_button.setToolTip("File every article of a folder in the library")
        self.import_button.clicked.connect(self.importFolderRequested)
        self.status = QLabel()
        self.status.setObjectName("shelfStatus")
        self.status.setStyleSheet("color: #667;")
        self.status.setWordWrap(True)

        # Two rows: in a narrow dock one row squeezed the dates until they were unreadable.
        filters = QHBoxLayout()
        filters.addWidget(self.tag, 1)
        filters.addWidget(self.outlet, 1)
        filters.addWidget(self.language)
        more_filters = QHBoxLayout()
        more_filters.addWidget(self.since)
        more_filters.addWidget(QLabel("–"))
        more_filters.addWidget(self.until)
        more_filters.addSpacing(8)
        more_filters.addWidget(self.unused)
        more_filters.addWidget(self.unread_only)
        more_filters.addStretch(1)
        self.buttons = buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.tagging.button)
        buttons.addWidget(self.import_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search)
        layout.addLayout(filters)
        layout.addLayout(more_filters)
        layout.addWidget(self.feed_button)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        self.needs_library: list[QWidget] = []  # disabled while the library opens
        self._loaded = False
        access.opened.connect(self._library_opened)
        access.openingChanged.connect(lambda _on: self._show_state())

    # ---- what is shown -------------------------------------------------------------------------
    def load(self) -> None:
        """Fill the pane the first time it is shown (the library opens then, not at start)."""
        if not self._loaded:
            self._loaded = True
            self.refresh()
            # The tag counts read every tagging: after the first screen, not before it.
            QTimer.singleShot(0, self.reload_tags)

    def reopen(self) -> None:
        """Show the library anew (after its location changed)."""
        self._loaded = False
        self.load()

    def reload_tags(self) -> None:
        if self.access.library() is None:
            return  # still opening (they are read when it opens) or failed (reported)
        current = self.tag.currentData()
        tags = self.access.call(lambda lib: lib.tags(), default=[])
        self.tag.blockSignals(True)
        self.tag.clear()
        self.tag.addItem("All tags", "")
        for tag in tags:  # type: ignore[union-attr]
            self.tag.addItem(f"{tag.name} ({tag.count})", tag.name)
        found = self.tag.findData(current)
        self.tag.setCurrentIndex(max(0, found))
        self.tag.blockSignals(False)

    def _date_field(self, name: str, placeholder: str, which: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(name)
        edit.setPlaceholderText(placeholder)
        edit.setToolTip(f"Only articles published (or added) {which}: YYYY-MM-DD, or YYYY-MM "
                        "for a whole month, YYYY for a whole year")
        edit.setFixedWidth(self.fontMetrics().horizontalAdvance("0000-00-00") + 24)
        # Shown when what is typed is not a date: the search then leaves that field out.
        edit.setStyleSheet("QLineEdit[invalid=\"true\"] { border: 1px solid #c62828; "
                           "border-radius: 2px; background: #fdecea; }")
        return edit

    def date_problems(self) -> list[str]:
        """What is wrong with the Since and Until fields ("" each field that is fine), and
        each field shown as invalid or not."""
        problems = []
        for edit, label in ((self.since, "Since"), (self.until, "Until")):
            try:
                date_bound(edit.text())
                problem = ""
            except LibraryError:
                problem = f'{label} "{edit.text().strip()}" is not a date ({FORMAT_HINT})'
            if bool(edit.property("invalid")) != bool(problem):
                edit.setProperty("invalid", bool(problem))
                edit.style().unpolish(edit)
                edit.style().polish(edit)
            problems.append(problem)
        return [p for p in problems if p]

    def filters(self) -> SearchFilters:
        tag = self.tag.currentData()

        def valid(edit: QLineEdit) -> str:
            try:
                return date_bound(edit.text())
            except LibraryError:
                return ""  # shown as invalid (date_problems) and left out

        return SearchFilters(tags=(tag,) if tag else (), outlet=self.outlet.text().strip(),
                             language=self.language.text().strip(), since=valid(self.since),
                             until=valid(self.until), unused=self.unused.isChecked(),
                             unread=self.unread_only.isChecked(), feed=self.feed)

    def show_feed(self, feed_id: int, name: str = "") -> None:
        """Show only the articles that came from one feed (0: every article again)."""
        self.feed = int(feed_id)
        self.feed_button.setText(f"Feed: {name or feed_id}  ✕")
        self.feed_button.setVisible(bool(self.feed))
        if self._loaded:
            self.refresh()
        else:
            self.load()

    def _library_opened(self) -> None:
        if self._loaded:
            self.refresh()
            self.reload_tags()

    def refresh(self) -> None:
        self._timer.stop()
        self.model.search(self.search.text(), self.filters())
        self._show_state()

    def _show_state(self) -> None:
        """The status line: opening, the problem, or how many articles are shown (after
        what is wrong with a date typed)."""
        connecting = self.access.opening()
        for widget in (self.table, self.add_button, self.import_button, *self.needs_library):
            widget.setEnabled(not connecting)
        self.tagging.update_enabled()
        dates = "".join(f"{p}: not applied. " for p in self.date_problems())
        failed = self.model.error or (
            "The library is not available." if self.access.open_error and
            not self.access.is_open() else "")
        if connecting:
            how = "Connecting to" if self.access.on_server() else "Opening"
            self.status.setText(f"{how} the library at {self.access.shown_location()}…")
        elif failed:
            why = f": {self.access.open_error}" if self.access.open_error else ""
            self.status.setText(f"{failed} ({self.access.shown_location()}){why}")
        elif not self.model.hits:
            self.status.setText(dates + ("No article matches." if self.search.text().strip()
                                         or self.filters() != SearchFilters()
                                         else "The library is empty: import articles to fill it."))
        else:
            more = "+" if self.model.canFetchMore() else ""
            self.status.setText(f"{dates}{len(self.model.hits)}{more} articles")

    def selected_ids(self) -> list[int]:
        return self.model.ids_of(self.table.selectionModel().selectedRows())

    # ---- actions -------------------------------------------------------------------------------
    def mark(self, ids: list[int], *, unread: bool) -> bool:
        """Mark library articles read or unread, in the library and on their rows."""
        from briefing.core.library.feeds import LibraryFeedStore

        if not ids:
            return False
        done = self.access.call(lambda lib: LibraryFeedStore(lib).set_unread(ids, unread) or True,
                                default=False)
        if done:
            self.model.set_unread(ids, unread)
            self.unreadChanged.emit()
        return bool(done)

    def mark_selected(self, *, unread: bool) -> None:
        self.mark(self.selected_ids(), unread=unread)

    def _add_selected(self) -> None:
        ids = self.selected_ids()
        if ids:
            self.addRequested.emit(ids)

    def _open_current(self, index: QModelIndex) -> None:
        ident = index.data(LibraryIdRole)
        if ident is not None:
            self.openRequested.emit(int(ident))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (watched is self.table and event.type() == QEvent.Type.KeyPress
                and isinstance(event, QKeyEvent)
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)):
            self._add_selected()
            return True
        return super().eventFilter(watched, event)


class LibraryPane(QWidget):
    """The dock's content: the scope switch over the briefing's articles and the library."""

    THIS_BRIEFING, ALL_ARTICLES = 0, 1

    def __init__(self, briefing_view: QWidget, shelf: ShelfView,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("libraryPane")
        self.briefing_view, self.shelf = briefing_view, shelf
        self.scope = QComboBox()
        self.scope.setObjectName("libraryScope")
        self.scope.addItems(["This briefing", "All articles"])
        self.scope.setToolTip("The articles of this briefing, or every article in the library")
        self.stack = QStackedWidget()
        self.stack.addWidget(briefing_view)
        self.stack.addWidget(shelf)
        self.scope.currentIndexChanged.connect(self.show_scope)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 0)
        layout.addWidget(self.scope)
        layout.addWidget(self.stack, 1)

    def show_scope(self, scope: int) -> None:
        self.scope.setCurrentIndex(scope)
        self.stack.setCurrentIndex(scope)
        if scope == self.ALL_ARTICLES:
            self.shelf.load()


class LibraryDropTarget(QObject):
    """Lets rows dragged from the library be dropped on a widget (the reader) to add them."""

    def __init__(self, widget: QWidget, add: Callable[[list[int]], None]) -> None:
        super().__init__(widget)
        self._add = add
        widget.setAcceptDrops(True)
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove):
            if ids_from_mime(event.mimeData()):  # type: ignore[attr-defined]
                event.acceptProposedAction()  # type: ignore[attr-defined]
                return True
        elif kind == QEvent.Type.Drop and self.drop(event.mimeData()):  # type: ignore[attr-defined]
            event.acceptProposedAction()  # type: ignore[attr-defined]
            return True
        return super().eventFilter(watched, event)

    def drop(self, mime: QMimeData | None) -> bool:
        """Add the library articles the dragged data names; False if it names none."""
        ids = ids_from_mime(mime)
        if ids:
            self._add(ids)
        return bool(ids)
