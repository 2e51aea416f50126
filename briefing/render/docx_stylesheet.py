"""Word's property inheritance, resolved for the DOCX page layout (briefing.render.docx_layout):
the paragraph and run properties a paragraph ends up with from the document defaults, its
style's basedOn chain, a character style and direct formatting, in that order, each level
overriding the one before it property by property.

Only the properties the layout needs are read: sizes, bold/italic/caps, letter spacing, the
fonts per script slot and the run direction; keep-with-next and friends, spacing, indents,
tab stops, top and bottom borders and numbering.
"""

from __future__ import annotations

from typing import Any

from lxml import etree

from briefing.render.docx_measure import RunLook
from briefing.render.docx_xml import VAL, w


def on(element: etree._Element | None) -> bool | None:
    if element is None:
        return None
    return element.get(VAL, "true") not in ("0", "false", "off")


def twips(element: etree._Element | None, attr: str) -> int | None:
    if element is None:
        return None
    value = element.get(w(attr))
    try:
        return int(float(value)) if value is not None else None
    except ValueError:
        return None


def merge_run(props: dict[str, Any], rpr: etree._Element | None) -> None:
    if rpr is None:
        return
    for key, tag in (("bold", "b"), ("italic", "i"), ("caps", "caps"), ("rtl", "rtl")):
        value = on(rpr.find(w(tag)))
        if value is not None:
            props[key] = value
    size = twips(rpr.find(w("sz")), "val")
    if size:
        props["size"] = size / 2
    spacing = twips(rpr.find(w("spacing")), "val")
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


def merge_paragraph(props: dict[str, Any], ppr: etree._Element | None) -> None:
    if ppr is None:
        return
    for key in ("keepNext", "keepLines", "pageBreakBefore", "widowControl", "contextualSpacing"):
        value = on(ppr.find(w(key)))
        if value is not None:
            props[key] = value
    spacing = ppr.find(w("spacing"))
    for attr in ("before", "after", "line"):
        amount = twips(spacing, attr)
        if amount is not None:
            props[attr] = amount
    if spacing is not None and spacing.get(w("lineRule")):
        props["lineRule"] = spacing.get(w("lineRule"))
    ind = ppr.find(w("ind"))
    for attr, key in (("left", "left"), ("start", "left"), ("right", "right"), ("end", "right"),
                      ("hanging", "hanging"), ("firstLine", "firstLine")):  # fmt: skip
        indent = twips(ind, attr)
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
                props[f"border_{edge}"] = (twips(line, "sz") or 0) * 20 / 8 + (
                    twips(line, "space") or 0
                ) * 20
    tabs = ppr.find(w("tabs"))
    if tabs is not None:
        stops = dict(props.get("tabs", {}))
        for tab in tabs.iterchildren(w("tab")):
            pos = twips(tab, "pos")
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
            merge_paragraph(props, self._default_ppr)
            for style in self._chain(key):
                merge_paragraph(props, style.find(w("pPr")))
            self._paragraph_cache[key] = props
        return self._paragraph_cache[key]

    def run(self, paragraph_style: str | None, char_style: str | None) -> dict[str, Any]:
        key: tuple[str, str] = (paragraph_style or self._default_paragraph, char_style or "")
        if key not in self._run_cache:
            props: dict[str, Any] = {}
            merge_run(props, self._default_rpr)
            for style in self._chain(key[0]):
                merge_run(props, style.find(w("rPr")))
            for style in self._chain(key[1]):
                merge_run(props, style.find(w("rPr")))
            self._run_cache[key] = props
        return self._run_cache[key]


def run_look(props: dict[str, Any]) -> RunLook:
    return RunLook(
        size=float(props.get("size", 10.0)),
        bold=bool(props.get("bold", False)),
        italic=bool(props.get("italic", False)),
        caps=bool(props.get("caps", False)),
        spacing=float(props.get("spacing", 0.0)),
        fonts=tuple(sorted(dict(props.get("fonts", {})).items())),
        rtl=bool(props.get("rtl", False)),
    )
