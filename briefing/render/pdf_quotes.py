"""The PDF writer's quotes: the quote with its accent rule, attribution and citation mark,
marking and analyst note, kept together on a page (a part of briefing.render.pdf's writer).

Most of a briefing is quotes, so their parts are built the quick way where they can be: a
plain attribution as one plain paragraph with its citation mark drawn beside it (`Cited`), a
note's bold label drawn beside a plain paragraph (`Labelled`), plain texts set without making
pieces (`text_paragraph`).
"""

from __future__ import annotations

from collections.abc import Callable

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

from briefing.core import blocks as b
from briefing.core.fonts import BOLD, REGULAR
from briefing.core.theme import Theme
from briefing.core.tree_text import has_rtl
from briefing.render.pdf_book import PageBook
from briefing.render.pdf_flowables import (
    Anchor,
    CitationMark,
    Cited,
    KeepTail,
    Kept,
    Labelled,
    Ruled,
)
from briefing.render.pdf_fonts import PdfFonts
from briefing.render.pdf_styles import RULE_X, PdfStyles, mirrored
from briefing.render.pdf_text import Markup, Piece, untabbed


class QuoteBlocks:
    """The quote-building part of the PDF writer (mixed into briefing.render.pdf's)."""

    # what the writer provides
    theme: Theme
    styles: PdfStyles
    book: PageBook
    body_fonts: PdfFonts
    body_markup: Markup
    accent: colors.Color
    link_colour: colors.Color
    frame_width: float
    _cited_styles: dict[float, ParagraphStyle]
    _labelled_styles: dict[tuple[str, str], ParagraphStyle]
    _widths: dict[tuple[str, str, float], float]
    paragraph: Callable[..., Flowable]
    _citation: Callable[[b.CitationRef], Piece]

    def text_paragraph(
        self, text: str, style: ParagraphStyle, direction: str = "ltr"
    ) -> Flowable:
        """paragraph([Piece(text)], style, direction=direction), most often without making the
        piece (thousands of quotes, attributions and notes)."""
        if direction != "rtl" and self.body_markup.is_plain(text, style):
            return self.body_markup.plain_paragraph(text, style, None)
        return self.paragraph([Piece(text)], style, None, direction)

    def width(self, text: str, font: str, size: float) -> float:
        """stringWidth, once per text, font and size (citation marks and labels recur)."""
        key = (text, font, size)
        width = self._widths.get(key)
        if width is None:
            width = self._widths[key] = stringWidth(text, font, size)
        return width

    def _quote(self, block: b.BlockQuote) -> list[Flowable]:
        s = self.styles
        accent = self.accent
        rtl = block.direction == "rtl"
        group: list[Flowable] = []
        if block.marking:
            marking = self.paragraph(
                [Piece(block.marking)],
                s.clip_marking,
                None,
                block.marking_direction,
                align=TA_RIGHT if rtl else TA_LEFT,
            )
            group.append(Ruled(marking))
        text_style = s.quote if block.italic else s.excerpt
        if rtl:
            text_style = mirrored(text_style)
        quote = self.text_paragraph(block.text, text_style, block.direction)
        rule_x = self.frame_width - RULE_X if rtl else RULE_X
        quote_flow = Ruled(quote, rule_x, accent, language=block.language)
        group.append(quote_flow)
        before_tail = len(group)
        attribution_rtl = block.attribution_direction == "rtl"
        cited = None
        if not (rtl or attribution_rtl):
            cited = self._cited_attribution(block)
        if cited is not None:
            group.append(
                Ruled(
                    cited,
                    rule_x,
                    accent,
                    extend_up=text_style.spaceAfter,
                    language=block.attribution_language,
                )
            )
        else:
            group += self._attribution(block, rtl, attribution_rtl, rule_x, text_style)
        has_tail = len(group) > before_tail
        if block.note:
            group.append(Ruled(self._note(block)))
        if block.anchor:
            group[0].anchor = Anchor(self.book, block.anchor)  # type: ignore[attr-defined]  # ours
        if len(block.text) + len(block.note) < 1200:
            return [Kept(group)]
        # too long to keep whole: the quote may break, but its attribution keeps lines of it
        index = next((i for i, f in enumerate(group) if f is quote_flow), None)
        if index is not None and index + 1 < len(group) and has_tail:
            group[index : index + 2] = [KeepTail(group[index], group[index + 1])]
        return group

    def _attribution(
        self,
        block: b.BlockQuote,
        rtl: bool,
        attribution_rtl: bool,
        rule_x: float,
        text_style: ParagraphStyle,
    ) -> list[Flowable]:
        tail: list[Piece] = []
        if block.attribution:
            tail.append(Piece(block.attribution))
        if block.citation is not None:
            if tail:
                tail.append(Piece(" "))
            tail.append(self._citation(block.citation))
        if not tail:
            return []
        style = mirrored(self.styles.attribution) if rtl else self.styles.attribution
        paragraph = self.paragraph(
            tail,
            style,
            None,
            "rtl" if attribution_rtl else "ltr",
            align=TA_LEFT if rtl else TA_RIGHT,
        )
        return [
            Ruled(
                paragraph,
                rule_x,
                self.accent,
                extend_up=text_style.spaceAfter,
                language=block.attribution_language,
            )
        ]

    def _cited_attribution(self, block: b.BlockQuote) -> Flowable | None:
        """The attribution as plain text with its citation mark drawn beside it, when it is
        left-to-right text the main font draws; None for the general path."""
        citation = block.citation
        if citation is None or not block.attribution or citation.anchor not in self.book.anchors:
            return None
        text = untabbed(block.attribution)
        if "\n" in text or has_rtl(text) or not self.body_markup.main_draws(text):
            return None
        style = self.styles.attribution
        font = self.body_fonts.main_name(REGULAR)
        mark_text = citation.mark
        mark_width = self.width(mark_text, font, style.fontSize)
        room = mark_width + self.width(" ", font, style.fontSize)
        key = round(room, 2)
        cited_style = self._cited_styles.get(key)
        if cited_style is None:
            cited_style = ParagraphStyle(
                f"{style.name}-cited-{key}", parent=style, rightIndent=style.rightIndent + room
            )
            self._cited_styles[key] = cited_style
        paragraph = self.text_paragraph(text, cited_style)
        colour = self.link_colour
        mark = CitationMark(mark_text, citation.anchor, font, colour, mark_width, style.rightIndent)
        return Cited(paragraph, mark)

    def _note(self, block: b.BlockQuote) -> Flowable:
        s = self.styles
        label = block.note_lead
        if block.note_direction != "rtl":
            labelled = self._labelled(label, block.note, s.clip_note)
            if labelled is not None:
                return labelled
        note_style = mirrored(s.clip_note) if block.note_direction == "rtl" else s.clip_note
        return self.paragraph(
            [Piece(label, bold=True), Piece(block.note)], note_style, None, block.note_direction
        )

    def _labelled(self, label: str, text: str, style: ParagraphStyle) -> Flowable | None:
        """`label` in bold then `text`, as one plain paragraph with the label drawn beside it
        (see _Labelled); None when that cannot look the same as the markup would."""
        if label and not label[-1].isspace() and text[:1].isspace():
            label, text = label + " ", text.lstrip()
        label, text = untabbed(label), untabbed(text)
        covers = self.body_markup.main_draws
        if (
            not label.strip()
            or "\n" in label
            or has_rtl(label + text)
            or style.fontName != self.body_fonts.main_name(REGULAR)
            or not covers(label, BOLD)
        ):
            return None
        bold = self.body_fonts.main_name(BOLD)
        indent = self.width(label, bold, style.fontSize)
        if indent > self.frame_width / 2:
            return None
        key = (style.name, label)
        inner_style = self._labelled_styles.get(key)
        if inner_style is None:
            inner_style = ParagraphStyle(
                f"{style.name}-labelled",
                parent=style,
                firstLineIndent=style.firstLineIndent + indent,
                backColor=None,
            )
            self._labelled_styles[key] = inner_style
        return Labelled(self.text_paragraph(text, inner_style), label, bold, style)
