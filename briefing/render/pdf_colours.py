"""Colour operators for the PDF writer's canvas and text objects, formatted once per colour.

Every paragraph, rule, label and citation mark sets a colour: reportlab formats the colour's
three components as decimals (its C fp_str, which goes through the C library's printf) each
time, thousands of times for the handful of colours a theme has. `CachedColours` writes the
same operator from a table, for plain RGB colours, and leaves everything else (CMYK and
separations, an enforced colour space) to reportlab.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.colors import Color
from reportlab.lib.rl_accel import fp_str

_FILL: dict[tuple[float, float, float], str] = {}
_STROKE: dict[tuple[float, float, float], str] = {}
_WIDTH: dict[float, str] = {}


class CachedColours:
    """A mixin for reportlab's canvas and text objects (their _PDFColorSetter methods)."""

    _code: list[str]
    _enforceColorSpace: Any  # noqa: N815 (reportlab's name)

    def setFillColor(self, aColor: Any, alpha: Any = None) -> None:  # noqa: N803
        if type(aColor) is not Color or self._enforceColorSpace:
            super().setFillColor(aColor, alpha)  # type: ignore[misc]
            return
        self._fillColorObj = aColor
        self._set_colour(aColor, alpha, _FILL, "rg", "setFillAlpha")

    def setStrokeColor(self, aColor: Any, alpha: Any = None) -> None:  # noqa: N803
        if type(aColor) is not Color or self._enforceColorSpace:
            super().setStrokeColor(aColor, alpha)  # type: ignore[misc]
            return
        self._strokeColorObj = aColor
        self._set_colour(aColor, alpha, _STROKE, "RG", "setStrokeAlpha")

    def _set_colour(
        self, colour: Color, alpha: Any, table: dict[tuple[float, float, float], str],
        name: str, set_alpha: str,
    ) -> None:
        # as _PDFColorSetter.setFillColor / setStrokeColor for a Color
        rgb = (colour.red, colour.green, colour.blue)
        operator = table.get(rgb)
        if operator is None:
            operator = table[rgb] = f"{fp_str(rgb)} {name}"
        self._code.append(operator)
        if alpha is not None:
            getattr(self, set_alpha)(alpha)
        elif colour.alpha is not None:
            getattr(self, set_alpha)(colour.alpha)


class CachedLineWidth:
    """A mixin for reportlab's canvas: its line width operator, formatted once per width."""

    _code: list[str]

    def setLineWidth(self, width: float) -> None:
        operator = _WIDTH.get(width)
        if operator is None:
            operator = _WIDTH[width] = f"{fp_str(width)} w"
        self._lineWidth = width
        self._code.append(operator)
