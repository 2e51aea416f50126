"""Paragraph styles for the PDF writer: the theme's sizes, colours and fonts as reportlab styles.

One `PdfStyles` per export; `mirrored` gives the right-to-left variant of a style (indents
swapped, alignment flipped) for quotes, notes and attributions in Arabic or Hebrew.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle

from briefing.core.fonts import BOLD, REGULAR
from briefing.core.theme import Theme
from briefing.render.pdf_fonts import PdfFonts


@dataclass
class PdfStyles:
    """Every paragraph style the PDF writer uses."""

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
    caption: ParagraphStyle
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


def make_styles(theme: Theme, body: PdfFonts, heading: PdfFonts) -> PdfStyles:
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

    def derive(name: str, parent: ParagraphStyle = base, **values: Any) -> ParagraphStyle:
        if "fontSize" in values and "leading" not in values:
            values["leading"] = values["fontSize"] * lead
        return ParagraphStyle(f"bb-{name}", parent=parent, **values)

    heading_bold = heading.main_name(BOLD)

    def heading_style(
        name: str, font_size: float, colour: colors.Color, **values: Any
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
    return PdfStyles(
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
        caption=derive(
            "caption", fontSize=small + 0.5, textColor=muted, spaceBefore=0, spaceAfter=size + 2
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


def mirrored(style: ParagraphStyle) -> ParagraphStyle:
    """The same style for right-to-left text: indents swapped, aligned to the right."""
    alignment = style.alignment
    if alignment == TA_LEFT:
        alignment = TA_RIGHT
    elif alignment == TA_RIGHT:
        alignment = TA_LEFT
    return ParagraphStyle(
        f"{style.name}-rtl",
        parent=style,
        leftIndent=style.rightIndent,
        rightIndent=style.leftIndent,
        alignment=alignment,
    )

