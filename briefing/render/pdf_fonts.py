"""The PDF writer's fonts: a FontSet's faces registered with reportlab (once per process), as
font families so ``<b>`` and ``<i>`` pick the right face, each as an `EmbeddedFont`
(briefing.render.pdf_shaping) whose character maps read back."""

from __future__ import annotations

import re
import zlib

from reportlab.pdfbase import pdfmetrics

from briefing.core.fonts import (
    BOLD,
    BOLD_ITALIC,
    ITALIC,
    REGULAR,
    STYLES,
    FontError,
    FontFace,
    FontFamily,
    FontSet,
)
from briefing.render.pdf_shaping import EmbeddedFont
from briefing.render.pdf_shaping import install as install_shaping

_TTF_CACHE: dict[str, EmbeddedFont] = {}


def _register_face(face: FontFace, alias: bool = False) -> str:
    """Register one face with reportlab (once per process) and return its name there; an
    `alias` is the same face under a second name (see PdfFonts.fixed_name)."""
    stem = re.sub(r"[^A-Za-z0-9]", "", face.families[0])[:24] or "Font"
    name = f"BB-{stem}-{zlib.crc32(face.key.encode('utf-8')):08x}"
    if alias:
        # the same font object under a second name: one embedded font, whatever the name
        font = _TTF_CACHE[_register_face(face)]
        name += "-as-is"
        pdfmetrics._fonts[name] = font  # type: ignore[attr-defined]  # reportlab's registry
        _TTF_CACHE[name] = font
        return name
    if name not in _TTF_CACHE:
        try:
            font = EmbeddedFont(name, face.path, subfontIndex=face.index)
        except Exception as exc:  # reportlab raises assorted errors for fonts it cannot use
            raise FontError(f"{face.path}: cannot use the font in a PDF: {exc}") from None
        # Registered under its own name only. reportlab's registerFont would give the font
        # object already registered for the same face (by other code in the process, a plain
        # TTFont) where ours must be used, for its character maps (pdf_shaping.EmbeddedFont);
        # and it would make ours the object any later registration of the face gets, handing
        # other code (the benchmarks' plain-reportlab floor) our subclass.
        pdfmetrics._fonts[name] = font  # type: ignore[attr-defined]  # reportlab's registry
        pdfmetrics.registerFontFamily(name)  # as registerFont does for a TrueType font
        _TTF_CACHE[name] = font
    return name


class PdfFonts:
    """A FontSet's families registered with reportlab, four styles each, as font families so
    ``<b>`` and ``<i>`` inside a ``<font name=…>`` pick the right face.

    Only the main family is registered up front (the paragraph styles name its faces); a
    fallback family (the theme's, or any installed one: FontSet.family_for) is registered the
    first time some character needs it. Parsing a face is costly (the CJK fallback is a 17 MB
    file), and most documents never need a fallback.
    """

    def __init__(self, font_set: FontSet) -> None:
        install_shaping()  # before any paragraph is laid out
        self.font_set = font_set
        self.names: dict[str, dict[str, str]] = {}
        self.families: dict[str, FontFamily] = {}
        self._fixed: dict[str, FontFace] = {}
        self._register_family(font_set.main)

    def _register_family(self, family: FontFamily) -> dict[str, str]:
        names = {style: _register_face(family.face(style)) for style in STYLES}
        pdfmetrics.registerFontFamily(
            names[REGULAR],
            normal=names[REGULAR],
            bold=names[BOLD],
            italic=names[ITALIC],
            boldItalic=names[BOLD_ITALIC],
        )
        self.names[family.name] = names
        self.families[family.name] = family
        return names

    def name(self, family: FontFamily, style: str = REGULAR) -> str:
        names = self.names.get(family.name)
        if names is None:
            names = self._register_family(family)
        return names[style]

    def fixed_name(self, family: FontFamily, style: str = REGULAR) -> str:
        """A name that draws `family`'s `style` face inside any ``<b>``/``<i>``: the face
        registered once more as a family of its own (for the few characters only one face of
        a family has, such as emoji in a regular face under an italic quote)."""
        face = family.face(style)
        alias = _register_face(face, alias=True)
        if alias not in self._fixed:
            pdfmetrics.registerFontFamily(
                alias, normal=alias, bold=alias, italic=alias, boldItalic=alias
            )
            self._fixed[alias] = face
        return alias

    def main_name(self, style: str = REGULAR) -> str:
        return self.name(self.font_set.main, style)

    def embedded_faces(self) -> dict[str, FontFace]:
        """The faces registered so far (those the document has used), by reportlab name."""
        faces = {
            self.names[name][style]: family.face(style)
            for name, family in self.families.items()
            for style in STYLES
        }
        return {**faces, **self._fixed}
