"""The DOCX table of contents, finished when the file is opened.

A Word TOC field (`TOC \\o "1-2" \\h \\z \\u`) shows its stored result until the user updates
it, and LibreOffice prints that result as stored. So the writer stores the result Word itself
would produce: one paragraph per entry (styles "toc 1"/"toc 2") holding a hyperlink to the
heading's bookmark, the heading text, a right-aligned tab stop with a dot leader at the right
margin, and a PAGEREF field to the bookmark whose result is the page number. No `updateFields`
and no dirty flag: Word opens it without a prompt; F9 ("Update Table") regenerates the same
entries from the headings.

The page numbers come from our own Word-like layout of the finished body
(briefing.render.docx_layout), counted like the footer's PAGE field (the cover is page 1).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from lxml import etree

from briefing.render.docx_layout import PageFrame, StyleSheet, layout_paragraph, paginate
from briefing.render.docx_xml import (
    PPR_ORDER,
    W_BOOKMARKSTART,
    W_NAME,
    W_P,
    W_R,
    W_T,
    W_TAB,
    field_end,
    field_start,
    insert_ordered,
    w,
)

TOC_INSTRUCTION = ' TOC \\o "1-2" \\h \\z \\u '  # levels 1-2, hyperlinked entries
_PLACEHOLDER = "0"


@dataclass
class PageNumberSlot:
    """A PAGEREF result in the TOC, to be filled with the page of bookmark `bookmark`."""

    bookmark: str
    text: etree._Element  # the result's w:t


def add_leader_tab(p: etree._Element, text_width: float, rtl: bool) -> None:
    """The entry's right-aligned tab stop with a dot leader at the right margin (in a
    right-to-left paragraph, the end side is the left one: Word's "end" alignment)."""
    ppr = p.find(w("pPr"))
    if ppr is None:
        ppr = etree.SubElement(p, w("pPr"))
        p.insert(0, ppr)
    tabs = etree.Element(w("tabs"))
    tab = etree.SubElement(tabs, w("tab"))
    tab.set(w("val"), "left" if rtl else "right")
    tab.set(w("leader"), "dot")
    tab.set(w("pos"), str(int(text_width)))
    insert_ordered(ppr, tabs, PPR_ORDER)


def add_page_reference(parent: etree._Element, bookmark: str) -> PageNumberSlot:
    """A tab then a PAGEREF field to `bookmark` (its result filled in later)."""
    etree.SubElement(etree.SubElement(parent, W_R), W_TAB)
    field_start(parent, f" PAGEREF {bookmark} \\h ")
    text = etree.SubElement(etree.SubElement(parent, W_R), W_T)
    text.text = _PLACEHOLDER
    slot = PageNumberSlot(bookmark, text)
    field_end(parent)
    return slot


def fill_page_numbers(
    content: Sequence[etree._Element],
    slots: Sequence[PageNumberSlot],
    sheet: StyleSheet,
    frame: PageFrame,
) -> dict[str, int]:
    """Lay out the body and write each slot's page; returns the page of every bookmark.

    A number wider than the placeholder could rewrap an entry, so the pages are counted again
    until the numbers stop changing (twice in practice); only the contents entries whose
    number changed are laid out again, the rest of the body keeps its lines."""
    paragraphs = [p for p in content if p.tag == W_P]
    place = {id(p): index for index, p in enumerate(paragraphs)}
    layouts = [layout_paragraph(p, sheet, frame.width) for p in paragraphs]
    found: dict[str, int] = {}
    for _attempt in range(3):
        pages = paginate(paragraphs, sheet, frame, layouts=layouts)
        found = {}
        for p, page in zip(paragraphs, pages, strict=True):
            for start in p.iter(W_BOOKMARKSTART):
                found.setdefault(start.get(W_NAME, ""), page)
        changed = False
        for slot in slots:
            text = str(found.get(slot.bookmark, "")) or _PLACEHOLDER
            if slot.text.text != text:
                slot.text.text, changed = text, True
                entry = _paragraph_of(slot.text)
                if entry is not None and id(entry) in place:
                    index = place[id(entry)]
                    layouts[index] = layout_paragraph(entry, sheet, frame.width)
        if not changed:
            break
    return found


def _paragraph_of(element: etree._Element) -> etree._Element | None:
    parent = element.getparent()
    while parent is not None and parent.tag != W_P:
        parent = parent.getparent()
    return parent
