"""Icons: the desktop theme's where a standard name exists, else our bundled SVGs.

Standard actions (New, Open, Save, Undo, …) use the user's icon theme on Linux desktops that
have one, so the app looks native; every icon also ships as a monochrome SVG under
resources/icons, used where no theme exists (Windows, macOS, offscreen) and for the actions
only this app has (quote, excerpt, note, export DOCX/PDF). On a dark palette the bundled icons
are redrawn in a light colour.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QByteArray, QRectF, Qt
from PySide6.QtGui import QGuiApplication, QIcon, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer

from briefing.core.resources import resource_path

log = logging.getLogger(__name__)

# Our name -> the freedesktop icon-naming name to try first (None: always ours).
ICONS: dict[str, str | None] = {
    "document-new": "document-new",
    "document-open": "document-open",
    "document-save": "document-save",
    "document-save-as": "document-save-as",
    "edit-undo": "edit-undo",
    "edit-redo": "edit-redo",
    "edit-delete": "edit-delete",
    "edit-find": "edit-find",
    "list-add": "list-add",
    "paste": "edit-paste",
    "import": "document-import",
    "link": "insert-link",
    "properties": "document-properties",
    "preview": "document-print-preview",
    "rename": "edit-rename",
    "quit": "application-exit",
    "about": "help-about",
    "help": "help-contents",
    "preferences": "preferences-system",
    "reader": None,
    "checks": None,
    "quote": None,
    "excerpt": None,
    "note": None,
    "figure": None,
    "export-docx": None,
    "export-pdf": None,
    "export-html": None,
    "briefing-builder": None,
}
# Other names callers may use (mostly freedesktop ones) -> ours.
ALIASES = {
    "application": "briefing-builder",
    "section": "list-add",
    "edit-paste": "paste",
    "document-import": "import",
    "insert-link": "link",
    "document-properties": "properties",
    "document-print-preview": "preview",
    "edit-rename": "rename",
    "application-exit": "quit",
    "help-about": "about",
    "help-contents": "help",
    "preferences-system": "preferences",
    "text-x-generic": "reader",
    "tools-check-spelling": "checks",
    "format-quote": "quote",
    "format-excerpt": "excerpt",
    "note-add": "note",
    "insert-image": "figure",
    "x-office-document": "export-docx",
    "application-pdf": "export-pdf",
    "text-html": "export-html",
}

# The one colour the bundled monochrome SVGs are drawn in, and what replaces it on dark palettes.
_INK = "#2E3440"
_INK_ON_DARK = "#E5E9F0"
_PIXMAP_SIZES = (16, 20, 22, 24, 32, 48, 64, 128)

_cache: dict[tuple[str, bool], QIcon] = {}


def icon_path(name: str) -> Path:
    """The bundled SVG for an icon name or alias; KeyError if there is none."""
    canonical = ALIASES.get(name, name)
    if canonical not in ICONS:
        raise KeyError(f"no bundled icon named {name!r}; known: {', '.join(sorted(ICONS))}")
    return resource_path("icons", f"{canonical}.svg")


def icon(name: str) -> QIcon:
    """The icon for `name`: one of ICONS or ALIASES ("application" is the app's own mark), or
    any other freedesktop name, which comes from the desktop theme only and may be a null icon
    where there is none. Needs a QGuiApplication."""
    canonical = ALIASES.get(name, name)
    dark = _palette_is_dark()
    key = (canonical, dark)
    if key not in _cache:
        if canonical in ICONS:
            _cache[key] = _make_icon(canonical, dark)
        else:
            log.debug("no bundled icon for %r; using the theme's, if any", name)
            _cache[key] = QIcon.fromTheme(canonical)
    return _cache[key]


def has_bundled(name: str) -> bool:
    return ALIASES.get(name, name) in ICONS


def app_icon() -> QIcon:
    return icon("briefing-builder")


def clear_cache() -> None:
    """Forget built icons, e.g. after the palette switched between light and dark."""
    _cache.clear()


def _make_icon(name: str, dark: bool) -> QIcon:
    theme_name = ICONS[name]
    if theme_name and QIcon.hasThemeIcon(theme_name):
        return QIcon.fromTheme(theme_name)
    path = resource_path("icons", f"{name}.svg")
    svg = path.read_text(encoding="utf-8")
    if not dark or _INK not in svg:
        return QIcon(str(path))  # Qt's SVG icon engine: sharp at every size
    return _recoloured(svg.replace(_INK, _INK_ON_DARK))


def _recoloured(svg: str) -> QIcon:
    renderer = QSvgRenderer(QByteArray(svg.encode("utf-8")))
    result = QIcon()
    for size in _PIXMAP_SIZES:
        pixmap = QPixmap(size, size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        renderer.render(painter, QRectF(0, 0, size, size))
        painter.end()
        result.addPixmap(pixmap)
    return result


def _palette_is_dark() -> bool:
    if QGuiApplication.instance() is None:
        return False
    window = QGuiApplication.palette().color(QPalette.ColorRole.Window)
    return window.lightness() < 128
