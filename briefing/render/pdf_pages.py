"""Page furniture for the PDF writer: the canvas that keeps pages until the document is laid
out, then draws on each what needed the whole document (the contents pages with their page
numbers, the marking banner, "Page X of Y"), and the document template around it.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Callable
from typing import Any

from reportlab import rl_config
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.rl_accel import fp_str
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfdoc import PDFArray, PDFObject, PDFString
from reportlab.pdfbase.pdfmetrics import getAscentDescent, stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable

from briefing.render.pdf_book import PageBook
from briefing.render.pdf_colours import CachedColours, CachedLineWidth
from briefing.render.pdf_language import LANGUAGE_TAG
from briefing.render.pdf_shaping import CENTRE, RIGHT, ActualTextObject, draw_plain
from briefing.render.pdf_styles import PdfStyles
from briefing.render.pdf_text import Markup, Piece, is_plain_line, make_paragraph

Progress = Callable[[float], None]


class PageFurniture:
    """Draws, at save time, what every page carries besides its body."""

    def __init__(
        self,
        book: PageBook,
        styles: PdfStyles,
        markup: Markup,  # the heading fonts' markup: banners and page numbers use them
        page_size: tuple[float, float],
        margins: tuple[float, float, float, float],  # top, right, bottom, left
        progress: Progress | None = None,
    ) -> None:
        self.book = book
        self.styles = styles
        self.markup = markup
        self.page_size = page_size
        self.margins = margins
        self.progress = progress
        self._banner_flowable: Flowable | None = None  # made once, for the general path

    def finish_page(self, canvas: Canvas, number: int, total: int) -> None:
        top, right, bottom, left = self.margins
        page_w, page_h = self.page_size
        for flow, x, y in self.book.toc_pages.get(number, ()):
            flow.drawOn(canvas, left + x, bottom + y)
        width = page_w - left - right
        marking = self.book.marking
        if marking:
            styles = self.styles
            line = styles.banner.leading
            for y in (page_h - top / 2 - line / 2, bottom * 0.3 - line / 2):
                plain = self.book.marking_direction != "rtl"
                if not (plain and self._draw_line(canvas, marking, styles.banner, left, width, y)):
                    banner = self._banner()
                    _, h = banner.wrap(width, top)
                    banner.drawOn(canvas, left, y + line / 2 - h / 2)
        if number == 1 and not self.book.label_first_page:
            text = ""
        else:
            text = self.book.page_text(number, total)
        y = bottom - 14 - self.styles.footer.leading
        if text and not self._draw_line(canvas, text, self.styles.footer, left, width, y):
            footer = make_paragraph([Piece(text)], self.styles.footer, self.markup)
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
        if not is_plain_line(text, style, self.markup):
            return False
        room = width - style.leftIndent - style.rightIndent
        text_width = stringWidth(text, style.fontName, style.fontSize)
        if text_width > room:
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
            draw_plain(canvas, x + style.leftIndent + room / 2, baseline, text, CENTRE, text_width)
        elif style.alignment == TA_RIGHT:
            draw_plain(canvas, x + width - style.rightIndent, baseline, text, RIGHT, text_width)
        else:
            draw_plain(canvas, x + style.leftIndent, baseline, text)
        canvas.restoreState()
        return True

    def _banner(self) -> Flowable:
        if self._banner_flowable is None:
            self._banner_flowable = make_paragraph(
                [Piece(self.book.marking)],
                self.styles.banner,
                self.markup,
                rtl=self.book.marking_direction == "rtl",
                align=TA_CENTER,
            )
        return self._banner_flowable


class InternalLink(PDFObject):
    """A borderless link to a named destination, written straight to its dictionary.

    reportlab's LinkAnnotation builds and sorts a generic dictionary of wrapped values for
    each link, about 0.1 ms a link: a fifth of a daily briefing's PDF time went on its
    citation links."""

    def __init__(
        self,
        rect: tuple[float, float, float, float],
        destination: PDFObject,
        written: dict[int, tuple[PDFObject, bytes]],
    ):
        self.rect = rect
        self.destination = destination
        # the canvas's record of destinations already written: most are the target of
        # several links (a source cited by many quotes), and each is the same bytes each time
        self.written = written

    def format(self, document: Any) -> bytes:
        destination = self.destination
        entry = self.written.get(id(destination))
        if entry is None or entry[0] is not destination:
            entry = (destination, destination.format(document))  # type: ignore[attr-defined]
            self.written[id(destination)] = entry
        return (
            b"<< /Type /Annot /Subtype /Link /Border [0 0 0] /Rect ["
            + fp_str(*self.rect).encode("ascii")
            + b"] /Dest "
            + entry[1]
            + b" >>"
        )


_STATE_NAMES: tuple[str, ...] = tuple(Canvas.STATE_ATTRIBUTES)
_STATE_VALUES = operator.itemgetter(*_STATE_NAMES)


class ExternalLink(PDFObject):
    """A borderless link to a URL, written straight to the bytes reportlab's linkURL would
    make of its dictionaries (which it builds and sorts for each link: a sources list's
    links were a tenth of its drawing)."""

    def __init__(self, rect: tuple[float, float, float, float], url: str):
        self.rect = rect
        self.url = url

    def format(self, document: Any) -> bytes:
        uri = PDFString(self.url).format(document)  # as reportlab: escaped, encoded, encrypted
        rect = PDFArray(self.rect).format(document)
        return (
            b"<<\n/A <<\n/S /URI /Type /Action /URI " + uri + b"\n>> /Border [ 0 0 0 ] /Rect "
            + rect + b" /Subtype /Link /Type /Annot\n>>"
        )


class DeferredCanvas(CachedColours, CachedLineWidth, Canvas):
    """Keeps every page until save, then draws what needed the whole document: the contents
    pages, the marking banner and "Page X of Y"."""

    furniture: PageFurniture  # set on the subclass each export makes (see canvas_maker)
    # Canvas internals used below, which reportlab's stubs leave out
    _doc: Any
    _code: list[str]
    _startPage: Callable[[], None]  # noqa: N815 (reportlab's name)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pending_pages: list[dict[str, Any]] = []
        self._destinations_written: dict[int, tuple[PDFObject, bytes]] = {}
        # the languages of the spans begin_language opened and end_language has not closed:
        # a run inside them in the same language needs no span of its own (pdf_language)
        self.open_languages: list[str] = []

    # Every flowable is drawn inside a saved graphics state (thousands per document): the
    # state's values are kept as one tuple rather than a dictionary of them.
    def push_state_stack(self) -> None:
        state: Any = self  # reportlab's attributes, which its stubs leave out
        state.state_stack.append(_STATE_VALUES(state.__dict__))
        state._extgstate = state._extgstate.pushCopy()

    def pop_state_stack(self) -> None:
        self.__dict__.update(zip(_STATE_NAMES, self.state_stack.pop(), strict=True))

    def beginText(self, x: float = 0, y: float = 0, direction: Any = None) -> ActualTextObject:
        # shaped words carry their source text (briefing.render.pdf_shaping)
        return ActualTextObject(self, x, y, direction=direction)

    def begin_language(self, tag: str) -> bool:
        """Open a marked-content span in language `tag` (BCP 47): what is drawn until
        `end_language` is in that language for a reader or screen reader (the catalog's /Lang
        stays the document's). False, and nothing opened, for a tag that is not BCP 47."""
        if not LANGUAGE_TAG.fullmatch(tag):
            return False
        self._code.append(f"/Span <</Lang ({tag})>> BDC")
        self.open_languages.append(tag)
        return True

    def end_language(self) -> None:
        """Close the span `begin_language` opened last."""
        self._code.append("EMC")
        self.open_languages.pop()

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
        destination = self._bookmarkReference(destinationname)
        self._addAnnotation(InternalLink(rect, destination, self._destinations_written))
        return None

    def linkURL(
        self,
        url,
        rect,
        relative=0,
        thickness=0,
        color=None,
        dashArray=None,  # noqa: N803 (reportlab's name)
        kind="URI",
        **kw,
    ):
        """As Canvas.linkURL; the plain case (the links of a paragraph) becomes an
        ExternalLink. (With reportlab's multi-line dictionaries set, its own.)"""
        if kind != "URI" or thickness or color or dashArray or kw or rl_config.pdfMultiLine:
            return super().linkURL(url, rect, relative, thickness, color, dashArray, kind, **kw)
        self._addAnnotation(ExternalLink(self._absRect(rect, relative), url))
        return None

    def save(self) -> None:
        if len(self._code):
            self.showPage()
        pages = self._pending_pages
        self._pending_pages = []
        total = len(pages)
        self._doc.pageCounter = 1
        for number, state in enumerate(pages, start=1):
            annotations: int = self._annotationCount  # document-wide counter: must not go back
            self.__dict__.update(state)
            self._annotationCount: int = max(annotations, self._annotationCount)
            self.furniture.finish_page(self, number, total)
            Canvas.showPage(self)
            state.clear()
        Canvas.save(self)


class DocTemplate(BaseDocTemplate):
    """The document template; `after_page` hears of every page laid out (progress)."""

    def __init__(self, filename: str, after_page: Callable[[], None], **kwargs: Any) -> None:
        super().__init__(filename, **kwargs)
        self.after_page = after_page

    def afterPage(self) -> None:
        self.after_page()


def pdf_date(created: str) -> str | None:
    """The PDF date string (`D:YYYYMMDDHHmmSS+hh'mm'`) of an ISO 8601 date-time with its own
    offset (UTC when it has none); None for a value that is not one."""
    try:
        moment = dt.datetime.fromisoformat(created.strip())
    except ValueError:
        return None
    offset = moment.utcoffset() or dt.timedelta(0)
    sign = "-" if offset < dt.timedelta(0) else "+"
    minutes = abs(int(offset.total_seconds())) // 60
    return f"D:{moment:%Y%m%d%H%M%S}{sign}{minutes // 60:02d}'{minutes % 60:02d}'"


def canvas_maker(furniture: PageFurniture, created: str = "") -> Callable[..., DeferredCanvas]:
    """What `BaseDocTemplate.build` calls to make its canvas: a deferred canvas that draws
    `furniture` on every page and shows the outline when the file is opened. The file's
    creation and modification dates are `created` (the export moment the tree records, so
    the caller's `now` fixes them as in the DOCX), else reportlab's clock."""
    canvas_class = type("_WriterCanvas", (DeferredCanvas,), {"furniture": furniture})
    date = pdf_date(created)

    def make(*args: Any, **kwargs: Any) -> DeferredCanvas:
        canvas = canvas_class(*args, **kwargs)
        canvas.showOutline()
        if date is not None:
            canvas.setDateFormatter(lambda *_clock: date)
        return canvas

    return make
