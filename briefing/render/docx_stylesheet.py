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
    return _int(element.get(w(attr)))


# Clark names, made once: the layout merges the properties of every paragraph and run.
_RUN_FLAGS = {w("b"): "bold", w("i"): "italic", w("caps"): "caps", w("rtl"): "rtl"}
_SZ, _SPACING, _RFONTS = w("sz"), w("spacing"), w("rFonts")
_FONT_SLOTS = tuple(
    (slot, tuple(w(attr) for attr in attrs))
    for slot, attrs in (("ascii", ("ascii", "hAnsi")), ("eastAsia", ("eastAsia",)), ("cs", ("cs",)))
)
_PARAGRAPH_FLAGS = {
    w(key): key
    for key in ("keepNext", "keepLines", "pageBreakBefore", "widowControl", "contextualSpacing")
}
_SPACING_ATTRS = tuple((w(attr), attr) for attr in ("before", "after", "line"))
_LINE_RULE = w("lineRule")
_IND = w("ind")
_INDENTS = tuple(
    (w(attr), key)
    for attr, key in (("left", "left"), ("start", "left"), ("right", "right"), ("end", "right"),
                      ("hanging", "hanging"), ("firstLine", "firstLine"))
)  # fmt: skip
_RSTYLE, _PSTYLE, _RPR, _FRAMEPR = w("rStyle"), w("pStyle"), w("rPr"), w("framePr")
_PBDR, _TABS, _TAB, _NUMPR, _NUMID = w("pBdr"), w("tabs"), w("tab"), w("numPr"), w("numId")
_EDGES = tuple((w(edge), edge) for edge in ("top", "bottom"))


def _firsts(element: etree._Element) -> dict[str, etree._Element]:
    """Each child tag's first element (what element.find(tag) gives), in one pass."""
    found: dict[str, etree._Element] = {}
    for child in element:
        found.setdefault(child.tag, child)  # type: ignore[arg-type]  # comments' tags
    return found


def merge_run(props: dict[str, Any], rpr: etree._Element | None) -> None:
    if rpr is None:
        return
    children = _firsts(rpr)
    for tag, key in _RUN_FLAGS.items():
        value = on(children.get(tag))
        if value is not None:
            props[key] = value
    size = twips(children.get(_SZ), "val")
    if size:
        props["size"] = size / 2
    spacing = twips(children.get(_SPACING), "val")
    if spacing is not None:
        props["spacing"] = spacing / 20
    fonts = children.get(_RFONTS)
    if fonts is not None:
        slots = dict(props.get("fonts", {}))
        for slot, attrs in _FONT_SLOTS:
            for attr in attrs:
                name = fonts.get(attr)
                if name:
                    slots[slot] = name
                    break
        props["fonts"] = slots


def merge_paragraph(props: dict[str, Any], ppr: etree._Element | None) -> None:
    if ppr is None:
        return
    children = _firsts(ppr)
    for tag, key in _PARAGRAPH_FLAGS.items():
        value = on(children.get(tag))
        if value is not None:
            props[key] = value
    spacing = children.get(_SPACING)
    if spacing is not None:
        for attr, key in _SPACING_ATTRS:
            amount = _int(spacing.get(attr))
            if amount is not None:
                props[key] = amount
        if spacing.get(_LINE_RULE):
            props["lineRule"] = spacing.get(_LINE_RULE)
    ind = children.get(_IND)
    if ind is not None:
        for attr, key in _INDENTS:
            indent = _int(ind.get(attr))
            if indent is not None:
                props[key] = indent
                if key == "hanging":
                    props["firstLine"] = 0
                elif key == "firstLine":
                    props["hanging"] = 0
    borders = children.get(_PBDR)
    if borders is not None:
        for tag, edge in _EDGES:
            line = borders.find(tag)
            if line is not None and line.get(VAL) not in ("nil", "none"):
                props[f"border_{edge}"] = (twips(line, "sz") or 0) * 20 / 8 + (
                    twips(line, "space") or 0
                ) * 20
    tabs = children.get(_TABS)
    if tabs is not None:
        stops = dict(props.get("tabs", {}))
        for tab in tabs.iterchildren(_TAB):
            pos = twips(tab, "pos")
            if pos is None:
                continue
            if tab.get(VAL) == "clear":
                stops.pop(pos, None)
            else:
                stops[pos] = tab.get(VAL, "left")
        props["tabs"] = stops
    if children.get(_FRAMEPR) is not None:
        props["framed"] = True  # set apart from the flow (the cover's foot)
    numbering = children.get(_NUMPR)
    if numbering is not None:
        props["numbered"] = numbering.find(_NUMID) is not None


def _int(value: str | None) -> int | None:
    try:
        return int(float(value)) if value is not None else None
    except ValueError:
        return None


class StyleSheet:
    """Resolves paragraph and run properties through a styles part."""

    def __init__(self, styles: etree._Element, default_tab: int = 720) -> None:
        self.default_tab = max(default_tab, 20)
        self._styles = {s.get(w("styleId")): s for s in styles.iterchildren(w("style"))}
        defaults = styles.find(w("docDefaults"))
        self.default_ppr = None if defaults is None else defaults.find(
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
        self._look_cache: dict[tuple[str | None, bytes], RunLook] = {}
        self._setup_cache: dict[bytes, tuple[str | None, dict[str, Any], RunLook]] = {}

    def chain(self, style_id: str | None) -> list[etree._Element]:
        """The style and its basedOn ancestors, the root first (a loop is cut)."""
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
            merge_paragraph(props, self.default_ppr)
            for style in self.chain(key):
                merge_paragraph(props, style.find(w("pPr")))
            self._paragraph_cache[key] = props
        return self._paragraph_cache[key]

    def run(self, paragraph_style: str | None, char_style: str | None) -> dict[str, Any]:
        key: tuple[str, str] = (paragraph_style or self._default_paragraph, char_style or "")
        if key not in self._run_cache:
            props: dict[str, Any] = {}
            merge_run(props, self._default_rpr)
            for style in self.chain(key[0]):
                merge_run(props, style.find(w("rPr")))
            for style in self.chain(key[1]):
                merge_run(props, style.find(w("rPr")))
            self._run_cache[key] = props
        return self._run_cache[key]


    def paragraph_setup(
        self, ppr: etree._Element | None
    ) -> tuple[str | None, dict[str, Any], RunLook]:
        """A paragraph's style id, resolved properties (not to be changed: shared) and the
        look of its mark (the empty line's height), from its w:pPr; cached by that XML, as
        most of a body's paragraphs are written alike."""
        key = b"" if ppr is None else etree.tostring(ppr)
        found = self._setup_cache.get(key)
        if found is None:
            pstyle = None if ppr is None else ppr.find(_PSTYLE)
            style_id = None if pstyle is None else pstyle.get(VAL)
            props = dict(self.paragraph(style_id))
            merge_paragraph(props, ppr)
            mark_props = dict(self.run(style_id, None))
            merge_run(mark_props, None if ppr is None else ppr.find(_RPR))
            found = self._setup_cache[key] = (style_id, props, run_look(mark_props))
        return found

    def run_look(self, paragraph_style: str | None, rpr: etree._Element | None) -> RunLook:
        """The look of a run with properties `rpr` in a paragraph of `paragraph_style`.

        Cached by the properties' XML: runs written alike (most of a body) share one look, and
        serialising a run's properties is cheaper than resolving them again."""
        key = (paragraph_style, b"" if rpr is None else etree.tostring(rpr))
        look = self._look_cache.get(key)
        if look is None:
            rstyle = None if rpr is None else rpr.find(_RSTYLE)
            props = dict(self.run(paragraph_style, None if rstyle is None else rstyle.get(VAL)))
            merge_run(props, rpr)
            look = self._look_cache[key] = run_look(props)
        return look


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
