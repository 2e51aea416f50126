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

Complex scripts (Devanagari, Thai, Khmer …) are shaped by HarfBuzz in the paragraphs that hold
them, and their words carry their source text for copying and search (pdf_shaping).

Limitations: right-to-left text is reordered line by line (see pdf_bidi.BidiParagraph); a
quote longer than about 1,200 characters is not kept together with its attribution line; the PDF
is not tagged: the document's language is in the catalog, and text in another language is a
/Lang marked-content span: a whole quote or attribution (pdf_flowables.Ruled), a run inside a
paragraph such as a Russian title in the Sources or an inline quote (pdf_language).

The writer's parts: styles in pdf_styles, fonts in pdf_fonts, text in pdf_text (its plain
paragraphs' line breaking in pdf_lines, fragments made without the parser in pdf_frags), the
quotes in pdf_quotes, its flowables in pdf_flowables, the page furniture and deferring canvas
in pdf_pages; the `PageBook` (pdf_book) is all the flowables and the canvas share.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from pathlib import Path

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Frame, PageBreak, PageTemplate, Spacer

from briefing.core import blocks as b
from briefing.core.fonts import REGULAR, FontSet
from briefing.core.theme import Theme
from briefing.core.tree_text import ensure_clean
from briefing.core.urls import safe_url
from briefing.render.anchors import defined_anchors
from briefing.render.output import atomic_output
from briefing.render.pdf_bidi import BidiParagraph
from briefing.render.pdf_book import PageBook
from briefing.render.pdf_figure import Picture
from briefing.render.pdf_flowables import (
    Anchor,
    CompactContents,
    Cover,
    CoverLook,
    Kept,
    TocLayout,
    TocLine,
    TocLook,
    TocPageMark,
)
from briefing.render.pdf_fonts import PdfFonts
from briefing.render.pdf_pages import DocTemplate, PageFurniture, canvas_maker
from briefing.render.pdf_quotes import QuoteBlocks
from briefing.render.pdf_styles import make_styles, mirrored
from briefing.render.pdf_text import Alignment, Markup, Piece, make_paragraph

Progress = Callable[[float], None]

PAGE_SIZES = {"a4": A4, "letter": LETTER}
CREATOR = "Briefing Builder"


def write_pdf(
    document: b.Document,
    theme: Theme,
    target: Path,
    progress: Progress | None = None,
    anchor_places: dict[str, tuple[int, float]] | None = None,
) -> None:
    """Write `document` as a PDF to `target` (atomically; the old file survives any failure).
    `anchor_places`, when given, is filled with where each anchor landed: (page from 1, height
    in points from the page's foot), so the Pages view can tell what a click is on."""
    writer = _PdfWriter(ensure_clean(document), theme, progress)
    story = writer.story()
    with atomic_output(Path(target)) as temporary, _no_ascii85():
        writer.build(story, temporary)
    if anchor_places is not None:
        anchor_places.update(writer.book.anchor_places)


@contextlib.contextmanager
def _no_ascii85() -> Iterator[None]:
    # Streams are zlib-compressed; ASCII85 on top only makes files ~17% larger.
    previous = rl_config.useA85
    rl_config.useA85 = 0
    try:
        yield
    finally:
        rl_config.useA85 = previous


class _PdfWriter(QuoteBlocks):
    def __init__(self, document: b.Document, theme: Theme, progress: Progress | None):
        self.document = document
        self.info = document.info
        self.theme = theme
        self.progress = progress
        self.body_fonts = PdfFonts(FontSet.resolve(theme.body_fonts))
        self.heading_fonts = PdfFonts(FontSet.resolve(theme.heading_fonts))
        self.body_markup = Markup(self.body_fonts, theme.small_size)
        self.heading_markup = Markup(self.heading_fonts, theme.small_size)
        self.styles = make_styles(theme, self.body_fonts, self.heading_fonts)
        # parsed once: every quote draws its rule and citation mark in these
        self.accent = colors.HexColor(theme.accent_colour)
        self.link_colour = colors.HexColor(theme.link_colour)
        self.page_size = PAGE_SIZES.get(self.info.page_size.lower(), A4)
        top, right, bottom, left = (value * mm for value in theme.margins_mm)
        self.margins = (top, right, bottom, left)
        self.frame_width = self.page_size[0] - left - right
        self.frame_height = self.page_size[1] - top - bottom
        self.book = PageBook(
            anchors=frozenset(defined_anchors(document.blocks)),
            marking=self.info.marking,
            marking_direction=self.info.marking_direction,
            page_label=self.info.page_label,
            label_first_page=self.info.label_first_page,
        )
        self._toc_count = 0
        font = self.heading_fonts.main_name(REGULAR)
        self._cited_styles: dict[float, ParagraphStyle] = {}
        self._labelled_styles: dict[tuple[str, str], ParagraphStyle] = {}
        self.toc_look = TocLook(
            markup=self.heading_markup,
            number_width=stringWidth("00000", font, theme.body_size),
            number_font=font,
            number_colour=colors.HexColor(theme.text_colour),
            leader_colour=colors.HexColor(theme.muted_colour),
        )
        self._story_length = 0
        self._widths: dict[tuple[str, str, float], float] = {}
        self._story: list[Flowable] = []

    # ---- layout helpers
    def paragraph(
        self,
        pieces: list[Piece],
        style: ParagraphStyle,
        markup: Markup | None = None,
        direction: str = "ltr",
        align: Alignment | None = None,
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

    def _cover_look(self) -> CoverLook:
        def paragraph(pieces: list[Piece], style: ParagraphStyle, direction: str) -> Flowable:
            return self.paragraph(pieces, style, self.heading_markup, direction)

        return CoverLook(
            styles=self.styles,
            accent=colors.HexColor(self.theme.accent_colour),
            marking_colour=colors.HexColor(self.theme.marking_colour),
            page_height=self.page_size[1],
            margins=self.margins,
            paragraph=paragraph,
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
            if isinstance(block, b.TableOfContents) and block.compact:
                flush_heading()
                story.append(self._compact_toc(block))
                fresh_page = False
                continue
            if isinstance(block, (b.Cover, b.TableOfContents)):
                flush_heading()
                if not fresh_page:
                    story.append(PageBreak())
                if isinstance(block, b.Cover):
                    story += [Cover(block, self._cover_look()), PageBreak()]
                else:
                    story += self._toc(block)
                fresh_page = True
                continue
            fresh_page = False
            flows = self._block(block)
            if isinstance(block, b.Heading):
                heading.extend(flows)
                continue
            if heading and flows and isinstance(flows[0], Kept):
                flows[0] = Kept(heading + flows[0].items)
                heading.clear()
            elif heading and flows:
                # keepWithNext would hold only the next flowable, which may be a zero-size
                # anchor (a Sources entry's): keep the heading with the first one that shows
                first = next(
                    (i for i, f in enumerate(flows) if not isinstance(f, Anchor)), None
                )
                if first is not None:
                    flows[: first + 1] = [Kept(heading + flows[: first + 1])]
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
                Anchor(
                    self.book,
                    block.anchor,
                    block.text.replace("\n", " "),
                    max(0, block.level - 1),
                ),
                self.paragraph([Piece(block.text)], style, self.heading_markup, block.direction),
            ]
        if isinstance(block, b.Paragraph):
            style = {"note": s.note, "summary": s.summary}.get(block.style, s.body)
            inlines = block.inlines
            if block.has_lead and block.direction != "rtl" and len(inlines) == 2:
                first, second = inlines
                if (
                    type(first) is b.Text
                    and type(second) is b.Text
                    and first.bold
                    and not (first.italic or second.bold or second.italic or second.language)
                ):
                    labelled = self._labelled(first.text, second.text, style)
                    if labelled is not None:
                        return [*self._anchored(block.anchor), labelled]
            flow = self.paragraph(self._pieces(inlines), style, None, block.direction)
            return [*self._anchored(block.anchor), flow]
        if isinstance(block, b.BulletList):
            return self._bullets(block)
        if isinstance(block, b.BlockQuote):
            return self._quote(block)
        if isinstance(block, b.SourcesList):
            return self._sources(block)
        if isinstance(block, b.Figure):
            caption = self.paragraph(
                self._pieces(block.caption), s.caption, None, block.direction
            )
            return [Kept([Anchor(self.book, block.anchor), Picture(block, self.frame_height),
                          caption])]
        raise TypeError(f"the PDF writer cannot translate {type(block).__name__}")

    def _pieces(self, inlines: tuple[b.Inline, ...]) -> list[Piece]:
        link = self.theme.link_colour
        pieces = []
        for inline in inlines:
            if isinstance(inline, b.Text):
                pieces.append(
                    Piece(inline.text, inline.bold, inline.italic, language=inline.language)
                )
            elif isinstance(inline, b.Link):
                url = safe_url(inline.url)  # the one rule for live links, as in every writer
                text = inline.text or inline.url
                pieces.append(Piece(text, href=url, colour=link) if url else Piece(text))
            elif isinstance(inline, b.CrossRef):
                pieces.append(self._internal_link(inline.text, inline.anchor))
            elif isinstance(inline, b.CitationRef):
                pieces.append(self._citation(inline))
            else:
                raise TypeError(f"the PDF writer cannot translate {type(inline).__name__}")
        return pieces

    def _citation(self, citation: b.CitationRef) -> Piece:
        return self._internal_link(citation.mark, citation.anchor)

    def _internal_link(self, text: str, anchor: str) -> Piece:
        # A link to an anchor the document lacks would make reportlab fail at save time.
        if anchor in self.book.anchors:
            return Piece(text, href="#" + anchor, colour=self.theme.link_colour)
        return Piece(text)

    def _anchored(self, anchor: str) -> list[Flowable]:
        return [Anchor(self.book, anchor)] if anchor else []

    def _bullets(self, block: b.BulletList) -> list[Flowable]:
        flows: list[Flowable] = []
        for number, item in enumerate(block.items, start=block.start):
            flows += self._anchored(item.anchor)
            pieces = self._pieces(item.inlines)
            bullet = f"{number}." if block.ordered else "•"
            # a right-to-left item hangs from the right: bullet and indent mirrored
            rtl = item.direction == "rtl"
            style = mirrored(self.styles.bullet) if rtl else self.styles.bullet
            flows.append(self.paragraph(pieces, style, None, item.direction, bullet=bullet))
        return flows

    def _sources(self, block: b.SourcesList) -> list[Flowable]:
        flows: list[Flowable] = []
        for entry in block.entries:
            if entry.anchor:
                flows.append(Anchor(self.book, entry.anchor))
            # An entry is laid out left to right whatever its outlet or title: its number,
            # hanging indent, date and link keep their places; right-to-left runs read right
            # to left within it (BidiParagraph with a left-to-right base).
            pieces = self._pieces(entry.inlines)
            flows.append(self.paragraph(pieces, self.styles.source, bullet=entry.mark))
        return flows

    # ---- contents
    def _toc(self, block: b.TableOfContents) -> list[Flowable]:
        s = self.styles
        self._toc_count += 1
        flows: list[Flowable] = [
            self.paragraph(
                [Piece(block.title)], s.toc_title, self.heading_markup, block.title_direction
            )
        ]
        for entry in block.entries:
            style = s.toc1 if entry.level <= 1 else s.toc2
            flows.append(TocLine(self.book, entry, style, self.toc_look))
        layout = self._paginate(flows)
        layout.anchor = f"bb_contents_{self._toc_count}"
        layout.title = block.title.replace("\n", " ").strip() or "Contents"
        story: list[Flowable] = []
        for index in range(len(layout.pages)):
            story += [TocPageMark(self.book, layout, index), PageBreak()]
        return story

    def _compact_toc(self, block: b.TableOfContents) -> Flowable:
        """A memo's contents: their lines at the head of the first body page."""
        s = self.styles
        flows: list[Flowable] = [
            self.paragraph(
                [Piece(block.title)], s.toc_title, self.heading_markup, block.title_direction
            )
        ]
        for entry in block.entries:
            style = s.toc1 if entry.level <= 1 else s.toc2
            flows.append(TocLine(self.book, entry, style, self.toc_look))
        _top, _right, bottom, left = self.margins
        return CompactContents(self.book, flows, (left, bottom))

    def _paginate(self, flows: list[Flowable]) -> TocLayout:
        """Place the contents on pages the way a platypus Frame would (entries never split)."""
        layout = TocLayout(pages=[[]])
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

    def report_layout(self) -> None:
        if self.progress is not None and self._story_length:
            done = 1 - len(self._story) / self._story_length
            self.progress(0.9 * done)

    # ---- build
    def build(self, story: list[Flowable], path: Path) -> None:
        info = self.info
        top, right, bottom, left = self.margins
        doc = DocTemplate(
            os.fspath(path),
            self.report_layout,
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
        furniture = PageFurniture(
            self.book, self.styles, self.heading_markup, self.page_size, self.margins,
            self.progress,
        )
        self._story = story
        self._story_length = len(story)
        if self.progress is not None:
            self.progress(0.0)
        doc.build(story, canvasmaker=canvas_maker(furniture, info.created))
        if self.progress is not None:
            self.progress(1.0)



__all__ = ["BidiParagraph", "write_pdf"]
