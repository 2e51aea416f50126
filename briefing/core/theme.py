"""Themes are data: one JSON file under resources/themes feeds compile and every writer."""

from __future__ import annotations

import contextlib
import json
import os
import re
from dataclasses import dataclass, field, fields, replace
from functools import cache
from pathlib import Path
from typing import Any

from briefing.core.errors import BriefingError
from briefing.core.resources import resource_path
from briefing.core.schema_check import SchemaChecker


class ThemeError(BriefingError):
    """A theme that cannot be found or read; the message names the file and the problem."""


# Words the briefing prints; a theme may replace any of them (e.g. to translate them).
_DEFAULT_LABELS = {
    "contents": "Contents",
    "key_judgments": "Key judgments",
    "sources": "Sources",
    "note": "Analyst note",
    "figure": "Figure",
    "prepared_by": "Prepared by",
    "page": "Page {page} of {pages}",
}


@dataclass(frozen=True)
class Theme:
    name: str = "default"
    # Font families in order of preference; the first one found is the main font and the rest
    # are fallbacks for characters it lacks (per character, in this order).
    body_fonts: tuple[str, ...] = ("DejaVu Serif", "DejaVu Sans", "WenQuanYi Zen Hei")
    heading_fonts: tuple[str, ...] = ("DejaVu Sans", "DejaVu Serif", "WenQuanYi Zen Hei")
    body_size: float = 10.5
    small_size: float = 8.5
    title_size: float = 26.0
    subtitle_size: float = 15.0
    heading1_size: float = 16.0
    heading2_size: float = 12.5
    quote_size: float = 10.5
    line_spacing: float = 1.25  # multiple of the font size
    text_colour: str = "#1C1C1C"
    accent_colour: str = "#1F3A5F"
    muted_colour: str = "#5A6270"
    marking_colour: str = "#A4161A"
    link_colour: str = "#1D4E89"
    # top, right, bottom, left
    margins_mm: tuple[float, float, float, float] = (25.0, 22.0, 25.0, 22.0)
    show_toc: bool = True
    # A briefing with fewer contents entries than this reads like a memo: its contents head
    # the first page of the body instead of taking a page of their own.
    memo_contents_entries: int = 8
    # An image (PNG, JPEG or GIF) for the cover, top right; a relative path in a theme file is
    # taken from the theme file's folder. "" for none.
    logo: str = ""
    labels: dict[str, str] = field(default_factory=lambda: dict(_DEFAULT_LABELS))

    def label(self, key: str) -> str:
        return self.labels.get(key) or _DEFAULT_LABELS[key]

    @property
    def note_background(self) -> str:
        """The analyst-note panel's fill: the accent colour mixed with 92% white, so notes
        stand apart in every theme without competing with the text."""
        accent = self.accent_colour.strip().lstrip("#")
        if not re.fullmatch(r"[0-9A-Fa-f]{6}", accent):
            return "#F3F4F6"  # a neutral panel for a colour given in another notation
        channels = (int(accent[i : i + 2], 16) for i in (0, 2, 4))
        return "#" + "".join(f"{round(c + (255 - c) * 0.92):02X}" for c in channels)


_TUPLE_FIELDS = {f.name for f in fields(Theme) if str(f.type).startswith("tuple")}


@cache
def theme_schema() -> dict[str, Any]:
    """The JSON Schema of theme files (shipped as resources/schema/theme.schema.json)."""
    with open(resource_path("schema", "theme.schema.json"), encoding="utf-8") as handle:
        schema: dict[str, Any] = json.load(handle)
    return schema


@cache
def _theme_checker() -> SchemaChecker:
    colour = theme_schema()["$defs"]["colour"]["pattern"]
    name = theme_schema()["$defs"]["safe_name"]["pattern"]
    return SchemaChecker(
        theme_schema(),
        pattern_words={
            colour: "a colour written #RRGGBB",
            name: "1 to 64 characters without quotes, backslashes, <, >, ;, braces or the like",
        },
    )


def theme_from_dict(data: Any, source: str) -> Theme:
    """A Theme from a theme file's JSON; the first problem (a wrong key or value) is a
    ThemeError naming the file and the key."""
    problems = _theme_checker().problems(data)
    if problems:
        first = problems[0]
        where = "" if first.place == "top level" else f"{first.place}: "
        more = len(problems) - 1
        tail = f" (and {more} more problem{'s' if more > 1 else ''})" if more else ""
        raise ThemeError(f"{source}: {where}{first.message}{tail}")
    values: dict[str, Any] = {
        key: tuple(value) if key in _TUPLE_FIELDS else value for key, value in data.items()
    }
    if "labels" in values:
        values["labels"] = {**_DEFAULT_LABELS, **values["labels"]}
    return Theme(**values)


# Themes of the user's own, beside the shipped ones: $BRIEFING_THEME_DIR, else the data folder.
THEME_DIR_VARIABLE = "BRIEFING_THEME_DIR"
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 _-]{0,63}$")


def user_theme_folder() -> Path:
    configured = os.environ.get(THEME_DIR_VARIABLE, "").strip()
    if configured:
        return Path(configured)
    data_home = os.environ.get("XDG_DATA_HOME", "").strip() or str(Path.home() / ".local/share")
    return Path(data_home) / "briefing-builder" / "themes"


def _theme_folders() -> list[Path]:
    folders = []
    with contextlib.suppress(FileNotFoundError):
        folders.append(resource_path("themes"))
    folders.append(user_theme_folder())
    return folders


def theme_names() -> list[str]:
    """The themes that ship with the app and the user's own, by name."""
    names: set[str] = set()
    for folder in _theme_folders():
        try:
            names.update(p.stem for p in folder.glob("*.json") if _NAME.match(p.stem))
        except OSError:
            continue
    return sorted(names) or ["default"]


def _named_theme_path(name: str) -> Path:
    """The file of the theme called `name`: shipped first, then the user's folder. A name is
    a plain file name without its .json: no folders, no "..", so a briefing naming its theme
    cannot make the app read any other file."""
    if not _NAME.match(name):
        raise ThemeError(
            f"unknown theme {json.dumps(name[:80], ensure_ascii=False)} "
            f"(a theme is named by a plain name such as {', '.join(theme_names())})"
        )
    folders = _theme_folders()
    for folder in folders:
        candidate = folder / f"{name}.json"
        if candidate.is_file():
            return candidate
    return folders[0] / f"{name}.json"  # "no such theme", naming where it was looked for


def load_briefing_theme(name: str = "") -> Theme:
    """The theme a briefing file names in `meta.theme`: only a theme name is accepted, found
    among the shipped and the user's themes (never a path: the file may come from anyone)."""
    name = name.strip() or "default"
    return _read_theme(_named_theme_path(name))


def load_theme(name_or_path: str = "") -> Theme:
    """A theme by name (see `load_briefing_theme`) or, as a user's explicit choice, by path to
    a .json file; no name is the default theme."""
    name_or_path = name_or_path.strip() or "default"
    path = Path(name_or_path)
    if path.suffix.lower() != ".json":
        path = _named_theme_path(name_or_path)
    return _read_theme(path)


def _read_theme(path: Path) -> Theme:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ThemeError(f"{path}: no such theme") from None
    except RecursionError:
        raise ThemeError(f"{path}: cannot read theme: its JSON is nested too deeply") from None
    except (OSError, UnicodeDecodeError, ValueError) as exc:  # ValueError: JSON, huge numbers
        raise ThemeError(f"{path}: cannot read theme: {exc}") from None
    if not isinstance(data, dict):
        raise ThemeError(f"{path}: a theme file must hold a JSON object")
    theme = theme_from_dict(data, str(path))
    if theme.logo.strip() and not Path(theme.logo.strip()).is_absolute():
        theme = replace(theme, logo=str(path.parent / theme.logo.strip()))
    return theme
