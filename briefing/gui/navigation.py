"""From what a preview shows back to the model: a click on a quote, a heading, a figure or a
source entry in the Preview (or the Pages view) selects that item where it is edited, the
outline for sections, clips, notes and figures, the library for a source's article."""

from __future__ import annotations

from typing import Any


def connect_previews(window: Any) -> None:
    """`window` is the MainWindow (not imported: that would be an import cycle)."""
    window.preview.itemClicked.connect(lambda ident: select_shown_item(window, ident))
    pages = getattr(window, "pages", None)
    if pages is not None and hasattr(pages, "itemClicked"):
        pages.itemClicked.connect(lambda ident: select_shown_item(window, ident))


def select_shown_item(window: Any, ident: str) -> bool:
    """Select the object with id `ident`; False when it is no longer in the briefing."""
    if window.outline_model.index_of(ident).isValid():
        window.outline_dock.show()
        window.outline.select_id(ident)
        return True
    if window.session.briefing.article(ident) is not None:
        window.library_dock.show()
        window.library.select_article(ident)
        return True
    return False
