"""Right-to-left paragraphs in the Word file: what a w:bidi paragraph mirrors by itself, and
what the writer has to mirror for it.

In a w:bidi paragraph Word and LibreOffice mirror the indents (w:ind's left/right are the
paragraph's start and end sides), the alignment and the tab stops (ECMA-376 17.3.1.6), so a
style's indents need nothing. Paragraph borders are not mirrored: w:pBdr's w:left and w:right
are the page's left and right "regardless of the paragraph direction" (17.3.1.17, 17.3.1.28).
A quote's bar, a left border in the Quote, Excerpt and Analyst Note styles, would stand at
the end of a right-to-left quote, so such a paragraph gets the style's side borders swapped
as direct formatting (`mirrored_side_borders`): the bar on its right, at its start, beside
the indent that Word mirrors.
"""

from __future__ import annotations

import copy

from lxml import etree

from briefing.core import blocks as b
from briefing.render.docx_stylesheet import StyleSheet
from briefing.render.docx_xml import PPR_ORDER, VAL, W_PPR, insert_ordered, w

_EDGES = ("top", "left", "bottom", "right", "between", "bar")  # CT_PBdr's order
_W_PBDR = w("pBdr")


def style_borders(styles: etree._Element, style_id: str) -> dict[str, etree._Element]:
    """The paragraph borders style `style_id` ends up with, by edge: the document defaults',
    then each style's down its basedOn chain, a later one replacing an edge."""
    sheet = StyleSheet(styles)
    sources = [sheet.default_ppr] + [style.find(W_PPR) for style in sheet.chain(style_id)]
    edges: dict[str, etree._Element] = {}
    for ppr in sources:
        borders = None if ppr is None else ppr.find(_W_PBDR)
        for edge in () if borders is None else borders:
            edges[etree.QName(edge).localname] = edge
    return edges


def _drawn(edge: etree._Element | None) -> bool:
    return edge is not None and edge.get(VAL) not in ("nil", "none")


def mirrored_side_borders(styles: etree._Element, style_id: str) -> etree._Element | None:
    """A w:pBdr that puts the style's left border on the right and its right one on the left
    (top, bottom and the others as the style has them), or None when it has neither."""
    edges = style_borders(styles, style_id)
    left, right = edges.get("left"), edges.get("right")
    if not _drawn(left) and not _drawn(right):
        return None
    borders = etree.Element(_W_PBDR)
    for edge in _EDGES:
        source = {"left": right, "right": left}.get(edge, edges.get(edge))
        if edge in ("left", "right") and not _drawn(source):
            etree.SubElement(borders, w(edge)).set(VAL, "nil")
        elif source is not None:
            mirrored = copy.deepcopy(source)
            mirrored.tag = w(edge)
            borders.append(mirrored)
    return borders


def align_end(p: etree._Element, align: str, quote_rtl: bool, paragraph_rtl: bool) -> None:
    """Set the attribution at the quote's end edge (right of a left-to-right quote, left of a
    right-to-left one), as the tree says; "start" keeps the style's alignment. In a bidi
    paragraph Word reads "left"/"right" mirrored, so the value follows the paragraph's own
    direction."""
    if align != b.ATTRIBUTION_END:
        return
    physical_right = not quote_rtl
    value = "right" if physical_right != paragraph_rtl else "left"
    ppr = p.find(W_PPR)
    assert ppr is not None  # the writer's paragraphs always have one
    insert_ordered(ppr, _jc(value), PPR_ORDER)


def _jc(value: str) -> etree._Element:
    element = etree.Element(w("jc"))
    element.set(VAL, value)
    return element
