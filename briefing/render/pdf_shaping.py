"""Complex scripts in the PDF: which text needs shaping, the shaped paragraph styles, and a text
layer that reads back as the source text.

Shaping: Devanagari, Bengali, Tamil and the other Indic scripts, Thai, Lao, Khmer, Myanmar,
Tibetan and text with combining marks are drawn right only when shaped (HarfBuzz reorders
vowel signs, forms conjuncts, stacks marks). reportlab shapes a paragraph whose style sets
``shaping`` (with uharfbuzz installed), every word of it: about 4× the layout time. So only
paragraphs holding such text get a shaped variant of their style (`shaped_style`); the rest
of the document is laid out as before. Arabic and Hebrew keep their own path
(pdf_bidi.BidiParagraph: joined by arabic-reshaper, reordered per line); a run of these
scripts inside such a paragraph (a Hindi word in Arabic text) is reordered as one unit
(`shaping_runs`) and shaped here like any other, while the right-to-left letters around it
are left as they are (`shape_word`).

Text layer: a shaped word's glyphs are not its characters (a conjunct is one glyph, the
vowel sign ि is drawn before its consonant), so text extraction would read them wrongly.
Each shaped word is drawn inside marked content that carries its source text
(``/Span <</ActualText …>> BDC … EMC``, ISO 32000-1 14.9.4), placed inside the text object,
around just that word's glyphs: what poppler (pdftotext, evince), pdf.js and Acrobat read
back. Each word's shaped glyphs are recorded as reportlab shapes it (`shape_word`, which this
module puts in place of reportlab's shapeFragWord for paragraphs); the canvas's text objects
(`ActualTextObject`) look the glyphs up as they draw them.

ToUnicode: `EmbeddedFont` writes each subset's character map itself: characters above U+FFFF
(emoji) as UTF-16 surrogate pairs (reportlab writes an invalid five-digit entry), Arabic
presentation forms as the letters they present (so copied Arabic is plain Arabic), and the
glyphs shaping added (ligatures, mark variants, which have no character) as the text they
were shaped from.
"""

from __future__ import annotations

import re
import unicodedata
import weakref
from itertools import groupby
from typing import Any

from reportlab.lib.rl_accel import fp_str
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import (
    ShapedFragWord,
    ShapedStr,
    TTFont,
    makeShapedFragWord,
    shapeFragWord,
)
from reportlab.pdfgen.textobject import PDFTextObject
from reportlab.platypus import paragraph as rl_paragraph

from briefing.core.tree_text import has_rtl
from briefing.render.pdf_codes import SubsetCodes, codes_of
from briefing.render.pdf_colours import CachedColours

# Scripts HarfBuzz must shape, plus combining marks (placed by the font's mark positioning).
_NEEDS_SHAPING = re.compile(
    "[\u0300-\u036f\u0900-\u0dff\u0e00-\u0fff\u1000-\u109f\u1780-\u17ff\u19e0-\u19ff"
    "\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ua8e0-\ua8ff\ua9e0-\ua9ff\uaa60-\uaa7f"
    "\ufe20-\ufe2f\U00011000-\U0001107f]"
)
# Scripts whose marks stack above and below the line (Thai tone marks over upper vowels,
# Myanmar and Khmer medials and subscripts): their lines need the font's full height.
_TALL = re.compile("[\u0e00-\u0eff\u0f00-\u0fff\u1000-\u109f\u1780-\u17ff\uaa60-\uaa7f]")


def needs_shaping(text: str) -> bool:
    return _NEEDS_SHAPING.search(text) is not None


def is_tall(text: str) -> bool:
    return _TALL.search(text) is not None


# ---- shaped paragraph styles ---------------------------------------------------------------
_SHAPED_STYLES: dict[tuple[int, float], tuple[ParagraphStyle, ParagraphStyle]] = {}


def shaped_style(style: ParagraphStyle, fonts: list[str] | None = None) -> ParagraphStyle:
    """`style` with reportlab's shaping on; with `fonts` (the faces of a tall script), its
    leading raised to fit their full height (Thai marks would touch the line above)."""
    leading = float(style.leading)
    for name in fonts or ():
        ascent, descent = pdfmetrics.getAscentDescent(name, style.fontSize)
        leading = max(leading, ascent - descent)
    key = (id(style), round(leading, 2))
    cached = _SHAPED_STYLES.get(key)
    if cached is not None and cached[0] is style:
        return cached[1]
    shaped = ParagraphStyle(f"{style.name}-shaped", parent=style, shaping=1, leading=leading)
    _SHAPED_STYLES[key] = (style, shaped)
    return shaped


# ---- complex scripts inside right-to-left paragraphs ------------------------------------------
_RUN_GOES_ON = ("L", "NSM", "BN")


def shaping_runs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each left-to-right run of `text` with characters to shape: from a
    strongly left-to-right character on, over left-to-right letters, marks and joiners.

    A BidiParagraph reorders each such run as one unit, so it reaches shaping whole and in
    logical order, as in a left-to-right paragraph (the bidi algorithm would also drop its
    ZWJ and ZWNJ, which decide conjuncts and half forms)."""
    runs: list[tuple[int, int]] = []
    start = -1
    shaped = False
    for index, char in enumerate(text):
        kind = unicodedata.bidirectional(char)
        if start >= 0 and kind in _RUN_GOES_ON:
            shaped = shaped or needs_shaping(char)
            continue
        if start >= 0 and shaped:
            runs.append((start, index))
        start, shaped = (index, needs_shaping(char)) if kind == "L" else (-1, False)
    if start >= 0 and shaped:
        runs.append((start, len(text)))
    return runs


# ---- the words shaped, and the source text of their glyphs ---------------------------------
_SIMPLE_CLUSTER = 0x7FFFFFFF  # reportlab's cluster for characters added between shaped words
_LIMIT = 200_000
# (reportlab font name, shaped glyph string) -> the word it was shaped from
_WORDS: dict[tuple[str, str], str] = {}
# reportlab font name -> {private code point shaping gave a glyph: the text it came from}
_PRIVATE_TEXT: dict[str, dict[int, str]] = {}


def _remember(text: str, shaped: list) -> None:
    """Record, for the parts of one shaped word, the source text their glyphs stand for."""
    if len(_WORDS) > _LIMIT:
        _WORDS.clear()
    parts = [(f, t) for f, t in shaped[1:] if isinstance(t, ShapedStr)]
    boundaries = sorted(
        {sd.cluster for _, t in parts for sd in t.__shapeData__ if sd.cluster >= 0}  # type: ignore[attr-defined]
        | {len(text)}
    )
    for frag, glyphs in parts:
        data = glyphs.__shapeData__  # type: ignore[attr-defined]  # reportlab's own attribute
        clusters = [sd.cluster for sd in data if 0 <= sd.cluster < len(text)]
        if not clusters:
            continue
        last = max(clusters)
        end = next((b for b in boundaries if b > last), len(text))
        font_name = frag.fontName
        _WORDS[(font_name, str(glyphs))] = text[min(clusters) : end]
        private = _PRIVATE_TEXT.setdefault(font_name, {})
        for char, sd in zip(str(glyphs), data, strict=False):
            code = ord(char)
            if 0xE000 <= code <= 0xF8FF and code not in private and 0 <= sd.cluster < len(text):
                stop = next((b for b in boundaries if b > sd.cluster), len(text))
                private[code] = text[sd.cluster : stop]


def shape_word(word: list, *args: Any, **kwargs: Any) -> list:
    """reportlab's shapeFragWord, for the words of a shaped paragraph, with three changes:
    a word drawn in several fonts ("ประเทศไทย:" with the colon from another font) is shaped
    font by font (reportlab shapes the whole word with its first font's glyphs, which draws
    the rest as boxes); right-to-left letters are left as they are (`_by_direction`); and
    what each shaped part stands for is recorded for the text layer.
    """
    if isinstance(word, ShapedFragWord):
        return word
    if len(word) > 2 and any(_is_marker(frag) for frag, _ in word[1:]):
        return _shape_between_markers(word, *args, **kwargs)
    groups: list[list[tuple[Any, str]]] = []
    as_is: list[bool] = []  # per group: right-to-left letters, drawn as they come
    for frag, text in word[1:]:
        if groups and hasattr(frag, "cbDefn"):
            groups[-1].append((frag, text))
            continue
        font = getattr(frag, "fontName", None)
        for rtl, chunk in _by_direction(text):
            same_font = bool(groups) and getattr(groups[-1][-1][0], "fontName", None) == font
            if same_font and as_is[-1] == rtl:
                groups[-1].append((frag, chunk))
            else:
                groups.append([(frag, chunk)])
                as_is.append(rtl)
    if len(groups) <= 1:
        return word if as_is and as_is[0] else _shape_group(word, *args, **kwargs)
    parts: list[tuple[Any, str]] = []
    total = 0.0
    changed = False
    for group, rtl in zip(groups, as_is, strict=True):
        width = sum(
            pdfmetrics.stringWidth(t, f.fontName, f.fontSize)
            for f, t in group
            if not hasattr(f, "cbDefn")
        )
        if rtl:
            total += width
            parts.extend(group)
            continue
        result = _shape_group([width, *group], *args, **kwargs)
        changed = changed or (result is not None and isinstance(result, ShapedFragWord))
        total += result[0]
        parts.extend(result[1:])
    if not changed:
        return word
    return makeShapedFragWord(word)([total, *parts])


def _by_direction(text: str) -> list[tuple[bool, str]]:
    """`text` cut where it passes between right-to-left letters and anything else, each chunk
    with whether it is right-to-left. Such letters come to shaping only from a BidiParagraph,
    already joined (arabic-reshaper) and in display order, where HarfBuzz would reverse them
    again: they are drawn as they are."""
    if not has_rtl(text):
        return [(False, text)]
    return [(rtl, "".join(chars)) for rtl, chars in groupby(text, key=has_rtl)]


def _is_marker(frag: Any) -> bool:
    """Whether a word's fragment is a zero-width callback (a language marker)."""
    marker = getattr(frag, "cbDefn", None)
    return marker is not None and not getattr(marker, "width", 0)


def _shape_between_markers(word: list, *args: Any, **kwargs: Any) -> list:
    """A word with markers in it (briefing.render.pdf_language) shaped as if they were not
    there (reportlab's own shaping fails on a word whose callback sits where a run of text
    starts; shaping the text on each side apart would lose a kern across them), then each
    marker put back before the first shaped part of the text that followed it."""
    markers: list[tuple[int, tuple[Any, str]]] = []  # (index of the next text part, marker)
    texts: list[tuple[Any, str]] = []
    for frag, text in word[1:]:
        if _is_marker(frag):
            markers.append((len(texts), (frag, text)))
        else:
            texts.append((frag, text))
    shaped = shape_word([word[0], *texts], *args, **kwargs)
    if not texts or not isinstance(shaped, ShapedFragWord):
        return word  # nothing shaped: the word as it was, markers and all
    # each shaped part is drawn with the fragment of the text it came from
    index_of = {id(frag): index for index, (frag, _) in enumerate(texts)}
    parts: list[Any] = []
    waiting = 0
    for part in shaped[1:]:
        index = index_of.get(id(part[0]), 0)
        while waiting < len(markers) and markers[waiting][0] <= index:
            parts.append(markers[waiting][1])
            waiting += 1
        parts.append(part)
    parts.extend(marker for _, marker in markers[waiting:])
    return makeShapedFragWord(word)([shaped[0], *parts])


def _shape_group(word: list, *args: Any, **kwargs: Any) -> list:
    shaped = _reportlab_shape(word, *args, **kwargs)
    if shaped is not word and isinstance(shaped, ShapedFragWord):
        _remember("".join(t for f, t in word[1:] if not hasattr(f, "cbDefn")), shaped)
    return shaped


_reportlab_shape = shapeFragWord


def install() -> None:
    """Put `shape_word` in place for reportlab's paragraphs, and turn off discretionary
    ligatures (called by the writer before it lays anything out; harmless to repeat).

    Paragraph looks shapeFragWord up in its own module's namespace for every word it shapes.
    reportlab shapes with kern, liga and dlig on: with dlig DejaVu Serif sets "st" as a
    ligature, which no edited text does; its default features are one dictionary shared by
    every call, so dlig is turned off there."""
    rl_paragraph.shapeFragWord = shape_word  # type: ignore[attr-defined]  # not in the stubs
    features = shapeFragWord.__defaults__[0] if shapeFragWord.__defaults__ else None
    if isinstance(features, dict):
        features["dlig"] = False


def _hex_text(text: str) -> str:
    return "<FEFF" + text.encode("utf-16-be").hex().upper() + ">"


# reportlab's own text formatting, which its stubs leave out
_format_text: Any = PDFTextObject._formatText  # type: ignore[attr-defined]


class ActualTextObject(CachedColours, PDFTextObject):
    """A text object that draws each word shaping changed inside an ActualText span, and
    plain text in a TrueType font with fewer steps than reportlab's own (every line of every
    paragraph comes here)."""

    def _formatText(self, text: Any) -> str:
        state: Any = self  # reportlab's attributes, which its stubs leave out
        if type(text) is str:
            font: Any = pdfmetrics.getFont(state._fontname)
            if font._dynamicFont:  # a TrueType font
                shown, state._curSubset = show_plain(
                    font, text, state._canvas, state._fontsize, state._leading, state._curSubset
                )
                return shown
        if not isinstance(text, ShapedStr) or not _WORDS:
            return str(_format_text(self, text))
        font_name = state._fontname
        out: list[str] = []
        for part in _word_parts(text):
            source = _WORDS.get((font_name, str(part)))
            drawn = _format_text(self, part)
            if source is None:
                out.append(drawn)
            else:
                out.append(f"/Span <</ActualText {_hex_text(source)}>> BDC {drawn} EMC")
        return " ".join(out)


def show_plain(
    font: Any, text: str, canvas: Any, size: float, leading: float, subset: int
) -> tuple[str, int]:
    """The operators reportlab's _formatText writes for unshaped `text` in a TrueType font
    (a font change wherever the text moves to another subset of the font, each chunk shown),
    and the subset current after them; `subset` is the one current before."""
    doc = canvas._doc
    out = []
    for chunk_subset, chunk in font.splitString(text, doc):
        if chunk_subset != subset:
            name = font.getSubsetInternalName(chunk_subset, doc)
            sizes = _FONT_SIZES.get((size, leading))
            if sizes is None:  # formatted once: every text object begins with these
                sizes = _FONT_SIZES[(size, leading)] = f"{fp_str(size)} Tf {fp_str(leading)} TL"
            out.append(f"{name} {sizes}")
            subset = chunk_subset
        out.append(f"({canvas._escape(chunk)}) Tj")
    return " ".join(out), subset


_FONT_SIZES: dict[tuple[float, float], str] = {}  # (size, leading) -> "size Tf leading TL"


LEFT, CENTRE, RIGHT = 0, 1, 2


def draw_plain(
    canvas: Any, x: float, y: float, text: str, align: int = LEFT, width: float | None = None
) -> None:
    """canvas.drawString (drawCentredString, drawRightString with `align`) for a line of
    unshaped text in the canvas's TrueType font: the same text object, written straight to
    the page (reportlab makes a text object, measures the text even when it starts at `x`,
    and formats it through three calls: a fifth of the cost of a large briefing's quotes went
    on their citation marks and labels). `width`, when known, is the text's stringWidth."""
    font: Any = pdfmetrics.getFont(canvas._fontname)
    if type(text) is not str or not font._dynamicFont or not canvas.bottomup:
        draw = (canvas.drawString, canvas.drawCentredString, canvas.drawRightString)[align]
        draw(x, y, text)
        return
    if align != LEFT:
        if width is None:
            width = pdfmetrics.stringWidth(text, canvas._fontname, canvas._fontsize)
        x = x - width if align == RIGHT else x - 0.5 * width
    shown, _ = show_plain(font, text, canvas, canvas._fontsize, canvas._leading, -1)
    canvas._code.append(f"BT 1 0 0 1 {fp_str(x, y)} Tm {shown} T* ET")


def _word_parts(text: ShapedStr) -> list[Any]:
    """A shaped line split into its words and the characters between them."""
    data = text.__shapeData__  # type: ignore[attr-defined]
    parts: list[Any] = []  # ShapedStr slices (typed as str by reportlab's stubs)
    start = 0
    for index in range(1, len(data)):
        before, here = data[index - 1].cluster, data[index].cluster
        simple_edge = (before == _SIMPLE_CLUSTER) != (here == _SIMPLE_CLUSTER)
        space_edge = text[index - 1].isspace() != text[index].isspace()
        restart = here == 0 and before != _SIMPLE_CLUSTER and before > 0
        if simple_edge or space_edge or restart:
            parts.append(text[start:index])
            start = index
    parts.append(text[start:])
    return parts


# ---- fonts with a character map that reads back --------------------------------------------
def _unicode_of(code: int, private: dict[int, str]) -> str:
    if code in private:
        return private[code]
    if 0xFB50 <= code <= 0xFDFF or 0xFE70 <= code <= 0xFEFF:  # Arabic presentation forms
        letters = unicodedata.normalize("NFKC", chr(code))
        # A ligature (lam-alef) stands for two letters; the glyph sits in a line drawn in
        # visual order, which readers turn back to logical order character by character,
        # so its letters are given in visual order too.
        return letters[::-1] if len(letters) > 1 else letters
    return chr(code)


def to_unicode_cmap(font_name: str, subset: list[int], private: dict[int, str]) -> str:
    """A ToUnicode CMap for one subset (256 codes at most), every target as UTF-16BE."""
    entries = []
    for index, code in enumerate(subset):
        target = _unicode_of(code, private) or chr(code)
        entries.append(f"<{index:02X}> <{target.encode('utf-16-be').hex().upper()}>")
    lines = [
        "/CIDInit /ProcSet findresource begin",
        "12 dict begin",
        "begincmap",
        "/CIDSystemInfo",
        f"<< /Registry ({font_name})",
        f"/Ordering ({font_name})",
        "/Supplement 0",
        ">> def",
        f"/CMapName /{font_name} def",
        "/CMapType 2 def",
        "1 begincodespacerange",
        f"<00> <{len(subset) - 1:02X}>",
        "endcodespacerange",
    ]
    for start in range(0, len(entries), 100):  # at most 100 entries per block
        block = entries[start : start + 100]
        lines += [f"{len(block)} beginbfchar", *block, "endbfchar"]
    lines += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    return "\n".join(lines)


class EmbeddedFont(TTFont):
    """A TrueType font whose subsets get a ToUnicode map that reads back (module docstring),
    and whose text is encoded from the codes already settled (briefing.render.pdf_codes)."""

    # (the document, its state for this font, the state's settled codes) of the last call:
    # the document is found without a weak-key dictionary lookup for every line
    _bb_last: tuple[weakref.ref[Any], Any, SubsetCodes] | None = None

    def _codes(self, doc: Any) -> tuple[Any, SubsetCodes] | None:
        last = self._bb_last
        if last is not None and last[0]() is doc:
            return last[1], last[2]
        state = self.state.get(doc)
        if state is None:
            return None
        codes = codes_of(state)
        self._bb_last = (weakref.ref(doc), state, codes)
        return state, codes

    def splitString(self, text: Any, doc: Any, encoding: str = "utf-8") -> list[tuple[int, bytes]]:
        found = self._codes(doc) if isinstance(text, str) else None
        if found is not None:
            state, codes = found
            assignments = state.assignments
            split = codes.split(text, assignments)
            if split is not None:
                return split
            split = super().splitString(text, doc, encoding)
            codes.learn(text, assignments)
            return split
        return super().splitString(text, doc, encoding)

    def getSubsetInternalName(self, subset: int, doc: Any) -> str:
        # the same name for a subset once it has one (the first call registers the font)
        found = self._codes(doc)
        if found is not None:
            name = found[1].names.get(subset)
            if name is not None:
                return name
        name = super().getSubsetInternalName(subset, doc)
        found = self._codes(doc)
        if found is not None:
            found[1].names[subset] = name
        return name

    def addObjects(self, doc: Any) -> None:
        state = self.state.get(doc)
        subsets = [list(subset) for subset in state.subsets] if state is not None else []
        names = [self.getSubsetInternalName(n, doc)[1:] for n in range(len(subsets))]
        super().addObjects(doc)
        fonts = doc.idToObject["BasicFonts"].dict
        private = _PRIVATE_TEXT.get(self.fontName, {})
        for name, subset in zip(names, subsets, strict=True):
            pdf_font = fonts.get(name)
            reference = getattr(pdf_font, "ToUnicode", None)
            stream = doc.idToObject.get(getattr(reference, "name", None))
            if stream is not None and subset:
                stream.content = to_unicode_cmap(str(pdf_font.BaseFont), subset, private)
