"""Numbered lists in the DOCX writer: real Word numbering, restarting for each list.

Every numbered list of the analyst's prose gets its own `w:num` (all sharing one decimal
"1." definition) with a start override, so a second list starts again at its own first
number instead of continuing the first, as Word's own "Restart at 1" does. Its paragraphs
use the "List Number" style: the reference document's own when it has one, else one made on
first use from "List Bullet" (same look, no bullet of its own). Nothing is added to a
document without numbered lists.
"""

from __future__ import annotations

import copy
from collections.abc import Callable

import docx
from lxml import etree

from briefing.render import docx_styles as st
from briefing.render.docx_xml import PPR_ORDER, VAL, W_STYLE, W_STYLEID, insert_ordered, sub, w

LIST_NUMBER = "List Number"
_INDENT_TWIPS = "360"  # as the bundled List Bullet: a quarter inch, hanging


class NumberedLists:
    def __init__(
        self,
        word: docx.document.Document,
        ids: dict[str, str],
        numbering_of: Callable[[], etree._Element],
    ) -> None:
        self._styles: etree._Element = word.styles.element
        self._ids = ids
        self._numbering_of = numbering_of
        self._abstract_id: str | None = None
        self._style_id: str | None = None

    def style_id(self) -> str:
        """The paragraph style id of numbered list items, adding the style if needed."""
        if self._style_id is None:
            self._style_id = self._ensure_style()
        return self._style_id

    def new_list(self, start: int) -> str:
        """The numId of a fresh list whose first item is numbered `start`."""
        numbering = self._numbering_of()
        if self._abstract_id is None:
            self._abstract_id = self._add_definition(numbering)
        taken = [int(n.get(w("numId"), "0")) for n in numbering.iterchildren(w("num"))]
        num_id = str(max(taken, default=0) + 1)
        num = sub(numbering, w("num"), {w("numId"): num_id})
        sub(num, w("abstractNumId"), {VAL: self._abstract_id})
        override = sub(num, w("lvlOverride"), {w("ilvl"): "0"})
        sub(override, w("startOverride"), {VAL: str(max(start, 0))})
        return num_id

    @staticmethod
    def number_paragraph(p: etree._Element, num_id: str) -> None:
        """Give paragraph `p` (already holding its pPr) the list's numbering."""
        ppr = p.find(w("pPr"))
        if ppr is None:  # pragma: no cover - the writer always makes one
            ppr = etree.SubElement(p, w("pPr"))
        num_pr = etree.Element(w("numPr"))
        sub(num_pr, w("ilvl"), {VAL: "0"})
        sub(num_pr, w("numId"), {VAL: num_id})
        insert_ordered(ppr, num_pr, PPR_ORDER)

    def _add_definition(self, numbering: etree._Element) -> str:
        abstracts = numbering.iterchildren(w("abstractNum"))
        taken = [int(a.get(w("abstractNumId"), "0")) for a in abstracts]
        abstract_id = str(max(taken, default=0) + 1)
        abstract = etree.Element(w("abstractNum"))
        abstract.set(w("abstractNumId"), abstract_id)
        sub(abstract, w("multiLevelType"), {VAL: "singleLevel"})
        level = sub(abstract, w("lvl"), {w("ilvl"): "0"})
        sub(level, w("start"), {VAL: "1"})
        sub(level, w("numFmt"), {VAL: "decimal"})
        sub(level, w("lvlText"), {VAL: "%1."})
        sub(level, w("lvlJc"), {VAL: "left"})
        ppr = sub(level, w("pPr"))
        sub(ppr, w("ind"), {w("left"): _INDENT_TWIPS, w("hanging"): _INDENT_TWIPS})
        first_num = numbering.find(w("num"))
        if first_num is not None:
            first_num.addprevious(abstract)  # every abstractNum comes before the first num
        else:
            numbering.append(abstract)
        return abstract_id

    def _ensure_style(self) -> str:
        by_name = st.styles_by_name(self._styles)
        found = by_name.get(LIST_NUMBER.casefold())
        if found is not None and found.get(W_STYLEID):
            return str(found.get(W_STYLEID))
        bullet = by_name.get(st.LIST_BULLET.casefold())
        if bullet is None:  # no list style at all: body text, numbered directly
            return self._ids[st.BODY]
        style = copy.deepcopy(bullet)
        taken = {s.get(W_STYLEID) for s in self._styles.iterchildren(W_STYLE)}
        style_id, counter = "ListNumber", 1
        while style_id in taken:
            counter += 1
            style_id = f"ListNumber{counter}"
        style.set(W_STYLEID, style_id)
        name = style.find(w("name"))
        if name is not None:
            name.set(VAL, LIST_NUMBER)
        num_pr = style.find(f"{w('pPr')}/{w('numPr')}")
        if num_pr is not None:  # the bullet's numbering: each list brings its own instead
            parent = num_pr.getparent()
            if parent is not None:
                parent.remove(num_pr)
        self._styles.append(style)
        return style_id
