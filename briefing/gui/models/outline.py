"""The outline: sections and their items as a tree; drops and inline renames become undo
commands."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QAbstractItemModel, QMimeData, QModelIndex, Qt

from briefing.core.changes import SECTIONS, Changes, Inserted, Moved, Removed
from briefing.core.model import (
    Briefing,
    Clip,
    ClipRef,
    Figure,
    Note,
    Section,
    SectionItem,
    item_id,
)
from briefing.gui import commands
from briefing.gui.commands import BriefingSession
from briefing.gui.models.common import (
    DISPLAY,
    EDIT,
    ITEMS_MIME,
    NO_PARENT,
    TOOLTIP,
    AnyIndex,
    IdRole,
    KindRole,
    SessionModelMixin,
    clip_label,
    decode_items,
    encode_items,
    kind_icon,
    move_destination,
    shorten,
)

_ROOT_ID = 0  # internalId of section indexes; an item index's internalId is its section's key

_NO_FLAGS = Qt.ItemFlag.NoItemFlags
_CLIP_FLAGS = (
    Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsDragEnabled
)
_NOTE_FLAGS = _CLIP_FLAGS | Qt.ItemFlag.ItemIsEditable
_SECTION_FLAGS = _NOTE_FLAGS | Qt.ItemFlag.ItemIsDropEnabled


@dataclass(eq=False)
class _SectionRow:
    """A section as the views were last told: its items, and a key that names it in its
    items' indexes for as long as it is shown (a row number would go stale when sections
    are inserted, removed or moved above it)."""

    section: Section
    key: int
    items: list[SectionItem]


class OutlineModel(SessionModelMixin, QAbstractItemModel):
    """Sections and their items as a tree; drops and inline renames become undo commands."""

    def __init__(self, session: BriefingSession, parent=None) -> None:
        super().__init__(parent)
        self._session = session
        self._rows: list[_SectionRow] = []
        self._by_key: dict[int, _SectionRow] = {}
        self._by_id: dict[str, _SectionRow] = {}
        self._row_of_key: dict[int, int] = {}
        self._next_key = _ROOT_ID + 1
        # Views ask for every row's label; a dict keeps that linear in the number of rows.
        self._clips: dict[str, Clip] = {}
        self._connect_session(session)
        self._rebuild()

    @property
    def _briefing(self) -> Briefing:
        return self._session.briefing

    def _rebuild(self) -> None:
        self._rows = []
        self._by_key.clear()
        self._by_id.clear()
        for section in self._briefing.sections:
            self._rows.append(self._new_row(section, list(section.items)))
        self._number_rows()
        self._clips = {clip.id: clip for clip in self._briefing.clips}

    def _new_row(self, section: Section, items: list[SectionItem]) -> _SectionRow:
        row = _SectionRow(section, self._next_key, items)
        self._next_key += 1
        self._by_key[row.key] = row
        self._by_id[section.id] = row
        return row

    def _forget_row(self, row: _SectionRow) -> None:
        del self._by_key[row.key]
        if self._by_id.get(row.section.id) is row:
            del self._by_id[row.section.id]

    def _number_rows(self) -> None:
        self._row_of_key = {row.key: n for n, row in enumerate(self._rows)}

    def _section_index(self, section_id: str | None) -> QModelIndex:
        row = self._by_id[section_id or ""]
        return self.createIndex(self._row_of_key[row.key], 0, _ROOT_ID)

    # -- following the session
    def _inserted(self, step: Inserted) -> None:
        kind, owner = step.container
        at = step.index
        if step.container == SECTIONS:
            # A section comes in empty; its items follow as steps of their own.
            section = self._briefing.section(step.id) or Section(step.id)
            self.beginInsertRows(NO_PARENT, at, at)
            self._rows.insert(at, self._new_row(section, []))
            self._number_rows()
            self.endInsertRows()
        elif kind == "items":
            parent = self._section_index(owner)
            self.beginInsertRows(parent, at, at)
            self._by_id[owner or ""].items.insert(at, self._item(step.id))
            self.endInsertRows()
            self.dataChanged.emit(parent, parent, [TOOLTIP])  # the tooltip counts the items
        elif kind == "clips":
            clip = self._briefing.clip(step.id)
            if clip is not None:
                self._clips[clip.id] = clip

    def _removed(self, step: Removed) -> None:
        kind, owner = step.container
        at = step.index
        if step.container == SECTIONS:
            self.beginRemoveRows(NO_PARENT, at, at)
            self._forget_row(self._rows.pop(at))
            self._number_rows()
            self.endRemoveRows()
        elif kind == "items":
            parent = self._section_index(owner)
            self.beginRemoveRows(parent, at, at)
            del self._by_id[owner or ""].items[at]
            self.endRemoveRows()
            self.dataChanged.emit(parent, parent, [TOOLTIP])
        elif kind == "clips":
            self._clips.pop(step.id, None)

    def _moved(self, step: Moved) -> None:
        old, new = step.source_index, step.target_index
        if step.source == SECTIONS:
            destination = move_destination(old, new)
            if self.beginMoveRows(NO_PARENT, old, old, NO_PARENT, destination):
                self._rows.insert(new, self._rows.pop(old))
                self._number_rows()
                self.endMoveRows()
        elif step.source[0] == "items":
            source, target = self._by_id[step.source[1] or ""], self._by_id[step.target[1] or ""]
            source_parent = self._section_index(step.source[1])
            target_parent = self._section_index(step.target[1])
            destination = move_destination(old, new) if source is target else new
            if self.beginMoveRows(source_parent, old, old, target_parent, destination):
                target.items.insert(new, source.items.pop(old))
                self.endMoveRows()
            if source is not target:
                self.dataChanged.emit(source_parent, source_parent, [TOOLTIP])
                self.dataChanged.emit(target_parent, target_parent, [TOOLTIP])

    def _edited(self, changes: Changes) -> None:
        for ident in changes.edited:
            index = self.index_of(ident)
            if index.isValid():
                self.dataChanged.emit(index, index)

    def _item(self, ident: str) -> SectionItem:
        """The briefing's item object with this id (a stand-in only if a later step of the
        same change takes it away again)."""
        found = self._briefing.placement(ident)
        if found is not None:
            return found[0].items[found[1]]
        return ClipRef(ident) if ident in self._clips else Note(ident)

    # -- structure
    def index(self, row: int, column: int, parent: AnyIndex = NO_PARENT) -> QModelIndex:
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, _ROOT_ID)
        if parent.internalId() == _ROOT_ID:
            return self.createIndex(row, column, self._rows[parent.row()].key)
        return QModelIndex()

    def parent(self, index: AnyIndex = NO_PARENT) -> QModelIndex:  # type: ignore[override]
        if not index.isValid() or index.internalId() == _ROOT_ID:
            return QModelIndex()
        row = self._row_of_key.get(index.internalId())
        return QModelIndex() if row is None else self.createIndex(row, 0, _ROOT_ID)

    def rowCount(self, parent: AnyIndex = NO_PARENT) -> int:
        if not parent.isValid():
            return len(self._rows)
        if parent.column() > 0 or parent.internalId() != _ROOT_ID:
            return 0
        row = parent.row()
        return len(self._rows[row].items) if row < len(self._rows) else 0

    def columnCount(self, parent: AnyIndex = NO_PARENT) -> int:
        return 1

    # -- look-ups
    def section_at(self, index: AnyIndex) -> Section | None:
        """The section an index names (for an item index: None)."""
        if not index.isValid() or index.internalId() != _ROOT_ID:
            return None
        return self._rows[index.row()].section if index.row() < len(self._rows) else None

    def item_at(self, index: AnyIndex) -> SectionItem | None:
        if not index.isValid() or index.internalId() == _ROOT_ID:
            return None
        row = self._by_key.get(index.internalId())
        if row is None or index.row() >= len(row.items):
            return None
        return row.items[index.row()]

    def section_of(self, index: AnyIndex) -> Section | None:
        """The section an index names, or the one holding the item it names."""
        section = self.section_at(index)
        if section is None and index.isValid():
            section = self.section_at(index.parent())
        return section

    def index_of(self, ident: str) -> QModelIndex:
        if ident in self._by_id:
            return self._section_index(ident)
        for section_row in self._rows:
            for child_row, item in enumerate(section_row.items):
                if item_id(item) == ident:
                    return self.createIndex(child_row, 0, section_row.key)
        return QModelIndex()

    def kind_of(self, index: AnyIndex) -> str | None:
        if self.section_at(index) is not None:
            return "section"
        item = self.item_at(index)
        if isinstance(item, ClipRef):
            return "clip"
        if isinstance(item, Note):
            return "note"
        if isinstance(item, Figure):
            return "figure"
        return None

    def id_of(self, index: AnyIndex) -> str | None:
        section = self.section_at(index)
        if section is not None:
            return section.id
        item = self.item_at(index)
        return item_id(item) if item is not None else None

    # -- data
    def data(self, index: AnyIndex, role: int = DISPLAY):
        if not index.isValid():
            return None
        section = self.section_at(index)
        if section is not None:
            if role == DISPLAY:
                return section.heading or "(untitled section)"
            if role == EDIT:
                return section.heading
            if role == TOOLTIP:
                count = len(self._rows[index.row()].items)
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
            if isinstance(item, Figure):
                return kind_icon("figure")
            clip = self._clips.get(item.clip_id)
            return kind_icon(clip.kind.value) if clip else None
        if isinstance(item, ClipRef):
            clip = self._clips.get(item.clip_id)
            if role in (DISPLAY, TOOLTIP):
                if clip is None:
                    return "(missing clip)"
                return clip_label(clip) if role == DISPLAY else shorten(clip.text, 400)
        elif isinstance(item, Note):
            if role == DISPLAY:
                return f"Note: {shorten(item.text, 80)}" if item.text.strip() else "Note (empty)"
            if role == EDIT:
                return item.text
            if role == TOOLTIP:
                return item.text
        elif isinstance(item, Figure):
            if role == DISPLAY:
                caption = shorten(item.caption, 80) if item.caption.strip() else "(no caption)"
                return f"Figure: {caption}"
            if role == TOOLTIP:
                credit = f"\n{item.credit}" if item.credit.strip() else ""
                return f"{item.caption}{credit}\n{item.width} × {item.height} {item.mime}"
        if role == IdRole:
            return self.id_of(index)
        if role == KindRole:
            return self.kind_of(index)
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        # A tree view asks for every visible row's flags at each layout: keep this cheap.
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled
        if index.internalId() == _ROOT_ID:
            return _SECTION_FLAGS if index.row() < len(self._rows) else _NO_FLAGS
        item = self.item_at(index)
        if item is None:
            return _NO_FLAGS
        return _NOTE_FLAGS if isinstance(item, Note) else _CLIP_FLAGS

    def setData(self, index: AnyIndex, value, role: int = EDIT) -> bool:
        if role != EDIT or not index.isValid():
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
        if kinds <= {"clip", "note", "figure"}:
            for kind, ident in payload:
                if kind == "clip" and briefing.clip(ident) is None:
                    return None
                if kind in ("note", "figure") and briefing.placement(ident) is None:
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
