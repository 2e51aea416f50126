"""A Word-like page layout of a finished DOCX body, to know on which page each paragraph lands.

Word fills a table of contents' page numbers only when the user updates the field; to show them
on open the writer must compute them itself. This module lays the body out the way Word and
LibreOffice do, from the document's own properties (not from the PDF writer, whose styles are
its own): page size and margins from the section, paragraph and run properties resolved through
the style hierarchy (document defaults, basedOn chains, character styles, direct formatting:
briefing.render.docx_stylesheet), and text measured with the advance widths of the fonts the
runs name, per script slot (w:ascii/w:hAnsi, w:eastAsia, w:cs) as Word picks them
(briefing.render.docx_measure).

What is modelled: line breaking at spaces (and between CJK characters), indents (first line,
hanging), tab stops (explicit, the hanging indent's implicit stop, default stops; right tabs),
line spacing (auto, exact, at least) from each font's Windows ascent and descent, spacing before
and after (added, as Word does; dropped between same-style paragraphs with contextual spacing;
dropped at the top of a page after a natural page break), paragraph borders, inline images,
a page's last line whose extra leading (line spacing above single) may hang below the bottom
margin as LibreOffice lets it (measured: without this, one heading in six landed a page late),
page breaks before, keep with next, keep lines together, and widow/orphan control where a style
asks for it; a framed paragraph takes no room in the flow. Not modelled: kerning,
justification, hyphenation, tables, floating objects,
footnotes. The estimate is checked against LibreOffice in the tests (see tests/render).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from briefing.render import docx_measure as measure
from briefing.render.docx_measure import RunLook
from briefing.render.docx_stylesheet import StyleSheet, twips
from briefing.render.docx_xml import w

_DRAWING = w("drawing")
_EXTENT = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}extent"
_EMU_PER_TWIP = 635


# ---- paragraphs into lines -----------------------------------------------------------------------
@dataclass
class _Piece:
    kind: str  # "text" | "tab" | "break" | "box"
    text: str = ""
    look: RunLook = field(default_factory=RunLook)
    width: float = 0.0  # twips, for boxes
    height: float = 0.0  # twips, for boxes


_PPR = w("pPr")
_R, _RPR, _T, _TAB, _BR, _CR = w("r"), w("rPr"), w("t"), w("tab"), w("br"), w("cr")
_FLDCHAR, _FLDCHARTYPE = w("fldChar"), w("fldCharType")


def _pieces(p: etree._Element, sheet: StyleSheet, style_id: str | None) -> list[_Piece]:
    pieces: list[_Piece] = []
    field_depth: list[str] = []  # per open field: "instr" until its separator, then "result"
    for r in p.iter(_R):
        look = sheet.run_look(style_id, r.find(_RPR))
        for child in r:
            tag = child.tag
            if tag == _FLDCHAR:
                kind = child.get(_FLDCHARTYPE)
                if kind == "begin":
                    field_depth.append("instr")
                elif kind == "separate" and field_depth:
                    field_depth[-1] = "result"
                elif kind == "end" and field_depth:
                    field_depth.pop()
                continue
            if field_depth and field_depth[-1] == "instr":
                continue
            if tag == _T:
                pieces.append(_Piece("text", child.text or "", look))
            elif tag == _TAB:
                pieces.append(_Piece("tab", look=look))
            elif tag in (_BR, _CR):
                pieces.append(_Piece("break", look=look))
            elif tag == _DRAWING:
                extent = next(child.iter(_EXTENT), None)
                if extent is not None:
                    pieces.append(_Piece(
                        "box", look=look,
                        width=int(extent.get("cx", "0")) / _EMU_PER_TWIP,
                        height=int(extent.get("cy", "0")) / _EMU_PER_TWIP,
                    ))  # fmt: skip
    return pieces


@dataclass
class ParagraphLayout:
    lines: list[float]  # line heights, twips
    before: float
    after: float
    style: str | None
    props: dict[str, Any]
    slack: list[float] = field(default_factory=list)  # per line: its leading beyond single

    @property
    def body(self) -> float:
        return sum(self.lines)


def _next_tab(x: float, props: dict[str, Any], default_tab: int) -> tuple[float, str]:
    stops = sorted(props.get("tabs", {}).items())
    for pos, kind in stops:
        if pos > x + 1:
            return float(pos), kind
    left = props.get("left", 0)
    if props.get("hanging", 0) and x + 1 < left:
        return float(left), "left"
    return float((int(x) // default_tab + 1) * default_tab), "left"


def layout_paragraph(
    p: etree._Element, sheet: StyleSheet, text_width: float
) -> ParagraphLayout:
    style_id, props, mark_look = sheet.paragraph_setup(p.find(_PPR))
    if props.get("framed"):  # in a frame of its own (the cover's foot): not in the flow
        return ParagraphLayout([0.0], 0.0, 0.0, style_id, props, [0.0])
    left, right = props.get("left", 0), props.get("right", 0)
    first = props.get("firstLine", 0) - props.get("hanging", 0)
    numbered = props.get("numbered", False)
    if numbered:
        first = 0  # the bullet sits in the hanging indent; the text starts at the indent

    line_rule, line_value = props.get("lineRule", "auto"), props.get("line", 240)

    def finish(natural: float) -> float:
        if line_rule == "exact":
            return float(line_value)
        if line_rule == "atLeast":
            return max(natural, float(line_value))
        return float(round(natural * line_value / 240))  # LibreOffice and Word count in twips

    lines: list[float] = []
    slack: list[float] = []

    def add_line(natural: float) -> None:
        lines.append(finish(natural))
        slack.append(max(lines[-1] - natural, 0.0))

    start = left + first
    x, height, empty = start, 0.0, True
    limit = text_width - right

    def new_line() -> None:
        nonlocal x, height, empty
        add_line(height or measure.line_height(mark_look))
        x, height, empty = float(left), 0.0, True

    def place(word: str, widths: measure.CharacterWidths, text_height: float) -> None:
        """One word at the pen, on a new line if it does not fit, split if it is wider than
        a whole line."""
        nonlocal x, height, empty
        width = widths.measure(word.rstrip(" "))
        if not empty and x + width > limit:
            new_line()
        while empty and x + width > limit and len(word) > 1:
            # A word wider than the line is split where it overflows.
            cut = len(word)
            while cut > 1 and x + widths.measure(word[:cut]) > limit:
                cut -= 1
            height = max(height, text_height)
            new_line()
            word = word[cut:]
            width = widths.measure(word.rstrip(" "))
        x += widths.measure(word) if word.endswith(" ") else width
        height, empty = max(height, text_height), False

    pieces = _pieces(p, sheet, style_id)
    for index, piece in enumerate(pieces):
        if piece.kind == "break":
            height = max(height, measure.line_height(piece.look))
            new_line()
            continue
        if piece.kind == "tab":
            pos, kind = _next_tab(x, props, sheet.default_tab)
            if kind in ("right", "end"):
                following = 0.0
                for nxt in pieces[index + 1 :]:
                    if nxt.kind != "text":
                        break
                    following += measure.text_width(nxt.text, nxt.look)
                pos = max(x, min(pos, limit) - following)
            elif pos > limit:
                new_line()
                continue
            x, empty = pos, False
            height = max(height, measure.line_height(piece.look))
            continue
        if piece.kind == "box":
            if not empty and x + piece.width > limit:
                new_line()
            x += piece.width
            height, empty = max(height, piece.height), False
            continue
        text_height = measure.line_height(piece.look)
        widths = measure.text_widths(piece.look)

        if not widths.additive:
            for word in measure.break_opportunities(piece.text):
                place(word, widths, text_height)
            continue
        # The same filling, a line at a time: from the prefix widths, bisect finds how many
        # of the next words fit, instead of measuring and placing each word in turn.
        text = piece.text
        ends, stripped = measure.word_ends(text)
        prefix = widths.cumulative(text)
        tops = [prefix[end] for end in stripped]
        count, k = len(ends), 0
        while k < count:
            begin = ends[k - 1] if k else 0
            base = x - prefix[begin]
            if empty:
                if base + tops[k] > limit and ends[k] - begin > 1:
                    place(text[begin : ends[k]], widths, text_height)  # too wide: split
                    k += 1
                    continue
                fits = max(k + 1, bisect_right(tops, limit - base, k + 1))
            else:
                fits = bisect_right(tops, limit - base, k)
            if fits > k:
                x = base + prefix[ends[fits - 1]]
                height, empty = max(height, text_height), False
            if fits < count:
                new_line()
            k = fits
    if not empty or not lines:
        add_line(height or measure.line_height(mark_look))
    # Borders belong to the paragraph's first and last lines; spacing is shared with the
    # neighbours (the larger of one's after and the next one's before).
    lines[0] += props.get("border_top", 0)
    lines[-1] += props.get("border_bottom", 0)
    before = float(props.get("before", 0))
    after = float(props.get("after", 0))
    return ParagraphLayout(lines, before, after, style_id, props, slack)


# ---- paragraphs onto pages --------------------------------------------------------------------
@dataclass(frozen=True)
class PageFrame:
    """The body area of a page, in twips."""

    width: float
    height: float


def page_frame(section: etree._Element) -> PageFrame:
    size, margins = section.find(w("pgSz")), section.find(w("pgMar"))
    page_w, page_h = twips(size, "w") or 11906, twips(size, "h") or 16838
    top, bottom = abs(twips(margins, "top") or 1440), abs(twips(margins, "bottom") or 1440)
    left, right = twips(margins, "left") or 1440, twips(margins, "right") or 1440
    return PageFrame(float(page_w - left - right), float(page_h - top - bottom))


def paginate(
    paragraphs: Sequence[etree._Element],
    sheet: StyleSheet,
    frame: PageFrame,
    trace: list[tuple[int, int, int]] | None = None,
    layouts: Sequence[ParagraphLayout] | None = None,
) -> list[int]:
    """The page (1-based) on which each paragraph's first line lands; `trace` (for checking
    the estimate) receives (page, paragraph index, line index) for every line. `layouts`, the
    paragraphs' lines laid out earlier (`layout_paragraph`), spares laying them out again."""
    if layouts is None:
        layouts = [layout_paragraph(p, sheet, frame.width) for p in paragraphs]
    pages: list[int] = []
    page, y = 1, 0.0
    fresh = True  # nothing on the page yet
    previous: ParagraphLayout | None = None
    for index, item in enumerate(layouts):
        props = item.props
        hard_break = bool(props.get("pageBreakBefore")) and index > 0
        if hard_break:
            page, y, fresh = page + 1, 0.0, True
        gap = _gap(previous, item)
        if fresh and not hard_break and index > 0:
            gap = 0.0  # space before is dropped at the top of a page after a natural break
        elif fresh:
            gap = item.before
        needed = _kept_height(layouts, index, gap)
        if not fresh and y + needed - _last_slack(layouts, index) > frame.height and (
            needed - gap <= frame.height
        ):
            page, y, fresh = page + 1, 0.0, True
            gap = 0.0
        y += gap
        widow = props.get("widowControl", True)  # Word and LibreOffice default to on
        lines, done, first_page = item.lines, 0, page
        while done < len(lines):
            fit, room = 0, frame.height - y
            while done + fit < len(lines) and (
                lines[done + fit] - item.slack[done + fit] <= room or (fresh and fit == 0)
            ):
                room -= lines[done + fit]
                fit += 1
            left = len(lines) - done - fit
            if widow and left == 1 and fit >= 2:
                fit -= 1  # the last line does not go over alone
            if widow and left and fit == 1 and done == 0 and len(lines) > 1 and not fresh:
                fit = 0  # nor does the first line stay behind alone
            for number in range(done, done + fit):
                if trace is not None:
                    trace.append((page, index, number))
                y += lines[number]
            if done == 0 and fit == 0:
                first_page = page + 1
            done += fit
            if done < len(lines):
                page, y, fresh = page + 1, 0.0, True
            else:
                fresh = False
        pages.append(first_page)
        previous = item
    return pages


def _last_slack(layouts: Sequence[ParagraphLayout], index: int) -> float:
    """The leading of the last line _kept_height counts for paragraph `index`."""
    for position in range(index, len(layouts)):  # not a slice: that copies the rest each time
        item = layouts[position]
        if not item.props.get("keepNext"):
            whole = item.props.get("keepLines") or len(item.lines) == 1
            return item.slack[-1] if whole else item.slack[0]
    return layouts[-1].slack[-1]


def _gap(previous: ParagraphLayout | None, item: ParagraphLayout) -> float:
    if previous is None:
        return item.before
    if item.props.get("contextualSpacing") and previous.style == item.style:
        return 0.0
    return max(previous.after, item.before)


def _kept_height(layouts: Sequence[ParagraphLayout], index: int, gap: float) -> float:
    """The height that must fit on the page for paragraph `index` to start here: its whole
    body if its lines are kept together (else its first line), plus, while it keeps with the
    next, the following paragraphs up to the first line of the first one that does not."""
    total = 0.0
    previous: ParagraphLayout | None = None
    for position in range(index, len(layouts)):
        item = layouts[position]
        props = item.props
        if previous is not None:
            if props.get("pageBreakBefore"):
                break
            gap = _gap(previous, item)
        keep_next = bool(props.get("keepNext"))
        whole = keep_next or props.get("keepLines") or len(item.lines) == 1
        total += gap + (item.body if whole else item.lines[0])
        if not keep_next:
            break
        previous = item
    return total
