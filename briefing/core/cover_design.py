"""The cover's measures: one design that every format draws (briefing.render.pdf_flowables'
Cover on the PDF page, briefing.render.html's print CSS for the printed HTML), so the covers
of a briefing's PDF and its printed HTML match without either copying the other's numbers.

Lengths are in millimetres or points as a designer gives them; fractions are of the cover's
text area (the page inside its margins).
"""

from __future__ import annotations

from dataclasses import dataclass

MM = 72 / 25.4  # points per millimetre


@dataclass(frozen=True)
class CoverDesign:
    band_mm: float = 7.0  # the accent band down the page's left edge
    rule_mm: float = 42.0  # length of the accent rule over the title and of the marking's
    accent_rule_pt: float = 3.2
    marking_rule_pt: float = 0.8
    marking_rule_gap_pt: float = 3.0  # between the marking's rule and its text
    title_from_top: float = 0.34  # where the title block starts, down the text area
    after_rule_pt: float = 18.0
    after_title_pt: float = 10.0
    after_subtitle_pt: float = 14.0
    after_date_pt: float = 18.0
    main_width: float = 0.9  # the title block's width, of the text area's
    foot_width: float = 0.8  # who prepared it, at the foot
    foot_gap_pt: float = 2.0
    logo_box_mm: tuple[float, float] = (45.0, 18.0)  # the largest a logo is drawn

    def logo_size_pt(self, width_px: float, height_px: float) -> tuple[float, float]:
        """The logo's size on the cover: a pixel to a point, shrunk into the logo box (never
        enlarged), its proportions kept."""
        box_w, box_h = (side * MM for side in self.logo_box_mm)
        scale = min(box_w / width_px, box_h / height_px, 1.0)
        return width_px * scale, height_px * scale


COVER = CoverDesign()
