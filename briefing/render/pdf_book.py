"""The page book: what the PDF's flowables and its canvas share while a document is laid out.

Flowables record here where anchors land and which pages the contents take; the canvas reads
it back when it draws the page furniture at save time. Neither needs the writer itself, so
the flowable, page and writer modules import this one and not each other.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from briefing.core.blocks import page_label_text

# A flowable placed on a page of the frame: (flowable, x, y)
Placed = tuple[Flowable, float, float]


@dataclass
class PageBook:
    anchors: frozenset[str]  # every anchor the document defines: links to others are dropped
    marking: str  # the banner at the top and bottom of every page ("" for none)
    marking_direction: str
    page_label: str  # "Page {page} of {pages}", as compile made it
    label_first_page: bool = True  # False: the cover carries no page label
    anchor_lift: float = 6.0  # a link lands a little above its target
    anchor_pages: dict[str, int] = field(default_factory=dict)
    # anchor -> (page number from 1, height on the page in points from its foot)
    anchor_places: dict[str, tuple[int, float]] = field(default_factory=dict)
    outline_level: int = -1  # of the last outline entry: a new one may go at most one deeper
    toc_pages: dict[int, list[Placed]] = field(default_factory=dict)  # page -> contents lines

    def bind(
        self, canvas: Canvas, anchor: str, y: float, outline: str = "", level: int = 0
    ) -> None:
        """A named destination at height `y` on the current page, with an outline entry."""
        canvas.bookmarkHorizontal(anchor, 0, y + self.anchor_lift)
        self.anchor_pages[anchor] = canvas.getPageNumber()
        # `y` is in the drawing flowable's own coordinates; the place is on the page
        self.anchor_places[anchor] = (canvas.getPageNumber(), canvas.absolutePosition(0, y)[1])
        if outline:
            # outline levels cannot skip (0 -> 2 raises): clamp to one below the last entry
            level = min(level, self.outline_level + 1)
            canvas.addOutlineEntry(outline, anchor, level=level, closed=False)
            self.outline_level = level

    def page_text(self, number: int, total: int) -> str:
        return page_label_text(self.page_label, number, total)
