"""The app's remembered state: recent files, window layout and a few preferences (QSettings).

QSettings' INI backend returns every value as a string in a new process ("false" is truthy),
so every read here passes `type=` and checks the result. `app.py` sets the organisation and
application names before the first AppSettings is made; without them QSettings would share a
file with every other nameless Qt program.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

from PySide6.QtCore import QByteArray, QSettings, QStandardPaths
from PySide6.QtWidgets import QMainWindow, QSplitter

from briefing.core.model import PAGE_SIZES

MAX_RECENT_FILES = 10
# Bump when docks or toolbars change, so an old saved layout is ignored instead of misapplied.
WINDOW_STATE_VERSION = 1

_RECENT_KEY = "recent/files"
_GEOMETRY_KEY = "window/geometry"
_STATE_KEY = "window/state"
_SPLITTER_GROUP = "window/splitters"

READABLE_LINE_KEY = "view/readable_line_chars"
DEFAULT_READABLE_LINE_CHARS = 76
MIN_READABLE_LINE_CHARS, MAX_READABLE_LINE_CHARS = 40, 200
FEED_REFRESH_KEY = "web/feed_refresh_minutes"  # also read by gui/feeds.py
MAX_FEED_REFRESH_MINUTES = 24 * 60
PROXY_KEY = "web/proxy"
PROXY_DIRECT = "direct"
PROXY_SCHEMES = ("http", "https")  # what the fetcher speaks (core/web/fetcher.py); no SOCKS


class AppSettings:
    """Typed access to the settings; pass a QSettings to use another store (tests)."""

    def __init__(self, settings: QSettings | None = None) -> None:
        self._settings = settings if settings is not None else QSettings()

    @property
    def qsettings(self) -> QSettings:
        return self._settings

    def sync(self) -> None:
        """Write pending changes to disk now (Qt also does it on exit and from its event loop)."""
        self._settings.sync()

    # ---- typed values --------------------------------------------------------------------------
    def _str(self, key: str, default: str) -> str:
        value = self._settings.value(key, default, type=str)
        return value if isinstance(value, str) else default

    def _bool(self, key: str, default: bool) -> bool:
        value = self._settings.value(key, default, type=bool)
        return value if isinstance(value, bool) else default

    def _int(self, key: str, default: int) -> int:
        # Read as text and convert here: type=int turns a hand-edited "soon" into 0, silently.
        try:
            return int(self._settings.value(key, str(default), type=str).strip())
        except (TypeError, ValueError, AttributeError):
            return default

    def _str_list(self, key: str) -> list[str]:
        value = self._settings.value(key, [], type=list)
        # One-element lists come back from INI files as a plain string.
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            return []
        return [item for item in value if isinstance(item, str) and item]

    # ---- recent files --------------------------------------------------------------------------
    def recent_files(self, *, existing_only: bool = False) -> list[str]:
        """Up to ten recently used files, most recent first, files that still exist before ones
        that are gone (a removable drive may come back); `existing_only` drops the missing."""
        paths = self._str_list(_RECENT_KEY)[:MAX_RECENT_FILES]
        present = [p for p in paths if os.path.isfile(p)]
        if existing_only:
            return present
        return present + [p for p in paths if p not in present]

    def add_recent(self, path: str | os.PathLike[str]) -> None:
        entry = _normal_path(path)
        paths = [p for p in self._str_list(_RECENT_KEY) if not _same_path(p, entry)]
        self._settings.setValue(_RECENT_KEY, [entry, *paths][:MAX_RECENT_FILES])

    def remove_recent(self, path: str | os.PathLike[str]) -> None:
        entry = _normal_path(path)
        paths = [p for p in self._str_list(_RECENT_KEY) if not _same_path(p, entry)]
        self._settings.setValue(_RECENT_KEY, paths)

    def clear_recent(self) -> None:
        self._settings.remove(_RECENT_KEY)

    # ---- window layout -------------------------------------------------------------------------
    def save_window(self, window: QMainWindow) -> None:
        """Geometry, docks and toolbars (they need object names), and every named splitter."""
        self._settings.setValue(_GEOMETRY_KEY, window.saveGeometry())
        self._settings.setValue(_STATE_KEY, window.saveState(WINDOW_STATE_VERSION))
        for splitter in window.findChildren(QSplitter):
            name = splitter.objectName()
            if name:
                self._settings.setValue(f"{_SPLITTER_GROUP}/{name}", splitter.saveState())

    def restore_window(self, window: QMainWindow) -> bool:
        """Restore what `save_window` stored; False when there was no saved geometry (first
        start), so the caller can choose a default size."""
        geometry = self._bytes(_GEOMETRY_KEY)
        restored = bool(geometry) and window.restoreGeometry(geometry)
        state = self._bytes(_STATE_KEY)
        if state:
            window.restoreState(state, WINDOW_STATE_VERSION)
        for splitter in window.findChildren(QSplitter):
            name = splitter.objectName()
            saved = self._bytes(f"{_SPLITTER_GROUP}/{name}") if name else None
            if saved:
                splitter.restoreState(saved)
        return restored

    def _bytes(self, key: str) -> QByteArray | None:
        value = self._settings.value(key, QByteArray(), type=QByteArray)
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    # ---- preferences ---------------------------------------------------------------------------
    @property
    def last_export_dir(self) -> str:
        """The folder of the last export ("" = the user's documents folder)."""
        return self._str("paths/last_export_dir", "")

    @last_export_dir.setter
    def last_export_dir(self, folder: str | os.PathLike[str]) -> None:
        self._settings.setValue("paths/last_export_dir", _normal_path(folder) if folder else "")

    @property
    def last_import_dir(self) -> str:
        return self._str("paths/last_import_dir", "")

    @last_import_dir.setter
    def last_import_dir(self, folder: str | os.PathLike[str]) -> None:
        self._settings.setValue("paths/last_import_dir", _normal_path(folder) if folder else "")

    @property
    def last_figure_dir(self) -> str:
        """Where the last picture added as a figure came from."""
        return self._str("paths/last_figure_dir", "")

    @last_figure_dir.setter
    def last_figure_dir(self, folder: str | os.PathLike[str]) -> None:
        self._settings.setValue("paths/last_figure_dir", _normal_path(folder) if folder else "")

    @property
    def default_page_size(self) -> str:
        """Page size for new briefings: "a4" or "letter"."""
        value = self._str("briefing/default_page_size", "a4")
        return value if value in PAGE_SIZES else "a4"

    @default_page_size.setter
    def default_page_size(self, value: str) -> None:
        if value not in PAGE_SIZES:
            raise ValueError(f"page size must be one of {', '.join(PAGE_SIZES)}")
        self._settings.setValue("briefing/default_page_size", value)

    @property
    def preview_visible(self) -> bool:
        return self._bool("view/preview_visible", True)

    @preview_visible.setter
    def preview_visible(self, visible: bool) -> None:
        self._settings.setValue("view/preview_visible", bool(visible))

    @property
    def autosave_enabled(self) -> bool:
        return self._bool("recovery/autosave_enabled", True)

    @autosave_enabled.setter
    def autosave_enabled(self, enabled: bool) -> None:
        self._settings.setValue("recovery/autosave_enabled", bool(enabled))

    @property
    def autosave_delay_s(self) -> int:
        """Seconds after the last edit before the recovery copy is written (1 to 600)."""
        return min(600, max(1, self._int("recovery/autosave_delay_s", 3)))

    @autosave_delay_s.setter
    def autosave_delay_s(self, seconds: int) -> None:
        self._settings.setValue("recovery/autosave_delay_s", int(seconds))

    @property
    def autosave_interval_s(self) -> int:
        """The longest wait between autosaves while edits never pause, at least 10 s."""
        return max(10, self._int("recovery/autosave_interval_s", 60))

    @property
    def allow_intranet(self) -> bool:
        """Fetch pages from private and loopback addresses too (intranet sources); off unless
        the user turns it on (BRIEFING_ALLOW_PRIVATE_HOSTS=1 also allows them)."""
        return self._bool("web/allow_intranet", False)

    @allow_intranet.setter
    def allow_intranet(self, allowed: bool) -> None:
        self._settings.setValue("web/allow_intranet", bool(allowed))

    @autosave_interval_s.setter
    def autosave_interval_s(self, seconds: int) -> None:
        self._settings.setValue("recovery/autosave_interval_s", int(seconds))

    @property
    def readable_line_chars(self) -> int:
        """The widest text column of the reader and preview, in characters (about 76 is easy
        to read); 0 lets the text run the whole width."""
        value = self._int(READABLE_LINE_KEY, DEFAULT_READABLE_LINE_CHARS)
        if value <= 0:
            return 0
        return min(MAX_READABLE_LINE_CHARS, max(MIN_READABLE_LINE_CHARS, value))

    @readable_line_chars.setter
    def readable_line_chars(self, chars: int) -> None:
        self._settings.setValue(READABLE_LINE_KEY, int(chars))

    @property
    def feed_refresh_minutes(self) -> int:
        """Minutes between automatic feed refreshes while the app runs; 0: only by hand."""
        return min(MAX_FEED_REFRESH_MINUTES, max(0, self._int(FEED_REFRESH_KEY, 30)))

    @feed_refresh_minutes.setter
    def feed_refresh_minutes(self, minutes: int) -> None:
        self._settings.setValue(FEED_REFRESH_KEY, int(minutes))

    @property
    def proxy(self) -> str:
        """The proxy web fetches go through ("http://host:port"); "direct" for none at all;
        "" when none is set here: the environment's HTTPS_PROXY / HTTP_PROXY / NO_PROXY then
        decide, else the fetch is direct (see briefing.gui.web.fetch_policy)."""
        value = self._str(PROXY_KEY, "").strip()
        return value if not proxy_problem(value) else ""

    @proxy.setter
    def proxy(self, value: str) -> None:
        value = value.strip()
        problem = proxy_problem(value)
        if problem:
            raise ValueError(problem)
        if value.lower() == PROXY_DIRECT:
            value = PROXY_DIRECT
        elif value and "://" not in value:
            value = f"http://{value}"  # "proxy:3128" is how people write an HTTP proxy
        self._settings.setValue(PROXY_KEY, value)


def proxy_problem(value: str) -> str:
    """Why `value` is not a usable proxy address; "" when it is, or is empty (the
    environment's proxy, if any) or "direct" (never a proxy, whatever the environment says)."""
    if not value or value.strip().lower() == PROXY_DIRECT:
        return ""
    parts = urlsplit(value if "://" in value else f"http://{value}")
    if parts.scheme not in PROXY_SCHEMES:
        return f"a proxy address starts with {' or '.join(f'{s}://' for s in PROXY_SCHEMES)}"
    try:
        port = parts.port
    except ValueError:
        return "the proxy's port must be a number from 1 to 65535"
    if not parts.hostname or any(c.isspace() for c in value):
        return "the proxy address needs a host name, e.g. http://proxy.example:3128"
    if port == 0:
        return "the proxy's port must be a number from 1 to 65535"
    if port is None:
        return "the proxy address needs a port, e.g. http://proxy.example:3128"
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        return "a proxy address is only scheme, host and port"
    return ""


def _normal_path(path: str | os.PathLike[str]) -> str:
    return os.path.abspath(os.fspath(path))


def _same_path(a: str, b: str) -> bool:
    return os.path.normcase(a) == os.path.normcase(b)


def documents_dir() -> str:
    """Where file dialogs start when no folder was used before."""
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return folder or str(Path.home())
