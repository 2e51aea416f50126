"""The library panel: search field and the table of articles; and the clip tray below it."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QStyle,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from briefing.gui.models import (
    ClipTrayModel,
    IdRole,
    LibraryFilterModel,
    LibraryModel,
)


class LibraryView(QWidget):
    """Search-as-you-type over the articles; sort by clicking a column header."""

    articleSelected = Signal(object)  # article id or None

    def __init__(self, model: LibraryModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("library")
        self.model = model
        self.proxy = LibraryFilterModel(self)
        self.proxy.setSourceModel(model)

        self.search = QLineEdit()
        self.search.setObjectName("librarySearch")
        self.search.setPlaceholderText("Search title, outlet, author, text…")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._apply_search)
        self.search.textChanged.connect(self._update_empty_hint)
        # Escape clears the filter (and, with nothing left to clear, goes to the table).
        # (The context is set apart: PySide6's constructor that takes a slot ignores its
        # context argument, and a window-wide Escape would take the key from other panels.)
        escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self.search)
        escape.setContext(Qt.ShortcutContext.WidgetShortcut)
        escape.activated.connect(self._escape_search)

        self.table = QTableView()
        self.table.setObjectName("libraryTable")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(LibraryModel.DATE, Qt.SortOrder.DescendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setTabKeyNavigation(False)  # Tab goes on to the next panel, not the cell
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(
            self.table.fontMetrics().height() + 8
        )
        header = self.table.horizontalHeader()
        # The title gets the room; a long outlet name is elided (its tooltip shows it whole).
        header.setSectionResizeMode(LibraryModel.TITLE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(LibraryModel.OUTLET, QHeaderView.ResizeMode.Interactive)
        self._outlet_width = self.fontMetrics().horizontalAdvance("M") * 7
        header.resizeSection(LibraryModel.OUTLET, self._outlet_width)
        # Below this, titles are cut to a word or two: the outlet column gives way instead.
        self._title_minimum = self.fontMetrics().horizontalAdvance("M") * 10
        # Fixed widths, not ResizeToContents: that asks every row for its data whenever a
        # clip count changes, which made adding a quote wait on a scan of the whole library.
        # Each is what its widest cell or its header (with the sort arrow) needs, no more:
        # every pixel spared goes to the titles.
        cell_margins = 2 * (
            self.table.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin) + 2
        )
        metrics = self.table.fontMetrics()
        for column, widest in ((LibraryModel.DATE, "0000-00-00"), (LibraryModel.CLIPS, "0000")):
            width = max(header.sectionSizeFromContents(column).width(),
                        metrics.horizontalAdvance(widest) + cell_margins)
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width)
        header.setMinimumSectionSize(36)
        self.table.viewport().installEventFilter(self)
        header.setToolTip("Click a column header to sort by it")
        self.table.selectionModel().currentRowChanged.connect(self._on_current_changed)
        # A click on the current article shows it again (e.g. from the Preview tab).
        self.table.clicked.connect(lambda index: self.articleSelected.emit(index.data(IdRole)))

        self.empty_hint = QLabel()
        self.empty_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_hint.setWordWrap(True)
        self.empty_hint.setStyleSheet("color: #667;")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.search)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty_hint)
        for signal in (model.modelReset, model.rowsInserted, model.rowsRemoved):
            signal.connect(self._update_empty_hint)
        # Another briefing resets the model; keep the article the user is reading selected
        # without announcing it again (that would take over the inspector).
        self._kept_id: str | None = None
        self._hidden_id: str | None = None  # the selected article while the search hides it
        self._restoring = False
        model.modelAboutToBeReset.connect(self._remember_current)
        self.proxy.modelReset.connect(self._restore_current)
        self._update_empty_hint()

    def _escape_search(self) -> None:
        if self.search.text():
            self.search.clear()
        else:
            self.table.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.table.viewport() and event.type() == QEvent.Type.Resize:
            self._fit_columns()
        return super().eventFilter(watched, event)

    def _fit_columns(self) -> None:
        """Show the outlet column only where the titles keep a readable width beside it."""
        header = self.table.horizontalHeader()
        if not self.table.isColumnHidden(LibraryModel.OUTLET):
            self._outlet_width = header.sectionSize(LibraryModel.OUTLET)  # may be user-set
        others = self._outlet_width + sum(
            header.sectionSize(column) for column in (LibraryModel.DATE, LibraryModel.CLIPS)
        )
        narrow = self.table.viewport().width() - others < self._title_minimum
        self.table.setColumnHidden(LibraryModel.OUTLET, narrow)

    def _remember_current(self) -> None:
        self._kept_id = self.current_article_id()

    def _restore_current(self) -> None:
        if self._kept_id is None:
            return
        restoring, self._restoring = self._restoring, True
        try:
            self.select_article(self._kept_id)
        finally:
            self._restoring = restoring

    def _apply_search(self, text: str) -> None:
        """Filter the table without choosing another article: when the search hides the
        selected one, the selection goes (rather than to a neighbouring row, which would
        open that in the reader and the inspector at every key press) and comes back
        when the article matches again."""
        selected = self.current_article_id() or self._hidden_id
        restoring, self._restoring = self._restoring, True
        try:
            self.proxy.set_query(text)
            index = self._table_index(selected)
            if index.isValid():
                self._hidden_id = None
                self._make_current(index)
            else:
                self._hidden_id = selected
                self.table.selectionModel().clear()
        finally:
            self._restoring = restoring

    def _update_empty_hint(self) -> None:
        has_articles = self.model.rowCount() > 0
        self.empty_hint.setVisible(not has_articles or self.proxy.rowCount() == 0)
        self.empty_hint.setText(
            "No article matches the search." if has_articles
            else "No articles yet.\nUse File ▸ Import Articles… or drop files here."
        )

    def current_article_id(self) -> str | None:
        index = self.table.currentIndex()
        return index.data(IdRole) if index.isValid() else None

    def top_article_id(self) -> str | None:
        """The article in the table's first row, as sorted and filtered now."""
        return self.proxy.index(0, 0).data(IdRole) if self.proxy.rowCount() else None

    def select_article(self, article_id: str | None) -> None:
        if article_id is None:
            self.table.clearSelection()
            return
        if self.model.row_of(article_id) < 0:
            return
        index = self._table_index(article_id)
        if not index.isValid():  # hidden by the search: show everything again
            self.search.clear()
            index = self._table_index(article_id)
        self._make_current(index)
        self.table.scrollTo(index)

    def _table_index(self, article_id: str | None) -> QModelIndex:
        """The article's row in the table; invalid when it is hidden by the search or gone."""
        row = self.model.row_of(article_id) if article_id else -1
        return self.proxy.mapFromSource(self.model.index(row, 0)) if row >= 0 else QModelIndex()

    def _make_current(self, index: QModelIndex) -> None:
        self.table.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not self._restoring:
            self._hidden_id = None  # the user chose another article
            self.articleSelected.emit(current.data(IdRole) if current.isValid() else None)


class ClipTrayView(QWidget):
    """The clips of the article in the reader (or all unplaced clips): drag them to sections."""

    clipSelected = Signal(object)  # clip id or None

    def __init__(self, model: ClipTrayModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("clipTray")
        self.model = model
        self.scope = QComboBox()
        self.scope.setObjectName("clipScope")
        self.scope.addItems(["Clips of this article", "All unplaced clips"])
        self.scope.currentIndexChanged.connect(lambda i: model.set_show_unplaced(i == 1))
        self.scope.currentIndexChanged.connect(self._update_hint)

        self.list = QListView()
        self.list.setObjectName("clipList")
        self.list.setModel(model)
        self.list.setDragEnabled(True)
        self.list.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.list.setDefaultDropAction(Qt.DropAction.CopyAction)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list.setWordWrap(True)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.setAlternatingRowColors(True)
        self.list.setSpacing(1)
        self.list.setToolTip("Drag clips onto a section in the outline")
        self.list.selectionModel().currentChanged.connect(self._on_current_changed)
        self.list.clicked.connect(self._on_current_changed)

        self.hint = QLabel()
        self.hint.setStyleSheet("color: #667;")
        self.hint.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.scope)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.hint)
        for signal in (model.modelReset, model.rowsInserted, model.rowsRemoved):
            signal.connect(self._update_hint)
        self._update_hint()

    def _update_hint(self) -> None:
        """What to do next: drag the clips listed, or why the list is empty."""
        if self.model.rowCount() > 0:
            text = "Drag a clip onto a section in the outline."
        elif self.scope.currentIndex() == 1:
            text = "No unplaced clips: every clip is in a section or quoted inline."
        elif self.model.article_id is None:
            text = "Select an article to list its clips."
        else:
            text = ("No clips of this article yet: select text in the reader and choose "
                    "Add Quote or Add Excerpt.")
        self.hint.setText(text)

    def selected_clip_ids(self) -> list[str]:
        rows = sorted(i.row() for i in self.list.selectionModel().selectedIndexes())
        return [self.model.index(r).data(IdRole) for r in rows]

    def select_clip(self, clip_id: str) -> None:
        row = self.model.row_of(clip_id)
        if row >= 0:
            self.list.selectionModel().blockSignals(True)
            self.list.setCurrentIndex(self.model.index(row))
            self.list.selectionModel().blockSignals(False)

    def _on_current_changed(self, current: QModelIndex, *_args) -> None:
        self.clipSelected.emit(current.data(IdRole) if current.isValid() else None)
