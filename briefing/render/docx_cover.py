"""The cover's geometry in the Word file: the one cover design (briefing.core.cover_design)
that the PDF draws and the printed HTML lays out, applied to the cover's own paragraphs as
direct formatting (the reference document's styles still give the fonts and colours), with no
paragraph added: an empty paragraph is an artefact a Word user has to delete.

Word has no canvas in the text flow, so: the logo's paragraph is right-aligned; the title block
starts a third of the way down through the title's space before; the accent rule is the
title's top border and the marking's rule the marking's, each at the design's distance from
its text (so each rule spans its paragraph, not the design's 42 mm); who prepared it is moved
to the foot of the page by the space before it, worked out with the layout that numbers the
contents (briefing.render.docx_layout). Not drawn: the accent band down the page's edge (Word
would need a floating shape anchored to the page).
"""

from __future__ import annotations

from collections.abc import Sequence

from lxml import etree

from briefing.core.cover_design import COVER
from briefing.render.docx_layout import PageFrame, StyleSheet, layout_paragraph
from briefing.render.docx_xml import PPR_ORDER, VAL, W_PPR, insert_ordered, w

_TWIPS_PER_PT = 20
# Kept free under the foot's block: Word's and LibreOffice's lines may come out a little taller
# than the layout's estimate, and a foot pushed over the page's end would stand alone overleaf.
_FOOT_SAFETY_PT = 18.0


def _set(p: etree._Element, name: str, **attrs: str) -> etree._Element:
    """Replace the paragraph's `name` property with one holding `attrs`."""
    ppr = p.find(W_PPR)
    if ppr is None:
        ppr = etree.Element(W_PPR)
        p.insert(0, ppr)
    old = ppr.find(w(name))
    if old is not None:
        ppr.remove(old)
    element = etree.Element(w(name))
    for key, value in attrs.items():
        element.set(w(key), value)
    insert_ordered(ppr, element, PPR_ORDER)
    return element


def _twips(points: float) -> str:
    return str(round(points * _TWIPS_PER_PT))


def place(
    p: etree._Element,
    text_width: float,
    *,
    after_pt: float,
    before_pt: float = 0.0,
    width: float = COVER.main_width,
    rule: tuple[float, str, float] | None = None,
) -> None:
    """A cover paragraph: its space before and after, its width a share of the text area's
    (`text_width`, twips), and instead of its style's borders at most a `rule` above it
    (thickness in points, colour, distance to the text in points)."""
    _set(p, "spacing", before=_twips(before_pt), after=_twips(after_pt))
    _set(p, "ind", right=str(round(text_width * (1 - width))))
    borders = _set(p, "pBdr")
    top = etree.SubElement(borders, w("top"))
    if rule is None:
        top.set(VAL, "nil")
    else:
        thickness, colour, space = rule
        top.set(VAL, "single")
        top.set(w("sz"), str(max(2, min(96, round(thickness * 8)))))  # eighths of a point
        top.set(w("space"), str(max(0, min(31, round(space)))))  # points, at most 31
        top.set(w("color"), colour)
    etree.SubElement(borders, w("bottom")).set(VAL, "nil")
    _set(p, "contextualSpacing", val="0")


def align(p: etree._Element, value: str) -> None:
    """The paragraph's alignment: "right" for the logo (top right, as in the PDF), "left" for
    the marking (its style centres it)."""
    _set(p, "jc", val=value)


def push_to_foot(
    cover: Sequence[etree._Element], foot: int, sheet: StyleSheet, frame: PageFrame
) -> None:
    """Give `cover[foot]` (the first paragraph of who prepared it) the space before that puts
    it and the paragraphs after it at the foot of the cover page."""
    if not 0 < foot < len(cover):
        return
    layouts = [layout_paragraph(p, sheet, frame.width) for p in cover]
    used = 0.0
    for index, item in enumerate(layouts):
        gap = item.before if index == 0 else max(layouts[index - 1].after, item.before)
        if index == foot:
            gap = 0.0
        used += gap + item.body
    room = frame.height - used - _FOOT_SAFETY_PT * _TWIPS_PER_PT
    if room > 0:
        _set(cover[foot], "spacing", before=str(round(room)),
             after=_twips(COVER.foot_gap_pt))  # fmt: skip
