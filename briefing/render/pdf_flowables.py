"""The PDF writer's own flowables: anchors, ruled and cited quotes, labelled notes, contents
lines, the cover.

None of them holds the writer: what they share with the page furniture goes through the
`PageBook` (briefing.render.pdf_book), and what they draw with is given to them.
"""

from __future__ import annotations

import io
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.geomutils import normalizeTRBL
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, KeepTogether
from reportlab.platypus.flowables import _listWrapOn  # type: ignore[attr-defined]  # private

from briefing.core import blocks as b
from briefing.core.cover_design import COVER
from briefing.core.images import cover_logo
from briefing.render.pdf_book import PageBook, Placed
from briefing.render.pdf_shaping import draw_plain
from briefing.render.pdf_styles import PdfStyles
from briefing.render.pdf_text import Markup, Piece, make_paragraph


class Anchor(Flowable):
    """Zero-size mark: binds a named destination here, records the page, adds an outline entry."""

    # As reportlab's own anchors: take no space and pass the space around them through.
    _ZEROSIZE = True
    _SPACETRANSFER = True

    def __init__(self, book: PageBook, anchor: str, outline: str = "", level: int = 0):
        super().__init__()
        self.book = book
        self.anchor = anchor
        self.outline = outline
        self.level = level
        self.width = self.height = 0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.mark(self.canv, 0.0)

    def mark(self, canvas: Canvas, y: float) -> None:
        """Bind the destination at height `y` of the current origin (its own draw, or the top
        of the flowable that carries it)."""
        self.book.bind(canvas, self.anchor, y, self.outline, self.level)


def draw_in_place(inner: Flowable, canvas: Canvas) -> None:
    """Draw a wrapped flowable at its wrapper's origin. drawOn would save and restore the
    graphics state around a zero translation: thousands of times in a large document, for
    flowables (ours and Paragraph) that leave the state as they found it."""
    inner._drawOn(canvas)  # type: ignore[attr-defined]  # drawOn minus the state save


class Ruled(Flowable):
    """A flowable with a vertical accent rule beside it (the block-quote bar); with no colour,
    just a wrapper that remembers its size (KeepTogether measures each item twice)."""

    def __init__(
        self,
        inner: Flowable,
        x: float = 0.0,
        colour: colors.Color | None = None,
        extend_up: float = 0.0,
        anchor: Anchor | None = None,
        language: str = "",
    ):
        super().__init__()
        self.inner = inner
        # The text's language where it is not the document's (a quote from a Russian
        # article): drawn inside a /Lang span (DeferredCanvas.begin_language).
        self.language = language
        self.x = x
        self.colour = colour
        self.extend_up = extend_up
        # A quote's destination rides on its first piece: an anchor flowable of its own cost
        # a frame placement, a graphics state and a translation per quote.
        self.anchor = anchor
        self.keepWithNext = getattr(inner, "keepWithNext", 0)
        self._wrapped_for: float | None = None

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        # A paragraph's size depends only on the width; KeepTogether asks twice per quote.
        if avail_width != self._wrapped_for:
            self.width, self.height = self.inner.wrap(avail_width, avail_height)
            self._wrapped_for = avail_width
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        self._wrapped_for = None
        parts = self.inner.split(avail_width, avail_height)
        return [
            Ruled(
                part,
                self.x,
                self.colour,
                self.extend_up if i == 0 else 0.0,
                self.anchor if i == 0 else None,
                self.language,
            )
            for i, part in enumerate(parts)
        ]

    # The draw methods of these wrappers change colours and fonts without saving the graphics
    # state: the frame draws each flowable inside a saved state of its own (Flowable.drawOn),
    # and the paragraphs drawn in place set their own.
    def draw(self) -> None:
        canvas = self.canv
        if self.anchor is not None:
            self.anchor.mark(canvas, self.height)
        begin = getattr(canvas, "begin_language", None) if self.language else None
        spanned = begin is not None and begin(self.language)
        draw_in_place(self.inner, canvas)
        if spanned:
            canvas.end_language()  # type: ignore[attr-defined]  # DeferredCanvas's
        if self.colour is None:
            return
        canvas.setStrokeColor(self.colour)
        canvas.setLineWidth(2.2)
        canvas.line(self.x, 0, self.x, self.height + self.extend_up)

    def getSpaceBefore(self) -> float:
        return self.inner.getSpaceBefore()

    def getSpaceAfter(self) -> float:
        return self.inner.getSpaceAfter()


class Cited(Flowable):
    """A right-aligned paragraph with its citation mark ("[n]") drawn after its last line as a
    link to the Sources entry.

    The mark could be a link inside the paragraph's markup, but a paragraph of more than one
    fragment takes reportlab's slow line-breaking path (about 4× the time of plain text).
    The paragraph's right indent leaves room for the mark.
    """

    def __init__(self, inner: Flowable, mark: CitationMark):
        super().__init__()
        self.inner = inner
        self.mark = mark
        self.keepWithNext = getattr(inner, "keepWithNext", 0)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width, self.height = self.inner.wrap(avail_width, avail_height)
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        parts = self.inner.split(avail_width, avail_height)
        if parts:
            parts[-1] = Cited(parts[-1], self.mark)
        return parts

    def draw(self) -> None:
        # the inner flowable is a Paragraph, laid out: its style and broken lines
        canvas, mark, style = self.canv, self.mark, self.inner.style  # type: ignore[attr-defined]
        draw_in_place(self.inner, canvas)
        lines = len(self.inner.blPara.lines)  # type: ignore[attr-defined]
        baseline = self.height - style.fontSize - (lines - 1) * style.leading
        x = self.width - mark.right - mark.width
        canvas.setFont(mark.font, style.fontSize)
        canvas.setFillColor(mark.colour)
        draw_plain(canvas, x, baseline, mark.text)
        box = (x, baseline - style.fontSize * 0.25, x + mark.width, baseline + style.fontSize)
        canvas.linkRect("", mark.anchor, box, relative=1, thickness=0)

    def getSpaceBefore(self) -> float:
        return self.inner.getSpaceBefore()

    def getSpaceAfter(self) -> float:
        return self.inner.getSpaceAfter()


class Labelled(Flowable):
    """A paragraph whose first line starts with a bold label ("Analyst note: ") drawn by
    itself, the paragraph's first-line indent leaving room for it: the text stays one plain
    fragment (reportlab breaks mixed-look paragraphs into lines about 5× slower).

    The paragraph's style has no background: it is drawn here (as reportlab would draw it for
    `box_style`) so that the label can come before the text in the page's content, which is
    the order text extraction and copying follow. reportlab's bullet text would also do, but
    it adds 0.6 em after the bullet.
    """

    def __init__(self, inner: Flowable, label: str, font: str, box_style: ParagraphStyle):
        super().__init__()
        self.inner = inner
        self.label = label
        self.font = font
        self.box_style = box_style
        self.keepWithNext = getattr(inner, "keepWithNext", 0)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width, self.height = self.inner.wrap(avail_width, avail_height)
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        parts = self.inner.split(avail_width, avail_height)
        return [
            Labelled(part, self.label if i == 0 else "", self.font, self.box_style)
            for i, part in enumerate(parts)
        ]

    def draw(self) -> None:
        canvas, box = self.canv, self.box_style
        style = self.inner.style  # type: ignore[attr-defined]  # a Paragraph's
        if box.backColor is not None:
            top, right, bottom, left = normalizeTRBL(box.borderPadding)
            canvas.setFillColor(box.backColor)
            canvas.rect(
                box.leftIndent - left,
                -bottom,
                self.width - (box.leftIndent + box.rightIndent) + left + right,
                self.height + top + bottom,
                stroke=0,
                fill=1,
            )
        if self.label:
            canvas.setFont(self.font, style.fontSize)
            canvas.setFillColor(style.textColor)
            x = box.leftIndent + box.firstLineIndent
            draw_plain(canvas, x, self.height - style.fontSize, self.label)
        draw_in_place(self.inner, canvas)

    def getSpaceBefore(self) -> float:
        return self.inner.getSpaceBefore()

    def getSpaceAfter(self) -> float:
        return self.inner.getSpaceAfter()


@dataclass(frozen=True)
class CitationMark:
    """A citation mark drawn beside a paragraph (see Cited)."""

    text: str
    anchor: str
    font: str
    colour: colors.Color
    width: float  # of the text
    right: float  # the paragraph's right indent before room was made for the mark


class Kept(KeepTogether):
    """KeepTogether that remembers its items, so a heading before it can join the group."""

    def __init__(self, items: list[Flowable]):
        super().__init__(items)
        self.items = items

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        # As KeepTogether.wrap, minus its deep copy of the document's frame (there for
        # flowables that generate content; ours never do): ~10% of a large export.
        dims: list[Any] = []
        content = self._content  # type: ignore[attr-defined]  # KeepTogether's items
        width, self._H = _listWrapOn(content, avail_width, _NO_DOCUMENT, dims=dims)
        self._H0 = dims[0][1] if dims else 0
        self._wrapInfo = avail_width, avail_height
        return width, 0xFFFFFF  # force a split, as KeepTogether does

    def getSpaceBefore(self) -> float:
        # The first item that takes room: a heading's anchor comes first and has no space of
        # its own but passes the heading's on (_SPACETRANSFER), so KeepTogether's own answer
        # (0) let a heading and the line after it be judged to fit where they did not, and the
        # heading ended the page ("Sources" with its entries overleaf).
        for item in self.items:
            if not getattr(item, "_ZEROSIZE", False):
                return float(item.getSpaceBefore())
        return 0.0


class KeepTail(Flowable):
    """A long quote and its attribution line: the quote may break across pages, but the
    attribution never starts a page alone: at least `lines` lines of the quote go with it.
    (A short quote is kept whole instead, see Kept.)"""

    def __init__(self, body: Flowable, tail: Flowable, lines: int = 2):
        super().__init__()
        self.body = body
        self.tail = tail
        self.lines = lines

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        _, body_h = self.body.wrap(avail_width, avail_height)
        _, tail_h = self.tail.wrap(avail_width, avail_height)
        self.width = avail_width
        self.height = body_h + self.tail.getSpaceBefore() + tail_h
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        _, body_h = self.body.wrap(avail_width, avail_height)
        if body_h <= avail_height:
            # the quote would end this page and the attribution start the next: move the
            # quote's last lines over with it
            leading = getattr(getattr(_innermost(self.body), "style", None), "leading", 12.0)
            avail_height = body_h - self.lines * leading
        parts = self.body.split(avail_width, avail_height)
        if len(parts) < 2:
            return []  # nothing fits here: the frame moves the whole to the next page
        return [*parts[:-1], KeepTail(parts[-1], self.tail, self.lines)]

    def draw(self) -> None:
        canvas = self.canv
        _, body_h = self.body.wrap(self.width, self.height)
        self.tail.wrap(self.width, self.height)
        self.body.drawOn(canvas, 0, self.height - body_h)
        self.tail.drawOn(canvas, 0, 0)

    def getSpaceBefore(self) -> float:
        return self.body.getSpaceBefore()

    def getSpaceAfter(self) -> float:
        return self.tail.getSpaceAfter()


def _innermost(flow: Flowable) -> Flowable:
    while hasattr(flow, "inner"):
        flow = flow.inner
    return flow


class CompactContents(Flowable):
    """A short briefing's contents, heading the first page of the body (a memo's contents
    have no page of their own). Its lines are drawn at save time, when every heading's page
    is known: here it only takes their room and records where they go."""

    def __init__(self, book: PageBook, flows: list[Flowable], origin: tuple[float, float]):
        super().__init__()
        self.book = book
        self.flows = flows
        self.origin = origin  # the frame's left and bottom on the page
        self._placed: list[tuple[Flowable, float]] = []

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self._placed = []
        y = 0.0
        for index, flow in enumerate(self.flows):
            if index:
                y += flow.getSpaceBefore()
            _, h = flow.wrap(avail_width, avail_height)
            y += h
            self._placed.append((flow, y))
            y += flow.getSpaceAfter() if index < len(self.flows) - 1 else 0.0
        self.width, self.height = avail_width, y
        return self.width, self.height

    def drawOn(self, canvas: Canvas, x: float, y: float, _sW: float = 0) -> None:  # noqa: N803
        left, bottom = self.origin
        top = y + self.height
        placed = self.book.toc_pages.setdefault(canvas.getPageNumber(), [])
        for flow, depth in self._placed:
            placed.append((flow, x - left, top - depth - bottom))

    def getSpaceAfter(self) -> float:
        return 12.0


class _NoDocumentCanvas:
    """Stands in for the canvas while measuring: has no document template to copy."""


_NO_DOCUMENT = _NoDocumentCanvas()


class TocPageMark(Flowable):
    """Zero-size mark on each page reserved for the contents; records which page it is."""

    _ZEROSIZE = True

    def __init__(self, book: PageBook, layout: TocLayout, index: int):
        super().__init__()
        self.book = book
        self.layout = layout
        self.index = index

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        page = self.canv.getPageNumber()
        self.book.toc_pages[page] = self.layout.pages[self.index]
        if self.index == 0:
            # the contents' own bookmark, bound now so the outline keeps document order
            Anchor(self.book, self.layout.anchor, self.layout.title, 0).drawOn(self.canv, 0, 0)


class TocLine(Flowable):
    """One contents entry: the heading text, a dotted leader, the page number, all one link."""

    def __init__(
        self, book: PageBook, entry: b.TocEntry, style: ParagraphStyle, look: TocLook
    ):
        super().__init__()
        self.book = book
        self.entry = entry
        self.style = style
        self.look = look
        pieces = [Piece(entry.text)]
        rtl = entry.direction == "rtl"
        self.paragraph = make_paragraph(pieces, style, look.markup, rtl=rtl, align=TA_LEFT)
        self.number_width = look.number_width

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        _, self.height = self.paragraph.wrap(avail_width - self.number_width - 12, avail_height)
        return self.width, self.height

    def getSpaceBefore(self) -> float:
        return self.style.spaceBefore

    def draw(self) -> None:
        canvas = self.canv
        style = self.style
        self.paragraph.drawOn(canvas, 0, 0)
        lines = self.paragraph.blPara.lines  # type: ignore[attr-defined]  # set by wrap
        text_width = self.width - self.number_width - 12
        last = lines[-1] if lines else None
        extra = getattr(last, "extraSpace", None)
        if extra is None and isinstance(last, tuple):
            extra = last[0]
        end = text_width - (extra or 0) + 3
        baseline = self.height - style.fontSize - (len(lines) - 1) * style.leading
        page = self.book.anchor_pages.get(self.entry.anchor)
        number = str(page) if page else ""
        font = self.look.number_font
        canvas.saveState()
        canvas.setFillColor(self.look.number_colour)
        canvas.setFont(font, style.fontSize)
        canvas.drawRightString(self.width, baseline, number)
        number_left = self.width - canvas.stringWidth(number, font, style.fontSize) - 4
        if number_left - end > 6:
            canvas.setStrokeColor(self.look.leader_colour)
            canvas.setLineWidth(0.8)
            canvas.setLineCap(1)
            canvas.setDash([0.01, 3.2])
            # dots on a fixed grid line up from one entry to the next
            start = math.ceil((end + 2) / 3.2) * 3.2
            canvas.line(start, baseline + 1, number_left, baseline + 1)
        canvas.restoreState()
        if self.entry.anchor in self.book.anchors:
            canvas.linkRect(
                "", self.entry.anchor, (0, 0, self.width, self.height), relative=1, thickness=0
            )


@dataclass(frozen=True)
class TocLook:
    """What a contents line draws with."""

    markup: Markup  # the heading fonts' markup
    number_width: float  # the fixed column the page numbers sit in
    number_font: str
    number_colour: colors.Color
    leader_colour: colors.Color


@dataclass(frozen=True)
class CoverLook:
    """What the cover draws with: styles, colours, the page's geometry, a paragraph maker."""

    styles: PdfStyles
    accent: colors.Color
    marking_colour: colors.Color
    page_height: float
    margins: tuple[float, float, float, float]  # top, right, bottom, left
    paragraph: Callable[[list[Piece], ParagraphStyle, str], Flowable]  # pieces, style, direction


class Cover(Flowable):
    """The cover page in the order of blocks.Cover: accent band, logo, title block, marking,
    prepared-by block at the foot."""

    def __init__(self, cover: b.Cover, look: CoverLook):
        super().__init__()
        self.cover = cover
        self.look = look
        self.logo = read_logo(cover.logo_path) if cover.logo_path else None

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width, self.height = avail_width, avail_height
        return self.width, self.height

    def draw(self) -> None:
        look, cover, canvas = self.look, self.cover, self.canv
        styles = look.styles
        width, height = self.width, self.height
        accent = look.accent
        page_h = look.page_height
        _top, _right, bottom_m, left_m = look.margins

        # An accent band down the left edge of the page, outside the text frame.
        canvas.saveState()
        canvas.translate(-left_m, -bottom_m)
        canvas.setFillColor(accent)
        canvas.rect(0, 0, COVER.band_mm * mm, page_h, stroke=0, fill=1)
        canvas.restoreState()

        def para(text: str, style: ParagraphStyle, direction: str) -> Flowable:
            return look.paragraph([Piece(text)], style, direction)

        if self.logo is not None:
            self._draw_logo(height)  # top right

        y = height * (1 - COVER.title_from_top)
        canvas.saveState()
        canvas.setFillColor(accent)
        canvas.rect(0, y, COVER.rule_mm * mm, COVER.accent_rule_pt, stroke=0, fill=1)
        canvas.restoreState()
        y -= COVER.after_rule_pt
        for text, style, direction, gap in (
            (cover.title, styles.cover_title, cover.title_direction, COVER.after_title_pt),
            (cover.subtitle, styles.cover_subtitle, cover.subtitle_direction,
             COVER.after_subtitle_pt),
            (cover.date, styles.cover_meta, cover.date_direction, COVER.after_date_pt),
        ):
            if not text:
                continue
            flow = para(text, style, direction)
            _, h = flow.wrap(width * COVER.main_width, y)
            flow.drawOn(canvas, 0, y - h)
            y -= h + gap
        if cover.marking:
            flow = para(cover.marking, styles.cover_marking, cover.marking_direction)
            _, h = flow.wrap(width * COVER.main_width, y)
            flow.drawOn(canvas, 0, y - h)
            canvas.saveState()
            canvas.setStrokeColor(look.marking_colour)
            canvas.setLineWidth(COVER.marking_rule_pt)
            rule_y = y + COVER.marking_rule_gap_pt
            canvas.line(0, rule_y, COVER.rule_mm * mm, rule_y)
            canvas.restoreState()

        bottom: list[Flowable] = []
        if cover.prepared_by_label:
            label = cover.prepared_by_label
            bottom.append(para(label, styles.cover_label, cover.prepared_by_direction))
        for text, direction in (
            (cover.author, cover.author_direction),
            (cover.organisation, cover.organisation_direction),
        ):
            if text:
                bottom.append(para(text, styles.cover_meta, direction))
        y = 0.0
        for flow in reversed(bottom):
            _, h = flow.wrap(width * COVER.foot_width, height)
            flow.drawOn(canvas, 0, y)
            y += h + COVER.foot_gap_pt

    def _draw_logo(self, y: float) -> None:
        assert self.logo is not None
        image, (w, h) = self.logo
        self.canv.drawImage(image, self.width - w, y - h, w, h, mask="auto")


def read_logo(path: str) -> tuple[ImageReader, tuple[float, float]] | None:
    """The logo as (reader, size on the cover in points), or None when it cannot be read:
    compile leaves an unusable logo out of the tree and the checks warn, so every format goes
    without it alike (one that turns unreadable between compile and now is left off the same
    way). The pixels and the size are core.images.cover_logo's, as in the other formats."""
    logo = cover_logo(path)
    if logo is None:
        return None
    try:
        image = ImageReader(io.BytesIO(logo.data))
    except Exception:  # reportlab/Pillow raise many kinds for foreign files
        return None
    return image, (logo.width_pt, logo.height_pt)


@dataclass
class TocLayout:
    """The contents laid out on their pages before the body (see briefing.render.pdf)."""

    pages: list[list[Placed]] = field(default_factory=list)
    anchor: str = ""
    title: str = ""

