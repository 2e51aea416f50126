"""Text for the PDF writer: escaped markup with per-character font fallback over the fonts
registered in pdf_fonts; paragraphs with right-to-left scripts are pdf_bidi's.

reportlab's Paragraph takes markup and has no font fallback. Here every text is escaped, and
each run of characters the paragraph's font lacks is wrapped in ``<font name=…>`` naming the
first fallback family that has them. `make_paragraph` picks the paragraph kind: a plain one on
the fast paths (pdf_lines, pdf_frags), a shaped one for the scripts HarfBuzz shapes
(pdf_shaping), one with language spans (pdf_language), or a BidiParagraph for right-to-left
text (pdf_bidi).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Literal
from xml.sax.saxutils import escape, quoteattr

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph
from reportlab.platypus.paragraph import cleanBlockQuotedText
from reportlab.platypus.paraparser import ParaFrag, ParaParser

from briefing.core.fonts import (
    BOLD,
    BOLD_ITALIC,
    ITALIC,
    REGULAR,
    STYLES,
    FontFamily,
    face_coverage,
    is_ignorable,
    style_of,
)
from briefing.core.tree_text import has_rtl
from briefing.render.pdf_fonts import PdfFonts
from briefing.render.pdf_frags import ODD_SPACES, FragMaker
from briefing.render.pdf_language import SpannedParagraph, marked_markup
from briefing.render.pdf_lines import PlainParagraph
from briefing.render.pdf_shaping import (
    is_tall,
    needs_shaping,
    shaped_style,
)

# A paragraph's alignment as reportlab numbers it (TA_LEFT, TA_CENTER, TA_RIGHT, TA_JUSTIFY).
Alignment = Literal[0, 1, 2, 4]



def untabbed(text: str) -> str:
    """Tree text as reportlab takes it: tabs as spaces, since its paragraphs have no tab stops
    (the tree's text is otherwise clean already: briefing.core.tree_text)."""
    return text.replace("\t", " ") if "\t" in text else text


# ---- inline pieces and markup -----------------------------------------------------------------
@dataclass(frozen=True)
class Piece:
    """A run of text with one look; `href` is a URL or "#anchor" for an internal link;
    `language` is the run's where it is not the paragraph's (a Russian title in an English
    Sources entry), drawn as a /Lang span (briefing.render.pdf_language)."""

    text: str
    bold: bool = False
    italic: bool = False
    href: str = ""
    colour: str = ""
    small: bool = False
    language: str = ""

    def face(self, base: str) -> str:
        """The face style the piece is drawn in, in a paragraph whose style's face is `base`
        (bold text in a bold heading is bold, italic in it bold italic)."""
        return style_of(
            self.bold or base in (BOLD, BOLD_ITALIC), self.italic or base in (ITALIC, BOLD_ITALIC)
        )


class Markup:
    """Escaped reportlab markup with per-run font fallback for one paragraph style."""

    def __init__(self, fonts: PdfFonts, small_size: float) -> None:
        self.fonts = fonts
        self.font_set = fonts.font_set
        self.small_size = small_size
        # id(style) -> (style, the fragment reportlab's parser makes for plain text in it)
        self._plain_frags: dict[int, tuple[ParagraphStyle, ParaFrag]] = {}
        # id(style) -> (style, which of the main family's faces it uses)
        self._bases: dict[int, tuple[ParagraphStyle, str]] = {}
        self.frag_maker = FragMaker(self._sample_markup, self.main_draws)
        # face style -> the characters the main family's face draws (as one-character strings:
        # checking a text against them needs no code point objects)
        self._drawn: dict[str, frozenset[str]] = {}

    def base_of(self, style: ParagraphStyle) -> str:
        """Which of the main family's faces `style` uses (base_style_of, once per style)."""
        entry = self._bases.get(id(style))
        if entry is None or entry[0] is not style:
            entry = (style, base_style_of(style, self.fonts))
            self._bases[id(style)] = entry
        return entry[1]

    def main_draws(self, text: str, style: str = REGULAR) -> bool:
        """Whether the main family's `style` face draws every character of `text`."""
        drawn = self._drawn.get(style)
        if drawn is None:
            drawn = self._drawn[style] = _drawn_chars(self._coverage(self.font_set.main, style))
        return drawn.issuperset(text)

    def is_plain(self, text: str, style: ParagraphStyle) -> bool:
        """Whether `text` is one left-to-right line, with no tabs and nothing to shape, that
        `style`'s own face draws entirely: what `plain_paragraph` may set."""
        return (
            bool(text)
            and "\n" not in text
            and "\t" not in text
            and not has_rtl(text)
            and not needs_shaping(text)
            and self.main_draws(text, self.base_of(style))
        )

    def plain_paragraph(self, text: str, style: ParagraphStyle, bullet: str | None) -> Paragraph:
        """A Paragraph of plain text (one look, one font, no line breaks) built from a ready
        fragment: the same result as parsing its markup, without the parser (a third of the
        layout time of a large document)."""
        entry = self._plain_frags.get(id(style))
        if entry is None or entry[0] is not style:
            _, frags, _ = ParaParser().parse("x", style)
            entry = (style, frags[0])
            self._plain_frags[id(style)] = entry
        frag = entry[1].clone(text=_cleaned(text))
        return PlainParagraph(escape(text), style, bulletText=bullet, frags=[frag])

    def text(self, text: str, style: str = REGULAR, line_breaks: bool = True) -> str:
        """`text` (already cleaned) as markup; fallback fonts wrap what the main font lacks."""
        font_set = self.font_set
        if font_set.main_covers_all(text, style):
            out = escape(text)
        else:
            out = self._fallback_runs(text, style)
        if "\n" in out:
            out = out.replace("\n", "<br/>" if line_breaks else " ")
        return out

    def _fallback_runs(self, text: str, style: str) -> str:
        main = self.font_set.main
        parts: list[str] = []
        for family, face, chunk in self.runs(text, style):
            if family is main and face == style:
                parts.append(escape(chunk))
            elif face == style:
                # the face of the run's own style: a <font> tag inside a bold paragraph style
                # would otherwise take the family's regular face
                name = self.fonts.name(family, style)
                parts.append(f'<font name="{name}">{escape(chunk)}</font>')
            else:  # only the regular face has these characters: draw it whatever the look
                name = self.fonts.fixed_name(family, face)
                parts.append(f'<font name="{name}">{escape(chunk)}</font>')
        return "".join(parts)

    def runs(self, text: str, style: str) -> list[tuple[FontFamily, str, str]]:
        """`text` cut into runs of one face each, as (family, style of the face, text): the
        theme's first family that has the character, else any installed family that has it
        (FontSet.family_for), in the `style` face when that face has it, else the regular one.
        A word of a script that needs shaping stays in one family when that family has all of
        it (a word is shaped with one font)."""
        font_set = self.font_set
        main = font_set.main
        chars: list[str] = []
        families: list[FontFamily] = []
        current: FontFamily = main
        for char in text:
            family: FontFamily | None = current
            if char != "\n":
                family = font_set.family_for(char, style)
            if family is None:
                if char.isspace():
                    char, family = " ", current
                elif is_ignorable(char):
                    continue  # invisible anyway; a missing glyph would draw a box
                else:
                    family = main  # reported by the pre-export check; drawn as is
            elif char == " " and family is not current and ord(char) in self._coverage(current):
                family = current  # a space between two words of a fallback font: one run
            current = family
            chars.append(char)
            families.append(family)
        if needs_shaping(text):
            self._one_family_per_word(chars, families, style)
        runs: list[tuple[FontFamily, str, str]] = []
        for char, family in zip(chars, families, strict=True):
            face = style
            if (
                style != REGULAR
                and not char.isspace()
                and ord(char) not in self._coverage(family, style)
            ):
                face = REGULAR
            if runs and runs[-1][0] is family and runs[-1][1] == face:
                runs[-1] = (family, face, runs[-1][2] + char)
            else:
                runs.append((family, face, char))
        return runs

    def _one_family_per_word(
        self, chars: list[str], families: list[FontFamily], style: str
    ) -> None:
        start = 0
        for end in range(len(chars) + 1):
            if end < len(chars) and not chars[end].isspace():
                continue
            word = chars[start:end]
            shaped_at = next((i for i, c in enumerate(word) if needs_shaping(c)), None)
            if shaped_at is not None:
                family = families[start + shaped_at]
                covered = self._coverage(family, style)
                if all(ord(c) in covered or is_ignorable(c) for c in word):
                    families[start:end] = [family] * len(word)
            start = end + 1

    def _coverage(self, family: FontFamily, style: str = REGULAR) -> frozenset[int]:
        return face_coverage(family.face(style))

    def tall_faces(self, pieces: list[Piece], base: str) -> list[str]:
        """The faces that draw the tall scripts (Thai, Myanmar, Khmer) among `pieces`."""
        tall: list[str] = []
        for piece in pieces:
            if not is_tall(piece.text):
                continue
            style = piece.face(base)
            for family, face, chunk in self.runs(piece.text, style):
                name = self.fonts.name(family, face)
                if name not in tall and is_tall(chunk):
                    tall.append(name)
        return tall

    def shaped_style(self, pieces: list[Piece], style: ParagraphStyle) -> ParagraphStyle | None:
        """The shaped variant of `style` when a piece holds a script HarfBuzz must shape (its
        leading fitted to the tall scripts' faces among them), else None: one decision for
        left-to-right and right-to-left paragraphs alike."""
        if not any(needs_shaping(p.text) for p in pieces):
            return None
        return shaped_style(style, self.tall_faces(pieces, self.base_of(style)))

    def piece(self, piece: Piece, base_style: str = REGULAR, text: str | None = None) -> str:
        out = self.text(piece.text if text is None else text, piece.face(base_style))
        if piece.bold:
            out = f"<b>{out}</b>"
        if piece.italic:
            out = f"<i>{out}</i>"
        if piece.small:
            out = f'<font size="{self.small_size:g}">{out}</font>'
        if piece.href:
            colour = f" color={quoteattr(piece.colour)}" if piece.colour else ""
            out = f"<a href={quoteattr(piece.href)}{colour}>{out}</a>"
        elif piece.colour:
            out = f"<font color={quoteattr(piece.colour)}>{out}</font>"
        return out

    def pieces(self, pieces: list[Piece], base_style: str = REGULAR) -> str:
        return "".join(self.piece(p, base_style) for p in pieces if p.text)

    def marked_pieces(self, pieces: list[Piece], base_style: str = REGULAR) -> str:
        """pieces(), with language markers where the pieces' language changes."""
        return marked_markup((p.language, self.piece(p, base_style)) for p in pieces if p.text)

    def _sample_markup(self, look: tuple[bool, bool, bool, str, bool], base_style: str) -> str:
        bold, italic, link, colour, small = look
        return self.piece(Piece("x", bold, italic, "#x" if link else "", colour, small), base_style)


# id(a face's coverage) -> (the coverage, its characters as one-character strings): made once
# per face in a process (thousands of characters; every export's markup asks for them)
_DRAWN: dict[int, tuple[frozenset[int], frozenset[str]]] = {}


def _drawn_chars(coverage: frozenset[int]) -> frozenset[str]:
    entry = _DRAWN.get(id(coverage))
    if entry is None or entry[0] is not coverage:
        entry = _DRAWN[id(coverage)] = (coverage, frozenset(map(chr, coverage)))
    return entry[1]


def base_style_of(style: ParagraphStyle, fonts: PdfFonts) -> str:
    """Which of the main family's faces a paragraph style uses."""
    for candidate in STYLES:
        if fonts.main_name(candidate) == style.fontName:
            return candidate
    return REGULAR


def make_paragraph(
    pieces: list[Piece],
    style: ParagraphStyle,
    markup: Markup,
    rtl: bool = False,
    align: Alignment | None = None,
    bullet: str | None = None,
) -> Flowable:
    """A Paragraph, or a BidiParagraph when the text holds right-to-left characters.

    `bullet` (plain text) hangs in the style's bullet indent: at the left, or for a
    right-to-left paragraph (give it a `mirrored` style) at the right.
    """
    if len(pieces) == 1 and not rtl and (align is None or align == style.alignment):
        piece = pieces[0]
        looks = piece.bold or piece.italic or piece.href or piece.colour or piece.small
        if not (looks or piece.language) and markup.is_plain(piece.text, style):
            # the common case, decided with fewer checks: what the general path below decides
            return markup.plain_paragraph(piece.text, style, bullet)
    cleaned = []
    languages = False  # whether a run is in another language than the paragraph
    for piece in pieces:
        text = untabbed(piece.text)
        if text:
            cleaned.append(piece if text == piece.text else replace(piece, text=text))
            languages = languages or bool(piece.language)
    pieces = cleaned
    if rtl or any(has_rtl(p.text) for p in pieces):
        from briefing.render.pdf_bidi import BidiParagraph  # built on this module's pieces

        return BidiParagraph(pieces, style, markup, rtl=rtl, align=align, bullet=bullet)
    if align is not None and align != style.alignment:
        style = ParagraphStyle(f"{style.name}-a{align}", parent=style, alignment=align)
    base = markup.base_of(style)
    shaped = markup.shaped_style(pieces, style)
    style = shaped or style
    if languages:
        # runs in other languages: markers in the markup open and close their spans, which
        # the fast paths below could not carry
        return SpannedParagraph(markup.marked_pieces(pieces, base), style, bulletText=bullet)
    if not shaped:
        if _is_plain(pieces, markup, base):
            return markup.plain_paragraph(pieces[0].text, style, bullet)
        frags = markup.frag_maker.frags(pieces, style, base)
        if frags is not None:
            # the parser's fragments, made without it (pdf_frags)
            text = "".join(escape(p.text) for p in pieces)
            return PlainParagraph(text, style, bulletText=bullet, frags=frags)
    return PlainParagraph(markup.pieces(pieces, base) or "", style, bulletText=bullet)


def is_plain_line(text: str, style: ParagraphStyle, markup: Markup) -> bool:
    """Whether `text` is one left-to-right run without line breaks that `style`'s own font
    draws entirely: what may be set without reportlab's paragraph machinery."""
    return markup.is_plain(text, style)


def _is_plain(pieces: list[Piece], markup: Markup, base: str) -> bool:
    """One run of text in the paragraph's own look that its main font draws entirely."""
    if len(pieces) != 1:
        return False
    piece = pieces[0]
    if piece.bold or piece.italic or piece.href or piece.colour or piece.small:
        return False
    return "\n" not in piece.text and markup.main_draws(piece.text, base)


_ODD_SPACE = re.compile(f"[{ODD_SPACES}]")


def _cleaned(text: str) -> str:
    """cleanBlockQuotedText(text), what reportlab's parser makes of a text's whitespace:
    `text` itself when it has only single spaces between words (most texts), found faster."""
    if "  " in text or _ODD_SPACE.search(text) or text[:1] == " " or text[-1:] == " ":
        return str(cleanBlockQuotedText(text))
    return text
