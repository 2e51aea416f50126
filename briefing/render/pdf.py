"""The PDF writer: translates the render tree (briefing.core.blocks) with reportlab platypus.

One layout pass, no multiBuild. The table of contents costs no extra pass over the body:

- Its length in pages is known before the body is laid out: its entries are laid out on their
  own (a few hundred small paragraphs, page numbers drawn in a fixed-width column so their
  values cannot change the layout), which gives the exact page count. The body reserves that
  many pages with marker flowables.
- While the body is laid out, every heading's anchor flowable records the page it lands on,
  binds its PDF destination and adds its outline (bookmark) entry.
- Pages are not written as they finish: the canvas keeps each page's drawing operators (which
  reportlab keeps in memory until the file is saved anyway) and, at save time, draws the
  contents pages, with the now known page numbers and links, and on every page the marking
  banner and "Page X of Y" with the now known total.

Limitations: characters above U+FFFF (most emoji) are drawn but get a malformed ToUnicode
entry from reportlab, so copying or searching them in a viewer fails; right-to-left text is
reordered line by line (see pdf_text.BidiParagraph); a quote longer than about 1,200
characters is not kept together with its attribution line; the PDF is not tagged.
"""

from __future__ import annotations

import contextlib
import math
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.geomutils import normalizeTRBL
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.rl_accel import fp_str
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfdoc import PDFObject
from reportlab.pdfbase.pdfmetrics import getAscentDescent, stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    PageBreak,
    PageTemplate,
    Spacer,
)
from reportlab.platypus.flowables import _listWrapOn

from briefing.core import blocks as b
from briefing.core.errors import ExportError
from briefing.core.fonts import BOLD, REGULAR, FontSet
from briefing.core.theme import Theme
from briefing.render.anchors import defined_anchors
from briefing.render.direction import has_rtl
from briefing.render.output import atomic_output
from briefing.render.pdf_text import (
    BidiParagraph,
    Markup,
    PdfFonts,
    Piece,
    clean,
    is_plain_line,
    make_paragraph,
)

Progress = Callable[[float], None]

PAGE_SIZES = {"a4": A4, "letter": LETTER}
CREATOR = "Briefing Builder"


def write_pdf(
    document: b.Document,
    theme: Theme,
    target: Path,
    progress: Progress | None = None,
) -> None:
    """Write `document` as a PDF to `target` (atomically; the old file survives any failure)."""
    writer = _PdfWriter(document, theme, progress)
    story = writer.story()
    with atomic_output(Path(target)) as temporary, _no_ascii85():
        writer.build(story, temporary)


@contextlib.contextmanager
def _no_ascii85() -> Iterator[None]:
    # Streams are zlib-compressed; ASCII85 on top only makes files ~17% larger.
    previous = rl_config.useA85
    rl_config.useA85 = 0
    try:
        yield
    finally:
        rl_config.useA85 = previous


# ---- styles ---------------------------------------------------------------------------------
@dataclass
class _Styles:
    body: ParagraphStyle
    summary: ParagraphStyle
    note: ParagraphStyle
    h1: ParagraphStyle
    h2: ParagraphStyle
    quote: ParagraphStyle
    excerpt: ParagraphStyle
    attribution: ParagraphStyle
    clip_marking: ParagraphStyle
    clip_note: ParagraphStyle
    bullet: ParagraphStyle
    source: ParagraphStyle
    toc_title: ParagraphStyle
    toc1: ParagraphStyle
    toc2: ParagraphStyle
    cover_title: ParagraphStyle
    cover_subtitle: ParagraphStyle
    cover_meta: ParagraphStyle
    cover_label: ParagraphStyle
    cover_marking: ParagraphStyle
    banner: ParagraphStyle
    footer: ParagraphStyle


QUOTE_INDENT = 16.0
RULE_X = 4.0


def _make_styles(theme: Theme, body: PdfFonts, heading: PdfFonts) -> _Styles:
    size = theme.body_size
    lead = theme.line_spacing
    text = colors.HexColor(theme.text_colour)
    accent = colors.HexColor(theme.accent_colour)
    muted = colors.HexColor(theme.muted_colour)
    marking = colors.HexColor(theme.marking_colour)
    small = theme.small_size

    base = ParagraphStyle(
        "bb-body",
        fontName=body.main_name(REGULAR),
        fontSize=size,
        leading=size * lead,
        textColor=text,
        spaceAfter=size * 0.6,
        alignment=TA_LEFT,
        allowWidows=0,
        allowOrphans=0,
        splitLongWords=1,
    )

    def derive(name: str, parent: ParagraphStyle = base, **values) -> ParagraphStyle:
        if "fontSize" in values and "leading" not in values:
            values["leading"] = values["fontSize"] * lead
        return ParagraphStyle(f"bb-{name}", parent=parent, **values)

    heading_bold = heading.main_name(BOLD)

    def heading_style(
        name: str, font_size: float, colour: colors.Color, **values
    ) -> ParagraphStyle:
        return derive(
            name,
            fontName=heading_bold,
            fontSize=font_size,
            leading=font_size * 1.2,
            textColor=colour,
            **values,
        )

    # A quote is an excerpt in italics.
    excerpt = derive(
        "excerpt",
        fontSize=theme.quote_size,
        leftIndent=QUOTE_INDENT,
        rightIndent=QUOTE_INDENT / 2,
        spaceAfter=2,
    )
    return _Styles(
        body=base,
        summary=derive("summary", fontSize=size + 0.5),
        note=derive(
            "note",
            fontSize=small + 0.5,
            textColor=text,
            backColor=colors.HexColor(theme.note_background),
            borderPadding=(5, 7, 6, 7),
            leftIndent=7,
            rightIndent=7,
            spaceBefore=6,
            spaceAfter=size + 2,
        ),
        h1=heading_style(
            "h1",
            theme.heading1_size,
            accent,
            spaceBefore=size * 1.8,
            spaceAfter=size * 0.8,
            keepWithNext=1,
        ),
        h2=heading_style(
            "h2",
            theme.heading2_size,
            text,
            spaceBefore=size * 1.2,
            spaceAfter=size * 0.5,
            keepWithNext=1,
        ),
        quote=derive("quote", excerpt, fontName=body.main_name("italic")),
        excerpt=excerpt,
        attribution=derive(
            "attribution",
            fontSize=small + 0.5,
            textColor=muted,
            leftIndent=QUOTE_INDENT,
            rightIndent=QUOTE_INDENT / 2,
            alignment=TA_RIGHT,
            spaceBefore=0,
            spaceAfter=size * 0.9,
        ),
        clip_marking=derive(
            "clip-marking",
            fontName=body.main_name(BOLD),
            fontSize=small - 1,
            textColor=marking,
            leftIndent=QUOTE_INDENT,
            spaceAfter=1,
        ),
        clip_note=derive(
            "clip-note",
            fontSize=small,
            textColor=text,
            backColor=colors.HexColor(theme.note_background),
            borderPadding=(4, 6, 5, 6),
            leftIndent=QUOTE_INDENT + 6,
            rightIndent=QUOTE_INDENT / 2 + 6,
            spaceBefore=0,
            spaceAfter=size * 1.1,
        ),
        bullet=derive(
            "bullet",
            leftIndent=16,
            bulletIndent=4,
            bulletFontName=body.main_name(REGULAR),
            bulletColor=accent,
            spaceAfter=size * 0.45,
        ),
        source=derive(
            "source",
            fontSize=small + 0.5,
            leftIndent=24,
            bulletIndent=0,
            bulletFontName=body.main_name(REGULAR),
            bulletFontSize=small + 0.5,
            spaceAfter=small * 0.5,
        ),
        toc_title=heading_style("toc-title", theme.heading1_size, accent, spaceAfter=size * 1.4),
        toc1=derive("toc1", fontName=heading_bold, fontSize=size, spaceBefore=size * 0.55),
        toc2=derive("toc2", fontName=heading.main_name(REGULAR), fontSize=size, leftIndent=14),
        cover_title=derive(
            "cover-title",
            fontName=heading_bold,
            fontSize=theme.title_size,
            leading=theme.title_size * 1.15,
            textColor=accent,
        ),
        cover_subtitle=derive(
            "cover-subtitle",
            fontName=heading.main_name(REGULAR),
            fontSize=theme.subtitle_size,
            leading=theme.subtitle_size * 1.3,
            textColor=muted,
        ),
        cover_meta=derive("cover-meta", fontName=heading.main_name(REGULAR), fontSize=size + 1),
        cover_label=derive(
            "cover-label",
            fontName=heading.main_name(REGULAR),
            fontSize=small,
            textColor=muted,
        ),
        cover_marking=derive(
            "cover-marking",
            fontName=heading_bold,
            fontSize=size,
            textColor=marking,
        ),
        banner=derive(
            "banner",
            fontName=heading_bold,
            fontSize=small,
            textColor=marking,
            alignment=TA_CENTER,
        ),
        footer=derive(
            "footer",
            fontName=heading.main_name(REGULAR),
            fontSize=small,
            textColor=muted,
            alignment=TA_RIGHT,
        ),
    )


# ---- small flowables ------------------------------------------------------------------------
class _Anchor(Flowable):
    """Zero-size mark: binds a named destination here, records the page, adds an outline entry."""

    # As reportlab's own anchors: take no space and pass the space around them through.
    _ZEROSIZE = True
    _SPACETRANSFER = True

    def __init__(self, writer: _PdfWriter, anchor: str, outline: str = "", level: int = 0):
        super().__init__()
        self.writer = writer
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
        canvas.bookmarkHorizontal(self.anchor, 0, y + self.writer.anchor_lift)
        self.writer.anchor_pages[self.anchor] = canvas.getPageNumber()
        if self.outline:
            level = min(self.level, self.writer.outline_level + 1)
            canvas.addOutlineEntry(self.outline, self.anchor, level=level, closed=False)
            self.writer.outline_level = level


def _draw_in_place(inner: Flowable, canvas: Canvas) -> None:
    """Draw a wrapped flowable at its wrapper's origin. drawOn would save and restore the
    graphics state around a zero translation: thousands of times in a large document, for
    flowables (ours and Paragraph) that leave the state as they found it."""
    inner._drawOn(canvas)


class _Ruled(Flowable):
    """A flowable with a vertical accent rule beside it (the block-quote bar); with no colour,
    just a wrapper that remembers its size (KeepTogether measures each item twice)."""

    def __init__(
        self,
        inner: Flowable,
        x: float = 0.0,
        colour=None,
        extend_up: float = 0.0,
        anchor: _Anchor | None = None,
    ):
        super().__init__()
        self.inner = inner
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
            _Ruled(
                part,
                self.x,
                self.colour,
                self.extend_up if i == 0 else 0.0,
                self.anchor if i == 0 else None,
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
        _draw_in_place(self.inner, canvas)
        if self.colour is None:
            return
        canvas.setStrokeColor(self.colour)
        canvas.setLineWidth(2.2)
        canvas.line(self.x, 0, self.x, self.height + self.extend_up)

    def getSpaceBefore(self) -> float:
        return self.inner.getSpaceBefore()

    def getSpaceAfter(self) -> float:
        return self.inner.getSpaceAfter()


class _Cited(Flowable):
    """A right-aligned paragraph with its citation mark ("[n]") drawn after its last line as a
    link to the Sources entry.

    The mark could be a link inside the paragraph's markup, but a paragraph of more than one
    fragment takes reportlab's slow line-breaking path (about 4× the time of plain text).
    The paragraph's right indent leaves room for the mark.
    """

    def __init__(self, inner: Flowable, mark: _Mark):
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
            parts[-1] = _Cited(parts[-1], self.mark)
        return parts

    def draw(self) -> None:
        canvas, mark, style = self.canv, self.mark, self.inner.style
        _draw_in_place(self.inner, canvas)
        lines = len(self.inner.blPara.lines)
        baseline = self.height - style.fontSize - (lines - 1) * style.leading
        x = self.width - mark.right - mark.width
        canvas.setFont(mark.font, style.fontSize)
        canvas.setFillColor(mark.colour)
        canvas.drawString(x, baseline, mark.text)
        box = (x, baseline - style.fontSize * 0.25, x + mark.width, baseline + style.fontSize)
        canvas.linkRect("", mark.anchor, box, relative=1, thickness=0)

    def getSpaceBefore(self) -> float:
        return self.inner.getSpaceBefore()

    def getSpaceAfter(self) -> float:
        return self.inner.getSpaceAfter()


class _Labelled(Flowable):
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
            _Labelled(part, self.label if i == 0 else "", self.font, self.box_style)
            for i, part in enumerate(parts)
        ]

    def draw(self) -> None:
        canvas, style, box = self.canv, self.inner.style, self.box_style
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
            canvas.drawString(x, self.height - style.fontSize, self.label)
        _draw_in_place(self.inner, canvas)

    def getSpaceBefore(self) -> float:
        return self.inner.getSpaceBefore()

    def getSpaceAfter(self) -> float:
        return self.inner.getSpaceAfter()


@dataclass(frozen=True)
class _Mark:
    text: str
    anchor: str
    font: str
    colour: colors.Color
    width: float  # of the text
    right: float  # the paragraph's right indent before room was made for the mark


class _Kept(KeepTogether):
    """KeepTogether that remembers its items, so a heading before it can join the group."""

    def __init__(self, items: list[Flowable]):
        super().__init__(items)
        self.items = items

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        # As KeepTogether.wrap, minus its deep copy of the document's frame (there for
        # flowables that generate content; ours never do): ~10% of a large export.
        dims: list = []
        width, self._H = _listWrapOn(self._content, avail_width, _NO_DOCUMENT, dims=dims)
        self._H0 = dims[0][1] if dims else 0
        self._wrapInfo = avail_width, avail_height
        return width, 0xFFFFFF  # force a split, as KeepTogether does


class _NoDocumentCanvas:
    """Stands in for the canvas while measuring: has no document template to copy."""


_NO_DOCUMENT = _NoDocumentCanvas()


class _TocPageMark(Flowable):
    """Zero-size mark on each page reserved for the contents; records which page it is."""

    _ZEROSIZE = True

    def __init__(self, writer: _PdfWriter, layout: _TocLayout, index: int):
        super().__init__()
        self.writer = writer
        self.layout = layout
        self.index = index

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        page = self.canv.getPageNumber()
        self.writer.toc_pages[page] = self.layout.pages[self.index]
        if self.index == 0:
            # the contents' own bookmark, bound now so the outline keeps document order
            _Anchor(self.writer, self.layout.anchor, self.layout.title, 0).drawOn(self.canv, 0, 0)


class _TocLine(Flowable):
    """One contents entry: the heading text, a dotted leader, the page number, all one link."""

    def __init__(self, writer: _PdfWriter, entry: b.TocEntry, style: ParagraphStyle):
        super().__init__()
        self.writer = writer
        self.entry = entry
        self.style = style
        pieces = [Piece(entry.text)]
        self.paragraph = make_paragraph(
            pieces, style, writer.heading_markup, rtl=False, align=TA_LEFT
        )
        self.number_width = writer.toc_number_width

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
        lines = self.paragraph.blPara.lines
        text_width = self.width - self.number_width - 12
        last = lines[-1] if lines else None
        extra = getattr(last, "extraSpace", None)
        if extra is None and isinstance(last, tuple):
            extra = last[0]
        end = text_width - (extra or 0) + 3
        baseline = self.height - style.fontSize - (len(lines) - 1) * style.leading
        page = self.writer.anchor_pages.get(self.entry.anchor)
        number = str(page) if page else ""
        font = self.writer.heading_fonts.main_name(REGULAR)
        canvas.saveState()
        canvas.setFillColor(colors.HexColor(self.writer.theme.text_colour))
        canvas.setFont(font, style.fontSize)
        canvas.drawRightString(self.width, baseline, number)
        number_left = self.width - canvas.stringWidth(number, font, style.fontSize) - 4
        if number_left - end > 6:
            canvas.setStrokeColor(colors.HexColor(self.writer.theme.muted_colour))
            canvas.setLineWidth(0.8)
            canvas.setLineCap(1)
            canvas.setDash([0.01, 3.2])
            # dots on a fixed grid line up from one entry to the next
            start = math.ceil((end + 2) / 3.2) * 3.2
            canvas.line(start, baseline + 1, number_left, baseline + 1)
        canvas.restoreState()
        if self.entry.anchor in self.writer.anchors:
            canvas.linkRect(
                "", self.entry.anchor, (0, 0, self.width, self.height), relative=1, thickness=0
            )


class _Cover(Flowable):
    """The cover page: accent band, title block, marking, prepared-by block at the foot."""

    def __init__(self, writer: _PdfWriter, cover: b.Cover):
        super().__init__()
        self.writer = writer
        self.cover = cover
        self.logo = _read_logo(cover.logo_path) if cover.logo_path else None

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width, self.height = avail_width, avail_height
        return self.width, self.height

    def draw(self) -> None:
        writer, cover, canvas = self.writer, self.cover, self.canv
        styles = writer.styles
        theme = writer.theme
        width, height = self.width, self.height
        accent = colors.HexColor(theme.accent_colour)
        page_h = writer.page_size[1]
        _top, _right, bottom_m, left_m = writer.margins

        # An accent band down the left edge of the page, outside the text frame.
        canvas.saveState()
        canvas.translate(-left_m, -bottom_m)
        canvas.setFillColor(accent)
        canvas.rect(0, 0, 7 * mm, page_h, stroke=0, fill=1)
        canvas.restoreState()

        def para(text: str, style: ParagraphStyle, bold: bool = False) -> Flowable:
            return writer.paragraph([Piece(text, bold=bold)], style, writer.heading_markup)

        y = height
        if self.logo is not None:
            self._draw_logo(y)  # top right, level with the organisation line
        if cover.organisation:
            flow = para(cover.organisation.upper(), styles.cover_label)
            _, h = flow.wrap(width, height)
            flow.drawOn(canvas, 0, y - h)

        y = height * 0.66
        canvas.saveState()
        canvas.setFillColor(accent)
        canvas.rect(0, y, 42 * mm, 3.2, stroke=0, fill=1)
        canvas.restoreState()
        y -= 18
        for text, style, gap in (
            (cover.title, styles.cover_title, 10),
            (cover.subtitle, styles.cover_subtitle, 14),
            (cover.date, styles.cover_meta, 18),
        ):
            if not text:
                continue
            flow = para(text, style)
            _, h = flow.wrap(width * 0.9, y)
            flow.drawOn(canvas, 0, y - h)
            y -= h + gap
        if cover.marking:
            flow = para(cover.marking, styles.cover_marking)
            _, h = flow.wrap(width * 0.9, y)
            flow.drawOn(canvas, 0, y - h)
            canvas.saveState()
            canvas.setStrokeColor(colors.HexColor(theme.marking_colour))
            canvas.setLineWidth(0.8)
            canvas.line(0, y + 3, 42 * mm, y + 3)
            canvas.restoreState()

        bottom: list[Flowable] = []
        if cover.prepared_by_label:
            bottom.append(para(cover.prepared_by_label, styles.cover_label))
        for text in (cover.author, cover.organisation):
            if text:
                bottom.append(para(text, styles.cover_meta))
        y = 0.0
        for flow in reversed(bottom):
            _, h = flow.wrap(width * 0.8, height)
            flow.drawOn(canvas, 0, y)
            y += h + 2

    def _draw_logo(self, y: float) -> None:
        image, (w, h) = self.logo
        scale = min(45 * mm / w, 18 * mm / h, 1.0)
        w, h = w * scale, h * scale
        self.canv.drawImage(image, self.width - w, y - h, w, h, mask="auto")


def _read_logo(path: str):
    """The logo as (reader, size); checked before anything is written."""
    from reportlab.lib.utils import ImageReader

    try:
        image = ImageReader(path)
        width, height = image.getSize()
    except Exception:  # reportlab/Pillow raise many kinds for missing or foreign files
        raise ExportError(
            f"{path}: cannot use the logo: not a readable PNG, JPEG or GIF image"
        ) from None
    if width <= 0 or height <= 0:
        raise ExportError(f"{path}: cannot use the logo: the image is empty")
    return image, (width, height)


# ---- the canvas that defers pages -----------------------------------------------------------
class _InternalLink(PDFObject):
    """A borderless link to a named destination, written straight to its dictionary.

    reportlab's LinkAnnotation builds and sorts a generic dictionary of wrapped values for
    each link, about 0.1 ms a link: a fifth of a daily briefing's PDF time went on its
    citation links."""

    def __init__(self, rect: tuple[float, float, float, float], destination: PDFObject):
        self.rect = rect
        self.destination = destination

    def format(self, document) -> bytes:
        return (
            b"<< /Type /Annot /Subtype /Link /Border [0 0 0] /Rect ["
            + fp_str(*self.rect).encode("ascii")
            + b"] /Dest "
            + self.destination.format(document)
            + b" >>"
        )


class _DeferredCanvas(Canvas):
    """Keeps every page until save, then draws what needed the whole document: the contents
    pages, the marking banner and "Page X of Y"."""

    writer: _PdfWriter

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._pending_pages: list[dict] = []

    def showPage(self) -> None:
        self._pending_pages.append(dict(self.__dict__))
        # reportlab names page objects after this counter; destinations and links made while
        # the page is pending must already point at the right page.
        self._doc.pageCounter += 1
        self._startPage()

    def linkRect(
        self,
        contents,
        destinationname,
        Rect=None,  # noqa: N803 (reportlab's name)
        addtopage=1,
        name=None,
        relative=1,
        thickness=0,
        color=None,
        dashArray=None,  # noqa: N803
        **kw,
    ):
        """As Canvas.linkRect; the plain case (every link this writer or a Paragraph makes)
        becomes an _InternalLink."""
        if contents or name or not addtopage or thickness or color or dashArray or kw or not Rect:
            return super().linkRect(
                contents, destinationname, Rect, addtopage, name, relative, thickness, color,
                dashArray, **kw,
            )
        rect = self._absRect(Rect, relative)
        self._addAnnotation(_InternalLink(rect, self._bookmarkReference(destinationname)))
        return None

    def save(self) -> None:
        if len(self._code):
            self.showPage()
        pages = self._pending_pages
        self._pending_pages = []
        total = len(pages)
        self._doc.pageCounter = 1
        for number, state in enumerate(pages, start=1):
            annotations = self._annotationCount  # document-wide counter: must not go back
            self.__dict__.update(state)
            self._annotationCount = max(annotations, self._annotationCount)
            self.writer.finish_page(self, number, total)
            Canvas.showPage(self)
            state.clear()
        Canvas.save(self)


# ---- the document template ------------------------------------------------------------------
class _DocTemplate(BaseDocTemplate):
    def __init__(self, filename: str, writer: _PdfWriter, **kwargs):
        super().__init__(filename, **kwargs)
        self.writer = writer

    def afterPage(self) -> None:
        self.writer.report_layout()


@dataclass
class _TocLayout:
    pages: list[list[tuple[Flowable, float, float]]] = field(default_factory=list)
    anchor: str = ""
    title: str = ""


class _PdfWriter:
    def __init__(self, document: b.Document, theme: Theme, progress: Progress | None):
        self.document = document
        self.info = document.info
        self.theme = theme
        self.progress = progress
        self.body_fonts = PdfFonts(FontSet.resolve(theme.body_fonts))
        self.heading_fonts = PdfFonts(FontSet.resolve(theme.heading_fonts))
        self.body_markup = Markup(self.body_fonts, theme.small_size)
        self.heading_markup = Markup(self.heading_fonts, theme.small_size)
        self.styles = _make_styles(theme, self.body_fonts, self.heading_fonts)
        self.page_size = PAGE_SIZES.get(self.info.page_size.lower(), A4)
        top, right, bottom, left = (value * mm for value in theme.margins_mm)
        self.margins = (top, right, bottom, left)
        self.frame_width = self.page_size[0] - left - right
        self.frame_height = self.page_size[1] - top - bottom
        self.anchor_pages: dict[str, int] = {}
        self.anchor_lift = 6.0  # a link lands a little above its target
        self.outline_level = -1
        # page number -> what to draw there at save time (flowable, x, y in the frame)
        self.toc_pages: dict[int, list[tuple[Flowable, float, float]]] = {}
        self._toc_count = 0
        font = self.heading_fonts.main_name(REGULAR)
        self._cited_styles: dict[float, ParagraphStyle] = {}
        self._labelled_styles: dict[tuple[str, str], ParagraphStyle] = {}
        self.toc_number_width = stringWidth("00000", font, theme.body_size)
        self._story_length = 0
        self._story: list[Flowable] = []
        self._banner_flowable: Flowable | None = None  # made once, for the general path
        self.anchors = set(defined_anchors(document.blocks))

    # ---- layout helpers
    def paragraph(
        self,
        pieces: list[Piece],
        style: ParagraphStyle,
        markup: Markup | None = None,
        direction: str = "ltr",
        align: int | None = None,
        bullet: str | None = None,
    ) -> Flowable:
        return make_paragraph(
            pieces,
            style,
            markup or self.body_markup,
            rtl=direction == "rtl",
            align=align,
            bullet=bullet,
        )

    # ---- story
    def story(self) -> list[Flowable]:
        story: list[Flowable] = []
        fresh_page = True
        # Headings wait here for the block after them: reportlab's keepWithNext cannot join a
        # heading to a KeepTogether (a quote), so they are grouped explicitly.
        heading: list[Flowable] = []

        def flush_heading() -> None:
            if heading:
                story.extend(heading)
                heading.clear()

        for block in self.document.blocks:
            if isinstance(block, b.PageBreak):
                flush_heading()
                if not fresh_page:
                    story.append(PageBreak())
                    fresh_page = True
                continue
            if isinstance(block, (b.Cover, b.TableOfContents)):
                flush_heading()
                if not fresh_page:
                    story.append(PageBreak())
                if isinstance(block, b.Cover):
                    story += [_Cover(self, block), PageBreak()]
                else:
                    story += self._toc(block)
                fresh_page = True
                continue
            fresh_page = False
            flows = self._block(block)
            if isinstance(block, b.Heading):
                heading.extend(flows)
                continue
            if heading and flows and isinstance(flows[0], _Kept):
                flows[0] = _Kept(heading + flows[0].items)
                heading.clear()
            flush_heading()
            story += flows
        flush_heading()
        if not story:
            story.append(Spacer(1, 1))
        return story

    def _block(self, block: b.Block) -> list[Flowable]:
        s = self.styles
        if isinstance(block, b.Heading):
            style = s.h1 if block.level <= 1 else s.h2
            return [
                _Anchor(
                    self,
                    block.anchor,
                    clean(block.text).replace("\n", " "),
                    max(0, block.level - 1),
                ),
                self.paragraph([Piece(block.text)], style, self.heading_markup, block.direction),
            ]
        if isinstance(block, b.Paragraph):
            style = {"note": s.note, "summary": s.summary}.get(block.style, s.body)
            inlines = block.inlines
            if (
                block.direction != "rtl"
                and len(inlines) == 2
                and all(type(inline) is b.Text and not inline.italic for inline in inlines)
                and inlines[0].bold
                and not inlines[1].bold
            ):
                labelled = self._labelled(inlines[0].text, inlines[1].text, style)
                if labelled is not None:
                    return [labelled]
            return [self.paragraph(self._pieces(inlines), style, None, block.direction)]
        if isinstance(block, b.BulletList):
            return self._bullets(block)
        if isinstance(block, b.BlockQuote):
            return self._quote(block)
        if isinstance(block, b.SourcesList):
            return self._sources(block)
        raise TypeError(f"the PDF writer cannot translate {type(block).__name__}")

    def _pieces(self, inlines: tuple[b.Inline, ...]) -> list[Piece]:
        link = self.theme.link_colour
        pieces = []
        for inline in inlines:
            if isinstance(inline, b.Text):
                pieces.append(Piece(inline.text, inline.bold, inline.italic))
            elif isinstance(inline, b.Link):
                pieces.append(Piece(inline.text, href=inline.url, colour=link))
            elif isinstance(inline, b.CrossRef):
                pieces.append(Piece(inline.text, **self._internal_link(inline.anchor)))
            elif isinstance(inline, b.CitationRef):
                pieces.append(self._citation(inline))
            else:
                raise TypeError(f"the PDF writer cannot translate {type(inline).__name__}")
        return pieces

    def _citation(self, citation: b.CitationRef) -> Piece:
        return Piece(citation.mark, **self._internal_link(citation.anchor))

    def _internal_link(self, anchor: str) -> dict[str, str]:
        # A link to an anchor the document lacks would make reportlab fail at save time.
        if anchor in self.anchors:
            return {"href": "#" + anchor, "colour": self.theme.link_colour}
        return {}

    def _bullets(self, block: b.BulletList) -> list[Flowable]:
        flows: list[Flowable] = []
        for item in block.items:
            if item.anchor:
                flows.append(_Anchor(self, item.anchor))
            pieces = self._pieces(item.inlines)
            if item.direction == "rtl" or any(has_rtl(p.text) for p in pieces):
                # the bullet is then part of the text, so the bidi algorithm places it
                flows.append(
                    self.paragraph([Piece("• "), *pieces], self.styles.body, None, item.direction)
                )
            else:
                flows.append(self.paragraph(pieces, self.styles.bullet, bullet="•"))
        return flows

    def _quote(self, block: b.BlockQuote) -> list[Flowable]:
        s = self.styles
        accent = colors.HexColor(self.theme.accent_colour)
        rtl = block.direction == "rtl"
        group: list[Flowable] = []
        if block.marking:
            marking = self.paragraph(
                [Piece(block.marking)],
                s.clip_marking,
                None,
                "ltr",
                align=TA_RIGHT if rtl else TA_LEFT,
            )
            group.append(_Ruled(marking))
        # Arabic and Hebrew have no italic tradition: right-to-left quotes stay upright.
        text_style = s.quote if block.kind == "quote" and not rtl else s.excerpt
        if rtl:
            text_style = _mirrored(text_style)
        quote = self.paragraph([Piece(block.text)], text_style, None, block.direction)
        rule_x = self.frame_width - RULE_X if rtl else RULE_X
        group.append(_Ruled(quote, rule_x, accent))
        attribution_rtl = has_rtl(block.attribution)
        cited = None
        if not (rtl or attribution_rtl):
            cited = self._cited_attribution(block)
        if cited is not None:
            group.append(_Ruled(cited, rule_x, accent, extend_up=text_style.spaceAfter))
        else:
            group += self._attribution(block, rtl, attribution_rtl, rule_x, text_style)
        if block.note:
            group.append(_Ruled(self._note(block)))
        if block.anchor:
            group[0].anchor = _Anchor(self, block.anchor)
        if len(block.text) + len(block.note) < 1200:
            return [_Kept(group)]
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
        style = _mirrored(self.styles.attribution) if rtl else self.styles.attribution
        paragraph = self.paragraph(
            tail,
            style,
            None,
            "rtl" if attribution_rtl else "ltr",
            align=TA_LEFT if rtl else TA_RIGHT,
        )
        return [
            _Ruled(
                paragraph,
                rule_x,
                colors.HexColor(self.theme.accent_colour),
                extend_up=text_style.spaceAfter,
            )
        ]

    def _cited_attribution(self, block: b.BlockQuote) -> Flowable | None:
        """The attribution as plain text with its citation mark drawn beside it, when it is
        left-to-right text the main font draws; None for the general path."""
        citation = block.citation
        if citation is None or not block.attribution or citation.anchor not in self.anchors:
            return None
        text = clean(block.attribution)
        if "\n" in text or not self.body_fonts.font_set.main_covers_all(text):
            return None
        style = self.styles.attribution
        font = self.body_fonts.main_name(REGULAR)
        mark_text = citation.mark
        mark_width = stringWidth(mark_text, font, style.fontSize)
        room = mark_width + stringWidth(" ", font, style.fontSize)
        key = round(room, 2)
        cited_style = self._cited_styles.get(key)
        if cited_style is None:
            cited_style = ParagraphStyle(
                f"{style.name}-cited-{key}", parent=style, rightIndent=style.rightIndent + room
            )
            self._cited_styles[key] = cited_style
        paragraph = self.paragraph([Piece(text)], cited_style)
        colour = colors.HexColor(self.theme.link_colour)
        mark = _Mark(mark_text, citation.anchor, font, colour, mark_width, style.rightIndent)
        return _Cited(paragraph, mark)

    def _note(self, block: b.BlockQuote) -> Flowable:
        s = self.styles
        label = f"{block.note_label}: " if block.note_label else ""
        if block.note_direction != "rtl":
            labelled = self._labelled(label, block.note, s.clip_note)
            if labelled is not None:
                return labelled
        note_style = _mirrored(s.clip_note) if block.note_direction == "rtl" else s.clip_note
        return self.paragraph(
            [Piece(label, bold=True), Piece(block.note)], note_style, None, block.note_direction
        )

    def _labelled(self, label: str, text: str, style: ParagraphStyle) -> Flowable | None:
        """`label` in bold then `text`, as one plain paragraph with the label drawn beside it
        (see _Labelled); None when that cannot look the same as the markup would."""
        if label and not label[-1].isspace() and text[:1].isspace():
            label, text = label + " ", text.lstrip()
        label, text = clean(label), clean(text)
        covers = self.body_fonts.font_set.main_covers_all
        if (
            not label.strip()
            or "\n" in label
            or has_rtl(label + text)
            or style.fontName != self.body_fonts.main_name(REGULAR)
            or not covers(label, BOLD)
        ):
            return None
        bold = self.body_fonts.main_name(BOLD)
        indent = stringWidth(label, bold, style.fontSize)
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
        return _Labelled(self.paragraph([Piece(text)], inner_style), label, bold, style)

    def _sources(self, block: b.SourcesList) -> list[Flowable]:
        flows: list[Flowable] = []
        for entry in block.entries:
            if entry.anchor:
                flows.append(_Anchor(self, entry.anchor))
            pieces = self._pieces(entry.inlines)
            if entry.direction == "rtl" or any(has_rtl(p.text) for p in pieces):
                flows.append(
                    self.paragraph(
                        [Piece(f"{entry.mark} "), *pieces],
                        self.styles.source,
                        None,
                        entry.direction,
                    )
                )
            else:
                flows.append(self.paragraph(pieces, self.styles.source, bullet=entry.mark))
        return flows

    # ---- contents
    def _toc(self, block: b.TableOfContents) -> list[Flowable]:
        s = self.styles
        self._toc_count += 1
        flows: list[Flowable] = [
            self.paragraph([Piece(block.title)], s.toc_title, self.heading_markup)
        ]
        for entry in block.entries:
            flows.append(_TocLine(self, entry, s.toc1 if entry.level <= 1 else s.toc2))
        layout = self._paginate(flows)
        layout.anchor = f"bb_contents_{self._toc_count}"
        layout.title = clean(block.title).replace("\n", " ").strip() or "Contents"
        story: list[Flowable] = []
        for index in range(len(layout.pages)):
            story += [_TocPageMark(self, layout, index), PageBreak()]
        return story

    def _paginate(self, flows: list[Flowable]) -> _TocLayout:
        """Place the contents on pages the way a platypus Frame would (entries never split)."""
        layout = _TocLayout(pages=[[]])
        top = self.frame_height
        y = top
        for flow in flows:
            at_top = y == top
            space = 0.0 if at_top else flow.getSpaceBefore()
            _, height = flow.wrap(self.frame_width, top)
            if not at_top and y - space - height < 0:
                layout.pages.append([])
                y, space = top, 0.0
            y -= space + height
            layout.pages[-1].append((flow, 0.0, y))
            y -= flow.getSpaceAfter()
        return layout

    # ---- page furniture, drawn when the document is saved
    def finish_page(self, canvas: Canvas, number: int, total: int) -> None:
        top, right, bottom, left = self.margins
        page_w, page_h = self.page_size
        for flow, x, y in self.toc_pages.get(number, ()):
            flow.drawOn(canvas, left + x, bottom + y)
        width = page_w - left - right
        if self.info.marking:
            styles = self.styles
            line = styles.banner.leading
            for y in (page_h - top / 2 - line / 2, bottom * 0.3 - line / 2):
                if not self._draw_line(canvas, self.info.marking, styles.banner, left, width, y):
                    banner = self._banner()
                    _, h = banner.wrap(width, top)
                    banner.drawOn(canvas, left, y + line / 2 - h / 2)
        label = self.info.page_label or "Page {page} of {pages}"
        try:
            text = label.format(page=number, pages=total)
        except (KeyError, IndexError, ValueError):
            text = f"{number} / {total}"
        y = bottom - 14 - self.styles.footer.leading
        if not self._draw_line(canvas, text, self.styles.footer, left, width, y):
            footer = self.paragraph([Piece(text)], self.styles.footer, self.heading_markup)
            _, h = footer.wrap(width, bottom)
            footer.drawOn(canvas, left, bottom - 14 - h)
        if self.progress is not None and number % 25 == 0:
            self.progress(0.9 + 0.1 * number / total)

    def _draw_line(
        self, canvas: Canvas, text: str, style: ParagraphStyle, x: float, width: float, y: float
    ) -> bool:
        """Draw `text` as the one-line paragraph `style` would set at (x, y), straight on the
        canvas: a Paragraph on every page for the banners and page numbers took some 8% of a
        daily briefing's PDF time. False (nothing drawn) unless the text is a plain line
        (`is_plain_line`) that fits."""
        if not is_plain_line(text, style, self.heading_markup):
            return False
        room = width - style.leftIndent - style.rightIndent
        if stringWidth(text, style.fontName, style.fontSize) > room:
            return False
        if rl_config.paraFontSizeHeightOffset:
            drop = style.fontSize
        else:
            drop = getAscentDescent(style.fontName, style.fontSize)[0]
        baseline = y + style.leading - drop
        canvas.saveState()
        canvas.setFont(style.fontName, style.fontSize)
        canvas.setFillColor(style.textColor)
        if style.alignment == TA_CENTER:
            canvas.drawCentredString(x + style.leftIndent + room / 2, baseline, text)
        elif style.alignment == TA_RIGHT:
            canvas.drawRightString(x + width - style.rightIndent, baseline, text)
        else:
            canvas.drawString(x + style.leftIndent, baseline, text)
        canvas.restoreState()
        return True

    def _banner(self) -> Flowable:
        if self._banner_flowable is None:
            self._banner_flowable = self.paragraph(
                [Piece(self.info.marking)], self.styles.banner, self.heading_markup, align=TA_CENTER
            )
        return self._banner_flowable

    def report_layout(self) -> None:
        if self.progress is not None and self._story_length:
            done = 1 - len(self._story) / self._story_length
            self.progress(0.9 * done)

    # ---- build
    def build(self, story: list[Flowable], path: Path) -> None:
        info = self.info
        top, right, bottom, left = self.margins
        doc = _DocTemplate(
            os.fspath(path),
            self,
            pagesize=self.page_size,
            leftMargin=left,
            rightMargin=right,
            topMargin=top,
            bottomMargin=bottom,
            title=info.title,
            author=info.author,
            subject=info.subject,
            creator=CREATOR,
            producer=CREATOR,
            lang=info.language or None,
            initialFontName=self.body_fonts.main_name(REGULAR),
        )
        frame = Frame(
            left,
            bottom,
            self.frame_width,
            self.frame_height,
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
            id="body",
        )
        doc.addPageTemplates([PageTemplate(id="page", frames=[frame])])
        canvas_class = type("_WriterCanvas", (_DeferredCanvas,), {"writer": self})
        self._story = story
        self._story_length = len(story)
        if self.progress is not None:
            self.progress(0.0)
        doc.build(story, canvasmaker=_with_outline(canvas_class))
        if self.progress is not None:
            self.progress(1.0)


def _with_outline(canvas_class: type[_DeferredCanvas]):
    def make(*args, **kwargs) -> _DeferredCanvas:
        canvas = canvas_class(*args, **kwargs)
        canvas.showOutline()
        return canvas

    return make


def _mirrored(style: ParagraphStyle) -> ParagraphStyle:
    """The same style for right-to-left text: indents swapped, aligned to the right."""
    alignment = {TA_LEFT: TA_RIGHT, TA_RIGHT: TA_LEFT}.get(style.alignment, style.alignment)
    return ParagraphStyle(
        f"{style.name}-rtl",
        parent=style,
        leftIndent=style.rightIndent,
        rightIndent=style.leftIndent,
        alignment=alignment,
    )


__all__ = ["BidiParagraph", "write_pdf"]
