"""What the item models share: roles, labels, the drag payload, and following the session.

The models only read the briefing. Every change (rename in place, drop) becomes an undo
command run through the session; the session's `changed` signal then carries the operation's
`Changes` record, which each model turns into the row signals it names (beginInsertRows,
beginRemoveRows, beginMoveRows, dataChanged). A model keeps its own list of the rows its views
were told about and changes it one step at a time, so the row counts Qt sees between a begin…
call and its end… call are always right; it never compares the briefing with what it showed.
A different briefing (New, Open) is a reset.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from PySide6.QtCore import QMimeData, QModelIndex, QPersistentModelIndex, Qt

from briefing.core.changes import Changes, Inserted, Moved, Removed
from briefing.core.model import Clip, ClipKind
from briefing.gui.commands import BriefingSession

ITEMS_MIME = "application/x-briefing-items"

IdRole = Qt.ItemDataRole.UserRole + 1  # the id of the article / clip / section / note
KindRole = Qt.ItemDataRole.UserRole + 2  # "article", "clip", "section", "note"
SearchRole = Qt.ItemDataRole.UserRole + 3  # case-folded text the library search looks in

AnyIndex = QModelIndex | QPersistentModelIndex
NO_PARENT = QModelIndex()

DISPLAY = Qt.ItemDataRole.DisplayRole
EDIT = Qt.ItemDataRole.EditRole
TOOLTIP = Qt.ItemDataRole.ToolTipRole


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


def move_destination(old: int, new: int) -> int:
    """beginMoveRows' destination row for a row going from `old` to final index `new` under
    the same parent (Qt counts the destination before the row is taken out)."""
    return new + 1 if new > old else new


class SessionModelMixin:
    """Follow the session: each `Changes` step in turn, then the edited fields; a reset
    when the session holds another briefing."""

    _session: BriefingSession
    _rebuilt_during: Changes | None = None  # the record in flight when we last rebuilt

    def _connect_session(self, session: BriefingSession) -> None:
        session.changed.connect(self._on_changes)
        session.replaced.connect(self.refresh)

    def _on_changes(self, changes: Changes) -> None:
        for step in changes.steps:
            if self._rebuilt_during is changes:
                return  # rebuilt from the briefing meanwhile: the rows are already right
            if isinstance(step, Inserted):
                self._inserted(step)
            elif isinstance(step, Removed):
                self._removed(step)
            elif isinstance(step, Moved):
                self._moved(step)
        if self._rebuilt_during is not changes:
            self._edited(changes)

    def refresh(self) -> None:
        self.beginResetModel()
        self._rebuild()
        self._rebuilt_during = self._session.changes_in_flight
        self.endResetModel()

    def _rebuild(self) -> None:
        """Rebuild the rows from the briefing (called inside a reset)."""
        raise NotImplementedError

    def _inserted(self, step: Inserted) -> None:
        """An object now stands at `step.index` of `step.container`."""

    def _removed(self, step: Removed) -> None:
        """An object left `step.container`."""

    def _moved(self, step: Moved) -> None:
        """An object went to another place."""

    def _edited(self, changes: Changes) -> None:
        """Fields of `changes.edited` (or briefing properties) were written."""
