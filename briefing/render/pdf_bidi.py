"""PDF paragraphs that hold right-to-left text (Arabic, Hebrew), for pdf_text.make_paragraph.

reportlab draws Arabic unjoined and left-to-right. A BidiParagraph is broken into lines first
(in logical order, measured with the fonts that will draw it), then each line is shaped
(arabic-reshaper) and reordered (Unicode bidi algorithm), so multi-line right-to-left
paragraphs read top to bottom in the right order; a Hindi or Thai word inside one stays whole
and in logical order, shaped by HarfBuzz as in a left-to-right paragraph (pdf_shaping).
"""

from __future__ import annotations

import re
from itertools import groupby
from typing import Any

from reportlab.lib.abag import ABag
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Flowable, Paragraph

from briefing.core.fonts import FontSet
from briefing.core.tree_text import has_rtl
from briefing.render.pdf_language import SpannedParagraph, marked_markup
from briefing.render.pdf_shaping import shape_word, shaping_runs
from briefing.render.pdf_text import Alignment, Markup, Piece, base_style_of

_LRM = "\u200e"
_ARABIC_CHARS = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff]")


def _reshape(text: str, font_set: FontSet) -> str:
    """Arabic letters in their joined forms, unless the fonts lack the presentation forms."""
    if not _ARABIC_CHARS.search(text):
        return text
    import arabic_reshaper

    shaped = arabic_reshaper.reshape(text)
    if font_set.uncovered(shaped) - font_set.uncovered(text):
        return text  # better unjoined letters than boxes
    return shaped


def visual_order(
    text: str, rtl: bool, units: list[tuple[int, int]] | None = None
) -> list[tuple[int, str]]:
    """(logical index, character) pairs of one line in display order, mirrored where needed.
    Each of `units` ((start, end) spans of left-to-right text: pdf_shaping.shaping_runs)
    comes out whole and in logical order.

    Uses python-bidi's pure-Python implementation, whose steps keep per-character records, so
    each displayed character can be traced back to the run (link, bold …) it came from.
    """
    try:
        from bidi import algorithm as uba

        storage = uba.get_empty_storage()
        storage["base_level"] = 1 if rtl else 0
        storage["base_dir"] = "R" if rtl else "L"
        uba.get_embedding_levels(text, storage)
        records = storage["chars"]
        for position, record in enumerate(records):
            record["bb_index"] = position
        for start, end in units or ():
            # a unit's marks and joiners count as its letters: the algorithm would drop the
            # joiners (rule X9) and could move trailing ones to the line's end (rule L1)
            for record in records[start:end]:
                record["type"] = record["orig"] = "L"
        uba.explicit_embed_and_overrides(storage)
        uba.resolve_weak_types(storage, False)
        uba.resolve_neutral_types(storage, False)
        uba.resolve_implicit_levels(storage, False)
        uba.reorder_resolved_levels(storage, False)
        uba.apply_mirroring(storage, False)
        return [(record["bb_index"], record["ch"]) for record in storage["chars"]]
    except (ImportError, AttributeError, KeyError, TypeError):  # pragma: no cover
        # Another python-bidi: reorder with its public function, losing per-run looks.
        from bidi import get_display

        return [(0, char) for char in get_display(text, base_dir="R" if rtl else "L")]


# (piece index, font name) of a character; "" when nothing is drawn
Place = tuple[int, str]


class WordWidths:
    """The widths a shaped BidiParagraph breaks its lines with: each word in the
    fonts markup gives it (Markup.runs), shaped as the paragraph will shape it
    (`shape_word`), so lines fill as in a left-to-right paragraph and none overflows."""

    def __init__(self, markup: Markup, looks: list[tuple[str, float]]) -> None:
        self.markup = markup
        self.looks = looks  # per piece of the paragraph: (face style, size)

    def word(self, word: list[tuple[str, int]]) -> tuple[float, Place, Place]:
        """The width of `word` ((character, piece index) pairs) and the places of its first
        and last characters."""
        fonts = self.markup.fonts
        parts: list[tuple[Any, str]] = []
        places: list[Place] = []
        width = 0.0
        for index, items in groupby(word, key=lambda item: item[1]):
            style, size = self.looks[index]
            text = "".join(char for char, _ in items)
            for family, face, chunk in self.markup.runs(text, style):
                # the names Markup.piece gives the runs (a run in another face: its alias)
                if face == style:
                    name = fonts.name(family, style)
                else:
                    name = fonts.fixed_name(family, face)
                width += pdfmetrics.stringWidth(chunk, name, size)
                parts.append((ABag(fontName=name, fontSize=size), chunk))
                places.append((index, name))
        if not places:  # nothing drawn (joiners no font has)
            return 0.0, (word[0][1], ""), (word[0][1], "")
        return float(shape_word([width, *parts])[0]), places[0], places[-1]

    def space(self, before: Place, after: Place) -> float:
        """The widest the space between two words may be drawn (`before` and `after`: the
        places of the characters either side). Markup gives a space the font of the
        character before it in display order, one of these two, when that is of the space's
        own piece, else the main font."""
        index = after[0]  # the space goes with the word after it
        style, size = self.looks[index]
        main = self.markup.fonts.main_name(style)
        names = {name if piece == index and name else main for piece, name in (before, after)}
        return max(pdfmetrics.stringWidth(" ", name, size) for name in names)


class BidiParagraph(Flowable):
    """A paragraph with right-to-left text: broken into lines in logical order at the width it
    is given, then each line shaped and reordered for display and drawn as its own line.

    Arabic is joined by arabic-reshaper before the lines are reordered. A run of another
    script that needs shaping (a Hindi or Thai word) is reordered as one unit, so it stays in
    logical order, and the paragraph is shaped as a left-to-right one is (shaped_style):
    HarfBuzz shapes such runs and leaves the right-to-left letters as they are
    (pdf_shaping.shape_word); lines are then measured with the shaped widths.

    Limitation: the bidi algorithm runs per line rather than over the whole paragraph, which
    differs from the standard only for neutral characters at line ends.
    """

    def __init__(
        self,
        pieces: list[Piece],
        style: ParagraphStyle,
        markup: Markup,
        rtl: bool = True,
        align: Alignment | None = None,
        bullet: str | None = None,
    ) -> None:
        super().__init__()
        self.bullet = bullet
        self.pieces = pieces
        self.style = style
        self.markup = markup
        self.rtl = rtl
        self.align = align if align is not None else (TA_RIGHT if rtl else TA_LEFT)
        self.keepWithNext = getattr(style, "keepWithNext", 0)
        shaped = markup.shaped_style(pieces, style)  # as a left-to-right paragraph is
        self.shaped = shaped is not None
        self.style = shaped or style
        self._built_for: float | None = None
        self._paragraph: Paragraph | None = None

    # what the whole paragraph would read, in display order (for tests and the TOC)
    def display_lines(self, width: float) -> list[str]:
        return ["".join(c for _, c in line) for line in self._visual_lines(width)]

    def _chars(self) -> list[tuple[str, int]]:
        font_set = self.markup.font_set
        chars: list[tuple[str, int]] = []
        for index, piece in enumerate(self.pieces):
            for char in _reshape(piece.text, font_set):
                chars.append((char, index))
            if not self.rtl and has_rtl(piece.text):
                # a left-to-right mark after a right-to-left piece keeps what follows (the
                # date after an Arabic outlet) in its own place; dropped once reordered
                chars.append((_LRM, index))
        return chars

    def _face_name(self, char: str, style: str) -> str:
        family = self.markup.font_set.family_for(char, style) or self.markup.font_set.main
        return self.markup.fonts.name(family, style)

    def _width_of(self, chars: list[tuple[str, int]], size: float, base: str) -> float:
        total = 0.0
        for char, index in chars:
            style, char_size = self._piece_look(index, size, base)
            total += pdfmetrics.stringWidth(char, self._face_name(char, style), char_size)
        return total

    def _piece_look(self, index: int, size: float, base: str) -> tuple[str, float]:
        """The face style and size piece `index` is drawn in."""
        piece = self.pieces[index]
        return piece.face(base), self.markup.small_size if piece.small else size

    def _logical_lines(self, width: float) -> list[list[tuple[str, int]]]:
        style = self.style
        base = base_style_of(style, self.markup.fonts)
        size = style.fontSize
        avail = width - style.leftIndent - style.rightIndent
        lines: list[list[tuple[str, int]]] = []
        if self.shaped:
            looks = [self._piece_look(i, size, base) for i in range(len(self.pieces))]
            widths = WordWidths(self.markup, looks)
        for hard_line in _split_hard_lines(self._chars()):
            words = _split_words(hard_line)
            line: list[tuple[str, int]] = []
            line_width = 0.0
            first = not lines
            last = (0, "")  # shaped: where the last word so far ends
            for word in words:
                if self.shaped:
                    word_width, starts, ends = widths.word(word)
                    space = widths.space(last, starts) if line else 0.0
                    last = ends
                else:
                    word_width = self._width_of(word, size, base)
                    space = self._width_of([(" ", word[0][1])], size, base) if line else 0.0
                limit = avail - (style.firstLineIndent if first and not lines else 0)
                if line and line_width + space + word_width > limit - 0.01:
                    lines.append(line)
                    line, line_width = [], 0.0
                    space = 0.0
                if line:
                    line.append((" ", word[0][1]))
                line.extend(word)
                line_width += space + word_width
            lines.append(line)
        return lines

    def _visual_lines(self, width: float) -> list[list[tuple[int, str]]]:
        result = []
        for line in self._logical_lines(width):
            text = "".join(c for c, _ in line)
            order = visual_order(text, self.rtl, shaping_runs(text) if self.shaped else None)
            result.append(
                [(line[i][1] if i < len(line) else 0, c) for i, c in order if c != _LRM]
            )
        return result

    def _build(self, width: float) -> Paragraph:
        if self._paragraph is not None and self._built_for == width:
            return self._paragraph
        base = base_style_of(self.style, self.markup.fonts)
        spanned = any(piece.language for piece in self.pieces)
        rendered = []
        for line in self._visual_lines(width):
            segments: list[tuple[int, list[str]]] = []
            for piece_index, char in line:
                if segments and segments[-1][0] == piece_index:
                    segments[-1][1].append(char)
                else:
                    segments.append((piece_index, [char]))
            parts = [
                (self.pieces[i].language, self.markup.piece(self.pieces[i], base, "".join(chars)))
                for i, chars in segments
            ]
            # a run in another language is marked on each line (and each piece of it the
            # reordering makes): every line closes its spans
            rendered.append(
                marked_markup(parts) if spanned else "".join(markup for _, markup in parts)
            )
        style = self.style
        if style.alignment != self.align:
            style = ParagraphStyle(f"{style.name}-bidi", parent=style, alignment=self.align)
        # a left-to-right paragraph's bullet hangs where reportlab puts it; a right-to-left
        # one's is drawn at the right by draw()
        bullet = self.bullet if not self.rtl else None
        kind = SpannedParagraph if spanned else Paragraph
        self._paragraph = kind("<br/>".join(rendered), style, bulletText=bullet)
        self._built_for = width
        return self._paragraph

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width, self.height = self._build(avail_width).wrap(avail_width, avail_height)
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        return self._build(avail_width).split(avail_width, avail_height)

    def draw(self) -> None:
        assert self._paragraph is not None
        self._paragraph.drawOn(self.canv, 0, 0)
        if self.bullet and self.rtl:
            self._draw_right_bullet()

    def _draw_right_bullet(self) -> None:
        assert self.bullet is not None
        style = self.style
        canvas = self.canv
        font = style.bulletFontName or style.fontName
        size = style.bulletFontSize or style.fontSize
        canvas.saveState()
        canvas.setFont(font, size)
        canvas.setFillColor(style.bulletColor or style.textColor)
        baseline = self.height - style.fontSize
        canvas.drawRightString(self.width - style.bulletIndent, baseline, self.bullet)
        canvas.restoreState()

    def getSpaceBefore(self) -> float:
        return self.style.spaceBefore

    def getSpaceAfter(self) -> float:
        return self.style.spaceAfter

    @property
    def blPara(self):  # mirrors Paragraph's attribute, used for TOC leaders
        assert self._paragraph is not None
        return self._paragraph.blPara


def _split_hard_lines(chars: list[tuple[str, int]]) -> list[list[tuple[str, int]]]:
    lines: list[list[tuple[str, int]]] = [[]]
    for item in chars:
        if item[0] == "\n":
            lines.append([])
        else:
            lines[-1].append(item)
    return lines


def _split_words(chars: list[tuple[str, int]]) -> list[list[tuple[str, int]]]:
    words: list[list[tuple[str, int]]] = []
    current: list[tuple[str, int]] = []
    for item in chars:
        if item[0].isspace() and item[0] != "\u00a0":
            if current:
                words.append(current)
                current = []
        else:
            current.append(item)
    if current:
        words.append(current)
    return words
