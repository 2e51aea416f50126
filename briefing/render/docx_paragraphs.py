"""The DOCX writer's paragraphs and runs: what every block of the body is made of.

`ParagraphWriter` builds paragraphs (style, keep-with-next, a pending page break, direction),
runs (bold, italics, the character style, the right-to-left flag, the fallback fonts for
characters the theme's fonts lack, the language where it is not the document's), bookmarks,
internal and external links, and a block's inline content. The blocks themselves are laid out
by briefing.render.docx, which builds on this class.

Paragraph XML is built with lxml directly, in a separate plain tree moved into the document
at the end: python-docx's add_paragraph is quadratic in the paragraph count (STACK-NOTES), and
elements made inside its tree get its slower Python element classes.
"""

from __future__ import annotations

import copy
import re

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from lxml import etree

from briefing.core import blocks as b
from briefing.core.compile import safe_url
from briefing.core.fonts import fallback_fonts
from briefing.core.tree_text import has_rtl
from briefing.render import docx_styles as st
from briefing.render.docx_direction import mirrored_side_borders
from briefing.render.docx_language import language_tag, mark_language
from briefing.render.docx_xml import (
    PARAGRAPH_BREAK,
    R_ID,
    R_NS,
    VAL,
    W_ANCHOR,
    W_B,
    W_BCS,
    W_BIDI,
    W_BOOKMARKEND,
    W_BOOKMARKSTART,
    W_HISTORY,
    W_HYPERLINK,
    W_I,
    W_ICS,
    W_ID,
    W_KEEPNEXT,
    W_NAME,
    W_NS,
    W_P,
    W_PAGEBREAKBEFORE,
    W_PPR,
    W_PSTYLE,
    W_R,
    W_RFONTS,
    W_RPR,
    W_RSTYLE,
    W_RTL,
    add_text,
    w,
)

_DIRECTION_MARK = {False: "\u200e", True: "\u200f"}  # LRM, RLM


class ParagraphWriter:
    """Builds the body's paragraphs in a tree of its own (`content` hands them over)."""

    def __init__(
        self,
        word: docx.document.Document,
        ids: dict[str, str],
        bookmarks: dict[str, str],
        families: tuple[str, ...] = (),
    ) -> None:
        self._families = families  # the theme's: runs they cannot draw name a fallback font
        self._part = word.part
        self._styles: etree._Element = word.styles.element
        self._body = etree.Element(w("body"), nsmap={"w": W_NS, "r": R_NS})
        self._ids = ids
        self._bookmarks = bookmarks
        self._placed: set[str] = set()
        self._next_bookmark_id = 1
        self._page_break_pending = False
        self._mirrored: dict[str, etree._Element | None] = {}
        self._link_ids: dict[str, str] = {}
        self._next_rel_number = 1 + max(
            (int(rid[3:]) for rid in self._part.rels if re.fullmatch(r"rId\d+", rid)), default=0
        )

    @property
    def content(self) -> list[etree._Element]:
        return list(self._body)

    # -- paragraphs
    def _new_paragraph(
        self,
        style: str,
        direction: str = "ltr",
        *,
        keep_next: bool = False,
    ) -> etree._Element:
        return self._new_paragraph_with_id(self._ids[style], direction, keep_next=keep_next)

    def _new_paragraph_with_id(
        self, style_id: str, direction: str = "ltr", *, keep_next: bool = False
    ) -> etree._Element:
        p = etree.SubElement(self._body, W_P)
        ppr = etree.SubElement(p, W_PPR)
        etree.SubElement(ppr, W_PSTYLE).set(VAL, style_id)
        if keep_next:
            etree.SubElement(ppr, W_KEEPNEXT)
        if self._page_break_pending:
            etree.SubElement(ppr, W_PAGEBREAKBEFORE)
            self._page_break_pending = False
        if direction == "rtl":
            borders = self._rtl_borders(style_id)
            if borders is not None:  # a quote's bar, at the start of a right-to-left quote
                ppr.append(copy.deepcopy(borders))
            etree.SubElement(ppr, W_BIDI)
        return p

    def _rtl_borders(self, style_id: str) -> etree._Element | None:
        if style_id not in self._mirrored:
            self._mirrored[style_id] = mirrored_side_borders(self._styles, style_id)
        return self._mirrored[style_id]

    def _simple(
        self, style: str, text: str, direction: str, *, italic: bool = False
    ) -> etree._Element:
        """One paragraph of plain text."""
        p = self._new_paragraph(style, direction)
        if text:
            self._run(p, text, italic=italic, rtl=direction == "rtl")
        return p

    # -- runs
    def _run(
        self,
        parent: etree._Element,
        text: str,
        *,
        bold: bool = False,
        italic: bool = False,
        upright: bool = False,
        char_style: str | None = None,
        rtl: bool = False,
        language: str = "",
    ) -> etree._Element:
        """A run; `upright` switches off italics its paragraph style would give it; `language`
        is the text's where it is not the document's (the tree says so), else ""."""
        r = etree.SubElement(parent, W_R)
        rtl = rtl and has_rtl(text)
        slots = st.fallback_slots(fallback_fonts(text, self._families)) if self._families else {}
        tag = language_tag(language)
        if bold or italic or upright or char_style or rtl or slots or tag:
            rpr = etree.SubElement(r, W_RPR)
            if char_style:
                etree.SubElement(rpr, W_RSTYLE).set(VAL, self._ids[char_style])
            if slots:  # characters the theme's fonts lack: the installed font the PDF uses
                etree.SubElement(rpr, W_RFONTS, {w(k): v for k, v in slots.items()})
            if bold:
                etree.SubElement(rpr, W_B)
                etree.SubElement(rpr, W_BCS)
            if italic:
                etree.SubElement(rpr, W_I)
                etree.SubElement(rpr, W_ICS)
            elif upright:
                etree.SubElement(rpr, W_I).set(VAL, "0")
                etree.SubElement(rpr, W_ICS).set(VAL, "0")
            if rtl:
                etree.SubElement(rpr, W_RTL)
            if tag:
                mark_language(rpr, tag)
        add_text(r, text)
        return r

    def _inlines(
        self, p: etree._Element, inlines: tuple[b.Inline, ...], style: str, direction: str
    ) -> etree._Element:
        """Append inline content to `p`; a blank line inside a text starts a new paragraph of
        the same style. Returns the last paragraph."""
        rtl = direction == "rtl"
        for inline in inlines:
            if isinstance(inline, b.Text):
                pieces = PARAGRAPH_BREAK.split(inline.text)
                run_rtl = (inline.direction or direction) == "rtl"  # an RTL outlet, say
                for index, piece in enumerate(pieces):
                    if index:
                        p = self._new_paragraph(style, direction)
                    if piece:
                        self._run(p, piece, bold=inline.bold, italic=inline.italic, rtl=run_rtl,
                                  language=inline.language)  # fmt: skip
                if inline.direction and inline.direction != direction:
                    # Word has no isolate: a mark of the paragraph's direction after the run
                    # keeps what follows (". 20 November 2026") out of its reordering
                    self._run(p, _DIRECTION_MARK[rtl])
            elif isinstance(inline, b.Link):
                text = inline.text or inline.url
                url = safe_url(inline.url)
                if url:
                    link = self._external_link(p, url)
                    self._run(link, text, char_style=st.HYPERLINK, rtl=rtl)
                else:
                    self._run(p, text, rtl=rtl)
            elif isinstance(inline, b.CrossRef):
                target = self._internal_link(p, inline.anchor)
                char_style = st.HYPERLINK if target is not None else None
                self._run(target if target is not None else p, inline.text,
                          char_style=char_style, rtl=rtl)  # fmt: skip
            elif isinstance(inline, b.CitationRef):
                self._citation(p, inline)
        return p

    def _citation(self, p: etree._Element, citation: b.CitationRef) -> None:
        link = self._internal_link(p, citation.anchor)
        self._run(link if link is not None else p, citation.mark, char_style=st.CITATION)

    # -- bookmarks and links
    def _bookmark_start(self, p: etree._Element, anchor: str) -> str | None:
        name = self._bookmarks.get(anchor)
        if name is None or name in self._placed:
            return None
        self._placed.add(name)
        bookmark_id = str(self._next_bookmark_id)
        self._next_bookmark_id += 1
        start = etree.SubElement(p, W_BOOKMARKSTART)
        start.set(W_ID, bookmark_id)
        start.set(W_NAME, name)
        return bookmark_id

    @staticmethod
    def _bookmark_end(p: etree._Element, bookmark_id: str | None) -> None:
        if bookmark_id is not None:
            etree.SubElement(p, W_BOOKMARKEND).set(W_ID, bookmark_id)

    def _internal_link(self, parent: etree._Element, anchor: str) -> etree._Element | None:
        name = self._bookmarks.get(anchor)
        if name is None:
            return None
        link = etree.SubElement(parent, W_HYPERLINK)
        link.set(W_ANCHOR, name)
        link.set(W_HISTORY, "1")
        return link

    def _external_link(self, parent: etree._Element, url: str) -> etree._Element:
        rel_id = self._link_ids.get(url)
        if rel_id is None:
            # Our own counter: python-docx's relate_to scans every relationship per call,
            # which is quadratic in the number of links.
            rel_id = f"rId{self._next_rel_number}"
            while rel_id in self._part.rels:  # taken since: a figure's picture, say
                self._next_rel_number += 1
                rel_id = f"rId{self._next_rel_number}"
            self._next_rel_number += 1
            self._part.rels.add_relationship(RT.HYPERLINK, url, rel_id, is_external=True)
            self._link_ids[url] = rel_id
        link = etree.SubElement(parent, W_HYPERLINK)
        link.set(R_ID, rel_id)
        link.set(W_HISTORY, "1")
        return link
