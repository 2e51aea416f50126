"""A Word-like page layout of a finished DOCX body, to know on which page each paragraph lands.

Word fills a table of contents' page numbers only when the user updates the field; to show them
on open the writer must compute them itself. This module lays the body out the way Word and
LibreOffice do, from the document's own properties (not from the PDF writer, whose styles are
its own): page size and margins from the section, paragraph and run properties resolved through
the style hierarchy (document defaults, basedOn chains, character styles, direct formatting),
and text measured with the advance widths of the fonts the runs name (fontTools), per script
slot (w:ascii/w:hAnsi, w:eastAsia, w:cs) as Word picks them.

What is modelled: line breaking at spaces (and between CJK characters), indents (first line,
hanging), tab stops (explicit, the hanging indent's implicit stop, default stops; right tabs),
line spacing (auto, exact, at least) from each font's Windows ascent and descent, spacing before
and after (added, as Word does; dropped between same-style paragraphs with contextual spacing;
dropped at the top of a page after a natural page break), paragraph borders, inline images,
a page's last line whose extra leading (line spacing above single) may hang below the bottom
margin as LibreOffice lets it (measured: without this, one heading in six landed a page late),
page breaks before, keep with next, keep lines together, and widow/orphan control where a style
asks for it. Not modelled: kerning, justification, hyphenation, tables, floating objects,
footnotes. The estimate is checked against LibreOffice in the tests (see tests/render).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from lxml import etree

from briefing.core.fonts import resolve_family, style_of
from briefing.render.docx_xml import VAL, w

_DRAWING = w("drawing")
_EXTENT = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}extent"
_EMU_PER_TWIP = 635
_FALLBACK_FAMILIES = ("DejaVu Sans", "Liberation Sans", "Arial")


# ---- fonts ------------------------------------------------------------------------------------
@dataclass
class _Metrics:
    """Advance widths (in em) and line height (in em) of one face."""

    advances: dict[int, float]
    line_height: float
    default_advance: float = 0.55

    def covers(self, char: str) -> bool:
        return ord(char) in self.advances


_PLACEHOLDER = _Metrics({}, 1.17)


@cache
def _face_metrics(path: str, index: int) -> _Metrics:
    from fontTools.ttLib import TTFont

    try:
        with TTFont(path, fontNumber=index, lazy=True) as font:
            units = font["head"].unitsPerEm or 1000
            hmtx = font["hmtx"].metrics
            cmap = font.getBestCmap() or {}
            advances = {cp: hmtx[name][0] / units for cp, name in cmap.items() if name in hmtx}
            os2 = font.get("OS/2")
            if os2 is not None and os2.usWinAscent + os2.usWinDescent > 0:
                height = (os2.usWinAscent + os2.usWinDescent) / units
            else:
                hhea = font["hhea"]
                height = (hhea.ascent - hhea.descent + hhea.lineGap) / units
    except Exception:  # an unreadable font must not stop an export
        return _PLACEHOLDER
    return _Metrics(advances, height)


@cache
def font_metrics(family: str, bold: bool, italic: bool) -> _Metrics:
    """The metrics of `family`'s face for the style, or of a common fallback family."""
    for name in (family, *_FALLBACK_FAMILIES):
        resolved = resolve_family(name) if name else None
        if resolved is not None:
            face = resolved.face(style_of(bold, italic))
            return _face_metrics(face.path, face.index)
    return _PLACEHOLDER


def _slot(char: str, rtl: bool) -> str:
    """Which w:rFonts slot Word uses for `char`: "ascii", "eastAsia" or "cs"."""
    code = ord(char)
    if rtl or 0x0590 <= code <= 0x08FF or 0x0900 <= code <= 0x0DFF or 0x0E00 <= code <= 0x0EFF:
        return "cs"
    if (
        0x1100 <= code <= 0x11FF
        or 0x2E80 <= code <= 0xA4CF
        or 0xAC00 <= code <= 0xD7AF
        or 0xF900 <= code <= 0xFAFF
        or 0xFF00 <= code <= 0xFFEF
        or 0x20000 <= code <= 0x3FFFF
    ):
        return "eastAsia"
    return "ascii"


def _breaks_anywhere(char: str) -> bool:
    """CJK text breaks between any two characters."""
    return _slot(char, False) == "eastAsia" and unicodedata.east_asian_width(char) in "WF"


# ---- resolved properties ------------------------------------------------------------------------
@dataclass(frozen=True)
class RunLook:
    size: float = 10.0  # points
    bold: bool = False
    italic: bool = False
    caps: bool = False
    spacing: float = 0.0  # extra points per character
    fonts: tuple[tuple[str, str], ...] = ()  # (slot, family)
    rtl: bool = False

    def family(self, slot: str) -> str:
        return dict(self.fonts).get(slot, "")


def _on(element: etree._Element | None) -> bool | None:
    if element is None:
        return None
    return element.get(VAL, "true") not in ("0", "false", "off")


def _twips(element: etree._Element | None, attr: str) -> int | None:
    if element is None:
        return None
    value = element.get(w(attr))
    try:
        return int(float(value)) if value is not None else None
    except ValueError:
        return None


def _merge_run(props: dict[str, Any], rpr: etree._Element | None) -> None:
    if rpr is None:
        return
    for key, tag in (("bold", "b"), ("italic", "i"), ("caps", "caps"), ("rtl", "rtl")):
        value = _on(rpr.find(w(tag)))
        if value is not None:
            props[key] = value
    size = _twips(rpr.find(w("sz")), "val")
    if size:
        props["size"] = size / 2
    spacing = _twips(rpr.find(w("spacing")), "val")
    if spacing is not None:
        props["spacing"] = spacing / 20
    fonts = rpr.find(w("rFonts"))
    if fonts is not None:
        slots = dict(props.get("fonts", {}))
        for slot, attrs in (("ascii", ("ascii", "hAnsi")), ("eastAsia", ("eastAsia",)),
                            ("cs", ("cs",))):  # fmt: skip
            for attr in attrs:
                name = fonts.get(w(attr))
                if name:
                    slots[slot] = name
                    break
        props["fonts"] = slots


def _merge_paragraph(props: dict[str, Any], ppr: etree._Element | None) -> None:
    if ppr is None:
        return
    for key in ("keepNext", "keepLines", "pageBreakBefore", "widowControl", "contextualSpacing"):
        value = _on(ppr.find(w(key)))
        if value is not None:
            props[key] = value
    spacing = ppr.find(w("spacing"))
    for attr in ("before", "after", "line"):
        amount = _twips(spacing, attr)
        if amount is not None:
            props[attr] = amount
    if spacing is not None and spacing.get(w("lineRule")):
        props["lineRule"] = spacing.get(w("lineRule"))
    ind = ppr.find(w("ind"))
    for attr, key in (("left", "left"), ("start", "left"), ("right", "right"), ("end", "right"),
                      ("hanging", "hanging"), ("firstLine", "firstLine")):  # fmt: skip
        indent = _twips(ind, attr)
        if indent is not None:
            props[key] = indent
            if key == "hanging":
                props["firstLine"] = 0
            elif key == "firstLine":
                props["hanging"] = 0
    borders = ppr.find(w("pBdr"))
    if borders is not None:
        for edge in ("top", "bottom"):
            line = borders.find(w(edge))
            if line is not None and line.get(VAL) not in ("nil", "none"):
                props[f"border_{edge}"] = (_twips(line, "sz") or 0) * 20 / 8 + (
                    _twips(line, "space") or 0
                ) * 20
    tabs = ppr.find(w("tabs"))
    if tabs is not None:
        stops = dict(props.get("tabs", {}))
        for tab in tabs.iterchildren(w("tab")):
            pos = _twips(tab, "pos")
            if pos is None:
                continue
            if tab.get(VAL) == "clear":
                stops.pop(pos, None)
            else:
                stops[pos] = tab.get(VAL, "left")
        props["tabs"] = stops
    if ppr.find(w("numPr")) is not None:
        props["numbered"] = ppr.find(f"{w('numPr')}/{w('numId')}") is not None


class StyleSheet:
    """Resolves paragraph and run properties through a styles part."""

    def __init__(self, styles: etree._Element, default_tab: int = 720) -> None:
        self.default_tab = max(default_tab, 20)
        self._styles = {s.get(w("styleId")): s for s in styles.iterchildren(w("style"))}
        defaults = styles.find(w("docDefaults"))
        self._default_ppr = None if defaults is None else defaults.find(
            f"{w('pPrDefault')}/{w('pPr')}"
        )
        self._default_rpr = None if defaults is None else defaults.find(
            f"{w('rPrDefault')}/{w('rPr')}"
        )
        self._default_paragraph: str = next(
            (
                str(sid)
                for sid, style in self._styles.items()
                if style.get(w("type")) == "paragraph"
                and style.get(w("default")) in ("1", "true")
            ),
            "Normal",
        )
        self._paragraph_cache: dict[str, dict[str, Any]] = {}
        self._run_cache: dict[tuple[str, str], dict[str, Any]] = {}

    def _chain(self, style_id: str | None) -> list[etree._Element]:
        chain: list[etree._Element] = []
        seen: set[str] = set()
        while style_id and style_id not in seen and style_id in self._styles:
            seen.add(style_id)
            style = self._styles[style_id]
            chain.append(style)
            based = style.find(w("basedOn"))
            style_id = None if based is None else based.get(VAL)
        return chain[::-1]

    def paragraph(self, style_id: str | None) -> dict[str, Any]:
        key: str = style_id or self._default_paragraph
        if key not in self._paragraph_cache:
            props: dict[str, Any] = {}
            _merge_paragraph(props, self._default_ppr)
            for style in self._chain(key):
                _merge_paragraph(props, style.find(w("pPr")))
            self._paragraph_cache[key] = props
        return self._paragraph_cache[key]

    def run(self, paragraph_style: str | None, char_style: str | None) -> dict[str, Any]:
        key: tuple[str, str] = (paragraph_style or self._default_paragraph, char_style or "")
        if key not in self._run_cache:
            props: dict[str, Any] = {}
            _merge_run(props, self._default_rpr)
            for style in self._chain(key[0]):
                _merge_run(props, style.find(w("rPr")))
            for style in self._chain(key[1]):
                _merge_run(props, style.find(w("rPr")))
            self._run_cache[key] = props
        return self._run_cache[key]


# ---- paragraphs into lines -----------------------------------------------------------------------
@dataclass
class _Piece:
    kind: str  # "text" | "tab" | "break" | "box"
    text: str = ""
    look: RunLook = field(default_factory=RunLook)
    width: float = 0.0  # twips, for boxes
    height: float = 0.0  # twips, for boxes


def _look(props: dict[str, Any]) -> RunLook:
    return RunLook(
        size=float(props.get("size", 10.0)),
        bold=bool(props.get("bold", False)),
        italic=bool(props.get("italic", False)),
        caps=bool(props.get("caps", False)),
        spacing=float(props.get("spacing", 0.0)),
        fonts=tuple(sorted(dict(props.get("fonts", {})).items())),
        rtl=bool(props.get("rtl", False)),
    )


def _pieces(p: etree._Element, sheet: StyleSheet, style_id: str | None) -> list[_Piece]:
    pieces: list[_Piece] = []
    field_depth: list[str] = []  # per open field: "instr" until its separator, then "result"
    looks: dict[etree._Element | None, RunLook] = {}
    for r in p.iter(w("r")):
        rpr = r.find(w("rPr"))
        look = looks.get(rpr)
        if look is None:
            rstyle = None if rpr is None else rpr.find(w("rStyle"))
            props = dict(sheet.run(style_id, None if rstyle is None else rstyle.get(VAL)))
            _merge_run(props, rpr)
            look = looks[rpr] = _look(props)
        for child in r:
            tag = child.tag
            if tag == w("fldChar"):
                kind = child.get(w("fldCharType"))
                if kind == "begin":
                    field_depth.append("instr")
                elif kind == "separate" and field_depth:
                    field_depth[-1] = "result"
                elif kind == "end" and field_depth:
                    field_depth.pop()
                continue
            if field_depth and field_depth[-1] == "instr":
                continue
            if tag == w("t"):
                pieces.append(_Piece("text", child.text or "", look))
            elif tag == w("tab"):
                pieces.append(_Piece("tab", look=look))
            elif tag in (w("br"), w("cr")):
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


def _text_width(text: str, look: RunLook) -> float:
    """Width of `text` in twips."""
    return _width_cached(text, look) if len(text) < 40 else _width_now(text, look)


@cache
def _width_cached(text: str, look: RunLook) -> float:
    return _width_now(text, look)


def _width_now(text: str, look: RunLook) -> float:
    if look.caps:
        text = text.upper()
    total = 0.0
    for char in text:
        if unicodedata.category(char) in ("Mn", "Cf"):
            continue  # combining marks and format characters take no width of their own
        metrics = font_metrics(look.family(_slot(char, look.rtl)), look.bold, look.italic)
        advance = metrics.advances.get(ord(char))
        if advance is None:
            advance = _fallback_advance(char, look)
        total += advance * look.size * 20 + look.spacing * 20
    return total


def _fallback_advance(char: str, look: RunLook) -> float:
    for _slot_name, family in look.fonts:
        advance = font_metrics(family, look.bold, look.italic).advances.get(ord(char))
        if advance is not None:
            return advance
    return 1.0 if _slot(char, False) == "eastAsia" else 0.55


def _line_height(look: RunLook) -> float:
    """The natural line height in twips of text in `look` (the Latin slot's font decides)."""
    metrics = font_metrics(look.family("ascii"), look.bold, look.italic)
    return metrics.line_height * look.size * 20


def _words(text: str) -> Iterable[str]:
    """Break opportunities: after spaces, after a hyphen between letters and between CJK
    characters (what Word and LibreOffice's line breakers agree on for our texts)."""
    start = 0
    for index, char in enumerate(text):
        if char == " ":
            if index + 1 < len(text) and text[index + 1] != " ":
                yield text[start : index + 1]
                start = index + 1
        elif char in "-\u2010" and 0 < index < len(text) - 1 and text[index - 1].isalpha() and (
            text[index + 1].isalpha()
        ):
            yield text[start : index + 1]  # "state-owned" may break after its hyphen
            start = index + 1
        elif _breaks_anywhere(char):
            if start < index:
                yield text[start:index]
            yield char
            start = index + 1
    if start < len(text):
        yield text[start:]


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
    ppr = p.find(w("pPr"))
    pstyle = None if ppr is None else ppr.find(w("pStyle"))
    style_id = None if pstyle is None else pstyle.get(VAL)
    props = dict(sheet.paragraph(style_id))
    _merge_paragraph(props, ppr)
    mark_props = dict(sheet.run(style_id, None))
    _merge_run(mark_props, None if ppr is None else ppr.find(w("rPr")))
    mark_look = _look(mark_props)
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
        add_line(height or _line_height(mark_look))
        x, height, empty = float(left), 0.0, True

    pieces = _pieces(p, sheet, style_id)
    for index, piece in enumerate(pieces):
        if piece.kind == "break":
            height = max(height, _line_height(piece.look))
            new_line()
            continue
        if piece.kind == "tab":
            pos, kind = _next_tab(x, props, sheet.default_tab)
            if kind in ("right", "end"):
                following = 0.0
                for nxt in pieces[index + 1 :]:
                    if nxt.kind != "text":
                        break
                    following += _text_width(nxt.text, nxt.look)
                pos = max(x, min(pos, limit) - following)
            elif pos > limit:
                new_line()
                continue
            x, empty = pos, False
            height = max(height, _line_height(piece.look))
            continue
        if piece.kind == "box":
            if not empty and x + piece.width > limit:
                new_line()
            x += piece.width
            height, empty = max(height, piece.height), False
            continue
        line_height = _line_height(piece.look)
        for word in _words(piece.text):
            width = _text_width(word.rstrip(" "), piece.look)
            if not empty and x + width > limit:
                new_line()
            while empty and x + width > limit and len(word) > 1:
                # A word wider than the line is split where it overflows.
                cut = len(word)
                while cut > 1 and x + _text_width(word[:cut], piece.look) > limit:
                    cut -= 1
                height = max(height, line_height)
                new_line()
                word = word[cut:]
                width = _text_width(word.rstrip(" "), piece.look)
            x += _text_width(word, piece.look) if word.endswith(" ") else width
            height, empty = max(height, line_height), False
    if not empty or not lines:
        add_line(height or _line_height(mark_look))
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
    page_w, page_h = _twips(size, "w") or 11906, _twips(size, "h") or 16838
    top, bottom = abs(_twips(margins, "top") or 1440), abs(_twips(margins, "bottom") or 1440)
    left, right = _twips(margins, "left") or 1440, _twips(margins, "right") or 1440
    return PageFrame(float(page_w - left - right), float(page_h - top - bottom))


def paginate(
    paragraphs: Sequence[etree._Element],
    sheet: StyleSheet,
    frame: PageFrame,
    trace: list[tuple[int, int, int]] | None = None,
) -> list[int]:
    """The page (1-based) on which each paragraph's first line lands; `trace` (for checking
    the estimate) receives (page, paragraph index, line index) for every line."""
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
    for item in layouts[index:]:
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
    for item in layouts[index:]:
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
