"""Text measurement for the DOCX page layout (briefing.render.docx_layout): how wide a piece
of text is and how tall its line, in the fonts a Word run names, per script slot.

Widths come from the advance widths of the installed fonts (fontTools), picked per character
the way Word picks a run's font: w:ascii/w:hAnsi for most scripts, w:eastAsia for CJK, w:cs
for right-to-left and the Indic and South-East Asian scripts. Line heights come from each
font's Windows ascent and descent, as Word and LibreOffice compute single line spacing.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from itertools import accumulate
from operator import add, itemgetter, sub

from briefing.core.fonts import resolve_family, style_of

_FALLBACK_FAMILIES = ("DejaVu Sans", "Liberation Sans", "Arial")


@dataclass
class FaceMetrics:
    """Advance widths (in em) and line height (in em) of one face."""

    advances: dict[int, float]
    line_height: float


_PLACEHOLDER = FaceMetrics({}, 1.17)


@cache
def _face_metrics(path: str, index: int) -> FaceMetrics:
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
    return FaceMetrics(advances, height)


@cache
def font_metrics(family: str, bold: bool, italic: bool) -> FaceMetrics:
    """The metrics of `family`'s face for the style, or of a common fallback family."""
    for name in (family, *_FALLBACK_FAMILIES):
        resolved = resolve_family(name) if name else None
        if resolved is not None:
            face = resolved.face(style_of(bold, italic))
            return _face_metrics(face.path, face.index)
    return _PLACEHOLDER


def script_slot(char: str, rtl: bool) -> str:
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


# The characters at which break_opportunities may cut: spaces, hyphens and the east Asian
# ranges of script_slot. Looking only at these (found by the regex engine) instead of at every
# character keeps line breaking a small part of a DOCX export.
_BREAK_CANDIDATES = re.compile(
    r"[ \-\u2010\u1100-\u11ff\u2e80-\ua4cf\uac00-\ud7af\uf900-\ufaff\uff00-\uffef"
    r"\U00020000-\U0003ffff]"
)


@dataclass(frozen=True)
class RunLook:
    """What decides the size of a run's text: its resolved character properties."""

    size: float = 10.0  # points
    bold: bool = False
    italic: bool = False
    caps: bool = False
    spacing: float = 0.0  # extra points per character
    fonts: tuple[tuple[str, str], ...] = ()  # (slot, family)
    rtl: bool = False

    def family(self, slot: str) -> str:
        return dict(self.fonts).get(slot, "")


def text_width(text: str, look: RunLook) -> float:
    """Width of `text` in twips."""
    return text_widths(look).measure(text)


class CharacterWidths(dict[str, float]):
    """Each character's width in twips in one look, worked out the first time it is asked
    for; `measure` adds them up (the layout measures every word of the body)."""

    def __init__(self, look: RunLook) -> None:
        super().__init__()
        self.look = look

    def __missing__(self, char: str) -> float:
        look = self.look
        if unicodedata.category(char) in ("Mn", "Cf"):
            width = 0.0  # combining marks and format characters take no width of their own
        else:
            metrics = font_metrics(look.family(script_slot(char, look.rtl)), look.bold, look.italic)
            advance = metrics.advances.get(ord(char))
            if advance is None:
                advance = _fallback_advance(char, look)
            width = advance * look.size * 20 + look.spacing * 20
        self[char] = width
        return width

    @property
    def additive(self) -> bool:
        """Whether a text's width is the sum of its characters' in order, never shrinking
        (not so for capitals, where "ß" becomes "SS", or negative letter spacing)."""
        return not self.look.caps and self.look.spacing >= 0

    def cumulative(self, text: str) -> list[float]:
        """The width of each prefix of `text`: entry i is the width of text[:i]."""
        return list(accumulate(map(self.__getitem__, text), initial=0.0))

    def measure(self, text: str) -> float:
        if self.look.caps:
            text = text.upper()
        total = 0.0
        # added one by one, not with sum(): from Python 3.12 sum() compensates rounding, and
        # the contents' page numbers must not depend on the Python they were made with
        for width in map(self.__getitem__, text):
            total += width
        return total


@cache
def text_widths(look: RunLook) -> CharacterWidths:
    """The character widths of `look` (one table per look, kept for the process)."""
    return CharacterWidths(look)


def _fallback_advance(char: str, look: RunLook) -> float:
    for _slot_name, family in look.fonts:
        advance = font_metrics(family, look.bold, look.italic).advances.get(ord(char))
        if advance is not None:
            return advance
    return 1.0 if script_slot(char, False) == "eastAsia" else 0.55


def line_height(look: RunLook) -> float:
    """The natural line height in twips of text in `look` (the Latin slot's font decides)."""
    metrics = font_metrics(look.family("ascii"), look.bold, look.italic)
    return metrics.line_height * look.size * 20


def break_opportunities(text: str) -> Iterable[str]:
    """`text` cut where a line may break: after spaces, after a hyphen between letters and
    between CJK characters (what Word and LibreOffice's line breakers agree on for our texts)."""
    start = 0
    end = len(text)
    for found in _BREAK_CANDIDATES.finditer(text):
        index = found.start()
        char = text[index]
        if char == " ":
            if index + 1 < end and text[index + 1] != " ":
                yield text[start : index + 1]
                start = index + 1
        elif char in "-\u2010":
            if 0 < index < end - 1 and text[index - 1].isalpha() and text[index + 1].isalpha():
                yield text[start : index + 1]  # "state-owned" may break after its hyphen
                start = index + 1
        elif unicodedata.east_asian_width(char) in "WF":
            if start < index:
                yield text[start:index]
            yield char
            start = index + 1
    if start < end:
        yield text[start:]


# One piece of break_opportunities for text without CJK: (its text, its trailing spaces). A
# hyphen ends a piece when a letter comes before and after it ([^\W\d_] is a letter or a
# numeric character such as "²"; word_ends checks the letters with str.isalpha as
# break_opportunities does). The last alternative: the empty tail of a piece cut at a hyphen.
_CHUNK = re.compile(
    r"((?:[^ \-\u2010]|[-\u2010](?!(?<=[^\W\d_][-\u2010])[^\W\d_]))*"
    r"(?:(?<=[^\W\d_])[-\u2010](?=[^\W\d_]))?)"
    r"( +(?=[^ ])| *\Z|(?<=[-\u2010]))",
    re.DOTALL,
)
_SPACED = re.compile(r"([^ ]*)( +(?=[^ ])| *\Z)", re.DOTALL)  # the same, for text with no hyphen
_CJK = re.compile(_BREAK_CANDIDATES.pattern.replace("[ \\-\\u2010", "[", 1))


def word_ends(text: str) -> tuple[list[int], list[int]]:
    """Where each piece of break_opportunities(text) ends, with and without its trailing
    spaces (indexes into `text`): the layout fills lines from these and prefix widths.

    Without CJK, one regex finds the pieces and the ends are summed from their lengths, with
    no Python step per word (the layout asks this of every paragraph of the body)."""
    if text and _CJK.search(text) is None:
        hyphens = "-" in text or "\u2010" in text
        pairs = (_CHUNK if hyphens else _SPACED).findall(text)
        if pairs and pairs[-1] == ("", ""):
            pairs.pop()  # the empty match at the very end
        spaces = list(map(len, map(itemgetter(1), pairs)))
        ends = list(accumulate(map(add, map(len, map(itemgetter(0), pairs)), spaces)))
        stripped = list(map(sub, ends, spaces))
        if ends and ends[-1] == len(text) and (
            not hyphens or _hyphen_breaks_hold(text, ends, spaces)
        ):
            return ends, stripped
    ends, stripped = [], []
    position = 0
    for word in break_opportunities(text):
        position += len(word)
        ends.append(position)
        stripped.append(position - len(word) + len(word.rstrip(" ")))
    return ends, stripped


def _hyphen_breaks_hold(text: str, ends: list[int], spaces: list[int]) -> bool:
    """Whether every piece the regex cut at a hyphen has letters on both sides."""
    last = len(text)
    return all(
        text[end - 2].isalpha() and text[end].isalpha()
        for end, space in zip(ends, spaces, strict=True)
        if not space and end < last and text[end - 1] in "-\u2010"
    )
