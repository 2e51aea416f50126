"""Line breaking for the PDF writer's plain paragraphs, without reportlab's per-word overhead.

Most of a briefing's paragraphs are one run of text in one font (a quote, an attribution, a
note): reportlab breaks them into lines with `Paragraph.breakLines`, which for every word pops
it off the front of a list, checks it for soft hyphens and split markers, and measures it
through three Python calls (pdfmetrics.stringWidth, the font's stringWidth, the C function).
`PlainParagraph.breakLines` does the same arithmetic, in the same order, for the case where
none of reportlab's special treatments can apply (no hyphenation, no soft hyphens, no
right-to-left or shaped text, no word wider than a line), with each distinct word measured
once per font and size; anything else goes to reportlab's own. A paragraph of several runs
(a sources entry: author, title, outlet in italics, a link) goes through reportlab's loop for
mixed lines, with each font's space and ascent measured once and fragments compared by their
attributes (reportlab's C sameFrag raises and clears an exception for each attribute a
fragment lacks). The lines, their widths and so the drawn page are reportlab's, to the last
bit (tests/render/test_pdf_lines.py compares them with reportlab's own).
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.rl_accel import instanceStringWidthTTF
from reportlab.pdfbase.pdfmetrics import getAscentDescent, getFont
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph
from reportlab.platypus.paragraph import (  # type: ignore[attr-defined]  # not in the stubs
    _FK_TEXT,
    FragLine,
    ParaLines,
    _getFragWords,
    _handleBulletWidth,
    _HSFrag,
    _SHYWord,
    _SplitFrag,
    split,
    stringWidth,
    strip,
)

_SOFT_HYPHEN = "\xad"


_SAME = ("fontName", "fontSize", "textColor", "rise", "us_lines", "link", "backColor", "nobr")
_MISSING = object()


def same_frag(f: Any, g: Any) -> bool:
    """reportlab's sameFrag (do two fragments look the same), from the fragments' own
    attributes: its C version asks for each attribute by name, and for every one a fragment
    lacks (most lack two or three) raises and clears an exception, some 5 microseconds a call;
    a list of sources makes thousands of calls."""
    fd, gd = f.__dict__, g.__dict__
    if "cbDefn" in fd or "lineBreak" in fd or "cbDefn" in gd or "lineBreak" in gd:
        return False
    for name in _SAME:
        a, b = fd.get(name, _MISSING), gd.get(name, _MISSING)
        if a is not b and a != b:
            return False
    return True


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
    """A Paragraph that breaks plain text into lines quickly (module docstring)."""

    def breakLines(self, width: Any) -> Any:
        if isinstance(width, list) and _simple_style(self.style):
            frags = self.frags
            if len(frags) == 1:
                para = self._break_run(width)
            else:
                para = self._break_runs(width) if len(frags) > 1 else None
            if para is not None:
                return para
        return super().breakLines(width)

    def _break_run(self, width: list[float]) -> Any:
        """breakLines for one fragment of plain text; None for reportlab's own."""
        style = self.style
        frag = self.frags[0]
        text = getattr(frag, "text", None)
        if (
            not isinstance(text, str)
            or _SOFT_HYPHEN in text
            or hasattr(frag, "cbDefn")
            or hasattr(frag, "backColor")
        ):
            return None
        font_name, font_size = frag.fontName, frag.fontSize
        text = strip(text)
        words = split(text) if text else []
        max_widths = list(width)
        _handleBulletWidth(self.bulletText, style, max_widths)  # on a copy: we may not go on
        widths = _word_widths(words, font_name, font_size, self.encoding)
        space_width = widths.pop()
        if style.splitLongWords and words and max(widths) > min(max_widths):
            return None  # a word to split across lines: reportlab's way
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


    def _break_runs(self, width: list[float]) -> Any:
        """breakLines for several fragments of plain text (the runs of a sources entry, a key
        judgment with its citations): reportlab's loop for kind 1 lines, minus the branches
        its preconditions rule out, with each font's ascent, descent and space measured once
        (reportlab measures the space of every run on the line again for every word: most of
        the time of a list of sources). None for reportlab's own."""
        style = self.style
        frags = self.frags
        for frag in frags:
            text = getattr(frag, "text", None)
            if (
                not isinstance(text, str)
                or _SOFT_HYPHEN in text
                or isinstance(frag, list)  # already broken into words (a split's part)
                or hasattr(frag, "cbDefn")
                or hasattr(frag, "lineBreak")
            ):
                return None
        max_widths = list(width)
        _handleBulletWidth(self.bulletText, style, max_widths)  # on a copy: we may not go on
        fwords = _getFragWords(frags, max_widths[0])
        if style.splitLongWords and any(w[0] > min(max_widths) for w in fwords):
            return None  # a word to split across lines: reportlab's way
        for w in fwords:
            if isinstance(w, (_SplitFrag, _SHYWord)):
                return None
        width[:] = max_widths  # reportlab adjusts the caller's list for the bullet
        self._width_max = 0
        self.height = 0
        self._splitLongWordCount = self._hyphenations = 0

        ascents: dict[tuple[str, float], tuple[float, float]] = {}
        spaces: dict[tuple[str, float], float] = {}

        def ascent_descent(name: str, size: float) -> tuple[float, float]:
            found = ascents.get((name, size))
            if found is None:
                found = ascents[(name, size)] = getAscentDescent(name, size)
            return found

        def space(name: str, size: float) -> float:
            found = spaces.get((name, size))
            if found is None:
                found = spaces[(name, size)] = stringWidth(" ", name, size)
            return found

        shrinkage = style.spaceShrinkage
        last_line = len(max_widths) - 1
        lines: list[Any] = []
        line: list[Any] = []
        taken: list[Any] = []  # reportlab's FW: the words taken so far
        first_word = 0  # reportlab's sFW
        number = 0
        max_width = max_widths[0]
        n = 0
        space_width: float = 0
        current: float = 0
        max_size: float = 0
        max_ascent: float = 0
        min_descent: float = 0
        g: Any = None
        g_from: Any = None  # the fragment g is a copy of
        for w in fwords:
            taken.append(w)
            f = w[-1][0]
            font_name = f.fontName
            font_size = f.fontSize
            if not line:
                n = space_width = current = 0
                max_size = font_size
                max_ascent, min_descent = ascent_descent(font_name, font_size)
            word_width = w[0]
            f = w[1][0]
            new_width = current + space_width + word_width if word_width > 0 else current
            limit = max_width
            if shrinkage:
                shrink = space_width
                for wi in line:
                    if wi._fkind == _FK_TEXT:
                        spaces_in = wi.text.count(" ")
                        if spaces_in:
                            shrink += spaces_in * space(wi.fontName, wi.fontSize)
                shrink *= shrinkage
                limit += shrink
            if not (new_width > limit and n > 0):
                text = w[1][1]
                if text:
                    n += 1
                font_size = f.fontSize
                ascent, descent = ascent_descent(f.fontName, font_size)
                max_size = max(max_size, font_size)
                max_ascent = max(max_ascent, ascent)
                min_descent = min(min_descent, descent)
                if not line:
                    g = f.clone()
                    g_from = f
                    line = [g]
                    g.text = text
                elif not (f is g_from or same_frag(g, f)):  # a copy of f: the same look
                    if space_width:
                        i = len(line) - 1
                        while i >= 0:
                            wi = line[i]
                            i -= 1
                            if wi._fkind == _FK_TEXT:
                                if not wi.text.endswith(" "):
                                    wi.text += " "
                                break
                    g = f.clone()
                    g_from = f
                    line.append(g)
                    g.text = text
                elif space_width:
                    if not g.text.endswith(" "):
                        g.text += " " + text
                    else:
                        g.text += text
                else:
                    g.text += text
                space_width = space(font_name, font_size) if isinstance(w, _HSFrag) else 0
                some = 0
                for part in w[2:]:
                    g = part[0].clone()
                    g_from = part[0]
                    g.text = part[1]
                    if g.text:
                        some = 1
                    line.append(g)
                    font_size = g.fontSize
                    ascent, descent = ascent_descent(g.fontName, font_size)
                    max_size = max(max_size, font_size)
                    max_ascent = max(max_ascent, ascent)
                    min_descent = min(min_descent, descent)
                if not text and some:
                    n += 1
                current = new_width
            else:
                if current > self._width_max:
                    self._width_max = current
                lines.append(FragLine(
                    extraSpace=max_width - current, wordCount=n, lineBreak=False, words=line,
                    fontSize=max_size, ascent=max_ascent, descent=min_descent,
                    maxWidth=max_width, sFW=first_word,
                ))
                first_word = len(taken) - 1
                number += 1
                max_width = max_widths[min(last_line, number)]
                space_width = space(font_name, font_size) if isinstance(w, _HSFrag) else 0
                current = word_width
                n = 1
                g = f.clone()
                g_from = f
                max_size = g.fontSize
                max_ascent, min_descent = ascent_descent(g.fontName, max_size)
                line = [g]
                g.text = w[1][1]
                for part in w[2:]:
                    g = part[0].clone()
                    g_from = part[0]
                    g.text = part[1]
                    line.append(g)
                    font_size = g.fontSize
                    ascent, descent = ascent_descent(g.fontName, font_size)
                    max_size = max(max_size, font_size)
                    max_ascent = max(max_ascent, ascent)
                    min_descent = min(min_descent, descent)
        if line:
            if current > self._width_max:
                self._width_max = current
            lines.append(FragLine(
                extraSpace=max_width - current, wordCount=n, lineBreak=False, words=line,
                fontSize=max_size, ascent=max_ascent, descent=min_descent, maxWidth=max_width,
                sFW=first_word,
            ))
        self.frags = taken
        return ParaLines(kind=1, lines=lines)
