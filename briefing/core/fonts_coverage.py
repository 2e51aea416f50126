"""Font coverage: which characters a font draws, which characters need no glyph, and the
theme's families as a `FontSet` with per-character fallback. (See briefing.core.fonts.)"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from briefing.core.fonts_discovery import (
    FONT_PATH_ENV,
    REGULAR,
    FontError,
    FontFace,
    FontFamily,
    cache_file,
    file_stamp,
    find_faces,
    load_cache,
    open_fonts,
    resolve_family,
    save_cache,
)

if TYPE_CHECKING:
    from briefing.core.fonts_fallback import InstalledFallback


@functools.lru_cache(maxsize=64)
def coverage(path: str, index: int = 0) -> frozenset[int]:
    """The code points a font maps to a glyph (its best cmap).

    Reading a cmap with fontTools also reads every glyph name (~0.1 s for a CJK font), so the
    result is kept in the user's cache folder, keyed by file size and modification time.
    """
    stamp = file_stamp(path)
    key = f"{path}#{index}"
    saved = _coverage_store() if stamp is not None else {}
    entry = saved.get(key)
    if isinstance(entry, dict) and entry.get("stamp") == stamp:
        try:
            return _from_ranges(entry["ranges"])
        except (KeyError, TypeError, ValueError):
            pass
    try:
        with open_fonts(path) as fonts:
            found = frozenset(fonts[index].getBestCmap() or {})
    except Exception as exc:
        raise FontError(f"{path}: cannot read the font: {exc}") from None
    if stamp is not None:
        saved[key] = {"stamp": stamp, "ranges": _to_ranges(found)}
        save_cache(_coverage_cache_file(), "faces", saved)
    return found



def _coverage_cache_file() -> Path:
    return cache_file().with_name("coverage.json")


@functools.lru_cache(maxsize=1)
def _coverage_store() -> dict:
    """The coverage cache as loaded from disk (and added to) in this process."""
    return load_cache(_coverage_cache_file(), "faces")


def _to_ranges(codes: Iterable[int]) -> list[list[int]]:
    ranges: list[list[int]] = []
    for code in sorted(codes):
        if ranges and code == ranges[-1][1] + 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    return ranges


def _from_ranges(ranges: list) -> frozenset[int]:
    codes: set[int] = set()
    for low, high in ranges:
        codes.update(range(int(low), int(high) + 1))
    return frozenset(codes)


def face_coverage(face: FontFace) -> frozenset[int]:
    return coverage(face.path, face.index)


# Code points that are never drawn as a glyph of their own, so a font lacking them is no loss.
# Default-ignorable code points (Unicode DerivedCoreProperties) plus emoji skin-tone modifiers,
# which a monochrome font cannot apply anyway (the base emoji still shows).
_IGNORABLE_RANGES = (
    (0x00AD, 0x00AD),
    (0x034F, 0x034F),
    (0x061C, 0x061C),
    (0x115F, 0x1160),
    (0x17B4, 0x17B5),
    (0x180B, 0x180F),
    (0x200B, 0x200F),
    (0x202A, 0x202E),
    (0x2060, 0x206F),
    (0x3164, 0x3164),
    (0xFE00, 0xFE0F),
    (0xFEFF, 0xFEFF),
    (0xFFA0, 0xFFA0),
    (0xFFF0, 0xFFF8),
    (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A),
    (0x1F3FB, 0x1F3FF),
    (0xE0000, 0xE0FFF),
)


@functools.lru_cache(maxsize=4096)
def is_ignorable(char: str) -> bool:
    """True for characters that need no glyph: spaces, controls, format characters, selectors."""
    if char.isspace():
        return True
    category = unicodedata.category(char)
    if category in ("Cc", "Cf", "Zl", "Zp"):
        return True
    code = ord(char)
    return any(low <= code <= high for low, high in _IGNORABLE_RANGES)


class FontSet:
    """The theme's families in order of preference, with per-character fallback.

    Raises FontError when none of the families is installed with usable (TrueType) fonts.
    """

    def __init__(self, families: Sequence[str]) -> None:
        self.requested: tuple[str, ...] = tuple(f.strip() for f in families if f.strip())
        resolved: list[FontFamily] = []
        missing: list[str] = []
        for name in self.requested:
            family = resolve_family(name)
            if family is None:
                missing.append(name)
            elif all(f.regular.key != family.regular.key for f in resolved):
                resolved.append(family)
        if not resolved:
            raise FontError(_none_installed_message(self.requested))
        self.families: tuple[FontFamily, ...] = tuple(resolved)
        self.missing: tuple[str, ...] = tuple(missing)
        self._by_style: dict[str, list[tuple[FontFamily, frozenset[int]]]] = {}
        self._regular = self._coverages(REGULAR)
        self._union = _union_of(tuple(family.regular for family in self.families))
        self._choice: dict[tuple[str, str], FontFamily | None] = {}
        # characters known to be drawn (or ignorable): set difference with a text's own
        # characters is C speed, and the writers ask this of every run
        self._fine: set[str] = set()

    @classmethod
    def resolve(cls, families: Sequence[str]) -> FontSet:
        """The process-wide FontSet for `families` (shared: the checks and every writer ask)."""
        return font_set(tuple(families))

    @property
    def main(self) -> FontFamily:
        return self.families[0]

    def _coverages(self, style: str) -> list[tuple[FontFamily, frozenset[int]]]:
        found = self._by_style.get(style)
        if found is None:
            found = [(family, face_coverage(family.face(style))) for family in self.families]
            self._by_style[style] = found
        return found

    def font_for(self, char: str, style: str = REGULAR) -> FontFamily | None:
        """The first family whose `style` face has `char` (then whose regular face has it)."""
        key = (char, style)
        try:
            return self._choice[key]
        except KeyError:
            pass
        code = ord(char)
        choice = next((fam for fam, cov in self._coverages(style) if code in cov), None)
        if choice is None and style != REGULAR:
            choice = next((fam for fam, cov in self._regular if code in cov), None)
        self._choice[key] = choice
        return choice

    def uncovered(self, text: str) -> set[str]:
        """Characters of `text` that no font in the set can draw (ignorable ones excluded)."""
        rest = set(text) - self._fine
        if not rest:
            return rest
        union, missing = self._union, set()
        for char in rest:
            if ord(char) in union or is_ignorable(char):
                self._fine.add(char)
            else:
                missing.add(char)
        return missing

    def family_for(self, char: str, style: str = REGULAR) -> FontFamily | None:
        """`font_for`, then, for a character none of the theme's families has, an installed
        family that has it (briefing.core.fonts_fallback); None when no installed font has it."""
        family = self.font_for(char, style)
        if family is None and not is_ignorable(char):
            family = self._installed().family_for(char, style)
        return family

    def unreachable(self, text: str) -> set[str]:
        """Characters of `text` that no installed font can draw (ignorable ones excluded)."""
        installed = self._installed()
        return {c for c in self.uncovered(text) if installed.family_for(c) is None}

    def _installed(self) -> InstalledFallback:  # imported late: it imports this module
        from briefing.core.fonts_fallback import installed_fallback

        words = self.main.name.casefold().split()
        return installed_fallback("serif" in words)

    def main_covers_all(self, text: str, style: str = REGULAR) -> bool:
        """Fast path for writers: does the main font's `style` face draw every character?"""
        return self._coverages(style)[0][1].issuperset(map(ord, text))


@functools.lru_cache(maxsize=16)
def _union_of(faces: tuple[FontFace, ...]) -> frozenset[int]:
    # A CJK face maps ~30,000 code points: worth building the union once per process.
    return frozenset().union(*(face_coverage(face) for face in faces))


@functools.lru_cache(maxsize=16)
def font_set(families: tuple[str, ...]) -> FontSet:
    """A FontSet built once per process per tuple of families (cleared by refresh_fonts).

    Building one reads each face's character map; the pre-export checks and the writers of
    one export all ask for the same theme's families.
    """
    return FontSet(families)


def _none_installed_message(names: Sequence[str]) -> str:
    listed = ", ".join(names) if names else "(no fonts named)"
    unusable = []
    for name in names:
        faces = find_faces(name)
        if faces and not any(f.usable for f in faces):
            unusable.append(f"{name} ({faces[0].reason_unusable})")
    detail = f"; found but unusable: {', '.join(unusable)}" if unusable else ""
    return (
        f"none of the fonts {listed} is installed{detail}; install one or set "
        f"{FONT_PATH_ENV} to a folder that holds one"
    )


def forget_coverage() -> None:
    """Drop every coverage and font set kept in this process (see fonts.refresh_fonts)."""
    from briefing.core.fonts_fallback import forget_fallback

    forget_fallback()
    coverage.cache_clear()
    _coverage_store.cache_clear()
    font_set.cache_clear()
    _union_of.cache_clear()
