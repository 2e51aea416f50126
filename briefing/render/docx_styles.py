"""Word styles for the DOCX writer: which styles we use, the font rule, the theme's look.

The reference document (resources/reference.docx, made by tools/make_reference_docx.py)
defines every style below with its structure (indents, borders, spacing, keep-with-next,
outline levels, bullets). The theme supplies fonts, sizes and colours:

* with our bundled reference, `apply_theme` writes the theme onto the styles at export time;
* with a user's own reference (their organisation's template) their styles win untouched;
  only styles they lack are copied in from ours, themed (`add_missing_styles`).

Font rule (names only, no font files are probed here): the Latin font (w:ascii, w:hAnsi) is
the first family of the theme's list; the East Asian font (w:eastAsia) is the first family
whose name marks it as a CJK font (WenQuanYi, Noto Sans CJK, SimSun, …), else "SimSun"; the
complex-script font (w:cs) is the first family known to cover Arabic and Hebrew (DejaVu Sans,
Arial, Times New Roman, Noto Naskh Arabic, …), else "Arial". Theme font attributes
(w:asciiTheme …) are removed from our styles so these names apply and Word picks the font
for each character's script by itself.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from dataclasses import dataclass

from docx.oxml.parser import parse_xml
from docx.oxml.xmlchemy import BaseOxmlElement
from lxml import etree

from briefing.core.theme import Theme
from briefing.render.docx_xml import (
    PPR_ORDER,
    RPR_ORDER,
    STYLE_ORDER,
    VAL,
    W_NS,
    W_STYLE,
    W_STYLEID,
    get_or_add,
    set_property,
    w,
)

# The names our writer asks for. Word stores some built-in names in lower case ("heading 1",
# "toc 1", "header"); using Word's own spelling keeps them recognised as the built-in styles.
TITLE = "Title"
SUBTITLE = "Subtitle"
COVER_DETAILS = "Cover Details"
COVER_MARKING = "Cover Marking"
HEADING_1 = "heading 1"
HEADING_2 = "heading 2"
BODY = "Body Text"
COMMENTARY = "Commentary"
SUMMARY = "Summary"
NOTE = "Analyst Note"
QUOTE = "Quote"
EXCERPT = "Excerpt"
ATTRIBUTION = "Quote Attribution"
CLIP_MARKING = "Clip Marking"
KEY_JUDGMENT = "Key Judgment"
LIST_BULLET = "List Bullet"
SOURCE_ENTRY = "Source Entry"
FIGURE = "Figure"
CAPTION = "caption"  # Word's built-in name (shown as "Caption")
TOC_HEADING = "TOC Heading"
TOC_1 = "toc 1"
TOC_2 = "toc 2"
HEADER = "header"
FOOTER = "footer"
MARKING = "Marking"
HYPERLINK = "Hyperlink"
CITATION = "Citation"

PARAGRAPH_STYLES = (
    TITLE, SUBTITLE, COVER_DETAILS, COVER_MARKING, HEADING_1, HEADING_2, BODY, COMMENTARY,
    SUMMARY, NOTE, QUOTE, EXCERPT, ATTRIBUTION, CLIP_MARKING, KEY_JUDGMENT, LIST_BULLET,
    SOURCE_ENTRY, TOC_HEADING, TOC_1, TOC_2, HEADER, FOOTER, MARKING, FIGURE, CAPTION,
)  # fmt: skip
CHARACTER_STYLES = (HYPERLINK, CITATION)
ALL_STYLES = PARAGRAPH_STYLES + CHARACTER_STYLES


@dataclass(frozen=True)
class _Look:
    fonts: str | None  # "body" | "heading" | None (inherit)
    size: str | None  # a Theme size field
    colour: str | None  # a Theme colour field
    border: str | None = None  # a Theme colour field for the paragraph's borders
    shading: str | None = None  # a Theme colour for the paragraph's fill (where it has one)


_LOOKS: dict[str, _Look] = {
    "Normal": _Look("body", "body_size", "text_colour"),
    BODY: _Look("body", "body_size", "text_colour"),
    COMMENTARY: _Look("body", "body_size", "text_colour"),
    SUMMARY: _Look("body", "body_size", "text_colour"),
    KEY_JUDGMENT: _Look("body", "body_size", "text_colour"),
    LIST_BULLET: _Look("body", "body_size", "text_colour"),
    TITLE: _Look("heading", "title_size", "accent_colour", "accent_colour"),
    SUBTITLE: _Look("heading", "subtitle_size", "muted_colour"),
    COVER_DETAILS: _Look("heading", "body_size", "text_colour"),
    COVER_MARKING: _Look("heading", "body_size", "marking_colour", "marking_colour"),
    HEADING_1: _Look("heading", "heading1_size", "accent_colour", "accent_colour"),
    HEADING_2: _Look("heading", "heading2_size", "accent_colour"),
    TOC_HEADING: _Look("heading", "heading1_size", "accent_colour", "accent_colour"),
    TOC_1: _Look("body", "body_size", "text_colour"),
    TOC_2: _Look("body", "body_size", "text_colour"),
    QUOTE: _Look("body", "quote_size", "text_colour", "accent_colour"),
    EXCERPT: _Look("body", "quote_size", "text_colour", "muted_colour"),
    ATTRIBUTION: _Look("body", "small_size", "muted_colour"),
    NOTE: _Look("body", "body_size", "muted_colour", "muted_colour", "note_background"),
    CLIP_MARKING: _Look("heading", "small_size", "marking_colour"),
    SOURCE_ENTRY: _Look("body", "small_size", "text_colour"),
    FIGURE: _Look("body", "body_size", "text_colour"),
    CAPTION: _Look("body", "small_size", "muted_colour"),
    HEADER: _Look("heading", "small_size", "muted_colour"),
    FOOTER: _Look("heading", "small_size", "muted_colour"),
    MARKING: _Look("heading", "body_size", "marking_colour"),
    HYPERLINK: _Look(None, None, "link_colour"),
    CITATION: _Look(None, None, "link_colour"),
}
# Numbering definitions (bullets) whose symbol takes a theme colour, by the style using them.
_BULLET_COLOURS = {KEY_JUDGMENT: "accent_colour", LIST_BULLET: "text_colour"}

_CJK_NAME = re.compile(
    r"\b(cjk|wenquanyi|wqy|zen ?hei|micro ?hei|simsun|nsimsun|simhei|songti|fangsong|kaiti|"
    r"mingliu|pmingliu|yahei|jhenghei|ms p?gothic|ms p?mincho|yu gothic|yu mincho|meiryo|"
    r"gulim|batang|dotum|malgun|droid sans fallback|pingfang|hiragino|source han|"
    r"noto (sans|serif) (sc|tc|jp|kr|hk)|ar pl)\b",
    re.IGNORECASE,
)
_COMPLEX_SCRIPT_NAMES = frozenset(
    name.casefold()
    for name in (
        "DejaVu Sans", "DejaVu Sans Condensed", "DejaVu Sans Mono", "Arial", "Times New Roman",
        "Tahoma", "Segoe UI", "Courier New", "Microsoft Sans Serif", "Arial Unicode MS",
        "FreeSans", "FreeSerif", "FreeMono", "Amiri", "Scheherazade", "Scheherazade New",
        "Lateef", "Vazirmatn", "David", "Miriam", "Traditional Arabic", "Simplified Arabic",
        "Sakkal Majalla", "Noto Sans Arabic", "Noto Naskh Arabic", "Noto Kufi Arabic",
        "Noto Sans Hebrew", "Noto Serif Hebrew",
    )
)  # fmt: skip
_COMPLEX_SCRIPT_HINT = re.compile(r"\b(arabic|hebrew|naskh|kufi|nastaliq)\b", re.IGNORECASE)
DEFAULT_EAST_ASIAN_FONT = "SimSun"
DEFAULT_COMPLEX_SCRIPT_FONT = "Arial"
_THEME_FONT_ATTRS = tuple(w(a) for a in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"))


def font_slots(families: tuple[str, ...]) -> dict[str, str]:
    """The w:rFonts attributes for a theme's font list (see the module docstring)."""
    names = [f.strip() for f in families if f.strip()] or ["DejaVu Serif"]
    latin = names[0]
    east_asian = next((n for n in names if _CJK_NAME.search(n)), DEFAULT_EAST_ASIAN_FONT)
    complex_script = next(
        (
            n
            for n in names
            if n.casefold() in _COMPLEX_SCRIPT_NAMES or _COMPLEX_SCRIPT_HINT.search(n)
        ),
        DEFAULT_COMPLEX_SCRIPT_FONT,
    )
    return {"ascii": latin, "hAnsi": latin, "eastAsia": east_asian, "cs": complex_script}


# Scripts Word draws with a run's East Asian font, and those it draws with its complex-script
# font. Every other script takes the Latin slots (w:ascii, w:hAnsi), which also draw the
# run's Latin text: a fallback named there (a symbol font for an emoji) would take over the
# whole run, so those are left to Word's own fallback.
EAST_ASIAN_SCRIPTS = frozenset({"Hani", "Hira", "Kana", "Hang", "Bopo", "Yiii"})
COMPLEX_SCRIPTS = frozenset(
    {"Arab", "Hebr", "Syrc", "Thaa", "Nkoo", "Deva", "Beng", "Guru", "Gujr", "Orya", "Taml",
     "Telu", "Knda", "Mlym", "Sinh", "Thai", "Laoo", "Tibt", "Mymr", "Khmr"}
)


def fallback_slots(fonts_by_script: dict[str, str]) -> dict[str, str]:
    """The w:rFonts attributes that name installed fallback fonts for a run
    (briefing.core.fonts.fallback_fonts), each in the slot Word uses for its script."""
    slots: dict[str, str] = {}
    for script, name in fonts_by_script.items():
        if script in EAST_ASIAN_SCRIPTS:
            slots.setdefault("eastAsia", name)
        elif script in COMPLEX_SCRIPTS:
            slots.setdefault("cs", name)
    return slots


def set_fonts(rpr: etree._Element, families: tuple[str, ...]) -> None:
    rfonts = get_or_add(rpr, "rFonts", RPR_ORDER)
    for attr in _THEME_FONT_ATTRS:
        rfonts.attrib.pop(attr, None)
    for key, value in font_slots(families).items():
        rfonts.set(w(key), value)


def half_points(size: float) -> str:
    return str(round(size * 2))


def hex_colour(colour: str) -> str:
    value = colour.strip().lstrip("#").upper()
    return value if re.fullmatch(r"[0-9A-F]{6}", value) else "000000"


def styles_by_name(styles: etree._Element) -> dict[str, etree._Element]:
    """w:style elements by case-folded name (Word matches style names case-insensitively)."""
    found: dict[str, etree._Element] = {}
    for style in styles.iterchildren(W_STYLE):
        name = style.find(w("name"))
        value = name.get(VAL) if name is not None else None
        if value:
            found.setdefault(value.casefold(), style)
    return found


def style_id(styles: etree._Element, name: str) -> str | None:
    style = styles_by_name(styles).get(name.casefold())
    return None if style is None else style.get(W_STYLEID)


def _style_part(style: etree._Element, name: str) -> etree._Element:
    return get_or_add(style, name, STYLE_ORDER)


def _theme_style(style: etree._Element, look: _Look, theme: Theme) -> None:
    rpr = _style_part(style, "rPr")
    if look.fonts:
        set_fonts(rpr, theme.heading_fonts if look.fonts == "heading" else theme.body_fonts)
    if look.colour:
        set_property(rpr, "color", RPR_ORDER, val=hex_colour(getattr(theme, look.colour)))
    if look.size:
        size = half_points(getattr(theme, look.size))
        set_property(rpr, "sz", RPR_ORDER, val=size)
        set_property(rpr, "szCs", RPR_ORDER, val=size)
    if look.border:
        ppr = style.find(w("pPr"))
        borders = None if ppr is None else ppr.find(w("pBdr"))
        for edge in () if borders is None else borders:
            edge.set(w("color"), hex_colour(getattr(theme, look.border)))
    if look.shading:
        shading = style.find(f"{w('pPr')}/{w('shd')}")
        if shading is not None:
            shading.set(w("fill"), hex_colour(getattr(theme, look.shading)))


def apply_theme(
    styles: etree._Element,
    theme: Theme,
    numbering: etree._Element | None = None,
    only: set[str] | None = None,
) -> None:
    """Write the theme's fonts, sizes and colours onto our styles (or the names in `only`)."""
    by_name = styles_by_name(styles)
    if only is None:
        defaults = styles.find(w("docDefaults"))
        if defaults is not None:
            rpr_default = get_or_add(defaults, "rPrDefault", (w("rPrDefault"), w("pPrDefault")))
            rpr = get_or_add(rpr_default, "rPr", ())
            set_fonts(rpr, theme.body_fonts)
            set_property(rpr, "sz", RPR_ORDER, val=half_points(theme.body_size))
            set_property(rpr, "szCs", RPR_ORDER, val=half_points(theme.body_size))
        normal = by_name.get("normal")
        if normal is not None:
            ppr = _style_part(normal, "pPr")
            spacing = get_or_add(ppr, "spacing", PPR_ORDER)
            spacing.set(w("line"), str(round(240 * theme.line_spacing)))
            spacing.set(w("lineRule"), "auto")
    for name, look in _LOOKS.items():
        if only is not None and name not in only:
            continue
        style = by_name.get(name.casefold())
        if style is not None:
            _theme_style(style, look, theme)
    if numbering is not None:
        for name, colour in _BULLET_COLOURS.items():
            if only is not None and name not in only:
                continue
            style = by_name.get(name.casefold())
            abstract = _abstract_numbering(style, numbering) if style is not None else None
            if abstract is None:
                continue
            for level in abstract.iterchildren(w("lvl")):
                level_rpr = level.find(w("rPr"))
                if level_rpr is None:
                    level_rpr = etree.SubElement(level, w("rPr"))
                set_property(
                    level_rpr, "color", RPR_ORDER, val=hex_colour(getattr(theme, colour))
                )


def _num_id(style: etree._Element) -> str | None:
    num = style.find(f"{w('pPr')}/{w('numPr')}/{w('numId')}")
    return None if num is None else num.get(VAL)


def _abstract_numbering(style: etree._Element, numbering: etree._Element) -> etree._Element | None:
    num_id = _num_id(style)
    if num_id is None:
        return None
    num = next((n for n in numbering.iterchildren(w("num")) if n.get(w("numId")) == num_id), None)
    abstract_ref = None if num is None else num.find(w("abstractNumId"))
    if abstract_ref is None:
        return None
    wanted = abstract_ref.get(VAL)
    return next(
        (
            a
            for a in numbering.iterchildren(w("abstractNum"))
            if a.get(w("abstractNumId")) == wanted
        ),
        None,
    )


def add_missing_styles(
    styles: etree._Element,
    numbering_of: Callable[[], etree._Element],
    ours: etree._Element,
    our_numbering: etree._Element | None,
    theme: Theme,
) -> list[str]:
    """Copy every style we use that `styles` lacks from our reference; return their names.

    References to other styles (basedOn, next, link) are re-pointed at the user's style ids
    by name, or dropped when the user has no such style. Bullet definitions are copied into
    the user's numbering part (`numbering_of()` returns it, creating it if needed) under new
    ids. Only the copied styles are themed.
    """
    theirs = styles_by_name(styles)
    our_styles = styles_by_name(ours)
    id_to_name = {s.get(W_STYLEID, ""): n for n, s in our_styles.items()}
    missing = [n for n in ALL_STYLES if n.casefold() not in theirs and n.casefold() in our_styles]
    copied: list[etree._Element] = []
    for name in missing:
        style = copy.deepcopy(our_styles[name.casefold()])
        style.set(W_STYLEID, _free_style_id(styles, style.get(W_STYLEID, "")))
        styles.append(style)
        copied.append(style)
        theirs[name.casefold()] = style
    for style in copied:
        for ref in ("basedOn", "next", "link"):
            element = style.find(w(ref))
            if element is None:
                continue
            target = theirs.get(id_to_name.get(element.get(VAL, ""), "").casefold())
            target_id = target.get(W_STYLEID) if target is not None else None
            if target_id is None:
                style.remove(element)
            else:
                element.set(VAL, target_id)
        if _num_id(style) is not None:
            _copy_numbering(style, numbering_of(), our_numbering)
    apply_theme(styles, theme, None, only=set(missing))
    return missing


def _free_style_id(styles: etree._Element, wanted: str) -> str:
    taken = {s.get(W_STYLEID) for s in styles.iterchildren(W_STYLE)}
    candidate, counter = wanted, 1
    while candidate in taken:
        counter += 1
        candidate = f"{wanted}{counter}"
    return candidate


def _copy_numbering(
    style: etree._Element, numbering: etree._Element, our_numbering: etree._Element | None
) -> None:
    num_ref = style.find(f"{w('pPr')}/{w('numPr')}/{w('numId')}")
    if num_ref is None:  # the caller copies only styles that have a list number
        return
    abstract = None if our_numbering is None else _abstract_numbering(style, our_numbering)
    if abstract is None:
        num_pr = num_ref.getparent()
        list_of = num_pr.getparent() if num_pr is not None else None
        if num_pr is not None and list_of is not None:
            list_of.remove(num_pr)
        return
    abstract_ids = [
        int(a.get(w("abstractNumId"), "0")) for a in numbering.iterchildren(w("abstractNum"))
    ]
    num_ids = [int(n.get(w("numId"), "0")) for n in numbering.iterchildren(w("num"))]
    new_abstract_id = str(max(abstract_ids, default=0) + 1)
    new_num_id = str(max(num_ids, default=0) + 1)
    abstract = copy.deepcopy(abstract)
    abstract.set(w("abstractNumId"), new_abstract_id)
    for child in abstract.findall(w("nsid")) + abstract.findall(w("tmpl")):
        abstract.remove(child)  # would clash with the user's own lists
    first_num = numbering.find(w("num"))
    if first_num is not None:
        first_num.addprevious(abstract)  # all abstractNum come before the first num
    else:
        numbering.append(abstract)
    num = etree.SubElement(numbering, w("num"))
    num.set(w("numId"), new_num_id)
    etree.SubElement(num, w("abstractNumId")).set(VAL, new_abstract_id)
    num_ref.set(VAL, new_num_id)


def new_numbering_root() -> BaseOxmlElement:
    # python-docx's parser, so the part's root gets python-docx's element class.
    return parse_xml(f'<w:numbering xmlns:w="{W_NS}"/>')
