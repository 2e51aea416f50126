"""Font discovery and per-character coverage, shared by the pre-export checks and the writers.

How fonts are found
-------------------
A theme names font *families* ("DejaVu Serif", "WenQuanYi Zen Hei"). They are looked up in:

1. the folders listed in the ``BRIEFING_FONT_PATH`` environment variable (separated by ``:``
   on Linux and macOS, ``;`` on Windows), searched first and recursively;
2. the system's fonts:

   - Linux and other Unix: fontconfig (``fc-list``) when it is installed, which also covers
     ``~/.fonts``, ``~/.local/share/fonts`` and any folder configured for fontconfig; without
     fontconfig the folders ``/usr/share/fonts``, ``/usr/local/share/fonts``, ``~/.fonts`` and
     ``~/.local/share/fonts`` are scanned;
   - Windows: ``%WINDIR%\\Fonts`` and the per-user ``%LOCALAPPDATA%\\Microsoft\\Windows\\Fonts``;
   - macOS: ``/System/Library/Fonts``, ``/Library/Fonts`` and ``~/Library/Fonts``.

Family and style names come from each font's own ``name`` table (read with fontTools), not
from file names; ``.ttf`` files and ``.ttc`` collections (every font inside) are both read.
Scanned folders are indexed once per process; the names read are kept in a small JSON cache in
the user's cache folder, keyed by file size and modification time, so later runs only look at
new or changed files.

A family resolves to a regular, bold, italic and bold-italic face; a missing style falls back
to the regular face. Only fonts with TrueType outlines (a ``glyf`` table) can be embedded by
the PDF writer: fonts with PostScript/CFF outlines (many ``.otf`` files, Noto Sans CJK, Source
Han) and colour emoji fonts are found and reported but never chosen.

Coverage
--------
`FontSet` takes the theme's families in order of preference: the first installed one is the
main font, the others are fallbacks used character by character. `FontSet.uncovered(text)`
returns the characters no font in the set can draw, ignoring characters that are never drawn
as glyphs of their own (white space, control and format characters such as ZWJ and bidi marks,
variation selectors, emoji skin-tone modifiers and other default-ignorable code points).

A character none of the theme's families has is drawn from any installed family that has it
(`FontSet.family_for`, chosen per script: briefing.core.fonts_fallback); `FontSet.unreachable`
lists what no installed font has, which the pre-export checks report.

Discovery lives in briefing.core.fonts_discovery, coverage and the theme's fallback in
briefing.core.fonts_coverage, installed fallback in briefing.core.fonts_fallback; this module
is what the rest of the program imports.
"""

from __future__ import annotations

from briefing.core import fonts_coverage, fonts_discovery
from briefing.core.fonts_coverage import (
    FontSet,
    coverage,
    face_coverage,
    font_set,
    is_ignorable,
)
from briefing.core.fonts_discovery import (
    BOLD,
    BOLD_ITALIC,
    FONT_PATH_ENV,
    FONT_SUFFIXES,
    ITALIC,
    REGULAR,
    STYLES,
    FontError,
    FontFace,
    FontFamily,
    FontIndex,
    build_index,
    env_font_dirs,
    find_faces,
    font_index,
    fontconfig_faces,
    read_faces,
    resolve_family,
    resolve_from_faces,
    scan_folders,
    style_of,
    system_font_dirs,
)
from briefing.core.fonts_fallback import fallback_fonts, script_of


def refresh_fonts() -> None:
    """Forget what was found (after installing fonts or changing BRIEFING_FONT_PATH)."""
    fonts_discovery.font_index.cache_clear()
    fonts_discovery.resolve_family.cache_clear()
    fonts_coverage.forget_coverage()


__all__ = [
    "BOLD",
    "BOLD_ITALIC",
    "FONT_PATH_ENV",
    "FONT_SUFFIXES",
    "ITALIC",
    "REGULAR",
    "STYLES",
    "FontError",
    "FontFace",
    "FontFamily",
    "FontIndex",
    "FontSet",
    "build_index",
    "coverage",
    "env_font_dirs",
    "face_coverage",
    "fallback_fonts",
    "find_faces",
    "font_index",
    "font_set",
    "fontconfig_faces",
    "is_ignorable",
    "read_faces",
    "refresh_fonts",
    "resolve_family",
    "resolve_from_faces",
    "scan_folders",
    "script_of",
    "style_of",
    "system_font_dirs",
]
