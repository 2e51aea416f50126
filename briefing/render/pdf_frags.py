"""Paragraph fragments for the PDF writer made without reportlab's markup parser.

reportlab's Paragraph parses its markup with an HTML parser into fragments (ParaFrag: a run
of text with its font, size, colour and link). For text in the writer's own looks that needs
no fallback font, the fragments are predictable: one per run of plain text between tags, one
per tagged piece, each a copy of what the parser makes of that look. `FragMaker` parses each
look once per paragraph style (a template) and copies it for every piece, which for a list of
sources (several looks and a link per entry) is most of their cost. It answers only where the
parser could not do otherwise: no characters the parser treats specially (entities, tags,
line breaks), whitespace the parser's clean-up leaves as it is, every character in the face
the look draws with; for anything else the writer parses the markup as before.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus.paraparser import ParaFrag, ParaParser

# Every whitespace character but the plain space, reportlab's (paragraph._wsc, which has the
# zero-width space) and Python's (which has the no-break space), as one character class: the
# parser's clean-up of a text's whitespace leaves a text without them and without double
# spaces as it is.
ODD_SPACES = (
    "\t\n\x0b\x0c\r\x1c-\x1f\x85\xa0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000"
)
# what the parser or its clean-up would treat in a way of its own: those, and entities and
# tags (escaped as &amp; &lt; &gt;)
_SPECIAL = re.compile(f"[&<>\\x00{ODD_SPACES}]")
# what may not stand in a link target or a colour written as an attribute value
_SPECIAL_ATTRIBUTE = re.compile("[&<>\"'\\s\\x00]")

Look = tuple[bool, bool, bool, str, bool]  # bold, italic, link, colour, small
_PLAIN: Look = (False, False, False, "", False)


class FragMaker:
    """Fragments for one Markup's pieces (see the module docstring)."""

    def __init__(
        self,
        sample_markup: Callable[[Look, str], str],
        draws: Callable[[str, str], bool],
    ) -> None:
        # the markup of the one-letter text "x" in a look, in a paragraph of a base face
        self._sample_markup = sample_markup
        self._draws = draws  # does the main family's face (a face style) draw the text
        # (id(style), base face, look) -> (style, the parser's fragment for the look)
        self._templates: dict[tuple[int, str, Look], tuple[ParagraphStyle, ParaFrag | None]] = {}

    def frags(
        self, pieces: Sequence[Any], style: ParagraphStyle, base: str
    ) -> list[ParaFrag] | None:
        """The fragments the parser makes of `pieces`' markup in `style` (whose face is
        `base`), or None when they are not certain to be these."""
        if getattr(style, "textTransform", None):
            return None
        frags: list[ParaFrag | None] = []
        plain: list[str] = []  # the plain pieces since the last tag: one run of text
        links = 0
        for piece in pieces:
            text = piece.text
            if not text:
                continue  # no markup at all
            if _SPECIAL.search(text):
                return None
            face = piece.face(base)
            if not self._draws(text, face):
                return None  # a fallback font's run: the markup names it
            look: Look = (piece.bold, piece.italic, bool(piece.href), piece.colour, piece.small)
            if look == _PLAIN:
                plain.append(text)
                continue
            if _SPECIAL_ATTRIBUTE.search(piece.href) or _SPECIAL_ATTRIBUTE.search(piece.colour):
                return None
            if plain:
                frags.append(self._frag(style, base, _PLAIN, plain))
                plain = []
            link = [(links, piece.href)] if piece.href else []
            links += bool(piece.href)
            frags.append(self._frag(style, base, look, [text], link))
        if plain:
            frags.append(self._frag(style, base, _PLAIN, plain))
        made = [frag for frag in frags if frag is not None]
        if not made or len(made) < len(frags):
            return None
        # the parser's clean-up strips the whole markup and collapses runs of spaces; runs
        # that meet at a tag are apart in the markup and stay as they are
        if made[0].text[:1] == " " or made[-1].text[-1:] == " ":
            return None
        if any("  " in frag.text for frag in made):
            return None
        return made

    def _frag(
        self,
        style: ParagraphStyle,
        base: str,
        look: Look,
        texts: list[str],
        link: list[tuple[int, str]] | None = None,
    ) -> ParaFrag | None:
        template = self._template(style, base, look)
        if template is None:
            return None
        return template.clone(text="".join(texts), link=link or [], us_lines=[])

    def _template(self, style: ParagraphStyle, base: str, look: Look) -> ParaFrag | None:
        """The parser's one fragment for a sample text in `look`, parsed once per style."""
        key = (id(style), base, look)
        entry = self._templates.get(key)
        if entry is None or entry[0] is not style:
            _, frags, _ = ParaParser().parse(self._sample_markup(look, base), style)
            usable = len(frags) == 1 and frags[0].text == "x" and not frags[0].us_lines
            entry = (style, frags[0] if usable else None)
            self._templates[key] = entry
        return entry[1]
