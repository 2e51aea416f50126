"""The library table: the briefing's articles, and the search over them."""

from __future__ import annotations

from collections import Counter

from PySide6.QtCore import QAbstractTableModel, QSortFilterProxyModel, Qt

from briefing.core.changes import ARTICLES, Changes, Inserted, Moved, Removed
from briefing.core.model import Article
from briefing.gui.commands import BriefingSession
from briefing.gui.models.common import (
    DISPLAY,
    NO_PARENT,
    TOOLTIP,
    AnyIndex,
    IdRole,
    KindRole,
    SearchRole,
    SessionModelMixin,
    move_destination,
)


class LibraryModel(SessionModelMixin, QAbstractTableModel):
    """The briefing's articles: title, outlet, date and how many clips each has."""

    HEADERS = ("Title", "Outlet", "Date", "Clips")
    TITLE, OUTLET, DATE, CLIPS = range(4)

    def __init__(self, session: BriefingSession, parent=None) -> None:
        super().__init__(parent)
        self._session = session
        self._articles: list[Article] = []  # the rows, as the views were last told
        self._search_cache: dict[str, str] = {}
        self._clip_counts: Counter[str] = Counter()  # kept up by each clip inserted or removed
        self._connect_session(session)
        self._rebuild()

    def _rebuild(self) -> None:
        briefing = self._session.briefing
        self._search_cache.clear()
        self._articles = list(briefing.articles)
        self._clip_counts = Counter(clip.article_id for clip in briefing.clips)

    # -- following the session
    def _inserted(self, step: Inserted) -> None:
        if step.container == ARTICLES:
            # A stand-in only if a later step of the same change takes the article away.
            article = self._session.briefing.article(step.id) or Article(id=step.id)
            self.beginInsertRows(NO_PARENT, step.index, step.index)
            self._articles.insert(step.index, article)
            self.endInsertRows()
        elif step.container[0] == "clips" and step.container[1] is not None:
            self._count_changed(step.container[1], +1)

    def _removed(self, step: Removed) -> None:
        if step.container == ARTICLES:
            self.beginRemoveRows(NO_PARENT, step.index, step.index)
            del self._articles[step.index]
            self.endRemoveRows()
            self._search_cache.pop(step.id, None)
            self._clip_counts.pop(step.id, None)
        elif step.container[0] == "clips" and step.container[1] is not None:
            self._count_changed(step.container[1], -1)

    def _moved(self, step: Moved) -> None:
        if step.source == ARTICLES:
            old, new = step.source_index, step.target_index
            self.beginMoveRows(NO_PARENT, old, old, NO_PARENT, move_destination(old, new))
            self._articles.insert(new, self._articles.pop(old))
            self.endMoveRows()

    def _count_changed(self, article_id: str, by: int) -> None:
        self._clip_counts[article_id] += by
        row = self.row_of(article_id)
        if row >= 0:
            cell = self.index(row, self.CLIPS)
            self.dataChanged.emit(cell, cell, [DISPLAY])

    def _edited(self, changes: Changes) -> None:
        last = len(self.HEADERS) - 1
        for ident in changes.edited:
            row = self.row_of(ident)
            if row >= 0:
                self._search_cache.pop(ident, None)
                self.dataChanged.emit(self.index(row, 0), self.index(row, last))

    # -- structure and data
    def rowCount(self, parent: AnyIndex = NO_PARENT) -> int:
        return 0 if parent.isValid() else len(self._articles)

    def columnCount(self, parent: AnyIndex = NO_PARENT) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = DISPLAY):
        if orientation == Qt.Orientation.Horizontal and role == DISPLAY:
            return self.HEADERS[section]
        return None

    def row_of(self, article_id: str) -> int:
        for row, article in enumerate(self._articles):
            if article.id == article_id:
                return row
        return -1

    def data(self, index: AnyIndex, role: int = DISPLAY):
        if not index.isValid() or index.row() >= len(self._articles):
            return None
        article = self._articles[index.row()]
        column = index.column()
        if role == DISPLAY:
            if column == self.TITLE:
                return article.title or "(untitled)"
            if column == self.OUTLET:
                return article.outlet
            if column == self.DATE:
                return article.published
            if column == self.CLIPS:
                return self._clip_counts[article.id]
        elif role == Qt.ItemDataRole.TextAlignmentRole and column == self.CLIPS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        elif role == TOOLTIP:
            byline = ", ".join(article.authors)
            parts = [article.title or "(untitled)", article.outlet, byline, article.published]
            return "\n".join(p for p in parts if p)
        elif role == IdRole:
            return article.id
        elif role == KindRole:
            return "article"
        elif role == SearchRole:
            cached = self._search_cache.get(article.id)
            if cached is None:
                cached = "\n".join(
                    [article.title, article.outlet, " ".join(article.authors), article.text]
                ).casefold()
                self._search_cache[article.id] = cached
            return cached
        return None


class LibraryFilterModel(QSortFilterProxyModel):
    """Search as you type over title, outlet, authors and full text; sort by any column."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._terms: list[str] = []
        self.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setSortLocaleAware(True)

    def set_query(self, text: str) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt 6.10 replaced invalidateRowsFilter()
            self.beginFilterChange()
            self._terms = text.casefold().split()
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:  # pragma: no cover - older Qt
            self._terms = text.casefold().split()
            self.invalidateRowsFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        if not self._terms:
            return True
        index = self.sourceModel().index(source_row, 0, source_parent)
        haystack = self.sourceModel().data(index, SearchRole) or ""
        return all(term in haystack for term in self._terms)
