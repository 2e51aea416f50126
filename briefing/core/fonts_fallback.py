"""Installed-font fallback: for a character none of the theme's families has, the installed
family that draws it, chosen per script and remembered. (See briefing.core.fonts.)

How a family is chosen for a character the theme lacks:

1. the family already chosen for the character's script (so a Hindi sentence stays in one
   face), when it has the character;
2. the families whose name names the script ("Noto Sans Devanagari", "Lohit Devanagari",
   "Noto Serif Khmer"), best first;
3. any other installed family that has the character: fontconfig is asked (``fc-list
   :charset=…``) where it is installed, else every installed family's coverage is read (kept
   on disk, see fonts_coverage.coverage).

"Best" prefers, in order: a family with a real bold face (headings are bold), sans before
serif before other designs (the theme's headings are sans; a serif family is chosen by name
first when the theme's main font is a serif), no "UI", "Mono", "Looped" or "Display"
variants, then the shorter name. Only fonts the PDF writer can embed are ever chosen
(TrueType outlines, not colour fonts).
"""

from __future__ import annotations

import functools
import re
import shutil
import subprocess
from collections.abc import Iterable, Sequence

from briefing.core.fonts_coverage import face_coverage
from briefing.core.fonts_discovery import (
    BOLD,
    REGULAR,
    FontError,
    FontFamily,
    font_index,
    resolve_family,
)

_VARIANT_WORDS = re.compile(r"\b(UI|Mono|Looped|Display|Condensed|Supplement|Slanted)\b", re.I)


def script_of(char: str) -> str:
    """The character's Unicode script code ("Deva", "Thai", "Zyyy" for common characters)."""
    from fontTools import unicodedata as ucd

    return str(ucd.script(char))


def script_name(code: str) -> str:
    from fontTools import unicodedata as ucd

    return str(ucd.script_name(code, default=code))


def _rank(family: FontFamily, serif: bool) -> tuple:
    name = family.name
    has_bold = family.bold.key != family.regular.key
    words = name.casefold().split()
    design = 0 if ("serif" in words) == serif and ("sans" in words or "serif" in words) else 1
    return (
        not has_bold,
        design,
        bool(_VARIANT_WORDS.search(name)),
        len(name),
        name,
    )


class InstalledFallback:
    """Finds, for characters the theme's families lack, an installed family that has them."""

    def __init__(self, serif: bool = False) -> None:
        self.serif = serif
        self._by_script: dict[str, FontFamily] = {}
        self._by_char: dict[tuple[str, str], FontFamily | None] = {}
        self._named: dict[str, list[FontFamily]] = {}

    def family_for(self, char: str, style: str = REGULAR) -> FontFamily | None:
        """An installed family whose `style` face (else regular face) draws `char`, or None."""
        key = (char, style)
        try:
            return self._by_char[key]
        except KeyError:
            pass
        found = self._find(char, style)
        self._by_char[key] = found
        return found

    def _find(self, char: str, style: str) -> FontFamily | None:
        code = ord(char)
        script = script_of(char)
        known = self._by_script.get(f"{script}/{style}")
        if known is not None and code in face_coverage(known.regular):
            return known
        candidates = self._named_for(script)
        chosen = next((f for f in candidates if code in face_coverage(f.regular)), None)
        if chosen is None:
            chosen = self._any_with(code)
        if chosen is not None and script not in ("Zyyy", "Zinh", "Zzzz"):
            self._by_script.setdefault(f"{script}/{style}", chosen)
        return chosen

    def _named_for(self, script: str) -> list[FontFamily]:
        found = self._named.get(script)
        if found is None:
            found = []
            if script not in ("Zyyy", "Zinh", "Zzzz"):
                wanted = script_name(script).casefold().replace("_", " ")
                names = [n for n in _installed_family_names() if wanted in n]
                found = self._ranked(names)
            self._named[script] = found
        return found

    def _ranked(self, names: Iterable[str]) -> list[FontFamily]:
        families: dict[str, FontFamily] = {}
        for name in names:
            family = resolve_family(name)
            if family is not None and family.regular.usable:
                families.setdefault(family.regular.key, family)
        return sorted(families.values(), key=lambda f: _rank(f, self.serif))

    def _any_with(self, code: int) -> FontFamily | None:
        names: Iterable[str] | None = _fontconfig_families_with(code)
        if names is None:  # no fontconfig: read the coverage of every installed family
            names = _installed_family_names()
        return next((f for f in self._ranked(names) if _covers(f, code)), None)


def _covers(family: FontFamily, code: int) -> bool:
    try:
        return code in face_coverage(family.regular)
    except FontError:
        return False


def bold_face_of(family: FontFamily) -> bool:
    """Whether the family has a bold face of its own (not its regular face standing in)."""
    return family.face(BOLD).key != family.regular.key


def _installed_family_names() -> list[str]:
    return sorted(font_index().by_family)


@functools.lru_cache(maxsize=4096)
def _fontconfig_families_with(code: int) -> tuple[str, ...] | None:
    """The family names fontconfig lists as covering `code`; None without fontconfig."""
    fc_list = shutil.which("fc-list")
    if not fc_list:
        return None
    try:
        result = subprocess.run(
            [fc_list, f":charset={code:x}", "family"],
            capture_output=True,
            timeout=30,
            check=True,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    names: list[str] = []
    for line in result.stdout.decode("utf-8", "replace").splitlines():
        for name in line.split(","):
            name = name.strip()
            if name and name.casefold() not in names:
                names.append(name.casefold())
    return tuple(names)


@functools.lru_cache(maxsize=4)
def installed_fallback(serif: bool = False) -> InstalledFallback:
    """The process-wide fallback (cleared by fonts.refresh_fonts)."""
    return InstalledFallback(serif)


def forget_fallback() -> None:
    installed_fallback.cache_clear()
    _fontconfig_families_with.cache_clear()


def fallback_fonts(text: str, families: Sequence[str]) -> dict[str, str]:
    """For the characters of `text` that none of the theme's `families` has: the installed
    family that draws them, by script code ({"Deva": "Noto Serif Devanagari"}). The same
    choice as the PDF writer's (FontSet.family_for), for writers that only name fonts."""
    from briefing.core.fonts_coverage import font_set

    try:
        fonts = font_set(tuple(families))
    except FontError:
        return {}
    missing = fonts.uncovered(text)
    if not missing:
        return {}
    from fontTools import unicodedata as ucd

    scripts = {script_of(char) for char in missing} - {"Zyyy", "Zinh"}
    found: dict[str, str] = {}
    for char in sorted(missing):
        script = script_of(char)
        if script in ("Zyyy", "Zinh") and ucd.script_extension(char) & scripts:
            continue  # a danda or a shared mark: drawn with the script it serves
        family = fonts.family_for(char)
        if family is not None:
            found.setdefault(script, family.name)
    return found
