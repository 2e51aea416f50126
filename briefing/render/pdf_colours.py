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
        # as _PDFColorSetter.setFillColor for a Color
        rgb = (aColor.red, aColor.green, aColor.blue)
        operator = _FILL.get(rgb)
        if operator is None:
            operator = _FILL[rgb] = f"{fp_str(rgb)} rg"
        self._fillColorObj = aColor
        self._code.append(operator)
        if alpha is not None:
            self.setFillAlpha(alpha)  # type: ignore[attr-defined]
        elif aColor.alpha is not None:
            self.setFillAlpha(aColor.alpha)  # type: ignore[attr-defined]

    def setStrokeColor(self, aColor: Any, alpha: Any = None) -> None:  # noqa: N803
        if type(aColor) is not Color or self._enforceColorSpace:
            super().setStrokeColor(aColor, alpha)  # type: ignore[misc]
            return
        rgb = (aColor.red, aColor.green, aColor.blue)
        operator = _STROKE.get(rgb)
        if operator is None:
            operator = _STROKE[rgb] = f"{fp_str(rgb)} RG"
        self._strokeColorObj = aColor
        self._code.append(operator)
        if alpha is not None:
            self.setStrokeAlpha(alpha)  # type: ignore[attr-defined]
        elif aColor.alpha is not None:
            self.setStrokeAlpha(aColor.alpha)  # type: ignore[attr-defined]


class CachedLineWidth:
    """A mixin for reportlab's canvas: its line width operator, formatted once per width."""

    _code: list[str]

    def setLineWidth(self, width: float) -> None:
        operator = _WIDTH.get(width)
        if operator is None:
            operator = _WIDTH[width] = f"{fp_str(width)} w"
        self._lineWidth = width
        self._code.append(operator)
