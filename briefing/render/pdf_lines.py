"""Line breaking for the PDF writer's plain paragraphs, without reportlab's per-word overhead.

Most of a briefing's paragraphs are one run of text in one font (a quote, an attribution, a
note): reportlab breaks them into lines with `Paragraph.breakLines`, which for every word pops
it off the front of a list, checks it for soft hyphens and split markers, and measures it
through three Python calls (pdfmetrics.stringWidth, the font's stringWidth, the C function).
`PlainParagraph.breakLines` does the same arithmetic, in the same order, for the case where
none of reportlab's special treatments can apply (no hyphenation, no soft hyphens, no
right-to-left or shaped text, no word wider than a line), with each distinct word measured
once per font and size; anything else goes to reportlab's own. The lines, their widths and
so the drawn page are reportlab's, to the last bit.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.rl_accel import instanceStringWidthTTF
from reportlab.pdfbase.pdfmetrics import getAscentDescent, getFont
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph
from reportlab.platypus.paragraph import (  # type: ignore[attr-defined]  # not in the stubs
    _handleBulletWidth,
    split,
    strip,
)

_SOFT_HYPHEN = "\xad"


def _simple_style(style: Any) -> bool:
    """Whether reportlab would take none of its special paths for a paragraph in `style`."""
    return not (
        style.wordWrap
        or style.shaping
        or style.endDots
        or style.hyphenationLang
        or style.uriWasteReduce
        or style.embeddedHyphenation
    )


# (font name, size, encoding) -> (the font, its words' widths)
_WIDTHS: dict[tuple[str, float, str], tuple[Any, dict[str, float]]] = {}
_WIDTHS_LIMIT = 200_000  # words kept per font and size; a briefing uses a few thousand


def _word_widths(words: list[str], font_name: str, size: float, encoding: str) -> list[float]:
    """The widths of `words` and then of a space, as pdfmetrics.stringWidth gives them: each
    distinct word measured once per font and size (most words of a text come back often)."""
    font = getFont(font_name)
    key = (font_name, size, encoding)
    entry = _WIDTHS.get(key)
    if entry is None or entry[0] is not font or len(entry[1]) > _WIDTHS_LIMIT:
        entry = _WIDTHS[key] = (font, {})  # a name registered anew starts afresh
    known = entry[1]
    words = [*words, " "]
    new = set(words).difference(known)
    if new:
        if type(font).stringWidth is TTFont.stringWidth:  # reportlab's own: the C function
            for word in new:
                known[word] = instanceStringWidthTTF(font, word, size, encoding)
        else:
            for word in new:
                known[word] = font.stringWidth(word, size, encoding)
    return list(map(known.__getitem__, words))


class PlainParagraph(Paragraph):
    """A Paragraph that breaks one plain run of text into lines quickly (module docstring)."""

    def breakLines(self, width: Any) -> Any:
        frags = self.frags
        style = self.style
        if (
            len(frags) != 1
            or not isinstance(width, list)
            or not _simple_style(style)
        ):
            return super().breakLines(width)
        frag = frags[0]
        text = getattr(frag, "text", None)
        if (
            not isinstance(text, str)
            or _SOFT_HYPHEN in text
            or hasattr(frag, "cbDefn")
            or hasattr(frag, "backColor")
        ):
            return super().breakLines(width)
        font_name, font_size = frag.fontName, frag.fontSize
        text = strip(text)
        words = split(text) if text else []
        max_widths = list(width)
        _handleBulletWidth(self.bulletText, style, max_widths)  # on a copy: we may not go on
        widths = _word_widths(words, font_name, font_size, self.encoding)
        space_width = widths.pop()
        if style.splitLongWords and words and max(widths) > min(max_widths):
            return super().breakLines(width)  # a word to split across lines: reportlab's way
        # From here on as reportlab's breakLines for a single fragment, minus the branches
        # the checks above rule out.
        width[:] = max_widths  # reportlab adjusts the caller's list for the bullet
        self._width_max: float = 0
        self.height = 0
        self._splitLongWordCount = self._hyphenations = 0
        ascent, descent = getAscentDescent(font_name, font_size)
        if not text:
            return frag.clone(kind=0, lines=[], ascent=ascent, descent=descent, fontSize=font_size)
        space_shrink = style.spaceShrinkage * space_width
        last_line = len(max_widths) - 1
        lines = []
        line: list[str] = []
        current = -space_width  # reportlab's "hack to get around extra space for word 1"
        number = 0
        max_width = max_widths[0]
        width_max: float = 0
        for word, word_width in zip(words, widths, strict=True):
            new_width = current + space_width + word_width
            if new_width <= max_width + space_shrink * len(line) or not line:
                if word:
                    line.append(word)
                current = new_width
            else:
                if current > width_max:
                    width_max = current
                lines.append((max_width - current, line))
                line = [word]
                current = word_width
                number += 1
                max_width = max_widths[min(last_line, number)]
        if line:
            if current > width_max:
                width_max = current
            lines.append((max_width - current, line))
        self._width_max = width_max
        return frag.clone(kind=0, lines=lines, ascent=ascent, descent=descent, fontSize=font_size)

