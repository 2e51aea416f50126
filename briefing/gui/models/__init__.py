"""Qt item models over the session's briefing: the library table, the clip tray and the
outline tree. Each follows the session's `Changes` records (see models.common)."""

from briefing.gui.models.clip_tray import ClipTrayModel
from briefing.gui.models.common import (
    ITEMS_MIME,
    IdRole,
    KindRole,
    SearchRole,
    clip_label,
    decode_items,
    encode_items,
    kind_icon,
    shorten,
)
from briefing.gui.models.library import LibraryFilterModel, LibraryModel
from briefing.gui.models.outline import OutlineModel

__all__ = [
    "ITEMS_MIME",
    "ClipTrayModel",
    "IdRole",
    "KindRole",
    "LibraryFilterModel",
    "LibraryModel",
    "OutlineModel",
    "SearchRole",
    "clip_label",
    "decode_items",
    "encode_items",
    "kind_icon",
    "shorten",
]
