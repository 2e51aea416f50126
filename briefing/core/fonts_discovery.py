"""Font discovery: which font files are installed, their family and style names, and a
theme family resolved to its four faces. (How fonts are found: see briefing.core.fonts.)"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import platformdirs

from briefing.core.atomic import write_atomically
from briefing.core.errors import BriefingError

FONT_PATH_ENV = "BRIEFING_FONT_PATH"
FONT_SUFFIXES = (".ttf", ".ttc", ".otf", ".otc")
_CACHE_VERSION = 1

REGULAR, BOLD, ITALIC, BOLD_ITALIC = "regular", "bold", "italic", "bold_italic"
STYLES = (REGULAR, BOLD, ITALIC, BOLD_ITALIC)


class FontError(BriefingError):
    """A theme whose fonts are not installed, or a font file that cannot be read."""


# ---- faces --------------------------------------------------------------------------------
@dataclass(frozen=True)
class FontFace:
    """One font: a file, or one font inside a .ttc collection (`index`)."""

    path: str
    index: int
    families: tuple[str, ...]  # every family name the font answers to
    style: str  # the font's own style name, e.g. "Bold Italic", "Book"
    weight: int  # 100 … 900 (400 regular, 700 bold)
    italic: bool
    width: int  # 1 … 9 (5 normal, below condensed)
    outlines: str  # "truetype" | "cff" | "other"
    colour: bool  # a colour (emoji) font

    @property
    def usable(self) -> bool:
        """Whether the PDF writer can embed it: TrueType outlines, not a colour font."""
        return self.outlines == "truetype" and not self.colour

    @property
    def reason_unusable(self) -> str:
        if self.colour:
            return "it is a colour font"
        if self.outlines == "cff":
            return "it has PostScript (CFF) outlines"
        if self.outlines != "truetype":
            return "it has no TrueType outlines"
        return ""

    @property
    def key(self) -> str:
        return f"{self.path}#{self.index}"


@dataclass(frozen=True)
class FontFamily:
    """A family resolved to four faces; a style the family lacks uses the regular face."""

    name: str
    regular: FontFace
    bold: FontFace
    italic: FontFace
    bold_italic: FontFace

    def face(self, style: str = REGULAR) -> FontFace:
        return getattr(self, style)


def style_of(bold: bool, italic: bool) -> str:
    if bold and italic:
        return BOLD_ITALIC
    return BOLD if bold else ITALIC if italic else REGULAR


# ---- reading fonts with fontTools ---------------------------------------------------------
@contextlib.contextmanager
def open_fonts(path: str) -> Iterator[list[Any]]:
    """The fonts in a file (several for a collection); closed together on exit."""
    from fontTools.ttLib import TTCollection, TTFont

    with open(path, "rb") as handle:
        tag = handle.read(4)
        handle.seek(0)
        # The fonts of a collection share one file reader: close it only when all are done.
        if tag == b"ttcf":
            yield list(TTCollection(handle, lazy=True).fonts)
        else:
            yield [TTFont(handle, lazy=True)]


def _face_from_font(font, path: str, index: int) -> FontFace | None:
    if "name" not in font:
        return None
    names = font["name"]
    families: list[str] = []
    for name_id in (16, 21, 1):  # typographic family, WWS family, legacy family
        for record in names.names:
            if record.nameID != name_id:
                continue
            try:
                value = record.toUnicode().strip()
            except UnicodeDecodeError:
                continue
            if value and value not in families:
                families.append(value)
    if not families:
        return None
    style = (names.getDebugName(17) or names.getDebugName(2) or "Regular").strip()
    weight, width, italic = 400, 5, False
    if "OS/2" in font:
        os2 = font["OS/2"]
        weight = int(os2.usWeightClass) or 400
        width = int(os2.usWidthClass) or 5
        italic = bool(os2.fsSelection & 0x01)
    if "head" in font:
        italic = italic or bool(font["head"].macStyle & 0x02)
        if "OS/2" not in font and font["head"].macStyle & 0x01:
            weight = 700
    if weight < 100:  # a few old fonts store 1 … 9
        weight *= 100
    outlines = (
        "truetype" if "glyf" in font else "cff" if ("CFF " in font or "CFF2" in font) else ("other")
    )
    colour = any(tag in font for tag in ("COLR", "CBDT", "sbix", "SVG "))
    return FontFace(path, index, tuple(families), style, weight, italic, width, outlines, colour)


def read_faces(path: str | Path) -> list[FontFace]:
    """Every font in a font file (one, or several for a collection); [] if unreadable."""
    path = str(path)
    faces = []
    try:
        with open_fonts(path) as fonts:
            for index, font in enumerate(fonts):
                try:
                    face = _face_from_font(font, path, index)
                except Exception:  # one broken font in a collection spoils only itself
                    face = None
                if face is not None:
                    faces.append(face)
    except Exception:  # a broken or foreign file in a font folder is skipped, not fatal
        return faces
    return faces


# ---- where fonts live ---------------------------------------------------------------------
def env_font_dirs() -> list[Path]:
    value = os.environ.get(FONT_PATH_ENV, "")
    return [Path(part).expanduser() for part in value.split(os.pathsep) if part.strip()]


def system_font_dirs(platform: str | None = None) -> list[Path]:
    """The folders scanned when fontconfig is not available."""
    platform = platform or sys.platform
    home = Path.home()
    if platform.startswith("win"):
        dirs = [Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"]
        local = os.environ.get("LOCALAPPDATA")
        if local:
            dirs.append(Path(local) / "Microsoft" / "Windows" / "Fonts")
        return dirs
    if platform == "darwin":
        return [Path("/System/Library/Fonts"), Path("/Library/Fonts"), home / "Library" / "Fonts"]
    return [
        Path("/usr/share/fonts"),
        Path("/usr/local/share/fonts"),
        home / ".fonts",
        home / ".local" / "share" / "fonts",
    ]


def _font_files(dirs: Iterable[Path]) -> Iterator[Path]:
    seen: set[str] = set()
    for folder in dirs:
        if not folder.is_dir():
            continue
        for root, _dirs, files in os.walk(folder, followlinks=True):
            for name in sorted(files):
                if name.lower().endswith(FONT_SUFFIXES):
                    path = os.path.join(root, name)
                    real = os.path.realpath(path)
                    if real not in seen:
                        seen.add(real)
                        yield Path(path)


def cache_file() -> Path:
    """The font-name cache, in the platform's cache folder ($XDG_CACHE_HOME/briefing-builder,
    ~/Library/Caches/briefing-builder, %LOCALAPPDATA%\\briefing-builder\\Cache)."""
    return platformdirs.user_cache_path("briefing-builder", appauthor=False) / "fonts.json"


def load_cache(path: Path, key: str) -> dict:
    """The entries a cache file holds under `key`; {} if it is missing, damaged or outdated."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("version") != _CACHE_VERSION:
        return {}
    entries = data.get(key)
    return entries if isinstance(entries, dict) else {}


def save_cache(path: Path, key: str, entries: dict) -> None:
    # A cache only saves time: any failure to write it is ignored.
    data = {"version": _CACHE_VERSION, key: entries}
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, json.dumps(data).encode("utf-8"))


def scan_folders(dirs: Iterable[Path], cache_path: Path | None = None) -> list[FontFace]:
    """Read every font file under `dirs`; names of unchanged files come from the cache."""
    cache = load_cache(cache_path, "files") if cache_path else {}
    fresh: dict = {}
    faces: list[FontFace] = []
    for path in _font_files(dirs):
        stamp = file_stamp(path)
        if stamp is None:
            continue
        entry = cache.get(str(path))
        if isinstance(entry, dict) and entry.get("stamp") == stamp:
            try:
                found = [_face_from_json(item, str(path)) for item in entry["faces"]]
            except (KeyError, TypeError, ValueError):
                found = read_faces(path)
        else:
            found = read_faces(path)
        fresh[str(path)] = {"stamp": stamp, "faces": [_face_to_json(f) for f in found]}
        faces.extend(found)
    if cache_path and fresh != cache:
        save_cache(cache_path, "files", fresh)
    return faces


def _face_to_json(face: FontFace) -> list:
    return [
        face.index,
        list(face.families),
        face.style,
        face.weight,
        face.italic,
        face.width,
        face.outlines,
        face.colour,
    ]


def _face_from_json(item: list, path: str) -> FontFace:
    index, families, style, weight, italic, width, outlines, colour = item
    return FontFace(
        path,
        int(index),
        tuple(families),
        str(style),
        int(weight),
        bool(italic),
        int(width),
        str(outlines),
        bool(colour),
    )


_FC_FORMAT = (
    "%{file}\\t%{index}\\t%{family}\\t%{style}\\t%{weight}\\t%{slant}\\t%{width}"
    "\\t%{fontformat}\\t%{color}\\n"
)


def _fc_weight(value: float) -> int:
    # fontconfig's weight scale (80 regular, 200 bold) mapped to the OpenType one.
    table = [
        (0, 100),
        (40, 200),
        (50, 300),
        (55, 350),
        (75, 380),
        (80, 400),
        (100, 500),
        (180, 600),
        (200, 700),
        (205, 800),
        (210, 900),
        (215, 950),
    ]
    return min(table, key=lambda pair: abs(pair[0] - value))[1]


def _fc_width(value: float) -> int:
    table = [(50, 1), (63, 2), (75, 3), (87, 4), (100, 5), (113, 6), (125, 7), (150, 8), (200, 9)]
    return min(table, key=lambda pair: abs(pair[0] - value))[1]


def _first_number(text: str, default: float) -> float:
    match = re.search(r"-?\d+(?:\.\d+)?", text)
    return float(match.group()) if match else default


def fontconfig_faces() -> list[FontFace] | None:
    """Every font fontconfig knows, or None when fontconfig is not installed or fails."""
    fc_list = shutil.which("fc-list")
    if not fc_list:
        return None
    try:
        result = subprocess.run(
            [fc_list, "--format", _FC_FORMAT], capture_output=True, timeout=30, check=True
        )
    except (OSError, subprocess.SubprocessError):
        return None
    faces = []
    for line in result.stdout.decode("utf-8", "replace").splitlines():
        parts = line.split("\t")
        if len(parts) != 9:
            continue
        path, index, families, style, weight, slant, width, fmt, colour = parts
        if not path.lower().endswith(FONT_SUFFIXES):
            continue  # Type 1, PCF bitmap fonts … are of no use to any writer
        names = tuple(dict.fromkeys(n.strip() for n in families.split(",") if n.strip()))
        if not names:
            continue
        outlines = {"TrueType": "truetype", "CFF": "cff"}.get(fmt, "other")
        faces.append(
            FontFace(
                path,
                int(_first_number(index, 0)) & 0xFFFF,  # high bits: variable-font instance
                names,
                style.split(",")[-1].strip() or "Regular",
                _fc_weight(_first_number(weight, 80)),
                _first_number(slant, 0) > 0,
                _fc_width(_first_number(width, 100)),
                outlines,
                colour.strip().lower() == "true",
            )
        )
    return faces


# ---- the index ----------------------------------------------------------------------------
@dataclass
class FontIndex:
    """Every face found, by lower-cased family name; faces from BRIEFING_FONT_PATH first."""

    by_family: dict[str, list[FontFace]] = field(default_factory=dict)
    source: str = ""  # how the system fonts were found: "fontconfig" or "folders"

    def add(self, faces: Iterable[FontFace]) -> None:
        for face in faces:
            for name in face.families:
                bucket = self.by_family.setdefault(name.casefold(), [])
                if all(f.key != face.key for f in bucket):
                    bucket.append(face)

    def faces(self, family: str) -> list[FontFace]:
        return list(self.by_family.get(family.strip().casefold(), []))


def build_index(use_fontconfig: bool = True, use_cache: bool = True) -> FontIndex:
    index = FontIndex()
    cache = cache_file() if use_cache else None
    env_dirs = env_font_dirs()
    if env_dirs:
        index.add(scan_folders(env_dirs, None))
    system = fontconfig_faces() if use_fontconfig else None
    if system is not None:
        index.source = "fontconfig"
    else:
        system = scan_folders(system_font_dirs(), cache)
        index.source = "folders"
    index.add(system)
    return index


@functools.lru_cache(maxsize=1)
def font_index() -> FontIndex:
    """The process-wide index, built on first use (fontconfig: ~10 ms)."""
    return build_index()

def _closeness(face: FontFace, weight: int, italic: bool) -> tuple:
    return (
        face.italic != italic,
        abs(face.width - 5),
        abs(face.weight - weight),
        len(face.families[0]),  # "DejaVu Sans" before "DejaVu Sans Condensed"
        face.path,
        face.index,
    )


def _pick(faces: list[FontFace], weight: int, italic: bool) -> FontFace | None:
    candidates = [f for f in faces if f.italic == italic and abs(f.weight - weight) <= 100]
    if not candidates:
        return None
    return min(candidates, key=lambda f: _closeness(f, weight, italic))


def find_faces(family: str, index: FontIndex | None = None) -> list[FontFace]:
    """Every installed face of `family`, usable or not."""
    return (index or font_index()).faces(family)


@functools.lru_cache(maxsize=256)
def resolve_family(family: str) -> FontFamily | None:
    """`family`'s four styles among usable fonts, or None if it has no usable regular face."""
    return resolve_from_faces(family, find_faces(family))


def resolve_from_faces(family: str, faces: Sequence[FontFace]) -> FontFamily | None:
    usable = [f for f in faces if f.usable]
    if not usable:
        return None
    regular = _pick(usable, 400, False)
    if regular is None:  # e.g. a family installed only as Medium: take its most regular face
        regular = min(usable, key=lambda f: _closeness(f, 400, False))
    bold = _pick(usable, 700, False) or regular
    italic = _pick(usable, 400, True) or regular
    bold_italic = _pick(usable, 700, True) or (bold if bold is not regular else italic)
    wanted = family.strip().casefold()
    name = next((n for n in regular.families if n.casefold() == wanted), regular.families[0])
    return FontFamily(name, regular, bold, italic, bold_italic)




def file_stamp(path: str | Path) -> list[int] | None:
    """What tells a cached entry is still current: the file's size and modification time."""
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return [stat.st_size, stat.st_mtime_ns]
