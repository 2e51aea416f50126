"""Figures in the PDF: PNG and JPEG as they are, SVG drawn by resvg at 300 dpi.

SVG goes in as a picture, not as vector paths: svglib (the vector route) draws SVG text in
reportlab's standard fonts and silently drops what they lack (an Arabic label vanished in a
trial), while resvg shapes text with the installed fonts, and Word gets the same picture.
The picture and its caption are one unit on the page (a caption never starts a page alone);
the size comes from `blocks.figure_box`, the rule every writer follows.
"""

from __future__ import annotations

import io

from reportlab.lib.utils import ImageReader
from reportlab.platypus import Flowable

from briefing.core import blocks as b
from briefing.core.errors import ExportError
from briefing.core.images import SVG, SVG_DPI, ImageError, check_stored_image, svg_to_png


class Picture(Flowable):
    """A figure's picture at the text width (or less, by `figure_box`), left-aligned in RTL
    text too: a picture has no reading direction."""

    def __init__(self, figure: b.Figure, text_height: float):
        super().__init__()
        self.figure = figure
        self.text_height = text_height
        self.spaceBefore = 4
        self.spaceAfter = 2
        try:
            check_stored_image(figure.data, figure.mime, f"figure “{figure.alt}”")
        except ImageError as error:
            raise ExportError(str(error)) from None

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        f = self.figure
        self.width, self.height = b.figure_box(f.width, f.height, avail_width, self.text_height)
        return self.width, self.height

    def _picture(self) -> ImageReader:
        data = self.figure.data
        if self.figure.mime == SVG:  # 300 dpi at the size it is drawn: sharp in print
            data = svg_to_png(data, max(1, round(self.width / 72 * SVG_DPI)))
        return ImageReader(io.BytesIO(data))

    def draw(self) -> None:
        self.canv.drawImage(self._picture(), 0, 0, self.width, self.height, mask="auto")
