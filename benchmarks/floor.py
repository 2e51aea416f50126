"""The floor: straight-line python-docx and reportlab code writing the same paragraphs.

It writes what a briefing export writes (cover lines, key judgments, section headings,
commentary, quotes with their attribution and note, analyst notes) with no table of contents,
no PDF outline, no citations or sources list, no page numbers and no marking banners: the
plainest code a reasonable engineer would write with each library's public API. Our exporter's
time is reported as a ratio to it.

The python-docx floor resolves each style once and appends paragraphs in linear time; the
naive variants ("by_name", "by_object") are timed too, to show what the public
`add_paragraph(text, style=...)` costs per paragraph (see `write_floor_docx`).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from xml.sax.saxutils import escape

from briefing.core.compile import attribution, paragraphs
from briefing.core.model import Briefing, ClipRef, Note

DEJAVU = Path("/usr/share/fonts/truetype/dejavu")


def floor_paragraphs(briefing: Briefing) -> Iterator[tuple[str, str]]:
    """(role, text) for every paragraph, in document order; roles name the kind of paragraph."""
    meta = briefing.meta
    yield "title", meta.title
    for line in (meta.subtitle, meta.date, meta.author, meta.organisation, meta.marking):
        if line:
            yield "subtitle", line
    yield "page_break", ""
    articles = {a.id: a for a in briefing.articles}
    clips = {c.id: c for c in briefing.clips}
    if briefing.meta.key_judgments:
        yield "heading", "Key judgments"
        for judgment in briefing.meta.key_judgments:
            yield "bullet", judgment.text
    for section in briefing.sections:
        yield "heading", section.heading
        for para in paragraphs(section.commentary):
            yield "body", para
        for item in section.items:
            if isinstance(item, Note):
                for para in paragraphs(item.text):
                    yield "body", para
            elif isinstance(item, ClipRef):
                clip = clips[item.clip_id]
                yield "quote", clip.text
                yield "attribution", attribution(clip, articles.get(clip.article_id))
                if clip.note:
                    yield "body", clip.note


_DOCX_STYLES = {
    "title": "Title",
    "subtitle": "Subtitle",
    "heading": "Heading 1",
    "bullet": "List Bullet",
    "body": "Normal",
    "quote": "Quote",
    "attribution": "Normal",
}


DOCX_VARIANTS = ("floor", "by_object", "by_name")


def write_floor_docx(briefing: Briefing, target: Path, variant: str = "floor") -> None:
    """Write the floor paragraphs with python-docx.

    "floor": each style's id is resolved once, and each paragraph is appended before the final
    section properties, so the cost is linear in the number of paragraphs.
    "by_object" and "by_name": `document.add_paragraph(text, style=...)` with the style object
    or its name, as the python-docx documentation shows. Both pay for `Styles.default()`, which
    walks every style in styles.xml, on each call, and `add_paragraph` looks for the body's
    last element from the start each time, so these grow with the square of the paragraphs.
    """
    from docx import Document
    from docx.enum.text import WD_BREAK
    from docx.oxml import OxmlElement
    from docx.text.paragraph import Paragraph

    if variant not in DOCX_VARIANTS:
        raise ValueError(f"unknown floor variant {variant!r}")
    document = Document()
    styles = {role: document.styles[name] for role, name in _DOCX_STYLES.items()}
    style_ids = {role: style.style_id for role, style in styles.items()}
    section_properties = document.element.body.sectPr
    for role, text in floor_paragraphs(briefing):
        if variant == "floor":
            element = OxmlElement("w:p")
            section_properties.addprevious(element)
            paragraph = Paragraph(element, document._body)
            if role == "page_break":
                paragraph.add_run().add_break(WD_BREAK.PAGE)
            else:
                element.style = style_ids[role]
                paragraph.add_run(text)
        elif role == "page_break":
            document.add_page_break()
        elif variant == "by_name":
            document.add_paragraph(text, style=_DOCX_STYLES[role])
        else:
            document.add_paragraph(text, style=styles[role])
    document.save(str(target))


_FONTS_REGISTERED = False


def _register_fonts() -> None:
    # Built-in Helvetica draws boxes for Cyrillic and ʼ, so even the floor needs a TrueType font.
    global _FONTS_REGISTERED
    if _FONTS_REGISTERED:
        return
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    pdfmetrics.registerFont(TTFont("FloorSerif", str(DEJAVU / "DejaVuSerif.ttf")))
    pdfmetrics.registerFont(TTFont("FloorSans", str(DEJAVU / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont("FloorSansBold", str(DEJAVU / "DejaVuSans-Bold.ttf")))
    _FONTS_REGISTERED = True


def write_floor_pdf(briefing: Briefing, target: Path, page_size: str = "a4") -> None:
    from reportlab.lib.enums import TA_RIGHT
    from reportlab.lib.pagesizes import A4, LETTER
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate

    _register_fonts()
    body = ParagraphStyle("body", fontName="FloorSerif", fontSize=10.5, leading=13)
    styles = {
        "title": ParagraphStyle("title", body, fontName="FloorSansBold", fontSize=26, leading=31),
        "subtitle": ParagraphStyle("subtitle", body, fontName="FloorSans", fontSize=15, leading=19),
        "heading": ParagraphStyle(
            "heading", body, fontName="FloorSansBold", fontSize=16, leading=20, spaceBefore=10
        ),
        "bullet": ParagraphStyle("bullet", body, leftIndent=12, bulletIndent=2),
        "body": ParagraphStyle("body2", body, spaceAfter=4),
        "quote": ParagraphStyle("quote", body, leftIndent=18, rightIndent=18, spaceBefore=6),
        "attribution": ParagraphStyle(
            "attribution", body, fontName="FloorSans", alignment=TA_RIGHT
        ),
    }
    story: list = []
    for role, text in floor_paragraphs(briefing):
        if role == "page_break":
            story.append(PageBreak())
        elif role == "bullet":
            story.append(Paragraph(escape(text), styles[role], bulletText="•"))
        else:
            story.append(Paragraph(escape(text), styles[role]))
    pagesize = LETTER if page_size == "letter" else A4
    doc = SimpleDocTemplate(
        str(target),
        pagesize=pagesize,
        leftMargin=22 * mm,
        rightMargin=22 * mm,
        topMargin=25 * mm,
        bottomMargin=25 * mm,
    )
    doc.build(story)


__all__ = ["DOCX_VARIANTS", "floor_paragraphs", "write_floor_docx", "write_floor_pdf"]
