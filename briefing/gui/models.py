"""Qt item models over the session's briefing: library, clip tray and outline.

The models only read the briefing. Every change (rename in place, drop) becomes an undo
command run through the session; the session's `changed` signal then refreshes the models: a
reset for structural changes, `dataChanged` for edits of texts and fields.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractListModel,
    QAbstractTableModel,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from briefing.core.model import Briefing, Clip, ClipKind, ClipRef, Note, Section, item_id
from briefing.gui import commands
from briefing.gui.commands import BriefingSession

ITEMS_MIME = "application/x-briefing-items"

IdRole = Qt.ItemDataRole.UserRole + 1  # the id of the article / clip / section / note
KindRole = Qt.ItemDataRole.UserRole + 2  # "article", "clip", "section", "note"
SearchRole = Qt.ItemDataRole.UserRole + 3  # case-folded text the library search looks in

AnyIndex = QModelIndex | QPersistentModelIndex
_NO_PARENT = QModelIndex()

_DISPLAY = Qt.ItemDataRole.DisplayRole
_EDIT = Qt.ItemDataRole.EditRole
_TOOLTIP = Qt.ItemDataRole.ToolTipRole


def shorten(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def clip_label(clip: Clip, limit: int = 90) -> str:
    """One line naming a clip: the quote in quotation marks and who said it."""
    if clip.kind == ClipKind.QUOTE:
        label = f"“{shorten(clip.text, limit)}”"
        return f"{label} — {clip.speaker}" if clip.speaker else label
    return shorten(clip.text, limit)


_ICONS: dict[str, object] = {}


def kind_icon(kind: str):
    """The small icon beside a quote, excerpt or note (cached; None before a QApplication)."""
    if kind not in _ICONS:
        from briefing.gui.icons import icon

        _ICONS[kind] = icon(kind)
    return _ICONS[kind]


def encode_items(items: Iterable[tuple[str, str]]) -> QMimeData:
    """Mime data naming dragged objects as (kind, id) pairs."""
    data = QMimeData()
    payload = [{"kind": kind, "id": ident} for kind, ident in items]
    data.setData(ITEMS_MIME, json.dumps(payload).encode("utf-8"))
    return data


def decode_items(data: QMimeData) -> list[tuple[str, str]]:
    if not data.hasFormat(ITEMS_MIME):
        return []
    try:
        payload = json.loads(bytes(data.data(ITEMS_MIME).data()).decode("utf-8"))
        return [(str(entry["kind"]), str(entry["id"])) for entry in payload]
    except (ValueError, KeyError, TypeError):
        return []


def _single_edit(old: list[str], new: list[str]) -> tuple[bool, int] | None:
    """(True, row) when `new` is `old` with one id inserted at row, (False, row) when one id
    was removed from row; None for any other difference."""
    if len(new) == len(old) + 1:
        longer, shorter, inserted = new, old, True
    elif len(new) == len(old) - 1:
        longer, shorter, inserted = old, new, False
    else:
        return None
    row = len(shorter)
    for i, ident in enumerate(shorter):
        if ident != longer[i]:
            row = i
            break
    if longer[:row] + longer[row + 1 :] != shorter:
        return None
    return inserted, row


class _SessionModelMixin:
    """Refresh on the session's signals: reset on structural change, else dataChanged."""

    def _connect_session(self, session: BriefingSession) -> None:
        session.changed.connect(self._on_changed)
        session.replaced.connect(self.refresh)

    def _on_changed(self, structural: bool) -> None:
        if structural:
            self._structure_changed()
        else:
            self._data_changed()

    def _structure_changed(self) -> None:
        """Items were added, removed or moved; a model that can tell what changed overrides
        this to signal only that (a reset makes every view forget its state and re-ask for
        every visible row)."""
        self.refresh()

    def refresh(self) -> None:
        self.beginResetModel()
        self._rebuild()
        self.endResetModel()

    @contextmanager
    def _one_row_changing(self, parent: QModelIndex, inserted: bool, row: int) -> Iterator[None]:
        """Announce one row coming or going under `parent`; the block swaps in the new rows,
        between the begin… and end… calls, so the row counts match each call."""
        if inserted:
            self.beginInsertRows(parent, row, row)
        else:
            self.beginRemoveRows(parent, row, row)
        yield
        if inserted:
            self.endInsertRows()
        else:
            self.endRemoveRows()

    def _rebuild(self) -> None:
        """Recompute cached rows (called inside a reset)."""

    def _data_changed(self) -> None:
        raise NotImplementedError


# ---- library ----------------------------------------------------------------------------------
class LibraryModel(_SessionModelMixin, QAbstractTableModel):
    """The briefing's articles: title, outlet, date and how many clips each has."""

    HEADERS = ("Title", "Outlet", "Date", "Clips")
    TITLE, OUTLET, DATE, CLIPS = range(4)

    def __init__(self, session: BriefingSession, parent=None) -> None:
        super().__init__(parent)
        self._session = session
        self._search_cache: dict[str, str] = {}
        self._clip_counts: Counter[str] = Counter()
        self._connect_session(session)
        self._rebuild()

    @property
    def _briefing(self) -> Briefing:
        return self._session.briefing

    def _rebuild(self) -> None:
        self._search_cache.clear()
        self._article_ids = [article.id for article in self._briefing.articles]
        self._clip_counts = Counter(clip.article_id for clip in self._briefing.clips)

    def _structure_changed(self) -> None:
        if [article.id for article in self._briefing.articles] != self._article_ids:
            self.refresh()
            return
        # Same articles in the same order: only clips came or went, so only counts change.
        counts = Counter(clip.article_id for clip in self._briefing.clips)
        old, self._clip_counts = self._clip_counts, counts
        for row, article_id in enumerate(self._article_ids):
            if old[article_id] != counts[article_id]:
                cell = self.index(row, self.CLIPS)
                self.dataChanged.emit(cell, cell, [_DISPLAY])

    def _data_changed(self) -> None:
        changed = self._session.changed_id
        if changed == "" or (changed and self._briefing.clip(changed) is not None):
            return  # briefing properties or a clip's fields: nothing the library shows
        last = len(self.HEADERS) - 1
        row = self.row_of(changed) if changed else -1
        if row >= 0:
            self._search_cache.pop(changed, None)
            self.dataChanged.emit(self.index(row, 0), self.index(row, last))
            return
        self._search_cache.clear()
        rows = self.rowCount()
        if rows:
            self.dataChanged.emit(self.index(0, 0), self.index(rows - 1, last))

    def rowCount(self, parent: AnyIndex = _NO_PARENT) -> int:
        return 0 if parent.isValid() else len(self._briefing.articles)

    def columnCount(self, parent: AnyIndex = _NO_PARENT) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY):
        if orientation == Qt.Orientation.Horizontal and role == _DISPLAY:
            return self.HEADERS[section]
        return None

    def row_of(self, article_id: str) -> int:
        for row, article in enumerate(self._briefing.articles):
            if article.id == article_id:
                return row
        return -1

    def data(self, index: AnyIndex, role: int = _DISPLAY):
        if not index.isValid() or index.row() >= len(self._briefing.articles):
            return None
        article = self._briefing.articles[index.row()]
        column = index.column()
        if role == _DISPLAY:
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
        elif role == _TOOLTIP:
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


# ---- clip tray --------------------------------------------------------------------------------
class ClipTrayModel(_SessionModelMixin, QAbstractListModel):
    """The clips of one article (or, with no article, every unplaced clip): a drag source."""

    def __init__(self, session: BriefingSession, parent=None) -> None:
        super().__init__(parent)
        self._session = session
        self._article_id: str | None = None
        self._show_unplaced = False
        self._clips: list[Clip] = []
        self._connect_session(session)
        self._rebuild()

    def set_article(self, article_id: str | None) -> None:
        self._article_id = article_id  # views read only `_clips`, which refresh() rebuilds
        self.refresh()

    @property
    def article_id(self) -> str | None:
        """The article whose clips are listed (None when none is, e.g. it was removed)."""
        return self._article_id

    def set_show_unplaced(self, unplaced: bool) -> None:
        self._show_unplaced = unplaced
        self.refresh()

    def _rebuild(self) -> None:
        briefing = self._session.briefing
        if self._article_id is not None and briefing.article(self._article_id) is None:
            self._article_id = None
        if self._show_unplaced:
            self._clips = briefing.unplaced_clips()
        elif self._article_id is None:
            self._clips = []
        else:
            self._clips = briefing.clips_of(self._article_id)

    def _structure_changed(self) -> None:
        old_clips, old_article = self._clips, self._article_id
        self._rebuild()
        new_clips = self._clips
        old_ids = [clip.id for clip in old_clips]
        new_ids = [clip.id for clip in new_clips]
        if new_ids == old_ids and self._article_id == old_article:
            if new_clips:  # a clip placed or taken out: its label says "(not placed)"
                self.dataChanged.emit(self.index(0, 0), self.index(len(new_clips) - 1, 0))
            return
        # Commands arrive one at a time, so one row in or out covers adding and removing a
        # clip; anything else is a reset. The old rows stay until the begin call announced.
        edit = _single_edit(old_ids, new_ids) if self._article_id == old_article else None
        self._clips = old_clips
        if edit is None:
            self.beginResetModel()
            self._clips = new_clips
            self.endResetModel()
            return
        inserted, row = edit
        with self._one_row_changing(_NO_PARENT, inserted, row):
            self._clips = new_clips

    def _data_changed(self) -> None:
        changed = self._session.changed_id
        if changed == "":
            return
        row = self.row_of(changed) if changed else -1
        if row >= 0:
            self.dataChanged.emit(self.index(row, 0), self.index(row, 0))
        elif self._clips and (not changed or self._session.briefing.section(changed)):
            # A section renamed: placed clips' tooltips name it.
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._clips) - 1, 0))

    def clip_at(self, row: int) -> Clip | None:
        return self._clips[row] if 0 <= row < len(self._clips) else None

    def row_of(self, clip_id: str) -> int:
        return next((r for r, c in enumerate(self._clips) if c.id == clip_id), -1)

    def rowCount(self, parent: AnyIndex = _NO_PARENT) -> int:
        return 0 if parent.isValid() else len(self._clips)

    def data(self, index: AnyIndex, role: int = _DISPLAY):
        clip = self.clip_at(index.row()) if index.isValid() else None
        if clip is None:
            return None
        if role == _DISPLAY:
            placed = self._session.briefing.placement(clip.id)
            label = clip_label(clip)
            return label if placed else f"{label}   (not placed)"
        if role == _TOOLTIP:
            placed = self._session.briefing.placement(clip.id)
            where = f"In section “{placed[0].heading}”" if placed else "Not placed in a section"
            return f"{clip.kind.value.capitalize()}: {shorten(clip.text, 300)}\n{where}"
        if role == Qt.ItemDataRole.FontRole and self._session.briefing.placement(clip.id) is None:
            from PySide6.QtGui import QFont

            font = QFont()
            font.setItalic(True)
            return font
        if role == Qt.ItemDataRole.DecorationRole:
            return kind_icon(clip.kind.value)
        if role == IdRole:
            return clip.id
        if role == KindRole:
            return "clip"
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsDragEnabled
        )

    def mimeTypes(self) -> list[str]:
        return [ITEMS_MIME]

    def mimeData(self, indexes) -> QMimeData:
        rows = sorted({i.row() for i in indexes if i.isValid()})
        return encode_items(("clip", self._clips[r].id) for r in rows if r < len(self._clips))

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.CopyAction | Qt.DropAction.MoveAction


# ---- outline ----------------------------------------------------------------------------------
_ROOT_ID = 0  # internalId of section indexes; an item's internalId is its section row + 1


class OutlineModel(_SessionModelMixin, QAbstractItemModel):
    """Sections and their items as a tree; drops and inline renames become undo commands."""

    def __init__(self, session: BriefingSession, parent=None) -> None:
        super().__init__(parent)
        self._session = session
        self._clips: dict[str, Clip] = {}
        self._connect_session(session)
        self._rebuild()

    @property
    def _briefing(self) -> Briefing:
        return self._session.briefing

    def _rebuild(self) -> None:
        # Views ask for every row's label; a dict keeps that linear in the number of rows.
        self._clips = {clip.id: clip for clip in self._briefing.clips}
        self._shape = self._current_shape()

    def _current_shape(self) -> list[tuple[str, list[str]]]:
        return [(s.id, [item_id(i) for i in s.items]) for s in self._briefing.sections]

    def _structure_changed(self) -> None:
        """Insert or remove the one row a placement or removal changed; reset otherwise.

        Row counts come from `_shape`, the structure the views were last told about, so
        they stay consistent between a begin… call and its end… call."""
        self._clips = {clip.id: clip for clip in self._briefing.clips}
        new_shape = self._current_shape()
        old_shape = self._shape
        if [sid for sid, _ in new_shape] != [sid for sid, _ in old_shape]:
            self.refresh()
            return
        changed_rows = [r for r, (old, new) in enumerate(zip(old_shape, new_shape, strict=True))
                        if old[1] != new[1]]
        if not changed_rows:
            return  # a clip added or removed that no section holds
        if len(changed_rows) != 1:
            self.refresh()
            return
        section_row = changed_rows[0]
        edit = _single_edit(old_shape[section_row][1], new_shape[section_row][1])
        if edit is None:
            self.refresh()
            return
        inserted, row = edit
        parent = self.index(section_row, 0)
        with self._one_row_changing(parent, inserted, row):
            self._shape = new_shape
        self.dataChanged.emit(parent, parent, [_TOOLTIP])  # the tooltip counts the items

    def _data_changed(self) -> None:
        changed = self._session.changed_id
        if changed == "":
            return  # briefing properties: the outline shows none of them
        if changed:
            index = self.index_of(changed)
            if index.isValid():
                self.dataChanged.emit(index, index)
            return
        sections = self._briefing.sections
        if not sections:
            return
        self.dataChanged.emit(self.index(0, 0), self.index(len(sections) - 1, 0))
        for row, section in enumerate(sections):
            if section.items:
                parent = self.index(row, 0)
                self.dataChanged.emit(
                    self.index(0, 0, parent), self.index(len(section.items) - 1, 0, parent)
                )

    # -- structure
    def index(self, row: int, column: int, parent: AnyIndex = _NO_PARENT) -> QModelIndex:
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, _ROOT_ID)
        if parent.internalId() == _ROOT_ID:
            return self.createIndex(row, column, parent.row() + 1)
        return QModelIndex()

    def parent(self, index: AnyIndex = _NO_PARENT) -> QModelIndex:  # type: ignore[override]
        if not index.isValid() or index.internalId() == _ROOT_ID:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, _ROOT_ID)

    def rowCount(self, parent: AnyIndex = _NO_PARENT) -> int:
        if not parent.isValid():
            return len(self._shape)
        if parent.column() > 0 or parent.internalId() != _ROOT_ID:
            return 0
        row = parent.row()
        return len(self._shape[row][1]) if row < len(self._shape) else 0

    def columnCount(self, parent: AnyIndex = _NO_PARENT) -> int:
        return 1

    # -- look-ups
    def section_at(self, index: AnyIndex) -> Section | None:
        """The section an index names (for an item index: None)."""
        if not index.isValid() or index.internalId() != _ROOT_ID:
            return None
        sections = self._briefing.sections
        return sections[index.row()] if index.row() < len(sections) else None

    def item_at(self, index: AnyIndex) -> ClipRef | Note | None:
        if not index.isValid() or index.internalId() == _ROOT_ID:
            return None
        sections = self._briefing.sections
        section_row = index.internalId() - 1
        if section_row >= len(sections) or index.row() >= len(sections[section_row].items):
            return None
        return sections[section_row].items[index.row()]

    def section_of(self, index: AnyIndex) -> Section | None:
        """The section an index names, or the one holding the item it names."""
        section = self.section_at(index)
        if section is None and index.isValid():
            section = self.section_at(index.parent())
        return section

    def index_of(self, ident: str) -> QModelIndex:
        for row, section in enumerate(self._briefing.sections):
            if section.id == ident:
                return self.index(row, 0)
            for child_row, item in enumerate(section.items):
                if item_id(item) == ident:
                    return self.index(child_row, 0, self.index(row, 0))
        return QModelIndex()

    def kind_of(self, index: AnyIndex) -> str | None:
        if self.section_at(index) is not None:
            return "section"
        item = self.item_at(index)
        if isinstance(item, ClipRef):
            return "clip"
        if isinstance(item, Note):
            return "note"
        return None

    def id_of(self, index: AnyIndex) -> str | None:
        section = self.section_at(index)
        if section is not None:
            return section.id
        item = self.item_at(index)
        return item_id(item) if item is not None else None

    # -- data
    def data(self, index: AnyIndex, role: int = _DISPLAY):
        if not index.isValid():
            return None
        section = self.section_at(index)
        if section is not None:
            if role == _DISPLAY:
                return section.heading or "(untitled section)"
            if role == _EDIT:
                return section.heading
            if role == _TOOLTIP:
                count = len(section.items)
                return f"Section: {section.heading or '(untitled)'} — {count} item(s)"
            if role == Qt.ItemDataRole.FontRole:
                from PySide6.QtGui import QFont

                font = QFont()
                font.setBold(True)
                return font
        item = self.item_at(index)
        if role == Qt.ItemDataRole.DecorationRole and item is not None:
            if isinstance(item, Note):
                return kind_icon("note")
            clip = self._clips.get(item.clip_id)
            return kind_icon(clip.kind.value) if clip else None
        if isinstance(item, ClipRef):
            clip = self._clips.get(item.clip_id)
            if role in (_DISPLAY, _TOOLTIP):
                if clip is None:
                    return "(missing clip)"
                return clip_label(clip) if role == _DISPLAY else shorten(clip.text, 400)
        elif isinstance(item, Note):
            if role == _DISPLAY:
                return f"Note: {shorten(item.text, 80)}" if item.text.strip() else "Note (empty)"
            if role == _EDIT:
                return item.text
            if role == _TOOLTIP:
                return item.text
        if role == IdRole:
            return self.id_of(index)
        if role == KindRole:
            return self.kind_of(index)
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled
        base = Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled
        base |= Qt.ItemFlag.ItemIsDragEnabled
        kind = self.kind_of(index)
        if kind == "section":
            return base | Qt.ItemFlag.ItemIsEditable | Qt.ItemFlag.ItemIsDropEnabled
        if kind == "note":
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def setData(self, index: AnyIndex, value, role: int = _EDIT) -> bool:
        if role != _EDIT or not index.isValid():
            return False
        section = self.section_at(index)
        if section is not None:
            if str(value) == section.heading:
                return True
            return self._session.run(commands.rename_section(self._session, section.id, value))
        item = self.item_at(index)
        if isinstance(item, Note):
            if str(value) == item.text:
                return True
            return self._session.run(commands.edit_note(self._session, item.id, str(value)))
        return False

    # -- drag and drop
    def mimeTypes(self) -> list[str]:
        return [ITEMS_MIME]

    def mimeData(self, indexes) -> QMimeData:
        seen: list[tuple[str, str]] = []
        for index in sorted(
            (i for i in indexes if i.isValid()),
            key=lambda i: (i.parent().row(), i.row()) if i.parent().isValid() else (i.row(), -1),
        ):
            kind, ident = self.kind_of(index), self.id_of(index)
            if kind and ident and (kind, ident) not in seen:
                seen.append((kind, ident))
        return encode_items(seen)

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction | Qt.DropAction.CopyAction

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def canDropMimeData(self, data, action, row, column, parent) -> bool:
        return self._plan_drop(decode_items(data), row, parent) is not None

    def dropMimeData(self, data, action, row, column, parent) -> bool:
        if action == Qt.DropAction.IgnoreAction:
            return True
        payload = decode_items(data)
        plan = self._plan_drop(payload, row, parent)
        if plan is None:
            return False
        return self._apply_drop(payload, plan)

    def _plan_drop(
        self, payload: list[tuple[str, str]], row: int, parent: AnyIndex
    ) -> tuple[str, str | None, int] | None:
        """Where a drop lands: ("sections", None, row) or ("items", section_id, row).

        None when the drop is refused: an empty or mixed payload, a section dropped into
        itself or between another section's items, items dropped outside any section.
        """
        if not payload:
            return None
        kinds = {kind for kind, _ in payload}
        briefing = self._briefing
        if kinds == {"section"}:
            ids = [ident for _, ident in payload]
            if any(briefing.section(i) is None for i in ids):
                return None
            if not parent.isValid():
                return ("sections", None, len(briefing.sections) if row < 0 else row)
            target = self.section_at(parent)
            if target is None or target.id in ids:
                return None  # onto an item, or into its own subtree
            if row >= 0:
                return None  # between another section's items: sections do not nest
            return ("sections", None, parent.row())
        if kinds <= {"clip", "note"}:
            for kind, ident in payload:
                if kind == "clip" and briefing.clip(ident) is None:
                    return None
                if kind == "note" and briefing.placement(ident) is None:
                    return None
            if not parent.isValid():
                # Between or below the section headings: the end of the section above.
                sections = briefing.sections
                if not sections or row == 0:
                    return None
                above = sections[(len(sections) if row < 0 else row) - 1]
                return ("items", above.id, len(above.items))
            target = self.section_at(parent)
            if target is None:
                return None
            return ("items", target.id, len(target.items) if row < 0 else row)
        return None

    def _apply_drop(
        self, payload: list[tuple[str, str]], plan: tuple[str, str | None, int]
    ) -> bool:
        what, section_id, position = plan
        ok = True
        with self._session.macro(f"Move {len(payload)} items", len(payload)):
            for _kind, ident in payload:
                if what == "sections":
                    ok = self._move_section_to(ident, position) and ok
                else:
                    assert section_id is not None
                    ok = self._move_item_to(ident, section_id, position) and ok
                position += 1
        return ok

    def _move_section_to(self, section_id: str, position: int) -> bool:
        """Move a section so it lands before the section now at `position`."""
        sections = self._briefing.sections
        old = self._briefing.section_index(section_id)
        final = min(position - 1 if old < position else position, len(sections) - 1)
        if final == old:
            return True
        return self._session.run(commands.move_section(self._session, section_id, final))

    def _move_item_to(self, ident: str, section_id: str, position: int) -> bool:
        """Place a clip or move an item so it lands before the item now at `position`."""
        session = self._session
        placed = self._briefing.placement(ident)
        final = position
        if placed is not None and placed[0].id == section_id:
            if placed[1] < position:
                final -= 1  # the item leaves a gap above the drop point
            if placed[1] == final:
                return True
        if self._briefing.clip(ident) is not None:
            return session.run(commands.place_clip(session, ident, section_id, final))
        return session.run(commands.move_item(session, ident, section_id, final))
