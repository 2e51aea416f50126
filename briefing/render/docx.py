"""DOCX writer: translates a render tree (briefing.core.blocks) into a Word document.

The document starts from a reference .docx (our bundled resources/reference.docx, or the
user's own organisation template passed as `reference`): its styles, numbering, settings and
page setup are kept, its body is replaced. See briefing.render.docx_styles for which styles
are used and how the theme is applied (bundled reference: theme onto the styles; user
reference: their styles win, missing ones are added).

Decisions a reader of the output should know about:

* Table of contents: a real Word TOC field (`TOC \\o "1-2" \\h \\z \\u`) whose result already
  holds what Word would put there: one paragraph per entry (styles "toc 1"/"toc 2"), each a
  hyperlink to its heading's bookmark with a dot-leader tab and a PAGEREF page number. The
  numbers come from our own Word-like layout of the finished body (briefing.render.docx_toc,
  briefing.render.docx_layout), so the contents show finished on open in Word and LibreOffice
  with no prompt (no `updateFields`, no dirty flag); F9 regenerates the same entries.
* Handling marking: in the header and the footer of every page (default header/footer, plus
  first-page and even-page ones when the reference turns those on); the footer also holds
  "Page X of Y" from PAGE and NUMPAGES fields. A user reference's own headers are replaced.
* Citations are "[n]" internal hyperlinks (character style "Citation") to the numbered
  Sources entry; Sources entries, headings, quotes and anchored list items are bookmarked.
* Page breaks become "page break before" on the next paragraph (a paragraph holding only a
  break would leave an empty line at the top of the next page).
* Languages: the briefing's language is the document default; a run in another language
  (a quote from a Russian article, an Arabic outlet) carries its own w:lang, in the slot of
  its script (briefing.render.docx_language).
* Right to left: w:bidi paragraphs and w:rtl runs; a right-to-left quote has its bar on the
  right (briefing.render.docx_direction).
* Document properties: created and modified are the moment of export (the tree's
  `created`, which the caller's `now` fixes).

The reference document and everything outside the body (headers, footers, properties) are
handled in briefing.render.docx_package; the paragraphs and runs the blocks are made of in
briefing.render.docx_paragraphs; this module lays out the blocks.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from pathlib import Path

import docx
from docx.image.exceptions import UnrecognizedImageError
from docx.shared import Emu, Pt
from lxml import etree

from briefing.core import blocks as b
from briefing.core.cover_design import COVER
from briefing.core.errors import ExportError
from briefing.core.images import (
    SVG,
    SVG_DPI,
    ImageError,
    check_stored_image,
    cover_logo,
    svg_to_png,
)
from briefing.core.theme import Theme
from briefing.core.tree_text import ensure_clean
from briefing.render import docx_cover
from briefing.render import docx_styles as st
from briefing.render.anchors import defined_anchors
from briefing.render.docx_direction import align_end
from briefing.render.docx_fonts import embed_fonts
from briefing.render.docx_language import set_document_language
from briefing.render.docx_layout import PageFrame, page_frame
from briefing.render.docx_lists import NumberedLists
from briefing.render.docx_package import (
    core_properties,
    created_numbering,
    default_tab_stop,
    empty_body,
    headers_and_footers,
    open_reference,
    page_setup,
    prepare_styles,
)
from briefing.render.docx_package import (
    parse_created as _parse_created,  # noqa: F401 (tests read it here)
)
from briefing.render.docx_paragraphs import ParagraphWriter
from briefing.render.docx_stylesheet import StyleSheet
from briefing.render.docx_toc import (
    TOC_INSTRUCTION,
    PageNumberSlot,
    add_leader_tab,
    add_page_reference,
    fill_page_numbers,
)
from briefing.render.docx_xml import (
    PARAGRAPH_BREAK,
    VAL,
    W_R,
    W_T,
    field,
    field_end,
    field_start,
    w,
)
from briefing.render.output import atomic_output

ProgressCallback = Callable[[float], None]

_PARAGRAPH_STYLES = {
    "body": st.BODY,
    "commentary": st.COMMENTARY,
    "note": st.NOTE,
    "summary": st.SUMMARY,
}
_LIST_STYLES = {"judgments": st.KEY_JUDGMENT, "plain": st.LIST_BULLET}


def write_docx(
    document: b.Document,
    theme: Theme,
    target: Path,
    progress: ProgressCallback | None = None,
    reference: Path | None = None,
) -> None:
    """Write `document` as a Word file at `target`, atomically.

    `reference` is a .docx (or .dotx) whose styles and page setup the output takes instead of
    our bundled reference. `progress(fraction)` is called as work advances; it may raise
    ExportCancelled, which propagates and leaves any earlier file at `target` untouched.
    Raises ExportError when the target cannot be written or the reference cannot be used.
    """
    report = _Progress(progress)
    report(0.0, force=True)
    document = ensure_clean(document)
    with atomic_output(Path(target)) as temp:
        word = open_reference(reference)
        ids = prepare_styles(word, theme, bundled=reference is None)
        set_document_language(word.styles.element, document.info.language)
        body = word.element.body
        section = empty_body(body)
        page_setup(section, document.info, theme, bundled=reference is None)
        frame = page_frame(section)
        colours = (st.hex_colour(theme.accent_colour), st.hex_colour(theme.marking_colour))
        writer = _BodyWriter(
            word, ids, _bookmark_names(document.blocks), frame.width, _text_area(section),
            theme.body_fonts, colours,
        )
        total = max(len(document.blocks), 1)
        for index, block in enumerate(document.blocks):
            writer.write(block)
            report(0.85 * (index + 1) / total)
        content = writer.content
        sheet = StyleSheet(word.styles.element, default_tab_stop(word))
        writer.place_cover_foot(sheet, frame)
        if writer.page_slots:
            fill_page_numbers(content, writer.page_slots, sheet, frame)
        report(0.9, force=True)
        body.extend(content)
        body.append(section)  # the section properties must stay the body's last child
        headers_and_footers(word, document.info, ids)
        core_properties(word, document.info)
        embed_fonts(word, _shown_text(content, document.info, word))
        report(0.92, force=True)
        # Built in memory, written in one go: a zip file that fails to flush (a full disk)
        # would raise again from its finaliser ("Exception ignored … OSError").
        packed = io.BytesIO()
        word.save(packed)
        temp.write_bytes(packed.getvalue())
        report(1.0, force=True)


def _shown_text(
    content: list[etree._Element], info: b.DocumentInfo, word: docx.document.Document
) -> str:
    """Every character the document shows: the body's text, the marking and page label, and
    the list symbols and numbers (in the numbering part: a subset without "•" draws boxes)."""
    pieces = [t.text or "" for element in content for t in element.iter(W_T)]
    try:
        numbering = word.part.numbering_part.element
    except NotImplementedError:  # a reference document without numbering
        numbering = None
    if numbering is not None:
        pieces += [level.get(VAL, "") for level in numbering.iter(w("lvlText"))]
    return "".join(pieces) + info.marking + info.marking.upper() + info.page_label


class _Progress:
    """Calls the callback at most about a hundred times, always at 0 and 1."""

    def __init__(self, callback: ProgressCallback | None) -> None:
        self._callback = callback
        self._last = -1.0

    def __call__(self, fraction: float, force: bool = False) -> None:
        if self._callback is None:
            return
        if force or fraction - self._last >= 0.01:
            self._last = fraction
            self._callback(min(max(fraction, 0.0), 1.0))


# ---- the body ---------------------------------------------------------------------------------
def _bookmark_names(blocks: tuple[b.Block, ...]) -> dict[str, str]:
    """Word bookmark names for every anchor a block defines: at most 40 characters, starting
    with a letter, letters/digits/underscore only, unique."""
    names: dict[str, str] = {}
    taken: set[str] = set()
    for anchor in defined_anchors(blocks):
        name = re.sub(r"[^A-Za-z0-9_]", "_", anchor)
        if not name[:1].isalpha():
            name = f"a{name}"
        name, base, counter = name[:40], name[:36], 1
        while name in taken:
            counter += 1
            name = f"{base}_{counter}"
        taken.add(name)
        names[anchor] = name
    return names


def _text_area(section: etree._Element) -> tuple[float, float]:
    """The width and height inside the page's margins, in EMU (for pictures)."""
    def twips(element: str, attribute: str, default: int) -> int:
        found = section.find(w(element))
        try:
            return int(found.get(w(attribute), default)) if found is not None else default
        except ValueError:
            return default

    width = twips("pgSz", "w", 11906) - twips("pgMar", "left", 1440)
    width -= twips("pgMar", "right", 1440)
    height = twips("pgSz", "h", 16838) - twips("pgMar", "top", 1440)
    height -= twips("pgMar", "bottom", 1440)
    return max(width, 1440) * _EMU_PER_TWIP, max(height, 1440) * _EMU_PER_TWIP


_EMU_PER_TWIP = 635


class _BodyWriter(ParagraphWriter):
    """Translates the tree's blocks into paragraphs (see ParagraphWriter for their parts)."""

    def __init__(
        self,
        word: docx.document.Document,
        ids: dict[str, str],
        bookmarks: dict[str, str],
        text_width: float,
        text_size: tuple[float, float] = (5_760_000, 8_640_000),
        families: tuple[str, ...] = (),
        colours: tuple[str, str] = ("1F3A5F", "A4161A"),  # the cover's accent and marking
    ) -> None:
        super().__init__(word, ids, bookmarks, families)
        self._colours = colours
        self.cover: tuple[list[etree._Element], int] | None = None  # its paragraphs, foot
        self._text_width = text_width
        self._text_size = text_size
        self.page_slots: list[PageNumberSlot] = []
        self._numbered = NumberedLists(word, ids, lambda: created_numbering(word))

    # -- dispatch
    def write(self, block: b.Block) -> None:
        if isinstance(block, b.Paragraph):
            self._paragraph(block)
        elif isinstance(block, b.BlockQuote):
            self._quote(block)
        elif isinstance(block, b.Heading):
            self._heading(block)
        elif isinstance(block, b.BulletList):
            self._list(block)
        elif isinstance(block, b.SourcesList):
            self._sources(block)
        elif isinstance(block, b.PageBreak):
            self._page_break_pending = True
        elif isinstance(block, b.Cover):
            self._cover(block)
        elif isinstance(block, b.TableOfContents):
            self._toc(block)
        elif isinstance(block, b.Figure):
            self._figure(block)
        else:  # pragma: no cover - the block set is closed
            raise TypeError(f"unknown block {type(block).__name__}")

    # -- blocks
    def _cover(self, cover: b.Cover) -> None:
        """The cover in the order of blocks.Cover and the geometry of the one cover design
        (docx_cover): logo top right, accent rule and title block a third of the way down,
        the marking under a rule of its own, who prepared it at the foot (placed once the
        body is written: `place_cover_foot`)."""
        width = self._text_width
        start = len(self._body)
        logo_height = self._logo(cover.logo_path) if cover.logo_path else 0.0
        top = self._text_size[1] / 12_700 * COVER.title_from_top - logo_height  # EMU -> pt
        accent: tuple[float, str, float] | None = (
            COVER.accent_rule_pt, self._colours[0], COVER.after_rule_pt
        )
        for style, text, direction, after in (
            (st.TITLE, cover.title, cover.title_direction, COVER.after_title_pt),
            (st.SUBTITLE, cover.subtitle, cover.subtitle_direction, COVER.after_subtitle_pt),
            (st.COVER_DETAILS, cover.date, cover.date_direction, COVER.after_date_pt),
        ):
            if text.strip():
                p = self._simple(style, text, direction)
                # the first of them carries the accent rule, a third of the way down
                docx_cover.place(p, width, after_pt=after, before_pt=max(top, 0.0), rule=accent)
                top, accent = 0.0, None
        if cover.marking.strip():
            marking = self._simple(st.COVER_MARKING, cover.marking, cover.marking_direction)
            rule = (COVER.marking_rule_pt, self._colours[1], COVER.marking_rule_gap_pt)
            docx_cover.place(marking, width, after_pt=0, rule=rule)
            docx_cover.align(marking, "left")
        foot = len(self._body)
        for text, direction in (
            (cover.prepared_by_label, cover.prepared_by_direction),
            (cover.author, cover.author_direction),
            (cover.organisation, cover.organisation_direction),
        ):
            if text.strip():
                p = self._simple(st.COVER_DETAILS, text, direction)
                docx_cover.place(p, width, after_pt=COVER.foot_gap_pt, width=COVER.foot_width)
        self.cover = (list(self._body[start:]), foot - start)

    def place_cover_foot(self, sheet: StyleSheet, frame: PageFrame) -> None:
        """Move who prepared the briefing to the foot of the cover page."""
        if self.cover is not None:
            docx_cover.push_to_foot(*self.cover, sheet, frame)

    def _logo(self, path: str) -> float:
        """The logo's upright pixels at the size every format gives it (core.images), top
        right; returns the height it takes (points), 0 when it cannot be drawn."""
        logo = cover_logo(path)
        if logo is None:
            return 0.0  # the pre-export checks report a missing or unreadable logo
        try:
            inline = self._part.new_pic_inline(
                io.BytesIO(logo.data), width=Pt(logo.width_pt), height=Pt(logo.height_pt)
            )
        except (ValueError, UnrecognizedImageError, KeyError, ZeroDivisionError):
            return 0.0  # python-docx could not read what Pillow did: left off, as in the checks
        p = self._new_paragraph(st.COVER_DETAILS)
        docx_cover.align(p, "right")
        etree.SubElement(etree.SubElement(p, W_R), w("drawing")).append(inline)
        return logo.height_pt

    def _figure(self, figure: b.Figure) -> None:
        """The picture in a paragraph of its own (kept with its caption), then the caption.
        Word cannot show SVG on its own: an SVG goes in as a PNG of its drawing, as in the PDF."""
        width, height = b.figure_box(
            figure.width, figure.height, self._text_size[0], self._text_size[1]
        )
        try:
            check_stored_image(figure.data, figure.mime, f"figure “{figure.alt}”")
            data = figure.data
            if figure.mime == SVG:
                data = svg_to_png(figure.data, max(1, round(width / 914400 * SVG_DPI)))
            inline = self._part.new_pic_inline(io.BytesIO(data), Emu(round(width)),
                                               Emu(round(height)))
        except ImageError as error:
            raise ExportError(str(error)) from None
        p = self._new_paragraph(st.FIGURE, figure.direction, keep_next=True)
        mark = self._bookmark_start(p, figure.anchor)
        etree.SubElement(etree.SubElement(p, W_R), w("drawing")).append(inline)
        self._bookmark_end(p, mark)
        for pic in inline.iter("{*}docPr"):  # what a screen reader says for the picture
            pic.set("descr", figure.alt)
        p = self._new_paragraph(st.CAPTION, figure.direction)
        self._inlines(p, figure.caption, st.CAPTION, figure.direction)

    def _toc(self, toc: b.TableOfContents) -> None:
        self._simple(st.TOC_HEADING, toc.title, toc.title_direction)
        entries = toc.entries
        if not entries:
            p = self._new_paragraph(st.TOC_1)
            field(p, TOC_INSTRUCTION, "")
            return
        for index, entry in enumerate(entries):
            style = st.TOC_1 if entry.level <= 1 else st.TOC_2
            text, direction = entry.text, entry.direction
            p = self._new_paragraph(style, direction)
            add_leader_tab(p, self._text_width, direction == "rtl")
            if index == 0:
                field_start(p, TOC_INSTRUCTION)
            link = self._internal_link(p, entry.anchor)
            self._run(link if link is not None else p, text, rtl=direction == "rtl")
            bookmark = self._bookmarks.get(entry.anchor)
            if bookmark is not None:
                target = link if link is not None else p
                self.page_slots.append(add_page_reference(target, bookmark))
            if index == len(entries) - 1:
                field_end(p)

    def _heading(self, heading: b.Heading) -> None:
        style = st.HEADING_1 if heading.level <= 1 else st.HEADING_2
        p = self._new_paragraph(style, heading.direction)
        mark = self._bookmark_start(p, heading.anchor)
        text = heading.text
        if text:
            self._run(p, text, rtl=heading.direction == "rtl")
        self._bookmark_end(p, mark)

    def _paragraph(self, paragraph: b.Paragraph) -> None:
        style = _PARAGRAPH_STYLES.get(paragraph.style, st.BODY)
        p = self._new_paragraph(style, paragraph.direction)
        mark = self._bookmark_start(p, paragraph.anchor) if paragraph.anchor else None
        p = self._inlines(p, paragraph.inlines, style, paragraph.direction)
        self._bookmark_end(p, mark)

    def _list(self, bullets: b.BulletList) -> None:
        style = _LIST_STYLES.get(bullets.style, st.LIST_BULLET)
        num_id = self._numbered.new_list(bullets.start) if bullets.ordered else None
        for item in bullets.items:
            if num_id is None:
                p = self._new_paragraph(style, item.direction)
            else:
                p = self._new_paragraph_with_id(self._numbered.style_id(), item.direction)
                self._numbered.number_paragraph(p, num_id)
            mark = self._bookmark_start(p, item.anchor) if item.anchor else None
            p = self._inlines(p, item.inlines, style, item.direction)
            self._bookmark_end(p, mark)

    def _quote(self, quote: b.BlockQuote) -> None:
        if quote.marking.strip():
            self._simple(st.CLIP_MARKING, quote.marking, quote.marking_direction)
        style = st.EXCERPT if quote.kind == "excerpt" else st.QUOTE
        rtl = quote.direction == "rtl"
        has_footer = bool(quote.attribution.strip()) or quote.citation is not None
        pieces = PARAGRAPH_BREAK.split(quote.text.strip()) or [""]
        # The Quote style is italic and Excerpt upright; the tree says which this one is.
        italic = quote.italic and style == st.EXCERPT
        upright = not quote.italic and style == st.QUOTE
        mark = None
        for index, piece in enumerate(pieces):
            last = index == len(pieces) - 1
            p = self._new_paragraph(style, quote.direction, keep_next=has_footer or not last)
            if index == 0:
                mark = self._bookmark_start(p, quote.anchor)
            if piece:
                self._run(p, piece, italic=italic, upright=upright, rtl=rtl,
                          language=quote.language)  # fmt: skip
        self._bookmark_end(p, mark)  # pieces holds at least one: p is the last paragraph
        if has_footer:
            attribution = quote.attribution.strip()
            direction = quote.attribution_direction
            p = self._new_paragraph(st.ATTRIBUTION, direction)
            align_end(p, quote.attribution_align, rtl, direction == "rtl")
            if attribution:  # in the article's language when written in its letters
                self._run(p, attribution, rtl=direction == "rtl",
                          language=quote.attribution_language)
            if quote.citation is not None:
                if attribution:
                    self._run(p, "\u00a0")  # keeps "[n]" on the line of the last word
                self._citation(p, quote.citation)
        if quote.note.strip():
            lead = quote.note_lead
            pieces = PARAGRAPH_BREAK.split(quote.note.strip())
            for index, piece in enumerate(pieces):
                p = self._new_paragraph(st.NOTE, quote.note_direction)
                if index == 0 and lead:
                    self._run(p, lead, bold=True, rtl=quote.note_direction == "rtl")
                self._run(p, piece, rtl=quote.note_direction == "rtl")

    def _sources(self, sources: b.SourcesList) -> None:
        for entry in sources.entries:
            p = self._new_paragraph(st.SOURCE_ENTRY, entry.direction)
            mark = self._bookmark_start(p, entry.anchor)
            self._run(p, f"{entry.mark}\t")
            p = self._inlines(p, entry.inlines, st.SOURCE_ENTRY, entry.direction)
            self._bookmark_end(p, mark)


__all__ = ["write_docx"]
