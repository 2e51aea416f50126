"""Runs in another language inside a PDF paragraph: a Russian title in a Sources entry, an
inline quote from an Arabic article in English commentary. Each is drawn inside marked content
that names its language, ``/Span <</Lang (ru)>> BDC … EMC`` (ISO 32000-1, 14.9.2), as a whole
quote in another language is (pdf_flowables.Ruled, DeferredCanvas.begin_language), so a
screen reader or a spelling tool reads it in its own language.

How: the paragraph's markup carries a zero-width ``<onDraw>`` marker wherever its language
changes (`marked_markup`). reportlab calls a marker's callback while it draws the line, between
the text-showing operators of the paragraph's text object, and the callback closes the span
open there and opens the next one in that text object's code (`LanguageText`). A span's BDC
and EMC are thus always inside one BT … ET, as the standard requires of marked content that
starts inside a text object, and a span that runs on over a line break stays open across it.
A paragraph broken across pages is drawn as two paragraphs, each in its own text object: a text
object closes what is open at its end, and the part after the break opens again what was open
where the part before it ended (`SpannedParagraph.split`), so every page's BDCs and EMCs pair.

A run in the language of the span around the whole paragraph (a quote's) gets no span of its
own; one in another language nests inside it. Only paragraphs with such runs take this path:
every other paragraph is laid out and drawn as before, to the byte.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from reportlab.pdfgen.canvas import Canvas

from briefing.render.pdf_lines import PlainParagraph
from briefing.render.pdf_shaping import ActualTextObject

# A BCP 47 tag as a PDF string can hold it unescaped (what DeferredCanvas.begin_language takes)
LANGUAGE_TAG = re.compile(r"[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*")

_MARK = "bb_language"  # the name of the markers' callback on the canvas


def language_marker(tag: str) -> str:
    """The markup of a marker after which the text is in language `tag` ("" for the
    paragraph's own)."""
    if not LANGUAGE_TAG.fullmatch(tag):
        tag = ""
    return f'<onDraw name="{_MARK}" label="{tag}"/>'


def marked_markup(parts: Iterable[tuple[str, str]]) -> str:
    """The markup of (language, markup) parts, in order, with a marker wherever the language
    changes and one after the last part when that is not in the paragraph's own language."""
    out: list[str] = []
    current = ""
    for language, markup in parts:
        if language != current:
            out.append(language_marker(language))
            current = language
        out.append(markup)
    if current:
        out.append(language_marker(""))
    return "".join(out)


class LanguageText(ActualTextObject):
    """The text object of a paragraph with runs in other languages: it keeps the one run's
    span that may be open in it (a paragraph's runs do not nest) and closes it at its end."""

    def __init__(self, canvas: Canvas, x: float, y: float, start: str = "") -> None:
        super().__init__(canvas, x, y)
        self.language = ""  # the language of the span open in this text object, if any
        if start:
            self.set_language(start)

    def set_language(self, tag: str) -> None:
        """The text from here on is in language `tag` ("" for the paragraph's own)."""
        enclosing: Any = getattr(self._canvas, "open_languages", None)  # type: ignore[attr-defined]
        if not LANGUAGE_TAG.fullmatch(tag) or (
            enclosing and enclosing[-1].lower() == tag.lower()
        ):
            tag = ""  # the language of the whole paragraph's span already
        if tag == self.language:
            return
        code: list[str] = self._code
        if self.language:
            code.append("EMC")
        if tag:
            code.append(f"/Span <</Lang ({tag})>> BDC")
        self.language = tag

    def getCode(self) -> str:
        self.set_language("")  # the paragraph, or its part on this page, ends here
        return str(super().getCode())


def _on_marker(canvas: Any, kind: str, label: str | None) -> None:
    """A marker's callback (reportlab's onDraw): its text object is the one drawing."""
    tx = canvas._curr_tx_info["tx"]
    if isinstance(tx, LanguageText):
        tx.set_language(label or "")


def _language_after(paragraph: Any, start: str) -> str:
    """The language open at the end of a laid-out paragraph that began in `start`."""
    language = start
    for line in paragraph.blPara.lines:
        for frag in getattr(line, "words", ()):
            marker = getattr(frag, "cbDefn", None)
            if marker is not None and getattr(marker, "name", None) == _MARK:
                language = marker.label or ""
    return language


class SpannedParagraph(PlainParagraph):
    """A paragraph whose markup has language markers (`marked_markup`)."""

    # the language open where this paragraph begins: "" but for the part after a page break
    start_language = ""

    def draw(self) -> None:
        canvas: Any = self.canv
        if canvas.getNamedCB(_MARK) is None:
            canvas.setNamedCB(_MARK, _on_marker)
        super().draw()

    def beginText(self, x: float, y: float) -> LanguageText:
        return LanguageText(self.canv, x, y, self.start_language)

    def split(self, avail_width: float, avail_height: float) -> Any:
        parts: list[Any] = super().split(avail_width, avail_height)
        if len(parts) == 2:
            first, rest = parts
            first.start_language = self.start_language
            rest.start_language = _language_after(first, self.start_language)
        return parts
