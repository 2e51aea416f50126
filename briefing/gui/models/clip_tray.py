"""The clip tray: the clips of one article, or every unused clip, as a drag source.

A clip is used when a section places it or some prose quotes it inline (`[@CLIP-ID]`): both
print it, so neither belongs in the "unplaced" list of clips still waiting for a place."""

from __future__ import annotations

from PySide6.QtCore import QAbstractListModel, QMimeData, Qt

from briefing.core.changes import Changes, Inserted, Moved, Removed
from briefing.core.model import Clip, ClipKind
from briefing.core.prose_places import inline_clip_ids
from briefing.gui.commands import BriefingSession
from briefing.gui.models.common import (
    DISPLAY,
    ITEMS_MIME,
    NO_PARENT,
    TOOLTIP,
    AnyIndex,
    IdRole,
    KindRole,
    SessionModelMixin,
    clip_label,
    encode_items,
    kind_icon,
    shorten,
)


class ClipTrayModel(SessionModelMixin, QAbstractListModel):
    """The clips of one article (or, with no article, every unplaced clip): a drag source.

    With an article, the rows are that article's clip container ("clips", article_id), so a
    step on it is a step on the rows. In the unplaced view a clip comes in when it is added
    or taken out of its section and goes when it is placed, quoted inline or deleted."""

    def __init__(self, session: BriefingSession, parent=None) -> None:
        super().__init__(parent)
        self._session = session
        self._article_id: str | None = None
        self._show_unplaced = False
        self._clips: list[Clip] = []  # the rows, as the views were last told
        self._inline: set[str] = set()  # the clips some prose quotes inline
        self._connect_session(session)
        self._rebuild()

    def set_article(self, article_id: str | None) -> None:
        self._article_id = article_id  # another list altogether: a reset
        self.refresh()

    @property
    def article_id(self) -> str | None:
        """The article whose clips are listed (None when none is, e.g. it was removed: the
        model still follows its clip container, so undoing the removal lists them again)."""
        if self._article_id is None or self._session.briefing.article(self._article_id) is None:
            return None
        return self._article_id

    def set_show_unplaced(self, unplaced: bool) -> None:
        self._show_unplaced = unplaced
        self.refresh()

    def _rebuild(self) -> None:
        briefing = self._session.briefing
        if self._article_id is not None and briefing.article(self._article_id) is None:
            self._article_id = None
        self._inline = inline_clip_ids(briefing)
        if self._show_unplaced:
            self._clips = [c for c in briefing.unplaced_clips() if c.id not in self._inline]
        elif self._article_id is None:
            self._clips = []
        else:
            self._clips = briefing.clips_of(self._article_id)

    # -- following the session
    def _inserted(self, step: Inserted) -> None:
        kind, owner = step.container
        if kind == "clips":
            if self._show_unplaced:  # a clip added is not placed yet
                self._add_unplaced(step.id)
            elif owner == self._article_id:
                self._insert_row(step.index, self._clip(step.id))
        elif kind == "items":
            if self._show_unplaced:
                self._drop_row(step.id)
            else:
                self._row_changed(step.id)  # its label no longer says "(not placed)"

    def _removed(self, step: Removed) -> None:
        kind, owner = step.container
        if kind == "clips":
            if self._show_unplaced:
                self._drop_row(step.id)
            elif owner == self._article_id:
                self.beginRemoveRows(NO_PARENT, step.index, step.index)
                del self._clips[step.index]
                self.endRemoveRows()
        elif kind == "items":
            if self._show_unplaced:
                self._add_unplaced(step.id)
            else:
                self._row_changed(step.id)

    def _moved(self, step: Moved) -> None:
        if step.source[0] == "items":
            self._row_changed(step.id)  # the tooltip names its section

    def _edited(self, changes: Changes) -> None:
        briefing = self._session.briefing
        self._follow_inline_quotes()
        for ident in changes.edited:
            if briefing.section(ident) is not None:
                if self._clips:  # placed clips' tooltips name their section
                    self.dataChanged.emit(self.index(0, 0), self.index(len(self._clips) - 1, 0))
            else:
                self._row_changed(ident)

    def _follow_inline_quotes(self) -> None:
        """Prose was edited: a clip it now quotes inline leaves the unplaced list, one it no
        longer quotes comes back, and either's label changes in an article's list."""
        inline = inline_clip_ids(self._session.briefing)
        gone, came = self._inline - inline, inline - self._inline
        self._inline = inline
        for clip_id in sorted(came | gone):
            if not self._show_unplaced:
                self._row_changed(clip_id)
            elif clip_id in came:
                self._drop_row(clip_id)
            else:
                self._add_unplaced(clip_id)

    def is_used(self, clip_id: str) -> bool:
        """Whether the export prints the clip: placed in a section or quoted inline."""
        return clip_id in self._inline or self._session.briefing.placement(clip_id) is not None

    def _clip(self, clip_id: str) -> Clip:
        # A stand-in only if a later step of the same change deletes the clip again.
        return self._session.briefing.clip(clip_id) or Clip(clip_id, "", ClipKind.QUOTE, "", 0, 0)

    def _insert_row(self, row: int, clip: Clip) -> None:
        self.beginInsertRows(NO_PARENT, row, row)
        self._clips.insert(row, clip)
        self.endInsertRows()

    def _drop_row(self, clip_id: str) -> None:
        row = self.row_of(clip_id)
        if row >= 0:
            self.beginRemoveRows(NO_PARENT, row, row)
            del self._clips[row]
            self.endRemoveRows()

    def _add_unplaced(self, clip_id: str) -> None:
        """Show a clip that became unplaced, where the briefing's clip order puts it."""
        briefing = self._session.briefing
        clip = briefing.clip(clip_id)
        if clip is None or self.is_used(clip_id) or self.row_of(clip_id) >= 0:
            # Deleted, placed or quoted by a later step of the same change (undoing a deletion
            # puts the clip back, then its placement): no row that would go again at once.
            return
        order = {c.id: n for n, c in enumerate(briefing.clips)}
        mine = order[clip_id]
        row = next((r for r, c in enumerate(self._clips) if order.get(c.id, -1) > mine),
                   len(self._clips))
        self._insert_row(row, clip)

    def _row_changed(self, clip_id: str) -> None:
        row = self.row_of(clip_id)
        if row >= 0:
            self.dataChanged.emit(self.index(row, 0), self.index(row, 0))

    # -- structure and data
    def clip_at(self, row: int) -> Clip | None:
        return self._clips[row] if 0 <= row < len(self._clips) else None

    def row_of(self, clip_id: str) -> int:
        return next((r for r, c in enumerate(self._clips) if c.id == clip_id), -1)

    def rowCount(self, parent: AnyIndex = NO_PARENT) -> int:
        return 0 if parent.isValid() else len(self._clips)

    def data(self, index: AnyIndex, role: int = DISPLAY):
        clip = self.clip_at(index.row()) if index.isValid() else None
        if clip is None:
            return None
        if role == DISPLAY:
            label = clip_label(clip)
            if self._session.briefing.placement(clip.id) is not None:
                return label
            return f"{label}   ({'quoted inline' if clip.id in self._inline else 'not placed'})"
        if role == TOOLTIP:
            placed = self._session.briefing.placement(clip.id)
            if placed:
                where = f"In section “{placed[0].heading}”"
            elif clip.id in self._inline:
                where = "Quoted inline in the prose, not placed in a section"
            else:
                where = "Not placed in a section"
            return f"{clip.kind.value.capitalize()}: {shorten(clip.text, 300)}\n{where}"
        if role == Qt.ItemDataRole.FontRole and not self.is_used(clip.id):
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
