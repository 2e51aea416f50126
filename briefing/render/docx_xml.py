"""Small WordprocessingML helpers for the DOCX writer: names, property order, runs, fields.

Paragraphs are built as lxml elements directly (python-docx's `add_paragraph` resolves the
style by name and rescans the body on every call, which makes big briefings quadratic).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def w(name: str) -> str:
    """The Clark name of a WordprocessingML element or attribute: w("p") -> "{…main}p"."""
    return f"{{{W_NS}}}{name}"


VAL = w("val")

# Child order inside w:pPr and w:rPr (ECMA-376 CT_PPrBase / CT_RPr): Word refuses or
# ignores properties out of order, so every insertion goes through these lists.
PPR_ORDER = tuple(
    w(n)
    for n in [
        "pStyle",
        "keepNext",
        "keepLines",
        "pageBreakBefore",
        "framePr",
        "widowControl",
        "numPr",
        "suppressLineNumbers",
        "pBdr",
        "shd",
        "tabs",
        "suppressAutoHyphens",
        "kinsoku",
        "wordWrap",
        "overflowPunct",
        "topLinePunct",
        "autoSpaceDE",
        "autoSpaceDN",
        "bidi",
        "adjustRightInd",
        "snapToGrid",
        "spacing",
        "ind",
        "contextualSpacing",
        "mirrorIndents",
        "suppressOverlap",
        "jc",
        "textDirection",
        "textAlignment",
        "textboxTightWrap",
        "outlineLvl",
        "divId",
        "cnfStyle",
        "rPr",
        "sectPr",
        "pPrChange",
    ]
)
RPR_ORDER = tuple(
    w(n)
    for n in [
        "rStyle",
        "rFonts",
        "b",
        "bCs",
        "i",
        "iCs",
        "caps",
        "smallCaps",
        "strike",
        "dstrike",
        "outline",
        "shadow",
        "emboss",
        "imprint",
        "noProof",
        "snapToGrid",
        "vanish",
        "webHidden",
        "color",
        "spacing",
        "w",
        "kern",
        "position",
        "sz",
        "szCs",
        "highlight",
        "u",
        "effect",
        "bdr",
        "shd",
        "fitText",
        "vertAlign",
        "rtl",
        "cs",
        "em",
        "lang",
        "eastAsianLayout",
        "specVanish",
        "oMath",
    ]
)
# Children of w:style before its pPr/rPr.
STYLE_ORDER = tuple(
    w(n)
    for n in [
        "name",
        "aliases",
        "basedOn",
        "next",
        "link",
        "autoRedefine",
        "hidden",
        "uiPriority",
        "semiHidden",
        "unhideWhenUsed",
        "qFormat",
        "locked",
        "personal",
        "personalCompose",
        "personalReply",
        "rsid",
        "pPr",
        "rPr",
        "tblPr",
        "trPr",
        "tcPr",
        "tblStylePr",
    ]
)

PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")
_SEGMENTS = re.compile(r"(\t|\n)")


def sub(parent: etree._Element, tag: str, attrs: dict[str, str] | None = None) -> etree._Element:
    element = etree.SubElement(parent, tag)
    if attrs:
        for key, value in attrs.items():
            element.set(key, value)
    return element


def insert_ordered(
    parent: etree._Element, child: etree._Element, order: tuple[str, ...]
) -> etree._Element:
    """Insert `child` into `parent` at its schema position, replacing a same-named child."""
    old = parent.find(str(child.tag))  # an element made by lxml: its tag is a str
    if old is not None:
        old.addprevious(child)
        parent.remove(old)
        return child
    rank = order.index(child.tag) if child.tag in order else len(order)
    for index, existing in enumerate(parent):
        other = order.index(existing.tag) if existing.tag in order else len(order)
        if other > rank:
            parent.insert(index, child)
            return child
    parent.append(child)
    return child


def set_property(
    parent: etree._Element, name: str, order: tuple[str, ...], **attrs: str
) -> etree._Element:
    """Set (replace) the property `name` of a pPr/rPr; attribute keys are local w: names."""
    element = etree.Element(w(name))
    for key, value in attrs.items():
        element.set(w(key), value)
    return insert_ordered(parent, element, order)


def get_or_add(parent: etree._Element, name: str, order: tuple[str, ...]) -> etree._Element:
    found = parent.find(w(name))
    if found is not None:
        return found
    return insert_ordered(parent, etree.Element(w(name)), order)


def add_text(run: etree._Element, text: str) -> None:
    """Append `text` to a w:r: tabs become w:tab, newlines w:br (line breaks)."""
    for piece in _SEGMENTS.split(text):
        if not piece:
            continue
        if piece == "\t":
            etree.SubElement(run, W_TAB)
        elif piece == "\n":
            etree.SubElement(run, W_BR)
        else:
            t = etree.SubElement(run, W_T)
            t.text = piece
            if piece[0] in " \u00a0" or piece[-1] in " \u00a0":
                t.set(XML_SPACE, "preserve")


def field(
    parent: etree._Element,
    instruction: str,
    result: str,
    run_properties: Iterable[etree._Element] = (),
) -> None:
    """Append a complex field (begin, instruction, separate, result, end) as runs of `parent`.

    `run_properties` are rPr elements copied onto every run so the result keeps its look.
    """
    rprs = list(run_properties)
    field_start(parent, instruction, rprs)
    if result:
        add_text(_run(parent, rprs), result)
    field_end(parent, rprs)


def field_start(
    parent: etree._Element, instruction: str, rprs: list[etree._Element] | None = None
) -> None:
    """Begin a complex field: its instruction, then the separator after which its result
    runs go (a field may span paragraphs, as a table of contents does)."""
    sub(_run(parent, rprs), W_FLDCHAR, {W_FLDCHARTYPE: "begin"})
    instr = sub(_run(parent, rprs), W_INSTRTEXT)
    instr.text = instruction
    instr.set(XML_SPACE, "preserve")
    sub(_run(parent, rprs), W_FLDCHAR, {W_FLDCHARTYPE: "separate"})


def field_end(parent: etree._Element, rprs: list[etree._Element] | None = None) -> None:
    sub(_run(parent, rprs), W_FLDCHAR, {W_FLDCHARTYPE: "end"})


def _run(parent: etree._Element, rprs: list[etree._Element] | None) -> etree._Element:
    r = etree.SubElement(parent, W_R)
    for rpr in rprs or ():
        r.append(_copy(rpr))
    return r


def _copy(element: etree._Element) -> etree._Element:
    return etree.fromstring(etree.tostring(element))


W_P = w("p")
W_PPR = w("pPr")
W_PSTYLE = w("pStyle")
W_R = w("r")
W_RPR = w("rPr")
W_RSTYLE = w("rStyle")
W_RFONTS = w("rFonts")
W_T = w("t")
W_TAB = w("tab")
W_TABS = w("tabs")
W_BR = w("br")
W_B = w("b")
W_BCS = w("bCs")
W_I = w("i")
W_ICS = w("iCs")
W_RTL = w("rtl")
W_BIDI = w("bidi")
W_KEEPNEXT = w("keepNext")
W_PAGEBREAKBEFORE = w("pageBreakBefore")
W_HYPERLINK = w("hyperlink")
W_ANCHOR = w("anchor")
W_HISTORY = w("history")
W_BOOKMARKSTART = w("bookmarkStart")
W_BOOKMARKEND = w("bookmarkEnd")
W_ID = w("id")
W_NAME = w("name")
W_FLDCHAR = w("fldChar")
W_FLDCHARTYPE = w("fldCharType")
W_INSTRTEXT = w("instrText")
W_POS = w("pos")
W_LEADER = w("leader")
W_STYLE = w("style")
W_STYLEID = w("styleId")
W_TYPE = w("type")
R_ID = f"{{{R_NS}}}id"
